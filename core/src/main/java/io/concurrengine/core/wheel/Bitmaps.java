package io.concurrengine.core.wheel;

import io.concurrengine.core.event.EventDescriptor;

import static io.concurrengine.core.event.EventDescriptor.NULL_INDEX;

/**
 * Scans of the {@code long[]} bitmaps that mark the wheel's non-empty slots: the near wheel's, the fine buckets' and
 * each far level's, one bit per slot, found with {@link Long#numberOfTrailingZeros(long)}. Stateless; allocates
 * nothing.
 */
final class Bitmaps
{
    /**
     * No slot number: what {@link #nextSetSlot} returns when it finds none, and the wheel's marker for "no slot is
     * expanded". No clock is ever here: a wheel's start time must be greater than {@link Long#MIN_VALUE}.
     */
    static final long NONE = Long.MIN_VALUE;

    private Bitmaps()
    {
    }

    /**
     * First set slot number in {@code [from, to]} of a circular bitmap of {@code mask + 1} bits starting at word
     * {@code wordOffset}, where {@code to - from <= mask}; slot number {@code n} is bit {@code n & mask}.
     *
     * @return the slot number, or {@link #NONE}.
     */
    static long nextSetSlot(
        final long[] bitmap, final int wordOffset, final int mask, final long from, final long to)
    {
        final int first = (int)from & mask;
        final int end = first + (int)(to - from);
        if (end <= mask)
        {
            final int bit = nextSetBit(bitmap, wordOffset, first, end);
            return NULL_INDEX == bit ? NONE : from + (bit - first);
        }
        int bit = nextSetBit(bitmap, wordOffset, first, mask);
        if (NULL_INDEX != bit)
        {
            return from + (bit - first);
        }
        bit = nextSetBit(bitmap, wordOffset, 0, end - mask - 1);
        return NULL_INDEX == bit ? NONE : from + (mask + 1 - first) + bit;
    }

    /**
     * @return the first set bit in {@code [from, to]} of the bitmap starting at word {@code wordOffset}, or
     * {@link EventDescriptor#NULL_INDEX}.
     */
    static int nextSetBit(final long[] bitmap, final int wordOffset, final int from, final int to)
    {
        if (from > to)
        {
            return NULL_INDEX;
        }
        int word = from >> 6;
        final int lastWord = to >> 6;
        long bits = bitmap[wordOffset + word] & (-1L << from);
        while (true)
        {
            if (0 != bits)
            {
                final int bit = (word << 6) + Long.numberOfTrailingZeros(bits);
                return bit <= to ? bit : NULL_INDEX;
            }
            if (++word > lastWord)
            {
                return NULL_INDEX;
            }
            bits = bitmap[wordOffset + word];
        }
    }
}
