package io.concurrengine.bench.pipeline.alternatives;

import io.concurrengine.bench.pipeline.PipelineConfig;
import io.concurrengine.pipeline.BatchLatencyRecorder;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.ShardCore;
import org.agrona.ErrorHandler;

import java.util.ArrayList;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * One shard thread of the blocking-queue pipeline: block in {@code take()}, {@code drainTo} up to the batch limit into
 * a preallocated list, stamp and hand each input to the {@link ShardCore}, record latency as the engine does (one
 * clock read per {@value #INPUTS_PER_CLOCK_READ} inputs and one at the end of the drained batch, an upper bound of each
 * input's dispatch time, recorded together when the batch ends; the batch's last reading also times the flush check),
 * publish counts, and flush
 * the journal as the engine's {@code ShardAgent} does, as a group commit: once the oldest unflushed record is
 * {@code flushIntervalNanos} old (0: after every drained batch), when the intended times kept for the journaled
 * latency are about to fill, and when the drain ends. While records wait for their flush the thread waits in
 * {@code poll} until the flush is due instead of in {@code take()}. Mirrors the engine's {@code ShardAgent} step for
 * step except for the queue.
 */
final class QueueShard implements Runnable
{
    /** Inputs dispatched per clock read for their dispatch latency, as the engine's {@code ShardAgent} reads it. */
    static final int INPUTS_PER_CLOCK_READ = 16;

    final BatchLatencyRecorder dispatchLatency =
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, PipelineConfig.LATENCY_DIGITS);
    final BatchLatencyRecorder journalLatency =
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, PipelineConfig.LATENCY_DIGITS);
    final AtomicLong liveInputs = new AtomicLong();
    final AtomicLong liveDispatched = new AtomicLong();
    final AtomicLong liveJournalBytes = new AtomicLong();

    private final ArrayBlockingQueue<Input> queue;
    private final int batchLimit;
    private final long flushIntervalNanos;
    private final Supplier<ShardCore> coreFactory;
    private final ErrorHandler errorHandler;
    private final ArrayList<Input> batch;
    private final long[] unflushedIntendedNanos;
    private int unflushedInputs;
    private int dispatchLatencyMark;
    /** Clock readings taken during the drained batch and the unflushed inputs each times, as ShardAgent keeps them. */
    private final long[] clockReadNanos;
    private final int[] clockReadInputs;
    private int clockReads;
    /** The reading at the end of the last batch that took input, 0 if none since the last flush check. */
    private long batchEndNanos;
    private long unflushedSinceNanos;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ShardCore core;
    volatile Throwable failure;

    QueueShard(
        final ArrayBlockingQueue<Input> queue,
        final int batchLimit,
        final long flushIntervalNanos,
        final Supplier<ShardCore> coreFactory,
        final ErrorHandler errorHandler)
    {
        this.queue = queue;
        this.batchLimit = batchLimit;
        this.flushIntervalNanos = flushIntervalNanos;
        this.coreFactory = coreFactory;
        this.errorHandler = errorHandler;
        this.batch = new ArrayList<>(batchLimit);
        this.unflushedIntendedNanos = new long[Math.max(4096, batchLimit * 4)]; // as ShardAgent sizes it
        this.clockReadNanos = new long[batchLimit / INPUTS_PER_CLOCK_READ + 1];
        this.clockReadInputs = new int[clockReadNanos.length];
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
                final Input first = unflushedInputs > 0 ? pollUntilFlushDue() : queue.take();
                if (null != first)
                {
                    batch.add(first);
                    queue.drainTo(batch, batchLimit - 1);
                    end = onBatch(core);
                    batch.clear();
                }
                final long now = 0 != batchEndNanos ? batchEndNanos : System.nanoTime();
                batchEndNanos = 0;
                if (end || unflushedInputs > 0 && (now - unflushedSinceNanos >= flushIntervalNanos ||
                    unflushedInputs > unflushedIntendedNanos.length - 2 * batchLimit))
                {
                    flushJournal(core);
                }
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
            dispatchLatency.endBatch(); // should recording itself fail, the reader must not wait for it forever
            core.close();
            liveJournalBytes.set(core.journal().bytesWritten());
        }
    }

    private Input pollUntilFlushDue() throws InterruptedException
    {
        final long wait = unflushedSinceNanos + flushIntervalNanos - System.nanoTime();
        return wait > 0 ? queue.poll(wait, TimeUnit.NANOSECONDS) : queue.poll();
    }

    private boolean onBatch(final ShardCore core)
    {
        final ArrayList<Input> batch = this.batch;
        final long[] intendedNanos = this.unflushedIntendedNanos;
        final int before = unflushedInputs;
        int count = before;
        int clockReadMark = dispatchLatencyMark;
        boolean end = false;
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
            intendedNanos[count++] = input.intendedNanos();
            if (count - clockReadMark >= INPUTS_PER_CLOCK_READ)
            {
                // an upper bound for the inputs since the last read, kept until the batch ends as ShardAgent keeps it
                clockReadNanos[clockReads] = System.nanoTime();
                clockReadInputs[clockReads++] = count;
                clockReadMark = count;
            }
        }
        if (count > before)
        {
            final long now = System.nanoTime();
            batchEndNanos = now;
            dispatchLatency.beginBatch();
            int from = dispatchLatencyMark;
            for (int i = 0; i < clockReads; i++)
            {
                dispatchLatency.recordSince(clockReadNanos[i], intendedNanos, from, clockReadInputs[i]);
                from = clockReadInputs[i];
            }
            dispatchLatency.recordSince(now, intendedNanos, from, count);
            dispatchLatency.endBatch();
            clockReads = 0;
            dispatchLatencyMark = count;
            if (0 == before)
            {
                unflushedSinceNanos = now;
            }
            unflushedInputs = count;
            liveInputs.lazySet(core.inputs());
            liveDispatched.lazySet(core.dispatched());
            liveJournalBytes.lazySet(core.journal().bytesWritten());
        }
        return end;
    }

    /**
     * Group commit: write what was recorded since the last flush, then record intended-send to journaled latency
     * for every input in it.
     */
    private void flushJournal(final ShardCore core)
    {
        core.journal().flush();
        final long now = System.nanoTime();
        journalLatency.beginBatch();
        journalLatency.recordSince(now, unflushedIntendedNanos, 0, unflushedInputs);
        journalLatency.endBatch();
        unflushedInputs = 0;
        dispatchLatencyMark = 0;
        liveJournalBytes.lazySet(core.journal().bytesWritten());
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
