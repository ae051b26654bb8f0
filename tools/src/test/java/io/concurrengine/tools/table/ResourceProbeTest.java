package io.concurrengine.tools.table;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.lang.ref.Reference;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceProbeTest
{
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    @Test
    void shouldTimeTheColdStartToTheFirstEngineRunningTheWarmUpsWhenThereIsOne() throws InterruptedException
    {
        final ResourceProbe probe = new ResourceProbe();
        final long before = uptime();
        probe.onWarmUpStart(null);
        final long after = uptime();
        Thread.sleep(20);
        probe.onStart(null, System.nanoTime());

        final long coldStart = probe.coldStartMillis();
        assertTrue(before <= coldStart && coldStart <= after,
            "the warm-up engine's start, not the measured engine's: " + before + " <= " + coldStart + " <= " + after);
    }

    @Test
    void shouldTimeTheColdStartToTheMeasuredEngineWithoutAWarmUp()
    {
        final ResourceProbe probe = new ResourceProbe();
        assertEquals(-1, probe.coldStartMillis(), "not measured before any engine ran");
        final long before = uptime();
        probe.onStart(null, System.nanoTime());
        final long after = uptime();

        assertTrue(before <= probe.coldStartMillis() && probe.coldStartMillis() <= after, "" + probe.coldStartMillis());
    }

    /**
     * Two threads named as an engine names its shard threads: one works for 20 ms of CPU time between the start and
     * the tick, the other waits throughout. The utilisation is their CPU time over the wall time between the start and
     * the tick, per thread: bounded here by what the test reads just before and after each call.
     */
    @Test
    void shouldDivideTheShardThreadsCpuTimeSinceTheStartByTheWallTimeAndTheirCount() throws InterruptedException
    {
        assertEquals(List.of(), shardThreads(), "no engine's shard thread still running");
        final CountDownLatch start = new CountDownLatch(1);
        final CountDownLatch worked = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        final Thread worker = new Thread(() ->
        {
            awaitUninterruptibly(start);
            final long from = THREADS.getCurrentThreadCpuTime();
            while (THREADS.getCurrentThreadCpuTime() - from < TimeUnit.MILLISECONDS.toNanos(20))
            {
                Thread.onSpinWait();
            }
            worked.countDown();
            awaitUninterruptibly(end);
        }, "concurrengine-shard-1");
        final Thread idle = new Thread(() -> awaitUninterruptibly(end), "concurrengine-shard-2");
        worker.start();
        idle.start();
        try
        {
            awaitWaiting(worker);
            awaitWaiting(idle);
            final ResourceProbe probe = new ResourceProbe();
            final long cpuBeforeStart = THREADS.getThreadCpuTime(worker.getId());
            final long beforeStart = System.nanoTime();
            probe.onStart(null, beforeStart);
            final long afterStart = System.nanoTime();
            final long cpuAfterStart = THREADS.getThreadCpuTime(worker.getId());
            start.countDown();
            worked.await();
            awaitWaiting(worker);
            final long cpuBeforeTick = THREADS.getThreadCpuTime(worker.getId());
            final long beforeTick = System.nanoTime();
            probe.onTick(null, 0, 0);
            final long afterTick = System.nanoTime();
            final long cpuAfterTick = THREADS.getThreadCpuTime(worker.getId());

            final double least = (double)(cpuBeforeTick - cpuAfterStart) / (2.0 * (afterTick - beforeStart));
            final double most = (double)(cpuAfterTick - cpuBeforeStart) / (2.0 * (beforeTick - afterStart));
            final double utilisation = probe.shardUtilisation();
            assertTrue(0 < least && least <= utilisation && utilisation <= most,
                least + " <= " + utilisation + " <= " + most);
        }
        finally
        {
            end.countDown();
            worker.join();
            idle.join();
        }
    }

    @Test
    void shouldGiveNoUtilisationBeforeATickOrWithoutShardThreadsRatherThanNotANumber()
    {
        assertEquals(List.of(), shardThreads(), "no engine's shard thread still running");
        final ResourceProbe probe = new ResourceProbe();
        assertEquals(0.0, probe.shardUtilisation(), "nothing measured yet");
        probe.onStart(null, System.nanoTime());
        assertEquals(0.0, probe.shardUtilisation(), "no time measured yet");
        probe.onTick(null, 0, 0);
        assertEquals(0.0, probe.shardUtilisation(), "no shard thread to divide by");
    }

    @Test
    void shouldKeepThePeaksOfTheResidentSetHeapDirectAndMappedMemoryAtEachTick()
    {
        final ByteBuffer direct = ByteBuffer.allocateDirect(1 << 20);
        final ResourceProbe probe = new ResourceProbe();
        probe.onStart(null, System.nanoTime());
        probe.onTick(null, 0, 0);

        assertTrue(probe.peakRssBytes() > 0, "the resident set: " + probe.peakRssBytes());
        assertTrue(probe.peakHeapBytes() > 0 && probe.peakHeapBytes() <= Runtime.getRuntime().maxMemory(),
            "the heap in use: " + probe.peakHeapBytes());
        assertTrue(probe.peakDirectBytes() >= direct.capacity(), "a direct buffer: " + probe.peakDirectBytes());
        assertTrue(probe.peakMappedBytes() > 0 && probe.peakMappedBytes() <= probe.peakRssBytes(),
            "resident file mappings (the JVM's libraries): " + probe.peakMappedBytes());
        Reference.reachabilityFence(direct);
    }

    private static List<Thread> shardThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("concurrengine-shard-")).toList();
    }

    private static void awaitWaiting(final Thread thread) throws InterruptedException
    {
        while (Thread.State.WAITING != thread.getState())
        {
            assertTrue(thread.isAlive(), thread.getName());
            Thread.sleep(1);
        }
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        while (true)
        {
            try
            {
                latch.await();
                return;
            }
            catch (final InterruptedException ex)
            {
                // wait on: the test ends it with the latch
            }
        }
    }

    private static long uptime()
    {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
