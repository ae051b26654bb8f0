package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.feed.PacedFeed;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Progress of a run on standard error: one redrawn line on a terminal, a plain line a second otherwise.
 */
final class Progress
{
    private final PrintWriter err;
    private final boolean redraw;
    private final boolean enabled;
    private long lastPrintNanos;
    private long lastEvents;
    private long lastElapsed;

    Progress(final PrintWriter err, final boolean redraw, final boolean enabled)
    {
        this.err = err;
        this.redraw = redraw;
        this.enabled = enabled;
    }

    void update(final Engine engine, final PacedFeed feed, final long elapsedNanos, final long target)
    {
        if (!enabled || (!redraw && elapsedNanos - lastPrintNanos < 1_000_000_000L))
        {
            return;
        }
        lastPrintNanos = elapsedNanos;
        long events = 0;
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            events += engine.counters(shard).dispatched();
        }
        final double rate = elapsedNanos > lastElapsed ?
            (events - lastEvents) * 1e9 / (elapsedNanos - lastElapsed) : 0;
        lastEvents = events;
        lastElapsed = elapsedNanos;
        final String done = target > 0 ?
            String.format(Locale.ROOT, " %5.1f%%", 100.0 * feed.published() / target) : "";
        final String line = String.format(Locale.ROOT, "%6.1fs%s  published %,d  dispatched %,d  %,.0f events/s",
            elapsedNanos / 1e9, done, feed.published(), events, rate);
        if (redraw)
        {
            err.print("\r" + line + "   ");
        }
        else
        {
            err.println(line);
        }
        err.flush();
    }

    void finish(final Engine engine, final PacedFeed feed, final long elapsedNanos, final long target)
    {
        if (enabled && redraw)
        {
            update(engine, feed, elapsedNanos, target);
            err.println();
            err.flush();
        }
    }
}
