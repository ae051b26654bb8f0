package io.concurrengine.pipeline;

import org.HdrHistogram.Histogram;

/**
 * An engine's latency figures: each shard's publish-to-dispatch and publish-to-journaled
 * {@link BatchLatencyRecorder}, written by the shard's thread, merged over every shard into intervals
 * ({@link Engine#takeIntervalLatency(boolean)}) and into the run's totals ({@link Engine#totalLatency(boolean)}). Each
 * shard's publish-to-dispatch interval is also published in its "last interval" counters.
 * <p>
 * Reading is not threadsafe: one thread at a time (the engine's latency methods are synchronized). Each recorder has
 * one writer, its shard's thread, and any one reader at a time ({@link BatchLatencyRecorder}).
 */
final class LatencyAggregator
{
    private final int significantDigits;
    private final ShardCounters[] counters;
    private final BatchLatencyRecorder[] dispatchRecorders;
    private final BatchLatencyRecorder[] journalRecorders;
    private final Histogram totalDispatchLatency;
    private final Histogram totalJournalLatency;
    private final Histogram[] recycledDispatch;
    private final Histogram[] recycledJournal;

    /**
     * Make each shard's recorders, up to {@link Engine#HIGHEST_TRACKABLE_LATENCY_NANOS}.
     *
     * @param significantDigits HdrHistogram precision of the recorders and the merged histograms, 1 to 5.
     * @param counters          each shard's counters: one per shard, where its "last interval" figures go.
     */
    LatencyAggregator(final int significantDigits, final ShardCounters[] counters)
    {
        final int shardCount = counters.length;
        this.significantDigits = significantDigits;
        this.counters = counters;
        this.dispatchRecorders = new BatchLatencyRecorder[shardCount];
        this.journalRecorders = new BatchLatencyRecorder[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            dispatchRecorders[i] =
                new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, significantDigits);
            journalRecorders[i] =
                new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, significantDigits);
        }
        recycledDispatch = new Histogram[shardCount];
        recycledJournal = new Histogram[shardCount];
        totalDispatchLatency = new Histogram(significantDigits);
        totalJournalLatency = new Histogram(significantDigits);
    }

    /**
     * @return each shard's publish-to-dispatch recorder, for its agent to write.
     */
    BatchLatencyRecorder[] dispatchRecorders()
    {
        return dispatchRecorders;
    }

    /**
     * @return each shard's publish-to-journaled recorder, for its agent to write.
     */
    BatchLatencyRecorder[] journalRecorders()
    {
        return journalRecorders;
    }

    /**
     * {@link Engine#takeIntervalLatency(boolean)}: take every shard's interval, publish its "last interval" counters,
     * and add the merged interval to the run's total.
     *
     * @param journaled true for publish-to-journaled latency, false for publish-to-dispatch.
     * @return the interval histogram, merged over every shard, in nanoseconds; the caller owns it.
     */
    Histogram takeInterval(final boolean journaled)
    {
        final BatchLatencyRecorder[] recorders = journaled ? journalRecorders : dispatchRecorders;
        final Histogram[] recycled = journaled ? recycledJournal : recycledDispatch;
        final Histogram total = journaled ? totalJournalLatency : totalDispatchLatency;
        final Histogram merged = new Histogram(significantDigits);
        for (int i = 0; i < recorders.length; i++)
        {
            // A recycled interval histogram may only go back to the recorder that produced it.
            recycled[i] = recorders[i].intervalHistogram(recycled[i]);
            merged.add(recycled[i]);
            if (!journaled && recycled[i].getTotalCount() > 0)
            {
                final Histogram interval = recycled[i];
                final ShardCounters shard = counters[i];
                shard.intervalP50Nanos.setRelease(interval.getValueAtPercentile(50));
                shard.intervalP99Nanos.setRelease(interval.getValueAtPercentile(99));
                shard.intervalP999Nanos.setRelease(interval.getValueAtPercentile(99.9));
                shard.intervalMaxNanos.setRelease(interval.getMaxValue());
            }
        }
        total.add(merged);
        return merged;
    }

    /**
     * {@link Engine#totalLatency(boolean)}: end the current interval as {@link #takeInterval(boolean)} does, then copy
     * the run's total.
     *
     * @param journaled true for publish-to-journaled latency.
     * @return a copy of the cumulative histogram, in nanoseconds.
     */
    Histogram total(final boolean journaled)
    {
        takeInterval(journaled);
        return (journaled ? totalJournalLatency : totalDispatchLatency).copy();
    }
}
