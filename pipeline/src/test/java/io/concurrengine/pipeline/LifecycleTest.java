package io.concurrengine.pipeline;

import org.junit.jupiter.api.Test;

import static io.concurrengine.pipeline.EngineState.DRAINING;
import static io.concurrengine.pipeline.EngineState.FAILED;
import static io.concurrengine.pipeline.EngineState.NEW;
import static io.concurrengine.pipeline.EngineState.RUNNING;
import static io.concurrengine.pipeline.EngineState.STARTING;
import static io.concurrengine.pipeline.EngineState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LifecycleTest
{
    @Test
    void shouldFollowTheHappyPath()
    {
        final Lifecycle lifecycle = new Lifecycle();
        lifecycle.transition(NEW, STARTING);
        lifecycle.transition(STARTING, RUNNING);
        lifecycle.transition(RUNNING, DRAINING);
        lifecycle.transition(DRAINING, STOPPED);
        assertEquals(STOPPED, lifecycle.state());
    }

    @Test
    void shouldRefuseAnIllegalTransitionNamingBothStates()
    {
        final Lifecycle lifecycle = new Lifecycle();
        final IllegalStateException error =
            assertThrows(IllegalStateException.class, () -> lifecycle.transition(NEW, RUNNING));
        assertEquals("illegal transition from=NEW to=RUNNING", error.getMessage());
        assertEquals(NEW, lifecycle.state());
    }

    @Test
    void shouldRefuseATransitionFromAStateItIsNotIn()
    {
        final Lifecycle lifecycle = new Lifecycle();
        assertThrows(IllegalStateException.class, () -> lifecycle.transition(RUNNING, DRAINING));
    }

    @Test
    void shouldAllowFailureFromEveryStateButStopped()
    {
        for (final EngineState state : EngineState.values())
        {
            assertEquals(state != STOPPED && state != FAILED, state.canMoveTo(FAILED), state.name());
        }
        assertTrue(FAILED.canMoveTo(STOPPED));
        for (final EngineState state : EngineState.values())
        {
            assertFalse(STOPPED.canMoveTo(state), "STOPPED is terminal");
        }
    }

    @Test
    void shouldLetOnlyOneRacerMoveToATarget()
    {
        final Lifecycle lifecycle = new Lifecycle();
        lifecycle.transition(NEW, STARTING);
        lifecycle.transition(STARTING, RUNNING);
        assertTrue(lifecycle.tryMoveTo(DRAINING));
        assertFalse(lifecycle.tryMoveTo(DRAINING));
        assertFalse(lifecycle.tryMoveTo(RUNNING));
    }
}
