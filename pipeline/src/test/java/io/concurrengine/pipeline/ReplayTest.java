package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ReplayTest
{
    @TempDir
    Path root;

    @Test
    void shouldReplayEveryShardBitForBit()
    {
        final long[] liveHashes = runJournaled(2, 20_000);
        for (int shard = 0; shard < 2; shard++)
        {
            final ReplayResult result = replay(shard, new RecordingModel());
            assertNull(result.divergence(), () -> String.valueOf(result.divergence()));
            assertNull(result.damage());
            assertTrue(result.verified());
            assertTrue(result.dispatched() > 0);
            assertEquals(liveHashes[shard], result.stateHash(), "shard " + shard + " state hash");
        }
    }

    @Test
    void shouldReplayAWallClockRunWhoseTimersFireBetweenInputs()
    {
        final Engine engine = Engine.builder()
            .shards(1)
            .timeMode(TimeMode.WALL_CLOCK)
            .timeUnitNanos(TimeUnit.MICROSECONDS.toNanos(1))
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build()
            .start();
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++)
        {
            // each input schedules a follow-up 1-300 µs after its stamp; the pauses let the clock reach them
            assertTrue(engine.publish(random.nextInt(50), RecordingModel.INPUT, 0, i, 1 + random.nextInt(300), 0, 0) >= 0);
            if (random.nextInt(8) == 0)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20)); // every follow-up comes due
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        final ShardCore live = engine.shard(0);
        assertEquals(2_000, live.inputs());
        assertEquals(4_000, live.dispatched(), "every input and every follow-up was dispatched live");
        assertTrue(live.advances() > 0, "follow-ups fired on clock advances between inputs");

        final ReplayResult result = replay(0, new RecordingModel());
        assertTrue(result.verified(), String.valueOf(result.divergence()));
        assertEquals(4_000, result.dispatched());
        assertEquals(live.model().stateHash(), result.stateHash());
    }

    @Test
    void shouldVerifyAnInputWhoseDispatchesOutnumberTheReplayersFirstBuffer()
    {
        final Engine engine = Engine.builder()
            .shards(1)
            .timeMode(TimeMode.EVENT_TIME)
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build()
            .start();
        final int followUps = 3_000;
        for (int i = 0; i < followUps; i++)
        {
            // every input schedules a follow-up due at time 1,000,000: all of them fire after the last input below
            assertTrue(engine.publish(i % 50, RecordingModel.INPUT, 0, i, 1_000_000, 0, 0) >= 0);
        }
        assertTrue(engine.publish(7, RecordingModel.INPUT, 2_000_000, followUps, 0, 0, 0) >= 0);
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        final ShardCore live = engine.shard(0);
        assertEquals(2 * followUps + 1, live.dispatched());

        // the last input's journaled dispatches (itself and 3,000 follow-ups) are all pending when it is re-executed
        final ReplayResult result = replay(0, new RecordingModel());
        assertTrue(result.verified(), String.valueOf(result.divergence()));
        assertEquals(2 * followUps + 1, result.dispatched());
        assertEquals(live.model().stateHash(), result.stateHash());
    }

    @Test
    void shouldReportTheFirstDivergenceWithShardIndexExpectedAndActual()
    {
        runJournaled(1, 5_000);
        final ReplayResult result = replay(0, new RecordingModel()
        {
            private int seen;

            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                super.onEvent(event, context);
                if (++seen == 100)
                {
                    context.scheduleAfter(0, FOLLOW_UP, 999_999, 0, 0, 0, 0);
                }
            }
        });
        assertNotNull(result.divergence());
        assertEquals(0, result.divergence().shardId());
        assertTrue(result.divergence().index() >= 100, result.divergence().toString());
        assertTrue(result.divergence().actual().contains("target=999999"), result.divergence().toString());
    }

    @Test
    void shouldTreatAFailedDispatchAsPartOfTheStream()
    {
        final Engine engine = Engine.builder().shards(1).errorHandler(error -> { })
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build().start();
        engine.publish(1, RecordingModel.FAIL, 5, 0, 0, 0, 0);
        engine.publish(1, RecordingModel.INPUT, 6, 1, 3, 0, 0);
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(20)));

        final ReplayResult result = replay(0, new RecordingModel());
        assertTrue(result.verified(), String.valueOf(result.divergence()));
        assertEquals(2, result.dispatched(), "the follow-up at t=9 stays pending: no input moved the clock there");
    }

    private long[] runJournaled(final int shards, final int inputs)
    {
        final Engine engine = Engine.builder()
            .shards(shards)
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build()
            .start();
        final SplittableRandom random = new SplittableRandom(7);
        long time = 0;
        for (int i = 0; i < inputs; i++)
        {
            time += random.nextInt(20);
            assertTrue(engine.publish(random.nextInt(100), RecordingModel.INPUT, time, i,
                random.nextInt(3) == 0 ? random.nextInt(500) : 0, 0, 0) >= 0);
        }
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        final long[] hashes = new long[shards];
        for (int shard = 0; shard < shards; shard++)
        {
            hashes[shard] = engine.shard(shard).model().stateHash();
        }
        return hashes;
    }

    private ShardJournalFactory journalFactory()
    {
        return ChronicleShardJournal.factory(
            root, builder -> builder, "test", 1L, TimeUnit.NANOSECONDS, 0, 42);
    }

    private ReplayResult replay(final int shard, final ShardModel model)
    {
        return new ShardReplayer(shard, model, EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .replay(ChronicleShardJournal.shardDirectory(root, shard), false);
    }
}
