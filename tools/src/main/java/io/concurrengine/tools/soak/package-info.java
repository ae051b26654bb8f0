/**
 * {@code concurrengine soak}: a long paced run of the main job sampled once a second
 * ({@link io.concurrengine.tools.soak.SoakSampler}: interval latency into an HdrHistogram {@code .hlog}, throughput,
 * memory, GC, allocation and journal disk use), then judged and reported by the {@code report} package
 * (HEALTHY/UNHEALTHY rules, an HTML report with charts, {@code summary.json}).
 */
package io.concurrengine.tools.soak;
