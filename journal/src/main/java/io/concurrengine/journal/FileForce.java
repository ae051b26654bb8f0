/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.Closeable;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;

/**
 * Forcing a file, or a directory's entries, to the storage device ({@code fsync}), as the journal does for
 * {@link FsyncPolicy} and its users do for files beside it (a run's configuration).
 */
public final class FileForce
{
    private static final boolean DIRECTORIES_FORCEABLE =
        !System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");

    /** A file or directory held open, whose data is forced to its device. */
    interface Forceable extends Closeable
    {
        /**
         * @param metadata true to force the metadata too ({@code fsync}), false for what reading the data back needs
         *                 ({@code fdatasync}).
         * @throws IOException if the device reports an error.
         */
        void force(boolean metadata) throws IOException;
    }

    /** Opens a {@link Forceable} (tests supply ones that fail). */
    @FunctionalInterface
    interface Opener
    {
        /**
         * @param path a file or directory.
         * @return it, open.
         * @throws IOException if it cannot be opened.
         */
        Forceable open(Path path) throws IOException;
    }

    private FileForce()
    {
    }

    /**
     * @param path a file or directory.
     * @return it, open for reading, which is all forcing needs.
     * @throws IOException if it cannot be opened.
     */
    static Forceable open(final Path path) throws IOException
    {
        final FileChannel channel = FileChannel.open(path, StandardOpenOption.READ);
        return new Forceable()
        {
            public void force(final boolean metadata) throws IOException
            {
                // A FileChannel's force is interruptible: on a thread whose interrupt flag is set it closes the channel
                // and throws ClosedByInterruptException, forcing nothing. A shard thread can have it set (a handler
                // that restores it, the runner freeing a handler as the engine stops): it is left set, as it was.
                final boolean interrupted = Thread.interrupted();
                try
                {
                    channel.force(metadata);
                }
                finally
                {
                    if (interrupted)
                    {
                        Thread.currentThread().interrupt();
                    }
                }
            }

            public void close() throws IOException
            {
                channel.close();
            }
        };
    }

    /**
     * @return true where a directory can be forced: not on Windows, which cannot open one and whose file systems
     *         journal their directories.
     */
    public static boolean directoriesForceable()
    {
        return DIRECTORIES_FORCEABLE;
    }

    /**
     * {@code fsync} a file, or a directory (the entries of the files created in it) where
     * {@link #directoriesForceable()}.
     *
     * @param path a file or directory.
     * @throws IOException if it cannot be opened, or the device reports an error.
     */
    public static void force(final Path path) throws IOException
    {
        force(path, FileForce::open);
    }

    /**
     * {@link #force(Path)} through the given opener.
     *
     * @param path   a file or directory.
     * @param opener opens it.
     * @throws IOException if it cannot be opened, or the device reports an error.
     */
    static void force(final Path path, final Opener opener) throws IOException
    {
        final boolean directory = Files.isDirectory(path);
        if (!DIRECTORIES_FORCEABLE && directory)
        {
            return;
        }
        try (Forceable forceable = opener.open(path))
        {
            forceable.force(true);
        }
        catch (final IOException ex)
        {
            if (!directory || !refusedForDirectories(ex))
            {
                throw ex;
            }
        }
    }

    /**
     * Some file systems do not support {@code fsync} of a directory and say so with {@code EINVAL}, {@code EBADF} or
     * {@code EISDIR} (PostgreSQL ignores the same three for directories): their entries are then as durable as the
     * file system makes them, and refusing to run there would help no one. A device error ({@code EIO}) is not among
     * them.
     *
     * @param ex what forcing a directory threw.
     * @return true if it says the file system does not force directories.
     */
    static boolean refusedForDirectories(final IOException ex)
    {
        final String message = String.valueOf(ex.getMessage());
        return message.contains("Invalid argument") || message.contains("Bad file descriptor") ||
            message.contains("Is a directory");
    }
}
