package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;

/**
 * The orders a {@link SyntheticOrderFlow} believes to be live: every order it added and has not cancelled, minus
 * time-in-force orders it found expired. It cannot see fills inside the engine, so some entries are already gone
 * from the book; cancelling them is a legitimate unknown-order reject.
 * <p>
 * A dense set in one {@code long[]}, four words (32 bytes) per entry so that an entry is one cache access: order id,
 * expiry time, {@code rank << 32 | price}, {@code side << 32 | quantity}. Swap-remove keeps it dense: add, remove and
 * random pick are O(1). Fixed capacity, never grows; allocation-free after construction. Not threadsafe.
 */
final class LiveOrders
{
    static final int NONE = -1;

    private static final int PICK_ATTEMPTS = 4;
    private static final int SHIFT = 2;
    private static final int ORDER_ID = 0;
    private static final int EXPIRES_AT = 1;
    private static final int RANK_PRICE = 2;
    private static final int SIDE_QUANTITY = 3;
    private static final long LOW = 0xFFFF_FFFFL;

    private final long[] data;
    private final int capacity;
    private int size;

    /**
     * @param capacity most orders remembered, below 2^29: four words each must index one {@code long[]}.
     */
    LiveOrders(final int capacity)
    {
        if (capacity < 1 || capacity >= (1 << 29))
        {
            throw new IllegalArgumentException("maxLiveOrders=" + capacity + " must be in [1, 2^29 - 1]");
        }
        this.capacity = capacity;
        this.data = new long[capacity << SHIFT];
    }

    boolean isFull()
    {
        return size == capacity;
    }

    int size()
    {
        return size;
    }

    /**
     * Remember an order; the caller checks {@link #isFull()} first.
     *
     * @param id             order id.
     * @param instrumentRank activity rank of its instrument.
     * @param orderSide      its side.
     * @param orderPrice     its price.
     * @param qty            its quantity, below 2^32.
     * @param expiry         when its time in force runs out, {@link Long#MAX_VALUE} if never.
     */
    void add(
        final long id, final int instrumentRank, final int orderSide, final int orderPrice, final long qty,
        final long expiry)
    {
        final int base = (size++) << SHIFT;
        data[base + ORDER_ID] = id;
        data[base + EXPIRES_AT] = expiry;
        data[base + RANK_PRICE] = ((long)instrumentRank << 32) | (orderPrice & LOW);
        data[base + SIDE_QUANTITY] = ((long)orderSide << 32) | qty;
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
            if (data[(index << SHIFT) + EXPIRES_AT] > now)
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
        final int last = (--size) << SHIFT;
        final int base = index << SHIFT;
        final long[] data = this.data;
        data[base + ORDER_ID] = data[last + ORDER_ID];
        data[base + EXPIRES_AT] = data[last + EXPIRES_AT];
        data[base + RANK_PRICE] = data[last + RANK_PRICE];
        data[base + SIDE_QUANTITY] = data[last + SIDE_QUANTITY];
    }

    void update(final int index, final int newPrice, final long newQuantity)
    {
        final int base = index << SHIFT;
        data[base + RANK_PRICE] = (data[base + RANK_PRICE] & ~LOW) | (newPrice & LOW);
        data[base + SIDE_QUANTITY] = (data[base + SIDE_QUANTITY] & ~LOW) | newQuantity;
    }

    long orderId(final int index)
    {
        return data[(index << SHIFT) + ORDER_ID];
    }

    int rank(final int index)
    {
        return (int)(data[(index << SHIFT) + RANK_PRICE] >>> 32);
    }

    int price(final int index)
    {
        return (int)data[(index << SHIFT) + RANK_PRICE];
    }

    long quantity(final int index)
    {
        return data[(index << SHIFT) + SIDE_QUANTITY] & LOW;
    }
}
