/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;

/**
 * What went wrong on one journal's maintenance thread ({@link JournalMaintenance}), shared by the classes that do its
 * jobs: the last problem it worked around ({@link #lastError()}) and the first failed write-back of any of the writer's
 * files ({@link #writeBackFailure()}), which the writer fails with at its next block.
 * <p>
 * Nothing here throws. Written by the maintenance thread (and the writer's thread where it calls into a job: the first
 * free-space sample at start, retention after close); read by any thread. Each figure is one volatile field: a reader
 * sees the last one written, no other ordering is promised.
 */
final class MaintenanceFaults
{
    private volatile Throwable lastError;
    private volatile IOException writeBackFailure;

    /**
     * Record a problem that was worked around (or that ends only a step): the last one stands.
     *
     * @param error what went wrong.
     */
    void error(final Throwable error)
    {
        lastError = error;
    }

    /**
     * @return the last problem recorded by {@link #error(Throwable)}, or null.
     */
    Throwable lastError()
    {
        return lastError;
    }

    /**
     * Record a failed write-back. Callers check {@link #writeBackFailure()} first: only the first one is kept.
     *
     * @param failure the failure, naming the file and the error.
     */
    void writeBackFailed(final IOException failure)
    {
        writeBackFailure = failure;
    }

    /**
     * @return the first failed write-back recorded, or null.
     */
    IOException writeBackFailure()
    {
        return writeBackFailure;
    }
}
