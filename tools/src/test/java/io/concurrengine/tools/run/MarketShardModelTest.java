package io.concurrengine.tools.run;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.pipeline.Partitioner;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Arrays;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketShardModelTest
{
    @Test
    void shouldSizeEachShardForAtLeastTwiceItsShareOfTheLiveOrders()
    {
        final int live = new OrderFlowConfig().maxLiveOrders();
        for (int shards = 1; shards <= 64; shards++)
        {
            final int capacity = MarketShardModel.orderCapacity(live, shards);
            assertEquals(1, Integer.bitCount(capacity), "a power of two: " + capacity);
            assertTrue(capacity >= 2L * live / shards, shards + " shards: " + capacity);
            assertTrue(capacity >= MarketConfig.DEFAULT_INITIAL_ORDER_CAPACITY, shards + " shards: " + capacity);
        }
        assertEquals(1 << 18, MarketShardModel.orderCapacity(1 << 18, 2), "the default run: 2 shards");
        assertEquals(MarketConfig.DEFAULT_INITIAL_ORDER_CAPACITY, MarketShardModel.orderCapacity(1, 1));
    }

    @Test
    void shouldSizeTheDefaultRunsTwoShardsAsBefore()
    {
        final int[] capacities = MarketShardModel.orderCapacities(config(Map.of()));

        assertEquals(2, capacities.length);
        final int evenSplit = MarketShardModel.orderCapacity(new OrderFlowConfig().maxLiveOrders(), 2);
        assertEquals(1 << 18, evenSplit);
        assertArrayEquals(new int[]{evenSplit, evenSplit}, capacities, "the default run's models are as they were");
    }

    @Test
    void shouldSizeEachOfManyShardsForItsShareOfTheFlowNotForAnEvenSplitWithAFloor()
    {
        final EngineConfig config = config(Map.of("engine.shards", "256"));
        final int[] capacities = MarketShardModel.orderCapacities(config);

        final SyntheticOrderFlow flow = new SyntheticOrderFlow(RunFeed.flow(config));
        final int live = RunFeed.flow(config).maxLiveOrders();
        final double[] shares = shares(flow, 256);
        for (int shard = 0; shard < 256; shard++)
        {
            assertEquals(1, Integer.bitCount(capacities[shard]), "a power of two: " + capacities[shard]);
            assertTrue(capacities[shard] >= MarketShardModel.SHARE_HEADROOM * shares[shard] * live,
                "shard " + shard + ": " + capacities[shard] + " for a share of " + shares[shard]);
            assertTrue(capacities[shard] >= MarketShardModel.MIN_ORDER_CAPACITY);
        }
        final int busiest = Partitioner.hash().shardFor(flow.instrumentId(0), 256);
        assertTrue(capacities[busiest] >= 65_536, "the busiest instrument's shard: " + capacities[busiest]);
        final long total = Arrays.stream(capacities).asLongStream().sum();
        assertTrue(total * 8 <= 256L * MarketConfig.DEFAULT_INITIAL_ORDER_CAPACITY,
            "an eighth of a 65,536 floor for each, or less: " + total);
    }

    @Test
    void shouldSplitAFeedFilesLiveOrdersEvenlySinceItsInstrumentsAreNotKnownBeforeItIsRead()
    {
        final int[] capacities = MarketShardModel.orderCapacities(
            config(Map.of("engine.shards", "256", "feed.file", "feed.csv")));

        final int evenSplit = MarketShardModel.orderCapacity(new OrderFlowConfig().maxLiveOrders(), 256);
        assertTrue(Arrays.stream(capacities).allMatch(c -> c == evenSplit), Arrays.toString(capacities));
    }

    @Test
    void shouldAllocateEachShardsWheelForItsShareOfTheFlowsPendingExpiriesAndABarTimerPerInstrument()
    {
        for (final String rate : new String[]{"max", "500000"})
        {
            final EngineConfig config = config(Map.of("run.rate", rate));
            final OrderFlowConfig flowConfig = RunFeed.flow(config);
            final int[] timers = MarketShardModel.timerCapacities(config);
            final ShardModelFactory factory = MarketShardModel.factory(config);

            final double[] shares = shares(new SyntheticOrderFlow(flowConfig), 2);
            for (int shard = 0; shard < 2; shard++)
            {
                assertTrue(timers[shard] >= shares[shard] * flowConfig.pendingExpiryBound() +
                    config.instrumentCapacityPerShard(2), "rate " + rate + ", shard " + shard + ": " + timers[shard]);
                assertTrue(timers[shard] > EngineBuilder.DEFAULT_INITIAL_WHEEL_CAPACITY,
                    "rate " + rate + ", shard " + shard + ": more than an engine's wheels start with");
                assertEquals(timers[shard], factory.create(shard, 2).expectedTimers(), "the model says so");
            }
            assertEquals(0, factory.create(0, 3).expectedTimers(), "sized for another shard count: not known");
        }
        final int[] halfRate = MarketShardModel.timerCapacities(config(Map.of("run.rate", "500000")));
        final int[] maxRate = MarketShardModel.timerCapacities(config(Map.of()));
        assertTrue(halfRate[0] < maxRate[0], "stamped at half the rate, expiries span half as many inputs");
    }

    @Test
    void shouldSizeNoWheelForMoreExpiriesThanTheRunHasInputsHoweverFastTheyAreStamped()
    {
        // at 1e9 inputs/s the flow's bound is hundreds of millions of pending expiries: 2 GiB of wheel a shard, which
        // a 100k-input run never schedules (--shards 3 was refused for direct memory, --shards 2 took 4.6 GB)
        final EngineConfig config = config(Map.of("run.rate", "1e9", "run.events", "100k", "engine.shards", "3"));
        final long bars = config.instrumentCapacityPerShard(3);
        for (final int timers : MarketShardModel.timerCapacities(config))
        {
            assertTrue(timers <= 100_000 + bars, "at most one expiry an input, plus the bars: " + timers);
        }
        assertNull(new RunEngineFactory(config, new PrintWriter(new StringWriter())).checkWheelMemory(1L << 30));

        final int[] unbounded = MarketShardModel.timerCapacities(
            config(Map.of("run.rate", "1e9", "run.duration", "1s", "run.events", "0", "engine.shards", "3")));
        assertEquals(EventDescriptor.MAX_RECORDS, unbounded[0], "bounded by time alone: the flow's bound, capped");
    }

    @Test
    void shouldLeaveAFeedFilesWheelsAtTheEnginesDefaultSinceItsTimersAreNotKnownBeforeItIsRead()
    {
        final EngineConfig config = config(Map.of("feed.file", "feed.csv"));

        assertArrayEquals(new int[]{0, 0}, MarketShardModel.timerCapacities(config));
        assertEquals(0, MarketShardModel.factory(config).create(1, 2).expectedTimers());
    }

    /** Each shard's share of the flow's activity, summed here from the instruments the hash partitioner routes. */
    private static double[] shares(final SyntheticOrderFlow flow, final int shards)
    {
        final double[] shares = new double[shards];
        for (int rank = 0; rank < flow.instrumentCount(); rank++)
        {
            shares[Partitioner.hash().shardFor(flow.instrumentId(rank), shards)] += flow.expectedShare(rank);
        }
        return shares;
    }

    private static EngineConfig config(final Map<String, String> flags)
    {
        return new ConfigLoader().load(null, Map.of(), flags);
    }
}
