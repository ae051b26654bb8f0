package io.concurrengine.core.rng;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

// Statistical tests use fixed seeds, so they are deterministic; their bounds are chosen so that a correct
// implementation would fail them with probability of order 1e-6 for a random seed:
// binomial counts within 5 standard deviations, chi-square statistics below the p = 1e-6 critical value
// (scipy.stats.chi2.isf(1e-6, df): df 3 -> 30.66, df 9 -> 44.81, df 19 -> 63.68).
class StochasticTest
{
    private static final double CHI_SQUARE_DF_3 = 30.66;
    private static final double CHI_SQUARE_DF_9 = 44.81;
    private static final double CHI_SQUARE_DF_19 = 63.68;

    @Test
    void shouldProcAtConfiguredFrequency()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final int trials = 1_000_000;
        final double chance = 0.3;
        int procs = 0;
        for (int i = 0; i < trials; i++)
        {
            if (Stochastic.procChance(rng, chance))
            {
                procs++;
            }
        }

        final double expected = trials * chance;
        final double sigma = Math.sqrt(trials * chance * (1.0 - chance));
        final int observed = procs;
        assertTrue(Math.abs(observed - expected) < 5.0 * sigma, () -> observed + " procs, expected " + expected);
    }

    @Test
    void shouldNeverProcWithNonPositiveChance()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        for (int i = 0; i < 10_000; i++)
        {
            assertFalse(Stochastic.procChance(rng, i % 2 == 0 ? 0.0 : -1.0));
        }
    }

    @Test
    void shouldAlwaysProcWithChanceOfOneOrMore()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(Stochastic.procChance(rng, i % 2 == 0 ? 1.0 : 2.5));
        }
    }

    @Test
    void shouldNotProcWhenTheRollEqualsTheChance()
    {
        // first nextDouble() from Marsaglia's seed is 0.4742589867636229 (see SimRngTest)
        assertFalse(Stochastic.procChance(new SimRng(88172645463325252L), 0.4742589867636229));
        assertTrue(Stochastic.procChance(new SimRng(88172645463325252L), Math.nextUp(0.4742589867636229)));
    }

    @Test
    void shouldNeverProcWithChanceZeroEvenOnARollOfZero()
    {
        // python3: inverse xorshift of 1, so the next output is 1 and the next double (1 >>> 11) * 2^-53 is 0.0
        final long zeroRoll = 0xbe6df32f185a864dL;
        assertEquals(0.0, new SimRng(zeroRoll).nextDouble());

        assertFalse(Stochastic.procChance(new SimRng(zeroRoll), 0.0));
        assertTrue(Stochastic.procChance(new SimRng(zeroRoll), Double.MIN_VALUE));
    }

    @Test
    void shouldConsumeOneRollEvenWhenProcIsCertain()
    {
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final SimRng reference = SimRng.seeded(1, 2, 3);
        Stochastic.procChance(rng, 0.0);
        Stochastic.procChance(rng, 1.0);
        reference.nextLong();
        reference.nextLong();

        assertEquals(reference.state(), rng.state());
    }

    @Test
    void shouldRollTiersWithThresholdProbabilities()
    {
        final SimRng rng = SimRng.seeded(4, 5, 6);
        final double[] thresholds = { 0.1, 0.4, 0.9 };
        final double[] probabilities = { 0.1, 0.3, 0.5, 0.1 };
        final int trials = 1_000_000;
        final long[] counts = new long[probabilities.length];
        for (int i = 0; i < trials; i++)
        {
            counts[Stochastic.rollTier(rng, thresholds)]++;
        }

        assertTrue(chiSquare(counts, probabilities, trials) < CHI_SQUARE_DF_3);
    }

    @Test
    void shouldMoveToNextTierWhenRollEqualsThreshold()
    {
        // first nextDouble() from Marsaglia's seed is 0.4742589867636229 (see SimRngTest)
        final SimRng rng = new SimRng(88172645463325252L);

        assertEquals(1, Stochastic.rollTier(rng, new double[]{ 0.4742589867636229, 1.0 }));
    }

    @Test
    void shouldReturnThresholdCountWhenRollExceedsAllThresholds()
    {
        final SimRng rng = new SimRng(88172645463325252L);

        assertEquals(2, Stochastic.rollTier(rng, new double[]{ 0.1, 0.4742589867636229 }));
    }

    @Test
    void shouldReturnZeroForNoThresholdsAndConsumeOneRoll()
    {
        final SimRng rng = new SimRng(88172645463325252L);

        assertEquals(0, Stochastic.rollTier(rng, new double[0]));
        assertEquals(8748534153485358512L, rng.state());
    }

    @Test
    void shouldMatchReferencePartialShuffle()
    {
        final SimRng rng = SimRng.seeded(42, 7, 3);
        final int[] items = new int[20];
        fillIdentity(items);
        Stochastic.shufflePick(rng, items, 8);

        // python3: j = i + nextInt(20 - i) (Lemire on state >> 32), swap(items[i], items[j]) for i in 0..7
        assertArrayEquals(
            new int[]{ 11, 14, 15, 5, 19, 4, 2, 1, 8, 9, 10, 0, 12, 13, 7, 6, 16, 17, 18, 3 },
            items);
        assertEquals(0x90900e1ab050ae8fL, rng.state());
    }

    @Test
    void shouldPickEachItemEquallyOften()
    {
        final SimRng rng = SimRng.seeded(7, 8, 9);
        final int size = 10;
        final int count = 3;
        final int trials = 100_000;
        final int[] items = new int[size];
        final long[] picks = new long[size];
        for (int t = 0; t < trials; t++)
        {
            fillIdentity(items);
            Stochastic.shufflePick(rng, items, count);
            for (int i = 0; i < count; i++)
            {
                picks[items[i]]++;
            }
        }

        // Sampling without replacement is less dispersed than the multinomial, so the df 9 bound is conservative.
        final double[] probabilities = new double[size];
        Arrays.fill(probabilities, 1.0 / size);
        assertTrue(chiSquare(picks, probabilities, (long)trials * count) < CHI_SQUARE_DF_9);
    }

    @Test
    void shouldPickEachOrderedPairEquallyOften()
    {
        final SimRng rng = SimRng.seeded(10, 11, 12);
        final int size = 5;
        final int trials = 200_000;
        final int[] items = new int[size];
        final long[] pairs = new long[size * size];
        for (int t = 0; t < trials; t++)
        {
            fillIdentity(items);
            Stochastic.shufflePick(rng, items, 2);
            pairs[items[0] * size + items[1]]++;
        }

        final long[] observed = new long[size * (size - 1)];
        int cell = 0;
        for (int first = 0; first < size; first++)
        {
            for (int second = 0; second < size; second++)
            {
                if (first == second)
                {
                    assertEquals(0, pairs[first * size + second]);
                }
                else
                {
                    observed[cell++] = pairs[first * size + second];
                }
            }
        }

        final double[] probabilities = new double[observed.length];
        Arrays.fill(probabilities, 1.0 / observed.length);
        assertTrue(chiSquare(observed, probabilities, trials) < CHI_SQUARE_DF_19);
    }

    @Test
    void shouldConsumeNoRollsWhenPickingNothing()
    {
        final SimRng rng = new SimRng(88172645463325252L);
        final int[] items = { 1, 2, 3 };
        Stochastic.shufflePick(rng, items, 0);

        assertEquals(88172645463325252L, rng.state());
        assertArrayEquals(new int[]{ 1, 2, 3 }, items);
    }

    @Test
    void shouldRejectPickCountLargerThanItems()
    {
        final SimRng rng = new SimRng(88172645463325252L);

        assertThrows(IllegalArgumentException.class, () -> Stochastic.shufflePick(rng, new int[3], 4));
    }

    @Test
    void shouldRejectNegativePickCount()
    {
        final SimRng rng = new SimRng(88172645463325252L);

        assertThrows(IllegalArgumentException.class, () -> Stochastic.shufflePick(rng, new int[3], -1));
    }

    private static void fillIdentity(final int[] items)
    {
        for (int i = 0; i < items.length; i++)
        {
            items[i] = i;
        }
    }

    private static double chiSquare(final long[] observed, final double[] probabilities, final long total)
    {
        double statistic = 0.0;
        for (int i = 0; i < observed.length; i++)
        {
            final double expected = total * probabilities[i];
            final double difference = observed[i] - expected;
            statistic += difference * difference / expected;
        }

        return statistic;
    }
}
