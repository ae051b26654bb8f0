package io.concurrengine.core.wheel;

import io.concurrengine.core.event.Event;
import org.agrona.concurrent.UnsafeBuffer;

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
import static io.concurrengine.core.wheel.Bitmaps.NONE;

/**
 * Hierarchical timing wheel that holds pending events off-heap and yields them in ascending {@code (time, seq)}
 * order.
 * <p>
 * <b>Near wheel.</b> {@code slotCount} slots of {@code 1 << slotShift} time units each, used circularly: an event
 * whose slot number (its time shifted right by {@code slotShift}) is {@code n} lives in slot {@code n & (slotCount
 * - 1)}. The near wheel covers slot numbers from {@code base}, the slot of the clock, up to a boundary at most
 * {@code slotCount} slots further; a {@code long[slotCount / 64]} bitmap marks non-empty slots and is scanned with
 * {@link Long#numberOfTrailingZeros(long)}.
 * <p>
 * <b>Far levels.</b> Beyond the near wheel's boundary, events wait in coarser circular levels of 4096 slots, each
 * slot 64 times as wide as a slot of the level below, enough levels to reach the end of the {@code long} range.
 * Level {@code k} holds the events from the boundary of level {@code k - 1} up to its own; a level's boundary is
 * kept as far out as its 4096 slots allow. As the clock advances, the far slot at the bottom of a level moves down
 * as soon as the level below can hold it: one far slot, 64 slots of the level below, at a time. So an event is moved
 * at most once per level in its life, and no operation ever re-sorts the whole population: the cost of moving
 * events nearer is spread over the clock's progress instead of falling on one poll per span.
 * <p>
 * <b>Jumps.</b> When the near wheel is empty and the earliest far slot starts by the poll's limit, the near wheel
 * jumps to that slot without stepping through the empty time between. An event pushed after a jump for a time
 * before the new base (possible only when the caller peeked or polled ahead of the clock) goes into a short sorted
 * list that is taken from first.
 * <p>
 * <b>Dense slots.</b> Slots hold their events unsorted, appended in push order: O(1). When the scan reaches a slot
 * it is expanded once into up to 1024 fine buckets by exact time (by time range when a slot is wider than 1024
 * units), each kept in {@code (time, seq)} order; later pushes into that slot go straight into their fine bucket,
 * which in push order is an append. So push and pop stay O(1) amortised however many events share a slot, where a
 * sorted insert on every push would cost O(k). Only with slots wider than 1024 units can a fine bucket need a walk.
 * <p>
 * <b>Clock.</b> {@link #now()} is the time of the last event taken, or the time given to {@link #advanceTo(long)}.
 * An event pushed for a time before now is clamped to now and counted in {@link #clampedCount()}. Every event keeps
 * the {@code seq} it was given at push, so moving between levels never reorders ties. Times must be greater than
 * {@link Long#MIN_VALUE}.
 * <p>
 * <b>Cancel.</b> {@link #push} returns a handle naming the record and its generation. {@link #cancel(long)} marks
 * the record in O(1); the record is reclaimed when a scan or a move next meets it. A handle whose event was already
 * taken or cancelled is refused, never applied to whichever event reuses the record, within 2<sup>32</sup> generations
 * of that record: a generation is 32 bits, one more each time the record is freed or its event cancelled, so a stale
 * handle kept while its record is reused two to four billion times may name a later event. The free list gives out
 * the record freed last, so a steady push-and-take reuses one record for every event.
 * <p>
 * <b>Push or take.</b> A caller that pushes an event and then polls up to its time (a shard taking an input) can do
 * both with {@link #pushOrTake}: when nothing else is due by the event's time, the event is handed straight back with
 * the {@code seq} a push would have given it and the clock moves to its time, without a record in the arena. The
 * order of everything taken is that of push followed by poll.
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

    private static final int MAX_SLOT_COUNT = 1 << 24;

    private final int slotShift;
    private final int slotCount;

    private final NodeArena arena;
    private final NearWheel near;
    private final FarLevels far;

    private long base;
    private long now;
    private long nextSeq;
    private int size;
    private long clampedCount;

    /**
     * A wheel with the seed's defaults: 32768 slots of 32 units, starting at time 0.
     */
    public EventWheel()
    {
        this(DEFAULT_SLOT_COUNT, DEFAULT_SLOT_SHIFT, DEFAULT_INITIAL_CAPACITY, 0L);
    }

    /**
     * @param slotCount       number of near slots: a power of two in [64, 2^24].
     * @param slotShift       log2 of the near slot width in time units, in [0, 32].
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
        checkStartTime(startTime);
        this.slotShift = slotShift;
        this.slotCount = slotCount;
        this.arena = new NodeArena(initialCapacity);
        this.near = new NearWheel(slotCount, slotShift, arena);
        this.far = new FarLevels(slotCount, slotShift, arena, near);
        startAt(startTime);
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
     * @throws ArenaFullException if the arena is at its largest and full; the wheel is unchanged.
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
        return insert(clamp(time, type), type, target, a0, a1, a2, a3);
    }

    /**
     * Push an event and take it at once when it is then the earliest pending event due by its own time: exactly what
     * {@link #push} followed by {@link #poll(long, Event) poll(time, into)} would do, same {@code seq} and clock, but
     * without writing the event into the arena and reading it back. An input that finds nothing due before it, the
     * common case for a feed, never touches the arena.
     *
     * @param time   when it is due; a time before {@link #now()} is clamped to now and counted.
     * @param type   selects the handler method; must be non-negative.
     * @param target the actor, instrument or entity key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @param into   filled with the event when it is taken.
     * @return true if the event was taken into {@code into}; false if it was pushed because an event due at or before
     * its time is pending (take them with {@link #poll(long, Event)}, in order), or because it was clamped to a now
     * later than {@code time}, when {@code poll(time, into)} would not have taken it either.
     * @throws IllegalArgumentException if {@code type} is negative.
     * @throws ArenaFullException if the event must be pushed and the arena is at its largest and full; nothing was
     * scheduled, the pending events, the clock and {@link #nextSeq()} are as they were (the look for an earlier
     * event due may have moved far records nearer, as {@link #cascadeCount()} and {@link #jumpCount()} count).
     * @throws NullPointerException if {@code into} is null and the event would be taken; nothing was scheduled, as
     * for {@link ArenaFullException}.
     */
    public boolean pushOrTake(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final Event into)
    {
        final long t = clamp(time, type);
        // no record at all (pending or cancelled): nothing can be due, skip the scan
        if (t != time || (0 != arena.used() && NULL_INDEX != nextIndex(t)))
        {
            insert(t, type, target, a0, a1, a2, a3);
            return false;
        }
        // seq counted after the copy: a null into then fails with the wheel as it was
        into.set(t, nextSeq, type, target, a0, a1, a2, a3);
        nextSeq++;
        now = t;
        final long slot = t >> slotShift;
        if (slot > base)
        {
            advanceBase(arena.buffer(), slot);
        }
        return true;
    }

    private long clamp(final long time, final int type)
    {
        if (type < 0)
        {
            throw new IllegalArgumentException("type=" + type + " must be non-negative");
        }
        if (time < now)
        {
            return clampSlowPath();
        }
        return time;
    }

    /**
     * A push for a time before the clock: counted only once the arena has room for it, grown first if need be, so that
     * a push the arena refuses (full, or short of the direct memory to grow) leaves the count, like the rest of the
     * wheel, as it was.
     */
    private long clampSlowPath()
    {
        arena.reserve();
        clampedCount++;
        return now;
    }

    private long insert(
        final long t,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
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

        if ((t >> slotShift) < base)
        {
            near.insertEarlySlowPath(buffer, index, t);
        }
        else
        {
            far.place(buffer, index, t);
        }

        return ((long)arena.generation(index) << 32) | index;
    }

    /**
     * Cancel a pending event in O(1).
     *
     * @param handle returned by {@link #push}.
     * @return true if the event was pending and is now cancelled; false if the handle is stale (the event was
     * already taken or cancelled) or never named an event of this wheel: {@link #NULL_HANDLE}, or 0 (a
     * zero-initialised handle field) within 2<sup>32</sup> generations of record 0. A handle is only a record index
     * and a generation: one of another wheel may name a pending event of this one, and cancel it.
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
     * @throws NullPointerException if {@code into} is null and an event is due; it stays pending.
     */
    public boolean poll(final long limit, final Event into)
    {
        if (0 == arena.used())
        {
            return false; // no record at all (pending or cancelled): nothing to find or reclaim
        }
        final int index = nextIndex(limit);
        if (NULL_INDEX == index)
        {
            return false;
        }
        final UnsafeBuffer buffer = arena.buffer();
        final int offset = index << RECORD_SHIFT;
        final long time = buffer.getLong(offset + TIME_OFFSET);
        // copied out before the record is unlinked: a null into then fails with the event still pending
        into.set(
            time,
            buffer.getLong(offset + SEQ_OFFSET),
            buffer.getInt(offset + TYPE_OFFSET),
            buffer.getLong(offset + TARGET_OFFSET),
            buffer.getLong(offset + A0_OFFSET),
            buffer.getLong(offset + A1_OFFSET),
            buffer.getLong(offset + A2_OFFSET),
            buffer.getLong(offset + A3_OFFSET));
        near.unlinkFirst(buffer, offset);
        arena.free(index);
        size--;
        now = time;
        final long slot = time >> slotShift;
        if (slot > base)
        {
            advanceBase(buffer, slot);
        }
        return true;
    }

    /**
     * Time of the earliest pending event if it is due at or before {@code limit}, without taking it.
     * <p>
     * An event due at {@link Long#MAX_VALUE} reads the same as none due: with a {@code limit} of
     * {@code Long.MAX_VALUE}, {@link #isEmpty()} tells them apart.
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
            final long slot = time >> slotShift;
            if (slot > base)
            {
                advanceBase(arena.buffer(), slot);
            }
        }
    }

    /**
     * Return to the state of a new wheel starting at {@code startTime}, keeping the arena and its capacity: pending
     * events are dropped and their handles become stale, {@code seq} numbering and the counters restart.
     * O(pending + slotCount / 64); allocates nothing.
     *
     * @param startTime new value of the clock, greater than {@link Long#MIN_VALUE}.
     * @throws IllegalArgumentException if {@code startTime} is {@link Long#MIN_VALUE}; the wheel is unchanged.
     */
    public void reset(final long startTime)
    {
        checkStartTime(startTime);
        // Records go back to the free list in the order they always have (near slots, far levels, early list): the
        // order in which pushes after the reset reuse them, so their handles, depends on it.
        near.clearSlots(arena.buffer());
        far.clear();
        near.clearEarly();
        size = 0;
        nextSeq = 0;
        clampedCount = 0;
        startAt(startTime);
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
     * @return events pushed for a time before the clock and clamped to it, since creation or the last {@link #reset}.
     */
    public long clampedCount()
    {
        return clampedCount;
    }

    /**
     * @return records waiting in the far levels, beyond the near wheel, including cancelled ones not yet reclaimed.
     */
    public int overflowCount()
    {
        return far.records();
    }

    /**
     * @return far slots holding records that were moved one level nearer, since creation or the last {@link #reset}.
     */
    public long cascadeCount()
    {
        return far.cascadeCount();
    }

    /**
     * @return jumps of the near wheel over empty time to the earliest far slot, since creation or the last
     * {@link #reset}.
     */
    public long jumpCount()
    {
        return far.jumpCount();
    }

    /**
     * @return the {@code seq} the next push will receive: pushes since creation or the last {@link #reset}.
     */
    public long nextSeq()
    {
        return nextSeq;
    }

    /**
     * @return records in use: the pending events and the cancelled ones not reclaimed yet (the wheel cancels lazily,
     * freeing a cancelled record when a scan or a cascade meets it, at the latest when it would have come due). When
     * this reaches {@link #capacity()} the next push grows the arena; its high-water mark is the capacity to start
     * with.
     */
    public int recordsInUse()
    {
        return arena.used();
    }

    /**
     * @return records the arena holds before it next grows.
     */
    public int capacity()
    {
        return arena.capacity();
    }

    /**
     * @return number of near slots.
     */
    public int slotCount()
    {
        return slotCount;
    }

    /**
     * @return log2 of the near slot width in time units.
     */
    public int slotShift()
    {
        return slotShift;
    }

    /**
     * Drop the pending events and release the off-heap arena; closing again does nothing. The wheel must not be used
     * afterwards, but a use touches no freed memory: it holds no event, so {@link #poll} and {@link #peekTime} find
     * none and {@link #cancel} refuses every handle, and {@link #push} throws {@link IllegalStateException}, as does
     * {@link #pushOrTake} when it must push. The clock and the counters keep their values, and {@link #size()} the
     * number of events left pending when the wheel closed.
     */
    @Override
    public void close()
    {
        // Empty the slots while their records can still be read: without them a later cancel, poll or push read the
        // freed arena, which failed its bounds check or, with Agrona's bounds checks off, crashed the JVM.
        near.clearSlots(arena.buffer());
        far.clearRecords();
        near.clearEarly();
        arena.close();
    }

    /**
     * {@link Long#MIN_VALUE} is the wheel's marker for "no slot": a clock there would let a push at that time land in
     * a fine bucket that was never expanded.
     */
    private static void checkStartTime(final long startTime)
    {
        if (startTime == NONE)
        {
            throw new IllegalArgumentException("startTime must be greater than Long.MIN_VALUE");
        }
    }

    private void startAt(final long startTime)
    {
        now = startTime;
        base = startTime >> slotShift;
        near.startAt(base);
        far.startAt(base);
    }

    /**
     * Position on the earliest live event due by {@code limit}, reclaiming cancelled records met on the way: the
     * early list and the expanded slot first, then the near slots up to the slot of {@code limit} or the far levels,
     * whichever is earlier, then a jump to the earliest far slot. On success the event is the one
     * {@link NearWheel#unlinkFirst} takes.
     */
    private int nextIndex(final long limit)
    {
        final UnsafeBuffer buffer = arena.buffer();
        final NearWheel near = this.near;
        final FarLevels far = this.far;
        while (true)
        {
            final int index = near.firstDue(buffer, limit);
            if (NearWheel.SCAN_SLOTS != index)
            {
                return index;
            }

            // Scan no further than the slot of limit: a poll with nothing due costs the words up to it, not all.
            final long limitSlot = limit >> slotShift;
            if (limitSlot < near.cursor())
            {
                return NULL_INDEX;
            }
            final boolean limitInNear = far.isNear(limit);
            final long lastSlot = limitInNear ? limitSlot : far.lastNearSlot();
            if (near.expandNext(buffer, lastSlot))
            {
                continue;
            }
            if (limitInNear || !jump(buffer, limit))
            {
                return NULL_INDEX;
            }
        }
    }

    /**
     * The near wheel holds nothing: if the earliest far slot starts by {@code limit}, move the base to it and bring
     * its events nearer.
     *
     * @return true if the base moved.
     */
    private boolean jump(final UnsafeBuffer buffer, final long limit)
    {
        final long slot = far.jumpSlot(limit);
        if (NONE == slot)
        {
            return false;
        }
        advanceBase(buffer, slot);
        return true;
    }

    /**
     * Move the base forward to {@code slot} and let every far level bring down the slots the level below now has
     * room for.
     */
    private void advanceBase(final UnsafeBuffer buffer, final long slot)
    {
        base = slot;
        near.advanceCursor(slot);
        far.advance(buffer, slot);
    }
}
