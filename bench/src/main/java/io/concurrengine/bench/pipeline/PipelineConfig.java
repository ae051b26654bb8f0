package io.concurrengine.bench.pipeline;

import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.ShardModelFactory;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;

import java.util.function.Supplier;

/**
 * What both pipelines under test are built from, so that they differ only in their queues: shard count, queue
 * capacity, inputs taken per drain, journal group commit interval, wheel geometry, models, journals. Time is in
 * microseconds from 0 and stamped in event-time mode, as {@code concurrengine run} does.
 *
 * @param shards         shard threads.
 * @param queueCapacity  inputs each shard's queue holds (the Disruptor ring size).
 * @param publishers     whether the engine's main rings are claimed by one publisher thread or by any (the blocking
 *                       queue takes any thread either way: it has no single-producer form).
 * @param batchLimit     inputs taken from a queue in one drain.
 * @param minBatch       batch coalescing of the engine's shards: inputs a shard waits for before it takes its main
 *                       ring ({@code engine.min_batch}; 1: at once). The blocking-queue shard does not coalesce: its
 *                       {@code take()} parks until an input arrives.
 * @param maxBatchDelayNanos the longest the engine's shard waits for them ({@code engine.max_batch_delay}).
 * @param flushIntervalNanos group commit: how long a journaled record may wait for the flush that writes its block
 *                       ({@code journal.flush_interval}; 0 flushes after every drained batch).
 * @param wheelSlots     wheel slots per shard.
 * @param wheelSlotShift log2 of the slot width.
 * @param models         one model per shard.
 * @param journals       one journal per shard, opened on the shard thread.
 * @param idleStrategy   the engine's idle strategy (the blocking queue parks in {@code take()} instead).
 * @param errorHandler   told of errors on shard threads.
 */
public record PipelineConfig(
    int shards,
    int queueCapacity,
    Publishers publishers,
    int batchLimit,
    int minBatch,
    long maxBatchDelayNanos,
    long flushIntervalNanos,
    int wheelSlots,
    int wheelSlotShift,
    ShardModelFactory models,
    ShardJournalFactory journals,
    Supplier<IdleStrategy> idleStrategy,
    ErrorHandler errorHandler)
{
    /** Nanoseconds per engine time unit: microseconds. */
    public static final long TIME_UNIT_NANOS = 1_000;

    /** Initial wheel node capacity per shard, as the engine uses (or the model's expected timers, if more). */
    public static final int INITIAL_WHEEL_CAPACITY = 1 << 16;

    /** Significant digits of every latency histogram, as the engine uses. */
    public static final int LATENCY_DIGITS = 3;
}
