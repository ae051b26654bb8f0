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
        // and the engine's hash of it on one shard (StateHash.sum, what `run` prints)
        assertEquals(0xa7bcfdb72669c831L, StateHash.sum(model.stateHash()),
            () -> String.format("0x%016x", StateHash.sum(model.stateHash())));
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

    /**
     * Order ids reused on another instrument while the first order rests: orders are keyed by (instrument, id), so
     * one model holding both instruments does what two models holding one each do, and the hashes sum alike. With
     * orders keyed by id alone, the one model rejected B's ADD of id 1 as a duplicate of A's.
     */
    @Test
    void shouldGiveTheSameEngineHashWhenInstrumentsReuseEachOthersOrderIds()
    {
        final long a = 7;
        final long b = 8;
        final long[][] inputs = {
            // time, type, instrument, a0 (order id), side | price, quantity, time in force or flags
            {10, MarketEvents.ADD, a, 1, MarketEvents.sidePrice(MarketEvents.BUY, 1000), 5, 500_000},
            {20, MarketEvents.ADD, b, 1, MarketEvents.sidePrice(MarketEvents.SELL, 1000), 5, 0},
            {30, MarketEvents.ADD, b, 2, MarketEvents.sidePrice(MarketEvents.BUY, 1000), 3, 0},
            {40, MarketEvents.ADD, a, 2, MarketEvents.sidePrice(MarketEvents.SELL, 1000), 2, 0},
            {50, MarketEvents.REPLACE, b, 1, 1001, 4, 0},
            {60, MarketEvents.ADD, a, 3, MarketEvents.sidePrice(MarketEvents.BUY, 999), 4, 0},
            {70, MarketEvents.ADD, b, 3, MarketEvents.sidePrice(MarketEvents.BUY, 990), 1, 0},
            {80, MarketEvents.CANCEL, b, 3, 0, 0, 0},
            {85, MarketEvents.ADD, a, 3, MarketEvents.sidePrice(MarketEvents.SELL, 1005), 1, 0},
            {90, MarketEvents.EXECUTE, a, 1, MarketEvents.sidePrice(MarketEvents.SELL, 0), 1, 0},
            {2_000_000, MarketEvents.ADD, b, 1, MarketEvents.sidePrice(MarketEvents.SELL, 1002), 1, 0},
            {2_500_000, MarketEvents.ADD, a, 1, MarketEvents.sidePrice(MarketEvents.BUY, 1000), 1, 0},
            {2_500_000, MarketEvents.EXECUTE, b, 1, MarketEvents.sidePrice(MarketEvents.BUY, 0), 10, 0},
        };
        try (MarketFixture whole = new MarketFixture();
            MarketFixture onlyA = new MarketFixture();
            MarketFixture onlyB = new MarketFixture())
        {
            for (final long[] input : inputs)
            {
                final MarketFixture split = a == input[2] ? onlyA : onlyB;
                for (final MarketFixture fixture : new MarketFixture[]{whole, split})
                {
                    fixture.wheel.push(input[0], (int)input[1], input[2], input[3], input[4], input[5], input[6]);
                }
            }
            whole.runAll();
            onlyA.runAll();
            onlyB.runAll();

            assertEquals(
                StateHash.sum(whole.model.stateHash()),
                StateHash.sum(onlyA.model.stateHash(), onlyB.model.stateHash()));
            final List<Resting> splitResting = new ArrayList<>(onlyA.resting());
            splitResting.addAll(onlyB.resting());
            assertEquals(whole.resting(), splitResting);
            // only the ADDs of an id resting on the same instrument are duplicates: a's id 3 and b's late id 1
            assertEquals(2, whole.model.counters().rejectedDuplicateOrder(), whole.model.counters().toString());
            assertEquals(1, whole.model.counters().expired(), whole.model.counters().toString());
        }
    }

    /**
     * The synthetic flow with its order ids folded onto a few hundred, so that instruments keep reusing ids that
     * rest on others (and on themselves): one model and any split of the instruments sum to the same hash.
     */
    @Test
    void shouldGiveTheSameEngineHashForAnyNumberOfShardsWhenOrderIdsRepeatAcrossInstruments()
    {
        final RecordedFlow recorded = new RecordedFlow(flow(5), INPUTS);
        for (int i = 0; i < recorded.a0.length; i++)
        {
            recorded.a0[i] = Math.floorMod(recorded.a0[i], 300);
        }
        final MarketModel whole = recorded.runShard(market(), 0, 1);
        assertTrue(whole.counters().fills() > 0, whole.counters().toString());
        assertTrue(whole.counters().rejectedDuplicateOrder() > 0, whole.counters().toString());
        final long one = StateHash.sum(whole.stateHash());
        for (final int shardCount : new int[]{2, 3, 7})
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

    /**
     * One of each thing the model counts, pinned like the flow's hash above: the counters are part of the state hash,
     * each with its own weight, so a journal that recorded rejects, stale timers or dropped remainders replays to the
     * hash it recorded only while the weighting stays as it is.
     */
    @Test
    void shouldKeepThePinnedStateHashOfInputsThatMoveEveryCounter()
    {
        final long es = 7;
        final long second = MarketFixture.TICKS_PER_SECOND;
        try (MarketFixture market = new MarketFixture(64, 3))
        {
            market.add(1, es, 1, MarketEvents.SELL, 1000, 10)
                .add(2, es, 2, MarketEvents.BUY, 990, 10, 500_000)
                .add(3, es, 3, MarketEvents.BUY, 991, 10)
                .add(4, es, 4, MarketEvents.BUY, 992, 10) // the pool holds three orders: dropped
                .add(5, es, 1, MarketEvents.SELL, 1001, 1) // order 1 rests: a duplicate
                .add(6, es, 5, MarketEvents.SELL, 1100, 1) // outside the band [968, 1032)
                .cancel(8, es, 3)
                .cancel(9, es, 42) // unknown
                .replace(10, es, 1, 1000, 6)
                .execute(11, es, 99, MarketEvents.BUY, 2); // opens the bar of second 0, closed by its timer
            market.wheel.push(7, MarketEvents.ADD, es, 6, MarketEvents.sidePrice(2, 1000), 1, 0); // bad side
            market.wheel.push(12, MarketEvents.TYPE_COUNT, es, 0, 0, 0, 0); // unknown type
            market.wheel.push(13, MarketEvents.EXPIRE, es, 42, 0, 0, 0); // stale
            market.runUntil(2 * second); // order 2 expires at 500,002
            market.arenaFull = true;
            market.execute(2 * second + 1, es, 100, MarketEvents.BUY, 1).runUntil(2 * second + 2); // no bar timer
            market.arenaFull = false;
            market.execute(3 * second + 1, es, 101, MarketEvents.BUY, 1).runAll(); // closes bar 2, opens bar 3

            final MarketCounters counters = market.model.counters();
            assertEquals("MarketCounters{adds=4, cancels=1, replaces=1, executes=3, fills=3, filledQuantity=4, " +
                "expired=1, barsClosed=3, rejectedUnknownOrder=1, rejectedDuplicateOrder=1, rejectedOutOfBand=1, " +
                "rejectedInvalid=1, staleTimers=1, unknownEventTypes=1, remaindersDropped=1, barTimersRefused=1}",
                counters.toString());
            assertEquals(List.of(new Resting(es, 1, MarketEvents.SELL, 1000, 2)), market.resting());
            assertEquals(0x86313026ae6e180aL, market.model.stateHash(),
                () -> String.format("0x%016x", market.model.stateHash()));
        }
    }

    @Test
    void shouldFoldFillsAndClosedBarsButNotRestingOrdersIntoTheRunningHash()
    {
        final long es = 7;
        try (MarketFixture market = new MarketFixture();
            MarketFixture moreResting = new MarketFixture();
            MarketFixture otherFill = new MarketFixture())
        {
            assertEquals(0, market.model.runningHash(), "no instrument yet");
            market.add(1, es, 1, MarketEvents.SELL, 1000, 10).execute(5, es, 99, MarketEvents.BUY, 3).runUntil(6);
            moreResting.add(1, es, 1, MarketEvents.SELL, 1000, 10).add(2, es, 2, MarketEvents.BUY, 990, 5)
                .execute(5, es, 99, MarketEvents.BUY, 3).runUntil(6);
            otherFill.add(1, es, 1, MarketEvents.SELL, 1000, 10).execute(5, es, 99, MarketEvents.BUY, 4).runUntil(6);

            assertEquals(market.model.runningHash(), moreResting.model.runningHash());
            assertNotEquals(market.model.stateHash(), moreResting.model.stateHash());
            assertNotEquals(market.model.runningHash(), otherFill.model.runningHash());

            final long beforeTheBarCloses = market.model.runningHash();
            market.runAll();
            assertEquals(1, market.model.closedBarCount(es));
            assertNotEquals(beforeTheBarCloses, market.model.runningHash(), "the closed bar is folded in");
        }
    }
}
