/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.file.Path;

/**
 * An append, flush or roll of the journal failed (disk full, I/O error, Chronicle failure). Every block flushed before
 * the failing one stays readable; the writer refuses further writes.
 */
public final class JournalWriteException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;

    /**
     * @param directory journal directory.
     * @param message   what failed.
     * @param cause     underlying failure or null.
     */
    public JournalWriteException(final Path directory, final String message, final Throwable cause)
    {
        super("journal write failed: dir=" + directory + " " + message +
            (null == cause ? "" : " cause=" + cause), cause);
        this.directory = directory;
    }

    /**
     * @return journal directory that failed.
     */
    public Path directory()
    {
        return directory;
    }
}
