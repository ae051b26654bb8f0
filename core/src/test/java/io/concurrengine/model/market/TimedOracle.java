package io.concurrengine.model.market;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.concurrengine.model.market.MarketEvents.BUY;
import static io.concurrengine.model.market.MarketEvents.SELL;

/**
 * The market model with time, written for clarity and sharing no code with it: a list of orders per instrument, each
 * with its price, arrival number and expiry, scanned for the best one; one-second bars; and every counter. Timers are
 * not events here: {@link #advanceTo(long)} expires the orders and closes the bars due by a time, as a shard does
 * before it handles an input of that time.
 */
final class TimedOracle
{
    private static final long NO_EXPIRY = Long.MAX_VALUE;

    private static final class Order
    {
        final long instrument;
        final long id;
        final int side;
        final long expiry;
        long price;
        long quantity;
        long arrival;

        Order(final long instrument, final long id, final int side, final long price, final long expiry)
        {
            this.instrument = instrument;
            this.id = id;
            this.side = side;
            this.price = price;
            this.expiry = expiry;
        }
    }

    /** One-second bars of an instrument: {second, open, high, low, close, volume, trades}, or null. */
    static final class Bars
    {
        long[] open;
        long[] last;
        long closed;
    }

    private final int bandWidth;
    private final long ticksPerSecond;
    private final Map<Long, Long> bandBase = new HashMap<>();
    private final TreeMap<Long, List<Order>> books = new TreeMap<>();
    final TreeMap<Long, Bars> bars = new TreeMap<>();
    final List<Fill> fills = new ArrayList<>();
    final Map<String, Long> counters = new TreeMap<>();
    private long arrivals;
    private long now;

    TimedOracle(final int bandWidth, final long ticksPerSecond)
    {
        this.bandWidth = bandWidth;
        this.ticksPerSecond = ticksPerSecond;
    }

    /**
     * Expire the orders and close the bars due at or before {@code time}, earliest first.
     */
    void advanceTo(final long time)
    {
        while (true)
        {
            long next = Long.MAX_VALUE;
            for (final List<Order> book : books.values())
            {
                for (final Order order : book)
                {
                    next = Math.min(next, order.expiry);
                }
            }
            for (final Bars bar : bars.values())
            {
                if (null != bar.open && bar.open[0] < Long.MAX_VALUE / ticksPerSecond)
                {
                    next = Math.min(next, (bar.open[0] + 1) * ticksPerSecond);
                }
            }
            if (next > time || NO_EXPIRY == next)
            {
                break;
            }
            final long due = next;
            now = due;
            for (final List<Order> book : books.values())
            {
                final int before = book.size();
                book.removeIf(order -> order.expiry == due);
                count("expired", before - book.size());
            }
            for (final Bars bar : bars.values())
            {
                if (null != bar.open && bar.open[0] < Long.MAX_VALUE / ticksPerSecond &&
                    (bar.open[0] + 1) * ticksPerSecond == due)
                {
                    close(bar);
                }
            }
        }
        now = time;
    }

    void add(
        final long instrument, final long id, final int side, final long price, final long quantity,
        final long timeInForce)
    {
        if (!validSide(side) || quantity <= 0 || timeInForce < 0)
        {
            count("rejectedInvalid", 1);
            return;
        }
        if (null != find(instrument, id))
        {
            count("rejectedDuplicateOrder", 1);
            return;
        }
        final long base = bandBase.computeIfAbsent(instrument, i -> price - bandWidth / 2);
        if (price < base || price >= base + bandWidth)
        {
            count("rejectedOutOfBand", 1);
            return;
        }
        count("adds", 1);
        final long expiry = 0 == timeInForce || now + timeInForce < now ? NO_EXPIRY : now + timeInForce;
        final Order order = new Order(instrument, id, side, price, expiry);
        order.quantity = match(instrument, side, price, quantity, id);
        if (order.quantity > 0)
        {
            order.arrival = arrivals++;
            books.computeIfAbsent(instrument, i -> new ArrayList<>()).add(order);
        }
    }

    void cancel(final long instrument, final long id)
    {
        final Order order = find(instrument, id);
        if (null == order)
        {
            count("rejectedUnknownOrder", 1);
            return;
        }
        count("cancels", 1);
        books.get(instrument).remove(order);
    }

    void replace(final long instrument, final long id, final long price, final long quantity)
    {
        final Order order = find(instrument, id);
        if (null == order)
        {
            count("rejectedUnknownOrder", 1);
            return;
        }
        if (quantity <= 0)
        {
            count("rejectedInvalid", 1);
            return;
        }
        final long base = bandBase.get(instrument);
        if (price < base || price >= base + bandWidth)
        {
            count("rejectedOutOfBand", 1);
            return;
        }
        count("replaces", 1);
        if (price == order.price && quantity <= order.quantity)
        {
            order.quantity = quantity;
            return;
        }
        books.get(instrument).remove(order);
        order.price = price;
        order.quantity = match(instrument, order.side, price, quantity, id);
        if (order.quantity > 0)
        {
            order.arrival = arrivals++;
            books.get(instrument).add(order);
        }
    }

    /**
     * @param limit a limit price, or null for a market order.
     */
    void execute(final long instrument, final long taker, final int side, final Long limit, final long quantity)
    {
        if (!validSide(side) || quantity <= 0)
        {
            count("rejectedInvalid", 1);
            return;
        }
        count("executes", 1);
        match(instrument, side, null == limit ? (BUY == side ? Long.MAX_VALUE : Long.MIN_VALUE) : limit, quantity,
            taker);
    }

    private long match(final long instrument, final int side, final long limit, final long quantity, final long taker)
    {
        final List<Order> book = books.computeIfAbsent(instrument, i -> new ArrayList<>());
        long remaining = quantity;
        while (remaining > 0)
        {
            Order best = null;
            for (final Order order : book)
            {
                if (order.side != side && (BUY == side ? order.price <= limit : order.price >= limit) &&
                    (null == best || better(order, best)))
                {
                    best = order;
                }
            }
            if (null == best)
            {
                break;
            }
            final long traded = Math.min(remaining, best.quantity);
            remaining -= traded;
            best.quantity -= traded;
            if (0 == best.quantity)
            {
                book.remove(best);
            }
            fill(instrument, best.id, taker, best.price, traded);
        }
        return remaining;
    }

    private static boolean validSide(final int side)
    {
        return BUY == side || SELL == side;
    }

    private static boolean better(final Order a, final Order b)
    {
        if (a.price != b.price)
        {
            return BUY == a.side ? a.price > b.price : a.price < b.price;
        }
        return a.arrival < b.arrival;
    }

    private void fill(final long instrument, final long maker, final long taker, final long price, final long qty)
    {
        fills.add(new Fill(instrument, maker, taker, price, qty));
        count("fills", 1);
        count("filledQuantity", qty);
        final Bars bar = bars.computeIfAbsent(instrument, i -> new Bars());
        final long second = Math.floorDiv(now, ticksPerSecond);
        if (null != bar.open && bar.open[0] != second)
        {
            close(bar);
        }
        if (null == bar.open)
        {
            bar.open = new long[] {second, price, price, price, price, qty, 1};
        }
        else
        {
            bar.open[2] = Math.max(bar.open[2], price);
            bar.open[3] = Math.min(bar.open[3], price);
            bar.open[4] = price;
            final long volume = bar.open[5] + qty;
            bar.open[5] = volume < 0 ? Long.MAX_VALUE : volume;
            bar.open[6]++;
        }
    }

    private void close(final Bars bar)
    {
        bar.last = bar.open;
        bar.open = null;
        bar.closed++;
        count("barsClosed", 1);
    }

    private Order find(final long instrument, final long id)
    {
        final List<Order> book = books.get(instrument);
        if (null != book)
        {
            for (final Order order : book)
            {
                if (order.id == id)
                {
                    return order;
                }
            }
        }
        return null;
    }

    private void count(final String counter, final long by)
    {
        counters.merge(counter, by, Long::sum);
    }

    /**
     * @return the resting orders as the model visits them: instruments ascending, prices ascending, each level in
     * time priority.
     */
    List<Resting> resting()
    {
        final List<Resting> orders = new ArrayList<>();
        for (final List<Order> book : books.values())
        {
            book.stream()
                .sorted(Comparator.<Order>comparingLong(o -> o.price).thenComparingLong(o -> o.arrival))
                .forEach(o -> orders.add(new Resting(o.instrument, o.id, o.side, o.price, o.quantity)));
        }
        return orders;
    }
}
