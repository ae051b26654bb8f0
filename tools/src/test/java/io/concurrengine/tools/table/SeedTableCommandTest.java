package io.concurrengine.tools.table;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
    }

    @Test
    void shouldRefuseAPacedDurationItCannotRunNamingItsOwnFlag()
    {
        assertRefusedNamingTheFlag("--paced-duration: ", "--paced-duration", "run.duration",
            "0s", "-1s", "0", "soon", "25h");
    }

    @Test
    void shouldRefuseAnEmptyBurst()
    {
        final String err = assertRefused("--events 0: ", "--events", "0");
        assertFalse(err.contains("run.events"), err);
        assertRefused("--events 0k: ", "--events", "0k");
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
            assertRefused("--paced-rate: must be in [1e-6, 1e9] inputs per second, found " + rate, "--paced-rate",
                rate);
        }
    }

    @Test
    void shouldRefuseAWarmUpItCannotRunNamingItsOwnFlag()
    {
        assertRefusedNamingTheFlag("--warmup: ", "--warmup", "run.warmup", "-1s", "soon");
    }

    @Test
    void shouldSayHowTheBurstWasWarmedUp()
    {
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
    }

    @Test
    void shouldRefuseADirectoryItCannotCreateBeforeAnyRun() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a-file"), "not a directory");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, "--events", "1000", "--paced-duration", "1s", "--dir",
            file.resolve("sub").toString()), err.toString());
        assertEquals("concurrengine benchmark: --dir " + file.resolve("sub") + " cannot be used: not a directory: " +
            file.resolve("sub"), err.toString().strip());
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

    @Test
    void shouldPrintADirectoryItCannotCreateWithItsControlCharactersEscaped() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("a\nFORGED\u001b[2K"), "not a directory");
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(new StringWriter(), err, "--events", "1000", "--paced-duration", "1s", "--dir",
            file.resolve("sub").toString()), err.toString());
        final String printed = dir + "/a\\nFORGED\\x1b[2K/sub";
        assertEquals("concurrengine benchmark: --dir " + printed + " cannot be used: not a directory: " + printed +
            System.lineSeparator(), err.toString());
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
        assertTrue(Pattern.compile("rate 2,000/s, after a [0-9]+(\\.[0-9]{1,3})? s warm-up").matcher(paced).find(),
            "the burst's time, in whole milliseconds: " + paced);
    }

    @Test
    void shouldPrintTheTableAndExitOneWhenItsFileCannotBeWritten() throws IOException
    {
        final Path benchmark = dir.resolve("benchmark");
        final Path tableFile = Files.createDirectories(benchmark.resolve("benchmark-table.md"));
        Files.writeString(tableFile.resolve("keep"), "a directory where the table goes");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(1, execute(out, err, "--events", "20k", "--paced-rate", "2e3", "--paced-duration", "300ms",
            "--warmup", "0", "--shards", "1", "--dir", benchmark.toString()), err.toString());
        assertTrue(out.toString().contains("| Events / sec |"), out.toString());
        assertTrue(err.toString().contains(System.lineSeparator() + "concurrengine benchmark: " + tableFile +
            " cannot be written: "), err.toString());
    }

    @Test
    void shouldSayThePacedLatencyWasNotMeasuredWhenThePacedRunPublishedNothing()
    {
        final String[] row = SeedTableCommand.latency(new Histogram(3), 1000, "10ms");

        assertEquals("not measured", row[0], "not the 0.0 µs of an empty histogram");
        assertEquals("the paced run (1,000 inputs/s for 10ms) ended before its first input was due: no latency to " +
            "measure; give a longer --paced-duration", row[1]);
    }

    /**
     * {@link #assertRefused(String, String, String)} for each value, the message naming the flag, never the
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
     * Run the benchmark with one flag set, expecting it refused with exit 2 before any run.
     *
     * @return what it printed on stderr.
     */
    private String assertRefused(final String message, final String flag, final String value)
    {
        final Path benchmark = dir.resolve("refused");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        assertEquals(2, execute(out, err, flag, value, "--dir", benchmark.toString()), flag + " " + value + ": " + err);
        assertTrue(err.toString().startsWith("concurrengine benchmark: " + message), err.toString());
        assertFalse(err.toString().contains(" run ..."), "no run started: " + err);
        assertFalse(Files.exists(benchmark), "nothing written: " + err);
        assertEquals("", out.toString());
        return err.toString();
    }

    private static int execute(final StringWriter out, final StringWriter err, final String... args)
    {
        final CommandLine command = new CommandLine(new SeedTableCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        return command.execute(args);
    }
}
