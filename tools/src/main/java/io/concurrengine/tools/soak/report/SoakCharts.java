package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Builds the report's charts from a run's intervals and whole-run histogram: latency by percentile, latency
 * percentiles over time, throughput, memory and disk, GC pauses and allocation rate. Every series over time is
 * downsampled to {@link #BUCKETS} buckets, about one a pixel, drawn as the bucket means inside a min-to-max band
 * (bars: the bucket maximum), so a run of 100 000 intervals renders as fast as one of 1 000 and a one-second spike
 * still shows.
 */
final class SoakCharts
{
    static final int BUCKETS = SvgChart.PLOT_WIDTH;
    static final double MIB = 1 << 20;
    private static final int PERCENTILE_TICKS_PER_HALF_DISTANCE = 5;
    private static final String BLUE = "#2b6cb0";
    private static final String ORANGE = "#dd6b20";
    private static final String RED = "#c53030";
    private static final String GREY = "#718096";
    private static final String GREEN = "#2f855a";
    private static final String PURPLE = "#805ad5";

    private final List<SoakInterval> intervals;
    private final double[] elapsed;
    private final LinearScale time;
    private final String timeCaption;

    /**
     * @param intervals the run's intervals in time order.
     */
    SoakCharts(final List<SoakInterval> intervals)
    {
        this.intervals = intervals;
        elapsed = column(SoakInterval::elapsedSeconds);
        time = LinearScale.seconds(intervals.isEmpty() ? 0 : elapsed[elapsed.length - 1]);
        timeCaption = "elapsed (" + time.unitCaption() + ")";
    }

    /**
     * HdrHistogram's percentile plot: latency (µs, log scale) against percentile on the log(1 / (1 − p)) axis.
     *
     * @param total whole-run histogram in ns.
     * @return the chart.
     */
    static SvgChart percentileDistribution(final Histogram total)
    {
        final List<double[]> points = new ArrayList<>();
        if (total.getTotalCount() > 0)
        {
            for (final HistogramIterationValue value : total.percentiles(PERCENTILE_TICKS_PER_HALF_DISTANCE))
            {
                points.add(new double[]{value.getPercentileLevelIteratedTo(), value.getValueIteratedTo() / 1e3});
            }
        }
        final double[] xs = new double[points.size()];
        final double[] ys = new double[points.size()];
        for (int i = 0; i < xs.length; i++)
        {
            xs[i] = points.get(i)[0];
            ys[i] = points.get(i)[1];
        }
        final SvgChart chart = new SvgChart("percentiles", "Latency by percentile (µs, log scale)",
            "percentile (log scale of 1/(1−p)); " + Text.plural(total.getTotalCount(), "sample"),
            PercentileScale.forSamples(total.getTotalCount()), LogScale.covering(minPositive(ys), max(ys)))
            .line("latency", BLUE, 2, new Downsample.Points(xs, ys));
        return xs.length == 0 ? chart.note("no samples") : chart;
    }

    /**
     * @return P50, P99, P99.9 and max of each interval (µs, log scale) over time.
     */
    SvgChart latencyOverTime()
    {
        final double[] p50 = column(interval -> interval.p50Nanos() / 1e3);
        final double[] p99 = column(interval -> interval.p99Nanos() / 1e3);
        final double[] p999 = column(interval -> interval.p999Nanos() / 1e3);
        final double[] peak = column(interval -> interval.maxNanos() / 1e3);
        final double low = minPositive(p50, p99, p999, peak);
        final double high = max(p50, p99, p999, peak);
        final SvgChart chart = new SvgChart("latency", "Latency per interval (µs, log scale)", timeCaption,
            time, LogScale.covering(low, high))
            .line("max", GREY, 1, Downsample.band(elapsed, peak, BUCKETS))
            .line("P99.9", RED, 1.5, Downsample.band(elapsed, p999, BUCKETS))
            .line("P99", ORANGE, 2, Downsample.band(elapsed, p99, BUCKETS))
            .line("P50", BLUE, 2, Downsample.band(elapsed, p50, BUCKETS));
        return Double.isNaN(low) ? chart.note("no latency samples") : chart;
    }

    /**
     * @param targetInputsPerSecond paced rate, inputs/s, drawn with its {@link SoakHealth#THROUGHPUT_FLOOR} line, which
     *                              the inputs/s are held to; 0 for none.
     * @return events/s and inputs/s of each interval over time.
     */
    SvgChart throughputOverTime(final double targetInputsPerSecond)
    {
        final double[] rate = column(SoakInterval::eventsPerSecond);
        final double[] inputRate = column(SoakInterval::inputsPerSecond);
        final SvgChart chart = new SvgChart("throughput", "Throughput (events/s, inputs/s)", timeCaption, time,
            LinearScale.values(max(rate, inputRate, new double[]{targetInputsPerSecond})))
            .line("events/s", BLUE, 1.5, Downsample.band(elapsed, rate, BUCKETS))
            .line("inputs/s", ORANGE, 1.5, Downsample.band(elapsed, inputRate, BUCKETS));
        if (targetInputsPerSecond > 0)
        {
            chart.reference("target", GREEN, targetInputsPerSecond)
                .reference(Math.round(SoakHealth.THROUGHPUT_FLOOR * 100) + " % of target", RED,
                    SoakHealth.THROUGHPUT_FLOOR * targetInputsPerSecond);
        }
        return noteWhenEmpty(chart);
    }

    /**
     * @param journaled the run wrote a journal: false leaves out its disk line, a flat 0.
     * @return heap, off-heap, mapped and journal disk (MiB) over time.
     */
    SvgChart memoryOverTime(final boolean journaled)
    {
        final double[] heap = column(interval -> interval.heapUsedBytes() / MIB);
        final double[] offHeap = column(interval -> interval.offHeapBytes() / MIB);
        final double[] mapped = column(interval -> interval.mappedBytes() / MIB);
        final double[] disk = column(interval -> interval.journalDiskBytes() / MIB);
        final double top = max(heap, offHeap, mapped, disk);
        final SvgChart chart = new SvgChart("memory", journaled ? "Memory and journal disk (MiB)" :
            "Memory (MiB; journal off)", timeCaption, time, LinearScale.values(top))
            .line("heap used", GREEN, 1.5, Downsample.band(elapsed, heap, BUCKETS))
            .line("off-heap (direct)", BLUE, 1.5, Downsample.band(elapsed, offHeap, BUCKETS))
            .line("mapped", PURPLE, 1.5, Downsample.band(elapsed, mapped, BUCKETS));
        if (journaled)
        {
            chart.line("journal disk", ORANGE, 1.5, Downsample.band(elapsed, disk, BUCKETS));
        }
        return noteWhenEmpty(chart);
    }

    /**
     * @return GC pause in each interval (ms) as bars, the largest per bucket when downsampled.
     */
    SvgChart gcPauses()
    {
        final double[] pause = delta(SoakInterval::gcPauseMillis);
        final long collections = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).gcCount();
        final long total = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).gcPauseMillis();
        final SvgChart chart = new SvgChart("gc", "GC pause per interval (ms): " +
            Text.plural(collections, "collection") + ", " + Text.count(total) + " ms in all", timeCaption, time,
            LinearScale.values(max(pause)))
            .bars("GC pause", RED, Downsample.max(elapsed, pause, BUCKETS));
        return intervals.isEmpty() ? chart.note("no data") : 0 == total ? chart.note("no GC pauses") : chart;
    }

    /**
     * @return heap allocation rate (MiB/s) over time, from the cumulative allocation of consecutive intervals.
     */
    SvgChart allocationRate()
    {
        final double[] bytes = delta(SoakInterval::allocatedBytes);
        final double[] rate = new double[bytes.length];
        for (int i = 0; i < rate.length; i++)
        {
            final double seconds = elapsed[i] - (0 == i ? 0 : elapsed[i - 1]);
            rate[i] = seconds > 0 ? bytes[i] / seconds / MIB : Double.NaN;
        }
        return noteWhenEmpty(new SvgChart("allocation", "Heap allocation rate (MiB/s)", timeCaption, time,
            LinearScale.values(max(rate)))
            .line("allocated", PURPLE, 1.5, Downsample.band(elapsed, rate, BUCKETS)));
    }

    private SvgChart noteWhenEmpty(final SvgChart chart)
    {
        return intervals.isEmpty() ? chart.note("no data") : chart;
    }

    private double[] column(final ToDoubleFunction<SoakInterval> field)
    {
        final double[] values = new double[intervals.size()];
        for (int i = 0; i < values.length; i++)
        {
            values[i] = field.applyAsDouble(intervals.get(i));
        }
        return values;
    }

    private double[] delta(final ToLongFunction<SoakInterval> cumulative)
    {
        final double[] values = new double[intervals.size()];
        long previous = 0;
        for (int i = 0; i < values.length; i++)
        {
            final long current = cumulative.applyAsLong(intervals.get(i));
            values[i] = Math.max(0, current - previous);
            previous = current;
        }
        return values;
    }

    private static double max(final double[]... series)
    {
        return Arrays.stream(series).flatMapToDouble(Arrays::stream).filter(value -> !Double.isNaN(value))
            .max().orElse(Double.NaN);
    }

    private static double minPositive(final double[]... series)
    {
        return Arrays.stream(series).flatMapToDouble(Arrays::stream).filter(value -> value > 0)
            .min().orElse(Double.NaN);
    }
}
