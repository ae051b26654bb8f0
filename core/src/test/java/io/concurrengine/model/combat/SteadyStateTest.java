package io.concurrengine.model.combat;

import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.Comparison;
import io.concurrengine.model.combat.spec.Operand;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SteadyStateTest
{
    @Test
    void shouldNotAllocateWhileRunningIterations()
    {
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final CombatSimulation sim = new CombatSimulation(TestSpecs.berserker());
        final SimRng rng = new SimRng(1);
        final long prefix = SimRng.seedPrefix(5, 0);
        for (int i = 0; i < 50; i++)
        {
            rng.reseed(prefix, i);
            sim.runIteration(rng, 300_000);
        }

        final long thread = Thread.currentThread().getId();
        final long before = threads.getThreadAllocatedBytes(thread);
        for (int i = 0; i < 100; i++)
        {
            rng.reseed(prefix, i);
            sim.runIteration(rng, 300_000);
        }
        final long allocated = threads.getThreadAllocatedBytes(thread) - before;

        assertTrue(allocated < 1024, "allocated bytes " + allocated);
    }

    @Test
    void shouldKeepOpcodesInStepWithTheOperandAndComparisonEnums()
    {
        assertEquals(0, Operand.RESOURCE.ordinal());
        assertEquals(1, Operand.AURA_STACKS.ordinal());
        assertEquals(2, Operand.AURA_REMAINING.ordinal());
        assertEquals(3, Operand.COOLDOWN_REMAINING.ordinal());
        assertEquals(4, Operand.TARGET_HEALTH_PCT.ordinal());
        assertEquals(0, Comparison.LT.ordinal());
        assertEquals(1, Comparison.LE.ordinal());
        assertEquals(2, Comparison.GT.ordinal());
        assertEquals(3, Comparison.GE.ordinal());
    }
}
