package io.concurrengine.tools.soak;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.soak.report.SoakHealth;
import io.concurrengine.tools.soak.report.SoakReport;
import io.concurrengine.tools.soak.report.SoakRun;
import io.concurrengine.tools.soak.report.SoakTotals;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldPrintAReportDirItCannotWriteWithItsControlCharactersEscaped() throws IOException
    {
        // printed raw, the line feed forged a line of stderr and the ESC sequence erased a terminal's line
        final Path file = Files.writeString(dir.resolve("r\nFORGED\u001b[2K"), "not a directory");

        final Cli soak = Cli.run("soak", "--duration", "1s", "--no-journal", "--no-counters", "--report",
            file.toString());

        assertEquals(2, soak.code(), soak.err());
        final String printed = dir + "/r\\nFORGED\\x1b[2K";
        assertEquals("concurrengine soak: report dir " + printed + " cannot be created or written: " + printed +
            " is a file, not a directory" + System.lineSeparator(), soak.err());
    }

    @Test
    void shouldRefuseAnEmptyReportDirRatherThanWriteTheReportInTheWorkingDirectory()
    {
        final Cli soak = Cli.run("soak", "--report", "", "--duration", "1s", "--rate", "1k", "--warmup", "0",
            "--no-journal", "--no-counters");

        assertEquals(2, soak.code(), soak.err());
        assertEquals("concurrengine soak: --report: expected a directory, found an empty string" +
            System.lineSeparator(), soak.err());
        assertEquals("", soak.out());
    }

    @Test
    void shouldPrintItsOwnDefaultsWithoutCreatingTheReportDir()
    {
        final Path report = dir.resolve("report");

        final Cli soak = Cli.run("soak", "--print-config", "--no-journal", "--report", report.toString());

        assertEquals(0, soak.code(), soak.err());
        assertTrue(soak.out().startsWith("# The configuration `concurrengine soak` would run with"), soak.out());
        assertTrue(soak.out().contains("\nduration = \"60000000000ns\"    # embedded default of soak\n"),
            soak.out());
        assertTrue(soak.out().contains("\nretain_cycles = 2    # embedded default of soak\n"), soak.out());
        assertTrue(soak.out().contains("\nenabled = false    # flag --no-journal (journal.enabled)\n"), soak.out());
        assertFalse(Files.exists(report));
    }

    @Test
    void shouldWriteTheReportOfASoakStoppedBySigtermBeforeTheJvmExits() throws Exception
    {
        final Path report = dir.resolve("report");
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = Cli.start(out, err, "512m", "soak", "--duration", "120s", "--rate", "1000",
            "--warmup", "0s", "--no-journal", "--no-counters", "--report", report.toString());
        try
        {
            // the sampler creates the hlog as the measured run starts
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.exists(report.resolve(SoakReport.HLOG_FILE)) && process.isAlive() &&
                System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertTrue(Files.exists(report.resolve(SoakReport.HLOG_FILE)), Files.readString(err));
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(120, TimeUnit.SECONDS), "ended on SIGTERM");
        }
        finally
        {
            process.destroyForcibly();
        }

        final String printed = Files.readString(out);
        assertTrue(printed.contains("soak report: " + report.resolve(SoakReport.REPORT_FILE)), printed +
            Files.readString(err));
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        assertTrue(Pattern.compile("\"stoppedEarly\":\\s*true").matcher(summary).find(), summary);
    }

    @Test
    void shouldReportInputsThatNeverReachedAShardOnceAsLost()
    {
        final RunSummary run = runSummary(990, 1_000, 0);
        final SoakTotals totals = SoakCommand.totals(run, "block");

        final List<String> reasons = SoakCommand.reasons(run, false, soakRun(), totals, List.of());

        assertEquals(10, totals.lost());
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("No lost inputs: 10 lost = published 1,000 − accepted 990 − refused 0"),
            reasons.toString());
    }

    @Test
    void shouldGiveOneReasonNamingTheCauseWhenNoInputReachedAShard()
    {
        final RunSummary run = runSummary(0, 1_000, 0);
        final SoakTotals totals = SoakCommand.totals(run, "block");

        final List<String> reasons = SoakCommand.reasons(run, false, soakRun(), totals, List.of());

        assertEquals(1_000, totals.lost());
        assertEquals(List.of("nothing measured: no input reached a shard, 1,000 of 1,000 published inputs lost"),
            reasons);
    }

    @Test
    void shouldCountOnePublishedInputInTheSingular()
    {
        final RunSummary run = runSummary(0, 1, 0);

        assertEquals(List.of("nothing measured: no input reached a shard, 1 of 1 published input lost"),
            SoakCommand.reasons(run, false, soakRun(), SoakCommand.totals(run, "block"), List.of()));
    }

    @Test
    void shouldSayNothingWasMeasuredWhenEveryInputWasRefused()
    {
        final RunSummary run = runSummary(0, 1_000, 1_000);
        final SoakTotals totals = SoakCommand.totals(run, "block");

        final List<String> reasons = SoakCommand.reasons(run, false, soakRun(), totals, List.of());

        assertEquals(0, totals.lost());
        assertEquals(List.of("nothing measured: no input reached a shard"), reasons);
    }

    /**
     * A soak too short for some rules is healthy by the others, and its verdict line names those it could not judge;
     * an unhealthy one gives its reasons alone.
     */
    @Test
    void shouldNameTheRulesNotEvaluatedBesideAHealthyVerdict()
    {
        final RunSummary run = runSummary(1_000, 1_000, 0);
        final SoakTotals totals = SoakCommand.totals(run, "block");
        final List<SoakHealth.Check> checks = SoakHealth.checks(soakRun(), totals, List.of());

        assertEquals("HEALTHY; not evaluated (too little data, or not applicable): " + checks.stream()
            .filter(check -> SoakHealth.Outcome.NOT_EVALUATED == check.outcome()).map(SoakHealth.Check::name)
            .collect(Collectors.joining(", ")), SoakCommand.verdict(List.of(), checks));
        assertTrue(SoakCommand.verdict(List.of(), checks).contains("Flat P99, "), "no interval: no P99 to compare");
        assertEquals("HEALTHY", SoakCommand.verdict(List.of(), checks.stream()
            .filter(check -> SoakHealth.Outcome.NOT_EVALUATED != check.outcome()).collect(Collectors.toList())));
        assertEquals("UNHEALTHY: a; b", SoakCommand.verdict(List.of("a", "b"), checks));
    }

    /**
     * A paced feed ends once its next input is due at or after the duration: at 1 input/s for 10 s, the last goes at
     * 9 s, so a run of 9.5 s has run its duration, and one of 8.5 s, whose feed ran out, has not.
     */
    @Test
    void shouldAllowAPacedRunToEndUpToAnInputIntervalBeforeItsDuration()
    {
        final EngineConfig config = new ConfigLoader().load(null, Map.of(),
            Map.of("run.duration", "10s", "run.rate", "1", "run.events", "0"));

        assertFalse(SoakCommand.endedEarly(config, runSummary(9_500_000_000L, false)));
        assertTrue(SoakCommand.endedEarly(config, runSummary(8_500_000_000L, false)));
        assertFalse(SoakCommand.endedEarly(config, runSummary(8_500_000_000L, true)), "stopped on request");
    }

    private static RunSummary runSummary(final long elapsedNanos, final boolean stoppedEarly)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(9, 9, 0, 9, 0, elapsedNanos, 2, "event-time", 1, 42, 0, latency, latency, null, 0, 0,
            0x1234, null, null, null, 0, 0, stoppedEarly, 0, "block");
    }

    /**
     * @return a finished 2 s run without failure that published {@code published} inputs, of which the ring refused
     * {@code refused} and the shards took {@code inputs}.
     */
    private static RunSummary runSummary(final long inputs, final long published, final long refused)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(inputs, published, refused, inputs, 0, 2_000_000_000L, 2, "event-time", 500, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "block");
    }

    private static SoakRun soakRun()
    {
        return new SoakRun("soak --duration 2s --rate 500", "2025-01-31T09:00:00Z", 2, 2, 500, 2, 2, "17", "", false,
            0, false, false);
    }
}
