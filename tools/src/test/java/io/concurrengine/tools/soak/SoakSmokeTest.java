package io.concurrengine.tools.soak;

import io.concurrengine.tools.run.RunLock;
import io.concurrengine.tools.soak.report.SoakReport;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The CI soak: about 20 s of the live pipeline at a modest paced rate, checking that every output exists, reads back
 * and holds what a person needs. No timing thresholds: the figures themselves are for people to judge.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class SoakSmokeTest
{
    private static final String[] SUMMARY_FIELDS = {
        "formatVersion", "healthy", "reasons", "eventsPerSecond", "allocatedBytesPerEvent", "stateHash",
        "run", "totals", "latency", "resources", "published", "accepted", "lost", "events", "p99Nanos", "maxNanos",
        "journalDiskPeakBytes", "heapPeakBytes", "gcCount"
    };

    @TempDir
    Path dir;

    @Test
    void shouldWriteAReadableHlogReportAndSummary() throws IOException
    {
        final Path report = dir.resolve("report");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        final int exit = command.execute("--duration", "20s", "--rate", "100000", "--report", report.toString(),
            "--journal", dir.resolve("journal").toString(), "--no-counters");
        assertTrue(exit == 0 || exit == 1, "0 healthy or 1 unhealthy, not a crash: " + exit + " " + err);
        assertTrue(out.toString().contains("soak report: "), out.toString());
        assertTrue(!out.toString().contains("Journal disk bounded:"),
            "20 s is inside the retention window (2 five-minute cycles): the journal rule is not judged. " + out);
        if (0 == exit)
        {
            assertTrue(out.toString().contains(" - HEALTHY; not evaluated (too little data, or not applicable): " +
                "Journal disk bounded\n"), "and the verdict says so: " + out);
        }

        final HistogramLogReader reader = new HistogramLogReader(report.resolve(SoakReport.HLOG_FILE).toFile());
        int intervals = 0;
        long count = 0;
        EncodableHistogram histogram;
        while (null != (histogram = reader.nextIntervalHistogram()))
        {
            intervals++;
            count += ((Histogram)histogram).getTotalCount();
        }
        assertTrue(intervals >= 15, "one interval histogram a second: " + intervals);
        assertTrue(count > 1_000_000, "latency samples in the log: " + count);

        final String html = Files.readString(report.resolve(SoakReport.REPORT_FILE));
        assertTrue(Pattern.compile("<svg").matcher(html).results().count() >= 4, "four charts or more");
        assertTrue(html.contains("HEALTHY"), "verdict shown");

        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        for (final String field : SUMMARY_FIELDS)
        {
            assertTrue(summary.contains("\"" + field + "\""), "summary.json has " + field);
        }
        assertTrue(Pattern.compile("\"lost\":\\s*0[,\\s]").matcher(summary).find(), "no event lost");
        assertTrue(Pattern.compile("\"journalRetentionSeconds\":\\s*900[,\\s]").matcher(summary).find(),
            "2 + 1 five-minute cycles: " + summary);
        assertTrue(Pattern.compile("\"stoppedEarly\":\\s*false").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("\"duplicates\":\\s*0[,\\s]").matcher(summary).find(), "no event duplicated");
        assertEquals(summary.trim().charAt(0), '{');
        assertTrue(Files.readString(report.resolve(SoakReport.HGRM_FILE)).contains("Percentile"));
    }

    @Test
    void shouldShowTheJournalDiskOfARunWithoutAJournalAsOff() throws IOException
    {
        final Path report = dir.resolve("report");
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(new StringWriter()));

        command.execute("--duration", "2s", "--rate", "1000", "--warmup", "0s", "--report", report.toString(),
            "--no-journal", "--no-counters");
        final String html = Files.readString(report.resolve(SoakReport.REPORT_FILE));
        assertTrue(html.contains("<tr><th>journal disk end / peak</th><td>off</td></tr>"), html);
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        assertTrue(Pattern.compile("\"journaled\":\\s*false[,\\s]").matcher(summary).find(), summary);
    }

    @Test
    void shouldNameTheDurationWhenItIsGivenAsZero()
    {
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));

        assertEquals(2, command.execute("--duration", "0", "--report", dir.resolve("report").toString(), "--journal",
            dir.resolve("journal").toString(), "--no-counters"));
        assertTrue(err.toString().startsWith("concurrengine soak: flag --duration (run.duration): " +
            "a run needs a bound: "),
            err.toString());
    }

    /**
     * soak shares run's options: {@code --fsync} where the configuration turns journaling off is refused, not ignored.
     */
    @Test
    void shouldRefuseAnFsyncWhereTheConfigurationTurnsJournalingOff() throws IOException
    {
        final Path off = Files.writeString(dir.resolve("off.toml"), "[journal]\nenabled = false\n");
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));

        assertEquals(2, command.execute("--config", off.toString(), "--fsync", "on-close", "--report",
            dir.resolve("report").toString(), "--no-counters"));
        assertTrue(err.toString().startsWith("concurrengine soak: flag --fsync (journal.fsync): " +
            "--fsync on-close says " +
            "when the journal is forced to the device, and journal.enabled is false (" + off + ":2:1)"),
            err.toString());
    }

    @Test
    void shouldRefuseAReportDirectoryItCannotWriteBeforeReplacingTheJournal() throws IOException
    {
        final Path unwritable = Path.of("/proc/1");
        assumeTrue(Files.isDirectory(unwritable) && !canCreateIn(unwritable), "a directory nobody may write in");
        assertRefusedBeforeReplacingTheJournal(unwritable, "report dir /proc/1 cannot be created or written");
    }

    @Test
    void shouldRefuseAReportFileItCannotWriteBeforeReplacingTheJournal() throws IOException
    {
        final Path report = Files.createDirectories(dir.resolve("report").resolve(SoakReport.HLOG_FILE));
        assertRefusedBeforeReplacingTheJournal(report.getParent(), "report dir " + report.getParent() +
            " cannot be created or written: is a directory: " + report + "\n");
    }

    /**
     * Two soaks writing one report directory would write their logs into one file (the later truncating it under the
     * earlier, which wrote on past a run of zero bytes) and leave one's page beside the other's summary.
     */
    @Test
    void shouldRefuseAReportDirAnotherSoakIsWriting() throws IOException
    {
        final Path report = Files.createDirectories(dir.resolve("report"));
        Files.writeString(report.resolve(SoakReport.SUMMARY_FILE), "the other soak's");
        try (RunLock other = RunLock.acquire(report, SoakCommand.LOCK_FILE))
        {
            assertNotNull(other, "the other soak's lock");
            assertRefusedBeforeReplacingTheJournal(report, "report dir " + report + " is being written by a soak " +
                "in progress (pid " + ProcessHandle.current().pid() + "); wait for it to end or choose another " +
                "--report DIR\n");
        }
        assertEquals("the other soak's", Files.readString(report.resolve(SoakReport.SUMMARY_FILE)));
    }

    /**
     * Each run replaces what its journal directory holds: a report there would be moved away with the earlier run's
     * journal, or refused as files no run wrote, by the next soak. Refused before anything is created.
     */
    @Test
    void shouldRefuseAReportDirInTheJournalDir()
    {
        final Path journal = dir.resolve("journal");
        for (final Path report : new Path[] {journal, journal.resolve("soak"), journal.resolve("shard-0/..")})
        {
            assertEquals("concurrengine soak: --report " + report + " is in the journal dir " + journal +
                ", which each run replaces: choose a --report DIR outside it\n", refusedAtStart(report, journal));
            assertFalse(Files.exists(journal), "nothing created: " + report);
        }
    }

    /**
     * A report dir in another run's journal dir (as the README says, and benchmark's --dir is refused) was written
     * there: the next run in that journal dir refused it for a directory no run wrote, or moved the report away.
     */
    @Test
    void shouldRefuseAReportDirInAnotherRunsJournalDir() throws IOException
    {
        final Path earlier = dir.resolve("earlier");
        Files.createDirectories(earlier.resolve("shard-0"));
        Files.writeString(earlier.resolve("run.toml"), "[engine]\nshards = 1\n");
        final Path report = earlier.resolve("soak");

        assertEquals("concurrengine soak: --report " + report + " is in the journal dir " + earlier + " of a run, " +
            "which each run replaces: choose a --report DIR outside it\n",
            refusedAtStart(report, dir.resolve("journal")));
        assertFalse(Files.exists(report), "nothing created");
        assertFalse(Files.exists(dir.resolve("journal")), "nothing created");
    }

    /**
     * A journal dir where a report file goes was made by the run, then removed as an earlier soak's file as the run
     * started, which failed, and took the report's place: its file could not be written at the end (exit 1).
     */
    @Test
    void shouldRefuseAJournalDirWhereAReportFileGoes()
    {
        final Path report = dir.resolve("report");
        for (final Path journal : new Path[] {report.resolve(SoakReport.SUMMARY_FILE),
            report.resolve(SoakReport.HLOG_FILE).resolve("journal")})
        {
            final String err = refusedAtStart(report, journal);

            assertTrue(err.startsWith("concurrengine soak: journal dir " + journal + " is, or is in, " +
                report.resolve(journal.startsWith(report.resolve(SoakReport.SUMMARY_FILE)) ? SoakReport.SUMMARY_FILE :
                SoakReport.HLOG_FILE) + ", a file the soak writes in its --report DIR"), err);
            assertFalse(Files.exists(report), "nothing created: " + journal);
        }
    }

    /**
     * A counters file where a report file goes was removed as an earlier soak's file as the run started (its
     * {@code latency.hlog} truncated under the counters' mapping), its counters gone while the run went on.
     */
    @Test
    void shouldRefuseACountersFileWhereAReportFileGoes() throws IOException
    {
        final Path report = dir.resolve("report");
        final Path counters = report.resolve(SoakReport.HLOG_FILE);
        final Path config = Files.writeString(dir.resolve("counters.toml"),
            "[telemetry]\ncounters_file = \"" + counters + "\"\n");
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));

        assertEquals(2, command.execute("--config", config.toString(), "--duration", "2s", "--rate", "1000",
            "--warmup", "0s", "--report", report.toString(), "--no-journal"), err.toString());
        assertEquals("concurrengine soak: counters file " + counters + " is, or is in, " + counters + ", a file the " +
            "soak writes in its --report DIR: choose another telemetry.counters_file\n", err.toString());
        assertFalse(Files.exists(report), "nothing created");
    }

    /**
     * @return what a soak given {@code report} and {@code journal}, refused at start (exit 2), said on stderr.
     */
    private static String refusedAtStart(final Path report, final Path journal)
    {
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));

        assertEquals(2, command.execute("--duration", "2s", "--rate", "1000", "--warmup", "0s", "--report",
            report.toString(), "--journal", journal.toString(), "--no-counters"), err.toString());
        return err.toString();
    }

    /**
     * A report dir reached through a symbolic link to the journal dir (or a journal dir named through one) is in it
     * too: it was created there, then refused as files no earlier run wrote, and left behind in the journal dir.
     */
    @Test
    void shouldRefuseAReportDirInTheJournalDirThroughASymbolicLink() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("jj"));
        final Path link = Files.createSymbolicLink(dir.resolve("jjlink"), journal);
        final Path[][] cases = {{link.resolve("rep"), journal}, {journal.resolve("rep2"), link}};
        for (final Path[] c : cases)
        {
            final StringWriter err = new StringWriter();
            final CommandLine command = new CommandLine(new SoakCommand());
            command.setOut(new PrintWriter(new StringWriter()));
            command.setErr(new PrintWriter(err));

            assertEquals(2, command.execute("--duration", "2s", "--rate", "1000", "--warmup", "0s", "--report",
                c[0].toString(), "--journal", c[1].toString(), "--no-counters"), err.toString());
            assertEquals("concurrengine soak: --report " + c[0] + " is in the journal dir " + c[1] +
                ", which each run replaces: choose a --report DIR outside it\n", err.toString());
            try (Stream<Path> files = Files.list(journal))
            {
                assertEquals(List.of(), files.collect(Collectors.toList()), "nothing created: " + c[0]);
            }
        }
    }

    /**
     * A soak with {@code --report reportDir} exits 2 with {@code problem} in its error, and an earlier run's journal
     * is left as it was.
     */
    private void assertRefusedBeforeReplacingTheJournal(final Path reportDir, final String problem) throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        Files.writeString(journal.resolve("run.toml"), "# an earlier run's\n");
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(err));

        assertEquals(2, command.execute("--duration", "2s", "--rate", "1000", "--warmup", "0s", "--report",
            reportDir.toString(), "--journal", journal.toString(), "--no-counters"));
        assertTrue(err.toString().contains(problem), err.toString());
        assertEquals("# an earlier run's\n", Files.readString(journal.resolve("run.toml")),
            "the earlier journal is left as it was");
    }

    /**
     * An earlier soak's report goes only when this soak's run starts: one refused at start leaves it as it was.
     */
    @Test
    void shouldLeaveAnEarlierReportWhenRefusedAtStart() throws IOException
    {
        final Path report = Files.createDirectories(dir.resolve("report"));
        Files.writeString(report.resolve(SoakReport.SUMMARY_FILE), "an earlier soak's");
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, command.execute("--feed", dir.resolve("missing.csv").toString(), "--duration", "2s",
            "--report", report.toString(), "--no-journal", "--no-counters"));
        assertEquals("an earlier soak's", Files.readString(report.resolve(SoakReport.SUMMARY_FILE)));
    }

    /**
     * The report's files replace a dangling symbolic link of their name as they are written: checking before the run
     * that they can be written must not create the file such a link names, wherever it is.
     */
    @Test
    void shouldNotCreateTheFileADanglingLinkInTheReportDirNames() throws IOException
    {
        final Path report = Files.createDirectories(dir.resolve("report"));
        final Path named = dir.resolve("named-by-a-link");
        Files.createSymbolicLink(report.resolve(SoakReport.SUMMARY_FILE), named);
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, command.execute("--feed", dir.resolve("missing.csv").toString(), "--duration", "2s",
            "--report", report.toString(), "--no-journal", "--no-counters"));
        assertFalse(Files.exists(named), "created through the link");
    }

    @Test
    void shouldFailNamingTheHlogWhenItsWritesFail() throws IOException
    {
        final Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && Files.isWritable(full), "a device every write to fails: no space left");
        final Path report = Files.createDirectories(dir.resolve("report"));
        Files.createSymbolicLink(report.resolve(SoakReport.HLOG_FILE), full);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));

        assertEquals(1, command.execute("--duration", "2s", "--rate", "1000", "--warmup", "0s", "--report",
            report.toString(), "--journal", dir.resolve("journal").toString(), "--no-counters"),
            "a log that lost its intervals is a failure: " + out + err);
        assertTrue(err.toString().contains(report.resolve(SoakReport.HLOG_FILE) + " is incomplete"), err.toString());
        assertTrue(Files.exists(report.resolve(SoakReport.SUMMARY_FILE)), "the rest of the report is written");
    }

    /**
     * The report is written at the end: one that cannot be written then (here its summary's name taken by a
     * directory once the run has started, as a full disk would refuse it) still leaves the run's verdict said, and
     * the log's problem with it. The feed is a pipe the test ends, so the directory is there before the report is
     * written, whatever the machine's speed.
     */
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldSayTheVerdictAndTheHlogsProblemWhenTheReportCannotBeWritten() throws Exception
    {
        final Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && Files.isWritable(full), "a device every write to fails: no space left");
        final Path report = Files.createDirectories(dir.resolve("report"));
        Files.createSymbolicLink(report.resolve(SoakReport.HLOG_FILE), full);
        final Path earlierPage = Files.writeString(report.resolve(SoakReport.REPORT_FILE), "an earlier soak's");
        final Path fifo = dir.resolve("feed.fifo");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(err));
        final int[] exit = new int[1];
        final Thread soak = new Thread(() -> exit[0] = command.execute("--feed", fifo.toString(), "--duration",
            "60s", "--rate", "1000", "--warmup", "0s", "--report", report.toString(), "--no-journal",
            "--no-counters"));
        soak.start();
        try (OutputStream feed = Files.newOutputStream(fifo))
        {
            feed.write("10,add,17,1,buy,100,5\n11,cancel,17,1\n".getBytes(StandardCharsets.US_ASCII));
            feed.flush();
            while (Files.exists(earlierPage)) // removed as the run starts
            {
                Thread.sleep(10);
            }
            Files.createDirectories(report.resolve(SoakReport.SUMMARY_FILE).resolve("taken"));
        }
        soak.join();

        assertEquals(1, exit[0], out + "\n" + err);
        assertTrue(err.toString().contains("concurrengine soak: cannot write the report to " + report + ": ") &&
            err.toString().contains("; the run was UNHEALTHY: Ran its duration: ended after "), err.toString());
        assertTrue(err.toString().contains(report.resolve(SoakReport.HLOG_FILE) + " is incomplete"), err.toString());
    }

    @Test
    void shouldGiveTheStartOfTheMeasuredRunAfterItsWarmUp() throws IOException
    {
        final Path report = dir.resolve("report");
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(new StringWriter()));
        command.setErr(new PrintWriter(new StringWriter()));
        final Instant beforeWarmUp = Instant.now();

        command.execute("--duration", "1s", "--rate", "1000", "--warmup", "2s", "--report", report.toString(),
            "--journal", dir.resolve("journal").toString(), "--no-counters");
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        final Matcher start = Pattern.compile("\"startTime\":\\s*\"([^\"]+)\"").matcher(summary);
        assertTrue(start.find(), summary);
        assertFalse(Instant.parse(start.group(1)).isBefore(beforeWarmUp.plusSeconds(2)),
            "the run, as its 1 s duration and the .hlog, starts once the 2 s warm-up is over: " + start.group(1) +
            ", warm-up from " + beforeWarmUp);
    }

    @Test
    void shouldNameAMalformedFeedLineAsTheFeedsProblemNotAnEngineFailure() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("orders.csv"),
            "10,add,17,1,buy,100,5\n11,cancel,17,1\n12,add,17,2,buy,10x,5\n13,cancel,17,2\n");
        final Path report = dir.resolve("report");
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));

        assertEquals(2, command.execute("--feed", feed.toString(), "--duration", "5s", "--rate", "1000", "--warmup",
            "0s", "--report", report.toString(), "--journal", dir.resolve("journal").toString(), "--no-counters"));
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        assertTrue(summary.contains("feed " + feed + ":3: field 6 (price)"), summary);
        assertTrue(!summary.contains("engine failed"), "the engine did not fail, the feed stopped: " + summary);
        assertTrue(!out.toString().contains("engine failed"), out.toString());
    }

    /**
     * A feed file of 2,000 inputs at 1,000/s runs out after about 2 s of the 20 s asked for: the soak has not shown
     * health for its duration.
     */
    @Test
    void shouldFailASoakWhoseFeedEndedBeforeItsDuration() throws IOException
    {
        final StringBuilder lines = new StringBuilder();
        for (int i = 0; i < 1_000; i++)
        {
            lines.append(10 + i).append(",add,17,").append(i + 1).append(",buy,100,5\n")
                .append(10 + i).append(",cancel,17,").append(i + 1).append('\n');
        }
        final Path feed = Files.writeString(dir.resolve("orders.csv"), lines);
        final Path report = dir.resolve("report");
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));

        assertEquals(1, command.execute("--feed", feed.toString(), "--duration", "20s", "--rate", "1000", "--warmup",
            "0s", "--report", report.toString(), "--no-journal", "--no-counters"), out.toString());
        assertTrue(out.toString().contains("UNHEALTHY: Ran its duration: ended after "), out.toString());
        assertTrue(out.toString().contains(" s of the 20 s asked for"), out.toString());
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        assertTrue(Pattern.compile("\"endedEarly\":\\s*true[,\\s]").matcher(summary).find(), summary);
        assertTrue(Pattern.compile("\"requestedDurationSeconds\":\\s*20[,\\s]").matcher(summary).find(), summary);
        final String html = Files.readString(report.resolve(SoakReport.REPORT_FILE));
        assertTrue(html.contains("of the 0:20 asked for"), html);
    }

    @Test
    void shouldLetAConfigurationFileOverrideTheSoakDefaults() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("soak.toml"),
            "[run]\nrate = 50000\nduration = \"3s\"\nwarmup = \"0s\"\n[journal]\nroll_cycle = \"minutely\"\n" +
            "retain_cycles = 1\n");
        final Path report = dir.resolve("report");
        final StringWriter out = new StringWriter();
        final CommandLine command = new CommandLine(new SoakCommand());
        command.setOut(new PrintWriter(out));
        command.setErr(new PrintWriter(new StringWriter()));

        command.execute("--config", config.toString(), "--report", report.toString(), "--journal",
            dir.resolve("journal").toString(), "--no-counters");
        final String summary = Files.readString(report.resolve(SoakReport.SUMMARY_FILE));
        assertTrue(Pattern.compile("\"journalRetentionSeconds\":\\s*120[,\\s]").matcher(summary).find(),
            "(1 + 1) one-minute cycles: " + summary);
        assertTrue(Pattern.compile("\"targetInputsPerSecond\":\\s*50000[,\\s]").matcher(summary).find(), summary);
        assertTrue(out.toString().contains("rate 50,000/s"), out.toString());
    }

    private static boolean canCreateIn(final Path directory)
    {
        try
        {
            Files.delete(Files.createTempFile(directory, "probe", ".tmp"));
            return true;
        }
        catch (final IOException ex)
        {
            return false;
        }
    }
}
