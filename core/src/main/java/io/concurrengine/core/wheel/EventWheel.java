package io.concurrengine.core.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.concurrengine.core.event.EventDescriptor.A0_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A1_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A2_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.A3_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NEXT_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NULL_INDEX;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static io.concurrengine.core.event.EventDescriptor.SEQ_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TARGET_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TIME_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TYPE_CANCELLED;
import static io.concurrengine.core.event.EventDescriptor.TYPE_OFFSET;

/**
 * Timing wheel that holds pending events off-heap and yields them in ascending {@code (time, seq)} order.
 * <p>
 * <b>Shape.</b> {@code slotCount} slots of {@code 1 << slotShift} time units each cover the span
 * {@code [base, base + slotCount << slotShift)}; a {@code long[slotCount / 64]} bitmap marks non-empty slots and
 * is scanned with {@link Long#numberOfTrailingZeros(long)}. Events due at or beyond the end of the span wait in an
 * overflow list. When every slot is empty and the earliest overflow event is wanted, the wheel rotates: its base
 * jumps to the slot holding that event and every overflow event now inside the span moves into its slot (the seed's
 * one-span-at-a-time rotation, without stepping through empty spans). Every event keeps the {@code seq} it was
 * given at push, so rotation never reorders ties.
 * <p>
 * <b>Dense slots.</b> Slots hold their events unsorted, appended in push order: O(1). When the scan reaches a slot
 * it is expanded once into up to 1024 fine buckets by exact time (by time range when a slot is wider than 1024
 * units), each kept in {@code (time, seq)} order; later pushes into that slot go straight into their fine bucket,
 * which in push order is an append. So push and pop stay O(1) amortised however many events share a slot, where a
 * sorted insert on every push would cost O(k). Only with slots wider than 1024 units can a fine bucket need a walk.
 * <p>
 * <b>Clock.</b> {@link #now()} is the time of the last event taken, or the time given to {@link #advanceTo(long)}.
 * An event pushed for a time before now is clamped to now and counted in {@link #clampedCount()}.
 * <p>
 * <b>Cancel.</b> {@link #push} returns a handle naming the record and its generation. {@link #cancel(long)} marks
 * the record in O(1); the record is reclaimed when the scan next meets it. A handle whose event was already taken or
 * cancelled is refused, never applied to whichever event reuses the record.
 * <p>
 * <b>Memory.</b> Records live in an off-heap arena with a free list that doubles when full. Once the arena has
 * grown to the largest number of pending events, push, pop and cancel allocate nothing.
 * <p>
 * Not threadsafe: one wheel belongs to one thread.
 */
public final class EventWheel implements AutoCloseable
{
    /** Default number of slots, as in the seed. */
    public static final int DEFAULT_SLOT_COUNT = 32_768;

    /** Default slot width as a shift: {@code 1 << 5 = 32} time units per slot. */
    public static final int DEFAULT_SLOT_SHIFT = 5;

    /** Default initial arena capacity in records. */
    public static final int DEFAULT_INITIAL_CAPACITY = 1024;

    /** Returned by {@link #push} never: a value a caller may use for "no handle". */
    public static final long NULL_HANDLE = -1L;

    private static final int MAX_FINE_SHIFT = 10;
    private static final int MAX_SLOT_COUNT = 1 << 24;

    private final int slotShift;
    private final int slotCount;
    private final long span;
    private final int[] slotHead;
    private final int[] slotTail;
    private final long[] slotBitmap;

    private final int fineShift;
    private final int[] fineHead;
    private final int[] fineTail;
    private final long[] fineBitmap;

    private final NodeArena arena;

    private long base;
    private long now;
    private long nextSeq;
    private int size;
    private long clampedCount;
    private long rotationCount;

    private int cursor;
    private int expandedSlot = NULL_INDEX;
    private long expandedStart;
    private int currentFine = NULL_INDEX;

    private int overflowHead = NULL_INDEX;
    private int overflowTail = NULL_INDEX;
    private int overflowCount;
    private long overflowMin = Long.MAX_VALUE;

    /**
     * A wheel with the seed's defaults: 32768 slots of 32 units, starting at time 0.
     */
    public EventWheel()
    {
        this(DEFAULT_SLOT_COUNT, DEFAULT_SLOT_SHIFT, DEFAULT_INITIAL_CAPACITY, 0L);
    }

    /**
     * @param slotCount       number of slots: a power of two in [64, 2^24].
     * @param slotShift       log2 of the slot width in time units, in [0, 32].
     * @param initialCapacity records the arena holds before it first grows.
     * @param startTime       initial value of the clock.
     * @throws IllegalArgumentException if a value is out of range.
     */
    public EventWheel(final int slotCount, final int slotShift, final int initialCapacity, final long startTime)
    {
        if (slotCount < 64 || slotCount > MAX_SLOT_COUNT || Integer.bitCount(slotCount) != 1)
        {
            throw new IllegalArgumentException(
                "slotCount=" + slotCount + " must be a power of two in [64, " + MAX_SLOT_COUNT + "]");
        }
        if (slotShift < 0 || slotShift > 32)
        {
            throw new IllegalArgumentException("slotShift=" + slotShift + " must be in [0, 32]");
        }
        this.slotShift = slotShift;
        this.slotCount = slotCount;
        this.span = (long)slotCount << slotShift;
        this.slotHead = new int[slotCount];
        this.slotTail = new int[slotCount];
        this.slotBitmap = new long[slotCount >> 6];
        Arrays.fill(slotHead, NULL_INDEX);
        Arrays.fill(slotTail, NULL_INDEX);

        this.fineShift = Math.max(0, slotShift - MAX_FINE_SHIFT);
        final int fineCount = 1 << (slotShift - fineShift);
        this.fineHead = new int[fineCount];
        this.fineTail = new int[fineCount];
        this.fineBitmap = new long[Math.max(1, fineCount >> 6)];
        Arrays.fill(fineHead, NULL_INDEX);
        Arrays.fill(fineTail, NULL_INDEX);

        this.arena = new NodeArena(initialCapacity);
        this.now = startTime;
        this.base = alignDown(startTime);
    }

    /**
     * Schedule an event. Zero allocation unless the arena must grow.
     *
     * @param time   when it is due; a time before {@link #now()} is clamped to now and counted.
     * @param type   selects the handler method; must be non-negative.
     * @param target the actor, instrument or entity key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @return a handle for {@link #cancel(long)}.
     * @throws IllegalArgumentException if {@code type} is negative.
     */
    public long push(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        if (type < 0)
        {
            throw new IllegalArgumentException("type=" + type + " must be non-negative");
        }
        long t = time;
        if (t < now)
        {
            t = now;
            clampedCount++;
        }

        final int index = arena.allocate();
        final UnsafeBuffer buffer = arena.buffer();
        final int offset = index << RECORD_SHIFT;
        buffer.putLong(offset + TIME_OFFSET, t);
        buffer.putLong(offset + SEQ_OFFSET, nextSeq++);
        buffer.putInt(offset + NEXT_OFFSET, NULL_INDEX);
        buffer.putInt(offset + TYPE_OFFSET, type);
        buffer.putLong(offset + TARGET_OFFSET, target);
        buffer.putLong(offset + A0_OFFSET, a0);
        buffer.putLong(offset + A1_OFFSET, a1);
        buffer.putLong(offset + A2_OFFSET, a2);
        buffer.putLong(offset + A3_OFFSET, a3);
        size++;

        insert(buffer, index, t);

        return ((long)arena.generation(index) << 32) | index;
    }

    /**
     * Cancel a pending event in O(1).
     *
     * @param handle returned by {@link #push}.
     * @return true if the event was pending and is now cancelled; false if the handle is stale (the event was
     * already taken or cancelled) or never named an event of this wheel.
     */
    public boolean cancel(final long handle)
    {
        final int index = (int)handle;
        final int generation = (int)(handle >>> 32);
        if (index < 0 || index >= arena.capacity() || arena.generation(index) != generation)
        {
            return false;
        }
        final UnsafeBuffer buffer = arena.buffer();
        final int offset = index << RECORD_SHIFT;
        if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
        {
            return false;
        }
        buffer.putInt(offset + TYPE_OFFSET, TYPE_CANCELLED);
        arena.bumpGeneration(index);
        size--;
        return true;
    }

    /**
     * Take the earliest pending event if it is due at or before {@code limit}, advance the clock to its time and copy
     * it into {@code into}. Zero allocation; O(1) amortised.
     *
     * @param limit latest due time to take, inclusive.
     * @param into  filled with the event when one is taken.
     * @return true if an event was taken.
     */
    public boolean poll(final long limit, final Event into)
    {
        final int index = nextIndex(limit);
        if (NULL_INDEX == index)
        {
            return false;
        }
        final int fine = currentFine;
        final UnsafeBuffer buffer = arena.buffer();
        final int offset = index << RECORD_SHIFT;
        final int next = buffer.getInt(offset + NEXT_OFFSET);
        fineHead[fine] = next;
        if (NULL_INDEX == next)
        {
            fineTail[fine] = NULL_INDEX;
            fineBitmap[fine >> 6] &= ~(1L << fine);
        }
        final long time = buffer.getLong(offset + TIME_OFFSET);
        into.set(
            time,
            buffer.getLong(offset + SEQ_OFFSET),
            buffer.getInt(offset + TYPE_OFFSET),
            buffer.getLong(offset + TARGET_OFFSET),
            buffer.getLong(offset + A0_OFFSET),
            buffer.getLong(offset + A1_OFFSET),
            buffer.getLong(offset + A2_OFFSET),
            buffer.getLong(offset + A3_OFFSET));
        arena.free(index);
        size--;
        now = time;
        return true;
    }

    /**
     * Time of the earliest pending event if it is due at or before {@code limit}, without taking it.
     *
     * @param limit latest due time of interest, inclusive.
     * @return its time, or {@link Long#MAX_VALUE} if no event is due by {@code limit}.
     */
    public long peekTime(final long limit)
    {
        final int index = nextIndex(limit);
        return NULL_INDEX == index ? Long.MAX_VALUE : arena.buffer().getLong((index << RECORD_SHIFT) + TIME_OFFSET);
    }

    /**
     * Move the clock forward to {@code time} without taking an event: the live engine's horizon advance.
     *
     * @param time new clock value; ignored if not after {@link #now()}.
     * @throws IllegalStateException if an event due before {@code time} is still pending.
     */
    public void advanceTo(final long time)
    {
        if (time > now)
        {
            final int index = nextIndex(time - 1);
            if (NULL_INDEX != index)
            {
                throw new IllegalStateException("advanceTo time=" + time + " but an event due at time=" +
                    arena.buffer().getLong((index << RECORD_SHIFT) + TIME_OFFSET) + " is pending");
            }
            now = time;
        }
    }

    /**
     * Return to the state of a new wheel starting at {@code startTime}, keeping the arena and its capacity: pending
     * events are dropped and their handles become stale, {@code seq} numbering and the counters restart.
     * O(pending + slotCount / 64); allocates nothing.
     *
     * @param startTime new value of the clock.
     */
    public void reset(final long startTime)
    {
        final UnsafeBuffer buffer = arena.buffer();
        if (NULL_INDEX != expandedSlot)
        {
            collapseSlowPath(buffer);
        }
        for (int slot = nextSetBit(slotBitmap, 0); NULL_INDEX != slot; slot = nextSetBit(slotBitmap, slot + 1))
        {
            freeList(buffer, slotHead[slot]);
            slotHead[slot] = NULL_INDEX;
            slotTail[slot] = NULL_INDEX;
            slotBitmap[slot >> 6] &= ~(1L << slot);
        }
        freeList(buffer, overflowHead);
        overflowHead = NULL_INDEX;
        overflowTail = NULL_INDEX;
        overflowCount = 0;
        overflowMin = Long.MAX_VALUE;
        size = 0;
        nextSeq = 0;
        clampedCount = 0;
        rotationCount = 0;
        cursor = 0;
        now = startTime;
        base = alignDown(startTime);
    }

    /**
     * @return the clock: time of the last event taken or of the last {@link #advanceTo(long)}.
     */
    public long now()
    {
        return now;
    }

    /**
     * @return pending events, cancelled ones excluded.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return true if no event is pending.
     */
    public boolean isEmpty()
    {
        return 0 == size;
    }

    /**
     * @return events pushed for a time before the clock and clamped to it, since creation.
     */
    public long clampedCount()
    {
        return clampedCount;
    }

    /**
     * @return records in the overflow list, including cancelled ones not yet reclaimed.
     */
    public int overflowCount()
    {
        return overflowCount;
    }

    /**
     * @return rotations of the wheel base since creation.
     */
    public long rotationCount()
    {
        return rotationCount;
    }

    /**
     * @return the {@code seq} the next push will receive: pushes since creation.
     */
    public long nextSeq()
    {
        return nextSeq;
    }

    /**
     * @return records the arena holds before it next grows.
     */
    public int capacity()
    {
        return arena.capacity();
    }

    /**
     * @return number of slots.
     */
    public int slotCount()
    {
        return slotCount;
    }

    /**
     * @return log2 of the slot width in time units.
     */
    public int slotShift()
    {
        return slotShift;
    }

    /**
     * Release the off-heap arena. The wheel must not be used afterwards.
     */
    @Override
    public void close()
    {
        arena.close();
    }

    private long alignDown(final long time)
    {
        return time & -(1L << slotShift);
    }

    private void insert(final UnsafeBuffer buffer, final int index, final long time)
    {
        long rel = time - base;
        if (rel >= span || rel < 0)
        {
            if (1 == arena.used())
            {
                rebaseEmpty();
                rel = time - base;
            }
            else if (rel < 0)
            {
                rebaseBackwardSlowPath(buffer, time);
                rel = time - base;
            }
            if (rel >= span)
            {
                appendOverflow(buffer, index, time);
                return;
            }
        }

        final int slot = (int)(rel >>> slotShift);
        if (slot == expandedSlot)
        {
            insertFine(arena.buffer(), index, time);
            return;
        }
        if (slot < expandedSlot)
        {
            collapseSlowPath(buffer);
        }
        if (slot < cursor)
        {
            cursor = slot;
        }
        appendSlot(buffer, slot, index);
    }

    private void appendSlot(final UnsafeBuffer buffer, final int slot, final int index)
    {
        buffer.putInt((index << RECORD_SHIFT) + NEXT_OFFSET, NULL_INDEX);
        final int tail = slotTail[slot];
        if (NULL_INDEX == tail)
        {
            slotHead[slot] = index;
            slotBitmap[slot >> 6] |= 1L << slot;
        }
        else
        {
            buffer.putInt((tail << RECORD_SHIFT) + NEXT_OFFSET, index);
        }
        slotTail[slot] = index;
    }

    private void appendOverflow(final UnsafeBuffer buffer, final int index, final long time)
    {
        buffer.putInt((index << RECORD_SHIFT) + NEXT_OFFSET, NULL_INDEX);
        if (NULL_INDEX == overflowTail)
        {
            overflowHead = index;
        }
        else
        {
            buffer.putInt((overflowTail << RECORD_SHIFT) + NEXT_OFFSET, index);
        }
        overflowTail = index;
        overflowCount++;
        if (time < overflowMin)
        {
            overflowMin = time;
        }
    }

    private void insertFine(final UnsafeBuffer buffer, final int index, final long time)
    {
        final int fine = (int)((time - expandedStart) >>> fineShift);
        final int offset = index << RECORD_SHIFT;
        final int tail = fineTail[fine];
        if (NULL_INDEX == tail)
        {
            buffer.putInt(offset + NEXT_OFFSET, NULL_INDEX);
            fineHead[fine] = index;
            fineTail[fine] = index;
            fineBitmap[fine >> 6] |= 1L << fine;
        }
        else if (!before(buffer, index, tail))
        {
            buffer.putInt(offset + NEXT_OFFSET, NULL_INDEX);
            buffer.putInt((tail << RECORD_SHIFT) + NEXT_OFFSET, index);
            fineTail[fine] = index;
        }
        else
        {
            insertFineSortedSlowPath(buffer, fine, index);
        }
    }

    private void insertFineSortedSlowPath(final UnsafeBuffer buffer, final int fine, final int index)
    {
        int prev = NULL_INDEX;
        int node = fineHead[fine];
        while (NULL_INDEX != node && !before(buffer, index, node))
        {
            prev = node;
            node = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
        }
        buffer.putInt((index << RECORD_SHIFT) + NEXT_OFFSET, node);
        if (NULL_INDEX == prev)
        {
            fineHead[fine] = index;
        }
        else
        {
            buffer.putInt((prev << RECORD_SHIFT) + NEXT_OFFSET, index);
        }
    }

    private static boolean before(final UnsafeBuffer buffer, final int a, final int b)
    {
        final long timeA = buffer.getLong((a << RECORD_SHIFT) + TIME_OFFSET);
        final long timeB = buffer.getLong((b << RECORD_SHIFT) + TIME_OFFSET);
        return timeA < timeB ||
            (timeA == timeB &&
            buffer.getLong((a << RECORD_SHIFT) + SEQ_OFFSET) < buffer.getLong((b << RECORD_SHIFT) + SEQ_OFFSET));
    }

    /**
     * Position on the earliest live event due by {@code limit}, reclaiming cancelled records met on the way.
     * On success the event is the head of fine bucket {@link #currentFine}.
     */
    private int nextIndex(final long limit)
    {
        final UnsafeBuffer buffer = arena.buffer();
        while (true)
        {
            if (NULL_INDEX != expandedSlot)
            {
                final int fine = nextSetBit(fineBitmap, 0);
                if (NULL_INDEX != fine)
                {
                    final int index = fineHead[fine];
                    final int offset = index << RECORD_SHIFT;
                    if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
                    {
                        final int next = buffer.getInt(offset + NEXT_OFFSET);
                        fineHead[fine] = next;
                        if (NULL_INDEX == next)
                        {
                            fineTail[fine] = NULL_INDEX;
                            fineBitmap[fine >> 6] &= ~(1L << fine);
                        }
                        arena.free(index);
                        continue;
                    }
                    if (buffer.getLong(offset + TIME_OFFSET) > limit)
                    {
                        return NULL_INDEX;
                    }
                    currentFine = fine;
                    return index;
                }
                expandedSlot = NULL_INDEX;
            }

            // Scan no further than the slot of limit: a poll with nothing due costs the words up to it, not all.
            if (limit < base)
            {
                return NULL_INDEX;
            }
            final boolean limitInSpan = limit < base + span;
            final int lastSlot = limitInSpan ? (int)((limit - base) >>> slotShift) : slotCount - 1;
            final int slot = nextSetBit(slotBitmap, cursor, lastSlot);
            if (NULL_INDEX != slot)
            {
                expand(buffer, slot);
            }
            else if (limitInSpan)
            {
                // Slot events, if any, lie after limit; overflow events lie beyond the span, later still.
                return NULL_INDEX;
            }
            else if (NULL_INDEX == overflowHead || overflowMin > limit || !rotate(buffer, limit))
            {
                // overflowMin is a lower bound of the earliest overflow time (exact after each scan, lowered by
                // appends, never raised by cancels), so a poll with nothing due costs O(1), not a walk of the list.
                return NULL_INDEX;
            }
        }
    }

    private void expand(final UnsafeBuffer buffer, final int slot)
    {
        cursor = slot;
        expandedSlot = slot;
        expandedStart = base + ((long)slot << slotShift);
        int node = slotHead[slot];
        slotHead[slot] = NULL_INDEX;
        slotTail[slot] = NULL_INDEX;
        slotBitmap[slot >> 6] &= ~(1L << slot);
        while (NULL_INDEX != node)
        {
            final int offset = node << RECORD_SHIFT;
            final int next = buffer.getInt(offset + NEXT_OFFSET);
            if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
            {
                arena.free(node);
            }
            else
            {
                insertFine(buffer, node, buffer.getLong(offset + TIME_OFFSET));
            }
            node = next;
        }
    }

    /**
     * Return the expanded slot's events to its slot list, in order, so that an earlier slot can be scanned first.
     * Taken only when an event lands before a slot that the scan expanded ahead of the clock.
     */
    private void collapseSlowPath(final UnsafeBuffer buffer)
    {
        final int slot = expandedSlot;
        expandedSlot = NULL_INDEX;
        for (int fine = nextSetBit(fineBitmap, 0); NULL_INDEX != fine; fine = nextSetBit(fineBitmap, 0))
        {
            int node = fineHead[fine];
            while (NULL_INDEX != node)
            {
                final int next = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
                appendSlot(buffer, slot, node);
                node = next;
            }
            fineHead[fine] = NULL_INDEX;
            fineTail[fine] = NULL_INDEX;
            fineBitmap[fine >> 6] &= ~(1L << fine);
        }
    }

    /**
     * Move the base to the slot of the earliest overflow event, if it is due by {@code limit}, and bring every
     * overflow event inside the new span into its slot. Cancelled records are reclaimed on the way.
     */
    private boolean rotate(final UnsafeBuffer buffer, final long limit)
    {
        long min = Long.MAX_VALUE;
        int prev = NULL_INDEX;
        int node = overflowHead;
        while (NULL_INDEX != node)
        {
            final int offset = node << RECORD_SHIFT;
            final int next = buffer.getInt(offset + NEXT_OFFSET);
            if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
            {
                unlinkOverflow(buffer, prev, next);
                arena.free(node);
            }
            else
            {
                min = Math.min(min, buffer.getLong(offset + TIME_OFFSET));
                prev = node;
            }
            node = next;
        }
        overflowTail = prev;
        overflowMin = min;
        if (NULL_INDEX == overflowHead || min > limit)
        {
            return false;
        }

        base = alignDown(min);
        cursor = 0;
        rotationCount++;
        node = overflowHead;
        overflowHead = NULL_INDEX;
        overflowTail = NULL_INDEX;
        overflowCount = 0;
        overflowMin = Long.MAX_VALUE;
        while (NULL_INDEX != node)
        {
            final int offset = node << RECORD_SHIFT;
            final int next = buffer.getInt(offset + NEXT_OFFSET);
            final long time = buffer.getLong(offset + TIME_OFFSET);
            final long rel = time - base;
            if (rel < span)
            {
                appendSlot(buffer, (int)(rel >>> slotShift), node);
            }
            else
            {
                appendOverflow(buffer, node, time);
            }
            node = next;
        }
        return true;
    }

    private void freeList(final UnsafeBuffer buffer, final int head)
    {
        int node = head;
        while (NULL_INDEX != node)
        {
            final int next = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
            arena.free(node);
            node = next;
        }
    }

    private void unlinkOverflow(final UnsafeBuffer buffer, final int prev, final int next)
    {
        if (NULL_INDEX == prev)
        {
            overflowHead = next;
        }
        else
        {
            buffer.putInt((prev << RECORD_SHIFT) + NEXT_OFFSET, next);
        }
        overflowCount--;
    }

    private void rebaseEmpty()
    {
        base = alignDown(now);
        cursor = 0;
        expandedSlot = NULL_INDEX;
    }

    /**
     * An event lands before the base: possible only after a scan rotated ahead of a clock that then stayed behind.
     * Rebase at the new event's slot and move every slot's events to its new slot or, past the span, to the overflow
     * list. Slots move to higher indices, so walking them from the top never meets a moved slot twice.
     */
    private void rebaseBackwardSlowPath(final UnsafeBuffer buffer, final long time)
    {
        if (NULL_INDEX != expandedSlot)
        {
            collapseSlowPath(buffer);
        }
        final long shift = base - alignDown(time);
        base -= shift;
        cursor = 0;
        for (int slot = slotCount - 1; slot >= 0; slot--)
        {
            int node = slotHead[slot];
            if (NULL_INDEX == node)
            {
                continue;
            }
            slotHead[slot] = NULL_INDEX;
            slotTail[slot] = NULL_INDEX;
            slotBitmap[slot >> 6] &= ~(1L << slot);
            final long newRel = ((long)slot << slotShift) + shift;
            while (NULL_INDEX != node)
            {
                final int next = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
                if (newRel < span)
                {
                    appendSlot(buffer, (int)(newRel >>> slotShift), node);
                }
                else
                {
                    appendOverflow(buffer, node, buffer.getLong((node << RECORD_SHIFT) + TIME_OFFSET));
                }
                node = next;
            }
        }
    }

    private static int nextSetBit(final long[] bitmap, final int from)
    {
        return nextSetBit(bitmap, from, (bitmap.length << 6) - 1);
    }

    /**
     * @return the first set bit in {@code [from, to]}, or {@link EventDescriptor#NULL_INDEX}.
     */
    private static int nextSetBit(final long[] bitmap, final int from, final int to)
    {
        if (from > to)
        {
            return NULL_INDEX;
        }
        int word = from >> 6;
        final int lastWord = to >> 6;
        long bits = bitmap[word] & (-1L << from);
        while (true)
        {
            if (0 != bits)
            {
                final int bit = (word << 6) + Long.numberOfTrailingZeros(bits);
                return bit <= to ? bit : NULL_INDEX;
            }
            if (++word > lastWord)
            {
                return NULL_INDEX;
            }
            bits = bitmap[word];
        }
    }
}
