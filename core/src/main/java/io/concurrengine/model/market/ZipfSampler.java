package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;

/**
 * Samples ranks {@code 0..n-1} with probability proportional to {@code 1 / (rank + 1)^exponent} (Zipf), in O(1) per
 * sample with Vose's alias method: a table of {@code n} acceptance probabilities and {@code n} aliases built once in
 * O(n). Weights use {@link StrictMath#pow(double, double)} so the table, and hence every sample, is the same on every
 * JVM.
 * <p>
 * {@link #sample(SimRng)} allocates nothing and draws exactly two values from the generator. Immutable after
 * construction; sharing one sampler between threads is safe, each with its own {@link SimRng}.
 */
public final class ZipfSampler
{
    private final double[] probability;
    private final int[] alias;
    private final double[] share;

    /**
     * @param n        number of ranks, positive.
     * @param exponent Zipf exponent, non-negative (0 is uniform).
     */
    public ZipfSampler(final int n, final double exponent)
    {
        if (n < 1)
        {
            throw new IllegalArgumentException("n=" + n + " must be positive");
        }
        if (!(exponent >= 0) || Double.isInfinite(exponent))
        {
            throw new IllegalArgumentException("exponent=" + exponent + " must be finite and non-negative");
        }
        share = new double[n];
        double sum = 0;
        for (int rank = 0; rank < n; rank++)
        {
            share[rank] = 1.0 / StrictMath.pow(rank + 1, exponent);
            sum += share[rank];
        }
        final double[] scaled = new double[n];
        for (int rank = 0; rank < n; rank++)
        {
            share[rank] /= sum;
            scaled[rank] = share[rank] * n;
        }
        probability = new double[n];
        alias = new int[n];
        build(scaled);
    }

    private void build(final double[] scaled)
    {
        final int n = scaled.length;
        final int[] small = new int[n];
        final int[] large = new int[n];
        int smallCount = 0;
        int largeCount = 0;
        for (int rank = n - 1; rank >= 0; rank--)
        {
            if (scaled[rank] < 1.0)
            {
                small[smallCount++] = rank;
            }
            else
            {
                large[largeCount++] = rank;
            }
        }
        while (smallCount > 0 && largeCount > 0)
        {
            final int less = small[--smallCount];
            final int more = large[--largeCount];
            probability[less] = scaled[less];
            alias[less] = more;
            scaled[more] = (scaled[more] + scaled[less]) - 1.0;
            if (scaled[more] < 1.0)
            {
                small[smallCount++] = more;
            }
            else
            {
                large[largeCount++] = more;
            }
        }
        while (largeCount > 0)
        {
            final int rank = large[--largeCount];
            probability[rank] = 1.0;
            alias[rank] = rank;
        }
        while (smallCount > 0)
        {
            final int rank = small[--smallCount];
            probability[rank] = 1.0;
            alias[rank] = rank;
        }
    }

    /**
     * Draw a rank.
     *
     * @param rng source of randomness; two values are drawn.
     * @return a rank in {@code [0, n)}.
     */
    public int sample(final SimRng rng)
    {
        final int column = rng.nextInt(probability.length);
        return rng.nextDouble() < probability[column] ? column : alias[column];
    }

    /**
     * @param rank a rank in {@code [0, n)}.
     * @return the probability of drawing it.
     */
    public double share(final int rank)
    {
        return share[rank];
    }

    /**
     * @return number of ranks.
     */
    public int size()
    {
        return probability.length;
    }
}
