/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32C;

/**
 * Block checksum: CRC32C over bytes [{@link JournalDescriptor#BLOCK_LENGTH_OFFSET}, length) of a block.
 * <p>
 * CRC32C is a HotSpot intrinsic (SSE4.2 {@code crc32} / ARMv8 {@code crc32c}) for arrays and direct buffers, detects
 * every burst error up to 32 bits and every odd number of flipped bits, and costs well under a nanosecond per event at
 * the block sizes used (see the journal benchmark in the tests).
 * <p>
 * A CRC is linear: the stored checksum xor the computed one depends only on the bits that differ, not on the block.
 * {@link #locateByteError(int, int, int)} uses this to find a single damaged byte for the damage report.
 */
final class Checksum
{
    /** CRC32C (Castagnoli) polynomial, bit-reflected. */
    private static final int POLYNOMIAL = 0x82F6_3B78;

    /** Register after one byte {@code b} from a zero register: {@code TABLE[b]}. */
    private static final int[] TABLE = new int[256];

    /** The byte whose table entry has a given top byte: the top bytes of the table are a permutation. */
    private static final int[] TOP_BYTE_INDEX = new int[256];

    static
    {
        Arrays.fill(TOP_BYTE_INDEX, -1);
        for (int b = 0; b < 256; b++)
        {
            int crc = b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ POLYNOMIAL : crc >>> 1;
            }
            TABLE[b] = crc;
            if (-1 != TOP_BYTE_INDEX[crc >>> 24])
            {
                throw new IllegalStateException("top byte repeated in the CRC32C table: b=" + b);
            }
            TOP_BYTE_INDEX[crc >>> 24] = b;
        }
    }

    private Checksum()
    {
    }

    /**
     * Locate the one damaged byte that explains a checksum mismatch, if one does. The stored checksum xor the
     * computed one is the CRC register of the difference alone: for a difference of one byte {@code e} at offset
     * {@code i}, {@code TABLE[e]} advanced over the {@code length - 1 - i} bytes after it. Stepping that register back
     * one byte at a time finds every offset where some single byte would explain it; a difference in the stored
     * checksum itself is a register of one non-zero byte. A random difference passes for a single byte at about one
     * offset in 2^24, so a result is given only when exactly one offset explains it. O(length), no allocation.
     *
     * @param stored   checksum stored in the block.
     * @param computed checksum computed over the block as read.
     * @param length   block length.
     * @return {@code offset << 8 | xor}: the damaged byte's offset from the block start and the bits that differ in
     * it; or -1 if no single byte, or more than one, explains the mismatch.
     */
    static long locateByteError(final int stored, final int computed, final int length)
    {
        final int syndrome = stored ^ computed;
        if (0 == syndrome)
        {
            return -1;
        }
        long found = -1;
        int candidates = 0;
        for (int shift = 0; shift < Integer.SIZE; shift += Byte.SIZE)
        {
            if (0 == (syndrome & ~(0xFF << shift)))
            {
                final int offset = JournalDescriptor.CHECKSUM_OFFSET + shift / Byte.SIZE;
                found = (long)offset << 8 | (syndrome >>> shift) & 0xFF;
                candidates++;
            }
        }
        int register = syndrome;
        for (int offset = length - 1; offset >= JournalDescriptor.BLOCK_LENGTH_OFFSET; offset--)
        {
            final int b = TOP_BYTE_INDEX[register >>> 24];
            final int rest = register ^ TABLE[b];
            if (0 == rest)
            {
                found = (long)offset << 8 | b;
                candidates++;
            }
            register = rest << 8 | b;
        }
        return 1 == candidates ? found : -1;
    }

    /**
     * Checksum a block held at index 0 of an array.
     *
     * @param crc    reusable CRC32C.
     * @param block  array whose index 0 is the block start.
     * @param length block length.
     * @return CRC32C as an int.
     */
    static int compute(final CRC32C crc, final byte[] block, final int length)
    {
        crc.reset();
        crc.update(block, JournalDescriptor.BLOCK_LENGTH_OFFSET, length - JournalDescriptor.BLOCK_LENGTH_OFFSET);
        return (int)crc.getValue();
    }

    /**
     * Checksum a block held at position 0 of a direct buffer view. Moves the view's position and limit.
     *
     * @param crc    reusable CRC32C.
     * @param view   direct buffer view whose position 0 is the block start.
     * @param length block length.
     * @return CRC32C as an int.
     */
    static int compute(final CRC32C crc, final ByteBuffer view, final int length)
    {
        view.limit(length).position(JournalDescriptor.BLOCK_LENGTH_OFFSET);
        crc.reset();
        crc.update(view);
        return (int)crc.getValue();
    }

    /**
     * Checksum a block inside a direct buffer view at an offset. Moves the view's position and limit.
     *
     * @param crc    reusable CRC32C.
     * @param view   direct buffer view.
     * @param offset block start in the view.
     * @param length block length.
     * @return CRC32C as an int.
     */
    static int compute(final CRC32C crc, final ByteBuffer view, final int offset, final int length)
    {
        view.limit(offset + length).position(offset + JournalDescriptor.BLOCK_LENGTH_OFFSET);
        crc.reset();
        crc.update(view);
        return (int)crc.getValue();
    }
}
