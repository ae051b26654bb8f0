package io.concurrengine.model.market;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MarketEventsTest
{
    @Test
    void shouldRoundTripSideAndPriceIncludingNegativeAndExtremePrices()
    {
        for (final int side : new int[]{ MarketEvents.BUY, MarketEvents.SELL })
        {
            for (final int price : new int[]{ 0, 1, -1, 10_000, Integer.MAX_VALUE, Integer.MIN_VALUE })
            {
                final long packed = MarketEvents.sidePrice(side, price);
                assertEquals(side, MarketEvents.side(packed));
                assertEquals(price, MarketEvents.price(packed));
            }
        }
    }

    @Test
    void shouldNameEveryTypeAndUnknownOnes()
    {
        assertEquals("Add", MarketEvents.name(MarketEvents.ADD));
        assertEquals("BarClose", MarketEvents.name(MarketEvents.BAR_CLOSE));
        assertEquals("Unknown(6)", MarketEvents.name(MarketEvents.TYPE_COUNT));
    }

    @Test
    void shouldRejectABandWidthThatIsNotAPowerOfTwo()
    {
        assertThrows(IllegalArgumentException.class, () -> new MarketModel(new MarketConfig().bandWidth(1000)));
    }

    @Test
    void shouldRejectANonPositiveTicksPerSecond()
    {
        assertThrows(IllegalArgumentException.class, () -> new MarketModel(new MarketConfig().ticksPerSecond(0)));
    }

    @Test
    void shouldAcceptOneTickPerSecond()
    {
        assertEquals(1, new MarketModel(new MarketConfig().ticksPerSecond(1)).ticksPerSecond());
    }

    @Test
    void shouldGiveTheOppositeSide()
    {
        assertEquals(MarketEvents.SELL, MarketEvents.opposite(MarketEvents.BUY));
        assertEquals(MarketEvents.BUY, MarketEvents.opposite(MarketEvents.SELL));
    }
}
