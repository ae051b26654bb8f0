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
 * The bytes of format version 2 records, worked out by hand from the {@link JournalDescriptor} diagram.
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
