package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(60)
class JournalFsyncTest
{
    @TempDir
    Path dir;

    /**
     * Kilobytes of the journal's cycle-file mappings whose pages are dirty (not yet written back), from
     * {@code /proc/self/smaps}: a page written back by {@code msync(MS_SYNC)} is clean again.
     */
    private long dirtyKilobytesOfCycleFiles() throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        long dirty = 0;
        boolean cycleFile = false;
        for (final String line : lines)
        {
            if (Character.isDigit(line.charAt(0)) || Character.isLowerCase(line.charAt(0)) && line.contains("-") &&
                !line.contains(":"))
            {
                cycleFile = line.contains(dir.toString()) && line.endsWith(JournalFiles.CYCLE_FILE_SUFFIX);
            }
            else if (cycleFile && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:")))
            {
                dirty += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return dirty;
    }

    @org.junit.jupiter.params.ParameterizedTest(name = "pages prepared ahead: {0} bytes")
    @org.junit.jupiter.params.provider.ValueSource(longs = {0, 1024 * 1024})
    void shouldWriteEveryBlockBackToTheDeviceWithPerBlockPolicy(final long aheadBytes)
        throws IOException, InterruptedException
    {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "Linux only");
        // with pages prepared ahead too: under PER_BLOCK they are only read ahead, never made writable (dirty) early
        final JournalConfig config =
            config(dir).fsyncPolicy(FsyncPolicy.PER_BLOCK).pretouchAheadBytes(aheadBytes).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            long dirtyAfterFirstBlock = -1;
            for (int block = 0; block < 20; block++)
            {
                for (int i = 0; i < 1_000; i++)
                {
                    writer.appendInput(block * 1_000L + i, 1, i, i, -i, i * 31L, 7);
                }
                writer.flush();
                if (0 == block)
                {
                    dirtyAfterFirstBlock = dirtyKilobytesOfCycleFiles();
                }
            }

            // 20 blocks of about 10 KB each: left to the kernel, every page written stays dirty for about 30 s; the
            // whole file written back after each block, Chronicle's store header (rewritten with every document) too
            assertTrue(writer.bytesWritten() > 100 * 1024, "bytesWritten=" + writer.bytesWritten());
            assertEquals(0, dirtyAfterFirstBlock, "dirty KiB after the first block");
            if (aheadBytes > 0)
            {
                // the background thread has prepared the pages ahead of the writer since its last block
                final JournalMaintenance maintenance = writer.maintenance();
                final long deadline = System.nanoTime() + 20_000_000_000L;
                while (maintenance.touchedUpTo() < maintenance.writePosition() + aheadBytes / 2)
                {
                    assertTrue(System.nanoTime() < deadline, "pages ahead never prepared");
                    Thread.sleep(1);
                }
                assertTrue(maintenance.writableUpTo() <= maintenance.writePosition() + 4096, "read ahead only: " +
                    "made writable up to " + maintenance.writableUpTo() + ", writer at " + maintenance.writePosition());
            }
            assertEquals(0, dirtyKilobytesOfCycleFiles(), "dirty KiB after 20 blocks");
        }
    }

    /**
     * Records what is forced, in order, and fails the {@code failAt}-th force of a cycle file (counting from 1; 0 for
     * never).
     */
    private static final class RecordingForces implements FileForce.Opener
    {
        final List<String> log = new ArrayList<>();
        final int failAt;
        int fileForces;

        RecordingForces(final int failAt)
        {
            this.failAt = failAt;
        }

        public FileForce.Forceable open(final Path path) throws IOException
        {
            final String name = Files.isDirectory(path) ? "dir:" + path.getFileName() : path.getFileName().toString();
            final FileForce.Forceable real = FileForce.open(path);
            synchronized (log)
            {
                log.add("open " + name);
            }
            return new FileForce.Forceable()
            {
                public void force(final boolean metadata) throws IOException
                {
                    synchronized (log)
                    {
                        if (!name.startsWith("dir:") && ++fileForces == failAt)
                        {
                            log.add("failed " + name);
                            throw new IOException("Input/output error");
                        }
                        log.add((metadata ? "fsync " : "fdatasync ") + name);
                    }
                    real.force(metadata);
                }

                public void close() throws IOException
                {
                    real.close();
                }
            };
        }

        List<String> log()
        {
            synchronized (log)
            {
                return new ArrayList<>(log);
            }
        }
    }

    @Test
    void shouldForceEachBlockAndEachNewCycleFilesDirectoryWithPerBlockPolicy() throws IOException
    {
        final RecordingForces forces = new RecordingForces(0);
        final Path journal = dir.resolve("journal");
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        final JournalConfig config = config(journal).fsyncPolicy(FsyncPolicy.PER_BLOCK)
            .rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build();
        ChronicleJournalWriter.forceableOpener = forces;
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            for (int cycle = 0; cycle < 2; cycle++)
            {
                for (int block = 0; block < 2; block++)
                {
                    writer.appendAdvance(cycle * 100L + block);
                    writer.flush();
                }
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        final List<Path> files = JournalFiles.cycleFiles(journal);
        assertEquals(2, files.size());
        final String first = files.get(0).getFileName().toString();
        final String second = files.get(1).getFileName().toString();
        assertEquals(List.of(
            // the header block opens the first file: its entry is in the directory, and the directory's in its parent
            "open " + first, "open dir:journal", "fsync dir:journal", "open dir:" + dir.getFileName(),
            "fsync dir:" + dir.getFileName(), "fdatasync " + first,
            "fdatasync " + first, "fdatasync " + first, // two data blocks
            // the roll: the finished file once more (with Chronicle's end-of-file marker), then the new one's entry
            "fdatasync " + first, "open " + second, "open dir:journal", "fsync dir:journal",
            "fdatasync " + second, "fdatasync " + second, // two data blocks (the first with the new file's header)
            "fdatasync " + second), // the END block, at close
            forces.log());
        assertEquals(4, readEvents(JournalReader.open(journal)).size());
    }

    /**
     * A shard thread's interrupt flag can be set: by a handler that restores it after catching InterruptedException,
     * or by the runner freeing a handler as the engine stops, before the journal closes. Forcing must not fail there.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.EnumSource(value = FsyncPolicy.class, names = {"ON_CLOSE", "PER_BLOCK"})
    void shouldForceOnAThreadWhoseInterruptFlagIsSetAndLeaveTheFlagSet(final FsyncPolicy policy)
    {
        final JournalWriter writer = JournalWriter.open(config(dir).fsyncPolicy(policy).build(), HEADER);
        try
        {
            Thread.currentThread().interrupt();
            writer.appendAdvance(1);
            writer.flush();
            writer.appendAdvance(2);
            writer.close();
            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set");
        }
        finally
        {
            Thread.interrupted();
        }
        final SalvageResult salvage = JournalReader.open(dir).salvage((r) ->
        {
        });
        assertTrue(salvage.isComplete(), String.valueOf(salvage));
        assertEquals(List.of(Rec.advance(1), Rec.advance(2)), readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldFailTheWriterNamingTheBlockAndFileWhenForcingABlockFails() throws IOException
    {
        final RecordingForces forces = new RecordingForces(4); // the header block, two data blocks, then this one
        final JournalConfig config = config(dir).fsyncPolicy(FsyncPolicy.PER_BLOCK).build();
        ChronicleJournalWriter.forceableOpener = forces;
        try
        {
            final JournalWriter writer = JournalWriter.open(config, HEADER);
            for (int block = 0; block < 2; block++)
            {
                writer.appendAdvance(block);
                writer.flush();
            }
            writer.appendAdvance(2);

            final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::flush);
            final String file = JournalFiles.cycleFiles(dir).get(0).toString();
            assertTrue(ex.getMessage().contains("cannot force block=3 of file=" + file + " to its device (fsync " +
                "policy PER_BLOCK); it was written but may not be on the device cause=java.io.IOException: " +
                "Input/output error"), ex.getMessage());
            assertThrows(JournalWriteException.class, () -> writer.appendAdvance(3), "the writer has failed");
            writer.close();
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        // the blocks forced before are there (the failed one too: it was written, only not known to be on the device)
        final SalvageResult salvaged = JournalReader.open(dir).salvage((r) -> { });
        assertEquals(1 + 3, salvaged.records());
        assertFalse(salvaged.closed(), "no END block after a failure");
    }

    @Test
    void shouldTakeADirectoryForceTheFileSystemDoesNotSupportAsNoFailureButAnIoErrorAsOne() throws IOException
    {
        final Path journal = dir.resolve("journal");
        ChronicleJournalWriter.forceableOpener = path -> new FileForce.Forceable()
        {
            public void force(final boolean metadata) throws IOException
            {
                if (Files.isDirectory(path))
                {
                    throw new IOException("Invalid argument"); // EINVAL: no fsync of directories here
                }
            }

            public void close()
            {
            }
        };
        try
        {
            write(config(journal).fsyncPolicy(FsyncPolicy.PER_BLOCK).build(), marketStream(100, 1));
            assertEquals(200, readEvents(JournalReader.open(journal)).size());
            assertTrue(FileForce.refusedForDirectories(new IOException("Bad file descriptor")));
            assertTrue(FileForce.refusedForDirectories(new IOException("Is a directory")));
            assertFalse(FileForce.refusedForDirectories(new IOException("Input/output error")));
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        FileForce.force(journal); // a real directory, forced on this file system
    }

    /**
     * The errors a file system gives for a directory it cannot force are a failure for a file: its data may not be on
     * the device.
     */
    @Test
    void shouldFailTheForceOfAFileWithTheErrorThatADirectoryIsLetOffWith() throws IOException
    {
        final Path file = Files.write(dir.resolve("file"), new byte[16]);
        final IOException refused = new IOException("Invalid argument");
        final FileForce.Opener opener = path -> new FileForce.Forceable()
        {
            public void force(final boolean metadata) throws IOException
            {
                throw refused;
            }

            public void close()
            {
            }
        };

        assertSame(refused, assertThrows(IOException.class, () -> FileForce.force(file, opener)));
        FileForce.force(dir, opener); // a directory: let off
    }

    /**
     * A writer that cannot force its first cycle file's directory (PER_BLOCK) fails to open, naming the file and the
     * header block, and leaves nothing behind: the file it held open to force is closed, its background thread is
     * stopped.
     */
    @Test
    void shouldFailToOpenNamingTheFileWhenItsDirectoryCannotBeForcedAndLeaveNothingRunning() throws IOException
    {
        final Path journal = dir.resolve("failed-open");
        final List<Path> closed = new ArrayList<>();
        ChronicleJournalWriter.forceableOpener = path ->
        {
            final boolean directory = Files.isDirectory(path);
            final FileForce.Forceable real = directory ? null : FileForce.open(path);
            return new FileForce.Forceable()
            {
                public void force(final boolean metadata) throws IOException
                {
                    if (directory)
                    {
                        throw new IOException("Input/output error");
                    }
                    real.force(metadata);
                }

                public void close() throws IOException
                {
                    closed.add(path);
                    if (null != real)
                    {
                        real.close();
                    }
                }
            };
        };
        final JournalWriteException ex;
        try
        {
            ex = assertThrows(JournalWriteException.class,
                () -> JournalWriter.open(config(journal).fsyncPolicy(FsyncPolicy.PER_BLOCK).build(), HEADER));
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        final Path file = JournalFiles.cycleFiles(journal).get(0);
        assertTrue(ex.getMessage().contains("cannot force cycle file=" + file + " and its directory to their device " +
            "(fsync policy PER_BLOCK); block=0 was written but may not be on the device"), ex.getMessage());
        assertEquals(List.of(journal, file), closed, "the directory, then the file held open to force blocks");
        assertFalse(Thread.getAllStackTraces().keySet().stream()
            .anyMatch(t -> t.getName().equals("journal-maint-" + journal.getFileName())), "background thread stopped");
    }

    @Test
    void shouldForceEveryFileThenTheDirectoryOnCloseAndReportAFailure() throws IOException
    {
        final RecordingForces forces = new RecordingForces(0);
        final JournalConfig config = config(dir).fsyncPolicy(FsyncPolicy.ON_CLOSE).build();
        ChronicleJournalWriter.forceableOpener = forces;
        try
        {
            write(config, marketStream(1_000, 1));
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        final String file = JournalFiles.cycleFiles(dir).get(0).getFileName().toString();
        final String parent = dir.toAbsolutePath().getParent().getFileName().toString();
        assertEquals(List.of("open " + file, "fsync " + file, "open dir:" + dir.getFileName(),
            "fsync dir:" + dir.getFileName(), "open dir:" + parent, "fsync dir:" + parent), forces.log());

        final Path failing = dir.resolve("failing");
        ChronicleJournalWriter.forceableOpener = new RecordingForces(1);
        try
        {
            final JournalWriteException ex =
                assertThrows(JournalWriteException.class, () -> write(config(failing).fsyncPolicy(FsyncPolicy.ON_CLOSE)
                    .build(), marketStream(1_000, 1)));
            assertTrue(ex.getMessage().contains("cannot force file=" + JournalFiles.cycleFiles(failing).get(0) +
                " to its device (fsync policy ON_CLOSE) cause=java.io.IOException: Input/output error"),
                ex.getMessage());
        }
        finally
        {
            ChronicleJournalWriter.forceableOpener = FileForce::open;
        }
        assertEquals(2_000, readEvents(JournalReader.open(failing)).size(), "closed whole, only not known forced");
    }
}
