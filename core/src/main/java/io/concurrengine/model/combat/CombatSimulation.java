package io.concurrengine.model.combat;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventBudgetExceeded;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.EventHandler;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.combat.spec.CombatSpec;

/**
 * One simulated character fighting a target for a fixed time: the seed's combat model on the engine's wheel and run
 * loop, in milliseconds.
 * <p>
 * Build one per worker thread from an immutable {@link CombatSpec}; then each {@link #runIteration(SimRng, long)}
 * resets the wheel to time 0 and the state arrays in place and runs the fight. Steady state allocates nothing, per
 * event or per iteration. The fight ends at the first event due at or after the encounter end (not dispatched);
 * an iteration dispatching more than the event budget (default {@value RunLoop#DEFAULT_EVENT_BUDGET}) fails with
 * {@link EventBudgetExceeded}.
 * <p>
 * Not threadsafe: one instance belongs to one thread. {@link #close()} frees the wheel's off-heap memory.
 */
public final class CombatSimulation implements AutoCloseable
{
    private final CombatState state;
    private final CombatHandler handler;
    private final EventWheel wheel;
    private final RunLoop loop;
    private final CombatResult result;

    /**
     * @param spec the character; compiled once here.
     */
    public CombatSimulation(final CombatSpec spec)
    {
        this(spec, RunLoop.DEFAULT_EVENT_BUDGET);
    }

    /**
     * @param spec        the character; compiled once here.
     * @param eventBudget most events one iteration may dispatch.
     */
    public CombatSimulation(final CombatSpec spec, final long eventBudget)
    {
        this(spec, eventBudget, null, null);
    }

    /**
     * For tests: observe every event after it is handled, or replace the priority list.
     *
     * @param tracer called after each event is handled, or null.
     * @param policy decides on PlayerReady and OffGcdReady instead of the spec's rotation, or null.
     */
    CombatSimulation(
        final CombatSpec spec, final long eventBudget, final EventHandler tracer, final ActionPolicy policy)
    {
        state = new CombatState(new CompiledSpec(spec));
        handler = new CombatHandler(state, null == policy ? new PriorityRotation(state) : policy);
        wheel = new EventWheel();
        loop = new RunLoop(wheel, null == tracer ? handler : new Traced(handler, tracer), eventBudget);
        result = new CombatResult(state);
    }

    /**
     * Run one fight from time 0 to {@code encounterMs}.
     *
     * @param rng         drives every roll; reseed it per iteration for reproducible runs.
     * @param encounterMs length of the fight, positive.
     * @return this simulation's result view, valid until the next call.
     * @throws EventBudgetExceeded if the fight dispatches more events than the budget.
     */
    public CombatResult runIteration(final SimRng rng, final long encounterMs)
    {
        if (encounterMs < 1)
        {
            throw new IllegalArgumentException("encounterMs=" + encounterMs + " must be positive");
        }
        wheel.reset(0);
        state.reset(encounterMs);
        handler.start(rng, loop);
        try
        {
            loop.run(encounterMs);
        }
        finally
        {
            result.events(loop.dispatchedCount());
        }
        return result;
    }

    /**
     * @return the result of the last iteration.
     */
    public CombatResult result()
    {
        return result;
    }

    /**
     * @return far wheel slots whose events were moved nearer during the last iteration.
     */
    public long wheelCascades()
    {
        return wheel.cascadeCount();
    }

    CombatState state()
    {
        return state;
    }

    @Override
    public void close()
    {
        wheel.close();
    }

    private static final class Traced implements EventHandler
    {
        private final EventHandler handler;
        private final EventHandler tracer;

        Traced(final EventHandler handler, final EventHandler tracer)
        {
            this.handler = handler;
            this.tracer = tracer;
        }

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
            handler.onEvent(event, context);
            tracer.onEvent(event, context);
        }
    }
}
