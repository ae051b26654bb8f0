package io.concurrengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Which cycle files one retention pass deletes, on cycle files made here: five of 1,000 bytes each, the oldest first
 * by name as Chronicle names them.
 */
@Timeout(60)
class CycleRetentionTest
{
    private static final int FILE_BYTES = 1_000;

    @TempDir
    Path dir;

    private final MaintenanceFaults faults = new MaintenanceFaults();

    private List<Path> cycleFiles(final int count) throws IOException
    {
        final List<Path> files = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            final Path file = dir.resolve("20260101-0" + i + JournalFiles.CYCLE_FILE_SUFFIX);
            files.add(Files.write(file, new byte[FILE_BYTES]));
        }
        return files;
    }

    private CycleRetention retention(final int retainCycles, final long retainBytes, final WriteBackWatches watches)
    {
        final JournalConfig config = JournalConfig.builder(dir).retainCycles(retainCycles).retainBytes(retainBytes)
            .build();
        return new CycleRetention(config, watches, faults);
    }

    private CycleRetention retention(final int retainCycles, final long retainBytes)
    {
        return retention(retainCycles, retainBytes, new WriteBackWatches((path) -> null));
    }

    @Test
    void shouldKeepTheNewestFilesThatFitTheByteBudget() throws IOException
    {
        final List<Path> files = cycleFiles(5);

        assertEquals(2, retention(0, 3 * FILE_BYTES).applyRetention(null), "a budget of exactly three files");
        assertEquals(files.subList(2, 5), JournalFiles.cycleFiles(dir));

        assertEquals(1, retention(0, 2 * FILE_BYTES + 1).applyRetention(null), "three files are one byte too many");
        assertEquals(files.subList(3, 5), JournalFiles.cycleFiles(dir));
        assertNull(faults.lastError());
    }

    @Test
    void shouldKeepTheLastCyclesAndNeverTheWritersCurrentFileOrANewerOne() throws IOException
    {
        final List<Path> files = cycleFiles(5);

        assertEquals(0, retention(2, 0).applyRetention(files.get(0)), "nothing is older than the current file");
        assertEquals(1, retention(2, 0).applyRetention(files.get(1)), "only the file older than the current one");
        assertEquals(files.subList(1, 5), JournalFiles.cycleFiles(dir));
        assertEquals(0, retention(2, 0).applyRetention(dir.resolve("20260101-09.cq4")), "a current file not there");

        assertEquals(2, retention(2, 0).applyRetention(null), "the writer closed: keep the newest two");
        assertEquals(files.subList(3, 5), JournalFiles.cycleFiles(dir));
        assertEquals(0, retention(0, 0).applyRetention(null), "no limits");
        assertNull(faults.lastError());
    }

    @Test
    void shouldDeleteWhileEitherLimitIsExceeded() throws IOException
    {
        final List<Path> files = cycleFiles(5);

        assertEquals(1, retention(4, 10 * FILE_BYTES).applyRetention(null), "the cycle limit, within the byte budget");
        assertEquals(2, retention(4, 2 * FILE_BYTES).applyRetention(null), "the byte budget, within the cycle limit");
        assertEquals(files.subList(3, 5), JournalFiles.cycleFiles(dir));
    }

    @Test
    void shouldStopWatchingTheWriteBackOfTheFilesItDeletes() throws IOException
    {
        assumeTrue(FileRangeSync.isAvailable(), "sync_file_range (Linux)");
        final List<Path> files = cycleFiles(5);
        final WriteBackWatches watches = new WriteBackWatches(FileRangeSync::open);
        for (final Path file : files)
        {
            watches.writing(file, 0);
        }
        assertEquals(5, watches.size());

        assertEquals(3, retention(2, 0, watches).applyRetention(null));

        assertEquals(2, watches.size(), "the two files kept");
        watches.close();
    }

    @Test
    void shouldReportADirectoryItCannotListAndDeleteNothing()
    {
        final JournalConfig config = JournalConfig.builder(dir.resolve("gone")).retainCycles(1).build();

        assertEquals(0, new CycleRetention(config, new WriteBackWatches((path) -> null), faults).applyRetention(null));

        assertInstanceOf(NoSuchFileException.class, faults.lastError());
    }
}
