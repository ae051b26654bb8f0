/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.zip.CRC32C;

import org.agrona.UnsafeApi;

import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Encodes records into one on-heap block laid out as in {@link JournalDescriptor}. Not threadsafe.
 * <p>
 * Each append is O(1) and allocation-free; a DISPATCH looks back over at most {@link JournalDescriptor#INPUT_HISTORY}
 * inputs of the block for one it repeats. The caller checks {@link #hasRoom()} before every append and
 * {@link #finish(long)}es the block when it is full.
 * <p>
 * Speed: the block is a {@code byte[]} with {@link Varint#WRITE_SLACK} spare bytes at its end, so every field of an
 * INPUT or DISPATCH is one unchecked 8-byte store (see {@link Varint#putLong(byte[], int, long)}: the room was checked
 * once for the record) and one length computation ({@code lzcnt}); payload words pick their coding without
 * branches, so a stream whose words change size does not mispredict; the event header is one 4-byte store; the
 * checksum is one CRC32C pass (an intrinsic) per block in {@link #finish(long)}. A PACKED record (format version 5)
 * skips the length computations and the header: its widths were planned from a probe of earlier events (see
 * {@link #inputAndDispatch}); planning is per block, at {@link #reset()}, and allocation-free too.
 */
final class BlockEncoder
{
    private static final int HISTORY_MASK = INPUT_HISTORY - 1;
    private static final int HISTORY_SHIFT = 3;
    private static final int H_TIME = 0;
    private static final int H_TYPE = 1;
    private static final int H_TARGET = 2;
    private static final int H_A0 = 3;
    private static final int H_A1 = 4;
    private static final int H_A2 = 5;
    private static final int H_A3 = 6;
    private static final int WORD_MASK = (1 << EVENT_WORD_BITS) - 1;

    /** Byte lengths 0..8. */
    private static final int LENGTHS = Long.BYTES + 1;
    private static final int PROBED_FIELDS = 12;
    private static final int PROBED_RAW_WORDS = 4;
    private static final int PROBED_DELTA_WORDS = 8;
    private static final int SLOT_SHIFT = 5;
    private static final int OVER = 0;
    private static final int WIDTH = 8;
    private static final int DELTA = 16;
    private static final int END = 24;
    private static final long LONG_ARRAY_BASE = UnsafeApi.arrayBaseOffset(long[].class);

    /** INPUT_DISPATCHED events, written in full and counted, that a layout is planned from. */
    static final int PROBE_EVENTS = 1024;

    /** A layout is planned again, from a new probe, after this many probes' worth of events. */
    static final int REPLAN_PROBES = 128;

    /** A layout is dropped early when more than one event in this many did not fit it (after a probe's worth). */
    static final int ESCAPE_SHARE = 16;

    /**
     * What an event that does not fit the layout costs, in bytes of width, when a layout is planned: it is written
     * in full (about 13 bytes) and takes the encoder's slow path.
     */
    static final int ESCAPE_COST = 24;

    private static final VarHandle SHORT_LE =
        MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE =
        MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] block;
    private final CRC32C crc = new CRC32C();
    private final int capacity;
    private final int maxRecords;
    private final int roomLimit;
    private final byte formatVersion;

    /** Last {@link JournalDescriptor#INPUT_HISTORY} inputs, 8 longs each: time, type, target, a0..a3, unused. */
    private final long[] history = new long[INPUT_HISTORY << HISTORY_SHIFT];
    private int historyCount;

    /** Whether this encoder plans layouts and writes PACKED records. */
    private final boolean mayPack;
    private final int probeEvents;
    private final long replanEvents;

    /**
     * How many of the probed events of each type slot had each field at each byte length: per slot,
     * {@code PROBED_FIELDS} rows of 9 (lengths 0..8): time, seq, type, target, then a0..a3 as zz(value), then a0..a3
     * as zz(value - prev).
     */
    private final int[] lengthCounts = new int[LAYOUT_SLOTS * PROBED_FIELDS * LENGTHS];
    private final int[] probedBySlot = new int[LAYOUT_SLOTS];
    private int probedEvents;

    /**
     * The layouts in force, {@code 1 << SLOT_SHIFT} longs a type slot: at {@code OVER} the bits above each field's
     * width (a value with any of them set does not fit), at {@code WIDTH} the widths, at {@code DELTA} -1 where a
     * payload word is coded as zz(value - prev), 0 where as zz(value), and at {@code END} where each field ends,
     * counted from the first field's start: a PACKED record's eight stores then each take their offset from one
     * load instead of a chain of additions (JournalAppendBenchmark: 30.7 against 34.8 ns per event, medians of eight
     * alternating forks, bench/results/pipeline/session-41/). {@code inputAndDispatch} reads those ends without a
     * range check: a slot is at most {@code OTHER_TYPES_SLOT}, so its row lies inside the array.
     */
    private final long[] layouts = new long[LAYOUT_SLOTS << SLOT_SHIFT];

    /** Layouts are in force: INPUT_DISPATCHED events that fit their type's are written as PACKED records. */
    private boolean packing;
    /** Bit S: the current block holds the LAYOUT of type slot S. */
    private int layoutsInBlock;
    private long eventsSincePlan;
    private long escapesSincePlan;
    private long packedEvents;
    private long escapedEvents;

    private int position;
    private int recordCount;
    /**
     * Where the current unit's records start in this block: the last INPUT, ADVANCE or input dispatched at once, with
     * everything appended after it; {@code recordCount << 32 | position} then, or -1 when the unit began in an earlier
     * block (or none did). See {@link #discardUnit()}.
     */
    private long unitStart = -1;
    private long lastTime;
    private long lastSeq;
    /** {@link #lastTime} and {@link #lastSeq} at {@link #reset()}: the current block's BASE_TIME and BASE_SEQ. */
    private long baseTime;
    private long baseSeq;
    private long prev0;
    private long prev1;
    private long prev2;
    private long prev3;

    /**
     * An encoder of {@link JournalDescriptor#FORMAT_VERSION} blocks.
     *
     * @param capacity   block capacity in bytes, see {@link JournalDescriptor#checkBlockCapacity(int)}.
     * @param maxRecords records per block, at least 1.
     * @param baseTime   time before the first record.
     * @param baseSeq    seq before the first dispatch.
     */
    BlockEncoder(final int capacity, final int maxRecords, final long baseTime, final long baseSeq)
    {
        this(capacity, maxRecords, baseTime, baseSeq, FORMAT_VERSION, true, PROBE_EVENTS);
    }

    /**
     * @param capacity      block capacity in bytes, see {@link JournalDescriptor#checkBlockCapacity(int)}.
     * @param maxRecords    records per block, at least 1.
     * @param baseTime      time before the first record.
     * @param baseSeq       seq before the first dispatch.
     * @param formatVersion written to every block; below {@link JournalDescriptor#INPUT_DISPATCHED_VERSION} the caller
     *                      must not use {@link #inputAndDispatch}.
     * @param packed        write PACKED records (format version {@link JournalDescriptor#PACKED_VERSION} and later):
     *                      fixed-width fields for a few more bytes per event and much less work than INPUT_DISPATCHED.
     * @param probeEvents   events a layout is planned from ({@link #PROBE_EVENTS}; tests use fewer); a layout is
     *                      planned again after 128 times as many.
     */
    BlockEncoder(
        final int capacity,
        final int maxRecords,
        final long baseTime,
        final long baseSeq,
        final int formatVersion,
        final boolean packed,
        final int probeEvents)
    {
        checkBlockCapacity(capacity);
        if (formatVersion < 0 || formatVersion > 0xFF)
        {
            throw new IllegalArgumentException("formatVersion=" + formatVersion);
        }
        if (probeEvents < 1)
        {
            throw new IllegalArgumentException("probeEvents=" + probeEvents);
        }
        if (maxRecords < 1)
        {
            throw new IllegalArgumentException("maxRecordsPerBlock=" + maxRecords);
        }
        this.capacity = capacity;
        this.maxRecords = maxRecords;
        this.block = new byte[capacity + Varint.WRITE_SLACK];
        this.formatVersion = (byte)formatVersion;
        this.mayPack = packed && formatVersion >= PACKED_VERSION;
        // a PACKED record may bring its slot's LAYOUT with it
        this.roomLimit = capacity - MAX_RECORD_LENGTH - (mayPack ? LAYOUT_RECORD_LENGTH : 0);
        this.probeEvents = probeEvents;
        this.replanEvents = (long)probeEvents * REPLAN_PROBES;
        this.lastTime = baseTime;
        this.lastSeq = baseSeq;
        reset();
    }

    /**
     * @return the block: bytes [0, {@link #length()}) after {@link #finish(long)}; the array is longer than that.
     */
    byte[] array()
    {
        return block;
    }

    int capacity()
    {
        return capacity;
    }

    boolean hasRoom()
    {
        return position <= roomLimit && recordCount < maxRecords;
    }

    /**
     * Report no room from now on, so that every append goes to the caller's slow path (a writer that failed or
     * closed refuses appends there, at no cost to the appends before). Until {@link #reset()}.
     */
    void refuseAppends()
    {
        position = Integer.MAX_VALUE;
    }

    /**
     * @return true if an {@link #inputAndDispatch} (two records) fits.
     */
    boolean hasRoomForPair()
    {
        return position <= roomLimit && recordCount < maxRecords - 1;
    }

    int maxRecords()
    {
        return maxRecords;
    }

    boolean isEmpty()
    {
        return 0 == recordCount;
    }

    int recordCount()
    {
        return recordCount;
    }

    /**
     * Bytes the block would have if finished now.
     *
     * @return length including the block header.
     */
    int length()
    {
        return position;
    }

    long lastTime()
    {
        return lastTime;
    }

    long lastSeq()
    {
        return lastSeq;
    }

    /**
     * @return the current block's base time: the time of the last record of the blocks finished before it (the
     * encoder's base time before the first).
     */
    long baseTime()
    {
        return baseTime;
    }

    /**
     * @return the current block's base seq: the seq of the last dispatch of the blocks finished before it (the
     * encoder's base seq before the first).
     */
    long baseSeq()
    {
        return baseSeq;
    }

    void reset()
    {
        position = BLOCK_HEADER_LENGTH;
        recordCount = 0;
        unitStart = -1;
        historyCount = 0;
        prev0 = 0;
        prev1 = 0;
        prev2 = 0;
        prev3 = 0;
        baseTime = lastTime;
        baseSeq = lastSeq;
        LONG_LE.set(block, BASE_TIME_OFFSET, baseTime);
        LONG_LE.set(block, BASE_SEQ_OFFSET, baseSeq);
        if (mayPack)
        {
            planBlock();
        }
    }

    /**
     * @return INPUT_DISPATCHED events written as PACKED records so far.
     */
    long packedEvents()
    {
        return packedEvents + (packing ? eventsSincePlan - escapesSincePlan : 0);
    }

    /**
     * @return INPUT_DISPATCHED events written in full while a layout was in force (they did not fit it).
     */
    long escapedEvents()
    {
        return escapedEvents;
    }

    /**
     * @return whether a layout is in force for the current block.
     */
    boolean isPacking()
    {
        return packing;
    }

    /**
     * @param slot  type slot, see {@link #slot(int)}.
     * @param field 0..7: time, seq, type, target, a0..a3.
     * @return the width of the field in the slot's layout.
     */
    int width(final int slot, final int field)
    {
        return (int)layouts[(slot << SLOT_SHIFT) + WIDTH + field];
    }

    /**
     * @return the type slot of an event type: its own for types 0..6, {@link JournalDescriptor#OTHER_TYPES_SLOT} for
     * every other.
     */
    static int slot(final int type)
    {
        return Integer.compareUnsigned(type, OTHER_TYPES_SLOT) < 0 ? type : OTHER_TYPES_SLOT;
    }

    /**
     * At a block's start: keep, drop or plan the layouts. A slot's LAYOUT is written before the block's first PACKED
     * record of that slot.
     */
    private void planBlock()
    {
        layoutsInBlock = 0;
        if (packing)
        {
            if (eventsSincePlan >= replanEvents ||
                (eventsSincePlan >= probeEvents && escapesSincePlan * ESCAPE_SHARE > eventsSincePlan))
            {
                packedEvents += eventsSincePlan - escapesSincePlan;
                packing = false;
                probedEvents = 0;
                Arrays.fill(probedBySlot, 0);
                Arrays.fill(lengthCounts, 0);
            }
        }
        else if (probedEvents >= probeEvents)
        {
            plan();
        }
    }

    /**
     * Write the LAYOUT record of a type slot.
     *
     * @return index after it.
     */
    private int putLayout(final byte[] block, final int index, final int slot)
    {
        final long[] layouts = this.layouts;
        final int base = slot << SLOT_SHIFT;
        int widths = 0;
        int deltaBits = 0;
        for (int field = 0; field < PACKED_FIELDS; field++)
        {
            widths |= (int)layouts[base + WIDTH + field] << (field * LAYOUT_WIDTH_BITS);
        }
        for (int word = 0; word < PROBED_RAW_WORDS; word++)
        {
            deltaBits |= (int)layouts[base + DELTA + word] & (1 << word);
        }
        block[index] = (byte)(TAG_PACKED | TAG_LAYOUT_FLAG | slot << TAG_SLOT_SHIFT);
        Varint.putInt(block, index + 1, widths);
        block[index + LAYOUT_DELTA_OFFSET] = (byte)deltaBits;
        layoutsInBlock |= 1 << slot;
        return index + LAYOUT_RECORD_LENGTH;
    }

    /**
     * Choose, for each type slot, each field's width and each payload word's coding for the least expected bytes per
     * event: width plus {@link #ESCAPE_COST} times the share of the slot's probed events that would not fit. A slot
     * with no probed event gets widths 0 and fits only an event whose fields are all 0.
     */
    private void plan()
    {
        final long[] layouts = this.layouts;
        for (int slot = 0; slot < LAYOUT_SLOTS; slot++)
        {
            final int base = slot << SLOT_SHIFT;
            final int events = probedBySlot[slot];
            for (int field = 0; field < PROBED_RAW_WORDS; field++)
            {
                setWidth(base, field, 0 == events ? 0 : (int)cheapestWidth(slot, field, events) & LAYOUT_WIDTH_MASK);
            }
            for (int word = 0; word < PROBED_RAW_WORDS; word++)
            {
                boolean useDelta = false;
                int width = 0;
                if (events > 0)
                {
                    final long raw = cheapestWidth(slot, PROBED_RAW_WORDS + word, events);
                    final long delta = cheapestWidth(slot, PROBED_DELTA_WORDS + word, events);
                    useDelta = (delta >>> LAYOUT_WIDTH_BITS) < (raw >>> LAYOUT_WIDTH_BITS);
                    width = (int)(useDelta ? delta : raw) & LAYOUT_WIDTH_MASK;
                }
                setWidth(base, PROBED_RAW_WORDS + word, width);
                layouts[base + DELTA + word] = useDelta ? -1L : 0L;
            }
            setEnds(base);
        }
        packing = true;
        eventsSincePlan = 0;
        escapesSincePlan = 0;
    }

    private void setWidth(final int base, final int field, final int width)
    {
        layouts[base + WIDTH + field] = width;
        layouts[base + OVER + field] = overMask(width);
    }

    /**
     * Where each field of a slot's PACKED record ends, from its widths (after every {@link #setWidth} of the slot).
     */
    private void setEnds(final int base)
    {
        long end = 0;
        for (int field = 0; field < PACKED_FIELDS; field++)
        {
            end += layouts[base + WIDTH + field];
            layouts[base + END + field] = end;
        }
    }

    /**
     * @return the cheapest width of a probed field of a slot in the low {@link JournalDescriptor#LAYOUT_WIDTH_BITS}
     * bits, its cost (bytes times probed events) above them.
     */
    private long cheapestWidth(final int slot, final int field, final int events)
    {
        final int[] counts = lengthCounts;
        final int base = (slot * PROBED_FIELDS + field) * LENGTHS;
        long above = events;
        long best = Long.MAX_VALUE;
        for (int width = 0; width < LENGTHS; width++)
        {
            above -= counts[base + width];
            final long cost = (long)width * events + ESCAPE_COST * above;
            if ((cost << LAYOUT_WIDTH_BITS | width) < best)
            {
                best = cost << LAYOUT_WIDTH_BITS | width;
            }
        }
        return best;
    }

    private static long overMask(final int width)
    {
        return width >= Long.BYTES ? 0 : -1L << (width << 3);
    }

    /**
     * Count the byte length of each field of an INPUT_DISPATCHED in both payload codings, before it is written.
     */
    private void probe(
        final long time, final long seq, final int type, final long target, final long a0, final long a1, final long a2,
        final long a3)
    {
        final int[] counts = lengthCounts;
        final int slot = slot(type);
        final int base = slot * PROBED_FIELDS * LENGTHS;
        counts[base + Varint.byteLength(Varint.zigZag(time - lastTime))]++;
        counts[base + LENGTHS + Varint.byteLength(Varint.zigZag(seq - lastSeq - 1))]++;
        counts[base + 2 * LENGTHS + Varint.byteLength((type ^ slot) & 0xFFFF_FFFFL)]++;
        counts[base + 3 * LENGTHS + Varint.byteLength(Varint.zigZag(target))]++;
        counts[base + 4 * LENGTHS + Varint.byteLength(Varint.zigZag(a0))]++;
        counts[base + 5 * LENGTHS + Varint.byteLength(Varint.zigZag(a1))]++;
        counts[base + 6 * LENGTHS + Varint.byteLength(Varint.zigZag(a2))]++;
        counts[base + 7 * LENGTHS + Varint.byteLength(Varint.zigZag(a3))]++;
        counts[base + 8 * LENGTHS + Varint.byteLength(Varint.zigZag(a0 - prev0))]++;
        counts[base + 9 * LENGTHS + Varint.byteLength(Varint.zigZag(a1 - prev1))]++;
        counts[base + 10 * LENGTHS + Varint.byteLength(Varint.zigZag(a2 - prev2))]++;
        counts[base + 11 * LENGTHS + Varint.byteLength(Varint.zigZag(a3 - prev3))]++;
        probedBySlot[slot]++;
        probedEvents++;
    }

    void input(
        final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final byte[] block = this.block;
        final int start = position;
        unitStart = (long)recordCount << 32 | start;
        int index = start + EVENT_HEADER_LENGTH;

        final long timeDelta = Varint.zigZag(time - lastTime);
        final int timeCode = Varint.lengthCode(timeDelta);
        Varint.putLong(block, index, timeDelta);
        index += Varint.fieldLength(timeCode);

        final long unsignedType = type & 0xFFFF_FFFFL;
        final int typeCode = Varint.lengthCode(unsignedType);
        Varint.putLong(block, index, unsignedType);
        index += typeCode;

        final long zzTarget = Varint.zigZag(target);
        final int targetCode = Varint.lengthCode(zzTarget);
        Varint.putLong(block, index, zzTarget);
        index += Varint.fieldLength(targetCode);

        position = putPayload(block, start, index, TAG_INPUT | timeCode << EVENT_TIME_SHIFT |
            typeCode << EVENT_TYPE_SHIFT | targetCode << EVENT_TARGET_SHIFT, a0, a1, a2, a3);
        recordCount++;
        lastTime = time;

        final long[] history = this.history;
        final int base = (historyCount++ & HISTORY_MASK) << HISTORY_SHIFT;
        history[base + H_TIME] = time;
        history[base + H_TYPE] = type;
        history[base + H_TARGET] = target;
        history[base + H_A0] = a0;
        history[base + H_A1] = a1;
        history[base + H_A2] = a2;
        history[base + H_A3] = a3;
    }

    void advance(final long time)
    {
        final int start = position;
        unitStart = (long)recordCount << 32 | start;
        block[start] = (byte)TAG_ADVANCE;
        position = Varint.putVarLong(block, start + 1, Varint.zigZag(time - lastTime));
        recordCount++;
        lastTime = time;
    }

    void snapshot(final long snapshotId, final long time)
    {
        final int start = position;
        block[start] = (byte)TAG_SNAPSHOT;
        final int index = Varint.putVarLong(block, start + 1, snapshotId);
        position = Varint.putVarLong(block, index, Varint.zigZag(time - lastTime));
        recordCount++;
        lastTime = time;
    }

    void dispatch(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        final int distance = findInput(time, type, target, a0, a1, a2, a3);
        final byte[] block = this.block;
        final int start = position;
        final long seqDelta = seq - lastSeq - 1;
        final int failedFlag = failed ? TAG_FAILED_FLAG : 0;
        if (distance > 0)
        {
            if (0 == seqDelta)
            {
                block[start] = (byte)(TAG_DISPATCH_REF | failedFlag | TAG_NEXT_SEQ_FLAG |
                    ((distance - 1) << TAG_REF_DISTANCE_SHIFT));
                position = start + 1;
            }
            else
            {
                block[start] = (byte)(TAG_DISPATCH_REF | failedFlag | ((distance - 1) << TAG_REF_DISTANCE_SHIFT));
                position = Varint.putVarLong(block, start + 1, Varint.zigZag(seqDelta));
            }
        }
        else
        {
            position = putEvent(block, start, TAG_DISPATCH | failedFlag, time, seqDelta, type, target, a0, a1, a2, a3);
        }
        recordCount++;
        lastTime = time;
        lastSeq = seq;
    }

    /**
     * Append an INPUT and its DISPATCH as one INPUT_DISPATCHED record: the same records as
     * {@code input(time, type, ...)} then {@code dispatch(time, seq, type, ..., failed)}, without the input history
     * stores and the history search. The caller checks {@link #hasRoomForPair()} first; format version 3 and later.
     * <p>
     * While a layout is in force (format version 5) and every field fits its width, the pair is one PACKED record:
     * the tag byte and eight stores at offsets the layout fixes, with no length computed and no branch on the values.
     * Anything that does not fit, and every event of a probe, takes {@link #inputAndDispatchInFull}.
     */
    void inputAndDispatch(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        if (packing)
        {
            eventsSincePlan++;
            final int slot = slot(type);
            final long[] layout = layouts;
            final int base = slot << SLOT_SHIFT;
            final long timeField = Varint.zigZag(time - lastTime);
            final long seqField = Varint.zigZag(seq - lastSeq - 1);
            final long typeField = (type ^ slot) & 0xFFFF_FFFFL;
            final long targetField = Varint.zigZag(target);
            final long word0 = Varint.zigZag(a0 - (prev0 & layout[base + DELTA]));
            final long word1 = Varint.zigZag(a1 - (prev1 & layout[base + DELTA + 1]));
            final long word2 = Varint.zigZag(a2 - (prev2 & layout[base + DELTA + 2]));
            final long word3 = Varint.zigZag(a3 - (prev3 & layout[base + DELTA + 3]));
            if (((timeField & layout[base + OVER]) | (seqField & layout[base + OVER + 1]) |
                (typeField & layout[base + OVER + 2]) | (targetField & layout[base + OVER + 3]) |
                (word0 & layout[base + OVER + 4]) | (word1 & layout[base + OVER + 5]) |
                (word2 & layout[base + OVER + 6]) | (word3 & layout[base + OVER + 7])) == 0)
            {
                final byte[] block = this.block;
                int index = position;
                unitStart = (long)recordCount << 32 | index;
                if ((layoutsInBlock & (1 << slot)) == 0)
                {
                    index = putLayout(block, index, slot);
                }
                Varint.putLong(block, index, TAG_PACKED | (failed ? TAG_FAILED_FLAG : 0) | slot << TAG_SLOT_SHIFT);
                final int start = index + 1;
                final long at = LONG_ARRAY_BASE + ((long)base + END) * Long.BYTES;
                Varint.putLong(block, start, timeField);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at), seqField);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 8), typeField);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 16), targetField);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 24), word0);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 32), word1);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 40), word2);
                Varint.putLong(block, start + (int)UnsafeApi.getLong(layout, at + 48), word3);
                position = start + (int)UnsafeApi.getLong(layout, at + 56);
                prev0 = a0;
                prev1 = a1;
                prev2 = a2;
                prev3 = a3;
                recordCount += 2;
                lastTime = time;
                lastSeq = seq;
                return;
            }
        }
        inputAndDispatchInFull(time, seq, type, target, a0, a1, a2, a3, failed);
    }

    /**
     * The INPUT_DISPATCHED record, and the probe's or the escape's count. Kept out of {@link #inputAndDispatch}'s fast
     * path: the JIT would otherwise compute the length codes this needs on every call, ahead of the branch.
     */
    private void inputAndDispatchInFull(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final boolean failed)
    {
        unitStart = (long)recordCount << 32 | position;
        if (packing)
        {
            escapesSincePlan++;
            escapedEvents++;
        }
        else if (mayPack)
        {
            probe(time, seq, type, target, a0, a1, a2, a3);
        }
        position = putEvent(block, position, TAG_INPUT_DISPATCHED | (failed ? TAG_FAILED_FLAG : 0), time,
            seq - lastSeq - 1, type, target, a0, a1, a2, a3);
        recordCount += 2;
        lastTime = time;
        lastSeq = seq;
    }

    /**
     * Take back the current unit: the last INPUT, ADVANCE or input dispatched at once appended and every record after
     * it (the dispatches it caused), when they all lie in this block. For a shard whose handler threw an {@link Error}
     * mid-unit: nothing may be appended after this, only {@link #finish(long)} or {@link #finishEnd(long, long)}.
     * The clock ({@link #lastTime}, {@link #lastSeq}) is not taken back, so the END block that follows carries the
     * discarded unit's in its BASE_TIME and BASE_SEQ, which no reader uses. Keeping the clock at each unit's start to
     * take it back cost 0.7 ns per event in JournalAppendBenchmark (24.60 to 25.31 ns over twelve alternating rounds,
     * bench/results/pipeline/session-36/jmh-encoder), so it is not kept.
     *
     * @return false if the unit began in an earlier block, already finished: nothing was taken back.
     */
    boolean discardUnit()
    {
        final long start = unitStart;
        if (start < 0)
        {
            return false;
        }
        position = (int)start;
        recordCount = (int)(start >>> 32);
        unitStart = -1;
        return true;
    }

    /**
     * Complete the block header and checksum. The block is then bytes [0, length) of {@link #array()}.
     *
     * @param blockIndex ordinal of this block in the journal.
     * @return block length in bytes.
     */
    int finish(final long blockIndex)
    {
        return finish(blockIndex, BLOCK_KIND_DATA);
    }

    private int finish(final long blockIndex, final byte kind)
    {
        final byte[] block = this.block;
        final int length = position;
        INT_LE.set(block, BLOCK_LENGTH_OFFSET, length);
        LONG_LE.set(block, BLOCK_INDEX_OFFSET, blockIndex);
        INT_LE.set(block, RECORD_COUNT_OFFSET, recordCount);
        block[KIND_OFFSET] = kind;
        block[VERSION_OFFSET] = formatVersion;
        SHORT_LE.set(block, BLOCK_MAGIC_OFFSET, BLOCK_MAGIC);
        INT_LE.set(block, CHECKSUM_OFFSET, Checksum.compute(crc, block, length));
        return length;
    }

    /**
     * Replace the block's content with an END block (format version 4), which closes the journal. The encoder is
     * {@link #reset()} first; the block is then bytes [0, {@link JournalDescriptor#END_BLOCK_LENGTH}) of
     * {@link #array()}.
     *
     * @param blockIndex   ordinal of this block in the journal.
     * @param totalRecords records the journal's data blocks hold.
     * @return block length in bytes.
     */
    int finishEnd(final long blockIndex, final long totalRecords)
    {
        reset();
        LONG_LE.set(block, TOTAL_RECORDS_OFFSET, totalRecords);
        position = END_BLOCK_LENGTH;
        return finish(blockIndex, BLOCK_KIND_END);
    }

    private int findInput(
        final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final long[] history = this.history;
        final int count = historyCount;
        final int limit = Math.min(count, INPUT_HISTORY);
        for (int distance = 1; distance <= limit; distance++)
        {
            final int base = ((count - distance) & HISTORY_MASK) << HISTORY_SHIFT;
            if (history[base + H_TIME] == time && history[base + H_TYPE] == type &&
                history[base + H_TARGET] == target && history[base + H_A0] == a0 && history[base + H_A1] == a1 &&
                history[base + H_A2] == a2 && history[base + H_A3] == a3)
            {
                return distance;
            }
        }
        return 0;
    }

    /**
     * Write a DISPATCH or INPUT_DISPATCHED: the event header's tag byte, then every field.
     *
     * @return index after the record.
     */
    private int putEvent(
        final byte[] block,
        final int start,
        final int tag,
        final long time,
        final long seqDelta,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        int index = start + EVENT_HEADER_LENGTH;

        final long timeDelta = Varint.zigZag(time - lastTime);
        final int timeCode = Varint.lengthCode(timeDelta);
        Varint.putLong(block, index, timeDelta);
        index += Varint.fieldLength(timeCode);

        final long zzSeq = Varint.zigZag(seqDelta);
        final int seqCode = Varint.lengthCode(zzSeq);
        Varint.putLong(block, index, zzSeq);
        index += Varint.fieldLength(seqCode);

        final long unsignedType = type & 0xFFFF_FFFFL;
        final int typeCode = Varint.lengthCode(unsignedType);
        Varint.putLong(block, index, unsignedType);
        index += typeCode;

        final long zzTarget = Varint.zigZag(target);
        final int targetCode = Varint.lengthCode(zzTarget);
        Varint.putLong(block, index, zzTarget);
        index += Varint.fieldLength(targetCode);

        return putPayload(block, start, index, tag | timeCode << EVENT_TIME_SHIFT |
            seqCode << EVENT_SEQ_SHIFT | typeCode << EVENT_TYPE_SHIFT | targetCode << EVENT_TARGET_SHIFT,
            a0, a1, a2, a3);
    }

    /**
     * Write the payload words from {@code index}, then the event header at {@code start}.
     *
     * @return index after the record.
     */
    private int putPayload(
        final byte[] block,
        final int start,
        final int index,
        final int header,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        final int w0 = putWord(block, index, a0, prev0);
        final int w1 = putWord(block, w0 >>> EVENT_WORD_BITS, a1, prev1);
        final int w2 = putWord(block, w1 >>> EVENT_WORD_BITS, a2, prev2);
        final int w3 = putWord(block, w2 >>> EVENT_WORD_BITS, a3, prev3);
        final int words = (w0 & WORD_MASK) | (w1 & WORD_MASK) << EVENT_WORD_BITS |
            (w2 & WORD_MASK) << (2 * EVENT_WORD_BITS) | (w3 & WORD_MASK) << (3 * EVENT_WORD_BITS);
        Varint.putInt(block, start, header | words << EVENT_WORD_SHIFT);
        prev0 = a0;
        prev1 = a1;
        prev2 = a2;
        prev3 = a3;
        return w3 >>> EVENT_WORD_BITS;
    }

    /**
     * Write one payload word as zz(value - prev) when that has fewer significant bits than zz(value), else as
     * zz(value), without a data-dependent branch. A word equal to prev, or 0, takes no bytes.
     *
     * @return index after the word shifted left by {@link JournalDescriptor#EVENT_WORD_BITS}, or'ed with the word's
     * 4 bits of the event header.
     */
    private static int putWord(final byte[] block, final int index, final long value, final long prev)
    {
        final long raw = Varint.zigZag(value);
        final long delta = Varint.zigZag(value - prev);
        final int useDelta = (Long.numberOfLeadingZeros(raw) - Long.numberOfLeadingZeros(delta)) >>> 31;
        final long coded = raw ^ ((raw ^ delta) & -(long)useDelta);
        final int code = Varint.lengthCode(coded);
        Varint.putLong(block, index, coded);
        return ((index + Varint.fieldLength(code)) << EVENT_WORD_BITS) | (useDelta << LENGTH_CODE_BITS) | code;
    }
}
