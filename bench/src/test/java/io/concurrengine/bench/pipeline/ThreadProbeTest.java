package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ThreadProbeTest
{
    private static final com.sun.management.ThreadMXBean THREADS =
        (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();

    @Test
    void shouldSeparateStealFromTheTimeTheMachinesProcessesRan()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        final long[] ticks = ThreadProbe.parseStatCpuLine("cpu  97149 3 31838 203670 1055 7 124 917 40 2");

        final long busy = 97149 + 3 + 31838 + 7 + 124;
        final long steal = 917;
        final long total = busy + 203670 + 1055 + steal; // guest time is already in user and nice
        assertArrayEquals(new long[] { busy, steal, total }, ticks);
    }

    @Test
    void shouldReadAnOldKernelsLineWithoutSteal()
    {
        assertArrayEquals(new long[] { 6, 0, 10 }, ThreadProbe.parseStatCpuLine("cpu 1 2 3 4"));
    }

    @Test
    void shouldCountNoCpuOrAllocationOfAShardThreadThatHasEnded() throws InterruptedException
    {
        final Thread ended = new Thread(() ->
        {
        });
        ended.start();
        ended.join();

        final ThreadProbe.Sample sample = ThreadProbe.sample(List.of(ended));

        assertEquals(0, sample.shardCpuNanos(), "the JVM answers -1 for a thread that ended");
        assertEquals(0, sample.shardAllocated());
        assertTrue(sample.machineTotalTicks() > 0 && sample.machineBusyTicks() > 0, "Linux has /proc/stat");
    }

    @Test
    void shouldSumTheCpuAndAllocationOfTheShardThreadsAndReadTheCollectionsAndCpus()
    {
        final long cpuBefore = THREADS.getCurrentThreadCpuTime();
        final long allocatedBefore = THREADS.getCurrentThreadAllocatedBytes();
        System.gc();

        final ThreadProbe.Sample sample = ThreadProbe.sample(List.of(Thread.currentThread()));

        assertTrue(sample.shardCpuNanos() >= cpuBefore, sample.toString());
        assertTrue(sample.shardAllocated() >= allocatedBefore, sample.toString());
        assertTrue(sample.gcCount() > 0, "System.gc() collected: " + sample);
        assertEquals(Runtime.getRuntime().availableProcessors(), ThreadProbe.processors());
    }

    /**
     * ZGC and Shenandoah give each collector a "... Cycles" bean, whose time the application ran through, and a
     * "... Pauses" bean, several pauses a cycle: summed, as the soak's sampler did before, they made a run's
     * collections the cycles and pauses together and its GC time the cycles' time.
     */
    @Test
    void shouldCountTheCyclesAsCollectionsAndThePausesAsPauseTimeOfACollectorThatGivesBoth()
    {
        final List<GarbageCollectorMXBean> collectors = List.of(new FakeCollector("ZGC Cycles", 5, 400),
            new FakeCollector("ZGC Pauses", 15, 3), new FakeCollector("G1 Young Generation", 7, 90));

        final ThreadProbe.Sample sample = ThreadProbe.sample(List.of(), collectors);

        assertEquals(12, sample.gcCount(), "5 ZGC cycles and 7 G1 young collections, not ZGC's 15 pauses too");
        assertEquals(93, sample.gcMillis(), "3 ms of ZGC pauses and 90 of G1's, not ZGC's 400 ms of cycles");
    }

    @Test
    void shouldAddTheCpuOfAJournalsBackgroundThreadAliveNow() throws InterruptedException
    {
        final long burnNanos = TimeUnit.MILLISECONDS.toNanos(20);
        final long before = ThreadProbe.maintenanceCpuNanos();
        final CountDownLatch burnt = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final Thread maintenance = new Thread(() ->
        {
            while (THREADS.getCurrentThreadCpuTime() < burnNanos)
            {
                Thread.onSpinWait();
            }
            burnt.countDown();
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, "journal-maint-test");
        maintenance.start();
        try
        {
            burnt.await();

            final long after = ThreadProbe.maintenanceCpuNanos();

            assertTrue(after - before >= burnNanos, before + " then " + after);
        }
        finally
        {
            release.countDown();
            maintenance.join();
        }
    }

    @Test
    void shouldRefuseALineThatIsNotTheCpuTotal()
    {
        assertThrows(IllegalArgumentException.class, () -> ThreadProbe.parseStatCpuLine("cpu0 1 2 3 4 5 6 7 8"));
        assertThrows(IllegalArgumentException.class, () -> ThreadProbe.parseStatCpuLine("intr 1 2 3 4 5"));
    }

    /**
     * A collector's bean with fixed counts.
     */
    private record FakeCollector(String getName, long getCollectionCount, long getCollectionTime)
        implements GarbageCollectorMXBean
    {
        @Override
        public boolean isValid()
        {
            return true;
        }

        @Override
        public String[] getMemoryPoolNames()
        {
            return new String[0];
        }

        @Override
        public javax.management.ObjectName getObjectName()
        {
            return null;
        }
    }
}
