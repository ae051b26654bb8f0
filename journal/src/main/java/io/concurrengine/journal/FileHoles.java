/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;


import java.nio.file.Path;

/**
 * Where a file's data lies, so that a scan for non-zero bytes can skip its holes: Linux {@code lseek(2)} with
 * {@code SEEK_DATA} and {@code SEEK_HOLE}, bound with jnr-ffi (which OpenHFT posix already brings), on a descriptor of
 * its own.
 * <p>
 * Why: Chronicle sizes a cycle file sparsely, and the reader checks that every byte after a journal's data is zero
 * ({@link CycleFileScanner}). Reading a hole costs the kernel a zeroed page copied out: reading the 8 GiB tail of a
 * sparse cycle file made a replay take 18-20 s longer, most of it in the kernel. A hole holds nothing but zeros by
 * definition, so only the ranges the file system reports as data need to be read.
 * <p>
 * Safety: what is not known to be a hole is data. A file system without its own {@code SEEK_DATA} gets the kernel's
 * generic one, which reports the whole file as data; a call that fails, a platform without the calls (not Linux, where
 * the {@code whence} values differ) and a file that cannot be opened report everything as data too; so a scan using
 * this class reads at least every byte that could be non-zero. (A file system whose {@code SEEK_DATA} missed data
 * written but not yet on the device would hide it: OpenZFS before 2.2.2 did.)
 * <p>
 * Not threadsafe; close it. Allocates nothing per call.
 */
final class FileHoles implements AutoCloseable
{
    private static final int O_RDONLY = 0;
    private static final int O_CLOEXEC = 0x80000;
    private static final int SEEK_DATA = 3;
    private static final int SEEK_HOLE = 4;
    private static final LibC LIBC = LinuxLibC.load(LibC.class);

    /**
     * The three libc calls this class makes.
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
         * @param fd     a file descriptor.
         * @param offset where to start.
         * @param whence {@code SEEK_DATA} or {@code SEEK_HOLE}.
         * @return the offset found, or -1.
         */
        long lseek(int fd, long offset, int whence);

        /**
         * @param fd a file descriptor.
         * @return 0, or -1.
         */
        int close(int fd);
    }

    private final LibC libc;
    private int fd;

    private FileHoles(final LibC libc, final int fd)
    {
        this.libc = libc;
        this.fd = fd;
    }

    /**
     * @return this platform's calls, or null where unavailable (tests wrap them).
     */
    static LibC systemLibC()
    {
        return LIBC;
    }

    /**
     * @param file the file.
     * @return its holes as far as this platform can tell: none where it cannot.
     */
    static FileHoles open(final Path file)
    {
        return open(file, LIBC);
    }

    /**
     * @param file the file.
     * @param libc the calls (tests pass calls that fail), or null for none.
     * @return its holes as far as {@code libc} can tell: none if it is null or cannot open the file.
     */
    static FileHoles open(final Path file, final LibC libc)
    {
        if (null == libc)
        {
            return new FileHoles(null, -1);
        }
        return new FileHoles(libc, libc.open(file.toString(), O_RDONLY | O_CLOEXEC));
    }

    /**
     * @param from first byte to look at.
     * @param end  end of the range of interest.
     * @return the first offset in {@code [from, end)} from which the file may hold a non-zero byte ({@code from}
     * unless {@code [from, x)} is known to be a hole), or {@code end} if the whole range is known to be a hole.
     */
    long dataFrom(final long from, final long end)
    {
        if (fd < 0 || from >= end)
        {
            return from;
        }
        final long data = libc.lseek(fd, from, SEEK_DATA);
        if (data >= from)
        {
            return Math.min(data, end);
        }
        // no data from here to the end of the file (ENXIO), if from is in a hole that reaches it; else a failure
        return libc.lseek(fd, from, SEEK_HOLE) == from ? end : from;
    }

    /**
     * @param from a byte that may hold data ({@link #dataFrom(long, long)}).
     * @param end  end of the range of interest.
     * @return the first offset in {@code (from, end]} from which the file is known to be a hole up to some later
     * offset, or {@code end}: the bytes of {@code [from, result)} are to be read.
     */
    long dataEnd(final long from, final long end)
    {
        if (fd < 0 || from >= end)
        {
            return end;
        }
        final long hole = libc.lseek(fd, from, SEEK_HOLE);
        return hole > from && hole < end ? hole : end;
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
