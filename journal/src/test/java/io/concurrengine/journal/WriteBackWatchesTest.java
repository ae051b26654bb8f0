package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which files one writer's {@link WriteBackWatches} hold open, when it asks them, and what it reports, on a scripted
 * C library: no file is opened, and the clock is the test's.
 */
class WriteBackWatchesTest
{
    private static final int EIO = 5;
    private static final int ENOSPC = 28;
    private static final int EINVAL = 22;
    private static final long INTERVAL = WriteBackWatches.CHECK_INTERVAL_NANOS;
    private static final long KEEP = WriteBackWatches.KEEP_FINISHED_NANOS;

    private final ScriptedLibC libc = new ScriptedLibC();
    private final WriteBackWatches watches =
        new WriteBackWatches(path -> FileRangeSync.open(path, libc, libc::errno));

    private static Path file(final int i)
    {
        return Path.of("/journal/2026010" + i + JournalFiles.CYCLE_FILE_SUFFIX);
    }

    private static String name(final int i)
    {
        return file(i).toString();
    }

    @Test
    void shouldAskEveryWatchedFileOncePerIntervalFromTheFirstCheckOn()
    {
        watches.writing(file(0), 0);
        watches.writing(file(1), 5);

        assertTrue(watches.checkIfDue(100), "the first check is due at once");
        assertEquals(List.of(name(0), name(1)), libc.asked);
        assertFalse(watches.checkIfDue(100 + INTERVAL - 1));
        assertEquals(2, libc.asked.size(), "not asked again within the interval");
        assertTrue(watches.checkIfDue(100 + INTERVAL));
        assertEquals(4, libc.asked.size());
        assertNull(watches.failure());
        assertNull(watches.unwatched());
    }

    @Test
    void shouldReportTheFirstFailedWriteBackNamingItsFileAndKeepWatchingIt()
    {
        watches.writing(file(0), 0);
        watches.writing(file(1), 0);
        libc.failing.put(name(1), EIO);
        watches.checkIfDue(0);

        final IOException failure = watches.failure();
        assertEquals("write-back of " + name(1) + " to its device failed: EIO (input/output error); what was " +
            "written to it since the last successful write-back may not be on the device", failure.getMessage());
        assertEquals(2, watches.size(), "a file whose write-back failed is asked again: each error is told once");

        libc.failing.put(name(0), ENOSPC);
        watches.checkIfDue(INTERVAL);
        assertSame(failure, watches.failure(), "the first failure stands");
        assertNull(watches.unwatched());
        assertEquals(List.of(), libc.closed);
    }

    @Test
    void shouldStopWatchingAFileTheCallIsUnavailableOnAndSayItGoesUnwatched()
    {
        watches.writing(file(0), 0);
        watches.writing(file(1), 0);
        libc.failing.put(name(0), EINVAL);

        assertTrue(watches.checkIfDue(0));

        assertEquals("cannot watch write-back of " + name(0) + ": sync_file_range failed with EINVAL; a failed " +
            "write-back of it goes unreported", watches.unwatched().getMessage());
        assertNull(watches.failure(), "not a failed write-back");
        assertEquals(List.of(name(0)), libc.closed);
        assertEquals(1, watches.size());
    }

    @Test
    void shouldSayAFileThatCannotBeOpenedGoesUnwatched()
    {
        assumeTrue(FileRangeSync.isAvailable(), "elsewhere than Linux it is no news");
        libc.unopenable.add(name(0));

        watches.writing(file(0), 0);

        assertEquals(0, watches.size());
        assertEquals("cannot watch write-back of " + name(0) + ": it cannot be opened; a failed write-back of it " +
            "goes unreported", watches.unwatched().getMessage());
    }

    @Test
    void shouldKeepAFinishedFileWatchedForItsTimeAndTheCurrentOneForever()
    {
        watches.writing(file(0), 0);
        watches.writing(file(0), 50); // the same file again: still one watch, not finished
        assertEquals(List.of(name(0)), libc.files, "opened once");
        watches.writing(file(1), 100); // file 0 finished at 100

        watches.checkIfDue(100 + KEEP - 1);
        assertEquals(2, watches.size(), "file 0 a nanosecond before its time is up");
        watches.checkIfDue(100 + KEEP - 1 + INTERVAL);
        assertEquals(1, watches.size(), "file 0's time is up");
        assertEquals(List.of(name(0)), libc.closed);

        watches.checkIfDue(100 + 100 * KEEP);
        assertEquals(1, watches.size(), "the file being written is never finished");
        assertEquals(List.of(name(0)), libc.closed);
    }

    @Test
    void shouldLetGoOfAFinishedFileAtTheFirstCheckOnceItsTimeIsUp()
    {
        watches.writing(file(0), 0);
        watches.writing(null, 100); // a file without a path: file 0 finished at 100, nothing new watched

        assertEquals(1, watches.size());
        watches.checkIfDue(100 + KEEP);
        assertEquals(0, watches.size());
        assertEquals(List.of(name(0)), libc.closed);
        assertNull(watches.unwatched());
    }

    @Test
    void shouldAskAndRetireTheOldestFileBeyondTheMostWatchedAtOnce()
    {
        for (int i = 0; i < WriteBackWatches.MAX_WATCHES; i++)
        {
            watches.writing(Path.of("/journal/" + i + JournalFiles.CYCLE_FILE_SUFFIX), i);
        }
        assertEquals(WriteBackWatches.MAX_WATCHES, watches.size());
        assertEquals(List.of(), libc.asked);
        libc.failing.put("/journal/0" + JournalFiles.CYCLE_FILE_SUFFIX, EIO);

        watches.writing(file(9), 1_000);

        assertEquals(WriteBackWatches.MAX_WATCHES, watches.size());
        assertEquals(List.of("/journal/0" + JournalFiles.CYCLE_FILE_SUFFIX), libc.asked, "asked before it is let go");
        assertEquals(libc.asked, libc.closed);
        assertTrue(watches.failure().getMessage().startsWith("write-back of /journal/0.cq4 to its device failed"));
    }

    @Test
    void shouldLetGoOfADeletedFileOnly()
    {
        watches.writing(file(0), 0);
        watches.writing(file(1), 0);
        watches.writing(file(2), 0);

        watches.deleted(file(1));

        assertEquals(2, watches.size());
        assertEquals(List.of(name(1)), libc.closed);
        watches.checkIfDue(0);
        assertEquals(List.of(name(0), name(2)), libc.asked);
    }

    @Test
    void shouldAskEveryFileOnceMoreAsItClosesAndHoldNoneAfter()
    {
        watches.writing(file(0), 0);
        watches.writing(file(1), 0);
        watches.checkIfDue(0);
        libc.asked.clear();
        libc.failing.put(name(1), ENOSPC);

        watches.close();

        assertEquals(List.of(name(0), name(1)), libc.asked, "asked within the interval: closing does not wait");
        assertTrue(watches.failure().getMessage().contains(name(1) + " to its device failed: ENOSPC"));
        assertEquals(List.of(name(0), name(1)), libc.closed);
        assertEquals(0, watches.size());
    }
}
