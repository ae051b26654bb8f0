package io.concurrengine.tools.soak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A base-10 logarithmic axis over whole decades: labelled gridlines at each power of ten, and at 2 and 5 times it
 * (labelled when the axis spans at most {@value #LABEL_MINOR_DECADES} decades, unlabelled up to
 * {@value #MINOR_DECADES}).
 */
final class LogScale implements Scale
{
    static final int LABEL_MINOR_DECADES = 2;
    static final int MINOR_DECADES = 4;

    private final int lowExponent;
    private final int highExponent;

    private LogScale(final int lowExponent, final int highExponent)
    {
        this.lowExponent = lowExponent;
        this.highExponent = highExponent;
    }

    /**
     * @param minPositive smallest positive value to show; NaN or non-positive when there is none.
     * @param max         largest value to show.
     * @return an axis from the power of ten at or below the minimum to the one at or above the maximum, at least one
     * decade; 1 to 10 when there is no positive value.
     */
    static LogScale covering(final double minPositive, final double max)
    {
        if (!(minPositive > 0) || !(max > 0))
        {
            return new LogScale(0, 1);
        }
        final int low = (int)Math.floor(Math.log10(minPositive) + 1e-9);
        final int high = (int)Math.ceil(Math.log10(Math.max(max, minPositive)) - 1e-9);
        return new LogScale(low, Math.max(high, low + 1));
    }

    /**
     * @return decades the axis spans.
     */
    int decades()
    {
        return highExponent - lowExponent;
    }

    @Override
    public double fraction(final double value)
    {
        if (!(value > 0))
        {
            return Double.NaN;
        }
        return Scale.clamp((Math.log10(value) - lowExponent) / decades());
    }

    @Override
    public List<Tick> ticks()
    {
        final List<Tick> ticks = new ArrayList<>();
        final boolean minor = decades() <= MINOR_DECADES;
        final boolean labelMinor = decades() <= LABEL_MINOR_DECADES;
        for (int exponent = lowExponent; exponent <= highExponent; exponent++)
        {
            final double power = Math.pow(10, exponent);
            ticks.add(new Tick(power, Text.tick(power, power)));
            if (minor && exponent < highExponent)
            {
                ticks.add(new Tick(2 * power, labelMinor ? Text.tick(2 * power, power) : ""));
                ticks.add(new Tick(5 * power, labelMinor ? Text.tick(5 * power, power) : ""));
            }
        }
        return ticks;
    }
}
