package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.tools.IoProblems;

/**
 * A journal problem in words for {@code replay} and {@code inspect}: damage as the journal reports it, and a journal
 * that could not be read ({@link JournalCorruptException.Reason#IO_ERROR}: a permission, a device error) by what the
 * file system said, which the journal's own message leaves out ({@code cannot open cycle file}, but not why).
 */
final class JournalDamage
{
    private JournalDamage()
    {
    }

    /**
     * @param ex what the journal reader reported.
     * @return {@link #headline} and {@link #problem}, e.g. {@code journal damaged: journal corrupt: CHECKSUM: ...},
     * or for a read failure {@code journal cannot be read: permission denied: DIR/shard-1/x.cq4 (IO_ERROR: cannot
     * open cycle file file=DIR/shard-1/x.cq4)}.
     */
    static String describe(final JournalCorruptException ex)
    {
        return headline(ex) + ": " + problem(ex);
    }

    /**
     * @param ex what the journal reader reported.
     * @return a few words: {@code journal cannot be read}, or the journal's own ({@code journal damaged},
     * {@code journal not closed}).
     */
    static String headline(final JournalCorruptException ex)
    {
        return unreadable(ex) ? "journal cannot be read" : ex.headline();
    }

    /**
     * @param ex what the journal reader reported.
     * @return what is wrong and where; for a read failure, what the file system said first.
     */
    static String problem(final JournalCorruptException ex)
    {
        return unreadable(ex) ? IoProblems.describe(ex.getCause()) + " (" + ex.reason() + ": " + ex.detail() + " " +
            ex.position() + ")" : ex.getMessage();
    }

    /**
     * @param ex what the journal reader reported.
     * @return its detail, with what the file system said when the journal could not be read.
     */
    static String detail(final JournalCorruptException ex)
    {
        return unreadable(ex) ? ex.detail() + ": " + IoProblems.describe(ex.getCause()) : ex.detail();
    }

    private static boolean unreadable(final JournalCorruptException ex)
    {
        return JournalCorruptException.Reason.IO_ERROR == ex.reason() && null != ex.getCause();
    }
}
