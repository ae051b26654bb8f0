package io.concurrengine.bench.pipeline.alternatives;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.ShardCore;
import io.concurrengine.pipeline.ShardJournal;
import io.concurrengine.pipeline.ShardModel;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking-queue baseline flushes its journal as the engine's shard does (a group commit), so the two pipelines
 * do the same journal work. Inputs are queued before the shard runs, on the test thread, so every batch is full and
 * the count of flushes does not depend on timing.
 */
class QueueShardTest
{
    private static final int BATCH_LIMIT = 16;
    private static final int INPUTS = 100;

    @Test
    void shouldFlushOnceWhenTheGroupCommitIntervalIsNotReachedBeforeTheDrainEnds() throws InterruptedException
    {
        final CountingJournal journal = new CountingJournal();
        final QueueShard shard = runOverQueuedInputs(TimeUnit.HOURS.toNanos(1), journal);

        assertNull(shard.failure);
        assertEquals(INPUTS, journal.inputs);
        assertEquals(1, journal.flushesBeforeClose, "the drain's flush only");
        assertEquals(INPUTS, shard.journalLatency.intervalHistogram(null).getTotalCount());
        assertEquals(INPUTS, shard.dispatchLatency.intervalHistogram(null).getTotalCount());
    }

    @Test
    void shouldFlushAfterEveryDrainedBatchWhenTheIntervalIsZero() throws InterruptedException
    {
        final CountingJournal journal = new CountingJournal();
        final QueueShard shard = runOverQueuedInputs(0, journal);

        assertNull(shard.failure);
        assertEquals(INPUTS, journal.inputs);
        // 100 inputs and the end marker in batches of 16: 7 batches, a flush after each
        assertEquals((INPUTS + 1 + BATCH_LIMIT - 1) / BATCH_LIMIT, journal.flushesBeforeClose);
        assertEquals(INPUTS, shard.journalLatency.intervalHistogram(null).getTotalCount());
    }

    @Test
    void shouldMeasureEveryInputsLatencyFromItsOwnIntendedTimeOnce() throws InterruptedException
    {
        // input i was due (INPUTS - i) ms before the run: one clock read per 16 inputs still measures each from its
        // own time, and counts it once
        final ArrayBlockingQueue<Input> queue = new ArrayBlockingQueue<>(1024);
        final long start = System.nanoTime();
        for (int i = 0; i < INPUTS; i++)
        {
            queue.put(new Input(1, i, 10L * i, i, 0, 0, 0, start - (INPUTS - i) * 1_000_000L));
        }
        queue.put(Input.END);
        final QueueShard shard = run(queue, TimeUnit.HOURS.toNanos(1), new CountingJournal());

        final Histogram dispatch = shard.dispatchLatency.intervalHistogram(null);
        assertEquals(INPUTS, dispatch.getTotalCount());
        assertTrue(dispatch.getMinValue() >= dispatch.lowestEquivalentValue(1_000_000L),
            "min " + dispatch.getMinValue());
        assertTrue(dispatch.getMaxValue() >= dispatch.lowestEquivalentValue(INPUTS * 1_000_000L),
            "max " + dispatch.getMaxValue());
        assertEquals(INPUTS, dispatch.getCountBetweenValues(1_000_000L, Long.MAX_VALUE / 2));
        final Histogram journaled = shard.journalLatency.intervalHistogram(null);
        assertEquals(INPUTS, journaled.getTotalCount());
        assertTrue(journaled.getMaxValue() >= journaled.lowestEquivalentValue(INPUTS * 1_000_000L));
    }

    @Test
    void shouldFlushWhenTheKeptIntendedTimesAreAboutToFillBeforeTheIntervalIsReached() throws InterruptedException
    {
        // batches of 2048 keep up to 8192 intended times (4 batches' worth, as ShardAgent keeps them); a flush is
        // due once more than 8192 - 2 * 2048 wait: after the third batch, and then at the drain's end
        final CountingJournal journal = new CountingJournal();
        final QueueShard shard = run(queued(10_000), 2048, TimeUnit.HOURS.toNanos(1), journal);

        assertNull(shard.failure);
        assertEquals(10_000, journal.inputs);
        assertEquals(2, journal.flushesBeforeClose);
        assertEquals(10_000, shard.journalLatency.intervalHistogram(null).getTotalCount());
    }

    @Test
    void shouldPublishItsLiveCountsOfInputsAndDispatches() throws InterruptedException
    {
        final QueueShard shard = runOverQueuedInputs(0, new CountingJournal());

        assertEquals(INPUTS, shard.liveInputs.get());
        assertEquals(INPUTS, shard.core().inputs());
        assertEquals(shard.core().dispatched(), shard.liveDispatched.get());
        assertTrue(shard.liveDispatched.get() > 0);
    }

    @Test
    void shouldReportTheFailureToBuildItsCoreToTheThreadWaitingForItsStart()
    {
        final IllegalStateException cause = new IllegalStateException("no journal");
        final QueueShard shard = new QueueShard(new ArrayBlockingQueue<>(1), BATCH_LIMIT, 0, () ->
        {
            throw cause;
        }, Throwable::printStackTrace);

        shard.run();

        assertSame(cause, shard.awaitStarted(TimeUnit.SECONDS.toNanos(30)));
    }

    @Test
    void shouldAnswerAShardThatDidNotStartInTimeOrAnInterruptedWaitWithTheirProblem()
    {
        final QueueShard shard = new QueueShard(new ArrayBlockingQueue<>(1), BATCH_LIMIT, 0, () -> null,
            Throwable::printStackTrace);

        final Throwable late = shard.awaitStarted(1_000_000);
        assertInstanceOf(IllegalStateException.class, late);
        assertEquals("shard did not start within timeoutNanos=1000000", late.getMessage());

        Thread.currentThread().interrupt();
        assertInstanceOf(InterruptedException.class, shard.awaitStarted(TimeUnit.SECONDS.toNanos(30)));
        assertTrue(Thread.interrupted(), "the interrupt is kept for the caller");
    }

    private static QueueShard runOverQueuedInputs(final long flushIntervalNanos, final CountingJournal journal)
        throws InterruptedException
    {
        return run(queued(INPUTS), BATCH_LIMIT, flushIntervalNanos, journal);
    }

    /**
     * @return a queue holding {@code inputs} inputs intended now, and the end marker.
     */
    private static ArrayBlockingQueue<Input> queued(final int inputs) throws InterruptedException
    {
        final ArrayBlockingQueue<Input> queue = new ArrayBlockingQueue<>(inputs + 1);
        final long now = System.nanoTime();
        for (int i = 0; i < inputs; i++)
        {
            queue.put(new Input(1, i, 10L * i, i, 0, 0, 0, now));
        }
        queue.put(Input.END);
        return queue;
    }

    private static QueueShard run(
        final ArrayBlockingQueue<Input> queue, final long flushIntervalNanos, final CountingJournal journal)
    {
        return run(queue, BATCH_LIMIT, flushIntervalNanos, journal);
    }

    private static QueueShard run(
        final ArrayBlockingQueue<Input> queue,
        final int batchLimit,
        final long flushIntervalNanos,
        final CountingJournal journal)
    {
        final QueueShard shard = new QueueShard(queue, batchLimit, flushIntervalNanos,
            () -> new ShardCore(0, new EventWheel(1024, 5, 1024, 0), new CountingModel(), journal,
                Throwable::printStackTrace, null),
            Throwable::printStackTrace);
        shard.run();
        return shard;
    }

    private static final class CountingModel implements ShardModel
    {
        long events;

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            events++;
        }

        @Override
        public long stateHash()
        {
            return events;
        }

        @Override
        public String identity()
        {
            return "counting";
        }
    }

    private static final class CountingJournal extends ShardJournal.Discarding
    {
        int inputs;
        int flushes;
        int flushesBeforeClose = -1;

        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            inputs++;
        }

        @Override
        public void inputDispatched(final Event event, final boolean failed)
        {
            inputs++;
        }

        @Override
        public void flush()
        {
            flushes++;
        }

        @Override
        public void close()
        {
            flushesBeforeClose = flushes;
        }
    }
}
