package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ZipfSamplerTest
{
    private static final int SAMPLES = 400_000;

    @Test
    void shouldHaveSharesProportionalToTheInversePowerOfTheRank()
    {
        final ZipfSampler zipf = new ZipfSampler(100, 1.1);
        double sum = 0;
        for (int rank = 0; rank < zipf.size(); rank++)
        {
            sum += zipf.share(rank);
        }
        assertEquals(1.0, sum, 1e-12);
        assertEquals(Math.pow(2, 1.1), zipf.share(0) / zipf.share(1), 1e-9);
    }

    @Test
    void shouldDrawEachRankWithItsShare()
    {
        final ZipfSampler zipf = new ZipfSampler(10, 1.1);
        final SimRng rng = SimRng.seeded(1, 2, 3);
        final int[] counts = new int[10];
        for (int i = 0; i < SAMPLES; i++)
        {
            counts[zipf.sample(rng)]++;
        }
        for (int rank = 0; rank < 10; rank++)
        {
            assertEquals(zipf.share(rank), counts[rank] / (double)SAMPLES, 0.005, "rank " + rank);
        }
    }

    @Test
    void shouldBeUniformWithExponentZero()
    {
        final ZipfSampler zipf = new ZipfSampler(4, 0.0);
        final SimRng rng = SimRng.seeded(9, 0, 0);
        final int[] counts = new int[4];
        for (int i = 0; i < SAMPLES; i++)
        {
            counts[zipf.sample(rng)]++;
        }
        for (final int count : counts)
        {
            assertEquals(0.25, count / (double)SAMPLES, 0.005);
        }
    }

    @Test
    void shouldRejectANonPositiveSize()
    {
        assertThrows(IllegalArgumentException.class, () -> new ZipfSampler(0, 1.1));
    }

    @Test
    void shouldAlwaysDrawTheOnlyRankOfASamplerOfOne()
    {
        final ZipfSampler zipf = new ZipfSampler(1, 1.1);
        final SimRng rng = SimRng.seeded(4, 0, 0);
        for (int i = 0; i < 100; i++)
        {
            assertEquals(0, zipf.sample(rng));
        }
        assertEquals(1.0, zipf.share(0));
        assertEquals(1, zipf.size());
    }
}
