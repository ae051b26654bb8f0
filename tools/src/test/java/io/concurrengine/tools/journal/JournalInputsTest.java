package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalQuery;
import io.concurrengine.journal.JournalRecordHandler;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.journal.SalvageResult;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalInputsTest
{
    @TempDir
    Path dir;

    @Test
    void shouldMergeEveryShardsInputsInTimeOrder()
    {
        final Path journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--events", "50k", "--shards", "3", "--journal", journal.toString(),
            "--no-counters");
        assertEquals(0, run.code(), run.err());

        final MarketInput input = new MarketInput();
        long previous = Long.MIN_VALUE;
        try (JournalInputs inputs = JournalInputs.open(journal))
        {
            while (inputs.next(input))
            {
                assertTrue(input.feedTime() >= previous, input.feedTime() + " after " + previous);
                previous = input.feedTime();
            }
            assertEquals(50_000, inputs.delivered());
            assertFalse(inputs.next(input), "still at its end");
        }
    }

    /**
     * Shards' inputs of the same time come in shard order, each shard's in its own order: the merge is one order,
     * whatever the reading threads do, so that {@code feed --journal} writes the same lines every time. A run at
     * this rate has many inputs a microsecond, on both shards.
     */
    @Test
    void shouldTakeInputsOfTheSameTimeInShardOrder()
    {
        final Path journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--events", "20k", "--rate", "10M", "--journal", journal.toString(),
            "--no-counters");
        assertEquals(0, run.code(), run.err());
        final ReplayCommand.RunConfig config = ReplayCommand.loadRun(journal);
        final List<List<String>> shards = new ArrayList<>();
        for (int i = 0; i < config.config().shards(); i++)
        {
            final List<String> inputs = new ArrayList<>();
            config.shardReader(journal, i).read(JournalQuery.builder().build(), record ->
            {
                if (RecordKind.INPUT == record.kind())
                {
                    inputs.add(text(record.time(), record.type(), record.target(), record.a0(), record.a1(),
                        record.a2(), record.a3()));
                }
            });
            shards.add(inputs);
        }

        final List<String> expected = new ArrayList<>();
        final int[] next = new int[shards.size()];
        long ties = 0;
        while (true)
        {
            int earliest = -1;
            for (int i = 0; i < shards.size(); i++)
            {
                if (next[i] < shards.get(i).size() &&
                    (earliest < 0 || time(shards.get(i).get(next[i])) < time(shards.get(earliest).get(next[earliest]))))
                {
                    earliest = i;
                }
                else if (earliest >= 0 && next[i] < shards.get(i).size() &&
                    time(shards.get(i).get(next[i])) == time(shards.get(earliest).get(next[earliest])))
                {
                    ties++;
                }
            }
            if (earliest < 0)
            {
                break;
            }
            expected.add(shards.get(earliest).get(next[earliest]++));
        }
        assertTrue(ties > 100, ties + " inputs of one shard met another's of the same time");

        final List<String> taken = new ArrayList<>();
        final MarketInput input = new MarketInput();
        try (JournalInputs inputs = JournalInputs.open(journal))
        {
            while (inputs.next(input))
            {
                taken.add(text(input.feedTime(), input.type(), input.target(), input.a0(), input.a1(), input.a2(),
                    input.a3()));
            }
        }
        assertEquals(20_000, expected.size());
        assertEquals(expected.size(), taken.size());
        for (int i = 0; i < expected.size(); i++)
        {
            assertEquals(expected.get(i), taken.get(i), "input " + i + " (time,type,target,a0..a3)");
        }
    }

    /**
     * Run one shard with a journal in {@code journal}, then delete its shard's files, for a test to write the shard's
     * journal again as the same run's.
     *
     * @return the header of the shard's journal, for a {@link JournalWriter} to write the journal again under.
     */
    static JournalHeader emptiedOneShardRun(final Path journal) throws IOException
    {
        assertEquals(0, Cli.run("run", "--events", "2k", "--shards", "1", "--journal", journal.toString(),
            "--no-counters").code());
        final AtomicReference<JournalHeader> header = new AtomicReference<>();
        ReplayCommand.loadRun(journal).shardReader(journal, 0).read(JournalQuery.builder().build(), record ->
        {
            if (RecordKind.HEADER == record.kind())
            {
                header.set(record.header());
            }
        });
        try (Stream<Path> files = Files.list(journal.resolve("shard-0")))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        return header.get();
    }

    private static String text(final long time, final int type, final long target, final long a0, final long a1,
        final long a2, final long a3)
    {
        return time + "," + type + "," + target + "," + a0 + "," + a1 + "," + a2 + "," + a3;
    }

    private static long time(final String text)
    {
        return Long.parseLong(text.substring(0, text.indexOf(',')));
    }

    /**
     * A shard journal whose oldest cycle file is gone (retention, or deleted by hand) reads cleanly from where it
     * starts, but its inputs are not the run's: {@code replay} refuses it (BLOCK_SEQUENCE), and so must the feed of its
     * inputs, which wrote the rest as the run's and exited 0.
     */
    @Test
    void shouldRefuseAShardJournalWhoseOldestCycleFileIsGone() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final JournalHeader header = emptiedOneShardRun(journal);
        // the shard's journal again, as the same run's, in cycle files of a second
        final Path shard = journal.resolve("shard-0");
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        try (JournalWriter writer = JournalWriter.open(JournalConfig.builder(shard)
            .rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), header))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                for (int i = 0; i < 10; i++)
                {
                    writer.appendInput(cycle * 100L + i, 0, i, i, 1, 1, 0);
                }
                writer.flush();
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        final MarketInput input = new MarketInput();
        try (JournalInputs inputs = JournalInputs.open(journal))
        {
            long taken = 0;
            while (inputs.next(input))
            {
                taken++;
            }
            assertEquals(30, taken, "the journal as written reads whole");
        }
        final Path oldest;
        try (Stream<Path> files = Files.list(shard))
        {
            oldest = files.filter(path -> path.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
        Files.delete(oldest);

        try (JournalInputs inputs = JournalInputs.open(journal))
        {
            final JournalCorruptException refused = assertThrows(JournalCorruptException.class, () ->
            {
                while (inputs.next(input))
                {
                    assertTrue(input.feedTime() >= 0);
                }
            });
            assertEquals(JournalCorruptException.Reason.BLOCK_SEQUENCE, refused.reason(), refused.getMessage());
            assertTrue(refused.getMessage().contains("oldest cycle files are gone (deleted by retention or by hand)"),
                refused.getMessage());
            assertEquals(0, inputs.delivered(), "none of the shard's inputs is the run's from its start");
        }
        final Cli feed = Cli.run("feed", "--journal", journal.toString());
        assertEquals(1, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: journal damaged: journal corrupt: BLOCK_SEQUENCE: "),
            feed.err());
    }

    /**
     * A reader that fails with an Error (out of memory, say) ends its shard as damage does: the Error reaches the
     * taking thread, which before session 52 waited for that shard's end forever.
     */
    @Test
    void shouldHandAReadersErrorToTheTakingThreadRatherThanWaitForThatShardForever()
    {
        final OutOfMemoryError outOfMemory = new OutOfMemoryError("a shard's reader ran out of memory");
        final List<Function<JournalRecordHandler, SalvageResult>> readers = List.of(
            handler -> new SalvageResult(0, 0, true, null),
            handler ->
            {
                throw outOfMemory;
            });

        try (JournalInputs inputs = JournalInputs.start(dir, readers))
        {
            assertSame(outOfMemory, assertTimeoutPreemptively(Duration.ofSeconds(30),
                () -> assertThrows(OutOfMemoryError.class, () -> inputs.next(new MarketInput()))));
        }
    }

    /**
     * A run started on the directory while feed --journal read it replaces the journal: the shard whose file was gone
     * was said to be a journal that cannot be read. With the directory's run.toml written anew since the read began,
     * the damage is said to be the journal's replacement.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhenAShardsFileWentMissingWhileItWasRead() throws IOException
    {
        final Path runToml = Files.writeString(dir.resolve("run.toml"), "# the run read\n");
        final Path cycleFile = dir.resolve("shard-0").resolve("20261207-18F.cq4");
        final JournalCorruptException gone = new JournalCorruptException(JournalCorruptException.Reason.IO_ERROR,
            cycleFile, -1, -1, -1, "cannot open cycle file", new NoSuchFileException(cycleFile.toString()));
        final List<Function<JournalRecordHandler, SalvageResult>> readers = List.of(handler ->
        {
            writeRunTomlAnew(runToml);
            return new SalvageResult(0, 0, false, gone);
        });

        try (JournalInputs inputs = JournalInputs.start(dir, readers))
        {
            final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
                () -> inputs.next(new MarketInput()));
            assertEquals("a run started writing " + dir + " while it was read: the journal being read was replaced",
                inputs.describeDamage(ex));
        }
    }

    /**
     * A shard read after a run of another configuration started on the directory is the new run's, not the run's
     * (IDENTITY_MISMATCH): feed --journal named that damage alone, where replay and inspect say the journal was
     * replaced. It says so after the damage once the directory is another run's, and nothing more while it is not.
     */
    @Test
    void shouldSayARunReplacedTheJournalAfterTheDamageOfAShardOfAnotherRunRead() throws IOException
    {
        final Path runToml = Files.writeString(dir.resolve("run.toml"), "# the run read\n");
        final JournalCorruptException other = new JournalCorruptException(
            JournalCorruptException.Reason.IDENTITY_MISMATCH, dir.resolve("shard-0").resolve("20261207-18F.cq4"), 0,
            -1, 0, "journal of another configuration", null);
        for (final boolean replaced : new boolean[]{ false, true })
        {
            final List<Function<JournalRecordHandler, SalvageResult>> readers = List.of(handler ->
            {
                if (replaced)
                {
                    writeRunTomlAnew(runToml);
                }
                return new SalvageResult(0, 0, false, other);
            });

            try (JournalInputs inputs = JournalInputs.start(dir, readers))
            {
                final JournalCorruptException ex = assertThrows(JournalCorruptException.class,
                    () -> inputs.next(new MarketInput()));
                assertEquals(JournalInputs.describe(ex) + (replaced ? "; a run started writing " + dir + " while it " +
                    "was read: the journal being read was replaced" : ""), inputs.describeDamage(ex));
            }
        }
    }

    /**
     * A shard read without error after a run started on the directory is the new run's: feed --journal wrote the
     * inputs of two runs and said nothing. Once every input is taken, the directory's run.toml written anew since the
     * read began says that the journal was replaced; nothing says so when it was not.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadWhenEveryShardWasReadWithoutError() throws IOException
    {
        final Path runToml = Files.writeString(dir.resolve("run.toml"), "# the run read\n");
        for (final boolean replaced : new boolean[]{ false, true })
        {
            final List<Function<JournalRecordHandler, SalvageResult>> readers = List.of(handler ->
            {
                if (replaced)
                {
                    writeRunTomlAnew(runToml);
                }
                return new SalvageResult(0, 0, true, null);
            });

            try (JournalInputs inputs = JournalInputs.start(dir, readers))
            {
                assertFalse(inputs.next(new MarketInput()));
                assertEquals(replaced ? "a run started writing " + dir + " while it was read: the journal being " +
                    "read was replaced" : null, inputs.replacedWhileRead());
            }
        }
    }

    /**
     * Replace run.toml by another file, as a run that starts on the directory writes its own.
     */
    private void writeRunTomlAnew(final Path runToml)
    {
        try
        {
            final Path written = Files.writeString(dir.resolve("run.toml.new"), "# another run\n");
            Files.move(written, runToml, StandardCopyOption.REPLACE_EXISTING);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    @Test
    void shouldStopItsReadersWhenClosedBeforeTheEnd() throws Exception
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "200k", "--journal", journal.toString(), "--no-counters").code());

        for (int round = 0; round < 20; round++)
        {
            // closed at once, after one input, or after a few batches: readers waiting for room, or reading
            try (JournalInputs inputs = JournalInputs.open(journal))
            {
                final MarketInput input = new MarketInput();
                for (int i = 0; i < round * round * 100 && inputs.next(input); i++)
                {
                    assertTrue(input.feedTime() >= 0);
                }
            }
        }
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (readers() > 0)
        {
            assertTrue(System.nanoTime() < deadline, readers() + " reader threads still alive");
            Thread.sleep(10);
        }
    }

    private static long readers()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(thread -> thread.getName().startsWith("journal-inputs-") && thread.isAlive()).count();
    }
}
