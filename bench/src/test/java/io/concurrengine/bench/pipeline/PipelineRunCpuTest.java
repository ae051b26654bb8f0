package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * CPU accounting of a run from fixed samples: each thread group's CPU is divided by the events of the same window.
 */
class PipelineRunCpuTest
{
    private static ThreadProbe.Sample sample(
        final long nanoTime, final long shardCpu, final long maintenanceCpu, final long processCpu)
    {
        return new ThreadProbe.Sample(nanoTime, shardCpu, 0, maintenanceCpu, processCpu, -1, -1, -1, 0, 0);
    }

    @Test
    void shouldDivideShardAndMaintenanceCpuByTheEventsDispatchedWhenTheyWereRead()
    {
        // shard threads read when the publisher finished, 1,000,000 events dispatched by then; the drain after it
        // (131,072 more events, a full 65,536-slot ring per shard) is not in their CPU
        final ThreadProbe.Sample first = sample(0, 1_000_000, 500_000, 2_000_000);
        final ThreadProbe.Sample end = sample(1_000_000_000L, 101_000_000, 20_500_000, 0);
        final ThreadProbe.Sample afterStop = sample(1_100_000_000L, 0, 0, 262_000_000);

        final Map<String, Object> cpu = PipelineRun.cpu(
            first, end, afterStop, 40_000_000, 1_000_000, 1_000_000, 1_131_072, 1_200_000_000L, 2);

        assertEquals(100.0, (Double)cpu.get("shardNanosPerEvent"), 1e-9);
        assertEquals(20.0, (Double)cpu.get("journalMaintenanceNanosPerEvent"), 1e-9);
        assertEquals(40.0, (Double)cpu.get("publisherNanosPerInput"), 1e-9);
        // the process is read after the stop: over every event, the drain's included
        assertEquals(260_000_000.0 / 1_131_072, (Double)cpu.get("processNanosPerEvent"), 1e-9);
        assertEquals(260_000_000.0 / 1_200_000_000L, (Double)cpu.get("processCoresBusy"), 1e-12);
    }
}
