package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A write-back that fails after a block was written (a device error, a thin-provisioned file system out of space)
 * fails the writer at its next block, naming the file and the error, whoever started the write-back.
 */
@Timeout(60)
class JournalWriteBackTest
{
    private static final int EIO = 5;
    private static final int ENOSPC = 28;
    private static final int SYNC_WAIT_AFTER = 4;
    private static final int SYNC_WRITE = 2;

    @TempDir
    Path dir;

    @AfterEach
    void restore()
    {
        WriteBehind.watchOpener = FileRangeSync::open;
        WriteBehind.rangeSyncOpener = FileRangeSync::open;
    }

    /**
     * The system's calls, except that {@code sync_file_range} with the flags given fails with the error given once
     * {@link #failing} is set (the disk broke).
     */
    private static final class BreakingDisk extends ForwardingLibC
    {
        final AtomicBoolean failing = new AtomicBoolean();
        final AtomicInteger failures = new AtomicInteger();
        final int flagsFailing;

        BreakingDisk(final int flagsFailing)
        {
            this.flagsFailing = flagsFailing;
        }

        @Override
        public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
        {
            if (failing.get() && (flags & flagsFailing) == flagsFailing)
            {
                failures.incrementAndGet();
                return -1;
            }
            return system.sync_file_range(fd, offset, nbytes, flags);
        }
    }

    private static void awaitFailure(final JournalMaintenance maintenance) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (null == maintenance.writeBackFailure())
        {
            assertTrue(System.nanoTime() < deadline, "no write-back failure seen");
            Thread.sleep(5);
        }
    }

    @Test
    void shouldReadTheKernelsErrorNumberOfAFailedCallAndAskAHealthyFileWithoutError() throws IOException
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final Path file = java.nio.file.Files.write(dir.resolve("f"), new byte[8192]);
        try (FileRangeSync sync = FileRangeSync.open(file))
        {
            assertTrue(sync.checkWriteBack());
            assertTrue(sync.sync(0, 8192));

            assertFalse(sync.sync(-4096, 4096)); // a negative offset: EINVAL from the kernel, through jnr-ffi's errno
            assertEquals(22, sync.lastErrno());
            assertFalse(FileRangeSync.isWriteBackError(sync.lastErrno()));
            assertTrue(FileRangeSync.isWriteBackError(EIO));
            assertTrue(FileRangeSync.isWriteBackError(ENOSPC));
            assertFalse(FileRangeSync.isWriteBackError(1), "EPERM: a sandbox refusing the call, not lost data");
            assertFalse(FileRangeSync.isWriteBackError(FileRangeSync.ERRNO_UNKNOWN));
        }
    }

    @Test
    void shouldFailAtTheNextBlockWhenTheKernelsWriteBackOfTheFileFailed() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final BreakingDisk disk = new BreakingDisk(SYNC_WAIT_AFTER);
        WriteBehind.watchOpener = path -> FileRangeSync.open(path, disk, () -> EIO);
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        for (int i = 0; i < 1_000; i++)
        {
            writer.appendAdvance(i);
        }
        writer.flush();
        assertNull(writer.maintenance().writeBackFailure(), "a working disk reports nothing");

        disk.failing.set(true); // the next write-back of the file fails, as the kernel's flusher would find
        awaitFailure(writer.maintenance());
        writer.appendAdvance(1_000);

        final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::flush);
        final Path file = JournalFiles.cycleFiles(dir).get(0);
        assertTrue(ex.getMessage().contains("journal data failed to reach its device; block=2 not written " +
            "cause=java.io.IOException: write-back of " + file + " to its device failed: EIO (input/output error)"),
            ex.getMessage());
        assertInstanceOf(IOException.class, ex.getCause());
        assertThrows(JournalWriteException.class, () -> writer.appendAdvance(1_001), "the writer has failed");
        writer.close(); // reported once, by the flush

        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(1 + 1_000, salvaged.records(), "the header and the block written before");
    }

    /**
     * A round of the background thread that throws, here each round as it takes up the writer's file, is the writer's
     * background error, and the writer goes on; the thread pauses after each such round as after any other, not
     * spinning on a core the shards need until the journal closes.
     */
    @Test
    void shouldReportARoundThatThrowsAsTheWritersBackgroundErrorAndPauseBeforeTheNext() throws Exception
    {
        final IllegalStateException broken = new IllegalStateException("cannot watch");
        WriteBehind.watchOpener = path ->
        {
            throw broken;
        };
        final Path journal = dir.resolve("rounds-that-throw");
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(journal).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        try
        {
            final Thread thread = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("journal-maint-" + journal.getFileName())).findFirst().orElseThrow();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (null == writer.backgroundError()) // every round from the header block's on throws
            {
                assertTrue(System.nanoTime() < deadline, "no round failed");
                Thread.sleep(1);
            }
            assertSame(broken, writer.backgroundError());
            assertTrue(thread.isDaemon(), "a process that never closes its journal can still exit");
            while (LockSupport.getBlocker(thread) != writer.maintenance()) // parked in its pause between rounds
            {
                assertTrue(System.nanoTime() < deadline, "the thread never paused after a failed round: " +
                    thread.getState());
                Thread.onSpinWait();
            }
            writer.appendAdvance(1);
        }
        finally
        {
            writer.close();
        }
        assertEquals(List.of(Rec.advance(1)), readEvents(JournalReader.open(journal)));
    }

    @Test
    void shouldReportAWriteBackFailureSeenAfterTheLastBlockWhenClosing() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final BreakingDisk disk = new BreakingDisk(SYNC_WAIT_AFTER);
        WriteBehind.watchOpener = path -> FileRangeSync.open(path, disk, () -> ENOSPC);
        // a format without the END block: closing writes no block, so only its own check can report the failure
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.END_BLOCK_VERSION - 1);
        writer.appendAdvance(1);
        writer.flush();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (0 == writer.maintenance().watchedFiles()) // the background thread has taken up the file
        {
            assertTrue(System.nanoTime() < deadline, "the file was never watched");
            Thread.sleep(1);
        }
        disk.failing.set(true); // seen by the background thread's next ask, or its last one as it stops

        final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::close);
        assertTrue(ex.getMessage().contains("failed: ENOSPC (no space left on device)"), ex.getMessage());
        writer.close(); // closed once
    }

    /**
     * A writer closed right after its first block, before the background thread's next round took up the file, still
     * has the file asked as that thread stops.
     */
    @Test
    void shouldAskTheLastFileAsTheBackgroundThreadStopsEvenIfNoRoundTookItUp()
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final BreakingDisk disk = new BreakingDisk(SYNC_WAIT_AFTER);
        disk.failing.set(true);
        WriteBehind.watchOpener = path -> FileRangeSync.open(path, disk, () -> EIO);
        for (int i = 0; i < 20; i++)
        {
            final Path journal = dir.resolve("journal-" + i);
            final ChronicleJournalWriter writer =
                new ChronicleJournalWriter(config(journal).build(), HEADER, JournalDescriptor.END_BLOCK_VERSION - 1);

            final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::close, "run " + i);
            assertTrue(ex.getMessage().contains("failed: EIO (input/output error)"), ex.getMessage());
        }
    }

    @Test
    void shouldTakeAWriteBehindStepFailingWithAnIoErrorAsAFailedWriteBackNotAsRangeWriteBackUnavailable()
        throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final BreakingDisk disk = new BreakingDisk(SYNC_WRITE);
        disk.failing.set(true);
        WriteBehind.rangeSyncOpener = path -> FileRangeSync.open(path, disk, () -> EIO);
        final long chunk = 1024 * 1024;
        final JournalConfig config = config(dir).chunkBytes(chunk).writeBehindBytes(256 * 1024).build();
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION);
        JournalWriteException failed = null;
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int i = 0; null == failed; )
        {
            assertTrue(System.nanoTime() < deadline, "no write-behind step failed");
            try
            {
                for (int k = 0; k < 10_000; k++, i++)
                {
                    writer.appendInput(i, 2, i * 3L, i, i >> 3, -i, 0); // a full block is written here too
                }
                writer.flush();
            }
            catch (final JournalWriteException ex)
            {
                failed = ex;
            }
        }

        assertTrue(disk.failures.get() >= 1);
        final String failure = writer.maintenance().writeBackFailure().getMessage();
        assertTrue(failure.matches("write-back of 262144 bytes at \\d+ of .*\\.cq4 to its device failed: EIO " +
            "\\(input/output error\\); they may not be on the device"), failure);
        assertSame(writer.maintenance().writeBackFailure(), failed.getCause());
        assertNull(writer.maintenance().lastError(), "not reported as a problem worked around as well");
        assertEquals(0, writer.maintenance().bytesWrittenBehindUnmapped(), "the failed step is not counted");
        writer.close();
    }

    /**
     * Every cycle file is held open while it is watched (and, under PER_BLOCK, while it is written): a long run that
     * rolls many files with retention must not hold files retention deleted (their space is freed only when the last
     * descriptor closes), and closing releases them all.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(FsyncPolicy.class)
    void shouldHoldNoDescriptorOfADeletedOrClosedCycleFile(final FsyncPolicy policy) throws Exception
    {
        assumeTrue(java.nio.file.Files.isDirectory(Path.of("/proc/self/fd")), "Linux only");
        final java.util.concurrent.atomic.AtomicLong clock =
            new java.util.concurrent.atomic.AtomicLong(1_790_000_000_000L);
        final JournalConfig config = config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY)
            .epochMillisClock(clock::get).retainCycles(2).fsyncPolicy(policy).build();
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION);
        for (int cycle = 0; cycle < 40; cycle++)
        {
            writer.appendAdvance(cycle);
            writer.flush();
            clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            Thread.sleep(2); // the background thread's rounds apply retention as the writer rolls
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        java.util.List<String> open = openCycleFiles();
        while (JournalFiles.cycleFiles(dir).size() > 2 || open.stream().anyMatch(f -> f.endsWith("(deleted)")))
        {
            assertTrue(System.nanoTime() < deadline, "cycle files " + JournalFiles.cycleFiles(dir) +
                ", descriptors of cycle files " + open);
            Thread.sleep(5);
            open = openCycleFiles();
        }
        assertTrue(open.stream().distinct().count() <= 2, "descriptors of kept files only: " + open);
        writer.close();

        // Chronicle releases its own mappings on a background thread of its own, soon after the queue closes
        final long released = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!openCycleFiles().isEmpty() && System.nanoTime() < released)
        {
            Thread.sleep(5);
        }
        assertEquals(java.util.List.of(), openCycleFiles(), "every descriptor of a cycle file closed with the writer");
    }

    /**
     * @return the cycle files of the test's directory this process holds descriptors of, once per descriptor (a
     *         deleted one ends with "(deleted)").
     */
    private java.util.List<String> openCycleFiles() throws IOException
    {
        final java.util.List<String> open = new java.util.ArrayList<>();
        try (java.nio.file.DirectoryStream<Path> fds = java.nio.file.Files.newDirectoryStream(Path.of("/proc/self/fd")))
        {
            for (final Path fd : fds)
            {
                try
                {
                    final String target = java.nio.file.Files.readSymbolicLink(fd).toString();
                    if (target.startsWith(dir.toString()) && (target.endsWith(JournalFiles.CYCLE_FILE_SUFFIX) ||
                        target.endsWith(JournalFiles.CYCLE_FILE_SUFFIX + " (deleted)")))
                    {
                        open.add(target.substring(dir.toString().length() + 1));
                    }
                }
                catch (final IOException ex)
                {
                    // closed while listed
                }
            }
        }
        return open;
    }

    @Test
    void shouldNotTakeACallUnavailableOnTheFileAsAFailedWriteBack() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "needs sync_file_range");
        final BreakingDisk disk = new BreakingDisk(SYNC_WAIT_AFTER);
        disk.failing.set(true);
        final int einval = 22;
        WriteBehind.watchOpener = path -> FileRangeSync.open(path, disk, () -> einval);
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            writer.appendAdvance(1);
            writer.flush();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (0 == disk.failures.get() || null == writer.maintenance().lastError())
            {
                assertTrue(System.nanoTime() < deadline, "the file was never asked");
                Thread.sleep(5);
            }
            writer.appendAdvance(2);
            writer.flush();

            assertNull(writer.maintenance().writeBackFailure());
            assertTrue(writer.maintenance().lastError().getMessage().contains(
                "sync_file_range failed with EINVAL; a failed write-back of it goes unreported"),
                writer.maintenance().lastError().getMessage());
        }
        assertEquals(2, readEvents(JournalReader.open(dir)).size());
    }
}
