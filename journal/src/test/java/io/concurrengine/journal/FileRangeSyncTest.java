package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The calls {@link FileRangeSync} makes and what it makes of their errors, on a C library that records them.
 */
class FileRangeSyncTest
{
    private static final int FD = 7;

    /** Records each call; {@code sync_file_range} and {@code posix_fadvise} return {@link #result}. */
    private static final class RecordingLibC implements FileRangeSync.LibC
    {
        final List<String> calls = new ArrayList<>();
        int openResult = FD;
        int result;

        @Override
        public int open(final String path, final int flags)
        {
            calls.add("open " + path + " " + flags);
            return openResult;
        }

        @Override
        public int close(final int fd)
        {
            calls.add("close " + fd);
            return 0;
        }

        @Override
        public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
        {
            calls.add("sync_file_range " + fd + " " + offset + " " + nbytes + " " + flags);
            return result;
        }

        @Override
        public int posix_fadvise(final int fd, final long offset, final long len, final int advice)
        {
            calls.add("posix_fadvise " + fd + " " + offset + " " + len + " " + advice);
            return result;
        }
    }

    private final RecordingLibC libc = new RecordingLibC();
    private final Path file = Path.of("/journal/20260101.cq4");

    @Test
    void shouldOpenTheFileForWritingAndCloseItOnce()
    {
        final FileRangeSync sync = FileRangeSync.open(file, libc, () -> 5);

        sync.close();
        sync.close();

        assertEquals(List.of("open /journal/20260101.cq4 " + (2 | 0x80000), "close " + FD), libc.calls,
            "O_RDWR | O_CLOEXEC");
        libc.openResult = -1;
        assertNull(FileRangeSync.open(file, libc, () -> 5), "a file that cannot be opened");
        assertNull(FileRangeSync.open(file, null, () -> 5), "no C library");
    }

    @Test
    void shouldWriteARangeBackWaitingBeforeAndAfterAndAskForAFailedWriteBackWithoutWritingAny()
    {
        final FileRangeSync sync = FileRangeSync.open(file, libc, () -> 5);
        libc.calls.clear();

        assertTrue(sync.sync(4096, 65_536));
        assertTrue(sync.checkWriteBack());
        assertTrue(sync.drop(8192, 4096));

        assertEquals(List.of("sync_file_range 7 4096 65536 7", // WAIT_BEFORE | WRITE | WAIT_AFTER
            "sync_file_range 7 " + FileRangeSync.NO_PAGES_OFFSET + " 4096 4", // WAIT_AFTER, past any page
            "posix_fadvise 7 8192 4096 4"), libc.calls); // POSIX_FADV_DONTNEED
        assertEquals(0, sync.lastErrno());
    }

    @Test
    void shouldKeepTheErrorNumberOfAFailedCallAndMakeNoCallOnceClosed()
    {
        final FileRangeSync sync = FileRangeSync.open(file, libc, () -> 28);
        libc.result = -1;

        assertFalse(sync.sync(0, 4096));
        assertEquals(28, sync.lastErrno());
        assertFalse(sync.drop(0, 4096));
        sync.close();
        libc.calls.clear();
        libc.result = 0;

        assertFalse(sync.checkWriteBack());
        assertEquals(9, sync.lastErrno(), "EBADF");
        assertFalse(sync.drop(0, 4096));
        assertEquals(List.of(), libc.calls);
    }

    @Test
    void shouldTakeOnlyTheErrorsOfAWriteBackThatFailedAsLostDataAndNameEach()
    {
        final Map<Integer, String> writeBack = Map.of(5, "EIO (input/output error)",
            28, "ENOSPC (no space left on device)", 122, "EDQUOT (disk quota exceeded)",
            30, "EROFS (read-only file system)", 6, "ENXIO (no such device or address)", 19, "ENODEV (no such device)",
            27, "EFBIG (file too large)", 116, "ESTALE (stale file handle)");
        final Map<Integer, String> unavailable = Map.of(9, "EBADF", 22, "EINVAL", 29, "ESPIPE", 38, "ENOSYS",
            95, "EOPNOTSUPP", FileRangeSync.ERRNO_UNKNOWN, "no error number", 1, "errno 1");

        writeBack.forEach((errno, name) ->
        {
            assertTrue(FileRangeSync.isWriteBackError(errno), name);
            assertEquals(name, FileRangeSync.errnoName(errno));
        });
        unavailable.forEach((errno, name) ->
        {
            assertFalse(FileRangeSync.isWriteBackError(errno), name);
            assertEquals(name, FileRangeSync.errnoName(errno));
        });
    }
}
