package io.concurrengine.tools.soak.report;

import java.util.List;

/**
 * Maps an axis's data values onto [0, 1] along the axis and names its ticks.
 */
interface Scale
{
    /**
     * @param value a data value.
     * @return its position along the axis, 0 at the origin and 1 at the far end, clamped to [0, 1]; NaN when the
     * value cannot be shown (NaN, or not positive on a log scale).
     */
    double fraction(double value);

    /**
     * @return the ticks in increasing order, each drawn as a gridline.
     */
    List<Tick> ticks();

    /**
     * A tick: a gridline at a value, labelled when the label is not empty.
     *
     * @param value where.
     * @param label what the axis says there; empty for an unlabelled minor gridline.
     */
    record Tick(double value, String label)
    {
        boolean major()
        {
            return !label.isEmpty();
        }
    }

    /**
     * @param fraction any number.
     * @return it clamped to [0, 1], NaN kept.
     */
    static double clamp(final double fraction)
    {
        return fraction < 0 ? 0 : fraction > 1 ? 1 : fraction;
    }
}
