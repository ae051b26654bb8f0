package io.concurrengine.pipeline;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.WriterReaderPhaser;

/**
 * A latency histogram written by one shard thread in batches and read as intervals by any one thread at a time: the
 * {@link org.HdrHistogram.SingleWriterRecorder} pattern with the writer's critical section around a batch of values
 * instead of around each one.
 * <p>
 * <b>Why.</b> {@code SingleWriterRecorder.recordValue} enters and leaves a {@link WriterReaderPhaser} critical
 * section per value: two atomic read-modify-writes per input on the shard thread, a few tens of nanoseconds that a
 * shard at millions of inputs a second spends for a reader that looks once a second. Here a shard enters once,
 * records the values of a whole batch into a plain {@link Histogram} and leaves.
 * <p>
 * <b>Threading.</b> {@link #beginBatch()}, {@link #recordSince(long, long[], int, int)} and {@link #endBatch()}
 * belong to one writer thread, in that order, with no blocking call inside the batch (the reader waits for the batch
 * to end).
 * {@link #intervalHistogram(Histogram)} may be called from any thread, one at a time. The reader swaps in an empty
 * histogram, then {@link WriterReaderPhaser#flipPhase()} waits until every batch that may have read the old one has
 * ended: the writer's exit (a release) pairs with the reader's read of the phase counters in the flip (an acquire),
 * so every value recorded in the old histogram is visible to the reader. Values are clamped to the recorder's
 * range rather than resizing the histogram on the shard thread.
 * <p>
 * Public so that a baseline pipeline (the benchmarks' {@code ArrayBlockingQueue} shard) pays exactly what the
 * engine's shards pay for their latency figures.
 */
public final class BatchLatencyRecorder
{
    private final WriterReaderPhaser phaser = new WriterReaderPhaser();
    private final long highestTrackableValue;
    private final int significantDigits;
    private volatile Histogram active;
    private Histogram current; // the writer's histogram while in a batch, null outside one
    private long enterToken;

    /**
     * @param highestTrackableValue largest value kept; larger ones are recorded as this.
     * @param significantDigits     HdrHistogram precision, 1 to 5.
     */
    public BatchLatencyRecorder(final long highestTrackableValue, final int significantDigits)
    {
        this.highestTrackableValue = highestTrackableValue;
        this.significantDigits = significantDigits;
        this.active = newHistogram();
    }

    /**
     * Writer: enter a batch, unless already in one. Not blocking, one atomic increment.
     */
    public void beginBatch()
    {
        if (null == current)
        {
            enterToken = phaser.writerCriticalSectionEnter();
            current = active; // volatile read inside the critical section: the reader's flip waits for this batch
        }
    }

    /**
     * Writer, inside a batch: record {@code now - intended[i]}, clamped to {@code [0, highestTrackableValue]}, for
     * every {@code i} in {@code [from, to)}. Runs of
     * equal intended times (a feed that reads its clock once per packet, or a batch of inputs stamped together) are
     * recorded as one value with a count.
     *
     * @param now      the time the values are measured to.
     * @param intended the times they are measured from.
     * @param from     first index.
     * @param to       index after the last.
     */
    public void recordSince(final long now, final long[] intended, final int from, final int to)
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

    /**
     * Writer: leave the batch, if in one. One atomic increment (a release the reader's flip acquires).
     */
    public void endBatch()
    {
        if (null != current)
        {
            current = null;
            phaser.writerCriticalSectionExit(enterToken);
        }
    }

    /**
     * Reader: take everything recorded since the previous call.
     *
     * @param recycle a histogram this method returned before and the caller is done with, or null.
     * @return the interval's values; the caller owns it until it hands it back as {@code recycle}.
     */
    public Histogram intervalHistogram(final Histogram recycle)
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
