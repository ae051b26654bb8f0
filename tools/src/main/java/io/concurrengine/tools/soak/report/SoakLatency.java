package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of the whole run, from the histogram of every event, ns.
 *
 * @param count      events recorded.
 * @param p50Nanos   median.
 * @param p90Nanos   90th percentile.
 * @param p99Nanos   99th percentile.
 * @param p999Nanos  99.9th percentile.
 * @param p9999Nanos 99.99th percentile.
 * @param maxNanos   largest recorded value.
 */
public record SoakLatency(
    long count,
    long p50Nanos,
    long p90Nanos,
    long p99Nanos,
    long p999Nanos,
    long p9999Nanos,
    long maxNanos)
{
    /**
     * Reads the percentiles the way {@code latency.hgrm} reports them (HdrHistogram's value at percentile, the
     * highest value equivalent to the recorded ones).
     *
     * @param total histogram of the whole run in ns; not modified.
     * @return its percentiles; all 0 for an empty histogram.
     */
    public static SoakLatency of(final Histogram total)
    {
        if (0 == total.getTotalCount())
        {
            return new SoakLatency(0, 0, 0, 0, 0, 0, 0);
        }
        return new SoakLatency(
            total.getTotalCount(),
            total.getValueAtPercentile(50.0),
            total.getValueAtPercentile(90.0),
            total.getValueAtPercentile(99.0),
            total.getValueAtPercentile(99.9),
            total.getValueAtPercentile(99.99),
            total.highestEquivalentValue(total.getMaxValue()));
    }
}
