package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;

import java.util.List;

/**
 * No pipeline at all: {@link #publish} only counts. Measures what the publisher thread alone can generate, the
 * ceiling of every end-to-end figure driven by the same feed. Dispatches nothing.
 */
final class FeedOnlyPipeline implements Pipeline
{
    private volatile long accepted;
    private volatile boolean closed;

    @Override
    public String name()
    {
        return "feed-only";
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
        // One publisher thread: a plain increment published with a volatile store.
        accepted = accepted + 1;
        return 0;
    }

    @Override
    public Histogram takeIntervalLatency(final boolean journaled)
    {
        return new Histogram(PipelineConfig.LATENCY_DIGITS);
    }

    @Override
    public long liveInputs()
    {
        return accepted;
    }

    @Override
    public long liveDispatched()
    {
        return 0;
    }

    @Override
    public long liveJournalBytes()
    {
        return 0;
    }

    @Override
    public boolean stop(final long timeoutNanos)
    {
        closed = true;
        return true;
    }

    @Override
    public long inputs()
    {
        return accepted;
    }

    @Override
    public long dispatched()
    {
        return 0;
    }

    @Override
    public long journalBytes()
    {
        return 0;
    }

    @Override
    public long stateHash()
    {
        return 0;
    }

    @Override
    public List<Thread> shardThreads()
    {
        return List.of();
    }
}
