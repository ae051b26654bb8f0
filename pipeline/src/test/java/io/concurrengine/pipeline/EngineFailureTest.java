package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.journal.JournalOutOfSpaceException;
import io.concurrengine.journal.JournalWriteException;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an embedder sees when things go wrong: a shard that fails for good, stop() from the wrong place or from two
 * threads, a partitioner or model factory that breaks its contract, an engine used before it started.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineFailureTest
{
    private static final long STOP_TIMEOUT = TimeUnit.SECONDS.toNanos(20);
    private static final String FAILING_MODEL_CLASS_PREFIX = EngineFailureTest.class.getName() + "$";
    private static final int PLAIN = 1;
    private static final int ERROR = 2;
    private static final int CHECKED = 3;
    private static final int STOP = 4;
    private static final int HOLD = 5;
    private static final int PUBLISH_OWN = 6;
    private static final int TICK = 7;
    private static final int INTERRUPT = 8;
    private static final int GATE = 9;
    private static final int STOP_WHEN_INTERRUPTED = 10;
    private static final int HOLD_LATER = 11;
    private static final int PUBLISH_OWN_BATCH = 12;
    private static final int UNPRINTABLE_ERROR = 13;
    private static final int ADVANCE_OWN = 14;

    @TempDir
    Path root;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private final List<FailingModel> models = new CopyOnWriteArrayList<>();
    private final CountDownLatch hold = new CountDownLatch(1);
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch atGate = new CountDownLatch(1);
    private final List<Throwable> interrupted = new CopyOnWriteArrayList<>();
    private final AtomicReference<Thread> holdLaterThread = new AtomicReference<>();
    private final List<Long> batchResults = new CopyOnWriteArrayList<>();
    private Engine engine;

    @AfterEach
    void after()
    {
        if (null != engine)
        {
            engine.stop(STOP_TIMEOUT);
        }
    }

    /**
     * Type ERROR throws an AssertionError, CHECKED an undeclared IOException, STOP calls the engine's stop(), HOLD
     * counts {@link #holding} down and waits for {@link #hold} (returning if interrupted), GATE counts {@link #atGate}
     * down and waits for {@link #gate}, PUBLISH_OWN publishes {@code a2} PLAIN inputs with its own key, INTERRUPT sets
     * its thread's interrupt flag (as a handler that restores it after catching InterruptedException does),
     * PUBLISH_OWN_BATCH publishes one batch of {@code a2} PLAIN inputs with its own key and then one with key 1, and
     * records in {@link #batchResults} every input's result, even when the publish throws, UNPRINTABLE_ERROR throws an
     * AssertionError whose getMessage() throws, ADVANCE_OWN publishes PLAIN inputs with its own key until one is
     * refused and then calls advanceTo({@code a2}); every input
     * sleeps {@code a1} microseconds first; each input's a0 is recorded. TICK schedules another TICK 1,000 time units
     * later, and counts. HOLD_LATER schedules a HOLD 1,000 time units later and records its thread in
     * {@link #holdLaterThread}. STOP_WHEN_INTERRUPTED counts {@link #holding} down, waits for {@link #hold} and, once
     * interrupted, calls the engine's stop().
     */
    private final class FailingModel implements ShardModel
    {
        final List<Long> seen = new CopyOnWriteArrayList<>();
        final AtomicLong ticks = new AtomicLong();
        final List<Throwable> stopFailures = new CopyOnWriteArrayList<>();
        private long hash = 7;

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            seen.add(event.a0());
            hash = hash * 31 + event.a0();
            if (event.a1() > 0)
            {
                LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(event.a1()));
            }
            switch (event.type())
            {
                case ERROR:
                    throw new AssertionError("model invariant broken at a0=" + event.a0());
                case ADVANCE_OWN:
                    for (int i = 0; engine.publish(event.target(), PLAIN, 0, 1000 + i, 0, 0, 0) >= 0; i++)
                    {
                        // until its own ring is full
                    }
                    engine.advanceTo(event.a2());
                    break;
                case UNPRINTABLE_ERROR:
                    throw new AssertionError()
                    {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public String getMessage()
                        {
                            throw new NullPointerException("the message's field is not set");
                        }
                    };
                case CHECKED:
                    sneakyThrow(new IOException("checked failure at a0=" + event.a0()));
                    break;
                case HOLD:
                    holding.countDown();
                    try
                    {
                        hold.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        interrupted.add(ex);
                    }
                    break;
                case GATE:
                    atGate.countDown();
                    awaitUninterruptibly(gate);
                    break;
                case INTERRUPT:
                    Thread.currentThread().interrupt();
                    break;
                case PUBLISH_OWN:
                    for (int i = 0; i < event.a2(); i++)
                    {
                        engine.publishPriority(event.target(), PLAIN, 0, 1000 + i, 0, 0, 0, 0);
                    }
                    break;
                case PUBLISH_OWN_BATCH:
                    publishOwnBatch(event);
                    break;
                case HOLD_LATER:
                    holdLaterThread.set(Thread.currentThread());
                    context.scheduleAfter(1_000, HOLD, event.target());
                    break;
                case TICK:
                    ticks.incrementAndGet();
                    context.scheduleAfter(1_000, TICK, event.target());
                    break;
                case STOP_WHEN_INTERRUPTED:
                    holding.countDown();
                    try
                    {
                        hold.await();
                    }
                    catch (final InterruptedException ex)
                    {
                        interrupted.add(ex);
                        stopEngine(); // while the engine closes this shard's runner
                    }
                    break;
                case STOP:
                    stopEngine();
                    break;
                default:
                    break;
            }
        }

        private void publishOwnBatch(final Event event)
        {
            final InputBatch batch = new InputBatch((int)event.a2() + 1);
            for (int i = 0; i < event.a2(); i++)
            {
                batch.add(event.target(), PLAIN, 0, 1000 + i, 0, 0, 0);
            }
            batch.add(1, PLAIN, 0, 2000, 0, 0, 0);
            try
            {
                engine.publish(batch);
            }
            finally
            {
                for (int i = 0; i < batch.size(); i++)
                {
                    batchResults.add(batch.result(i));
                }
            }
        }

        private void stopEngine()
        {
            try
            {
                engine.stop(STOP_TIMEOUT);
            }
            catch (final IllegalStateException ex)
            {
                stopFailures.add(ex);
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
            return "failing-v1";
        }
    }

    /**
     * @return a started thread that releases the held handler ({@link #hold}) once {@code stop()} has timed out and
     * reported a shard that did not drain, and well before it would interrupt the handler (after
     * {@link Engine#CLOSE_REPORT_INTERVAL_MS}): not a fixed delay, which a loaded machine can outlast.
     */
    private Thread releaseTheHeldHandlerOnceStopReportsAShardThatDidNotDrain()
    {
        final Thread release = new Thread(() ->
        {
            final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Engine.CLOSE_REPORT_INTERVAL_MS / 2);
            while (errors.stream().noneMatch(error -> String.valueOf(error.getMessage()).contains(" did not drain ")) &&
                System.nanoTime() < giveUp)
            {
                LockSupport.parkNanos(1_000_000);
            }
            hold.countDown();
        });
        release.start();
        return release;
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        boolean interrupted = false;
        while (true)
        {
            try
            {
                latch.await();
                break;
            }
            catch (final InterruptedException ex)
            {
                interrupted = true;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(final Throwable ex) throws T
    {
        throw (T)ex;
    }

    /**
     * @return a model that does nothing, of {@code identity}, whose {@code expectedTimers()} is
     * {@code expectedTimers}'s.
     */
    private static ShardModel sizedModel(final String identity, final IntSupplier expectedTimers)
    {
        return new ShardModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
            }

            @Override
            public long stateHash()
            {
                return 0;
            }

            @Override
            public String identity()
            {
                return identity;
            }

            @Override
            public int expectedTimers()
            {
                return expectedTimers.getAsInt();
            }
        };
    }

    /**
     * @return shard 0's journal under {@link #root} replayed into {@code model}, dispatches verified.
     */
    private ReplayResult replayShardZero(final FailingModel model)
    {
        return new ShardReplayer(0, model, EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, true)
            .replay(ChronicleShardJournal.shardDirectory(root, 0), false);
    }

    private EngineBuilder builder()
    {
        return Engine.builder()
            .shards(1)
            .errorHandler(errors::add)
            .model((shardId, shardCount) ->
            {
                final FailingModel model = new FailingModel();
                models.add(model);
                return model;
            });
    }

    /**
     * Publish inputs 0 to 199 to shard 0, input 100 of {@code errorType}, wait for the engine to fail, give a shard
     * that went on the time to take its batch again, and stop it: false, the engine having failed.
     */
    private void publishUntilTheErrorAtInput100FailsTheShard(final int errorType)
    {
        for (int i = 0; i < 200; i++)
        {
            final long result = engine.publish(1, 100 == i ? errorType : PLAIN, i, i, 0, 0, 0);
            // a publisher descheduled for long enough (a loaded machine) finds the shard already failed after input 100
            assertTrue(result >= 0 || (i > 100 && Engine.CLOSED == result), "input " + i + ": " + result);
        }
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(EngineState.FAILED, engine.state());
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a shard that went on would take its batch again
        assertFalse(engine.stop(STOP_TIMEOUT));
    }

    @Test
    void shouldEndAShardForGoodWhenAnErrorEscapesItsBatchAndNeverHandTheModelAnInputTwice()
    {
        engine = builder().journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L,
            TimeUnit.NANOSECONDS, 0, 1)).build().start();
        publishUntilTheErrorAtInput100FailsTheShard(ERROR);
        assertFalse(engine.stop(STOP_TIMEOUT), "a later stop() reports the same outcome");

        final List<Long> seen = models.get(0).seen;
        assertEquals(101, seen.size(), "inputs 0..100, each once: " + seen.size());
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no input handed to the model twice");
        assertTrue(engine.failure() instanceof ShardFailedException, String.valueOf(engine.failure()));
        assertTrue(engine.failure().getCause() instanceof AssertionError);
        assertTrue(engine.failure().getMessage().startsWith("shard=0 failed and takes no more input"),
            engine.failure().getMessage());
        assertEquals(1, engine.counters(0).errors());

        // the journal was closed with what the shard had written: it replays, without damage, to the state before
        final FailingModel replayed = new FailingModel();
        final ReplayResult result = replayShardZero(replayed);
        assertNull(result.divergence());
        assertNull(result.damage());
        assertEquals(100, result.inputs());
        assertEquals(seen.subList(0, 100), replayed.seen);
    }

    @Test
    void shouldEndAShardForGoodWhenAnErrorThatCannotSayWhatItIsEscapesItsBatchAndNeverHandTheModelAnInputTwice()
    {
        engine = builder().build().start();
        publishUntilTheErrorAtInput100FailsTheShard(UNPRINTABLE_ERROR);

        final List<Long> seen = models.get(0).seen;
        assertEquals(new HashSet<>(seen).size(), seen.size(), "no input handed to the model twice");
        assertEquals(101, seen.size(), "inputs 0..100, each once: " + seen.size());
        assertTrue(engine.failure() instanceof ShardFailedException, String.valueOf(engine.failure()));
        assertTrue(engine.failure().getCause() instanceof AssertionError);
        assertTrue(engine.failure().getMessage().startsWith("shard=0 failed and takes no more input: " +
            engine.failure().getCause().getClass().getName() + " (its toString() threw java.lang.NullPointerException"),
            engine.failure().getMessage());
    }

    /**
     * An embedder's error handler that throws (one that stops the engine when told of an error, which a shard's thread
     * refuses, say) must not end the shard's thread where no one catches it: before session 52 it did, the shard's
     * journal was never closed and the engine failed on a handler's failure. What it throws is kept with the error.
     */
    @Test
    void shouldGoOnAsIfTheEmbeddersErrorHandlerHadReturnedWhenItThrows()
    {
        final List<Throwable> told = new CopyOnWriteArrayList<>();
        engine = builder()
            .errorHandler(error ->
            {
                told.add(error);
                engine.stop(STOP_TIMEOUT); // refused on a shard's thread: IllegalStateException
            })
            .journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 1))
            .build().start();
        for (int i = 0; i < 200; i++)
        {
            assertTrue(engine.publish(1, 50 == i ? CHECKED : PLAIN, i, i, 0, 0, 0) >= 0, "input " + i);
        }

        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        assertNull(engine.failure());
        assertEquals(200, models.get(0).seen.size(), "the shard went on after input 50");
        assertEquals(1, told.size(), String.valueOf(told));
        assertTrue(told.get(0) instanceof HandlerFailedException, String.valueOf(told.get(0)));
        assertEquals(1, told.get(0).getSuppressed().length);
        assertTrue(told.get(0).getSuppressed()[0] instanceof IllegalStateException);

        // the journal was closed whole: it replays every input, without damage
        final FailingModel replayed = new FailingModel();
        final ReplayResult result = replayShardZero(replayed);
        assertNull(result.damage());
        assertNull(result.divergence());
        assertEquals(200, result.inputs());
    }

    /**
     * What the embedder's handler throws may not be able to say what it is: its toString() threw out of the engine's
     * error handler, which promises never to throw, and so out of the shard's dispatch.
     */
    @Test
    void shouldGoOnAsIfTheEmbeddersErrorHandlerHadReturnedWhenWhatItThrowsCannotSayWhatItIs()
    {
        final List<Throwable> told = new CopyOnWriteArrayList<>();
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final PrintStream standardError = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            engine = builder()
                .errorHandler(error ->
                {
                    told.add(error);
                    throw new IllegalStateException()
                    {
                        private static final long serialVersionUID = 1L;

                        @Override
                        public String toString()
                        {
                            throw new NullPointerException("the description's field is not set");
                        }
                    };
                })
                .build().start();
            for (int i = 0; i < 200; i++)
            {
                assertTrue(engine.publish(1, 50 == i ? CHECKED : PLAIN, i, i, 0, 0, 0) >= 0, "input " + i);
            }
            assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        }
        finally
        {
            System.setErr(standardError);
        }
        assertNull(engine.failure());
        assertEquals(200, models.get(0).seen.size(), "the shard went on after input 50");
        assertEquals(1, told.size(), String.valueOf(told));
        assertEquals(1, told.get(0).getSuppressed().length);
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("concurrengine: the engine's error handler threw " +
            told.get(0).getSuppressed()[0].getClass().getName() + " (its toString() threw " +
            "java.lang.NullPointerException) when told of io.concurrengine.pipeline.HandlerFailedException: handler " +
            "failed: shard=0 time="), text);
        assertTrue(text.endsWith("; the engine goes on as if it had returned" + System.lineSeparator()), text);
    }

    @Test
    void shouldNameTheShardThatFailedAndCountTheFailureInThatShardsErrors()
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).build().start();
        assertTrue(engine.publish(0, PLAIN, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, ERROR, 0, 1, 0, 0, 0) >= 0);
        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");

        final ShardFailedException failure = assertInstanceOf(ShardFailedException.class, engine.failure());
        assertEquals(1, failure.shardId());
        assertTrue(failure.getMessage().startsWith("shard=1 failed and takes no more input"), failure.getMessage());
        assertTrue(errors.contains(failure), String.valueOf(errors));
        assertEquals(1, engine.counters(1).errors(), "counted in the failed shard's errors");
        assertEquals(0, engine.counters(0).errors());
        assertEquals(List.of(0L), models.get(0).seen, "shard 0 drained what it had accepted");
    }

    /**
     * A shard that fails mid-batch publishes the counters of that batch as it ends: before, it ended without, and a
     * shard that failed in its first batch showed no inputs, dispatches or batches, though it had dispatched 99.
     */
    @Test
    void shouldPublishTheCountersOfTheBatchAShardFailedIn()
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).build().start();
        assertTrue(engine.publish(1, GATE, 0, 0, 0, 0, 0) >= 0);
        awaitUninterruptibly(atGate); // shard 1 is in its first batch: what follows is taken in the same one
        for (int i = 1; i < 200; i++)
        {
            assertTrue(engine.publish(1, 99 == i ? ERROR : PLAIN, 0, i, 0, 0, 0) >= 0, "input " + i);
        }
        assertTrue(engine.publish(0, PLAIN, 0, 0, 0, 0, 0) >= 0);
        gate.countDown();
        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");

        assertEquals(100, models.get(1).seen.size(), "inputs 0..99 handed to shard 1's model");
        final ShardCounters failed = engine.counters(1);
        assertEquals(100, failed.inputs(), "the failing input too");
        assertEquals(99, failed.dispatched(), "all but the failing input");
        assertEquals(1, failed.batches(), "the batch it failed in");
        assertEquals(1, failed.errors());
        assertTrue(failed.wheelCapacity() > 0, String.valueOf(failed.wheelCapacity()));
        assertEquals(1, engine.counters(0).inputs());
        assertEquals(1, engine.counters(0).dispatched());
    }

    @Test
    void shouldBeFailedAndRefuseInputWhileTheEmbeddersHandlerIsToldOfTheFailure()
    {
        final AtomicReference<Engine> started = new AtomicReference<>();
        final List<String> seenByHandler = new CopyOnWriteArrayList<>();
        engine = builder().errorHandler(error ->
        {
            final Engine failed = started.get();
            seenByHandler.add(failed.state() + " " + failed.publish(2, PLAIN, 0, 0, 0, 0, 0));
            throw new IllegalStateException("an embedder's handler that throws");
        }).build().start();
        started.set(engine);
        assertTrue(engine.publish(1, ERROR, 0, 0, 0, 0, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (seenByHandler.isEmpty() && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(List.of("FAILED " + Engine.CLOSED), seenByHandler);
        assertEquals(EngineState.FAILED, engine.state());
        assertTrue(engine.failure() instanceof ShardFailedException, String.valueOf(engine.failure()));
    }

    /**
     * The failing input is not the only event due by its time (a timer is due at it too), so it goes through the
     * wheel: its INPUT is journaled before it is dispatched. The journal must still replay to the state before it.
     */
    @Test
    void shouldReplayToTheStateBeforeAnInputWhoseHandlerThrewAnErrorWhenATimerWasDueWithIt()
    {
        engine = builder().journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L,
            TimeUnit.NANOSECONDS, 0, 1)).build().start();
        assertTrue(engine.publish(1, TICK, 0, 0, 0, 0, 0) >= 0); // a TICK due at 1000 from now on
        assertTrue(engine.publish(1, PLAIN, 500, 1, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, ERROR, 1000, 2, 0, 0, 0) >= 0); // stamped 1000, when the TICK is due
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(EngineState.FAILED, engine.state());
        assertFalse(engine.stop(STOP_TIMEOUT));
        assertEquals(List.of(0L, 1L, 0L, 2L), models.get(0).seen, "TICK, PLAIN, the TICK due at 1000, ERROR");

        final FailingModel replayed = new FailingModel();
        final ReplayResult result = replayShardZero(replayed);
        assertNull(result.divergence());
        assertNull(result.damage());
        assertEquals(2, result.inputs());
        assertEquals(List.of(0L, 1L), replayed.seen);
    }

    /**
     * A failed engine takes no more input, and in wall-clock mode its healthy shards no longer move their clocks on by
     * themselves: timers stop firing, so a journal that failed for want of space is not filled by them while the
     * embedder gets round to stop(). Timers due by an input it had accepted still fire as that input is taken.
     */
    @Test
    void shouldStopFiringTimersOfAWallClockEngineOnceItHasFailed()
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)(key & 1)).timeMode(TimeMode.WALL_CLOCK)
            .timeUnitNanos(TimeUnit.MICROSECONDS.toNanos(1)).build().start();
        assertTrue(engine.publish(1, TICK, 0, 0, 0, 0, 0) >= 0); // shard 1 ticks every millisecond from now on
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (ticks() < 20)
        {
            assertTrue(System.nanoTime() < deadline, "ticks=" + ticks());
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.publish(0, ERROR, 0, 0, 0, 0, 0) >= 0); // shard 0 fails: the engine is FAILED
        while (engine.state() != EngineState.FAILED)
        {
            assertTrue(System.nanoTime() < deadline, "state=" + engine.state());
            LockSupport.parkNanos(1_000_000);
        }
        // a unit of work under way when it failed may still fire what was due: wait until no tick has come for 20 ms
        // (a shard that went on moving its clock would tick every millisecond, and never get there)
        long atFailure = ticks();
        long quietSince = System.nanoTime();
        while (System.nanoTime() - quietSince < TimeUnit.MILLISECONDS.toNanos(20))
        {
            assertTrue(System.nanoTime() < deadline, "timers still firing after the failure: ticks=" + ticks());
            LockSupport.parkNanos(1_000_000);
            if (ticks() != atFailure)
            {
                atFailure = ticks();
                quietSince = System.nanoTime();
            }
        }

        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(200));

        assertTrue(ticks() - atFailure <= 1, "ticks after the failure: " + (ticks() - atFailure));
        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");
    }

    private long ticks()
    {
        return models.stream().mapToLong(model -> model.ticks.get()).sum();
    }

    /**
     * A problem the journal's background thread worked around (here, a file system whose free space cannot be read)
     * does not fail the engine: it is passed to the error handler as a warning once the shard's journal is closed,
     * and the journal verifies.
     */
    @Test
    void shouldPassOnAProblemTheJournalWorkedAroundAsAWarningOnceItsShardStops()
    {
        final IllegalStateException unreadable = new IllegalStateException("usable space unreadable");
        engine = builder().journal(ChronicleShardJournal.factory(root, config -> config.minFreeBytes(1L << 20)
            .usableSpace(() ->
            {
                throw unreadable;
            }), "test", 1L, TimeUnit.NANOSECONDS, 0, 1)).build().start();
        assertTrue(engine.publish(1, PLAIN, 0, 0, 0, 0, 0) >= 0);

        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(1, errors.size(), errors::toString);
        final JournalBackgroundWarning warning = assertInstanceOf(JournalBackgroundWarning.class, errors.get(0));
        assertSame(unreadable, warning.getCause());
        final ReplayResult replay = new ShardReplayer(0, new FailingModel(), EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, true).replay(ChronicleShardJournal.shardDirectory(root, 0), false);
        assertTrue(replay.verified(), replay.toString());
        assertEquals(1, replay.inputs());
    }

    @Test
    void shouldStopTakingInputAndJournalEverythingAcceptedWhenAJournalRunsOutOfSpace()
    {
        final long floor = 1L << 20;
        final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        engine = builder().shards(2).partitioner((key, shards) -> (int)(key & 1))
            .journal(ChronicleShardJournal.factory(root, config -> config.minFreeBytes(floor).usableSpace(usable::get),
                "test", 1L, TimeUnit.NANOSECONDS, 0, 1)).build().start();
        long accepted = 0;
        long result = 0;
        for (int i = 0; result != Engine.CLOSED; i++)
        {
            if (20_000 == i)
            {
                usable.set(floor - 1); // below the floor, above the hard floor: the reserve takes the rest
            }
            result = engine.publish(i, PLAIN, i, i, 0, 0, 0);
            assertTrue(result >= 0 || Engine.CLOSED == result, "block backpressure: accepted or closed, " + result);
            accepted += result >= 0 ? 1 : 0;
        }
        assertEquals(EngineState.FAILED, engine.state(), "refused because the engine failed");
        assertTrue(accepted >= 20_000, "accepted=" + accepted);
        assertTrue(engine.failure() instanceof JournalFullException, String.valueOf(engine.failure()));
        assertTrue(engine.failure().getMessage().contains("its journal ran out of space, so the engine takes no more " +
            "input") && engine.failure().getMessage().contains(" < minFreeBytes=" + floor),
            engine.failure().getMessage());
        final JournalOutOfSpaceException cause = (JournalOutOfSpaceException)engine.failure().getCause();
        assertTrue(cause.usableBytes() <= floor - 1, cause.toString());

        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");
        assertEquals(accepted, models.get(0).seen.size() + models.get(1).seen.size(),
            "every accepted input dispatched");
        for (int shard = 0; shard < 2; shard++)
        {
            // each journal holds every input its shard dispatched, and was closed whole: it verifies
            final FailingModel replayed = new FailingModel();
            final ReplayResult replay = new ShardReplayer(shard, replayed, EventWheel.DEFAULT_SLOT_COUNT,
                EventWheel.DEFAULT_SLOT_SHIFT, true).replay(ChronicleShardJournal.shardDirectory(root, shard), false);
            assertTrue(replay.verified(), replay.toString());
            assertEquals(models.get(shard).seen, replayed.seen, "shard=" + shard);
            assertEquals(models.get(shard).hash, replayed.hash, "shard=" + shard);
        }
        assertTrue(errors.stream().filter(error -> !(error instanceof JournalBackgroundWarning))
            .allMatch(JournalFullException.class::isInstance), errors.toString());
    }

    @Test
    void shouldSayWhyTheEngineFailedWhenAShardDoesNotDrainInTimeAfterAJournalRanOutOfSpace() throws Exception
    {
        final long floor = 1L << 20;
        final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).batchLimit(1)
            .journal(ChronicleShardJournal.factory(root, config -> config.minFreeBytes(floor).usableSpace(usable::get),
                "test", 1L, TimeUnit.NANOSECONDS, 0, 1)).build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0, "waits behind the held handler");
        usable.set(floor - 1);
        long result = 0;
        for (int i = 2; result != Engine.CLOSED; i++)
        {
            result = engine.publish(0, PLAIN, i, i, 0, 0, 0); // until shard 0's journal finds the floor
        }
        assertTrue(engine.failure() instanceof JournalFullException, String.valueOf(engine.failure()));
        final Thread release = releaseTheHeldHandlerOnceStopReportsAShardThatDidNotDrain();

        assertFalse(engine.stop(TimeUnit.MILLISECONDS.toNanos(50)), "the engine failed");
        release.join();
        // shard 1 is held, and shard 0 may still be draining its full ring: the first found undrained is reported
        final List<String> drainReports = errors.stream().map(Throwable::getMessage)
            .filter(message -> message.contains(" did not drain ")).toList();
        assertEquals(1, drainReports.size(), String.valueOf(errors));
        assertTrue(drainReports.get(0).matches("shard=[01] did not drain before the timeout after shard=0's journal " +
            "ran out of space: inputs it accepted and had not taken were not dispatched"),
            "no shard failed: " + errors);
    }

    @Test
    void shouldSayWhichShardFailedWhenAnotherDoesNotDrainInTimeAfterIt() throws Exception
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).batchLimit(1).build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0, "waits behind the held handler");
        awaitUninterruptibly(holding);
        assertTrue(engine.publish(0, ERROR, 0, -1, 0, 0, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.failure() instanceof ShardFailedException, String.valueOf(engine.failure()));
        final Thread release = releaseTheHeldHandlerOnceStopReportsAShardThatDidNotDrain();

        assertFalse(engine.stop(TimeUnit.MILLISECONDS.toNanos(50)), "the engine failed");
        release.join();
        assertEquals(List.of("shard=1 did not drain before the timeout after shard=0 failed: inputs it accepted and " +
            "had not taken were not dispatched"), errors.stream().map(Throwable::getMessage)
            .filter(message -> message.contains(" did not drain ")).toList(), String.valueOf(errors));
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * stop(0) of an engine that had failed closed the other shards at once, as it should, but said nothing of what a
     * healthy shard had accepted and not taken, which was never dispatched: a running engine's stop(0) reports such a
     * shard ("shards did not drain within timeoutMs=0"). An idle healthy shard, which loses nothing, is not reported.
     */
    @Test
    void shouldSayWhichShardDidNotDrainWhenAFailedEngineIsStoppedWithoutWaiting() throws Exception
    {
        engine = builder().shards(3).partitioner((key, shards) -> (int)key).batchLimit(1).build().start();
        assertTrue(engine.publish(2, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(2, PLAIN, 1, 1, 0, 0, 0) >= 0, "waits behind the held handler");
        awaitUninterruptibly(holding);
        assertTrue(engine.publish(0, ERROR, 0, -1, 0, 0, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.failure() instanceof ShardFailedException, String.valueOf(engine.failure()));
        final Thread release = releaseTheHeldHandlerOnceStopReportsAShardThatDidNotDrain();

        assertFalse(engine.stop(0), "the engine failed");
        release.join();
        assertEquals(List.of("shard=2 did not drain before the timeout after shard=0 failed: inputs it accepted and " +
            "had not taken were not dispatched"), errors.stream().map(Throwable::getMessage)
            .filter(message -> message.contains(" did not drain ")).toList(), String.valueOf(errors));
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldLetTheOtherShardsDrainWhatTheyAcceptedWhenOneHasFailed() throws Exception
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).batchLimit(1).build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        for (int i = 1; i <= 100; i++)
        {
            assertTrue(engine.publish(1, PLAIN, i, i, 0, 0, 0) >= 0, "accepted by shard 1");
        }
        assertTrue(engine.publish(0, ERROR, 0, -1, 0, 0, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertEquals(EngineState.FAILED, engine.state());
        final Thread release = new Thread(() ->
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            hold.countDown();
        });
        release.start(); // shard 1 is still in its first handler when stop() begins

        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");
        release.join();
        assertEquals(List.of(-1L), models.get(0).seen, "shard 0 failed at its first input"); // created in shard order
        assertEquals(101, models.get(1).seen.size(), "shard 1 dispatched everything it accepted");
        assertEquals(101, engine.shard(1).inputs());
        assertEquals(List.of(), interrupted, "nobody interrupted the healthy shard's handler");
    }

    @Test
    void shouldReportAndInterruptAHandlerThatHoldsUpStop()
    {
        engine = builder().build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0);
        awaitUninterruptibly(holding); // on a loaded machine the shard may not have reached it within stop()'s 100 ms
        final long start = System.nanoTime();
        assertFalse(engine.stop(TimeUnit.MILLISECONDS.toNanos(100)));
        final long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(1, interrupted.size(), "the held-up handler was interrupted once, and returned");
        assertTrue(tookMs >= Engine.CLOSE_REPORT_INTERVAL_MS, "waited for the handler: " + tookMs + " ms");
        assertTrue(errors.stream().anyMatch(e -> "shards did not drain within timeoutMs=100".equals(e.getMessage())),
            "why stop() returned false: " + errors);
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().equals("shard=0 thread 'concurrengine-shard-0' " +
            "has not ended " + Engine.CLOSE_REPORT_INTERVAL_MS + " ms after it was told to stop: a handler has not " +
            "returned (the thread is WAITING); interrupting it and waiting on")), String.valueOf(errors));
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * A timer that schedules itself again at the time it fires, as one with any delay does once the clock is at
     * Long.MAX_VALUE (due times saturate there), never lets its shard's dispatch end, though every handler returns:
     * the report said "a handler has not returned". It now says the shard is dispatching, and why that may not end.
     * (This model stops re-arming when the report comes, so that stop() can return.)
     */
    @Test
    void shouldSayAShardThreadThatKeepsDispatchingAtOneInstantIsDispatchingWhenItHoldsUpStop()
    {
        final AtomicBoolean rearm = new AtomicBoolean(true);
        final AtomicLong firedAtTheEndOfTime = new AtomicLong();
        engine = Engine.builder()
            .shards(1)
            .errorHandler(error ->
            {
                errors.add(error);
                if (error instanceof ShardStillRunningWarning)
                {
                    rearm.set(false);
                }
            })
            .model((shardId, shardCount) -> new ShardModel()
            {
                @Override
                public void onEvent(final Event event, final EventContext context)
                {
                    if (TICK == event.type() && Long.MAX_VALUE == event.time())
                    {
                        firedAtTheEndOfTime.incrementAndGet();
                    }
                    if (PLAIN == event.type() || rearm.get())
                    {
                        context.scheduleAfter(1_000, TICK, event.target());
                    }
                }

                @Override
                public long stateHash()
                {
                    return 0;
                }

                @Override
                public String identity()
                {
                    return "re-arming-v1";
                }
            })
            .build().start();
        assertTrue(engine.publish(1, PLAIN, Long.MAX_VALUE - 500, 0, 0, 0, 0) >= 0); // its TICK is due at MAX
        assertTrue(engine.advanceTo(Long.MAX_VALUE));
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (firedAtTheEndOfTime.get() < 2 && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(firedAtTheEndOfTime.get() >= 2, "the TICK at Long.MAX_VALUE re-armed itself there");

        assertFalse(engine.stop(TimeUnit.MILLISECONDS.toNanos(100)), "the shard could not drain");
        assertEquals("shards did not drain within timeoutMs=100", errors.get(0).getMessage());
        final List<Throwable> warnings = errors.stream().filter(e -> e instanceof ShardStillRunningWarning).toList();
        assertEquals(1, warnings.size(), String.valueOf(errors));
        assertEquals("shard=0 thread 'concurrengine-shard-0' has not ended " + Engine.CLOSE_REPORT_INTERVAL_MS +
            " ms after it was told to stop: it is dispatching: a handler has not returned, or its handlers keep " +
            "scheduling events due by the time it dispatches to (a timer that schedules itself again at the time " +
            "it fires, as any delay does once the clock is at Long.MAX_VALUE, where due times saturate, never lets " +
            "the dispatch end); interrupting it and waiting on", warnings.get(0).getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldStopCleanlyAndWarnWhenAHandlerHoldsUpAShardThreadAfterItsShardDrained() throws Exception
    {
        // Wall-clock time stands still until shard 0 has drained. Its next unit of work reads the clock, which waits
        // there until stop() is closing the shard's thread and then jumps past shard 0's HOLD timer: the timer's
        // handler runs after the drain and holds the thread until it is interrupted. Shard 1 is held at a gate, so
        // stop() waits for its drain, and closes shard 0's thread, only once shard 0 is inside that unit of work.
        final CountDownLatch pastDrain = new CountDownLatch(1);
        final AtomicBoolean late = new AtomicBoolean();
        final AtomicReference<Engine> started = new AtomicReference<>();
        final org.agrona.concurrent.NanoClock clock = () ->
        {
            final Engine running = started.get();
            if (!late.get() && Thread.currentThread() == holdLaterThread.get() && running.agent(0).drained())
            {
                pastDrain.countDown();
                final long giveUp = System.nanoTime() + STOP_TIMEOUT;
                while (!running.agent(0).closeRequested() && System.nanoTime() - giveUp < 0)
                {
                    LockSupport.parkNanos(1_000_000);
                }
                late.set(true);
            }
            return late.get() ? TimeUnit.SECONDS.toNanos(10) : 0;
        };
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).timeMode(TimeMode.WALL_CLOCK)
            .clock(clock).build();
        started.set(engine);
        engine.start();
        assertTrue(engine.publish(0, HOLD_LATER, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, GATE, 0, 1, 0, 0, 0) >= 0);
        awaitUninterruptibly(atGate);
        final FutureTask<Boolean> stop = new FutureTask<>(() -> engine.stop(STOP_TIMEOUT));
        new Thread(stop, "stopper").start();
        assertTrue(pastDrain.await(30, TimeUnit.SECONDS), "shard 0 drained and went on");
        gate.countDown();

        assertTrue(stop.get(30, TimeUnit.SECONDS), "every shard drained: " + engine.failure());
        assertNull(engine.failure());
        assertEquals(EngineState.STOPPED, engine.state());
        assertEquals(1, interrupted.size(), "the handler was interrupted once, and returned");
        assertEquals(2, engine.shard(0).dispatched(), "the input and its timer, whose handler held the thread");
        assertEquals(1, errors.size(), String.valueOf(errors));
        final ShardStillRunningWarning warning = (ShardStillRunningWarning)errors.get(0);
        assertEquals(0, warning.shardId());
        assertTrue(warning.warning());
        assertTrue(warning.getMessage().startsWith("shard=0 thread '") &&
            warning.getMessage().endsWith("has not ended " + Engine.CLOSE_REPORT_INTERVAL_MS + " ms after it was " +
            "told to stop: a handler has not returned (the thread is WAITING); interrupting it and waiting on"),
            warning.getMessage());
        assertEquals(1, engine.counters(0).errors(), "counted in the shard's errors");
    }

    @Test
    void shouldSayAShardThreadHeldUpAfterItsShardDrainedIsClosingItsJournal() throws Exception
    {
        final CountDownLatch closing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ShardJournal slowToClose = new ShardJournal.Discarding()
        {
            @Override
            public void close()
            {
                closing.countDown();
                awaitUninterruptibly(release); // a slow fsync, say
            }
        };
        engine = builder().shards(2)
            .journal((shardId, shardCount, model) -> 1 == shardId ? slowToClose : ShardJournal.NONE).build().start();
        final FutureTask<Boolean> stop = new FutureTask<>(() -> engine.stop(STOP_TIMEOUT));
        new Thread(stop, "stopper").start();
        assertTrue(closing.await(30, TimeUnit.SECONDS), "the shard began closing its journal");
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (errors.isEmpty() && System.nanoTime() - giveUp < 0)
        {
            LockSupport.parkNanos(10_000_000);
        }
        release.countDown();

        assertTrue(stop.get(30, TimeUnit.SECONDS), "the shard drained: " + engine.failure());
        final ShardStillRunningWarning warning = (ShardStillRunningWarning)errors.get(0);
        assertTrue(warning.getMessage().endsWith("has not ended " + Engine.CLOSE_REPORT_INTERVAL_MS + " ms after it " +
            "was told to stop: it is closing its journal; interrupting it and waiting on"), warning.getMessage());
        assertEquals(1, warning.shardId(), "the shard whose journal is slow to close");
        assertEquals(1, engine.counters(1).errors(), "counted in that shard's errors");
        assertEquals(0, engine.counters(0).errors());
    }

    /**
     * A shard thread held up in its journal's flush (a sync to a device that hangs, say) was reported as one whose
     * handler had not returned ("a handler has not returned (the thread is WAITING)"), or as dispatching.
     */
    @Test
    void shouldSayAShardThreadHeldUpInItsJournalsFlushIsFlushingItsJournal() throws Exception
    {
        final CountDownLatch flushing = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final ShardJournal slowToFlush = new ShardJournal.Discarding()
        {
            @Override
            public void flush()
            {
                flushing.countDown();
                awaitUninterruptibly(release); // a slow fsync, say
            }
        };
        engine = builder().shards(2).partitioner((key, shardCount) -> (int)key)
            .journal((shardId, shardCount, model) -> 1 == shardId ? slowToFlush : ShardJournal.NONE).build().start();
        assertTrue(engine.publish(1, PLAIN, 0, 0, 0, 0, 0) >= 0);
        assertTrue(flushing.await(30, TimeUnit.SECONDS), "the shard began flushing its journal");
        // it took its input, so it has nothing to drain: the stop goes on to close the shard threads at once
        final FutureTask<Boolean> stop = new FutureTask<>(() -> engine.stop(TimeUnit.MILLISECONDS.toNanos(1)));
        new Thread(stop, "stopper").start();
        final long giveUp = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (errors.isEmpty() && System.nanoTime() - giveUp < 0)
        {
            LockSupport.parkNanos(10_000_000);
        }
        release.countDown();

        assertTrue(stop.get(30, TimeUnit.SECONDS), "the shard had taken its input: " + engine.failure());
        final ShardStillRunningWarning warning = (ShardStillRunningWarning)errors.get(0);
        assertTrue(warning.getMessage().endsWith("has not ended " + Engine.CLOSE_REPORT_INTERVAL_MS + " ms after it " +
            "was told to stop: it is in its journal's flush, which has not returned (a write, or a sync to its " +
            "device); interrupting it and waiting on"), warning.getMessage());
        assertEquals(1, warning.shardId(), "the shard whose journal is slow to flush");
    }

    /**
     * A journal whose bytesWritten() throws fails its shard, once: the shard's close read it again for its counters and
     * the runner reported that raw, a second report (and a second error counted) of the one failure, naming no shard.
     * The same as the shard builds its core, which reads it for its first counters: the start failed, told twice.
     */
    @Test
    void shouldReportAJournalWhoseBytesWrittenThrowsOnce()
    {
        final AtomicBoolean broken = new AtomicBoolean();
        final IllegalStateException uncountable = new IllegalStateException("position unreadable");
        final ShardJournal journal = new ShardJournal.Discarding()
        {
            @Override
            public long bytesWritten()
            {
                if (broken.get())
                {
                    throw uncountable;
                }
                return 0;
            }
        };
        engine = builder().shards(2).journal((shardId, shardCount, model) -> 1 == shardId ? journal : ShardJournal.NONE)
            .build().start();
        broken.set(true);
        assertTrue(engine.publish(1, PLAIN, 0, 0, 0, 0, 0) >= 0);
        assertFalse(engine.stop(STOP_TIMEOUT), "shard 1 failed");

        assertEquals(1, errors.size(), errors::toString);
        final ShardFailedException failure = assertInstanceOf(ShardFailedException.class, errors.get(0));
        assertEquals(1, failure.shardId());
        assertSame(uncountable, failure.getCause());
        assertSame(failure, engine.failure());
        assertEquals(1, engine.counters(1).errors());
        assertEquals(0, engine.counters(0).errors());

        errors.clear();
        engine = builder().journal((shardId, shardCount, model) -> journal).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("engine failed to start: position unreadable", error.getMessage());
        assertEquals(List.of(uncountable), errors, "told once, the shard's own failure");
    }

    /**
     * Engine.journalBytes() passed on what a shard's journal's bytesWritten() threw, bare (an undeclared checked
     * exception too), so the caller could not tell which shard's journal it was.
     */
    @Test
    void shouldNameTheShardWhoseJournalFailsToSayHowManyBytesItWrote()
    {
        final AtomicBoolean broken = new AtomicBoolean();
        final IOException uncountable = new IOException("position unreadable");
        final ShardJournal journal = new ShardJournal.Discarding()
        {
            @Override
            public long bytesWritten()
            {
                if (broken.get())
                {
                    sneakyThrow(uncountable);
                }
                return 0;
            }
        };
        engine = builder().shards(2).journal((shardId, shardCount, model) -> 1 == shardId ? journal : ShardJournal.NONE)
            .build().start();
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        assertEquals(0, engine.journalBytes());
        broken.set(true);

        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::journalBytes);
        assertEquals("shard=1's journal failed to say how many bytes it wrote: bytesWritten() threw " +
            "java.io.IOException: position unreadable", error.getMessage());
        assertSame(uncountable, error.getCause());
    }

    /**
     * A journal that fails as its shard closes it (its directory deleted during the run, say) is that shard's error:
     * it was counted only in the engine's errors, and every shard's stayed 0. It was told as the journal threw it, so
     * an error handler could not say which shard's journal it was (an embedder's journal's failure names nothing); it
     * is told as a {@link ShardError} naming the shard, with the journal's exception as its cause.
     */
    @Test
    void shouldCountAJournalThatFailsToCloseInItsShardsErrors()
    {
        final JournalWriteException closeFailure =
            new JournalWriteException(root, "cycle file is gone", new IOException("deleted"));
        final ShardJournal failsToClose = new ShardJournal.Discarding()
        {
            @Override
            public void close()
            {
                throw closeFailure;
            }
        };
        engine = builder().shards(2)
            .journal((shardId, shardCount, model) -> 1 == shardId ? failsToClose : ShardJournal.NONE).build().start();
        assertTrue(engine.publish(1, PLAIN, 0, 0, 0, 0, 0) >= 0);

        assertFalse(engine.stop(STOP_TIMEOUT), "the journal failed");

        assertEquals(1, errors.size(), errors::toString);
        final JournalCloseFailedException failure = assertInstanceOf(JournalCloseFailedException.class, errors.get(0));
        assertEquals(1, failure.shardId());
        assertFalse(failure.warning());
        assertSame(closeFailure, failure.getCause());
        assertEquals("shard=1: its journal failed as the shard closed it: " + closeFailure, failure.getMessage());
        assertSame(failure, engine.failure());
        assertEquals(1, engine.counters(1).errors(), "counted in the shard whose journal failed, once");
        assertEquals(0, engine.counters(0).errors());
    }

    /**
     * The same for an embedder's journal whose backgroundError(), read as the shard closes it, throws (an undeclared
     * checked exception here): it was told bare, naming nothing.
     */
    @Test
    void shouldNameTheShardWhoseJournalFailsToSayItsBackgroundErrorAsItCloses()
    {
        final IOException unreadable = new IOException("background state unreadable");
        final ShardJournal failsToSay = new ShardJournal.Discarding()
        {
            @Override
            public Throwable backgroundError()
            {
                sneakyThrow(unreadable);
                return null;
            }
        };
        engine = builder().shards(2)
            .journal((shardId, shardCount, model) -> 0 == shardId ? failsToSay : ShardJournal.NONE).build().start();

        assertFalse(engine.stop(STOP_TIMEOUT), "the journal failed");

        assertEquals(1, errors.size(), errors::toString);
        final JournalCloseFailedException failure = assertInstanceOf(JournalCloseFailedException.class, errors.get(0));
        assertEquals(0, failure.shardId());
        assertSame(unreadable, failure.getCause());
        assertEquals(1, engine.counters(0).errors());
        assertEquals(0, engine.counters(1).errors());
    }

    /**
     * Shards build their cores together, one after another here: shard 1 waits for the other four, which take 0.7 s
     * each, so it starts after about 2.8 s, longer than the 2 s start timeout, while another shard finishes every
     * 0.7 s. Many shards on few cores look like this.
     */
    @Test
    void shouldWaitForShardsThatStartSlowlyAsLongAsSomeShardFinishesWithinTheStartTimeout()
    {
        final Object oneAtATime = new Object();
        final CountDownLatch othersStarted = new CountDownLatch(4);
        final long startTimeout = TimeUnit.SECONDS.toNanos(2);
        final long begin = System.nanoTime();
        engine = builder().shards(5).startTimeout(startTimeout).journal((shardId, shardCount, model) ->
        {
            try
            {
                if (1 == shardId)
                {
                    othersStarted.await();
                }
                else
                {
                    synchronized (oneAtATime)
                    {
                        Thread.sleep(700);
                    }
                    othersStarted.countDown();
                }
            }
            catch (final InterruptedException ex)
            {
                throw new IllegalStateException("interrupted while building shard=" + shardId, ex);
            }
            return ShardJournal.NONE;
        }).build().start();

        assertTrue(System.nanoTime() - begin > startTimeout, "the shards took longer than the timeout in all");
        assertEquals(EngineState.RUNNING, engine.state());
        for (int key = 0; key < 50; key++)
        {
            assertTrue(engine.publish(key, PLAIN, key, key, 0, 0, 0) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(50, models.stream().mapToInt(m -> m.seen.size()).sum());
        assertEquals(List.of(), errors);
    }

    /**
     * A journal factory's slow open: waits for {@link #hold}; interrupted, it records the interrupt and fails.
     */
    private ShardJournal openJournalOnceHeld(final int shardId)
    {
        try
        {
            hold.await();
        }
        catch (final InterruptedException ex)
        {
            interrupted.add(ex);
            throw new IllegalStateException("interrupted while opening the journal of shard=" + shardId, ex);
        }
        return ShardJournal.NONE;
    }

    @Test
    void shouldGiveUpStartingWhenNoShardFinishesWithinTheStartTimeoutAndSayWhichIsStuck()
    {
        final Engine stuck = builder().shards(2).startTimeout(TimeUnit.MILLISECONDS.toNanos(300))
            .journal((shardId, shardCount, model) ->
            {
                if (1 == shardId)
                {
                    openJournalOnceHeld(shardId);
                }
                return ShardJournal.NONE;
            }).build();

        final IllegalStateException error = assertThrows(IllegalStateException.class, stuck::start);

        assertEquals("engine failed to start: shard=1 has not built its core and no shard finished starting in " +
            "startTimeoutNanos=300000000 (1 of 2 started)", error.getMessage());
        assertEquals(EngineState.STOPPED, stuck.state());
        // the time-out is the engine's failure and is told first, not the interrupt the stuck shard met as the start
        // closed it (which the handler was told of alone once the start reported only after the shards had ended)
        assertSame(error, stuck.failure());
        assertSame(error, errors.get(0), String.valueOf(errors));
        assertEquals(1, interrupted.size(), "the stuck shard thread was interrupted as start gave up, and ended");
        assertTrue(errors.stream().anyMatch(e -> e.getMessage().startsWith("shard=1 thread '") && e.getMessage()
            .contains("was told to stop: it is still building its core (its model's state, its journal)")),
            String.valueOf(errors));
        assertThrows(IllegalArgumentException.class, () -> builder().startTimeout(0).build());
    }

    /**
     * An embedder stops the engine (say on SIGTERM) while another thread is still starting it: the stop waits for the
     * start to end, then drains, so the start succeeds, every shard thread it made is stopped, and nothing is called a
     * failure.
     */
    @Test
    void shouldWaitForTheStartToEndWhenStoppedWhileStartingAndThenStopEveryShard() throws Exception
    {
        final List<Thread> shardThreads = new CopyOnWriteArrayList<>();
        final Engine starting = builder().shards(2).journal((shardId, shardCount, model) ->
        {
            shardThreads.add(Thread.currentThread()); // the journal is opened on the shard's own thread
            return 1 == shardId ? openJournalOnceHeld(shardId) : ShardJournal.NONE;
        }).build();
        final AtomicReference<Throwable> startFailure = new AtomicReference<>();
        final Thread starter = new Thread(() ->
        {
            try
            {
                starting.start();
            }
            catch (final RuntimeException ex)
            {
                startFailure.set(ex);
            }
        }, "starter");
        starter.start();
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (starting.state() != EngineState.STARTING && System.nanoTime() - deadline < 0)
        {
            Thread.onSpinWait();
        }
        final boolean[] stopped = new boolean[1];
        final Thread stopper = new Thread(() -> stopped[0] = starting.stop(STOP_TIMEOUT), "stopper");
        stopper.start();
        stopper.join(200); // stop() is called while shard 1 still opens its journal
        hold.countDown();
        starter.join(TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT));
        stopper.join(TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT));

        assertNull(startFailure.get(), "start() ended normally");
        assertTrue(stopped[0], "stop() drained the started engine");
        assertEquals(EngineState.STOPPED, starting.state());
        assertEquals(2, shardThreads.size());
        for (final Thread thread : shardThreads)
        {
            thread.join(TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT));
            assertFalse(thread.isAlive(), thread.getName() + " ended");
        }
        assertEquals(List.of(), errors);
        assertEquals(List.of(), interrupted);
    }

    @Test
    void shouldFailToStartAtOnceWhenAShardFailsToBuildItsCoreWhileAnEarlierOneIsStillBuilding()
    {
        final Engine broken = builder().shards(2).startTimeout(TimeUnit.MINUTES.toNanos(10))
            .journal((shardId, shardCount, model) ->
            {
                if (1 == shardId)
                {
                    throw new IllegalStateException("journal of shard=1 cannot be opened");
                }
                return openJournalOnceHeld(shardId); // slow: start must not wait for it to learn shard 1 failed
            }).build();

        final IllegalStateException error = assertThrows(IllegalStateException.class, broken::start);

        assertEquals("engine failed to start: journal of shard=1 cannot be opened", error.getMessage());
        assertEquals(EngineState.STOPPED, broken.state());
        assertEquals(1, interrupted.size(), "the slow shard was interrupted as start gave up");
    }

    @Test
    void shouldRefuseAPublishFromAHandlerOntoItsOwnFullRingInsteadOfWaitingForever()
    {
        engine = builder().priorityRingSize(4).build().start();
        assertTrue(engine.publish(7, PUBLISH_OWN, 0, 0, 0, 10, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (models.get(0).seen.size() < 5 && System.nanoTime() < deadline) // publishing while the engine runs
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), "no hang: the shard went on");

        assertEquals(1, engine.shard(0).failed(), "the handler that would have waited forever failed");
        final Throwable cause = errors.get(0).getCause();
        assertTrue(cause instanceof IllegalStateException, String.valueOf(errors));
        // the priority ring, which ringSize does not size: it said "onto its own full ring" and "use a larger ring"
        assertEquals("publish from a handler of shard=0 onto its own full priority ring would wait forever: the " +
            "shard frees slots only after the handler returns; schedule the event with the EventContext instead, or " +
            "use a larger priorityRingSize or Backpressure.REJECT", cause.getMessage());
        assertEquals(List.of(0L, 1000L, 1001L, 1002L, 1003L), models.get(0).seen,
            "what the ring took before it was full is dispatched");
    }

    @Test
    void shouldAnswerEveryInputOfABatchThatAHandlerPublishesOntoItsOwnFullRingAsAcceptedOrRefused()
    {
        engine = builder().shards(2).ringSize(4).partitioner((key, shardCount) -> (int)key).build().start();
        assertTrue(engine.publish(0, PUBLISH_OWN_BATCH, 0, 0, 0, 6, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (models.get(0).seen.size() < 4 && System.nanoTime() < deadline) // publishing while the engine runs
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(1, engine.shard(0).failed(), "the handler that would have waited forever failed");
        final Throwable cause = errors.get(0).getCause();
        assertTrue(cause instanceof IllegalStateException, String.valueOf(errors));
        assertTrue(cause.getMessage().startsWith("publish from a handler of shard=0 onto its own full ring would " +
            "wait forever"), cause.getMessage());
        assertEquals(List.of(1L, 2L, 3L, Engine.BACK_PRESSURED, Engine.BACK_PRESSURED, Engine.BACK_PRESSURED,
            Engine.BACK_PRESSURED), batchResults, "the three inputs the ring had room for are accepted, and every " +
            "other input of the batch, the other shard's too, is answered as refused, not with a stale position");
        assertEquals(List.of(0L, 1000L, 1001L, 1002L), models.get(0).seen, "what the ring took is dispatched");
        assertEquals(List.of(), models.get(1).seen, "the other shard's input was never published");
    }

    @Test
    void shouldRefuseAWatermarkFromAHandlerOntoItsOwnFullRingWithoutAdvisingABackpressureThatWouldNotHelp()
    {
        engine = builder().ringSize(4).backpressure(Backpressure.REJECT).build().start();
        assertTrue(engine.publish(0, ADVANCE_OWN, 0, 0, 0, 500, 0) >= 0);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.shard(0).failed() < 1 && System.nanoTime() < deadline) // while the engine runs
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(1, engine.shard(0).failed(), "the watermark that would have waited forever failed the handler");
        final Throwable cause = errors.get(0).getCause();
        assertInstanceOf(IllegalStateException.class, cause);
        assertEquals("advanceTo from a handler of shard=0 onto its own full ring would wait forever: the shard frees " +
            "slots only after the handler returns, and a watermark waits for room whatever the backpressure; call " +
            "advanceTo from another thread, or use a larger ring (the shards before this one have taken the " +
            "watermark)", cause.getMessage());
        assertEquals(List.of(0L, 1000L, 1001L, 1002L), models.get(0).seen, "what the ring took is dispatched");
    }

    @Test
    void shouldNameAShardIndexOutsideTheEngineAndAModelFactoryThatThrows()
    {
        engine = builder().shards(2).build();
        assertEquals("shard=5 is not a shard of this engine: shards are 0 to 1",
            assertThrows(IndexOutOfBoundsException.class, () -> engine.shard(5)).getMessage());
        assertEquals("shard=-1 is not a shard of this engine: shards are 0 to 1",
            assertThrows(IndexOutOfBoundsException.class, () -> engine.counters(-1)).getMessage());
        assertEquals("shard=2 is not a shard of this engine: shards are 0 to 1",
            assertThrows(IndexOutOfBoundsException.class, () -> engine.counters(2)).getMessage());

        final Engine broken = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) ->
        {
            if (1 == shardId)
            {
                throw new IllegalArgumentException("no book for shard 1");
            }
            return new FailingModel();
        }).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, broken::start);
        assertEquals("the model factory failed for shard=1: java.lang.IllegalArgumentException: no book for shard 1",
            error.getMessage());
        assertEquals(EngineState.STOPPED, broken.state());
    }

    @Test
    void shouldStampAnInputFromBeforeTheStartTimeAtTheStartTimeAndDispatchIt()
    {
        engine = builder().startTime(1_000).build().start();
        for (int i = 0; i < 10; i++)
        {
            assertTrue(engine.publish(1, PLAIN, i, i, 0, 0, 0) >= 0); // feed times 0..9, before the clock
        }
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(List.of(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L), models.get(0).seen, "every one dispatched");
        assertEquals(1_000, engine.shard(0).lastStamp());
        assertEquals(0, engine.shard(0).wheel().clampedCount(), "none waited in the wheel for a later input");
    }

    @Test
    void shouldCountAnUndeclaredCheckedExceptionAsAFailedDispatchAndCarryOn()
    {
        engine = builder().build().start();
        assertTrue(engine.publish(1, CHECKED, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(List.of(0L, 1L), models.get(0).seen);
        assertEquals(1, engine.shard(0).failed());
        assertEquals(1, engine.counters(0).failed());
        assertEquals(1, engine.counters(0).errors());
        assertTrue(errors.get(0) instanceof HandlerFailedException);
        assertTrue(errors.get(0).getCause() instanceof IOException);
    }

    @Test
    void shouldRefuseStopFromAHandlerAtOnce()
    {
        engine = builder().build().start();
        final long start = System.nanoTime();
        assertTrue(engine.publish(1, STOP, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));

        final List<Throwable> refused = models.get(0).stopFailures;
        assertEquals(1, refused.size());
        assertTrue(refused.get(0).getMessage().startsWith("stop() called on shard=0's own thread"),
            refused.get(0).getMessage());
        assertEquals(List.of(0L, 1L), models.get(0).seen);
        assertTrue(System.nanoTime() - start < STOP_TIMEOUT, "nobody waited for a drain that could not happen");
    }

    @Test
    void shouldRefuseStopFromAHandlerEvenWhileAnotherThreadIsClosingItsShard() throws Exception
    {
        // the handler holds stop() up past its timeout, so stop() closes the runner (which forgets the thread it ran
        // on) and interrupts the handler after a while: the handler then calls stop() itself
        engine = builder().build().start();
        assertTrue(engine.publish(1, STOP_WHEN_INTERRUPTED, 0, 0, 0, 0, 0) >= 0);
        awaitUninterruptibly(holding); // in the handler before stop()'s 100 ms begin, however loaded the machine
        final boolean[] stopped = {true};
        final Thread stopper = new Thread(() -> stopped[0] = engine.stop(TimeUnit.MILLISECONDS.toNanos(100)));
        stopper.start();
        stopper.join(TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT));
        if (stopper.isAlive())
        {
            engine = null; // after() would wait for the same lock
            throw new AssertionError("stop() and the handler that called stop() wait for each other: " + errors);
        }

        assertFalse(stopped[0], "the handler held the drain up past the timeout");
        final List<Throwable> refused = models.get(0).stopFailures;
        assertEquals(1, refused.size(), String.valueOf(refused));
        assertTrue(refused.get(0).getMessage().startsWith("stop() called on shard=0's own thread"),
            refused.get(0).getMessage());
        assertEquals(1, interrupted.size());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldDrainOnceForTwoThreadsStoppingTogetherAndLoseNothing() throws Exception
    {
        engine = builder().ringSize(1024).build().start();
        final int inputs = 1_000;
        for (int i = 0; i < inputs; i++)
        {
            assertTrue(engine.publish(1, PLAIN, i, i, 20, 0, 0) >= 0); // 20 µs each: ~20 ms to drain
        }
        final CountDownLatch stopping = new CountDownLatch(1);
        final boolean[] otherResult = new boolean[1];
        final Thread other = new Thread(() ->
        {
            stopping.countDown();
            otherResult[0] = engine.stop(STOP_TIMEOUT);
        });
        other.start();
        stopping.await();
        final boolean result = engine.stop(STOP_TIMEOUT);
        other.join();

        assertTrue(result);
        assertTrue(otherResult[0]);
        assertEquals(inputs, models.get(0).seen.size(), "every accepted input dispatched");
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldStopWhollyWhenCalledOnAnInterruptedThreadAndKeepItsInterrupt()
    {
        final Thread stopper = Thread.currentThread();
        final AtomicBoolean stopReturned = new AtomicBoolean();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger closedInterrupted = new AtomicInteger();
        engine = builder().shards(2).journal((shardId, shardCount, model) -> new SlowClosingJournal(() ->
        {
            // a close that takes a while (an END block, an fsync): it ends once the stopping thread waits for it
            while (!stopReturned.get() && stopper.getState() == Thread.State.RUNNABLE)
            {
                Thread.onSpinWait();
            }
            closedInterrupted.addAndGet(Thread.currentThread().isInterrupted() ? 1 : 0);
            closed.incrementAndGet();
        })).build().start();
        for (int i = 0; i < 100; i++)
        {
            assertTrue(engine.publish(i, PLAIN, i, i, 0, 0, 0) >= 0);
        }

        Thread.currentThread().interrupt(); // a feed thread told to end, stopping the engine on its way out
        final boolean stopped;
        final int closedOnReturn;
        try
        {
            stopped = engine.stop(STOP_TIMEOUT);
            closedOnReturn = closed.get();
        }
        finally
        {
            stopReturned.set(true);
        }

        assertEquals(2, closedOnReturn, "stop() returned only once every shard had closed its journal");
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
        assertTrue(stopped, String.valueOf(engine.failure()));
        assertEquals(0, closedInterrupted.get(), "no shard thread was interrupted while closing its journal");
        assertEquals(List.of(), errors, "no shard was reported held up");
        assertEquals(100, models.stream().mapToInt(m -> m.seen.size()).sum());
    }

    /**
     * Records nothing; its close runs the given action.
     */
    private static final class SlowClosingJournal extends ShardJournal.Discarding
    {
        private final Runnable onClose;

        SlowClosingJournal(final Runnable onClose)
        {
            this.onClose = onClose;
        }

        @Override
        public void close()
        {
            onClose.run();
        }
    }

    /**
     * stop(0) does not wait for the shards to see the drain; an idle engine, whose shards have dispatched everything
     * their rings took, had nothing to drain, yet stop(0) returned false and failed it ("shards did not drain within
     * timeoutMs=0"). With a single publisher too, whose check of inputs published after the drain read a drain target
     * that a shard which never saw the drain had not set.
     */
    @Test
    void shouldStopAnIdleEngineWithoutWaitingAndWithoutFailingIt()
    {
        for (final Publishers publishers : Publishers.values())
        {
            errors.clear();
            engine = builder().shards(2).publishers(publishers).build().start();
            for (int key = 0; key < 4; key++)
            {
                assertTrue(engine.publish(1, PLAIN, key, 0, 0, 0, 0) >= 0);
            }
            while (engine.counters(0).dispatched() + engine.counters(1).dispatched() < 4)
            {
                Thread.onSpinWait(); // idle once all four are dispatched
            }

            assertTrue(engine.stop(0), publishers + ": " + errors);
            assertNull(engine.failure(), publishers.toString());
            assertEquals(List.of(), errors, publishers.toString());
            assertEquals(EngineState.STOPPED, engine.state());
        }
    }

    /**
     * A timeout under a millisecond was reported as timeoutMs=0.
     */
    @Test
    void shouldReportASubMillisecondTimeoutAsItWas() throws Exception
    {
        assertEquals("shards did not drain within timeoutMs=0.500001", stopHeldShard(500_001));
    }

    /**
     * Stop, with this timeout, an engine whose one shard is held in a handler with an input waiting behind it.
     *
     * @return the engine's failure: its report of the timeout.
     */
    private String stopHeldShard(final long timeoutNanos) throws InterruptedException
    {
        engine = builder().build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0, "waits behind the held handler");
        awaitUninterruptibly(holding);
        final Thread release = releaseTheHeldHandlerOnceStopReportsAShardThatDidNotDrain();

        assertFalse(engine.stop(timeoutNanos), "the shard did not drain in no time");
        release.join();
        assertEquals(EngineState.STOPPED, engine.state());
        return engine.failure().getMessage();
    }

    @Test
    void shouldNotWaitForTheDrainWhenStoppedWithANegativeTimeoutHoweverLarge() throws Exception
    {
        // now + Long.MIN_VALUE wrapped to a deadline that never came: stop() waited for the drain without a bound
        assertEquals("shards did not drain within timeoutMs=0", stopHeldShard(Long.MIN_VALUE));
    }

    @Test
    void shouldReturnFalseAtOnceFromAStopThatTheErrorHandlerCallsWhileItsThreadIsStoppingTheEngine() throws Exception
    {
        final List<Boolean> nestedStops = new CopyOnWriteArrayList<>();
        engine = builder().errorHandler(error ->
        {
            errors.add(error);
            if (!(error instanceof ShardError && ((ShardError)error).warning()))
            {
                nestedStops.add(engine.stop(TimeUnit.MILLISECONDS.toNanos(50))); // "on a failure, stop the engine"
            }
        }).build().start();
        assertTrue(engine.publish(1, HOLD, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(1, PLAIN, 1, 1, 0, 0, 0) >= 0, "waits behind the held handler");
        awaitUninterruptibly(holding);
        final Thread release = new Thread(() ->
        {
            // once the nested stop() has returned, or, if it does not, before stop() would interrupt the handler
            final long giveUp = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Engine.CLOSE_REPORT_INTERVAL_MS / 2);
            while (nestedStops.isEmpty() && System.nanoTime() < giveUp)
            {
                LockSupport.parkNanos(1_000_000);
            }
            hold.countDown();
        });
        release.start();

        assertFalse(engine.stop(TimeUnit.MILLISECONDS.toNanos(50)), "the shard did not drain in time");
        release.join();

        // the nested call ran the whole stop again inside the first, each level reporting the shard anew
        assertEquals(List.of(false), nestedStops, "the nested stop() returned at once, the engine not yet stopped");
        assertEquals(List.of("shards did not drain within timeoutMs=50"),
            errors.stream().map(Throwable::getMessage).toList());
        assertEquals(EngineState.STOPPED, engine.state());
        assertEquals(2, models.get(0).seen.size(), "the held input and the one behind it were dispatched");
    }

    @Test
    void shouldNameAPartitionerThatRoutesOutsideTheShards()
    {
        engine = builder().shards(2).partitioner((key, shards) -> (int)key).build();
        final IllegalArgumentException before =
            assertThrows(IllegalArgumentException.class, () -> engine.publish(5, PLAIN, 0, 0, 0, 0, 0));
        assertTrue(before.getMessage().endsWith("routed key=5 to shard=5, outside [0, 2)"), before.getMessage());
        engine.start();
        assertThrows(IllegalArgumentException.class, () -> engine.publishPriority(-1, PLAIN, 0, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> engine.shardFor(2));
        assertTrue(engine.publish(1, PLAIN, 0, 0, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));
    }

    /**
     * A model whose stateHash() threw made Engine.stateHash() throw that, bare, naming no shard: with several shards of
     * one model class, which one failed went unsaid; an undeclared checked exception reached a caller that could not
     * catch it by any type stateHash() declares.
     */
    @Test
    void shouldNameTheShardWhoseModelFailsToGiveItsStateHash()
    {
        final UnsupportedOperationException unhashable = new UnsupportedOperationException("no hash yet");
        engine = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) ->
            0 == shardId ? new FailingModel() : new UnhashableModel("unhashable-v1", () ->
            {
                throw unhashable;
            })).build().start();
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        IllegalStateException error = assertThrows(IllegalStateException.class, engine::stateHash);
        assertEquals("the model of shard=1 (unhashable-v1) failed to give its state hash: stateHash() threw " +
            "java.lang.UnsupportedOperationException: no hash yet", error.getMessage());
        assertSame(unhashable, error.getCause());
        assertEquals(List.of(), errors, "a query's failure is the caller's: the engine stopped cleanly");

        engine = Engine.builder().errorHandler(errors::add).model((shardId, shardCount) ->
            new UnhashableModel("unhashable-v2", () ->
            {
                sneakyThrow(new IOException("book file gone"));
                return 0;
            })).build().start();
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        error = assertThrows(IllegalStateException.class, engine::stateHash);
        assertEquals("the model of shard=0 (unhashable-v2) failed to give its state hash: stateHash() threw " +
            "java.io.IOException: book file gone", error.getMessage());
        assertInstanceOf(IOException.class, error.getCause());
    }

    /** A model whose stateHash() is its supplier's. */
    private static final class UnhashableModel implements ShardModel
    {
        private final String identity;
        private final LongSupplier stateHash;

        UnhashableModel(final String identity, final LongSupplier stateHash)
        {
            this.identity = identity;
            this.stateHash = stateHash;
        }

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
        }

        @Override
        public long stateHash()
        {
            return stateHash.getAsLong();
        }

        @Override
        public String identity()
        {
            return identity;
        }
    }

    @Test
    void shouldRefuseAModelThatExpectsANegativeNumberOfTimers()
    {
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> sizedModel("miscounting-v1", () -> 1 == shardId ? -1 : 0)).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model of shard=1 (miscounting-v1) expects -1 timers: expectedTimers() must not be negative",
            error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldNameTheShardWhoseModelFailsToSayHowManyTimersItExpects()
    {
        final UnsupportedOperationException unsized = new UnsupportedOperationException();
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> sizedModel("unsized-v2", () ->
            {
                throw unsized;
            })).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model of shard=0 (unsized-v2) failed to say how many timers it expects: expectedTimers() " +
            "threw java.lang.UnsupportedOperationException", error.getMessage());
        assertSame(unsized, error.getCause());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * A model whose expectedTimers() and identity() both threw failed the start with identity()'s exception, bare: the
     * report of the first, which names the model by its identity, threw the second in its place.
     */
    @Test
    void shouldNameTheShardWhoseModelFailsToSayHowManyTimersItExpectsOrWhatItIs()
    {
        final UnsupportedOperationException unsized = new UnsupportedOperationException();
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> new UnnamedModel(() ->
            {
                throw unsized;
            })).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model of shard=0 (" + UnnamedModel.class.getName() + ", whose identity() threw " +
            "java.lang.UnsupportedOperationException: no identity yet) failed to say how many timers it expects: " +
            "expectedTimers() threw java.lang.UnsupportedOperationException", error.getMessage());
        assertSame(unsized, error.getCause());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * A journaled model whose identity() threw failed the start saying only what it threw ("engine failed to start:
     * no identity yet"), naming neither the shard nor identity().
     */
    @Test
    void shouldNameTheShardWhoseModelFailsToSayItsIdentityForItsJournalHeader()
    {
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> 1 == shardId ? new UnnamedModel(() -> 0) : new FailingModel())
            .journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 1))
            .build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("engine failed to start: the model of shard=1 (" + UnnamedModel.class.getName() + ") failed " +
            "to say its identity() for its journal's header: identity() threw " +
            "java.lang.UnsupportedOperationException: no identity yet", error.getMessage());
        assertInstanceOf(UnsupportedOperationException.class, error.getCause().getCause());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * The same for an undeclared checked exception from identity(): the journal factory caught only unchecked ones, so
     * the start failed saying "engine failed to start: no identity file", naming neither the shard nor identity().
     */
    @Test
    void shouldNameTheShardWhoseModelFailsToSayItsIdentityWithAnUndeclaredCheckedException()
    {
        final IOException unreadable = new IOException("no identity file");
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> 0 == shardId ? new FailingModel() : new ShardModel()
            {
                @Override
                public void onEvent(final Event event, final EventContext context)
                {
                }

                @Override
                public long stateHash()
                {
                    return 0;
                }

                @Override
                public String identity()
                {
                    sneakyThrow(unreadable);
                    return null;
                }
            })
            .journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 1))
            .build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertTrue(error.getMessage().startsWith("engine failed to start: the model of shard=1 ("), error.getMessage());
        assertTrue(error.getMessage().endsWith(") failed to say its identity() for its journal's header: identity() " +
            "threw java.io.IOException: no identity file"), error.getMessage());
        assertSame(unreadable, error.getCause().getCause());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /** A model whose identity() throws. */
    private static final class UnnamedModel implements ShardModel
    {
        private final IntSupplier expectedTimers;

        UnnamedModel(final IntSupplier expectedTimers)
        {
            this.expectedTimers = expectedTimers;
        }

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
        }

        @Override
        public long stateHash()
        {
            return 0;
        }

        @Override
        public String identity()
        {
            throw new UnsupportedOperationException("no identity yet");
        }

        @Override
        public int expectedTimers()
        {
            return expectedTimers.getAsInt();
        }
    }

    @Test
    void shouldNameTheShardWhoseModelHasNoIdentityForItsJournalHeader()
    {
        assertStartRefusesTheIdentityOfShard1(null, ") returned identity()=null: a journal's header names the model " +
            "and version that wrote it, e.g. \"market-v1\"");
    }

    /** The header's own check said only "modelId.utf8Length=2000 > 1024", naming neither the shard nor identity(). */
    @Test
    void shouldNameTheShardWhoseModelsIdentityIsTooLongForItsJournalHeader()
    {
        assertStartRefusesTheIdentityOfShard1("\u00e9".repeat(1000), // 1000 characters, 2000 UTF-8 bytes
            ") returned an identity() of 2000 UTF-8 bytes: a journal's header holds at most 1024, e.g. \"market-v1\"");
    }

    /**
     * A journal factory without a time unit was made, and the engine's start() then threw a bare NullPointerException
     * ("Cannot invoke TimeUnit.toNanos(long) because this.val$timeUnit is null"); it is refused where it is made.
     */
    @Test
    void shouldRefuseAJournalFactoryMissingAnArgumentWhereItIsMade()
    {
        assertEquals("timeUnit", assertThrows(NullPointerException.class, () ->
            ChronicleShardJournal.factory(root, config -> config, "test", 1L, null, 0, 1)).getMessage());
        assertEquals("engineVersion", assertThrows(NullPointerException.class, () -> ChronicleShardJournal.factory(
            root, config -> config, null, 1L, TimeUnit.NANOSECONDS, 0, 1)).getMessage());
        assertEquals("configurer", assertThrows(NullPointerException.class, () ->
            ChronicleShardJournal.factory(root, null, "test", 1L, TimeUnit.NANOSECONDS, 0, 1)).getMessage());
        assertEquals("root", assertThrows(NullPointerException.class, () -> ChronicleShardJournal.factory(
            null, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 1)).getMessage());
    }

    private void assertStartRefusesTheIdentityOfShard1(final String identity, final String messageEnd)
    {
        engine = Engine.builder().shards(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> sizedModel(1 == shardId ? identity : "named-v1", () -> 0))
            .journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 1))
            .build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertInstanceOf(IllegalArgumentException.class, error.getCause());
        assertTrue(error.getCause().getMessage().startsWith("the model of shard=1 (" + FAILING_MODEL_CLASS_PREFIX),
            error.getCause().getMessage());
        assertTrue(error.getMessage().endsWith(messageEnd), error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldRefuseAModelFactoryThatReturnsNull()
    {
        engine = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) ->
            1 == shardId ? null : new FailingModel()).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model factory returned null for shard=1", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * A journal factory that returned null for a shard failed the start with a bare NullPointerException ("Cannot
     * invoke ShardJournal.bytesWritten() because the return value of ShardCore.journal() is null"), told to the error
     * handler twice for the shard: once as its core was built and again as the core without a journal was closed.
     */
    @Test
    void shouldRefuseAJournalFactoryThatReturnsNullNamingTheShardAndTellItOnce()
    {
        engine = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) -> new FailingModel())
            .journal((shardId, shardCount, model) -> 1 == shardId ? null : ShardJournal.NONE).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("engine failed to start: the journal factory returned null for shard=1 (a shard that journals " +
            "nothing takes ShardJournal.NONE)", error.getMessage());
        assertEquals(1, errors.size(), errors::toString);
        assertSame(error.getCause(), errors.get(0));
        assertSame(error.getCause(), engine.failure());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * A start that fails on the starting thread (the model factory for shard 3 of 4, the journal's clock check) is the
     * engine's failure, as one a shard thread meets building its core is: stop() then returns false, and failure()
     * says why rather than null, and the error handler was told.
     */
    @Test
    void shouldKeepAFailedStartAsTheEnginesFailure()
    {
        engine = Engine.builder().shards(4).errorHandler(errors::add).model((shardId, shardCount) ->
        {
            if (3 == shardId)
            {
                throw new IllegalArgumentException("no book for shard 3");
            }
            return new FailingModel();
        }).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);

        assertEquals(EngineState.STOPPED, engine.state());
        assertSame(error, engine.failure());
        assertEquals(List.of(error), errors);
        assertFalse(engine.stop(STOP_TIMEOUT));
        assertSame(error, engine.failure());

        errors.clear();
        final Engine clockRefused = builder().startTime(5).journal(new ShardJournalFactory()
        {
            @Override
            public ShardJournal open(final int shardId, final int shardCount, final ShardModel model)
            {
                return ShardJournal.NONE;
            }

            @Override
            public void checkClock(final long startTime, final long timeUnitNanos)
            {
                throw new IllegalArgumentException("journal: startTime=" + startTime + " is not the header's");
            }
        }).build();
        final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, clockRefused::start);
        assertSame(refused, clockRefused.failure());
        assertEquals(List.of(refused), errors);
        assertFalse(clockRefused.stop(STOP_TIMEOUT));
    }

    /**
     * A failure a shard thread meets building its core (its journal refused) is the engine's failure itself, told to
     * the error handler once: the starting thread, which sees it first as often as not, reported its own wrapper of it
     * (IllegalStateException 'engine failed to start: ...') when the shard thread had not reported yet, so the
     * handler was told twice and failure() was the wrapper. Repeated, since which thread comes first varies.
     */
    @Test
    void shouldKeepAShardsFailureToBuildItsCoreAsTheEnginesFailureToldOnce()
    {
        for (int round = 0; round < 40; round++)
        {
            errors.clear();
            final RuntimeException refused = new IllegalStateException("journal refused for shard 1");
            final Engine failing = refusingShard1sJournal(refused).build();

            final IllegalStateException error = assertThrows(IllegalStateException.class, failing::start);

            assertSame(refused, error.getCause(), "round " + round);
            assertSame(refused, failing.failure(), "round " + round);
            assertEquals(List.of(refused), errors, "round " + round);
        }
    }

    /**
     * An Error a shard thread meets building its core (an out-of-memory, say) is the engine's failure, and Agrona's
     * runner then rethrows it, ending the thread uncaught: the JVM printed it again as "Exception in thread
     * concurrengine-shard-1" and its whole stack trace, after the error handler had it (run -Xmx104m: 30 lines of
     * trace between the error line and the refusal). The shard threads no longer hand the uncaught-exception handler
     * an Error the engine has been told of.
     */
    @Test
    void shouldNotHandAnErrorTheEngineWasToldOfToTheUncaughtExceptionHandler()
    {
        final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
        final Thread.UncaughtExceptionHandler before = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> uncaught.add(ex));
        try
        {
            final Error refused = new OutOfMemoryError("no room for shard 1's journal");
            final Engine failing = refusingShard1sJournal(refused).build();

            assertThrows(IllegalStateException.class, failing::start);

            assertSame(refused, failing.failure());
            assertEquals(List.of(refused), errors);
            assertEquals(List.of(), uncaught);
        }
        finally
        {
            Thread.setDefaultUncaughtExceptionHandler(before);
        }
    }

    /**
     * @return two shards whose journal factory throws {@code refused} for shard 1, on its thread.
     */
    private EngineBuilder refusingShard1sJournal(final Throwable refused)
    {
        return builder().shards(2).journal((shardId, shardCount, model) ->
        {
            if (1 == shardId)
            {
                if (refused instanceof Error)
                {
                    throw (Error)refused;
                }
                throw (RuntimeException)refused;
            }
            return ShardJournal.NONE;
        });
    }

    @Test
    void shouldRefuseAModelFactoryThatGivesTwoShardsTheSameModel()
    {
        final FailingModel shared = new FailingModel();
        engine = Engine.builder().shards(3).errorHandler(errors::add).model((shardId, shardCount) ->
            0 == shardId ? new FailingModel() : shared).build();
        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model factory returned the model of shard=1 for shard=2 too: each shard needs a model of " +
            "its own, used only on its thread", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * What a model factory, an idle strategy supplier or a model's expectedTimers() throws may not be able to say what
     * it is: its toString() threw while the engine's message was built, and start() failed with that instead.
     */
    @Test
    void shouldNameWhatFailedTheStartWhenWhatItThrewCannotSayWhatItIs()
    {
        final String unprintable = UnprintableException.class.getName() + " (its toString() threw " +
            "java.lang.NullPointerException)";
        engine = Engine.builder().errorHandler(errors::add).model((shardId, shardCount) ->
        {
            throw new UnprintableException();
        }).build();
        IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model factory failed for shard=0: " + unprintable, error.getMessage());
        assertTrue(error.getCause() instanceof UnprintableException);
        assertEquals(EngineState.STOPPED, engine.state());

        engine = Engine.builder().errorHandler(errors::add).model((shardId, shardCount) -> new FailingModel())
            .idleStrategy(() ->
            {
                throw new UnprintableException();
            }).build();
        error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the idle strategy supplier failed for shard=0: " + unprintable, error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());

        engine = Engine.builder().errorHandler(errors::add)
            .model((shardId, shardCount) -> sizedModel("unsized-v3", () ->
            {
                throw new UnprintableException();
            })).build();
        error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the model of shard=0 (unsized-v3) failed to say how many timers it expects: expectedTimers() " +
            "threw " + unprintable, error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());

        // a journal factory's failure is said by its message: "engine failed to start: null" when it had none
        engine = builder().journal((shardId, shardCount, model) ->
        {
            throw new UnsupportedOperationException();
        }).build();
        error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("engine failed to start: java.lang.UnsupportedOperationException", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());

        engine = builder().journal((shardId, shardCount, model) ->
        {
            throw new UnprintableException()
            {
                private static final long serialVersionUID = 1L;

                @Override
                public String getMessage()
                {
                    throw new NullPointerException("the message's field is not set");
                }
            };
        }).build();
        error = assertThrows(IllegalStateException.class, engine::start);
        assertTrue(error.getMessage().startsWith("engine failed to start: " + EngineFailureTest.class.getName()) &&
            error.getMessage().endsWith(" (its toString() threw java.lang.NullPointerException)"), error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /** An exception whose toString() throws, as one whose message reads a field not yet set does. */
    private static class UnprintableException extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        @Override
        public String toString()
        {
            throw new NullPointerException("the description's field is not set");
        }
    }

    @Test
    void shouldRefuseAnIdleStrategySupplierThatReturnsNullOrThrows()
    {
        final AtomicInteger calls = new AtomicInteger();
        engine = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) -> new FailingModel())
            .idleStrategy(() -> 0 == calls.getAndIncrement() ? new BusySpinIdleStrategy() : null).build();
        IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the idle strategy supplier returned null for shard=1", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());

        engine = Engine.builder().errorHandler(errors::add).model((shardId, shardCount) -> new FailingModel())
            .idleStrategy(() ->
            {
                throw new UnsupportedOperationException("no idle strategy here");
            }).build();
        error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("the idle strategy supplier failed for shard=0: java.lang.UnsupportedOperationException: " +
            "no idle strategy here", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldSayAnEngineHasNotStartedAndStopOneThatNeverDidCleanly()
    {
        engine = builder().publishers(Publishers.SINGLE).build();
        assertEquals("shard=0 has not started (state=NEW)",
            assertThrows(IllegalStateException.class, () -> engine.shard(0)).getMessage());
        assertThrows(IllegalStateException.class, engine::stateHash);
        assertEquals(0, engine.journalBytes());

        assertEquals(Engine.CLOSED, engine.publish(1, PLAIN, 0, 0, 0, 0, 0));
        assertTrue(engine.stop(STOP_TIMEOUT), "nothing was accepted, nothing lost");
        assertEquals(EngineState.STOPPED, engine.state());
        assertThrows(IllegalStateException.class, engine::start);
    }

    @Test
    void shouldLetTheRealPublisherBindAfterARefusedPublishFromAnotherThread() throws Exception
    {
        engine = builder().publishers(Publishers.SINGLE).build();
        assertEquals(Engine.CLOSED, engine.publish(1, PLAIN, 0, 0, 0, 0, 0)); // before start: binds no thread
        engine.start();
        final long[] result = new long[1];
        final Thread feed = new Thread(() -> result[0] = engine.publish(1, PLAIN, 0, 0, 0, 0, 0));
        feed.start();
        feed.join();
        assertTrue(result[0] >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));
    }

    @Test
    void shouldRefuseAJournalHeadedWithAnotherClockThanTheEngines()
    {
        engine = builder().startTime(5_000).journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L,
            TimeUnit.NANOSECONDS, 0, 1)).build();
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, engine::start);
        assertTrue(error.getMessage().startsWith("journal: the factory heads each journal with startTime=0 " +
            "timeUnit=NANOSECONDS but the engine runs with startTime=5000 timeUnitNanos=1"), error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * An engine of 100 ns time units cannot be journaled: a journal header's unit is a TimeUnit. The refusal told the
     * embedder to pass the engine's time unit to the factory, which no TimeUnit is.
     */
    @Test
    void shouldSayAJournalCannotRecordATimeUnitThatIsNoTimeUnit()
    {
        engine = builder().timeUnitNanos(100).journal(ChronicleShardJournal.factory(root, config -> config, "test", 1L,
            TimeUnit.NANOSECONDS, 0, 1)).build();
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, engine::start);
        assertEquals("journal: the engine runs with timeUnitNanos=100, which no TimeUnit is, and a journal's header " +
            "records its time unit as one: a journaled engine's time unit is 1 ns, 1 µs, 1 ms, 1 s, 1 min, 1 h or 1 " +
            "day", error.getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldSizeItsOwnCountersForAnyShardCount()
    {
        engine = builder().shards(100).build();
        assertEquals(100, engine.shardCount());
        final IllegalArgumentException tooSmall = assertThrows(IllegalArgumentException.class,
            () -> builder().shards(3).counters(EngineBuilder.inMemoryCounters(10)).build());
        assertTrue(tooSmall.getMessage().startsWith("counters: the counters manager has no room for the " +
            (1 + 3 * ShardCounters.PER_SHARD) + " counters of shards=3"), tooSmall.getMessage());
    }

    @Test
    void shouldCarryOnTakingInputWhenAHandlerLeavesItsThreadInterrupted()
    {
        engine = builder().build().start();
        assertTrue(engine.publish(1, INTERRUPT, 0, 0, 0, 0, 0) >= 0);
        // the shard goes idle after it: Agrona's runner would end the thread there, without a word
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (errors.isEmpty() && System.nanoTime() - deadline < 0)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
        for (int i = 1; i <= 100; i++)
        {
            assertTrue(engine.publish(1, PLAIN, i, i, 0, 0, 0) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(101, models.get(0).seen.size(), "every input accepted after the interrupt was dispatched");
        assertEquals(1, errors.size(), String.valueOf(errors));
        final ShardInterruptedWarning warning = (ShardInterruptedWarning)errors.get(0);
        assertEquals(0, warning.shardId());
        assertEquals(1, warning.interrupts());
        assertNull(engine.failure(), "a warning: the engine did not fail");
        assertEquals(1, engine.counters(0).errors(), "counted in the shard's errors");
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldGiveTheIntervalLatencyWhileAHandlerHoldsItsShardMidBatch() throws Exception
    {
        // a single publisher's shard takes what its cursor said when the unit of work began: the gate input alone
        engine = builder().publishers(Publishers.SINGLE).build().start();
        assertTrue(engine.publish(1, GATE, 0, 0, 0, 0, 0) >= 0);
        awaitUninterruptibly(atGate);
        // the next unit of work takes these 39: the shard reads its clock for latency after the 16th and the 32nd,
        // and input 25's handler holds it in the middle
        for (int i = 1; i <= 39; i++)
        {
            assertTrue(engine.publish(1, 25 == i ? HOLD : PLAIN, i, i, 0, 0, 0) >= 0);
        }
        gate.countDown();
        awaitUninterruptibly(holding);

        final FutureTask<Histogram> take = new FutureTask<>(() -> engine.takeIntervalLatency(false));
        new Thread(take, "interval-reader").start();
        final Histogram interval = take.get(30, TimeUnit.SECONDS); // it waited for the handler before
        assertEquals(1, interval.getTotalCount(), "the gate input's batch; the held batch is recorded as it ends");

        hold.countDown();
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        assertEquals(40, engine.totalLatency(false).getTotalCount(), "every input timed once");
    }

    @Test
    void shouldEndStoppedWhenAModelFactoryThrowsAnError()
    {
        final Engine broken = Engine.builder().shards(2).errorHandler(errors::add).model((shardId, shardCount) ->
        {
            if (1 == shardId)
            {
                throw new ExceptionInInitializerError("the book class of shard 1 failed to initialise");
            }
            return new FailingModel();
        }).build();
        final ExceptionInInitializerError error = assertThrows(ExceptionInInitializerError.class, broken::start);
        assertEquals("the book class of shard 1 failed to initialise", error.getMessage());
        assertEquals(EngineState.STOPPED, broken.state(), "not left STARTING");
    }

    /**
     * An idle strategy whose idle() throws once the engine runs was reported raw, naming no shard, at every turn of its
     * shard's loop: a flood of reports (each counted, each to the embedder's handler) until stop(). Now told once,
     * naming the shard; the shard idles by parking from then on and still drains what it accepted.
     */
    @Test
    void shouldReportAnIdleStrategyThatFailsOnceNamingItsShardAndDrainWhatTheShardAccepted()
    {
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger made = new AtomicInteger();
        final AtomicLong failedIdles = new AtomicLong();
        final IllegalStateException idleFailure = new IllegalStateException("idle strategy failed");
        engine = builder().shards(2).idleStrategy(() ->
        {
            final boolean shard1 = 1 == made.getAndIncrement(); // made shard by shard
            return new IdleStrategy()
            {
                @Override
                public void idle(final int workCount)
                {
                    if (shard1 && broken.get())
                    {
                        failedIdles.incrementAndGet();
                        throw idleFailure;
                    }
                    if (workCount <= 0)
                    {
                        idle();
                    }
                }

                @Override
                public void idle()
                {
                    LockSupport.parkNanos(100_000);
                }

                @Override
                public void reset()
                {
                }
            };
        }).build().start();
        final long shard1Key = shard1Key();
        for (int i = 0; i < 10; i++)
        {
            assertTrue(engine.publish(shard1Key, PLAIN, i, i, 0, 0, 0) >= 0);
        }
        broken.set(true);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // a shard still calling it would report it again
        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");

        assertEquals(1, failedIdles.get(), "not called again once it threw");
        assertEquals(1, errors.size(), () -> errors.size() + " reports, the first " + errors.get(0));
        final IdleStrategyFailedException failure = assertInstanceOf(IdleStrategyFailedException.class, errors.get(0));
        assertEquals(1, failure.shardId());
        assertFalse(failure.warning());
        assertSame(idleFailure, failure.getCause());
        assertEquals("shard=1: its idle strategy's idle() threw java.lang.IllegalStateException: idle strategy " +
            "failed; the engine takes no more input, and the shard, parking when idle from now on, drains what it " +
            "accepted", failure.getMessage());
        assertSame(failure, engine.failure());
        assertEquals(1, engine.counters(1).errors());
        assertEquals(10, engine.shard(1).inputs(), "every input shard 1 accepted, dispatched");
    }

    /**
     * An idle strategy whose idle() throws an Error: Agrona's runner reported it and rethrew it, ending the shard's
     * thread without closing its core, so its journal was never closed (no END block, its files, mappings and thread
     * kept) and stop() waited its whole timeout for a drain that could not come. Told once, as an exception is.
     */
    @Test
    void shouldCloseTheJournalOfAShardWhoseIdleStrategyThrowsAnError()
    {
        final AtomicBoolean broken = new AtomicBoolean();
        final AtomicInteger made = new AtomicInteger();
        final AssertionError idleFailure = new AssertionError("idle strategy invariant broken");
        final AtomicInteger closed = new AtomicInteger();
        final ShardJournal journal = new ShardJournal.Discarding()
        {
            @Override
            public void close()
            {
                closed.incrementAndGet();
            }
        };
        engine = builder().shards(2).journal((shardId, shardCount, model) -> 1 == shardId ? journal : ShardJournal.NONE)
            .idleStrategy(() ->
            {
                final boolean shard1 = 1 == made.getAndIncrement(); // made shard by shard
                return new IdleStrategy()
                {
                    @Override
                    public void idle(final int workCount)
                    {
                        if (shard1 && broken.get())
                        {
                            throw idleFailure;
                        }
                        if (workCount <= 0)
                        {
                            idle();
                        }
                    }

                    @Override
                    public void idle()
                    {
                        LockSupport.parkNanos(100_000);
                    }

                    @Override
                    public void reset()
                    {
                    }
                };
            }).build().start();
        final long shard1Key = shard1Key();
        assertTrue(engine.publish(shard1Key, PLAIN, 0, 0, 0, 0, 0) >= 0);
        broken.set(true);
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (engine.state() != EngineState.FAILED && System.nanoTime() < deadline)
        {
            LockSupport.parkNanos(1_000_000);
        }
        assertFalse(engine.stop(STOP_TIMEOUT), "the engine failed");

        assertEquals(1, closed.get(), "shard 1's journal closed");
        assertEquals(1, errors.size(), errors::toString);
        final IdleStrategyFailedException failure = assertInstanceOf(IdleStrategyFailedException.class, errors.get(0));
        assertEquals(1, failure.shardId());
        assertSame(idleFailure, failure.getCause());
        assertEquals(1, engine.shard(1).inputs());
    }

    /**
     * @return a key the engine routes to shard 1.
     */
    private long shard1Key()
    {
        long key = 0;
        while (1 != engine.shardFor(key))
        {
            key++;
        }
        return key;
    }

    @Test
    void shouldEndStoppedWhenTheEngineFailsAfterAShardHasStartedAndBeforeTheStartEnds()
    {
        // shard 0 has built its core and runs; its runner reports an error (its idle strategy's, once) while shard 1
        // is still opening its journal, so the engine is FAILED before start() can move it to RUNNING
        final AtomicBoolean idleFailed = new AtomicBoolean();
        engine = builder().shards(2)
            .idleStrategy(() -> new IdleStrategy()
            {
                @Override
                public void idle(final int workCount)
                {
                    if (idleFailed.compareAndSet(false, true))
                    {
                        throw new IllegalStateException("idle strategy failed");
                    }
                }

                @Override
                public void idle()
                {
                }

                @Override
                public void reset()
                {
                }
            })
            .journal((shardId, shardCount, model) ->
            {
                while (1 == shardId && engine.state() != EngineState.FAILED) // the error handler moves it last
                {
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
                }
                return ShardJournal.NONE;
            }).build();

        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertTrue(error.getMessage().startsWith("engine failed to start"), error.getMessage());
        assertEquals(0, assertInstanceOf(IdleStrategyFailedException.class, error.getCause()).shardId());
        assertEquals("idle strategy failed", error.getCause().getCause().getMessage());
        assertEquals(EngineState.STOPPED, engine.state(), "not left FAILED with its shard threads running");
        assertEquals(Engine.CLOSED, engine.publish(1, PLAIN, 0, 0, 0, 0, 0));
    }

    @Test
    void shouldFailToStartWhenAShardsJournalFactoryThrowsAnUndeclaredCheckedException()
    {
        for (int i = 0; i < 20; i++) // which of start() and the shard's runner acts on it first varies
        {
            engine = builder().shards(2).journal((shardId, shardCount, model) ->
            {
                if (1 == shardId)
                {
                    sneakyThrow(new IOException("journal of shard=1 is not writable"));
                }
                return ShardJournal.NONE;
            }).build();

            final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
            assertEquals("engine failed to start: journal of shard=1 is not writable", error.getMessage());
            assertTrue(error.getCause() instanceof IOException, String.valueOf(error.getCause()));
            assertEquals(EngineState.STOPPED, engine.state(), "not left running without shard 1's core");
        }
    }

    @Test
    void shouldNameAModelFactoryThatThrowsAnUndeclaredCheckedException()
    {
        final Engine broken = builder().shards(2).model((shardId, shardCount) ->
        {
            if (1 == shardId)
            {
                sneakyThrow(new IOException("no book for shard 1"));
            }
            return new FailingModel();
        }).build();

        final IllegalStateException error = assertThrows(IllegalStateException.class, broken::start);
        assertEquals("the model factory failed for shard=1: java.io.IOException: no book for shard 1",
            error.getMessage());
        assertEquals(EngineState.STOPPED, broken.state());

        final Engine unsized = builder().model((shardId, shardCount) -> sizedModel("unsized-v1", () ->
        {
            sneakyThrow(new IOException("no timer estimate"));
            return 0;
        })).build();
        final IllegalStateException unsizedError = assertThrows(IllegalStateException.class, unsized::start);
        assertEquals("the model of shard=0 (unsized-v1) failed to say how many timers it expects: expectedTimers() " +
            "threw java.io.IOException: no timer estimate", unsizedError.getMessage());
        assertInstanceOf(IOException.class, unsizedError.getCause());
        assertEquals(EngineState.STOPPED, unsized.state());
    }

    @Test
    void shouldEndStoppedAndKeepTheInterruptWhenTheThreadStartingTheEngineIsInterrupted()
    {
        engine = builder().shards(2).build();
        Thread.currentThread().interrupt(); // start() then meets it as it waits for the shards to build their cores
        final IllegalStateException error;
        final boolean interruptKept;
        try
        {
            error = assertThrows(IllegalStateException.class, engine::start);
        }
        finally
        {
            interruptKept = Thread.interrupted();
        }
        assertTrue(interruptKept, "the caller's interrupt status is restored");
        assertEquals("interrupted while starting", error.getMessage());
        assertInstanceOf(InterruptedException.class, error.getCause());
        assertEquals(EngineState.STOPPED, engine.state(), "its shard threads closed");
        assertEquals(Engine.CLOSED, engine.publish(1, PLAIN, 0, 0, 0, 0, 0));
        // the interrupt is restored once the shard threads are closed: with it set, Agrona's close gave up its wait
        // at once, interrupted the shards and reported each as 'has not ended 5000 ms after it was told to stop'
        assertEquals(List.of(), errors.stream().filter(e -> e instanceof ShardStillRunningWarning).toList());
        assertSame(error, engine.failure());
    }

    @Test
    void shouldFailToStartWhenTheJournalsClockCheckThrowsAnUndeclaredCheckedException()
    {
        engine = builder().journal(new ShardJournalFactory()
        {
            @Override
            public ShardJournal open(final int shardId, final int shardCount, final ShardModel model)
            {
                return ShardJournal.NONE;
            }

            @Override
            public void checkClock(final long startTime, final long timeUnitNanos)
            {
                sneakyThrow(new IOException("the journal's header cannot be read"));
            }
        }).build();

        final IllegalStateException error = assertThrows(IllegalStateException.class, engine::start);
        assertEquals("engine failed to start: java.io.IOException: the journal's header cannot be read",
            error.getMessage());
        assertInstanceOf(IOException.class, error.getCause());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldKeepEachEnginesSettingsWhenItsBuilderIsChangedAndBuiltAgain()
    {
        final EngineBuilder builder = builder().timeMode(TimeMode.EVENT_TIME);
        final Engine first = builder.build();
        final Engine second = builder.timeMode(TimeMode.WALL_CLOCK).shards(2).build();
        engine = first.start();
        assertEquals(TimeMode.EVENT_TIME, first.timeMode());
        assertEquals(1, first.shardCount());
        assertEquals(TimeMode.WALL_CLOCK, second.timeMode());
        assertEquals(2, second.shardCount());

        for (int i = 0; i < 5; i++)
        {
            assertTrue(first.advanceTo(i), "an event-time engine, whatever its builder says now");
            assertTrue(first.publish(1, PLAIN, i, i, 0, 0, 0) >= 0);
        }
        assertTrue(first.stop(STOP_TIMEOUT), String.valueOf(first.failure()));
        assertEquals(5, first.counters(0).inputs());
        second.start();
        assertTrue(second.stop(STOP_TIMEOUT), String.valueOf(second.failure()));
        assertEquals(0, second.counters(0).inputs(), "counters of its own");
    }
}
