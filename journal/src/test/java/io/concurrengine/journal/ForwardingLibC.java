package io.concurrengine.journal;

/**
 * The system's calls ({@link FileRangeSync#systemLibC()}), for a test to override the one it watches, delays or
 * breaks.
 */
class ForwardingLibC implements FileRangeSync.LibC
{
    final FileRangeSync.LibC system = FileRangeSync.systemLibC();

    @Override
    public int open(final String path, final int flags)
    {
        return system.open(path, flags);
    }

    @Override
    public int close(final int fd)
    {
        return system.close(fd);
    }

    @Override
    public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
    {
        return system.sync_file_range(fd, offset, nbytes, flags);
    }

    @Override
    public int posix_fadvise(final int fd, final long offset, final long len, final int advice)
    {
        return system.posix_fadvise(fd, offset, len, advice);
    }
}
