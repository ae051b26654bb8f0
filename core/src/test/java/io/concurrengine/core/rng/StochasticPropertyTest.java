package io.concurrengine.core.rng;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StochasticPropertyTest
{
    @Property
    void shouldPickDistinctItemsAndKeepPermutation(
        @ForAll final long state, @ForAll @IntRange(max = 64) final int size,
        @ForAll @IntRange(max = 64) final int pick)
    {
        final int count = pick % (size + 1);
        final int[] items = new int[size];
        for (int i = 0; i < size; i++)
        {
            items[i] = 1000 + i;
        }
        Stochastic.shufflePick(new SimRng(state), items, count);

        assertEquals(count, Arrays.stream(items, 0, count).distinct().count());
        final int[] sorted = items.clone();
        Arrays.sort(sorted);
        for (int i = 0; i < size; i++)
        {
            assertEquals(1000 + i, sorted[i]);
        }
    }

    @Property
    void shouldConsumeOneNextIntPerPickedItem(
        @ForAll final long state, @ForAll @IntRange(min = 1, max = 64) final int size)
    {
        final SimRng rng = new SimRng(state);
        final SimRng reference = new SimRng(state);
        final int[] items = new int[size];
        Stochastic.shufflePick(rng, items, size);
        for (int i = 0; i < size; i++)
        {
            reference.nextInt(size - i);
        }

        assertEquals(reference.state(), rng.state());
    }

    @Property
    void shouldProcExactlyWhenRollIsBelowChance(
        @ForAll final long state, @ForAll @DoubleRange(min = -0.5, max = 1.5) final double chance)
    {
        final SimRng reference = new SimRng(state);
        final boolean expected = reference.nextDouble() < chance;
        final SimRng rng = new SimRng(state);

        assertEquals(expected, Stochastic.procChance(rng, chance));
        assertEquals(reference.state(), rng.state());
    }

    @Property
    void shouldReturnFirstTierAboveRoll(
        @ForAll final long state,
        @ForAll @DoubleRange(min = 0.0, max = 1.0) final double a,
        @ForAll @DoubleRange(min = 0.0, max = 1.0) final double b,
        @ForAll @DoubleRange(min = 0.0, max = 1.0) final double c)
    {
        final double[] thresholds = { a, b, c };
        Arrays.sort(thresholds);
        final double roll = new SimRng(state).nextDouble();
        final int tier = Stochastic.rollTier(new SimRng(state), thresholds);

        assertTrue(tier == thresholds.length || roll < thresholds[tier]);
        assertTrue(tier == 0 || roll >= thresholds[tier - 1]);
    }

    @Property
    void shouldLeaveItemsUntouchedWhenPickingNothing(@ForAll final long state, @ForAll final int[] items)
    {
        final int[] copy = items.clone();
        Stochastic.shufflePick(new SimRng(state), items, 0);

        assertArrayEquals(copy, items);
    }
}
