package io.concurrengine.core.rng;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.LongRange;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RppmPropertyTest
{
    @Property
    void shouldProcExactlyWhenRollIsBelowChance(
        @ForAll final long rngState,
        @ForAll @DoubleRange(min = 0.1, max = 20.0) final double rppm,
        @ForAll final boolean hasteScaled,
        @ForAll final boolean badLuckProtection,
        @ForAll @LongRange(min = 0, max = 2_000_000) final long sinceSuccess,
        @ForAll @LongRange(min = 1, max = 10_000) final long sinceAttempt,
        @ForAll @DoubleRange(min = 1.0, max = 3.0) final double hasteMultiplier)
    {
        final long now = 5_000_000;
        final RppmState state = new RppmState(rppm, hasteScaled, badLuckProtection);
        state.restore(now - sinceAttempt, now - Math.max(sinceSuccess, sinceAttempt));
        final double chance = state.chance(now, hasteMultiplier);
        final SimRng reference = new SimRng(rngState);
        final boolean expected = reference.nextDouble() < chance;
        final SimRng rng = new SimRng(rngState);

        assertEquals(expected, Stochastic.rollRppm(rng, state, now, hasteMultiplier));
        assertEquals(reference.state(), rng.state());
        assertEquals(now, state.lastAttemptMillis());
    }

    @Property
    void shouldNeverLowerChanceDuringLongerDrought(
        @ForAll @DoubleRange(min = 0.1, max = 20.0) final double rppm,
        @ForAll @LongRange(min = 0, max = 2_000_000) final long shorter,
        @ForAll @LongRange(min = 0, max = 2_000_000) final long extra)
    {
        final long now = 5_000_000;
        final RppmState shortDrought = new RppmState(rppm, false, true);
        shortDrought.restore(now - 1_000, now - 1_000 - shorter);
        final RppmState longDrought = new RppmState(rppm, false, true);
        longDrought.restore(now - 1_000, now - 1_000 - shorter - extra);

        assertTrue(longDrought.chance(now, 1.0) >= shortDrought.chance(now, 1.0));
    }
}
