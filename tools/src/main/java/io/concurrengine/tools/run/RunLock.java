package io.concurrengine.tools.run;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Marks a journal directory as being written: a run holds an operating-system lock on {@value #FILE} in it from
 * before it clears the directory until its journals are closed. The lock goes with the process, so a run that
 * crashed leaves at most an unlocked file behind, which means nothing. Another run refuses the directory while it is
 * locked (it would delete a live journal), and {@code replay} and {@code inspect} say the journal is still being
 * written rather than report its unwritten end as damage.
 * <p>
 * The file holds the owner's process id, for messages.
 */
public final class RunLock implements AutoCloseable
{
    /** The lock file's name in a journal directory. */
    public static final String FILE = "run.lock";

    private final Path file;
    private final FileChannel channel;

    private RunLock(final Path file, final FileChannel channel)
    {
        this.file = file;
        this.channel = channel;
    }

    /**
     * Lock a journal directory for a run, creating it if need be.
     *
     * @param root the journal directory.
     * @return the lock, or null if another run holds it.
     * @throws IOException if the lock file cannot be created or locked.
     */
    static RunLock acquire(final Path root) throws IOException
    {
        Files.createDirectories(root);
        final Path file = root.resolve(FILE);
        final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
            StandardOpenOption.WRITE);
        try
        {
            final FileLock lock = channel.tryLock();
            if (null == lock)
            {
                channel.close();
                return null;
            }
            channel.truncate(0);
            channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
            return new RunLock(file, channel);
        }
        catch (final OverlappingFileLockException ex)
        {
            channel.close();
            return null; // a run in this JVM holds it
        }
        catch (final IOException | RuntimeException ex)
        {
            channel.close();
            throw ex;
        }
    }

    /**
     * @param root a journal directory.
     * @return the process id of the run writing it (0 if unknown), or -1 if no run holds it.
     */
    public static long holder(final Path root)
    {
        final Path file = root.resolve(FILE);
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            try
            {
                final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true); // shared: refused while a run holds it
                if (null != lock)
                {
                    lock.release();
                    return -1;
                }
            }
            catch (final OverlappingFileLockException ex)
            {
                // held by a run in this JVM
            }
            return pid(file);
        }
        catch (final NoSuchFileException ex)
        {
            return -1;
        }
        catch (final IOException ex)
        {
            return -1; // unreadable: no lock to see
        }
    }

    private static long pid(final Path file)
    {
        try
        {
            return Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        }
        catch (final IOException | NumberFormatException ex)
        {
            return 0;
        }
    }

    /**
     * @param root a journal directory.
     * @param pid  {@link #holder(Path)} of it, 0 or more.
     * @return a sentence for a message: the directory is being written by a run in progress.
     */
    public static String describe(final Path root, final long pid)
    {
        return "journal dir " + root + " is being written by a run in progress" + (pid > 0 ? " (pid " + pid + ")" : "");
    }

    /**
     * Release the lock and remove the file.
     */
    @Override
    public void close()
    {
        try
        {
            Files.deleteIfExists(file); // while still locked: no other run can have taken the file meanwhile
        }
        catch (final IOException ex)
        {
            // a file left behind is unlocked, which means no run holds the directory
        }
        try
        {
            channel.close(); // releases the lock
        }
        catch (final IOException ex)
        {
            // the lock ends with the process in any case
        }
    }
}
