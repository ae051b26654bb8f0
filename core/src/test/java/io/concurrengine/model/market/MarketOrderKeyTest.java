package io.concurrengine.model.market;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Order ids are per instrument: the same id resting on two instruments of one model is two orders, and what happens
 * to one (cancel, fill, replace, expiry) leaves the other as it was.
 */
class MarketOrderKeyTest
{
    private static final long A = 7;
    private static final long B = 8;
    private static final long ID = 1;
    private static final long TIF = 500_000;

    private final MarketFixture market = new MarketFixture();

    @AfterEach
    void after()
    {
        market.close();
    }

    private MarketFixture bothResting()
    {
        return market.add(1, A, ID, BUY, 1000, 5).add(2, B, ID, SELL, 2000, 6);
    }

    @Test
    void shouldAcceptTheSameOrderIdRestingOnTwoInstruments()
    {
        bothResting().runAll();

        assertEquals(0, market.model.counters().rejected());
        assertEquals(2, market.model.counters().adds());
        assertEquals(List.of(new Resting(A, ID, BUY, 1000, 5), new Resting(B, ID, SELL, 2000, 6)), market.resting());
        assertEquals(5, market.model.restingQuantity(A, ID));
        assertEquals(6, market.model.restingQuantity(B, ID));
        assertEquals(0, market.model.restingQuantity(A + 2, ID));
        assertEquals(2, market.model.restingOrderCount());
    }

    @Test
    void shouldStillRejectAnAddWhoseIdRestsOnTheSameInstrument()
    {
        bothResting().add(3, B, ID, SELL, 2001, 1).add(4, A, ID, BUY, 999, 1).runAll();

        assertEquals(2, market.model.counters().rejectedDuplicateOrder());
        assertEquals(List.of(new Resting(A, ID, BUY, 1000, 5), new Resting(B, ID, SELL, 2000, 6)), market.resting());
    }

    @Test
    void shouldCancelOnlyTheOrderOfTheNamedInstrument()
    {
        bothResting().cancel(3, B, ID).cancel(4, B, ID).runUntil(5);

        assertEquals(1, market.model.counters().cancels());
        assertEquals(1, market.model.counters().rejectedUnknownOrder());
        assertEquals(List.of(new Resting(A, ID, BUY, 1000, 5)), market.resting());

        market.cancel(5, A, ID).runAll();
        assertEquals(List.of(), market.resting());
        assertEquals(2, market.model.counters().cancels());
    }

    @Test
    void shouldFillOnlyTheOrderOfTheExecutedInstrument()
    {
        bothResting().execute(3, A, 99, SELL, 2).runUntil(4);

        assertEquals(List.of(new Fill(A, ID, 99, 1000, 2)), market.fills);
        assertEquals(3, market.model.restingQuantity(A, ID));
        assertEquals(6, market.model.restingQuantity(B, ID));

        // filling the order on A removes it and only it: the one on B can still be cancelled
        market.execute(4, A, 99, SELL, 3).cancel(5, B, ID).cancel(6, A, ID).runAll();
        assertEquals(List.of(new Fill(A, ID, 99, 1000, 2), new Fill(A, ID, 99, 1000, 3)), market.fills);
        assertEquals(1, market.model.counters().cancels());
        assertEquals(1, market.model.counters().rejectedUnknownOrder());
        assertEquals(List.of(), market.resting());
    }

    @Test
    void shouldReplaceOnlyTheOrderOfTheNamedInstrument()
    {
        bothResting()
            .replace(3, B, ID, 2005, 4) // a new price: B's order leaves its level and rests again
            .replace(4, A, ID, 1000, 2) // a smaller quantity in place
            .runUntil(5);

        assertEquals(List.of(new Resting(A, ID, BUY, 1000, 2), new Resting(B, ID, SELL, 2005, 4)), market.resting());

        // a replace that fills B's order completely removes it and leaves A's
        market.add(5, B, 2, BUY, 1990, 3).replace(6, B, ID, 1990, 3).runAll();
        assertEquals(List.of(new Fill(B, 2, ID, 1990, 3)), market.fills);
        assertEquals(List.of(new Resting(A, ID, BUY, 1000, 2)), market.resting());
        assertEquals(3, market.model.counters().replaces());
    }

    @Test
    void shouldExpireOnlyTheOrderWhoseTimeInForceRanOut()
    {
        market.add(1, A, ID, BUY, 1000, 5, TIF).add(2, B, ID, SELL, 2000, 6, 2 * TIF).runUntil(1 + TIF + 1);

        assertEquals(1, market.model.counters().expired());
        assertEquals(List.of(new Resting(B, ID, SELL, 2000, 6)), market.resting());

        market.runAll();
        assertEquals(2, market.model.counters().expired());
        assertEquals(0, market.model.counters().staleTimers());
        assertEquals(List.of(), market.resting());
    }

    @Test
    void shouldStillExpireTheOrderOfOneInstrumentWhenTheOtherWithTheSameIdIsCancelled()
    {
        market.add(1, A, ID, BUY, 1000, 5, TIF).add(2, B, ID, SELL, 2000, 6, TIF).cancel(3, B, ID).runAll();

        assertEquals(1, market.model.counters().cancels());
        assertEquals(1, market.model.counters().expired());
        assertEquals(1, market.dispatched(MarketEvents.EXPIRE));
        assertEquals(0, market.model.counters().staleTimers());
        assertEquals(List.of(), market.resting());
    }

    /**
     * Keys the index hashes alike: {@code (i, id)} and {@code (i + golden, id - 1)} give the same word to the
     * finaliser. They are still different orders, and extreme ids are ordinary ids.
     */
    @Test
    void shouldTellApartKeysThatHashAlikeAndAcceptAnyLongIds()
    {
        final long golden = 0x9E3779B97F4A7C15L;
        final long other = A + golden;
        assertEquals(OrderIndex.hash(A, 2), OrderIndex.hash(other, 1));

        market.add(1, A, 2, BUY, 1000, 5)
            .add(2, other, 1, BUY, 1000, 6)
            .add(3, Long.MIN_VALUE, Long.MIN_VALUE, SELL, 500, 7)
            .add(4, Long.MAX_VALUE, Long.MIN_VALUE, SELL, 500, 8)
            .add(5, Long.MAX_VALUE, -1, SELL, 500, 9)
            .cancel(6, other, 2)
            .cancel(7, A, 1)
            .runUntil(8);

        assertEquals(0, market.model.counters().rejectedDuplicateOrder());
        assertEquals(2, market.model.counters().rejectedUnknownOrder());
        assertEquals(5, market.model.restingQuantity(A, 2));
        assertEquals(6, market.model.restingQuantity(other, 1));
        assertEquals(0, market.model.restingQuantity(A, 1));
        assertEquals(0, market.model.restingQuantity(other, 2));
        assertEquals(7, market.model.restingQuantity(Long.MIN_VALUE, Long.MIN_VALUE));
        assertEquals(8, market.model.restingQuantity(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(9, market.model.restingQuantity(Long.MAX_VALUE, -1));

        market.cancel(8, other, 1).cancel(9, Long.MAX_VALUE, Long.MIN_VALUE).runAll();
        assertEquals(5, market.model.restingQuantity(A, 2));
        assertEquals(0, market.model.restingQuantity(other, 1));
        assertEquals(7, market.model.restingQuantity(Long.MIN_VALUE, Long.MIN_VALUE));
        assertEquals(0, market.model.restingQuantity(Long.MAX_VALUE, Long.MIN_VALUE));
        assertEquals(9, market.model.restingQuantity(Long.MAX_VALUE, -1));
    }
}
