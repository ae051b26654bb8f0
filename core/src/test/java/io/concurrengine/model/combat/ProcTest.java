package io.concurrengine.model.combat;

import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.combat.TestSpecs.plain;
import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProcTest
{
    private static final SpellSpec HIT = SpellSpec.builder("hit").damage(100, 100).build();
    private static final AuraSpec BUFF = AuraSpec.builder("buff", 5000).build();

    @Test
    void shouldFireCertainProcOnEveryCast()
    {
        final ProcSpec proc = ProcSpec.builder("always", ProcTrigger.CAST).chance(1.0).appliesAura("buff").build();
        final CombatResult result = run(spec(plain(), List.of(), List.of(HIT), List.of(BUFF), List.of(proc), "hit"),
            15_000);

        assertEquals(10, result.casts(0));
        assertEquals(10, result.procs(0));
    }

    @Test
    void shouldRespectInternalCooldown()
    {
        final ProcSpec proc = ProcSpec.builder("icd", ProcTrigger.HIT).chance(1.0).icdMs(4000).damage(1, 1).build();
        final CombatResult result = run(spec(plain(), List.of(), List.of(HIT), List.of(), List.of(proc), "hit"),
            15_000);

        assertEquals(4, result.procs(0));
    }

    @Test
    void shouldOnlyTriggerCritProcsOnCrits()
    {
        final CharacterSpec neverCrits = CharacterSpec.builder("dull").critPct(0).build();
        final ProcSpec proc = ProcSpec.builder("on_crit", ProcTrigger.CRIT).chance(1.0).damage(1, 1).build();
        final CombatResult result = run(spec(neverCrits, List.of(), List.of(HIT), List.of(), List.of(proc), "hit"),
            15_000);

        assertEquals(0, result.procs(0));
    }

    @Test
    void shouldOnlyTriggerOnTheNamedSource()
    {
        final SpellSpec other = SpellSpec.builder("other").damage(1, 1).build();
        final ProcSpec proc = ProcSpec.builder("named", ProcTrigger.CAST).source("other").chance(1.0).damage(1, 1)
            .build();
        final CombatResult result =
            run(spec(plain(), List.of(), List.of(HIT, other), List.of(), List.of(proc), "hit"), 15_000);

        assertEquals(0, result.procs(0));
    }

    @Test
    void shouldFireRppmProcsNearTheConfiguredRate()
    {
        final ProcSpec proc = ProcSpec.builder("rppm", ProcTrigger.HIT).rppm(2.0, false).damage(1, 1).build();
        final CombatSpec spec = spec(plain(), List.of(), List.of(HIT), List.of(), List.of(proc), "hit");
        final CombatSimulation sim = new CombatSimulation(spec);
        long procs = 0;
        final int iterations = 200;
        for (int i = 0; i < iterations; i++)
        {
            procs += sim.runIteration(SimRng.seeded(11, 0, i), 600_000).procs(0);
        }

        final double perMinute = procs / (iterations * 10.0);
        assertTrue(perMinute > 1.9 && perMinute < 2.6, "procs per minute " + perMinute);
    }

    private static CombatResult run(final CombatSpec spec, final long encounterMs)
    {
        return new CombatSimulation(spec).runIteration(new SimRng(1), encounterMs);
    }
}
