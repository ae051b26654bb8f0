package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import net.openhft.chronicle.bytes.MappedFile;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(60)
class JournalWriterTest
{
    @TempDir
    Path dir;

    /**
     * A file system with no inode left: Chronicle cannot create its table file, {@code metadata.cq4t}, opens the queue
     * read-only, saying why only in a warning, and the writer failed with "Can't append to a read-only chronicle",
     * which names neither the file nor the cause. It names both. Needs a tmpfs of two inodes: skipped where mounting
     * one is not permitted.
     */
    @Test
    void shouldNameTheTableFileAndWhyWhenAFileSystemWithoutInodesLeftRefusesIt() throws IOException
    {
        final Path disk = Files.createDirectory(dir.resolve("disk"));
        assumeTrue(0 == command("mount", "-t", "tmpfs", "-o", "size=1m,nr_inodes=2", "tmpfs", disk.toString()),
            "mounting a tmpfs is not permitted here");
        try
        {
            final Path journal = Files.createDirectory(disk.resolve("shard-0")); // the last inode

            final JournalWriteException ex =
                assertThrows(JournalWriteException.class, () -> JournalWriter.open(config(journal).build(), HEADER));

            assertTrue(ex.getMessage().contains("its table file " + journal.resolve("metadata.cq4t") +
                " cannot be created: No space left on device"), ex.getMessage());
        }
        finally
        {
            if (0 != command("umount", disk.toString()))
            {
                command("umount", "-l", disk.toString()); // a file on it still in use: freed once it is not
                fail("cannot unmount the test's tmpfs at " + disk);
            }
        }
    }

    /**
     * @return the command's exit status, or -1 if it cannot be run or did not end within 30 s.
     */
    private static int command(final String... command) throws IOException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (final IOException ex)
        {
            return -1; // no such command: not permitted here either
        }
        try
        {
            if (!process.waitFor(30, TimeUnit.SECONDS))
            {
                process.destroyForcibly();
                return -1;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + List.of(command), ex);
        }
        return process.exitValue();
    }

    /**
     * A journal directory moved (or deleted) while a writer writes: the writes through the mapping go on without error,
     * into a file no longer in the directory, so the writer's close says so instead of returning as if the journal
     * were whole.
     */
    @Test
    void shouldFailTheCloseWhenTheJournalDirectoryWasMovedWhileItWasWritten() throws IOException
    {
        final Path moved = dir.resolveSibling(dir.getFileName() + "-moved");
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        writer.appendAdvance(1);
        writer.flush();
        final Path file = onlyCycleFile(dir);
        Files.move(dir, moved);
        writer.appendAdvance(2);

        final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::close);

        assertTrue(ex.getMessage().contains("cycle file=" + file + " is gone"), ex.getMessage());
        assertEquals(3, JournalReader.open(moved).read((r) -> { }), "every record and the END block, where it went");
        Files.move(moved, dir);
    }

    /**
     * A journal directory deleted while a writer writes, then a roll: Chronicle makes the directory anew for the next
     * cycle file, so the last file is there, but the first, with the journal's start, is gone and close says so.
     */
    @Test
    void shouldFailTheCloseWhenTheJournalDirectoryWasDeletedAndMadeAnewByARoll() throws IOException
    {
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        final JournalWriter writer = JournalWriter.open(
            config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), HEADER);
        writer.appendAdvance(1);
        writer.flush();
        final Path first = onlyCycleFile(dir);
        deleteTree(dir);
        clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
        writer.appendAdvance(2);
        writer.flush();
        assertTrue(Files.exists(onlyCycleFile(dir)), "the next cycle file, in the directory made anew");

        final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::close);

        assertTrue(ex.getMessage().contains("cycle file=" + first + " is gone"), ex.getMessage());
    }

    @Test
    void shouldTakeAClosedCycleFileAsTheWriterHavingMovedOnNotAsAProblem() throws IOException
    {
        // Chronicle closes a cycle file when the writer rolls to the next; the maintenance thread hears of the new
        // file on its next round and may reach for the old one first.
        final Path file = Files.createDirectories(dir).resolve("19700101-0000.cq4");
        final MappedFile closed = MappedFile.of(file.toFile(), 1 << 20, 4096, false);
        closed.close();
        final JournalMaintenance maintenance = new JournalMaintenance(config(dir).build());
        try
        {
            maintenance.currentFile(closed, file, 64 * 1024);
            maintenance.doWork();
            assertNull(maintenance.lastError());
        }
        finally
        {
            maintenance.close();
        }
    }

    @Test
    void shouldPrepareANewCycleFileFromTheWritersPositionInItNotFromWhereTheLastOneEnded() throws IOException
    {
        final long chunk = 1 << 20;
        final Path first = Files.createDirectories(dir).resolve("19700101-0000.cq4");
        final Path second = dir.resolve("19700101-0001.cq4");
        final MappedFile firstMapped = MappedFile.of(first.toFile(), chunk, 4096, false);
        final MappedFile secondMapped = MappedFile.of(second.toFile(), chunk, 4096, false);
        final JournalMaintenance maintenance = new JournalMaintenance(
            config(dir).chunkBytes(chunk).pretouchAheadBytes(2 * chunk).build());
        try
        {
            maintenance.currentFile(firstMapped, first, 0);
            maintenance.writePosition(12 * chunk);
            maintenance.doWork();
            assertTrue(maintenance.touchedUpTo() > 12 * chunk, "prepared ahead of the writer in the first file: " +
                maintenance.touchedUpTo());

            maintenance.currentFile(secondMapped, second, 4096); // rolled: the header block written
            maintenance.doWork();
            assertEquals(4096, maintenance.writePosition());
            assertTrue(maintenance.writableUpTo() > 4096 && maintenance.touchedUpTo() <= 4096 + 2 * chunk,
                "the second file prepared from the writer's position in it, writable up to " +
                maintenance.writableUpTo() + ", touched up to " + maintenance.touchedUpTo());
            assertNull(maintenance.lastError());
        }
        finally
        {
            maintenance.close();
            firstMapped.close();
            secondMapped.close();
        }
    }

    @Test
    void shouldCountTheBytesOfEveryWriterOnOneFileSystemTogether()
    {
        final java.util.function.LongSupplier space = () -> 1L << 40; // one file system, as two shards share
        final int keysBefore = FileSystemWrites.keys();
        final ChronicleJournalWriter first = new ChronicleJournalWriter(
            config(dir.resolve("shard-0")).usableSpace(space).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        final ChronicleJournalWriter second = new ChronicleJournalWriter(
            config(dir.resolve("shard-1")).usableSpace(space).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        try
        {
            assertSame(first.maintenance().writes(), second.maintenance().writes());
            assertEquals(keysBefore + 1, FileSystemWrites.keys());
            final long sharedBefore = second.maintenance().writes().get();
            final long firstBefore = first.bytesWritten();
            for (int i = 0; i < 10_000; i++)
            {
                first.appendAdvance(i);
            }
            first.flush();

            assertTrue(first.bytesWritten() - firstBefore > 10_000, "bytesWritten=" + first.bytesWritten());
            assertEquals(sharedBefore + first.bytesWritten() - firstBefore, second.maintenance().writes().get(),
                "the second writer's estimate subtracts what the first wrote");
        }
        finally
        {
            first.close();
            second.close();
        }
        assertEquals(keysBefore, FileSystemWrites.keys(), "released by the last writer to close");

        // without a supplier: the file system itself (its FileStore) is the key
        try (ChronicleJournalWriter third = new ChronicleJournalWriter(
                config(dir.resolve("shard-2")).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
            ChronicleJournalWriter fourth = new ChronicleJournalWriter(
                config(dir.resolve("shard-3")).build(), HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            assertSame(third.maintenance().writes(), fourth.maintenance().writes());
        }
    }

    @Test
    void shouldReadBackEverythingAfterClose()
    {
        final List<Rec> recs = write(config(dir).build(), marketStream(10_000, 1));

        assertEquals(recs, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldPackMostInputsDispatchedAtOnceAndReadThemBack()
    {
        final List<Rec> recs = marketStream(40_000, 3);
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        writeFused(writer, recs);

        assertEquals(recs, readEvents(JournalReader.open(dir)));
        // the first probe's events, and each block's first (its words are coded against 0), are written in full
        assertTrue(writer.packedEvents() > 36_000, "packed " + writer.packedEvents() + " of 40000");
    }

    /**
     * Every payload word steps by a few from a large value, so the layout planned from the probe codes each as
     * zz(value - prev) in one byte, where zz(value) would take three.
     */
    @Test
    void shouldReadBackPackedRecordsWhosePayloadWordsAreCodedAsDeltas()
    {
        final List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < 2_000; i++)
        {
            final long time = 1_001 + i;
            recs.add(Rec.input(time, 1, 5, 1_000_000 + i, 2_000_000 + 2 * i, 3_000_000 + 3 * i, 4_000_000 - i));
            recs.add(Rec.dispatch(time, i, 1, 5, 1_000_000 + i, 2_000_000 + 2 * i, 3_000_000 + 3 * i, 4_000_000 - i,
                false));
        }
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).maxRecordsPerBlock(100).build(), HEADER,
                JournalDescriptor.FORMAT_VERSION, 16);
        writeFused(writer, recs);

        assertEquals(recs, readEvents(JournalReader.open(dir)));
        // the first block's events are the probe's, and each block's first (coded against 0) does not fit
        assertTrue(writer.packedEvents() > 1_800, "packed " + writer.packedEvents() + " of 2000");
    }

    @Test
    void shouldWriteNoPackedRecordWhenConfiguredCompact()
    {
        final List<Rec> recs = marketStream(5_000, 3);
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).packed(false).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        writeFused(writer, recs);

        assertEquals(recs, readEvents(JournalReader.open(dir)));
        assertEquals(0, writer.packedEvents());
    }

    @Test
    void shouldStartWithHeaderRecord()
    {
        write(config(dir).build(), marketStream(10, 1));

        final List<RecordKind> kinds = new ArrayList<>();
        JournalReader.open(dir).read((r) -> kinds.add(r.kind()));

        assertEquals(RecordKind.HEADER, kinds.get(0));
        assertEquals(HEADER, JournalReader.open(dir).header());
    }

    @Test
    void shouldStartEveryCycleFileWithTheClockAndSeqWhereTheJournalStoodBeforeIt()
    {
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        try (JournalWriter writer = JournalWriter.open(
            config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), HEADER))
        {
            writer.appendAdvance(1_100);
            writer.appendDispatch(1_110, 7, 1, 2, 3, 4, 5, 6, false);
            writer.flush();
            clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            writer.appendAdvance(1_500);
            writer.appendDispatch(1_510, 8, 1, 2, 3, 4, 5, 6, false);
            writer.flush(); // the block opens the next cycle file, after its header block
        }

        final List<long[]> headers = new ArrayList<>();
        JournalReader.open(dir).read((r) ->
        {
            if (RecordKind.HEADER == r.kind())
            {
                headers.add(new long[]{r.blockIndex(), r.time(), r.seq()});
            }
        });

        assertEquals(2, headers.size());
        assertArrayEquals(new long[]{0, HEADER.startTime(), -1}, headers.get(0));
        // where the first cycle file's last block left the clock and seq, not where the block after the header does
        assertArrayEquals(new long[]{2, 1_110, 7}, headers.get(1));
    }

    @Test
    void shouldMakeFlushedRecordsReadableBeforeClose()
    {
        try (JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER))
        {
            writer.appendInput(5, 1, 2, 3, 4, 5, 6);
            writer.appendAdvance(9);
            writer.flush();

            assertEquals(List.of(Rec.input(5, 1, 2, 3, 4, 5, 6), Rec.advance(9)),
                readEvents(JournalReader.builder(dir).live(true).build()));
        }
    }

    @Test
    void shouldReadLiveEveryBlockTheWriterAppendsWhileTheReaderIsAtWork() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(config(dir).chunkBytes(1 << 20).build(), HEADER))
        {
            final long[] time = {0};
            // more than the reader reads at once (1 MiB): it reads the rest of the file after the writer has gone on
            while (writer.bytesWritten() < 2 << 20)
            {
                appendInputBlock(writer, time);
            }
            final Path cycleFile = onlyCycleFile(dir);

            final long records = JournalReader.builder(dir).live(true).build().read((r) ->
            {
                if (RecordKind.HEADER == r.kind())
                {
                    // the reader has the file's size; the writer grows the file past it while the reader is busy
                    final long sizeWhenOpened = fileSize(cycleFile);
                    while (writer.bytesWritten() < sizeWhenOpened + (2 << 20))
                    {
                        appendInputBlock(writer, time);
                    }
                }
            });

            assertEquals(writer.recordCount() + 1, records, "every record flushed and the header");
        }
    }

    private static void appendInputBlock(final JournalWriter writer, final long[] time)
    {
        for (int i = 0; i < 2_000; i++)
        {
            final long t = ++time[0];
            writer.appendInput(t, 1, i, t * 7919, -t, t << 20, ~t);
        }
        writer.flush();
    }

    private static long fileSize(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            throw new java.io.UncheckedIOException(ex);
        }
    }

    @Test
    void shouldTakeBackTheLastUnitFromThePendingBlockAndCloseWhole()
    {
        final List<Rec> kept = marketStream(3_000, 5); // inputs dispatched at once, then PACKED records
        final ChronicleJournalWriter writer = new ChronicleJournalWriter(config(dir).build(), HEADER,
            JournalDescriptor.FORMAT_VERSION, 16);
        long seq = kept.get(kept.size() - 1).seq();
        for (int i = 0; i < kept.size(); i += 2)
        {
            final Rec dispatch = kept.get(i + 1);
            writer.appendInputAndDispatch(dispatch.time(), dispatch.seq(), dispatch.type(), dispatch.target(),
                dispatch.a0(), dispatch.a1(), dispatch.a2(), dispatch.a3(), false);
        }
        writer.appendInputAndDispatch(900_000, ++seq, 1, 2, 3, 4, 5, 6, false); // a PACKED unit, taken back whole
        writer.appendDispatch(900_000, ++seq, 2, 2, 0, 0, 0, 0, false);
        writer.discardUnit();
        writer.close();

        assertEquals(kept, readEvents(JournalReader.open(dir)), "every record but the unit's, and the END block");
        assertEquals(kept.size(), writer.recordCount());
    }

    @Test
    void shouldTakeBackAnInputThatBeganMidBlockAndKeepTheRecordsBeforeIt()
    {
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        final List<Rec> kept = List.of(Rec.advance(1_001), Rec.advance(1_002), Rec.advance(1_003));
        kept.forEach((rec) -> rec.appendTo(writer));
        writer.appendInput(1_004, 1, 2, 3, 4, 5, 6);
        writer.appendDispatch(1_004, 0, 1, 2, 3, 4, 5, 6, false);
        writer.discardUnit();
        writer.close();

        assertEquals(kept, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldTakeBackAnAdvanceThatBeganMidBlockAndKeepTheRecordsBeforeIt()
    {
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        final List<Rec> kept = List.of(Rec.input(1_001, 1, 2, 3, 4, 5, 6),
            Rec.dispatch(1_001, 0, 1, 2, 3, 4, 5, 6, false));
        kept.forEach((rec) -> rec.appendTo(writer));
        writer.appendAdvance(1_002);
        writer.appendDispatch(1_002, 1, 1, 2, 3, 4, 5, 6, false);
        writer.discardUnit();
        writer.close();

        assertEquals(kept, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldTakeBackAPackedUnitThatBeganMidBlockAndKeepTheRecordsBeforeIt()
    {
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.FORMAT_VERSION, 1);
        final List<Rec> kept = new ArrayList<>();
        for (int i = 0; i < 3; i++)
        {
            kept.add(Rec.input(1_001 + i, 1, 2, 3, 4, 5, 6));
            kept.add(Rec.dispatch(1_001 + i, i, 1, 2, 3, 4, 5, 6, false));
            writer.appendInputAndDispatch(1_001 + i, i, 1, 2, 3, 4, 5, 6, false);
            if (0 == i)
            {
                writer.flush(); // the probe's one event: the next block's events of type 1 are PACKED
            }
        }
        writer.appendInputAndDispatch(1_004, 3, 1, 2, 3, 4, 5, 6, false);
        writer.discardUnit();
        writer.close();

        assertEquals(3, writer.packedEvents());
        assertEquals(kept, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldLeaveTheJournalUnclosedWhenTheUnitToTakeBackBeganInABlockWrittenAlready()
    {
        final JournalWriter writer = JournalWriter.open(config(dir).maxRecordsPerBlock(4).build(), HEADER);
        writer.appendInputAndDispatch(10, 0, 1, 2, 3, 4, 5, 6, false);
        writer.appendInput(20, 1, 2, 3, 4, 5, 6);
        for (int seq = 1; seq <= 5; seq++)
        {
            writer.appendDispatch(20, seq, 1, 2, seq, 0, 0, 0, false); // the unit fills its block and the next
        }
        writer.discardUnit();
        writer.close();

        final JournalCorruptException unclosed =
            assertThrows(JournalCorruptException.class, () -> readEvents(JournalReader.open(dir)));
        assertEquals(JournalCorruptException.Reason.UNCLOSED, unclosed.reason());
        final List<RecordKind> salvaged = new ArrayList<>();
        JournalReader.open(dir).salvage(record -> salvaged.add(record.kind()));
        assertEquals(List.of(RecordKind.HEADER, RecordKind.INPUT, RecordKind.DISPATCH, RecordKind.INPUT,
            RecordKind.DISPATCH), salvaged,
            "the blocks written before the pending one, whose last input a salvaging replay leaves out");
    }

    @Test
    void shouldFlushAutomaticallyWhenBlockIsFull()
    {
        final JournalConfig config = config(dir).maxRecordsPerBlock(16).build();
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            for (int i = 0; i < 40; i++)
            {
                writer.appendAdvance(i);
            }

            assertEquals(1 + 2, writer.blockCount());
            assertEquals(32, readEvents(JournalReader.builder(dir).live(true).build()).size());
        }
    }

    @Test
    void shouldRefuseANullConfigOrHeaderNamingIt()
    {
        final JournalConfig config = config(dir.resolve("journal")).build();
        assertEquals("config", assertThrows(NullPointerException.class, () -> JournalWriter.open(null, HEADER))
            .getMessage());
        assertEquals("header", assertThrows(NullPointerException.class, () -> JournalWriter.open(config, null))
            .getMessage());
        assertFalse(Files.exists(config.directory()), "nothing created");
    }

    /**
     * A file where the journal directory, or one of its parents, should be: Chronicle opened the queue read-only and
     * said only "Can't append to a read-only chronicle" (or "Invalid file type: shard-1"); the file is named instead.
     */
    @Test
    void shouldNameAFileInTheWayOfTheJournalDirectory() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("journal"), "not a directory");

        final JournalWriteException parent = assertThrows(JournalWriteException.class,
            () -> JournalWriter.open(config(file.resolve("shard-0")).build(), HEADER));
        assertEquals("journal write failed: dir=" + file.resolve("shard-0") + " cannot create the journal " +
            "directory: " + file + " is a file, not a directory", parent.getMessage());
        final JournalWriteException itself = assertThrows(JournalWriteException.class,
            () -> JournalWriter.open(config(file).build(), HEADER));
        assertEquals("journal write failed: dir=" + file + " cannot create the journal directory: it is a file, " +
            "not a directory", itself.getMessage());
        assertEquals("not a directory", Files.readString(file), "the file is left as it was");
    }

    @Test
    void shouldRefuseToOpenOverAnExistingJournal()
    {
        write(config(dir).build(), marketStream(10, 1));

        final IllegalStateException ex = assertThrows(
            IllegalStateException.class, () -> JournalWriter.open(config(dir).build(), HEADER));
        assertTrue(ex.getMessage().contains("journal already exists"), ex.getMessage());
    }

    /**
     * A directory left with an earlier journal's Chronicle metadata ({@code metadata.cq4t}) but none of its cycle
     * files: Chronicle took that journal's roll cycle over the configured one without a word, so a writer configured
     * hourly wrote daily cycle files. It is refused instead, naming both; with the same roll cycle it is reused.
     */
    @Test
    void shouldRefuseADirectoryWhoseLeftoverMetadataHasAnotherRollCycle() throws IOException
    {
        final Path daily = dir.resolve("daily");
        write(config(daily).rollCycle(JournalRollCycle.DAILY).build(), marketStream(10, 1));
        for (final Path file : JournalReader.cycleFiles(daily))
        {
            Files.delete(file);
        }

        final IllegalStateException ex = assertThrows(IllegalStateException.class,
            () -> JournalWriter.open(config(daily).rollCycle(JournalRollCycle.HOURLY).build(), HEADER));
        assertTrue(ex.getMessage().contains("metadata.cq4t") && ex.getMessage().contains("DAILY") &&
            ex.getMessage().contains("HOURLY"), ex.getMessage());
        assertEquals(List.of(), JournalReader.cycleFiles(daily), "no cycle file written");

        final List<Rec> recs = write(config(daily).rollCycle(JournalRollCycle.DAILY).build(), marketStream(10, 2));
        assertEquals(recs, readEvents(JournalReader.open(daily)));
    }

    /**
     * Two writers opened on one directory at once both found no cycle file, so both opened, and wrote their header
     * blocks and records into one cycle file, each closing without error: a journal of two runs, which readers reject
     * (a repeated block). The writer that comes second now finds, holding the queue's write lock, that its first
     * document is not the file's first, and fails its open as over an existing journal, writing nothing.
     */
    @Test
    void shouldRefuseToOpenWhenAnotherWriterOpenedTheSameDirectoryAtTheSameTime() throws Exception
    {
        final CountDownLatch secondPastItsCheck = new CountDownLatch(1);
        final CountDownLatch firstWritten = new CountDownLatch(1);
        final JournalConfig secondConfig = config(dir).epochMillisClock(() ->
        {
            secondPastItsCheck.countDown(); // Chronicle asks the time once the directory was found without a journal
            try
            {
                firstWritten.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return FIXED_EPOCH_MILLIS;
        }).build();
        final java.util.concurrent.atomic.AtomicReference<Throwable> secondOutcome =
            new java.util.concurrent.atomic.AtomicReference<>();
        final Thread second = new Thread(() ->
        {
            try (JournalWriter writer = JournalWriter.open(secondConfig, HEADER))
            {
                writer.appendAdvance(999);
            }
            catch (final Throwable ex)
            {
                secondOutcome.set(ex);
            }
        });
        second.start();
        assertTrue(secondPastItsCheck.await(30, TimeUnit.SECONDS));

        final List<Rec> recs = marketStream(50, 4);
        try (JournalWriter first = JournalWriter.open(config(dir).build(), HEADER))
        {
            for (final Rec rec : recs)
            {
                rec.appendTo(first);
            }
            first.flush();
            firstWritten.countDown();
            second.join();
        }

        final IllegalStateException ex = assertInstanceOf(IllegalStateException.class, secondOutcome.get());
        assertTrue(ex.getMessage().contains("journal already exists: dir=" + dir), ex.getMessage());
        assertEquals(recs, readEvents(JournalReader.open(dir)), "the first writer's journal, whole");
    }

    @Test
    void shouldFailCleanlyNamingTheDirectoryWhenTheDiskIsTooFull()
    {
        final JournalConfig config = config(dir).minFreeBytes(Long.MAX_VALUE).build();

        final JournalWriteException ex =
            assertThrows(JournalWriteException.class, () -> JournalWriter.open(config, HEADER));

        assertEquals(dir, ex.directory());
        assertTrue(ex.getMessage().contains("dir=" + dir), ex.getMessage());
        assertTrue(ex.getMessage().contains("file system nearly full"), ex.getMessage());
    }

    @Test
    void shouldWriteIntoTheReserveBelowTheFloorSayingItIsOutOfSpaceAndCloseWhole()
    {
        final long floor = 1L << 20;
        final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        final JournalWriter writer = JournalWriter.open(
            config(dir).minFreeBytes(floor).usableSpace(usable::get).build(), HEADER);
        final List<Rec> written = new ArrayList<>();
        long time = 0;
        writer.appendAdvance(time);
        writer.flush();
        written.add(Rec.advance(time++));
        assertNull(writer.outOfSpace());

        usable.set(floor - 1);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (null == writer.outOfSpace() && System.nanoTime() < deadline)
        {
            writer.appendAdvance(time); // the background thread reads the usable bytes every 1-20 ms
            writer.flush();
            written.add(Rec.advance(time++));
            LockSupport.parkNanos(1_000_000);
        }
        final JournalOutOfSpaceException outOfSpace = writer.outOfSpace();
        assertNotNull(outOfSpace, "out of space within 30 s");
        assertEquals(dir, outOfSpace.directory());
        assertTrue(outOfSpace.usableBytes() <= floor - 1 && outOfSpace.usableBytes() > floor - 1 - 65_536,
            "the sample less the few records written since: " + outOfSpace.usableBytes());
        assertEquals(floor, outOfSpace.minFreeBytes());
        assertTrue(outOfSpace.getMessage().startsWith("journal out of space: dir=" + dir + " usableBytes=" +
            outOfSpace.usableBytes() + " (the last sample less what the journal writers wrote since) < minFreeBytes=" +
            floor +
            " at block="), outOfSpace.getMessage());

        for (int i = 0; i < 3; i++)
        {
            writer.appendAdvance(time); // what was accepted still goes into the reserve
            writer.flush();
            written.add(Rec.advance(time++));
        }
        writer.close();
        assertEquals(written, readEvents(JournalReader.open(dir)), "every record, and an END block: no UNCLOSED");
    }

    @Test
    void shouldCountWhatItWroteSinceTheLastSampleOfFreeSpaceWhileTheSampleIsStale() throws InterruptedException
    {
        // the background thread samples once a round, and a round can wait long for write-back: here it waits for
        // good after the first sample, so only the writer's own count can tell it that the reserve is being used
        final long floor = 1L << 20;
        final long sampled = floor + 256 * 1024;
        final AtomicInteger samples = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final JournalWriter writer = JournalWriter.open(config(dir).minFreeBytes(floor).usableSpace(() ->
        {
            if (samples.incrementAndGet() > 1)
            {
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            return sampled;
        }).build(), HEADER);
        try
        {
            long time = 0;
            while (writer.bytesWritten() < 200 * 1024)
            {
                writer.appendInput(time++, 1, 2, time * 31, time * 17, time * 13, time * 7);
                writer.flush();
            }
            assertNull(writer.outOfSpace(), "256 KiB above the floor, less " + writer.bytesWritten() + " written");
            while (writer.bytesWritten() < 300 * 1024)
            {
                writer.appendInput(time++, 1, 2, time * 31, time * 17, time * 13, time * 7);
                writer.flush();
            }
            assertNotNull(writer.outOfSpace(), "below the floor by the writer's own count, the sample unchanged");
            assertTrue(writer.outOfSpace().usableBytes() < floor, String.valueOf(writer.outOfSpace()));
        }
        finally
        {
            release.countDown();
            writer.close();
        }
        assertTrue(samples.get() >= 1);
    }

    @Test
    void shouldWaitForTheBackgroundThreadWhenClosingOnAThreadWhoseInterruptFlagIsSet() throws InterruptedException
    {
        // a shard thread closes its journal with its interrupt flag set when the runner interrupted a slow handler as
        // the engine stopped: the background thread, here held in its sample of the free space, is still waited for
        final AtomicInteger samples = new AtomicInteger();
        final CountDownLatch release = new CountDownLatch(1);
        final JournalWriter writer = JournalWriter.open(config(dir).usableSpace(() ->
        {
            if (samples.incrementAndGet() > 1)
            {
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
            }
            return Long.MAX_VALUE / 2;
        }).build(), HEADER);
        final Thread closing = Thread.currentThread();
        final Thread releaser = new Thread(() ->
        {
            // once close() waits for the background thread, let it go
            while (release.getCount() > 0 && (closing.getState() != Thread.State.TIMED_WAITING ||
                java.util.Arrays.stream(closing.getStackTrace()).noneMatch((frame) ->
                frame.getClassName().equals(Thread.class.getName()) && frame.getMethodName().equals("join"))))
            {
                LockSupport.parkNanos(100_000);
            }
            release.countDown();
        });
        try
        {
            writer.appendAdvance(1);
            writer.flush();
            while (samples.get() < 2)
            {
                Thread.onSpinWait(); // the background thread is held in its second sample
            }
            final Thread background = Thread.getAllStackTraces().keySet().stream()
                .filter((t) -> t.getName().equals("journal-maint-" + dir.getFileName())).findFirst().orElseThrow();
            releaser.start();
            closing.interrupt();
            writer.close();

            assertTrue(Thread.currentThread().isInterrupted(), "the flag is left set");
            assertFalse(background.isAlive(), "the background thread ended before close() returned");
        }
        finally
        {
            Thread.interrupted();
            release.countDown();
            releaser.join();
        }
        assertEquals(List.of(Rec.advance(1)), readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldRefuseABlockBelowTheHardFloorKeepingEveryBlockBefore()
    {
        final long floor = 1L << 20;
        final AtomicLong usable = new AtomicLong(Long.MAX_VALUE);
        final JournalConfig config = config(dir).minFreeBytes(floor).usableSpace(usable::get).build();
        assertEquals(floor / 4, config.hardFloorBytes());
        final JournalWriter writer = JournalWriter.open(config, HEADER);
        final List<Rec> written = new ArrayList<>();
        writer.appendAdvance(0);
        writer.flush();
        written.add(Rec.advance(0));

        usable.set(config.hardFloorBytes() - 1);
        final JournalWriteException refused = assertThrows(JournalWriteException.class, () ->
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (long time = 1; System.nanoTime() < deadline; time++)
            {
                writer.appendAdvance(time);
                writer.flush();
                written.add(Rec.advance(time));
                LockSupport.parkNanos(1_000_000);
            }
        });
        final String expected = ".*file system nearly full: usableBytes=-?\\d+ \\(the last sample less what the " +
            "journal writers wrote since\\) < " + floor / 4 + " \\(a quarter of minFreeBytes=" + floor +
            ", the reserve for " +
            "what was accepted before the journal ran out of space\\); block=.*";
        assertTrue(refused.getMessage().matches(expected), refused.getMessage());
        assertThrows(JournalWriteException.class, () -> writer.appendAdvance(Long.MAX_VALUE), "failed for good");
        writer.close();
        final List<Rec> read = new ArrayList<>();
        final SalvageResult salvage = JournalReader.open(dir).salvage(record ->
        {
            if (RecordKind.HEADER != record.kind())
            {
                read.add(Rec.of(record));
            }
        });
        assertFalse(salvage.closed(), "no END block after a refused block");
        assertEquals(written, read, "every block before the refused one");
    }

    @Test
    void shouldCountTheHeaderBlockAndTheEndBlockAmongTheBlocksAndBytesItWrote()
    {
        final ByteBuffer headerBlock = ByteBuffer.allocateDirect(JournalDescriptor.MAX_HEADER_BLOCK_LENGTH)
            .order(ByteOrder.LITTLE_ENDIAN);
        final int headerLength = HeaderCodec.encode(new UnsafeBuffer(headerBlock), headerBlock.duplicate(),
            new CRC32C(), 0, HEADER.startTime(), -1, HEADER, JournalDescriptor.FORMAT_VERSION);
        final ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config(dir).build(), HEADER, JournalDescriptor.FORMAT_VERSION);

        assertEquals(headerLength, writer.bytesWritten(), "the header block");
        assertEquals(1, writer.blockCount());
        assertEquals("ChronicleJournalWriter{dir=" + dir + ", records=0, blocks=1, bytes=" + headerLength + "}",
            writer.toString());
        writer.appendAdvance(1);
        writer.appendAdvance(2);
        writer.flush();
        assertEquals(2, writer.blockCount());
        final long dataBytes = writer.bytesWritten() - headerLength;
        writer.close();

        assertEquals(3, writer.blockCount(), "the END block too");
        assertEquals(2, writer.recordCount());
        assertEquals(headerLength + dataBytes + JournalDescriptor.BLOCK_HEADER_LENGTH + 8, writer.bytesWritten(),
            "an END block is a block header and its total of records");
    }

    /**
     * A configuration whose free-space figure is the writer's own first sample, at open, less what it wrote since:
     * the background thread's samples fail (its problem, reported), so that sample stands.
     */
    private static JournalConfig.Builder firstSampleOnly(final Path journal, final long usable)
    {
        final Thread writerThread = Thread.currentThread();
        return config(journal).minFreeBytes(4_000).usableSpace(() ->
        {
            if (Thread.currentThread() != writerThread)
            {
                throw new IllegalStateException("the first sample only");
            }
            return usable;
        });
    }

    /**
     * @return the bytes of the header block a writer of {@link JournalTestSupport#HEADER} opens with.
     */
    private long headerBlockBytes()
    {
        try (JournalWriter writer = JournalWriter.open(config(dir.resolve("probe")).minFreeBytes(0).build(), HEADER))
        {
            return writer.bytesWritten();
        }
    }

    @Test
    void shouldNotBeOutOfSpaceWhileABlockLeavesExactlyTheFloor()
    {
        final long headerBytes = headerBlockBytes();
        final Path journal = dir.resolve("journal");
        final JournalWriter writer = JournalWriter.open(firstSampleOnly(journal, headerBytes + 4_000).build(), HEADER);
        writer.appendAdvance(1);
        writer.flush(); // usable bytes: exactly the floor, 4,000

        assertNull(writer.outOfSpace());
        final long afterFirst = writer.bytesWritten();
        writer.appendAdvance(2);
        writer.flush(); // below the floor: written into the reserve, and said

        assertEquals(headerBytes + 4_000 - afterFirst, writer.outOfSpace().usableBytes());
        writer.close();
        assertEquals(List.of(Rec.advance(1), Rec.advance(2)), readEvents(JournalReader.open(journal)));
    }

    @Test
    void shouldWriteABlockThatLeavesExactlyTheHardFloorAndRefuseTheNext()
    {
        final long headerBytes = headerBlockBytes();
        final Path journal = dir.resolve("journal");
        final JournalConfig config = firstSampleOnly(journal, headerBytes + 1_000).build();
        final JournalWriter writer = JournalWriter.open(config, HEADER);
        assertEquals(headerBytes + config.hardFloorBytes(), writer.outOfSpace().usableBytes(),
            "below the floor, 4,000, at open");
        writer.appendAdvance(1);
        writer.flush(); // usable bytes: exactly the hard floor, 1,000
        assertEquals(2, writer.blockCount());

        writer.appendAdvance(2);
        final JournalWriteException refused = assertThrows(JournalWriteException.class, writer::flush);
        assertTrue(refused.getMessage().contains("file system nearly full: usableBytes=" +
            (headerBytes + config.hardFloorBytes() - writer.bytesWritten()) + " "), refused.getMessage());
        writer.close();
        final List<Rec> read = new ArrayList<>();
        JournalReader.open(journal).salvage(record ->
        {
            if (RecordKind.HEADER != record.kind())
            {
                read.add(Rec.of(record));
            }
        });
        assertEquals(List.of(Rec.advance(1)), read, "the block at the hard floor, not the one below it");
    }

    /**
     * A writer opened on one thread and written on another, the opening thread still alive (an application's main
     * thread handing it to its worker): Chronicle's appender took the opening thread, which wrote the header block, as
     * its owner and refused the first data block from the worker (a ThreadingIllegalStateException), so the writer
     * failed, the records of that block were lost and the journal was left unclosed.
     */
    @Test
    void shouldTakeAppendsAndTheCloseFromAThreadOtherThanTheOneThatOpenedIt() throws Exception
    {
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        final List<Rec> recs = marketStream(100, 3);
        final java.util.concurrent.ExecutorService worker = java.util.concurrent.Executors.newSingleThreadExecutor();
        try
        {
            worker.submit(() ->
            {
                for (final Rec rec : recs.subList(0, 100))
                {
                    rec.appendTo(writer);
                }
                writer.flush();
            }).get();
            for (final Rec rec : recs.subList(100, recs.size()))
            {
                rec.appendTo(writer); // back on the opening thread while the worker's thread is still alive
            }
            worker.submit(writer::close).get();
        }
        finally
        {
            worker.shutdown();
        }

        assertEquals(recs, readEvents(JournalReader.open(dir)), "every record, the journal closed");
    }

    @Test
    void shouldRefuseAppendAfterClose()
    {
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        writer.close();

        assertThrows(IllegalStateException.class, writer::flush);
    }

    @Test
    void shouldRefuseEveryKindOfAppendAfterCloseInsteadOfTakingRecordsThatAreNeverWritten()
    {
        final JournalWriter writer = JournalWriter.open(config(dir).build(), HEADER);
        writer.appendInput(1, 1, 2, 3, 4, 5, 6);
        writer.close();

        assertThrows(IllegalStateException.class, () -> writer.appendInput(2, 1, 2, 3, 4, 5, 6));
        assertThrows(IllegalStateException.class, () -> writer.appendAdvance(3));
        assertThrows(IllegalStateException.class, () -> writer.appendDispatch(3, 1, 1, 2, 3, 4, 5, 6, false));
        assertThrows(IllegalStateException.class, () -> writer.appendInputAndDispatch(4, 2, 1, 2, 3, 4, 5, 6, false));
        assertThrows(IllegalStateException.class, () -> writer.appendSnapshot(1, 4));
        assertEquals(1, writer.recordCount());
        assertEquals(List.of(Rec.input(1, 1, 2, 3, 4, 5, 6)), readEvents(JournalReader.open(dir)));
    }

    /**
     * A writer on a TEST_SECONDLY journal that has flushed {@code input(1, ...)}, whose clock is now in the next cycle
     * and whose next cycle file cannot be created (a directory holds its name): its next flush rolls and fails.
     */
    private JournalWriter writerWhoseNextRollFails() throws IOException
    {
        final long startMillis = 1_790_000_000_000L;
        final java.util.concurrent.atomic.AtomicLong clock = new java.util.concurrent.atomic.AtomicLong(startMillis);
        final JournalConfig config =
            config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build();
        final JournalWriter writer = JournalWriter.open(config, HEADER);
        writer.appendInput(1, 1, 2, 3, 4, 5, 6);
        writer.flush();
        final String nextCycle = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'T'")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(startMillis + 1_000));
        Files.createDirectories(dir.resolve(nextCycle + JournalFiles.CYCLE_FILE_SUFFIX));
        clock.addAndGet(1_000);
        return writer;
    }

    private List<Rec> salvageEvents()
    {
        final List<Rec> salvaged = new ArrayList<>();
        JournalReader.open(dir).salvage((r) ->
        {
            if (r.kind() != RecordKind.HEADER)
            {
                salvaged.add(Rec.of(r));
            }
        });
        return salvaged;
    }

    @Test
    void shouldFailNamingTheDirectoryWhenTheRollToANewCycleFileFails() throws IOException
    {
        // Chronicle throws the IOException of a cycle file it cannot create (no inode left, the directory removed, a
        // file of that name in the way) without declaring it
        final JournalWriter writer = writerWhoseNextRollFails();
        writer.appendInput(2, 1, 2, 3, 4, 5, 6);

        final JournalWriteException ex = assertThrows(JournalWriteException.class, writer::flush);
        assertEquals(dir, ex.directory());
        assertTrue(ex.getMessage().contains("dir=" + dir), ex.getMessage());
        assertInstanceOf(IOException.class, ex.getCause());
        final JournalWriteException again = assertThrows(JournalWriteException.class, writer::flush);
        assertSame(ex, again.getCause());
        writer.close();

        assertEquals(List.of(Rec.input(1, 1, 2, 3, 4, 5, 6)), salvageEvents());
    }

    @Test
    void shouldNameTheBlockWhoseWriteFaultedAndCountOnlyTheBlocksWrittenBeforeIt() throws IOException
    {
        // a mapped write to a full disk faults (SIGBUS, which the JVM raises as an InternalError); a cycle file cut
        // short at the page after the writer's position faults the same way at its next block, with no disk to fill
        assumeTrue(Files.isDirectory(Path.of("/proc/self")), "Linux only");
        final ChronicleJournalWriter writer = new ChronicleJournalWriter(
            config(dir).pretouchAheadBytes(0).build(), HEADER, JournalDescriptor.FORMAT_VERSION);
        final List<Rec> written = new ArrayList<>();
        long time = 0;
        for (int block = 0; block < 3; block++)
        {
            for (int i = 0; i < 100; i++, time++)
            {
                final Rec rec = Rec.input(time, 1, 2, time * 31, time * 17, time * 13, time * 7);
                rec.appendTo(writer);
                written.add(rec);
            }
            writer.flush();
        }
        assertEquals(4, writer.blockCount(), "the header block and three data blocks");
        final long bytesBefore = writer.bytesWritten();
        final long position = writer.maintenance().writePosition();
        truncate(onlyCycleFile(dir), (position + PagePreparer.PAGE_SIZE - 1) & -PagePreparer.PAGE_SIZE);

        // HotSpot raises the fault of a write from compiled code at the thread's next call into the VM, which may come
        // after the writer returned (the package's "Failure behaviour"). The first call through a method reference
        // the interpreter has not resolved yet is such a call: each step below ends with one, so the fault is raised
        // inside its try either way.
        Throwable thrown = null;
        try
        {
            for (long t = 1_000; t < 2_000; t++)
            {
                writer.appendInput(t, 1, 2, t * 31, t * 17, t * 13, t * 7);
            }
            writer.flush();
            faultRaisedAfterWriting();
        }
        catch (final JournalWriteException | InternalError ex)
        {
            thrown = ex;
        }
        if (thrown instanceof JournalWriteException)
        {
            // raised inside the writer: named, and the block that faulted left uncounted
            assertInstanceOf(InternalError.class, thrown.getCause());
            assertTrue(thrown.getMessage().contains("dir=" + dir + " cannot write block=4 "), thrown.getMessage());
            assertEquals(4, writer.blockCount(), "the block that faulted is not counted");
            assertEquals(bytesBefore, writer.bytesWritten());
            writer.close();
        }
        else
        {
            // raised after the writer returned: the fault itself; closing writes an END block past the file's end
            assertInstanceOf(InternalError.class, thrown, "the write past the file's end faulted");
            try
            {
                writer.close();
                faultRaisedAfterClosing();
            }
            catch (final JournalWriteException | InternalError ex)
            {
                // the END block's own fault
            }
        }

        final List<Rec> read = new ArrayList<>();
        final SalvageResult salvage = JournalReader.open(dir).salvage((r) ->
        {
            if (r.kind() != RecordKind.HEADER)
            {
                read.add(Rec.of(r));
            }
        });
        assertEquals(4, salvage.blocks(), "blocks 0 to 3 kept");
        assertEquals(written, read);
    }

    @Test
    void shouldRefuseEveryKindOfAppendAfterAFailedFlushWithItsFailure() throws IOException
    {
        final JournalWriter writer = writerWhoseNextRollFails();
        writer.appendInput(2, 1, 2, 3, 4, 5, 6);
        final JournalWriteException failure = assertThrows(JournalWriteException.class, writer::flush);

        // the block that failed is far from full: these would have gone into it, never to be written
        assertSame(failure, assertThrows(JournalWriteException.class,
            () -> writer.appendInput(3, 1, 2, 3, 4, 5, 6)).getCause());
        assertSame(failure, assertThrows(JournalWriteException.class, () -> writer.appendAdvance(4)).getCause());
        assertSame(failure, assertThrows(JournalWriteException.class,
            () -> writer.appendDispatch(4, 1, 1, 2, 3, 4, 5, 6, false)).getCause());
        assertSame(failure, assertThrows(JournalWriteException.class,
            () -> writer.appendInputAndDispatch(5, 2, 1, 2, 3, 4, 5, 6, false)).getCause());
        assertSame(failure, assertThrows(JournalWriteException.class, () -> writer.appendSnapshot(1, 5)).getCause());
        assertEquals(2, writer.recordCount());
        writer.close();

        assertEquals(List.of(Rec.input(1, 1, 2, 3, 4, 5, 6)), salvageEvents());
    }

    @Test
    void shouldFailNamingTheDirectoryWhenTheFirstCycleFileCannotBeCreated() throws IOException
    {
        final long startMillis = 1_790_000_000_000L;
        final JournalConfig config =
            config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(() -> startMillis).build();
        final String firstCycle = java.time.format.DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss'T'")
            .withZone(java.time.ZoneOffset.UTC).format(java.time.Instant.ofEpochMilli(startMillis));
        Files.createDirectories(dir.resolve(firstCycle + JournalFiles.CYCLE_FILE_SUFFIX));

        final JournalWriteException ex =
            assertThrows(JournalWriteException.class, () -> JournalWriter.open(config, HEADER));
        assertEquals(dir, ex.directory());
        assertInstanceOf(IOException.class, ex.getCause());
    }

    @Test
    void shouldEncodeDispatchOfRecentInputAsOneByte()
    {
        final JournalConfig config = config(dir).build();
        final long plain;
        final long withDispatch;
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            writer.appendAdvance(10);
            writer.flush();
            final long before = writer.bytesWritten();
            writer.appendInput(10, 1, 7, 100, 2, 0, 0);
            writer.flush();
            plain = writer.bytesWritten() - before;
            writer.appendInput(10, 1, 7, 100, 2, 0, 0);
            writer.appendDispatch(10, 0, 1, 7, 100, 2, 0, 0, false);
            writer.flush();
            withDispatch = writer.bytesWritten() - before - plain;
        }

        assertEquals(plain + 1, withDispatch);
    }

    @Test
    void shouldKeepFailedStatusAndSnapshots()
    {
        final List<Rec> recs = List.of(
            Rec.input(10, 1, 7, 100, 2, 0, 0),
            Rec.dispatch(10, 0, 1, 7, 100, 2, 0, 0, true),
            Rec.dispatch(12, 5, 9, -7, -1, Long.MAX_VALUE, Long.MIN_VALUE, 3, true),
            Rec.snapshot(77, 12),
            Rec.advance(20));
        write(config(dir).build(), recs);

        assertEquals(recs, readEvents(JournalReader.open(dir)));
    }

    /**
     * Snapshot ids, and the deltas of advances' times and of dispatches' seqs, are varints: one to ten bytes, each of
     * the seven-bit groups of a value of up to 56 bits written at once.
     */
    @Test
    void shouldReadBackVarintsOfEveryLengthInSnapshotsAdvancesAndDispatchSeqs()
    {
        final List<Rec> recs = new ArrayList<>();
        long time = 0;
        long seq = 0;
        for (int bits = 0; bits <= 63; bits += 7)
        {
            final long value = (1L << bits) | 0x55L;
            recs.add(Rec.snapshot(value, time));
            time += value;
            recs.add(Rec.advance(time));
            seq += value;
            recs.add(Rec.dispatch(time, seq, 3, 4, 5, 6, 7, 8, false));
        }
        recs.add(Rec.snapshot(Long.MAX_VALUE, time));
        recs.add(Rec.snapshot(-1, time));
        write(config(dir).build(), recs);

        assertEquals(recs, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldWriteBackWhatTheWriterWroteInSteps() throws Exception
    {
        final JournalConfig config = config(dir).writeBehindBytes(64 * 1024).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            for (int i = 0; i < 100_000; i++)
            {
                writer.appendInput(i, 1, i, i, -i, i * 31L, 0);
            }
            writer.flush();
            final long written = writer.bytesWritten();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (writer.maintenance().bytesWrittenBehind() < written - 64 * 1024 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }

            assertTrue(written > 256 * 1024, "bytesWritten=" + written);
            assertTrue(writer.maintenance().bytesWrittenBehind() >= written - 64 * 1024,
                "bytesWrittenBehind=" + writer.maintenance().bytesWrittenBehind() + " of " + written);
            assertNull(writer.maintenance().lastError());
        }
        assertEquals(100_000, readEvents(JournalReader.open(dir)).size());
    }

    @Test
    void shouldWriteBackChunksBehindTheWriterThroughTheFileWithoutTheirMapping() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "sync_file_range is Linux only");
        final long chunk = 1024 * 1024;
        final JournalConfig config = config(dir).chunkBytes(chunk).writeBehindBytes(256 * 1024).build();
        final int inputs = 600_000;
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            for (int i = 0; i < inputs; i++)
            {
                writer.appendInput(i, 1 + (i & 3), i * 7L, i, -i, i * 31L, 1L << (i & 31));
            }
            writer.flush();
            final long written = writer.bytesWritten();
            // chunk 0 goes through its mapping; chunks 1 .. (the writer's - 2) through the file descriptor
            final long unmapped = (written / chunk - 1 - 1) * chunk;
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (writer.maintenance().bytesWrittenBehindUnmapped() < unmapped && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }

            assertTrue(written > 4 * chunk, "bytesWritten=" + written);
            assertTrue(writer.maintenance().bytesWrittenBehindUnmapped() >= unmapped,
                "bytesWrittenBehindUnmapped=" + writer.maintenance().bytesWrittenBehindUnmapped() + " of " + unmapped);
            assertTrue(writer.maintenance().bytesWrittenBehind() >= chunk + unmapped,
                "bytesWrittenBehind=" + writer.maintenance().bytesWrittenBehind());
            assertEquals(0, writer.maintenance().rangeSyncFailures());
            assertNull(writer.maintenance().lastError());
        }
        final List<Rec> events = readEvents(JournalReader.open(dir));
        assertEquals(inputs, events.size());
        assertEquals(Rec.input(inputs - 1, 1 + ((inputs - 1) & 3), (inputs - 1) * 7L, inputs - 1, -(inputs - 1),
            (inputs - 1) * 31L, 1L << ((inputs - 1) & 31)), events.get(inputs - 1));
    }

    @Test
    void shouldPauseAsLongAsTheWriterNeedsForHalfThePreparedPages()
    {
        final long ms = 1_000_000L;
        // 1 MiB prepared, 64 KiB written in 1 ms: half the window lasts 8 ms
        assertEquals(8 * ms, WriterRate.pauseNanos(1 << 20, 64 << 10, ms, ms, 20 * ms));
        // a slow writer: capped at the longest pause; a fast one: the shortest
        assertEquals(20 * ms, WriterRate.pauseNanos(1 << 20, 4 << 10, ms, ms, 20 * ms));
        assertEquals(ms, WriterRate.pauseNanos(1 << 20, 4 << 20, ms, ms, 20 * ms));
        // idle writer: longest; nothing prepared (a new file, or the writer caught up): shortest
        assertEquals(20 * ms, WriterRate.pauseNanos(1 << 20, 0, ms, ms, 20 * ms));
        assertEquals(ms, WriterRate.pauseNanos(0, 64 << 10, ms, ms, 20 * ms));
        assertEquals(ms, WriterRate.pauseNanos(-4096, 64 << 10, ms, ms, 20 * ms));
        // 3 GiB prepared after a 10-minute gap: no overflow into a short pause
        assertEquals(20 * ms, WriterRate.pauseNanos(3L << 30, 4096, 600_000 * ms, ms, 20 * ms));
    }

    @Test
    void shouldPauseLongWhileTheWriterIsIdleAndShortWhileItWritesFlatOut() throws Exception
    {
        // 1 ms shortest pause; 64 KiB prepared ahead, which a writer flat out uses up within a pause (with the default
        // window the thread keeps ahead of this test's writer, and its pause is that of the formula tested above)
        final JournalConfig config = config(dir).pretouchAheadBytes(64 * 1024).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            writer.appendInput(1, 1, 1, 1, 1, 1, 1);
            writer.flush();
            Thread.sleep(100);
            // ten rounds of an idle writer: 20 ms pauses take at least 9 of them (1 ms pauses would take ~9 ms); a
            // loaded machine only makes them slower, and the deadline is for one that never runs the thread at all
            final long before = maintenance.rounds();
            final long start = System.nanoTime();
            final long deadline = start + 30_000_000_000L;
            while (maintenance.rounds() - before < 10 && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            final long idleRounds = maintenance.rounds() - before;
            final long elapsed = System.nanoTime() - start;
            assertTrue(idleRounds >= 10, "rounds of an idle writer in 30 s: " + idleRounds);
            assertEquals(WriterRate.MAX_PAUSE_NANOS, maintenance.lastPauseNanos());
            // half the pause a round: room for parkNanos returning early now and then
            assertTrue(elapsed >= (idleRounds - 1) * WriterRate.MAX_PAUSE_NANOS / 2,
                idleRounds + " rounds of an idle writer in " + elapsed / 1_000_000 + " ms");

            // flat out, the writer uses up the prepared pages between rounds: the shortest pause (written as fast as
            // this thread can, which on a loaded machine or before the JIT has compiled the writer may take a while)
            long shortest = Long.MAX_VALUE;
            long time = 1;
            for (final long until = System.nanoTime() + 5_000_000_000L;
                System.nanoTime() < until && shortest > config.pretouchIntervalNanos(); )
            {
                time = appendSome(writer, time);
                writer.flush();
                shortest = Math.min(shortest, maintenance.lastPauseNanos());
            }
            assertEquals(config.pretouchIntervalNanos(), shortest);
            assertNull(maintenance.lastError());
        }
    }

    @Test
    @Timeout(120)
    void shouldDropAFastWritersWrittenBackPagesFromThePageCacheAndKeepThemWhenAskedTo() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "sync_file_range and posix_fadvise are Linux only");
        final long threshold = WriterRate.slowWriterBytesPerSecond;
        WriterRate.slowWriterBytesPerSecond = 0; // never slow, not even while the JIT warms up
        try
        {
            assertArrayEquals(new boolean[] { false, false }, residentAfterWriteBehind(true, false));
            assertArrayEquals(new boolean[] { true, true }, residentAfterWriteBehind(false, false), "control: kept");
        }
        finally
        {
            WriterRate.slowWriterBytesPerSecond = threshold;
        }
    }

    @Test
    void shouldLeaveASlowWritersWrittenBackPagesToTheKernel() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "sync_file_range and posix_fadvise are Linux only");
        assertArrayEquals(new boolean[] { true, true }, residentAfterWriteBehind(true, true));
    }

    /**
     * A fast writer that stops in chunk 4 of 1 MiB chunks is written back to 3 MiB. Chunks 2 and 3, prepared through
     * huge-page mappings, may share a 2 MiB folio, which a drop ending at 3 MiB would leave cached (and the next drop,
     * beginning inside it, too): the drop stops at 2 MiB, and takes 2-4 MiB once the writer has moved on to chunk 6
     * and write-behind has passed 4 MiB.
     */
    @Test
    void shouldDropWrittenPagesUpToAHugePageBoundaryOnly() throws Exception
    {
        assumeTrue(FileRangeSync.isAvailable(), "sync_file_range and posix_fadvise are Linux only");
        final List<String> drops = new java.util.concurrent.CopyOnWriteArrayList<>();
        final FileRangeSync.LibC recording = new ForwardingLibC()
        {
            @Override
            public int posix_fadvise(final int fd, final long offset, final long len, final int advice)
            {
                drops.add((offset >> 10) + "K+" + (len >> 10) + "K");
                return system.posix_fadvise(fd, offset, len, advice);
            }
        };
        final long chunk = 1024 * 1024;
        final JournalConfig config = config(dir).chunkBytes(chunk).writeBehindBytes(256 * 1024).build();
        final long threshold = WriterRate.slowWriterBytesPerSecond;
        WriterRate.slowWriterBytesPerSecond = 0; // never slow: pages dropped, chunks mapped for huge pages
        WriteBehind.rangeSyncOpener = path -> FileRangeSync.open(path, recording);
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            long time = 0;
            while (maintenance.writePosition() < 4 * chunk + chunk / 4)
            {
                time = appendSome(writer, time);
            }
            assertEquals(4, maintenance.writePosition() / chunk, "stopped in chunk 4");
            // written back up to chunk 3 (the one before the writer's), and then as much dropped as will be
            awaitAtLeast(maintenance::bytesWrittenBehindUnmapped, 2 * chunk, "bytesWrittenBehindUnmapped");
            awaitAtLeast(maintenance::bytesDropped, chunk, "bytesDropped");
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(3 * WriteBehind.DROP_LAG_NANOS)); // three more drop checks
            assertEquals(2 * chunk, maintenance.bytesWrittenBehindUnmapped());
            assertEquals(List.of("1024K+1024K"), drops, "1-2 MiB dropped, 2-3 MiB left for a drop up to 4 MiB");

            while (maintenance.writePosition() < 6 * chunk + chunk / 4)
            {
                time = appendSome(writer, time);
            }
            assertEquals(6, maintenance.writePosition() / chunk, "stopped in chunk 6");
            awaitAtLeast(maintenance::bytesDropped, 3 * chunk, "bytesDropped");
            Thread.sleep(TimeUnit.NANOSECONDS.toMillis(3 * WriteBehind.DROP_LAG_NANOS));
            assertEquals(List.of("1024K+1024K", "2048K+2048K"), drops, "written back to 5 MiB, dropped to 4 MiB");
            try (FileChannel channel = FileChannel.open(onlyCycleFile(dir), StandardOpenOption.READ))
            {
                for (int c = 1; c <= 3; c++)
                {
                    assertFalse(channel.map(FileChannel.MapMode.READ_ONLY, c * chunk + chunk / 2, 4096).isLoaded(),
                        "the middle of chunk " + c + " is still in the page cache");
                }
            }
            assertEquals(0, maintenance.dropFailures());
            assertNull(maintenance.lastError());
        }
        finally
        {
            WriteBehind.rangeSyncOpener = FileRangeSync::open;
            WriterRate.slowWriterBytesPerSecond = threshold;
        }
    }

    private static void awaitAtLeast(final java.util.function.LongSupplier value, final long least, final String name)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (value.getAsLong() < least)
        {
            assertTrue(System.nanoTime() < deadline, name + "=" + value.getAsLong() + ", expected " + least);
            Thread.sleep(5);
        }
    }

    /**
     * Journal into 1 MiB chunks, flat out or at about 3 MB/s (slow: under
     * {@link WriterRate#SLOW_WRITER_BYTES_PER_SECOND}), until write-behind has passed chunk 3 and, if pages are
     * to be dropped and the writer is fast, until chunks 1 and 2 are dropped; a slow writer goes on for three more drop
     * checks, in which nothing may be dropped. A fast writer that has written its most inputs before that stops and
     * waits for the background thread (on a loaded machine the writer can outrun it). Then look with {@code mincore}
     * (through {@link java.nio.MappedByteBuffer#isLoaded()}) whether the page in the middle of chunks 1 and 2 is still
     * in the page cache (the first quarter of chunk 1 stays mapped, as chunk 0's overlap, so stays cached), and read
     * everything back.
     */
    private boolean[] residentAfterWriteBehind(final boolean drop, final boolean slow) throws Exception
    {
        final Path journal = Files.createDirectory(dir.resolve("drop-" + drop + "-slow-" + slow));
        final long chunk = 1024 * 1024;
        final JournalConfig config =
            config(journal).chunkBytes(chunk).writeBehindBytes(256 * 1024).dropWrittenPages(drop).build();
        final int batch = slow ? 500 : 20_000;
        final int maxInputs = 20_000_000;
        int inputs = 0;
        final boolean[] resident = new boolean[2];
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            // the loop ends as soon as the pages are written back (and dropped); the deadline is only for a machine
            // so loaded that the background thread hardly runs
            final long deadline = System.nanoTime() + 45_000_000_000L;
            long keepGoingUntil = Long.MAX_VALUE;
            // drops run a chunk behind the write-back through the file, which starts at chunk 1, and a round after it
            while (System.nanoTime() < Math.min(deadline, keepGoingUntil))
            {
                if (inputs < maxInputs)
                {
                    for (int i = 0; i < batch; i++, inputs++)
                    {
                        writer.appendInput(inputs, 1 + (inputs & 3), inputs * 7L, inputs, -inputs, inputs * 31L,
                            1L << (inputs & 31));
                    }
                    writer.flush();
                }
                else
                {
                    Thread.sleep(5);
                }
                final boolean writtenBack = maintenance.bytesWrittenBehindUnmapped() >= 3 * chunk;
                if (slow)
                {
                    if (writtenBack && Long.MAX_VALUE == keepGoingUntil)
                    {
                        keepGoingUntil = System.nanoTime() + 3 * WriteBehind.DROP_LAG_NANOS;
                    }
                    Thread.sleep(2);
                }
                else if (writtenBack && (!drop || maintenance.bytesDropped() >= 2 * chunk))
                {
                    break;
                }
            }
            final long unmapped = maintenance.bytesWrittenBehindUnmapped();
            assertTrue(unmapped >= 3 * chunk, "bytesWrittenBehindUnmapped=" + unmapped);
            assertEquals(slow, maintenance.writerSlow(), "writer counted as slow");
            final long dropped = maintenance.bytesDropped();
            assertTrue(drop && !slow ? dropped >= 2 * chunk : 0 == dropped, "bytesDropped=" + dropped);
            assertEquals(0, maintenance.dropFailures());
            assertNull(maintenance.lastError());
            try (FileChannel channel = FileChannel.open(onlyCycleFile(journal), StandardOpenOption.READ))
            {
                for (int c = 1; c <= 2; c++)
                {
                    resident[c - 1] =
                        channel.map(FileChannel.MapMode.READ_ONLY, c * chunk + chunk / 2, 4096).isLoaded();
                }
            }
        }
        final List<Rec> events = readEvents(JournalReader.open(journal));
        assertEquals(inputs, events.size());
        final int last = inputs - 1;
        assertEquals(Rec.input(last, 1 + (last & 3), last * 7L, last, -last, last * 31L, 1L << (last & 31)),
            events.get(last));
        return resident;
    }

    /**
     * A write-back step waits for the disk, and a fast writer crosses the writable window in a few such waits: the
     * background thread must prepare the pages ahead again after each step, not only once per round of up to 16 steps.
     * Here the disk is a gate the test opens one step at a time.
     */
    @Test
    void shouldPreparePagesAheadAgainAfterEachWriteBehindStep() throws Exception
    {
        assumeTrue(null != FileRangeSync.systemLibC(), "needs sync_file_range");
        final java.util.concurrent.Semaphore disk = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.atomic.AtomicInteger steps = new java.util.concurrent.atomic.AtomicInteger();
        final FileRangeSync.LibC gatedDisk = new ForwardingLibC()
        {
            @Override
            public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
            {
                steps.incrementAndGet();
                disk.acquireUninterruptibly();
                return system.sync_file_range(fd, offset, nbytes, flags);
            }
        };
        final long mebibyte = 1024 * 1024;
        final long window = JournalConfig.DEFAULT_PRETOUCH_WRITABLE_BYTES;
        final JournalConfig config = config(dir).pretouchAheadBytes(JournalConfig.DEFAULT_PRETOUCH_AHEAD_BYTES)
            .writeBehindBytes(256 * 1024).build();
        WriteBehind.rangeSyncOpener = path -> FileRangeSync.open(path, gatedDisk);
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            try
            {
                final JournalMaintenance maintenance = writer.maintenance();
                long time = 0;
                while (maintenance.writePosition() < 20 * mebibyte) // chunks 1 to 3 can be written back: 48 steps
                {
                    time = appendSome(writer, time);
                }
                awaitSteps(steps, 1); // the background thread waits in its first range write-back step
                final long position = maintenance.writePosition();
                while (maintenance.writePosition() < position + 2 * mebibyte) // the writer eats into the window
                {
                    time = appendSome(writer, time);
                }
                final long moved = maintenance.writePosition();
                for (int step = 2; step <= 4; step++)
                {
                    disk.release();
                    awaitSteps(steps, step); // that step done, the next one waiting: the window was prepared between

                    assertTrue(maintenance.writableUpTo() >= moved + window - 64 * 1024,
                        "before write-back step " + step + ": writable up to " + maintenance.writableUpTo() +
                        ", writer at " + moved);
                }
            }
            finally
            {
                disk.release(Integer.MAX_VALUE / 2); // open the gate before the writer stops its background thread
            }
        }
        finally
        {
            WriteBehind.rangeSyncOpener = FileRangeSync::open;
        }
    }

    private static void awaitSteps(final java.util.concurrent.atomic.AtomicInteger steps, final int count)
        throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (steps.get() < count)
        {
            assertTrue(System.nanoTime() < deadline, "write-back step " + count + " never started");
            Thread.sleep(1);
        }
    }

    @Test
    void shouldFallBackToWritingBackThroughTheMappingWhenRangeWriteBackFailsAndLoseNothing() throws Exception
    {
        final long chunk = 1024 * 1024;
        final JournalConfig config = config(dir).chunkBytes(chunk).writeBehindBytes(256 * 1024).build();
        final int inputs = 600_000;
        final int[] rangeSyncCalls = new int[1];
        final FileRangeSync.LibC failing = new FileRangeSync.LibC()
        {
            public int open(final String path, final int flags)
            {
                return 1_000_000; // never passed to the kernel
            }

            public int close(final int fd)
            {
                return 0;
            }

            public int sync_file_range(final int fd, final long offset, final long nbytes, final int flags)
            {
                synchronized (rangeSyncCalls)
                {
                    rangeSyncCalls[0]++;
                }
                return -1;
            }

            public int posix_fadvise(final int fd, final long offset, final long len, final int advice)
            {
                return 22;
            }
        };
        WriteBehind.rangeSyncOpener = path -> FileRangeSync.open(path, failing);
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            for (int i = 0; i < inputs; i++)
            {
                writer.appendInput(i, 2, i * 3L, i, i >> 3, -i, 0);
            }
            writer.flush();
            final long written = writer.bytesWritten();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (writer.maintenance().bytesWrittenBehind() < written - 256 * 1024 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }

            assertTrue(written > 4 * chunk, "bytesWritten=" + written);
            assertEquals(1, writer.maintenance().rangeSyncFailures(), "one failure, then no more range calls");
            synchronized (rangeSyncCalls)
            {
                assertEquals(1, rangeSyncCalls[0]);
            }
            assertEquals(0, writer.maintenance().bytesWrittenBehindUnmapped());
            assertTrue(writer.maintenance().bytesWrittenBehind() >= written - 256 * 1024,
                "caught up through the mapping: bytesWrittenBehind=" + writer.maintenance().bytesWrittenBehind() +
                " of " + written);
            final Throwable error = writer.maintenance().lastError();
            assertNotNull(error);
            assertTrue(error.getMessage().contains("sync_file_range of 262144 bytes at 1048576 of ") &&
                error.getMessage().contains("writing back through the mapping from now on"), error.getMessage());
        }
        finally
        {
            WriteBehind.rangeSyncOpener = FileRangeSync::open;
        }
        final List<Rec> events = readEvents(JournalReader.open(dir));
        assertEquals(inputs, events.size());
        for (int i = 0; i < inputs; i += 9_973)
        {
            assertEquals(Rec.input(i, 2, i * 3L, i, i >> 3, -i, 0), events.get(i));
        }
    }

    @Test
    void shouldRefuseAChunkSizeChronicleCannotMapAndRaiseOneTooSmallForTheBlocks()
    {
        final JournalConfig.Builder builder = JournalConfig.builder(dir);
        assertThrows(IllegalArgumentException.class, () -> builder.chunkBytes(512 * 1024));
        assertThrows(IllegalArgumentException.class, () -> builder.chunkBytes(1024 * 1024 + 4096));
        assertEquals(JournalConfig.DEFAULT_CHUNK_BYTES, JournalConfig.builder(dir).build().chunkBytes());
        assertEquals(16L * 1024 * 1024,
            JournalConfig.builder(dir).chunkBytes(1024 * 1024).blockBytes(1024 * 1024).build().chunkBytes());
    }

    @Test
    void shouldKeepPreparingPagesAheadOfASlowWriterInShortSteps() throws Exception
    {
        // the engine's defaults: 32 MiB ahead, so the reach is the end of the third chunk after the writer's
        try (ChronicleJournalWriter writer = new ChronicleJournalWriter(JournalConfig.builder(dir).build(), HEADER,
            JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            long time = appendSome(writer, 0);
            final long idleDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!maintenance.writerSlow() && System.nanoTime() < idleDeadline)
            {
                Thread.sleep(5);
            }
            assertTrue(maintenance.writerSlow(), "an idle writer counts as slow");

            // about 13 KB a millisecond, under the slow threshold: the writer enters the next chunk, and the chunk
            // that then comes within reach is prepared in steps
            final long chunk = JournalConfig.DEFAULT_CHUNK_BYTES;
            while (maintenance.writePosition() < chunk + 64 * 1024)
            {
                time = appendSome(writer, time);
                Thread.sleep(1);
            }
            final long reach = (maintenance.writePosition() / chunk + 3) * chunk;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (maintenance.touchedUpTo() < reach && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(reach, maintenance.touchedUpTo(), "pages prepared up to the end of the third chunk ahead");
            if (kernelAtLeast(5, 14))
            {
                assertTrue(maintenance.populating(),
                    () -> "madvise(MADV_POPULATE_*) refused: " + maintenance.lastError());
            }
            assertNull(maintenance.lastError());
        }
    }

    @ParameterizedTest(name = "errno={0}")
    @ValueSource(ints = { 14, 22 }) // EFAULT, as on a full disk: it may pass; EINVAL, a kernel without the advice
    void shouldTryThePopulateAdviceAgainAfterAFailureThatMayPassAndGiveItUpOnlyForAKernelWithoutIt(final int errno)
        throws Exception
    {
        assumeTrue(kernelAtLeast(5, 14), "the kernel's populate advice");
        assumeTrue(PagePreparer.populateWriteEnabled, "the kernel's populate advice");
        final AtomicInteger failures = new AtomicInteger(1);
        final PagePreparer.Madvise failingOnce = new PagePreparer.Madvise()
        {
            public int madvise(final long address, final long length, final int advice)
            {
                return failures.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? -1 :
                    PagePreparer.Madvise.POSIX.madvise(address, length, advice);
            }

            public int lastError()
            {
                return errno;
            }
        };
        final PagePreparer.Madvise before = PagePreparer.madvise;
        PagePreparer.madvise = failingOnce;
        try (ChronicleJournalWriter writer = new ChronicleJournalWriter(JournalConfig.builder(dir).build(), HEADER,
            JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            appendSome(writer, 0);
            final long reach = (maintenance.writePosition() / JournalConfig.DEFAULT_CHUNK_BYTES + 3) *
                JournalConfig.DEFAULT_CHUNK_BYTES;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((0 != failures.get() || maintenance.touchedUpTo() < reach) && System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            assertEquals(0, failures.get(), "the advice was called and failed");
            assertEquals(reach, maintenance.touchedUpTo(), "pages prepared up to the end of the third chunk ahead");
            assertEquals(14 == errno, maintenance.populating(), String.valueOf(maintenance.lastError()));
            assertTrue(String.valueOf(maintenance.lastError()).contains("errno " + errno + (14 == errno ?
                "; tried again next round" : " (EINVAL")), String.valueOf(maintenance.lastError()));
        }
        finally
        {
            PagePreparer.madvise = before;
        }
    }

    @ParameterizedTest(name = "populate={0}")
    @ValueSource(booleans = { true, false })
    void shouldTakeTheFileSystemsWriteFaultsOffTheWritersThread(final boolean populate) throws Exception
    {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "needs Linux per-thread fault counts");
        final boolean before = PagePreparer.populateWriteEnabled;
        PagePreparer.populateWriteEnabled = populate; // false: the page at a time an old kernel gets
        try
        {
            final long readOnly = writerFaultsOverHalfAMebibyte(dir.resolve("read-only"), 0, populate);
            final long writable = writerFaultsOverHalfAMebibyte(
                dir.resolve("writable"), JournalConfig.DEFAULT_PRETOUCH_WRITABLE_BYTES, populate);

            // control: a page that was only read-touched is mapped read-only, so the writer's first store to it faults
            assertTrue(readOnly >= 64, "read-touched only: writer faults=" + readOnly + " over 128 pages");
            assertTrue(writable <= readOnly / 8,
                "writable ahead: writer faults=" + writable + ", read-only=" + readOnly);
        }
        finally
        {
            PagePreparer.populateWriteEnabled = before;
        }
    }

    /**
     * Minor faults of the writing thread while it writes 512 KiB of journal into pages the pre-toucher has prepared.
     */
    private static long writerFaultsOverHalfAMebibyte(
        final Path directory, final long writableBytes, final boolean populate) throws Exception
    {
        return writerFaultsOverHalfAMebibyte(directory, writableBytes, populate, maintenance -> { });
    }

    /**
     * What happens to the prepared pages between their preparation and the writer getting there.
     */
    private interface BeforeTheWriter
    {
        void run(JournalMaintenance maintenance) throws Exception;
    }

    /**
     * Minor faults of the writing thread while it writes 512 KiB of journal into pages the pre-toucher has prepared,
     * after {@code beforeTheWriter} has run.
     */
    private static long writerFaultsOverHalfAMebibyte(
        final Path directory, final long writableBytes, final boolean populate, final BeforeTheWriter beforeTheWriter)
        throws Exception
    {
        final JournalConfig config = config(directory).pretouchWritableBytes(writableBytes).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            final JournalMaintenance maintenance = writer.maintenance();
            long time = 0;
            while (maintenance.writePosition() < 64 * 1024)
            {
                time = appendSome(writer, time);
            }
            final long start = maintenance.writePosition();
            final long prepared = start + 640 * 1024;
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while ((0 == writableBytes ? maintenance.touchedUpTo() : maintenance.writableUpTo()) < prepared &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(1);
            }
            beforeTheWriter.run(maintenance);
            final long before = minorFaultsOfThisThread();
            while (maintenance.writePosition() < start + 512 * 1024)
            {
                time = appendSome(writer, time);
            }
            final long faults = minorFaultsOfThisThread() - before;
            if (populate && kernelAtLeast(5, 14))
            {
                assertTrue(maintenance.populating(),
                    () -> "madvise(MADV_POPULATE_*) refused: " + maintenance.lastError());
            }
            assertNull(maintenance.lastError());
            return faults;
        }
    }

    private static boolean kernelAtLeast(final int major, final int minor)
    {
        final java.util.regex.Matcher m = java.util.regex.Pattern.compile("^(\\d+)\\.(\\d+)")
            .matcher(System.getProperty("os.version", ""));
        return m.find() && (Integer.parseInt(m.group(1)) > major ||
            Integer.parseInt(m.group(1)) == major && Integer.parseInt(m.group(2)) >= minor);
    }

    private static long appendSome(final ChronicleJournalWriter writer, final long time)
    {
        long t = time;
        for (int i = 0; i < 1000; i++)
        {
            t += 1 + (i * 7919L) % 1000;
            writer.appendInput(t, 1 + i % 3, i % 64, t * 31, i * 1_000_003L, -t, i);
        }
        writer.flush();
        return t;
    }

    @Test
    void shouldMakeThePagesAheadWritableAgainAfterTheKernelWroteThemBack() throws Exception
    {
        assumeTrue(Files.isReadable(Path.of("/proc/thread-self/stat")), "needs Linux per-thread fault counts");
        assumeTrue(PagePreparer.populateWriteEnabled, "the kernel's populate advice");
        final Path directory = dir.resolve("written-back");
        final long faults = writerFaultsOverHalfAMebibyte(
            directory, JournalConfig.DEFAULT_PRETOUCH_WRITABLE_BYTES, true, maintenance ->
            {
                // what the kernel's periodic write-back does to a file dirty for 30 s: every dirty page written back,
                // the zero pages made writable ahead too, and mapped read-only again
                try (FileChannel file = FileChannel.open(onlyCycleFile(directory), StandardOpenOption.WRITE))
                {
                    file.force(false);
                }
                final long refreshes = maintenance.refreshes();
                final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (maintenance.refreshes() < refreshes + 2 && System.nanoTime() < deadline)
                {
                    Thread.sleep(1);
                }
            });
        assertTrue(faults <= 16, "the writer faulted " + faults + " times over 128 pages written back before it got " +
            "there (each one faults unless made writable again)");
    }

    /**
     * Called once, after the writes of {@link #shouldNameTheBlockWhoseWriteFaultedAndCountOnlyTheBlocksWrittenBeforeIt}:
     * the interpreter resolves its call in the VM, and HotSpot raises a fault pending from compiled code on the way
     * back.
     */
    private static void faultRaisedAfterWriting()
    {
    }

    /**
     * As {@link #faultRaisedAfterWriting()}, after the close of that test; a second method, since a call through a
     * method reference already resolved does not enter the VM.
     */
    private static void faultRaisedAfterClosing()
    {
    }

    private static Path onlyCycleFile(final Path directory) throws IOException
    {
        try (java.util.stream.Stream<Path> files = Files.list(directory))
        {
            final List<Path> cycles = files.filter(JournalFiles::isCycleFile).toList();
            assertEquals(1, cycles.size(), cycles.toString());
            return cycles.get(0);
        }
    }

    private static long minorFaultsOfThisThread() throws IOException
    {
        final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
        return Long.parseLong(stat.substring(stat.lastIndexOf(')') + 2).split(" ")[7]);
    }

    /**
     * Pages prepared ahead take the file system's blocks: while the last sample leaves no room for them above the
     * floor, none are prepared (the writer's own blocks still go into the reserve).
     */
    @Test
    void shouldPrepareNoPagesAheadWhileTheFileSystemHasNoRoomForThemAboveTheFloor() throws Exception
    {
        final long ahead = 4 * 1024 * 1024;
        final long floor = 1L << 20;
        final JournalConfig config =
            config(dir).pretouchAheadBytes(ahead).minFreeBytes(floor).usableSpace(() -> floor + ahead).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            writer.appendAdvance(1);
            writer.flush();
            final JournalMaintenance maintenance = writer.maintenance();
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (0 == maintenance.watchedFiles()) // a round has taken up the file
            {
                assertTrue(System.nanoTime() < deadline, "the file was never taken up");
                Thread.sleep(1);
            }
            final long rounds = maintenance.rounds();
            while (maintenance.rounds() < rounds + 5)
            {
                assertTrue(System.nanoTime() < deadline, "no rounds");
                Thread.sleep(1);
            }

            assertEquals(0, maintenance.pagesTouched());
            assertEquals(0, maintenance.writableUpTo());
        }
        assertEquals(List.of(Rec.advance(1)), readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldPretouchPagesAheadOfTheWriter() throws Exception
    {
        final JournalConfig config = config(dir).pretouchAheadBytes(4 * 1024 * 1024).build();
        try (ChronicleJournalWriter writer =
            new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
        {
            writer.appendAdvance(1);
            writer.flush();
            final long deadline = System.nanoTime() + 10_000_000_000L;
            while (writer.maintenance().pagesTouched() < 1000 && System.nanoTime() < deadline)
            {
                Thread.sleep(5);
            }

            assertTrue(writer.maintenance().pagesTouched() >= 1000,
                "pagesTouched=" + writer.maintenance().pagesTouched());
            assertNull(writer.maintenance().lastError());
            // every chunk it mapped had read-ahead turned off before its first touch
            assertTrue(writer.maintenance().chunksAdvised() >= 1,
                "chunksAdvised=" + writer.maintenance().chunksAdvised());
            assertEquals(0, writer.maintenance().adviceFailures(),
                () -> "lastError=" + writer.maintenance().lastError());
        }
        assertEquals(List.of(Rec.advance(1)), readEvents(JournalReader.open(dir)));
    }

    @ParameterizedTest
    @ValueSource(booleans = { true, false })
    void shouldAskForHugePagesWhileTheWriterIsFastAndExtendTheFileAChunkPastThePreparedPages(final boolean hugePages)
        throws Exception
    {
        final long threshold = WriterRate.slowWriterBytesPerSecond;
        WriterRate.slowWriterBytesPerSecond = 0; // huge pages only while the writer is fast: never slow here
        try
        {
            final long chunk = JournalConfig.DEFAULT_CHUNK_BYTES;
            final JournalConfig config = config(dir).pretouchAheadBytes(chunk / 2).hugePages(hugePages).build();
            try (ChronicleJournalWriter writer =
                new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION))
            {
                writer.appendAdvance(1);
                writer.flush();
                final long deadline = System.nanoTime() + 10_000_000_000L;
                while (writer.maintenance().pagesTouched() < 256 && System.nanoTime() < deadline)
                {
                    Thread.sleep(5);
                }
                final long touched = writer.maintenance().pagesTouched();
                assertTrue(touched >= 256, "pagesTouched=" + touched);
                assertNull(writer.maintenance().lastError());

                // the pages prepared (2 MiB ahead) are in the first chunk; with huge pages the second is mapped too, so
                // Chronicle has grown the file past them (near the end of a file the kernel uses small pages)
                final List<Path> files = JournalFiles.cycleFiles(dir);
                assertEquals(1, files.size());
                final long length = Files.size(files.get(0));
                if (hugePages)
                {
                    assertTrue(length >= 2 * chunk, "file length " + length);
                }
                else
                {
                    assertTrue(length < 2 * chunk, "file length " + length);
                }

                // Linux: every mapping of the file carries the advice (VmFlags hg = MADV_HUGEPAGE, rr = MADV_RANDOM)
                final Path smaps = Path.of("/proc/self/smaps");
                assumeTrue(Files.isReadable(smaps) &&
                    Files.exists(Path.of("/sys/kernel/mm/transparent_hugepage/enabled")), "Linux with huge pages");
                final List<String> flags = new ArrayList<>();
                boolean inFile = false;
                for (final String line : Files.readAllLines(smaps))
                {
                    if (line.matches("^[0-9a-f]+-[0-9a-f]+ .*"))
                    {
                        inFile = line.endsWith(files.get(0).toAbsolutePath().toString());
                    }
                    else if (inFile && line.startsWith("VmFlags:"))
                    {
                        flags.add(line);
                    }
                }
                assertFalse(writer.maintenance().hugePagesRefused());
                assertFalse(flags.isEmpty());
                for (final String line : flags)
                {
                    assertEquals(hugePages, line.contains(" hg"), line);
                    assertTrue(line.contains(" rr"), line);
                }
            }
        }
        finally
        {
            WriterRate.slowWriterBytesPerSecond = threshold;
        }
    }
}
