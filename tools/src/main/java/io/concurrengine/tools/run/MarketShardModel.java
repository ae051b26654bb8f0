package io.concurrengine.tools.run;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.MarketModel;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.tools.config.EngineConfig;

/**
 * The market reference model as a shard model: one {@link MarketModel} per shard, time in microseconds.
 */
public final class MarketShardModel implements ShardModel
{
    /** Identity written in journal headers; a replay refuses journals of another model. */
    public static final String IDENTITY = "market-v1";

    /** Engine time unit of the market model: microseconds. */
    public static final long TICKS_PER_SECOND = 1_000_000L;

    private final MarketModel model;

    MarketShardModel(final MarketConfig config)
    {
        this.model = new MarketModel(config);
    }

    /**
     * @param config the run's configuration.
     * @return a factory of one market model per shard.
     */
    public static ShardModelFactory factory(final EngineConfig config)
    {
        final int liveOrders = RunFeed.flow(config).maxLiveOrders();
        return (shardId, shardCount) -> new MarketShardModel(new MarketConfig()
            .ticksPerSecond(TICKS_PER_SECOND)
            .bandWidth(config.bandWidth())
            .initialInstrumentCapacity((int)config.instrumentCapacityPerShard(shardCount))
            .initialOrderCapacity(orderCapacity(liveOrders, shardCount)));
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

    /**
     * @return the wrapped model.
     */
    public MarketModel model()
    {
        return model;
    }
}
