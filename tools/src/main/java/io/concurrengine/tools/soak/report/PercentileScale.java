package io.concurrengine.tools.soak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * The HdrHistogram percentile axis: position is log10(1 / (1 − p)), so 0 %, 90 %, 99 %, 99.9 %… are evenly spaced,
 * one decade of "nines" each. A percentile past the last decade (and 100 %, which is infinitely far) is drawn at the
 * far end.
 */
final class PercentileScale implements Scale
{
    static final int MIN_DECADES = 5;
    static final int MAX_DECADES = 7;

    private final int decades;

    /**
     * @param decades nines on the axis: 5 ends it at 99.999 %.
     */
    PercentileScale(final int decades)
    {
        if (decades < 1)
        {
            throw new IllegalArgumentException("decades=" + decades);
        }
        this.decades = decades;
    }

    /**
     * @param sampleCount values in the histogram.
     * @return an axis to the last percentile the samples resolve: 99.999 % (5 decades) at least, one more nine per
     * tenfold more samples from a million, at most {@value #MAX_DECADES}.
     */
    static PercentileScale forSamples(final long sampleCount)
    {
        final int resolved = sampleCount > 0 ? (int)Math.floor(Math.log10(sampleCount) + 1e-9) : 0;
        return new PercentileScale(Math.max(MIN_DECADES, Math.min(MAX_DECADES, resolved)));
    }

    /**
     * @return nines on the axis.
     */
    int decades()
    {
        return decades;
    }

    @Override
    public double fraction(final double percentile)
    {
        if (Double.isNaN(percentile))
        {
            return Double.NaN;
        }
        if (percentile >= 100)
        {
            return 1;
        }
        return Scale.clamp(Math.log10(100 / (100 - percentile)) / decades);
    }

    @Override
    public List<Tick> ticks()
    {
        final List<Tick> ticks = new ArrayList<>();
        for (int nines = 0; nines <= decades; nines++)
        {
            ticks.add(new Tick(100 - 100 / Math.pow(10, nines), label(nines)));
        }
        return ticks;
    }

    private static String label(final int nines)
    {
        if (nines <= 2)
        {
            return new String[]{"0%", "90%", "99%"}[nines];
        }
        return "99." + "9".repeat(nines - 2) + "%";
    }
}
