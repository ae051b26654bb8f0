/**
 * The soak report: the model of what a soak run measured and the renderer that turns it into files a person opens.
 *
 * <h2>Public surface</h2>
 * The harness fills one {@link io.concurrengine.tools.soak.report.SoakInterval} a second and, at the end, a
 * {@link io.concurrengine.tools.soak.report.SoakSummary} made of a
 * {@link io.concurrengine.tools.soak.report.SoakRun}, {@link io.concurrengine.tools.soak.report.SoakTotals},
 * {@link io.concurrengine.tools.soak.report.SoakLatency#of SoakLatency.of(histogram)},
 * {@link io.concurrengine.tools.soak.report.SoakResources#of SoakResources.of(intervals)} and the reasons from
 * {@link io.concurrengine.tools.soak.report.SoakHealth#evaluate SoakHealth.evaluate} plus its own; then
 * {@link io.concurrengine.tools.soak.report.SoakReport#write SoakReport.write} writes {@code report.html},
 * {@code summary.json} and {@code latency.hgrm} next to the harness's {@code latency.hlog}. Everything else is
 * package-private.
 *
 * <h2>Verdict</h2>
 * A run is healthy when its summary has no reasons. The rules are in
 * {@link io.concurrengine.tools.soak.report.SoakHealth}: exact ones for correctness (no lost, duplicated or failed
 * events), robust ones over time that ignore warm-up and isolated spikes (median P99 by thirds, share of slow
 * intervals, per-quarter floors of memory and disk) and one on the run's length (it did not end before its duration
 * by itself). The page lists every rule with what it observed, so "healthy"
 * is explained as well as "unhealthy".
 *
 * <h2>Charts</h2>
 * Hand-written SVG, no scripts: {@code SvgChart} draws axes from a {@code Scale} (linear, time, log-10, and
 * HdrHistogram's percentile axis where x = log10(1 / (1 − p))). Series over time are cut into about one bucket a
 * pixel by {@code Downsample}; a bucket is drawn as its mean inside a min-to-max band, so a 100 000-interval run
 * costs what an 800-interval run does and a one-second spike still reaches the top of its band. Latency is on log
 * axes (percentile plot and per-interval percentiles) so P50 and a 100× spike are both readable.
 *
 * <h2>Determinism</h2>
 * Given the same inputs the files are byte-identical: JSON numbers are formatted from their exact binary value
 * ({@code JsonWriter.fractionDigits}), text uses {@link java.util.Locale#ROOT}, coordinates are rounded to a tenth of a
 * pixel.
 */
package io.concurrengine.tools.soak.report;
