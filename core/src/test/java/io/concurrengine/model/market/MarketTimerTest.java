package io.concurrengine.model.market;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static io.concurrengine.model.market.MarketFixture.TICKS_PER_SECOND;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketTimerTest
{
    private static final long ES = 7;
    private static final long TIF = 100_000;

    private final MarketFixture market = new MarketFixture();
    private final Bar bar = new Bar();

    @AfterEach
    void after()
    {
        market.close();
    }

    @Test
    void shouldExpireAnOrderWhenItsTimeInForceRunsOut()
    {
        market.add(10, ES, 1, BUY, 1000, 5, TIF).runUntil(10 + TIF);
        assertEquals(5, market.model.restingQuantity(ES, 1));

        market.runUntil(10 + TIF + 1);
        assertEquals(0, market.model.restingQuantity(ES, 1));
        assertEquals(1, market.model.counters().expired());
        assertEquals(MarketModel.NO_PRICE, market.model.bestBid(ES));
    }

    @Test
    void shouldHashWhenEachRestingOrderExpires()
    {
        try (MarketFixture sooner = new MarketFixture();
            MarketFixture later = new MarketFixture();
            MarketFixture same = new MarketFixture();
            MarketFixture never = new MarketFixture())
        {
            market.add(10, ES, 1, BUY, 1000, 5, TIF).runUntil(20);
            sooner.add(10, ES, 1, BUY, 1000, 5, TIF - 1).runUntil(20);
            later.add(10, ES, 1, BUY, 1000, 5, TIF + 1).runUntil(20);
            same.add(10, ES, 1, BUY, 1000, 5, TIF).runUntil(20);
            never.add(10, ES, 1, BUY, 1000, 5).runUntil(20);

            // the same book now, but not the same state: the orders leave it at different times, or never
            assertEquals(market.resting(), sooner.resting());
            assertEquals(market.resting(), later.resting());
            assertEquals(market.resting(), never.resting());
            assertEquals(same.model.stateHash(), market.model.stateHash());
            assertNotEquals(sooner.model.stateHash(), market.model.stateHash());
            assertNotEquals(later.model.stateHash(), market.model.stateHash());
            assertNotEquals(never.model.stateHash(), market.model.stateHash());
        }
    }

    @Test
    void shouldNotExpireAtOnceAnOrderWhoseTimeInForceRunsPastTheEndOfTime()
    {
        // now + timeInForce overflows: the expiry lies beyond any reachable time, not in the past
        market.add(10, ES, 1, BUY, 1000, 5, Long.MAX_VALUE).add(20, ES, 2, BUY, 999, 5, Long.MAX_VALUE - 15)
            .runUntil(Long.MAX_VALUE);

        assertEquals(5, market.model.restingQuantity(ES, 1));
        assertEquals(5, market.model.restingQuantity(ES, 2));
        assertEquals(0, market.model.counters().expired());
        assertEquals(0, market.dispatched(MarketEvents.EXPIRE));
        assertEquals(0, market.wheel.clampedCount());
    }

    @Test
    void shouldKeepAnOrderWhoseTimeInForceRunsPastTheEndOfTimeForATradeAtLongMax()
    {
        // fed as a shard feeds it, an EXPIRE saturated at Long.MAX_VALUE would be dispatched before an input at
        // Long.MAX_VALUE and remove an order whose time in force has not run out by then
        final long start = Long.MAX_VALUE - 5;
        market.add(start, ES, 1, SELL, 1000, 5, 1000).runUntil(start + 1)
            .execute(Long.MAX_VALUE, ES, 99, BUY, 5);
        while (null != market.loop.dispatchNext(Long.MAX_VALUE))
        {
            // drain everything due by the end of time
        }

        assertEquals(List.of(new Fill(ES, 1, 99, 1000, 5)), market.fills);
        assertEquals(0, market.model.counters().expired());
        assertEquals(0, market.dispatched(MarketEvents.EXPIRE));
    }

    @Test
    void shouldHashAnOrderWhoseTimeInForceRunsPastTheEndOfTimeAsOneThatNeverExpires()
    {
        try (MarketFixture never = new MarketFixture(); MarketFixture atTheEnd = new MarketFixture())
        {
            final long start = Long.MAX_VALUE - 5;
            market.add(start, ES, 1, SELL, 1000, 5, 1000).runUntil(start + 1);
            never.add(start, ES, 1, SELL, 1000, 5).runUntil(start + 1);
            atTheEnd.add(start, ES, 1, SELL, 1000, 5, 5).runUntil(start + 1); // expires at Long.MAX_VALUE

            assertEquals(never.model.stateHash(), market.model.stateHash());
            assertNotEquals(atTheEnd.model.stateHash(), market.model.stateHash());
        }
    }

    @Test
    void shouldNeverFireTheExpiryOfAnOrderThatFilledFirst()
    {
        market.add(10, ES, 1, BUY, 1000, 5, TIF).execute(20, ES, 99, SELL, 5).runAll();

        assertEquals(List.of(new Fill(ES, 1, 99, 1000, 5)), market.fills);
        assertEquals(0, market.dispatched(MarketEvents.EXPIRE));
        assertEquals(0, market.model.counters().staleTimers());
        assertTrue(market.wheel.isEmpty());
    }

    @Test
    void shouldNeverFireTheExpiryOfAnOrderThatWasCancelled()
    {
        market.add(10, ES, 1, BUY, 1000, 5, TIF).cancel(20, ES, 1).runAll();

        assertEquals(0, market.dispatched(MarketEvents.EXPIRE));
        assertTrue(market.wheel.isEmpty());
    }

    @Test
    void shouldNeverFireTheExpiryOfAnOrderThatAReplaceFilled()
    {
        market.add(10, ES, 1, SELL, 1001, 5)
            .add(11, ES, 2, BUY, 1000, 5, TIF)
            .replace(12, ES, 2, 1001, 5)
            .runAll();

        assertEquals(List.of(new Fill(ES, 1, 2, 1001, 5)), market.fills);
        assertEquals(0, market.dispatched(MarketEvents.EXPIRE));
    }

    @Test
    void shouldKeepTheExpiryOfAPartiallyFilledOrder()
    {
        market.add(10, ES, 1, BUY, 1000, 5, TIF).execute(20, ES, 99, SELL, 2).runAll();

        assertEquals(1, market.dispatched(MarketEvents.EXPIRE));
        assertEquals(1, market.model.counters().expired());
        assertEquals(0, market.model.restingOrderCount());
    }

    @Test
    void shouldBuildOpenHighLowCloseVolumeOverOneSecond()
    {
        market.add(1, ES, 1, SELL, 1000, 100)
            .add(2, ES, 2, SELL, 1005, 100)
            .add(3, ES, 3, SELL, 990, 100)
            .execute(100, ES, 90, BUY, 3)
            .execute(200, ES, 91, BUY, 100)
            .execute(300, ES, 92, BUY, 4)
            .execute(400, ES, 93, BUY, 102)
            .runUntil(TICKS_PER_SECOND - 1);

        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(0, bar.second());
        assertEquals(990, bar.open());
        assertEquals(1005, bar.high());
        assertEquals(990, bar.low());
        assertEquals(1005, bar.close());
        assertEquals(209, bar.volume());
        assertEquals(6, bar.trades());
    }

    @Test
    void shouldCloseTheBarAtTheSecondBoundary()
    {
        market.add(1, ES, 1, SELL, 1000, 100).execute(5, ES, 99, BUY, 7).runUntil(TICKS_PER_SECOND);
        assertFalse(market.model.lastBar(ES, bar));

        market.runUntil(TICKS_PER_SECOND + 1);
        assertTrue(market.model.lastBar(ES, bar));
        assertEquals(0, bar.second());
        assertEquals(7, bar.volume());
        assertFalse(market.model.currentBar(ES, bar));
        assertEquals(1, market.model.closedBarCount(ES));
        assertEquals(1, market.dispatched(MarketEvents.BAR_CLOSE));
    }

    @Test
    void shouldScheduleNoBarTimerForAnInstrumentWithoutTrades()
    {
        market.add(1, ES, 1, SELL, 1000, 100).add(2, ES, 2, BUY, 999, 100).runAll();

        assertEquals(0, market.dispatched(MarketEvents.BAR_CLOSE));
        assertTrue(market.wheel.isEmpty());
    }

    @Test
    void shouldCloseTheOpenBarFirstWhenATradeOfALaterSecondIsDispatchedBeforeTheTimer()
    {
        market.add(1, ES, 1, SELL, 1000, 100)
            .execute(5, ES, 98, BUY, 7)
            .execute(TICKS_PER_SECOND, ES, 99, BUY, 3)
            .runAll();

        assertTrue(market.model.lastBar(ES, bar));
        assertEquals(1, bar.second());
        assertEquals(3, bar.volume());
        assertEquals(2, market.model.closedBarCount(ES));
        assertEquals(0, market.model.counters().staleTimers());
        assertEquals(1, market.dispatched(MarketEvents.BAR_CLOSE));
    }

    @Test
    void shouldGiveTheSameHashWhetherABoundaryTradeOrTheBarTimerIsDispatchedFirst()
    {
        // the same inputs, all pushed up front: the trade at the boundary precedes the BAR_CLOSE timer (lower seq)
        market.add(1, ES, 1, SELL, 1000, 100)
            .execute(5, ES, 98, BUY, 7)
            .execute(TICKS_PER_SECOND, ES, 99, BUY, 3)
            .runAll();
        // fed one by one as a shard does: the timer, scheduled first, is dispatched before the boundary trade
        try (MarketFixture fed = new MarketFixture())
        {
            fed.add(1, ES, 1, SELL, 1000, 100).runUntil(2)
                .execute(5, ES, 98, BUY, 7).runUntil(6)
                .execute(TICKS_PER_SECOND, ES, 99, BUY, 3).runAll();

            assertEquals(market.fills, fed.fills);
            assertEquals(market.model.closedBarCount(ES), fed.model.closedBarCount(ES));
            // "a trade in a later second than the open bar closes that bar first": bar 0, then the fill of second 1
            assertEquals(fed.model.runningHash(), market.model.runningHash());
            assertEquals(fed.model.stateHash(), market.model.stateHash());
        }
    }

    @Test
    void shouldOpenOneBarPerSecondWithTrades()
    {
        market.add(1, ES, 1, SELL, 1000, 100)
            .execute(5, ES, 97, BUY, 1)
            .execute(3 * TICKS_PER_SECOND + 5, ES, 98, BUY, 2)
            .runAll();

        assertEquals(2, market.model.closedBarCount(ES));
        assertTrue(market.model.lastBar(ES, bar));
        assertEquals(3, bar.second());
        assertEquals(2, bar.volume());
    }

    @Test
    void shouldKeepOneBarForTradesInTheLastSecondBeforeTheEndOfTime()
    {
        // (second + 1) * ticksPerSecond overflows for the last whole second of the long range: its bar must not
        // close at once (a BAR_CLOSE wrapped into the past is clamped to now), leaving two bars for one second
        final long start = Long.MAX_VALUE - 1000;
        market.add(start, ES, 1, SELL, 1000, 100)
            .execute(start + 1, ES, 98, BUY, 7)
            .execute(start + 2, ES, 99, BUY, 3)
            .runUntil(Long.MAX_VALUE);

        assertEquals(0, market.model.closedBarCount(ES));
        assertEquals(0, market.dispatched(MarketEvents.BAR_CLOSE));
        assertEquals(0, market.wheel.clampedCount());
        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(Math.floorDiv(start + 1, TICKS_PER_SECOND), bar.second());
        assertEquals(10, bar.volume());
        assertEquals(2, bar.trades());
    }

    @Test
    void shouldKeepATradeAtLongMaxInTheBarOfItsSecondWhenFedAsAShardDoes()
    {
        // fed one input at a time, as a shard does, a BAR_CLOSE pending at Long.MAX_VALUE would be dispatched before
        // a trade at Long.MAX_VALUE and split the last second into two bars; that second never ends
        final long start = Long.MAX_VALUE - 1000;
        market.add(start, ES, 1, SELL, 1000, 100).runUntil(start + 1)
            .execute(start + 1, ES, 98, BUY, 7).runUntil(start + 2)
            .execute(Long.MAX_VALUE, ES, 99, BUY, 3);
        while (null != market.loop.dispatchNext(Long.MAX_VALUE))
        {
            // drain everything due by the end of time
        }

        assertEquals(0, market.model.closedBarCount(ES));
        assertEquals(0, market.dispatched(MarketEvents.BAR_CLOSE));
        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(10, bar.volume());
        assertEquals(2, bar.trades());
        assertTrue(market.wheel.isEmpty());
    }

    @Test
    void shouldNotWrapABarVolumeOfTradesSummingPastLongMax()
    {
        market.add(1, ES, 1, SELL, 1000, Long.MAX_VALUE)
            .add(2, ES, 2, SELL, 1000, Long.MAX_VALUE)
            .execute(5, ES, 98, BUY, Long.MAX_VALUE)
            .execute(6, ES, 99, BUY, 1)
            .runUntil(TICKS_PER_SECOND - 1);

        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(2, bar.trades());
        assertEquals(Long.MAX_VALUE, bar.volume()); // saturated, never negative
    }

    @Test
    void shouldWrapTheFilledQuantityPastLongMaxSoThatModelsSplittingTheInstrumentsStillSumToOne()
    {
        final long nq = ES + 1;
        try (MarketFixture es = new MarketFixture();
            MarketFixture other = new MarketFixture())
        {
            market.add(1, ES, 1, SELL, 1000, Long.MAX_VALUE).add(2, nq, 1, SELL, 2000, Long.MAX_VALUE)
                .execute(5, ES, 98, BUY, Long.MAX_VALUE).execute(6, nq, 99, BUY, Long.MAX_VALUE).runAll();
            es.add(1, ES, 1, SELL, 1000, Long.MAX_VALUE).execute(5, ES, 98, BUY, Long.MAX_VALUE).runAll();
            other.add(2, nq, 1, SELL, 2000, Long.MAX_VALUE).execute(6, nq, 99, BUY, Long.MAX_VALUE).runAll();

            assertEquals(2 * Long.MAX_VALUE, market.model.counters().filledQuantity()); // -2: modulo 2^64
            assertEquals(market.model.stateHash(), es.model.stateHash() + other.model.stateHash());
        }
    }

    @Test
    void shouldKeepTheBarsOfEachInstrumentApart()
    {
        final long nq = ES + 1;
        market.add(1, ES, 1, SELL, 1000, 100)
            .add(2, nq, 1, SELL, 2000, 100)
            .execute(5, ES, 90, BUY, 3)
            .execute(6, nq, 91, BUY, 4)
            .execute(7, nq, 92, BUY, 1)
            // pushed ahead of both timers, nq's trade at the boundary is dispatched first: it closes nq's bar and
            // cancels nq's timer, and only nq's
            .execute(TICKS_PER_SECOND, nq, 93, BUY, 2)
            .runUntil(TICKS_PER_SECOND - 1);

        assertBar(false, ES, 0, 1000, 3, 1);
        assertBar(false, nq, 0, 2000, 5, 2);

        market.runAll();

        assertEquals(1, market.model.closedBarCount(ES));
        assertEquals(2, market.model.closedBarCount(nq));
        assertBar(true, ES, 0, 1000, 3, 1);
        assertBar(true, nq, 1, 2000, 2, 1);
        assertEquals(2, market.dispatched(MarketEvents.BAR_CLOSE));
        assertEquals(0, market.model.counters().staleTimers());
    }

    /**
     * The open bar ({@code last == false}) or the last closed bar of an instrument: its second, open, volume and
     * trades.
     */
    private void assertBar(
        final boolean last, final long instrument, final long second, final long open, final long volume,
        final long trades)
    {
        assertTrue(last ? market.model.lastBar(instrument, bar) : market.model.currentBar(instrument, bar));
        assertEquals(List.of(second, open, volume, trades), List.of(bar.second(), bar.open(), bar.volume(),
            bar.trades()), () -> instrument + ": " + bar);
    }

    @Test
    void shouldCountTimersThatFindNothingToDoAsStaleAndChangeNothing()
    {
        market.add(1, ES, 1, SELL, 1000, 100).add(2, ES, 2, BUY, 990, 5).execute(5, ES, 90, BUY, 3);
        market.wheel.push(10, MarketEvents.EXPIRE, ES, 2, 0, 0, 0); // order 2 has no time in force
        market.wheel.push(11, MarketEvents.EXPIRE, ES, 42, 0, 0, 0); // no such order
        market.wheel.push(12, MarketEvents.BAR_CLOSE, ES, 7, 0, 0, 0); // the open bar is of second 0
        market.wheel.push(13, MarketEvents.BAR_CLOSE, ES + 1, 0, 0, 0, 0); // no such instrument
        market.runUntil(TICKS_PER_SECOND - 1);

        assertEquals(4, market.model.counters().staleTimers());
        assertEquals(0, market.model.counters().expired());
        assertEquals(5, market.model.restingQuantity(ES, 2));
        assertTrue(market.model.currentBar(ES, bar));
        assertEquals(0, market.model.closedBarCount(ES));
        assertFalse(market.model.currentBar(ES + 1, bar));
        assertFalse(market.model.lastBar(ES + 1, bar));
        assertEquals(0, market.model.closedBarCount(ES + 1));

        market.runAll();
        assertEquals(1, market.model.closedBarCount(ES), "the bar's own timer still closes it");
        assertEquals(4, market.model.counters().staleTimers());
    }
}
