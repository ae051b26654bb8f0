package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard agent driven by hand, one unit of work at a time, on the test thread.
 */
class ShardAgentTest
{
    private final Lifecycle lifecycle = new Lifecycle();
    private final InputRing ring = InputRing.singleProducer(16);
    private final InputRing priorityRing = InputRing.multiProducer(16);
    private final RecordingModel model = new RecordingModel();
    private final ShardAgent agent = new ShardAgent(
        EngineBuilder.DEFAULT_NAME, 0, ring, true, priorityRing,
        () -> new ShardCore(0, new EventWheel(), model,
            ShardJournal.NONE, Throwable::printStackTrace, null),
        lifecycle, TimeMode.EVENT_TIME, new SystemNanoClock(), 0, 0, 1,
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
        new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 256, 1, 0, 1_000_000);

    @Test
    void shouldTakeNothingBeyondTheCursorItSawWhenDrainingBegan() throws Exception
    {
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        agent.onStart();
        publish(0);
        publish(1);
        assertEquals(2, agent.doWork());

        publish(2);
        lifecycle.transition(EngineState.RUNNING, EngineState.DRAINING);
        assertEquals(1, agent.doWork(), "the input published before draining began");
        assertTrue(agent.drained());
        assertEquals(2, agent.drainTarget());

        // a single publisher held up between its state check and its publish lands beyond the target: it is told
        // CLOSED (Engine.publish), so the shard must never dispatch it
        publish(3);
        publish(4);
        assertEquals(0, agent.doWork());
        assertEquals(0, agent.doWork());
        assertEquals(2, agent.consumed());
        assertEquals(3, agent.core().inputs());
        assertEquals(3, model.dispatched.size());
        assertFalse(model.dispatched.stream().anyMatch(event -> event[4] >= 3), "dispatched beyond the drain target");
    }

    @Test
    void shouldCountTheJournalFlushInThePublishToJournaledLatency() throws Exception
    {
        final long flushNanos = 5_000_000;
        final long[] now = {1_000_000_000L};
        final ShardJournal slowFlush = new ShardJournal.Discarding()
        {
            @Override
            public void flush()
            {
                now[0] += flushNanos; // a flush that waits 5 ms (a page fault of the mapped file, say)
            }
        };
        final BatchLatencyRecorder dispatched = new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2);
        final BatchLatencyRecorder journaled = new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2);
        final InputRing flushedRing = InputRing.singleProducer(16);
        final ShardAgent flushing = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, flushedRing, true, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), new RecordingModel(), slowFlush, Throwable::printStackTrace, null),
            lifecycle, TimeMode.EVENT_TIME, () -> now[0], now[0], 0, 1, dispatched, journaled,
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 256, 1, 0, 0);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        flushing.onStart();

        final long sequence = flushedRing.tryNext();
        flushedRing.write(sequence, RecordingModel.INPUT, 1, 1, 1, 0, 0, 0, now[0] - 1_000);
        flushedRing.publish(sequence);
        assertEquals(1, flushing.doWork());

        final Histogram dispatch = dispatched.intervalHistogram(null);
        final Histogram journal = journaled.intervalHistogram(null);
        assertEquals(1, dispatch.getTotalCount());
        assertEquals(1, journal.getTotalCount());
        assertTrue(dispatch.getMaxValue() < flushNanos, "dispatched before the flush: " + dispatch.getMaxValue());
        assertTrue(dispatch.valuesAreEquivalent(1_000, dispatch.getMaxValue()), "1 µs after it was due");
        assertTrue(journal.valuesAreEquivalent(flushNanos + 1_000, journal.getMaxValue()),
            "journaled once the 5 ms flush had written it: " + journal.getMaxValue());
    }

    @Test
    void shouldTakeAFullRingInOneUnitOfWorkUnderTheLargestBatchLimit() throws Exception
    {
        // Integer.MAX_VALUE, "take whatever the rings hold", is a batch limit the builder accepts
        final int size = 1 << 13;
        final InputRing bigRing = InputRing.singleProducer(size);
        final RecordingModel recorded = new RecordingModel();
        final ShardAgent unbounded = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, bigRing, true, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), recorded, ShardJournal.NONE, Throwable::printStackTrace, null),
            lifecycle, TimeMode.EVENT_TIME, new SystemNanoClock(), 0, 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), Integer.MAX_VALUE, 1, 0, 1_000_000);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        unbounded.onStart();
        for (int i = 0; i < size; i++)
        {
            final long sequence = bigRing.tryNext();
            bigRing.write(sequence, RecordingModel.INPUT, i, i, i, 0, 0, 0, 0);
            bigRing.publish(sequence);
        }

        assertEquals(size, unbounded.doWork());
        assertEquals(size, unbounded.core().inputs());
        assertEquals(size - 1, unbounded.consumed());
    }

    @Test
    void shouldHoldBackFewerThanTheMinimumBatchOnlyOnceBusyForADelayAndThenUntilTheDelayHasPassed() throws Exception
    {
        for (final boolean single : new boolean[]{ true, false })
        {
            // the same case for a single-publisher ring (bounded by its cursor) and a multi-publisher one (by slot)
            final long[] now = {1_000_000L};
            final InputRing main = single ? InputRing.singleProducer(16) : InputRing.multiProducer(16);
            final RecordingModel recorded = new RecordingModel();
            final ShardAgent coalescing = coalescingAgent(main, single, recorded, now, 4, 1_000);
            coalescing.onStart();

            assertEquals(0, coalescing.doWork(), "nothing waits");
            now[0] += 5_000;
            publish(main, 0);
            publish(main, 1);
            publish(main, 2);
            assertEquals(3, coalescing.doWork(), "after an empty ring, 3 of 4 are taken at once: a busy spell begins");
            now[0] += 999;
            publish(main, 3);
            assertEquals(1, coalescing.doWork(), "busy for less than the delay: taken at once");

            now[0] += 1;
            publish(main, 4);
            publish(main, 5);
            publish(main, 6);
            assertEquals(0, coalescing.doWork(), "busy for the delay, input at every look: the wait begins");
            now[0] += 999;
            assertEquals(0, coalescing.doWork(), "3 of 4, 999 ns after the shard first saw them");
            assertEquals(4, recorded.dispatched.size());
            now[0] += 1;
            assertEquals(3, coalescing.doWork(), "taken once they have waited the delay");

            publish(main, 7);
            assertEquals(0, coalescing.doWork(), "still busy: a new wait for the next batch");
            publish(main, 8);
            publish(main, 9);
            publish(main, 10);
            assertEquals(4, coalescing.doWork(), "a full minimum batch is taken at once");

            assertEquals(0, coalescing.doWork(), "the ring is empty: the busy spell ends");
            publish(main, 11);
            assertEquals(1, coalescing.doWork(), "a lone input after an empty ring is taken at once");
            assertEquals(12, coalescing.core().inputs());
            assertEquals(11, coalescing.consumed());
            coalescing.requestClose(); // as the engine does before it closes a runner
            coalescing.onClose();
        }
    }

    @Test
    void shouldNotHoldBackTheRestOfABurstWhoseFullBatchBeganABusySpell() throws Exception
    {
        final long[] now = {1_000_000L};
        final InputRing main = InputRing.singleProducer(16);
        final RecordingModel recorded = new RecordingModel();
        final ShardAgent coalescing = coalescingAgent(main, true, recorded, now, 4, 4, 1_000);
        coalescing.onStart();

        publish(main, 0);
        assertEquals(1, coalescing.doWork(), "a lone input after an empty ring");
        now[0] += 5_000; // that busy spell is long past
        assertEquals(0, coalescing.doWork(), "the ring is empty");
        for (int i = 1; i < 7; i++)
        {
            publish(main, i);
        }
        assertEquals(4, coalescing.doWork(), "a full batch (the batch limit) after an empty ring: a busy spell begins");
        assertEquals(2, coalescing.doWork(), "the rest of the burst: busy for less than the delay, taken at once");
        assertEquals(7, coalescing.core().inputs());
        coalescing.requestClose(); // as the engine does before it closes a runner
        coalescing.onClose();
    }

    @Test
    void shouldTakeWhatWaitsAtEveryLookWhenAMinimumBatchHasNoDelay() throws Exception
    {
        // EngineBuilder.maxBatchDelay: 0 holds nothing back, whatever the minimum batch
        final long[] now = {1_000_000L};
        final InputRing main = InputRing.singleProducer(16);
        final RecordingModel recorded = new RecordingModel();
        final ShardAgent undelayed = coalescingAgent(main, true, recorded, now, 4, 0);
        undelayed.onStart();

        publish(main, 0);
        assertEquals(1, undelayed.doWork(), "the first input after an empty ring");
        for (int i = 1; i < 4; i++)
        {
            publish(main, i);
            assertEquals(1, undelayed.doWork(), "input " + i + ", alone of a minimum batch of 4, is taken at once");
        }
        assertEquals(4, undelayed.core().inputs());
        undelayed.requestClose(); // as the engine does before it closes a runner
        undelayed.onClose();
    }

    @Test
    void shouldNeverHoldBackThePriorityRingNorADrain() throws Exception
    {
        final long[] now = {1_000_000L};
        final InputRing main = InputRing.singleProducer(16);
        final InputRing priority = InputRing.multiProducer(16);
        final RecordingModel recorded = new RecordingModel();
        final ShardAgent coalescing = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, main, true, priority,
            () -> new ShardCore(0, new EventWheel(), recorded, ShardJournal.NONE, Throwable::printStackTrace, null),
            lifecycle, TimeMode.EVENT_TIME, () -> now[0], now[0], 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 256, 8, 1_000_000_000L, 1_000_000);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        coalescing.onStart();

        publish(main, 0);
        assertEquals(1, coalescing.doWork(), "the first input: a busy spell begins");
        now[0] += 1_000_000_000L; // busy for the whole delay, input at every look
        publish(main, 1);
        assertEquals(0, coalescing.doWork(), "held back for a batch");
        publish(priority, 2);
        assertEquals(1, coalescing.doWork(), "the priority input, not the main ring's held one");
        assertEquals(2, recorded.dispatched.get(1)[4]);

        publish(main, 3);
        lifecycle.transition(EngineState.RUNNING, EngineState.DRAINING);
        assertEquals(2, coalescing.doWork(), "a drain takes what is held back, with the clock standing still");
        assertTrue(coalescing.drained());
        assertEquals(4, coalescing.core().inputs());
    }

    @Test
    void shouldCountAsBatchesOnlyTheUnitsOfWorkThatTookInputNotTimersFiredByTheWallClock() throws Exception
    {
        final long[] now = {1_000_000L};
        final InputRing main = InputRing.singleProducer(16);
        final RecordingModel recorded = new RecordingModel();
        final ShardCounters counters = new ShardCounters(EngineBuilder.inMemoryCounters(), 0);
        final ShardAgent wallClock = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, main, true, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), recorded, ShardJournal.NONE, Throwable::printStackTrace, null),
            lifecycle, TimeMode.WALL_CLOCK, () -> now[0], now[0], 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            counters, 256, 1, 0, 1_000_000);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        wallClock.onStart();

        final long sequence = main.tryNext();
        main.write(sequence, RecordingModel.INPUT, 7, 0, 7, 10, 0, 0, now[0]); // a follow-up 10 time units later
        main.publish(sequence);
        assertEquals(1, wallClock.doWork(), "the input");
        now[0] += 100;
        assertEquals(1, wallClock.doWork(), "its follow-up, fired by the wall clock: no input taken");
        assertEquals(2, recorded.dispatched.size());
        assertEquals(RecordingModel.FOLLOW_UP, recorded.dispatched.get(1)[2]);

        assertEquals(1, counters.inputs());
        assertEquals(1, counters.batches(), "units of work that took input (inputs / batches is the mean batch)");
    }

    @Test
    void shouldFlushTheJournalOfAnIdleShardOnceItsOldestUnflushedRecordIsTheFlushIntervalOld() throws Exception
    {
        final long[] now = {1_000_000L};
        final int[] flushes = {0};
        final ShardJournal counting = new ShardJournal.Discarding()
        {
            @Override
            public void flush()
            {
                flushes[0]++;
            }
        };
        final BatchLatencyRecorder journaled = new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2);
        final InputRing main = InputRing.singleProducer(16);
        final ShardAgent grouping = manualAgent(
            main, model, counting, TimeMode.EVENT_TIME, now, 0, 1, journaled, new ShardCounters(
            EngineBuilder.inMemoryCounters(), 0), 1_000);
        grouping.onStart();

        publish(main, 0);
        assertEquals(1, grouping.doWork());
        assertEquals(0, flushes[0], "its record is younger than the flush interval: kept for a fuller block");
        now[0] += 600;
        publish(main, 1);
        assertEquals(1, grouping.doWork());
        now[0] += 399;
        assertEquals(0, grouping.doWork());
        assertEquals(0, flushes[0], "the oldest record is 999 ns old");
        assertEquals(0, journaled.intervalHistogram(null).getTotalCount(), "nothing journaled yet");

        now[0] += 1;
        assertEquals(0, grouping.doWork(), "no input, but the oldest record is the interval old");
        assertEquals(1, flushes[0], "an idle shard flushes too: a record never waits for the next input");
        assertEquals(2, journaled.intervalHistogram(null).getTotalCount(), "both inputs, journaled by that flush");
        now[0] += 1_000_000;
        assertEquals(0, grouping.doWork());
        assertEquals(1, flushes[0], "nothing left to flush");
    }

    @Test
    void shouldTimeEachInputsDispatchByAClockReadAtMostSixteenInputsAfterIt() throws Exception
    {
        final long[] reads = {0};
        final BatchLatencyRecorder dispatched = new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2);
        final InputRing main = InputRing.singleProducer(64);
        final ShardAgent timed = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, main, true, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), model, ShardJournal.NONE, Throwable::printStackTrace, null),
            lifecycle, TimeMode.EVENT_TIME, () -> ++reads[0] * 1_000, 0, 0, 1, dispatched,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 256, 1, 0, 0);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        timed.onStart();
        for (int i = 0; i < 40; i++)
        {
            publish(main, i); // each intended to be sent at 0 ns
        }

        assertEquals(40, timed.doWork());
        // the clock's readings: 1,000 ns after the 16th input, 2,000 after the 32nd, 3,000 at the unit's end (and
        // 4,000 for the flush)
        final Histogram latency = dispatched.intervalHistogram(null);
        assertEquals(40, latency.getTotalCount());
        assertEquals(16, latency.getCountAtValue(1_000), "inputs 1 to 16");
        assertEquals(16, latency.getCountAtValue(2_000), "inputs 17 to 32");
        assertEquals(8, latency.getCountAtValue(3_000), "the rest, at the unit's end");
    }

    @Test
    void shouldStampAWallClockInputWithTheStartTimePlusTheTimeSinceItsClocksOriginInTheEnginesUnit() throws Exception
    {
        final long[] now = {5_000_000_000L};
        final InputRing main = InputRing.singleProducer(16);
        final ShardAgent wallClock = manualAgent(
            main, model, ShardJournal.NONE, TimeMode.WALL_CLOCK, now, 1_000, 1_000_000,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 0);
        wallClock.onStart();

        now[0] += 7_500_000;
        write(main, RecordingModel.INPUT, 0, 7, 10); // a follow-up 10 ms after it; the feed's time is not used
        assertEquals(1, wallClock.doWork());
        assertEquals(1_007, model.dispatched.get(0)[0], "1,000 ms at the start, and 7.5 ms since: 1,007 ms");

        now[0] += 9_000_000;
        assertEquals(0, wallClock.doWork(), "1,016 ms: the follow-up is due at 1,017");
        now[0] += 1_000_000;
        assertEquals(1, wallClock.doWork(), "1,017 ms: fired by the wall clock");
        assertEquals(1_017, model.dispatched.get(1)[0]);
    }

    /**
     * A unit of work publishes the counters once it has taken input, before it flushes: the journal bytes of a flush
     * that comes later, in a unit that takes nothing, showed only once another input came, or at the drain.
     */
    @Test
    void shouldPublishTheJournalBytesOfAFlushThatComesAfterTheShardsLastInput() throws Exception
    {
        final long[] now = {1_000_000L};
        final SizedJournal flushedLater = new SizedJournal(true);
        final ShardCounters counters = new ShardCounters(EngineBuilder.inMemoryCounters(), 0);
        final InputRing main = InputRing.singleProducer(16);
        final ShardAgent agent = manualAgent(main, new RecordingModel(), flushedLater, TimeMode.EVENT_TIME, now, 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2), counters, 5_000);
        agent.onStart();

        write(main, RecordingModel.INPUT, 100, 1, 0);
        assertEquals(1, agent.doWork());
        assertEquals(1, counters.inputs());
        assertEquals(0, counters.journalBytes.get(), "recorded, not flushed yet: the flush interval has not passed");

        now[0] += 5_000;
        assertEquals(0, agent.doWork(), "no input: only the flush its interval asks for");
        assertEquals(100, flushedLater.bytesWritten(), "flushed");
        assertEquals(100, counters.journalBytes.get(), "the bytes that flush wrote, with no later input");
    }

    @Test
    void shouldCountATakenWatermarkAsWorkAndPublishItsShardsCountersAfterEachUnitOfWork() throws Exception
    {
        final long[] now = {1_000_000L};
        final ShardJournal sized = new SizedJournal(false);
        final ShardModel model = new RecordingModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                super.onEvent(event, context);
                if (event.type() == INPUT && event.a0() == 1)
                {
                    context.scheduleAt(event.time() - 5, FOLLOW_UP, event.target()); // before the clock: clamped
                    context.scheduleAt(event.time() + 10_000_000, FOLLOW_UP, event.target()); // past the near wheel
                }
            }
        };
        final ShardCounters counters = new ShardCounters(EngineBuilder.inMemoryCounters(), 0);
        final InputRing main = InputRing.singleProducer(16);
        final ShardAgent counted = manualAgent(
            main, model, sized, TimeMode.EVENT_TIME, now, 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2), counters, 0);
        counted.onStart();

        write(main, RecordingModel.INPUT, 100, 1, 10); // a follow-up at 110, and the two scheduleAt above
        assertEquals(1, counted.doWork());
        assertEquals(1, counters.inputs());
        assertEquals(2, counters.dispatched(), "the input and its clamped follow-up");
        assertEquals(1, counters.batches());
        assertEquals(16, counters.ringRemaining.get(), "every slot free again");
        assertEquals(2, counters.wheelSize.get(), "the follow-ups at 110 and 10,000,100");
        assertEquals(1, counters.overflowSize.get(), "the one beyond the near wheel");
        assertEquals(1, counters.clamped.get());
        assertEquals(100, counters.journalBytes.get(), "the bytes the journal says it wrote");

        write(main, RecordingModel.INPUT, 105, 2, 0);
        write(main, InputRing.ADVANCE, 110, 0, 0); // a watermark (Engine.advanceTo)
        write(main, InputRing.ADVANCE, 120, 0, 0);
        assertEquals(3, counted.doWork(), "an input and two watermarks");
        assertEquals(2, counters.inputs(), "a watermark is not an input");
        assertEquals(4, counters.dispatched(), "the second input, and the follow-up the first watermark fired");
        assertEquals(2, counters.batches());
        assertEquals(1, counters.wheelSize.get());
        assertEquals(200, counters.journalBytes.get());

        write(main, InputRing.ADVANCE, 130, 0, 0);
        assertTrue(counted.doWork() > 0, "a unit that took only a watermark did work");
        assertEquals(3, counters.batches(), "and took input from its ring");
        assertEquals(0, counted.doWork());
        assertEquals(3, counters.batches());
    }

    private ShardAgent coalescingAgent(
        final InputRing main,
        final boolean single,
        final RecordingModel model,
        final long[] now,
        final int minBatch,
        final long maxBatchDelayNanos) throws Exception
    {
        return coalescingAgent(main, single, model, now, 256, minBatch, maxBatchDelayNanos);
    }

    private ShardAgent coalescingAgent(
        final InputRing main,
        final boolean single,
        final RecordingModel model,
        final long[] now,
        final int batchLimit,
        final int minBatch,
        final long maxBatchDelayNanos) throws Exception
    {
        final Lifecycle running = new Lifecycle();
        final ShardAgent coalescing = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, main, single, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), model, ShardJournal.NONE, Throwable::printStackTrace, null),
            running, TimeMode.EVENT_TIME, () -> now[0], now[0], 0, 1,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
            new ShardCounters(EngineBuilder.inMemoryCounters(), 0), batchLimit, minBatch, maxBatchDelayNanos,
            1_000_000);
        running.transition(EngineState.NEW, EngineState.STARTING);
        running.transition(EngineState.STARTING, EngineState.RUNNING);
        return coalescing;
    }

    private ShardAgent manualAgent(
        final InputRing main,
        final ShardModel model,
        final ShardJournal journal,
        final TimeMode timeMode,
        final long[] now,
        final long startTime,
        final long timeUnitNanos,
        final BatchLatencyRecorder journalLatency,
        final ShardCounters counters,
        final long flushIntervalNanos)
    {
        final ShardAgent manual = new ShardAgent(
            EngineBuilder.DEFAULT_NAME, 0, main, true, InputRing.multiProducer(16),
            () -> new ShardCore(0, new EventWheel(), model, journal, Throwable::printStackTrace, null),
            lifecycle, timeMode, () -> now[0], now[0], startTime, timeUnitNanos,
            new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2), journalLatency, counters, 256, 1, 0,
            flushIntervalNanos);
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        return manual;
    }

    /**
     * A journal that records 100 bytes per input and has written them as soon as it records them, or only once it is
     * flushed.
     */
    private static final class SizedJournal extends ShardJournal.Discarding
    {
        private final boolean writtenAtFlush;
        private long recorded;
        private long written;

        SizedJournal(final boolean writtenAtFlush)
        {
            this.writtenAtFlush = writtenAtFlush;
        }

        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            recorded += 100;
        }

        @Override
        public void flush()
        {
            written = recorded;
        }

        @Override
        public long bytesWritten()
        {
            return writtenAtFlush ? written : recorded;
        }
    }

    private static void write(final InputRing ring, final int type, final long feedTime, final long a0, final long a1)
        throws Exception
    {
        final long sequence = ring.tryNext();
        ring.write(sequence, type, 1, feedTime, a0, a1, 0, 0, 0);
        ring.publish(sequence);
    }

    private void publish(final long value) throws Exception
    {
        publish(ring, value);
    }

    private static void publish(final InputRing ring, final long value) throws Exception
    {
        final long sequence = ring.tryNext();
        ring.write(sequence, RecordingModel.INPUT, value, value, value, 0, 0, 0, 0);
        ring.publish(sequence);
    }
}
