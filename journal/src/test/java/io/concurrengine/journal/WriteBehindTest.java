package io.concurrengine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What write-behind makes of its watches' findings, on a scripted C library (no file is opened): the first failed
 * write-back is the one the writer fails with, and a file that goes unwatched is a problem reported unless another is.
 */
class WriteBehindTest
{
    private static final int EIO = 5;
    private static final int ENOSPC = 28;

    private final ScriptedLibC libc = new ScriptedLibC();
    private final MaintenanceFaults faults = new MaintenanceFaults();
    private final Path first = Path.of("/journal/20260101" + JournalFiles.CYCLE_FILE_SUFFIX);
    private final Path second = Path.of("/journal/20260102" + JournalFiles.CYCLE_FILE_SUFFIX);

    @AfterEach
    void restore()
    {
        WriteBehind.watchOpener = FileRangeSync::open;
    }

    private WriteBehind writeBehind(final JournalConfig.Builder config)
    {
        return writeBehind(config, faults);
    }

    private WriteBehind writeBehind(final JournalConfig.Builder config, final MaintenanceFaults reportedTo)
    {
        WriteBehind.watchOpener = path -> FileRangeSync.open(path, libc, libc::errno);
        final WriterRate rate = new WriterRate(JournalConfig.DEFAULT_PRETOUCH_INTERVAL_NANOS);
        return new WriteBehind(config.build(), new ChunkMappings(false, rate, reportedTo), rate, reportedTo);
    }

    @Test
    void shouldKeepTheFirstFailedWriteBackForTheWriterAndNoLaterOne()
    {
        final WriteBehind writeBehind = writeBehind(JournalConfig.builder(Path.of("journal")));
        writeBehind.watch(first);
        writeBehind.watch(second);
        libc.failing.put(second.toString(), EIO);

        writeBehind.checkWatchesIfDue();
        final IOException failure = faults.writeBackFailure();
        assertTrue(failure.getMessage().startsWith("write-back of " + second + " to its device failed: EIO"),
            failure.getMessage());

        libc.failing.put(first.toString(), ENOSPC);
        writeBehind.closeWatches(); // asks once more: the first file's failure is new to the watches, not to the writer
        assertSame(failure, faults.writeBackFailure());
        assertNull(faults.lastError(), "a failed write-back is not a problem worked around");
        assertEquals(List.of(first.toString(), second.toString()), libc.closed);
        assertEquals(0, writeBehind.watchedFiles());

        final MaintenanceFaults stepFailed = new MaintenanceFaults();
        final IOException step = new IOException("write-back of 262144 bytes at 4194304 of " + first + " failed");
        stepFailed.writeBackFailed(step); // a write-behind step's, before the watches asked
        final WriteBehind watching = writeBehind(JournalConfig.builder(Path.of("journal")), stepFailed);
        watching.watch(first);
        watching.closeWatches();
        assertSame(step, stepFailed.writeBackFailure(), "the step's failure, the first, stands");
    }

    @Test
    void shouldReportAFileThatGoesUnwatchedUnlessAnotherProblemIsReportedAlready()
    {
        assumeTrue(FileRangeSync.isAvailable(), "elsewhere than Linux an unwatched file is no news");
        libc.unopenable.add(first.toString());
        final WriteBehind writeBehind = writeBehind(JournalConfig.builder(Path.of("journal")));
        writeBehind.watch(first);

        writeBehind.checkWatchesIfDue();

        assertEquals("cannot watch write-back of " + first + ": it cannot be opened; a failed write-back of it goes " +
            "unreported", faults.lastError().getMessage());
        assertNull(faults.writeBackFailure());

        final MaintenanceFaults other = new MaintenanceFaults();
        final IllegalStateException problem = new IllegalStateException("another problem");
        other.error(problem);
        final WriteBehind reporting = writeBehind(JournalConfig.builder(Path.of("journal")), other);
        reporting.watch(first);
        reporting.closeWatches();
        assertSame(problem, other.lastError(), "the problem reported first stands");
    }

    @Test
    void shouldWriteBehindUnlessEveryBlockIsForcedOrItIsTurnedOff()
    {
        assertTrue(writeBehind(JournalConfig.builder(Path.of("journal"))).enabled());
        assertTrue(writeBehind(JournalConfig.builder(Path.of("journal")).fsyncPolicy(FsyncPolicy.ON_CLOSE)).enabled());
        assertFalse(writeBehind(JournalConfig.builder(Path.of("journal")).fsyncPolicy(FsyncPolicy.PER_BLOCK))
            .enabled());
        assertFalse(writeBehind(JournalConfig.builder(Path.of("journal")).writeBehindBytes(0)).enabled());
    }
}
