package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The orders a synthetic flow believes live: an order whose time in force has run out by an input's time is gone
 * from the model by then (its EXPIRE, scheduled earlier, is dispatched before an input of the same time), so the flow
 * must not pick it for a CANCEL or REPLACE.
 */
class LiveOrdersTest
{
    private final SimRng rng = SimRng.seeded(3, 0, 0);

    @Test
    void shouldPickAnOrderUntilItsExpiryTimeAndForgetItThen()
    {
        final LiveOrders live = new LiveOrders(1);
        live.add(42, 5, MarketEvents.SELL, 1000, 7, 100);
        assertTrue(live.isFull());

        final int index = live.pick(rng, 99);
        assertEquals(0, index);
        assertEquals(42, live.orderId(index));
        assertEquals(5, live.rank(index));
        assertEquals(1000, live.price(index));
        assertEquals(7, live.quantity(index));
        assertEquals(1, live.size());

        assertEquals(LiveOrders.NONE, live.pick(rng, 100), "expired at 100");
        assertEquals(0, live.size());
        assertFalse(live.isFull());
    }

    @Test
    void shouldRefuseACapacityItCannotHold()
    {
        assertThrows(IllegalArgumentException.class, () -> new LiveOrders(0));
        assertThrows(IllegalArgumentException.class, () -> new LiveOrders(1 << 29));
    }
}
