package io.concurrengine.journal;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * A writer's free-space figure without its thread: the samples are taken here, one call each, from a usable-space
 * supplier the test sets.
 */
class JournalFreeSpaceTest
{
    @TempDir
    Path dir;

    private final MaintenanceFaults faults = new MaintenanceFaults();
    private final AtomicLong usable = new AtomicLong(10_000);
    private final LongSupplier space = usable::get;

    @AfterEach
    void release()
    {
        FileSystemWrites.releaseAllForTests();
    }

    private JournalFreeSpace freeSpace(final long minFreeBytes)
    {
        final JournalFreeSpace freeSpace = new JournalFreeSpace(
            JournalConfig.builder(dir).minFreeBytes(minFreeBytes).usableSpace(space).build(), faults);
        freeSpace.start();
        return freeSpace;
    }

    @Test
    void shouldSubtractWhatTheWritersWroteSinceTheLastSampleOnly()
    {
        final JournalFreeSpace freeSpace = freeSpace(1_000);
        assertEquals(10_000, freeSpace.usableBytes(), "start() takes the first sample");

        freeSpace.wrote(300);
        assertEquals(9_700, freeSpace.usableBytes());
        usable.set(9_600); // the file system's figure, once the bytes reached it
        freeSpace.checkSpace();
        assertEquals(9_600, freeSpace.usableBytes(), "bytes written before the sample are in it");
        freeSpace.wrote(100);
        assertEquals(9_500, freeSpace.usableBytes());
        assertNull(faults.lastError());
    }

    @Test
    void shouldHaveRoomForBytesOnlyWhileTheLastSampleLeavesThemAboveTheFloor()
    {
        final JournalFreeSpace freeSpace = freeSpace(1_000);

        assertTrue(freeSpace.hasRoomFor(8_999));
        assertFalse(freeSpace.hasRoomFor(9_000), "they would take it down to the floor");
        freeSpace.wrote(5_000);
        assertTrue(freeSpace.hasRoomFor(8_999), "the last sample, not less what was written since");
    }

    @Test
    void shouldSampleNothingWithoutAFloor()
    {
        final JournalFreeSpace freeSpace = freeSpace(0);
        freeSpace.wrote(300);

        assertEquals(Long.MAX_VALUE, freeSpace.usableBytes(), "unknown");
        assertTrue(freeSpace.hasRoomFor(Long.MAX_VALUE / 2));
        final JournalFreeSpace fileSystem = new JournalFreeSpace(JournalConfig.builder(dir).minFreeBytes(0).build(),
            faults);
        fileSystem.start();
        assertEquals(Long.MAX_VALUE, fileSystem.usableBytes(), "the file system's own figure is not sampled either");
        fileSystem.release();
    }

    @Test
    void shouldKeepTheLastFigureAndReportTheProblemWhenTheSupplierFails()
    {
        final IllegalStateException problem = new IllegalStateException("statvfs failed");
        final AtomicBoolean failing = new AtomicBoolean();
        final LongSupplier supplier = () ->
        {
            if (failing.get())
            {
                throw problem;
            }
            return usable.get();
        };
        final JournalConfig config = JournalConfig.builder(dir).minFreeBytes(1_000).usableSpace(supplier).build();
        final JournalFreeSpace freeSpace = new JournalFreeSpace(config, faults);
        freeSpace.start();

        failing.set(true);
        usable.set(5_000);
        freeSpace.wrote(100);
        freeSpace.checkSpace();
        assertSame(problem, faults.lastError());
        assertEquals(9_900, freeSpace.usableBytes(), "the last sample, less what was written since");

        final JournalFreeSpace unsampled = new JournalFreeSpace(config, new MaintenanceFaults());
        unsampled.start();
        assertEquals(Long.MAX_VALUE, unsampled.usableBytes(), "unknown until a first sample");
    }

    @Test
    void shouldCountTheWritesOfEveryWriterWithTheSameSupplierUntilTheLastReleases()
    {
        final int keysBefore = FileSystemWrites.keys();
        final JournalFreeSpace first = freeSpace(1_000);
        final JournalFreeSpace second = freeSpace(1_000);
        assertSame(first.writes(), second.writes());
        assertEquals(keysBefore + 1, FileSystemWrites.keys());

        first.wrote(400);
        assertEquals(9_600, second.usableBytes(), "the other writer's bytes count too");
        first.release();
        assertEquals(keysBefore + 1, FileSystemWrites.keys(), "held by the second");
        first.release(); // a second release releases nothing
        assertEquals(keysBefore + 1, FileSystemWrites.keys());
        second.release();
        assertEquals(keysBefore, FileSystemWrites.keys());
        assertNotSame(first.writes(), freeSpace(1_000).writes(), "a new count once released");
    }

    @Test
    void shouldSampleTheFileSystemItselfWithoutASupplier()
    {
        final JournalFreeSpace freeSpace =
            new JournalFreeSpace(JournalConfig.builder(dir).minFreeBytes(1).build(), faults);
        freeSpace.start();

        final long sampled = freeSpace.usableBytes();
        assertTrue(sampled > 0 && sampled < Long.MAX_VALUE, "usableBytes=" + sampled);
        freeSpace.wrote(1);
        assertEquals(sampled - 1, freeSpace.usableBytes());
        assertNull(faults.lastError());
        freeSpace.release();
    }

    @Test
    void shouldReportADirectoryWhoseFileSystemCannotBeFoundAndCountAlone()
    {
        final JournalFreeSpace freeSpace =
            new JournalFreeSpace(JournalConfig.builder(dir.resolve("gone")).minFreeBytes(1).build(), faults);
        final int keysBefore = FileSystemWrites.keys();

        freeSpace.start();

        assertInstanceOf(NoSuchFileException.class, faults.lastError());
        assertEquals(Long.MAX_VALUE, freeSpace.usableBytes());
        assertEquals(keysBefore, FileSystemWrites.keys(), "shares no count");
    }
}
