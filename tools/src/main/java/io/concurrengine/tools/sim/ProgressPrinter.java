package io.concurrengine.tools.sim;

import io.concurrengine.pipeline.montecarlo.ProgressListener;
import io.concurrengine.tools.Plural;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Shows Monte Carlo progress on stderr: on a terminal a bar redrawn in place with {@code \r} at most every 100 ms,
 * otherwise one plain line per 10 % done. Threadsafe: workers report concurrently; the largest count wins.
 */
final class ProgressPrinter implements ProgressListener
{
    private static final int BAR_WIDTH = 30;
    private static final long REDRAW_NANOS = 100_000_000L;

    private final PrintWriter err;
    private final boolean terminal;
    private long shown;
    private int shownTenth;
    private long lastDrawNanos;
    private boolean drawn;

    ProgressPrinter(final PrintWriter err, final boolean terminal)
    {
        this.err = err;
        this.terminal = terminal;
    }

    @Override
    public synchronized void onProgress(final long done, final long iterations)
    {
        if (done <= shown)
        {
            return;
        }
        shown = done;
        if (terminal)
        {
            final long now = System.nanoTime();
            if (done == iterations || !drawn || now - lastDrawNanos >= REDRAW_NANOS)
            {
                lastDrawNanos = now;
                drawn = true;
                final int filled = (int)(BAR_WIDTH * done / iterations);
                err.print(String.format(Locale.ROOT, "\r[%s%s] %3d%% %,d/%s", "#".repeat(filled),
                    "-".repeat(BAR_WIDTH - filled), 100 * done / iterations, done, Plural.of(iterations, "iteration")));
                err.flush();
            }
        }
        else
        {
            final int tenth = (int)(10 * done / iterations);
            if (tenth > shownTenth)
            {
                shownTenth = tenth;
                err.println(String.format(Locale.ROOT, "progress: %d%% (%,d/%s)", 10 * tenth, done,
                    Plural.of(iterations, "iteration")));
                err.flush();
            }
        }
    }

    /**
     * End the bar's line on a terminal.
     */
    synchronized void finish()
    {
        if (terminal && drawn)
        {
            err.println();
            err.flush();
        }
    }
}
