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
        final Thread worker = worker(start, TimeUnit.MILLISECONDS.toNanos(20), worked, end);
        final Thread idle = new Thread(() -> awaitUninterruptibly(end), "concurrengine-shard-2");
        worker.start();
        idle.start();
        try
        {
            awaitWaiting(worker);
            awaitWaiting(idle);
            assertBracketed(new ResourceProbe(), worker, 2, start::countDown, worked);
        }
        finally
        {
            end.countDown();
            worker.join();
            idle.join();
        }
    }

    /**
     * An engine names its shard threads by shard alone: a stopped engine's thread, still ending when the next engine
     * starts (as the burst's may when the paced run starts, or the warm-up's when the measured run does), has the
     * name of the new engine's. It was counted as one of the new engine's threads, and once it had ended its CPU time
     * counted as none: the utilisation came out below 0 (the table printed "-0%" or worse) and was divided by a thread
     * too many. The newest thread of each name is the new engine's.
     */
    @Test
    void shouldCountOnlyTheNewestShardThreadOfEachNameNotAStoppedEnginesThreadStillEnding()
        throws InterruptedException
    {
        assertEquals(List.of(), shardThreads(), "no engine's shard thread still running");
        final CountDownLatch stopped = new CountDownLatch(1);
        final Thread ending = new Thread(() ->
        {
            work(TimeUnit.MILLISECONDS.toNanos(20));
            awaitUninterruptibly(stopped);
        }, "concurrengine-shard-1");
        ending.start();
        final CountDownLatch start = new CountDownLatch(1);
        final CountDownLatch worked = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        final Thread current = worker(start, TimeUnit.MILLISECONDS.toNanos(5), worked, end);
        current.start();
        try
        {
            awaitWaiting(ending);
            awaitWaiting(current);
            assertBracketed(new ResourceProbe(), current, 1, () ->
            {
                stopped.countDown();
                join(ending);
                start.countDown();
            }, worked);
        }
        finally
        {
            stopped.countDown();
            end.countDown();
            ending.join();
            current.join();
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

    /**
     * Start the probe, set {@code worker} working and wait until it has worked and waits again, then tick: the
     * probe's utilisation is at least the worker's CPU time over the longest wall time it can have measured, per
     * shard thread, and at most the worker's over the shortest, as the test reads them just before and after each
     * call.
     *
     * @param threads the shard threads the probe should divide by.
     * @param work    sets the worker working.
     * @param worked  counted down once the worker has worked.
     */
    private static void assertBracketed(final ResourceProbe probe, final Thread worker, final int threads,
        final Runnable work, final CountDownLatch worked) throws InterruptedException
    {
        final long cpuBeforeStart = THREADS.getThreadCpuTime(worker.getId());
        final long beforeStart = System.nanoTime();
        probe.onStart(null, beforeStart);
        final long afterStart = System.nanoTime();
        final long cpuAfterStart = THREADS.getThreadCpuTime(worker.getId());
        work.run();
        worked.await();
        awaitWaiting(worker);
        final long cpuBeforeTick = THREADS.getThreadCpuTime(worker.getId());
        final long beforeTick = System.nanoTime();
        probe.onTick(null, 0, 0);
        final long afterTick = System.nanoTime();
        final long cpuAfterTick = THREADS.getThreadCpuTime(worker.getId());

        final double least = (double)(cpuBeforeTick - cpuAfterStart) / ((double)threads * (afterTick - beforeStart));
        final double most = (double)(cpuAfterTick - cpuBeforeStart) / ((double)threads * (beforeTick - afterStart));
        final double utilisation = probe.shardUtilisation();
        assertTrue(0 < least && least <= utilisation && utilisation <= most,
            least + " <= " + utilisation + " <= " + most);
    }

    /**
     * @return a thread named as an engine's shard 1 that waits for {@code start}, works for {@code cpuNanos} of CPU
     * time, counts {@code worked} down and waits for {@code end}.
     */
    private static Thread worker(
        final CountDownLatch start, final long cpuNanos, final CountDownLatch worked, final CountDownLatch end)
    {
        return new Thread(() ->
        {
            awaitUninterruptibly(start);
            work(cpuNanos);
            worked.countDown();
            awaitUninterruptibly(end);
        }, "concurrengine-shard-1");
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    /**
     * Spin on this thread until it has had {@code cpuNanos} of CPU time.
     */
    private static void work(final long cpuNanos)
    {
        final long from = THREADS.getCurrentThreadCpuTime();
        while (THREADS.getCurrentThreadCpuTime() - from < cpuNanos)
        {
            Thread.onSpinWait();
        }
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
