package io.concurrengine.tools.run;

import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.model.market.OrderFlowConfig;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
