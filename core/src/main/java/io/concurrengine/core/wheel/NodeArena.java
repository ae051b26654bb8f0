package io.concurrengine.core.wheel;

import io.concurrengine.core.event.EventDescriptor;
import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.util.Arrays;

import static io.concurrengine.core.event.EventDescriptor.NEXT_OFFSET;
import static io.concurrengine.core.event.EventDescriptor.NULL_INDEX;
import static io.concurrengine.core.event.EventDescriptor.RECORD_ALIGNMENT;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static io.concurrengine.core.event.EventDescriptor.TYPE_CANCELLED;
import static io.concurrengine.core.event.EventDescriptor.TYPE_OFFSET;

/**
 * Off-heap arena of fixed 64-byte event records with an intrusive free list.
 * <p>
 * Records are addressed by index; {@link #allocate()} and {@link #free(int)} are O(1) and allocate nothing
 * until the arena is full, when it doubles: a new aligned direct buffer, a copy, and the old one released.
 * Indices stay valid across growth; the {@link UnsafeBuffer} does not, so callers re-read {@link #buffer()} after
 * any call that may allocate.
 * <p>
 * Each record has a generation, starting at {@link #FIRST_GENERATION} and bumped whenever it is freed or cancelled, so
 * that a handle naming an index and a generation can be told stale. It starts at 1, not 0, so that a zero handle (a
 * zero-initialised handle field) names no event: at generation 0, record 0's first event, the first pushed, had the
 * handle 0. A free record's type is {@link EventDescriptor#TYPE_CANCELLED}, so that a handle naming a free record at
 * its current generation (one never issued: a handle of another wheel, the next generation of a record) cancels
 * nothing.
 * <p>
 * Not threadsafe.
 */
final class NodeArena implements AutoCloseable
{
    /** Generation of every record when the arena creates it: never 0, so that no handle is 0. */
    static final int FIRST_GENERATION = 1;

    private ByteBuffer allocation;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private int[] generations;
    private int capacity;
    private int freeHead = NULL_INDEX;
    private int used;

    NodeArena(final int initialCapacity)
    {
        EventDescriptor.checkCapacity("initialCapacity", initialCapacity);
        allocation = allocateAligned(buffer, initialCapacity);
        generations = new int[initialCapacity];
        Arrays.fill(generations, FIRST_GENERATION);
        capacity = initialCapacity;
        linkFree(0, initialCapacity);
    }

    /**
     * @return the buffer over every record; replaced when the arena grows.
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * Take a record from the free list, growing the arena if it is empty.
     *
     * @return the index of the record, whose fields hold stale values.
     */
    int allocate()
    {
        int index = freeHead;
        if (NULL_INDEX == index)
        {
            growSlowPath();
            index = freeHead;
        }
        freeHead = buffer.getInt((index << RECORD_SHIFT) + NEXT_OFFSET);
        used++;
        return index;
    }

    /**
     * Make sure, without taking it, that {@link #allocate()} can give a record: grow the arena now if every record is
     * taken, so that whatever refuses the growth (the arena at its largest, or the direct memory it needs) is thrown
     * here.
     *
     * @throws ArenaFullException if every record is taken and the arena is at its largest.
     */
    void reserve()
    {
        if (NULL_INDEX == freeHead)
        {
            growSlowPath();
        }
    }

    /**
     * Return a record to the free list and bump its generation.
     *
     * @param index of the record.
     */
    void free(final int index)
    {
        generations[index]++;
        buffer.putInt((index << RECORD_SHIFT) + TYPE_OFFSET, TYPE_CANCELLED);
        buffer.putInt((index << RECORD_SHIFT) + NEXT_OFFSET, freeHead);
        freeHead = index;
        used--;
    }

    /**
     * Free every record of a list linked through their {@code next} fields, in list order.
     *
     * @param head index of the first record, or {@link EventDescriptor#NULL_INDEX} for an empty list.
     */
    void freeList(final int head)
    {
        int node = head;
        while (NULL_INDEX != node)
        {
            final int next = buffer.getInt((node << RECORD_SHIFT) + NEXT_OFFSET);
            free(node);
            node = next;
        }
    }

    int generation(final int index)
    {
        return generations[index];
    }

    void bumpGeneration(final int index)
    {
        generations[index]++;
    }

    /**
     * @return records currently allocated.
     */
    int used()
    {
        return used;
    }

    /**
     * @return records the arena holds before it next grows.
     */
    int capacity()
    {
        return capacity;
    }

    /**
     * Free the memory. Afterwards the arena holds no record: {@link #capacity()} and {@link #used()} are 0, and
     * {@link #allocate()} and {@link #reserve()} throw {@link IllegalStateException}.
     */
    @Override
    public void close()
    {
        if (null != allocation)
        {
            buffer.wrap(0, 0);
            BufferUtil.free(allocation);
            allocation = null;
            capacity = 0;
            used = 0;
            freeHead = NULL_INDEX;
        }
    }

    /**
     * Allocate a direct buffer with room to align records to {@link EventDescriptor#RECORD_ALIGNMENT} and wrap
     * {@code buffer} over the aligned region. The allocation itself is returned so that it can be freed: Agrona
     * frees only a buffer it did not slice.
     */
    private static ByteBuffer allocateAligned(final UnsafeBuffer buffer, final int records)
    {
        final int length = records << RECORD_SHIFT;
        final ByteBuffer allocation = ByteBuffer.allocateDirect(length + RECORD_ALIGNMENT);
        final long address = BufferUtil.address(allocation);
        final int padding = (int)((RECORD_ALIGNMENT - (address & (RECORD_ALIGNMENT - 1))) & (RECORD_ALIGNMENT - 1));
        buffer.wrap(address + padding, length);
        return allocation;
    }

    private void linkFree(final int from, final int to)
    {
        for (int i = to - 1; i >= from; i--)
        {
            buffer.putInt((i << RECORD_SHIFT) + TYPE_OFFSET, TYPE_CANCELLED);
            buffer.putInt((i << RECORD_SHIFT) + NEXT_OFFSET, freeHead);
            freeHead = i;
        }
    }

    private void checkCanGrow()
    {
        if (null == allocation)
        {
            throw new IllegalStateException("event arena closed");
        }
        if (capacity >= EventDescriptor.MAX_RECORDS)
        {
            throw new ArenaFullException(capacity);
        }
    }

    private void growSlowPath()
    {
        checkCanGrow();
        final int newCapacity = (int)Math.min((long)capacity << 1, EventDescriptor.MAX_RECORDS);
        final UnsafeBuffer oldBuffer = new UnsafeBuffer(buffer.addressOffset(), buffer.capacity());
        final ByteBuffer oldAllocation = allocation;
        allocation = allocateAligned(buffer, newCapacity);
        buffer.putBytes(0, oldBuffer, 0, capacity << RECORD_SHIFT);
        BufferUtil.free(oldAllocation);

        final int[] newGenerations = new int[newCapacity];
        System.arraycopy(generations, 0, newGenerations, 0, capacity);
        Arrays.fill(newGenerations, capacity, newCapacity, FIRST_GENERATION);
        generations = newGenerations;

        final int oldCapacity = capacity;
        capacity = newCapacity;
        linkFree(oldCapacity, newCapacity);
    }
}
