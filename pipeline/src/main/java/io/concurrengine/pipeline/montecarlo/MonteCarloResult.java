package io.concurrengine.pipeline.montecarlo;

/**
 * Aggregate of a Monte Carlo run. Every figure except {@link #wallNanos()}, {@link #eventsPerSecond()},
 * {@link #iterationsPerSecond()} and {@link #threads()} is a pure function of the seed, the iteration count, the
 * chunk size and the model: bit-identical for any number of threads.
 * <p>
 * Immutable; threadsafe.
 */
public final class MonteCarloResult
{
    private final long iterations;
    private final long seed;
    private final int threads;
    private final int chunkSize;
    private final long chunkCount;
    private final double mean;
    private final double stddev;
    private final double min;
    private final double max;
    private final double[] sorted;
    private final long totalEvents;
    private final double[] metricSums;
    private final long wallNanos;

    MonteCarloResult(
        final MonteCarloRunner.Context context,
        final int threads,
        final long chunkCount,
        final ChunkAggregate total,
        final double[] sorted,
        final long wallNanos)
    {
        this.iterations = context.iterations();
        this.seed = context.seed();
        this.threads = threads;
        this.chunkSize = context.chunkSize();
        this.chunkCount = chunkCount;
        this.mean = total.mean();
        this.stddev = stddev(total.stddev(), sorted);
        this.min = total.min();
        this.max = total.max();
        this.sorted = sorted;
        this.totalEvents = total.events();
        this.metricSums = total.metrics();
        this.wallNanos = wallNanos;
    }

    /**
     * Welford's running sum of squared deviations overflows a double once values differ by more than about 1e154,
     * though their standard deviation may be far below the largest double. Only then is it taken again, in two passes
     * over the sorted values scaled by the largest magnitude: an order fixed by the values, so it is still the same
     * for any number of threads, and every other standard deviation keeps its bits.
     *
     * @param welford the standard deviation of the running sums.
     * @param sorted  every recorded value, ascending, each finite.
     * @return {@code welford} if finite, else the standard deviation of the scaled values, scaled back; infinite only
     * if it is beyond the largest double (values of both signs near the largest).
     */
    private static double stddev(final double welford, final double[] sorted)
    {
        final int n = sorted.length;
        if (Double.isFinite(welford) || n < 2)
        {
            return welford;
        }
        final double scale = Math.max(Math.abs(sorted[0]), Math.abs(sorted[n - 1]));
        double sum = 0;
        for (final double value : sorted)
        {
            sum += value / scale;
        }
        final double mean = sum / n;
        double squares = 0;
        for (final double value : sorted)
        {
            final double deviation = value / scale - mean;
            squares += deviation * deviation;
        }
        return Math.sqrt(squares / (n - 1)) * scale;
    }

    /**
     * @return iterations run.
     */
    public long iterations()
    {
        return iterations;
    }

    /**
     * @return the base seed.
     */
    public long seed()
    {
        return seed;
    }

    /**
     * @return worker threads the run's pool had: those asked for, but no more than the run has chunks, since a chunk
     *         runs on one thread; does not affect any statistic.
     */
    public int threads()
    {
        return threads;
    }

    /**
     * @return iterations per chunk; part of the seeding, so it does affect the statistics.
     */
    public int chunkSize()
    {
        return chunkSize;
    }

    /**
     * @return number of chunks.
     */
    public long chunkCount()
    {
        return chunkCount;
    }

    /**
     * @return mean of the recorded values.
     */
    public double mean()
    {
        return mean;
    }

    /**
     * @return sample standard deviation of the recorded values (n - 1), 0 for one iteration.
     */
    public double stddev()
    {
        return stddev;
    }

    /**
     * @return least recorded value.
     */
    public double min()
    {
        return min;
    }

    /**
     * @return greatest recorded value.
     */
    public double max()
    {
        return max;
    }

    /**
     * Exact percentile by the nearest-rank method: the value at rank {@code ceil(p / 100 * n)} (at least 1) of the
     * sorted values. O(1).
     *
     * @param percentile in (0, 100].
     * @return a recorded value.
     */
    public double percentile(final double percentile)
    {
        if (!(percentile > 0 && percentile <= 100))
        {
            throw new IllegalArgumentException("percentile=" + percentile + " must be in (0, 100]");
        }
        final long rank = Math.max(1, (long)Math.ceil(percentile / 100.0 * sorted.length));
        return sorted[(int)(rank - 1)];
    }

    /**
     * @return events dispatched by all iterations.
     */
    public long totalEvents()
    {
        return totalEvents;
    }

    /**
     * @return number of model-specific sums.
     */
    public int metricCount()
    {
        return metricSums.length;
    }

    /**
     * @param metric index in {@code [0, metricCount)}.
     * @return sum over all iterations.
     */
    public double metricSum(final int metric)
    {
        return metricSums[metric];
    }

    /**
     * @param metric index in {@code [0, metricCount)}.
     * @return mean per iteration.
     */
    public double metricMean(final int metric)
    {
        return metricSums[metric] / iterations;
    }

    /**
     * @return wall time of the run, creating runners included.
     */
    public long wallNanos()
    {
        return wallNanos;
    }

    /**
     * @return events dispatched per second of wall time, all threads together.
     */
    public double eventsPerSecond()
    {
        return totalEvents * 1e9 / Math.max(1, wallNanos);
    }

    /**
     * @return iterations per second of wall time, all threads together.
     */
    public double iterationsPerSecond()
    {
        return iterations * 1e9 / Math.max(1, wallNanos);
    }
}
