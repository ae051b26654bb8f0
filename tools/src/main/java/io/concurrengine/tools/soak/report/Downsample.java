package io.concurrengine.tools.soak.report;

/**
 * Reduces a long series to about one point a pixel without hiding spikes. The points are cut into equal-count
 * buckets; a line keeps each bucket's minimum, mean and maximum (drawn as a band around a mean line, so a one-second
 * spike still reaches the bucket's maximum), bars keep each bucket's maximum. NaN values are gaps: a bucket with only
 * NaN stays NaN so the gap stays visible. O(n); allocates the result.
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
     * A series per bucket. When not {@code reduced}, each bucket is one original point and the three y arrays are the
     * same array.
     *
     * @param xs      middle x of each bucket.
     * @param mins    smallest y of each bucket, NaN when it had none.
     * @param means   mean y of each bucket, NaN when it had none.
     * @param maxs    largest y of each bucket, NaN when it had none.
     * @param reduced true when buckets hold more than one point.
     */
    record Band(double[] xs, double[] mins, double[] means, double[] maxs, boolean reduced)
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
     * @return the min, mean and max of each bucket; the input unreduced when it has no more than 2 points a bucket.
     */
    static Band band(final double[] xs, final double[] ys, final int buckets)
    {
        checkArguments(xs, ys, buckets);
        final int n = xs.length;
        if (n <= 2 * buckets)
        {
            return new Band(xs, ys, ys, ys, false);
        }
        final double[] outX = new double[buckets];
        final double[] mins = new double[buckets];
        final double[] means = new double[buckets];
        final double[] maxs = new double[buckets];
        for (int bucket = 0; bucket < buckets; bucket++)
        {
            final int start = (int)((long)bucket * n / buckets);
            final int end = (int)((long)(bucket + 1) * n / buckets);
            double min = Double.POSITIVE_INFINITY;
            double max = Double.NEGATIVE_INFINITY;
            double sum = 0;
            int count = 0;
            for (int i = start; i < end; i++)
            {
                final double y = ys[i];
                if (!Double.isNaN(y))
                {
                    min = Math.min(min, y);
                    max = Math.max(max, y);
                    sum += y;
                    count++;
                }
            }
            outX[bucket] = (xs[start] + xs[end - 1]) / 2;
            mins[bucket] = count > 0 ? min : Double.NaN;
            means[bucket] = count > 0 ? sum / count : Double.NaN;
            maxs[bucket] = count > 0 ? max : Double.NaN;
        }
        return new Band(outX, mins, means, maxs, true);
    }

    /**
     * @param xs      x values in increasing order.
     * @param ys      y values, same length.
     * @param buckets buckets to cut into, at least 1.
     * @return one point a bucket, at the bucket's middle x with its largest y; the input when it has no more points
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
            outX[bucket] = (xs[start] + xs[end - 1]) / 2;
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
