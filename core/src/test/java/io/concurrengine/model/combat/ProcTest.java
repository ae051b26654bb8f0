package io.concurrengine.model.combat;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.RefreshRule;
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

    @Test
    void shouldTriggerCritProcsOnEveryCrit()
    {
        final CharacterSpec alwaysCrits = CharacterSpec.builder("sharp").critPct(100).build();
        final ProcSpec proc = ProcSpec.builder("on_crit", ProcTrigger.CRIT).chance(1.0).damage(1, 1).build();
        final CombatResult result = run(spec(alwaysCrits, List.of(), List.of(HIT), List.of(), List.of(proc), "hit"),
            15_000);

        assertEquals(10, result.procs(0));
    }

    @Test
    void shouldTriggerProcsOnTheCastOfTheirNamedSpellAndTheTicksOfTheirNamedAura()
    {
        final SpellSpec apply = SpellSpec.builder("apply").cooldownMs(60_000).appliesAura("dot").build();
        final AuraSpec dot = AuraSpec.builder("dot", 5000).ticks(1000, 1, 1).build();
        final ProcSpec onCast = ProcSpec.builder("on_cast", ProcTrigger.CAST).source("apply").chance(1.0)
            .damage(1, 1).build();
        final ProcSpec onTick = ProcSpec.builder("on_tick", ProcTrigger.TICK).source("dot").chance(1.0)
            .damage(1, 1).build();
        final CombatResult result =
            run(spec(plain(), List.of(), List.of(apply), List.of(dot), List.of(onCast, onTick), "apply"), 6000);

        assertEquals(1, result.procs(0));
        assertEquals(5, result.procs(1), "ticks at 1000 to 4000, and at 5000 by the expiry");
    }

    @Test
    void shouldTriggerHitProcsOnlyForASpellThatDealsDamage()
    {
        final SpellSpec tap = SpellSpec.builder("tap").build();
        final SpellSpec graze = SpellSpec.builder("graze").damage(0, 50).build();
        final ProcSpec proc = ProcSpec.builder("on_hit", ProcTrigger.HIT).chance(1.0).damage(1, 1).build();

        assertEquals(0, run(spec(plain(), List.of(), List.of(tap, graze), List.of(), List.of(proc), "tap"), 4000)
            .procs(0));
        assertEquals(3, run(spec(plain(), List.of(), List.of(tap, graze), List.of(), List.of(proc), "graze"), 4000)
            .procs(0));
    }

    @Test
    void shouldDealEachProcsDamageToItsOwnSource()
    {
        final SpellSpec tap = SpellSpec.builder("tap").gcdMs(1000).build();
        final ProcSpec spark = ProcSpec.builder("spark", ProcTrigger.CAST).chance(1.0).appliesAura("buff").build();
        final ProcSpec zap = ProcSpec.builder("zap", ProcTrigger.CAST).chance(1.0).damage(30, 30).build();
        final CombatResult result =
            run(spec(plain(), List.of(), List.of(tap), List.of(BUFF), List.of(spark, zap), "tap"), 3000);

        assertEquals(List.of(3L, 3L), List.of(result.procs(0), result.procs(1)));
        assertEquals("zap", result.sourceName(3));
        assertEquals(90.0, result.damage(3));
        assertEquals(0.0, result.damage(2), "spark applies an aura and deals no damage");
        assertEquals(90.0, result.totalDamage());
    }

    @Test
    void shouldApplyTheAuraOfAnAutoAttackProcAndWakeAPlayerWaitingForIt()
    {
        // strike needs fury, which only a swing's proc applies: the player waits without polling and is woken by
        // each application (at 0, 3000, 6000), striking while fury lasts (1500 ms)
        final CharacterSpec fighter = CharacterSpec.builder("fighter").weapon(3000, 1, 1).build();
        final SpellSpec strike = SpellSpec.builder("strike").gcdMs(1000).build();
        final AuraSpec fury = AuraSpec.builder("fury", 1500).build();
        final ProcSpec proc = ProcSpec.builder("fury", ProcTrigger.AUTO_ATTACK).chance(1.0).appliesAura("fury").build();
        final Trace trace = new Trace();
        final CombatSpec spec =
            spec(fighter, List.of(), List.of(strike), List.of(fury), List.of(proc), "strike if aura_active(fury)");
        new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null).runIteration(new SimRng(1), 6500);

        assertEquals(List.of(0L, 1000L, 3000L, 4000L, 6000L), trace.times(CombatEvents.CAST_COMPLETE));
        assertEquals(List.of(0L, 0L, 1000L, 2000L, 3000L, 4000L, 5000L, 6000L),
            trace.times(CombatEvents.PLAYER_READY));
    }

    /**
     * A tick proc that applies its own aura again on the tick due at the expiry, which the expiry deals (scheduled
     * before the tick, it is dispatched first): the aura stays, by its refresh rule, and ticks on at its cadence,
     * as when the tick is dispatched first. The expiry removed it after the tick, so the application was lost and
     * the player cast the dot again (three casts here).
     */
    @Test
    void shouldKeepAnAuraThatTheProcOfItsTickAtTheExpiryAppliesAgain()
    {
        final SpellSpec apply = SpellSpec.builder("apply").gcdMs(1000).appliesAura("dot").build();
        final AuraSpec dot = AuraSpec.builder("dot", 3000).ticks(1000, 1, 1).tickCanCrit(false)
            .refresh(RefreshRule.RESET).build();
        final ProcSpec renew = ProcSpec.builder("renew", ProcTrigger.TICK).source("dot").chance(1.0).icdMs(2500)
            .appliesAura("dot").build();
        final CombatResult result = run(spec(plain(), List.of(), List.of(apply), List.of(dot), List.of(renew),
            "apply if aura_missing(dot)"), 10_000);

        assertEquals(1, result.casts(0));
        assertEquals(3, result.procs(0), "at 1000, 4000 and 7000, each the tick at the expiry after the one before");
        assertEquals(9.0, result.damage(1), "ticks at 1000 to 9000, each once");
    }

    /**
     * An RPPM proc's chance grows with the time since its last attempt, counted from the start of the fight: at 120
     * procs a minute the first hit, 1000 ms in, has a chance of 2 and procs, on a new simulation or after another
     * iteration on the same one.
     */
    @Test
    void shouldCountAnRppmProcsTimeFromTheStartOfEachIteration()
    {
        final SpellSpec hit = SpellSpec.builder("hit").castTimeMs(1000).gcdMs(1000).damage(100, 100).build();
        final ProcSpec proc = ProcSpec.builder("rppm", ProcTrigger.HIT).rppm(120, false).damage(1, 1).build();
        final CombatSimulation sim =
            new CombatSimulation(spec(plain(), List.of(), List.of(hit), List.of(), List.of(proc), "hit"));

        assertEquals(1, sim.runIteration(new SimRng(1), 1500).procs(0));
        sim.runIteration(new SimRng(2), 60_000);
        assertEquals(1, sim.runIteration(new SimRng(1), 1500).procs(0));
    }

    private static CombatResult run(final CombatSpec spec, final long encounterMs)
    {
        return new CombatSimulation(spec).runIteration(new SimRng(1), encounterMs);
    }
}
