package io.concurrengine.model.market;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MarketModelTest
{
    private static final long ES = 7;
    private static final long NQ = 8;

    private final MarketFixture market = new MarketFixture();

    @AfterEach
    void after()
    {
        market.close();
    }

    @Test
    void shouldFillTheBestPriceFirstAndTheOldestOrderFirstWithinAPrice()
    {
        market.add(1, ES, 1, BUY, 1000, 10)
            .add(2, ES, 2, BUY, 1001, 10)
            .add(3, ES, 3, BUY, 1001, 10)
            .execute(4, ES, 99, SELL, 25)
            .runAll();

        assertEquals(List.of(
            new Fill(ES, 2, 99, 1001, 10),
            new Fill(ES, 3, 99, 1001, 10),
            new Fill(ES, 1, 99, 1000, 5)), market.fills);
        assertEquals(List.of(new Resting(ES, 1, BUY, 1000, 5)), market.resting());
    }

    @Test
    void shouldKeepAPartiallyFilledOrderAtTheHeadOfItsLevel()
    {
        market.add(1, ES, 1, SELL, 1000, 10)
            .add(2, ES, 2, SELL, 1000, 10)
            .add(3, ES, 3, BUY, 1000, 4)
            .add(4, ES, 4, BUY, 1000, 7)
            .runAll();

        assertEquals(List.of(
            new Fill(ES, 1, 3, 1000, 4),
            new Fill(ES, 1, 4, 1000, 6),
            new Fill(ES, 2, 4, 1000, 1)), market.fills);
        assertEquals(9, market.model.restingQuantity(ES, 2));
        assertEquals(0, market.model.restingQuantity(ES, 1));
    }

    @Test
    void shouldCrossSeveralLevelsAndRestTheRemainderOfAnAggressiveLimit()
    {
        market.add(1, ES, 1, SELL, 1000, 5)
            .add(2, ES, 2, SELL, 1001, 5)
            .add(3, ES, 3, SELL, 1002, 5)
            .add(4, ES, 4, SELL, 1004, 5)
            .add(5, ES, 5, BUY, 1002, 20)
            .runAll();

        assertEquals(List.of(
            new Fill(ES, 1, 5, 1000, 5),
            new Fill(ES, 2, 5, 1001, 5),
            new Fill(ES, 3, 5, 1002, 5)), market.fills);
        assertEquals(1002, market.model.bestBid(ES));
        assertEquals(1004, market.model.bestAsk(ES));
        assertEquals(5, market.model.restingQuantity(ES, 5));
    }

    @Test
    void shouldStopALimitedExecuteAtItsLimitAndDropTheRemainder()
    {
        market.add(1, ES, 1, SELL, 1000, 5)
            .add(2, ES, 2, SELL, 1003, 5)
            .executeLimit(3, ES, 99, BUY, 1002, 50)
            .runAll();

        assertEquals(List.of(new Fill(ES, 1, 99, 1000, 5)), market.fills);
        assertEquals(List.of(new Resting(ES, 2, SELL, 1003, 5)), market.resting());
        assertEquals(MarketModel.NO_PRICE, market.model.bestBid(ES));
    }

    @Test
    void shouldRemoveACancelledOrder()
    {
        market.add(1, ES, 1, BUY, 1000, 5).add(2, ES, 2, BUY, 999, 5).cancel(3, ES, 1).runAll();

        assertEquals(List.of(new Resting(ES, 2, BUY, 999, 5)), market.resting());
        assertEquals(999, market.model.bestBid(ES));
        assertEquals(1, market.model.counters().cancels());
    }

    @Test
    void shouldCountACancelOfAnUnknownOrFilledOrderAsRejected()
    {
        market.add(1, ES, 1, SELL, 1000, 5)
            .execute(2, ES, 99, BUY, 5)
            .cancel(3, ES, 1)
            .cancel(4, ES, 42)
            .runAll();

        assertEquals(2, market.model.counters().rejectedUnknownOrder());
        assertEquals(0, market.model.counters().cancels());
    }

    @Test
    void shouldRejectACancelNamingTheWrongInstrument()
    {
        market.add(1, ES, 1, BUY, 1000, 5).add(2, ES + 1, 2, BUY, 1000, 5).cancel(3, ES + 1, 1).runAll();

        assertEquals(1, market.model.counters().rejectedUnknownOrder());
        assertEquals(5, market.model.restingQuantity(ES, 1));
        assertEquals(0, market.model.restingQuantity(ES + 1, 1));
    }

    @Test
    void shouldKeepPriorityWhenAReplaceLowersTheQuantityAtTheSamePrice()
    {
        market.add(1, ES, 1, BUY, 1000, 10)
            .add(2, ES, 2, BUY, 1000, 10)
            .replace(3, ES, 1, 1000, 4)
            .execute(4, ES, 99, SELL, 6)
            .runAll();

        assertEquals(List.of(new Fill(ES, 1, 99, 1000, 4), new Fill(ES, 2, 99, 1000, 2)), market.fills);
    }

    @Test
    void shouldLosePriorityWhenAReplaceRaisesTheQuantity()
    {
        market.add(1, ES, 1, BUY, 1000, 10)
            .add(2, ES, 2, BUY, 1000, 10)
            .replace(3, ES, 1, 1000, 11)
            .execute(4, ES, 99, SELL, 12)
            .runAll();

        assertEquals(List.of(new Fill(ES, 2, 99, 1000, 10), new Fill(ES, 1, 99, 1000, 2)), market.fills);
    }

    @Test
    void shouldLosePriorityWhenAReplaceChangesThePrice()
    {
        market.add(1, ES, 1, BUY, 1000, 10)
            .add(2, ES, 2, BUY, 1000, 10)
            .replace(3, ES, 1, 999, 10)
            .replace(4, ES, 1, 1000, 5)
            .execute(5, ES, 99, SELL, 12)
            .runAll();

        assertEquals(List.of(new Fill(ES, 2, 99, 1000, 10), new Fill(ES, 1, 99, 1000, 2)), market.fills);
    }

    @Test
    void shouldTradeAReplaceThatCrossesAndRestItsRemainder()
    {
        market.add(1, ES, 1, SELL, 1002, 5)
            .add(2, ES, 2, BUY, 1000, 8)
            .replace(3, ES, 2, 1002, 8)
            .runAll();

        assertEquals(List.of(new Fill(ES, 1, 2, 1002, 5)), market.fills);
        assertEquals(List.of(new Resting(ES, 2, BUY, 1002, 3)), market.resting());
    }

    @Test
    void shouldRejectAnAddOutsideTheBandSetByTheFirstAdd()
    {
        try (MarketFixture narrow = new MarketFixture(64))
        {
            narrow.add(1, ES, 1, BUY, 1000, 5)
                .add(2, ES, 2, BUY, 968, 5)
                .add(3, ES, 3, BUY, 967, 5)
                .add(4, ES, 4, SELL, 1031, 5)
                .add(5, ES, 5, SELL, 1032, 5)
                .replace(6, ES, 1, 1032, 5)
                .runAll();

            assertEquals(3, narrow.model.counters().rejectedOutOfBand());
            assertEquals(3, narrow.model.restingOrderCount());
            assertEquals(1000, narrow.model.bestBid(ES));
        }
    }

    @Test
    void shouldReplaceAnOrderToEitherEdgeOfTheBandAndNotBeyond()
    {
        try (MarketFixture narrow = new MarketFixture(64))
        {
            // the band is [968, 1032)
            narrow.add(1, ES, 1, BUY, 1000, 5)
                .add(2, ES, 2, SELL, 1010, 5)
                .replace(3, ES, 1, 967, 5)
                .replace(4, ES, 2, 1032, 5)
                .replace(5, ES, 1, 968, 5)
                .replace(6, ES, 2, 1031, 5)
                .runAll();

            assertEquals(2, narrow.model.counters().rejectedOutOfBand());
            assertEquals(2, narrow.model.counters().replaces());
            assertEquals(List.of(new Resting(ES, 1, BUY, 968, 5), new Resting(ES, 2, SELL, 1031, 5)),
                narrow.resting());
        }
    }

    @Test
    void shouldRejectAnAddWithAnOrderIdAlreadyResting()
    {
        market.add(1, ES, 1, BUY, 1000, 5).add(2, ES, 1, BUY, 1001, 5).runAll();

        assertEquals(1, market.model.counters().rejectedDuplicateOrder());
        assertEquals(List.of(new Resting(ES, 1, BUY, 1000, 5)), market.resting());
    }

    @Test
    void shouldRejectADuplicateOfAnyRestingIdWhateverOrderItsIdsCameIn()
    {
        market.add(1, ES, 4, BUY, 1000, 5) // rests
            .add(2, ES, 10, BUY, 999, 5) // rests: the highest id so far
            .add(3, ES, 10, BUY, 998, 5) // the highest id: a duplicate
            .add(4, ES, 4, BUY, 997, 5) // below it: a duplicate found in the index
            .add(5, ES, 7, BUY, 996, 5) // below it and new: rests
            .add(6, ES, 12, SELL, 1000, 5) // fills order 4 whole and never rests
            .add(7, ES, 11, BUY, 995, 5) // below an id that traded but never rested: rests
            .add(8, ES, 4, BUY, 994, 5) // order 4 has gone: rests again
            .add(9, NQ, 10, BUY, 1000, 5) // another instrument's order 10: not a duplicate
            .runAll();

        assertEquals(2, market.model.counters().rejectedDuplicateOrder());
        assertEquals(List.of(new Resting(ES, 4, BUY, 994, 5), new Resting(ES, 11, BUY, 995, 5),
            new Resting(ES, 7, BUY, 996, 5), new Resting(ES, 10, BUY, 999, 5), new Resting(NQ, 10, BUY, 1000, 5)),
            market.resting());
    }

    @Test
    void shouldRejectAnAddWithABadSideOrQuantity()
    {
        market.wheel.push(1, MarketEvents.ADD, ES, 1, MarketEvents.sidePrice(2, 1000), 5, 0);
        market.add(2, ES, 2, BUY, 1000, 0).add(3, ES, 3, BUY, 1000, -1).runAll();

        assertEquals(3, market.model.counters().rejectedInvalid());
        assertEquals(0, market.model.restingOrderCount());
    }

    @Test
    void shouldCountAnUnknownEventTypeAndIgnoreIt()
    {
        market.wheel.push(1, MarketEvents.TYPE_COUNT, ES, 1, 2, 3, 4);
        market.runAll();

        assertEquals(1, market.model.counters().unknownEventTypes());
    }

    @Test
    void shouldKeepBooksOfDifferentInstrumentsApart()
    {
        market.add(1, ES, 1, SELL, 1000, 5).execute(2, ES + 1, 99, BUY, 5).runAll();

        assertEquals(List.of(), market.fills);
        assertEquals(5, market.model.restingQuantity(ES, 1));
    }

    @Test
    void shouldVisitInstrumentsInAscendingIdOrderWhateverOrderTheirBooksWereCreatedIn()
    {
        // books made in descending id order, signed ids at both ends of the range, visits between creations (the
        // ids are sorted when read, not as each book is made) and books growing past the fixture's capacity of one
        final long[] ids = { 50, 40, Long.MAX_VALUE, -3, 30, Long.MIN_VALUE, 0, 45 };
        final List<Long> visited = new ArrayList<>();
        for (int i = 0; i < ids.length; i++)
        {
            market.add(i, ids[i], 1, BUY, 1000, 1 + i).runAll();
            visited.clear();
            market.model.forEachRestingOrder((instrument, orderId, side, price, quantity) -> visited.add(instrument));
            final List<Long> expected = new ArrayList<>();
            for (int j = 0; j <= i; j++)
            {
                expected.add(ids[j]);
            }
            Collections.sort(expected);
            assertEquals(expected, visited, "after the book of " + ids[i]);
        }
        assertEquals(ids.length, market.model.instrumentCount());
        for (int i = 0; i < ids.length; i++)
        {
            assertEquals(1 + i, market.model.restingQuantity(ids[i], 1));
        }
    }

    @Test
    void shouldFindTheNextBestPriceAcrossBitmapWordsWhenTheBestLevelEmpties()
    {
        market.add(1, ES, 1, BUY, 1000, 5)
            .add(2, ES, 2, BUY, 800, 5)
            .add(3, ES, 3, SELL, 1010, 5)
            .add(4, ES, 4, SELL, 1200, 5)
            .execute(5, ES, 98, SELL, 5)
            .execute(6, ES, 99, BUY, 5)
            .runAll();

        assertEquals(800, market.model.bestBid(ES));
        assertEquals(1200, market.model.bestAsk(ES));
    }

    @Test
    void shouldReportABidAtTheLowestPriceOfTheBand()
    {
        // the band of a first ADD at 1000 is [488, 1512): 488 is its lowest price, offset 0
        market.add(1, ES, 1, BUY, 1000, 5).add(2, ES, 2, BUY, 488, 5).cancel(3, ES, 1).runAll();

        assertEquals(488, market.model.bestBid(ES));
        assertEquals(List.of(new Resting(ES, 2, BUY, 488, 5)), market.resting());
    }

    @Test
    void shouldReportNoOfferOnceTheLastOneHasTradedAndNoPricesForAnInstrumentWithoutABook()
    {
        market.add(1, ES, 1, SELL, 1000, 5).add(2, ES, 2, SELL, 1001, 5).execute(3, ES, 99, BUY, 10)
            .execute(4, NQ, 98, BUY, 10).runAll();

        assertEquals(MarketModel.NO_PRICE, market.model.bestAsk(ES));
        assertEquals(MarketModel.NO_PRICE, market.model.bestBid(ES));
        assertEquals(MarketModel.NO_PRICE, market.model.bestAsk(NQ));
        assertEquals(MarketModel.NO_PRICE, market.model.bestBid(NQ));
        assertEquals(0, market.model.restingQuantity(NQ, 1));
        assertEquals(1, market.model.instrumentCount(), "an EXECUTE does not create a book");
        assertEquals(10, market.model.counters().filledQuantity());
    }

    @Test
    void shouldTradeALimitedExecuteUpToTheEdgesOfTheBandAndNothingBeyondThem()
    {
        try (MarketFixture narrow = new MarketFixture(64))
        {
            // both bands are [968, 1032): ES has an offer at its lowest price, NQ a bid at its highest
            narrow.add(1, ES, 1, SELL, 1000, 5)
                .add(2, ES, 2, SELL, 968, 5)
                .add(3, NQ, 1, BUY, 1000, 5)
                .add(4, NQ, 2, BUY, 1031, 5)
                .executeLimit(5, ES, 90, BUY, 967, 5) // a buy limit below the band crosses nothing
                .executeLimit(6, NQ, 91, SELL, 1032, 5) // a sell limit above the band crosses nothing
                .runUntil(7);
            assertEquals(List.of(), narrow.fills);
            assertEquals(2, narrow.model.counters().executes());

            narrow.executeLimit(7, ES, 92, BUY, 968, 5).executeLimit(8, NQ, 93, SELL, 1031, 5).runAll();
            assertEquals(List.of(new Fill(ES, 2, 92, 968, 5), new Fill(NQ, 2, 93, 1031, 5)), narrow.fills);
        }
    }

    @Test
    void shouldRejectAnExecuteWithABadSideOrQuantity()
    {
        market.add(1, ES, 1, SELL, 1000, 5);
        market.wheel.push(2, MarketEvents.EXECUTE, ES, 90, MarketEvents.sidePrice(2, 0), 5, 0);
        market.execute(3, ES, 91, BUY, 0).execute(4, ES, 92, BUY, -1).runUntil(5);

        assertEquals(3, market.model.counters().rejectedInvalid());
        assertEquals(0, market.model.counters().executes());
        assertEquals(List.of(), market.fills);

        market.execute(5, ES, 93, BUY, 1).runAll();
        assertEquals(1, market.model.counters().executes());
        assertEquals(List.of(new Fill(ES, 1, 93, 1000, 1)), market.fills);
    }

    @Test
    void shouldApplyEveryFillOnceAndThenThrowTheFirstFailureOfAFillListenerThatThrows()
    {
        market.add(1, ES, 1, BUY, 999, 10).add(1, ES, 2, SELL, 1001, 5).add(1, ES, 3, SELL, 1002, 5).runUntil(2);
        market.fillsToRefuse = 2;
        market.replace(2, ES, 1, 1002, 12).runUntil(3); // crosses both offers; the listener throws at each fill

        assertEquals(List.of("fill 1"), market.failures.stream().map(Throwable::getMessage).toList());
        assertEquals(List.of(new Fill(ES, 2, 1, 1001, 5), new Fill(ES, 3, 1, 1002, 5)), market.fills);
        assertEquals(List.of(new Resting(ES, 1, BUY, 1002, 2)), market.resting());

        // before, the replaced order stayed indexed outside every level: cancelling it emptied the level of order 4
        market.add(3, ES, 4, BUY, 999, 7).cancel(4, ES, 1).execute(5, ES, 90, SELL, 1).runAll();
        assertEquals(List.of(new Fill(ES, 2, 1, 1001, 5), new Fill(ES, 3, 1, 1002, 5), new Fill(ES, 4, 90, 999, 1)),
            market.fills);
        assertEquals(List.of(new Resting(ES, 4, BUY, 999, 6)), market.resting());
        assertEquals(1, market.model.restingOrderCount());
        assertEquals(11, market.model.counters().filledQuantity());
        assertEquals(3, market.model.counters().fills());
    }

    /**
     * A listener's checked exception thrown without being declared, which a shard counts as a failed dispatch and goes
     * on from as it does a RuntimeException, escaped the model's catch of RuntimeException at the first fill: the
     * replaced order stayed indexed outside every level, the second offer went unfilled, and the next event threw
     * nothing of it.
     */
    @Test
    void shouldApplyEveryFillOnceAndThenThrowTheFirstUndeclaredCheckedFailureOfAFillListener()
    {
        market.add(1, ES, 1, BUY, 999, 10).add(1, ES, 2, SELL, 1001, 5).add(1, ES, 3, SELL, 1002, 5).runUntil(2);
        market.fillsToRefuse = 2;
        market.refuseUndeclared = true;
        market.replace(2, ES, 1, 1002, 12).runUntil(3);

        assertEquals(List.of("fill 1"), market.failures.stream().map(Throwable::getMessage).toList());
        assertEquals(List.of(new Fill(ES, 2, 1, 1001, 5), new Fill(ES, 3, 1, 1002, 5)), market.fills);
        assertEquals(List.of(new Resting(ES, 1, BUY, 1002, 2)), market.resting());
        assertEquals(1, market.model.restingOrderCount());
        assertEquals(10, market.model.counters().filledQuantity());
    }
}
