/**
 * A running engine's counters, for other processes to read without costing its shards anything.
 * <p>
 * A run allocates Agrona counters in a memory-mapped file ({@link io.concurrengine.tools.telemetry.CountersFile},
 * layout in {@link io.concurrengine.tools.telemetry.CountersFileDescriptor}); its shard threads publish them with
 * release stores, and readers map the file read-only and read them with acquire loads, with no system call on either
 * side. {@code stat} ({@link io.concurrengine.tools.telemetry.StatCommand}) prints them from another process, once a
 * second or in Prometheus's text format; {@link io.concurrengine.tools.telemetry.PrometheusEndpoint} serves the same
 * text over HTTP for a scraper. The file also says whether its engine is running, finished or gone, and when its
 * values were taken.
 */
package io.concurrengine.tools.telemetry;
