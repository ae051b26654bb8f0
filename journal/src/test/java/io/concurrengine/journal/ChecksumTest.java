package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.BLOCK_LENGTH_OFFSET;
import static io.concurrengine.journal.JournalDescriptor.CHECKSUM_OFFSET;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ChecksumTest
{
    private static final int LENGTH = 4096;

    private final CRC32C crc = new CRC32C();
    private final SplittableRandom random = new SplittableRandom(17);

    @Test
    void shouldLocateEveryDamagedByteOfABlockAndTheBitsThatDiffer()
    {
        final byte[] block = randomBlock();
        final int stored = Checksum.compute(crc, block, LENGTH);
        for (int offset = BLOCK_LENGTH_OFFSET; offset < LENGTH; offset++)
        {
            final int bits = 1 + random.nextInt(255);
            block[offset] ^= (byte)bits;
            final int computed = Checksum.compute(crc, block, LENGTH);
            block[offset] ^= (byte)bits;

            assertEquals((long)offset << 8 | bits, Checksum.locateByteError(stored, computed, LENGTH),
                "offset=" + offset);
        }
    }

    @Test
    void shouldLocateADamagedByteOfTheStoredChecksum()
    {
        final byte[] block = randomBlock();
        final int computed = Checksum.compute(crc, block, LENGTH);
        for (int i = 0; i < Integer.BYTES; i++)
        {
            final int stored = computed ^ 0x41 << (i * Byte.SIZE);

            assertEquals((long)(CHECKSUM_OFFSET + i) << 8 | 0x41, Checksum.locateByteError(stored, computed, LENGTH));
        }
    }

    @Test
    void shouldLocateNothingWhenMoreThanOneByteDiffers()
    {
        final byte[] block = randomBlock();
        final int stored = Checksum.compute(crc, block, LENGTH);
        for (int trial = 0; trial < 200; trial++)
        {
            final byte[] damaged = block.clone();
            final int first = BLOCK_LENGTH_OFFSET + random.nextInt(LENGTH - BLOCK_LENGTH_OFFSET - 64);
            damaged[first] ^= (byte)(1 + random.nextInt(255));
            damaged[first + 1 + random.nextInt(63)] ^= (byte)(1 + random.nextInt(255));

            assertEquals(-1, Checksum.locateByteError(stored, Checksum.compute(crc, damaged, LENGTH), LENGTH),
                "trial=" + trial);
        }
        assertEquals(-1, Checksum.locateByteError(stored, stored, LENGTH), "no difference");
    }

    private byte[] randomBlock()
    {
        final byte[] block = new byte[LENGTH];
        for (int i = 0; i < LENGTH; i++)
        {
            block[i] = (byte)random.nextInt(256);
        }
        return block;
    }
}
