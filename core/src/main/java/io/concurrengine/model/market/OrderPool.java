package io.concurrengine.model.market;

import java.util.Arrays;

/**
 * Preallocated slots of resting orders, struct-of-arrays: one primitive array per field, indexed by slot. Free slots
 * form a list threaded through {@code next}; allocation takes the slot freed last (LIFO), so slot numbers are a
 * deterministic function of the input stream.
 * <p>
 * A slot in use is also a node of the circular doubly linked FIFO of its price level ({@code next}, {@code prev}),
 * maintained by {@link OrderBooks}.
 * <p>
 * <b>Capacity:</b> when every slot is in use, {@link #allocate()} doubles every array (one allocation and copy,
 * O(capacity)); slot numbers survive growth. Otherwise allocation-free.
 * <p>
 * Not threadsafe.
 */
final class OrderPool
{
    static final int NULL_SLOT = -1;

    private static final int MAX_CAPACITY = 1 << 30;

    private long[] orderId;
    private long[] quantity;
    private long[] expiryHandle;
    private int[] level;
    private int[] next;
    private int[] prev;
    private byte[] side;
    private int freeHead;
    private int size;

    /**
     * @param initialCapacity slots before the first growth, positive.
     */
    OrderPool(final int initialCapacity)
    {
        if (initialCapacity < 1 || initialCapacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException(
                "initialOrderCapacity=" + initialCapacity + " must be in [1, " + MAX_CAPACITY + "]");
        }
        orderId = new long[initialCapacity];
        quantity = new long[initialCapacity];
        expiryHandle = new long[initialCapacity];
        level = new int[initialCapacity];
        next = new int[initialCapacity];
        prev = new int[initialCapacity];
        side = new byte[initialCapacity];
        chainFree(0, initialCapacity);
    }

    /**
     * Take a free slot, growing the pool when none is left. The slot's fields hold stale values until set.
     *
     * @return the slot.
     */
    int allocate()
    {
        if (NULL_SLOT == freeHead)
        {
            growSlowPath();
        }
        final int slot = freeHead;
        freeHead = next[slot];
        size++;
        return slot;
    }

    /**
     * Return a slot to the free list. The caller has unlinked it from its level.
     *
     * @param slot a slot in use.
     */
    void free(final int slot)
    {
        next[slot] = freeHead;
        freeHead = slot;
        size--;
    }

    /**
     * Fill the fields of a freshly allocated slot.
     *
     * @param slot      the slot.
     * @param id        order id.
     * @param orderSide {@link MarketEvents#BUY} or {@link MarketEvents#SELL}.
     * @param qty       remaining quantity.
     * @param handle    expiry timer handle, or {@link io.concurrengine.core.wheel.EventWheel#NULL_HANDLE}.
     */
    void set(final int slot, final long id, final int orderSide, final long qty, final long handle)
    {
        orderId[slot] = id;
        side[slot] = (byte)orderSide;
        quantity[slot] = qty;
        expiryHandle[slot] = handle;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return orderId.length;
    }

    long orderId(final int slot)
    {
        return orderId[slot];
    }

    int side(final int slot)
    {
        return side[slot];
    }

    long quantity(final int slot)
    {
        return quantity[slot];
    }

    void quantity(final int slot, final long qty)
    {
        quantity[slot] = qty;
    }

    long expiryHandle(final int slot)
    {
        return expiryHandle[slot];
    }

    void expiryHandle(final int slot, final long handle)
    {
        expiryHandle[slot] = handle;
    }

    int level(final int slot)
    {
        return level[slot];
    }

    void level(final int slot, final int levelIndex)
    {
        level[slot] = levelIndex;
    }

    int next(final int slot)
    {
        return next[slot];
    }

    void next(final int slot, final int nextSlot)
    {
        next[slot] = nextSlot;
    }

    int prev(final int slot)
    {
        return prev[slot];
    }

    void prev(final int slot, final int prevSlot)
    {
        prev[slot] = prevSlot;
    }

    private void growSlowPath()
    {
        final int oldCapacity = orderId.length;
        if (oldCapacity >= MAX_CAPACITY)
        {
            throw new IllegalStateException("order pool full: capacity=" + oldCapacity);
        }
        final int newCapacity = oldCapacity << 1;
        orderId = Arrays.copyOf(orderId, newCapacity);
        quantity = Arrays.copyOf(quantity, newCapacity);
        expiryHandle = Arrays.copyOf(expiryHandle, newCapacity);
        level = Arrays.copyOf(level, newCapacity);
        next = Arrays.copyOf(next, newCapacity);
        prev = Arrays.copyOf(prev, newCapacity);
        side = Arrays.copyOf(side, newCapacity);
        chainFree(oldCapacity, newCapacity);
    }

    private void chainFree(final int from, final int to)
    {
        for (int slot = from; slot < to - 1; slot++)
        {
            next[slot] = slot + 1;
        }
        next[to - 1] = NULL_SLOT;
        freeHead = from;
    }
}
