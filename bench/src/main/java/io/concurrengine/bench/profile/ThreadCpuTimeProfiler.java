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
 */
public final class ThreadCpuTimeProfiler implements InternalProfiler
{
    private static final String WORKER = "jmh-worker";

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> before = new HashMap<>();

    public ThreadCpuTimeProfiler()
    {
        if (!threads.isThreadCpuTimeSupported())
        {
            throw new IllegalStateException("thread CPU time is not supported by this JVM");
        }
        threads.setThreadCpuTimeEnabled(true);
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
        final long ops = result.getMetadata().getAllOps();
        final double perOp = ops > 0 ? (double)cpuNanos / ops : Double.NaN;
        return List.of(new ScalarResult("cpu.time.norm", perOp, "ns/op", AggregationPolicy.AVG));
    }
}
