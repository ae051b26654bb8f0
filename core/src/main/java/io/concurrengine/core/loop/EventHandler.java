package io.concurrengine.core.loop;

import io.concurrengine.core.event.Event;

/**
 * Handles events taken from the wheel in time order. Implementations usually switch on {@link Event#type()}, or
 * are a {@link DispatchTable} of one handler per type.
 * <p>
 * Called on the run loop's thread only. The {@link Event} is reused for the next event once this returns.
 */
@FunctionalInterface
public interface EventHandler
{
    /**
     * Handle one event. The clock already reads {@code event.time()}.
     *
     * @param event   the event, valid until this returns.
     * @param context to read the clock and schedule or cancel events.
     */
    void onEvent(Event event, EventContext context);
}
