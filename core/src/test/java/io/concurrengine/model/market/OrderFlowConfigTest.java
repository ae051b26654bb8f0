package io.concurrengine.model.market;

import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every setting of a synthetic flow is checked when the flow is built: the edge of each range is a flow, one step
 * beyond it an {@link IllegalArgumentException} naming the setting.
 */
class OrderFlowConfigTest
{
    private static final int BAND_WIDTH = MarketConfig.DEFAULT_BAND_WIDTH;

    private static OrderFlowConfig small()
    {
        return new OrderFlowConfig().seed(1).instrumentCount(8).maxLiveOrders(16);
    }

    private static void accepts(final UnaryOperator<OrderFlowConfig> setting)
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(setting.apply(small()));
        final MarketInput input = new MarketInput();
        for (int i = 0; i < 100; i++)
        {
            flow.next(input);
        }
        assertEquals(100, flow.emitted(MarketEvents.ADD) + flow.emitted(MarketEvents.CANCEL) +
            flow.emitted(MarketEvents.EXECUTE) + flow.emitted(MarketEvents.REPLACE));
    }

    private static void refuses(final String name, final UnaryOperator<OrderFlowConfig> setting)
    {
        final IllegalArgumentException refused =
            assertThrows(IllegalArgumentException.class, () -> new SyntheticOrderFlow(setting.apply(small())));
        assertTrue(refused.getMessage().startsWith(name + "="), refused.getMessage());
    }

    @Test
    void shouldTakeAnyPositiveFiniteInputRate()
    {
        accepts(c -> c.inputsPerSecond(0.001));
        refuses("inputsPerSecond", c -> c.inputsPerSecond(0));
        refuses("inputsPerSecond", c -> c.inputsPerSecond(-1));
        refuses("inputsPerSecond", c -> c.inputsPerSecond(Double.POSITIVE_INFINITY));
        refuses("inputsPerSecond", c -> c.inputsPerSecond(Double.NaN));
    }

    @Test
    void shouldTakePositiveCentresWhosePricesFitAnInt()
    {
        accepts(c -> c.basePrice(1, 1));
        refuses("basePrice", c -> c.basePrice(0, 1));
        refuses("basePriceSpread", c -> c.basePrice(1, 0));
        // basePrice + spread + bandWidth below Integer.MAX_VALUE: every price of the band fits an int
        accepts(c -> c.basePrice(Integer.MAX_VALUE - BAND_WIDTH - 2, 1));
        refuses("basePriceSpread", c -> c.basePrice(Integer.MAX_VALUE - BAND_WIDTH - 1, 1));
    }

    @Test
    void shouldTakeAnyMixOfNonNegativePercentagesAddingUpToOneHundred()
    {
        accepts(c -> c.mix(100, 0, 0, 0));
        accepts(c -> c.mix(0, 100, 0, 0));
        accepts(c -> c.mix(0, 0, 100, 0));
        accepts(c -> c.mix(0, 0, 0, 100));
        refuses("mix", c -> c.mix(-1, 101, 0, 0));
        refuses("mix", c -> c.mix(101, -1, 0, 0));
        refuses("mix", c -> c.mix(0, 0, -1, 101));
        refuses("mix", c -> c.mix(0, 0, 101, -1));
    }

    @Test
    void shouldTakeATimeInForcePercentageAndAPositiveRange()
    {
        accepts(c -> c.timeInForce(0, 1, 1));
        accepts(c -> c.timeInForce(100, 1, 1));
        refuses("timeInForcePercent", c -> c.timeInForce(-1, 1, 1));
        refuses("timeInForcePercent", c -> c.timeInForce(101, 1, 1));
        refuses("minTimeInForceMillis", c -> c.timeInForce(30, 0, 1));
        refuses("maxTimeInForceMillis", c -> c.timeInForce(30, 5, 4));
    }

    @Test
    void shouldTakeTheLeastOfEachCountAndRefuseOneLess()
    {
        accepts(c -> c.instrumentCount(1));
        refuses("instrumentCount", c -> c.instrumentCount(0));
        accepts(c -> c.ticksPerSecond(1));
        refuses("ticksPerSecond", c -> c.ticksPerSecond(0));
        accepts(c -> c.bandWidth(64)); // the model's narrowest band
        refuses("bandWidth", c -> c.bandWidth(63));
        accepts(c -> c.maxQuantity(1));
        refuses("maxQuantity", c -> c.maxQuantity(0));
        accepts(c -> c.maxLiveOrders(1));
        refuses("maxLiveOrders", c -> c.maxLiveOrders(0));
    }
}
