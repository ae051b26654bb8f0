package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The bytes of format version 2, 3 and 5 records, worked out by hand from the {@link JournalDescriptor} diagrams.
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
        // time zz(3)=06, type 07, target zz(-2)=03; a0 0: no bytes; a1 zz(300)=0x258 in 2 bytes; a2 zz(5)=0a;
        // a3 zz(-1)=01
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

    /**
     * Four probed events of type 2, then a new block: the LAYOUT of slot 2, a PACKED record, and an event that does not
     * fit its slot's layout.
     */
    @Test
    void shouldLayOutLayoutAndPackedRecordsAsDiagrammed()
    {
        final BlockEncoder packed = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, FORMAT_VERSION, true, 4);
        for (int i = 0; i < 4; i++)
        {
            packed.inputAndDispatch(1001 + i, i, 2, 5, 300, 0, i, -1, false);
        }
        assertFalse(packed.isPacking());
        packed.finish(0);
        packed.reset();
        assertTrue(packed.isPacking());

        // slot 2's widths from the probe: time 1 (zz(1)), seq 0, type 0 (2 XOR slot 2), target 1 (zz(5)), a0 2
        // (zz(300) raw: its delta form ties, 2 bytes once and 0 thrice), a1 0, a2 1 (zz(i)), a3 1 (zz(-1) raw: the
        // delta form ties again)
        packed.inputAndDispatch(1005, 4, 2, 5, 300, 0, 4, -1, true);
        // a2 = 1000: zz(1000) needs 2 bytes, wider than the layout's 1: an INPUT_DISPATCHED (a0 and a3 as deltas of
        // 0, a2 raw 0x7d0), header 0x82082416
        packed.inputAndDispatch(1006, 5, 2, 5, 300, 0, 1000, -1, false);

        // slot 2's LAYOUT comes with the block's first PACKED record of slot 2; the other slots' never do
        final String layout = "57" + "01100211" + "00";
        final String packedRecord = "4f" + "02" + "0a" + "5802" + "08" + "01";
        final String inFull = "16240882" + "02" + "02" + "0a" + "d007";
        final int length = packed.finish(1);
        assertEquals(layout + packedRecord + inFull, HexFormat.of().formatHex(
            Arrays.copyOfRange(packed.array(), BLOCK_HEADER_LENGTH, length)));
        assertEquals(4, packed.recordCount());
        assertEquals(1, packed.packedEvents());
        assertEquals(1, packed.escapedEvents());
        assertEquals(2, packed.width(2, 4));
    }

    /**
     * Sixteen probed events of type 1000 (slot 7), each field of a known byte length, then a new block. Per field the
     * width of least expected bytes: width times 16 events, plus 24 for each event that would not fit.
     */
    @Test
    void shouldPlanEachFieldsCheapestWidthAndEachWordsCheaperCodingFromTheProbe()
    {
        final BlockEncoder packed = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, FORMAT_VERSION, true, 16);
        for (int i = 0; i < 16; i++)
        {
            // time zz(1): 1 byte; seq zz(1) (zz(0), no bytes, first): 1; type 1000 XOR 7: 2; target zz(300): 2, but
            // 6 bytes in the last event; a0, a2, a3 a million times 1, 3, 4 and i: zz(value) 3 bytes, zz(value - prev)
            // 1 byte (3 the first time); a1 1000 and -1000 in turn: 2 bytes either way
            packed.inputAndDispatch(1001 + i, 2 * i, 1000, 15 == i ? 1L << 40 : 300,
                1_000_000 + i, 0 == i % 2 ? 1000 : -1000, 3_000_000 + i, 4_000_000 + i, false);
        }
        packed.finish(0);
        packed.reset();

        // time and seq 1 (16 bytes, where 0 costs 24 times 16 or 15); type 2; target 2 (32 bytes and one event in
        // full, 24, where 6 costs 96); a0, a2, a3 zz(value - prev) in 1 byte (16 and one event in full, 24, where
        // zz(value) costs 48); a1 zz(value) in 2 bytes (the tie of 32 bytes goes to zz(value))
        assertEquals(List.of(1, 1, 2, 2, 1, 2, 1, 1), widths(packed, OTHER_TYPES_SLOT));
        assertEquals(List.of(0, 0, 0, 0, 0, 0, 0, 0), widths(packed, 0), "a slot no probed event had");
        // the block's first event has its words coded against 0, and does not fit; the next is PACKED, after the
        // LAYOUT: widths 0x11212211, the delta bits of a0, a2 and a3
        packed.inputAndDispatch(1017, 32, 1000, 300, 1_000_016, 1000, 3_000_016, 4_000_016, false);
        final int afterFirst = packed.length();
        packed.inputAndDispatch(1018, 34, 1000, 300, 1_000_017, 1000, 3_000_017, 4_000_017, false);
        final int length = packed.finish(1);
        assertEquals("f7" + "11222111" + "0d" + "e7" + "02" + "02" + "ef03" + "5802" + "02" + "d007" + "02" + "02",
            HexFormat.of().formatHex(Arrays.copyOfRange(packed.array(), afterFirst, length)));
    }

    private static List<Integer> widths(final BlockEncoder encoder, final int slot)
    {
        final List<Integer> widths = new java.util.ArrayList<>();
        for (int field = 0; field < PACKED_FIELDS; field++)
        {
            widths.add(encoder.width(slot, field));
        }
        return widths;
    }

    @Test
    void shouldGiveTypes0To6ASlotEachAndEveryOtherTypeTheLast()
    {
        assertEquals(0, BlockEncoder.slot(0));
        assertEquals(6, BlockEncoder.slot(6));
        assertEquals(OTHER_TYPES_SLOT, BlockEncoder.slot(7));
        assertEquals(OTHER_TYPES_SLOT, BlockEncoder.slot(1_000));
        assertEquals(OTHER_TYPES_SLOT, BlockEncoder.slot(-1));
    }

    @Test
    void shouldNotPackWhenToldNotToOrBeforeFormatVersion5()
    {
        final BlockEncoder off = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, FORMAT_VERSION, false, 1);
        final BlockEncoder v4 = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, END_BLOCK_VERSION, true, 1);
        for (final BlockEncoder encoder : List.of(off, v4))
        {
            encoder.inputAndDispatch(1001, 0, 7, 5, 300, 0, 0, -1, false);
            encoder.finish(0);
            encoder.reset();
            encoder.inputAndDispatch(1002, 1, 7, 5, 300, 0, 0, -1, false);

            assertFalse(encoder.isPacking());
            assertEquals(TAG_INPUT_DISPATCHED, encoder.array()[BLOCK_HEADER_LENGTH] & TAG_KIND_MASK);
            assertEquals(0, encoder.packedEvents());
        }
    }

    @Test
    void shouldHaveRoomForPairOnlyBelowMaxRecordsMinusOne()
    {
        final BlockEncoder three = new BlockEncoder(MIN_BLOCK_CAPACITY, 3, 0, -1);
        three.inputAndDispatch(1, 0, 1, 1, 1, 1, 1, 1, false);

        assertTrue(three.hasRoom());
        assertFalse(three.hasRoomForPair());
    }

    /**
     * A block takes a record while the longest there is, an INPUT_DISPATCHED of every field at its longest or a
     * PACKED record and its LAYOUT, still fits in its capacity; filled with ADVANCEs of two bytes, one at a time.
     */
    @Test
    void shouldHaveRoomExactlyWhileTheLongestRecordAndALayoutStillFit()
    {
        final BlockEncoder packing = new BlockEncoder(MIN_BLOCK_CAPACITY, MIN_BLOCK_CAPACITY, 0, -1);
        for (int time = 1; packing.length() <= MIN_BLOCK_CAPACITY - MAX_RECORD_LENGTH; time++)
        {
            final boolean fits = packing.length() + MAX_RECORD_LENGTH + LAYOUT_RECORD_LENGTH <= MIN_BLOCK_CAPACITY;
            assertEquals(fits, packing.hasRoom(), "length=" + packing.length());
            assertEquals(fits, packing.hasRoomForPair(), "length=" + packing.length());
            packing.advance(time);
        }
    }

    /**
     * Records of every field at its longest (times, seqs and payload words that swing across the whole range, so that
     * no delta is shorter), appended while there is room for a pair, after 0 to 31 two-byte ADVANCEs: the block's
     * last 8-byte store lands anywhere in the last 64 bytes of its capacity.
     */
    @Test
    void shouldKeepABlockOfTheLongestRecordsWithinItsCapacity()
    {
        for (int advances = 0; advances < 32; advances++)
        {
            final BlockEncoder encoder = new BlockEncoder(MIN_BLOCK_CAPACITY, MIN_BLOCK_CAPACITY, 0, -1);
            for (int i = 1; i <= advances; i++)
            {
                encoder.advance(i);
            }
            long swing = 0x5555_5555_5555_5555L;
            while (encoder.hasRoomForPair())
            {
                final int before = encoder.length();
                swing = -swing;
                encoder.inputAndDispatch(swing, encoder.lastSeq() + swing, -1, Long.MIN_VALUE, swing, swing, swing,
                    swing, true);
                assertEquals(MAX_RECORD_LENGTH, encoder.length() - before, "a record of every field at its longest");
            }
            final int length = encoder.finish(0);

            assertTrue(length <= MIN_BLOCK_CAPACITY, "advances=" + advances + " length=" + length);
        }
    }

    @Test
    void shouldRefuseABlockCapacityOutsideTheDescriptorsBounds()
    {
        assertThrows(IllegalArgumentException.class, () -> new BlockEncoder(MIN_BLOCK_CAPACITY - 1, 100, 0, -1));
        assertThrows(IllegalArgumentException.class, () -> new BlockEncoder(MAX_BLOCK_CAPACITY + 1, 100, 0, -1));
    }

    @Test
    void shouldTakeEveryFormatVersionThatFitsTheVersionByteAndNoOther()
    {
        for (final int version : new int[]{0, 0xFF})
        {
            final BlockEncoder encoder = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 0, -1, version, false, 1);
            encoder.advance(1);
            encoder.finish(0);
            assertEquals(version, encoder.array()[VERSION_OFFSET] & 0xFF);
        }
        for (final int version : new int[]{-1, 0x100})
        {
            assertThrows(IllegalArgumentException.class,
                () -> new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 0, -1, version, false, 1), "version=" + version);
        }
    }

    @Test
    void shouldWriteGivenFormatVersionInBlockHeader()
    {
        final BlockEncoder v2 = new BlockEncoder(MIN_BLOCK_CAPACITY, 100, 1000, -1, MIN_FORMAT_VERSION, false, 1);
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
        assertEquals((int)crc.getValue(),
            ByteBuffer.wrap(block).order(ByteOrder.LITTLE_ENDIAN).getInt(CHECKSUM_OFFSET));
    }
}
