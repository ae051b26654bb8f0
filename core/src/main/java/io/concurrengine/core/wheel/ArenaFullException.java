package io.concurrengine.core.wheel;

import io.concurrengine.core.event.EventDescriptor;

/**
 * Thrown when an event cannot be scheduled because the wheel's arena already holds
 * {@link EventDescriptor#MAX_RECORDS} records (pending events and cancelled ones not yet reclaimed) and cannot grow
 * further. Nothing was scheduled and the wheel is unchanged, so a handler may catch it and carry on without the
 * event.
 */
public final class ArenaFullException extends IllegalStateException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param capacity records the arena holds.
     */
    public ArenaFullException(final int capacity)
    {
        super("event arena full: capacity=" + capacity);
    }
}
