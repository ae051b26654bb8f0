package io.concurrengine.tools.telemetry;

import io.concurrengine.pipeline.ShardCounters;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class PrometheusTextTest
{
    static CountersManager counters()
    {
        return new CountersManager(new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.METADATA_LENGTH)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * CountersReader.COUNTER_LENGTH)));
    }

    /**
     * Two engines sharing one counters manager (EngineBuilder.counters) each allocate "shard-0: inputs": the
     * exposition must not hold two samples of one series, which Prometheus rejects.
     */
    @Test
    void shouldTellApartTheSamplesOfCountersThatShareALabelByTheirCounterIds()
    {
        final CountersManager manager = counters();
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(5);
        manager.newCounter("shard-1: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(6);
        manager.newCounter("engine: errors", ShardCounters.LEVEL_TYPE_ID).set(1);
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(7);
        manager.newCounter("engine: errors", ShardCounters.LEVEL_TYPE_ID).set(2);

        assertEquals(
            "# HELP concurrengine_shard_inputs_total per shard: inputs\n" +
            "# TYPE concurrengine_shard_inputs_total counter\n" +
            "concurrengine_shard_inputs_total{shard=\"0\",counter_id=\"0\"} 5\n" +
            "concurrengine_shard_inputs_total{shard=\"1\"} 6\n" +
            "concurrengine_shard_inputs_total{shard=\"0\",counter_id=\"3\"} 7\n" +
            "# HELP concurrengine_engine_errors errors\n" +
            "# TYPE concurrengine_engine_errors gauge\n" +
            "concurrengine_engine_errors{counter_id=\"2\"} 1\n" +
            "concurrengine_engine_errors{counter_id=\"4\"} 2\n",
            PrometheusText.render(manager));
    }

    @Test
    void shouldGroupEachCounterIntoItsFamilyByShardWithTypesAndUnitsPrometheusReads()
    {
        final CountersManager manager = counters();
        final AtomicCounter errors = manager.newCounter("engine: errors", ShardCounters.CUMULATIVE_TYPE_ID);
        final AtomicCounter inputs0 = manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
        final AtomicCounter p99 = manager.newCounter("shard-0: last interval P99 ns", ShardCounters.LEVEL_TYPE_ID);
        final AtomicCounter inputs1 = manager.newCounter("shard-1: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
        final AtomicCounter ring1 = manager.newCounter("shard-1: ring remaining capacity", ShardCounters.LEVEL_TYPE_ID);
        final AtomicCounter other = manager.newCounter("Feed -- lag (inputs)", 7);
        final AtomicCounter freed = manager.newCounter("shard-0: freed", ShardCounters.LEVEL_TYPE_ID);
        freed.close(); // a freed counter is not shown
        errors.set(3);
        inputs0.set(1_000_000);
        inputs1.set(42);
        p99.set(2_558_000);
        ring1.set(65_536);
        other.set(-5);

        assertEquals(
            "# HELP concurrengine_engine_errors_total errors\n" +
            "# TYPE concurrengine_engine_errors_total counter\n" +
            "concurrengine_engine_errors_total 3\n" +
            "# HELP concurrengine_shard_inputs_total per shard: inputs\n" +
            "# TYPE concurrengine_shard_inputs_total counter\n" +
            "concurrengine_shard_inputs_total{shard=\"0\"} 1000000\n" +
            "concurrengine_shard_inputs_total{shard=\"1\"} 42\n" +
            "# HELP concurrengine_shard_last_interval_p99_seconds per shard: last interval P99, in seconds\n" +
            "# TYPE concurrengine_shard_last_interval_p99_seconds gauge\n" +
            "concurrengine_shard_last_interval_p99_seconds{shard=\"0\"} 0.002558\n" +
            "# HELP concurrengine_shard_ring_remaining_capacity per shard: ring remaining capacity\n" +
            "# TYPE concurrengine_shard_ring_remaining_capacity gauge\n" +
            "concurrengine_shard_ring_remaining_capacity{shard=\"1\"} 65536\n" +
            "# HELP concurrengine_feed_lag_inputs Feed -- lag (inputs)\n" +
            "# TYPE concurrengine_feed_lag_inputs gauge\n" +
            "concurrengine_feed_lag_inputs -5\n",
            PrometheusText.render(manager));
    }

    /**
     * A value in ns is given in seconds as the exact decimal, as the README's example shows it: below a millisecond
     * (a paced run's P50, 76 µs) it came out in Java's scientific notation ({@code 7.6E-5}, {@code 1.0E-9}), and a
     * value above 2^53 ns rounded to the nearest double ({@code 9.223372036854776E9}).
     */
    @Test
    void shouldGiveAValueInNanosecondsAsItsExactDecimalSeconds()
    {
        final CountersManager manager = counters();
        manager.newCounter("shard-0: last interval P50 ns", ShardCounters.LEVEL_TYPE_ID).set(76_000);
        manager.newCounter("shard-1: last interval P50 ns", ShardCounters.LEVEL_TYPE_ID).set(1);
        manager.newCounter("shard-2: last interval P50 ns", ShardCounters.LEVEL_TYPE_ID).set(Long.MAX_VALUE);
        manager.newCounter("shard-3: last interval P50 ns", ShardCounters.LEVEL_TYPE_ID).set(3_000_000_000L);
        manager.newCounter("shard-4: last interval P50 ns", ShardCounters.LEVEL_TYPE_ID).set(0);

        final String text = PrometheusText.render(manager);

        assertEquals(List.of(
            "concurrengine_shard_last_interval_p50_seconds{shard=\"0\"} 0.000076",
            "concurrengine_shard_last_interval_p50_seconds{shard=\"1\"} 0.000000001",
            "concurrengine_shard_last_interval_p50_seconds{shard=\"2\"} 9223372036.854775807",
            "concurrengine_shard_last_interval_p50_seconds{shard=\"3\"} 3",
            "concurrengine_shard_last_interval_p50_seconds{shard=\"4\"} 0"),
            text.lines().filter((line) -> !line.startsWith("#")).toList());
    }

    /**
     * A label read from a damaged or foreign counters file goes into a HELP line, which {@code stat --prometheus} prints
     * on a terminal as often as into a file: its control characters came out raw (an ESC sequence erased the screen, a
     * carriage return rewrote the line), where {@code stat}'s table escapes them. They are escaped as there, and the
     * backslashes of those escapes as the format escapes a backslash.
     */
    @Test
    void shouldEscapeTheControlCharactersOfALabelInItsHelpText()
    {
        final CountersManager manager = counters();
        manager.newCounter("engine: e\u001b[2Jrrors\r", ShardCounters.CUMULATIVE_TYPE_ID);
        manager.newCounter("shard-0: in\nputs \\ all", ShardCounters.CUMULATIVE_TYPE_ID);

        final String text = PrometheusText.render(manager);

        assertEquals(
            "# HELP concurrengine_engine_e_2jrrors_total e\\\\x1b[2Jrrors\\\\r\n" +
            "# TYPE concurrengine_engine_e_2jrrors_total counter\n" +
            "concurrengine_engine_e_2jrrors_total 0\n" +
            "# HELP concurrengine_shard_in_puts_all_total per shard: in\\\\nputs \\\\ all\n" +
            "# TYPE concurrengine_shard_in_puts_all_total counter\n" +
            "concurrengine_shard_in_puts_all_total{shard=\"0\"} 0\n",
            text);
    }

    @Test
    void shouldRenderNothingWithoutCounters()
    {
        assertEquals("", PrometheusText.render(counters()));
    }

    @Test
    void shouldMakeMetricNamesOfLabels()
    {
        assertEquals("ring_remaining_capacity", PrometheusText.snakeCase("ring remaining capacity"));
        assertEquals("last_interval_p99_ns", PrometheusText.snakeCase("  Last interval P99 ns "));
        assertEquals("a_b", PrometheusText.snakeCase("a--b"));
        assertEquals("", PrometheusText.snakeCase("--"));
        assertEquals("az09_az_09", PrometheusText.snakeCase("az09 AZ `{/:09"), "both ends of each range kept");
    }
}
