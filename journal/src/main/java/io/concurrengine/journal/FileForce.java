/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

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

    private FileForce()
    {
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
        final boolean directory = Files.isDirectory(path);
        if (!DIRECTORIES_FORCEABLE && directory)
        {
            return;
        }
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ))
        {
            channel.force(true);
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
