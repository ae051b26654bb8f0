package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;
import org.agrona.ErrorHandler;

/**
 * The single-threaded heart of a shard, shared by the live engine and by replay: inputs in, events out in time
 * order, everything journaled.
 * <p>
 * <b>Determinism.</b> An input stamped {@code T} is pushed into the wheel and then every event due at or before
 * {@code T} is dispatched, before the next input is looked at. (When nothing else is due by {@code T}, the input is
 * taken straight back, {@link EventWheel#pushOrTake}, without a trip through the wheel's arena: same order, same
 * {@code seq}; it is then journaled together with its dispatch, {@link ShardJournal#inputDispatched}, after its
 * handler has run.) The dispatch stream therefore depends only on the
 * sequence of stamped inputs and advances, never on how a ring delivered them in batches, which is what lets a
 * journal of inputs and advances re-create a run bit for bit.
 * <p>
 * <b>Failures.</b> A handler that throws an exception (checked or not) does not stop the shard: the dispatch is
 * counted, reported to the error handler and journaled as failed, and the next event follows. An {@link Error}, or a
 * journal that cannot write, propagates to the caller; an Error that cuts an input's or advance's dispatches short
 * first has the journal take back what it recorded of that input or advance ({@link ShardJournal#discardUnit()}).
 * <p>
 * Not threadsafe. Zero allocation per event once the wheel has grown to its working size.
 */
public final class ShardCore implements AutoCloseable
{
    /**
     * Observes each dispatch after it is journaled: replay verification and tests.
     */
    @FunctionalInterface
    public interface DispatchObserver
    {
        /**
         * @param event  the event dispatched.
         * @param failed true if the handler threw.
         */
        void onDispatch(Event event, boolean failed);
    }

    private final int shardId;
    private final EventWheel wheel;
    private final ShardModel model;
    private final RunLoop context;
    private final ShardJournal journal;
    private final ErrorHandler errorHandler;
    private boolean journalFullReported;
    private final DispatchObserver observer;
    private final Event event = new Event();
    private long lastStamp = Long.MIN_VALUE;
    /** The latest time {@link #advance(long)} moved to, whether or not it dispatched anything. */
    private long horizon = Long.MIN_VALUE;
    private long inputs;
    private long dispatched;
    private long failed;
    private long advances;

    /**
     * @param shardId      the shard, for error reports.
     * @param wheel        the shard's wheel; owned and closed by this core.
     * @param model        the shard's model.
     * @param journal      where inputs, advances and dispatches are recorded.
     * @param errorHandler told of handler failures; must not throw.
     * @param observer     told of every dispatch, or null.
     */
    public ShardCore(
        final int shardId,
        final EventWheel wheel,
        final ShardModel model,
        final ShardJournal journal,
        final ErrorHandler errorHandler,
        final DispatchObserver observer)
    {
        this.shardId = shardId;
        this.wheel = wheel;
        this.model = model;
        this.journal = journal;
        this.errorHandler = errorHandler;
        this.observer = observer;
        this.context = new RunLoop(wheel, model, RunLoop.DEFAULT_EVENT_BUDGET);
    }

    /**
     * Accept one input already stamped, then dispatch everything due by its time.
     *
     * @param time   the stamped time; must not be before the previous stamp.
     * @param type   event type, non-negative.
     * @param target target key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @return events dispatched.
     */
    public int input(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        if (time < lastStamp)
        {
            throw new IllegalArgumentException("input time=" + time + " before previous stamp=" + lastStamp);
        }
        lastStamp = time;
        inputs++;
        if (wheel.pushOrTake(time, type, target, a0, a1, a2, a3, event))
        {
            // taken straight back: the input and its dispatch are journaled together, after the handler
            final boolean failed = handle();
            journal.inputDispatched(event, failed);
            observe(failed);
            dispatched++;
            return 1 + dispatchDueOfUnit(time);
        }
        journal.input(time, type, target, a0, a1, a2, a3);
        return dispatchDueOfUnit(time);
    }

    /**
     * Advance the clock to {@code time}, dispatching every event due by then. An advance that dispatches nothing
     * leaves no trace: it could not change what a replay computes.
     *
     * @param time the horizon.
     * @return events dispatched.
     */
    public int advance(final long time)
    {
        if (time > horizon)
        {
            horizon = time;
        }
        // peekTime's "none due" is Long.MAX_VALUE, also the time of an event due at the very end of time
        if (wheel.peekTime(time) == Long.MAX_VALUE && (Long.MAX_VALUE != time || 0 == wheel.size()))
        {
            return 0;
        }
        advances++;
        journal.advance(time);
        return dispatchDueOfUnit(time);
    }

    /**
     * Stamp for an input (or a watermark) whose feed time is {@code feedTime} in event-time mode: never before the
     * previous stamp, nor before the shard's clock (its start time before the first input), nor before the latest
     * {@link #advance(long)} (a watermark: the wheel's clock stays at the last event it dispatched). An input stamped
     * before the clock would be clamped into the wheel and wait there, undispatched, for a later input to move the
     * clock past it; one stamped before a journaled ADVANCE would put the journal's inputs and advances out of time
     * order, which a replay up to a time relies on.
     *
     * @param feedTime the time the feed gave the input.
     * @return the stamp.
     */
    public long stampEventTime(final long feedTime)
    {
        return Math.max(Math.max(lastStamp, feedTime), Math.max(wheel.now(), horizon));
    }

    /**
     * {@link #dispatchDue(long)} after an input or advance was journaled. Anything that escapes (an {@link Error} from
     * a handler; a handler's exception is caught) cuts the unit's dispatches short and ends the shard: the journal
     * takes back what it recorded of the unit, which a replay would otherwise re-execute, to the same Error. What the
     * journal throws taking it back is kept with what cut the unit short (a suppressed exception), which is passed on:
     * it is what went wrong.
     */
    private int dispatchDueOfUnit(final long limit)
    {
        try
        {
            return dispatchDue(limit);
        }
        catch (final Throwable ex)
        {
            try
            {
                journal.discardUnit();
            }
            catch (final Throwable discardFailure)
            {
                if (discardFailure != ex)
                {
                    ex.addSuppressed(discardFailure);
                }
            }
            throw ex;
        }
    }

    private int dispatchDue(final long limit)
    {
        final EventWheel wheel = this.wheel;
        final Event event = this.event;
        int count = 0;
        while (wheel.poll(limit, event))
        {
            dispatch();
            count++;
        }
        dispatched += count;
        return count;
    }

    /**
     * Dispatch {@link #event} to the model, journal it and tell the observer.
     */
    private void dispatch()
    {
        final boolean failed = handle();
        journal.dispatch(event, failed);
        observe(failed);
    }

    /**
     * Run the model's handler on {@link #event}.
     *
     * @return true if it threw (counted and reported).
     */
    private boolean handle()
    {
        try
        {
            model.onEvent(event, context);
            return false;
        }
        catch (final Exception ex)
        {
            // Exception, not only RuntimeException: a checked exception thrown without being declared (Kotlin,
            // sneaky throws) is a failed dispatch like any other. An Error is not: it fails the shard (ShardAgent).
            onHandlerFailureSlowPath(ex);
            return true;
        }
    }

    private void observe(final boolean failed)
    {
        if (null != observer)
        {
            observer.onDispatch(event, failed);
        }
    }

    private void onHandlerFailureSlowPath(final Exception ex)
    {
        failed++;
        errorHandler.onError(new HandlerFailedException(shardId, event, ex));
    }

    /**
     * @return the shard's model.
     */
    public ShardModel model()
    {
        return model;
    }

    /**
     * @return the shard's wheel.
     */
    public EventWheel wheel()
    {
        return wheel;
    }

    /**
     * @return the shard's journal.
     */
    public ShardJournal journal()
    {
        return journal;
    }

    /**
     * @return inputs taken from the shard's rings (or a journal's, in a replay).
     */
    public long inputs()
    {
        return inputs;
    }

    /**
     * @return events dispatched, failed ones included.
     */
    public long dispatched()
    {
        return dispatched;
    }

    /**
     * @return dispatches whose handler threw.
     */
    public long failed()
    {
        return failed;
    }

    /**
     * @return journaled clock advances.
     */
    public long advances()
    {
        return advances;
    }

    /**
     * @return the latest input stamp, or {@link Long#MIN_VALUE} before the first input.
     */
    public long lastStamp()
    {
        return lastStamp;
    }

    /**
     * If the journal is out of space ({@link ShardJournal#outOfSpace()}), report it, once: the engine's error handler
     * moves the engine to FAILED, so that publishers are refused from then on. Called after each flush.
     */
    void reportJournalOutOfSpace()
    {
        if (!journalFullReported)
        {
            final RuntimeException outOfSpace = journal.outOfSpace();
            if (null != outOfSpace)
            {
                journalFullReported = true;
                errorHandler.onError(new JournalFullException(shardId, outOfSpace));
            }
        }
    }

    /**
     * Flush and close the journal and release the wheel. A problem the journal's background thread worked around
     * during the run goes to the error handler, once.
     */
    @Override
    public void close()
    {
        try
        {
            journal.close();
            final Throwable backgroundError = journal.backgroundError();
            if (null != backgroundError)
            {
                errorHandler.onError(new JournalBackgroundWarning(shardId, backgroundError));
            }
        }
        finally
        {
            wheel.close();
        }
    }
}
