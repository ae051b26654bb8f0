package io.concurrengine.tools.soak.report;

import java.util.Arrays;

/**
 * Reduces a long series to about as many points as there are pixels without hiding spikes: the points are cut into
 * equal-count buckets and each bucket keeps its minimum and maximum (for lines) or its maximum (for bars), at their own
 * x, in their original order. NaN values are gaps: a bucket with only NaN keeps one NaN so the gap stays visible.
 * O(n); allocates the result.
 */
final class Downsample
{
    private Downsample()
    {
    }

    /**
     * Points of a series.
     *
     * @param xs x values.
     * @param ys y values, NaN for a gap.
     */
    record Points(double[] xs, double[] ys)
    {
        int size()
        {
            return xs.length;
        }
    }

    /**
     * @param xs      x values in increasing order.
     * @param ys      y values, same length.
     * @param buckets buckets to cut into, at least 1.
     * @return at most 2 points a bucket: the minimum and maximum of each; the input when it has no more than that.
     */
    static Points minMax(final double[] xs, final double[] ys, final int buckets)
    {
        checkArguments(xs, ys, buckets);
        final int n = xs.length;
        if (n <= 2 * buckets)
        {
            return new Points(xs, ys);
        }
        final double[] outX = new double[2 * buckets];
        final double[] outY = new double[2 * buckets];
        int size = 0;
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            final int start = (int)((long)bucket * n / buckets);
            final int end = (int)((long)(bucket + 1) * n / buckets);
            int minIndex = -1;
            int maxIndex = -1;
            for (int i = start; i < end; i++)
            {
                final double y = ys[i];
                if (!Double.isNaN(y))
                {
                    minIndex = minIndex < 0 || y < ys[minIndex] ? i : minIndex;
                    maxIndex = maxIndex < 0 || y > ys[maxIndex] ? i : maxIndex;
                }
            }
            if (minIndex < 0)
            {
                outX[size] = xs[start];
                outY[size++] = Double.NaN;
                continue;
            }
            final int firstIndex = Math.min(minIndex, maxIndex);
            final int secondIndex = Math.max(minIndex, maxIndex);
            outX[size] = xs[firstIndex];
            outY[size++] = ys[firstIndex];
            if (secondIndex != firstIndex)
            {
                outX[size] = xs[secondIndex];
                outY[size++] = ys[secondIndex];
            }
        }
        return new Points(Arrays.copyOf(outX, size), Arrays.copyOf(outY, size));
    }

    /**
     * @param xs      x values in increasing order.
     * @param ys      y values, same length.
     * @param buckets buckets to cut into, at least 1.
     * @return one point a bucket, at the bucket's first x with its largest y; the input when it has no more points
     * than buckets.
     */
    static Points max(final double[] xs, final double[] ys, final int buckets)
    {
        checkArguments(xs, ys, buckets);
        final int n = xs.length;
        if (n <= buckets)
        {
            return new Points(xs, ys);
        }
        final double[] outX = new double[buckets];
        final double[] outY = new double[buckets];
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            final int start = (int)((long)bucket * n / buckets);
            final int end = (int)((long)(bucket + 1) * n / buckets);
            double max = Double.NaN;
            for (int i = start; i < end; i++)
            {
                max = Double.isNaN(max) || ys[i] > max ? ys[i] : max;
            }
            outX[bucket] = xs[start];
            outY[bucket] = max;
        }
        return new Points(outX, outY);
    }

    private static void checkArguments(final double[] xs, final double[] ys, final int buckets)
    {
        if (xs.length != ys.length)
        {
            throw new IllegalArgumentException("xs.length=" + xs.length + " ys.length=" + ys.length);
        }
        if (buckets < 1)
        {
            throw new IllegalArgumentException("buckets=" + buckets);
        }
    }
}
