package io.concurrengine.pipeline;

import org.junit.jupiter.api.Test;

import java.util.EnumSet;
import java.util.Set;

import static io.concurrengine.pipeline.EngineState.DRAINING;
import static io.concurrengine.pipeline.EngineState.FAILED;
import static io.concurrengine.pipeline.EngineState.NEW;
import static io.concurrengine.pipeline.EngineState.RUNNING;
import static io.concurrengine.pipeline.EngineState.STARTING;
import static io.concurrengine.pipeline.EngineState.STOPPED;
import static org.junit.jupiter.api.Assertions.assertEquals;

class EngineStateTest
{
    /**
     * The lifecycle's every move: NEW → STARTING → RUNNING → DRAINING → STOPPED, FAILED from every state but STOPPED,
     * STOPPED from NEW (an engine never started) and from FAILED, and nothing out of STOPPED.
     */
    @Test
    void shouldAllowExactlyTheLifecyclesMoves()
    {
        assertMoves(NEW, EnumSet.of(STARTING, FAILED, STOPPED));
        assertMoves(STARTING, EnumSet.of(RUNNING, FAILED));
        assertMoves(RUNNING, EnumSet.of(DRAINING, FAILED));
        assertMoves(DRAINING, EnumSet.of(STOPPED, FAILED));
        assertMoves(FAILED, EnumSet.of(STOPPED));
        assertMoves(STOPPED, EnumSet.noneOf(EngineState.class));
    }

    private static void assertMoves(final EngineState from, final Set<EngineState> allowed)
    {
        final Set<EngineState> moves = EnumSet.noneOf(EngineState.class);
        for (final EngineState next : EngineState.values())
        {
            if (from.canMoveTo(next))
            {
                moves.add(next);
            }
        }
        assertEquals(allowed, moves, "from " + from);
    }
}
