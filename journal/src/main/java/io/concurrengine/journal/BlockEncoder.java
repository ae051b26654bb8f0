/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Encodes records into one off-heap block laid out as in {@link JournalDescriptor}. Not threadsafe.
 * <p>
 * Each append is O(1) and allocation-free; a DISPATCH looks back over at most {@link JournalDescriptor#INPUT_HISTORY}
 * inputs of the block for one it repeats. The caller checks {@link #hasRoom()} before every append and
 * {@link #finish()}es the block when it is full.
 */
final class BlockEncoder
{
    private static final int HISTORY_MASK = INPUT_HISTORY - 1;

    private final ByteBuffer byteBuffer;
    private final ByteBuffer checksumView;
    private final UnsafeBuffer buffer;
    private final CRC32C crc = new CRC32C();
    private final int capacity;
    private final int maxRecords;
    private final int roomLimit;

    private final long[] historyTime = new long[INPUT_HISTORY];
    private final long[] historyTarget = new long[INPUT_HISTORY];
    private final long[] historyA0 = new long[INPUT_HISTORY];
    private final long[] historyA1 = new long[INPUT_HISTORY];
    private final long[] historyA2 = new long[INPUT_HISTORY];
    private final long[] historyA3 = new long[INPUT_HISTORY];
    private final int[] historyType = new int[INPUT_HISTORY];
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
     * @param capacity   block capacity in bytes, see {@link JournalDescriptor#checkBlockCapacity(int)}.
     * @param maxRecords records per block, at least 1.
     * @param baseTime   time before the first record.
     * @param baseSeq    seq before the first dispatch.
     */
    BlockEncoder(final int capacity, final int maxRecords, final long baseTime, final long baseSeq)
    {
        checkBlockCapacity(capacity);
        if (maxRecords < 1)
        {
            throw new IllegalArgumentException("maxRecordsPerBlock=" + maxRecords);
        }
        this.capacity = capacity;
        this.maxRecords = maxRecords;
        this.roomLimit = capacity - MAX_RECORD_LENGTH;
        this.byteBuffer = BufferUtil.allocateDirectAligned(capacity, 64).order(ByteOrder.LITTLE_ENDIAN);
        this.checksumView = byteBuffer.duplicate();
        this.buffer = new UnsafeBuffer(byteBuffer);
        this.lastTime = baseTime;
        this.lastSeq = baseSeq;
        reset();
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    ByteBuffer byteBuffer()
    {
        return byteBuffer;
    }

    int capacity()
    {
        return capacity;
    }

    boolean hasRoom()
    {
        return position <= roomLimit && recordCount < maxRecords;
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
        buffer.putLong(BASE_TIME_OFFSET, lastTime);
        buffer.putLong(BASE_SEQ_OFFSET, lastSeq);
    }

    void input(final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final UnsafeBuffer buffer = this.buffer;
        final int start = position;
        buffer.putByte(start, (byte)TAG_INPUT);
        int index = Varint.putVarLong(buffer, start + 2, Varint.zigZag(time - lastTime));
        index = Varint.putVarLong(buffer, index, type & 0xFFFF_FFFFL);
        index = Varint.putVarLong(buffer, index, Varint.zigZag(target));
        index = putPayload(buffer, start + 1, index, a0, a1, a2, a3);
        position = index;
        recordCount++;
        lastTime = time;

        final int slot = historyCount++ & HISTORY_MASK;
        historyTime[slot] = time;
        historyType[slot] = type;
        historyTarget[slot] = target;
        historyA0[slot] = a0;
        historyA1[slot] = a1;
        historyA2[slot] = a2;
        historyA3[slot] = a3;
    }

    void advance(final long time)
    {
        final int start = position;
        buffer.putByte(start, (byte)TAG_ADVANCE);
        position = Varint.putVarLong(buffer, start + 1, Varint.zigZag(time - lastTime));
        recordCount++;
        lastTime = time;
    }

    void snapshot(final long snapshotId, final long time)
    {
        final int start = position;
        buffer.putByte(start, (byte)TAG_SNAPSHOT);
        final int index = Varint.putVarLong(buffer, start + 1, snapshotId);
        position = Varint.putVarLong(buffer, index, Varint.zigZag(time - lastTime));
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
        final UnsafeBuffer buffer = this.buffer;
        final int start = position;
        final long seqDelta = seq - lastSeq - 1;
        final int failedFlag = failed ? TAG_FAILED_FLAG : 0;
        if (distance > 0)
        {
            if (0 == seqDelta)
            {
                buffer.putByte(start, (byte)(TAG_DISPATCH_REF | failedFlag | TAG_NEXT_SEQ_FLAG |
                    ((distance - 1) << TAG_REF_DISTANCE_SHIFT)));
                position = start + 1;
            }
            else
            {
                buffer.putByte(start, (byte)(TAG_DISPATCH_REF | failedFlag | ((distance - 1) << TAG_REF_DISTANCE_SHIFT)));
                position = Varint.putVarLong(buffer, start + 1, Varint.zigZag(seqDelta));
            }
        }
        else
        {
            buffer.putByte(start, (byte)(TAG_DISPATCH | failedFlag));
            int index = Varint.putVarLong(buffer, start + 2, Varint.zigZag(time - lastTime));
            index = Varint.putVarLong(buffer, index, Varint.zigZag(seqDelta));
            index = Varint.putVarLong(buffer, index, type & 0xFFFF_FFFFL);
            index = Varint.putVarLong(buffer, index, Varint.zigZag(target));
            position = putPayload(buffer, start + 1, index, a0, a1, a2, a3);
        }
        recordCount++;
        lastTime = time;
        lastSeq = seq;
    }

    /**
     * Complete the block header and checksum. The block is then bytes [0, length) of {@link #buffer()}.
     *
     * @param blockIndex ordinal of this block in the journal.
     * @return block length in bytes.
     */
    int finish(final long blockIndex)
    {
        final UnsafeBuffer buffer = this.buffer;
        final int length = position;
        buffer.putInt(BLOCK_LENGTH_OFFSET, length);
        buffer.putLong(BLOCK_INDEX_OFFSET, blockIndex);
        buffer.putInt(RECORD_COUNT_OFFSET, recordCount);
        buffer.putByte(KIND_OFFSET, BLOCK_KIND_DATA);
        buffer.putByte(VERSION_OFFSET, (byte)FORMAT_VERSION);
        buffer.putShort(BLOCK_MAGIC_OFFSET, BLOCK_MAGIC);
        buffer.putInt(CHECKSUM_OFFSET, checksum(length));
        return length;
    }

    private int checksum(final int length)
    {
        return Checksum.compute(crc, checksumView, length);
    }

    private int findInput(
        final long time, final int type, final long target, final long a0, final long a1, final long a2, final long a3)
    {
        final int count = historyCount;
        final int limit = Math.min(count, INPUT_HISTORY);
        for (int distance = 1; distance <= limit; distance++)
        {
            final int slot = (count - distance) & HISTORY_MASK;
            if (historyTime[slot] == time && historyType[slot] == type && historyTarget[slot] == target &&
                historyA0[slot] == a0 && historyA1[slot] == a1 && historyA2[slot] == a2 && historyA3[slot] == a3)
            {
                return distance;
            }
        }
        return 0;
    }

    private int putPayload(
        final UnsafeBuffer buffer,
        final int descIndex,
        final int index,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        int i = index;
        int desc = 0;

        final int m0 = wordMode(a0, prev0);
        desc |= m0;
        i = putWord(buffer, i, m0, a0, prev0);

        final int m1 = wordMode(a1, prev1);
        desc |= m1 << 2;
        i = putWord(buffer, i, m1, a1, prev1);

        final int m2 = wordMode(a2, prev2);
        desc |= m2 << 4;
        i = putWord(buffer, i, m2, a2, prev2);

        final int m3 = wordMode(a3, prev3);
        desc |= m3 << 6;
        i = putWord(buffer, i, m3, a3, prev3);

        buffer.putByte(descIndex, (byte)desc);
        prev0 = a0;
        prev1 = a1;
        prev2 = a2;
        prev3 = a3;
        return i;
    }

    private static int wordMode(final long value, final long prev)
    {
        if (0 == value)
        {
            return WORD_ZERO;
        }
        if (value == prev)
        {
            return WORD_SAME;
        }
        return Long.compareUnsigned(Varint.zigZag(value - prev), Varint.zigZag(value)) < 0 ? WORD_DELTA : WORD_RAW;
    }

    private static int putWord(final UnsafeBuffer buffer, final int index, final int mode, final long value, final long prev)
    {
        switch (mode)
        {
            case WORD_DELTA:
                return Varint.putVarLong(buffer, index, Varint.zigZag(value - prev));
            case WORD_RAW:
                return Varint.putVarLong(buffer, index, Varint.zigZag(value));
            default:
                return index;
        }
    }
}
