package io.concurrengine.core.loop;

import io.concurrengine.core.event.Event;

import java.util.Objects;

/**
 * An {@link EventHandler} that dispatches each event to the handler registered for its type, through an array
 * indexed by type. Types without a handler, and types outside the table (negative ones too), go to the fallback.
 * <p>
 * Build it once before the run; dispatch allocates nothing. Not threadsafe while being built.
 */
public final class DispatchTable implements EventHandler
{
    /**
     * Largest {@code maxType}: the table is an array of {@code maxType + 1} handlers, and the JVM makes no array
     * longer than about {@code Integer.MAX_VALUE - 8}.
     */
    public static final int MAX_TYPE = Integer.MAX_VALUE - 9;

    private final EventHandler[] handlers;
    private final EventHandler fallback;

    /**
     * @param maxType  largest type to be registered, in [0, {@link #MAX_TYPE}].
     * @param fallback handles events of unregistered types.
     * @throws IllegalArgumentException if {@code maxType} is out of range.
     * @throws NullPointerException if {@code fallback} is null.
     */
    public DispatchTable(final int maxType, final EventHandler fallback)
    {
        if (maxType < 0)
        {
            throw new IllegalArgumentException("maxType=" + maxType + " must be non-negative");
        }
        if (maxType > MAX_TYPE)
        {
            // maxType + 1 would overflow, or ask for an array longer than the JVM makes
            throw new IllegalArgumentException("maxType=" + maxType + " must be at most " + MAX_TYPE);
        }
        this.fallback = Objects.requireNonNull(fallback, "fallback");
        this.handlers = new EventHandler[maxType + 1];
    }

    /**
     * Register the handler of one type, replacing any earlier one.
     *
     * @param type    non-negative, at most the {@code maxType} given at construction.
     * @param handler for events of that type.
     * @return this for a fluent API.
     * @throws IllegalArgumentException if {@code type} is out of range.
     * @throws NullPointerException if {@code handler} is null.
     */
    public DispatchTable on(final int type, final EventHandler handler)
    {
        if (type < 0 || type >= handlers.length)
        {
            throw new IllegalArgumentException("type=" + type + " must be in [0, " + (handlers.length - 1) + "]");
        }
        if (null == handler)
        {
            // taken before for "no handler": the type's events went to the fallback, the mistake unnoticed
            throw new NullPointerException("handler of type=" + type + " is null");
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
