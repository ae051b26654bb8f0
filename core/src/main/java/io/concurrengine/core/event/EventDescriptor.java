package io.concurrengine.core.event;

/**
 * Layout of one event record: a fixed 64-byte, cache-line sized, off-heap record holding one pending event.
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                          time (long)                          |  0
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          seq (long)                           |  8
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                          next (int)                           | 16
 *  +---------------------------------------------------------------+
 *  |                          type (int)                           | 20
 *  +---------------------------------------------------------------+
 *  |                         target (long)                         | 24
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           a0 (long)                           | 32
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           a1 (long)                           | 40
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           a2 (long)                           | 48
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                           a3 (long)                           | 56
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * <ul>
 *   <li>{@code time}: when the event is due, in the engine's time unit.</li>
 *   <li>{@code seq}: push order; ties on {@code time} are dispatched in ascending {@code seq} (FIFO).</li>
 *   <li>{@code next}: index of the next record in the list holding this one, or {@link #NULL_INDEX}.</li>
 *   <li>{@code type}: selects the handler method; non-negative for live events, {@link #TYPE_CANCELLED} once
 *   cancelled.</li>
 *   <li>{@code target}: the actor, instrument or entity key.</li>
 *   <li>{@code a0..a3}: payload.</li>
 * </ul>
 * Records are aligned to {@link #RECORD_ALIGNMENT} so that one record never straddles two cache lines.
 */
public final class EventDescriptor
{
    /** Offset of the due time. */
    public static final int TIME_OFFSET = 0;

    /** Offset of the push sequence number. */
    public static final int SEQ_OFFSET = TIME_OFFSET + Long.BYTES;

    /** Offset of the intrusive list link. */
    public static final int NEXT_OFFSET = SEQ_OFFSET + Long.BYTES;

    /** Offset of the event type. */
    public static final int TYPE_OFFSET = NEXT_OFFSET + Integer.BYTES;

    /** Offset of the target key. */
    public static final int TARGET_OFFSET = TYPE_OFFSET + Integer.BYTES;

    /** Offset of payload word 0. */
    public static final int A0_OFFSET = TARGET_OFFSET + Long.BYTES;

    /** Offset of payload word 1. */
    public static final int A1_OFFSET = A0_OFFSET + Long.BYTES;

    /** Offset of payload word 2. */
    public static final int A2_OFFSET = A1_OFFSET + Long.BYTES;

    /** Offset of payload word 3. */
    public static final int A3_OFFSET = A2_OFFSET + Long.BYTES;

    /** Length of one record in bytes. */
    public static final int RECORD_LENGTH = A3_OFFSET + Long.BYTES;

    /** log2 of {@link #RECORD_LENGTH}: record index to byte offset is a shift. */
    public static final int RECORD_SHIFT = 6;

    /** Alignment of the first record of an arena, and so of every record. */
    public static final int RECORD_ALIGNMENT = 64;

    /** Value of {@code next} that ends a list. */
    public static final int NULL_INDEX = -1;

    /** Type stored in a record whose event was cancelled and not yet reclaimed. */
    public static final int TYPE_CANCELLED = -1;

    /**
     * Largest number of records one arena may hold: its allocation, the records and the room to align them, must fit
     * an {@code int} (33,554,430 records, 2 GiB less 128 bytes).
     */
    public static final int MAX_RECORDS = (Integer.MAX_VALUE - RECORD_ALIGNMENT) >> RECORD_SHIFT;

    private EventDescriptor()
    {
    }

    /**
     * Byte offset of a record in its arena.
     *
     * @param index of the record.
     * @return its byte offset.
     */
    public static int offset(final int index)
    {
        return index << RECORD_SHIFT;
    }

    /**
     * Check that an arena of {@code capacity} records can be addressed.
     *
     * @param capacity in records.
     * @throws IllegalArgumentException if it is not positive or beyond {@link #MAX_RECORDS}.
     */
    public static void checkCapacity(final int capacity)
    {
        checkCapacity("capacity", capacity);
    }

    /**
     * Check that an arena of {@code capacity} records can be addressed, naming the caller's parameter when not.
     *
     * @param name     the parameter's name, as the error says it: {@code initialCapacity=0 must be in [1, ...]}.
     * @param capacity in records.
     * @throws IllegalArgumentException if it is not positive or beyond {@link #MAX_RECORDS}.
     */
    public static void checkCapacity(final String name, final int capacity)
    {
        if (capacity < 1 || capacity > MAX_RECORDS)
        {
            throw new IllegalArgumentException(name + "=" + capacity + " must be in [1, " + MAX_RECORDS + "]");
        }
    }
}
