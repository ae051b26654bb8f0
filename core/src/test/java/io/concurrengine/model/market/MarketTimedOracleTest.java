package io.concurrengine.model.market;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;
import static io.concurrengine.model.market.MarketFixture.TICKS_PER_SECOND;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random inputs over a few seconds, fed as a shard feeds them (the timers due by an input's time first), against
 * {@link TimedOracle}: the same fills, resting orders, bars and counters after every input. Times fall on and next to
 * second boundaries and times in force end on them, so that expiries, bar closes and trades meet in one tick; some
 * quantities are huge, so that volumes saturate.
 */
class MarketTimedOracleTest
{
    private static final int BAND_WIDTH = 64;
    private static final int INSTRUMENTS = 3;

    @Property(tries = 200)
    void shouldMatchTheTimedOracle(@ForAll final long seed, @ForAll @IntRange(min = 1, max = 400) final int steps)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final TimedOracle oracle = new TimedOracle(BAND_WIDTH, TICKS_PER_SECOND);
        try (MarketFixture market = new MarketFixture(BAND_WIDTH))
        {
            long time = 0;
            for (int step = 0; step < steps; step++)
            {
                time = nextTime(random, time);
                market.runUntil(time + 1);
                oracle.advanceTo(time);
                applyRandomInput(random, time, market, oracle);
                market.runUntil(time + 1);
                assertSame(market, oracle, "after step " + step + " at " + time);
            }
            market.runAll();
            oracle.advanceTo(Long.MAX_VALUE - 1);
            assertSame(market, oracle, "after every timer");
        }
    }

    private static long nextTime(final SplittableRandom random, final long time)
    {
        final int pick = random.nextInt(10);
        if (pick < 3)
        {
            return time; // same tick
        }
        if (pick < 5)
        {
            final long boundary = (time / TICKS_PER_SECOND + 1) * TICKS_PER_SECOND;
            return boundary + random.nextInt(-1, 2) < time ? time : boundary + random.nextInt(-1, 2);
        }
        return time + random.nextInt(1, 300_000);
    }

    private static void applyRandomInput(
        final SplittableRandom random, final long time, final MarketFixture market, final TimedOracle oracle)
    {
        final long instrument = 1 + random.nextInt(INSTRUMENTS);
        final long id = 1 + random.nextInt(40);
        final int side = random.nextBoolean() ? BUY : SELL;
        final int price = 1000 + random.nextInt(-36, 37);
        final long quantity = quantity(random);
        apply(random, time, instrument, id, side, price, quantity, () -> timeInForce(random, time),
            () -> 1000 + random.nextInt(1000), market, oracle);
    }

    /**
     * Give the model and the oracle one random input: an ADD (45 %), a CANCEL (12 %), an EXECUTE limited or not
     * (23 %) or a REPLACE, of the order, side, price and quantity given; the time in force and the EXECUTE's reference
     * are drawn only for an input that has one.
     */
    static void apply(
        final SplittableRandom random,
        final long time,
        final long instrument,
        final long id,
        final int side,
        final int price,
        final long quantity,
        final LongSupplier timeInForces,
        final LongSupplier takers,
        final MarketFixture market,
        final TimedOracle oracle)
    {
        final int op = random.nextInt(100);
        if (op < 45)
        {
            final long timeInForce = timeInForces.getAsLong();
            market.add(time, instrument, id, side, price, quantity, timeInForce);
            oracle.add(instrument, id, side, price, quantity, timeInForce);
        }
        else if (op < 57)
        {
            market.cancel(time, instrument, id);
            oracle.cancel(instrument, id);
        }
        else if (op < 80)
        {
            final long taker = takers.getAsLong();
            if (random.nextBoolean())
            {
                market.executeLimit(time, instrument, taker, side, price, quantity);
                oracle.execute(instrument, taker, side, (long)price, quantity);
            }
            else
            {
                market.execute(time, instrument, taker, side, quantity);
                oracle.execute(instrument, taker, side, null, quantity);
            }
        }
        else
        {
            market.replace(time, instrument, id, price, quantity);
            oracle.replace(instrument, id, price, quantity);
        }
    }

    private static long quantity(final SplittableRandom random)
    {
        final int pick = random.nextInt(40);
        if (0 == pick)
        {
            return random.nextInt(-1, 1); // 0 or -1: rejected
        }
        if (1 == pick)
        {
            return Long.MAX_VALUE - random.nextInt(3);
        }
        if (2 == pick)
        {
            return Long.MAX_VALUE / 2 + random.nextInt(3);
        }
        return 1 + random.nextInt(20);
    }

    private static long timeInForce(final SplittableRandom random, final long time)
    {
        final int pick = random.nextInt(10);
        if (pick < 4)
        {
            return 0;
        }
        if (pick < 6)
        {
            // ends on a second boundary, or next to one
            return (time / TICKS_PER_SECOND + 1 + random.nextInt(2)) * TICKS_PER_SECOND - time + random.nextInt(-1, 2);
        }
        if (6 == pick)
        {
            return random.nextInt(-1, 2); // -1: rejected; 0: none; 1: the next tick
        }
        if (7 == pick)
        {
            return Long.MAX_VALUE - random.nextInt(2); // past the end of time: never expires
        }
        return 1 + random.nextInt(2_000_000);
    }

    private static void assertSame(final MarketFixture market, final TimedOracle oracle, final String when)
    {
        assertEquals(oracle.fills, market.fills, "fills " + when);
        assertEquals(oracle.resting(), market.resting(), "resting orders " + when);
        assertEquals(oracle.resting().size(), market.model.restingOrderCount(), "resting order count " + when);
        assertEquals(oracleCounters(oracle), modelCounters(market.model.counters()), "counters " + when);
        final Bar bar = new Bar();
        for (long instrument = 1; instrument <= INSTRUMENTS; instrument++)
        {
            final TimedOracle.Bars bars = oracle.bars.get(instrument);
            final String of = " of " + instrument + " " + when;
            assertArrayEquals(null == bars ? null : bars.open,
                market.model.currentBar(instrument, bar) ? fields(bar) : null, "open bar" + of);
            assertArrayEquals(null == bars ? null : bars.last,
                market.model.lastBar(instrument, bar) ? fields(bar) : null, "last bar" + of);
            assertEquals(null == bars ? 0 : bars.closed, market.model.closedBarCount(instrument),
                "closed bars" + of);
        }
    }

    static long[] fields(final Bar bar)
    {
        return new long[] {bar.second(), bar.open(), bar.high(), bar.low(), bar.close(), bar.volume(), bar.trades()};
    }

    static Map<String, Long> oracleCounters(final TimedOracle oracle)
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        for (final String name : Arrays.asList("adds", "cancels", "replaces", "executes", "fills", "filledQuantity",
            "expired", "barsClosed", "rejectedUnknownOrder", "rejectedDuplicateOrder", "rejectedOutOfBand",
            "rejectedInvalid", "staleTimers", "unknownEventTypes", "remaindersDropped", "barTimersRefused"))
        {
            counters.put(name, oracle.counters.getOrDefault(name, 0L));
        }
        return counters;
    }

    static Map<String, Long> modelCounters(final MarketCounters c)
    {
        final Map<String, Long> counters = new LinkedHashMap<>();
        counters.put("adds", c.adds());
        counters.put("cancels", c.cancels());
        counters.put("replaces", c.replaces());
        counters.put("executes", c.executes());
        counters.put("fills", c.fills());
        counters.put("filledQuantity", c.filledQuantity());
        counters.put("expired", c.expired());
        counters.put("barsClosed", c.barsClosed());
        counters.put("rejectedUnknownOrder", c.rejectedUnknownOrder());
        counters.put("rejectedDuplicateOrder", c.rejectedDuplicateOrder());
        counters.put("rejectedOutOfBand", c.rejectedOutOfBand());
        counters.put("rejectedInvalid", c.rejectedInvalid());
        counters.put("staleTimers", c.staleTimers());
        counters.put("unknownEventTypes", c.unknownEventTypes());
        counters.put("remaindersDropped", c.remaindersDropped());
        counters.put("barTimersRefused", c.barTimersRefused());
        return counters;
    }
}
