package io.concurrengine.pipeline.montecarlo;

/**
 * Partial statistics of one chunk, accumulated in iteration order, and the fold of all chunks, merged in chunk order.
 * <p>
 * Mean and variance use Welford's update within a chunk and the pairwise combination of Chan, Golub and LeVeque
 * between chunks. Both orders are fixed by the iteration and chunk indices, never by thread timing, so the result is
 * bit-identical for any number of threads. Each recorded value is also stored at its global index in the shared
 * value array, for exact percentiles; chunks write disjoint ranges.
 * <p>
 * Not threadsafe: one chunk, one thread; the fold runs on the caller after the pool has finished.
 */
final class ChunkAggregate implements IterationRecorder
{
    private final double[] values;
    private final double[] metrics;
    private long index;
    private long count;
    private double mean;
    private double m2;
    private double min = Double.POSITIVE_INFINITY;
    private double max = Double.NEGATIVE_INFINITY;
    private long events;

    /**
     * @param values      shared array of all values by global iteration index, or null for a fold.
     * @param metricCount number of model-specific sums.
     */
    ChunkAggregate(final double[] values, final int metricCount)
    {
        this.values = values;
        this.metrics = new double[metricCount];
    }

    /**
     * Position on the next iteration.
     *
     * @param globalIndex where its value goes in the shared array.
     */
    void next(final long globalIndex)
    {
        index = globalIndex;
    }

    @Override
    public void record(final double value, final long events)
    {
        if (!Double.isFinite(value))
        {
            // NaN would be left out of min and max yet make the mean and the top percentiles NaN
            throw new IllegalArgumentException("the iteration recorded " + value + ": a value must be finite");
        }
        values[(int)index] = value;
        final long n = ++count;
        final double delta = value - mean;
        mean += delta / n;
        m2 += delta * (value - mean);
        if (value < min)
        {
            min = value;
        }
        if (value > max)
        {
            max = value;
        }
        this.events += events;
    }

    @Override
    public void add(final int metric, final double amount)
    {
        metrics[metric] += amount;
    }

    /**
     * Fold another partial into this one; call in ascending chunk order.
     *
     * @param other the next chunk's partial.
     */
    void merge(final ChunkAggregate other)
    {
        final long n = count + other.count;
        if (0 == other.count)
        {
            return;
        }
        if (0 == count)
        {
            mean = other.mean;
            m2 = other.m2;
        }
        else
        {
            final double delta = other.mean - mean;
            final double weight = (double)other.count / n;
            mean += delta * weight;
            m2 += other.m2 + delta * delta * count * weight;
        }
        count = n;
        min = Math.min(min, other.min);
        max = Math.max(max, other.max);
        events += other.events;
        for (int i = 0; i < metrics.length; i++)
        {
            metrics[i] += other.metrics[i];
        }
    }

    long count()
    {
        return count;
    }

    double mean()
    {
        return mean;
    }

    /**
     * @return the sample standard deviation, 0 for fewer than two values.
     */
    double stddev()
    {
        return count > 1 ? Math.sqrt(m2 / (count - 1)) : 0.0;
    }

    double min()
    {
        return min;
    }

    double max()
    {
        return max;
    }

    long events()
    {
        return events;
    }

    double[] metrics()
    {
        return metrics.clone();
    }
}
