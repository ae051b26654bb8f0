package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bytes of format version 2 and 3 records, worked out by hand from the {@link JournalDescriptor} diagram.
 */
class BlockEncoderTest
{
    private final BlockEncoder encoder = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1);

    private String records()
    {
        final int length = encoder.finish(0);
        return HexFormat.of().formatHex(Arrays.copyOfRange(encoder.array(), BLOCK_HEADER_LENGTH, length));
    }

    @Test
    void shouldLayOutInputWithRawWordsAsDiagrammed()
    {
        // time zz(3)=06, type 07, target zz(-2)=03; a0 0: no bytes; a1 zz(300)=0x258 in 2 bytes; a2 zz(5)=0a; a3 zz(-1)=01
        // header: INPUT | time 1 | type 1 | target 1 | words (a0 0, a1 2, a2 1, a3 1) = 0x11202411
        encoder.input(1003, 7, -2, 0, 300, 5, -1);

        assertEquals("11242011" + "06" + "07" + "03" + "5802" + "0a" + "01", records());
    }

    @Test
    void shouldLayOutDeltaSameAndLongWordsAsDiagrammed()
    {
        encoder.input(1003, 7, -2, 0, 300, 5, -1);
        // time delta 0: no bytes; a1 delta zz(1)=02 (D, code 1); a2 same (D, code 0); a3 zz(2^40) raw, 6 bytes
        // header: INPUT | type 1 | target 1 | words (0x0, 0x9, 0x8, 0x6) = 0x68902401
        encoder.input(1003, 7, -2, 0, 301, 5, 1L << 40);

        assertEquals("11242011" + "0607035802" + "0a01" + "01249068" + "07" + "03" + "02" + "000000000002", records());
    }

    @Test
    void shouldLayOutFullDispatchAndBackReferenceAsDiagrammed()
    {
        encoder.input(1003, 7, -2, 0, 300, 5, -1);
        // the input again, failed, seq = lastSeq + 1: DISPATCH_REF | F | N | distance 1 = 0x1c
        encoder.dispatch(1003, 0, 7, -2, 0, 300, 5, -1, true);
        // time zz(7)=0e, seq zz(5-0-1)=08, type 09, target zz(4)=08, every word 0: no bytes
        // header: DISPATCH | time 1 | seq 1 | type 1 | target 1 = 0x00002493
        encoder.dispatch(1010, 5, 9, 4, 0, 0, 0, 0, false);

        assertEquals("11242011" + "0607035802" + "0a01" + "1c" + "93240000" + "0e" + "08" + "09" + "08", records());
        assertEquals(3, encoder.recordCount());
    }

    @Test
    void shouldLayOutInputDispatchedAsDiagrammed()
    {
        // the first example input, dispatched at once with seq = lastSeq + 1: INPUT_DISPATCHED, seq code 0
        // header: INPUT_DISPATCHED | time 1 | type 1 | target 1 | words (a0 0, a1 2, a2 1, a3 1) = 0x11202416
        encoder.inputAndDispatch(1003, 0, 7, -2, 0, 300, 5, -1, false);
        // time zz(7)=0e, seq zz(5-0-1)=08, type 09, target zz(4)=08; a0..a3 0 (a1, a2, a3 as raw: no bytes)
        // header: INPUT_DISPATCHED | F | time 1 | seq 1 | type 1 | target 1 = 0x0000249e
        encoder.inputAndDispatch(1010, 5, 9, 4, 0, 0, 0, 0, true);

        assertEquals("16242011" + "0607035802" + "0a01" + "9e240000" + "0e" + "08" + "09" + "08", records());
        assertEquals(4, encoder.recordCount());
        assertEquals(5, encoder.lastSeq());
        assertEquals(1010, encoder.lastTime());
    }

    @Test
    void shouldNotReferToInputDispatchedFromLaterDispatch()
    {
        encoder.input(1003, 7, -2, 0, 300, 5, -1);
        encoder.inputAndDispatch(1004, 0, 8, 1, 0, 0, 0, 0, false);
        // the plain input is the only one in the history: DISPATCH_REF | N | distance 1 = 0x14
        encoder.dispatch(1003, 1, 7, -2, 0, 300, 5, -1, false);

        assertTrue(records().endsWith("14"));
        assertEquals(4, encoder.recordCount());
    }

    @Test
    void shouldHaveRoomForPairOnlyBelowMaxRecordsMinusOne()
    {
        final BlockEncoder three = new BlockEncoder(MIN_BLOCK_CAPACITY, 3, 0, -1);
        three.inputAndDispatch(1, 0, 1, 1, 1, 1, 1, 1, false);

        assertTrue(three.hasRoom());
        assertFalse(three.hasRoomForPair());
    }

    @Test
    void shouldWriteGivenFormatVersionInBlockHeader()
    {
        final BlockEncoder v2 = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, MIN_FORMAT_VERSION);
        v2.input(1003, 7, -2, 0, 300, 5, -1);
        v2.finish(0);

        assertEquals(MIN_FORMAT_VERSION, v2.array()[VERSION_OFFSET]);
    }

    @Test
    void shouldWriteVersionAndChecksumInBlockHeader()
    {
        encoder.input(1003, 7, -2, 0, 300, 5, -1);
        final int length = encoder.finish(9);
        final byte[] block = encoder.array();

        assertEquals(BLOCK_HEADER_LENGTH + 11, length);
        assertEquals(FORMAT_VERSION, block[VERSION_OFFSET]);
        assertEquals(BLOCK_KIND_DATA, block[KIND_OFFSET]);
        final CRC32C crc = new CRC32C();
        crc.update(block, BLOCK_LENGTH_OFFSET, length - BLOCK_LENGTH_OFFSET);
        assertEquals((int)crc.getValue(), ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(CHECKSUM_OFFSET));
    }
}
