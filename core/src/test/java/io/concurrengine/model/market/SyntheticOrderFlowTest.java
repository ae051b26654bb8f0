package io.concurrengine.model.market;

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
    void shouldRejectAMixThatDoesNotAddUpToOneHundred()
    {
        assertThrows(IllegalArgumentException.class,
            () -> new SyntheticOrderFlow(new OrderFlowConfig().mix(50, 30, 10, 5)));
    }
}
