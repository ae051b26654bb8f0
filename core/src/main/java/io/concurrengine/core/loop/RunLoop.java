package io.concurrengine.core.loop;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;

import java.util.Objects;

/**
 * The executor: take the earliest event, advance the clock to it, hand it to the handler, repeat.
 * <p>
 * Events a handler schedules go into the wheel at once, numbered in the order scheduled, so they are in place before
 * the next event is taken: the seed's "drain what the handler scheduled" with nothing to drain.
 * <p>
 * Terminals of {@link #run(long)}: an event due at or after the end time stops the run and stays pending, not
 * dispatched; an empty queue stops it; dispatching more than the event budget fails it with
 * {@link EventBudgetExceeded}, leaving the event that would have exceeded it pending and the clock at the last event
 * dispatched.
 * <p>
 * Zero allocation per event. Not threadsafe: one loop, its wheel and its handler belong to one thread. Not
 * re-entrant: a handler that calls {@link #run(long)} or {@link #dispatchNext(long)} of the loop dispatching it is
 * refused ({@link IllegalStateException}), since the nested dispatch would overwrite the {@link Event} the handler is
 * still reading; a handler schedules what should follow it instead.
 */
public final class RunLoop implements EventContext
{
    /** Default event budget of one simulation run, as in the seed. */
    public static final long DEFAULT_EVENT_BUDGET = 500_000;

    private static final int LAST_TYPES = 8;

    /** How a run ended. */
    public enum Outcome
    {
        /** The next event was due at or after the end time. */
        END_TIME,
        /** No event was left. */
        DRAINED
    }

    private final EventWheel wheel;
    private final EventHandler handler;
    private final long eventBudget;
    private final Event event = new Event();
    private final int[] lastTypes = new int[LAST_TYPES];
    private long dispatched;
    private long totalDispatched;
    private boolean dispatching;

    /**
     * @param wheel       the queue of pending events.
     * @param handler     receives every event.
     * @param eventBudget most events one {@link #run(long)} may dispatch.
     * @throws NullPointerException     if {@code wheel} or {@code handler} is null.
     * @throws IllegalArgumentException if {@code eventBudget} is not positive.
     */
    public RunLoop(final EventWheel wheel, final EventHandler handler, final long eventBudget)
    {
        // refused here, not by a NullPointerException at the first run
        Objects.requireNonNull(wheel, "wheel");
        Objects.requireNonNull(handler, "handler");
        if (eventBudget < 1)
        {
            throw new IllegalArgumentException("eventBudget=" + eventBudget + " must be positive");
        }
        this.wheel = wheel;
        this.handler = handler;
        this.eventBudget = eventBudget;
    }

    /**
     * Dispatch events in time order until one is due at or after {@code endTime} or none is left.
     *
     * @param endTime exclusive end of the run.
     * @return how the run ended.
     * @throws EventBudgetExceeded if more than the event budget would be dispatched.
     * @throws IllegalStateException if called by a handler of this loop, during its dispatch.
     */
    public Outcome run(final long endTime)
    {
        if (dispatching)
        {
            throw reentered("run");
        }
        final EventWheel wheel = this.wheel;
        final EventHandler handler = this.handler;
        final Event event = this.event;
        if (Long.MIN_VALUE == endTime)
        {
            // every event is due after Long.MIN_VALUE, so none before it; endTime - 1 would wrap to the end of time
            dispatched = 0;
            return wheel.isEmpty() ? Outcome.DRAINED : Outcome.END_TIME;
        }
        final long limit = endTime - 1;
        final long budget = eventBudget;
        long count = 0;
        dispatching = true;
        try
        {
            while (true)
            {
                if (count == budget)
                {
                    // peek, not poll: the event that would exceed the budget stays pending, the clock stays put
                    if (Long.MAX_VALUE != wheel.peekTime(limit))
                    {
                        throw budgetExceeded(count);
                    }
                    break;
                }
                if (!wheel.poll(limit, event))
                {
                    break;
                }
                lastTypes[(int)(count & (LAST_TYPES - 1))] = event.type();
                count++;
                handler.onEvent(event, this);
            }
        }
        finally
        {
            dispatching = false;
            dispatched = count;
            totalDispatched += count;
        }
        return wheel.isEmpty() ? Outcome.DRAINED : Outcome.END_TIME;
    }

    /**
     * Dispatch at most one event due at or before {@code limit}: for engines that interleave inputs with dispatch.
     * The event budget does not apply.
     *
     * @param limit latest due time, inclusive.
     * @return the event dispatched, valid until the next call, or null if none was due.
     * @throws IllegalStateException if called by a handler of this loop, during its dispatch.
     */
    public Event dispatchNext(final long limit)
    {
        if (dispatching)
        {
            throw reentered("dispatchNext");
        }
        final Event event = this.event;
        if (!wheel.poll(limit, event))
        {
            return null;
        }
        totalDispatched++;
        dispatching = true;
        try
        {
            handler.onEvent(event, this);
        }
        finally
        {
            dispatching = false;
        }
        return event;
    }

    /**
     * @return events dispatched by the last {@link #run(long)}.
     */
    public long dispatchedCount()
    {
        return dispatched;
    }

    /**
     * @return events dispatched since creation.
     */
    public long totalDispatched()
    {
        return totalDispatched;
    }

    /**
     * @return the wheel this loop takes events from.
     */
    public EventWheel wheel()
    {
        return wheel;
    }

    @Override
    public long now()
    {
        return wheel.now();
    }

    @Override
    public long scheduleAt(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        return wheel.push(time, type, target, a0, a1, a2, a3);
    }

    @Override
    public boolean cancel(final long handle)
    {
        return wheel.cancel(handle);
    }

    private IllegalStateException reentered(final String method)
    {
        return new IllegalStateException("RunLoop." + method + " called by a handler of the same loop while it " +
            "dispatches an event (type=" + event.type() + " at time=" + event.time() + "): a loop is not re-entrant, " +
            "the nested dispatch would overwrite that event; schedule the work instead");
    }

    private EventBudgetExceeded budgetExceeded(final long count)
    {
        final int n = (int)Math.min(count, LAST_TYPES);
        final int[] types = new int[n];
        for (int i = 0; i < n; i++)
        {
            types[i] = lastTypes[(int)((count - n + i) & (LAST_TYPES - 1))];
        }
        return new EventBudgetExceeded(count, wheel.now(), types);
    }
}
