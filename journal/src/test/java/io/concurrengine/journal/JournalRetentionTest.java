package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class JournalRetentionTest
{
    private static final long START_MILLIS = 1_790_000_000_000L;

    @TempDir
    Path dir;

    private final AtomicLong clock = new AtomicLong(START_MILLIS);

    private JournalConfig.Builder rollingConfig()
    {
        return config(dir).rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get);
    }

    /** Writes one block of 10 events per cycle, advancing the clock one cycle between blocks. */
    private List<List<Rec>> writeCycles(final JournalWriter writer, final int cycles)
    {
        return writeCycles(writer, cycles, JournalRollCycle.TEST_SECONDLY);
    }

    private List<List<Rec>> writeCycles(final JournalWriter writer, final int cycles, final JournalRollCycle rollCycle)
    {
        final List<List<Rec>> perCycle = new ArrayList<>();
        for (int c = 0; c < cycles; c++)
        {
            final List<Rec> recs = new ArrayList<>();
            for (int i = 0; i < 10; i++)
            {
                final Rec rec = Rec.advance(c * 100L + i);
                rec.appendTo(writer);
                recs.add(rec);
            }
            writer.flush();
            perCycle.add(recs);
            clock.addAndGet(rollCycle.lengthMillis());
        }
        return perCycle;
    }

    @Test
    void shouldStartEveryCycleFileWithHeaderAndReadAcrossFiles() throws IOException
    {
        final List<List<Rec>> perCycle;
        try (JournalWriter writer = JournalWriter.open(rollingConfig().build(), HEADER))
        {
            perCycle = writeCycles(writer, 4);
        }

        assertEquals(4, JournalFiles.cycleFiles(dir).size());
        final List<Rec> expected = new ArrayList<>();
        perCycle.forEach(expected::addAll);
        assertEquals(expected, readEvents(JournalReader.open(dir)));
        final long[] headers = {0};
        JournalReader.open(dir).read((r) -> headers[0] += r.kind() == RecordKind.HEADER ? 1 : 0);
        assertEquals(4, headers[0]);
    }

    @Test
    void shouldListTheCycleFilesOldestFirstAndNothingElse() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(rollingConfig().build(), HEADER))
        {
            writeCycles(writer, 3);
        }
        java.nio.file.Files.createDirectory(dir.resolve("00000000-0000.cq4"));
        java.nio.file.Files.writeString(dir.resolve("notes.txt"), "not a cycle file");
        java.nio.file.Files.writeString(dir.resolve("99999999-9999.cq4.bak"), "not a cycle file");

        final List<Path> files = JournalReader.cycleFiles(dir);

        assertEquals(3, files.size(), files.toString());
        assertEquals(files.stream().sorted().toList(), files);
        for (final Path file : files)
        {
            assertTrue(file.getFileName().toString().endsWith(".cq4"), file.toString());
            assertEquals(dir, file.getParent());
        }
    }

    @Test
    void shouldKeepWritingTheNewestCycleFileWhenTheWallClockStepsBackOverACycleBoundary() throws IOException
    {
        // an NTP step or a VM's clock correction just after a roll: Chronicle cannot go back to the closed cycle file
        final List<Rec> recs = new ArrayList<>();
        try (JournalWriter writer = JournalWriter.open(rollingConfig().build(), HEADER))
        {
            for (int i = 0; i < 4; i++)
            {
                final Rec rec = Rec.advance(i);
                rec.appendTo(writer);
                recs.add(rec);
                writer.flush();
                clock.addAndGet(i % 2 == 0 ? JournalRollCycle.TEST_SECONDLY.lengthMillis() : -100);
            }
        }

        assertEquals(recs, readEvents(JournalReader.open(dir)));
        assertEquals(2, JournalFiles.cycleFiles(dir).size());
    }

    @Test
    void shouldKeepOnlyTheLastCyclesOnClose() throws IOException
    {
        final List<List<Rec>> perCycle;
        try (JournalWriter writer = JournalWriter.open(rollingConfig().retainCycles(2).build(), HEADER))
        {
            perCycle = writeCycles(writer, 6);
        }

        assertEquals(2, JournalFiles.cycleFiles(dir).size());
        final List<Rec> expected = new ArrayList<>(perCycle.get(4));
        expected.addAll(perCycle.get(5));
        assertEquals(expected, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldRollAMinutelyJournalEveryMinuteAndKeepTheLastCycles() throws IOException
    {
        final List<List<Rec>> perCycle;
        final JournalConfig config =
            config(dir).rollCycle(JournalRollCycle.MINUTELY).epochMillisClock(clock::get).retainCycles(2).build();
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            perCycle = writeCycles(writer, 4, JournalRollCycle.MINUTELY);
        }

        assertEquals(60_000, JournalRollCycle.MINUTELY.lengthMillis());
        final List<Path> files = JournalFiles.cycleFiles(dir);
        assertEquals(2, files.size());
        for (final Path file : files)
        {
            assertTrue(file.getFileName().toString().matches("\\d{8}-\\d{4}\\.cq4"), file.toString());
        }
        final List<Rec> expected = new ArrayList<>(perCycle.get(2));
        expected.addAll(perCycle.get(3));
        assertEquals(expected, readEvents(JournalReader.open(dir)));
    }

    @Test
    void shouldDeleteReleasedCyclesWhileRunning() throws Exception
    {
        try (JournalWriter writer = JournalWriter.open(rollingConfig().retainCycles(2).build(), HEADER))
        {
            writeCycles(writer, 6);
            final long deadline = System.nanoTime() + 20_000_000_000L;
            while (JournalFiles.cycleFiles(dir).size() > 2 && System.nanoTime() < deadline)
            {
                writer.appendAdvance(1_000);
                writer.flush();
                Thread.sleep(10);
            }

            assertEquals(2, JournalFiles.cycleFiles(dir).size());
        }
    }

    @Test
    void shouldKeepWithinByteBudgetButNeverDeleteTheNewestFile() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(rollingConfig().retainBytes(1).build(), HEADER))
        {
            writeCycles(writer, 3);
        }

        assertEquals(1, JournalFiles.cycleFiles(dir).size());
        assertEquals(10, readEvents(JournalReader.open(dir)).size());
    }

    @Test
    void shouldSkipACycleFileRetentionDeletedAfterALiveReaderListedIt() throws IOException
    {
        final List<List<Rec>> perCycle;
        try (JournalWriter writer = JournalWriter.open(rollingConfig().build(), HEADER))
        {
            perCycle = writeCycles(writer, 3);
        }
        final List<Path> listed = JournalFiles.cycleFiles(dir);
        java.nio.file.Files.delete(listed.get(0)); // retention, between the listing and the opening

        final List<Rec> read = new ArrayList<>();
        final ReadPass live = new ReadPass(dir, true, new RequiredIdentity(null, null, null, -1, -1),
            JournalQuery.ALL, (r) ->
            {
                if (r.kind() != RecordKind.HEADER)
                {
                    read.add(Rec.of(r));
                }
            });
        live.run(false, listed);

        final List<Rec> expected = new ArrayList<>(perCycle.get(1));
        expected.addAll(perCycle.get(2));
        assertEquals(expected, read);
        final ReadPass finished = new ReadPass(dir, false, new RequiredIdentity(null, null, null, -1, -1),
            JournalQuery.ALL, (r) -> {});
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
            () -> finished.run(false, listed));
        assertEquals(JournalCorruptException.Reason.IO_ERROR, ex.reason());
        assertEquals(listed.get(0), ex.file());
    }

    @Test
    void shouldSayACycleFileWasDeletedWhileALiveReaderReadTheOnesBeforeIt() throws IOException
    {
        try (JournalWriter writer = JournalWriter.open(rollingConfig().build(), HEADER))
        {
            writeCycles(writer, 3);
        }
        final List<Path> listed = JournalFiles.cycleFiles(dir);
        java.nio.file.Files.delete(listed.get(1)); // retention overtook a reader still in the first file

        final ReadPass live = new ReadPass(dir, true, new RequiredIdentity(null, null, null, -1, -1),
            JournalQuery.ALL, (r) -> {});
        final JournalCorruptException ex = assertThrows(JournalCorruptException.class, () -> live.run(false, listed));

        assertEquals(JournalCorruptException.Reason.BLOCK_SEQUENCE, ex.reason());
        assertEquals(listed.get(2), ex.file());
        assertTrue(ex.getMessage().contains("(blocks missing: cycle file " + listed.get(1).getFileName() +
            " was deleted while the journal was read live"), ex.getMessage());
    }
}
