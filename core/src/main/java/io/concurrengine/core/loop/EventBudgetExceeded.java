package io.concurrengine.core.loop;

import java.util.Arrays;

/**
 * A run dispatched its whole event budget without reaching its end time: usually a model scheduling itself into a
 * loop that does not advance the clock.
 */
public final class EventBudgetExceeded extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    private final long eventCount;
    private final long clock;
    private final int[] lastTypes;

    /**
     * @param eventCount events dispatched by the run.
     * @param clock      the clock when the budget ran out.
     * @param lastTypes  types of the last events dispatched, oldest first.
     */
    public EventBudgetExceeded(final long eventCount, final long clock, final int[] lastTypes)
    {
        super("event budget exceeded: events=" + eventCount + " clock=" + clock +
            " lastTypes=" + Arrays.toString(lastTypes));
        this.eventCount = eventCount;
        this.clock = clock;
        this.lastTypes = lastTypes.clone();
    }

    /**
     * @return events dispatched by the run before it was stopped.
     */
    public long eventCount()
    {
        return eventCount;
    }

    /**
     * @return the clock when the budget ran out.
     */
    public long clock()
    {
        return clock;
    }

    /**
     * @return types of the last events dispatched, oldest first.
     */
    public int[] lastTypes()
    {
        return lastTypes.clone();
    }
}
