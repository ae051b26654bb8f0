package io.concurrengine.journal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * For tests of write-back watches: a C library whose descriptors index the files' names (no file is opened).
 * {@code sync_file_range} of a file set to fail returns -1, and {@link #errno()} is then the error set for that file.
 */
final class ScriptedLibC implements FileRangeSync.LibC
{
    final List<String> files = new ArrayList<>();
    final Set<String> unopenable = new HashSet<>();
    final Map<String, Integer> failing = new HashMap<>();
    final List<String> asked = new ArrayList<>();
    final List<String> closed = new ArrayList<>();
    int lastFd = -1;

    @Override
    public int open(final String path, final int flags)
    {
        if (unopenable.contains(path))
        {
            return -1;
        }
        files.add(path);
        return files.size() - 1;
    }

    @Override
    public int close(final int fd)
    {
        closed.add(files.get(fd));
        return 0;
    }

    @Override
    public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
    {
        asked.add(files.get(fd));
        lastFd = fd;
        return failing.containsKey(files.get(fd)) ? -1 : 0;
    }

    @Override
    public int posix_fadvise(final int fd, final long offset, final long len, final int advice)
    {
        return 0;
    }

    int errno()
    {
        return failing.getOrDefault(files.get(lastFd), 0);
    }
}
