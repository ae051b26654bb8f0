package io.concurrengine.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file whole or not at all, for the reports and summaries the commands leave for a person or a script to
 * read: a full disk, an I/O error or a kill during the write leaves the file that was at the path (an earlier run's,
 * or an earlier write of this one), never one cut off.
 * <p>
 * A process killed outright (SIGKILL, a crash) during a write leaves its temporary file; the next write of the same
 * file removes such files once they are {@link #STALE_AFTER} old, which no write of a report takes, so that a write
 * still under way in another process keeps its own.
 */
public final class AtomicFiles
{
    /** How old a temporary file of the same file must be before a write takes it for a dead process's. */
    public static final Duration STALE_AFTER = Duration.ofMinutes(10);

    private static final String TEMP_SUFFIX = ".tmp";

    private AtomicFiles()
    {
    }

    /**
     * {@link #write(Path, byte[])} the text as UTF-8.
     *
     * @param file the file to write.
     * @param text its content.
     * @throws IOException if it cannot be written or moved into place; the file at the path is left as it was.
     */
    public static void writeString(final Path file, final String text) throws IOException
    {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Write {@code bytes} to a temporary file in {@code file}'s directory ({@code <name>.<random>.tmp}, created with
     * the permissions a new file gets), force it to the device and move it over {@code file} atomically, or with a
     * plain replace where the file system refuses atomic moves. On a failure the temporary file is removed. A
     * symbolic link at the path is replaced, not written through. Then removes the stale temporary files of the same
     * file (older than {@link #STALE_AFTER}) that writes killed outright left; one that cannot be removed is left.
     *
     * @param file  the file to write.
     * @param bytes its content.
     * @throws IOException if it cannot be written or moved into place; the file at the path is left as it was.
     */
    public static void write(final Path file, final byte[] bytes) throws IOException
    {
        final Path target = file.toAbsolutePath();
        final Path temp = temporaryOf(target);
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
            {
                final ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining())
                {
                    channel.write(buffer);
                }
                // on the device before the rename, so that a crash of the machine cannot leave an empty file either
                channel.force(false);
            }
            move(temp, target);
        }
        catch (final IOException | RuntimeException ex)
        {
            deleteAfter(temp, ex);
            throw ex;
        }
        removeStaleTemporaries(target, System.currentTimeMillis() - STALE_AFTER.toMillis());
    }

    /**
     * Create an empty temporary file in {@code file}'s directory, named as {@link #write(Path, byte[])} names its
     * own, for a writer that streams the content ({@code feed --out}); then {@link #moveIntoPlace(Path, Path)} or
     * {@link #discard(Path)}.
     *
     * @param file the file to be written.
     * @return the temporary file, created with the permissions a new file gets.
     * @throws IOException if it cannot be created (the directory is not writable, say).
     */
    public static Path createTemporary(final Path file) throws IOException
    {
        return Files.createFile(temporaryOf(file.toAbsolutePath()));
    }

    /**
     * Force a temporary file of {@link #createTemporary(Path)}, written and closed, to the device and move it over
     * {@code file} as {@link #write(Path, byte[])} does; on a failure it is removed. Then removes the stale temporary
     * files of the same file.
     *
     * @param temp the temporary file.
     * @param file the file it replaces.
     * @throws IOException if it cannot be forced or moved into place; the file at the path is left as it was.
     */
    public static void moveIntoPlace(final Path temp, final Path file) throws IOException
    {
        final Path target = file.toAbsolutePath();
        try
        {
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
            {
                channel.force(false);
            }
            move(temp, target);
        }
        catch (final IOException | RuntimeException ex)
        {
            deleteAfter(temp, ex);
            throw ex;
        }
        removeStaleTemporaries(target, System.currentTimeMillis() - STALE_AFTER.toMillis());
    }

    /**
     * Remove a temporary file of {@link #createTemporary(Path)} whose content is not to be kept. Best effort: one that
     * cannot be removed is left, for a later write of the same file to remove once it is stale.
     *
     * @param temp the temporary file.
     */
    public static void discard(final Path temp)
    {
        try
        {
            Files.deleteIfExists(temp);
        }
        catch (final IOException ignored)
        {
            // left for a later write of the same file
        }
    }

    private static Path temporaryOf(final Path target)
    {
        return target.resolveSibling(target.getFileName() + "." +
            Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX) + TEMP_SUFFIX);
    }

    private static void move(final Path temp, final Path target) throws IOException
    {
        try
        {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final AtomicMoveNotSupportedException ex)
        {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private static void deleteAfter(final Path temp, final Exception failure)
    {
        try
        {
            Files.deleteIfExists(temp);
        }
        catch (final IOException suppressed)
        {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Remove {@code <name>.<random>.tmp} files beside {@code target} last modified before {@code olderThanMillis}.
     * Best effort: the write they were left by has failed already, so a file that cannot be read or removed now is
     * left for a later write.
     */
    private static void removeStaleTemporaries(final Path target, final long olderThanMillis)
    {
        final String prefix = target.getFileName() + ".";
        final FileTime cutoff = FileTime.fromMillis(olderThanMillis);
        try (DirectoryStream<Path> siblings = Files.newDirectoryStream(target.getParent(),
            (path) -> isTemporaryOf(path.getFileName().toString(), prefix)))
        {
            for (final Path temp : siblings)
            {
                try
                {
                    if (Files.isRegularFile(temp, LinkOption.NOFOLLOW_LINKS) &&
                        Files.getLastModifiedTime(temp, LinkOption.NOFOLLOW_LINKS).compareTo(cutoff) < 0)
                    {
                        Files.deleteIfExists(temp);
                    }
                }
                catch (final IOException ignored)
                {
                    // gone already, or not ours to remove: left for a later write
                }
            }
        }
        catch (final IOException | UncheckedIOException ignored)
        {
            // the directory cannot be listed now; the file itself is written
        }
    }

    /**
     * @return true if {@code name} is {@code prefix}, base-36 digits in lower case and {@code .tmp}: a name
     * {@link #write} gives.
     */
    static boolean isTemporaryOf(final String name, final String prefix)
    {
        if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX) ||
            name.length() <= prefix.length() + TEMP_SUFFIX.length())
        {
            return false;
        }
        for (int i = prefix.length(); i < name.length() - TEMP_SUFFIX.length(); i++)
        {
            final char c = name.charAt(i);
            if ((c < '0' || c > '9') && (c < 'a' || c > 'z'))
            {
                return false;
            }
        }
        return true;
    }
}
