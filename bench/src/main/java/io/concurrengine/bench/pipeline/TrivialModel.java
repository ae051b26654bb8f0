package io.concurrengine.bench.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;

/**
 * A model that only folds each event into a hash and schedules nothing: one dispatch per input, so a run measures the
 * pipeline (queue, stamping, wheel push and pop, journal, latency recording) without the order books.
 */
final class TrivialModel implements ShardModel
{
    static final String IDENTITY = "bench-trivial-v1";

    private long hash = 0xcbf29ce484222325L;

    static ShardModelFactory factory()
    {
        return (shardId, shardCount) -> new TrivialModel();
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        long h = hash;
        h = (h ^ event.time()) * 0x100000001b3L;
        h = (h ^ event.target()) * 0x100000001b3L;
        h = (h ^ event.a0() ^ event.a1() ^ event.a2() ^ event.a3()) * 0x100000001b3L;
        hash = h;
    }

    @Override
    public long stateHash()
    {
        return hash;
    }

    @Override
    public String identity()
    {
        return IDENTITY;
    }
}
