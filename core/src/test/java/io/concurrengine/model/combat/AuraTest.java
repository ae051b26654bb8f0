package io.concurrengine.model.combat;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.RefreshRule;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.model.combat.CombatEvents.AURA_EXPIRE;
import static io.concurrengine.model.combat.CombatEvents.AURA_TICK;
import static io.concurrengine.model.combat.CombatEvents.CAST_COMPLETE;
import static io.concurrengine.model.combat.TestSpecs.plain;
import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class AuraTest
{
    private static final SpellSpec APPLY = SpellSpec.builder("apply").gcdMs(0).appliesAura("buff").build();

    @Test
    void shouldAddStacksUpToTheMaximum()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 60_000).maxStacks(3).build();
        final List<Integer> stacks = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_COMPLETE)
            {
                stacks.add(sim[0].state().stacks[0]);
            }
        });
        sim[0] = scripted(spec(List.of(APPLY), List.of(buff)), trace, Scripted.at(0, 0, 1000, 2000, 3000, 4000));
        sim[0].runIteration(new SimRng(1), 5000);

        assertEquals(List.of(1, 2, 3, 3, 3), stacks);
    }

    @Test
    void shouldCarryOverAtMostThirtyPercentOnPandemicRefresh()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).refresh(RefreshRule.PANDEMIC).build();
        final List<Long> expiries = expiriesAfterEachCast(buff, 0, 8000, 9000);

        assertEquals(List.of(10_000L, 20_000L, 22_000L), expiries);
    }

    @Test
    void shouldDropRemainderOnResetRefresh()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).refresh(RefreshRule.RESET).build();

        assertEquals(List.of(10_000L, 18_000L), expiriesAfterEachCast(buff, 0, 8000));
    }

    @Test
    void shouldAddWholeDurationOnExtendRefresh()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).refresh(RefreshRule.EXTEND).build();

        assertEquals(List.of(10_000L, 20_000L), expiriesAfterEachCast(buff, 0, 2000));
    }

    /**
     * An expiry that extend refreshes carry past the end of the long range (some 9.2 million refreshes of a 10^12 ms
     * aura, which a day-long fight ticking every millisecond makes) stays for good. It was expires + duration, which
     * wrapped to a time before now: the expiry was clamped to now and the aura removed at once. The expiry is set
     * near the end of the range here, as those refreshes would leave it.
     */
    @Test
    void shouldKeepAnAuraWhoseExtendedExpiryPassesTheEndOfTheLongRange()
    {
        final AuraSpec buff = AuraSpec.builder("buff", CombatSpec.MAX_TIME_MS).refresh(RefreshRule.EXTEND)
            .maxStacks(5).build();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final List<String> afterCasts = new ArrayList<>();
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_COMPLETE)
            {
                final CombatState state = sim[0].state();
                afterCasts.add(entry.time() + ":" + state.stacks[0] + ":" + (state.expiresAt[0] > entry.time()));
                state.expiresAt[0] = Long.MAX_VALUE - 1000;
            }
        });
        sim[0] = scripted(spec(List.of(APPLY), List.of(buff)), trace, Scripted.at(0, 0, 1000, 2000));
        sim[0].runIteration(new SimRng(1), 10_000);

        assertEquals(List.of("0:1:true", "1000:2:true", "2000:3:true"), afterCasts);
        assertEquals(3, sim[0].state().stacks[0], "never removed");
    }

    @Test
    void shouldIgnoreStaleExpiryAfterRefresh()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).refresh(RefreshRule.RESET).build();
        final List<String> atExpiry = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == AURA_EXPIRE)
            {
                atExpiry.add(entry.time() + ":" + sim[0].state().stacks[0]);
            }
        });
        sim[0] = scripted(spec(List.of(APPLY), List.of(buff)), trace, Scripted.at(0, 0, 5000));
        sim[0].runIteration(new SimRng(1), 20_000);

        assertEquals(List.of("10000:1", "15000:0"), atExpiry);
    }

    @Test
    void shouldTickUntilAndIncludingExpiry()
    {
        final AuraSpec dot = AuraSpec.builder("buff", 12_000).ticks(3000, 10, 10).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(APPLY), List.of(dot)), trace, Scripted.at(0, 0));
        final CombatResult result = sim.runIteration(new SimRng(1), 20_000);

        assertEquals(List.of(3000L, 6000L, 9000L, 12_000L), trace.times(AURA_TICK));
        assertEquals(40.0, result.damage(1), "the tick due at expiry is dealt once, by the expiry");
    }

    @Test
    void shouldRescheduleTicksAgainstLiveHaste()
    {
        final SpellSpec dotSpell = SpellSpec.builder("dot").gcdMs(0).appliesAura("dot").build();
        final SpellSpec lust = SpellSpec.builder("lust").gcdMs(0).appliesAura("lust").build();
        final AuraSpec dot = AuraSpec.builder("dot", 30_000).ticks(3000, 10, 10).build();
        final AuraSpec haste = AuraSpec.builder("lust", 60_000).hastePct(50).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(dotSpell, lust), List.of(dot, haste)), trace,
            new Scripted(new long[]{0, 4000}, new int[]{0, 1}));
        sim.runIteration(new SimRng(1), 12_001);

        assertEquals(List.of(3000L, 6000L, 8000L, 10_000L, 12_000L), trace.times(AURA_TICK, 0));
    }

    /**
     * A tick interval that haste rounds to 0 ms would repeat the tick at the same millisecond until the event budget
     * ran out: a hasted tick (or swing) is at least 1 ms apart.
     */
    @Test
    void shouldKeepHastedTicksAtLeastAMillisecondApart()
    {
        final SpellSpec dotSpell = SpellSpec.builder("dot").gcdMs(0).appliesAura("dot").build();
        final SpellSpec lust = SpellSpec.builder("lust").gcdMs(0).appliesAura("lust").build();
        final AuraSpec dot = AuraSpec.builder("dot", 10).ticks(1, 10, 10).build();
        final AuraSpec haste = AuraSpec.builder("lust", 60_000).hastePct(200).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(dotSpell, lust), List.of(dot, haste)), trace,
            new Scripted(new long[]{0, 0}, new int[]{1, 0}));
        sim.runIteration(new SimRng(1), 1_000);

        assertEquals(List.of(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L), trace.times(AURA_TICK, 0));
    }

    @Test
    void shouldResumeTicksWhenRefreshedAfterTheChainStopped()
    {
        final AuraSpec dot = AuraSpec.builder("buff", 4000).ticks(3000, 10, 10).refresh(RefreshRule.EXTEND).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(APPLY), List.of(dot)), trace, Scripted.at(0, 0, 3500));
        sim.runIteration(new SimRng(1), 20_000);

        assertEquals(List.of(3000L, 6000L), trace.times(AURA_TICK));
    }

    @Test
    void shouldKeepTickingPastTheWheelSpan()
    {
        final long thirtyMinutes = 30 * 60 * 1000;
        final AuraSpec curse = AuraSpec.builder("buff", thirtyMinutes).ticks(3000, 1, 1).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(APPLY), List.of(curse)), trace, Scripted.at(0, 0));
        final CombatResult result = sim.runIteration(new SimRng(1), thirtyMinutes);

        final List<Long> ticks = trace.times(AURA_TICK);
        assertEquals(599, ticks.size());
        assertEquals(thirtyMinutes - 3000, ticks.get(ticks.size() - 1));
        assertTrue(sim.wheelCascades() > 0);
        assertEquals(599.0, result.damage(1));
    }

    @Test
    void shouldMultiplyDamageWhileModifierIsActive()
    {
        final SpellSpec buffSpell = SpellSpec.builder("empower").gcdMs(0).appliesAura("empower").build();
        final SpellSpec hit = SpellSpec.builder("hit").gcdMs(0).damage(100, 100).build();
        final AuraSpec empower = AuraSpec.builder("empower", 5000).damagePct(50).build();
        final CombatSimulation sim = scripted(spec(List.of(buffSpell, hit), List.of(empower)), new Trace(),
            new Scripted(new long[]{0, 1000, 6000}, new int[]{0, 1, 1}));
        final CombatResult result = sim.runIteration(new SimRng(1), 10_000);

        assertEquals(250.0, result.damage(1));
    }

    @Test
    void shouldRemoveAConsumedAuraAfterTheDamageOfTheCastThatConsumesIt()
    {
        final SpellSpec empower = SpellSpec.builder("empower").gcdMs(0).appliesAura("buff").build();
        final SpellSpec spend = SpellSpec.builder("spend").gcdMs(0).damage(100, 100).consumesAura("buff").build();
        final AuraSpec buff = AuraSpec.builder("buff", 60_000).damagePct(100).build();
        final List<Integer> stacks = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_COMPLETE)
            {
                stacks.add(sim[0].state().stacks[0]);
            }
        });
        sim[0] = scripted(spec(List.of(empower, spend), List.of(buff)), trace,
            new Scripted(new long[]{0, 1000, 2000}, new int[]{0, 1, 1}));
        final CombatResult result = sim[0].runIteration(new SimRng(1), 3000);

        assertEquals(List.of(1, 0, 0), stacks);
        assertEquals(300.0, result.damage(1), "200 with the buff, then 100 without it");
    }

    @Test
    void shouldIgnoreAnExpiryOfAnApplicationBeforeAConsumptionAfterTheAuraIsAppliedAgain()
    {
        // applied at 0 (expiry 10000), refreshed at 1000 (11000), consumed at 2000, applied again at 3000 (13000):
        // neither earlier expiry may end the last application
        final SpellSpec consume = SpellSpec.builder("consume").gcdMs(0).consumesAura("buff").build();
        final AuraSpec buff = AuraSpec.builder("buff", 10_000).refresh(RefreshRule.RESET).build();
        final List<String> atExpiry = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == AURA_EXPIRE)
            {
                atExpiry.add(entry.time() + ":" + sim[0].state().stacks[0]);
            }
        });
        sim[0] = scripted(spec(List.of(APPLY, consume), List.of(buff)), trace,
            new Scripted(new long[]{0, 1000, 2000, 3000}, new int[]{0, 0, 1, 0}));
        sim[0].runIteration(new SimRng(1), 20_000);

        assertEquals(List.of("10000:1", "11000:1", "13000:0"), atExpiry);
    }

    @Test
    void shouldTickOnlyOnTheNewCadenceWhenAConsumedDotIsAppliedAgain()
    {
        // first tick due at 3000, but the dot is consumed at 1000 and applied again at 2000: ticks at 5000, 8000,
        // 11000, and the one due at the expiry, 14000, dealt by the expiry
        final SpellSpec consume = SpellSpec.builder("consume").gcdMs(0).consumesAura("buff").build();
        final AuraSpec dot = AuraSpec.builder("buff", 12_000).ticks(3000, 10, 10).build();
        final CombatSimulation sim = scripted(spec(List.of(APPLY, consume), List.of(dot)), new Trace(),
            new Scripted(new long[]{0, 1000, 2000}, new int[]{0, 1, 0}));
        final CombatResult result = sim.runIteration(new SimRng(1), 20_000);

        assertEquals(40.0, result.damage(2));
    }

    @Test
    void shouldDealTickDamagePerStackToTheAurasOwnSource()
    {
        final SpellSpec apply = SpellSpec.builder("apply").gcdMs(0).appliesAura("dot").build();
        final SpellSpec buff = SpellSpec.builder("buff").gcdMs(0).appliesAura("other").build();
        final AuraSpec other = AuraSpec.builder("other", 1000).build();
        final AuraSpec dot = AuraSpec.builder("dot", 10_000).ticks(1000, 10, 10).maxStacks(2).build();
        final CombatSimulation sim = scripted(spec(List.of(apply, buff), List.of(other, dot)), new Trace(),
            Scripted.at(0, 0, 500));
        final CombatResult result = sim.runIteration(new SimRng(1), 3500);

        assertEquals("dot", result.sourceName(3));
        assertEquals(60.0, result.damage(3), "three ticks of two stacks");
        assertEquals(0.0, result.damage(2));
        assertEquals(60.0, result.totalDamage());
    }

    @Test
    void shouldNeverTickAnAuraWithoutTicksWhenAppliedOrRefreshed()
    {
        final AuraSpec buff = AuraSpec.builder("buff", 5000).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(APPLY), List.of(buff)), trace, Scripted.at(0, 0, 1000));
        sim.runIteration(new SimRng(1), 10_000);

        assertEquals(List.of(
            "PlayerReady@0", "CastStart@0", "CastComplete@0", "PlayerReady@0",
            "PlayerReady@1000", "CastStart@1000", "CastComplete@1000", "PlayerReady@1000",
            "AuraExpire@5000", "AuraExpire@7500"), trace.named());
    }

    @Test
    void shouldRestartStoppedTicksWhenARefreshMovesTheExpiryOntoTheNextTick()
    {
        // ticks every 3000 on a 2000 aura kept up by resets: the tick at 3000 finds the expiry (3500) before the next
        // (6000) and stops; the refresh at 4000 moves the expiry to exactly 6000, so the tick at 6000 is dealt
        final AuraSpec dot = AuraSpec.builder("buff", 2000).ticks(3000, 10, 10).refresh(RefreshRule.RESET).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(APPLY), List.of(dot)), trace,
            Scripted.at(0, 0, 1500, 3200, 4000));
        final CombatResult result = sim.runIteration(new SimRng(1), 7000);

        assertEquals(List.of(3000L, 6000L), trace.times(AURA_TICK));
        assertEquals(20.0, result.damage(1));
    }

    @Test
    void shouldNotCritTicksThatCannotCrit()
    {
        final SpellSpec dotSpell = SpellSpec.builder("dot").gcdMs(0).appliesAura("dot").build();
        final AuraSpec dot = AuraSpec.builder("dot", 3000).ticks(1000, 10, 10).tickCanCrit(false).build();
        final CombatSpec spec = TestSpecs.spec(CharacterSpec.builder("crit").critPct(100).build(), List.of(),
            List.of(dotSpell), List.of(dot), List.of(), "dot");
        final CombatResult result = scripted(spec, new Trace(), Scripted.at(0, 0)).runIteration(new SimRng(1), 5000);

        assertEquals(30.0, result.damage(1));
    }

    @Test
    void shouldCritWhileACritAuraIsActiveAndNotOnceItHasExpired()
    {
        final SpellSpec focusSpell = SpellSpec.builder("focus").gcdMs(0).appliesAura("focus").build();
        final SpellSpec hit = SpellSpec.builder("hit").gcdMs(0).damage(100, 100).build();
        final AuraSpec focus = AuraSpec.builder("focus", 5000).critPct(100).build();
        final CombatSimulation sim = scripted(spec(List.of(focusSpell, hit), List.of(focus)), new Trace(),
            new Scripted(new long[]{0, 1000, 6000}, new int[]{0, 1, 1}));
        final CombatResult result = sim.runIteration(new SimRng(1), 10_000);

        assertEquals(300.0, result.damage(1), "a crit for 200 at 1000, a plain 100 at 6000");
    }

    @Test
    void shouldCastAtBaseSpeedAgainOnceAHasteAuraHasExpired()
    {
        final SpellSpec rushSpell = SpellSpec.builder("rush").gcdMs(0).appliesAura("rush").build();
        final SpellSpec bolt = SpellSpec.builder("bolt").gcdMs(0).castTimeMs(2000).build();
        final AuraSpec rush = AuraSpec.builder("rush", 3000).hastePct(100).build();
        final Trace trace = new Trace();
        final CombatSimulation sim = scripted(spec(List.of(rushSpell, bolt), List.of(rush)), trace,
            new Scripted(new long[]{0, 0, 4000}, new int[]{0, 1, 1}));
        sim.runIteration(new SimRng(1), 10_000);

        assertEquals(List.of(1000L, 6000L), trace.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldMultiplyHasteAndDamageAndAddCritForEachStack()
    {
        final SpellSpec frenzySpell = SpellSpec.builder("frenzy").gcdMs(0).appliesAura("frenzy").build();
        final AuraSpec frenzy = AuraSpec.builder("frenzy", 60_000).maxStacks(2).hastePct(50).damagePct(25)
            .critPct(12.5).build();
        final CombatSpec spec = spec(List.of(frenzySpell), List.of(frenzy));
        final List<String> modifiers = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_COMPLETE)
            {
                final CombatState state = sim[0].state();
                modifiers.add(state.haste + " " + state.damageMultiplier + " " + state.critChance);
            }
        });
        sim[0] = scripted(spec, trace, Scripted.at(0, 0, 1000));
        sim[0].runIteration(new SimRng(1), 2000);

        assertEquals(List.of("1.5 1.25 0.125", "2.0 1.5 0.25"), modifiers);
    }

    private static List<Long> expiriesAfterEachCast(final AuraSpec buff, final long... castTimes)
    {
        final List<Long> expiries = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_COMPLETE)
            {
                expiries.add(sim[0].state().expiresAt[0]);
            }
        });
        sim[0] = scripted(spec(List.of(APPLY), List.of(buff)), trace, Scripted.at(0, castTimes));
        sim[0].runIteration(new SimRng(1), 30_000);
        return expiries;
    }

    private static CombatSpec spec(final List<SpellSpec> spells, final List<AuraSpec> auras)
    {
        return TestSpecs.spec(plain(), List.of(), spells, auras, List.of(), spells.get(0).name());
    }

    private static CombatSimulation scripted(final CombatSpec spec, final Trace trace, final ActionPolicy policy)
    {
        return new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, policy);
    }
}
