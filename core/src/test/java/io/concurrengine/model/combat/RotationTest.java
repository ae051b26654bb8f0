package io.concurrengine.model.combat;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.combat.CombatEvents.CAST_COMPLETE;
import static io.concurrengine.model.combat.CombatEvents.OFF_GCD_READY;
import static io.concurrengine.model.combat.CombatEvents.PLAYER_READY;
import static io.concurrengine.model.combat.TestSpecs.plain;
import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RotationTest
{
    private static final SpellSpec FILLER = SpellSpec.builder("filler").gcdMs(1000).build();

    @Test
    void shouldCastExecuteOnlyBelowTargetHealthThreshold()
    {
        final SpellSpec execute = SpellSpec.builder("execute").gcdMs(1000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(FILLER, execute), List.of(), List.of(),
            "execute if target_health_pct < 20", "filler"), 10_000);

        assertEquals(List.of(9000L), trace.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldStackUntilConditionFails()
    {
        final SpellSpec stack = SpellSpec.builder("stack").gcdMs(1000).appliesAura("charge").build();
        final AuraSpec charge = AuraSpec.builder("charge", 60_000).maxStacks(5).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(FILLER, stack), List.of(charge), List.of(),
            "stack if aura_stacks(charge) < 3", "filler"), 6000);

        assertEquals(List.of(0L, 1000L, 2000L), trace.times(CAST_COMPLETE, 1));
        assertEquals(List.of(3000L, 4000L, 5000L), trace.times(CAST_COMPLETE, 0));
    }

    @Test
    void shouldReadResourceConditionWithRegenerationUpToNow()
    {
        final SpellSpec big = SpellSpec.builder("big").gcdMs(1000).cost("mana", 10).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 0, 10)), List.of(FILLER, big),
            List.of(), List.of(), "big if mana >= 50", "filler"), 7000);

        assertEquals(List.of(5000L, 6000L), trace.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldWakeWhenCooldownEndsRatherThanPolling()
    {
        final SpellSpec blast = SpellSpec.builder("blast").gcdMs(1000).cooldownMs(2500).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(blast), List.of(), List.of(), "blast"), 6000);

        assertEquals(List.of(0L, 1000L, 2500L, 3500L, 5000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWeaveOffGcdSpellWhenItsCooldownEndsDuringGcd()
    {
        final SpellSpec slow = SpellSpec.builder("slow").gcdMs(3000).build();
        final SpellSpec burst = SpellSpec.builder("burst").offGcd(true).cooldownMs(1000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(slow, burst), List.of(), List.of(),
            "slow", "burst"), 2500);

        assertEquals(List.of(0L, 1000L, 2000L), trace.times(CAST_COMPLETE, 1));
        assertTrue(trace.times(OFF_GCD_READY).contains(1000L));
    }

    @Test
    void shouldWakeExactlyWhenAuraRemainingFallsBelowThreshold()
    {
        final SpellSpec rend = SpellSpec.builder("rend").appliesAura("rend").build();
        final AuraSpec bleed = AuraSpec.builder("rend", 15_000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(rend), List.of(bleed), List.of(),
            "rend if aura_remaining(rend) < 3s"), 14_000);

        assertEquals(List.of(0L, 1500L, 12_001L, 13_501L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeExactlyWhenTargetHealthFallsBelowThreshold()
    {
        final SpellSpec execute = SpellSpec.builder("execute").build();
        final Trace trace = run(spec(plain(), List.of(), List.of(execute), List.of(), List.of(),
            "execute if target_health_pct < 20"), 10_000);

        assertEquals(List.of(0L, 8001L, 9501L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeExactlyWhenRegenerationSatisfiesResourceCondition()
    {
        final SpellSpec big = SpellSpec.builder("big").cost("mana", 10).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 0, 10)), List.of(big), List.of(),
            List.of(), "big if mana >= 50"), 7000);

        assertEquals(List.of(0L, 5000L, 6500L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldNotPollForAConditionThatTimeCannotMakeTrue()
    {
        // mana stops at its maximum and a cooldown's remaining time at 0: neither condition ever holds, so the player
        // waits for good instead of asking again every few ms once mana is full or the cooldown is over
        final SpellSpec big = SpellSpec.builder("big").cost("mana", 10).build();
        final SpellSpec idle = SpellSpec.builder("idle").build();
        for (final String entry : List.of("big if mana > 100", "big if cooldown_remaining(idle) < 0"))
        {
            final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 0, 10)), List.of(big, idle),
                List.of(), List.of(), entry), 60_000);

            final List<Long> ready = trace.times(PLAYER_READY);
            assertEquals(1, ready.size(), () -> entry + ": ready at " + ready.subList(0, Math.min(5, ready.size())));
        }
    }

    private static Trace run(final CombatSpec spec, final long encounterMs)
    {
        final Trace trace = new Trace();
        new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null).runIteration(new SimRng(1), encounterMs);
        return trace;
    }
}
