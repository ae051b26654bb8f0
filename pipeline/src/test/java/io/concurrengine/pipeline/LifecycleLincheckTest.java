package io.concurrengine.pipeline;

import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The engine's lifecycle under Lincheck's model checker: threads racing to start, stop and fail the engine (as
 * {@code start()}, {@code stop()} and a failing shard's error handler do) must see transitions that happen one at a
 * time, each allowed by {@link EngineState#canMoveTo(EngineState)}, and agree on who made each one.
 */
@Param(name = "state", gen = IntGen.class, conf = "0:5")
public class LifecycleLincheckTest
{
    private static final EngineState[] STATES = EngineState.values();

    private final Lifecycle lifecycle = new Lifecycle();

    /**
     * @param from index of the expected state.
     * @param to   index of the next state.
     * @return whether this call made the transition.
     */
    @Operation
    public boolean tryTransition(@Param(name = "state") final int from, @Param(name = "state") final int to)
    {
        return lifecycle.tryTransition(STATES[from], STATES[to]);
    }

    /**
     * @param to index of the next state.
     * @return whether this call made the transition.
     */
    @Operation
    public boolean tryMoveTo(@Param(name = "state") final int to)
    {
        return lifecycle.tryMoveTo(STATES[to]);
    }

    /**
     * @param from index of the expected state.
     * @param to   index of the next state.
     * @return "moved", or the refusal's message.
     */
    @Operation
    public String transition(@Param(name = "state") final int from, @Param(name = "state") final int to)
    {
        try
        {
            lifecycle.transition(STATES[from], STATES[to]);
            return "moved";
        }
        catch (final IllegalStateException ex)
        {
            return ex.getMessage();
        }
    }

    /**
     * @return the current state.
     */
    @Operation
    public EngineState state()
    {
        return lifecycle.state();
    }

    @Test
    void shouldMakeEveryTransitionOnceAndOnlyWhereTheLifecycleAllowsIt()
    {
        new ModelCheckingOptions()
            .iterations(50)
            .invocationsPerIteration(500)
            .threads(3)
            .actorsPerThread(2)
            .check(LifecycleLincheckTest.class);
    }
}
