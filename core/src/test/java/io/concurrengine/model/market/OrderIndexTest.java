package io.concurrengine.model.market;

import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OrderIndexTest
{
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private static final int NULL_SLOT = OrderPool.NULL_SLOT;

    private record Key(long instrument, long orderId)
    {
    }

    private final OrderPool pool = new OrderPool(1);
    private final OrderIndex index = new OrderIndex(1, pool);
    private final Map<Key, Integer> expected = new HashMap<>();

    private int put(final long instrument, final long orderId)
    {
        final int slot = pool.allocate();
        pool.set(slot, instrument, orderId, MarketEvents.BUY, 1, EventWheel.NULL_HANDLE, OrderPool.NO_EXPIRY);
        index.put(slot);
        expected.put(new Key(instrument, orderId), slot);
        return slot;
    }

    private void remove(final Key key)
    {
        final int slot = expected.remove(key);
        index.remove(slot);
        pool.free(slot);
    }

    private void assertMatches(final List<Key> domain)
    {
        assertEquals(expected.size(), index.size());
        for (final Key key : domain)
        {
            assertEquals(expected.getOrDefault(key, NULL_SLOT), index.get(key.instrument, key.orderId), key::toString);
        }
    }

    @Test
    void shouldFindNothingInAnEmptyIndex()
    {
        assertEquals(NULL_SLOT, index.get(0, 0));
        assertEquals(NULL_SLOT, index.get(-1, -1));
        assertEquals(8, index.capacity());
    }

    @Test
    void shouldKeyBySlotFieldsAndTellApartPairsThatShareAnId()
    {
        final int a = put(7, 1);
        final int b = put(8, 1);
        final int c = put(7, 2);

        assertEquals(a, index.get(7, 1));
        assertEquals(b, index.get(8, 1));
        assertEquals(c, index.get(7, 2));
        assertEquals(NULL_SLOT, index.get(8, 2));
        assertEquals(NULL_SLOT, index.get(1, 7));
    }

    @Test
    void shouldGrowPastHalfFullAndKeepEveryEntry()
    {
        final List<Key> domain = new ArrayList<>();
        for (int i = 0; i < 1000; i++)
        {
            put(i % 3, i / 3);
            domain.add(new Key(i % 3, i / 3));
            assertTrue(index.size() * 2 <= index.capacity());
        }
        assertEquals(2048, index.capacity());
        domain.add(new Key(3, 0));
        domain.add(new Key(0, 1000));
        assertMatches(domain);
    }

    /**
     * {@code (i + k * golden, id - k)} is the same word to the finaliser for every k: one full-hash collision family,
     * where only the comparison with the slot's fields tells the keys apart. Removing from the middle of such a run
     * must shift the rest back so that every later key stays reachable.
     */
    @Test
    void shouldTellApartKeysWithTheSameHashAndRemoveFromTheMiddleOfTheirRun()
    {
        final List<Key> family = new ArrayList<>();
        for (int k = 0; k < 40; k++)
        {
            family.add(new Key(5 + k * GOLDEN, 100 - k));
        }
        final int hash = OrderIndex.hash(5, 100);
        for (final Key key : family)
        {
            assertEquals(hash, OrderIndex.hash(key.instrument, key.orderId));
            put(key.instrument, key.orderId);
        }
        assertMatches(family);

        for (int k = 1; k < family.size(); k += 2)
        {
            remove(family.get(k));
            assertMatches(family);
        }
        for (int k = 0; k < family.size(); k += 2)
        {
            remove(family.get(k));
            assertMatches(family);
        }
        assertEquals(0, index.size());
    }

    @Test
    void shouldThrowWhenRemovingASlotItDoesNotHold()
    {
        put(1, 1);
        final int other = pool.allocate();
        pool.set(other, 2, 2, MarketEvents.BUY, 1, EventWheel.NULL_HANDLE, OrderPool.NO_EXPIRY);

        assertThrows(IllegalStateException.class, () -> index.remove(other));
    }

    @Test
    void shouldRefuseABadExpectedSize()
    {
        assertThrows(IllegalArgumentException.class, () -> new OrderIndex(0, pool));
        assertThrows(IllegalArgumentException.class, () -> new OrderIndex((1 << 29) + 1, pool));
    }

    /**
     * Random puts and removes against a {@link HashMap}, over keys that crowd a few home entries: full-hash
     * collision families, ids shared by instruments, extreme values, and keys whose home is the last entries of the
     * table so that runs wrap around its end.
     */
    @Test
    void shouldAgreeWithAHashMapUnderRandomPutsAndRemovesOfCollidingKeys()
    {
        final List<Key> domain = new ArrayList<>();
        for (int k = 0; k < 12; k++)
        {
            domain.add(new Key(-3 + k * GOLDEN, Long.MIN_VALUE - k));
            domain.add(new Key(k, 1));
        }
        domain.add(new Key(Long.MIN_VALUE, Long.MAX_VALUE));
        domain.add(new Key(Long.MAX_VALUE, Long.MIN_VALUE));
        for (long id = 0, found = 0; found < 24; id++)
        {
            if ((OrderIndex.hash(9, id) & 63) >= 62)
            {
                domain.add(new Key(9, id));
                found++;
            }
        }

        final SplittableRandom random = new SplittableRandom(42);
        for (int step = 0; step < 20_000; step++)
        {
            final Key key = domain.get(random.nextInt(domain.size()));
            if (expected.containsKey(key))
            {
                remove(key);
            }
            else if (random.nextInt(3) > 0 || expected.size() < 4)
            {
                put(key.instrument, key.orderId);
            }
            assertMatches(domain);
        }
        while (!expected.isEmpty())
        {
            remove(expected.keySet().iterator().next());
            assertMatches(domain);
        }
        assertEquals(0, pool.size());
    }

    /**
     * The order capacity a model is configured with is what its index holds before its first growth: at most half
     * full, and no growth (no allocation) up to it.
     */
    @Test
    void shouldHoldTheOrdersItExpectsWithoutGrowing()
    {
        for (final int expectedOrders : new int[]{1, 3, 4, 5, 100, 1000})
        {
            final OrderPool slots = new OrderPool(expectedOrders);
            final OrderIndex sized = new OrderIndex(expectedOrders, slots);
            final int capacity = sized.capacity();
            for (int i = 0; i < expectedOrders; i++)
            {
                final int slot = slots.allocate();
                slots.set(slot, 1, i, MarketEvents.BUY, 1, EventWheel.NULL_HANDLE, OrderPool.NO_EXPIRY);
                sized.put(slot);
            }
            assertEquals(capacity, sized.capacity(), "expectedOrders=" + expectedOrders);
            assertTrue(2 * expectedOrders <= capacity, "expectedOrders=" + expectedOrders);
        }
    }
}
