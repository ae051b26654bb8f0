package io.concurrengine.pipeline.montecarlo;

import io.concurrengine.core.rng.SimRng;

/**
 * Runs iterations of one model on one worker thread. Made by an {@link IterationRunnerFactory} on the thread that
 * uses it, reused for every iteration that thread runs, closed when the run ends.
 * <p>
 * Not threadsafe, and need not be: it never leaves its thread.
 */
public interface IterationRunner extends AutoCloseable
{
    /**
     * Run one iteration and record its results. Every random draw must come from {@code rng}, so that the iteration
     * is a pure function of its seed.
     *
     * @param rng            seeded for this iteration; valid only during the call.
     * @param iterationIndex the global index of the iteration, in {@code [0, iterations)}, for information.
     * @param recorder       takes exactly one {@link IterationRecorder#record(double, long)}.
     */
    void runIteration(SimRng rng, long iterationIndex, IterationRecorder recorder);

    /**
     * Release what the runner holds, e.g. off-heap memory. Called once, on any thread, after the run. If it throws,
     * the run's other runners are still closed, and the run throws what it threw, or attaches it as suppressed to the
     * run's own failure.
     */
    @Override
    default void close()
    {
    }
}
