package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.MiniJson;
import io.concurrengine.tools.run.RunLock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplayCommandTest
{
    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void runAFeedOnTwoShards() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n");
        journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--feed", feed.toString(), "--shards", "2", "--journal", journal.toString(),
            "--no-counters");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void shouldNameAShardDirectoryTheRunDoesNotHaveAndNotReadIt() throws IOException
    {
        copy(journal.resolve("shard-1"), journal.resolve("shard-2")); // a shard copied in from another run

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");
        final Cli inspect = Cli.run("inspect", journal.toString());

        assertEquals(0, replay.code(), replay.err());
        final String stray = journal.resolve("shard-2") + " is not a shard of this run (its run.toml has 2 shards, " +
            "shard-0 to shard-1): not read";
        assertTrue(replay.err().contains("concurrengine replay: " + stray), replay.err());
        assertEquals(0, inspect.code(), inspect.err());
        assertTrue(inspect.err().contains("concurrengine inspect: " + stray), inspect.err());
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", dir.resolve("f.csv").toString());
        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: " + stray), feed.err()); // its inputs are not taken
    }

    /**
     * Stopped by Ctrl-C or SIGTERM (its hook asks the same as {@code requestStop}), here before any shard is read,
     * replay prints the stopped error object with --json, where it printed nothing, and no shard's figures; it said
     * "a replay stopped part-way has no result", though no shard had been read.
     */
    @Test
    void shouldReportAReplayStoppedBeforeItStartedAsStoppedNotAsAResult()
    {
        for (final boolean json : new boolean[]{ true, false })
        {
            final CommandLine commandLine = Main.commandLine();
            ((ReplayCommand)commandLine.getSubcommands().get("replay").getCommand()).requestStop();
            final Cli cli = json ? Cli.runOn(commandLine, "replay", journal.toString(), "--verify", "--json") :
                Cli.runOn(commandLine, "replay", journal.toString(), "--verify");

            assertEquals(0, cli.code(), cli.err()); // the JVM exits with the signal's status
            assertEquals("concurrengine replay: stopped by a signal before it started: nothing was replayed" +
                System.lineSeparator(), cli.err());
            assertEquals(json ? "{\"error\":{\"command\":\"replay\",\"code\":0,\"reason\":\"stopped\"," +
                "\"message\":\"stopped by a signal before it started: nothing was replayed\"}}" +
                System.lineSeparator() : "", cli.out());
        }
    }

    /**
     * A PrintWriter keeps a failed write to itself: with stdout closed ({@code | head}) or on a full device, replay
     * and inspect exited 0 having printed nothing, a replay --json whose object was never written included.
     */
    @Test
    void shouldExitOneWhenStandardOutputCannotBeWritten()
    {
        for (final String[] args : new String[][]{ { "replay", journal.toString(), "--verify" },
            { "replay", journal.toString(), "--verify", "--json" }, { "inspect", journal.toString() } })
        {
            for (final int accepted : new int[]{ 0, 200 })
            {
                final Cli cli = Cli.runOnFailingStdout(accepted, args);
                assertEquals(1, cli.code(), String.join(" ", args) + ": " + cli.err());
                assertTrue(cli.err().startsWith("concurrengine " + args[0] + ": writing to stdout failed") &&
                    cli.err().contains("the output was closed or its device is full"), cli.err());
            }
        }
    }

    /**
     * An empty DIR (a {@code "$DIR"} left unset) is the working directory to {@code Path.of}: the commands read
     * whatever was there and said {@code : run.toml: ...}, with no path. It is refused as such, as an empty
     * {@code --config} is.
     */
    @Test
    void shouldRefuseAnEmptyJournalDirectoryPathAsSuch()
    {
        for (final String[] args : new String[][]{ { "replay", "" }, { "inspect", "" }, { "feed", "--journal", "" } })
        {
            final Cli cli = Cli.run(args);
            assertEquals(2, cli.code(), String.join(" ", args) + ": " + cli.err());
            assertEquals("concurrengine " + args[0] + ": \"\": (directory): an empty path, not a run's journal " +
                "directory" + System.lineSeparator(), cli.err());
        }
    }

    @Test
    void shouldPrintTheJournalsPathsInReplayAndInspectWithTheirControlCharactersEscaped() throws IOException
    {
        // printed raw, each line naming the directory was split in two and the ESC sequence erased a terminal's line
        final Path hostile = Files.move(journal, dir.resolve("j\nFORGED\u001b[2K"));
        final Path cycle;
        try (Stream<Path> files = Files.list(hostile.resolve("shard-0")))
        {
            cycle = files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(cycle);
        int written = bytes.length - 1;
        while (written > 0 && 0 == bytes[written])
        {
            written--;
        }
        bytes[written + 64] = 0x13; // junk after the journal's end block
        Files.write(cycle, bytes);
        copy(hostile.resolve("shard-1"), hostile.resolve("shard-2"));
        final String printed = dir + "/j\\nFORGED\\x1b[2K";

        final Cli replay = Cli.run("replay", hostile.toString(), "--verify");
        final Cli salvaged = Cli.run("replay", hostile.toString(), "--verify", "--salvage");
        final Cli inspect = Cli.run("inspect", hostile.toString());

        assertTrue(replay.err().contains("concurrengine replay: " + printed + "/shard-2 is not a shard of this run"),
            replay.err());
        assertTrue(replay.err().contains("concurrengine replay: shard 0 journal damaged") &&
            replay.err().contains(printed + "/shard-0/" + cycle.getFileName()), replay.err());
        assertTrue(salvaged.out().contains("  journal damaged after the journal's end block") &&
            salvaged.out().contains(printed + "/shard-0/" + cycle.getFileName()), salvaged.out());
        assertTrue(inspect.err().contains("concurrengine inspect: shard 0 journal damaged") &&
            inspect.err().contains(printed + "/shard-0/" + cycle.getFileName()), inspect.err());
        for (final Cli cli : new Cli[] {replay, salvaged, inspect})
        {
            assertEquals(1, cli.code(), cli.err());
            final String lines = (cli.out() + cli.err()).replace(System.lineSeparator(), "");
            assertEquals(PrintableText.escape(lines), lines, "no control character but the line ends");
        }
    }

    /**
     * The one-line feed's input went to shard 1: shard 0's journal holds no input, so no dispatch of it was checked.
     */
    @Test
    void shouldSayAShardWithNoInputsHadNothingToVerifyRatherThanThatEveryDispatchMatched()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("shard 0: 0 inputs, 0 advances, 0 dispatches ") &&
            replay.out().contains(", nothing to verify" + System.lineSeparator()), replay.out());
        assertTrue(replay.out().contains("shard 1: 1 input, ") &&
            replay.out().contains(", every dispatch matched" + System.lineSeparator()), replay.out());
        assertTrue(replay.out().endsWith("verified: the journal replays bit for bit" + System.lineSeparator()),
            replay.out());
    }

    @Test
    void shouldSayAnEmptyJournalHadNothingToVerifyRatherThanThatItReplaysBitForBit() throws IOException
    {
        final Path empty = emptyJournal();

        final Cli replay = Cli.run("replay", empty.toString(), "--verify");

        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertFalse(replay.out().contains("matched") || replay.out().contains("bit for bit"), replay.out());
        assertTrue(replay.out().endsWith("nothing to verify: the journal holds no inputs" + System.lineSeparator()),
            replay.out());
    }

    @Test
    void shouldKeepAnEmptyJournalsJsonResult() throws IOException
    {
        final Path empty = emptyJournal();

        final Cli replay = Cli.run("replay", empty.toString(), "--verify", "--json");

        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("\"result\":\"verified\"}"), replay.out());
    }

    /**
     * A shard whose directory is gone has nothing {@code --salvage} could replay, so replay does not suggest it; the
     * other shard is replayed and its dispatches matched, but the run's state is unknown.
     */
    @Test
    void shouldNameAMissingShardDirectoryWithoutSuggestingSalvage() throws IOException
    {
        try (Stream<Path> files = Files.walk(journal.resolve("shard-1")))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new))
            {
                Files.delete(file);
            }
        }

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.err().startsWith("concurrengine replay: shard 1 journal damaged: journal corrupt: " +
            "MISSING_HEADER: shard directory missing: " + journal.resolve("shard-1")), replay.err());
        assertFalse(replay.err().contains("--salvage"), replay.err());
        assertTrue(replay.out().contains("not replayed: shard 1 (above), so the run's state is unknown"),
            replay.out());
    }

    /**
     * A shard whose first cycle file is an entry of that name that is no file (a directory, a named pipe) reads as
     * starting at a later block: replay and feed --journal refuse it, and said its oldest cycle files were gone,
     * "deleted by retention or by hand", without a word of the entry there by that name.
     */
    @Test
    void shouldNameAnEntryNamedAsTheFirstCycleFileThatIsNoFile() throws IOException
    {
        final Path shard = journal.resolve("shard-1");
        final JournalHeader header = JournalReader.open(shard).header();
        deleteTree(shard);
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        try (JournalWriter writer = JournalWriter.open(JournalConfig.builder(shard)
            .rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), header))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                writer.appendInput(cycle * 100L, 1, 7, 7, 0, 0, 0);
                writer.flush();
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        final Path first = JournalReader.cycleFiles(shard).get(0);
        Files.delete(first);
        Files.createDirectory(first);
        final String notRead = first.getFileName() + " is named as a cycle file but not a regular file (a " +
            "directory, a named pipe or a device): not read";

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", dir.resolve("f.csv").toString());

        assertEquals(1, replay.code(), replay.err());
        assertTrue(replay.err().contains("journal starts at block ") && replay.err().contains(notRead),
            replay.err());
        assertEquals(1, feed.code(), feed.err());
        assertTrue(feed.err().contains("journal starts at block ") && feed.err().contains(notRead), feed.err());
    }

    /**
     * A report of exit 1 (a shard not replayed, a divergence, whose lines are on stdout alone) that could not be
     * written is said to be lost, as one of exit 0 or 3 is: with stdout closed or on a full device, replay exited 1
     * and said nothing of the lost report or object.
     */
    @Test
    void shouldSayThatTheReportOfAFailedReplayCouldNotBeWritten() throws IOException
    {
        try (Stream<Path> files = Files.walk(journal.resolve("shard-1")))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new))
            {
                Files.delete(file);
            }
        }
        for (final String[] args : new String[][]{ { "replay", journal.toString(), "--verify" },
            { "replay", journal.toString(), "--verify", "--json" } })
        {
            final Cli replay = Cli.runOnFailingStdout(0, args);

            assertEquals(1, replay.code(), String.join(" ", args) + ": " + replay.err());
            assertTrue(replay.err().endsWith("concurrengine replay: writing to stdout failed: the output was closed " +
                "or its device is full" + System.lineSeparator()), String.join(" ", args) + ": " + replay.err());
        }
    }

    /**
     * A run started on the directory while replay read it replaces the journal (readers hold its lock only while they
     * look): a shard's files gone under the reader were called a damaged or unreadable journal. The directory is now
     * another run's, by its run.toml written anew or its lock held, and replay says the journal was replaced.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadNotThatItIsDamaged()
    {
        for (final boolean locked : new boolean[]{ false, true })
        {
            final RunLock[] lock = new RunLock[1];
            final CommandLine commandLine = Main.commandLine();
            ((ReplayCommand)commandLine.getSubcommands().get("replay").getCommand()).beforeReading(() ->
                replace(locked, lock));

            final Cli replay = Cli.runOn(commandLine, "replay", journal.toString(), "--verify");
            if (null != lock[0])
            {
                lock[0].close();
            }

            assertEquals(1, replay.code(), replay.err());
            assertTrue(replay.err().startsWith("concurrengine replay: shard 1: a run started writing " + journal +
                " while it was read" + (locked ? " (pid " + ProcessHandle.current().pid() + ")" : "") +
                ": the journal being read was replaced"), replay.err());
            assertFalse(replay.err().contains("damaged") || replay.err().contains("--salvage"), replay.err());
            Cli.run("run", "--feed", dir.resolve("feed.csv").toString(), "--shards", "2", "--journal",
                journal.toString(), "--no-counters");

            final CommandLine inspectLine = Main.commandLine();
            ((InspectCommand)inspectLine.getSubcommands().get("inspect").getCommand()).beforeReading(() ->
                replace(locked, lock));
            final Cli inspect = Cli.runOn(inspectLine, "inspect", journal.toString());
            if (null != lock[0])
            {
                lock[0].close();
            }

            assertEquals(1, inspect.code(), inspect.err());
            assertTrue(inspect.err().contains("concurrengine inspect: shard 1: a run started writing " + journal +
                " while it was read" + (locked ? " (pid " + ProcessHandle.current().pid() + ")" : "") +
                ": the journal being read was replaced"), inspect.err());
            assertFalse(inspect.err().contains("damaged"), inspect.err());
            Cli.run("run", "--feed", dir.resolve("feed.csv").toString(), "--shards", "2", "--journal",
                journal.toString(), "--no-counters");
        }
    }

    /**
     * A run that starts on the directory makes its shard directories before it writes a cycle file in them: a reader
     * that found shard-1 so called it a damaged journal without a cycle file, and, another shard having said the
     * journal was replaced, said no more of it.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadWhenAShardDirectoryIsTheNewRunsWithoutACycleFile()
    {
        final Runnable swap = () ->
        {
            replace(false, new RunLock[1]); // shard-1 deleted, run.toml written anew
            try
            {
                Files.createDirectory(journal.resolve("shard-1"));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };
        final String replaced = "shard 1: a run started writing " + journal + " while it was read: the journal " +
            "being read was replaced";

        final Cli replay = replayWhile(swap, journal.toString(), "--verify");
        final Cli inspect = inspectWhile(swap, journal.toString());

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertTrue(replay.err().startsWith("concurrengine replay: " + replaced), replay.err());
        assertFalse(replay.err().contains("damaged") || replay.err().contains("--salvage"), replay.err());
        assertEquals(1, inspect.code(), inspect.out() + inspect.err());
        assertTrue(inspect.err().contains("concurrengine inspect: " + replaced), inspect.err());
        assertFalse(inspect.err().contains("damaged"), inspect.err());
    }

    /**
     * So is a shard directory whose only cycle file the new run has made and not yet written its header block in:
     * empty as the file is first created (TRUNCATED at byte 0), or of zeros once sized (MISSING_HEADER, no header
     * block). Both were called a damaged journal.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadWhenAShardsOnlyCycleFileIsTheNewRunsWithoutADocument()
    {
        for (final long length : new long[] {0, 1 << 20})
        {
            final Runnable swap = () ->
            {
                replace(false, new RunLock[1]); // shard-1 deleted, run.toml written anew
                try
                {
                    final Path shard = Files.createDirectory(journal.resolve("shard-1"));
                    try (RandomAccessFile file = new RandomAccessFile(shard.resolve("20261208-03F.cq4").toFile(), "rw"))
                    {
                        file.setLength(length);
                    }
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            };
            final String replaced = "shard 1: a run started writing " + journal + " while it was read: the journal " +
                "being read was replaced";

            final Cli replay = replayWhile(swap, journal.toString(), "--verify");
            final Cli inspect = inspectWhile(swap, journal.toString());

            assertEquals(1, replay.code(), length + ": " + replay.out() + replay.err());
            assertTrue(replay.err().startsWith("concurrengine replay: " + replaced), length + ": " + replay.err());
            assertFalse(replay.err().contains("damaged") || replay.err().contains("--salvage"), replay.err());
            assertEquals(1, inspect.code(), length + ": " + inspect.out() + inspect.err());
            assertTrue(inspect.err().contains("concurrengine inspect: " + replaced), length + ": " + inspect.err());
            assertFalse(inspect.err().contains("damaged"), inspect.err());
        }
    }

    /**
     * A reader that opens a shard after a run started on the directory reads the new run's: of the same feed and
     * configuration it reads without error, and replay said that shards of two runs replay bit for bit, exit 0. Once a
     * read ends the directory is now another run's (its run.toml written anew), and replay, inspect and feed say the
     * journal was replaced, exit 1; replay gives no state hash.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadWhenEveryShardWasReadWithoutError() throws IOException
    {
        final Path other = dir.resolve("other");
        assertEquals(0, Cli.run("run", "--feed", dir.resolve("feed.csv").toString(), "--shards", "2", "--journal",
            other.toString(), "--no-counters").code());
        final Cli before = Cli.run("replay", other.toString(), "--json");
        assertEquals(0, before.code(), before.err());
        assertTrue(before.out().contains("\"replaced\":null"), before.out());
        final Runnable swap = startAnotherRunTakingShard1Of(other);
        final String replaced = "a run started writing " + journal + " while it was read: the journal being read " +
            "was replaced";

        final Cli replay = replayWhile(swap, journal.toString(), "--verify");
        final Cli json = replayWhile(swap, journal.toString(), "--verify", "--json");
        final Cli inspect = inspectWhile(swap, journal.toString());

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertEquals("concurrengine replay: " + replaced + ", so the shards above may be of two runs\n",
            replay.err());
        assertTrue(replay.out().contains("the journal was replaced while it was read, so the run's state is unknown"),
            replay.out());
        assertTrue(replay.out().endsWith("NOT VERIFIED\n"), replay.out());
        assertEquals(1, json.code(), json.err());
        assertTrue(json.out().contains("\"replaced\":\"" + replaced + "\",\"stateTime\":null,\"stateHash\":null," +
            "\"result\":\"not verified\"}"), json.out());
        assertEquals(1, inspect.code(), inspect.err());
        assertTrue(inspect.err().endsWith("concurrengine inspect: " + replaced + ", so the records above may be of " +
            "two runs\n"), inspect.err());
    }

    /**
     * A reader that opens a shard after a run of another configuration started on the directory reads a shard that is
     * not the run's (IDENTITY_MISMATCH: another seed). replay said so and that the journal was replaced, but inspect
     * asked whether it was replaced only when every shard had been read without error: it called the shard damaged,
     * exit 1, without a word of the run that replaced the journal.
     */
    @Test
    void shouldSayARunReplacedTheJournalWhileItWasReadWhenAShardReadIsAnotherRunsOfAnotherConfiguration()
        throws IOException
    {
        final Path other = dir.resolve("other");
        final Path seeded = Files.writeString(dir.resolve("seed-7.toml"), "[run]\nseed = 7\n");
        assertEquals(0, Cli.run("run", "--feed", dir.resolve("feed.csv").toString(), "--shards", "2", "--journal",
            other.toString(), "--no-counters", "--config", seeded.toString()).code());
        final Runnable swap = startAnotherRunTakingShard1Of(other);
        final String replaced = "a run started writing " + journal + " while it was read: the journal being read " +
            "was replaced";

        final Cli replay = replayWhile(swap, journal.toString(), "--verify");
        final Cli inspect = inspectWhile(swap, journal.toString());

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertTrue(replay.err().endsWith("concurrengine replay: " + replaced + ", so the shards above may be of two " +
            "runs\n"), replay.err());
        assertEquals(1, inspect.code(), inspect.err());
        assertTrue(inspect.err().contains("concurrengine inspect: shard 1 "), inspect.err());
        assertTrue(inspect.err().endsWith("concurrengine inspect: " + replaced + ", so the records above may be of " +
            "two runs\n"), inspect.err());
    }

    /**
     * inspect looked at run.lock twice, as the read began and again to decide whether the journal is being written:
     * a run that took the lock between them made it say the journal it read was one being written ("showing what is
     * complete so far") where it was the finished one it had observed. It asks what it observed as the read began, as
     * replay and feed --journal do, and says the journal was replaced.
     */
    @Test
    void shouldInspectAsTheJournalWasAsTheReadBeganWhenARunTakesItsLockAfterwards()
    {
        final RunLock[] lock = new RunLock[1];
        final CommandLine inspectLine = Main.commandLine();
        ((InspectCommand)inspectLine.getSubcommands().get("inspect").getCommand()).afterObserving(() ->
        {
            try
            {
                lock[0] = RunLock.acquire(journal, RunLock.FILE);
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
        final Cli inspect = Cli.runOn(inspectLine, "inspect", journal.toString());
        lock[0].close();

        assertEquals(1, inspect.code(), inspect.err());
        assertFalse(inspect.err().contains("showing what is complete so far"), inspect.err());
        assertFalse(inspect.out().contains("still being written"), inspect.out());
        assertTrue(inspect.err().endsWith("concurrengine inspect: a run started writing " + journal + " while it " +
            "was read (pid " + ProcessHandle.current().pid() + "): the journal being read was replaced, so the " +
            "records above may be of two runs\n"), inspect.err());
    }

    /**
     * @return a hook that does as a run started on the journal does, whose shard-1 a reader then opens: run.toml
     * written anew, and shard-1 that of {@code other}, another run's journal.
     */
    private Runnable startAnotherRunTakingShard1Of(final Path other)
    {
        return () ->
        {
            try
            {
                replace(false, new RunLock[1]); // shard-1 deleted, run.toml written anew
                copy(other.resolve("shard-1"), journal.resolve("shard-1"));
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        };
    }

    /**
     * @return {@code replay} with {@code args}, {@code beforeReading} run once it has read run.toml.
     */
    private static Cli replayWhile(final Runnable beforeReading, final String... args)
    {
        final CommandLine commandLine = Main.commandLine();
        ((ReplayCommand)commandLine.getSubcommands().get("replay").getCommand()).beforeReading(beforeReading);
        return Cli.runOn(commandLine, Stream.concat(Stream.of("replay"), Stream.of(args)).toArray(String[]::new));
    }

    /**
     * @return {@code inspect} with {@code args}, {@code beforeReading} run once it has read run.toml.
     */
    private static Cli inspectWhile(final Runnable beforeReading, final String... args)
    {
        final CommandLine commandLine = Main.commandLine();
        ((InspectCommand)commandLine.getSubcommands().get("inspect").getCommand()).beforeReading(beforeReading);
        return Cli.runOn(commandLine, Stream.concat(Stream.of("inspect"), Stream.of(args)).toArray(String[]::new));
    }

    /**
     * As a run that starts writing the journal does: shard-1 gone, and run.lock taken or run.toml written anew.
     */
    private void replace(final boolean locked, final RunLock[] lock)
    {
        try
        {
            deleteTree(journal.resolve("shard-1"));
            if (locked)
            {
                lock[0] = RunLock.acquire(journal, RunLock.FILE);
            }
            else
            {
                final Path runToml = journal.resolve("run.toml");
                final Path written = Files.writeString(dir.resolve("run.toml.new"), Files.readString(runToml) + "\n");
                Files.move(written, runToml, StandardCopyOption.REPLACE_EXISTING);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> files = Files.walk(root))
        {
            for (final Path file : files.sorted(Comparator.reverseOrder()).toArray(Path[]::new))
            {
                Files.delete(file);
            }
        }
    }

    @Test
    void shouldSayNothingOfTheRunsOwnShards()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(0, replay.code(), replay.err());
        assertEquals("", replay.err());
    }

    @Test
    void shouldNameAnEmptyRunTomlInsteadOfCallingEveryShardAnotherConfigurationsJournal() throws IOException
    {
        final Path runToml = journal.resolve("run.toml");
        Files.write(runToml, new byte[0]); // created, its data never written: what a crash before write-back leaves

        for (final String command : new String[] {"replay", "inspect"})
        {
            final Cli cli = Cli.run(command, journal.toString());

            assertEquals(2, cli.code(), cli.err());
            assertTrue(cli.err().contains("concurrengine " + command + ": " + runToml + ": (file): it is empty: the " +
                "run's configuration did not reach the disk"), cli.err());
            assertFalse(cli.err().contains("IDENTITY_MISMATCH"), cli.err());
        }
    }

    /**
     * A shard's directory given as the journal directory: the commands said only that its run.toml is missing. They
     * name the journal directory it belongs to; a directory of that name without a run.toml beside it is not named so.
     */
    @Test
    void shouldNameTheJournalDirectoryWhenGivenAShardDirectory() throws IOException
    {
        final Path shard = journal.resolve("shard-1");
        for (final String[] args : new String[][]{ { "replay", shard.toString() }, { "inspect", shard.toString() },
            { "feed", "--journal", shard.toString(), "--out", dir.resolve("f.csv").toString() } })
        {
            final Cli cli = Cli.run(args);

            assertEquals(2, cli.code(), String.join(" ", args) + ": " + cli.err());
            assertTrue(cli.err().contains("concurrengine " + args[0] + ": " + shard + ": run.toml: not a run's " +
                "journal directory: " + shard.resolve("run.toml") + " is missing; it looks like shard 1's directory " +
                "of the journal at " + journal + " (which holds run.toml): give " + journal + " (inspect and replay " +
                "read this shard alone with --shard 1)"), cli.err());
        }
        final Path lone = Files.createDirectories(dir.resolve("other").resolve("shard-0"));
        final Cli cli = Cli.run("inspect", lone.toString());
        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains(lone.resolve("run.toml") + " is missing" + System.lineSeparator()), cli.err());
    }

    /**
     * A shard directory beside the journal that is not one of its run's shards (one copied in, which the commands name
     * as not read) was named as that shard's directory of the journal, to read with --shard N, which the journal
     * refuses: it is named as not one of its shards.
     */
    @Test
    void shouldNotNameAShardDirectoryThatIsNotOneOfTheRunsAsItsShard() throws IOException
    {
        copy(journal.resolve("shard-1"), journal.resolve("shard-5"));
        final Path stray = journal.resolve("shard-5");

        final Cli cli = Cli.run("inspect", stray.toString());

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains(stray.resolve("run.toml") + " is missing; it is not one of the shards of the " +
            "journal at " + journal + " (its run.toml has 2 shards, shard-0 to shard-1)" + System.lineSeparator()),
            cli.err());
        assertFalse(cli.err().contains("--shard 5"), cli.err());
    }

    /**
     * So is the shard's directory given as {@code .} by a command run inside it: its name was taken from the path as
     * given, which names no directory, and nothing was said of the journal it belongs to.
     */
    @Test
    void shouldNameTheJournalDirectoryWhenGivenAShardDirectoryAsTheWorkingDirectory() throws Exception
    {
        final Path shard = journal.resolve("shard-1");

        final Cli cli = Cli.forkIn(shard, dir, "64m", "inspect", ".");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("concurrengine inspect: .: run.toml: not a run's journal directory: " +
            Path.of(".", "run.toml") + " is missing; it looks like shard 1's directory of the journal at " + journal +
            " (which holds run.toml): give " + journal + " (inspect and replay read this shard alone with --shard 1)"),
            cli.err());
    }

    @Test
    void shouldSayARunTomlThatIsADirectoryIsOneInsteadOfMissing() throws IOException
    {
        final Path runToml = journal.resolve("run.toml");
        Files.delete(runToml);
        Files.createDirectory(runToml);

        for (final String command : new String[] {"replay", "inspect"})
        {
            final Cli cli = Cli.run(command, journal.toString());

            assertEquals(2, cli.code(), cli.err());
            assertTrue(cli.err().contains("concurrengine " + command + ": " + runToml + ": (file): it is a " +
                "directory, not the configuration file a run writes there"), cli.err());
        }
    }

    @Test
    void shouldSayARunTomlThatIsANamedPipeIsNotARegularFileWithoutOpeningIt() throws Exception
    {
        final Path runToml = journal.resolve("run.toml");
        Files.delete(runToml);
        assertEquals(0, new ProcessBuilder("mkfifo", runToml.toString()).start().waitFor());

        for (final String command : new String[] {"replay", "inspect"})
        {
            // opening the pipe would wait for a writer that never comes
            final Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> Cli.run(command, journal.toString()));

            assertEquals(2, cli.code(), cli.err());
            assertTrue(cli.err().contains("concurrengine " + command + ": " + runToml + ": (file): it is not a " +
                "regular file (it is a named pipe), so not the configuration file a run writes there; not opened"),
                cli.err());
        }
    }

    /**
     * A named pipe where the run's lock file goes (no run makes one, and run refuses it) is never opened: replay,
     * inspect and feed --journal opened it to see whether a run holds it and waited for ever for a writer of the pipe.
     * No run holds it: they read the journal as finished.
     */
    @Test
    void shouldReadAJournalWhoseRunLockIsANamedPipeWithoutOpeningIt() throws Exception
    {
        final Path runLock = journal.resolve("run.lock");
        Files.delete(runLock);
        assertEquals(0, new ProcessBuilder("mkfifo", runLock.toString()).start().waitFor());
        final String inputs = dir.resolve("inputs.csv").toString();

        for (final String[] args : new String[][] {{"replay", journal.toString(), "--verify"},
            {"inspect", journal.toString()}, {"feed", "--journal", journal.toString(), "--out", inputs}})
        {
            final Cli cli = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run(args));

            assertEquals(0, cli.code(), String.join(" ", args) + ": " + cli.err());
        }
        final Cli run = assertTimeoutPreemptively(Duration.ofSeconds(60), () -> Cli.run("run", "--events", "1000",
            "--journal", journal.toString(), "--no-counters"));
        assertEquals(2, run.code(), run.err());
        assertTrue(run.err().contains("concurrengine run: journal dir " + journal + " cannot be used: it is a named " +
            "pipe, not a lock file; not opened: " + runLock), run.err());
    }

    /**
     * A --shard beyond an int was refused with an int's range ("expected an integer from -2147483648 to
     * 2147483647"), as if -5 were a shard to ask for, where any other shard the journal has not is refused naming its
     * shards; and a --threads beyond an int with that range, where any other above the shards replays them all at once.
     */
    @Test
    void shouldNameTheJournalsShardsForAShardBeyondAnInt()
    {
        for (final String shard : new String[] {"2147483648", "-2147483649", "9223372036854775807"})
        {
            for (final String command : new String[] {"replay", "inspect"})
            {
                final Cli cli = Cli.run(command, journal.toString(), "--shard", shard);

                assertEquals(2, cli.code(), cli.out());
                assertTrue(cli.err().contains("concurrengine " + command + ": --shard " + shard + ": the journal in " +
                    journal + " has 2 shards, 0 to 1"), cli.err());
            }
        }
        final Cli threads = Cli.run("replay", journal.toString(), "--verify", "--threads", "2147483648");
        assertEquals(0, threads.code(), threads.err());
        assertTrue(threads.out().contains(" on 2 threads "), threads.out());
    }

    @Test
    void shouldReplayAJournalWhoseRunTomlGotCrLfLineEndings() throws IOException
    {
        // copied through a tool that converts a text file's line endings: the same configuration
        final Path runToml = journal.resolve("run.toml");
        Files.writeString(runToml, Files.readString(runToml).replace("\n", "\r\n"));

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");
        final Cli inspect = Cli.run("inspect", journal.toString(), "--type", "header");

        assertEquals(0, replay.code(), replay.err());
        assertEquals(0, inspect.code(), inspect.err());
    }

    @Test
    void shouldSayAShardsModelDoesNotFitTheHeapInsteadOfAStackTrace() throws Exception
    {
        // a market model's order pool (sized for the feed's 2^18 live orders) needs more than 32 MiB
        final Cli cli = Cli.fork(dir, "32m", "replay", journal.toString(), "--threads", "1");

        assertEquals(1, cli.code(), cli.err());
        assertTrue(cli.err().contains("concurrengine replay: shard 0: out of memory (Java heap space) for its wheel " +
            "and market model (engine.wheel_slots=32768, market.instruments=4096 in the run's configuration) in this " +
            "JVM's "), cli.err());
        assertTrue(cli.err().contains("raise the heap (-Xmx)") && !cli.err().contains("\tat "), cli.err());
        assertFalse(cli.err().contains("--threads"), "one thread: fewer at once would not help; " + cli.err());
        assertTrue(cli.out().contains(" on 1 thread (0 events/s); not replayed: shards 0, 1 (above), so the run's " +
            "state is unknown"), cli.out());
        assertTrue(cli.out().endsWith("NOT VERIFIED" + System.lineSeparator()), cli.out());
    }

    @Test
    void shouldSuggestFewerThreadsWhenShardsReplayedAtOnceDoNotFitTheHeap() throws Exception
    {
        final Cli cli = Cli.fork(dir, "32m", "replay", journal.toString(), "--threads", "2", "--verify");

        assertEquals(1, cli.code(), cli.err());
        for (final int shard : new int[] {0, 1})
        {
            assertTrue(cli.err().contains("concurrengine replay: shard " + shard + ": out of memory (Java heap space) " +
                "for its wheel and market model"), cli.err());
        }
        assertTrue(cli.err().contains("; raise the heap (-Xmx) or replay fewer shards at once (--threads)"),
            cli.err());
        assertTrue(cli.out().contains(" on 2 threads (0 events/s); not replayed: shards 0, 1 (above)"), cli.out());
    }

    @Test
    void shouldReplayOnlyTheShardAskedFor()
    {
        for (final int shard : new int[] {0, 1})
        {
            final Cli replay = Cli.run("replay", journal.toString(), "--verify", "--shard", String.valueOf(shard),
                "--json");

            assertEquals(0, replay.code(), replay.err());
            final Map<String, Object> json = MiniJson.object(MiniJson.parse(replay.out()));
            final List<Object> shards = MiniJson.array(json.get("shards"));
            assertEquals(1, shards.size(), replay.out());
            assertEquals((long)shard, ((Number)MiniJson.object(shards.get(0)).get("shard")).longValue());
            assertEquals(null, json.get("stateHash"), "one shard's hash is not the run's");
            assertEquals("verified", json.get("result"));
        }
    }

    /**
     * One thread and time 0 are the ends of their ranges: taken, not refused. The replay's time is its own, in
     * seconds: more than nothing, and no more than the command took.
     */
    @Test
    void shouldTakeOneThreadAndTimeZeroAndTimeItself()
    {
        final long start = System.nanoTime();
        final Cli replay = Cli.run("replay", journal.toString(), "--verify", "--threads", "1", "--until", "0",
            "--json");
        final double wallSeconds = (System.nanoTime() - start) / 1e9;

        assertEquals(0, replay.code(), replay.err());
        final Map<String, Object> json = MiniJson.object(MiniJson.parse(replay.out()));
        assertEquals(1L, ((Number)json.get("threads")).longValue());
        assertEquals(0L, ((Number)json.get("until")).longValue());
        final double elapsed = ((Number)json.get("elapsedSeconds")).doubleValue();
        assertTrue(elapsed > 0 && elapsed <= wallSeconds, elapsed + " s of " + wallSeconds);
    }

    @Test
    void shouldNameStrayShardDirectoriesInOrder() throws IOException
    {
        for (int stray = 9; stray >= 2; stray--)
        {
            Files.createDirectory(journal.resolve("shard-" + stray));
        }

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(0, replay.code(), replay.err());
        final StringBuilder strays = new StringBuilder();
        for (int stray = 2; stray <= 9; stray++)
        {
            strays.append(stray == 2 ? "" : ", ").append(journal.resolve("shard-" + stray));
        }
        assertTrue(replay.err().contains("concurrengine replay: " + strays + " are not shards of this run (its " +
            "run.toml has 2 shards, shard-0 to shard-1): not read"), replay.err());
    }

    private Path emptyJournal() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("empty.csv"), "");
        final Path empty = dir.resolve("empty-journal");
        final Cli run = Cli.run("run", "--feed", feed.toString(), "--shards", "2", "--journal", empty.toString(),
            "--no-counters");
        assertEquals(0, run.code(), run.err());
        return empty;
    }

    private static void copy(final Path from, final Path to) throws IOException
    {
        try (Stream<Path> walk = Files.walk(from))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                Files.copy(path, to.resolve(from.relativize(path).toString()));
            }
        }
    }
}
