package io.concurrengine.pipeline.montecarlo;

/**
 * Makes one {@link IterationRunner} per worker thread, on that thread, when it takes its first chunk. Must be
 * threadsafe: several workers may call it at once.
 */
@FunctionalInterface
public interface IterationRunnerFactory
{
    /**
     * @return a new runner for the calling thread.
     */
    IterationRunner newRunner();
}
