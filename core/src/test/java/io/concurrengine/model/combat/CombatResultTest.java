package io.concurrengine.model.combat;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombatResultTest
{
    @Test
    void shouldNameAndKindEverySourceInIdOrder()
    {
        final CombatSpec spec = spec(CharacterSpec.builder("c").weapon(2000, 1, 1).build(), List.of(),
            List.of(SpellSpec.builder("bolt").build(), SpellSpec.builder("nova").appliesAura("burn").build()),
            List.of(AuraSpec.builder("burn", 1000).build(), AuraSpec.builder("chill", 1000).build()),
            List.of(ProcSpec.builder("spark", ProcTrigger.HIT).chance(0.5).damage(1, 1).appliesAura("chill").build(),
                ProcSpec.builder("zap", ProcTrigger.CAST).chance(0.5).damage(1, 1).build()),
            "bolt");
        try (CombatSimulation sim = new CombatSimulation(spec))
        {
            final CombatResult result = sim.runIteration(new SimRng(1), 2500);

            assertSame(result, sim.result());
            assertEquals(2500, result.encounterMs());
            assertEquals(2, result.spellCount());
            assertEquals(2, result.procCount());
            assertEquals(7, result.sourceCount());
            final List<String> sources = new ArrayList<>();
            for (int source = 0; source < result.sourceCount(); source++)
            {
                sources.add(result.sourceKind(source) + ":" + result.sourceName(source));
            }
            assertEquals(List.of("spell:bolt", "spell:nova", "tick:burn", "tick:chill", "proc:spark", "proc:zap",
                "auto_attack:auto_attack"), sources);
        }
    }

    /**
     * A simulation is reused for every iteration of a worker: an iteration after another must give what the same
     * seed gives on a new simulation, every figure of it.
     */
    @Test
    void shouldGiveTheSameResultsOnAReusedSimulationAsOnANewOne()
    {
        for (final CombatSpec spec : List.of(TestSpecs.fireMage(), TestSpecs.berserker()))
        {
            try (CombatSimulation reused = new CombatSimulation(spec);
                CombatSimulation fresh = new CombatSimulation(spec))
            {
                reused.runIteration(new SimRng(99), 300_000);
                final List<String> expected = figures(fresh.runIteration(new SimRng(7), 300_000));

                assertEquals(expected, figures(reused.runIteration(new SimRng(7), 300_000)));
            }
        }
    }

    @Test
    void shouldFreeTheWheelsOffHeapMemoryOnClose()
    {
        final CombatSimulation sim = new CombatSimulation(TestSpecs.berserker());
        sim.runIteration(new SimRng(1), 10_000);
        final long open = directMemoryUsed();
        sim.close();
        final long freed = open - directMemoryUsed();

        assertTrue(freed >= (long)EventWheel.DEFAULT_INITIAL_CAPACITY << EventDescriptor.RECORD_SHIFT,
            () -> "freed " + freed + " bytes");
    }

    /**
     * The DPS of a fight whose total damage is finite is finite when the fight lasts a second or more. It was taken as
     * {@code total * 1000 / encounterMs}, whose product overflowed for a total above {@code Double.MAX_VALUE / 1000}:
     * 200 casts of 1e305 in 300 s, 2e307 in all, gave a DPS of Infinity instead of 6.7e304, and {@code sim} failed
     * the fight as dealing "more damage than a double holds".
     */
    @Test
    void shouldGiveAFiniteDpsForAFiniteTotalAboveAThousandthOfTheLargestDouble()
    {
        final CombatSpec spec = spec(CharacterSpec.builder("c").build(), List.of(),
            List.of(SpellSpec.builder("nuke").damage(1e305, 1e305).canCrit(false).build()), List.of(), List.of(),
            "nuke");
        try (CombatSimulation sim = new CombatSimulation(spec))
        {
            final CombatResult result = sim.runIteration(new SimRng(1), 300_000);

            assertEquals(200 * 1e305, result.totalDamage(), 1e295);
            assertEquals(result.totalDamage() / 300, result.dps(), 1e292);
        }
        try (CombatSimulation sim = new CombatSimulation(TestSpecs.fireMage()))
        {
            final CombatResult result = sim.runIteration(new SimRng(3), 300_000);

            assertEquals(result.totalDamage() * 1000.0 / 300_000, result.dps(), "a spec's DPS as it was, bit for bit");
        }
    }

    private static List<String> figures(final CombatResult result)
    {
        final List<String> figures = new ArrayList<>();
        figures.add("events " + result.events());
        figures.add("total " + result.totalDamage());
        for (int spell = 0; spell < result.spellCount(); spell++)
        {
            figures.add(result.sourceName(spell) + " casts " + result.casts(spell));
        }
        for (int source = 0; source < result.sourceCount(); source++)
        {
            figures.add(result.sourceName(source) + " damage " + result.damage(source));
        }
        for (int proc = 0; proc < result.procCount(); proc++)
        {
            figures.add("proc " + proc + " " + result.procs(proc));
        }
        return figures;
    }

    private static long directMemoryUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }
}
