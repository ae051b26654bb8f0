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
        // time does not make a remaining time or a cooldown rise, or an aura appear: none of these conditions ever
        // holds in this fight, so the player waits for good instead of asking again every few ms. (Conditions beyond
        // their operand's range, e.g. mana > 100 at a max of 100, cooldown_remaining(idle) < 0 or
        // target_health_pct > 150, are refused by the spec now: CombatSpecTest.)
        final SpellSpec big = SpellSpec.builder("big").cost("mana", 10).build();
        final SpellSpec idle = SpellSpec.builder("idle").cooldownMs(5000).appliesAura("buff").build(); // never cast
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).build();
        for (final String entry : List.of("big if aura_remaining(buff) > 1s", "big if cooldown_remaining(idle) > 1s",
            "big if aura_active(buff)"))
        {
            final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 0, 10)), List.of(big, idle),
                List.of(buff), List.of(), entry), 60_000);

            final List<Long> ready = trace.times(PLAYER_READY);
            assertEquals(1, ready.size(), () -> entry + ": ready at " + ready.subList(0, Math.min(5, ready.size())));
        }
    }

    @Test
    void shouldCompareAtTheThresholdAsWritten()
    {
        final SpellSpec stack = SpellSpec.builder("stack").gcdMs(1000).appliesAura("charge").build();
        final SpellSpec pop = SpellSpec.builder("pop").gcdMs(1000).consumesAura("charge").build();
        final AuraSpec charge = AuraSpec.builder("charge", 60_000).maxStacks(5).build();

        final Trace atMost = run(spec(plain(), List.of(), List.of(FILLER, stack), List.of(charge), List.of(),
            "stack if aura_stacks(charge) <= 2", "filler"), 5000);
        assertEquals(List.of(0L, 1000L, 2000L), atMost.times(CAST_COMPLETE, 1));
        assertEquals(List.of(3000L, 4000L), atMost.times(CAST_COMPLETE, 0));

        final Trace above = run(spec(plain(), List.of(), List.of(stack, pop), List.of(charge), List.of(),
            "pop if aura_stacks(charge) > 2", "stack"), 7500);
        assertEquals(List.of(0L, 1000L, 2000L, 4000L, 5000L, 6000L), above.times(CAST_COMPLETE, 0));
        assertEquals(List.of(3000L, 7000L), above.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldReadTheResourceAuraAndSpellThatEachConditionNames()
    {
        final SpellSpec x = SpellSpec.builder("x").gcdMs(1000).build();
        final Trace resource = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 0, 0),
            ResourceSpec.of("rage", 100, 50, 0)), List.of(x), List.of(), List.of(), "x if rage >= 10"), 2500);
        assertEquals(List.of(0L, 1000L, 2000L), resource.times(CAST_COMPLETE, 0));

        final SpellSpec glow = SpellSpec.builder("glow").gcdMs(1000).appliesAura("glow").build();
        final SpellSpec dimming = SpellSpec.builder("x").gcdMs(1000).appliesAura("dim").build();
        final Trace aura = run(spec(plain(), List.of(), List.of(dimming, glow), List.of(AuraSpec.builder("dim", 60_000)
            .build(), AuraSpec.builder("glow", 60_000).build()), List.of(),
            "glow if aura_missing(glow)", "x if aura_active(glow)"), 2500);
        assertEquals(List.of(0L), aura.times(CAST_COMPLETE, 1));
        assertEquals(List.of(1000L, 2000L), aura.times(CAST_COMPLETE, 0));

        final SpellSpec nova = SpellSpec.builder("nova").gcdMs(1000).cooldownMs(10_000).build();
        final Trace spell = run(spec(plain(), List.of(), List.of(x, nova), List.of(), List.of(),
            "nova", "x if cooldown_remaining(nova) > 0"), 2500);
        assertEquals(List.of(0L), spell.times(CAST_COMPLETE, 1));
        assertEquals(List.of(1000L, 2000L), spell.times(CAST_COMPLETE, 0));
    }

    @Test
    void shouldWakeWhenTheAuraAConditionWaitsForToBeMissingExpires()
    {
        final SpellSpec empower = SpellSpec.builder("empower").cooldownMs(60_000).appliesAura("buff").build();
        final SpellSpec strike = SpellSpec.builder("strike").build();
        final Trace trace = run(spec(plain(), List.of(), List.of(empower, strike),
            List.of(AuraSpec.builder("buff", 5000).build()), List.of(), "empower", "strike if aura_missing(buff)"),
            10_000);

        assertEquals(List.of(5000L, 6500L, 8000L, 9500L), trace.times(CAST_COMPLETE, 1));
        assertEquals(List.of(0L, 1500L, 5000L, 6500L, 8000L, 9500L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeExactlyWhenAnotherSpellsCooldownFallsBelowThreshold()
    {
        final SpellSpec slam = SpellSpec.builder("slam").gcdMs(1000).build();
        final SpellSpec charge = SpellSpec.builder("charge").gcdMs(1000).cooldownMs(6000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(slam, charge), List.of(), List.of(),
            "charge", "slam if cooldown_remaining(charge) < 2s"), 8000);

        assertEquals(List.of(4001L, 5001L), trace.times(CAST_COMPLETE, 0));
        assertEquals(List.of(0L, 6001L), trace.times(CAST_COMPLETE, 1));
        assertEquals(List.of(0L, 1000L, 4001L, 5001L, 6001L, 7001L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeExactlyWhenACooldownReadyConditionTurnsTrue()
    {
        final SpellSpec blast = SpellSpec.builder("blast").gcdMs(1000).cooldownMs(4000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(blast), List.of(), List.of(),
            "blast if cooldown_ready(blast)"), 9000);

        assertEquals(List.of(0L, 4000L, 8000L), trace.times(CAST_COMPLETE));
        assertEquals(List.of(0L, 1000L, 4000L, 5000L, 8000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWaitForTheLastOfSeveralConditionsTimeTurnsTrue()
    {
        // target health falls below 50 % after 5000 ms, energy reaches 80 at 8000: one wait, until 8000
        final SpellSpec spend = SpellSpec.builder("spend").gcdMs(1000).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 10)), List.of(spend),
            List.of(), List.of(), "spend if target_health_pct < 50 and energy >= 80"), 10_000);

        assertEquals(List.of(0L, 8000L, 9000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeExactlyWhenRegenerationReachesAConditionFromAStartAboveZero()
    {
        final SpellSpec big = SpellSpec.builder("big").gcdMs(1000).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("mana", 100, 20, 10)), List.of(big), List.of(),
            List.of(), "big if mana >= 50"), 5000);

        assertEquals(List.of(3000L, 4000L), trace.times(CAST_COMPLETE));
        assertEquals(List.of(0L, 3000L, 4000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWakeWhenRegenerationFillsAResourceToTheMaximumAConditionOrCostAsksFor()
    {
        final SpellSpec full = SpellSpec.builder("full").gcdMs(1000).build();
        final Trace condition = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 20)), List.of(full),
            List.of(), List.of(), "full if energy >= 100"), 6500);
        assertEquals(List.of(5000L, 6000L), condition.times(CAST_COMPLETE));

        final SpellSpec drain = SpellSpec.builder("drain").gcdMs(1000).cost("energy", 100).build();
        final Trace cost = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 20)), List.of(drain),
            List.of(), List.of(), "drain"), 11_000);
        assertEquals(List.of(5000L, 10_000L), cost.times(CAST_COMPLETE));
    }

    @Test
    void shouldWaitExactlyUntilRegenerationAffordsTheCost()
    {
        final SpellSpec strike = SpellSpec.builder("strike").gcdMs(1000).cost("energy", 50).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 0, 10)), List.of(strike),
            List.of(), List.of(), "strike"), 12_000);

        assertEquals(List.of(5000L, 10_000L), trace.times(CAST_COMPLETE));
        assertEquals(List.of(0L, 5000L, 6000L, 10_000L, 11_000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWaitForGoodForACostOrConditionRegenerationCouldOnlyMeetBeyondTheLongRange()
    {
        // 50 energy at 1e-15 a second takes 5e19 ms, beyond a long: the wait was now + (long)5e19, which wrapped to
        // a time before now, so the player asked again every millisecond, 59,000 times here (298,503 events a
        // five-minute fight instead of 4), though regeneration could never afford the cost within the fight
        final SpellSpec strike = SpellSpec.builder("strike").gcdMs(1000).cost("energy", 50).build();
        final Trace trace = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 50, 1e-15)), List.of(strike),
            List.of(), List.of(), "strike"), 60_000);

        assertEquals(List.of(0L), trace.times(CAST_COMPLETE));
        assertEquals(List.of(0L, 1000L), trace.times(PLAYER_READY));
        // so with a condition: the crossing estimated at 5e19 ms was taken as Long.MAX_VALUE - 1 and stepped on past
        // the end of the range to Long.MIN_VALUE, a time before now: 300,000 events a five-minute fight instead of 1
        final Trace condition = run(spec(plain(), List.of(ResourceSpec.of("energy", 100, 50, 1e-15)),
            List.of(SpellSpec.builder("strike").gcdMs(1000).build()), List.of(), List.of(), "strike if energy >= 99"),
            60_000);
        assertEquals(List.of(0L), condition.times(PLAYER_READY));
    }

    @Test
    void shouldTakeAConsumedAurasRemainingTimeAsZero()
    {
        // glow is consumed at 1000 with 9 s left: from then on its remaining time is 0, so x is cast as soon as it is
        // ready (2000, then 7000 after its cooldown), not when glow would have expired
        final SpellSpec glow = SpellSpec.builder("glow").gcdMs(1000).cooldownMs(60_000).appliesAura("glow").build();
        final SpellSpec pop = SpellSpec.builder("pop").gcdMs(1000).cooldownMs(60_000).consumesAura("glow").build();
        final SpellSpec x = SpellSpec.builder("x").gcdMs(1000).cooldownMs(5000).build();
        final Trace trace = run(spec(plain(), List.of(), List.of(glow, pop, x),
            List.of(AuraSpec.builder("glow", 10_000).build()), List.of(),
            "glow", "pop", "x if aura_remaining(glow) < 3s"), 10_000);

        assertEquals(List.of(2000L, 7000L), trace.times(CAST_COMPLETE, 2));
        assertEquals(List.of(0L, 1000L, 2000L, 3000L, 7000L, 8000L), trace.times(PLAYER_READY));
    }

    private static Trace run(final CombatSpec spec, final long encounterMs)
    {
        final Trace trace = new Trace();
        new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null).runIteration(new SimRng(1), encounterMs);
        return trace;
    }
}
