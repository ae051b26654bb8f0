package io.concurrengine.bench.profile;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CPU time the benchmark's worker threads spent per operation, beside JMH's wall-clock score. On a machine shared
 * with other work a descheduled worker adds wall-clock time to its operations but no CPU time, so
 * {@code cpu.time.norm} says how much of a wall-clock figure is the code and how much is the neighbours. It still
 * includes cache and TLB damage done by the neighbours between time slices.
 * <p>
 * Use: {@code -prof io.concurrengine.bench.profile.ThreadCpuTimeProfiler}. Normalised by all operations of the
 * iteration, as JMH's {@code gc} profiler normalises {@code gc.alloc.rate.norm}. Thread names are read without stack
 * traces, but the few kilobytes that costs at each iteration boundary are counted by the {@code gc} profiler, which
 * sums every thread's allocation: visible only as a fraction of a byte per operation on benchmarks that run fewer than
 * a million operations per iteration.
 * <p>
 * JMH runs a state's {@code Level.Iteration} set-up and tear-down on the worker thread between this profiler's two
 * readings. A set-up or tear-down that does real work (opening a journal, deleting one: tens of milliseconds, which
 * over an iteration of tens of millions of operations is a nanosecond or more each) leaves its CPU time out by calling
 * {@link #exclude(long)} with the reading it took on entry; the time left out is reported as
 * {@code cpu.time.excluded}, in milliseconds per iteration.
 */
public final class ThreadCpuTimeProfiler implements InternalProfiler
{
    private static final String WORKER = "jmh-worker";

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    /** CPU time of set-ups and tear-downs this iteration, left out; reset at each iteration's start. */
    private static final AtomicLong EXCLUDED_NANOS = new AtomicLong();

    private final ThreadMXBean threads = THREADS;
    private final Map<Long, Long> before = new HashMap<>();

    public ThreadCpuTimeProfiler()
    {
        if (!threads.isThreadCpuTimeSupported())
        {
            throw new IllegalStateException("thread CPU time is not supported by this JVM");
        }
        threads.setThreadCpuTimeEnabled(true);
    }

    /**
     * @return the calling thread's CPU time in nanoseconds, the reading a set-up or tear-down takes on entry.
     */
    public static long threadCpuNanos()
    {
        return THREADS.getCurrentThreadCpuTime();
    }

    /**
     * Leave the calling thread's CPU time since {@code startNanos} out of this iteration's {@code cpu.time.norm}. A
     * {@code Level.Iteration} set-up or tear-down calls it as its last statement. Threadsafe; costs nothing without
     * this profiler but the two readings.
     *
     * @param startNanos {@link #threadCpuNanos()} read on entry.
     */
    public static void exclude(final long startNanos)
    {
        EXCLUDED_NANOS.addAndGet(threadCpuNanos() - startNanos);
    }

    @Override
    public String getDescription()
    {
        return "CPU time of the JMH worker threads per operation";
    }

    @Override
    public void beforeIteration(final BenchmarkParams benchmarkParams, final IterationParams iterationParams)
    {
        before.clear();
        EXCLUDED_NANOS.set(0);
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0))
        {
            if (null != info && info.getThreadName().contains(WORKER))
            {
                before.put(info.getThreadId(), threads.getThreadCpuTime(info.getThreadId()));
            }
        }
    }

    @Override
    @SuppressWarnings("rawtypes") // InternalProfiler declares Collection<? extends Result> with the raw type
    public Collection<? extends Result> afterIteration(
        final BenchmarkParams benchmarkParams, final IterationParams iterationParams, final IterationResult result)
    {
        long cpuNanos = 0;
        for (final ThreadInfo info : threads.getThreadInfo(threads.getAllThreadIds(), 0))
        {
            if (null != info && info.getThreadName().contains(WORKER))
            {
                final long now = threads.getThreadCpuTime(info.getThreadId());
                if (now >= 0)
                {
                    cpuNanos += now - before.getOrDefault(info.getThreadId(), 0L);
                }
            }
        }
        final long excludedNanos = EXCLUDED_NANOS.get();
        final long ops = result.getMetadata().getAllOps();
        final double perOp = ops > 0 ? (double)(cpuNanos - excludedNanos) / ops : Double.NaN;
        return List.of(
            new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG),
            new ScalarResult("cpu.time.excluded", excludedNanos / 1e6, "ms", AggregationPolicy.AVG));
    }
}
