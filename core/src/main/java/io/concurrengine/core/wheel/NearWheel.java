package io.concurrengine.core.wheel;

import io.concurrengine.core.event.EventDescriptor;
import org.agrona.concurrent.UnsafeBuffer;

import java.util.Arrays;

import static io.concurrengine.core.event.EventDescriptor.NEXT_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NULL_INDEX;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static io.concurrengine.core.event.EventDescriptor.SEQ_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TIME_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.TYPE_CANCELLED;
import static io.concurrengine.core.event.EventDescriptor.TYPE_OFFSET;
import static io.concurrengine.core.wheel.Bitmaps.NONE;
import static io.concurrengine.core.wheel.Bitmaps.nextSetBit;
import static io.concurrengine.core.wheel.Bitmaps.nextSetSlot;

/**
 * The near wheel of an {@link EventWheel}: the events due before the far levels begin, and which of them is next in
 * {@code (time, seq)} order.
 * <p>
 * They wait in three places, taken from in this order: the early list (events pushed for a time before the base
 * after a jump, kept sorted), the fine buckets of the expanded slot (the slot the scan has reached, by exact time or
 * time range, each bucket sorted), and the circular slots (unsorted, in push order), found through a bitmap from the
 * cursor. {@link #firstDue} answers from the first two; when both are empty {@link #expandNext} expands the next
 * non-empty slot up to a bound the caller gives, which is where the far levels begin or the slot of the poll's limit.
 * Where the far levels begin, and moving the base, are {@link FarLevels}' and {@link EventWheel}'s: this class never
 * looks past its slots.
 * <p>
 * Records are linked through their {@code next} field; a cancelled record is freed to the {@link NodeArena} when a
 * scan or an expansion meets it. Allocates nothing. Not threadsafe.
 */
final class NearWheel
{
    /**
     * Returned by {@link #firstDue} when the early list and the expanded slot hold nothing: scan the slots. Never a
     * record index or {@link EventDescriptor#NULL_INDEX}.
     */
    static final int SCAN_SLOTS = -2;

    private static final int MAX_FINE_SHIFT = 10;

    private final int slotShift;
    private final int slotMask;
    private final int[] slotHead;
    private final int[] slotTail;
    private final long[] slotBitmap;

    private final int fineShift;
    private final int[] fineHead;
    private final int[] fineTail;
    private final long[] fineBitmap;

    private final NodeArena arena;

    private long cursor;
    private long expandedSlot = NONE;
    private long expandedStart;
    private int currentFine = NULL_INDEX;
    private boolean currentEarly;

    private int earlyHead = NULL_INDEX;
    private int earlyTail = NULL_INDEX;

    /**
     * @param slotCount number of slots, a power of two in [64, 2^24] (checked by {@link EventWheel}).
     * @param slotShift log2 of the slot width in time units, in [0, 32].
     * @param arena     holding the records.
     */
    NearWheel(final int slotCount, final int slotShift, final NodeArena arena)
    {
        this.slotShift = slotShift;
        this.slotMask = slotCount - 1;
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

        this.arena = arena;
    }

    /**
     * Start scanning at slot number {@code base}, with no slot expanded. The wheel must hold no record.
     */
    void startAt(final long base)
    {
        cursor = base;
        expandedSlot = NONE;
    }

    /**
     * @return the slot number the next scan starts at: no slot before it holds a record.
     */
    long cursor()
    {
        return cursor;
    }

    /**
     * The base moved forward to slot number {@code slot}: no scan starts before it.
     */
    void advanceCursor(final long slot)
    {
        if (cursor < slot)
        {
            cursor = slot;
        }
    }

    /**
     * Put a record due at or after the base and before the far levels into its slot, or into its fine bucket when its
     * slot is the expanded one.
     */
    void insert(final UnsafeBuffer buffer, final int index, final long time)
    {
        final long slot = time >> slotShift;
        if (slot == expandedSlot)
        {
            insertFine(buffer, index, time);
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
        appendSlot(buffer, (int)slot & slotMask, index);
    }

    /**
     * An event due before the base, after the near wheel jumped ahead of the clock: keep it in the early list, in
     * {@code (time, seq)} order. Pushes arrive in {@code seq} order, so an event no earlier than the tail appends.
     */
    void insertEarlySlowPath(final UnsafeBuffer buffer, final int index, final long time)
    {
        final int offset = index << RECORD_SHIFT;
        if (NULL_INDEX == earlyTail)
        {
            buffer.putInt(offset + NEXT_OFFSET, NULL_INDEX);
            earlyHead = index;
            earlyTail = index;
            return;
        }
        if (buffer.getLong((earlyTail << RECORD_SHIFT) + TIME_OFFSET) <= time)
        {
            buffer.putInt(offset + NEXT_OFFSET, NULL_INDEX);
            buffer.putInt((earlyTail << RECORD_SHIFT) + NEXT_OFFSET, index);
            earlyTail = index;
            return;
        }
        int prev = NULL_INDEX;
        int node = earlyHead;
        while (buffer.getLong((node << RECORD_SHIFT) + TIME_OFFSET) <= time)
        {
            prev = node;
            node = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
        }
        buffer.putInt(offset + NEXT_OFFSET, node);
        if (NULL_INDEX == prev)
        {
            earlyHead = index;
        }
        else
        {
            buffer.putInt((prev << RECORD_SHIFT) + NEXT_OFFSET, index);
        }
    }

    /**
     * Position on the first live event of the early list or, when that is empty, of the expanded slot, reclaiming
     * cancelled records met on the way; {@link #unlinkFirst} then takes it. When the expanded slot turns out empty it
     * is expanded no longer.
     *
     * @param limit latest due time of interest, inclusive.
     * @return the event's index if it is due by {@code limit}, {@link EventDescriptor#NULL_INDEX} if it is due later,
     * or {@link #SCAN_SLOTS} if the early list and the expanded slot hold no live event.
     */
    int firstDue(final UnsafeBuffer buffer, final long limit)
    {
        while (NULL_INDEX != earlyHead)
        {
            final int index = earlyHead;
            final int offset = index << RECORD_SHIFT;
            if (buffer.getInt(offset + TYPE_OFFSET) == TYPE_CANCELLED)
            {
                earlyHead = buffer.getInt(offset + NEXT_OFFSET);
                if (NULL_INDEX == earlyHead)
                {
                    earlyTail = NULL_INDEX;
                }
                arena.free(index);
                continue;
            }
            if (buffer.getLong(offset + TIME_OFFSET) > limit)
            {
                return NULL_INDEX;
            }
            currentEarly = true;
            return index;
        }
        return NONE != expandedSlot ? firstFineDue(buffer, limit) : SCAN_SLOTS;
    }

    /**
     * Unlink the event {@link #firstDue} positioned on, the record at {@code offset}, from the head of its list.
     */
    void unlinkFirst(final UnsafeBuffer buffer, final int offset)
    {
        final int next = buffer.getInt(offset + NEXT_OFFSET);
        if (currentEarly)
        {
            earlyHead = next;
            if (NULL_INDEX == next)
            {
                earlyTail = NULL_INDEX;
            }
        }
        else
        {
            final int fine = currentFine;
            fineHead[fine] = next;
            if (NULL_INDEX == next)
            {
                fineTail[fine] = NULL_INDEX;
                fineBitmap[fine >> 6] &= ~(1L << fine);
            }
        }
    }

    /**
     * Expand the first slot holding records from the cursor up to slot number {@code lastSlot}; when there is none,
     * move the cursor past {@code lastSlot}. Call only when {@link #firstDue} returned {@link #SCAN_SLOTS}.
     *
     * @param lastSlot the last slot number to scan, less than {@code slotCount} slots after the base.
     * @return true if a slot was expanded.
     */
    boolean expandNext(final UnsafeBuffer buffer, final long lastSlot)
    {
        if (lastSlot >= cursor)
        {
            final long slot = nextSetSlot(slotBitmap, 0, slotMask, cursor, lastSlot);
            if (NONE != slot)
            {
                expand(buffer, slot);
                return true;
            }
            // No near event lies at or before lastSlot; later scans start after it.
            if (Long.MAX_VALUE != lastSlot)
            {
                cursor = lastSlot + 1;
            }
        }
        return false;
    }

    /**
     * Free every record in the slots and the fine buckets, leaving them empty; the early list is {@link #clearEarly}'s.
     */
    void clearSlots(final UnsafeBuffer buffer)
    {
        if (NONE != expandedSlot)
        {
            collapseSlowPath(buffer);
        }
        for (int slot = nextSetBit(slotBitmap, 0, 0, slotMask); NULL_INDEX != slot;
            slot = nextSetBit(slotBitmap, 0, slot + 1, slotMask))
        {
            arena.freeList(slotHead[slot]);
            slotHead[slot] = NULL_INDEX;
            slotTail[slot] = NULL_INDEX;
            slotBitmap[slot >> 6] &= ~(1L << slot);
        }
    }

    /**
     * Free every record in the early list, leaving it empty.
     */
    void clearEarly()
    {
        arena.freeList(earlyHead);
        earlyHead = NULL_INDEX;
        earlyTail = NULL_INDEX;
    }

    private int firstFineDue(final UnsafeBuffer buffer, final long limit)
    {
        while (true)
        {
            final int fine = nextSetBit(fineBitmap, 0, 0, (fineBitmap.length << 6) - 1);
            if (NULL_INDEX == fine)
            {
                expandedSlot = NONE;
                return SCAN_SLOTS;
            }
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
            currentEarly = false;
            currentFine = fine;
            return index;
        }
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

    private void expand(final UnsafeBuffer buffer, final long slot)
    {
        cursor = slot;
        expandedSlot = slot;
        expandedStart = slot << slotShift;
        final int position = (int)slot & slotMask;
        int node = slotHead[position];
        slotHead[position] = NULL_INDEX;
        slotTail[position] = NULL_INDEX;
        slotBitmap[position >> 6] &= ~(1L << position);
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
        final int slot = (int)expandedSlot & slotMask;
        expandedSlot = NONE;
        for (int fine = nextSetBit(fineBitmap, 0, 0, (fineBitmap.length << 6) - 1); NULL_INDEX != fine;
            fine = nextSetBit(fineBitmap, 0, 0, (fineBitmap.length << 6) - 1))
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
}
