package io.concurrengine.tools.soak;

import io.concurrengine.tools.soak.report.SoakReport;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        assertTrue(Pattern.compile("\"duplicates\":\\s*0[,\\s]").matcher(summary).find(), "no event duplicated");
        assertEquals(summary.trim().charAt(0), '{');
        assertTrue(Files.readString(report.resolve(SoakReport.HGRM_FILE)).contains("Percentile"));
    }
}
