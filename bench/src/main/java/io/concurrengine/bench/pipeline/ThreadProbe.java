package io.concurrengine.bench.pipeline;

import io.concurrengine.tools.telemetry.CollectorTotals;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.List;

/**
 * CPU time and allocation of groups of threads, the process and the machine at one instant, so a run can say where
 * its CPU went and how many bytes its shard threads allocated per event after warm-up.
 */
final class ThreadProbe
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
        (com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean();
    private static final String MAINTENANCE_PREFIX = "journal-maint-";

    /**
     * One sample.
     *
     * @param nanoTime          when.
     * @param shardCpuNanos     CPU of the shard threads.
     * @param shardAllocated    bytes allocated by the shard threads.
     * @param maintenanceCpuNanos CPU of the journals' pre-toucher threads alive now.
     * @param processCpuNanos   CPU of the whole process (JIT and GC threads included).
     * @param machineBusyTicks  CPU ticks of the machine's processes, every process ({@code /proc/stat}: all but idle,
     *                          I/O wait and steal), or -1.
     * @param machineStealTicks ticks the hypervisor ran something else while a CPU of this machine wanted to run, or -1.
     * @param machineTotalTicks all CPU ticks of the machine, or -1.
     * @param gcCount           collections so far ({@link CollectorTotals#collections}: a concurrent collector's
     *                          cycles, not its pauses too).
     * @param gcMillis          collection pause time so far ({@link CollectorTotals#pauseMillis}: a concurrent
     *                          collector's pauses, not its cycles' time).
     */
    record Sample(
        long nanoTime,
        long shardCpuNanos,
        long shardAllocated,
        long maintenanceCpuNanos,
        long processCpuNanos,
        long machineBusyTicks,
        long machineStealTicks,
        long machineTotalTicks,
        long gcCount,
        long gcMillis)
    {
    }

    private ThreadProbe()
    {
    }

    static Sample sample(final Collection<Thread> shardThreads)
    {
        return sample(shardThreads, ManagementFactory.getGarbageCollectorMXBeans());
    }

    /**
     * @param shardThreads the shard threads.
     * @param collectors   the JVM's garbage collectors' beans: for tests, collectors other than this JVM's.
     * @return a sample now.
     */
    static Sample sample(final Collection<Thread> shardThreads, final List<GarbageCollectorMXBean> collectors)
    {
        long shardCpu = 0;
        long shardAllocated = 0;
        for (final Thread thread : shardThreads)
        {
            shardCpu += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
            shardAllocated += Math.max(0, THREADS.getThreadAllocatedBytes(thread.getId()));
        }
        final long maintenanceCpu = maintenanceCpuNanos();
        final long[] machine = machineTicks();
        return new Sample(System.nanoTime(), shardCpu, shardAllocated, maintenanceCpu, OS.getProcessCpuTime(),
            machine[0], machine[1], machine[2], CollectorTotals.collections(collectors),
            CollectorTotals.pauseMillis(collectors));
    }

    /**
     * @return CPU time so far of the journals' background threads ({@code journal-maint-*}) alive now.
     */
    static long maintenanceCpuNanos()
    {
        long nanos = 0;
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith(MAINTENANCE_PREFIX))
            {
                nanos += Math.max(0, THREADS.getThreadCpuTime(thread.getId()));
            }
        }
        return nanos;
    }

    /**
     * @return {busy, steal, total} ticks of every CPU from the first line of {@code /proc/stat}, or {-1, -1, -1}.
     */
    private static long[] machineTicks()
    {
        try
        {
            return parseStatCpuLine(Files.readAllLines(Path.of("/proc/stat")).get(0));
        }
        catch (final IOException | RuntimeException ex)
        {
            return new long[] { -1, -1, -1 };
        }
    }

    /**
     * Split the aggregate {@code cpu} line of {@code /proc/stat} (user, nice, system, idle, iowait, irq, softirq, steal,
     * then guest times already counted in user and nice) into time the machine's processes ran, time the hypervisor
     * took the CPUs away (steal: on a virtual machine, e.g. while it handles the guest's disk writes) and the total.
     *
     * @param line the line, e.g. {@code "cpu  97149 0 31838 203670 1055 0 124 917 0 0"}.
     * @return {busy, steal, total} ticks.
     * @throws IllegalArgumentException if it is not such a line.
     */
    static long[] parseStatCpuLine(final String line)
    {
        final String[] fields = line.trim().split("\\s+");
        if (fields.length < 5 || !"cpu".equals(fields[0]))
        {
            throw new IllegalArgumentException("not the cpu line of /proc/stat: " + line);
        }
        long total = 0;
        long idle = 0;
        long steal = 0;
        for (int i = 1; i < fields.length && i <= 8; i++)
        {
            final long value = Long.parseLong(fields[i]);
            total += value;
            if (4 == i || 5 == i)
            {
                idle += value;
            }
            else if (8 == i)
            {
                steal = value;
            }
        }
        return new long[] { total - idle - steal, steal, total };
    }

    /**
     * @return the one-minute load average, or -1.
     */
    static double loadAverage()
    {
        return OS.getSystemLoadAverage();
    }

    /**
     * @return CPUs the JVM may use.
     */
    static int processors()
    {
        return Runtime.getRuntime().availableProcessors();
    }
}
