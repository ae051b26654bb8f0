package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import static io.concurrengine.journal.JournalDescriptor.*;
import static org.junit.jupiter.api.Assertions.*;

class JournalDescriptorTest
{
    private static final int[][] BLOCK_HEADER_FIELDS = {
        {CHECKSUM_OFFSET, CHECKSUM_LENGTH},
        {BLOCK_LENGTH_OFFSET, BLOCK_LENGTH_LENGTH},
        {BLOCK_INDEX_OFFSET, BLOCK_INDEX_LENGTH},
        {BASE_TIME_OFFSET, BASE_TIME_LENGTH},
        {BASE_SEQ_OFFSET, BASE_SEQ_LENGTH},
        {RECORD_COUNT_OFFSET, RECORD_COUNT_LENGTH},
        {KIND_OFFSET, KIND_LENGTH},
        {VERSION_OFFSET, VERSION_LENGTH},
        {BLOCK_MAGIC_OFFSET, BLOCK_MAGIC_LENGTH},
    };

    private static final int[][] HEADER_BODY_FIELDS = {
        {MAGIC_OFFSET, MAGIC_LENGTH},
        {FORMAT_VERSION_OFFSET, FORMAT_VERSION_LENGTH},
        {SHARD_ID_OFFSET, SHARD_ID_LENGTH},
        {SHARD_COUNT_OFFSET, SHARD_COUNT_LENGTH},
        {TIME_UNIT_OFFSET, TIME_UNIT_LENGTH},
        {CONFIG_HASH_OFFSET, CONFIG_HASH_LENGTH},
        {START_TIME_OFFSET, START_TIME_LENGTH},
        {SEED_OFFSET, SEED_LENGTH},
    };

    @Test
    void shouldTileBlockHeaderWithoutGapOrOverlap()
    {
        assertTiled(BLOCK_HEADER_FIELDS, 0, BLOCK_HEADER_LENGTH);
    }

    @Test
    void shouldTileHeaderBodyFromBlockHeaderToStrings()
    {
        assertTiled(HEADER_BODY_FIELDS, BLOCK_HEADER_LENGTH, ENGINE_VERSION_OFFSET);
        assertEquals(HEADER_FIXED_LENGTH, ENGINE_VERSION_OFFSET);
    }

    private static final int[][] END_BODY_FIELDS = {
        {TOTAL_RECORDS_OFFSET, TOTAL_RECORDS_LENGTH},
    };

    @Test
    void shouldTileEndBlockBodyAfterTheBlockHeader()
    {
        assertTiled(END_BODY_FIELDS, BLOCK_HEADER_LENGTH, END_BLOCK_LENGTH);
        assertNotEquals(BLOCK_KIND_DATA, BLOCK_KIND_END);
        assertNotEquals(BLOCK_KIND_HEADER, BLOCK_KIND_END);
        assertTrue(END_BLOCK_VERSION <= FORMAT_VERSION);
    }

    @Test
    void shouldAlignEveryFieldToItsSize()
    {
        for (final int[][] fields : new int[][][]{BLOCK_HEADER_FIELDS, HEADER_BODY_FIELDS, END_BODY_FIELDS})
        {
            for (final int[] field : fields)
            {
                assertEquals(0, field[0] % field[1], "offset=" + field[0] + " length=" + field[1]);
            }
        }
        assertEquals(0, BLOCK_HEADER_LENGTH % Long.BYTES);
    }

    @Test
    void shouldBoundTheLongestRecord()
    {
        assertEquals(4 + 8 + 8 + 4 + 8 + 4 * 8, MAX_RECORD_LENGTH);
        assertTrue(MAX_RECORD_LENGTH >= 1 + MAX_VARLONG_LENGTH * 2, "snapshot");
        assertTrue(MAX_RECORD_LENGTH >= 1 + MAX_VARLONG_LENGTH, "advance, dispatch ref");
        assertTrue(MIN_BLOCK_CAPACITY >= BLOCK_HEADER_LENGTH + MAX_RECORD_LENGTH);
        assertTrue(MIN_BLOCK_CAPACITY >= MAX_HEADER_BLOCK_LENGTH);
    }

    @Test
    void shouldFitTagFieldsInOneByte()
    {
        assertEquals(0, TAG_FAILED_FLAG & TAG_KIND_MASK);
        assertEquals(0, TAG_NEXT_SEQ_FLAG & (TAG_KIND_MASK | TAG_FAILED_FLAG));
        assertEquals(0xFF, ((INPUT_HISTORY - 1) << TAG_REF_DISTANCE_SHIFT) | TAG_NEXT_SEQ_FLAG | TAG_FAILED_FLAG |
            TAG_KIND_MASK);
    }

    @Test
    void shouldTileEventHeaderWithoutGapOrOverlap()
    {
        final int[][] fields = {
            {0, 3},
            {3, 1},
            {EVENT_TIME_SHIFT, LENGTH_CODE_BITS},
            {EVENT_SEQ_SHIFT, LENGTH_CODE_BITS},
            {EVENT_TYPE_SHIFT, LENGTH_CODE_BITS},
            {EVENT_TARGET_SHIFT, LENGTH_CODE_BITS},
            {EVENT_WORD_SHIFT, EVENT_WORD_BITS},
            {EVENT_WORD_SHIFT + EVENT_WORD_BITS, EVENT_WORD_BITS},
            {EVENT_WORD_SHIFT + 2 * EVENT_WORD_BITS, EVENT_WORD_BITS},
            {EVENT_WORD_SHIFT + 3 * EVENT_WORD_BITS, EVENT_WORD_BITS},
        };
        assertTiled(fields, 0, EVENT_HEADER_LENGTH * Byte.SIZE);
        assertEquals(TAG_KIND_MASK, (1 << 3) - 1);
        assertEquals(TAG_FAILED_FLAG, 1 << 3);
        assertEquals(WORD_DELTA_FLAG | LENGTH_CODE_MASK, (1 << EVENT_WORD_BITS) - 1);
        assertTrue(MAX_TYPE_LENGTH < LENGTH_CODE_LONG);
    }

    @Test
    void shouldMapLengthCodesToFieldLengths()
    {
        assertEquals(0, Varint.lengthCode(0));
        for (int bytes = 1; bytes <= 8; bytes++)
        {
            final long smallest = 1L << ((bytes - 1) * 8);
            final long largest = bytes == 8 ? -1L : (1L << (bytes * 8)) - 1;
            final int expected = Math.min(bytes, LENGTH_CODE_LONG);
            assertEquals(expected, Varint.lengthCode(smallest), "bytes=" + bytes);
            assertEquals(expected, Varint.lengthCode(largest), "bytes=" + bytes);
        }
        for (int code = 0; code < LENGTH_CODE_LONG; code++)
        {
            assertEquals(code, Varint.fieldLength(code));
        }
        assertEquals(Long.BYTES, Varint.fieldLength(LENGTH_CODE_LONG));
    }

    @Test
    void shouldSpellMagicAsAscii()
    {
        final byte[] bytes = new byte[8];
        for (int i = 0; i < 8; i++)
        {
            bytes[i] = (byte)(JOURNAL_MAGIC >>> (8 * i));
        }
        assertEquals("CNCRJRNL", new String(bytes, java.nio.charset.StandardCharsets.US_ASCII));
    }

    @Test
    void shouldRejectBlockCapacityOutsideLimits()
    {
        assertThrows(IllegalArgumentException.class, () -> checkBlockCapacity(MIN_BLOCK_CAPACITY - 1));
        assertThrows(IllegalArgumentException.class, () -> checkBlockCapacity(MAX_BLOCK_CAPACITY + 1));
        checkBlockCapacity(MIN_BLOCK_CAPACITY);
    }

    private static void assertTiled(final int[][] fields, final int start, final int end)
    {
        int expected = start;
        for (final int[] field : fields)
        {
            assertEquals(expected, field[0], "field at offset " + field[0] + " leaves a gap or overlaps");
            assertTrue(field[1] > 0);
            expected = field[0] + field[1];
        }
        assertEquals(end, expected);
    }
}
