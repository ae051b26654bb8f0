package io.concurrengine.model.market;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SyntheticOrderFlowTest
{
    private static final int INPUTS = 200_000;

    @Test
    void shouldBoundTheWheelRecordsAModelFedByTheFlowHoldsAtOnce()
    {
        // ten seconds of event time, twice the longest time in force: the expiries pending reach their steady state
        final int instruments = 256;
        final OrderFlowConfig config = new OrderFlowConfig().seed(7).instrumentCount(instruments)
            .inputsPerSecond(100_000);
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(config);
        final MarketInput input = new MarketInput();
        final MarketModel model = new MarketModel(new MarketConfig().initialInstrumentCapacity(instruments));
        try (EventWheel wheel = new EventWheel(EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, 1, 0))
        {
            final RunLoop loop = new RunLoop(wheel, model, Long.MAX_VALUE);
            int highWater = 0;
            for (int i = 0; i < 1_000_000; i++)
            {
                flow.next(input);
                loop.run(input.feedTime());
                wheel.push(input.feedTime(), input.type(), input.target(), input.a0(), input.a1(), input.a2(),
                    input.a3());
                highWater = Math.max(highWater, wheel.recordsInUse());
            }

            final double bound = config.pendingExpiryBound();
            assertEquals(100_000 * 0.55 * 0.30 * 2.55, bound, 1e-6, "ADDs with a time in force a second x its mean");
            assertTrue(model.counters().expired() > 0, "expiries came due");
            assertTrue(highWater <= bound + instruments, highWater + " records at most, bound " + bound);
            assertTrue(highWater >= bound / 4, highWater + " records at most: the bound is not far above, " + bound);
        }
    }

    @Test
    void shouldProduceTheSameInputsForTheSameSeed()
    {
        final RecordedFlow first = new RecordedFlow(new OrderFlowConfig().seed(5), 20_000);
        final RecordedFlow second = new RecordedFlow(new OrderFlowConfig().seed(5), 20_000);

        assertArrayEquals(first.type, second.type);
        assertArrayEquals(first.target, second.target);
        assertArrayEquals(first.a0, second.a0);
        assertArrayEquals(first.a1, second.a1);
        assertArrayEquals(first.a2, second.a2);
        assertArrayEquals(first.a3, second.a3);
        assertArrayEquals(first.feedTime, second.feedTime);
    }

    @Test
    void shouldProduceDifferentInputsForAnotherStreamOfTheSameSeed()
    {
        final RecordedFlow first = new RecordedFlow(new OrderFlowConfig().seed(5).streamId(0), 1_000);
        final RecordedFlow second = new RecordedFlow(new OrderFlowConfig().seed(5).streamId(1), 1_000);

        assertFalse(java.util.Arrays.equals(first.target, second.target));
    }

    @Test
    void shouldGiveTheBusiestInstrumentItsZipfShare()
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(3));
        final MarketInput input = new MarketInput();
        final Map<Long, Integer> chosen = new HashMap<>();
        int total = 0;
        for (int i = 0; i < INPUTS; i++)
        {
            flow.next(input);
            if (MarketEvents.ADD == input.type() || MarketEvents.EXECUTE == input.type())
            {
                chosen.merge(input.target(), 1, Integer::sum);
                total++;
            }
        }

        final double expected = flow.expectedShare(0);
        final double actual = chosen.getOrDefault(flow.instrumentId(0), 0) / (double)total;
        assertEquals(0.16, expected, 0.01, "Zipf(1.1) over 4096 instruments");
        assertEquals(expected, actual, expected * 0.05);
        assertTrue(chosen.getOrDefault(flow.instrumentId(1), 0) < chosen.get(flow.instrumentId(0)));
    }

    @Test
    void shouldFollowTheActionMix()
    {
        final RecordedFlow recorded = new RecordedFlow(new OrderFlowConfig().seed(9), INPUTS);
        final int[] counts = new int[MarketEvents.TYPE_COUNT];
        for (final int type : recorded.type)
        {
            counts[type]++;
        }

        assertEquals(0.55, counts[MarketEvents.ADD] / (double)INPUTS, 0.02);
        assertEquals(0.30, counts[MarketEvents.CANCEL] / (double)INPUTS, 0.02);
        assertEquals(0.10, counts[MarketEvents.EXECUTE] / (double)INPUTS, 0.02);
        assertEquals(0.05, counts[MarketEvents.REPLACE] / (double)INPUTS, 0.02);
    }

    @Test
    void shouldNeverGoBackInTime()
    {
        final RecordedFlow recorded = new RecordedFlow(new OrderFlowConfig().seed(1).startTime(-500), INPUTS);
        for (int i = 1; i < INPUTS; i++)
        {
            assertTrue(recorded.feedTime[i] >= recorded.feedTime[i - 1], "input " + i);
        }
        assertTrue(recorded.feedTime[0] >= -500);
    }

    @Test
    void shouldGiveFromAnEpochNanosecondStartTheTimesItGivesFromZeroMovedByTheStart()
    {
        final long start = 1_764_892_800_000_000_000L; // 2025-12-05 in epoch nanoseconds: a double's step there is 256
        final RecordedFlow fromZero =
            new RecordedFlow(new OrderFlowConfig().seed(4).ticksPerSecond(1_000_000_000L), INPUTS);
        final RecordedFlow fromStart =
            new RecordedFlow(new OrderFlowConfig().seed(4).ticksPerSecond(1_000_000_000L).startTime(start), INPUTS);
        for (int i = 0; i < INPUTS; i++)
        {
            assertEquals(start + fromZero.feedTime[i], fromStart.feedTime[i], "input " + i);
            assertEquals(fromZero.type[i], fromStart.type[i], "input " + i);
            assertEquals(fromZero.target[i], fromStart.target[i], "input " + i);
            assertEquals(fromZero.a0[i], fromStart.a0[i], "input " + i);
            assertEquals(fromZero.a1[i], fromStart.a1[i], "input " + i);
            assertEquals(fromZero.a2[i], fromStart.a2[i], "input " + i);
            assertEquals(fromZero.a3[i], fromStart.a3[i], "input " + i);
        }
    }

    @Test
    void shouldGiveEveryTimeInForceAtLeastOneTickWhenTicksAreCoarserThanItsMilliseconds()
    {
        final RecordedFlow recorded =
            new RecordedFlow(new OrderFlowConfig().seed(5).ticksPerSecond(1).timeInForce(100, 100, 5_000), INPUTS);
        int adds = 0;
        for (int i = 0; i < INPUTS; i++)
        {
            if (MarketEvents.ADD == recorded.type[i])
            {
                adds++;
                assertTrue(recorded.a3[i] >= 1 && recorded.a3[i] <= 5, "input " + i + ": tif=" + recorded.a3[i]);
            }
        }
        assertTrue(adds > 0);
    }

    @Test
    void shouldGiveATimeInForceWithinItsRangeToAboutThirtyPercentOfAdds()
    {
        final RecordedFlow recorded = new RecordedFlow(new OrderFlowConfig().seed(2), INPUTS);
        int adds = 0;
        int withTimeInForce = 0;
        for (int i = 0; i < INPUTS; i++)
        {
            if (MarketEvents.ADD == recorded.type[i])
            {
                adds++;
                final long timeInForce = recorded.a3[i];
                if (0 != timeInForce)
                {
                    withTimeInForce++;
                    assertTrue(timeInForce >= 100_000 && timeInForce <= 5_000_000, "tif=" + timeInForce);
                }
            }
        }
        assertEquals(0.30, withTimeInForce / (double)adds, 0.02);
    }

    @Test
    void shouldTurnAddsIntoCancelsWhenTheLiveSetIsFull()
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(4).maxLiveOrders(10));
        final MarketInput input = new MarketInput();
        int most = 0;
        for (int i = 0; i < 10_000; i++)
        {
            flow.next(input);
            assertTrue(flow.liveOrderCount() <= 10);
            most = Math.max(most, flow.liveOrderCount());
        }
        assertEquals(10, most, "the live set fills up");
        assertTrue(flow.emitted(MarketEvents.CANCEL) > flow.emitted(MarketEvents.ADD) / 2);
    }

    @Test
    void shouldRejectAMaxQuantityWhoseExecutesCannotBeDrawn()
    {
        // EXECUTEs draw up to twice the largest ADD quantity: 2^30 passed validation and every EXECUTE then threw
        assertThrows(IllegalArgumentException.class,
            () -> new SyntheticOrderFlow(new OrderFlowConfig().maxQuantity(1 << 30)));
        final SyntheticOrderFlow flow =
            new SyntheticOrderFlow(new OrderFlowConfig().seed(5).maxQuantity(Integer.MAX_VALUE / 2));
        final MarketInput input = new MarketInput();
        for (int i = 0; i < 1000; i++)
        {
            flow.next(input);
        }
        assertTrue(flow.emitted(MarketEvents.EXECUTE) > 0);
    }

    @Test
    void shouldRejectALiveOrderCountItCannotIndex()
    {
        // 2^29 orders of four words is 2^31 words: the table's size wrapped negative (NegativeArraySizeException)
        assertThrows(IllegalArgumentException.class,
            () -> new SyntheticOrderFlow(new OrderFlowConfig().maxLiveOrders(1 << 29)));
    }

    @Test
    void shouldRejectAMixThatDoesNotAddUpToOneHundred()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new SyntheticOrderFlow(new OrderFlowConfig().mix(50, 30, 10, 5)));
    }

    private record Key(long instrument, long orderId)
    {
    }

    @Test
    void shouldGiveRankRTheInstrumentFirstPlusRUnlessShuffled()
    {
        final OrderFlowConfig config = new OrderFlowConfig().seed(3).instrumentCount(50).firstInstrumentId(1000);
        final SyntheticOrderFlow plain = new SyntheticOrderFlow(config.shuffleInstruments(false));
        assertEquals(50, plain.instrumentCount());
        for (int rank = 0; rank < 50; rank++)
        {
            assertEquals(1000 + rank, plain.instrumentId(rank));
        }

        final SyntheticOrderFlow shuffled = new SyntheticOrderFlow(config.shuffleInstruments(true));
        final Set<Long> ids = new TreeSet<>();
        int moved = 0;
        for (int rank = 0; rank < 50; rank++)
        {
            ids.add(shuffled.instrumentId(rank));
            moved += 1000 + rank == shuffled.instrumentId(rank) ? 0 : 1;
        }
        assertEquals(50, ids.size());
        assertEquals(1000L, ids.iterator().next());
        assertTrue(ids.contains(1049L));
        assertTrue(moved > 25, moved + " of 50 ranks moved");

        final MarketInput input = new MarketInput();
        for (int i = 0; i < 1000; i++)
        {
            assertTrue(ids.contains(shuffled.next(input).target()), input::toString);
        }
    }

    @Test
    void shouldGiveEveryInstrumentTheSameShareWithZipfExponentZero()
    {
        final SyntheticOrderFlow flow =
            new SyntheticOrderFlow(new OrderFlowConfig().seed(3).instrumentCount(5).zipfExponent(0));
        for (int rank = 0; rank < 5; rank++)
        {
            assertEquals(0.2, flow.expectedShare(rank), 1e-12);
        }
    }

    /**
     * ADD order ids and EXECUTE taker references count up from the first order id, one per input, and a CANCEL or
     * REPLACE names an order the flow added and has not cancelled: with a live set so small that it is nearly always
     * full and times in force so short that most of its orders have expired when it looks for one to cancel.
     */
    @Test
    void shouldNumberOrdersFromTheFirstOrderIdAndNameOnlyOrdersItAddedAndHasNotCancelled()
    {
        final long start = 5_000;
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(6).instrumentCount(4)
            .firstOrderId(1_000_000).startTime(start).inputsPerSecond(1_000).timeInForce(90, 1, 3).maxLiveOrders(4));
        assertEquals(start, flow.lastFeedTime());
        final MarketInput input = new MarketInput();
        final Set<Key> added = new HashSet<>();
        long nextId = 1_000_000;
        for (int i = 0; i < 50_000; i++)
        {
            flow.next(input);
            assertEquals(input.feedTime(), flow.lastFeedTime());
            final Key key = new Key(input.target(), input.a0());
            switch (input.type())
            {
                case MarketEvents.ADD ->
                {
                    assertEquals(nextId++, input.a0(), input::toString);
                    added.add(key);
                }
                case MarketEvents.EXECUTE -> assertEquals(nextId++, input.a0(), input::toString);
                case MarketEvents.CANCEL -> assertTrue(added.remove(key), input::toString);
                default -> assertTrue(added.contains(key), input::toString);
            }
        }
        assertTrue(flow.emitted(MarketEvents.CANCEL) > 0);
        assertTrue(flow.emitted(MarketEvents.REPLACE) > 0);
    }

    /**
     * Every price stays within {@code centre +- (bandWidth / 8 + bandWidth / 32)} of its instrument's centre, so inside
     * the model's band whichever price came first, and a REPLACE moves a price by at most two ticks: over a long
     * flow on a narrow band, where the mids keep running into the edge of their walk.
     */
    @Test
    void shouldKeepEveryPriceNearItsInstrumentsCentreAndMoveAReplaceByAtMostTwoTicks()
    {
        final int reach = 64 / 8 + 64 / 32;
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(8).instrumentCount(4)
            .bandWidth(64).basePrice(5_000, 100).maxLiveOrders(64));
        final MarketInput input = new MarketInput();
        final Map<Long, int[]> lowHigh = new HashMap<>();
        final Map<Key, Integer> prices = new HashMap<>();
        for (int i = 0; i < INPUTS; i++)
        {
            flow.next(input);
            final Key key = new Key(input.target(), input.a0());
            if (MarketEvents.CANCEL == input.type())
            {
                prices.remove(key);
                continue;
            }
            if (MarketEvents.EXECUTE == input.type() && 0 == input.a3())
            {
                continue; // a market order: no price
            }
            final int price = MarketEvents.REPLACE == input.type() ? (int)input.a1() : MarketEvents.price(input.a1());
            if (MarketEvents.REPLACE == input.type())
            {
                final int before = prices.get(key);
                assertTrue(Math.abs(price - before) <= 2, before + " -> " + input);
            }
            if (MarketEvents.EXECUTE != input.type())
            {
                prices.put(key, price);
            }
            assertTrue(price >= 5_000 - reach && price < 5_000 + 100 + reach, input::toString);
            final int[] range = lowHigh.computeIfAbsent(input.target(), t -> new int[]{price, price});
            range[0] = Math.min(range[0], price);
            range[1] = Math.max(range[1], price);
        }
        assertEquals(4, lowHigh.size());
        for (final int[] range : lowHigh.values())
        {
            assertTrue(range[1] - range[0] <= 2 * reach, range[0] + ".." + range[1]);
        }
    }

    @Test
    void shouldDrawTimesInForceOverTheWholeRangeFromShortestToLongest()
    {
        // 1 to 3 ms in milliseconds: 1, 2 or 3 ticks
        final RecordedFlow recorded = new RecordedFlow(
            new OrderFlowConfig().seed(5).ticksPerSecond(1_000).timeInForce(100, 1, 3), 10_000);
        final Set<Long> timesInForce = new TreeSet<>();
        for (int i = 0; i < recorded.type.length; i++)
        {
            if (MarketEvents.ADD == recorded.type[i])
            {
                timesInForce.add(recorded.a3[i]);
            }
        }
        assertEquals(Set.of(1L, 2L, 3L), timesInForce);
    }

    @Test
    void shouldPushAnInputOntoAWheelAtItsFeedTime()
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig().seed(2));
        final MarketInput input = new MarketInput();
        try (EventWheel wheel = new EventWheel())
        {
            flow.next(input).pushTo(wheel);
            final long later = new MarketInput().set(MarketEvents.CANCEL, 7, 1, 0, 0, 0, input.feedTime() + 5)
                .pushTo(wheel);
            assertTrue(wheel.cancel(later), "the handle of the pushed event");

            final Event event = new Event();
            assertTrue(wheel.poll(Long.MAX_VALUE, event));
            assertEquals(input.feedTime(), event.time());
            assertEquals(input.type(), event.type());
            assertEquals(input.target(), event.target());
            assertEquals(input.a0(), event.a0());
            assertEquals(input.a1(), event.a1());
            assertEquals(input.a2(), event.a2());
            assertEquals(input.a3(), event.a3());
            assertTrue(wheel.isEmpty());
        }
    }
}
