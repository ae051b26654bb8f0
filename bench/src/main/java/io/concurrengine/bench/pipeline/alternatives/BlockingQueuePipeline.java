package io.concurrengine.bench.pipeline.alternatives;

import io.concurrengine.bench.pipeline.Pipeline;
import io.concurrengine.bench.pipeline.PipelineConfig;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.BatchLatencyRecorder;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.Partitioner;
import io.concurrengine.pipeline.ShardCore;
import io.concurrengine.pipeline.ShardJournal;
import io.concurrengine.pipeline.ShardModel;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The engine's shard logic fed through one {@link ArrayBlockingQueue} per shard instead of Disruptor rings; see the
 * package note. Same partitioner ({@link Partitioner#hash()}), event-time stamping, journal group commit
 * ({@link PipelineConfig#flushIntervalNanos()}), and latency from the intended send time to dispatch and to journal
 * flush.
 * <p>
 * {@link #publish} allocates one {@link Input} per call; it blocks in {@code put} while the queue is full.
 */
public final class BlockingQueuePipeline implements Pipeline
{
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(30);

    private final int shardCount;
    private final Partitioner partitioner = Partitioner.hash();
    private final ArrayBlockingQueue<Input>[] queues;
    private final QueueShard[] shards;
    private final Thread[] threads;
    private final Histogram[] recycledDispatch;
    private final Histogram[] recycledJournal;
    private volatile boolean closed;

    /**
     * Build the queues and start the shard threads; each opens its journal on its own thread.
     *
     * @param config what to build.
     */
    @SuppressWarnings({ "unchecked", "rawtypes" })
    public BlockingQueuePipeline(final PipelineConfig config)
    {
        shardCount = config.shards();
        queues = new ArrayBlockingQueue[shardCount];
        shards = new QueueShard[shardCount];
        threads = new Thread[shardCount];
        recycledDispatch = new Histogram[shardCount];
        recycledJournal = new Histogram[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            final int shardId = i;
            queues[i] = new ArrayBlockingQueue<>(config.queueCapacity());
            final ShardModel model = config.models().create(i, shardCount);
            shards[i] = new QueueShard(queues[i], config.batchLimit(), config.flushIntervalNanos(), () ->
            {
                final ShardJournal journal = config.journals().open(shardId, shardCount, model);
                // sized as the engine's shard sizes it (the model's expected timers): it does not grow while measured
                final EventWheel wheel = new EventWheel(config.wheelSlots(), config.wheelSlotShift(),
                    ShardModel.wheelCapacity(PipelineConfig.INITIAL_WHEEL_CAPACITY, model, shardId), 0);
                return new ShardCore(shardId, wheel, model, journal, config.errorHandler(), null);
            }, config.errorHandler());
            threads[i] = new Thread(shards[i], "abq-shard-" + i);
        }
        for (final Thread thread : threads)
        {
            thread.start();
        }
        for (final QueueShard shard : shards)
        {
            final Throwable failure = shard.awaitStarted(START_TIMEOUT_NANOS);
            if (null != failure)
            {
                stop(START_TIMEOUT_NANOS);
                throw new IllegalStateException("blocking-queue pipeline failed to start: " + failure, failure);
            }
        }
    }

    @Override
    public String name()
    {
        return "abq";
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
        if (closed)
        {
            return CLOSED;
        }
        final int shard = partitioner.shardFor(target, shardCount);
        try
        {
            queues[shard].put(new Input(type, target, feedTime, a0, a1, a2, a3, intendedNanos));
            return 0;
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return CLOSED;
        }
    }

    @Override
    public synchronized Histogram takeIntervalLatency(final boolean journaled)
    {
        final Histogram merged = new Histogram(PipelineConfig.LATENCY_DIGITS);
        for (int i = 0; i < shardCount; i++)
        {
            final BatchLatencyRecorder recorder = journaled ? shards[i].journalLatency : shards[i].dispatchLatency;
            final Histogram[] recycled = journaled ? recycledJournal : recycledDispatch;
            recycled[i] = recorder.intervalHistogram(recycled[i]);
            merged.add(recycled[i]);
        }
        return merged;
    }

    @Override
    public long liveInputs()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.liveInputs.get();
        }
        return sum;
    }

    @Override
    public long liveDispatched()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.liveDispatched.get();
        }
        return sum;
    }

    @Override
    public long liveJournalBytes()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.liveJournalBytes.get();
        }
        return sum;
    }

    @Override
    public boolean stop(final long timeoutNanos)
    {
        closed = true;
        final long deadline = System.nanoTime() + timeoutNanos;
        boolean ok = true;
        try
        {
            for (final ArrayBlockingQueue<Input> queue : queues)
            {
                // Behind everything accepted: the shard drains up to it, flushes and closes its journal.
                if (!queue.offer(Input.END, Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS))
                {
                    ok = false;
                }
            }
            for (final Thread thread : threads)
            {
                TimeUnit.NANOSECONDS.timedJoin(thread, Math.max(1, deadline - System.nanoTime()));
                ok &= !thread.isAlive();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            ok = false;
        }
        for (final QueueShard shard : shards)
        {
            ok &= null == shard.failure;
        }
        return ok;
    }

    @Override
    public long inputs()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.core().inputs();
        }
        return sum;
    }

    @Override
    public long dispatched()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.core().dispatched();
        }
        return sum;
    }

    @Override
    public long journalBytes()
    {
        long sum = 0;
        for (final QueueShard shard : shards)
        {
            sum += shard.core().journal().bytesWritten();
        }
        return sum;
    }

    @Override
    public long stateHash()
    {
        final long[] hashes = new long[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            hashes[i] = shards[i].core().model().stateHash();
        }
        return Engine.combineStateHashes(hashes);
    }

    /**
     * @param shard a shard.
     * @return its core, once started.
     */
    ShardCore core(final int shard)
    {
        return shards[shard].core();
    }

    @Override
    public List<Thread> shardThreads()
    {
        final List<Thread> alive = new ArrayList<>();
        for (final Thread thread : threads)
        {
            if (thread.isAlive())
            {
                alive.add(thread);
            }
        }
        return alive;
    }
}
