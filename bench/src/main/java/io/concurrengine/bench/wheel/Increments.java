package io.concurrengine.bench.wheel;

import java.util.EnumMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A precomputed cycle of increments, so that a benchmark measures the queue and not the random number generator.
 * 2^22 values: four times the largest N, so that an event is never pushed with the increment its predecessor got.
 */
public final class Increments
{
    static final int LENGTH = 1 << 22;
    private static final long SEED = 0x5DEECE66DL;
    private static final Map<IncrementDistribution, long[]> CACHE = new EnumMap<>(IncrementDistribution.class);

    private final long[] values;
    private final int mask;
    private int cursor;

    private Increments(final long[] values)
    {
        this.values = values;
        this.mask = values.length - 1;
    }

    /**
     * @param distribution to sample.
     * @return a cursor at the start of the {@link #LENGTH} increments drawn from a fixed seed; the values are
     * computed once per distribution and shared, read-only.
     */
    public static synchronized Increments of(final IncrementDistribution distribution)
    {
        return new Increments(CACHE.computeIfAbsent(distribution, Increments::generate));
    }

    private static long[] generate(final IncrementDistribution distribution)
    {
        final SplittableRandom random = new SplittableRandom(SEED);
        final long[] values = new long[LENGTH];
        for (int i = 0; i < LENGTH; i++)
        {
            values[i] = distribution.sample(random);
        }
        return values;
    }

    /**
     * @return the next increment, cycling.
     */
    public long next()
    {
        final int i = cursor;
        cursor = (i + 1) & mask;
        return values[i];
    }
}
