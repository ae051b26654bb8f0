package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;

import java.util.ArrayList;
import java.util.List;

/**
 * Test model: records every dispatched event and hashes the stream. Type 1 inputs schedule a follow-up of type 2
 * after {@code a1} time units; type 3 throws.
 */
class RecordingModel implements ShardModel
{
    static final int INPUT = 1;
    static final int FOLLOW_UP = 2;
    static final int FAIL = 3;

    final List<long[]> dispatched = new ArrayList<>();
    int shardId = -1;
    int expectedTimers;
    private long hash = 17;

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        dispatched.add(new long[]{ event.time(), event.seq(), event.type(), event.target(), event.a0() });
        hash = hash * 31 + event.time();
        hash = hash * 31 + event.type();
        hash = hash * 31 + event.target();
        hash = hash * 31 + event.a0();
        if (event.type() == INPUT && event.a1() > 0)
        {
            context.scheduleAfter(event.a1(), FOLLOW_UP, event.target(), event.a0(), 0, 0, 0);
        }
        else if (event.type() == FAIL)
        {
            throw new IllegalStateException("model failure for target=" + event.target());
        }
    }

    @Override
    public long stateHash()
    {
        return hash;
    }

    @Override
    public String identity()
    {
        return "recording-v1";
    }

    @Override
    public int expectedTimers()
    {
        return expectedTimers;
    }
}
