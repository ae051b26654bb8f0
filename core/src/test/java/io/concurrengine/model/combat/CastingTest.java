package io.concurrengine.model.combat;

import io.concurrengine.core.loop.EventBudgetExceeded;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.model.combat.spec.AuraSpec;
import io.concurrengine.model.combat.spec.CharacterSpec;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.ProcSpec;
import io.concurrengine.model.combat.spec.ProcTrigger;
import io.concurrengine.model.combat.spec.ResourceSpec;
import io.concurrengine.model.combat.spec.SpellSpec;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.model.combat.CombatEvents.CAST_COMPLETE;
import static io.concurrengine.model.combat.CombatEvents.CAST_START;
import static io.concurrengine.model.combat.CombatEvents.PLAYER_READY;
import static io.concurrengine.model.combat.TestSpecs.plain;
import static io.concurrengine.model.combat.TestSpecs.spec;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CastingTest
{
    private static final SpellSpec BOLT = SpellSpec.builder("bolt").castTimeMs(2000).damage(100, 100).build();

    @Test
    void shouldCompleteCastAfterCastTime()
    {
        final Trace trace = new Trace();
        run(spec(plain(), List.of(), List.of(BOLT), List.of(), List.of(), "bolt"), trace, 7000);

        assertEquals(List.of(0L, 2000L, 4000L, 6000L), trace.times(CAST_START));
        assertEquals(List.of(2000L, 4000L, 6000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldScaleCastTimeByHaste()
    {
        final Trace trace = new Trace();
        final CharacterSpec hasted = CharacterSpec.builder("hasted").hastePct(25).build();
        run(spec(hasted, List.of(), List.of(BOLT), List.of(), List.of(), "bolt"), trace, 5000);

        assertEquals(List.of(1600L, 3200L, 4800L), trace.times(CAST_COMPLETE));
    }

    /**
     * A haste multiplier so small that a cast or GCD would outlast the long range (-99.99999999999999 %, a factor of
     * 1.1e-16: 2,000 ms become 1.8e19) never ends within the fight. Taken as {@code (long)} of that, Long.MAX_VALUE, it
     * was added to the clock and wrapped to a time before it: the cast started at 1500 ms completed at once, again and
     * again at that millisecond, until the fight failed as stuck (EventBudgetExceeded).
     */
    @Test
    void shouldNeverEndACastOrGcdThatHasteStretchesBeyondTheLongRange()
    {
        final AuraSpec slow = AuraSpec.builder("slow", 10_000).hastePct(-99.99999999999999).build();
        final SpellSpec apply = SpellSpec.builder("apply").appliesAura("slow").build();
        final SpellSpec tap = SpellSpec.builder("tap").damage(1, 1).build();
        for (final SpellSpec slowed : List.of(BOLT, tap))
        {
            final Trace trace = new Trace();
            final CombatResult result = run(spec(plain(), List.of(), List.of(apply, slowed), List.of(slow), List.of(),
                slowed.name() + " if aura_active(slow)", "apply"), trace, 60_000);

            assertEquals(List.of(0L, 1500L), trace.times(CAST_START), slowed.name());
            assertEquals(BOLT == slowed ? List.of(0L) : List.of(0L, 1500L), trace.times(CAST_COMPLETE), slowed.name());
            assertEquals(BOLT == slowed ? 0 : 1, result.casts(1), slowed.name());
        }
    }

    @Test
    void shouldPayCostAndStartCooldownAtCastCompleteNotCastStart()
    {
        final SpellSpec nuke = SpellSpec.builder("nuke").castTimeMs(2000).cost("mana", 30).cooldownMs(10_000)
            .build();
        final List<String> observed = new ArrayList<>();
        final CombatSpec spec = spec(plain(), List.of(ResourceSpec.of("mana", 100, 100, 0)), List.of(nuke),
            List.of(), List.of(), "nuke");
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_START || entry.type() == CAST_COMPLETE)
            {
                final CombatState state = sim[0].state();
                observed.add(CombatEvents.name(entry.type()) + "@" + entry.time() + " mana=" +
                    state.resource(0, entry.time()) + " cd=" + state.cooldownReadyAt[0]);
            }
        });
        sim[0] = new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null);
        sim[0].runIteration(new SimRng(1), 3000);

        assertEquals(List.of("CastStart@0 mana=100.0 cd=0", "CastComplete@2000 mana=70.0 cd=12000"), observed);
    }

    @Test
    void shouldStartGcdAtCastCompleteMeasuredFromCastStart()
    {
        final SpellSpec instant = SpellSpec.builder("strike").build();
        final List<Long> gcdAtStart = new ArrayList<>();
        final List<Long> gcdAtComplete = new ArrayList<>();
        final CombatSimulation[] sim = new CombatSimulation[1];
        final Trace trace = new Trace(entry ->
        {
            if (entry.type() == CAST_START)
            {
                gcdAtStart.add(sim[0].state().gcdReadyAt);
            }
            else if (entry.type() == CAST_COMPLETE)
            {
                gcdAtComplete.add(sim[0].state().gcdReadyAt);
            }
        });
        sim[0] = new CombatSimulation(spec(plain(), List.of(), List.of(instant), List.of(), List.of(), "strike"),
            RunLoop.DEFAULT_EVENT_BUDGET, trace, null);
        sim[0].runIteration(new SimRng(1), 3100);

        assertEquals(List.of(0L, 1500L, 3000L), gcdAtStart);
        assertEquals(List.of(1500L, 3000L, 4500L), gcdAtComplete);
        assertEquals(List.of(0L, 1500L, 3000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldNotShortenGcdBelowFloor()
    {
        final Trace trace = new Trace();
        final CharacterSpec veryHasted = CharacterSpec.builder("fast").hastePct(200).build();
        run(spec(veryHasted, List.of(), List.of(SpellSpec.builder("strike").build()), List.of(), List.of(), "strike"),
            trace, 2000);

        assertEquals(List.of(0L, 750L, 1500L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldClampWaitSoTheClockMovesForward()
    {
        final Trace trace = new Trace();
        final CombatSimulation sim = new CombatSimulation(
            spec(plain(), List.of(), List.of(BOLT), List.of(), List.of(), "bolt"),
            RunLoop.DEFAULT_EVENT_BUDGET, trace, (now, offGcdOnly) -> SpecAction.waitUntil(now - 5));
        sim.runIteration(new SimRng(1), 5);

        assertEquals(List.of(0L, 1L, 2L, 3L, 4L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldStopAtEncounterEndWithoutDispatchingEventsDueThen()
    {
        final Trace trace = new Trace();
        final CombatResult result =
            run(spec(plain(), List.of(), List.of(BOLT), List.of(), List.of(), "bolt"), trace, 8000);

        assertEquals(3, result.casts(0));
        assertEquals(trace.entries.size(), result.events());
        assertTrue(trace.entries.stream().allMatch(entry -> entry.time() < 8000));
        assertEquals(300.0 / 8.0, result.dps());
    }

    @Test
    void shouldFailWithEventBudgetExceededWhenRotationCannotAdvanceTheClock()
    {
        final SpellSpec spam = SpellSpec.builder("spam").gcdMs(0).build();
        final CombatSimulation sim =
            new CombatSimulation(spec(plain(), List.of(), List.of(spam), List.of(), List.of(), "spam"));

        final EventBudgetExceeded failure =
            assertThrows(EventBudgetExceeded.class, () -> sim.runIteration(new SimRng(1), 300_000));

        assertEquals(RunLoop.DEFAULT_EVENT_BUDGET, failure.eventCount());
        assertEquals(0, failure.clock());
        assertTrue(failure.getMessage().contains("events=500000"), failure.getMessage());
    }

    @Test
    void shouldWeaveOffGcdSpellDuringGcd()
    {
        final Trace trace = new Trace();
        final SpellSpec strike = SpellSpec.builder("strike").build();
        final SpellSpec burst = SpellSpec.builder("burst").offGcd(true).cooldownMs(60_000).build();
        run(spec(plain(), List.of(), List.of(strike, burst), List.of(), List.of(), "strike", "burst"), trace, 3100);

        assertEquals(List.of(0L, 1500L, 3000L), trace.times(CAST_COMPLETE, 0));
        assertEquals(List.of(0L), trace.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldWaitForCooldownBeforeRecasting()
    {
        final Trace trace = new Trace();
        final SpellSpec blast = SpellSpec.builder("blast").cooldownMs(4000).build();
        run(spec(plain(), List.of(), List.of(blast), List.of(), List.of(), "blast"), trace, 9000);

        assertEquals(List.of(0L, 4000L, 8000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldCritForCritMultiplier()
    {
        final CharacterSpec alwaysCrit = CharacterSpec.builder("crit").critPct(100).critMultiplier(2.5).build();
        final CombatResult result = run(spec(alwaysCrit, List.of(), List.of(BOLT), List.of(), List.of(), "bolt"),
            new Trace(), 2001);

        assertEquals(250.0, result.totalDamage());
    }

    @Test
    void shouldGiveBitIdenticalResultsForTheSameSeed()
    {
        final CombatSimulation first = new CombatSimulation(TestSpecs.fireMage());
        final CombatSimulation second = new CombatSimulation(TestSpecs.fireMage());
        for (int i = 0; i < 20; i++)
        {
            final long prefix = SimRng.seedPrefix(7, 3);
            final CombatResult a = first.runIteration(SimRng.fromPrefix(prefix, i), 300_000);
            final double damage = a.totalDamage();
            final long events = a.events();
            final CombatResult b = second.runIteration(SimRng.fromPrefix(prefix, i), 300_000);

            assertEquals(Double.doubleToRawLongBits(damage), Double.doubleToRawLongBits(b.totalDamage()));
            assertEquals(events, b.events());
        }
    }

    @Test
    void shouldDispatchOnlyTheEventsAFightOfOneSpellNeeds()
    {
        // no CooldownReady for a spell without a cooldown, no OffGcdReady without an off-GCD spell
        final Trace trace = new Trace();
        final CombatResult result = run(spec(plain(), List.of(), List.of(SpellSpec.builder("strike").build()),
            List.of(), List.of(), "strike"), trace, 3100);

        assertEquals(List.of(
            "PlayerReady@0", "CastStart@0", "CastComplete@0",
            "PlayerReady@1500", "CastStart@1500", "CastComplete@1500",
            "PlayerReady@3000", "CastStart@3000", "CastComplete@3000"), trace.named());
        assertEquals(9, result.events());
    }

    @Test
    void shouldNotOfferAnOffGcdWindowWhenACooldownEndsAsTheGcdDoes()
    {
        // burst's cooldown ends at 1500, the instant the GCD does: PlayerReady takes it, no OffGcdReady is needed;
        // nor is one after a strike, whose GCD starts while burst is on cooldown
        final SpellSpec strike = SpellSpec.builder("strike").build();
        final SpellSpec burst = SpellSpec.builder("burst").offGcd(true).cooldownMs(1500).build();
        final Trace trace = new Trace();
        run(spec(plain(), List.of(), List.of(strike, burst), List.of(), List.of(), "burst", "strike"), trace, 1600);

        assertEquals(List.of(
            "PlayerReady@0", "CastStart@0", "CastComplete@0",
            "PlayerReady@0", "CastStart@0", "CastComplete@0",
            "CooldownReady@1500", "PlayerReady@1500", "CastStart@1500", "CastComplete@1500",
            "PlayerReady@1500", "CastStart@1500", "CastComplete@1500"), trace.named());
    }

    @Test
    void shouldResumeAHardCastThatOutlastsTheGcdWithPlayerReadyAlone()
    {
        // bolt's 2 s cast outlasts its 1.5 s GCD: at its completion the GCD is over, and the next decision is the
        // whole list's (burst, ready again, then another bolt), not an off-GCD window that would swallow it
        final SpellSpec bolt = SpellSpec.builder("bolt").castTimeMs(2000).build();
        final SpellSpec burst = SpellSpec.builder("burst").offGcd(true).cooldownMs(1000).build();
        final Trace trace = new Trace();
        run(spec(plain(), List.of(), List.of(bolt, burst), List.of(), List.of(), "burst", "bolt"), trace, 6100);

        assertEquals(List.of(2000L, 4000L, 6000L), trace.times(CAST_COMPLETE, 0));
        assertEquals(List.of(0L, 2000L, 4000L, 6000L), trace.times(CAST_COMPLETE, 1));
        assertEquals(List.of(0L, 0L, 2000L, 2000L, 4000L, 4000L, 6000L, 6000L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldWeaveEveryReadyOffGcdSpellIntoOneGcd()
    {
        final SpellSpec strike = SpellSpec.builder("strike").build();
        final SpellSpec burst = SpellSpec.builder("burst").offGcd(true).cooldownMs(60_000).build();
        final SpellSpec surge = SpellSpec.builder("surge").offGcd(true).cooldownMs(60_000).build();
        final Trace trace = new Trace();
        run(spec(plain(), List.of(), List.of(strike, burst, surge), List.of(), List.of(), "strike", "burst", "surge"),
            trace, 1000);

        assertEquals(List.of(
            "PlayerReady@0", "CastStart@0", "CastComplete@0",
            "OffGcdReady@0", "CastStart@0", "CastComplete@0",
            "OffGcdReady@0", "CastStart@0", "CastComplete@0",
            "OffGcdReady@0"), trace.named());
        assertEquals(List.of(0L), trace.times(CAST_COMPLETE, 2));
    }

    @Test
    void shouldNotShortenGcdBelowTheCharactersOwnFloor()
    {
        final Trace trace = new Trace();
        final CharacterSpec veryHasted = CharacterSpec.builder("fast").hastePct(200).gcdFloorMs(1000).build();
        run(spec(veryHasted, List.of(), List.of(SpellSpec.builder("strike").build()), List.of(), List.of(), "strike"),
            trace, 2500);

        assertEquals(List.of(0L, 1000L, 2000L), trace.times(CAST_COMPLETE));
    }

    @Test
    void shouldAddCoefficientTimesPowerToTheDamage()
    {
        final CharacterSpec strong = CharacterSpec.builder("strong").power(400).build();
        final SpellSpec smite = SpellSpec.builder("smite").damage(100, 100).coefficient(0.5).build();
        final CombatResult result = run(spec(strong, List.of(), List.of(smite), List.of(), List.of(), "smite"),
            new Trace(), 3100);

        assertEquals(3, result.casts(0));
        assertEquals(900.0, result.damage(0));
    }

    @Test
    void shouldNeverCritASpellThatCannotCrit()
    {
        final CharacterSpec alwaysCrit = CharacterSpec.builder("crit").critPct(100).build();
        final SpellSpec plainBolt = SpellSpec.builder("bolt").castTimeMs(2000).damage(100, 100).canCrit(false).build();
        final CombatResult result = run(spec(alwaysCrit, List.of(), List.of(plainBolt), List.of(), List.of(), "bolt"),
            new Trace(), 4001);

        assertEquals(200.0, result.totalDamage());
    }

    @Test
    void shouldGainResourcesWhenACastCompletes()
    {
        final SpellSpec build = SpellSpec.builder("build").gain("rage", 25).build();
        final SpellSpec spend = SpellSpec.builder("spend").cost("rage", 50).build();
        final Trace trace = new Trace();
        run(spec(plain(), List.of(ResourceSpec.of("rage", 100, 0, 0)), List.of(build, spend), List.of(), List.of(),
            "spend", "build"), trace, 8000);

        assertEquals(List.of(0L, 1500L, 4500L, 6000L), trace.times(CAST_COMPLETE, 0));
        assertEquals(List.of(3000L, 7500L), trace.times(CAST_COMPLETE, 1));
    }

    @Test
    void shouldReadThePriorityListAgainAfterMaxWaitWhenNothingIsUsable()
    {
        final CharacterSpec impatient = CharacterSpec.builder("impatient").maxWaitMs(1000).build();
        final SpellSpec idle = SpellSpec.builder("idle").cooldownMs(60_000).build();
        final Trace trace = new Trace();
        run(spec(impatient, List.of(), List.of(idle), List.of(), List.of(), "idle"), trace, 5000);

        assertEquals(List.of(0L, 1500L, 2500L, 3500L, 4500L), trace.times(PLAYER_READY));
    }

    @Test
    void shouldRunAFightOfOneMillisecondAndRefuseOneOfNone()
    {
        final CombatSimulation sim = new CombatSimulation(
            spec(plain(), List.of(), List.of(SpellSpec.builder("strike").build()), List.of(), List.of(), "strike"));

        assertEquals(1, sim.runIteration(new SimRng(1), 1).casts(0));
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> sim.runIteration(new SimRng(1), 0));
        assertEquals("encounterMs=0 must be positive", error.getMessage());
    }

    /**
     * Every roll comes from the iteration's generator, in dispatch order: for each cast its damage (only if it has a
     * range), its crit and then each proc's chance. A fixed damage, or a proc without damage, draws nothing more.
     */
    @Test
    void shouldRollDamageCritsAndProcsFromTheIterationsGeneratorInDispatchOrder()
    {
        final CharacterSpec halfCrit = CharacterSpec.builder("half").critPct(50).build();
        final SpellSpec bolt = SpellSpec.builder("bolt").gcdMs(0).damage(100, 200).build();
        final SpellSpec jab = SpellSpec.builder("jab").gcdMs(0).damage(50, 50).build();
        final AuraSpec glow = AuraSpec.builder("glow", 500).build();
        final ProcSpec spark = ProcSpec.builder("spark", ProcTrigger.CAST).chance(0.5).appliesAura("glow").build();
        final CombatSpec spec = spec(halfCrit, List.of(), List.of(bolt, jab), List.of(glow), List.of(spark), "bolt");
        final long seed = 3;
        final int casts = 8;
        final long[] times = new long[casts];
        final int[] spells = new int[casts];
        for (int i = 0; i < casts; i++)
        {
            times[i] = i * 1000L;
            spells[i] = i % 2;
        }
        final CombatResult result = new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, null,
            new Scripted(times, spells)).runIteration(new SimRng(seed), casts * 1000L);

        final SimRng replay = new SimRng(seed);
        final double[] damage = new double[2];
        double total = 0;
        int crits = 0;
        long procs = 0;
        for (int i = 0; i < casts; i++)
        {
            double amount = 0 == spells[i] ? 100 + 100 * replay.nextDouble() : 50;
            if (replay.nextDouble() < 0.5)
            {
                amount *= 2.0;
                crits++;
            }
            damage[spells[i]] += amount;
            total += amount;
            procs += replay.nextDouble() < 0.5 ? 1 : 0;
        }
        assertTrue(crits > 0 && crits < casts && procs > 0 && procs < casts, "the seed shows both outcomes of each");
        assertEquals(damage[0], result.damage(0));
        assertEquals(damage[1], result.damage(1));
        assertEquals(total, result.totalDamage());
        assertEquals(procs, result.procs(0));
    }

    private static CombatResult run(final CombatSpec spec, final Trace trace, final long encounterMs)
    {
        final CombatSimulation sim = new CombatSimulation(spec, RunLoop.DEFAULT_EVENT_BUDGET, trace, null);
        return sim.runIteration(new SimRng(1), encounterMs);
    }
}
