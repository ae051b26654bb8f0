package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
        assertEquals(2, cpu.get("processors"));
        assertFalse(cpu.containsKey("machineCoresBusy"), "no /proc/stat: no machine figures");
        assertFalse(cpu.containsKey("stealCores"));
    }

    @Test
    void shouldTellTheMachinesCoresBusyIntoThisProcessOthersAndStealFromTheTicksOfTheRun()
    {
        // 4 CPUs, 2,000 ticks over the run: 1,000 busy ticks are 2 cores, 200 ticks of steal 0.4 cores
        final ThreadProbe.Sample first = new ThreadProbe.Sample(0, 0, 0, 0, 1_000_000_000L, 5_000, 100, 9_000, 3, 40);
        final ThreadProbe.Sample end = new ThreadProbe.Sample(1_000_000_000L, 0, 0, 0, 0, 0, 0, 0, 0, 0);
        final ThreadProbe.Sample afterStop =
            new ThreadProbe.Sample(2_000_000_000L, 0, 0, 0, 2_500_000_000L, 6_000, 300, 11_000, 5, 65);

        final Map<String, Object> cpu = PipelineRun.cpu(first, end, afterStop, 0, 0, 0, 0, 2_000_000_000L, 4);

        assertEquals(4, cpu.get("processors"));
        assertEquals(0.75, (Double)cpu.get("processCoresBusy"), 1e-12);
        assertEquals(2.0, (Double)cpu.get("machineCoresBusy"), 1e-12);
        assertEquals(1.25, (Double)cpu.get("otherProcessesCoresBusy"), 1e-12);
        assertEquals(0.4, (Double)cpu.get("stealCores"), 1e-12);
        assertEquals(2L, cpu.get("gcCount"));
        assertEquals(25L, cpu.get("gcMillis"));
        // nothing published or dispatched: the CPU of each group over one, not a division by zero
        assertEquals(1_500_000_000.0, (Double)cpu.get("processNanosPerEvent"), 1e-3);
        assertEquals(0.0, (Double)cpu.get("publisherNanosPerInput"));
        assertEquals(0.0, (Double)cpu.get("shardNanosPerEvent"));
    }

    @Test
    void shouldCountNoOtherProcessesWhenThisProcessOutranTheMachinesTicksAndNoMaintenanceCpuOfThreadsThatEnded()
    {
        // the process read more CPU than the machine's ticks show (they count in 10 ms steps): others are none, not
        // a negative figure; a journal's background thread ended within the run: its CPU is gone from the second
        // reading, and the run's maintenance CPU is none, not a negative figure
        final ThreadProbe.Sample first = new ThreadProbe.Sample(0, 0, 0, 7_000_000, 0, 0, 0, 100, 0, 0);
        final ThreadProbe.Sample end = new ThreadProbe.Sample(1, 3_000, 0, 1_000_000, 0, 0, 0, 0, 0, 0);
        final ThreadProbe.Sample afterStop = new ThreadProbe.Sample(2, 0, 0, 0, 1_000_000_000L, 50, 0, 300, 0, 0);

        final Map<String, Object> cpu = PipelineRun.cpu(first, end, afterStop, 500, 0, 0, 10, 1_000_000_000L, 2);

        assertEquals(1.0, (Double)cpu.get("processCoresBusy"), 1e-12);
        assertEquals(0.5, (Double)cpu.get("machineCoresBusy"), 1e-12);
        assertEquals(0.0, (Double)cpu.get("otherProcessesCoresBusy"));
        assertEquals(0.0, (Double)cpu.get("journalMaintenanceNanosPerEvent"));
        assertEquals(3_000.0, (Double)cpu.get("shardNanosPerEvent"));
        assertEquals(500.0, (Double)cpu.get("publisherNanosPerInput"));
        assertEquals(100_000_000.0, (Double)cpu.get("processNanosPerEvent"));
    }
}
