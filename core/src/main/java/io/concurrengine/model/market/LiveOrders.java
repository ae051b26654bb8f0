package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;

/**
 * The orders a {@link SyntheticOrderFlow} believes to be live: every order it added and has not cancelled, minus
 * time-in-force orders it found expired. It cannot see fills inside the engine, so some entries are already gone
 * from the book; cancelling them is a legitimate unknown-order reject.
 * <p>
 * A dense struct-of-arrays set with swap-remove: add, remove and random pick are O(1). Fixed capacity, never grows;
 * allocation-free after construction. Not threadsafe.
 */
final class LiveOrders
{
    static final int NONE = -1;

    private static final int PICK_ATTEMPTS = 4;

    private final long[] orderId;
    private final int[] rank;
    private final int[] side;
    private final int[] price;
    private final long[] quantity;
    private final long[] expiresAt;
    private int size;

    /**
     * @param capacity most orders remembered.
     */
    LiveOrders(final int capacity)
    {
        orderId = new long[capacity];
        rank = new int[capacity];
        side = new int[capacity];
        price = new int[capacity];
        quantity = new long[capacity];
        expiresAt = new long[capacity];
    }

    boolean isFull()
    {
        return size == orderId.length;
    }

    int size()
    {
        return size;
    }

    /**
     * Remember an order; the caller checks {@link #isFull()} first.
     */
    void add(
        final long id, final int instrumentRank, final int orderSide, final int orderPrice, final long qty,
        final long expiry)
    {
        final int index = size++;
        orderId[index] = id;
        rank[index] = instrumentRank;
        side[index] = orderSide;
        price[index] = orderPrice;
        quantity[index] = qty;
        expiresAt[index] = expiry;
    }

    /**
     * Pick a random entry that has not expired by {@code now}, forgetting expired entries met on the way.
     *
     * @return its index, or {@link #NONE} if none was found within a few attempts.
     */
    int pick(final SimRng rng, final long now)
    {
        for (int attempt = 0; attempt < PICK_ATTEMPTS && size > 0; attempt++)
        {
            final int index = rng.nextInt(size);
            if (expiresAt[index] > now)
            {
                return index;
            }
            remove(index);
        }
        return NONE;
    }

    /**
     * Forget an entry; the last entry takes its index.
     */
    void remove(final int index)
    {
        final int last = --size;
        orderId[index] = orderId[last];
        rank[index] = rank[last];
        side[index] = side[last];
        price[index] = price[last];
        quantity[index] = quantity[last];
        expiresAt[index] = expiresAt[last];
    }

    void update(final int index, final int newPrice, final long newQuantity)
    {
        price[index] = newPrice;
        quantity[index] = newQuantity;
    }

    long orderId(final int index)
    {
        return orderId[index];
    }

    int rank(final int index)
    {
        return rank[index];
    }

    int side(final int index)
    {
        return side[index];
    }

    int price(final int index)
    {
        return price[index];
    }

    long quantity(final int index)
    {
        return quantity[index];
    }
}
