package io.concurrengine.pipeline;

import com.lmax.disruptor.Sequence;
import io.concurrengine.core.wheel.EventWheel;
import org.agrona.concurrent.Agent;
import org.agrona.concurrent.NanoClock;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The agent of one shard: drains its priority ring, then its main ring, stamps each input and hands it to the
 * {@link ShardCore}; in wall-clock mode it also advances the clock when inputs are quiet (not once the engine has
 * failed), in event-time mode when it takes a watermark ({@link Engine#advanceTo(long)}) from its main ring; after
 * each unit of work it flushes the journal and publishes its counters.
 * <p>
 * The journal is flushed as a group commit: once its oldest unflushed record is {@code flushIntervalNanos} old
 * (0: after every unit of work), so small batches at low rates still make full blocks; records not yet flushed
 * are lost if the process dies.
 * <p>
 * On DRAINING it takes the cursors of both rings as the last inputs to accept, drains up to them, flushes, and
 * reports itself drained. Runs on its own thread; {@link #drained()} may be read from any thread.
 * <p>
 * <b>Batch coalescing</b> ({@code minBatch > 1}): once busy for {@code maxBatchDelayNanos} (input at every look since
 * the main ring was last empty), the shard leaves its main ring alone while fewer than {@code minBatch} inputs wait
 * there, until {@code maxBatchDelayNanos} after it first saw them, and reports no work meanwhile, so its idle
 * strategy backs off and gives the core away. On a machine with fewer cores than busy
 * threads (two shards and a publisher on two cores), a shard that takes whatever is there keeps up with its
 * publisher a few inputs at a time, never idles, and takes the CPU the publisher needs: a slow equilibrium of small
 * batches, dear per input on both sides (bench/results/pipeline/session-29/). The priority ring is never held back;
 * nor is anything once draining begins.
 */
final class ShardAgent implements Agent
{
    private static final VarHandle FLUSHING;

    static
    {
        try
        {
            FLUSHING = MethodHandles.lookup().findVarHandle(ShardAgent.class, "flushing", boolean.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /**
     * Inputs dispatched between two reads of the clock for their publish-to-dispatch latency.
     */
    static final int INPUTS_PER_CLOCK_READ = 16;

    /** {@code waitingSinceNanos} while no batch is being waited for. */
    private static final long NOT_WAITING = Long.MIN_VALUE;

    private final int shardId;
    /** The shard thread's name: {@code engineName-shard-N} ({@link EngineBuilder#name(String)}). */
    private final String roleName;
    private final InputRing ring;
    private final boolean singlePublisher;
    private final InputRing priorityRing;
    private final Sequence consumed = new Sequence(-1);
    private final Sequence priorityConsumed = new Sequence(-1);
    private final Supplier<ShardCore> coreFactory;
    private final CountDownLatch started = new CountDownLatch(1);
    private volatile ShardCore core;
    private volatile Throwable startFailure;
    private final Lifecycle lifecycle;
    private final TimeMode timeMode;
    private final NanoClock clock;
    /** The clock's reading when the engine began to start, every shard's the same: its wall clock's startTime. */
    private final long startNanos;
    private final long startTime;
    private final long timeUnitNanos;
    private final BatchLatencyRecorder dispatchLatency;
    private final BatchLatencyRecorder journalLatency;
    private final ShardCounters counters;
    private final int batchLimit;
    private final int inputsPerUnit;
    private final long flushIntervalNanos;
    private final long[] unflushedIntendedNanos;
    private int unflushedInputs;
    /** Unflushed inputs whose dispatch latency is recorded. */
    private int dispatchLatencyMark;
    /**
     * The clock read every {@link #INPUTS_PER_CLOCK_READ} inputs during a unit of work, and the unflushed inputs each
     * reading times, kept until the unit ends and recorded then: the latency recorder's batch, which its reader waits
     * for, never spans a handler.
     */
    private final long[] clockReadNanos;
    private final int[] clockReadInputs;
    private int clockReads;
    /** Unflushed inputs at the last clock read for dispatch latency. */
    private int clockReadMark;
    private long acceptedAt;
    private boolean unflushed;
    private long unflushedSinceNanos;
    private int batchCount;
    private long batches;
    private final int minBatch;
    private final long maxBatchDelayNanos;
    /** When this shard first saw its main ring hold fewer than minBatch inputs, or NOT_WAITING. */
    private long waitingSinceNanos = NOT_WAITING;
    /** The main ring was empty the last time this shard looked. */
    private boolean sawEmpty = true;
    /** When this shard last found input in its main ring after finding it empty: the start of a busy spell. */
    private long busySinceNanos;
    private boolean draining;
    private long drainTarget;
    private long priorityDrainTarget;
    private volatile boolean drained;
    /** Set by stop() on a FAILED engine: drain like DRAINING, although the lifecycle can no longer say so. */
    private volatile boolean drainRequested;
    /** Set on the shard thread as {@link #onClose()} begins closing the core; read by the stopping thread. */
    private volatile boolean closingCore;
    /**
     * Set on the shard thread while {@link #flushJournal()} is in the journal's flush, with release stores (plain ones
     * on x86: no fence per flush); read by the stopping thread to say what holds the thread up.
     */
    private boolean flushing;
    /** Set when something escaped this shard's unit of work: it ended for good and will never drain. */
    private volatile boolean failed;
    /** What escaped this shard's unit of work, reported as its failure; read on the shard thread as it closes. */
    private Throwable unitFailure;
    /** Set before the engine closes this shard's runner: a thread that ends without it ended unasked. */
    private volatile boolean closeRequested;

    ShardAgent(
        final String engineName,
        final int shardId,
        final InputRing ring,
        final boolean singlePublisher,
        final InputRing priorityRing,
        final Supplier<ShardCore> coreFactory,
        final Lifecycle lifecycle,
        final TimeMode timeMode,
        final NanoClock clock,
        final long clockOriginNanos,
        final long startTime,
        final long timeUnitNanos,
        final BatchLatencyRecorder dispatchLatency,
        final BatchLatencyRecorder journalLatency,
        final ShardCounters counters,
        final int batchLimit,
        final int minBatch,
        final long maxBatchDelayNanos,
        final long flushIntervalNanos)
    {
        this.shardId = shardId;
        this.roleName = engineName + "-shard-" + shardId;
        this.ring = ring;
        this.singlePublisher = singlePublisher;
        this.priorityRing = priorityRing;
        ring.addGatingSequence(consumed);
        priorityRing.addGatingSequence(priorityConsumed);
        this.coreFactory = coreFactory;
        this.lifecycle = lifecycle;
        this.timeMode = timeMode;
        this.clock = clock;
        this.startNanos = clockOriginNanos;
        this.startTime = startTime;
        this.timeUnitNanos = timeUnitNanos;
        this.dispatchLatency = dispatchLatency;
        this.journalLatency = journalLatency;
        this.counters = counters;
        this.batchLimit = batchLimit;
        this.minBatch = maxBatchDelayNanos > 0 ? minBatch : 1; // the builder keeps it within the batch and the ring
        this.maxBatchDelayNanos = maxBatchDelayNanos;
        this.flushIntervalNanos = flushIntervalNanos;
        // a unit of work takes at most a batch from each ring, and never more than the ring holds (a batch limit up
        // to Integer.MAX_VALUE is accepted: batchLimit * 4 would overflow)
        this.inputsPerUnit = Math.min(batchLimit, priorityRing.size()) + Math.min(batchLimit, ring.size());
        this.unflushedIntendedNanos = new long[Math.max(4096, inputsPerUnit * 2)];
        this.clockReadNanos = new long[inputsPerUnit / INPUTS_PER_CLOCK_READ + 1];
        this.clockReadInputs = new int[clockReadNanos.length];
    }

    /**
     * Build the shard's core on the shard's own thread: a Chronicle appender belongs to the thread that made it.
     * Whatever fails the build is the start failure, a checked exception thrown without being declared (a journal
     * factory's sneaky throw) too: the shard has started without a core, and {@link Engine#start()} must say so.
     */
    @Override
    public void onStart()
    {
        try
        {
            core = coreFactory.get();
            // the levels (an empty ring, the wheel's capacity) before any unit of work publishes them: zeros read as a
            // full ring until the shard first takes input, which one its feed's keys do not reach never does
            publishCounters();
        }
        catch (final Throwable ex)
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
     * @return true if it has run (see {@link #startFailure()}), false if it has not yet.
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean awaitStarted(final long timeoutNanos) throws InterruptedException
    {
        return started.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /**
     * @return true once the shard thread has begun closing its core and journal as it ends ({@link #onClose()}):
     * a thread that has not ended then is in the journal's close (its END block, an fsync), not in a handler.
     */
    boolean closingCore()
    {
        return closingCore;
    }

    /**
     * @return true while the shard thread is in its journal's flush ({@link #flushJournal()}): a thread that has not
     * ended then waits for the journal (a write, a sync to its device), not for a handler. Any thread.
     */
    boolean flushingJournal()
    {
        return (boolean)FLUSHING.getAcquire(this);
    }

    /**
     * @return true once {@link #onStart()} has run on the shard thread, whether or not it built the core.
     */
    boolean hasStarted()
    {
        return 0 == started.getCount();
    }

    /**
     * @return once started, why the core could not be built, or null if it was.
     */
    Throwable startFailure()
    {
        return startFailure;
    }

    /**
     * One unit of work. Anything that escapes it ends the shard with a {@link ShardFailedException} (an Agrona
     * {@code AgentTerminationException}, so the runner stops calling and closes the agent): the batch it interrupted
     * is half taken, and its consumed sequence not yet moved, so another unit of work would take the same inputs
     * again. The counters are published first, with what the interrupted batch took and dispatched.
     */
    @Override
    public int doWork()
    {
        try
        {
            return doUnitOfWork();
        }
        catch (final Throwable ex)
        {
            failed = true;
            unitFailure = ex;
            publishCountersOfFailedUnit(ex);
            throw new ShardFailedException(shardId, ex);
        }
        finally
        {
            // normally ended already; after a failure (e.g. a journal write error) the reader must not wait forever
            dispatchLatency.endBatch();
        }
    }

    private int doUnitOfWork()
    {
        final ShardCore core = this.core;
        if (!draining && (lifecycle.state() == EngineState.DRAINING || drainRequested))
        {
            // The cursor read follows the volatile read of DRAINING; a publisher that claims after this reads
            // DRAINING after its claim and voids its slot, so nothing accepted lies beyond these targets. A single
            // publisher that publishes beyond its target is told CLOSED (Engine.publish), so nothing past the
            // targets is taken.
            draining = true;
            drainTarget = ring.cursor();
            priorityDrainTarget = priorityRing.cursor();
        }

        final boolean wallClock = timeMode == TimeMode.WALL_CLOCK;
        if (wallClock)
        {
            acceptedAt = wallTime(); // one read per unit of work: the stamp of the inputs it takes, and the horizon
        }
        batchCount = 0;
        drain(priorityRing, priorityConsumed, false, draining ? priorityDrainTarget : Long.MAX_VALUE);
        if (draining || minBatch <= 1 || batchReady())
        {
            drain(ring, consumed, singlePublisher, draining ? drainTarget : Long.MAX_VALUE);
        }
        int work = batchCount;
        if (batchCount > 0)
        {
            batches++; // a unit of work that took input; wall-clock timers fired below are work, not a batch
        }
        // A failed engine takes no input, and its shards no longer move their clocks on by themselves: timers stop
        // firing (an input accepted before still has everything due by its stamp dispatched as it is taken), so a
        // journal out of space is not filled with them while the embedder gets round to stop(). Replay follows the
        // journaled ADVANCE records, so it reaches the same state.
        if (wallClock && (batchCount > 0 || lifecycle.state() != EngineState.FAILED))
        {
            work += core.advance(acceptedAt);
        }

        if (0 == work && !unflushed && !draining)
        {
            return 0; // idle with nothing to flush: no clock read (~30 ns on this VM, every idle spin)
        }
        final long now = clock.nanoTime();
        if (work > 0)
        {
            recordDispatchLatency(now);
            dispatchLatency.endBatch();
            if (!unflushed)
            {
                unflushed = true;
                unflushedSinceNanos = now;
            }
            publishCounters();
        }
        // Draining is complete once both rings are consumed up to their targets; that unit of work flushes even when
        // nothing is pending (a shard that took no input still makes its header durable), and flushes only once.
        final boolean drainComplete = draining && !drained &&
            consumed.get() >= drainTarget && priorityConsumed.get() >= priorityDrainTarget;
        if (drainComplete || unflushed && (draining || now - unflushedSinceNanos >= flushIntervalNanos ||
            unflushedInputs > unflushedIntendedNanos.length - inputsPerUnit))
        {
            flushJournal();
        }

        if (drainComplete)
        {
            publishCounters();
            drained = true;
        }
        return work;
    }

    /**
     * Group commit: write what was recorded since the last flush as one block, then record publish-to-journaled
     * latency for every input in it, up to a clock read taken after the write: the flush's own time (copying the
     * block into the mapped file, any page fault on the way) is part of every one of its inputs' latency. A journal
     * out of space is reported here, once, and the journal's bytes are published. Called
     * when the oldest unflushed record is {@code flushIntervalNanos} old, when the latency samples are about to fill,
     * and while draining; the writer also flushes by itself when a block is full.
     */
    private void flushJournal()
    {
        final ShardJournal journal = core.journal();
        FLUSHING.setRelease(this, true);
        journal.flush();
        FLUSHING.setRelease(this, false); // not after a flush that threw: the shard ends, and closes its journal
        // Once reported, the engine is FAILED and publishers are refused. This shard goes on taking what its rings
        // accepted, into the journal's reserve, and drains when stop() asks, as every shard of a FAILED engine does:
        // its drain target is taken then, after a single publisher's last publish, not while it may still publish.
        core.reportJournalOutOfSpace();
        final long journaled = clock.nanoTime(); // one clock read per flush, not per input
        journalLatency.beginBatch();
        journalLatency.recordSince(journaled, unflushedIntendedNanos, 0, unflushedInputs);
        journalLatency.endBatch();
        unflushedInputs = 0;
        dispatchLatencyMark = 0;
        clockReadMark = 0;
        unflushed = false;
        // once per flush: a unit that only flushes publishes no counters, so a shard that went idle after its last
        // input showed the journal bytes before that flush (its header alone) until the drain
        counters.journalBytes.setRelease(journal.bytesWritten());
    }

    /**
     * Record the publish-to-dispatch latency of every input the unit of work took: those timed by a clock read during
     * the unit (one every {@link #INPUTS_PER_CLOCK_READ} inputs) up to that reading, the rest up to {@code now}, the
     * unit's end. An input's dispatch time is read at most that many inputs after its dispatch: an upper bound that
     * saves a clock read (~30 ns on this VM) per input. Leaves the recorder's batch open; the caller ends it.
     */
    private void recordDispatchLatency(final long now)
    {
        final long[] intended = unflushedIntendedNanos;
        dispatchLatency.beginBatch();
        int from = dispatchLatencyMark;
        for (int i = 0; i < clockReads; i++)
        {
            final int to = clockReadInputs[i];
            dispatchLatency.recordSince(clockReadNanos[i], intended, from, to);
            from = to;
        }
        dispatchLatency.recordSince(now, intended, from, unflushedInputs);
        clockReads = 0;
        dispatchLatencyMark = unflushedInputs;
        clockReadMark = unflushedInputs;
    }

    /**
     * Take up to {@code batchLimit} published inputs from a ring. Looks at no slot past the batch: a consumer that
     * asked the sequencer for everything published would check every slot of a full ring on every call.
     * <p>
     * A multi-publisher ring's cursor is never read here: each slot's availability flag alone says whether it is
     * published (a slot not yet claimed still holds the flag of the previous lap). That cursor is the cache line
     * every publisher compare-and-sets to claim a slot; a shard that read it on every call pulled that line away from
     * the publisher between claims, and the claim's CAS took 57 % of the publisher's CPU in an unjournaled burst.
     * A single publisher's cursor is the opposite case: it moves only when an input is published, by a plain store,
     * and it is the only record of what is published, so one read of it bounds the whole batch.
     * <p>
     * Nothing beyond {@code limit} is taken: while draining, the ring's drain target.
     */
    private void drain(final InputRing ring, final Sequence consumed, final boolean boundByCursor, final long limit)
    {
        final long[] slots = ring.slots();
        final long next = consumed.get() + 1;
        long last = Math.min(next + batchLimit - 1, limit);
        long sequence = next;
        if (boundByCursor)
        {
            // getCursor is an acquire of the publisher's release in publish(sequence): every slot up to it is visible.
            last = Math.min(last, ring.cursor());
            while (sequence <= last)
            {
                onInput(slots, ring.index(sequence));
                sequence++;
            }
        }
        else
        {
            // isAvailable is an acquire of the publisher's release in publish(sequence): the slot's fields are visible.
            while (sequence <= last && ring.isAvailable(sequence))
            {
                onInput(slots, ring.index(sequence));
                sequence++;
            }
        }
        if (sequence > next)
        {
            // Release: publishers may reuse the slots only after they have been read.
            consumed.set(sequence - 1);
        }
    }

    /**
     * Batch coalescing: whether to take the main ring's inputs now. Yes once {@code minBatch} of them wait, or once
     * the ones that wait have done so for {@code maxBatchDelayNanos} since this shard first saw them, or while the
     * shard has not been busy for {@code maxBatchDelayNanos}: a busy spell begins when it finds input after finding
     * its ring empty, so a shard that finds its ring empty now and then (a light or bursty feed) takes each input as
     * it comes, and only one that has found input every time it looked for a whole delay waits for batches. The clock
     * is read when a busy spell begins and while fewer than {@code minBatch} inputs wait. A multi-publisher ring is
     * asked whether the {@code minBatch}-th slot is published; one published out of order ahead of a slot still being
     * filled counts, and the drain then takes what is contiguous.
     */
    private boolean batchReady()
    {
        final long next = consumed.get() + 1;
        final long cursor = singlePublisher ? ring.cursor() : Long.MIN_VALUE;
        final boolean fullBatch = published(next + minBatch - 1, cursor);
        if (!fullBatch && !published(next, cursor))
        {
            waitingSinceNanos = NOT_WAITING; // nothing waits
            sawEmpty = true;
            return false;
        }
        if (sawEmpty)
        {
            sawEmpty = false; // the first inputs after an empty ring, or a full batch: a busy spell begins
            busySinceNanos = clock.nanoTime();
            return true;
        }
        if (fullBatch)
        {
            waitingSinceNanos = NOT_WAITING;
            return true;
        }
        final long now = clock.nanoTime();
        if (now - busySinceNanos < maxBatchDelayNanos)
        {
            return true; // not busy for long enough to wait for batches
        }
        if (NOT_WAITING == waitingSinceNanos)
        {
            waitingSinceNanos = now;
            return false;
        }
        if (now - waitingSinceNanos >= maxBatchDelayNanos)
        {
            waitingSinceNanos = NOT_WAITING;
            return true;
        }
        return false;
    }

    /**
     * @param sequence a main-ring sequence.
     * @param cursor   the single publisher's cursor, read once for the call that asks (unused with several).
     * @return whether it is published.
     */
    private boolean published(final long sequence, final long cursor)
    {
        return singlePublisher ? cursor >= sequence : ring.isAvailable(sequence);
    }

    private void onInput(final long[] slots, final int index)
    {
        final ShardCore core = this.core;
        final int type = (int)slots[index + InputRing.TYPE];
        if (type < 0)
        {
            if (InputRing.ADVANCE == type)
            {
                // event-time only (Engine.advanceTo): journaled as an ADVANCE if anything falls due, so replay follows
                core.advance(core.stampEventTime(slots[index + InputRing.FEED_TIME]));
                batchCount++;
            }
        }
        else
        {
            final long time = timeMode == TimeMode.EVENT_TIME ?
                core.stampEventTime(slots[index + InputRing.FEED_TIME]) :
                Math.max(core.lastStamp(), acceptedAt);
            final long intended = slots[index + InputRing.INTENDED_NANOS];
            core.input(time, type, slots[index + InputRing.TARGET], slots[index + InputRing.A0],
                slots[index + InputRing.A1], slots[index + InputRing.A2], slots[index + InputRing.A3]);
            final int unflushed = unflushedInputs + 1;
            unflushedIntendedNanos[unflushed - 1] = intended;
            unflushedInputs = unflushed;
            batchCount++;
            if (unflushed - clockReadMark >= INPUTS_PER_CLOCK_READ)
            {
                clockReadNanos[clockReads] = clock.nanoTime();
                clockReadInputs[clockReads++] = unflushed;
                clockReadMark = unflushed;
            }
        }
    }

    /**
     * Publish the counters as the shard fails, off its loop: a unit of work publishes them only once it has taken its
     * batch, so a shard that failed mid-batch showed none of that batch (one that failed in its first showed no
     * inputs, dispatches or batches at all). The unit counts as a batch if it took input and failed before counting
     * itself, in its drain: the counters published last (at the end of every unit that took input) then still hold
     * the batches so far, and fewer inputs than the core has taken. A unit that failed after it published (its
     * journal's flush) has nothing more to publish. What publishing throws is kept with the failure.
     *
     * @param failure what escaped the unit of work.
     */
    private void publishCountersOfFailedUnit(final Throwable failure)
    {
        try
        {
            final ShardCore core = this.core;
            if (batchCount > 0 && batches == counters.batches.get() && core.inputs() != counters.inputs.get())
            {
                batches++;
            }
            publishCounters();
        }
        catch (final Throwable ex)
        {
            if (ex != failure)
            {
                failure.addSuppressed(ex);
            }
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
        counters.wheelCapacity.setRelease(wheel.capacity());
        counters.overflowSize.setRelease(wheel.overflowCount());
        counters.clamped.setRelease(wheel.clampedCount());
        counters.journalBytes.setRelease(core.journal().bytesWritten());
        counters.batches.setRelease(batches);
    }

    private long wallTime()
    {
        return startTime + (clock.nanoTime() - startNanos) / timeUnitNanos;
    }

    boolean drained()
    {
        return drained;
    }

    /**
     * Ask this shard to drain although the engine is FAILED (another shard failed): it takes the cursors it sees
     * next as its last inputs, as on DRAINING. Publishers read FAILED after their claim and void what they claim
     * later, as they do for DRAINING.
     */
    void requestDrain()
    {
        drainRequested = true;
    }

    /**
     * @return true if this shard ended with a {@link ShardFailedException}: it will never drain.
     */
    boolean failed()
    {
        return failed;
    }

    /**
     * @return the main ring's cursor when this shard saw DRAINING: the last input it dispatches. Read it only after
     * {@link #drained()} returned true.
     */
    long drainTarget()
    {
        return drainTarget;
    }

    /**
     * @return true if this shard has taken and dispatched every input its rings hold and every one claimed in them
     * (a claim not yet published counts as not taken), whether or not it has seen the drain. Any thread.
     */
    boolean tookEverything()
    {
        return consumed.get() >= ring.cursor() && priorityConsumed.get() >= priorityRing.cursor();
    }

    /**
     * @return the last main-ring position this shard has taken.
     */
    long consumed()
    {
        return consumed.get();
    }

    ShardCore core()
    {
        return core;
    }

    /**
     * The engine is about to close this shard's runner: from here on the thread ends because it was asked to, and an
     * interrupt (the runner's, to free a handler that has not returned) is no stray one.
     */
    void requestClose()
    {
        closeRequested = true;
    }

    /**
     * @return true once the engine has begun to close this shard's runner.
     */
    boolean closeRequested()
    {
        return closeRequested;
    }

    /**
     * Close the core (and its journal) on the shard thread as it ends, and publish the journal bytes with the END block
     * closing wrote. What closing throws (a journal that cannot write its last block, or whose background error cannot
     * be read) is passed on to the runner, which reports it: as a {@link JournalCloseFailedException} naming the shard,
     * or, an {@link Error}, as it is, counted in this shard's errors here. A thread that ends unasked, with its core
     * built and nothing escaped, was ended by its runner for an interrupt the idle strategy could not clear first (see
     * {@link ShardIdleStrategy}): it will take no more input, so it reports itself failed (the runner passes the
     * exception to the engine's error handler, which fails the engine) rather than leave publishers filling a ring
     * nobody takes.
     */
    @Override
    public void onClose()
    {
        final ShardCore core = this.core;
        if (null != core)
        {
            closingCore = true; // once per shard: for the report of a thread that has not ended (ShutdownSequence)
            try
            {
                core.close();
            }
            catch (final Error ex)
            {
                // the runner reports it and rethrows it, ending the thread, as it is: it names no shard, so the
                // engine's error handler counts it in the engine's errors only; counted here in this shard's
                counters.errors.increment();
                publishJournalBytesOnClose(core, ex);
                throw ex;
            }
            catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
            {
                // told naming the shard (counted in its errors by the engine's error handler): a journal's
                // JournalWriteException names a directory at best, and an embedder's journal's failure nothing
                final RuntimeException failure = ex instanceof ShardError && ex instanceof RuntimeException ?
                    (RuntimeException)ex : new JournalCloseFailedException(shardId, ex);
                publishJournalBytesOnClose(core, failure);
                throw failure;
            }
            publishJournalBytesOnClose(core, null);
            if (!failed && null == startFailure && !closeRequested)
            {
                // not one whose start failed after its core was built (its first counters): the runner ends it unasked
                failed = true;
                throw new ShardFailedException(shardId, new IllegalStateException("its thread '" +
                    Thread.currentThread().getName() + "' ended although the engine did not stop it: an interrupt " +
                    "reached it as it went idle"));
            }
        }
    }

    /**
     * Publish the journal's bytes with what closing wrote (its END block). What the journal's {@code bytesWritten()}
     * throws here was reported already when it failed the shard's unit of work or the build of its core (which read it
     * for the counters), or is told with its close's failure: it is kept with that failure (a suppressed exception),
     * not reported a second time. Thrown only when nothing was (the runner reports it), as a close's failure is: a
     * {@link JournalCloseFailedException}, or an {@link Error} as it is, counted in this shard's errors.
     *
     * @param core         the shard's core, closed.
     * @param closeFailure what closing it threw, or null.
     */
    private void publishJournalBytesOnClose(final ShardCore core, final Throwable closeFailure)
    {
        try
        {
            counters.journalBytes.setRelease(core.journal().bytesWritten());
        }
        catch (final Throwable ex)
        {
            final Throwable reported = null != closeFailure ? closeFailure :
                null != startFailure ? startFailure : unitFailure;
            if (null == reported)
            {
                if (ex instanceof Error)
                {
                    counters.errors.increment(); // names no shard, as a close's Error does
                    throw (Error)ex;
                }
                throw new JournalCloseFailedException(shardId, ex);
            }
            if (ex != reported)
            {
                reported.addSuppressed(ex);
            }
        }
    }

    @Override
    public String roleName()
    {
        return roleName;
    }
}
