package io.concurrengine.core.rng;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RppmTest
{
    private static final long ATTEMPT_INTERVAL_MILLIS = 1_500L;
    private static final long SIMULATED_MINUTES = 100_000L;
    private static final long ATTEMPTS = SIMULATED_MINUTES * 60_000L / ATTEMPT_INTERVAL_MILLIS;
    private static final double EPSILON = 1e-15;

    @Test
    void shouldProcAtConfiguredRateWithoutBadLuckProtection()
    {
        final RppmState state = new RppmState(1.0, false, false);
        final long procs = simulate(SimRng.seeded(100, 0, 0), state, 1.0);

        // Without BLP every attempt is an independent Bernoulli(1 * 1.5 / 60): binomial bound of 5 sigma (~1.6 %).
        final double p = 1.5 / 60.0;
        assertWithinFiveSigma(procs, ATTEMPTS * p, Math.sqrt(ATTEMPTS * p * (1.0 - p)));
    }

    @Test
    void shouldProcAtRenewalRateWithBadLuckProtection()
    {
        final RppmState state = new RppmState(1.0, false, true);
        final long procs = simulate(SimRng.seeded(101, 0, 0), state, 1.0);

        // BLP makes the intervals between procs a renewal process. Its mean (53.1548 s) and the resulting count
        // mean 112 877.8 and standard deviation 265.2 over 100 000 minutes were computed with python3 by summing
        // the interval distribution of the formula directly, independently of this implementation.
        assertWithinFiveSigma(procs, 112_877.76, 265.19);
    }

    @Test
    void shouldScaleObservedRateWithHaste()
    {
        final RppmState state = new RppmState(1.0, true, false);
        final long procs = simulate(SimRng.seeded(102, 0, 0), state, 1.5);

        final double p = 1.5 * 1.5 / 60.0;
        assertWithinFiveSigma(procs, ATTEMPTS * p, Math.sqrt(ATTEMPTS * p * (1.0 - p)));
    }

    @Test
    void shouldComputeBaseChanceFromRateAndElapsedSeconds()
    {
        final RppmState state = new RppmState(2.0, false, false);

        assertEquals(2.0 * 1.5 / 60.0, state.chance(1_500, 1.0), EPSILON);
    }

    @Test
    void shouldScaleChanceProportionallyWithHaste()
    {
        final RppmState state = new RppmState(2.0, true, false);

        assertEquals(1.3 * state.chance(1_500, 1.0), state.chance(1_500, 1.3), EPSILON);
    }

    @Test
    void shouldIgnoreHasteWhenNotHasteScaled()
    {
        final RppmState state = new RppmState(2.0, false, false);

        assertEquals(state.chance(1_500, 1.0), state.chance(1_500, 1.3));
    }

    @Test
    void shouldCapElapsedTimeSinceLastAttemptAtThreeAndAHalfSeconds()
    {
        final RppmState state = new RppmState(2.0, false, false);

        assertEquals(state.chance(3_500, 1.0), state.chance(10_000, 1.0));
        assertTrue(state.chance(3_499, 1.0) < state.chance(3_500, 1.0));
    }

    @Test
    void shouldRaiseChanceDuringDrought()
    {
        final RppmState afterOneSecond = new RppmState(2.0, false, true);
        afterOneSecond.restore(59_000, 59_000);
        final RppmState afterSixtySeconds = new RppmState(2.0, false, true);
        afterSixtySeconds.restore(59_000, 0);

        assertTrue(afterSixtySeconds.chance(60_000, 1.0) > afterOneSecond.chance(60_000, 1.0));
    }

    @Test
    void shouldNotBoostChanceBeforeOneAndAHalfExpectedIntervals()
    {
        // 1 RPPM: expected interval 60 s, so no boost up to 90 s since the last success.
        final RppmState withBlp = new RppmState(1.0, false, true);
        withBlp.restore(88_500, 0);
        final RppmState withoutBlp = new RppmState(1.0, false, false);
        withoutBlp.restore(88_500, 0);

        assertEquals(withoutBlp.chance(90_000, 1.0), withBlp.chance(90_000, 1.0));
    }

    @Test
    void shouldBoostChanceLinearlyAfterOneAndAHalfExpectedIntervals()
    {
        // 120 s at 1 RPPM is 2 expected intervals: factor 1 + (2 - 1.5) * 3 = 2.5.
        final RppmState withBlp = new RppmState(1.0, false, true);
        withBlp.restore(118_500, 0);
        final RppmState withoutBlp = new RppmState(1.0, false, false);
        withoutBlp.restore(118_500, 0);

        assertEquals(2.5 * withoutBlp.chance(120_000, 1.0), withBlp.chance(120_000, 1.0), EPSILON);
    }

    @Test
    void shouldMeasureDroughtInHastedExpectedIntervals()
    {
        // 1 RPPM at 2x haste: expected interval 30 s, so 60 s is 2 intervals: factor 2.5.
        final RppmState withBlp = new RppmState(1.0, true, true);
        withBlp.restore(58_500, 0);
        final RppmState withoutBlp = new RppmState(1.0, true, false);
        withoutBlp.restore(58_500, 0);

        assertEquals(2.5 * withoutBlp.chance(60_000, 2.0), withBlp.chance(60_000, 2.0), EPSILON);
    }

    @Test
    void shouldCapDroughtAtOneThousandSeconds()
    {
        final RppmState atCap = new RppmState(1.0, false, true);
        atCap.restore(998_500, 0);
        final RppmState beyondCap = new RppmState(1.0, false, true);
        beyondCap.restore(998_500, -1_000_000);

        assertEquals(atCap.chance(1_000_000, 1.0), beyondCap.chance(1_000_000, 1.0));
    }

    @Test
    void shouldNotBoostChanceWhenBadLuckProtectionIsDisabled()
    {
        final RppmState longDrought = new RppmState(1.0, false, false);
        longDrought.restore(298_500, 0);
        final RppmState noDrought = new RppmState(1.0, false, false);
        noDrought.restore(298_500, 298_500);

        assertEquals(noDrought.chance(300_000, 1.0), longDrought.chance(300_000, 1.0));
    }

    @Test
    void shouldRejectSecondAttemptAtSameTimeWithoutConsumingRoll()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(1.0e9, false, false);
        Stochastic.rollRppm(rng, state, 1_000, 1.0);
        final long rngState = rng.state();

        assertFalse(Stochastic.rollRppm(rng, state, 1_000, 1.0));
        assertEquals(rngState, rng.state());
    }

    @Test
    void shouldNotProcAtFightStart()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(1.0e9, false, false);
        state.reset(5_000);

        assertFalse(Stochastic.rollRppm(rng, state, 5_000, 1.0));
        assertEquals(SimRng.seeded(1, 2, 3).state(), rng.state());
    }

    @Test
    void shouldMeasureFirstAttemptFromFightStart()
    {
        final RppmState state = new RppmState(2.0, false, false);
        state.reset(5_000);
        final RppmState fresh = new RppmState(2.0, false, false);

        assertEquals(fresh.chance(1_500, 1.0), state.chance(6_500, 1.0));
    }

    @Test
    void shouldNotRollWhenRppmIsNotPositive()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(0.0, false, true);

        assertFalse(Stochastic.rollRppm(rng, state, 1_000, 1.0));
        assertEquals(SimRng.seeded(1, 2, 3).state(), rng.state());
        assertEquals(0, state.lastAttemptMillis());
    }

    @Test
    void shouldRecordAttemptAndSuccessTimesOnProc()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(1.0e9, false, false);

        assertTrue(Stochastic.rollRppm(rng, state, 2_000, 1.0));
        assertEquals(2_000, state.lastAttemptMillis());
        assertEquals(2_000, state.lastSuccessMillis());
    }

    @Test
    void shouldRecordOnlyAttemptTimeOnMiss()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(1.0e-12, false, false);
        state.restore(500, 100);

        assertFalse(Stochastic.rollRppm(rng, state, 2_000, 1.0));
        assertEquals(2_000, state.lastAttemptMillis());
        assertEquals(100, state.lastSuccessMillis());
    }

    @Test
    void shouldConsumeOneRollWhenChanceExceedsOne()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final RppmState state = new RppmState(1.0e9, false, false);
        Stochastic.rollRppm(rng, state, 2_000, 1.0);
        final SimRng reference = SimRng.seeded(1, 2, 3);
        reference.nextLong();

        assertEquals(reference.state(), rng.state());
    }

    @Test
    void shouldNotProcWhenTheRollEqualsTheChance()
    {
        // python3: 8.130154058804964 * (3.5 / 60.0) is exactly 0.4742589867636229, the first nextDouble() from
        // Marsaglia's seed (see SimRngTest), and the next larger rppm gives a larger chance
        final double rppm = 8.130154058804964;
        final RppmState equal = new RppmState(rppm, false, false);
        assertEquals(0.4742589867636229, equal.chance(3_500, 1.0));

        assertFalse(Stochastic.rollRppm(new SimRng(88172645463325252L), equal, 3_500, 1.0));
        assertEquals(3_500, equal.lastAttemptMillis());
        assertEquals(0, equal.lastSuccessMillis());
        final RppmState above = new RppmState(Math.nextUp(rppm), false, false);
        assertTrue(Stochastic.rollRppm(new SimRng(88172645463325252L), above, 3_500, 1.0));
        assertEquals(3_500, above.lastSuccessMillis());
    }

    @Test
    void shouldReportWhetherItIsHasteScaledAndBadLuckProtected()
    {
        final RppmState hasteOnly = new RppmState(1.0, true, false);
        final RppmState protectionOnly = new RppmState(1.0, false, true);

        assertTrue(hasteOnly.hasteScaled());
        assertFalse(hasteOnly.badLuckProtection());
        assertFalse(protectionOnly.hasteScaled());
        assertTrue(protectionOnly.badLuckProtection());
    }

    @Test
    void shouldKeepTimestampsWhenRppmChanges()
    {
        final RppmState state = new RppmState(1.0, false, true);
        state.restore(1_000, 500);
        state.rppm(3.0);

        assertEquals(3.0, state.rppm());
        assertEquals(1_000, state.lastAttemptMillis());
        assertEquals(500, state.lastSuccessMillis());
    }

    @Test
    void shouldRefuseANegativeOrNaNHasteMultiplierForAHasteScaledEffectWithoutRolling()
    {
        // each made a negative or NaN chance: an effect that silently never procs, its attempt recorded
        for (final double haste : new double[]{-0.5, -Double.MIN_VALUE, Double.NEGATIVE_INFINITY, Double.NaN})
        {
            final SimRng rng = SimRng.seeded(1, 2, 3);
            final RppmState state = new RppmState(1.0e9, true, true);
            state.restore(1_000, 500);

            assertEquals(
                "hasteMultiplier=" + haste + " must be positive (1 + haste)",
                assertThrows(IllegalArgumentException.class, () -> state.chance(2_000, haste)).getMessage());
            assertThrows(IllegalArgumentException.class, () -> Stochastic.rollRppm(rng, state, 2_000, haste));
            assertEquals(SimRng.seeded(1, 2, 3).state(), rng.state(), "no roll consumed");
            assertEquals(1_000, state.lastAttemptMillis());
            assertEquals(500, state.lastSuccessMillis());

            // ignored when the effect is not haste-scaled, as documented
            final RppmState unscaled = new RppmState(1.0e9, false, true);
            assertTrue(Stochastic.rollRppm(rng, unscaled, 2_000, haste));
        }

        // the limits stay accepted: 0 is a rate of 0, infinity an infinite one
        final RppmState scaled = new RppmState(1.0, true, true);
        assertEquals(0.0, scaled.chance(1_000, 0.0));
        assertEquals(Double.POSITIVE_INFINITY, scaled.chance(1_000, Double.POSITIVE_INFINITY));
    }

    @Test
    void shouldCountAGapLongerThanTheLongRangeAsLongerThanTheCaps()
    {
        // a state that last tried and succeeded at the start of the long range: now - then wrapped to a negative gap,
        // so a later attempt saw a chance of about -1.5e14 and could never proc
        final RppmState sinceTheStartOfTime = new RppmState(1.0, false, true);
        sinceTheStartOfTime.reset(Long.MIN_VALUE);
        final RppmState pastBothCaps = new RppmState(1.0, false, true);
        pastBothCaps.reset(-RppmState.MAX_BAD_LUCK_INTERVAL_MILLIS);

        assertEquals(pastBothCaps.chance(0, 1.0), sinceTheStartOfTime.chance(0, 1.0));
        assertEquals(pastBothCaps.chance(0, 1.0), sinceTheStartOfTime.chance(Long.MAX_VALUE, 1.0));
        final RppmState certain = new RppmState(1.0e9, false, true);
        certain.reset(Long.MIN_VALUE);
        assertTrue(Stochastic.rollRppm(SimRng.seeded(1, 2, 3), certain, 0, 1.0));

        // and a time before the last attempt by more than the long range is still the past: a negative chance
        final RppmState atTheEndOfTime = new RppmState(1.0, false, false);
        atTheEndOfTime.reset(Long.MAX_VALUE);
        assertTrue(atTheEndOfTime.chance(Long.MIN_VALUE, 1.0) < 0);
    }

    private static long simulate(final SimRng rng, final RppmState state, final double hasteMultiplier)
    {
        long procs = 0;
        for (long attempt = 1; attempt <= ATTEMPTS; attempt++)
        {
            if (Stochastic.rollRppm(rng, state, attempt * ATTEMPT_INTERVAL_MILLIS, hasteMultiplier))
            {
                procs++;
            }
        }

        return procs;
    }

    private static void assertWithinFiveSigma(final long observed, final double expected, final double sigma)
    {
        assertTrue(
            Math.abs(observed - expected) < 5.0 * sigma,
            () -> observed + " procs, expected " + expected + " +- 5 * " + sigma);
    }
}
