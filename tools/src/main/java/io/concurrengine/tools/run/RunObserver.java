package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import org.HdrHistogram.Histogram;

/**
 * Watches a {@link RunJob} from its control thread: the soak harness samples the engine through it.
 */
public interface RunObserver
{
    /** Observes nothing. */
    RunObserver NONE = new RunObserver()
    {
    };

    /**
     * The warm-up's throwaway engine ({@code run.warmup}) is running and its feed is about to start: the first engine
     * of a run that warms up, before {@link #onStart(Engine, long)}'s. Nothing of it is measured.
     *
     * @param engine the throwaway engine.
     */
    default void onWarmUpStart(final Engine engine)
    {
    }

    /**
     * The engine is running and the feed is about to start.
     *
     * @param engine     the engine.
     * @param startNanos {@link System#nanoTime()} at the start of the run.
     */
    default void onStart(final Engine engine, final long startNanos)
    {
    }

    /**
     * Called about five times a second while the run lasts, and once more when the feed has ended (or the engine is
     * no longer running), before the engine drains and stops.
     *
     * @param engine       the engine.
     * @param published    inputs the feed has offered so far.
     * @param elapsedNanos time since the start.
     */
    default void onTick(final Engine engine, final long published, final long elapsedNanos)
    {
    }

    /**
     * About once a second, and once more for the last partial interval after the engine has drained: the
     * publish-to-dispatch latency recorded since the previous call, merged over the shards.
     *
     * @param engine       the engine.
     * @param interval     latency of the interval in ns; valid during the call only.
     * @param elapsedNanos time since the start.
     * @param last         true for the final interval, after the engine stopped.
     */
    default void onInterval(final Engine engine, final Histogram interval, final long elapsedNanos,
        final boolean last)
    {
    }

    /**
     * The engine has stopped; the summary is final.
     *
     * @param engine  the stopped engine.
     * @param summary what the run did.
     */
    default void onStop(final Engine engine, final RunSummary summary)
    {
    }
}
