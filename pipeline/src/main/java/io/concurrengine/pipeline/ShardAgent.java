package io.concurrengine.pipeline;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.RingBuffer;
import io.concurrengine.core.wheel.EventWheel;
import org.HdrHistogram.SingleWriterRecorder;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent of one shard: drains its priority ring, then its main ring, stamps each input and hands it to the
 * {@link ShardCore}; in wall-clock mode it also advances the clock when inputs are quiet; after each unit of work it
 * flushes the journal and publishes its counters.
 * <p>
 * On DRAINING it takes the cursors of both rings as the last inputs to accept, drains up to them, flushes, and
 * reports itself drained. Runs on its own thread; {@link #drained()} may be read from any thread.
 */
final class ShardAgent implements Agent
{
    private final int shardId;
    private final RingBuffer<InputSlot> ring;
    private final RingBuffer<InputSlot> priorityRing;
    private final EventPoller<InputSlot> poller;
    private final EventPoller<InputSlot> priorityPoller;
    private final Supplier<ShardCore> coreFactory;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ShardCore core;
    private volatile Throwable startFailure;
    private final Lifecycle lifecycle;
    private final TimeMode timeMode;
    private final NanoClock clock;
    private final long startNanos;
    private final long startTime;
    private final long timeUnitNanos;
    private final SingleWriterRecorder dispatchLatency;
    private final SingleWriterRecorder journalLatency;
    private final ShardCounters counters;
    private final int batchLimit;
    private final long[] batchIntendedNanos;
    private final EventPoller.Handler<InputSlot> handler = this::onInput;
    private int batchCount;
    private int handled;
    private boolean draining;
    private long drainTarget;
    private long priorityDrainTarget;
    private volatile boolean drained;

    ShardAgent(
        final int shardId,
        final RingBuffer<InputSlot> ring,
        final RingBuffer<InputSlot> priorityRing,
        final Supplier<ShardCore> coreFactory,
        final Lifecycle lifecycle,
        final TimeMode timeMode,
        final NanoClock clock,
        final long startTime,
        final long timeUnitNanos,
        final SingleWriterRecorder dispatchLatency,
        final SingleWriterRecorder journalLatency,
        final ShardCounters counters,
        final int batchLimit)
    {
        this.shardId = shardId;
        this.ring = ring;
        this.priorityRing = priorityRing;
        this.poller = ring.newPoller();
        this.priorityPoller = priorityRing.newPoller();
        ring.addGatingSequences(poller.getSequence());
        priorityRing.addGatingSequences(priorityPoller.getSequence());
        this.coreFactory = coreFactory;
        this.lifecycle = lifecycle;
        this.timeMode = timeMode;
        this.clock = clock;
        this.startNanos = clock.nanoTime();
        this.startTime = startTime;
        this.timeUnitNanos = timeUnitNanos;
        this.dispatchLatency = dispatchLatency;
        this.journalLatency = journalLatency;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.batchIntendedNanos = new long[batchLimit * 2];
    }

    /**
     * Build the shard's core on the shard's own thread: a Chronicle appender belongs to the thread that made it.
     */
    @Override
    public void onStart()
    {
        try
        {
            core = coreFactory.get();
        }
        catch (final RuntimeException | Error ex)
        {
            startFailure = ex;
            throw ex;
        }
        finally
        {
            started.countDown();
        }
    }

    /**
     * Wait until {@link #onStart()} has run on the shard thread.
     *
     * @param timeoutNanos how long to wait.
     * @return null if the shard started, else why it did not.
     * @throws InterruptedException if interrupted while waiting.
     */
    Throwable awaitStarted(final long timeoutNanos) throws InterruptedException
    {
        if (!started.await(timeoutNanos, TimeUnit.NANOSECONDS))
        {
            return new IllegalStateException("shard=" + shardId + " did not start within timeoutNanos=" +
                timeoutNanos);
        }
        return startFailure;
    }

    @Override
    public int doWork() throws Exception
    {
        final ShardCore core = this.core;
        if (!draining && lifecycle.state() == EngineState.DRAINING)
        {
            // The cursor read follows the volatile read of DRAINING; a publisher that claims after this reads
            // DRAINING after its claim and voids its slot, so nothing accepted lies beyond these targets.
            draining = true;
            drainTarget = ring.getCursor();
            priorityDrainTarget = priorityRing.getCursor();
        }

        batchCount = 0;
        handled = 0;
        priorityPoller.poll(handler);
        handled = 0;
        poller.poll(handler);
        int work = batchCount;
        if (timeMode == TimeMode.WALL_CLOCK)
        {
            work += core.advance(wallTime());
        }

        if (work > 0)
        {
            core.journal().flush();
            recordJournalLatency();
            publishCounters();
        }

        if (draining && !drained &&
            poller.getSequence().get() >= drainTarget && priorityPoller.getSequence().get() >= priorityDrainTarget)
        {
            core.journal().flush();
            publishCounters();
            drained = true;
        }
        return work;
    }

    private boolean onInput(final InputSlot slot, final long sequence, final boolean endOfBatch)
    {
        final ShardCore core = this.core;
        final int type = slot.type;
        if (InputSlot.VOID != type)
        {
            final long time = timeMode == TimeMode.EVENT_TIME ? core.stampEventTime(slot.feedTime) :
                Math.max(core.lastStamp(), wallTime());
            final long intended = slot.intendedNanos;
            core.input(time, type, slot.target, slot.a0, slot.a1, slot.a2, slot.a3);
            dispatchLatency.recordValue(Math.max(0, clock.nanoTime() - intended));
            batchIntendedNanos[batchCount++] = intended;
        }
        return ++handled < batchLimit;
    }

    private void recordJournalLatency()
    {
        final long now = clock.nanoTime();
        for (int i = 0, n = batchCount; i < n; i++)
        {
            journalLatency.recordValue(Math.max(0, now - batchIntendedNanos[i]));
        }
    }

    private void publishCounters()
    {
        final ShardCore core = this.core;
        final EventWheel wheel = core.wheel();
        counters.inputs.setRelease(core.inputs());
        counters.dispatched.setRelease(core.dispatched());
        counters.failed.setRelease(core.failed());
        counters.ringRemaining.setRelease(ring.remainingCapacity());
        counters.wheelSize.setRelease(wheel.size());
        counters.overflowSize.setRelease(wheel.overflowCount());
        counters.clamped.setRelease(wheel.clampedCount());
        counters.journalBytes.setRelease(core.journal().bytesWritten());
    }

    private long wallTime()
    {
        return startTime + (clock.nanoTime() - startNanos) / timeUnitNanos;
    }

    boolean drained()
    {
        return drained;
    }

    ShardCore core()
    {
        return core;
    }

    @Override
    public void onClose()
    {
        final ShardCore core = this.core;
        if (null != core)
        {
            core.close();
        }
    }

    @Override
    public String roleName()
    {
        return "concurrengine-shard-" + shardId;
    }
}
