package io.concurrengine.bench.wheel;

import java.util.SplittableRandom;

/**
 * Hold-model increment distributions, in integer time units of the default wheel geometry (32768 slots of 32
 * units: a span of 1 048 576 units).
 * <p>
 * In a steady-state hold model with N pending events and mean increment m, events are due at a density of N / m
 * per time unit just ahead of the clock, and the pending window is the increment's support: for the exponential
 * the largest of N increments is about m ln N. The mean is therefore fixed for every N, as in the classic hold
 * model, so that the whole window stays inside the span (m ln 10^6 is about 226 000 units, 22% of the span) while
 * density grows with N: about 2, 200 and 2000 events per 32-unit slot at N = 1 000, 100 000 and 1 000 000.
 */
public enum IncrementDistribution
{
    /** Exponential, mean {@link #MEAN}, truncated to whole units. */
    EXPONENTIAL
    {
        @Override
        long sample(final SplittableRandom random)
        {
            return (long)(-MEAN * Math.log(1.0 - random.nextDouble()));
        }
    },

    /** Uniform on [0, 2 * {@link #MEAN}): same mean as the exponential, bounded window. */
    UNIFORM
    {
        @Override
        long sample(final SplittableRandom random)
        {
            return random.nextLong(2L * MEAN);
        }
    },

    /** Uniform on [0, 32): every pending event lies within one or two slots, N / 16 per time unit. */
    DENSE
    {
        @Override
        long sample(final SplittableRandom random)
        {
            return random.nextLong(DENSE_BOUND);
        }
    };

    /** Mean increment of {@link #EXPONENTIAL} and {@link #UNIFORM}: 1/64 of the default wheel span. */
    public static final long MEAN = 16_384;

    /** Exclusive bound of {@link #DENSE} increments: one default slot width. */
    public static final long DENSE_BOUND = 32;

    abstract long sample(SplittableRandom random);

    /**
     * @return the mean of a sample, used to size the Agrona wheel's ticks.
     */
    public double mean()
    {
        return this == DENSE ? (DENSE_BOUND - 1) / 2.0 : MEAN;
    }
}
