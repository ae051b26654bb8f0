package io.concurrengine.tools.run;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.MarketModel;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Partitioner;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.tools.config.EngineConfig;

import java.util.Arrays;

/**
 * The market reference model as a shard model: one {@link MarketModel} per shard, time in microseconds.
 */
public final class MarketShardModel implements ShardModel
{
    /** Identity written in journal headers; a replay refuses journals of another model. */
    public static final String IDENTITY = "market-v1";

    /** Engine time unit of the market model: microseconds. */
    public static final long TICKS_PER_SECOND = 1_000_000L;

    /** Least initial order capacity of a shard's model on the synthetic flow: {@link #orderCapacities}. */
    static final int MIN_ORDER_CAPACITY = 4096;

    /** A shard's model is sized for at least this many times its share of the flow's live orders. */
    static final double SHARE_HEADROOM = 1.5;

    private final MarketModel model;
    private final int expectedTimers;

    MarketShardModel(final MarketConfig config, final int expectedTimers)
    {
        this.model = new MarketModel(config);
        this.expectedTimers = expectedTimers;
    }

    /**
     * @param config the run's configuration.
     * @return a factory of one market model per shard.
     */
    public static ShardModelFactory factory(final EngineConfig config)
    {
        final int liveOrders = RunFeed.flow(config).maxLiveOrders();
        final double[] shares = shares(config);
        final int[] capacities = orderCapacities(config, shares);
        final int[] timers = timerCapacities(config, shares);
        return (shardId, shardCount) -> new MarketShardModel(new MarketConfig()
            .ticksPerSecond(TICKS_PER_SECOND)
            .bandWidth(config.bandWidth())
            .initialInstrumentCapacity((int)config.instrumentCapacityPerShard(shardCount))
            .initialOrderCapacity(shardCount == capacities.length ?
                capacities[shardId] : orderCapacity(liveOrders, shardCount)),
            shardCount == timers.length ? timers[shardId] : 0);
    }

    /**
     * Orders each shard's model is sized for before the run, so that its order pool and index do not grow (copying
     * on the shard thread, leaving garbage for the collector) while the run is measured, nor take memory the shard
     * will not use. On the synthetic flow, from the shard's share of the flow's activity: the Zipf weights of the
     * instruments the engine's hash partitioner (the one {@code run} uses) routes to it, times the flow's live orders,
     * at least {@link #SHARE_HEADROOM} of that, a power of two, and at least {@link #MIN_ORDER_CAPACITY}. The flow's
     * live orders spread over instruments as their activity does, and the orders resting in the books are fewer still
     * (the flow cannot see fills); a shard that needs more grows. The busiest instrument of the default flow has about
     * a sixth of the activity (16.0 %; 16.3 % with the others its shard of 256 holds): with 256 shards its shard gets
     * 65,536 orders and most others 4,096, where a floor
     * of 65,536 for each gave 256 shards 1 GiB of order pools. A feed file's instruments are not known before it is
     * read: every shard gets {@link #orderCapacity(int, int)}.
     *
     * @param config the run's configuration.
     * @return the initial order capacity of each of {@code engine.shards} shards.
     */
    static int[] orderCapacities(final EngineConfig config)
    {
        return orderCapacities(config, shares(config));
    }

    private static int[] orderCapacities(final EngineConfig config, final double[] shares)
    {
        final OrderFlowConfig flowConfig = RunFeed.flow(config);
        final int shards = config.shards();
        final int[] capacities = new int[shards];
        if (null == shares)
        {
            Arrays.fill(capacities, orderCapacity(flowConfig.maxLiveOrders(), shards));
            return capacities;
        }
        for (int shard = 0; shard < shards; shard++)
        {
            final long needed = (long)Math.ceil(SHARE_HEADROOM * shares[shard] * flowConfig.maxLiveOrders());
            capacities[shard] = (int)Math.max(MIN_ORDER_CAPACITY, Long.highestOneBit(Math.max(1, needed - 1)) << 1);
        }
        return capacities;
    }

    /**
     * Timers each shard's wheel is allocated for before the run ({@link #expectedTimers()}), so that it does not grow
     * while the run is measured: on the 2-vCPU machine of bench/results/pipeline/session-32/ growing a wheel from
     * 65,536 records to 131,072 stopped its shard for 29-39 ms, the largest latency of a paced market run. On the
     * synthetic flow: the shard's share of the flow's activity (as for {@link #orderCapacities}) times the flow's
     * {@link OrderFlowConfig#pendingExpiryBound() bound on pending expiries}, at the rate its inputs are stamped at,
     * but no more than the run's {@code run.events} (a run of N inputs schedules at most N expiries), plus one bar
     * timer per instrument the shard has room for. On the default flow stamped at 1 M inputs/s that is
     * 180,874 and 248,069 records for two shards (11 and 15 MiB), where their wheels held at most 92,346 and 123,439.
     * A feed file's timers are not known before it is read: 0, so its shards start at the engine's default and grow
     * as they need.
     *
     * @param config the run's configuration.
     * @return timers to allocate each of {@code engine.shards} shards' wheels for.
     */
    static int[] timerCapacities(final EngineConfig config)
    {
        return timerCapacities(config, shares(config));
    }

    private static int[] timerCapacities(final EngineConfig config, final double[] shares)
    {
        final int shards = config.shards();
        final int[] timers = new int[shards];
        if (null == shares)
        {
            return timers;
        }
        final OrderFlowConfig flowConfig = RunFeed.flow(config);
        final double expiries = flowConfig.pendingExpiryBound();
        final long bars = config.instrumentCapacityPerShard(shards);
        // a run of N inputs schedules at most N expiries, however fast its inputs are stamped (at --rate 1e9 the
        // bound is 33,554,430 records, 2 GiB, a shard)
        final long inputs = config.events() > 0 ? config.events() : Long.MAX_VALUE;
        for (int shard = 0; shard < shards; shard++)
        {
            final long shardExpiries = Math.min(inputs, (long)Math.ceil(shares[shard] * expiries));
            timers[shard] = (int)Math.min(EventDescriptor.MAX_RECORDS, shardExpiries + bars);
        }
        return timers;
    }

    /**
     * @return each of {@code engine.shards} shards' share of the synthetic flow's activity: the Zipf weights of the
     * instruments the engine's hash partitioner (the one {@code run} uses) routes to it; null for a feed file, whose
     * instruments are not known before it is read.
     */
    private static double[] shares(final EngineConfig config)
    {
        if (!config.feedFile().isEmpty())
        {
            return null;
        }
        final int shards = config.shards();
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(RunFeed.flow(config));
        final Partitioner partitioner = Partitioner.hash();
        final double[] shares = new double[shards];
        for (int rank = 0; rank < flow.instrumentCount(); rank++)
        {
            shares[partitioner.shardFor(flow.instrumentId(rank), shards)] += flow.expectedShare(rank);
        }
        return shares;
    }

    /**
     * Orders a shard's model is sized for before the run: at least twice its share of the flow's live orders (routing
     * by instrument hash does not split them evenly), a power of two, so that the order pool and its id index do not
     * grow (copying on the shard thread, leaving garbage for the collector) while the run is measured.
     *
     * @param liveOrders most orders the feed keeps live.
     * @param shardCount shards.
     * @return initial order capacity of one shard's model.
     */
    static int orderCapacity(final int liveOrders, final int shardCount)
    {
        final int share = Math.max(1, liveOrders / shardCount);
        return Math.max(MarketConfig.DEFAULT_INITIAL_ORDER_CAPACITY, Integer.highestOneBit(share - 1) << 2);
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        model.onEvent(event, context);
    }

    @Override
    public long stateHash()
    {
        return model.stateHash();
    }

    @Override
    public String identity()
    {
        return IDENTITY;
    }

    @Override
    public int expectedTimers()
    {
        return expectedTimers;
    }

    /**
     * @return the wrapped model.
     */
    public MarketModel model()
    {
        return model;
    }
}
