package io.concurrengine.bench.pipeline;

import io.concurrengine.tools.feed.PacedFeed;
import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * A running live pipeline under test: publishers on one side, shard threads running {@code ShardCore} on the other.
 * Implemented over the engine's Disruptor rings ({@link DisruptorPipeline}) and over {@code ArrayBlockingQueue}
 * ({@code alternatives.BlockingQueuePipeline}) so that both are driven and measured by the same code.
 * <p>
 * {@link #publish} may be called from one publisher thread; every other method from the harness thread.
 */
public interface Pipeline
{
    /** Returned by {@link #publish} once the pipeline is stopping: nothing was accepted (the feed then stops). */
    long CLOSED = PacedFeed.CLOSED;

    /**
     * @return short name for reports, e.g. {@code "disruptor"}.
     */
    String name();

    /**
     * Publish one input, blocking while its shard's queue is full.
     *
     * @param target        routing and target key.
     * @param type          event type.
     * @param feedTime      feed time in engine units.
     * @param a0            payload word 0.
     * @param a1            payload word 1.
     * @param a2            payload word 2.
     * @param a3            payload word 3.
     * @param intendedNanos {@code System.nanoTime()} the input was due to be sent.
     * @return non-negative if accepted, else a negative code ({@link #CLOSED} or the engine's refusal codes).
     */
    long publish(long target, int type, long feedTime, long a0, long a1, long a2, long a3, long intendedNanos);

    /**
     * Latency recorded since the previous call, merged over the shards.
     *
     * @param journaled true for intended-send to journal-flushed, false for intended-send to dispatched.
     * @return a new histogram in nanoseconds.
     */
    Histogram takeIntervalLatency(boolean journaled);

    /**
     * @return inputs taken by the shards so far, as last published by them (any time).
     */
    long liveInputs();

    /**
     * @return events dispatched so far, as last published by the shards (any time).
     */
    long liveDispatched();

    /**
     * @return journal block bytes written so far, as last published by the shards (any time).
     */
    long liveJournalBytes();

    /**
     * Refuse new input, drain what was accepted, flush and close the journals, end the shard threads.
     *
     * @param timeoutNanos how long to wait for the drain.
     * @return true if everything drained without failure.
     */
    boolean stop(long timeoutNanos);

    /**
     * @return exact inputs once stopped.
     */
    long inputs();

    /**
     * @return exact dispatches once stopped.
     */
    long dispatched();

    /**
     * @return the shards' units of work that took input (the engine's {@code batches} counters), once stopped:
     * inputs divided by it is about the mean batch a shard takes at a time; -1 if the pipeline does not count them.
     */
    default long batches()
    {
        return -1;
    }

    /**
     * @return exact journal bytes once stopped.
     */
    long journalBytes();

    /**
     * @return combined model state hash once stopped.
     */
    long stateHash();

    /**
     * @return the shard threads while they run.
     */
    List<Thread> shardThreads();
}
