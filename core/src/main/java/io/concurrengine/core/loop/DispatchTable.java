package io.concurrengine.core.loop;

import io.concurrengine.core.event.Event;

/**
 * An {@link EventHandler} that dispatches each event to the handler registered for its type, through an array
 * indexed by type. Types without a handler, and types outside the table (negative ones too), go to the fallback.
 * <p>
 * Build it once before the run; dispatch allocates nothing. Not threadsafe while being built.
 */
public final class DispatchTable implements EventHandler
{
    private final EventHandler[] handlers;
    private final EventHandler fallback;

    /**
     * @param maxType  largest type to be registered.
     * @param fallback handles events of unregistered types.
     */
    public DispatchTable(final int maxType, final EventHandler fallback)
    {
        if (maxType < 0)
        {
            throw new IllegalArgumentException("maxType=" + maxType + " must be non-negative");
        }
        this.handlers = new EventHandler[maxType + 1];
        this.fallback = fallback;
    }

    /**
     * Register the handler of one type, replacing any earlier one.
     *
     * @param type    non-negative, at most the {@code maxType} given at construction.
     * @param handler for events of that type.
     * @return this for a fluent API.
     */
    public DispatchTable on(final int type, final EventHandler handler)
    {
        if (type < 0 || type >= handlers.length)
        {
            throw new IllegalArgumentException("type=" + type + " must be in [0, " + (handlers.length - 1) + "]");
        }
        handlers[type] = handler;
        return this;
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        final int type = event.type();
        final EventHandler[] handlers = this.handlers;
        // unsigned: a negative type is past the table too, not an index error
        final EventHandler handler = Integer.compareUnsigned(type, handlers.length) < 0 ? handlers[type] : null;
        if (null != handler)
        {
            handler.onEvent(event, context);
        }
        else
        {
            fallback.onEvent(event, context);
        }
    }
}
