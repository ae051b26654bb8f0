package io.concurrengine.bench.pipeline.alternatives;

import io.concurrengine.bench.pipeline.PipelineConfig;
import io.concurrengine.pipeline.ShardCore;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.ErrorHandler;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One shard thread of the blocking-queue pipeline: block in {@code take()}, {@code drainTo} up to the batch limit into
 * a preallocated list, stamp and hand each input to the {@link ShardCore}, flush the journal, record latency, publish
 * counts. Mirrors the engine's {@code ShardAgent} step for step except for the queue.
 */
final class QueueShard implements Runnable
{
    final SingleWriterRecorder dispatchLatency = new SingleWriterRecorder(PipelineConfig.LATENCY_DIGITS);
    final SingleWriterRecorder journalLatency = new SingleWriterRecorder(PipelineConfig.LATENCY_DIGITS);
    final AtomicLong liveInputs = new AtomicLong();
    final AtomicLong liveDispatched = new AtomicLong();
    final AtomicLong liveJournalBytes = new AtomicLong();

    private final ArrayBlockingQueue<Input> queue;
    private final int batchLimit;
    private final Supplier<ShardCore> coreFactory;
    private final ErrorHandler errorHandler;
    private final ArrayList<Input> batch;
    private final long[] batchIntendedNanos;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ShardCore core;
    volatile Throwable failure;

    QueueShard(
        final ArrayBlockingQueue<Input> queue,
        final int batchLimit,
        final Supplier<ShardCore> coreFactory,
        final ErrorHandler errorHandler)
    {
        this.queue = queue;
        this.batchLimit = batchLimit;
        this.coreFactory = coreFactory;
        this.errorHandler = errorHandler;
        this.batch = new ArrayList<>(batchLimit);
        this.batchIntendedNanos = new long[batchLimit];
    }

    @Override
    public void run()
    {
        try
        {
            core = coreFactory.get();
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            started.countDown();
            return;
        }
        started.countDown();
        final ShardCore core = this.core;
        try
        {
            boolean end = false;
            while (!end)
            {
                batch.add(queue.take());
                queue.drainTo(batch, batchLimit - 1);
                end = onBatch(core);
                batch.clear();
            }
        }
        catch (final InterruptedException ex)
        {
            failure = ex;
        }
        catch (final RuntimeException | Error ex)
        {
            failure = ex;
            errorHandler.onError(ex);
        }
        finally
        {
            core.close();
            liveJournalBytes.set(core.journal().bytesWritten());
        }
    }

    private boolean onBatch(final ShardCore core)
    {
        final ArrayList<Input> batch = this.batch;
        final long[] intendedNanos = this.batchIntendedNanos;
        boolean end = false;
        int count = 0;
        for (int i = 0, n = batch.size(); i < n; i++)
        {
            final Input input = batch.get(i);
            if (Input.END == input)
            {
                end = true;
                continue;
            }
            final long time = core.stampEventTime(input.feedTime());
            core.input(time, input.type(), input.target(), input.a0(), input.a1(), input.a2(), input.a3());
            dispatchLatency.recordValue(Math.max(0, System.nanoTime() - input.intendedNanos()));
            intendedNanos[count++] = input.intendedNanos();
        }
        if (count > 0)
        {
            core.journal().flush();
            final long now = System.nanoTime();
            for (int i = 0; i < count; i++)
            {
                journalLatency.recordValue(Math.max(0, now - intendedNanos[i]));
            }
            liveInputs.lazySet(core.inputs());
            liveDispatched.lazySet(core.dispatched());
            liveJournalBytes.lazySet(core.journal().bytesWritten());
        }
        return end;
    }

    Throwable awaitStarted(final long timeoutNanos)
    {
        try
        {
            if (!started.await(timeoutNanos, TimeUnit.NANOSECONDS))
            {
                return new IllegalStateException("shard did not start within timeoutNanos=" + timeoutNanos);
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return ex;
        }
        return failure;
    }

    ShardCore core()
    {
        return core;
    }
}
