package io.concurrengine.tools.soak;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.json.MiniJson;
import io.concurrengine.tools.run.RunJob;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.soak.report.SoakHealth;
import io.concurrengine.tools.soak.report.SoakReport;
import io.concurrengine.tools.soak.report.SoakRun;
import io.concurrengine.tools.soak.report.SoakTotals;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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
    void shouldSayThatAReportDirIsANamedPipe() throws IOException, InterruptedException
    {
        // it read only "r already exists"
        final Path pipe = dir.resolve("r");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

        final Cli soak = Cli.run("soak", "--duration", "1s", "--no-journal", "--no-counters", "--report",
            pipe.toString());

        assertEquals(2, soak.code(), soak.err());
        assertEquals("concurrengine soak: report dir " + pipe + " cannot be created or written: " + pipe +
            " is a named pipe, not a directory" + System.lineSeparator(), soak.err());
    }

    /**
     * A named pipe in the place of a report file: opening it to check it can be written waited for a reader, for
     * ever, before the run and with nothing said (the log's, written through as the run went, would have waited with
     * the engine running). It is refused, as a named pipe in the place of the lock is, and not opened.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void shouldRefuseANamedPipeInThePlaceOfAReportFileWithoutOpeningIt() throws IOException, InterruptedException
    {
        for (final String name : List.of(SoakReport.HLOG_FILE, SoakReport.SUMMARY_FILE))
        {
            final Path report = Files.createDirectories(dir.resolve("pipe-" + name));
            final Path pipe = report.resolve(name);
            assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

            final Cli soak = Cli.run("soak", "--duration", "1s", "--no-journal", "--no-counters", "--report",
                report.toString());

            assertEquals(2, soak.code(), soak.err());
            assertEquals("concurrengine soak: report dir " + report + " cannot be created or written: it is a named " +
                "pipe, not a report file; not opened: " + pipe + System.lineSeparator(), soak.err());
        }
    }

    @Test
    void shouldSayThatAReportDirIsASymbolicLinkToAMissingTarget() throws IOException
    {
        // it read only "r6 already exists", where nothing seemed to
        final Path link = Files.createSymbolicLink(dir.resolve("r6"), dir.resolve("gone"));

        final Cli soak = Cli.run("soak", "--duration", "1s", "--no-journal", "--no-counters", "--report",
            link.toString());

        assertEquals(2, soak.code(), soak.err());
        assertEquals("concurrengine soak: report dir " + link + " cannot be created or written: " + link +
            " is a symbolic link to a missing target, " + dir.resolve("gone") + System.lineSeparator(), soak.err());
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

    /**
     * What the soak would refuse for memory before it starts, its {@code --print-config} refuses the same way.
     */
    @Test
    void shouldRefuseToPrintAConfigurationWhoseRingsTheSoakWouldRefuseForMemory() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("rings.toml"), "[engine]\nring_size = 67108864\n");

        final Cli soak = Cli.run("soak", "--print-config", "--config", config.toString(), "--shards", "1024",
            "--no-journal", "--report", dir.resolve("report").toString());

        assertEquals(2, soak.code(), soak.err());
        assertTrue(soak.err().startsWith("concurrengine soak: engine.ring_size=67108864 (" + config + ":2:1) and "), soak.err());
        assertEquals("", soak.out());
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

    /**
     * The report's command line gives the arguments back to a shell as they were given: one with a space, an empty
     * one or one with a quote, joined as they are, would read as other arguments (--report /tmp/two words).
     */
    @Test
    void shouldQuoteTheArgumentsOfTheCommandLineThatAShellWouldSplitOrDrop()
    {
        assertEquals("soak --report '/tmp/two words' --feed '' --config 'it'\\''s.toml' --rate 1e6 --seed=7",
            SoakCommand.commandLine(List.of("soak", "--report", "/tmp/two words", "--feed", "", "--config",
                "it's.toml", "--rate", "1e6", "--seed=7")));
        assertEquals("soak '$HOME' 'a;b' 'back\\slash' '*.csv'",
            SoakCommand.commandLine(List.of("soak", "$HOME", "a;b", "back\\slash", "*.csv")));
    }

    /**
     * A short soak in this JVM: its report's files, its summary's figures as asked for, and its exit code and last
     * line by its verdict, whichever it is.
     */
    @Test
    void shouldWriteTheReportOfAShortSoakAndExitByItsVerdict() throws IOException
    {
        final Path report = dir.resolve("report");

        final Path journal = dir.resolve("journal");

        final Cli soak = Cli.run("soak", "--duration", "2s", "--rate", "1000", "--warmup", "0s", "--shards", "1",
            "--journal", journal.toString(), "--no-counters", "--report", report.toString());

        final Map<String, Object> summary =
            MiniJson.object(MiniJson.parse(Files.readString(report.resolve(SoakReport.SUMMARY_FILE))));
        final Map<String, Object> run = MiniJson.object(summary.get("run"));
        final boolean healthy = (Boolean)summary.get("healthy");
        assertEquals(healthy ? 0 : 1, soak.code(), soak.out() + soak.err());
        final String lastLine = soak.out().substring(soak.out().lastIndexOf("soak report: "));
        assertTrue(lastLine.startsWith("soak report: " + report.resolve(SoakReport.REPORT_FILE) +
            (healthy ? " - HEALTHY" : " - UNHEALTHY: ")), soak.out());
        assertEquals(2L, run.get("requestedDurationSeconds"));
        assertEquals(1000L, run.get("targetInputsPerSecond"));
        assertEquals(1L, run.get("shards"));
        assertEquals(true, run.get("journaled"));
        assertEquals(900L, run.get("journalRetentionSeconds"), "soak's own 2 five-minute cycles and the one written");
        final long diskPeak = (Long)MiniJson.object(summary.get("resources")).get("journalDiskPeakBytes");
        assertTrue(diskPeak > 0, "the journal's disk use sampled: " + diskPeak);
        final double seconds = ((Number)run.get("durationSeconds")).doubleValue();
        assertTrue(seconds > 0.5 && seconds < 1_000, "the run's wall time in seconds: " + seconds);
        assertEquals(String.join(" ", "soak", "--duration", "2s", "--rate", "1000", "--warmup", "0s", "--shards", "1",
            "--journal", journal.toString(), "--no-counters", "--report", report.toString()), run.get("commandLine"));
        final String page = Files.readString(report.resolve(SoakReport.REPORT_FILE));
        assertTrue(page.contains(healthy ? "<strong>HEALTHY</strong>" : "<strong>UNHEALTHY</strong>"));
        assertTrue(Files.size(report.resolve(SoakReport.HGRM_FILE)) > 0);
        final int intervals =
            assertHlogOfTheMeasuredRun(report.resolve(SoakReport.HLOG_FILE), (String)run.get("startTime"));
        assertTrue(page.contains(" of " + Plural.of(intervals, "interval") + " (10 %"), "the page's intervals are " +
            "the log's " + intervals + ": " + page);
        assertFalse(soak.err().contains("concurrengine soak: "), soak.err());
        try (Stream<Path> files = Files.list(report))
        {
            assertEquals(List.of(SoakReport.HGRM_FILE, SoakReport.HLOG_FILE, SoakReport.REPORT_FILE,
                SoakCommand.LOCK_FILE, SoakReport.SUMMARY_FILE),
                files.map(file -> file.getFileName().toString()).sorted().toList(),
                "the report's files, the lock the soak held on them, and no probe of the directory left");
        }
    }

    /**
     * A signal once the run has ended, as its report is written: the JVM exits with the signal's status (143) once the
     * soak has reported, and it said nothing of it, so that the status read as a soak cut short. The report is
     * finished as without the signal, and the soak says so and where it is.
     */
    @Test
    void shouldSayTheReportIsWholeWhenASignalComesAsItIsWritten() throws IOException
    {
        final Path report = dir.resolve("report");
        final SoakCommand command = new SoakCommand();
        command.beforeReport(RunJob::requestStop);
        final CommandLine commandLine = new CommandLine(command);
        final java.io.StringWriter out = new java.io.StringWriter();
        final java.io.StringWriter err = new java.io.StringWriter();
        commandLine.setOut(new java.io.PrintWriter(out));
        commandLine.setErr(new java.io.PrintWriter(err));

        final int code = commandLine.execute("--duration", "1s", "--rate", "1000", "--warmup", "0s", "--shards", "1",
            "--no-journal", "--no-counters", "--report", report.toString());

        assertTrue(code <= 1, err.toString());
        assertTrue(out.toString().contains("soak report: " + report.resolve(SoakReport.REPORT_FILE) + " - "),
            out.toString());
        assertTrue(Files.size(report.resolve(SoakReport.SUMMARY_FILE)) > 0);
        assertTrue(err.toString().endsWith("concurrengine soak: a signal came once the run had ended, as its report " +
            "was written: the run and its report were finished as without it, the report in " + report + "; the " +
            "exit status is the signal's, not the verdict's" + System.lineSeparator()), err.toString());
    }

    /**
     * A signal once the run had ended, as a report that could not be written was attempted (a directory where
     * {@code summary.json} goes): the soak said the report was whole and where it was, after saying it could not be
     * written.
     */
    @Test
    void shouldNotSayAReportThatCouldNotBeWrittenIsWholeWhenASignalComesAsItIsWritten()
    {
        final Path report = dir.resolve("report");
        final SoakCommand command = new SoakCommand();
        command.beforeReport(job ->
        {
            job.requestStop();
            try
            {
                Files.createDirectories(report.resolve(SoakReport.SUMMARY_FILE).resolve("taken"));
            }
            catch (final IOException ex)
            {
                throw new java.io.UncheckedIOException(ex);
            }
        });
        final CommandLine commandLine = new CommandLine(command);
        final java.io.StringWriter err = new java.io.StringWriter();
        commandLine.setOut(new java.io.PrintWriter(new java.io.StringWriter()));
        commandLine.setErr(new java.io.PrintWriter(err));

        assertEquals(1, commandLine.execute("--duration", "1s", "--rate", "1000", "--warmup", "0s", "--shards", "1",
            "--no-journal", "--no-counters", "--report", report.toString()), err.toString());

        // which file was not written, and which were: a full disk names none
        assertTrue(err.toString().contains("concurrengine soak: cannot write the report to " + report + ": " +
            SoakReport.SUMMARY_FILE + ": "), err.toString());
        assertTrue(err.toString().contains("; summary.json, latency.hgrm and report.html were not written; the run " +
            "was "), err.toString());
        assertFalse(err.toString().contains("the report in " + report), err.toString());
        assertTrue(err.toString().endsWith("concurrengine soak: a signal came once the run had ended, as its report " +
            "was written: the run was finished as without it, and its report could not be written, as said above; " +
            "the exit status is the signal's, not the verdict's" + System.lineSeparator()), err.toString());
    }

    /**
     * A feed that fails is the run's failure: the soak's exit code is the run's, and its report gives the feed's own
     * message as a reason, not as the engine's failure.
     */
    @Test
    void shouldGiveTheFeedsFailureAsAReasonOfItsOwnAndExitWithTheRunsCode() throws IOException
    {
        final Path feed =
            Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n1001,add,17\n");
        final Path report = dir.resolve("report");

        final Cli soak = Cli.run("soak", "--feed", feed.toString(), "--warmup", "0s", "--no-journal",
            "--no-counters", "--report", report.toString());

        assertEquals(2, soak.code(), soak.out() + soak.err());
        final Map<String, Object> summary =
            MiniJson.object(MiniJson.parse(Files.readString(report.resolve(SoakReport.SUMMARY_FILE))));
        final List<Object> reasons = MiniJson.array(summary.get("reasons"));
        assertTrue(reasons.stream().anyMatch(reason -> reason.toString().startsWith("feed " + feed +
            ":2: an add has 7 or 8 fields (")), reasons.toString());
        assertTrue(reasons.stream().noneMatch(reason -> reason.toString().startsWith("engine failed")),
            reasons.toString());
        assertTrue(soak.out().contains(" - UNHEALTHY: "), soak.out());
    }

    /**
     * A configuration refused, or a run that fails before its measured start, ends the soak with exit code 2 and no
     * report: there is nothing to judge.
     */
    @Test
    void shouldWriteNoReportWhenTheConfigurationIsRefusedOrTheRunFailsBeforeItStarts()
    {
        final Path report = dir.resolve("report");

        final Cli refused = Cli.run("soak", "--shards", "0", "--no-journal", "--no-counters", "--report",
            report.toString());
        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().startsWith("concurrengine soak: flag --shards (engine.shards): "), refused.err());
        assertFalse(Files.exists(report), "refused before the report dir was made");

        final Path missing = dir.resolve("missing.csv");
        final Cli failed = Cli.run("soak", "--feed", missing.toString(), "--warmup", "0s", "--no-journal",
            "--no-counters", "--report", report.toString());
        assertEquals(2, failed.code(), failed.err());
        assertTrue(failed.err().contains(missing.toString()), failed.err());
        assertFalse(Files.exists(report.resolve(SoakReport.SUMMARY_FILE)), "no run, no summary");
        assertFalse(failed.out().contains("soak report: "), failed.out());
    }

    /**
     * Each report file is checked before the run, so that one that cannot be written stops the soak at once; the
     * check leaves an earlier report's file as it was and creates none.
     */
    @Test
    void shouldRefuseAReportFileItCouldNotWriteBeforeTheRunLeavingTheOthersAsTheyWere() throws IOException
    {
        final Path report = Files.createDirectories(dir.resolve("report"));
        Files.writeString(report.resolve(SoakReport.SUMMARY_FILE), "an earlier soak's");
        Files.createDirectory(report.resolve(SoakReport.REPORT_FILE));

        final Cli soak = Cli.run("soak", "--duration", "1s", "--warmup", "0s", "--no-journal", "--no-counters",
            "--report", report.toString());

        assertEquals(2, soak.code(), soak.err());
        assertEquals("concurrengine soak: report dir " + report + " cannot be created or written: is a directory: " +
            report.resolve(SoakReport.REPORT_FILE) + System.lineSeparator(), soak.err());
        assertEquals("an earlier soak's", Files.readString(report.resolve(SoakReport.SUMMARY_FILE)));
        try (Stream<Path> files = Files.list(report))
        {
            assertEquals(List.of(SoakReport.REPORT_FILE, SoakCommand.LOCK_FILE, SoakReport.SUMMARY_FILE),
                files.map(file -> file.getFileName().toString()).sorted().toList());
        }
    }

    /**
     * The log names what it holds, starts when the summary says the measured run did, and each of its interval
     * histograms (one a second) spans a time from then on.
     */
    private static int assertHlogOfTheMeasuredRun(final Path hlog, final String startTime) throws IOException
    {
        final String text = Files.readString(hlog);
        assertTrue(text.startsWith("#concurrengine soak: publish-to-dispatch latency per second, nanoseconds\n" +
            "#[Histogram log format version "), text);
        assertTrue(text.contains("\n\"StartTimestamp\",\"Interval_Length\",\"Interval_Max\"," +
            "\"Interval_Compressed_Histogram\"\n0.000,"), "the legend, and the first interval at 0 s from the log's " +
            "start time, the others' times relative to it: " + text);
        final long start = Instant.parse(startTime).toEpochMilli();
        final HistogramLogReader reader = new HistogramLogReader(hlog.toFile());
        int intervals = 0;
        for (EncodableHistogram interval = reader.nextIntervalHistogram(); null != interval;
            interval = reader.nextIntervalHistogram())
        {
            final long from = interval.getStartTimeStamp();
            assertTrue(from >= start && interval.getEndTimeStamp() >= from,
                from + " to " + interval.getEndTimeStamp() + " from " + start);
            intervals++;
        }
        assertEquals(start / 1000.0, reader.getStartTimeSec(), 0.001);
        assertTrue(intervals >= 1, "intervals: " + intervals);
        return intervals;
    }

    /**
     * Inputs the ring refused are not accepted, and those a shard took beyond the accepted ones are duplicates; a
     * drop policy's refusals are dropped, the others' rejected.
     */
    @Test
    void shouldTakeRefusedInputsFromTheAcceptedAndCountInputsBeyondThemAsDuplicates()
    {
        final SoakTotals blocked = SoakCommand.totals(runSummary(950, 1_000, 100), "block");
        assertEquals(new SoakTotals(1_000, 900, 0, 100, 950, 0, 50, 0), blocked);

        final SoakTotals dropped = SoakCommand.totals(runSummary(850, 1_000, 100), "drop");
        assertEquals(new SoakTotals(1_000, 850, 100, 0, 850, 0, 0, 0), dropped);
        assertEquals(50, dropped.lost());
    }

    /**
     * A paced feed still behind its schedule a second after the duration is stopped there: the inputs due but never
     * sent, which {@code run --json} reports as {@code unsentDueInputs}, are the soak's too.
     */
    @Test
    void shouldCarryTheRunsInputsDueButNeverSentIntoTheTotals()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary behind = new RunSummary(800, 800, 0, 800, 0, 3_000_000_000L, 2, "event-time", 500, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "block", 700, null, null, 0, 0, 0);

        assertEquals(new SoakTotals(800, 800, 0, 0, 800, 0, 0, 700), SoakCommand.totals(behind, "block"));
        assertEquals(0, SoakCommand.totals(runSummary(1_000, 1_000, 0), "block").unsentDueInputs());
    }

    /**
     * The market model's rejections and what it dropped for want of room are the soak's totals too (summary.json had
     * none of them, so a soak whose model dropped resting orders said nothing of it).
     */
    @Test
    void shouldCarryTheModelsRejectionsAndDropsIntoTheTotals()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary dropping = new RunSummary(800, 800, 0, 800, 0, 3_000_000_000L, 2, "event-time", 500, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 120, "block", 0, null, null, 7, 3, 0);

        assertEquals(new SoakTotals(800, 800, 0, 0, 800, 0, 0, 0, 120, 7, 3), SoakCommand.totals(dropping, "block"));
    }

    @Test
    void shouldKeepTheJournalsRollCyclesPlusTheOneBeingWrittenAsItsRetention()
    {
        assertEquals(900.0, SoakCommand.journalRetentionSeconds(config(Map.of("journal.roll_cycle", "five-minutely",
            "journal.retain_cycles", "2"))));
        assertEquals(120.0, SoakCommand.journalRetentionSeconds(config(Map.of("journal.roll_cycle", "minutely",
            "journal.retain_cycles", "1"))));
        assertEquals(0.0, SoakCommand.journalRetentionSeconds(config(Map.of("journal.roll_cycle", "minutely",
            "journal.retain_cycles", "0"))), "no retention by count");
        assertEquals(0.0, SoakCommand.journalRetentionSeconds(config(Map.of("journal.roll_cycle", "minutely",
            "journal.retain_cycles", "1", "journal.enabled", "false"))), "no journal");
    }

    @Test
    void shouldGiveTheBytesEveryShardKeepsOnlyForAJournalDeletingBySizeAlone()
    {
        assertEquals(3_000_000L, SoakCommand.journalRetentionBytes(config(Map.of("engine.shards", "3",
            "journal.retain_cycles", "0", "journal.retain_bytes", "1000000"))));
        assertEquals(0L, SoakCommand.journalRetentionBytes(config(Map.of("journal.retain_cycles", "2",
            "journal.retain_bytes", "1000000"))), "by count too");
        assertEquals(0L, SoakCommand.journalRetentionBytes(config(Map.of("journal.retain_cycles", "0",
            "journal.retain_bytes", "0"))), "no retention");
        assertEquals(0L, SoakCommand.journalRetentionBytes(config(Map.of("journal.retain_cycles", "0",
            "journal.retain_bytes", "1000000", "journal.enabled", "false"))), "no journal");
    }

    /**
     * A run at its event count, or one of an unpaced feed that ran its whole duration, did not end early; one a
     * nanosecond short of either did.
     */
    @Test
    void shouldTellARunThatEndedAtItsCountOrDurationFromOneThatEndedShortOfIt()
    {
        final EngineConfig paced = config(Map.of("run.duration", "10s", "run.rate", "1", "run.events", "0"));
        assertFalse(SoakCommand.endedEarly(paced, runSummary(9_000_000_000L, false)), "the last input's interval");
        assertTrue(SoakCommand.endedEarly(paced, runSummary(8_999_999_999L, false)));

        final EngineConfig twice = config(Map.of("run.duration", "10s", "run.rate", "2", "run.events", "0"));
        assertFalse(SoakCommand.endedEarly(twice, runSummary(9_500_000_000L, false)), "half a second an input");
        assertTrue(SoakCommand.endedEarly(twice, runSummary(9_499_999_999L, false)));

        final EngineConfig unpaced = config(Map.of("run.duration", "10s", "run.rate", "max", "run.events", "0"));
        assertFalse(SoakCommand.endedEarly(unpaced, runSummary(10_000_000_000L, false)));
        assertTrue(SoakCommand.endedEarly(unpaced, runSummary(9_999_999_999L, false)));

        final EngineConfig counted = config(Map.of("run.duration", "10s", "run.rate", "max", "run.events", "9"));
        assertFalse(SoakCommand.endedEarly(counted, runSummary(1_000_000_000L, false)), "9 published of 9");
        final EngineConfig more = config(Map.of("run.duration", "10s", "run.rate", "max", "run.events", "10"));
        assertTrue(SoakCommand.endedEarly(more, runSummary(1_000_000_000L, false)), "9 published of 10");
        assertTrue(SoakCommand.countReached(counted, runSummary(1_000_000_000L, false)), "the count ended it");
        assertFalse(SoakCommand.countReached(more, runSummary(1_000_000_000L, false)));

        final EngineConfig unbounded = config(Map.of("run.duration", "0s", "run.rate", "max", "run.events", "10"));
        assertFalse(SoakCommand.endedEarly(unbounded, runSummary(1_000_000_000L, false)), "no duration to end before");
    }

    private static EngineConfig config(final Map<String, String> values)
    {
        return new ConfigLoader().load(null, Map.of(), values);
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
            0, false, false, false);
    }
}
