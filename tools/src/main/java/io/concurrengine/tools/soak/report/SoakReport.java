package io.concurrengine.tools.soak.report;

import io.concurrengine.tools.AtomicFiles;
import org.HdrHistogram.Histogram;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * Writes a soak run's report directory:
 * <ul>
 * <li>{@value #REPORT_FILE}: one self-contained page, the verdict first, then key figures, every health rule with
 * what was observed, six inline SVG charts (latency by percentile, latency per interval, throughput, memory and disk,
 * GC pauses, allocation rate), the configuration and links to the other files;</li>
 * <li>{@value #SUMMARY_FILE}: {@link SoakSummary#toJson()};</li>
 * <li>{@value #HGRM_FILE}: the whole-run histogram as HdrHistogram's percentile distribution text, in µs.</li>
 * </ul>
 * The page links to {@value #HLOG_FILE}, which the harness writes into the same directory while the run goes.
 * <p>
 * Threadsafe (no shared state); O(n) in the intervals, whose charts are downsampled to about a point a pixel.
 */
public final class SoakReport
{
    /**
     * The page.
     */
    public static final String REPORT_FILE = "report.html";

    /**
     * The JSON summary.
     */
    public static final String SUMMARY_FILE = "summary.json";

    /**
     * The whole-run percentile distribution.
     */
    public static final String HGRM_FILE = "latency.hgrm";

    /**
     * The interval histogram log, written by the harness.
     */
    public static final String HLOG_FILE = "latency.hlog";

    /**
     * Value units per output unit for {@value #HGRM_FILE}: the histogram holds ns, the file shows µs.
     */
    public static final double HGRM_SCALING_RATIO = 1000.0;

    private SoakReport()
    {
    }

    /**
     * Writes {@value #SUMMARY_FILE}, {@value #HGRM_FILE} and, last, {@value #REPORT_FILE} into the directory, creating
     * it if needed and replacing files of those names, each whole or not at all ({@link AtomicFiles}): a write that
     * fails leaves the file that was there.
     *
     * @param directory where the files go.
     * @param summary   the run's summary; its reasons are the verdict.
     * @param intervals the run's intervals in time order; may be empty.
     * @param total     whole-run latency histogram in ns; not modified.
     * @throws IOException when a file cannot be written; those before it have been replaced, it and those after not.
     */
    public static void write(
        final Path directory, final SoakSummary summary, final List<SoakInterval> intervals, final Histogram total)
        throws IOException
    {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(intervals, "intervals");
        Objects.requireNonNull(total, "total");
        Files.createDirectories(directory);
        AtomicFiles.writeString(directory.resolve(SUMMARY_FILE), summary.toJson());
        // rendered in memory, then written: a PrintStream on the file would swallow a failed write (a full disk)
        final ByteArrayOutputStream hgrm = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(hgrm, false, StandardCharsets.UTF_8))
        {
            total.outputPercentileDistribution(out, HGRM_SCALING_RATIO);
        }
        AtomicFiles.write(directory.resolve(HGRM_FILE), hgrm.toByteArray());
        AtomicFiles.writeString(directory.resolve(REPORT_FILE), SoakPage.render(summary, intervals, total));
    }
}
