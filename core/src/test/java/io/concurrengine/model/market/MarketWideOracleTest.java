package io.concurrengine.model.market;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.List;
import java.util.SplittableRandom;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * {@link MarketTimedOracleTest}'s comparison with {@link TimedOracle} on what it leaves out: bands of many bitmap
 * words (levels far apart, so that a best price that empties is found words away), instrument and order ids at the
 * ends of the {@code long} range, prices at the ends of the 32-bit range, quantities near {@link Long#MAX_VALUE},
 * bad sides, seconds of 1, 3, 10^6 and 10^6 + 3 ticks, times up to the end of the {@code long} range (its last
 * second has no bar timer), and the best bid and offer the model reports, after every input.
 */
class MarketWideOracleTest
{
    private static final int[] BAND_WIDTHS = { 64, 256, 4096 };
    private static final long[] TICKS_PER_SECONDS = { 1, 3, 1_000_000, 1_000_003 };
    private static final long[] INSTRUMENTS = { Long.MIN_VALUE, -1, 0, 7, Long.MAX_VALUE };
    private static final long[] IDS = { Long.MIN_VALUE, Long.MIN_VALUE + 1, -1, 0, 1, 2, 3, Long.MAX_VALUE };
    private static final int[] CENTRES = { Integer.MIN_VALUE + 5, -3, 0, 1000, Integer.MAX_VALUE - 5 };

    @Property(tries = 200)
    void shouldMatchTheTimedOracleOnWideBandsAndExtremeIds(
        @ForAll final long seed, @ForAll @IntRange(min = 1, max = 400) final int steps)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final int bandWidth = BAND_WIDTHS[random.nextInt(BAND_WIDTHS.length)];
        final long ticksPerSecond = TICKS_PER_SECONDS[random.nextInt(TICKS_PER_SECONDS.length)];
        final TimedOracle oracle = new TimedOracle(bandWidth, ticksPerSecond);
        try (MarketFixture market = new MarketFixture(bandWidth, OrderPool.MAX_CAPACITY, ticksPerSecond))
        {
            long time = random.nextBoolean() ? 0 : Long.MAX_VALUE - 50_000_000;
            for (int step = 0; step < steps; step++)
            {
                time += Math.min(Long.MAX_VALUE - 1 - time, random.nextInt(4) * random.nextInt(400_000));
                market.runUntil(time + 1);
                oracle.advanceTo(time);
                applyRandomInput(random, bandWidth, time, market, oracle);
                market.runUntil(time + 1);
                assertSame(market, oracle, "after step " + step + " at " + time + " (band " + bandWidth + ", " +
                    ticksPerSecond + " ticks a second)");
            }
            market.runAll();
            oracle.advanceTo(Long.MAX_VALUE - 1);
            assertSame(market, oracle, "after every timer (band " + bandWidth + ", " + ticksPerSecond +
                " ticks a second)");
        }
    }

    private static void applyRandomInput(
        final SplittableRandom random,
        final int bandWidth,
        final long time,
        final MarketFixture market,
        final TimedOracle oracle)
    {
        final int pick = random.nextInt(INSTRUMENTS.length);
        final long instrument = INSTRUMENTS[pick];
        final long id = IDS[random.nextInt(IDS.length)];
        final int side = 0 == random.nextInt(50) ? 2 : random.nextInt(2);
        final int price = price(random, CENTRES[pick], bandWidth);
        final long quantity = 0 == random.nextInt(10) ? Long.MAX_VALUE - random.nextInt(2) : 1 + random.nextInt(9);
        MarketTimedOracleTest.apply(random, time, instrument, id, side, price, quantity,
            () -> 0 == random.nextInt(4) ? 1 + random.nextInt(3_000_000) : 0, () -> IDS[random.nextInt(IDS.length)],
            market, oracle);
    }

    /**
     * @return a price near the centre (many orders share a level), anywhere in a band around it, or just beyond it,
     * within the 32-bit range.
     */
    private static int price(final SplittableRandom random, final int centre, final int bandWidth)
    {
        final int pick = random.nextInt(10);
        final long offset;
        if (pick < 5)
        {
            offset = random.nextInt(-2, 3);
        }
        else if (pick < 9)
        {
            offset = random.nextInt(-bandWidth / 2, bandWidth / 2);
        }
        else
        {
            offset = random.nextBoolean() ? bandWidth / 2 + random.nextInt(3) : -bandWidth / 2 - 1 - random.nextInt(3);
        }
        return (int)Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, centre + offset));
    }

    private static void assertSame(final MarketFixture market, final TimedOracle oracle, final String when)
    {
        assertEquals(oracle.fills, market.fills, "fills " + when);
        final List<Resting> resting = oracle.resting();
        assertEquals(resting, market.resting(), "resting orders " + when);
        assertEquals(resting.size(), market.model.restingOrderCount(), "resting order count " + when);
        assertEquals(MarketTimedOracleTest.oracleCounters(oracle),
            MarketTimedOracleTest.modelCounters(market.model.counters()), "counters " + when);
        final Bar bar = new Bar();
        for (final long instrument : INSTRUMENTS)
        {
            final String of = " of " + instrument + " " + when;
            long bestBid = MarketModel.NO_PRICE;
            long bestAsk = MarketModel.NO_PRICE;
            for (final Resting order : resting)
            {
                if (order.instrument() == instrument && BUY == order.side())
                {
                    bestBid = MarketModel.NO_PRICE == bestBid ? order.price() : Math.max(bestBid, order.price());
                }
                else if (order.instrument() == instrument && SELL == order.side())
                {
                    bestAsk = MarketModel.NO_PRICE == bestAsk ? order.price() : Math.min(bestAsk, order.price());
                }
            }
            assertEquals(bestBid, market.model.bestBid(instrument), "best bid" + of);
            assertEquals(bestAsk, market.model.bestAsk(instrument), "best offer" + of);
            final TimedOracle.Bars bars = oracle.bars.get(instrument);
            assertArrayEquals(null == bars ? null : bars.open,
                market.model.currentBar(instrument, bar) ? MarketTimedOracleTest.fields(bar) : null, "open bar" + of);
            assertArrayEquals(null == bars ? null : bars.last,
                market.model.lastBar(instrument, bar) ? MarketTimedOracleTest.fields(bar) : null, "last bar" + of);
            assertEquals(null == bars ? 0 : bars.closed, market.model.closedBarCount(instrument), "closed bars" + of);
        }
    }
}
