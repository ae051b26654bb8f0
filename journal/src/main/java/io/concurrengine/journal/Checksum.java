/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * Block checksum: CRC32C over bytes [{@link JournalDescriptor#BLOCK_LENGTH_OFFSET}, length) of a block.
 * <p>
 * CRC32C is a HotSpot intrinsic (SSE4.2 {@code crc32} / ARMv8 {@code crc32c}) for arrays and direct buffers, detects every burst
 * error up to 32 bits and every odd number of flipped bits, and costs well under a nanosecond per event at the block
 * sizes used (see the journal benchmark in the tests).
 */
final class Checksum
{
    private Checksum()
    {
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
