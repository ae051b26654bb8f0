package io.concurrengine.model.combat;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.combat.CombatEvents.AUTO_ATTACK;
import static io.concurrengine.model.combat.CombatEvents.CAST_COMPLETE;
import static io.concurrengine.model.combat.CombatEvents.PLAYER_READY;
import static io.concurrengine.model.combat.TestSpecs.plain;
import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceAndAutoAttackTest
{
    private static final SpellSpec STRIKE = SpellSpec.builder("strike").gcdMs(1000).cost("energy", 50).build();

    @Test
    void shouldRegenerateResourceFromElapsedTime()
    {
        final Trace trace = new Trace();
        run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 10)), List.of(STRIKE), List.of(), List.of(),
            "strike"), trace, 12_000);

        assertEquals(List.of(5000L, 10_000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldScaleRegenerationByHasteWhenConfigured()
    {
        final Trace trace = new Trace();
        final CharacterSpec hasted = CharacterSpec.builder("hasted").hastePct(25).build();
        run(spec(hasted, List.of(new ResourceSpec("energy", 100, 0, 10, true)), List.of(STRIKE), List.of(),
            List.of(), "strike"), trace, 9000);

        assertEquals(List.of(4000L, 8000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldCapRegenerationAtMaximum()
    {
        final CombatSpec spec = spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 10)), List.of(STRIKE),
            List.of(), List.of(), "strike");
        final CombatSimulation sim = new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, null,
            (now, offGcdOnly) -> SpecAction.NONE);
        sim.runIteration(new SimRng(1), 10);

        assertEquals(100.0, sim.state().resource(0, 60_000));
    }

    @Test
    void shouldSwingAtWeaponSpeed()
    {
        final Trace trace = new Trace();
        final CharacterSpec fighter = CharacterSpec.builder("fighter").weapon(2000, 10, 10).build();
        run(spec(fighter, List.of(), List.of(SpellSpec.builder("idle").cooldownMs(60_000).build()), List.of(),
            List.of(), "idle"), trace, 7000);

        assertEquals(List.of(0L, 2000L, 4000L, 6000L), trace.times(AUTO_ATTACK));
    }

    @Test
    void shouldScaleSwingTimeByHaste()
    {
        final Trace trace = new Trace();
        final CharacterSpec fighter = CharacterSpec.builder("fighter").hastePct(25).weapon(2000, 10, 10).build();
        run(spec(fighter, List.of(), List.of(SpellSpec.builder("idle").cooldownMs(60_000).build()), List.of(),
            List.of(), "idle"), trace, 5000);

        assertEquals(List.of(0L, 1600L, 3200L, 4800L), trace.times(AUTO_ATTACK));
    }

    @Test
    void shouldGenerateResourceOnEachSwing()
    {
        final Trace trace = new Trace();
        final CharacterSpec fighter = CharacterSpec.builder("fighter").weapon(2000, 10, 10)
            .autoAttackGain("rage", 10).build();
        final SpellSpec slam = SpellSpec.builder("slam").cost("rage", 20).build();
        run(spec(fighter, List.of(ResourceSpec.of("rage", 100, 0, 0)), List.of(slam), List.of(), List.of(), "slam"),
            trace, 7000);

        assertEquals(List.of(2000L, 6000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldWakeWaitingPlayerOnResourceGainInsteadOfPolling()
    {
        final Trace trace = new Trace();
        final CharacterSpec fighter = CharacterSpec.builder("fighter").weapon(2000, 10, 10)
            .autoAttackGain("rage", 10).build();
        final SpellSpec slam = SpellSpec.builder("slam").cost("rage", 20).build();
        run(spec(fighter, List.of(ResourceSpec.of("rage", 100, 0, 0)), List.of(slam), List.of(), List.of(), "slam"),
            trace, 7000);

        assertEquals(List.of(0L, 0L, 2000L, 3500L, 4000L, 6000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldRollEachSwingsDamageAndCritFromTheIterationsGenerator()
    {
        final CharacterSpec fighter = CharacterSpec.builder("fighter").critPct(50).weapon(2000, 10, 20).build();
        final long seed = 5;
        final CombatResult result = new CombatSimulation(spec(fighter, List.of(),
            List.of(SpellSpec.builder("idle").cooldownMs(60_000).build()), List.of(), List.of(), "idle"))
            .runIteration(new SimRng(seed), 9000);

        final SimRng replay = new SimRng(seed);
        double damage = 0;
        int crits = 0;
        for (int swing = 0; swing < 5; swing++)
        {
            double amount = 10 + 10 * replay.nextDouble();
            if (replay.nextDouble() < 0.5)
            {
                amount *= 2.0;
                crits++;
            }
            damage += amount;
        }
        assertTrue(crits > 0 && crits < 5, "the seed shows both outcomes");
        assertEquals("auto_attack", result.sourceName(1));
        assertEquals(damage, result.damage(1));
        assertEquals(damage, result.totalDamage());
    }

    @Test
    void shouldKeepWhatRegeneratedBeforeAHasteChangeAtTheOldRate()
    {
        // energy regenerates 10/s scaled by haste; doubled haste from 2000 on: 20 by 2000, then 20/s
        final SpellSpec rush = SpellSpec.builder("rush").gcdMs(0).appliesAura("rush").build();
        final AuraSpec haste = AuraSpec.builder("rush", 60_000).hastePct(100).build();
        final CombatSpec spec = spec(plain(), List.of(new ResourceSpec("energy", 100, 0, 10, true)), List.of(rush),
            List.of(haste), List.of(), "rush");
        final CombatSimulation sim =
            new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, null, Scripted.at(0, 2000));
        sim.runIteration(new SimRng(1), 2001);

        assertEquals(60.0, sim.state().resource(0, 4000));
    }

    private static void run(final CombatSpec spec, final Trace trace, final long encounterMs)
    {
        new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null).runIteration(new SimRng(1), encounterMs);
    }
}
