package io.concurrengine.tools.soak.report;

/**
 * One sampling interval of a soak run, normally one second: what was taken and dispatched in it, its latency
 * percentiles and the process's resources at its end.
 * <p>
 * {@code events} and the latency fields describe this interval only; the gc and allocation fields are cumulative since
 * the start of the run, and the report derives per-interval pauses and allocation rates from consecutive rows. A run's
 * intervals are given in time order.
 *
 * @param elapsedSeconds   seconds from the start of the run to the end of this interval.
 * @param events           events dispatched in this interval.
 * @param eventsPerSecond  events dispatched in this interval divided by its length.
 * @param inputsPerSecond  inputs the shards took from their rings in this interval divided by its length: like the
 *                         paced rate, a count of inputs, where events also count the timers the model fires.
 * @param p50Nanos         median latency of this interval's events, ns; 0 when it had none.
 * @param p99Nanos         99th percentile latency of this interval's events, ns.
 * @param p999Nanos        99.9th percentile latency of this interval's events, ns.
 * @param maxNanos         largest latency of this interval's events, ns.
 * @param heapUsedBytes    Java heap in use at the end of the interval.
 * @param offHeapBytes     direct (off-heap) buffer memory in use at the end of the interval.
 * @param mappedBytes      resident bytes of the process's file mappings (journal, counters file, JVM libraries) at
 *                         the end of the interval, from Linux's /proc/self/status (RssFile); the JVM's mapped
 *                         buffer pool elsewhere.
 * @param journalDiskBytes bytes of journal files on disk at the end of the interval.
 * @param gcCount          garbage collections since the start of the run.
 * @param gcPauseMillis    total garbage collection pause since the start of the run, ms.
 * @param allocatedBytes   heap bytes allocated by the process since the start of the run.
 */
public record SoakInterval(
    double elapsedSeconds,
    long events,
    double eventsPerSecond,
    double inputsPerSecond,
    long p50Nanos,
    long p99Nanos,
    long p999Nanos,
    long maxNanos,
    long heapUsedBytes,
    long offHeapBytes,
    long mappedBytes,
    long journalDiskBytes,
    long gcCount,
    long gcPauseMillis,
    long allocatedBytes)
{
    /**
     * @throws IllegalArgumentException when the elapsed time is negative or not finite or the event count is negative.
     */
    public SoakInterval
    {
        if (!(elapsedSeconds >= 0) || Double.isInfinite(elapsedSeconds))
        {
            throw new IllegalArgumentException("elapsedSeconds=" + elapsedSeconds);
        }
        if (events < 0)
        {
            throw new IllegalArgumentException("events=" + events);
        }
    }
}
