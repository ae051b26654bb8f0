package io.concurrengine.tools.run;

import io.concurrengine.tools.FileKind;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.locks.LockSupport;

/**
 * Marks a journal directory as being written: a run holds an operating-system lock on {@value #FILE} in it from
 * before it clears the directory until its journals are closed. The lock goes with the process, so a run that
 * crashed leaves an unlocked file behind, which means nothing; a run that ended leaves it too, emptied. Another run refuses the directory while it is
 * locked (it would delete a live journal), and {@code replay} and {@code inspect} say the journal is still being
 * written rather than report its unwritten end as damage.
 * <p>
 * The file holds the owner's process id, for messages. A named pipe in its place is never opened (opening one waits
 * for a process at its other end): it is no lock, and a run refuses it.
 */
public final class RunLock implements AutoCloseable
{
    /** The lock file's name in a journal directory. */
    public static final String FILE = "run.lock";

    private static final int ACQUIRE_RETRIES = 10;
    private static final long ACQUIRE_RETRY_NANOS = 10_000_000;

    /**
     * Lock files this JVM holds. On Linux a record lock belongs to the process and closing ANY channel on the file
     * releases it (see {@link FileChannel} "on some systems"), so nothing in this JVM may open a held file again:
     * {@link #holder(Path)} and {@link #acquire(Path)} answer from here for them, under this set's monitor.
     */
    private static final java.util.Set<Path> HELD = new java.util.HashSet<>();

    private final Path file;
    private final Path key;
    private final FileChannel channel;

    private RunLock(final Path file, final Path key, final FileChannel channel)
    {
        this.file = file;
        this.key = key;
        this.channel = channel;
    }

    private static Path key(final Path file)
    {
        return file.toAbsolutePath().normalize();
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
        return acquire(root, FILE);
    }

    /**
     * Lock a directory for one writer, as {@link #acquire(Path)} locks a journal directory, with a lock file of
     * another name: {@code soak} locks its report directory so.
     *
     * @param root the directory, created if need be.
     * @param name the lock file's name in it.
     * @return the lock, or null if another writer holds it.
     * @throws IOException if the lock file cannot be created or locked.
     */
    public static RunLock acquire(final Path root, final String name) throws IOException
    {
        Files.createDirectories(root);
        final Path file = root.resolve(name);
        final Path key = key(file);
        synchronized (HELD)
        {
            if (HELD.contains(key))
            {
                return null; // a run in this JVM holds it: opening the file again would release its lock
            }
            if (isNamedPipe(file))
            {
                throw new FileSystemException(file.toString(), null, "it is a named pipe, not a lock file; not opened");
            }
            if (Files.isSymbolicLink(file))
            {
                // the lock is truncated and given this process's pid: through a link, that would be the target's
                throw new FileSystemException(file.toString(), null, "it is a symbolic link, not a lock file; not " +
                    "opened");
            }
            final FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
            try
            {
                FileLock lock = channel.tryLock();
                for (int attempt = 0; null == lock && attempt < ACQUIRE_RETRIES; attempt++)
                {
                    // a replay or inspect may hold its shared lock for the moment it takes to look
                    LockSupport.parkNanos(ACQUIRE_RETRY_NANOS);
                    lock = channel.tryLock();
                }
                if (null == lock)
                {
                    channel.close();
                    return null;
                }
                channel.truncate(0);
                channel.write(ByteBuffer.wrap((ProcessHandle.current().pid() + "\n").getBytes(StandardCharsets.US_ASCII)));
                HELD.add(key);
                return new RunLock(file, key, channel);
            }
            catch (final IOException | RuntimeException ex)
            {
                channel.close();
                throw ex;
            }
        }
    }

    /**
     * @param root a journal directory.
     * @return the process id of the run writing it (0 if unknown), or -1 if no run holds it.
     */
    public static long holder(final Path root)
    {
        return holder(root, FILE);
    }

    /**
     * @param root a directory.
     * @param name its lock file's name ({@link #acquire(Path, String)}).
     * @return the process id of the writer holding the lock (0 if unknown), or -1 if none holds it.
     */
    public static long holder(final Path root, final String name)
    {
        final Path file = root.resolve(name);
        synchronized (HELD)
        {
            if (HELD.contains(key(file)))
            {
                return ProcessHandle.current().pid(); // never opened here: closing it would drop the lock
            }
            if (isNamedPipe(file))
            {
                return -1; // no run's lock file (a run refuses it), and opening it would wait for a writer
            }
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
            {
                final FileLock lock = channel.tryLock(0, Long.MAX_VALUE, true); // shared: refused while a run holds it
                if (null != lock)
                {
                    lock.release();
                    return -1;
                }
                return pid(file);
            }
            catch (final OverlappingFileLockException ex)
            {
                return 0; // locked through a channel this class did not open
            }
            catch (final IOException ex)
            {
                return -1; // missing or unreadable: no lock to see
            }
        }
    }

    /**
     * @return true if {@code file} is a named pipe, or a link to one: opening it, to read or to write, would wait for
     * a process to open its other end, for ever.
     */
    private static boolean isNamedPipe(final Path file)
    {
        try
        {
            return FileKind.isNamedPipe(file);
        }
        catch (final IOException ex)
        {
            return false; // missing (the lock file is created) or its attributes unreadable: opening it says so
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
     * Release the lock. The file stays (emptied): deleting it would let a run that opened it just before take a lock
     * on a file no longer in the directory while a third run creates and locks a new one.
     */
    @Override
    public void close()
    {
        synchronized (HELD)
        {
            try
            {
                channel.truncate(0);
            }
            catch (final IOException ex)
            {
                // only the pid for messages
            }
            try
            {
                channel.close(); // releases the lock
            }
            catch (final IOException ex)
            {
                // the lock ends with the process in any case
            }
            HELD.remove(key);
        }
    }
}
