package io.concurrengine.model.combat;

import java.util.Arrays;

/**
 * A policy casting given spells at given times, waiting in between, then doing nothing.
 */
final class Scripted implements ActionPolicy
{
    private final long[] times;
    private final int[] spells;
    private int next;

    Scripted(final long[] times, final int[] spells)
    {
        this.times = times;
        this.spells = spells;
    }

    static Scripted at(final int spell, final long... times)
    {
        final int[] spells = new int[times.length];
        Arrays.fill(spells, spell);
        return new Scripted(times, spells);
    }

    @Override
    public long decide(final long now, final boolean offGcdOnly)
    {
        if (next == times.length)
        {
            return SpecAction.NONE;
        }
        if (times[next] <= now)
        {
            return SpecAction.cast(spells[next++]);
        }
        return offGcdOnly ? SpecAction.NONE : SpecAction.waitUntil(times[next]);
    }
}
