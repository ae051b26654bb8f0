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
     * @throws IOException when a file cannot be written ({@link FileNotWritten}, naming it; those before it have been
     *                     replaced, it and those after not), or the directory cannot be made.
     */
    public static void write(
        final Path directory, final SoakSummary summary, final List<SoakInterval> intervals, final Histogram total)
        throws IOException
    {
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(intervals, "intervals");
        Objects.requireNonNull(total, "total");
        Files.createDirectories(directory);
        write(directory, SUMMARY_FILE, summary.toJson().getBytes(StandardCharsets.UTF_8));
        // rendered in memory, then written: a PrintStream on the file would swallow a failed write (a full disk)
        final ByteArrayOutputStream hgrm = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(hgrm, false, StandardCharsets.UTF_8))
        {
            total.outputPercentileDistribution(out, HGRM_SCALING_RATIO);
        }
        write(directory, HGRM_FILE, hgrm.toByteArray());
        write(directory, REPORT_FILE, SoakPage.render(summary, intervals, total).getBytes(StandardCharsets.UTF_8));
    }

    private static void write(final Path directory, final String name, final byte[] bytes) throws FileNotWritten
    {
        try
        {
            AtomicFiles.write(directory.resolve(name), bytes);
        }
        catch (final IOException ex)
        {
            throw new FileNotWritten(name, ex);
        }
    }

    /**
     * A file of the report that {@link #write} could not write: the files it writes before it ({@value #SUMMARY_FILE},
     * {@value #HGRM_FILE}, {@value #REPORT_FILE}, in that order) were written, it and those after it were not.
     */
    public static final class FileNotWritten extends IOException
    {
        private static final long serialVersionUID = 1L;

        private final String file;

        FileNotWritten(final String file, final IOException cause)
        {
            super(file + ": " + cause.getMessage(), cause);
            this.file = file;
        }

        /**
         * @return the name of the file not written, in the report's directory.
         */
        public String file()
        {
            return file;
        }

        /**
         * @return which of the report's files were written and which not, for a message: {@code summary.json was
         * written, latency.hgrm and report.html were not}.
         */
        public String written()
        {
            final List<String> files = List.of(SUMMARY_FILE, HGRM_FILE, REPORT_FILE);
            final int failed = files.indexOf(file);
            final List<String> before = files.subList(0, Math.max(0, failed));
            final List<String> after = files.subList(Math.max(0, failed), files.size());
            final String notWritten = 1 == after.size() ? after.get(0) :
                String.join(", ", after.subList(0, after.size() - 1)) + " and " + after.get(after.size() - 1);
            if (before.isEmpty())
            {
                return notWritten + (1 == after.size() ? " was" : " were") + " not written";
            }
            return String.join(" and ", before) + (1 == before.size() ? " was" : " were") + " written, " +
                notWritten + (1 == after.size() ? " was" : " were") + " not";
        }
    }
}
