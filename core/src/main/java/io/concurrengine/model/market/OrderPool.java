package io.concurrengine.model.market;

import java.util.Arrays;

/**
 * Preallocated slots of resting orders in one {@code long[]}, eight words (64 bytes) per slot so that the fields of
 * one order share a cache line or two instead of one line per field:
 * <pre>
 * word 0  order id
 * word 1  remaining quantity
 * word 2  expiry timer handle, or {@link io.concurrengine.core.wheel.EventWheel#NULL_HANDLE}
 * word 3  level index (low 32 bits) | side (high 32 bits)
 * word 4  next slot (low 32 bits) | previous slot (high 32 bits): the level FIFO, or the free list (next only)
 * word 5  expiry time (time in force), or {@link #NO_EXPIRY}
 * word 6  instrument id: with the order id, the key of the order ({@link OrderIndex})
 * word 7  unused padding
 * </pre>
 * Free slots form a list threaded through {@code next}; allocation takes the slot freed last (LIFO), so slot
 * numbers are a deterministic function of the input stream.
 * <p>
 * A slot in use is also a node of the circular doubly linked FIFO of its price level, maintained by
 * {@link OrderBooks}.
 * <p>
 * <b>Capacity:</b> when every slot is in use, {@link #allocate()} doubles the array (one allocation and copy,
 * O(capacity)), up to 2^27 slots (8 GiB); slot numbers survive growth. Otherwise allocation-free. 64 bytes per slot.
 * <p>
 * Not threadsafe.
 */
final class OrderPool
{
    static final int NULL_SLOT = -1;
    /** {@link #expiry(int)} of an order without a time in force. */
    static final long NO_EXPIRY = Long.MIN_VALUE;

    /** Most slots: slot indexes times eight words must fit an {@code int}. */
    static final int MAX_CAPACITY = 1 << 27;
    private static final int SHIFT = 3;
    private static final int ORDER_ID = 0;
    private static final int QUANTITY = 1;
    private static final int HANDLE = 2;
    private static final int LEVEL_SIDE = 3;
    private static final int LINKS = 4;
    private static final int EXPIRY = 5;
    private static final int INSTRUMENT = 6;
    private static final long LOW = 0xFFFF_FFFFL;

    private final int maxCapacity;
    private long[] data;
    private int capacity;
    private int freeHead;
    private int size;

    /**
     * @param initialCapacity slots before the first growth, in [1, 2^27].
     */
    OrderPool(final int initialCapacity)
    {
        this(initialCapacity, MAX_CAPACITY);
    }

    /**
     * @param initialCapacity slots before the first growth, in [1, maxCapacity].
     * @param maxCapacity     most slots, in [1, 2^27]: growth doubles up to it.
     */
    OrderPool(final int initialCapacity, final int maxCapacity)
    {
        if (maxCapacity < 1 || maxCapacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("maxCapacity=" + maxCapacity + " must be in [1, " + MAX_CAPACITY + "]");
        }
        if (initialCapacity < 1 || initialCapacity > maxCapacity)
        {
            throw new IllegalArgumentException(
                "initialOrderCapacity=" + initialCapacity + " must be in [1, " + maxCapacity + "]");
        }
        this.maxCapacity = maxCapacity;
        capacity = initialCapacity;
        data = new long[initialCapacity << SHIFT];
        chainFree(0, initialCapacity);
    }

    /**
     * Take a free slot, growing the pool when none is left. The slot's fields hold stale values until set.
     *
     * @return the slot, or {@link #NULL_SLOT} if every slot is in use and the pool is at its largest.
     */
    int allocate()
    {
        if (NULL_SLOT == freeHead && !growSlowPath())
        {
            return NULL_SLOT;
        }
        final int slot = freeHead;
        freeHead = next(slot);
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
        next(slot, freeHead);
        freeHead = slot;
        size--;
    }

    /**
     * Fill the fields of a freshly allocated slot.
     *
     * @param slot       the slot.
     * @param instrument instrument id.
     * @param id         order id.
     * @param orderSide  {@link MarketEvents#BUY} or {@link MarketEvents#SELL}.
     * @param qty        remaining quantity.
     * @param handle     expiry timer handle, or {@link io.concurrengine.core.wheel.EventWheel#NULL_HANDLE}.
     * @param expiry     when the expiry timer is due, or {@link #NO_EXPIRY}.
     */
    void set(
        final int slot,
        final long instrument,
        final long id,
        final int orderSide,
        final long qty,
        final long handle,
        final long expiry)
    {
        final int base = slot << SHIFT;
        data[base + ORDER_ID] = id;
        data[base + INSTRUMENT] = instrument;
        data[base + QUANTITY] = qty;
        data[base + HANDLE] = handle;
        data[base + LEVEL_SIDE] = (long)orderSide << 32;
        data[base + EXPIRY] = expiry;
    }

    int size()
    {
        return size;
    }

    int capacity()
    {
        return capacity;
    }

    long orderId(final int slot)
    {
        return data[(slot << SHIFT) + ORDER_ID];
    }

    long instrument(final int slot)
    {
        return data[(slot << SHIFT) + INSTRUMENT];
    }

    int side(final int slot)
    {
        return (int)(data[(slot << SHIFT) + LEVEL_SIDE] >>> 32);
    }

    long quantity(final int slot)
    {
        return data[(slot << SHIFT) + QUANTITY];
    }

    void quantity(final int slot, final long qty)
    {
        data[(slot << SHIFT) + QUANTITY] = qty;
    }

    /**
     * @param slot a slot in use.
     * @return when its order expires, or {@link #NO_EXPIRY}.
     */
    long expiry(final int slot)
    {
        return data[(slot << SHIFT) + EXPIRY];
    }

    long expiryHandle(final int slot)
    {
        return data[(slot << SHIFT) + HANDLE];
    }

    void expiryHandle(final int slot, final long handle)
    {
        data[(slot << SHIFT) + HANDLE] = handle;
    }

    int level(final int slot)
    {
        return (int)data[(slot << SHIFT) + LEVEL_SIDE];
    }

    void level(final int slot, final int levelIndex)
    {
        final int index = (slot << SHIFT) + LEVEL_SIDE;
        data[index] = (data[index] & ~LOW) | (levelIndex & LOW);
    }

    int next(final int slot)
    {
        return (int)data[(slot << SHIFT) + LINKS];
    }

    void next(final int slot, final int nextSlot)
    {
        final int index = (slot << SHIFT) + LINKS;
        data[index] = (data[index] & ~LOW) | (nextSlot & LOW);
    }

    int prev(final int slot)
    {
        return (int)(data[(slot << SHIFT) + LINKS] >>> 32);
    }

    void prev(final int slot, final int prevSlot)
    {
        final int index = (slot << SHIFT) + LINKS;
        data[index] = (data[index] & LOW) | ((long)prevSlot << 32);
    }

    /**
     * Double the slots, or grow to {@code maxCapacity} when doubling would pass it (from an initial capacity that is
     * not a power of two).
     *
     * @return false if the pool is already at {@code maxCapacity}.
     */
    private boolean growSlowPath()
    {
        final int oldCapacity = capacity;
        if (oldCapacity >= maxCapacity)
        {
            return false;
        }
        capacity = grownCapacity(oldCapacity, maxCapacity);
        data = Arrays.copyOf(data, capacity << SHIFT);
        chainFree(oldCapacity, capacity);
        return true;
    }

    /**
     * @param capacity    the current capacity, below {@code maxCapacity}.
     * @param maxCapacity the largest capacity.
     * @return twice {@code capacity}, but no more than {@code maxCapacity}.
     */
    static int grownCapacity(final int capacity, final int maxCapacity)
    {
        return (int)Math.min((long)capacity << 1, maxCapacity);
    }

    private void chainFree(final int from, final int to)
    {
        for (int slot = from; slot < to - 1; slot++)
        {
            next(slot, slot + 1);
        }
        next(to - 1, NULL_SLOT);
        freeHead = from;
    }
}
