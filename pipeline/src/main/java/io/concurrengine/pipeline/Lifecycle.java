package io.concurrengine.pipeline;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The engine's state machine: transitions are checked against {@link EngineState#canMoveTo(EngineState)} and made
 * atomically, so two threads racing to stop or fail the engine agree on one outcome.
 * <p>
 * Threadsafe.
 */
public final class Lifecycle
{
    private final AtomicReference<EngineState> state = new AtomicReference<>(EngineState.NEW);

    /**
     * @return the current state (a volatile read).
     */
    public EngineState state()
    {
        return state.get();
    }

    /**
     * Move from {@code from} to {@code to}.
     *
     * @param from expected current state.
     * @param to   next state.
     * @throws IllegalStateException if the transition is not allowed, or the state is not {@code from}.
     */
    public void transition(final EngineState from, final EngineState to)
    {
        if (!from.canMoveTo(to))
        {
            throw new IllegalStateException("illegal transition from=" + from + " to=" + to);
        }
        // the state that refused it, read by the same atomic step: a second read could name a later state
        final EngineState witness = state.compareAndExchange(from, to);
        if (witness != from)
        {
            throw new IllegalStateException("transition from=" + from + " to=" + to + " refused: state=" + witness);
        }
    }

    /**
     * Move from {@code from} to {@code to} if that is the current state and the lifecycle allows it.
     *
     * @param from expected current state.
     * @param to   next state.
     * @return true if the state is now {@code to} because of this call.
     */
    public boolean tryTransition(final EngineState from, final EngineState to)
    {
        return from.canMoveTo(to) && state.compareAndSet(from, to);
    }

    /**
     * Move to {@code to} from whatever the current state is, if the lifecycle allows it.
     *
     * @param to next state.
     * @return true if the state is now {@code to} because of this call.
     */
    public boolean tryMoveTo(final EngineState to)
    {
        while (true)
        {
            final EngineState current = state.get();
            if (!current.canMoveTo(to))
            {
                return false;
            }
            if (state.compareAndSet(current, to))
            {
                return true;
            }
        }
    }
}
