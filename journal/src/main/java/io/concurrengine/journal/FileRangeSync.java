/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import jnr.ffi.LibraryLoader;

import java.nio.file.Path;
import java.util.Locale;

/**
 * Writes back a byte range of a file through its file descriptor: Linux {@code sync_file_range(2)} with
 * {@code SYNC_FILE_RANGE_WAIT_BEFORE | WRITE | WAIT_AFTER}, bound with jnr-ffi (which OpenHFT posix already brings).
 * <p>
 * Why not {@code msync}: {@code msync} reaches pages through a mapping, and so does the kernel's own write-back of a
 * page that is still mapped. Cleaning a mapped page write-protects its page-table entry, and the kernel flushes the
 * other CPUs' TLBs for it with one inter-processor interrupt <i>per page</i>: 1,024 interrupts for every 4 MiB
 * written back, each one landing on whatever shard thread runs on the other core, and a VM exit each on this
 * machine. A range that no mapping covers any more is written back without any of that. The journal maintenance
 * thread therefore uses this class for the chunks of a cycle file that it has already let Chronicle unmap.
 * <p>
 * Data only: like {@code fdatasync} restricted to a range, it does not write the file's metadata, so it is a
 * write-back pacing tool, not a durability guarantee ({@link FsyncPolicy} is that).
 */
final class FileRangeSync implements AutoCloseable
{
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SYNC_WAIT_BEFORE_WRITE_WAIT_AFTER = 1 | 2 | 4;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final LibC LIBC = load();

    /**
     * The four libc calls this class makes.
     */
    public interface LibC
    {
        /**
         * @param path  file path.
         * @param flags open flags.
         * @return a file descriptor, or -1.
         */
        int open(String path, int flags);

        /**
         * @param fd a file descriptor.
         * @return 0, or -1.
         */
        int close(int fd);

        /**
         * @param fd     a file descriptor.
         * @param offset first byte.
         * @param nbytes bytes from offset.
         * @param flags  SYNC_FILE_RANGE_* flags.
         * @return 0, or -1.
         */
        int sync_file_range(int fd, long offset, long nbytes, int flags);

        /**
         * @param fd     a file descriptor.
         * @param offset first byte.
         * @param len    bytes from offset.
         * @param advice POSIX_FADV_* advice.
         * @return 0, or an error number.
         */
        int posix_fadvise(int fd, long offset, long len, int advice);
    }

    private final LibC libc;
    private int fd;

    private FileRangeSync(final LibC libc, final int fd)
    {
        this.libc = libc;
        this.fd = fd;
    }

    private static LibC load()
    {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux"))
        {
            return null;
        }
        try
        {
            return LibraryLoader.create(LibC.class).failImmediately().load("c");
        }
        catch (final RuntimeException | LinkageError ex)
        {
            return null;
        }
    }

    /**
     * @return true if this platform has {@code sync_file_range} (Linux).
     */
    static boolean isAvailable()
    {
        return null != LIBC;
    }

    /**
     * @return this platform's calls, or null where unavailable (tests wrap them).
     */
    static LibC systemLibC()
    {
        return LIBC;
    }

    /**
     * Open a file for range write-back.
     *
     * @param path the file.
     * @return the handle, or null where unavailable or when the file cannot be opened.
     */
    static FileRangeSync open(final Path path)
    {
        return open(path, LIBC);
    }

    /**
     * Open a file for range write-back through the given calls (tests pass calls that fail).
     *
     * @param path the file.
     * @param libc the calls, or null for none.
     * @return the handle, or null when {@code libc} is null or the file cannot be opened.
     */
    static FileRangeSync open(final Path path, final LibC libc)
    {
        if (null == libc)
        {
            return null;
        }
        final int fd = libc.open(path.toString(), O_RDWR | O_CLOEXEC);
        return fd < 0 ? null : new FileRangeSync(libc, fd);
    }

    /**
     * Write back the dirty pages of {@code [offset, offset + length)} and wait until they are on the device.
     *
     * @param offset first byte.
     * @param length bytes.
     * @return true on success.
     */
    boolean sync(final long offset, final long length)
    {
        return fd >= 0 && 0 == libc.sync_file_range(fd, offset, length, SYNC_WAIT_BEFORE_WRITE_WAIT_AFTER);
    }

    /**
     * Drop the clean pages of {@code [offset, offset + length)} from the page cache ({@code POSIX_FADV_DONTNEED}).
     * Pages still dirty, under write-back or mapped stay; call it after {@link #sync(long, long)} of the range.
     *
     * @param offset first byte.
     * @param length bytes.
     * @return true on success.
     */
    boolean drop(final long offset, final long length)
    {
        return fd >= 0 && 0 == libc.posix_fadvise(fd, offset, length, POSIX_FADV_DONTNEED);
    }

    @Override
    public void close()
    {
        if (fd >= 0)
        {
            libc.close(fd);
            fd = -1;
        }
    }
}
