package io.concurrengine.model.market;

import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

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
        for (int i = 0; i < 10_000; i++)
        {
            flow.next(input);
            assertTrue(flow.liveOrderCount() <= 10);
        }
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
}
