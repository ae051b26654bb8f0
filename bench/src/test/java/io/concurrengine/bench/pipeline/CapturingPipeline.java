package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;

/**
 * A pipeline that keeps what is published to it in lists, and counts every input it took as dispatched, with no
 * journal; refuses everything as closed once it holds {@code closeAfter} inputs.
 */
class CapturingPipeline implements Pipeline
{
    final List<Long> feedTimes = new ArrayList<>();
    final List<Long> targets = new ArrayList<>();
    final List<Long> intended = new ArrayList<>();
    int closeAfter = Integer.MAX_VALUE;

    @Override
    public String name()
    {
        return "capturing";
    }

    @Override
    public long publish(
        final long target, final int type, final long feedTime, final long a0, final long a1, final long a2,
        final long a3, final long intendedNanos)
    {
        if (feedTimes.size() == closeAfter)
        {
            return CLOSED;
        }
        feedTimes.add(feedTime);
        targets.add(target);
        intended.add(intendedNanos);
        return feedTimes.size() - 1;
    }

    @Override
    public Histogram takeIntervalLatency(final boolean journaled)
    {
        return new Histogram(3);
    }

    @Override
    public long liveInputs()
    {
        return feedTimes.size();
    }

    @Override
    public long liveDispatched()
    {
        return feedTimes.size();
    }

    @Override
    public long liveJournalBytes()
    {
        return 0;
    }

    @Override
    public boolean stop(final long timeoutNanos)
    {
        return true;
    }

    @Override
    public long inputs()
    {
        return feedTimes.size();
    }

    @Override
    public long dispatched()
    {
        return feedTimes.size();
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
