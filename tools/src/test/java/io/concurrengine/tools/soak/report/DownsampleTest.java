package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DownsampleTest
{
    private static final int POINTS = 100_000;
    private static final int SPIKE = 54_321;

    @Test
    void shouldKeepTheMaxSpike()
    {
        final double[] ys = flat(POINTS, 10);
        ys[SPIKE] = 5_000;

        final Downsample.Band band = Downsample.band(xs(POINTS), ys, 800);

        assertEquals(800, band.size());
        final int at = indexOf(band.maxs(), 5_000);
        assertEquals(SPIKE * 800 / POINTS, at, "bucket of the spike");
        assertEquals(SPIKE, band.xs()[at], POINTS / 800.0);
    }

    @Test
    void shouldKeepTheMinDip()
    {
        final double[] ys = flat(POINTS, 10);
        ys[SPIKE] = 0.5;

        assertTrue(indexOf(Downsample.band(xs(POINTS), ys, 800).mins(), 0.5) >= 0);
    }

    @Test
    void shouldAverageEachBucket()
    {
        final double[] ys = new double[POINTS];
        Arrays.setAll(ys, i -> i % 2);

        final Downsample.Band band = Downsample.band(xs(POINTS), ys, 500);

        assertTrue(Arrays.stream(band.means()).allMatch(mean -> mean == 0.5), Arrays.toString(band.means()));
    }

    @Test
    void shouldKeepTheMaxBarPerBucket()
    {
        final double[] ys = flat(POINTS, 1);
        ys[SPIKE] = 250;

        final Downsample.Points points = Downsample.max(xs(POINTS), ys, 800);

        assertEquals(800, points.size());
        assertEquals(250, Arrays.stream(points.ys()).max().orElseThrow());
    }

    @Test
    void shouldKeepPointsInTimeOrder()
    {
        final double[] ys = new double[POINTS];
        for (int i = 0; i < POINTS; i++)
        {
            ys[i] = Math.sin(i / 100.0);
        }

        final double[] xs = Downsample.band(xs(POINTS), ys, 500).xs();

        for (int i = 1; i < xs.length; i++)
        {
            assertTrue(xs[i] > xs[i - 1], "x[" + i + "]=" + xs[i]);
        }
    }

    @Test
    void shouldKeepAGapThatFillsABucket()
    {
        final double[] ys = flat(POINTS, 10);
        Arrays.fill(ys, 50_000, 50_500, Double.NaN);

        assertTrue(Arrays.stream(Downsample.band(xs(POINTS), ys, 800).means()).anyMatch(Double::isNaN));
    }

    @Test
    void shouldGiveEachBucketsMiddleAndEdgesExactly()
    {
        final double[] xs = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9};
        final double[] ys = {5, 1, 7, 3, 2, 9, 4, 4, 8, 6};

        final Downsample.Points max = Downsample.max(xs, ys, 5);
        final Downsample.Band band = Downsample.band(xs, ys, 2);
        final Downsample.Band gap = Downsample.band(xs, new double[] {1, 2, 3, 4, 5, Double.NaN, Double.NaN,
            Double.NaN, Double.NaN, Double.NaN}, 2);

        assertArrayEquals(new double[] {0.5, 2.5, 4.5, 6.5, 8.5}, max.xs());
        assertArrayEquals(new double[] {5, 7, 9, 4, 8}, max.ys());
        assertTrue(band.reduced());
        assertArrayEquals(new double[] {2, 7}, band.xs());
        assertArrayEquals(new double[] {1, 4}, band.mins());
        assertArrayEquals(new double[] {3.6, 6.2}, band.means(), 1e-12);
        assertArrayEquals(new double[] {7, 9}, band.maxs());
        // a bucket of gaps only is a gap in all three lines, not an infinity
        assertArrayEquals(new double[] {1, Double.NaN}, gap.mins());
        assertArrayEquals(new double[] {3, Double.NaN}, gap.means());
        assertArrayEquals(new double[] {5, Double.NaN}, gap.maxs());
    }

    /**
     * A band keeps a series of up to 2 points a bucket as it is, and {@code max} one of up to 1 a bucket; one bucket is
     * enough to reduce to, none is refused, as are series whose x and y lengths differ.
     */
    @Test
    void shouldReduceOnlyASeriesLongerThanItsLimitAndCheckItsArguments()
    {
        final double[] eight = {0, 1, 2, 3, 4, 5, 6, 7};
        final double[] nine = {0, 1, 2, 3, 4, 5, 6, 7, 8};

        assertFalse(Downsample.band(eight, eight, 4).reduced());
        assertTrue(Downsample.band(nine, nine, 4).reduced());
        assertSame(eight, Downsample.max(eight, eight, 8).xs());
        assertEquals(8, Downsample.max(nine, nine, 8).size());
        assertArrayEquals(new double[] {8}, Downsample.max(nine, nine, 1).ys());
        assertThrows(IllegalArgumentException.class, () -> Downsample.band(nine, nine, 0));
        assertThrows(IllegalArgumentException.class, () -> Downsample.max(nine, nine, 0));
        assertThrows(IllegalArgumentException.class, () -> Downsample.band(eight, nine, 1));
        assertThrows(IllegalArgumentException.class, () -> Downsample.max(eight, nine, 1));
    }

    @Test
    void shouldReturnAShortSeriesUnchanged()
    {
        final double[] xs = {1, 2, 3};
        final double[] ys = {3, 1, 2};

        final Downsample.Band band = Downsample.band(xs, ys, 800);

        assertFalse(band.reduced());
        assertSame(xs, band.xs());
        assertArrayEquals(ys, band.means());
    }

    private static double[] xs(final int n)
    {
        final double[] xs = new double[n];
        Arrays.setAll(xs, i -> i);
        return xs;
    }

    private static double[] flat(final int n, final double value)
    {
        final double[] ys = new double[n];
        Arrays.fill(ys, value);
        return ys;
    }

    private static int indexOf(final double[] values, final double value)
    {
        for (int i = 0; i < values.length; i++)
        {
            if (values[i] == value)
            {
                return i;
            }
        }
        return -1;
    }
}
