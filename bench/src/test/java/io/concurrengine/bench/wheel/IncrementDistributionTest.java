package io.concurrengine.bench.wheel;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each hold-model distribution draws whole units in its range, about the mean it declares (the mean the Agrona wheel's
 * tick is sized by). A fixed seed: the draws are the same on every run.
 */
class IncrementDistributionTest
{
    private static final int DRAWS = 200_000;

    @ParameterizedTest
    @EnumSource(IncrementDistribution.class)
    void shouldDrawIncrementsInItsRangeAboutTheMeanItDeclares(final IncrementDistribution distribution)
    {
        final SplittableRandom random = new SplittableRandom(1);
        final long bound = switch (distribution)
        {
            case EXPONENTIAL -> Long.MAX_VALUE;
            case UNIFORM -> 2 * IncrementDistribution.MEAN;
            case DENSE -> IncrementDistribution.DENSE_BOUND;
        };
        long sum = 0;
        long max = 0;
        for (int i = 0; i < DRAWS; i++)
        {
            final long increment = distribution.sample(random);
            assertTrue(increment >= 0 && increment < bound, distribution + " drew " + increment);
            sum += increment;
            max = Math.max(max, increment);
        }

        final double mean = (double)sum / DRAWS;
        assertEquals(distribution.mean(), mean, distribution.mean() * 0.02, distribution + " mean");
        assertTrue(max >= bound / 2 || distribution == IncrementDistribution.EXPONENTIAL, distribution + " max " + max);
    }

    @ParameterizedTest
    @EnumSource(IncrementDistribution.class)
    void shouldDeclareTheMeanOfItsDraws(final IncrementDistribution distribution)
    {
        assertEquals(distribution == IncrementDistribution.DENSE ? 15.5 : 16_384.0, distribution.mean());
    }
}
