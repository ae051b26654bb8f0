package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;

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
     * The engine is running and the feed is about to start.
     *
     * @param engine     the engine.
     * @param startNanos {@link System#nanoTime()} at the start of the run.
     */
    default void onStart(final Engine engine, final long startNanos)
    {
    }

    /**
     * Called about five times a second while the run lasts.
     *
     * @param engine       the engine.
     * @param published    inputs the feed has offered so far.
     * @param elapsedNanos time since the start.
     */
    default void onTick(final Engine engine, final long published, final long elapsedNanos)
    {
    }

    /**
     * The engine has drained and stopped; called before the summary is made, so a sampler can take its last
     * partial interval.
     *
     * @param engine       the stopped engine.
     * @param published    inputs the feed offered.
     * @param elapsedNanos time since the start.
     */
    default void onDrained(final Engine engine, final long published, final long elapsedNanos)
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
