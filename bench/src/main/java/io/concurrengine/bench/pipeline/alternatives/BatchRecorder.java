package io.concurrengine.bench.pipeline.alternatives;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * The engine's latency recorder ({@code io.concurrengine.pipeline.BatchLatencyRecorder}, package-private there)
 * reproduced for the blocking-queue shard, so that both pipelines pay the same for their latency figures: one
 * {@link WriterReaderPhaser} critical section per batch of values instead of two atomics per value. Values are
 * clamped to {@code [0, highestTrackableValue]}.
 * <p>
 * {@link #beginBatch()}, {@link #recordSince} and {@link #endBatch()} belong to one writer thread, in that order;
 * {@link #intervalHistogram(Histogram)} to any one thread at a time.
 */
final class BatchRecorder
{
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final long highestTrackableValue;
    private final int significantDigits;
    private volatile Histogram active;
    private Histogram current;
    private long enterToken;

    BatchRecorder(final long highestTrackableValue, final int significantDigits)
    {
        this.highestTrackableValue = highestTrackableValue;
        this.significantDigits = significantDigits;
        this.active = newHistogram();
    }

    void beginBatch()
    {
        if (null == current)
        {
            enterToken = phaser.writerCriticalSectionEnter();
            current = active;
        }
    }

    /**
     * Inside a batch: record {@code now - intended[i]} for every {@code i} in {@code [from, to)}, runs of equal
     * intended times as one value with a count.
     */
    void recordSince(final long now, final long[] intended, final int from, final int to)
    {
        final Histogram histogram = current;
        final long highest = highestTrackableValue;
        int i = from;
        while (i < to)
        {
            final long time = intended[i];
            int end = i + 1;
            while (end < to && intended[end] == time)
            {
                end++;
            }
            histogram.recordValueWithCount(Math.min(Math.max(0, now - time), highest), end - i);
            i = end;
        }
    }

    void endBatch()
    {
        if (null != current)
        {
            current = null;
            phaser.writerCriticalSectionExit(enterToken);
        }
    }

    /**
     * @param recycle a histogram this method returned before and the caller is done with, or null.
     * @return everything recorded since the previous call.
     */
    Histogram intervalHistogram(final Histogram recycle)
    {
        final Histogram next = null == recycle ? newHistogram() : recycle;
        next.reset();
        phaser.readerLock();
        try
        {
            final Histogram done = active;
            active = next;
            phaser.flipPhase();
            return done;
        }
        finally
        {
            phaser.readerUnlock();
        }
    }

    private Histogram newHistogram()
    {
        return new Histogram(1, highestTrackableValue, significantDigits);
    }
}
