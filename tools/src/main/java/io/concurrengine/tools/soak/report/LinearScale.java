package io.concurrengine.tools.soak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A linear axis from 0: either values up to a round ceiling with about {@value #VALUE_TICKS} ticks at 1, 2, 2.5 or 5
 * times a power of ten, or elapsed seconds up to the run's end with ticks at whole seconds, minutes or hours,
 * labelled {@code 30 s} in short runs and as a clock ({@code 12:30}, {@code 1:00:00}) in longer ones.
 */
final class LinearScale implements Scale
{
    static final int VALUE_TICKS = 5;
    static final int TIME_TICKS = 10;
    private static final double[] NICE = {1, 2, 2.5, 5, 10};
    private static final long[] TIME_STEPS =
        {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 10800, 21600, 43200, 86400};
    private static final double CLOCK_FROM_SECONDS = 120;

    private final double max;
    private final double step;
    private final boolean time;

    private LinearScale(final double max, final double step, final boolean time)
    {
        this.max = max;
        this.step = step;
        this.time = time;
    }

    /**
     * @param maxValue the largest value to show; non-positive or NaN gives the axis 0 to 1.
     * @return an axis from 0 to the first tick at or above the value.
     */
    static LinearScale values(final double maxValue)
    {
        final double top = maxValue > 0 ? maxValue : 1;
        final double raw = top / VALUE_TICKS;
        final double power = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = power * 10;
        for (final double nice : NICE)
        {
            if (nice * power >= raw * (1 - 1e-9))
            {
                step = nice * power;
                break;
            }
        }
        return new LinearScale(Math.ceil(top / step - 1e-9) * step, step, false);
    }

    /**
     * @param maxSeconds end of the run; less than 1 gives the axis 0 to 1 s.
     * @return a time axis from 0 to exactly the end of the run.
     */
    static LinearScale seconds(final double maxSeconds)
    {
        final double top = maxSeconds >= 1 ? maxSeconds : 1;
        long step = TIME_STEPS[TIME_STEPS.length - 1];
        for (final long candidate : TIME_STEPS)
        {
            if (top / candidate <= TIME_TICKS)
            {
                step = candidate;
                break;
            }
        }
        while (top / step > TIME_TICKS)
        {
            step *= 2;
        }
        return new LinearScale(top, step, true);
    }

    /**
     * @return the value at the far end of the axis.
     */
    double max()
    {
        return max;
    }

    /**
     * @return how a time axis is labelled: {@code s}, {@code m:ss} or {@code h:mm:ss}.
     */
    String unitCaption()
    {
        return !clockLabels() ? "s" : withHours() ? "h:mm:ss" : "m:ss";
    }

    private boolean clockLabels()
    {
        return time && max >= CLOCK_FROM_SECONDS;
    }

    private boolean withHours()
    {
        return max >= 3600;
    }

    @Override
    public double fraction(final double value)
    {
        return Double.isNaN(value) ? Double.NaN : Scale.clamp(value / max);
    }

    @Override
    public List<Tick> ticks()
    {
        final List<Tick> ticks = new ArrayList<>();
        final long count = (long)Math.floor(max / step + 1e-9);
        for (long i = 0; i <= count; i++)
        {
            final double value = i * step;
            ticks.add(new Tick(value, label(value)));
        }
        return ticks;
    }

    private String label(final double value)
    {
        if (!time)
        {
            return Text.tick(value, step);
        }
        return clockLabels() ? Text.clock(value, withHours()) : Text.tick(value, step) + " s";
    }
}
