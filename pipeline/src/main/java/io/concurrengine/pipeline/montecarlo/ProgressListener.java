package io.concurrengine.pipeline.montecarlo;

/**
 * Told how many iterations are done each time a chunk completes. Called on worker threads, possibly at once from
 * several; implementations must be threadsafe and quick. Counts reported to one listener never decrease only if the
 * listener itself keeps the largest seen: two workers may report out of order.
 */
@FunctionalInterface
public interface ProgressListener
{
    /**
     * @param done       iterations completed so far.
     * @param iterations iterations in the run.
     */
    void onProgress(long done, long iterations);
}
