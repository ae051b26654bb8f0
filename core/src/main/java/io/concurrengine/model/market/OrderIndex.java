package io.concurrengine.model.market;

import org.agrona.collections.Hashing;

import java.util.Arrays;

/**
 * The resting orders of one shard by their key, the pair (instrument id, order id): an open-addressing hash table of
 * {@link OrderPool} slots. Agrona has no map keyed by two longs, and a map keyed by a 64-bit hash of the pair could
 * confuse two pairs; this one keeps no key at all and compares the real pair, read from the slot's own fields
 * ({@link OrderPool#instrument(int)}, {@link OrderPool#orderId(int)}), so two different pairs are never confused,
 * whatever their values.
 * <p>
 * <b>Layout.</b> One {@code long[]} of entries, a power of two long, each {@code hash << 32 | slot} or {@link #EMPTY}
 * (a slot is never -1). The 32-bit hash of the pair ({@link #hash(long, long)}, Agrona's {@link Hashing#hash(long)}
 * finaliser over {@code orderId * golden + instrument}) picks the home entry, probing is linear, and the stored hash
 * lets a probe pass an entry of another pair without reading its slot: a lookup reads the pool only for an entry
 * whose hash matches, almost always the order it is looking for. Growth and removal move entries by their stored
 * hash and never read the pool. At most half full: the table doubles past that (one allocation and a rehash,
 * O(capacity)); otherwise allocation-free.
 * <p>
 * <b>Removal</b> is by slot, with backward shift (no tombstones): the entries after the freed one in its probe run
 * move back when their home entry allows it, so every run stays unbroken and lookups need no tombstone checks.
 * <p>
 * <b>Complexity.</b> {@link #get}, {@link #put} and {@link #remove} are O(1) expected for keys that are not chosen to
 * collide: the synthetic flow, and feeds whose ids are counters or exchange-assigned. The hash is not keyed, though,
 * and its first step is linear: every pair with the same {@code orderId * golden + instrument} (mod 2<sup>64</sup>)
 * has the same hash, such as {@code (i, o)} and {@code (i + golden, o - 1)}. A feed file crafted with many such pairs
 * resting at once puts them in one probe run, and each operation on them costs O(run length): slow, never wrong,
 * since every candidate's real pair is compared. An upstream feed that is not trusted should be checked for
 * instrument ids in its own range before it reaches the engine.
 * <p>
 * The index holds slots whose instrument and order id are set and must not change while indexed. No two indexed
 * slots may hold the same pair: the caller checks with {@link #get(long, long)} before {@link #put(int)}. The
 * iteration order of the table is never observed. Not threadsafe.
 */
final class OrderIndex
{
    /** An empty entry: its low 32 bits are {@link OrderPool#NULL_SLOT}. */
    static final long EMPTY = -1L;

    private static final int NULL_SLOT = OrderPool.NULL_SLOT;
    private static final int MIN_CAPACITY = 8;
    private static final int MAX_CAPACITY = 1 << 30;
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final long LOW = 0xFFFF_FFFFL;

    private final OrderPool pool;
    private long[] entries;
    private int mask;
    private int size;

    /**
     * @param expectedOrders orders the index holds before its first growth, positive.
     * @param pool           the slots it indexes.
     */
    OrderIndex(final int expectedOrders, final OrderPool pool)
    {
        if (expectedOrders < 1 || expectedOrders > MAX_CAPACITY >> 1)
        {
            throw new IllegalArgumentException(
                "expectedOrders=" + expectedOrders + " must be in [1, " + (MAX_CAPACITY >> 1) + "]");
        }
        this.pool = pool;
        final int capacity = Math.max(MIN_CAPACITY, Integer.highestOneBit((expectedOrders << 1) - 1) << 1);
        allocate(capacity);
    }

    /**
     * The 32-bit hash of a key. Its low bits pick the home entry.
     *
     * @param instrument instrument id.
     * @param orderId    order id.
     * @return the hash.
     */
    static int hash(final long instrument, final long orderId)
    {
        return Hashing.hash(orderId * GOLDEN + instrument);
    }

    /**
     * @param instrument instrument id.
     * @param orderId    order id.
     * @return the slot of the order with that key, or {@link OrderPool#NULL_SLOT}.
     */
    int get(final long instrument, final long orderId)
    {
        final OrderPool pool = this.pool;
        final long[] entries = this.entries;
        final int mask = this.mask;
        final int hash = hash(instrument, orderId);
        int index = hash & mask;
        long entry;
        while (EMPTY != (entry = entries[index]))
        {
            final int slot = (int)entry;
            if ((int)(entry >>> 32) == hash && pool.orderId(slot) == orderId && pool.instrument(slot) == instrument)
            {
                return slot;
            }
            index = (index + 1) & mask;
        }
        return NULL_SLOT;
    }

    /**
     * Index a slot under the key its fields hold. No indexed slot holds the same key.
     *
     * @param slot a slot in use, its instrument and order id set.
     */
    void put(final int slot)
    {
        final int hash = hash(pool.instrument(slot), pool.orderId(slot));
        final long[] entries = this.entries;
        final int mask = this.mask;
        int index = hash & mask;
        while (EMPTY != entries[index])
        {
            index = (index + 1) & mask;
        }
        entries[index] = ((long)hash << 32) | (slot & LOW);
        if (++size > (mask + 1) >> 1)
        {
            growSlowPath();
        }
    }

    /**
     * Drop an indexed slot, before its fields change.
     *
     * @param slot a slot held by the index.
     * @throws IllegalStateException if the index does not hold it.
     */
    void remove(final int slot)
    {
        final long[] entries = this.entries;
        final int mask = this.mask;
        int index = hash(pool.instrument(slot), pool.orderId(slot)) & mask;
        long entry;
        while ((int)(entry = entries[index]) != slot)
        {
            if (EMPTY == entry)
            {
                throw new IllegalStateException("slot " + slot + " is not indexed");
            }
            index = (index + 1) & mask;
        }
        // Backward shift: move each later entry of the run into the hole unless its home lies cyclically after the
        // hole (then it must stay, or a probe from its home would stop at the hole before reaching it).
        int hole = index;
        int next = index;
        while (EMPTY != (entry = entries[next = (next + 1) & mask]))
        {
            final int home = (int)(entry >>> 32) & mask;
            if (((next - home) & mask) >= ((next - hole) & mask))
            {
                entries[hole] = entry;
                hole = next;
            }
        }
        entries[hole] = EMPTY;
        size--;
    }

    /**
     * @return slots indexed.
     */
    int size()
    {
        return size;
    }

    /**
     * @return entries in the table, a power of two.
     */
    int capacity()
    {
        return mask + 1;
    }

    private void allocate(final int capacity)
    {
        entries = new long[capacity];
        Arrays.fill(entries, EMPTY);
        mask = capacity - 1;
    }

    private void growSlowPath()
    {
        final long[] old = entries;
        if (old.length >= MAX_CAPACITY)
        {
            throw new IllegalStateException("order index full: capacity=" + old.length);
        }
        allocate(old.length << 1);
        final long[] entries = this.entries;
        final int mask = this.mask;
        for (final long entry : old)
        {
            if (EMPTY != entry)
            {
                int index = (int)(entry >>> 32) & mask;
                while (EMPTY != entries[index])
                {
                    index = (index + 1) & mask;
                }
                entries[index] = entry;
            }
        }
    }
}
