package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import org.agrona.collections.Long2LongHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The embedding example of the README, compiled and run: a model of one's own on the engine, journaled, then
 * replayed. Keep the README's copy in step with this one.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EmbeddingExampleTest
{
    @TempDir
    Path root;

    /** Sessions that send heartbeats; a session silent for 1 ms times out. One instance per shard. */
    static final class Sessions implements ShardModel
    {
        static final int HEARTBEAT = 0;
        static final int TIMEOUT = 1;
        static final long TIMEOUT_AFTER = 1_000; // engine time units, here µs

        private final Long2LongHashMap timers = new Long2LongHashMap(-1); // session -> its TIMEOUT timer
        private long heartbeats;
        private long timeouts;
        private long hash = 17;

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            final long session = event.target();
            if (HEARTBEAT == event.type())
            {
                heartbeats++;
                context.cancel(timers.get(session)); // a stale or missing handle cancels nothing
                timers.put(session, context.scheduleAfter(TIMEOUT_AFTER, TIMEOUT, session));
            }
            else
            {
                timeouts++;
                timers.remove(session);
                hash = 31 * hash + session * 1_000_003 + event.time();
            }
        }

        @Override
        public long stateHash()
        {
            return hash ^ heartbeats * 0x9E37_79B9_7F4A_7C15L ^ timeouts;
        }

        @Override
        public String identity()
        {
            return "sessions-v1";
        }
    }

    /** Heartbeats of 1,000 sessions, a tenth of them silent for 2 ms in turn; returns the state hash. */
    private long run(final Path journal)
    {
        final Engine engine = Engine.builder()
            .shards(2)
            .timeUnitNanos(1_000) // event time in µs
            .model((shardId, shardCount) -> new Sessions())
            .journal(ChronicleShardJournal.factory(journal, config -> config, "example-1", 1L,
                TimeUnit.MICROSECONDS, 0, 0))
            .build()
            .start();
        for (int i = 0; i < 200_000; i++)
        {
            final long session = (i * 7919L) % 1_000; // each session every 100 µs
            if ((i / 20_000) % 10 != session % 10)
            {
                engine.publish(session, Sessions.HEARTBEAT, i / 10, 0, 0, 0, 0); // key, type, feed time (µs), payload
            }
        }
        assertTrue(engine.advanceTo((200_000 - 1) / 10), "every shard's clock to the feed's end");
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        return engine.stateHash();
    }

    @Test
    void shouldRunAModelOfOnesOwnAndReplayItsJournalToTheSameState()
    {
        final long hash = run(root.resolve("journal"));

        assertEquals(hash, run(root.resolve("again")), "the same inputs give the same state");
        final long[] replayed = new long[2];
        for (int shard = 0; shard < 2; shard++)
        {
            final ReplayResult result = new ShardReplayer(shard, new Sessions(), EventWheel.DEFAULT_SLOT_COUNT,
                EventWheel.DEFAULT_SLOT_SHIFT, true)
                .replay(ChronicleShardJournal.shardDirectory(root.resolve("journal"), shard), false);
            assertTrue(result.verified(), String.valueOf(result.divergence()));
            assertTrue(result.dispatched() > result.inputs(), "timeouts fired: " + result);
            replayed[shard] = result.stateHash();
        }
        assertEquals(hash, Engine.combineStateHashes(replayed));
    }
}
