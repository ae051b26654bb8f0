package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalDescriptor;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayDivergence;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
    void shouldRefuseANullModelWhenBuilt()
    {
        // accepted before, to fail with a NullPointerException when replay() asked the model for its identity
        assertEquals("model", assertThrows(NullPointerException.class, () -> new ShardReplayer(0, null,
            EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)).getMessage());
    }

    @Test
    void shouldReplayBitForBitWhateverSizeItsWheelStartsAt()
    {
        final long[] liveHashes = runJournaled(1, 20_000);
        final ReplayResult grown = new ShardReplayer(0, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, true).initialWheelCapacity(1)
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);
        assertTrue(grown.verified(), "a wheel of one record, grown on the way: " + grown.divergence());
        assertEquals(liveHashes[0], grown.stateHash());

        // named as the setter is, as EngineBuilder names it, not "capacity=0"
        assertEquals("initialWheelCapacity=0 must be in [1, " + EventDescriptor.MAX_RECORDS + "]",
            assertThrows(IllegalArgumentException.class, () -> new ShardReplayer(0, new RecordingModel(),
            EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true).initialWheelCapacity(0)).getMessage());
    }

    @Test
    void shouldReplayAWallClockRunWhoseTimersFireBetweenInputs()
    {
        final Engine engine = Engine.builder()
            .shards(1)
            .timeMode(TimeMode.WALL_CLOCK)
            .timeUnitNanos(TimeUnit.MICROSECONDS.toNanos(1))
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(ChronicleShardJournal.factory(root, builder -> builder, "test", 1L, TimeUnit.MICROSECONDS, 0, 42))
            .build()
            .start();
        final SplittableRandom random = new SplittableRandom(11);
        for (int i = 0; i < 2_000; i++)
        {
            // each input schedules a follow-up 1-300 µs after its stamp; the pauses let the clock reach them
            assertTrue(
                engine.publish(random.nextInt(50), RecordingModel.INPUT, 0, i, 1 + random.nextInt(300), 0, 0) >= 0);
            if (random.nextInt(8) == 0)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(100));
            }
        }
        // Every follow-up comes due within 300 µs of the last input's stamp, but a shard that fires them as its clock
        // reaches them needs the CPU to get there: wait for them rather than for a time (a loaded machine).
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.counters(0).dispatched() < 4_000 && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
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

    /**
     * A watermark, then an input whose feed time is before it (the feed went back a little): the shard's clock is at
     * the watermark, so the input is stamped there, and the journal's inputs and advances keep their time order,
     * which replay up to a time relies on.
     */
    @Test
    void shouldReplayUpToATimeBetweenAWatermarkAndTheLateInputAfterIt()
    {
        final Engine engine = startJournaled();
        assertTrue(engine.publish(1, RecordingModel.INPUT, 10, 1, 30, 0, 0) >= 0); // its follow-up is due at 40
        assertTrue(engine.advanceTo(46));
        assertTrue(engine.publish(1, RecordingModel.INPUT, 44, 2, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, RecordingModel.INPUT, 50, 3, 0, 0, 0) >= 0);
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        final List<Long> times = new ArrayList<>();
        JournalReader.open(ChronicleShardJournal.shardDirectory(root, 0)).read(record ->
        {
            if (RecordKind.INPUT == record.kind() || RecordKind.ADVANCE == record.kind())
            {
                times.add(record.time());
            }
        });
        assertEquals(List.of(10L, 46L, 46L, 50L), times, "inputs and advances in time order");

        final RecordingModel replayed = new RecordingModel();
        final ReplayResult result = new ShardReplayer(0, replayed, EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, true).until(45).replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertNull(result.divergence(), () -> String.valueOf(result.divergence()));
        assertEquals(List.of(10L, 40L), replayed.dispatched.stream().map(event -> event[0]).toList());
    }

    @Test
    void shouldReplayUpToATimeTheInputsAtThatTimeToo()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 1, 0, 0, 0);
            core.input(20, RecordingModel.INPUT, 1, 2, 0, 0, 0);
            core.input(30, RecordingModel.INPUT, 1, 3, 0, 0, 0);
        });
        final RecordingModel replayed = new RecordingModel();

        final ReplayResult result = replayer(0, replayed, true).until(20)
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertTrue(result.verified(), () -> String.valueOf(result.divergence()));
        assertEquals(2, result.inputs());
        assertEquals(List.of(10L, 20L), replayed.dispatched.stream().map(event -> event[0]).toList());
    }

    /**
     * The journal's last record is a watermark's advance past the time, which dispatched a follow-up due before the
     * time: the replay advances its clock to the time itself, which dispatches the follow-up and is not counted as
     * one of the journal's advances.
     */
    @Test
    void shouldReplayUpToATimeBeforeTheJournalsLastAdvance()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 1, 30, 0, 0); // its follow-up is due at 40
            assertEquals(1, core.advance(46));
        });
        final RecordingModel replayed = new RecordingModel();

        final ReplayResult result = replayer(0, replayed, true).until(45)
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertTrue(result.verified(), () -> String.valueOf(result.divergence()));
        assertEquals(List.of(10L, 40L), replayed.dispatched.stream().map(event -> event[0]).toList());
        assertEquals(1, result.inputs());
        assertEquals(0, result.advances(), "the advance to 46 is after the time");
        assertEquals(2, result.dispatched());
    }

    @Test
    void shouldCountTheJournaledAdvancesBeforeTheTimeOfAReplayUpToIt()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 1, 10, 0, 0); // its follow-up is due at 20
            assertEquals(1, core.advance(25));
            core.input(50, RecordingModel.INPUT, 1, 2, 0, 0, 0);
        });

        final ReplayResult result = replayer(0, new RecordingModel(), true).until(30)
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertTrue(result.verified(), () -> String.valueOf(result.divergence()));
        assertEquals(1, result.inputs());
        assertEquals(1, result.advances(), "the advance to 25; nothing was due between it and 30");
        assertEquals(2, result.dispatched());
    }

    @Test
    void shouldReplayUpToATimeAJournalDamagedAfterIt() throws IOException
    {
        runJournaled(1, 20_000, builder -> builder.blockBytes(8192));
        final List<Block> blocks = blocks(0);
        assertTrue(blocks.size() > 10, "blocks=" + blocks.size());
        damage(blocks.get(blocks.size() - 2));
        assertThrows(JournalCorruptException.class, () -> replay(0, new RecordingModel()));

        final ReplayResult result = replayer(0, new RecordingModel(), true).until(blocks.get(2).firstTime())
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertTrue(result.verified(), () -> result.divergence() + " " + result.damage());
        assertTrue(result.inputs() > 0);
    }

    @Test
    void shouldReplayAnEventTimeWatermarkFromItsJournaledAdvance()
    {
        final Engine engine = Engine.builder()
            .shards(1)
            .timeMode(TimeMode.EVENT_TIME)
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build()
            .start();
        for (int i = 0; i < 100; i++)
        {
            assertTrue(engine.publish(i, RecordingModel.INPUT, i, i, 1_000, 0, 0) >= 0);
        }
        assertTrue(engine.advanceTo(1_050)); // half the follow-ups are due by then
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        final ShardCore live = engine.shard(0);
        assertEquals(1, live.advances());
        assertEquals(100 + 51, live.dispatched());

        final ReplayResult result = replay(0, new RecordingModel());
        assertTrue(result.verified(), String.valueOf(result.divergence()));
        assertEquals(1, result.advances());
        assertEquals(100 + 51, result.dispatched());
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
    void shouldReportADispatchThatDiffersFromTheJournaledOneWithBothInFull()
    {
        journalByHand(1, 2, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 100, 5, 0, 0); // its follow-up is due at 15
            core.input(20, RecordingModel.INPUT, 2, 200, 0, 0, 0);
        });

        final ReplayResult result = replay(1, new LateFollowUpModel());

        final ReplayDivergence expected = new ReplayDivergence(1, 1,
            "{time=15 seq=1 type=2 target=1 a=[100,0,0,0] failed=false}",
            "{time=16 seq=1 type=2 target=1 a=[100,0,0,0] failed=false}");
        assertEquals(expected, result.divergence());
        assertEquals("divergence: shard=1 index=1 expected={time=15 seq=1 type=2 target=1 a=[100,0,0,0] " +
            "failed=false} actual={time=16 seq=1 type=2 target=1 a=[100,0,0,0] failed=false}",
            result.divergence().toString());
        assertFalse(result.verified());
        assertNull(result.damage());
        assertEquals(1, result.dispatched(), "the dispatches verified before the divergence");
    }

    @Test
    void shouldReportAJournaledDispatchThatTheReplayDidNotMakeAsMissing()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 100, 5, 0, 0); // its follow-up is due at 15
            assertEquals(1, core.advance(15));
            core.input(30, RecordingModel.INPUT, 2, 200, 0, 0, 0);
        });

        final ReplayResult result = replay(0, new NoFollowUpModel());

        assertEquals(new ReplayDivergence(0, 1, "{time=15 seq=1 type=2 target=1 a=[100,0,0,0] failed=false}", "none"),
            result.divergence());
        assertEquals(1, result.dispatched());
        assertEquals(1, result.inputs(), "re-execution stops at the divergence: the input at 30 is not");
    }

    @Test
    void shouldReportAJournaledFailedDispatchWhoseHandlerNoLongerFailsAsADivergence()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 100, 0, 0, 0);
            core.input(20, RecordingModel.FAIL, 2, 200, 0, 0, 0); // its handler throws: a failed dispatch
        });

        final ReplayResult result = replay(0, new RecordingModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                if (event.type() != FAIL)
                {
                    super.onEvent(event, context);
                }
            }
        });

        assertEquals(new ReplayDivergence(0, 1, "{time=20 seq=1 type=3 target=2 a=[200,0,0,0] failed=true}",
            "{time=20 seq=1 type=3 target=2 a=[200,0,0,0] failed=false}"), result.divergence());
    }

    @Test
    void shouldReExecuteWithoutVerifyingAndCountTheDispatchesTheReplayMade()
    {
        journalByHand(0, 1, core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 100, 5, 0, 0);
            core.input(20, RecordingModel.INPUT, 2, 200, 0, 0, 0);
        });
        final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 0);

        final ReplayResult same = replayer(0, new RecordingModel(), false).replay(shardDirectory, false);
        final ReplayResult other = replayer(0, new NoFollowUpModel(), false).replay(shardDirectory, false);

        assertTrue(same.verified());
        assertEquals(2, same.inputs());
        assertEquals(3, same.dispatched());
        assertNull(other.divergence(), "nothing is compared");
        assertTrue(other.verified(), "the journal was read whole");
        assertEquals(2, other.inputs());
        assertEquals(2, other.dispatched(), "the replay's own dispatches, not the journal's three");
    }

    @Test
    void shouldTimeTheReplayWithinItsCallAndRateItsDispatchesByThatTime()
    {
        runJournaled(1, 5_000);
        final long before = System.nanoTime();
        final ReplayResult result = replay(0, new RecordingModel());
        final long took = System.nanoTime() - before;

        assertTrue(result.elapsedNanos() > 0 && result.elapsedNanos() <= took,
            result.elapsedNanos() + " ns of " + took);
        assertEquals(result.dispatched() * 1e9 / result.elapsedNanos(), result.eventsPerSecond());
        assertEquals(1_500.0, new ReplayResult(0, 0, 0, 3_000, 0, 2_000_000_000L, null, null, false, false, -1, -1)
            .eventsPerSecond());
        assertEquals(0.0, new ReplayResult(0, 0, 0, 3_000, 0, 0, null, null, false, false, -1, -1).eventsPerSecond(),
            "no time measured: no rate");
    }

    @Test
    void shouldRefuseASecondReplayOfTheSameReplayerWithoutCallingTheJournalCorrupt()
    {
        final long[] hashes = runJournaled(1, 200);
        final ShardReplayer replayer = new ShardReplayer(0, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, true);
        final Path directory = ChronicleShardJournal.shardDirectory(root, 0);
        final ReplayResult first = replayer.replay(directory, false);
        assertTrue(first.verified(), String.valueOf(first.divergence()));
        assertEquals(hashes[0], first.stateHash());

        final IllegalStateException again =
            assertThrows(IllegalStateException.class, () -> replayer.replay(directory, false));
        assertEquals("shard=0: this ShardReplayer has replayed already, into its model, which a second replay " +
            "would go on from; make a new ShardReplayer with a fresh model for each replay", again.getMessage());
        final ReplayResult fresh = replay(0, new RecordingModel());
        assertTrue(fresh.verified(), "the journal is whole: " + fresh.divergence());
        assertEquals(hashes[0], fresh.stateHash());
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
        assertTrue(engine.journalBytes() > 0);
        assertEquals(engine.journalBytes(), engine.counters(0).journalBytes(), "the counter after stop");

        final ReplayResult result = replay(0, new RecordingModel());
        assertTrue(result.verified(), String.valueOf(result.divergence()));
        assertEquals(2, result.dispatched(), "the follow-up at t=9 stays pending: no input moved the clock there");
    }

    @Test
    void shouldSalvageEveryInputOfAClosedJournalWithJunkAppendedToItsCycleFile() throws IOException
    {
        runJournaled(1, 20_000);
        final ReplayResult whole = replay(0, new RecordingModel());
        assertTrue(whole.verified(), String.valueOf(whole.divergence()));
        final byte[] junk = new byte[5 * 1024];
        new Random(5).nextBytes(junk);
        Files.write(lastRecord(0).file(), junk, StandardOpenOption.APPEND);

        final ReplayResult salvaged = salvage(0);

        assertEquals(JournalCorruptException.Reason.TRAILING_DATA, salvaged.damage().reason());
        assertTrue(salvaged.damageAfterEnd(), "every input replayed");
        assertFalse(salvaged.verified());
        assertSameReplay(whole, salvaged);
    }

    @Test
    void shouldSalvageEveryInputOfAClosedJournalWithJunkWrittenAfterItsEndBlock() throws IOException
    {
        runJournaled(1, 20_000);
        final ReplayResult whole = replay(0, new RecordingModel());
        final byte[] junk = new byte[5 * 1024];
        new Random(6).nextBytes(junk);
        final RecordPosition last = lastRecord(0);
        final long endBlock = endBlockPosition(last);
        writeBytes(last.file(), (endBlock + 4 + JournalDescriptor.END_BLOCK_LENGTH + 3) & ~3L, junk);

        final ReplayResult salvaged = salvage(0);

        assertNotNull(salvaged.damage());
        assertTrue(salvaged.damageAfterEnd(), "every input replayed");
        assertSameReplay(whole, salvaged);
    }

    @Test
    void shouldSalvageAnUnclosedJournalWithoutItsLastInputWhoseDispatchesMayBeIncomplete() throws IOException
    {
        runJournaled(1, 20_000);
        final ReplayResult whole = replay(0, new RecordingModel());
        final RecordPosition last = lastRecord(0);
        writeBytes(last.file(), endBlockPosition(last), new byte[4 + JournalDescriptor.END_BLOCK_LENGTH]);

        final ReplayResult salvaged = salvage(0);

        assertEquals(JournalCorruptException.Reason.UNCLOSED, salvaged.damage().reason());
        assertNull(salvaged.divergence(), () -> String.valueOf(salvaged.divergence()));
        assertEquals(whole.inputs() - 1, salvaged.inputs());
        assertTrue(salvaged.dispatched() < whole.dispatched());
    }

    @Test
    void shouldReplayWhatIsCompleteOfAJournalStillBeingWrittenWithoutCallingItsEndDamage() throws IOException
    {
        runJournaled(1, 20_000);
        final ReplayResult whole = replay(0, new RecordingModel());
        final RecordPosition last = lastRecord(0);
        final long[] lastBlock = {-1};
        JournalReader.open(ChronicleShardJournal.shardDirectory(root, 0)).read(r -> lastBlock[0] = r.blockIndex());
        // the END block's header still 0 with its bytes written: what a reader sees while a block is appended
        writeBytes(last.file(), endBlockPosition(last), new byte[4]);

        final ReplayResult live = new ShardReplayer(
            0, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .live(true).replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertNull(live.damage(), () -> String.valueOf(live.damage()));
        assertTrue(live.live());
        assertEquals(lastBlock[0], live.lastBlock());
        assertTrue(live.verified(), () -> String.valueOf(live.divergence()));
        assertEquals(whole.inputs() - 1, live.inputs(), "its last input's dispatches may go on in the next block");
    }

    @Test
    void shouldReplayAJournalClosedBeforeItWasReadLiveAsAClosedOne()
    {
        runJournaled(1, 20_000);
        final ReplayResult whole = replay(0, new RecordingModel());

        final ReplayResult live = new ShardReplayer(
            0, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .live(true).replay(ChronicleShardJournal.shardDirectory(root, 0), false);

        assertFalse(live.live());
        assertEquals(-1, live.lastBlock());
        assertSameReplay(whole, live);
    }

    /**
     * A journal still being written, read live up to a time: once the replay has read the second input past the time,
     * the rest was not needed, so the journal is replayed up to the time as a closed one, though the dispatches of that
     * input are still in the block being written.
     */
    @Test
    void shouldReplayUpToATimeAJournalStillBeingWrittenWhoseCompleteBlocksEndWithAnInputPastIt()
    {
        final ReplayResult[] live = {null};
        journalByHand(0, 1, builder -> builder.maxRecordsPerBlock(5), core ->
        {
            core.input(10, RecordingModel.INPUT, 1, 1, 45, 0, 0); // its follow-up is due at 55
            core.input(50, RecordingModel.INPUT, 1, 2, 0, 0, 0);
            // journaled before the follow-up's dispatch and its own
            core.input(60, RecordingModel.INPUT, 1, 3, 0, 0, 0);
            final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 0);
            final List<String> written = new ArrayList<>();
            JournalReader.builder(shardDirectory).live(true).build().read(record ->
            {
                if (RecordKind.HEADER != record.kind())
                {
                    written.add(record.kind() + "@" + record.time());
                }
            });
            assertEquals(List.of("INPUT@10", "DISPATCH@10", "INPUT@50", "DISPATCH@50", "INPUT@60"), written,
                "the complete blocks");

            live[0] = replayer(0, new RecordingModel(), true).live(true).until(45).replay(shardDirectory, false);
        });

        assertFalse(live[0].live(), "read past the time");
        assertTrue(live[0].verified(), () -> live[0].divergence() + " " + live[0].damage());
        assertEquals(1, live[0].inputs());
        assertEquals(1, live[0].dispatched());
    }

    @Test
    void shouldSalvageThePrefixBeforeDamageInTheMiddleWithoutItsLastInput() throws IOException
    {
        runJournaled(1, 20_000, builder -> builder.blockBytes(8192));
        final List<Block> blocks = blocks(0);
        assertTrue(blocks.size() > 10, "blocks=" + blocks.size());
        assertEquals(replay(0, new RecordingModel()).inputs(), journaledInputs(0),
            "the blocks' input counts are the ones the replay re-executes");
        final Block damaged = blocks.get(blocks.size() / 2);
        damage(damaged);

        final ReplayResult salvaged = salvage(0);

        assertEquals(JournalCorruptException.Reason.CHECKSUM_MISMATCH, salvaged.damage().reason());
        assertFalse(salvaged.damageAfterEnd(), "the inputs after the damage were not replayed");
        assertNull(salvaged.divergence(), () -> String.valueOf(salvaged.divergence()));
        assertEquals(damaged.inputsBefore() - 1, salvaged.inputs());
    }

    /**
     * A journal whose checksums hold but whose inputs go back in time was not written by this engine (another engine
     * or a faulty writer): the replay cannot re-execute the input, and names it as it names damage, with the inputs
     * before it replayed by a salvage, instead of failing the whole shard with the shard core's exception.
     */
    @Test
    void shouldNameAnInputThatGoesBackInTimeAndSalvageTheInputsBeforeIt()
    {
        try (ShardJournal journal = journalFactory().open(0, 1, new RecordingModel()))
        {
            journal.input(10, RecordingModel.INPUT, 1, 0, 0, 0, 0);
            journal.input(20, RecordingModel.INPUT, 1, 1, 0, 0, 0);
            journal.input(5, RecordingModel.INPUT, 1, 2, 0, 0, 0);
            journal.input(30, RecordingModel.INPUT, 1, 3, 0, 0, 0);
        }
        final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 0);

        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () -> new ShardReplayer(0,
            new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, false)
            .replay(shardDirectory, false));

        assertEquals(JournalCorruptException.Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(2, ex.recordIndex(), ex.getMessage());
        assertTrue(ex.file().startsWith(shardDirectory), ex.getMessage());
        assertTrue(ex.getMessage().contains("input at time=5 cannot be re-executed: input time=5 before previous " +
            "stamp=20"), ex.getMessage());
        final ReplayResult salvaged = new ShardReplayer(0, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, false).replay(shardDirectory, true);
        assertEquals(JournalCorruptException.Reason.MALFORMED_BLOCK, salvaged.damage().reason());
        assertEquals(2, salvaged.inputs());
    }

    @Test
    void shouldNameTheJournalsLastInputWhenItCannotBeReExecutedAndSalvageTheInputsBeforeIt()
    {
        try (ShardJournal journal = journalFactory().open(0, 1, new RecordingModel()))
        {
            journal.input(10, RecordingModel.INPUT, 1, 0, 0, 0, 0);
            journal.input(20, RecordingModel.INPUT, 1, 1, 0, 0, 0);
            journal.input(5, RecordingModel.INPUT, 1, 2, 0, 0, 0);
        }
        final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 0);

        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> replayer(0, new RecordingModel(), false).replay(shardDirectory, false));

        assertEquals(JournalCorruptException.Reason.MALFORMED_BLOCK, ex.reason(), ex.getMessage());
        assertEquals(2, ex.recordIndex(), ex.getMessage());
        final ReplayResult salvaged = replayer(0, new RecordingModel(), false).replay(shardDirectory, true);
        assertEquals(JournalCorruptException.Reason.MALFORMED_BLOCK, salvaged.damage().reason());
        assertEquals(2, salvaged.damage().recordIndex());
        assertFalse(salvaged.damageAfterEnd(), "its last input was not replayed");
        assertEquals(2, salvaged.inputs());
    }

    /**
     * Retention deleted the journal's oldest cycle files: what is left starts in the middle of the run, with inputs
     * whose state before them (the model's, the wheel's pending timers and seq) is gone. The reader accepts such a
     * journal; a replay must not re-execute it from a fresh model and report the difference as a divergence.
     */
    @Test
    void shouldRefuseToReplayAJournalWhoseOldestCycleFilesRetentionDeleted() throws IOException
    {
        final AtomicLong clock = new AtomicLong(1_700_000_000_000L);
        final ShardJournal journal = journalFactory(builder -> builder.rollCycle(JournalRollCycle.TEST_SECONDLY)
            .epochMillisClock(clock::get).retainCycles(1)).open(0, 1, new RecordingModel());
        try (ShardCore core = new ShardCore(0, new EventWheel(EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, 1024, 0), new RecordingModel(), journal, error -> { }, null))
        {
            for (int i = 0; i < 40; i++)
            {
                core.input(i * 10L, RecordingModel.INPUT, 1, i, 5, 0, 0);
                if (i % 10 == 9)
                {
                    journal.flush();
                    clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
                }
            }
        }
        final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 0);
        try (var files = Files.list(shardDirectory))
        {
            assertTrue(files.filter(file -> file.toString().endsWith(".cq4")).count() < 4, "retention deleted some");
        }

        final JournalCorruptException refused =
            assertThrows(JournalCorruptException.class, () -> replay(0, new RecordingModel()));

        assertEquals(JournalCorruptException.Reason.BLOCK_SEQUENCE, refused.reason());
        assertTrue(refused.getMessage().contains("oldest cycle files are gone (deleted by retention or by hand)"),
            refused.getMessage());
        final ReplayResult salvaged = salvage(0);
        assertEquals(0, salvaged.inputs());
        assertEquals(JournalCorruptException.Reason.BLOCK_SEQUENCE, salvaged.damage().reason());
    }

    /**
     * A shard journal copied from another shard or another run, or a model or run configuration that is not the
     * journal's, is refused as such rather than replayed to a divergence.
     */
    @Test
    void shouldRefuseAJournalOfAnotherShardShardCountConfigurationOrModel()
    {
        journalByHand(1, 2, core -> core.input(10, RecordingModel.INPUT, 1, 1, 0, 0, 0)); // configHash 1
        final Path shardDirectory = ChronicleShardJournal.shardDirectory(root, 1);
        assertTrue(replayer(1, new RecordingModel(), true).requireRun(2, 1L).replay(shardDirectory, false).verified());

        assertIdentityMismatch("shardCount found=2 expected=3",
            () -> replayer(1, new RecordingModel(), true).requireRun(3, 1L).replay(shardDirectory, false));
        assertIdentityMismatch("configHash found=0x1 expected=0x2",
            () -> replayer(1, new RecordingModel(), true).requireRun(2, 2L).replay(shardDirectory, false));
        assertIdentityMismatch("shardId found=1 expected=0",
            () -> replayer(0, new RecordingModel(), true).requireRun(2, 1L).replay(shardDirectory, false));
        // a shard count below 1 skipped the shard checks: shard 1's journal replayed as shard 0's and was verified
        assertEquals("requireRun: shardCount=0 must be at least 1", assertThrows(IllegalArgumentException.class,
            () -> replayer(0, new RecordingModel(), true).requireRun(0, 1L)).getMessage());
        assertEquals("requireRun: shardCount=-1 must be at least 1", assertThrows(IllegalArgumentException.class,
            () -> replayer(0, new RecordingModel(), true).requireRun(-1, 1L)).getMessage());
        assertIdentityMismatch("modelId found=recording-v1 expected=other-v1",
            () -> replayer(1, new RecordingModel()
            {
                @Override
                public String identity()
                {
                    return "other-v1";
                }
            }, true).replay(shardDirectory, false));
    }

    /**
     * Each group commit of a running engine writes what the shard journaled as a block that a reader of the journal
     * sees while the engine still runs (a live replay, inspect), not only once the engine stops.
     */
    @Test
    void shouldWriteWhatARunningShardJournaledAtItsGroupCommit()
    {
        final Engine engine = startJournaled();
        try
        {
            assertTrue(engine.publish(1, RecordingModel.INPUT, 10, 1, 0, 0, 0) >= 0);
            final JournalReader reader = JournalReader.builder(ChronicleShardJournal.shardDirectory(root, 0))
                .live(true).build();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            long inputs = 0;
            while (inputs == 0 && System.nanoTime() - deadline < 0)
            {
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                final long[] seen = {0};
                reader.read(record -> seen[0] += RecordKind.INPUT == record.kind() ? 1 : 0);
                inputs = seen[0];
            }
            assertEquals(1, inputs, "the input's block, read while the engine runs");
        }
        finally
        {
            assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)), String.valueOf(engine.failure()));
        }
    }

    private static void assertIdentityMismatch(final String found, final Executable replay)
    {
        final JournalCorruptException refused = assertThrows(JournalCorruptException.class, replay);
        assertEquals(JournalCorruptException.Reason.IDENTITY_MISMATCH, refused.reason(), refused.getMessage());
        assertTrue(refused.getMessage().contains(found), refused.getMessage());
    }

    /** Follow-ups one time unit later than {@link RecordingModel}'s. */
    private static final class LateFollowUpModel extends RecordingModel
    {
        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            if (event.type() == INPUT && event.a1() > 0)
            {
                context.scheduleAfter(event.a1() + 1, FOLLOW_UP, event.target(), event.a0(), 0, 0, 0);
            }
            else
            {
                super.onEvent(event, context);
            }
        }
    }

    /** No follow-ups. */
    private static final class NoFollowUpModel extends RecordingModel
    {
        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            if (event.type() != INPUT)
            {
                super.onEvent(event, context);
            }
        }
    }

    /**
     * A journal of shard {@code shard} of {@code shardCount}, written by a shard core driven by hand with
     * {@link RecordingModel}.
     */
    private void journalByHand(final int shard, final int shardCount, final Consumer<ShardCore> inputs)
    {
        journalByHand(shard, shardCount, builder -> builder, inputs);
    }

    private void journalByHand(
        final int shard,
        final int shardCount,
        final Function<JournalConfig.Builder, JournalConfig.Builder> configurer,
        final Consumer<ShardCore> inputs)
    {
        final ShardJournal journal = journalFactory(configurer).open(shard, shardCount, new RecordingModel());
        try (ShardCore core = new ShardCore(shard, new EventWheel(EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, 1024, 0), new RecordingModel(), journal, error -> { }, null))
        {
            inputs.accept(core);
        }
    }

    private static ShardReplayer replayer(final int shard, final ShardModel model, final boolean verify)
    {
        return new ShardReplayer(shard, model, EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, verify);
    }

    private static void assertSameReplay(final ReplayResult expected, final ReplayResult actual)
    {
        assertNull(actual.divergence(), () -> String.valueOf(actual.divergence()));
        assertEquals(expected.inputs(), actual.inputs(), "inputs");
        assertEquals(expected.advances(), actual.advances(), "advances");
        assertEquals(expected.dispatched(), actual.dispatched(), "dispatched");
        assertEquals(expected.stateHash(), actual.stateHash(), "state hash");
    }

    private ReplayResult salvage(final int shard)
    {
        return new ShardReplayer(
            shard, new RecordingModel(), EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .replay(ChronicleShardJournal.shardDirectory(root, shard), true);
    }

    /** Cycle file and document position of a record. */
    private record RecordPosition(Path file, long filePosition)
    {
    }

    /** A block of a shard's journal: where it is, its first record's time and the inputs of the blocks before it. */
    private record Block(RecordPosition position, long firstTime, long inputsBefore)
    {
    }

    /**
     * @return every block of a shard's journal, in order, its header block first.
     */
    private List<Block> blocks(final int shard)
    {
        final List<Block> blocks = new ArrayList<>();
        final long[] inputs = {0};
        JournalReader.open(ChronicleShardJournal.shardDirectory(root, shard)).read(record ->
        {
            final RecordPosition position = new RecordPosition(record.file(), record.filePosition());
            if (blocks.isEmpty() || !blocks.get(blocks.size() - 1).position().equals(position))
            {
                blocks.add(new Block(position, record.time(), inputs[0]));
            }
            inputs[0] += RecordKind.INPUT == record.kind() ? 1 : 0;
        });
        return blocks;
    }

    /**
     * @return the INPUT records of a shard's journal, as its reader reads them.
     */
    private long journaledInputs(final int shard)
    {
        final long[] inputs = {0};
        JournalReader.open(ChronicleShardJournal.shardDirectory(root, shard))
            .read(record -> inputs[0] += RecordKind.INPUT == record.kind() ? 1 : 0);
        return inputs[0];
    }

    /**
     * Flip one bit of a block's first record: its checksum no longer holds.
     */
    private static void damage(final Block block) throws IOException
    {
        final Path file = block.position().file();
        final long at = block.position().filePosition() + 4 + JournalDescriptor.BLOCK_HEADER_LENGTH + 20;
        writeBytes(file, at, new byte[]{(byte)(read(file, at, 1).get(0) ^ 0x20)});
    }

    private RecordPosition lastRecord(final int shard)
    {
        final RecordPosition[] last = {null};
        JournalReader.open(ChronicleShardJournal.shardDirectory(root, shard))
            .read(record -> last[0] = new RecordPosition(record.file(), record.filePosition()));
        return last[0];
    }

    /**
     * @return file position of the END document, which follows the document of the journal's last record.
     */
    private static long endBlockPosition(final RecordPosition last) throws IOException
    {
        final int length = read(last.file(), last.filePosition(), 4).getInt(0) & 0x3FFF_FFFF;
        final long endBlock = (last.filePosition() + 4 + length + 3) & ~3L;
        assertEquals(JournalDescriptor.END_BLOCK_LENGTH, read(last.file(), endBlock, 4).getInt(0), "the END document");
        return endBlock;
    }

    private static ByteBuffer read(final Path file, final long position, final int length) throws IOException
    {
        final ByteBuffer bytes = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            channel.read(bytes, position);
        }
        return bytes;
    }

    private static void writeBytes(final Path file, final long position, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    private long[] runJournaled(final int shards, final int inputs)
    {
        return runJournaled(shards, inputs, builder -> builder);
    }

    private long[] runJournaled(
        final int shards, final int inputs, final Function<JournalConfig.Builder, JournalConfig.Builder> configurer)
    {
        final Engine engine = Engine.builder()
            .shards(shards)
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory(configurer))
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

    /**
     * @return a started engine of one shard of {@link RecordingModel}, journaled.
     */
    private Engine startJournaled()
    {
        return Engine.builder()
            .shards(1)
            .model((shardId, shardCount) -> new RecordingModel())
            .journal(journalFactory())
            .build()
            .start();
    }

    private ShardJournalFactory journalFactory()
    {
        return journalFactory(builder -> builder);
    }

    private ShardJournalFactory journalFactory(final Function<JournalConfig.Builder, JournalConfig.Builder> configurer)
    {
        return ChronicleShardJournal.factory(root, configurer, "test", 1L, TimeUnit.NANOSECONDS, 0, 42);
    }

    private ReplayResult replay(final int shard, final ShardModel model)
    {
        return new ShardReplayer(shard, model, EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .replay(ChronicleShardJournal.shardDirectory(root, shard), false);
    }
}
