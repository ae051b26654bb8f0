package io.concurrengine.bench.pipeline;

import io.concurrengine.pipeline.Backpressure;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.pipeline.TimeMode;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.CountersManager;

import java.util.ArrayList;
import java.util.List;
import java.util.function.IntToLongFunction;

/**
 * The engine under test: {@link Engine} with its Disruptor rings (claimed as {@code engine.publishers} says: one
 * publisher thread by default, as the bench's feed is), BLOCK backpressure, the configured journal group commit
 * interval ({@code journal.flush_interval}, as {@code concurrengine run} passes it), event-time stamps in
 * microseconds. Live journal bytes are read from the engine's counters by label, as a {@code stat} tool would.
 */
public final class DisruptorPipeline implements Pipeline
{
    private static final String SHARD_THREAD_PREFIX = "concurrengine-shard-";
    private static final String JOURNAL_BYTES_LABEL = ": journal bytes";

    private final Engine engine;
    private final CountersManager counters;
    private final int[] journalBytesCounters;

    /**
     * Build and start the engine.
     *
     * @param config what to build.
     */
    public DisruptorPipeline(final PipelineConfig config)
    {
        counters = EngineBuilder.inMemoryCounters();
        engine = Engine.builder()
            .shards(config.shards())
            .ringSize(config.queueCapacity())
            .publishers(config.publishers())
            .batchLimit(config.batchLimit())
            .minBatch(config.minBatch())
            .maxBatchDelay(config.maxBatchDelayNanos())
            .journalFlushInterval(config.flushIntervalNanos())
            .backpressure(Backpressure.BLOCK)
            .timeMode(TimeMode.EVENT_TIME)
            .timeUnitNanos(PipelineConfig.TIME_UNIT_NANOS)
            .wheel(config.wheelSlots(), config.wheelSlotShift())
            .idleStrategy(config.idleStrategy())
            .model(config.models())
            .journal(config.journals())
            .errorHandler(config.errorHandler())
            .counters(counters)
            .build()
            .start();
        final List<Integer> ids = new ArrayList<>();
        counters.forEach((counterId, typeId, keyBuffer, label) ->
        {
            if (label.endsWith(JOURNAL_BYTES_LABEL))
            {
                ids.add(counterId);
            }
        });
        journalBytesCounters = ids.stream().mapToInt(Integer::intValue).toArray();
    }

    @Override
    public String name()
    {
        return "disruptor";
    }

    @Override
    public long publish(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        return engine.publish(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    @Override
    public Histogram takeIntervalLatency(final boolean journaled)
    {
        return engine.takeIntervalLatency(journaled);
    }

    @Override
    public long liveInputs()
    {
        return sumOverShards(shard -> engine.counters(shard).inputs());
    }

    @Override
    public long liveDispatched()
    {
        return sumOverShards(shard -> engine.counters(shard).dispatched());
    }

    @Override
    public long liveJournalBytes()
    {
        long sum = 0;
        for (final int id : journalBytesCounters)
        {
            sum += counters.getCounterValue(id);
        }
        return sum;
    }

    @Override
    public boolean stop(final long timeoutNanos)
    {
        return engine.stop(timeoutNanos);
    }

    @Override
    public long inputs()
    {
        return sumOverShards(shard -> engine.shard(shard).inputs());
    }

    @Override
    public long batches()
    {
        return sumOverShards(shard -> engine.counters(shard).batches());
    }

    @Override
    public long dispatched()
    {
        return sumOverShards(shard -> engine.shard(shard).dispatched());
    }

    @Override
    public long journalBytes()
    {
        long sum = 0;
        for (int i = 0; i < engine.shardCount(); i++)
        {
            sum += engine.shard(i).journal().bytesWritten();
        }
        return sum;
    }

    @Override
    public long stateHash()
    {
        return engine.stateHash();
    }

    @Override
    public List<Thread> shardThreads()
    {
        final List<Thread> threads = new ArrayList<>();
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().startsWith(SHARD_THREAD_PREFIX))
            {
                threads.add(thread);
            }
        }
        return threads;
    }

    /**
     * @return the engine, for its failure and counters.
     */
    public Engine engine()
    {
        return engine;
    }

    private long sumOverShards(final IntToLongFunction perShard)
    {
        long sum = 0;
        for (int i = 0; i < engine.shardCount(); i++)
        {
            sum += perShard.applyAsLong(i);
        }
        return sum;
    }
}
