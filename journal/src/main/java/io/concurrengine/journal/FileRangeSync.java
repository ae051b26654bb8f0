/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import jnr.ffi.LastError;

import java.nio.file.Path;
import java.util.function.IntSupplier;

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
 * <p>
 * It is also how the journal learns of a failed write-back ({@link #checkWriteBack()}): the kernel writes a mapped
 * file's dirty pages back in its own time, and a device error there (or a thin-provisioned or network file system out
 * of space) is recorded against the file, to be reported once to every descriptor open on it at the time, by
 * {@code fsync}, {@code fdatasync} or {@code sync_file_range} with {@code WAIT_AFTER}; nothing else tells, and
 * Chronicle's own {@code msync} only logs what it is told.
 */
final class FileRangeSync implements AutoCloseable
{
    private static final int O_RDWR = 2;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SYNC_WAIT_BEFORE_WRITE_WAIT_AFTER = 1 | 2 | 4;
    private static final int SYNC_WAIT_AFTER = 4;
    private static final int EIO = 5;
    private static final int ENXIO = 6;
    private static final int EBADF = 9;
    private static final int ENODEV = 19;
    private static final int EINVAL = 22;
    private static final int EFBIG = 27;
    private static final int ENOSPC = 28;
    private static final int ESPIPE = 29;
    private static final int EROFS = 30;
    private static final int ENOSYS = 38;
    private static final int EOPNOTSUPP = 95;
    private static final int ESTALE = 116;
    private static final int EDQUOT = 122;
    /** No error number known (a call that failed without setting one, or a test's calls). */
    static final int ERRNO_UNKNOWN = 0;
    /** A file offset (2^52, 4 PiB) beyond any journal file: no page there to wait for. */
    static final long NO_PAGES_OFFSET = 1L << 52;
    private static final long PAGE_BYTES = 4096;
    private static final int POSIX_FADV_DONTNEED = 4;
    private static final LibC LIBC = LinuxLibC.load(LibC.class);
    private static final IntSupplier ERRNO = null == LIBC ? () -> ERRNO_UNKNOWN : errnoOf(LIBC);

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
    private final IntSupplier errno;
    private int fd;
    private int lastErrno;

    private FileRangeSync(final LibC libc, final IntSupplier errno, final int fd)
    {
        this.libc = libc;
        this.errno = errno;
        this.fd = fd;
    }

    private static IntSupplier errnoOf(final LibC libc)
    {
        final jnr.ffi.Runtime runtime = jnr.ffi.Runtime.getRuntime(libc);
        return () -> LastError.getLastError(runtime); // saved by jnr-ffi after each call, on the calling thread
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
        return open(path, LIBC, ERRNO);
    }

    /**
     * Open a file for range write-back through the given calls (tests pass calls that fail), with no error numbers
     * known: every failure counts as the call being unavailable.
     *
     * @param path the file.
     * @param libc the calls, or null for none.
     * @return the handle, or null when {@code libc} is null or the file cannot be opened.
     */
    static FileRangeSync open(final Path path, final LibC libc)
    {
        return open(path, libc, () -> ERRNO_UNKNOWN);
    }

    /**
     * Open a file for range write-back through the given calls and error numbers (tests pass calls that fail).
     *
     * @param path  the file.
     * @param libc  the calls, or null for none.
     * @param errno the error number of the calling thread's last failed call.
     * @return the handle, or null when {@code libc} is null or the file cannot be opened.
     */
    static FileRangeSync open(final Path path, final LibC libc, final IntSupplier errno)
    {
        if (null == libc)
        {
            return null;
        }
        final int fd = libc.open(path.toString(), O_RDWR | O_CLOEXEC);
        return fd < 0 ? null : new FileRangeSync(libc, errno, fd);
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
        return call(offset, length, SYNC_WAIT_BEFORE_WRITE_WAIT_AFTER);
    }

    /**
     * Say whether any write-back of the file failed since this handle was opened or last asked (whoever started it:
     * the kernel, {@code msync}, another descriptor), without starting or waiting for any: the call waits only for
     * the write-back of a range far beyond the end of any journal file, where there is none, and the kernel's error
     * check covers the whole file ({@code file_check_and_advance_wb_err}). A few microseconds.
     *
     * @return true if no write-back failed; false with {@link #lastErrno()} set otherwise, or if the call failed.
     */
    boolean checkWriteBack()
    {
        return call(NO_PAGES_OFFSET, PAGE_BYTES, SYNC_WAIT_AFTER);
    }

    private boolean call(final long offset, final long length, final int flags)
    {
        if (fd < 0)
        {
            lastErrno = EBADF;
            return false;
        }
        if (0 == libc.sync_file_range(fd, offset, length, flags))
        {
            return true;
        }
        lastErrno = errno.getAsInt();
        return false;
    }

    /**
     * @return the error number of the last failed {@link #sync(long, long)} or {@link #checkWriteBack()}, or
     *         {@link #ERRNO_UNKNOWN}.
     */
    int lastErrno()
    {
        return lastErrno;
    }

    /**
     * @param errno an error number from {@link #lastErrno()}.
     * @return true if it says data was not written back: an I/O error, a device gone, no space, a quota, a read-only
     *         or stale (network) file system. False for any other, which says the call cannot be made here (a
     *         sandbox's {@code EPERM}, an {@code ENOSYS}), or is unknown.
     */
    static boolean isWriteBackError(final int errno)
    {
        switch (errno)
        {
            case EIO:
            case ENXIO:
            case ENODEV:
            case EFBIG:
            case ENOSPC:
            case EROFS:
            case ESTALE:
            case EDQUOT:
                return true;
            default:
                return false;
        }
    }

    /**
     * @param errno an error number.
     * @return its symbolic name where it is one a write-back reports, e.g. {@code EIO}, else {@code errno N}.
     */
    static String errnoName(final int errno)
    {
        switch (errno)
        {
            case EIO:
                return "EIO (input/output error)";
            case ENOSPC:
                return "ENOSPC (no space left on device)";
            case EDQUOT:
                return "EDQUOT (disk quota exceeded)";
            case EROFS:
                return "EROFS (read-only file system)";
            case ENXIO:
                return "ENXIO (no such device or address)";
            case ENODEV:
                return "ENODEV (no such device)";
            case EFBIG:
                return "EFBIG (file too large)";
            case ESTALE:
                return "ESTALE (stale file handle)";
            case EBADF:
                return "EBADF";
            case EINVAL:
                return "EINVAL";
            case ESPIPE:
                return "ESPIPE";
            case ENOSYS:
                return "ENOSYS";
            case EOPNOTSUPP:
                return "EOPNOTSUPP";
            case ERRNO_UNKNOWN:
                return "no error number";
            default:
                return "errno " + errno;
        }
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
