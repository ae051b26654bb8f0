package io.concurrengine.model.market;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;

import static io.concurrengine.model.market.MarketEvents.BUY;

/**
 * The obvious order book: a {@link TreeMap} of price to {@link ArrayDeque} per side and instrument, written for
 * clarity. Same rules as {@link MarketModel}, without timers: an order is keyed by (instrument, order id).
 */
final class OracleBook
{
    private record Key(long instrument, long id)
    {
    }

    private static final class Order
    {
        final long instrument;
        final long id;
        final int side;
        long price;
        long quantity;

        Order(final long instrument, final long id, final int side, final long price, final long quantity)
        {
            this.instrument = instrument;
            this.id = id;
            this.side = side;
            this.price = price;
            this.quantity = quantity;
        }
    }

    private final int bandWidth;
    private final Map<Long, Long> bandBase = new HashMap<>();
    private final TreeMap<Long, TreeMap<Long, ArrayDeque<Order>>> bids = new TreeMap<>();
    private final TreeMap<Long, TreeMap<Long, ArrayDeque<Order>>> asks = new TreeMap<>();
    private final Map<Key, Order> byKey = new HashMap<>();
    final List<Fill> fills = new ArrayList<>();
    long rejected;

    OracleBook(final int bandWidth)
    {
        this.bandWidth = bandWidth;
    }

    void add(final long instrument, final long id, final int side, final long price, final long quantity)
    {
        if (quantity <= 0 || byKey.containsKey(new Key(instrument, id)))
        {
            rejected++;
            return;
        }
        final long base = bandBase.computeIfAbsent(instrument, i -> price - bandWidth / 2);
        if (price < base || price >= base + bandWidth)
        {
            rejected++;
            return;
        }
        final Order order = new Order(instrument, id, side, price, quantity);
        order.quantity = match(instrument, side, price, quantity, id);
        if (order.quantity > 0)
        {
            rest(order);
        }
    }

    void cancel(final long instrument, final long id)
    {
        final Order order = byKey.get(new Key(instrument, id));
        if (null == order)
        {
            rejected++;
            return;
        }
        unlink(order);
        byKey.remove(new Key(instrument, id));
    }

    void replace(final long instrument, final long id, final long price, final long quantity)
    {
        final Order order = byKey.get(new Key(instrument, id));
        if (null == order || quantity <= 0)
        {
            rejected++;
            return;
        }
        final long base = bandBase.get(instrument);
        if (price < base || price >= base + bandWidth)
        {
            rejected++;
            return;
        }
        if (price == order.price && quantity <= order.quantity)
        {
            order.quantity = quantity;
            return;
        }
        unlink(order);
        byKey.remove(new Key(instrument, id));
        order.price = price;
        order.quantity = match(instrument, order.side, price, quantity, id);
        if (order.quantity > 0)
        {
            rest(order);
        }
    }

    void execute(final long instrument, final long taker, final int side, final long limit, final long quantity)
    {
        match(instrument, side, limit, quantity, taker);
    }

    long priceOr(final long instrument, final long id, final long otherwise)
    {
        final Order order = byKey.get(new Key(instrument, id));
        return null == order ? otherwise : order.price;
    }

    List<Resting> resting()
    {
        final List<Resting> orders = new ArrayList<>();
        final TreeMap<Long, Boolean> instruments = new TreeMap<>();
        bids.keySet().forEach(i -> instruments.put(i, true));
        asks.keySet().forEach(i -> instruments.put(i, true));
        for (final long instrument : instruments.keySet())
        {
            addLevels(orders, bids.get(instrument));
            addLevels(orders, asks.get(instrument));
        }
        return orders;
    }

    private static void addLevels(final List<Resting> orders, final TreeMap<Long, ArrayDeque<Order>> side)
    {
        if (null != side)
        {
            side.values().forEach(level -> level.forEach(o ->
                orders.add(new Resting(o.instrument, o.id, o.side, o.price, o.quantity))));
        }
    }

    private long match(final long instrument, final int side, final long limit, final long quantity, final long taker)
    {
        final TreeMap<Long, ArrayDeque<Order>> book = (BUY == side ? asks : bids).get(instrument);
        if (null == book)
        {
            return quantity;
        }
        final NavigableMap<Long, ArrayDeque<Order>> crossing =
            BUY == side ? book.headMap(limit, true) : book.tailMap(limit, true).descendingMap();
        long remaining = quantity;
        final Iterator<Map.Entry<Long, ArrayDeque<Order>>> levels = crossing.entrySet().iterator();
        while (remaining > 0 && levels.hasNext())
        {
            final Map.Entry<Long, ArrayDeque<Order>> level = levels.next();
            final ArrayDeque<Order> queue = level.getValue();
            while (remaining > 0 && !queue.isEmpty())
            {
                final Order maker = queue.peekFirst();
                final long traded = Math.min(remaining, maker.quantity);
                fills.add(new Fill(instrument, maker.id, taker, level.getKey(), traded));
                remaining -= traded;
                maker.quantity -= traded;
                if (0 == maker.quantity)
                {
                    queue.pollFirst();
                    byKey.remove(new Key(instrument, maker.id));
                }
            }
            if (queue.isEmpty())
            {
                levels.remove();
            }
        }
        return remaining;
    }

    private void rest(final Order order)
    {
        (BUY == order.side ? bids : asks).computeIfAbsent(order.instrument, i -> new TreeMap<>())
            .computeIfAbsent(order.price, p -> new ArrayDeque<>()).addLast(order);
        byKey.put(new Key(order.instrument, order.id), order);
    }

    private void unlink(final Order order)
    {
        final TreeMap<Long, ArrayDeque<Order>> book = (BUY == order.side ? bids : asks).get(order.instrument);
        final ArrayDeque<Order> level = book.get(order.price);
        level.remove(order);
        if (level.isEmpty())
        {
            book.remove(order.price);
        }
    }
}
