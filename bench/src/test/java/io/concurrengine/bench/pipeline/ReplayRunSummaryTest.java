package io.concurrengine.bench.pipeline;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.replay.ReplayDivergence;
import io.concurrengine.pipeline.replay.ReplayResult;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A replay pass's figures from fixed shard results: totals over the shards, rates over the shards' replay time and
 * over the wall time, allocation per event, and verified only if every shard was.
 */
class ReplayRunSummaryTest
{
    @Test
    void shouldTotalTheShardsAndDivideByTheirReplayTimeAndTheWallTime()
    {
        final ReplayResult[] results = {
            result(0, 100, 300, 0x10, 1_000_000_000L, null),
            result(1, 50, 200, 0x20, 500_000_000L, new ReplayDivergence(1, 7, "a", "b")) };

        final Map<String, Object> summary =
            ReplayRun.summary("sequential-1", "how", results, new long[] { 1_000, 1_500 }, 2_000_000_000L);

        assertEquals("sequential-1", summary.get("pass"));
        assertEquals("how", summary.get("how"));
        assertEquals(false, summary.get("verified"), "one shard diverged");
        assertEquals(150L, summary.get("inputs"));
        assertEquals(500L, summary.get("dispatched"));
        assertEquals(1.5, summary.get("replaySeconds"));
        assertEquals(2.0, summary.get("wallSeconds"));
        assertEquals(500 * 1e9 / 1.5e9, summary.get("eventsPerSecond"));
        assertEquals(250.0, summary.get("wallEventsPerSecond"));
        assertEquals(5.0, summary.get("allocatedBytesPerEvent"));
        assertEquals(2_500L, summary.get("allocatedBytes"));
        assertEquals(String.format("%016x", Engine.combineStateHashes(new long[] { 0x10, 0x20 })),
            summary.get("stateHash"));
        final List<Map<String, Object>> shards = shards(summary);
        assertEquals(2, shards.size());
        final Map<String, Object> shard = shards.get(1);
        assertEquals(1, shard.get("shard"));
        assertEquals(50L, shard.get("inputs"));
        assertEquals(3L, shard.get("advances"));
        assertEquals(200L, shard.get("dispatched"));
        assertEquals(0.5, shard.get("seconds"));
        assertEquals(400.0, shard.get("eventsPerSecond"));
        assertEquals(false, shard.get("verified"));
        assertEquals("divergence: shard=1 index=7 expected=a actual=b", shard.get("divergence"));
        assertEquals(1_500L, shard.get("allocatedBytes"));
        assertNull(shards.get(0).get("divergence"));
        assertEquals(true, shards.get(0).get("verified"));
    }

    @Test
    void shouldGiveNoRateOverNoReplayTimeAndTheBytesThemselvesOverNoEvents()
    {
        final ReplayResult[] results = { result(0, 0, 0, 0, 0, null) };

        final Map<String, Object> summary = ReplayRun.summary("p", "how", results, new long[] { 64 }, 1_000);

        assertEquals(true, summary.get("verified"));
        assertEquals(0.0, summary.get("eventsPerSecond"));
        assertEquals(64.0, summary.get("allocatedBytesPerEvent"));
    }

    private static ReplayResult result(
        final int shard,
        final long inputs,
        final long dispatched,
        final long stateHash,
        final long elapsedNanos,
        final ReplayDivergence divergence)
    {
        return new ReplayResult(shard, inputs, 3, dispatched, stateHash, elapsedNanos, divergence, null, false, false,
            0, 0);
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> shards(final Map<String, Object> summary)
    {
        return (List<Map<String, Object>>)summary.get("shards");
    }
}
