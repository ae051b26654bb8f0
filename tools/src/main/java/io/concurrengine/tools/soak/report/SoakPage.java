package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Locale;

/**
 * Renders {@code report.html}: one self-contained page (inline CSS and SVG, no scripts, no external fonts or files
 * other than the links to the run's other outputs) with the verdict, the key figures, every health rule with what was
 * observed, the charts, the configuration and links to {@code latency.hgrm}, {@code latency.hlog} and
 * {@code summary.json}.
 * <p>
 * The verdict is the summary's: its reasons when unhealthy; when healthy, the rules that passed and those not
 * evaluated, recomputed by {@link SoakHealth#checks(SoakRun, SoakTotals, List)} from the summary and the
 * intervals.
 * <p>
 * Text from outside the page (the command line, the engine configuration, the reasons, the run's start time and JDK)
 * is HTML-escaped, with its control characters shown as {@code \n}, {@code \x1b} ({@link Text#html(String)}); the
 * engine configuration keeps its line feeds and tabs ({@link Text#htmlLines(String)}).
 */
final class SoakPage
{
    private static final String STYLE = """
        body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:#1a202c;
        margin:24px auto;max-width:920px;padding:0 12px;font-size:14px;line-height:1.4}
        h1{font-size:22px;margin:0 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:1px solid #e2e8f0}
        .meta{color:#4a5568;margin:0 0 14px}
        .verdict{border-radius:6px;padding:12px 16px;color:#fff}.verdict strong{font-size:22px;letter-spacing:1px}
        .verdict ul{margin:6px 0 0;padding-left:20px}.healthy{background:#2f855a}.unhealthy{background:#c53030}
        .figures{display:flex;gap:16px;align-items:flex-start}.figures table{flex:1}
        table{border-collapse:collapse;font-size:13px}th,td{text-align:left;padding:3px 8px;vertical-align:top}
        .figures th{color:#4a5568;font-weight:normal;white-space:nowrap}.figures td{text-align:right;white-space:nowrap}
        caption{text-align:left;font-weight:bold;padding:2px 8px}tbody tr:nth-child(odd){background:#f7fafc}
        .rules th{background:#edf2f7}.PASSED{color:#2f855a;font-weight:bold}.FAILED{color:#c53030;font-weight:bold}
        .NOT_EVALUATED{color:#718096}.rule{color:#4a5568}
        svg.chart{display:block;margin:10px 0;border:1px solid #e2e8f0;max-width:100%;height:auto}
        pre{background:#f7fafc;border:1px solid #e2e8f0;padding:8px;overflow-x:auto;font-size:12px}
        code{font-size:12px}
        """;

    private SoakPage()
    {
    }

    /**
     * @param summary   the run's summary.
     * @param intervals the run's intervals in time order.
     * @param total     whole-run latency histogram, ns.
     * @return the page.
     */
    static String render(final SoakSummary summary, final List<SoakInterval> intervals, final Histogram total)
    {
        final StringBuilder out = new StringBuilder(64 * 1024);
        out.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n")
            .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .append("<title>Soak ").append(summary.healthy() ? "HEALTHY" : "UNHEALTHY").append(" - ")
            .append(Text.html(summary.run().startTime())).append("</title>\n<style>\n").append(STYLE)
            .append("</style>\n</head>\n<body>\n");
        final List<SoakHealth.Check> checks = SoakHealth.checks(summary.run(), summary.totals(), intervals);
        header(out, summary);
        verdict(out, summary, checks);
        figures(out, summary);
        rules(out, checks, intervals.size());
        charts(out, summary, intervals, total);
        configuration(out, summary);
        out.append("</body>\n</html>\n");
        return out.toString();
    }

    private static void header(final StringBuilder out, final SoakSummary summary)
    {
        final SoakRun run = summary.run();
        out.append("<h1>Concurrengine soak report</h1>\n<p class=\"meta\">Started ")
            .append(Text.html(run.startTime())).append(", ran ").append(Text.clock(run.durationSeconds()))
            .append(" (").append(Text.decimal(run.durationSeconds(), 1)).append(" s)")
            .append((run.endedEarly() || run.stoppedEarly() || run.endedAtEventCount()) &&
                run.requestedDurationSeconds() > 0 ?
                " of the " + Text.clock(run.requestedDurationSeconds()) + " asked for; " : "; ")
            .append(run.shards()).append(1 == run.shards() ? " shard on " : " shards on ").append(run.coresUsed())
            .append(1 == run.coresUsed() ? " core; rate " : " cores; rate ")
            .append(run.paced() ? Text.inputRate(run.targetInputsPerSecond()) : "max")
            .append("; JDK ").append(Text.html(run.jdkVersion())).append('.')
            .append(run.stoppedEarly() ? " <strong>Stopped early on request (Ctrl-C or SIGTERM).</strong>" : "")
            .append(run.endedEarly() ? " <strong>Ended before its duration, not stopped on request.</strong>" : "")
            .append(run.endedAtEventCount() ? " Ended at its event count, before its duration." : "")
            .append("</p>\n");
    }

    private static void verdict(
        final StringBuilder out, final SoakSummary summary, final List<SoakHealth.Check> checks)
    {
        if (!summary.healthy())
        {
            out.append("<div class=\"verdict unhealthy\"><strong>UNHEALTHY</strong> &mdash; ")
                .append(Text.plural(summary.reasons().size(), "reason")).append(":\n<ul>\n");
            for (final String reason : summary.reasons())
            {
                out.append("<li>").append(Text.html(reason)).append("</li>\n");
            }
            out.append("</ul></div>\n");
            return;
        }
        out.append("<div class=\"verdict healthy\"><strong>HEALTHY</strong> &mdash; healthy because these rules ")
            .append("passed: ").append(names(checks, SoakHealth.Outcome.PASSED)).append('.');
        final String notEvaluated = names(checks, SoakHealth.Outcome.NOT_EVALUATED);
        if (!notEvaluated.isEmpty())
        {
            out.append("<br>Not evaluated (not applicable or too little data): ").append(notEvaluated).append('.');
        }
        out.append("</div>\n");
    }

    private static String names(final List<SoakHealth.Check> checks, final SoakHealth.Outcome outcome)
    {
        final StringBuilder names = new StringBuilder();
        for (final SoakHealth.Check check : checks)
        {
            if (outcome == check.outcome())
            {
                names.append(names.length() > 0 ? ", " : "").append(Text.html(check.name()));
            }
        }
        return names.toString();
    }

    private static void figures(final StringBuilder out, final SoakSummary summary)
    {
        final SoakTotals totals = summary.totals();
        final SoakLatency latency = summary.latency();
        final SoakResources resources = summary.resources();
        out.append("<h2>Key figures</h2>\n<div class=\"figures\">\n<table>\n<caption>Events</caption>\n<tbody>\n");
        row(out, "throughput", Text.eventRate(summary.eventsPerSecond()));
        row(out, "events dispatched", Text.count(totals.events()));
        row(out, "inputs published", Text.count(totals.published()));
        row(out, "inputs accepted", Text.count(totals.accepted()));
        row(out, "dropped / rejected", Text.count(totals.dropped()) + " / " + Text.count(totals.rejected()));
        row(out, "lost", Text.count(totals.lost()));
        row(out, "duplicated", Text.count(totals.duplicates()));
        row(out, "failed dispatches", Text.count(totals.failedDispatches()));
        row(out, "due, never sent", Text.count(totals.unsentDueInputs()));
        row(out, "rejected by the model", Text.count(totals.modelRejected()));
        row(out, "order remainders dropped / bar timers refused",
            Text.count(totals.remaindersDropped()) + " / " + Text.count(totals.barTimersRefused()));
        out.append("</tbody>\n</table>\n<table>\n<caption>Latency (whole run)</caption>\n<tbody>\n");
        row(out, "P50", Text.latency(latency.p50Nanos()));
        row(out, "P90", Text.latency(latency.p90Nanos()));
        row(out, "P99", Text.latency(latency.p99Nanos()));
        row(out, "P99.9", Text.latency(latency.p999Nanos()));
        row(out, "P99.99", Text.latency(latency.p9999Nanos()));
        row(out, "max", Text.latency(latency.maxNanos()));
        row(out, "samples", Text.count(latency.count()));
        out.append("</tbody>\n</table>\n<table>\n<caption>Disk, memory, GC</caption>\n<tbody>\n");
        row(out, "journal disk end / peak", summary.run().journaled() ?
            Text.bytes(resources.journalDiskEndBytes()) + " / " + Text.bytes(resources.journalDiskPeakBytes()) : "off");
        row(out, "heap peak", Text.bytes(resources.heapPeakBytes()));
        row(out, "off-heap peak", Text.bytes(resources.offHeapPeakBytes()));
        row(out, "mapped peak", Text.bytes(resources.mappedPeakBytes()));
        row(out, "GC collections", Text.count(resources.gcCount()));
        row(out, "GC pause total", Text.count(resources.gcPauseMillis()) + " ms");
        row(out, "allocated per event", Text.decimal(summary.allocatedBytesPerEvent(), 2) + " B");
        row(out, "state hash", "<code>" + Text.html(summary.stateHash()) + "</code>");
        out.append("</tbody>\n</table>\n</div>\n");
    }

    private static void row(final StringBuilder out, final String name, final String valueHtml)
    {
        out.append("<tr><th>").append(name).append("</th><td>").append(valueHtml).append("</td></tr>\n");
    }

    private static void rules(final StringBuilder out, final List<SoakHealth.Check> checks, final int intervals)
    {
        out.append("<h2>Health rules</h2>\n<p class=\"rule\">The run is healthy when no rule fails. Warm-up, ")
            .append("the first ").append(SoakHealth.warmUpIntervals(intervals))
            .append(" of ").append(Text.plural(intervals, "interval"))
            .append(" (10 %, at most ").append(SoakHealth.WARM_UP_MAX_INTERVALS)
            .append("), is left out of the rules over time.</p>\n")
            .append("<table class=\"rules\">\n<thead><tr><th>Rule</th><th>Result</th><th>Observed</th></tr></thead>\n")
            .append("<tbody>\n");
        for (final SoakHealth.Check check : checks)
        {
            out.append("<tr><td><strong>").append(Text.html(check.name())).append("</strong><br><span class=\"rule\">")
                .append(Text.html(check.rule())).append("</span></td><td class=\"").append(check.outcome().name())
                .append("\">").append(outcomeText(check.outcome())).append("</td><td>")
                .append(Text.html(check.observed())).append("</td></tr>\n");
        }
        out.append("</tbody>\n</table>\n");
    }

    private static String outcomeText(final SoakHealth.Outcome outcome)
    {
        return switch (outcome)
        {
            case PASSED -> "&#10003;&nbsp;passed";
            case FAILED -> "&#10007;&nbsp;FAILED";
            case NOT_EVALUATED -> "not&nbsp;evaluated";
        };
    }

    private static void charts(
        final StringBuilder out, final SoakSummary summary, final List<SoakInterval> intervals, final Histogram total)
    {
        final SoakCharts charts = new SoakCharts(intervals);
        out.append("<h2>Charts</h2>\n");
        SoakCharts.percentileDistribution(total).renderTo(out);
        charts.latencyOverTime().renderTo(out);
        charts.throughputOverTime(summary.run().targetInputsPerSecond()).renderTo(out);
        charts.memoryOverTime(summary.run().journaled()).renderTo(out);
        charts.gcPauses().renderTo(out);
        charts.allocationRate().renderTo(out);
        if (intervals.size() > SoakCharts.BUCKETS * 2)
        {
            out.append(String.format(Locale.ROOT, "<p class=\"rule\">%s intervals in %d buckets: lines are bucket ",
                Text.count(intervals.size()), SoakCharts.BUCKETS))
                .append("means, the shaded band spans each bucket's minimum to maximum so no spike is lost, ")
                .append("bars are bucket maxima.</p>\n");
        }
    }

    private static void configuration(final StringBuilder out, final SoakSummary summary)
    {
        out.append("<h2>Configuration</h2>\n<p>Command line:</p>\n<pre>")
            .append(Text.html(summary.run().commandLine())).append("</pre>\n<p>Engine configuration:</p>\n<pre>")
            .append(Text.htmlLines(summary.run().engineConfig())).append("</pre>\n")
            .append("<h2>Files</h2>\n<ul>\n")
            .append("<li><a href=\"").append(SoakReport.HGRM_FILE).append("\">").append(SoakReport.HGRM_FILE)
            .append("</a>: whole-run latency percentile distribution (µs), HdrHistogram text format</li>\n")
            .append("<li><a href=\"").append(SoakReport.HLOG_FILE).append("\">").append(SoakReport.HLOG_FILE)
            .append("</a>: interval histograms (ns) as the run went, HdrHistogram log</li>\n")
            .append("<li><a href=\"").append(SoakReport.SUMMARY_FILE).append("\">").append(SoakReport.SUMMARY_FILE)
            .append("</a>: every figure of this page, JSON</li>\n</ul>\n");
    }
}
