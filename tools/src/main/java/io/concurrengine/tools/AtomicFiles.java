package io.concurrengine.tools;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writing a file whole or not at all, for the reports and summaries the commands leave for a person or a script to
 * read: a full disk, an I/O error or a kill during the write leaves the file that was at the path (an earlier run's,
 * or an earlier write of this one), never one cut off.
 */
public final class AtomicFiles
{
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
     * symbolic link at the path is replaced, not written through.
     *
     * @param file  the file to write.
     * @param bytes its content.
     * @throws IOException if it cannot be written or moved into place; the file at the path is left as it was.
     */
    public static void write(final Path file, final byte[] bytes) throws IOException
    {
        final Path target = file.toAbsolutePath();
        final Path temp = target.resolveSibling(target.getFileName() + "." +
            Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), Character.MAX_RADIX) + ".tmp");
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
            try
            {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            }
            catch (final AtomicMoveNotSupportedException ex)
            {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException | RuntimeException ex)
        {
            try
            {
                Files.deleteIfExists(temp);
            }
            catch (final IOException suppressed)
            {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
    }
}
