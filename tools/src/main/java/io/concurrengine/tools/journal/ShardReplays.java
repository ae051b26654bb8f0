package io.concurrengine.tools.journal;

import io.concurrengine.pipeline.replay.ReplayResult;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Shards' replays run side by side on a few threads of their own, each replay's outcome kept in a slot that the
 * thread running it fills with plain field writes, which allocate nothing. A replay that runs the heap out still
 * leaves its error there, and one whose thread ended without leaving an outcome (its error could not even be caught)
 * is said to have ended so: {@link #await} never waits for an outcome that cannot come, as {@code Future.get} did when
 * the heap ran out while a {@code FutureTask} stored its task's error.
 * <p>
 * Thread {@code t} of {@code n} runs the replays {@code t}, {@code t + n}, {@code t + 2n}, ... in that order; replays
 * are independent of each other, so which thread runs one changes no result.
 */
final class ShardReplays
{
    /**
     * How long {@link #await} parks between looks at an unfinished replay's thread; a replay that ends wakes it at
     * once.
     */
    private static final long LOOK_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Slot[] slots;
    private final Thread[] threads;

    /**
     * @param replays     the replays, in the order {@link #await} takes them.
     * @param threadCount how many threads run them, at least 1 (at most one per replay is used).
     * @param factory     makes the threads, not yet started.
     */
    ShardReplays(final List<Callable<ReplayResult>> replays, final int threadCount, final ThreadFactory factory)
    {
        if (threadCount < 1)
        {
            throw new IllegalArgumentException("threadCount must be at least 1: " + threadCount);
        }
        slots = new Slot[replays.size()];
        for (int i = 0; i < slots.length; i++)
        {
            slots[i] = new Slot(replays.get(i));
        }
        threads = new Thread[Math.min(threadCount, slots.length)];
        final Thread waiter = Thread.currentThread();
        for (int t = 0; t < threads.length; t++)
        {
            final int first = t;
            threads[t] = factory.newThread(() -> runFrom(first, waiter));
        }
    }

    /**
     * Start the threads.
     *
     * @return this.
     */
    ShardReplays start()
    {
        for (final Thread thread : threads)
        {
            thread.start();
        }
        return this;
    }

    /**
     * @return how many replays there are.
     */
    int size()
    {
        return slots.length;
    }

    /**
     * Wait for replay {@code index} to end, whatever its outcome, which {@link #outcome} then gives: until it has an
     * outcome, or its thread has ended without giving it one.
     *
     * @param index the replay, in the order given to the constructor.
     * @throws IllegalStateException if this thread is interrupted while it waits (its interrupt status is set again).
     */
    void awaitEnd(final int index)
    {
        final Slot slot = slots[index];
        final Thread thread = threads[index % threads.length];
        while (!slot.ended && thread.isAlive())
        {
            LockSupport.parkNanos(this, LOOK_NANOS);
            if (Thread.interrupted())
            {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while replaying");
            }
        }
    }

    /**
     * Replay {@code index}'s outcome, once it has ended ({@link #awaitEnd}).
     *
     * @param index the replay, in the order given to the constructor.
     * @return its result.
     * @throws RuntimeException      what the replay threw, as itself (an {@link IllegalStateException} wraps a checked
     *                               exception).
     * @throws Error                 what the replay threw, as itself ({@link OutOfMemoryError}, say).
     * @throws IllegalStateException if the replay's thread ended without an outcome, or the replay has not ended.
     */
    ReplayResult outcome(final int index)
    {
        final Slot slot = slots[index];
        final Throwable failure = slot.failure;
        if (null != failure)
        {
            if (failure instanceof RuntimeException)
            {
                throw (RuntimeException)failure;
            }
            if (failure instanceof Error)
            {
                throw (Error)failure;
            }
            throw new IllegalStateException(failure);
        }
        if (slot.ended)
        {
            return slot.result;
        }
        final Thread thread = threads[index % threads.length];
        if (thread.isAlive())
        {
            throw new IllegalStateException("replay " + index + " has not ended");
        }
        throw new IllegalStateException("its replay thread " + thread.getName() + " ended without a result or an " +
            "error to report (standard error says what ended it)");
    }

    private void runFrom(final int first, final Thread waiter)
    {
        for (int i = first; i < slots.length; i += threads.length)
        {
            final Slot slot = slots[i];
            try
            {
                slot.result = slot.replay.call();
            }
            catch (final Throwable ex)
            {
                // a field write: nothing here allocates, so an OutOfMemoryError is kept as surely as any other error
                slot.failure = ex;
            }
            finally
            {
                slot.ended = true;
                LockSupport.unpark(waiter);
            }
        }
    }

    /**
     * One replay and its outcome: a result or what it threw, then {@code ended}.
     */
    private static final class Slot
    {
        private final Callable<ReplayResult> replay;
        private volatile ReplayResult result;
        private volatile Throwable failure;
        private volatile boolean ended;

        private Slot(final Callable<ReplayResult> replay)
        {
            this.replay = replay;
        }
    }
}
