package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What each chart of the report plots, in its units, from intervals whose values land on round pixels: on a time axis
 * of 2 s a second is at x 474 and the second at 884, of 3 s at 337.3, 610.7 and 884; on a y axis from 0 the top is
 * at 34 and the bottom at 258.
 */
class SoakChartsTest
{
    private static final long MIB = 1L << 20;

    @Test
    void shouldPlotEachIntervalsLatencyPercentilesInMicrosecondsLeavingAnIntervalWithoutSamplesAGap()
    {
        final List<SoakInterval> intervals = List.of(latency(1, 1_000, 10_000, 100_000, 1_000_000),
            latency(2, 1_000, 10_000, 100_000, 1_000_000), latency(3, 0, 0, 0, 0));

        final String svg = SvgChartTest.render(new SoakCharts(intervals).latencyOverTime());

        // a log axis of 1 to 1,000 µs: a decade is 74.7 px
        assertTrue(svg.contains(line("#2b6cb0", "2", "M337.3 258L610.7 258")), "P50 at 1 µs: " + svg);
        assertTrue(svg.contains(line("#dd6b20", "2", "M337.3 183.3L610.7 183.3")), "P99 at 10 µs: " + svg);
        assertTrue(svg.contains(line("#c53030", "1.5", "M337.3 108.7L610.7 108.7")), "P99.9 at 100 µs: " + svg);
        assertTrue(svg.contains(line("#718096", "1", "M337.3 34L610.7 34")), "max at 1,000 µs: " + svg);
        assertTrue(svg.contains(">1,000</text>"), svg);
        assertTrue(svg.contains(">elapsed (s)</text>"), svg);
        assertFalse(svg.contains("no latency samples"), svg);

        assertTrue(SvgChartTest.render(new SoakCharts(List.of(latency(1, 0, 0, 0, 0))).latencyOverTime())
            .contains(">no latency samples</text>"));
    }

    @Test
    void shouldPlotEventsAndInputsPerSecondWithTheTargetAndTheFloorTheInputsAreHeldTo()
    {
        final List<SoakInterval> intervals = List.of(rate(1, 1_000, 500), rate(2, 1_000, 500));

        final String svg = SvgChartTest.render(new SoakCharts(intervals).throughputOverTime(1_000));

        assertTrue(svg.contains(line("#2b6cb0", "1.5", "M474 34L884 34")), "events/s at the top of 0 to 1,000: " + svg);
        assertTrue(svg.contains(line("#dd6b20", "1.5", "M474 146L884 146")), "inputs/s half-way: " + svg);
        assertTrue(svg.contains("<line x1=\"64\" x2=\"884\" y1=\"34\" y2=\"34\" stroke=\"#2f855a\" " +
            "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"), "the target: " + svg);
        assertTrue(svg.contains("<line x1=\"64\" x2=\"884\" y1=\"56.4\" y2=\"56.4\" stroke=\"#c53030\" " +
            "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>"), "90 % of it: " + svg);
        assertTrue(svg.contains(">90 % of target</text>"), svg);

        final String above = SvgChartTest.render(new SoakCharts(intervals).throughputOverTime(2_000));
        assertTrue(above.contains("d=\"M474 146L884 146\"/>"), "events/s half-way to a target of 2,000: " + above);

        final String unpaced = SvgChartTest.render(new SoakCharts(intervals).throughputOverTime(0));
        assertFalse(unpaced.contains("target</text>"), unpaced);
        assertFalse(unpaced.contains("stroke-dasharray=\"6 4\"/>\n"), unpaced);
        assertTrue(unpaced.contains("d=\"M474 34L884 34\"/>"), unpaced);
    }

    @Test
    void shouldPlotMemoryInMibAndTheJournalsDiskOnlyWhenTheRunWroteOne()
    {
        final List<SoakInterval> intervals = List.of(memory(1), memory(2));

        final String journaled = SvgChartTest.render(new SoakCharts(intervals).memoryOverTime(true));

        assertTrue(journaled.contains("aria-label=\"Memory and journal disk (MiB)\""), journaled);
        assertTrue(journaled.contains(line("#2f855a", "1.5", "M474 146L884 146")),
            "heap: 100 of 0 to 200 MiB: " + journaled);
        assertTrue(journaled.contains(line("#2b6cb0", "1.5", "M474 202L884 202")), "off-heap: 50 MiB: " + journaled);
        assertTrue(journaled.contains(line("#805ad5", "1.5", "M474 230L884 230")), "mapped: 25 MiB: " + journaled);
        assertTrue(journaled.contains(line("#dd6b20", "1.5", "M474 34L884 34")), "journal disk: 200 MiB: " + journaled);
        assertTrue(journaled.contains(">journal disk</text>"), journaled);

        final String off = SvgChartTest.render(new SoakCharts(intervals).memoryOverTime(false));
        assertTrue(off.contains("aria-label=\"Memory (MiB; journal off)\""), off);
        assertFalse(off.contains("journal disk"), off);
        assertFalse(off.contains("stroke=\"#dd6b20\""), off);
    }

    @Test
    void shouldDrawTheGcPauseOfEachIntervalFromTheCumulativeTotals()
    {
        final List<SoakInterval> intervals = List.of(gc(1, 0, 0), gc(2, 2, 10), gc(3, 2, 10));

        final String svg = SvgChartTest.render(new SoakCharts(intervals).gcPauses());

        assertTrue(svg.contains("aria-label=\"GC pause per interval (ms): 2 collections, 10 ms in all\""), svg);
        assertTrue(svg.contains("stroke=\"#c53030\" stroke-width=\"24\" d=\"M610.7 258V34\"/>"),
            "one bar, in the second interval, to the top of 0 to 10 ms: " + svg);
        assertFalse(svg.contains("no GC pauses"), svg);

        assertTrue(SvgChartTest.render(new SoakCharts(List.of(gc(1, 0, 0), gc(2, 0, 0))).gcPauses())
            .contains(">no GC pauses</text>"));
        final String none = SvgChartTest.render(new SoakCharts(List.of()).gcPauses());
        assertTrue(none.contains(">no data</text>") && none.contains("0 collections, 0 ms in all"), none);
    }

    @Test
    void shouldPlotTheAllocationRateOverTheTimeBetweenIntervals()
    {
        final List<SoakInterval> intervals = List.of(allocated(1, MIB), allocated(2, 3 * MIB), allocated(4, 4 * MIB));

        final String svg = SvgChartTest.render(new SoakCharts(intervals).allocationRate());

        // 1 MiB in the first second, 2 MiB in the next, 1 MiB in the two after: 0 to 2 MiB/s, 0 to 4 s
        assertTrue(svg.contains(line("#805ad5", "1.5", "M269 146L474 34L884 202")), svg);
        assertFalse(svg.contains("no data"), svg);
        assertTrue(SvgChartTest.render(new SoakCharts(List.of()).allocationRate()).contains(">no data</text>"));
    }

    @Test
    void shouldPlotTheWholeRunsLatencyInMicrosecondsByPercentile()
    {
        final Histogram total = new Histogram(3);
        total.recordValueWithCount(1_000, 10);

        final String svg = SvgChartTest.render(SoakCharts.percentileDistribution(total));

        assertTrue(svg.contains("text-anchor=\"end\" fill=\"#4a5568\">1</text>") &&
            svg.contains("text-anchor=\"end\" fill=\"#4a5568\">10</text>"), "1 µs on an axis of 1 to 10: " + svg);
        assertTrue(svg.contains("stroke-linejoin=\"round\" d=\"M64 258L"), svg);
        assertTrue(svg.contains(">percentile (log scale of 1/(1−p)); 10 samples</text>"), svg);
        assertFalse(svg.contains("no samples"), svg);

        final String empty = SvgChartTest.render(SoakCharts.percentileDistribution(new Histogram(3)));
        assertTrue(empty.contains(">no samples</text>") && empty.contains("stroke-linejoin=\"round\" d=\"\""), empty);
    }

    /** The path of a line of that colour and stroke width through those points. */
    private static String line(final String color, final String width, final String points)
    {
        return "stroke=\"" + color + "\" stroke-width=\"" + width + "\" stroke-linejoin=\"round\" d=\"" + points +
            "\"/>";
    }

    private static SoakInterval latency(final double at, final long p50, final long p99, final long p999,
        final long max)
    {
        return new SoakInterval(at, 1, 1, 1, p50, p99, p999, max, 0, 0, 0, 0, 0, 0, 0);
    }

    private static SoakInterval rate(final double at, final double events, final double inputs)
    {
        return new SoakInterval(at, (long)events, events, inputs, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0);
    }

    private static SoakInterval memory(final double at)
    {
        return new SoakInterval(at, 1, 1, 1, 1, 1, 1, 1, 100 * MIB, 50 * MIB, 25 * MIB, 200 * MIB, 0, 0, 0);
    }

    private static SoakInterval gc(final double at, final long collections, final long pauseMillis)
    {
        return new SoakInterval(at, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, collections, pauseMillis, 0);
    }

    private static SoakInterval allocated(final double at, final long bytes)
    {
        return new SoakInterval(at, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, bytes);
    }
}
