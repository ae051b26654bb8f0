package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.histogram;
import static io.concurrengine.tools.soak.report.SoakFixtures.steadyRun;
import static io.concurrengine.tools.soak.report.SoakFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SoakReportTest
{
    private static final Pattern HGRM_HEADER =
        Pattern.compile("^\\s+Value\\s+Percentile\\s+TotalCount\\s+1/\\(1-Percentile\\)\\s*$", Pattern.MULTILINE);
    private static final Pattern HGRM_LINE =
        Pattern.compile("^\\s+([0-9.]+)\\s+(0\\.5000+)\\s+([0-9]+)\\s+([0-9.]+)\\s*$", Pattern.MULTILINE);
    private static final Pattern HGRM_MAX = Pattern.compile("^#\\[Max\\s+=\\s+([0-9.]+),", Pattern.MULTILINE);

    @TempDir
    Path directory;

    @Test
    void shouldDrawTheChartsAndTheVerdict() throws IOException
    {
        final String html = writeHealthyRun(600);

        assertTrue(count(html, "<svg") >= 4, "charts=" + count(html, "<svg"));
        assertTrue(html.contains("<strong>HEALTHY</strong>"));
        assertFalse(html.contains("UNHEALTHY"));
    }

    @Test
    void shouldSayWhyAHealthyRunIsHealthy() throws IOException
    {
        final String html = writeHealthyRun(600);

        assertTrue(html.contains("healthy because these rules passed: No lost inputs, No duplicates, "
            + "No failed dispatches, Flat P99, Throughput holds the target, Heap bounded"), html);
    }

    @Test
    void shouldShowTheReasonsOfAnUnhealthyRun() throws IOException
    {
        final List<SoakInterval> intervals = steadyRun(60);
        final Histogram total = histogram(1_000);
        SoakReport.write(directory, summary(intervals, cleanTotals(), total, List.of("engine failed: <boom>")),
            intervals, total);

        final String html = read(SoakReport.REPORT_FILE);

        assertTrue(html.contains("<strong>UNHEALTHY</strong>"));
        assertTrue(html.contains("<li>engine failed: &lt;boom&gt;</li>"));
    }

    @Test
    void shouldEscapeMarkupInTheRunsOwnText() throws IOException
    {
        final SoakSummary summary = withText("concurrengine soak --feed-file '<script>alert(1)</script>'",
            "[journal]\ndir = \"/tmp/<script>x</script>\"\n", List.of("engine failed: <script>boom</script>"));

        final String html = writeTextRun(summary);

        assertFalse(html.contains("<script"), html);
        assertTrue(html.contains("--feed-file &#39;&lt;script&gt;alert(1)&lt;/script&gt;&#39;"), html);
        assertTrue(html.contains("dir = &quot;/tmp/&lt;script&gt;x&lt;/script&gt;&quot;"), html);
        assertTrue(html.contains("<li>engine failed: &lt;script&gt;boom&lt;/script&gt;</li>"), html);
    }

    @Test
    void shouldShowControlCharactersInTheRunsOwnTextVisibly() throws IOException
    {
        final SoakSummary summary = withText("concurrengine soak --feed-file /tmp/a\u001b[31mb\nc\u007fd",
            "[journal]\ndir = \"/tmp/x\u0000y\u0007z\"\r\n\tretention = \"1h\"\n",
            List.of("engine failed: bad\u001b]0;title\u0007 path\nforged line"));

        final String html = writeTextRun(summary);

        for (int i = 0; i < html.length(); i++)
        {
            final char c = html.charAt(i);
            assertTrue('\n' == c || '\t' == c || c >= 0x20 && c != 0x7F,
                "U+" + Integer.toHexString(c) + " at " + i + " in " + html);
        }
        assertTrue(html.contains("--feed-file /tmp/a\\x1b[31mb\\nc\\x7fd</pre>"), html);
        assertTrue(html.contains("dir = &quot;/tmp/x\\x00y\\x07z&quot;\\r\n\tretention"), html);
        assertTrue(html.contains("<li>engine failed: bad\\x1b]0;title\\x07 path\\nforged line</li>"), html);
    }

    @Test
    void shouldExplainEveryHealthRule() throws IOException
    {
        final String html = writeHealthyRun(600);

        final SoakRun run = summary(steadyRun(600), cleanTotals(), histogram(10), List.of()).run();
        for (final SoakHealth.Check check : SoakHealth.checks(run, cleanTotals(), steadyRun(600)))
        {
            assertTrue(html.contains(Text.html(check.rule())), check.name());
        }
    }

    @Test
    void shouldBeSelfContained() throws IOException
    {
        final String html = writeHealthyRun(600);

        assertFalse(html.contains("<script"));
        assertFalse(html.contains("<link"));
        assertFalse(html.contains("@import"));
        assertFalse(html.contains("url(http"));
        assertFalse(html.contains("src="));
    }

    @Test
    void shouldLinkTheOtherFilesByRelativeName() throws IOException
    {
        final String html = writeHealthyRun(60);

        assertTrue(html.contains("href=\"latency.hgrm\""));
        assertTrue(html.contains("href=\"latency.hlog\""));
        assertTrue(html.contains("href=\"summary.json\""));
    }

    @Test
    void shouldWriteTheSummaryJson() throws IOException
    {
        writeHealthyRun(60);

        final Object json = MiniJson.parse(read(SoakReport.SUMMARY_FILE));

        assertEquals(Boolean.TRUE, ((Map<?, ?>)json).get("healthy"));
    }

    @Test
    void shouldWriteAnHgrmThatReadsBackInMicroseconds() throws IOException
    {
        final Histogram total = histogram(10_000);
        final List<SoakInterval> intervals = steadyRun(60);
        SoakReport.write(directory, summary(intervals, cleanTotals(), total, List.of()), intervals, total);

        final String hgrm = read(SoakReport.HGRM_FILE);

        assertTrue(HGRM_HEADER.matcher(hgrm).find(), hgrm);
        final Matcher median = HGRM_LINE.matcher(hgrm);
        assertTrue(median.find(), "no 50% line");
        assertEquals(total.getValueAtPercentile(50) / 1000.0, Double.parseDouble(median.group(1)), 0.001);
        final Matcher max = HGRM_MAX.matcher(hgrm);
        assertTrue(max.find(), "no max line");
        assertEquals(total.getMaxValue() / 1000.0, Double.parseDouble(max.group(1)), 0.01);
    }

    /**
     * A write cut short (here by a file size limit, which fails a write as a full disk does, for root too) is an
     * error, and leaves each file of the report there whole: as the earlier report wrote it, or as this one did
     * before the failure, never cut off; and no temporary file behind.
     */
    @Test
    void shouldLeaveEveryFileWholeWhenAWriteFails() throws IOException, InterruptedException
    {
        final Path shell = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(shell), "a POSIX shell, for ulimit");
        final Path report = directory.resolve("report");
        final Path earlier = directory.resolve("earlier");
        final Path later = directory.resolve("later");
        writeRun(report, List.of());
        writeRun(earlier, List.of());
        writeRun(later, LaterRun.REASONS);

        // 16 blocks of 512 or 1024 bytes, less than the page: a JVM ignores SIGXFSZ, so the write fails with EFBIG
        final Process process = new ProcessBuilder(shell.toString(), "-c", "ulimit -f 16 && exec \"$@\"", "sh",
            ProcessHandle.current().info().command().orElse("java"), "-XX:-UsePerfData", "-cp",
            System.getProperty("java.class.path"), LaterRun.class.getName(), report.toString())
            .redirectErrorStream(true).start();
        final String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), output);

        assertEquals(1, process.exitValue(), output);
        assertTrue(output.contains("File too large"), output);
        for (final String name : List.of(SoakReport.SUMMARY_FILE, SoakReport.HGRM_FILE, SoakReport.REPORT_FILE))
        {
            final byte[] bytes = Files.readAllBytes(report.resolve(name));
            assertTrue(Arrays.equals(Files.readAllBytes(earlier.resolve(name)), bytes) ||
                Arrays.equals(Files.readAllBytes(later.resolve(name)), bytes), name + " cut off at " + bytes.length);
        }
        assertArrayEquals(Files.readAllBytes(earlier.resolve(SoakReport.REPORT_FILE)),
            Files.readAllBytes(report.resolve(SoakReport.REPORT_FILE)), "the page, larger than the limit, as it was");
        try (Stream<Path> files = Files.list(report))
        {
            assertEquals(List.of(SoakReport.HGRM_FILE, SoakReport.REPORT_FILE, SoakReport.SUMMARY_FILE),
                files.map(file -> file.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    /**
     * A file that cannot be written (here one whose place a directory holds) is named, with the files written before
     * it and those not: soak said "cannot write the report to DIR: no space left on device", which names none.
     */
    @Test
    void shouldNameTheFileItCouldNotWriteAndThoseItWrote() throws IOException
    {
        final Path report = directory.resolve("report");
        Files.createDirectories(report.resolve(SoakReport.HGRM_FILE).resolve("taken"));

        final SoakReport.FileNotWritten failure =
            assertThrows(SoakReport.FileNotWritten.class, () -> writeRun(report, List.of()));

        assertEquals(SoakReport.HGRM_FILE, failure.file());
        assertEquals("summary.json was written, latency.hgrm and report.html were not", failure.written());
        assertTrue(failure.getMessage().startsWith(SoakReport.HGRM_FILE + ": "), failure.getMessage());
        assertTrue(Files.isRegularFile(report.resolve(SoakReport.SUMMARY_FILE)), "written before it");
        assertFalse(Files.exists(report.resolve(SoakReport.REPORT_FILE)), "not written after it");
        assertEquals("summary.json, latency.hgrm and report.html were not written",
            new SoakReport.FileNotWritten(SoakReport.SUMMARY_FILE, new IOException("full")).written());
        assertEquals("summary.json and latency.hgrm were written, report.html was not",
            new SoakReport.FileNotWritten(SoakReport.REPORT_FILE, new IOException("full")).written());
    }

    /**
     * Writes a 600-interval run's report with the given reasons into {@code directory}.
     */
    private static void writeRun(final Path directory, final List<String> reasons) throws IOException
    {
        final List<SoakInterval> intervals = steadyRun(600);
        final Histogram total = histogram(10_000);
        SoakReport.write(directory, summary(intervals, cleanTotals(), total, reasons), intervals, total);
    }

    /**
     * A later run's report written in a JVM of its own, into the directory its argument names; exits 1 with the
     * exception's message if the write fails.
     */
    static final class LaterRun
    {
        static final List<String> REASONS = List.of("a later run");

        public static void main(final String[] args)
        {
            try
            {
                writeRun(Path.of(args[0]), REASONS);
            }
            catch (final IOException ex)
            {
                System.out.println(ex);
                System.exit(1);
            }
        }
    }

    @Test
    void shouldWriteTheSamePageTwice() throws IOException
    {
        final String first = writeHealthyRun(600);
        Files.delete(directory.resolve(SoakReport.REPORT_FILE));

        assertEquals(first, writeHealthyRun(600));
    }

    @Test
    void shouldRenderASingleInterval() throws IOException
    {
        final String html = writeHealthyRun(1);

        assertEquals(6, count(html, "<svg"));
        assertTrue(html.contains("<circle"), "a single point needs a marker");
    }

    @Test
    void shouldRenderAHundredThousandIntervalsDownsampled() throws IOException
    {
        final String html = writeHealthyRun(100_000);

        assertEquals(6, count(html, "<svg"));
        assertTrue(html.length() < 2_000_000, "length=" + html.length());
        assertTrue(html.contains("100,000 intervals in " + SoakCharts.BUCKETS + " buckets"));
    }

    @Test
    void shouldRenderARunWithNoIntervalsOrSamples() throws IOException
    {
        final Histogram empty = new Histogram(3);
        SoakReport.write(directory, summary(List.of(), cleanTotals(), empty, List.of()), List.of(), empty);

        final String html = read(SoakReport.REPORT_FILE);

        assertEquals(6, count(html, "<svg"));
        assertTrue(html.contains("no samples"));
        assertFalse(html.contains("NaN"));
    }

    @Test
    void shouldCountOneShardAndOneCoreInTheSingular() throws IOException
    {
        final List<SoakInterval> intervals = steadyRun(60);
        final Histogram total = histogram(10_000);
        final SoakSummary four = summary(intervals, cleanTotals(), total, List.of());
        assertTrue(writePage(four, intervals, total).contains("; 4 shards on 6 cores; rate "));
        final SoakRun run = four.run();
        final SoakSummary one = new SoakSummary(new SoakRun(run.commandLine(), run.startTime(), run.durationSeconds(),
            run.requestedDurationSeconds(), run.targetInputsPerSecond(), 1, 1, run.jdkVersion(), run.engineConfig(),
            run.journaled(), run.journalRetentionSeconds(), run.stoppedEarly(), run.endedEarly(),
            run.eventCountReached()), four.totals(),
            four.latency(), four.resources(), four.stateHash(), four.reasons());
        assertTrue(writePage(one, intervals, total).contains("; 1 shard on 1 core; rate "));
    }

    @Test
    void shouldCountOneIntervalOneSampleAndOneCollectionInTheSingular() throws IOException
    {
        final List<SoakInterval> one = steadyRun(1);
        final Histogram sample = histogram(1);
        final String html = writePage(summary(one, cleanTotals(), sample, List.of()), one, sample);
        assertTrue(html.contains("Warm-up, the first 0 of 1 interval (10 %"), "was 1 intervals");
        assertTrue(html.contains("percentile (log scale of 1/(1−p)); 1 sample<"), "was 1 samples");

        final List<SoakInterval> ten = steadyRun(10); // one collection, in the last interval
        assertTrue(writePage(summary(ten, cleanTotals(), sample, List.of()), ten, sample)
            .contains("GC pause per interval (ms): 1 collection, "), "was 1 collections");
    }

    private String writePage(final SoakSummary summary, final List<SoakInterval> intervals, final Histogram total)
        throws IOException
    {
        SoakReport.write(directory, summary, intervals, total);
        return read(SoakReport.REPORT_FILE);
    }

    /**
     * @return a 60-interval run's summary with the command line, engine configuration and reasons given.
     */
    private static SoakSummary withText(final String commandLine, final String engineConfig, final List<String> reasons)
    {
        final SoakSummary summary = summary(steadyRun(60), cleanTotals(), histogram(1_000), reasons);
        final SoakRun run = summary.run();
        return new SoakSummary(new SoakRun(commandLine, run.startTime(), run.durationSeconds(),
            run.requestedDurationSeconds(), run.targetInputsPerSecond(), run.shards(), run.coresUsed(),
            run.jdkVersion(), engineConfig, run.journaled(), run.journalRetentionSeconds(), run.stoppedEarly(),
            run.endedEarly(), run.eventCountReached()), summary.totals(), summary.latency(), summary.resources(), summary.stateHash(),
            summary.reasons());
    }

    private String writeTextRun(final SoakSummary summary) throws IOException
    {
        return writePage(summary, steadyRun(60), histogram(1_000));
    }

    private String writeHealthyRun(final int seconds) throws IOException
    {
        final List<SoakInterval> intervals = steadyRun(seconds);
        final Histogram total = histogram(10_000);
        SoakReport.write(directory, summary(intervals, cleanTotals(), total, List.of()), intervals, total);
        return read(SoakReport.REPORT_FILE);
    }

    private String read(final String file) throws IOException
    {
        return Files.readString(directory.resolve(file), StandardCharsets.UTF_8);
    }

    private static int count(final String text, final String needle)
    {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        {
            count++;
        }
        return count;
    }
}
