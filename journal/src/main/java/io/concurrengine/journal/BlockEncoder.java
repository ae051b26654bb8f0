/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

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
 * checksum is one CRC32C pass (an intrinsic) per block in {@link #finish(long)}.
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

    private static final VarHandle SHORT_LE =
        MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT_LE = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);

    private final byte[] block;
    private final CRC32C crc = new CRC32C();
    private final int capacity;
    private final int maxRecords;
    private final int roomLimit;
    private final byte formatVersion;

    /** Last {@link JournalDescriptor#INPUT_HISTORY} inputs, 8 longs each: time, type, target, a0..a3, unused. */
    private final long[] history = new long[INPUT_HISTORY << HISTORY_SHIFT];
    private int historyCount;

    private int position;
    private int recordCount;
    private long lastTime;
    private long lastSeq;
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
        this(capacity, maxRecords, baseTime, baseSeq, FORMAT_VERSION);
    }

    /**
     * @param capacity      block capacity in bytes, see {@link JournalDescriptor#checkBlockCapacity(int)}.
     * @param maxRecords    records per block, at least 1.
     * @param baseTime      time before the first record.
     * @param baseSeq       seq before the first dispatch.
     * @param formatVersion written to every block; below {@link JournalDescriptor#INPUT_DISPATCHED_VERSION} the caller
     *                      must not use {@link #inputAndDispatch}.
     */
    BlockEncoder(
        final int capacity, final int maxRecords, final long baseTime, final long baseSeq, final int formatVersion)
    {
        checkBlockCapacity(capacity);
        if (formatVersion < 0 || formatVersion > 0xFF)
        {
            throw new IllegalArgumentException("formatVersion=" + formatVersion);
        }
        if (maxRecords < 1)
        {
            throw new IllegalArgumentException("maxRecordsPerBlock=" + maxRecords);
        }
        this.capacity = capacity;
        this.maxRecords = maxRecords;
        this.roomLimit = capacity - MAX_RECORD_LENGTH;
        this.block = new byte[capacity + Varint.WRITE_SLACK];
        this.formatVersion = (byte)formatVersion;
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

    void reset()
    {
        position = BLOCK_HEADER_LENGTH;
        recordCount = 0;
        historyCount = 0;
        prev0 = 0;
        prev1 = 0;
        prev2 = 0;
        prev3 = 0;
        LONG_LE.set(block, BASE_TIME_OFFSET, lastTime);
        LONG_LE.set(block, BASE_SEQ_OFFSET, lastSeq);
    }

    void input(final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final byte[] block = this.block;
        final int start = position;
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
        position = putEvent(block, position, TAG_INPUT_DISPATCHED | (failed ? TAG_FAILED_FLAG : 0), time,
            seq - lastSeq - 1, type, target, a0, a1, a2, a3);
        recordCount += 2;
        lastTime = time;
        lastSeq = seq;
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
     * Write one payload word as zz(value - prev) when that has fewer significant bits than zz(value), else as zz(value),
     * without a data-dependent branch. A word equal to prev, or 0, takes no bytes.
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
