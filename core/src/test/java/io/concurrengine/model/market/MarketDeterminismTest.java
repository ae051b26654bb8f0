package io.concurrengine.model.market;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketDeterminismTest
{
    private static final int INPUTS = 100_000;
    private static final int SHARDS = 4;

    private static OrderFlowConfig flow(final long seed)
    {
        return new OrderFlowConfig().seed(seed).instrumentCount(512).inputsPerSecond(20_000);
    }

    private static MarketConfig market()
    {
        return new MarketConfig().initialInstrumentCapacity(16).initialOrderCapacity(64);
    }

    @Test
    void shouldGiveEqualStateHashesForTwoRunsOfTheSameFlow()
    {
        final MarketModel first = new RecordedFlow(flow(42), INPUTS).runShard(market(), 0, 1);
        final MarketModel second = new RecordedFlow(flow(42), INPUTS).runShard(market(), 0, 1);

        assertEquals(first.stateHash(), second.stateHash());
        assertEquals(first.runningHash(), second.runningHash());
    }

    /**
     * A pinned hash: it changes only when the flow, the matching rules or the hash layout change, which must be a
     * deliberate decision (journals recorded by an older version would no longer replay to the same hash).
     */
    @Test
    void shouldKeepThePinnedStateHashOfAFixedFlow()
    {
        final MarketModel model = new RecordedFlow(flow(42), INPUTS).runShard(market(), 0, 1);

        assertEquals(0x86a7b2af9a099140L, model.stateHash(), () -> String.format("0x%016x", model.stateHash()));
    }

    @Test
    void shouldGiveDifferentStateHashesForDifferentSeeds()
    {
        final MarketModel first = new RecordedFlow(flow(42), INPUTS).runShard(market(), 0, 1);
        final MarketModel second = new RecordedFlow(flow(43), INPUTS).runShard(market(), 0, 1);

        assertNotEquals(first.stateHash(), second.stateHash());
    }

    @Test
    void shouldExerciseFillsExpiriesBarsAndRejectsWithoutStaleTimersOrPricesOutsideTheBand()
    {
        final MarketModel model = new RecordedFlow(flow(7), INPUTS).runShard(market(), 0, 1);
        final MarketCounters counters = model.counters();

        assertTrue(counters.fills() > 0, counters.toString());
        assertTrue(counters.expired() > 0, counters.toString());
        assertTrue(counters.barsClosed() > 0, counters.toString());
        assertTrue(counters.replaces() > 0, counters.toString());
        assertTrue(counters.rejectedUnknownOrder() > 0, counters.toString());
        assertEquals(0, counters.rejectedOutOfBand(), counters.toString());
        assertEquals(0, counters.staleTimers(), counters.toString());
    }

    @Test
    void shouldGiveTheSameEngineHashWhicheverThreadsRunTheShards() throws Exception
    {
        final RecordedFlow recorded = new RecordedFlow(flow(11), INPUTS);
        final long[] sequential = new long[SHARDS];
        for (int shard = 0; shard < SHARDS; shard++)
        {
            sequential[shard] = recorded.runShard(market(), shard, SHARDS).stateHash();
        }

        final ExecutorService pool = Executors.newFixedThreadPool(SHARDS);
        try
        {
            final List<Future<Long>> futures = new ArrayList<>();
            for (int shard = SHARDS - 1; shard >= 0; shard--)
            {
                final int s = shard;
                futures.add(0, pool.submit(() -> recorded.runShard(market(), s, SHARDS).stateHash()));
            }
            final long[] parallel = new long[SHARDS];
            for (int shard = 0; shard < SHARDS; shard++)
            {
                parallel[shard] = futures.get(shard).get(60, TimeUnit.SECONDS);
            }
            assertEquals(StateHash.sum(sequential), StateHash.sum(parallel));
        }
        finally
        {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldGiveTheSameEngineHashForAnyNumberOfShards()
    {
        final RecordedFlow recorded = new RecordedFlow(flow(5), INPUTS);
        final long one = StateHash.sum(recorded.runShard(market(), 0, 1).stateHash());
        for (final int shardCount : new int[]{2, 3, 7, 600})
        {
            final long[] hashes = new long[shardCount];
            for (int shard = 0; shard < shardCount; shard++)
            {
                hashes[shard] = recorded.runShard(market(), shard, shardCount).stateHash();
            }
            assertEquals(one, StateHash.sum(hashes), "shards=" + shardCount);
        }
    }

    @Test
    void shouldHashAModelThatSawNothingAsZeroSoAnIdleShardChangesNothing()
    {
        assertEquals(0, new MarketModel(market()).stateHash());
        assertEquals(StateHash.sum(5, 7), StateHash.sum(5, 0, 7));
    }

    @Test
    void shouldTellApartFlowsThatDifferOnlyInWhichInstrumentTraded()
    {
        final RecordedFlow recorded = new RecordedFlow(flow(5), INPUTS);
        final MarketModel whole = recorded.runShard(market(), 0, 1);
        // the same flow with the instrument ids of two instruments swapped in one input
        final int i = firstFillingInput(recorded);
        final long saved = recorded.target[i];
        recorded.target[i] = saved + 1;
        try
        {
            assertNotEquals(whole.stateHash(), recorded.runShard(market(), 0, 1).stateHash());
        }
        finally
        {
            recorded.target[i] = saved;
        }
    }

    private static int firstFillingInput(final RecordedFlow recorded)
    {
        for (int i = 0; i < recorded.type.length; i++)
        {
            if (MarketEvents.ADD == recorded.type[i])
            {
                return i;
            }
        }
        throw new AssertionError("no ADD in the flow");
    }
}
