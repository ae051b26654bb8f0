/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Base of the journal's failures.
 */
public class JournalException extends RuntimeException
{
    private static final long serialVersionUID = 1L;

    /**
     * @param message what went wrong, with {@code name=value} details.
     * @param cause   underlying failure or null.
     */
    public JournalException(final String message, final Throwable cause)
    {
        super(message, cause);
    }
}
