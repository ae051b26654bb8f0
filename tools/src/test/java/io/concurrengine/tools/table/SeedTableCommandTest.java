package io.concurrengine.tools.table;

import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunEngineFactory;
import io.concurrengine.tools.run.RunLock;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SeedTableCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAPacedRateBelowOneBeforeTheBurst()
    {
        // The default burst is 20,000,000 inputs: refused up front, nothing runs.
        for (final String rate : List.of("0", "-3", "0.5", "max"))
        {
            assertRefused("--paced-rate " + rate + ": ", "--paced-rate", rate);
        }
        final String err = assertRefused("--paced-rate lots: expected inputs per second, e.g. 500000, 500k or 1e6",
            "--paced-rate", "lots");
        assertFalse(err.contains("max"), err);
        // below 0 with a suffix, which the configuration's parser does not read as a number: not "expected ..."
        assertRefused("--paced-rate -1k: the paced run needs a rate of at least 1 input per second",
            "--paced-rate", "-1k");
        assertRefused("--paced-rate -lots: expected inputs per second", "--paced-rate", "-lots");
        assertRefused("--events: expected a count such as", "--events", "-lots");
    }

    @Test
    void shouldRefuseAPacedDurationItCannotRunNamingItsOwnFlag()
    {
        assertRefusedNamingTheFlag("--paced-duration: ", "--paced-duration", "run.duration",
            "0s", "-1s", "0", "soon", "25h");
        // a capital M's hint names a count flag of the benchmark's own, not sim's --iterations
        final String million = assertRefused("--paced-duration: '10M' is not a duration: M is a million in a count " +
            "such as --events 1M; write 10m for minutes", "--paced-duration", "10M");
        assertFalse(million.contains("--iterations"), million);
        // text that is no duration, in --warmup's words: it was "'x' is not a duration (e.g. 300s, 30m, 1500ms)"
        final String notADuration = "expected a duration such as \"10s\", \"500ms\", \"5m\" or \"1h\", found \"x\"";
        assertRefused("--paced-duration: " + notADuration, "--paced-duration", "x");
        assertRefused("--warmup: " + notADuration, "--warmup", "x");
        // above 0 and under 1ns, as run's --warmup says: it was "'0.1ns' must be between 0 and 24h", which it is
        for (final String tiny : List.of("0.1ns", "1e-400h"))
        {
            assertRefused("--warmup: a duration above 0 is at least 1ns (0s means none), found \"" + tiny + "\"",
                "--warmup", tiny);
        }
    }

    @Test
    void shouldRefuseAnEmptyBurst()
    {
        final String err = assertRefused("--events 0: ", "--events", "0");
        assertFalse(err.contains("run.events"), err);
        assertRefused("--events 0k: ", "--events", "0k");
        // below 0 with a suffix, which the plain-number check does not read: not run.events' range, [0, ...]
        final String negative = assertRefused("--events -1k: the max-rate burst needs at least 1 input", "--events",
            "-1k");
        assertFalse(negative.contains("[0,"), negative);
        assertRefused("--events: must be a whole number", "--events", "1.5");
        assertRefused("--events: expected a count such as", "--events", "lots");
        // beyond 64 bits: the bound passed, not the run's [0, ...], whose 0 the burst refuses
        final String huge = assertRefused("--events: must be at most " + Long.MAX_VALUE + ", found \"1e30\"",
            "--events", "1e30");
        assertFalse(huge.contains("[0,"), huge);
    }

    @Test
    void shouldRefuseAPacedRateBeyondWhatTheFeedCanScheduleSayingWhy()
    {
        for (final String rate : List.of("1e30", "2000M"))
        {
            // the run's range, [1e-6, 1e9], where the paced run refuses anything below 1
            final String err = assertRefused("--paced-rate " + rate + ": must be in [1, 1e9] inputs per second",
                "--paced-rate", rate);
            assertFalse(err.contains("1e-6"), err);
        }
    }

    @Test
    void shouldRefuseAWarmUpItCannotRunNamingItsOwnFlag()
    {
        assertRefusedNamingTheFlag("--warmup: ", "--warmup", "run.warmup", "-1s", "soon");
    }

    @Test
    void shouldGiveThePacedRunsLengthInTheLargestUnitThatWritesItWhole()
    {
        assertEquals("1ms", SeedTableCommand.duration(1));
        assertEquals("1500ms", SeedTableCommand.duration(1500));
        assertEquals("30s", SeedTableCommand.duration(30_000));
        assertEquals("90s", SeedTableCommand.duration(90_000));
        assertEquals("5m", SeedTableCommand.duration(300_000));
        assertEquals("24h", SeedTableCommand.duration(24 * 3_600_000L));
    }

    @Test
    void shouldSayHowTheBurstWasWarmedUp()
    {
        assertEquals("max-rate burst of 1 input, 1 event dispatched, no warm-up (--warmup 0): the JIT compiled the " +
            "paths during the burst", SeedTableCommand.burst(1, 1, 0));
        assertTrue(SeedTableCommand.burst(20_000, 20_512, 0).startsWith("max-rate burst of 20,000 inputs, 20,512 " +
            "events dispatched, "));
        assertEquals("after a 5 s warm-up (a throwaway engine on the same flow, flat out, so the JIT had compiled it)",
            SeedTableCommand.warmedUp(5_000_000_000L));
        assertEquals("after a 0.25 s warm-up (a throwaway engine on the same flow, flat out, so the JIT had " +
            "compiled it)", SeedTableCommand.warmedUp(250_000_000L));
        assertEquals("no warm-up (--warmup 0): the JIT compiled the paths during the burst",
            SeedTableCommand.warmedUp(0));
    }

    @Test
    void shouldNameTheShardsFlagWhenTheConfigurationRefusesIt()
    {
        assertRefusedNamingTheFlag("--shards: must be in [1, ", "--shards", "engine.shards", "0", "2000");
        // as run's --shards: the range, not an int's, and no usage text after the line
        assertEquals("concurrengine benchmark: --shards: must be in [1, 1024], found 2147483648" +
            System.lineSeparator(), assertRefused("--shards: ", "--shards", "2147483648"));
        assertEquals("concurrengine benchmark: --shards: expected an integer, found \"two\"" +
            System.lineSeparator(), assertRefused("--shards: ", "--shards", "two"));
    }

    /**
     * The paced run's timing wheels grow with its rate: 16 shards at 1e9 inputs/s need some 23 GB of direct memory,
     * more than a test JVM has (a JVM whose direct memory fits them skips the test). Refused before anything runs or
     * is written, naming the benchmark's flags, not after the burst had run and replaced {@code DIR/burst}, as at the
     * paced run's own start before.
     */
    @Test
    void shouldRefuseAPacedRunWhoseTimingWheelsDoNotFitBeforeTheBurst()
    {
        final EngineConfig paced = new ConfigLoader().load(null, Map.of(), Map.of("engine.shards", "16", "run.rate",
            "1e9", "run.duration", "1ms"));
        assumeTrue(null != RunEngineFactory.checkMemory(paced), "this JVM's direct memory fits the wheels");

        final String err = assertRefused("engine.wheel_capacity=65536 (embedded default-engine.toml:20:1) with 16 " +
            "shards (engine.shards, flag --shards) needs ", "--events", "2k",
            "--warmup", "0", "--paced-duration", "1ms", "--paced-rate", "1e9", "--shards", "16");
        assertTrue(err.contains("; lower --paced-rate (the expiries pending at once grow with it) or raise the limit"),
            err);
    }

    @Test
    void shouldRefuseADirectoryItCannotCreateBeforeAnyRun() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-duration", "1s", "--dir",
            file.resolve("sub").toString()), err.toString());
        assertEquals("concurrengine benchmark: --dir " + file.resolve("sub") + " cannot be used: " + file +
            " is a file, not a directory, in the path " + file.resolve("sub"), err.toString().strip());
        assertFalse(err.toString().contains(" run ..."), "no run started: " + err);
        assertEquals("", out.toString());
    }

    @Test
    void shouldRefuseAnEmptyDirectoryRatherThanJournalInTheWorkingDirectory()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--warmup", "0", "--dir", ""), err.toString());
        assertEquals("concurrengine benchmark: --dir: expected a directory, found an empty string" +
            System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
    }

    /**
     * {@code --warmup} went to 1281023h, the configuration's bound, worded otherwise than {@code --paced-duration}'s.
     */
    @Test
    void shouldBoundTheWarmUpAsThePacedDurationIsInTheSameWords()
    {
        for (final String[] refused : new String[][] {
            {"--paced-duration", "25h", "'25h' must be between 1ms and 24h"},
            // first those the configuration refused in its own words: without the bound, 25h would be run
            {"--warmup", "1281024h", "'1281024h' must be between 0 and 24h"},
            {"--warmup", "-1s", "'-1s' must be between 0 and 24h"},
            {"--warmup", "25h", "'25h' must be between 0 and 24h"},
            {"--warmup", "1281023h", "'1281023h' must be between 0 and 24h"}})
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, "--events", "1000", "--dir", dir.resolve("b").toString(), refused[0],
                refused[1]), err.toString());
            assertEquals("concurrengine benchmark: " + refused[0] + ": " + refused[2] + System.lineSeparator(),
                err.toString());
            assertEquals("", out.toString());
        }
        assertFalse(Files.exists(dir.resolve("b")), "nothing run or written");
    }

    @Test
    void shouldSayWhatADirectoryThatIsANamedPipeIs() throws IOException, InterruptedException
    {
        // it read only "--dir d cannot be used: d already exists"
        final Path pipe = dir.resolve("d");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "--events", "1000", "--paced-duration", "1s", "--dir",
            pipe.toString()), err.toString());
        assertEquals("concurrengine benchmark: --dir " + pipe + " cannot be used: " + pipe +
            " is a named pipe, not a directory" + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldPrintADirectoryItCannotCreateWithItsControlCharactersEscaped() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a\nFORGED\u001b[2K"), "not a directory");
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "--events", "1000", "--paced-duration", "1s", "--dir",
            file.resolve("sub").toString()), err.toString());
        final String printed = dir + "/a\\nFORGED\\x1b[2K";
        assertEquals("concurrengine benchmark: --dir " + printed + "/sub cannot be used: " + printed +
            " is a file, not a directory, in the path " + printed + "/sub" + System.lineSeparator(), err.toString());
    }

    @Test
    void shouldStopAtTheFirstRunThatRefusesToStart() throws IOException
    {
        final Path benchmark = Files.createDirectories(dir.resolve("benchmark"));
        Files.writeString(benchmark.resolve("burst"), "a file where the burst's journal would go");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--dir", benchmark.toString()), err.toString());
        final String text = err.toString();
        assertEquals(text.indexOf("is a file, not a directory"), text.lastIndexOf("is a file, not a directory"),
            "refused once: " + text);
        assertTrue(text.contains("concurrengine benchmark: journal"), "the command that ran is named: " + text);
        assertFalse(text.contains("concurrengine run:"), text);
        assertFalse(text.contains("paced run ..."), "the paced run is not tried: " + text);
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("paced")), text);
    }

    @Test
    void shouldRefuseThePacedRunsJournalDirectoryBeforeTheBurstNamingItsOwnFlag() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path stray = Files.writeString(Files.createDirectories(benchmark.resolve("paced")).resolve("notes.txt"),
            "no run wrote this");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--warmup", "0", "--dir", benchmark.toString()), err.toString());
        // was the burst run first, then this refusal, naming run's --journal DIR
        assertEquals("concurrengine benchmark: journal dir " + benchmark.resolve("paced") + " holds files that no " +
            "earlier run wrote; choose another --dir DIR or empty it" + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
        assertEquals("no run wrote this", Files.readString(stray));
    }

    /**
     * A named pipe in place of the paced run's lock file, which no run opens, is refused before the burst, not by the
     * paced run once the burst has run.
     */
    @Test
    void shouldRefuseANamedPipeAsThePacedRunsLockFileBeforeTheBurst() throws IOException, InterruptedException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path runLock = Files.createDirectories(benchmark.resolve("paced")).resolve("run.lock");
        assertEquals(0, new ProcessBuilder("mkfifo", runLock.toString()).start().waitFor());
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--warmup", "0", "--dir", benchmark.toString()), err.toString());
        assertEquals("concurrengine benchmark: journal dir " + benchmark.resolve("paced") + " cannot be used: it is " +
            "a named pipe, not a lock file; not opened: " + runLock + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
    }

    /**
     * Anything but a file in place of the paced run's lock file, which the run could not lock as it starts, is refused
     * before the burst.
     */
    @Test
    void shouldRefuseWhatIsNotALockFileAsThePacedRunsLockFileBeforeTheBurst() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path runLock = benchmark.resolve("paced").resolve("run.lock");
        final Map<String, Runnable> kinds = new LinkedHashMap<>();
        kinds.put("a directory", () -> createDirectories(runLock));
        kinds.put("a symbolic link", () -> createLink(runLock, dir.resolve("missing").resolve("run.lock")));
        for (final Map.Entry<String, Runnable> kind : kinds.entrySet())
        {
            kind.getValue().run();
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
                "--warmup", "0", "--dir", benchmark.toString()), err.toString());
            assertEquals("concurrengine benchmark: journal dir " + benchmark.resolve("paced") + " holds run.lock, " +
                "which is " + kind.getKey() + ", not a run's lock file; choose another --dir DIR or move it" +
                System.lineSeparator(), err.toString());
            assertEquals("", out.toString());
            assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
            Files.delete(runLock);
        }
    }

    /**
     * A lock file is truncated and given the pid of the process that locks it: a symbolic link in its place, to a
     * file of someone else's, is refused, the paced run's before the burst, and the file it links to left whole.
     */
    @Test
    void shouldRefuseALinkAsALockFileLeavingTheFileItLinksToAsItWas() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path notes = Files.writeString(dir.resolve("notes.txt"), "someone's notes");
        final Path pacedLock = benchmark.resolve("paced").resolve("run.lock");
        createLink(pacedLock, notes);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--warmup", "0", "--dir", benchmark.toString()), err.toString());
        assertEquals("concurrengine benchmark: journal dir " + benchmark.resolve("paced") + " holds run.lock, which " +
            "is a symbolic link, not a run's lock file; choose another --dir DIR or move it" + System.lineSeparator(),
            err.toString());
        Files.delete(pacedLock);

        final Path benchmarkLock = benchmark.resolve(SeedTableCommand.LOCK_FILE);
        Files.delete(benchmarkLock); // the refused benchmark's, left empty
        createLink(benchmarkLock, notes);
        final StringWriter err2 = new StringWriter();
        assertEquals(2, execute(out, err2, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
            "--warmup", "0", "--dir", benchmark.toString()), err2.toString());
        assertEquals("concurrengine benchmark: --dir " + benchmark + " cannot be used: it is a symbolic link, not a " +
            "lock file; not opened: " + benchmarkLock + System.lineSeparator(), err2.toString());
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
        assertEquals("someone's notes", Files.readString(notes));
    }

    private static void createDirectories(final Path directory)
    {
        try
        {
            Files.createDirectories(directory);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    private static void createLink(final Path link, final Path target)
    {
        try
        {
            Files.createDirectories(link.getParent());
            Files.createSymbolicLink(link, target);
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }

    /**
     * A second benchmark on a directory another is writing (here, its lock held in this JVM) is refused before it
     * runs anything: it would replace the first one's journals between its runs, and leave a table beside journals
     * of another benchmark.
     */
    @Test
    void shouldRefuseADirectoryAnotherBenchmarkIsWritingBeforeAnyRun() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunLock other = RunLock.acquire(benchmark, SeedTableCommand.LOCK_FILE);
        try
        {
            assertEquals(2, execute(out, err, "--events", "1000", "--paced-rate", "1000", "--paced-duration", "1s",
                "--warmup", "0", "--dir", benchmark.toString()), err.toString());
        }
        finally
        {
            other.close();
        }
        assertEquals("concurrengine benchmark: --dir " + benchmark + " is being written by a benchmark in progress " +
            "(pid " + ProcessHandle.current().pid() + "); wait for it to end or choose another --dir DIR" +
            System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
        assertFalse(Files.exists(benchmark.resolve("paced")), "the paced run did not run");
    }

    /**
     * Ctrl-C or SIGTERM (its hook asks the command to stop, here before it runs): no run starts, the benchmark says it
     * was stopped and writes no table, and the journal directory is as it was.
     */
    @Test
    void shouldRunNothingMoreAndWriteNoTableWhenStopped()
    {
        final Path benchmark = dir.resolve("benchmark");
        final SeedTableCommand command = new SeedTableCommand();
        command.requestStop();
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertEquals(0, execute(command, out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration",
            "300ms", "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertEquals("", out.toString());
        assertTrue(err.toString().contains("concurrengine benchmark: stopped before it started: nothing was run"),
            err.toString());
        assertTrue(err.toString().endsWith("concurrengine benchmark: stopped by a signal before the burst run: no " +
            "table written; " + benchmark.resolve("benchmark-table.md") + ", if there is one, is an earlier " +
            "benchmark's\n"), err.toString());
        assertFalse(err.toString().contains("paced run ..."), err.toString());
        assertFalse(Files.exists(benchmark.resolve("benchmark-table.md")));
        assertFalse(Files.exists(benchmark.resolve("burst").resolve("run.toml")), "no run journaled");
    }

    /**
     * The paced run refused once the burst has replaced {@code DIR/burst}: the benchmark says that it wrote no table
     * and that {@code DIR/burst} is its own, {@code DIR/paced} and the table an earlier benchmark's.
     */
    @Test
    void shouldSayWhoseJournalsItLeavesWhenThePacedRunIsRefusedAfterTheBurst() throws IOException
    {
        final Path benchmark = Files.createDirectories(dir.resolve("benchmark"));
        final Path tableFile = Files.writeString(benchmark.resolve("benchmark-table.md"), "an earlier table\n");
        final SeedTableCommand command = new SeedTableCommand();
        command.beforePaced(() ->
        {
            try
            {
                Files.writeString(Files.createDirectories(benchmark.resolve("paced")).resolve("notes.txt"), "stray");
            }
            catch (final IOException ex)
            {
                throw new UncheckedIOException(ex);
            }
        });
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertEquals(2, execute(command, out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration",
            "300ms", "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertEquals("", out.toString());
        assertTrue(err.toString().endsWith("concurrengine benchmark: the paced run was refused: no table written; " +
            benchmark.resolve("burst") + " is this benchmark's burst's journal; " + benchmark.resolve("paced") +
            " and " + tableFile + ", if there are, are an earlier benchmark's" + System.lineSeparator()),
            err.toString());
        assertEquals("an earlier table\n", Files.readString(tableFile));
        assertTrue(Files.exists(benchmark.resolve("burst").resolve("run.toml")), err.toString());
    }

    /**
     * A {@code --dir} that is, or is in, a run's journal directory: refused before anything is written, as soak's
     * {@code --report} there is, since the next run there would move the benchmark's journals and table away with the
     * journal (and this benchmark's files would make it refuse the directory).
     */
    @Test
    void shouldRefuseADirectoryInARunsJournalDirectoryBeforeAnyRun() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve("run.toml"), "[engine]\nshards = 1\n");
        Files.createDirectories(journal.resolve("shard-0"));
        for (final Path benchmark : List.of(journal, journal.resolve("bench")))
        {
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();
            assertEquals(2, execute(out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration", "300ms",
                "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
            assertEquals("concurrengine benchmark: --dir " + benchmark + " is " + (benchmark == journal ? "" : "in ") +
                "the journal dir " + journal + " of a run, which each run replaces: choose a --dir DIR outside it" +
                System.lineSeparator(), err.toString());
            assertEquals("", out.toString());
        }
        try (var entries = Files.list(journal))
        {
            assertEquals(List.of("run.toml", "shard-0"), entries.map(entry -> entry.getFileName().toString()).sorted()
                .toList(), "nothing written there");
        }
    }

    /**
     * The heap running out after the burst replaced {@code DIR/burst} (a run that fits under {@code -Xmx} alone, and
     * not twice): main reports it, and the benchmark first says what it leaves, as it does for a run that failed.
     */
    @Test
    void shouldSayWhoseJournalsItLeavesWhenTheHeapRunsOutAfterTheBurst()
    {
        final Path benchmark = dir.resolve("benchmark");
        final SeedTableCommand command = new SeedTableCommand();
        command.beforePaced(() ->
        {
            throw new OutOfMemoryError("Java heap space");
        });
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertThrows(OutOfMemoryError.class, () -> execute(command, out, err, "--events", "20k", "--paced-rate",
            "2e3", "--paced-duration", "300ms", "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()));
        assertTrue(err.toString().endsWith("concurrengine benchmark: the paced run failed: no table written; " +
            benchmark.resolve("burst") + " is this benchmark's burst's journal; " + benchmark.resolve("paced") +
            " and " + benchmark.resolve("benchmark-table.md") + ", if there are, are an earlier benchmark's" +
            System.lineSeparator()), err.toString());
    }

    /**
     * A signal once the burst had completed whole, before the paced run, was said to come "during the burst run"; one
     * before the paced run's engine started, "during the paced run".
     */
    @Test
    void shouldSayASignalBetweenTheRunsCameAfterTheBurstOrBeforeThePacedRun()
    {
        final Path benchmark = dir.resolve("benchmark");
        final String leftBehind = ": no table written; " + benchmark.resolve("burst") + " is this benchmark's burst's " +
            "journal; " + benchmark.resolve("paced") + " and " + benchmark.resolve("benchmark-table.md") + ", if " +
            "there are, are an earlier benchmark's" + System.lineSeparator();
        for (final boolean afterBurst : new boolean[] {true, false})
        {
            final SeedTableCommand command = new SeedTableCommand();
            if (afterBurst)
            {
                command.afterBurst(command::requestStop);
            }
            else
            {
                command.beforePaced(command::requestStop);
            }
            final StringWriter out = new StringWriter();
            final StringWriter err = new StringWriter();

            assertEquals(0, execute(command, out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration",
                "300ms", "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
            assertEquals("", out.toString());
            assertTrue(err.toString().endsWith("concurrengine benchmark: stopped by a signal " +
                (afterBurst ? "after the burst run" : "before the paced run") + leftBehind), err.toString());
        }
    }

    /**
     * A signal once both runs have ended, as the table is printed and written: the JVM exits with the signal's status
     * once the benchmark has reported, and the benchmark says that the table is whole and where it is.
     */
    @Test
    void shouldSayTheTableIsWholeWhenASignalComesAsItIsPrinted() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final SeedTableCommand command = new SeedTableCommand();
        command.beforeTable(command::requestStop);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        assertEquals(0, execute(command, out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration",
            "300ms", "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertTrue(out.toString().contains("| Events / sec |"), out.toString());
        assertEquals(out.toString(), Files.readString(benchmark.resolve("benchmark-table.md")));
        assertTrue(err.toString().endsWith("concurrengine benchmark: a signal came as the table was printed: it is " +
            "whole, and written to " + benchmark.resolve("benchmark-table.md") + System.lineSeparator()),
            err.toString());
    }

    @Test
    void shouldMeasureTheTableWithShortRuns()
    {
        final Path benchmark = dir.resolve("benchmark");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(0, execute(out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration", "300ms",
            "--warmup", "200ms", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertTrue(out.toString().contains("| Events / sec |"), out.toString());
        assertTrue(out.toString().contains("events dispatched, after a 0.2 s warm-up"), out.toString());
        assertTrue(out.toString().contains("to the first engine RUNNING (class loading, journal creation, shard " +
            "threads started): the warm-up's |"), out.toString());
        assertTrue(out.toString().contains("paced 2,000 inputs/s for 300ms"), out.toString());
        assertTrue(Files.exists(benchmark.resolve("benchmark-table.md")));
        final String paced = err.toString().substring(err.toString().indexOf("paced run ..."));
        assertFalse(paced.contains("paced without a warm-up"), "the burst before it warmed the JVM up: " + paced);
        final Matcher pacedWarmUp = Pattern.compile("rate 2,000/s, after a ([0-9]+(\\.[0-9]{1,3})?) s warm-up")
            .matcher(paced);
        assertTrue(pacedWarmUp.find(), "the burst's time, in whole milliseconds: " + paced);
        final Matcher burst = Pattern.compile("dispatched in ([0-9.]+) s: ").matcher(err.toString());
        assertTrue(burst.find(), err.toString());
        // the burst's warm-up and the burst itself, whose summary gives its time to the hundredth of a second
        assertEquals(0.2 + Double.parseDouble(burst.group(1)), Double.parseDouble(pacedWarmUp.group(1)), 0.0061,
            err.toString());
        assertTableOfOneShard(out.toString(), ": the warm-up's");
    }

    @Test
    void shouldMeasureTheTableWithoutAWarmUp() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        // a bare number is seconds: the table gives the length the paced run ran, in a unit, not the flag as given
        assertEquals(0, execute(out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration", "0.3",
            "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertTrue(out.toString().contains("paced 2,000 inputs/s for 300ms, "), out.toString());
        assertTableOfOneShard(out.toString(), "");
        assertEquals(out.toString(), Files.readString(benchmark.resolve("benchmark-table.md")));
    }

    /**
     * A directory where the table goes, which the table cannot replace, is refused before the burst (exit 2), not found
     * once both runs have run (exit 1).
     */
    @Test
    void shouldRefuseADirectoryWhereTheTableGoesBeforeAnyRun() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path tableFile = Files.createDirectories(benchmark.resolve("benchmark-table.md"));
        Files.writeString(tableFile.resolve("keep"), "a directory where the table goes");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration", "300ms",
            "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertEquals("concurrengine benchmark: " + tableFile + " is a directory, where the table goes; move it or " +
            "choose another --dir DIR" + System.lineSeparator(), err.toString());
        assertEquals("", out.toString());
        assertFalse(Files.exists(benchmark.resolve("burst")), "the burst did not run");
        assertEquals("a directory where the table goes", Files.readString(tableFile.resolve("keep")));
    }

    /**
     * A table file that cannot be written at the end (a directory put there during the runs, a full disk): the table is
     * printed all the same, and the exit is 1.
     */
    @Test
    void shouldPrintTheTableAndExitOneWhenItsFileCannotBeWritten() throws IOException
    {
        final Path tableFile = Files.createDirectories(dir.resolve("benchmark-table.md"));
        Files.writeString(tableFile.resolve("keep"), "a directory where the table goes");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final String table = "| METRIC | VALUE | HOW |\n";
        assertEquals(1, SeedTableCommand.printTable(table, tableFile, new PrintWriter(out), new PrintWriter(err)));
        assertEquals(table, out.toString());
        assertTrue(err.toString().startsWith("concurrengine benchmark: " + tableFile + " cannot be written: "),
            err.toString());
        assertEquals("a directory where the table goes", Files.readString(tableFile.resolve("keep")));
    }

    /**
     * The table of a run on one shard: its heading, every row in order, and figures in their units that the machine
     * bounds (a size in bytes printed as megabytes is at most the memory there is, and not 0).
     *
     * @param coldStartHow how the cold start's row ends: the warm-up's, or nothing without one.
     */
    private static void assertTableOfOneShard(final String table, final String coldStartHow)
    {
        final int cores = Runtime.getRuntime().availableProcessors();
        // to the millisecond, as stat and soak give a time, not to the nanosecond
        assertTrue(Pattern.compile("^Measured [0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{3})?Z on ")
            .matcher(table).find(), table);
        assertTrue(table.contains(" on " + cores + (1 == cores ? " core, " : " cores, ")), table);
        assertTrue(table.contains(", 1 shard + 1 feed thread, journaling on"), table);
        final Map<String, String[]> rows = new LinkedHashMap<>();
        table.lines().filter(line -> line.startsWith("| ") && !line.startsWith("| METRIC "))
            .forEach(line -> rows.put(line.split(" \\| ")[0].substring(2), line.split(" \\| ")));
        assertEquals(List.of("Events / sec", "P99 Latency", "Thread Utilization", "Memory Overhead", "Fault Recovery",
            "Max Concurrent Actors", "Cold Start Time", "Snapshot Throughput"), List.copyOf(rows.keySet()), table);
        for (final String later : List.of("Fault Recovery", "Max Concurrent Actors", "Snapshot Throughput"))
        {
            assertEquals("not measurable yet", rows.get(later)[1], table);
        }
        assertTrue(rows.get("Cold Start Time")[2].endsWith("shard threads started)" + coldStartHow + " |"), table);

        // whole percentages; what they come to for runs this short is not bounded here (see ResourceProbeTest): the
        // probe samples at the run's ticks, five a second, and a burst shorter than a tick has only its first
        assertTrue(Pattern.compile("\\| [0-9]+% \\| CPU time of the shard threads over wall time during the paced " +
            "run \\(burst: [0-9]+%\\) \\|").matcher(table).find(), table);

        final Matcher memory = Pattern.compile("\\| ([0-9,]+) MB \\| peak resident set of the whole JVM during the " +
            "paced run \\(heap ([0-9,]+) MB, direct ([0-9,]+) MB, resident file mappings \\(journal, counters, JVM " +
            "libraries\\) ([0-9,]+) MB\\) \\|").matcher(table);
        assertTrue(memory.find(), table);
        final long machine = ((com.sun.management.OperatingSystemMXBean)ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize() >> 20;
        final long resident = megabytes(memory.group(1));
        assertTrue(0 < resident && resident <= machine, resident + " MB of " + machine + ": " + table);
        final long heap = megabytes(memory.group(2));
        assertTrue(0 < heap && heap <= Runtime.getRuntime().maxMemory() >> 20, table);
        final long direct = megabytes(memory.group(3));
        assertTrue(0 < direct && direct <= machine, "the engine's rings: " + table);
        final long mapped = megabytes(memory.group(4));
        assertTrue(0 < mapped && mapped <= resident, "resident, so part of the resident set: " + table);
    }

    private static long megabytes(final String figure)
    {
        return Long.parseLong(figure.replace(",", ""));
    }

    @Test
    void shouldTakeABurstOfOneInputAndAPacedRateOfOneInputPerSecond()
    {
        // each accepted, so that the next flag checked is the one refused: nothing runs
        assertRefused("--paced-duration: ", "--events", "1", "--paced-duration", "0s");
        assertRefused("--paced-duration: ", "--paced-rate", "1", "--paced-duration", "0s");
        assertRefused("--events 0.999: the max-rate burst needs at least 1 input", "--events", "0.999");
        assertRefused("--paced-rate 0.999: the paced run needs a rate of at least 1 input per second", "--paced-rate",
            "0.999");
    }

    @Test
    void shouldGiveThePacedLatencyInMicrosecondsWithItsMedianTailAndMaximum()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValueWithCount(1_000, 980);
        latency.recordValueWithCount(1_500, 15);
        latency.recordValueWithCount(2_500, 4);
        latency.recordValue(7_000);

        final String[] row = SeedTableCommand.latency(latency, 1234.5, "2s", 0);

        assertEquals("1.5 µs", row[0]);
        assertEquals("publish to dispatch, paced 1,235 inputs/s for 2s, coordinated-omission corrected (P50 1.0 µs, " +
            "P99.9 2.5 µs, max 7.0 µs)", row[1]);
    }

    @Test
    void shouldGroupTheThousandsOfALatencyAsTheTablesOtherNumbersAre()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValueWithCount(72_800, 980);
        latency.recordValueWithCount(15_687_700, 19);
        latency.recordValue(1_234_567_000);

        final String[] row = SeedTableCommand.latency(latency, 500_000, "30s", 0);

        assertEquals("15,695.9 µs", row[0], "not 15695.9 µs");
        assertEquals("publish to dispatch, paced 500,000 inputs/s for 30s, coordinated-omission corrected (P50 " +
            "72.8 µs, P99.9 15,695.9 µs, max 1,235,222.5 µs)", row[1]);
    }

    /**
     * A paced run whose feed fell behind and was stopped left its longest waits out of its figures: the row says so,
     * rather than give them as the latency at the rate asked for.
     */
    @Test
    void shouldSayThePacedRunFellBehindItsScheduleAndLeftInputsUnsent()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValueWithCount(1_000, 1_000);

        final String[] row = SeedTableCommand.latency(latency, 5_000_000, "1s", 3_882_462);

        assertEquals("1.0 µs", row[0]);
        assertEquals("publish to dispatch, paced 5,000,000 inputs/s for 1s, coordinated-omission corrected (P50 " +
            "1.0 µs, P99.9 1.0 µs, max 1.0 µs); the engine did not sustain this rate here: the feed fell behind its " +
            "schedule and was stopped with 3,882,462 inputs due but never sent, in none of these figures, so the " +
            "latency at this rate is higher than shown; give a lower --paced-rate", row[1]);
    }

    @Test
    void shouldGiveAPacedRateBelowOneHundredAsTheRunsSummaryDoesRatherThanAWholeNumber()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);

        // the paced run's summary says "rate 1.50/s"
        assertTrue(SeedTableCommand.latency(latency, 1.5, "2s", 0)[1].startsWith("publish to dispatch, paced 1.50 " +
            "inputs/s for 2s, "), "not 2 inputs/s");
        assertTrue(SeedTableCommand.latency(latency, 99.5, "2s", 0)[1].startsWith("publish to dispatch, paced 99.5 " +
            "inputs/s for 2s, "), "not 100 inputs/s");
        assertEquals("the paced run (2.50 inputs/s for 10ms) ended before its first input was due: no latency to " +
            "measure; give a longer --paced-duration", SeedTableCommand.latency(new Histogram(3), 2.5, "10ms", 0)[1]);
    }

    @Test
    void shouldSayThePacedLatencyWasNotMeasuredWhenThePacedRunPublishedNothing()
    {
        final String[] row = SeedTableCommand.latency(new Histogram(3), 1000, "10ms", 0);

        assertEquals("not measured", row[0], "not the 0.0 µs of an empty histogram");
        assertEquals("the paced run (1,000 inputs/s for 10ms) ended before its first input was due: no latency to " +
            "measure; give a longer --paced-duration", row[1]);
    }

    /**
     * {@link #assertRefused(String, String...)} for each value, the message naming the flag, never the
     * configuration key behind it.
     */
    private void assertRefusedNamingTheFlag(
        final String message, final String flag, final String key, final String... values)
    {
        for (final String value : values)
        {
            final String err = assertRefused(message, flag, value);
            assertFalse(err.contains(key), err);
        }
    }

    /**
     * Run the benchmark with the flags given, expecting it refused with exit 2 before any run.
     *
     * @return what it printed on stderr.
     */
    private String assertRefused(final String message, final String... flags)
    {
        final Path benchmark = dir.resolve("refused");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final List<String> args = new ArrayList<>(List.of(flags));
        args.addAll(List.of("--dir", benchmark.toString()));
        assertEquals(2, execute(out, err, args.toArray(String[]::new)), args + ": " + err);
        assertTrue(err.toString().startsWith("concurrengine benchmark: " + message), err.toString());
        assertFalse(err.toString().contains(" run ..."), "no run started: " + err);
        assertFalse(Files.exists(benchmark), "nothing written: " + err);
        assertEquals("", out.toString());
        return err.toString();
    }

    private static int execute(final StringWriter out, final StringWriter err, final String... args)
    {
        return execute(new SeedTableCommand(), out, err, args);
    }

    /**
     * @return {@code command}'s exit code with {@code args}, its stdout and stderr written to {@code out} and
     * {@code err}.
     */
    private static int execute(final SeedTableCommand command, final StringWriter out, final StringWriter err,
        final String... args)
    {
        final CommandLine commandLine = new CommandLine(command);
        commandLine.setOut(new PrintWriter(out));
        commandLine.setErr(new PrintWriter(err));
        return commandLine.execute(args);
    }
}
