package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
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

        final Downsample.Points points = Downsample.minMax(xs(POINTS), ys, 800);

        assertTrue(points.size() <= 1_600, "size=" + points.size());
        final int at = indexOf(points.ys(), 5_000);
        assertTrue(at >= 0, "spike lost");
        assertEquals(SPIKE, points.xs()[at]);
    }

    @Test
    void shouldKeepTheMinDip()
    {
        final double[] ys = flat(POINTS, 10);
        ys[SPIKE] = 0.5;

        assertTrue(indexOf(Downsample.minMax(xs(POINTS), ys, 800).ys(), 0.5) >= 0);
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

        final double[] xs = Downsample.minMax(xs(POINTS), ys, 500).xs();

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

        assertTrue(Arrays.stream(Downsample.minMax(xs(POINTS), ys, 800).ys()).anyMatch(Double::isNaN));
    }

    @Test
    void shouldReturnAShortSeriesUnchanged()
    {
        final double[] xs = {1, 2, 3};
        final double[] ys = {3, 1, 2};

        final Downsample.Points points = Downsample.minMax(xs, ys, 800);

        assertSame(xs, points.xs());
        assertArrayEquals(ys, points.ys());
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
