package io.concurrengine.model.market;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static io.concurrengine.model.market.MarketFixture.TICKS_PER_SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the model does at the end of its room: an order pool at its largest, a wheel that can hold no more timers. An
 * ADD's remainder is dropped whole and counted, its fills stand, and nothing is left half made.
 */
class MarketCapacityTest
{
    private static final long ES = 7;

    private MarketFixture market;

    @AfterEach
    void after()
    {
        if (null != market)
        {
            market.close();
        }
    }

    @Test
    void shouldDropAnAddThatFindsTheOrderPoolFullAndRestOneOnceAnOrderHasGone()
    {
        market = new MarketFixture(MarketConfig.DEFAULT_BAND_WIDTH, 2);
        market.add(1, ES, 1, SELL, 1005, 10)
            .add(2, ES, 2, BUY, 995, 10)
            .add(3, ES, 3, BUY, 996, 10)
            .runAll();

        assertEquals(List.of(new Resting(ES, 2, BUY, 995, 10), new Resting(ES, 1, SELL, 1005, 10)), market.resting());
        assertEquals(3, market.model.counters().adds());
        assertEquals(1, market.model.counters().remaindersDropped());
        assertEquals(0, market.model.restingQuantity(ES, 3), "not resting");

        market.cancel(4, ES, 3).cancel(5, ES, 2).add(6, ES, 3, BUY, 996, 10).runAll();
        assertEquals(1, market.model.counters().rejectedUnknownOrder(), "order 3 never rested");
        assertEquals(1, market.model.counters().cancels());
        assertEquals(List.of(new Resting(ES, 3, BUY, 996, 10), new Resting(ES, 1, SELL, 1005, 10)), market.resting());
        assertEquals(1, market.model.counters().remaindersDropped());
    }

    @Test
    void shouldRestTheRemainderOfAnAddThatFilledWhenThePoolWasFull()
    {
        // a fill that takes a resting order whole frees its slot: an ADD left with a remainder after one always rests
        market = new MarketFixture(MarketConfig.DEFAULT_BAND_WIDTH, 2);
        market.add(1, ES, 1, SELL, 1000, 10).add(2, ES, 2, SELL, 1001, 10).add(3, ES, 3, BUY, 1000, 15).runAll();

        assertEquals(List.of(new Fill(ES, 1, 3, 1000, 10)), market.fills);
        assertEquals(List.of(new Resting(ES, 3, BUY, 1000, 5), new Resting(ES, 2, SELL, 1001, 10)), market.resting());
        assertEquals(0, market.model.counters().remaindersDropped());
    }

    @Test
    void shouldGrowAPoolFromAnyInitialCapacityToExactlyItsLargest()
    {
        final OrderPool pool = new OrderPool(3, 5);
        for (int i = 0; i < 5; i++)
        {
            assertEquals(i, pool.allocate(), "slot " + i);
        }
        assertEquals(OrderPool.NULL_SLOT, pool.allocate(), "full at 5, not at 3 or 6");
        assertEquals(5, pool.size());
        pool.free(2);
        assertEquals(2, pool.allocate(), "a freed slot is taken again");

        assertEquals(6, OrderPool.grownCapacity(3, 1 << 27));
        assertEquals(1 << 27, OrderPool.grownCapacity(100_663_296, 1 << 27), "3 * 2^25 stops at 2^27, not 3 * 2^26");
        assertEquals(1024, OrderPool.grownCapacity(768, OrderBooks.maxBooks(1 << 20)), "books: 768 grow to all 1024");
        assertEquals(Integer.MAX_VALUE, OrderPool.grownCapacity(1 << 30, Integer.MAX_VALUE), "no int overflow");
    }

    @Test
    void shouldKeepTheFillsAndDropTheRemainderOfAnAddWhoseExpiryTimerFindsNoRoom()
    {
        market = new MarketFixture();
        market.add(1, ES, 1, SELL, 1000, 5).runAll();
        market.arenaFull = true;
        market.add(2, ES, 2, BUY, 1000, 8, 100).runAll();
        market.arenaFull = false;

        assertEquals(List.of(new Fill(ES, 1, 2, 1000, 5)), market.fills);
        assertEquals(List.of(), market.resting(), "the remainder of 3 does not rest without its expiry");
        assertEquals(1, market.model.counters().remaindersDropped());
        assertEquals(0, market.model.restingOrderCount());

        market.add(3, ES, 2, BUY, 999, 4, 100).runUntil(4); // events due before 4
        assertEquals(List.of(new Resting(ES, 2, BUY, 999, 4)), market.resting(), "the id is free: nothing was left");
        assertEquals(0, market.model.counters().rejectedDuplicateOrder());
        market.runAll();
        assertEquals(1, market.dispatched(MarketEvents.EXPIRE), "only the order that rested had a timer");
        assertEquals(1, market.model.counters().expired());
        assertEquals(0, market.model.counters().staleTimers());
    }

    @Test
    void shouldCloseABarWhoseTimerFoundNoRoomAtItsInstrumentsNextTradeInALaterSecond()
    {
        market = new MarketFixture();
        final Bar bar = new Bar();
        market.add(1, ES, 1, SELL, 1000, 100).runAll();
        market.arenaFull = true;
        market.execute(10, ES, 90, BUY, 7).runAll();
        market.arenaFull = false;

        assertEquals(1, market.model.counters().barTimersRefused());
        assertTrue(market.model.currentBar(ES, bar), "the bar is open");
        assertEquals(7, bar.volume());
        market.runUntil(3 * TICKS_PER_SECOND);
        assertEquals(0, market.dispatched(MarketEvents.BAR_CLOSE), "no timer to close it");
        assertTrue(market.model.currentBar(ES, bar), "still open: nothing closed it");
        assertFalse(market.model.lastBar(ES, bar));

        market.execute(3 * TICKS_PER_SECOND + 5, ES, 91, BUY, 2).runUntil(3 * TICKS_PER_SECOND + 6);
        assertTrue(market.model.lastBar(ES, bar), "the next trade, seconds later, closed it");
        assertEquals(0, bar.second());
        assertEquals(7, bar.volume());
        assertEquals(1, market.model.counters().barsClosed());
        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(3, bar.second());
    }

    @Test
    void shouldHoldExactlyAsManyOrdersAsAPoolWhoseInitialCapacityIsItsLargest()
    {
        final OrderPool one = new OrderPool(1, 1);
        assertEquals(0, one.allocate());
        assertEquals(OrderPool.NULL_SLOT, one.allocate());

        final OrderPool two = new OrderPool(2, 2);
        assertEquals(0, two.allocate());
        assertEquals(1, two.allocate());
        assertEquals(OrderPool.NULL_SLOT, two.allocate());
        assertEquals(2, two.capacity());
    }

    @Test
    void shouldDoubleAPoolOnlyWhenEverySlotIsInUse()
    {
        final OrderPool pool = new OrderPool(1, 8);
        final int[] capacityAfter = {1, 2, 4, 4, 8, 8, 8, 8};
        for (int i = 0; i < capacityAfter.length; i++)
        {
            assertEquals(i, pool.allocate());
            assertEquals(capacityAfter[i], pool.capacity(), "after " + (i + 1) + " slots");
        }
        assertEquals(OrderPool.NULL_SLOT, pool.allocate());
        assertEquals(8, pool.capacity());
    }

    @Test
    void shouldRefuseAPoolSizeOutsideItsRange()
    {
        assertThrows(IllegalArgumentException.class, () -> new OrderPool(1, 0));
        assertThrows(IllegalArgumentException.class, () -> new OrderPool(1, OrderPool.MAX_CAPACITY + 1));
        assertThrows(IllegalArgumentException.class, () -> new OrderPool(0, 1));
        assertThrows(IllegalArgumentException.class, () -> new OrderPool(3, 2));
    }

    @Test
    void shouldAcceptTheWidestBandAndRefuseAWiderOrNarrowerOne()
    {
        final MarketModel widest = new MarketModel(new MarketConfig().bandWidth(1 << 20).initialInstrumentCapacity(1)
            .initialOrderCapacity(1));
        assertEquals(0, widest.instrumentCount());

        assertThrows(IllegalArgumentException.class,
            () -> new MarketModel(new MarketConfig().bandWidth(1 << 21).initialInstrumentCapacity(1)));
        assertThrows(IllegalArgumentException.class,
            () -> new MarketModel(new MarketConfig().bandWidth(32).initialInstrumentCapacity(1)));
    }

    @Test
    void shouldRefuseMoreInitialInstrumentsThanItsBandWidthAllows()
    {
        assertEquals(1 << 20, MarketConfig.maxInstrumentCapacity(1 << 10));
        assertEquals(1 << 10, MarketConfig.maxInstrumentCapacity(1 << 20));

        final int tooMany = MarketConfig.maxInstrumentCapacity(1 << 20) + 1;
        assertThrows(IllegalArgumentException.class,
            () -> new MarketModel(new MarketConfig().bandWidth(1 << 20).initialInstrumentCapacity(tooMany)));
        assertThrows(IllegalArgumentException.class,
            () -> new MarketModel(new MarketConfig().initialInstrumentCapacity(0)));
    }

    @Test
    void shouldRefuseABadBandOrInstrumentCapacityBeforeAllocatingTheLargestOrderPool()
    {
        // the largest pool is 8 GiB, more than a test JVM's heap: the values are checked before it is allocated, so
        // the error names the bad value rather than being an OutOfMemoryError
        final MarketConfig badBand = new MarketConfig().bandWidth(100).initialOrderCapacity(OrderPool.MAX_CAPACITY);
        assertEquals("bandWidth=100 must be a power of two in [64, 2^20]",
            assertThrows(IllegalArgumentException.class, () -> new MarketModel(badBand)).getMessage());
        final MarketConfig noBooks = new MarketConfig().initialInstrumentCapacity(0)
            .initialOrderCapacity(OrderPool.MAX_CAPACITY);
        assertEquals("initialInstrumentCapacity=0 must be in [1, 1048576] for bandWidth=1024",
            assertThrows(IllegalArgumentException.class, () -> new MarketModel(noBooks)).getMessage());
    }
}
