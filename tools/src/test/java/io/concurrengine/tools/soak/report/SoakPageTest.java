package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.histogram;
import static io.concurrengine.tools.soak.report.SoakFixtures.steadyRun;
import static io.concurrengine.tools.soak.report.SoakFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The page's own lines: the header's account of the run, the key figures as the summary holds them, the rules'
 * outcomes and the note on downsampled charts.
 */
class SoakPageTest
{
    private static final long MIB = 1L << 20;

    @Test
    void shouldShowEveryKeyFigureOfTheSummaryInItsUnit()
    {
        final String html = page(run(true, false, false, 7_200, 100_000), List.of());

        assertTrue(html.contains("<h2>Key figures</h2>\n<div class=\"figures\">\n<table>\n<caption>Events</caption>\n" +
            "<tbody>\n" +
            "<tr><th>throughput</th><td>1,000 events/s</td></tr>\n" +
            "<tr><th>events dispatched</th><td>3,725,500</td></tr>\n" +
            "<tr><th>inputs published</th><td>1,000,000</td></tr>\n" +
            "<tr><th>inputs accepted</th><td>998,000</td></tr>\n" +
            "<tr><th>dropped / rejected</th><td>600 / 400</td></tr>\n" +
            "<tr><th>lost</th><td>1,000</td></tr>\n" +
            "<tr><th>duplicated</th><td>2</td></tr>\n" +
            "<tr><th>failed dispatches</th><td>3</td></tr>\n" +
            "<tr><th>due, never sent</th><td>0</td></tr>\n" +
            "<tr><th>rejected by the model</th><td>0</td></tr>\n" +
            "<tr><th>order remainders dropped / bar timers refused</th><td>0 / 0</td></tr>\n" +
            "</tbody>\n</table>\n<table>\n<caption>Latency (whole run)</caption>\n<tbody>\n" +
            "<tr><th>P50</th><td>850 ns</td></tr>\n" +
            "<tr><th>P90</th><td>4.2 µs</td></tr>\n" +
            "<tr><th>P99</th><td>12.3 µs</td></tr>\n" +
            "<tr><th>P99.9</th><td>456.0 µs</td></tr>\n" +
            "<tr><th>P99.99</th><td>1.23 ms</td></tr>\n" +
            "<tr><th>max</th><td>2.50 s</td></tr>\n" +
            "<tr><th>samples</th><td>12,345</td></tr>\n" +
            "</tbody>\n</table>\n<table>\n<caption>Disk, memory, GC</caption>\n<tbody>\n" +
            "<tr><th>journal disk end / peak</th><td>512 B / 2.0 KiB</td></tr>\n" +
            "<tr><th>heap peak</th><td>123.4 MiB</td></tr>\n" +
            "<tr><th>off-heap peak</th><td>64.0 MiB</td></tr>\n" +
            "<tr><th>mapped peak</th><td>1.25 GiB</td></tr>\n" +
            "<tr><th>GC collections</th><td>7</td></tr>\n" +
            "<tr><th>GC pause total</th><td>1,234 ms</td></tr>\n" +
            "<tr><th>allocated per event</th><td>2.00 B</td></tr>\n" +
            "<tr><th>state hash</th><td><code>00c0ffee&lt;1&gt;</code></td></tr>\n" +
            "</tbody>\n</table>\n</div>\n"), html);

        assertTrue(page(run(false, false, false, 7_200, 100_000), List.of())
            .contains("<tr><th>journal disk end / peak</th><td>off</td></tr>\n"));
    }

    @Test
    void shouldSayHowLongARunRanOfTheDurationAskedForAndWhyItEndedEarly()
    {
        assertTrue(page(run(true, false, false, 7_200, 100_000), List.of()).contains("<p class=\"meta\">Started " +
            "2025-01-31T09:00:00Z, ran 1:02:05 (3,725.5 s); 1 shard on 1 core; rate 100,000 inputs/s; " +
            "JDK 17.0.15+6.</p>\n"));
        assertTrue(page(run(true, true, false, 7_200, 0), List.of()).contains(", ran 1:02:05 (3,725.5 s) of the " +
            "2:00:00 asked for; 1 shard on 1 core; rate max; JDK 17.0.15+6. <strong>Stopped early on request " +
            "(Ctrl-C or SIGTERM).</strong></p>\n"));
        assertTrue(page(run(true, false, true, 7_200, 0), List.of()).contains(" (3,725.5 s) of the 2:00:00 asked " +
            "for; 1 shard on 1 core; rate max; JDK 17.0.15+6. <strong>Ended before its duration, not stopped on " +
            "request.</strong></p>\n"));
        assertTrue(page(run(true, true, false, 0, 0), List.of()).contains(", ran 1:02:05 (3,725.5 s); 1 shard on " +
            "1 core; rate max; JDK 17.0.15+6. <strong>Stopped early on request (Ctrl-C or SIGTERM).</strong></p>\n"),
            "bounded by its event count: no duration asked for");
        assertTrue(page(run(true, false, false, 7_200, 0.25), List.of()).contains("; 1 shard on 1 core; rate 0.25 " +
            "inputs/s; JDK"), "a paced rate below one a second, not 0");
        assertTrue(page(run(true, false, false, 7_200, 1_500.5), List.of()).contains("; rate 1,500.5 inputs/s; "),
            "the rate paced, not rounded to another");
    }

    @Test
    void shouldGiveEachRulesOutcomeAndListTheRulesNotEvaluatedOnlyWhenThereAreSome()
    {
        final String unhealthy = page(run(true, false, true, 7_200, 100_000), cleanTotals(), List.of("ended early"));
        assertTrue(unhealthy.contains("<td class=\"FAILED\">&#10007;&nbsp;FAILED</td>"), unhealthy);
        assertTrue(unhealthy.contains("<td class=\"PASSED\">&#10003;&nbsp;passed</td>"), unhealthy);
        assertTrue(unhealthy.contains("<td class=\"NOT_EVALUATED\">not&nbsp;evaluated</td>"), unhealthy);

        final String noIntervals = page(run(true, false, false, 7_200, 100_000), List.of());
        assertTrue(noIntervals.contains("<br>Not evaluated (not applicable or too little data): Flat P99, "), noIntervals);

        final List<SoakInterval> intervals = steadyRun(600);
        final Histogram total = histogram(1_000);
        final String evaluated = SoakPage.render(summary(intervals, cleanTotals(), total, List.of()), intervals, total);
        assertTrue(evaluated.contains("<div class=\"verdict healthy\"><strong>HEALTHY</strong> &mdash; healthy " +
            "because these rules passed: "), evaluated);
        assertFalse(evaluated.contains("Not evaluated"), "every rule was: " + evaluated);
    }

    @Test
    void shouldSayTheChartsAreDownsampledOnlyFromMoreThanTwoIntervalsABucket()
    {
        final int most = 2 * SoakCharts.BUCKETS;
        final Histogram total = histogram(1_000);
        final List<SoakInterval> unreduced = steadyRun(most);
        final List<SoakInterval> reduced = steadyRun(most + 1);

        assertFalse(SoakPage.render(summary(unreduced, cleanTotals(), total, List.of()), unreduced, total)
            .contains(" buckets: lines are bucket means"));
        final String html = SoakPage.render(summary(reduced, cleanTotals(), total, List.of()), reduced, total);
        assertTrue(html.contains("<p class=\"rule\">1,641 intervals in 820 buckets: lines are bucket means, the " +
            "shaded band spans each bucket's minimum to maximum so no spike is lost, bars are bucket maxima.</p>"),
            html);
        assertTrue(html.contains("Warm-up, the first 60 of 1,641 intervals (10 %, at most 60)"), html);
    }

    /**
     * A run of 1:02:05 on one shard and one core that dispatched 1,000 events/s, with figures of every unit.
     */
    private static SoakRun run(final boolean journaled, final boolean stopped, final boolean ended,
        final double requestedSeconds, final double target)
    {
        return new SoakRun("concurrengine soak", "2025-01-31T09:00:00Z", 3_725.5, requestedSeconds, target, 1, 1,
            "17.0.15+6", "", journaled, 0, stopped, ended, false);
    }

    private static String page(final SoakRun run, final List<String> reasons)
    {
        return page(run, new SoakTotals(1_000_000, 998_000, 600, 400, 3_725_500, 3, 2, 0), reasons);
    }

    private static String page(final SoakRun run, final SoakTotals totals, final List<String> reasons)
    {
        final SoakSummary summary = new SoakSummary(run, totals,
            new SoakLatency(12_345, 850, 4_200, 12_300, 456_000, 1_230_000, 2_500_000_000L),
            new SoakResources(512, 2_048, 123 * MIB + 4 * MIB / 10, 64 * MIB, 1_280 * MIB, 7, 1_234, 7_451_000),
            "00c0ffee<1>", reasons);
        return SoakPage.render(summary, List.of(), new Histogram(3));
    }
}
