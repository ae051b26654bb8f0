package io.concurrengine.tools.table;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.run.RunObserver;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.telemetry.BufferPools;
import io.concurrengine.tools.telemetry.MappedFileMemory;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Measures what the seed's table asks of a run beside its summary: CPU time of the shard threads against wall time
 * (thread utilisation), the peak resident set, heap, direct and mapped memory, and how long after JVM start the
 * first engine was running (cold start): the warm-up's throwaway engine when the run warms up, which has started
 * exactly what the measured engine would have started cold.
 */
final class ResourceProbe implements RunObserver
{
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final BufferPools bufferPools = new BufferPools();
    private final List<Long> shardThreadIds = new ArrayList<>();
    private long startCpuNanos;
    private long startWallNanos;
    private long shardCpuNanos;
    private long wallNanos;
    private long coldStartMillis = -1;
    private long peakRssBytes;
    private long peakHeapBytes;
    private long peakDirectBytes;
    private long peakMappedBytes;
    private RunSummary summary;

    @Override
    public void onWarmUpStart(final Engine engine)
    {
        firstEngineRunning();
    }

    @Override
    public void onStart(final Engine engine, final long startNanos)
    {
        firstEngineRunning();
        // An engine names its shard threads by shard alone, and a stopped engine's (the warm-up's, the burst's) may
        // still be ending: its thread would count here, then count no CPU time once ended, taking its time off the
        // sum. Thread ids rise as threads are made, so the newest thread of each name is this engine's.
        final Map<String, Thread> newest = new HashMap<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith("concurrengine-shard-"))
            {
                newest.merge(thread.getName(), thread, (one, other) -> one.getId() > other.getId() ? one : other);
            }
        }
        for (final Thread thread : newest.values())
        {
            shardThreadIds.add(thread.getId());
        }
        startCpuNanos = shardCpu();
        startWallNanos = System.nanoTime();
    }

    @Override
    public void onTick(final Engine engine, final long published, final long elapsedNanos)
    {
        sampleMemory();
        shardCpuNanos = shardCpu() - startCpuNanos;
        wallNanos = System.nanoTime() - startWallNanos;
    }

    @Override
    public void onStop(final Engine engine, final RunSummary summary)
    {
        this.summary = summary;
    }

    private void firstEngineRunning()
    {
        if (coldStartMillis < 0)
        {
            coldStartMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        }
    }

    private long shardCpu()
    {
        long total = 0;
        for (final long id : shardThreadIds)
        {
            total += Math.max(0, threads.getThreadCpuTime(id));
        }
        return total;
    }

    private void sampleMemory()
    {
        peakRssBytes = Math.max(peakRssBytes, MappedFileMemory.residentSetBytes());
        peakHeapBytes = Math.max(peakHeapBytes, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
        peakDirectBytes = Math.max(peakDirectBytes, bufferPools.directBytes());
        peakMappedBytes = Math.max(peakMappedBytes, MappedFileMemory.residentBytesOr(bufferPools));
    }

    /**
     * @return shard CPU time over wall time per shard, 0..1.
     */
    double shardUtilisation()
    {
        return wallNanos == 0 || shardThreadIds.isEmpty() ? 0 :
            (double)shardCpuNanos / ((double)wallNanos * shardThreadIds.size());
    }

    long coldStartMillis()
    {
        return coldStartMillis;
    }

    long peakRssBytes()
    {
        return peakRssBytes;
    }

    long peakHeapBytes()
    {
        return peakHeapBytes;
    }

    long peakDirectBytes()
    {
        return peakDirectBytes;
    }

    long peakMappedBytes()
    {
        return peakMappedBytes;
    }

    RunSummary summary()
    {
        return summary;
    }
}
