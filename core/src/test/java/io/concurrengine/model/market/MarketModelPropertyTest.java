package io.concurrengine.model.market;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.SplittableRandom;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random add / cancel / execute / replace sequences on a few instruments with a narrow band, so that levels empty,
 * orders cross several levels, ids are reused (on an instrument after its order left, and on other instruments while
 * it rests) and prices fall outside the band, against {@link OracleBook}: the same fills in the same order, the same
 * resting orders in the same queue order after every step, the same rejects.
 */
class MarketModelPropertyTest
{
    private static final int BAND_WIDTH = 64;

    @Property(tries = 300)
    void shouldMatchTheOracleBook(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 300) final int steps)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final OracleBook oracle = new OracleBook(BAND_WIDTH);
        try (MarketFixture market = new MarketFixture(BAND_WIDTH))
        {
            for (int step = 0; step < steps; step++)
            {
                final long time = step * 10L;
                applyRandomOp(random, time, market, oracle);
                market.runUntil(time + 1);

                assertEquals(oracle.fills, market.fills, "fills after step " + step);
                assertEquals(oracle.resting(), market.resting(), "resting orders after step " + step);
                assertEquals(oracle.rejected, market.model.counters().rejected(), "rejects after step " + step);
            }
            assertEquals(oracle.resting().size(), market.model.restingOrderCount());
        }
    }

    private static void applyRandomOp(
        final SplittableRandom random, final long time, final MarketFixture market, final OracleBook oracle)
    {
        final long instrument = 1 + random.nextInt(3);
        final long id = 1 + random.nextInt(60);
        final int side = random.nextBoolean() ? BUY : SELL;
        final int price = 1000 + random.nextInt(-40, 41);
        final long quantity = random.nextInt(21);
        final int op = random.nextInt(100);
        if (op < 45)
        {
            market.add(time, instrument, id, side, price, quantity);
            oracle.add(instrument, id, side, price, quantity);
        }
        else if (op < 60)
        {
            market.cancel(time, instrument, id);
            oracle.cancel(instrument, id);
        }
        else if (op < 75)
        {
            final long executeQuantity = 1 + random.nextInt(40);
            if (random.nextBoolean())
            {
                market.executeLimit(time, instrument, 1000 + step(time), side, price, executeQuantity);
                oracle.execute(instrument, 1000 + step(time), side, price, executeQuantity);
            }
            else
            {
                market.execute(time, instrument, 1000 + step(time), side, executeQuantity);
                oracle.execute(instrument, 1000 + step(time), side,
                    BUY == side ? Long.MAX_VALUE : Long.MIN_VALUE, executeQuantity);
            }
        }
        else
        {
            final long newPrice = random.nextBoolean() ? oracle.priceOr(instrument, id, price) : price;
            market.replace(time, instrument, id, newPrice, quantity);
            oracle.replace(instrument, id, newPrice, quantity);
        }
    }

    private static long step(final long time)
    {
        return time / 10;
    }
}
