package io.concurrengine.bench.alternatives;

import java.util.Arrays;

/**
 * The seed's timing wheel, literally: 32768 slots of 32 units, a 512-word bitmap of non-empty slots, each slot a
 * singly linked list kept sorted by {@code (time, seq)} at push (tail append when the event sorts last, otherwise
 * a walk from the head), an overflow list for events beyond the span, and a rotation that advances the base by
 * one span and re-inserts what has come into range. Records live in an on-heap arena, eight longs each plus an
 * {@code int} link, with a free list, so the steady state allocates nothing.
 * <p>
 * Rejected: a push into a slot holding k events is O(k). Kept as the baseline the hold benchmark measures.
 * <p>
 * Not threadsafe.
 */
public final class SortedSlotWheel
{
    private static final int SLOT_SHIFT = 5;
    private static final int SLOT_COUNT = 32_768;
    private static final long SPAN = (long)SLOT_COUNT << SLOT_SHIFT;
    private static final int NULL = -1;

    private static final int STRIDE = 8;
    private static final int TIME = 0;
    private static final int SEQ = 1;
    private static final int TYPE = 2;
    private static final int TARGET = 3;
    private static final int A0 = 4;

    private final int[] slotHead = new int[SLOT_COUNT];
    private final int[] slotTail = new int[SLOT_COUNT];
    private final long[] bitmap = new long[SLOT_COUNT >> 6];
    private long[] records;
    private int[] next;
    private int freeHead = NULL;
    private int capacity;

    private long base;
    private int cursor;
    private long nextSeq;
    private int size;
    private int overflowHead = NULL;

    private long time;
    private long seq;
    private int type;
    private long target;
    private long a0;
    private long a1;
    private long a2;
    private long a3;

    /**
     * @param initialCapacity records before the arena first grows.
     */
    public SortedSlotWheel(final int initialCapacity)
    {
        Arrays.fill(slotHead, NULL);
        Arrays.fill(slotTail, NULL);
        records = new long[0];
        next = new int[0];
        grow(Math.max(1, initialCapacity));
    }

    /**
     * Schedule an event; {@code time} must not be before the last event taken.
     */
    public void push(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        if (NULL == freeHead)
        {
            grow(capacity << 1);
        }
        final int index = freeHead;
        final long[] records = this.records;
        final int at = index * STRIDE;
        freeHead = next[index];
        records[at + TIME] = time;
        records[at + SEQ] = nextSeq++;
        records[at + TYPE] = type;
        records[at + TARGET] = target;
        records[at + A0] = a0;
        records[at + A0 + 1] = a1;
        records[at + A0 + 2] = a2;
        records[at + A0 + 3] = a3;
        size++;
        insert(index, time);
    }

    /**
     * Take the earliest event into this wheel's current-event fields.
     *
     * @return false if the wheel is empty.
     */
    public boolean pop()
    {
        int slot = nextSetBit(cursor);
        while (NULL == slot)
        {
            if (NULL == overflowHead)
            {
                return false;
            }
            rotate();
            slot = nextSetBit(cursor);
        }
        cursor = slot;
        final long[] records = this.records;
        final int index = slotHead[slot];
        final int at = index * STRIDE;
        final int[] next = this.next;
        final int following = next[index];
        slotHead[slot] = following;
        if (NULL == following)
        {
            slotTail[slot] = NULL;
            bitmap[slot >> 6] &= ~(1L << slot);
        }
        time = records[at + TIME];
        seq = records[at + SEQ];
        type = (int)records[at + TYPE];
        target = records[at + TARGET];
        a0 = records[at + A0];
        a1 = records[at + A0 + 1];
        a2 = records[at + A0 + 2];
        a3 = records[at + A0 + 3];
        next[index] = freeHead;
        freeHead = index;
        size--;
        return true;
    }

    public long time()
    {
        return time;
    }

    public long seq()
    {
        return seq;
    }

    public int type()
    {
        return type;
    }

    public long target()
    {
        return target;
    }

    public long a0()
    {
        return a0;
    }

    public long a1()
    {
        return a1;
    }

    public long a2()
    {
        return a2;
    }

    public long a3()
    {
        return a3;
    }

    public int size()
    {
        return size;
    }

    private void insert(final int index, final long time)
    {
        final long rel = time - base;
        if (rel >= SPAN)
        {
            next[index] = overflowHead;
            overflowHead = index;
            return;
        }
        final int slot = (int)(rel >>> SLOT_SHIFT);
        if (slot < cursor)
        {
            cursor = slot;
        }
        final long[] records = this.records;
        final int[] next = this.next;
        final int tail = slotTail[slot];
        if (NULL == tail)
        {
            next[index] = NULL;
            slotHead[slot] = index;
            slotTail[slot] = index;
            bitmap[slot >> 6] |= 1L << slot;
        }
        else if (!before(records, index, tail))
        {
            next[index] = NULL;
            next[tail] = index;
            slotTail[slot] = index;
        }
        else
        {
            int prev = NULL;
            int node = slotHead[slot];
            while (!before(records, index, node))
            {
                prev = node;
                node = next[node];
            }
            next[index] = node;
            if (NULL == prev)
            {
                slotHead[slot] = index;
            }
            else
            {
                next[prev] = index;
            }
        }
    }

    private static boolean before(final long[] records, final int a, final int b)
    {
        final long timeA = records[a * STRIDE + TIME];
        final long timeB = records[b * STRIDE + TIME];
        return timeA < timeB || (timeA == timeB && records[a * STRIDE + SEQ] < records[b * STRIDE + SEQ]);
    }

    private void rotate()
    {
        base += SPAN;
        cursor = 0;
        int node = overflowHead;
        overflowHead = NULL;
        while (NULL != node)
        {
            final int following = next[node];
            insert(node, records[node * STRIDE + TIME]);
            node = following;
        }
    }

    private int nextSetBit(final int from)
    {
        final long[] bitmap = this.bitmap;
        int word = from >> 6;
        long bits = bitmap[word] & (-1L << from);
        while (0 == bits)
        {
            if (++word == bitmap.length)
            {
                return NULL;
            }
            bits = bitmap[word];
        }
        return (word << 6) + Long.numberOfTrailingZeros(bits);
    }

    private void grow(final int newCapacity)
    {
        records = Arrays.copyOf(records, newCapacity * STRIDE);
        next = Arrays.copyOf(next, newCapacity);
        for (int i = newCapacity - 1; i >= capacity; i--)
        {
            next[i] = freeHead;
            freeHead = i;
        }
        capacity = newCapacity;
    }
}
