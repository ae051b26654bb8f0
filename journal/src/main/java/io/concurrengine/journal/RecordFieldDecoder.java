/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;

import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * The record-level half of {@link BlockDecoder}: reads the fields of one record at a time from the bytes of the block
 * being decoded (an event header and the raw little-endian fields it announces, a LAYOUT, a PACKED record's fields
 * at the widths its layout fixes, LEB128 varints) and keeps the state those codings run on within a block: the
 * cursor, the payload words of the previous event and the layouts in force. Malformed bytes are reported naming the
 * record being decoded. Not threadsafe; allocation-free. Replay's hot path: every method is small and reads
 * {@code this}'s fields only.
 */
final class RecordFieldDecoder
{
    private static final int SLOT_BITS = (LAYOUT_SLOTS - 1) << TAG_SLOT_SHIFT;
    private static final int DELTA_BITS = (1 << 4) - 1;

    /** The low {@code n} bytes of a long, for n = 0..8. */
    private static final long[] FIELD_MASKS =
        { 0L, 0xFFL, 0xFFFFL, 0xFF_FFFFL, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFFL, 0xFF_FFFF_FFFF_FFFFL, -1L };

    private CycleFileScanner scanner;
    private UnsafeBuffer buffer;
    private int cursor;
    private int end;
    private int recordIndex;
    private long prev0;
    private long prev1;
    private long prev2;
    private long prev3;

    /** Bit S: a LAYOUT record of type slot S is in force in the current block. */
    private int layoutSlots;

    /** Per type slot: the widths of the eight fields, then the delta flags. */
    private final int[] layouts = new int[LAYOUT_SLOTS * (PACKED_FIELDS + 1)];

    /**
     * @param scanner whose current document holds every block decoded from now on; names it in reports.
     */
    void attach(final CycleFileScanner scanner)
    {
        this.scanner = scanner;
    }

    /**
     * Start on a block's records: no payload words before the first event, no layout in force.
     *
     * @param buffer holding the block.
     * @param from   buffer index of its first record.
     * @param end    buffer index just past its last byte.
     */
    void start(final UnsafeBuffer buffer, final int from, final int end)
    {
        this.buffer = buffer;
        cursor = from;
        this.end = end;
        prev0 = 0;
        prev1 = 0;
        prev2 = 0;
        prev3 = 0;
        layoutSlots = 0;
    }

    /**
     * @return the buffer index just past the bytes read so far.
     */
    int cursor()
    {
        return cursor;
    }

    /**
     * @param recordIndex the record whose bytes are read from now on, named by every report.
     */
    void recordIndex(final int recordIndex)
    {
        this.recordIndex = recordIndex;
    }

    /**
     * Start on record {@code i} of {@code count}: read its tag byte.
     *
     * @return the tag byte, unsigned.
     * @throws JournalCorruptException if the block has no bytes left.
     */
    int nextTag(final int i, final int count)
    {
        recordIndex = i;
        if (cursor >= end)
        {
            throw corrupt(MALFORMED_BLOCK, i, "block ends before record " + i + " of recordCount=" + count);
        }
        return buffer.getByte(cursor++) & 0xFF;
    }

    /**
     * @param count the block's record count, all of them read.
     * @throws JournalCorruptException if bytes are left after them.
     */
    void checkEnd(final int count)
    {
        if (cursor != end)
        {
            throw corrupt(MALFORMED_BLOCK, count, (end - cursor) + " bytes after the last of recordCount=" + count);
        }
    }

    /**
     * @return true if a LAYOUT of the type slot is in force in the block.
     */
    boolean hasLayout(final int slot)
    {
        return (layoutSlots & (1 << slot)) != 0;
    }

    /**
     * Check the tag of a LAYOUT record, whose tag byte was just read, and put the layout in force for its type slot.
     */
    void decodeLayout(final int tag)
    {
        checkFlags(tag, TAG_LAYOUT_FLAG | SLOT_BITS);
        readLayout(tag >>> TAG_SLOT_SHIFT);
    }

    /**
     * Read a LAYOUT record whose tag byte was just read and put it in force for its type slot.
     */
    private void readLayout(final int slot)
    {
        final int start = cursor;
        if (LAYOUT_RECORD_LENGTH - 1 > end - start)
        {
            throw pastEnd();
        }
        final int widths = buffer.getInt(start, ByteOrder.LITTLE_ENDIAN);
        final int delta = buffer.getByte(start + LAYOUT_DELTA_OFFSET - 1) & 0xFF;
        final int base = slot * (PACKED_FIELDS + 1);
        for (int field = 0; field < PACKED_FIELDS; field++)
        {
            final int width = (widths >>> (field * LAYOUT_WIDTH_BITS)) & LAYOUT_WIDTH_MASK;
            final int max = PACKED_TYPE_FIELD == field ? MAX_TYPE_LENGTH : Long.BYTES;
            if (width > max)
            {
                throw corrupt(MALFORMED_BLOCK, recordIndex, "layout width of field " + field + " is " + width +
                    " bytes (at most " + max + ") in widths=0x" + Integer.toHexString(widths) + " of type slot " +
                    slot);
            }
            layouts[base + field] = width;
        }
        if ((delta & ~DELTA_BITS) != 0)
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "reserved bits set in layout delta flags=0x" +
                Integer.toHexString(delta));
        }
        layouts[base + PACKED_FIELDS] = delta;
        layoutSlots |= 1 << slot;
        cursor = start + LAYOUT_RECORD_LENGTH - 1;
    }

    /**
     * Decode the fields of a PACKED record, whose tag byte was just read, with its slot's layout: the record then holds
     * the DISPATCH of its input-and-dispatch pair except for its kind, and the seq before the pair is the record's seq
     * before the call.
     */
    void decodePacked(final JournalRecord record, final int slot, final boolean failed)
    {
        final int[] layout = layouts;
        final int base = slot * (PACKED_FIELDS + 1);
        final long inputSeq = record.seq;
        record.time += Varint.unZigZag(readBytes(layout[base]));
        final long seq = inputSeq + Varint.unZigZag(readBytes(layout[base + 1])) + 1;
        record.type = (int)readBytes(layout[base + 2]) ^ slot;
        record.target = Varint.unZigZag(readBytes(layout[base + 3]));
        final int delta = layout[base + PACKED_FIELDS];
        prev0 = Varint.unZigZag(readBytes(layout[base + 4])) + (prev0 & -(long)(delta & 1));
        prev1 = Varint.unZigZag(readBytes(layout[base + 5])) + (prev1 & -(long)((delta >>> 1) & 1));
        prev2 = Varint.unZigZag(readBytes(layout[base + 6])) + (prev2 & -(long)((delta >>> 2) & 1));
        prev3 = Varint.unZigZag(readBytes(layout[base + 7])) + (prev3 & -(long)((delta >>> 3) & 1));
        record.a0 = prev0;
        record.a1 = prev1;
        record.a2 = prev2;
        record.a3 = prev3;
        record.snapshotId = 0;
        record.seq = seq;
        record.failed = failed;
    }

    /**
     * @throws JournalCorruptException if the tag sets a flag outside its kind and {@code allowed}.
     */
    void checkFlags(final int tag, final int allowed)
    {
        if ((tag & ~TAG_KIND_MASK & ~allowed) != 0)
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "reserved flags set in tag=0x" + Integer.toHexString(tag));
        }
    }

    /**
     * Decode an INPUT, DISPATCH or INPUT_DISPATCHED from its event header, whose tag byte was just read.
     */
    void decodeEvent(final JournalRecord record, final int kind)
    {
        final int start = cursor - 1;
        if (EVENT_HEADER_LENGTH > end - start)
        {
            throw pastEnd();
        }
        final int header = buffer.getInt(start, ByteOrder.LITTLE_ENDIAN);
        cursor = start + EVENT_HEADER_LENGTH;
        final int seqCode = (header >>> EVENT_SEQ_SHIFT) & LENGTH_CODE_MASK;
        final int typeCode = (header >>> EVENT_TYPE_SHIFT) & LENGTH_CODE_MASK;
        final boolean failed = (header & TAG_FAILED_FLAG) != 0;
        if (TAG_INPUT == kind && (failed || 0 != seqCode))
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "input with dispatch fields in header=0x" +
                Integer.toHexString(header));
        }
        if (typeCode > MAX_TYPE_LENGTH)
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "type of " + Varint.fieldLength(typeCode) +
                " bytes exceeds 32 bits in header=0x" + Integer.toHexString(header));
        }
        record.time += Varint.unZigZag(readField((header >>> EVENT_TIME_SHIFT) & LENGTH_CODE_MASK));
        if (TAG_INPUT != kind)
        {
            record.seq += Varint.unZigZag(readField(seqCode)) + 1;
        }
        record.type = (int)readField(typeCode);
        record.target = Varint.unZigZag(readField((header >>> EVENT_TARGET_SHIFT) & LENGTH_CODE_MASK));
        final int words = header >>> EVENT_WORD_SHIFT;
        prev0 = readWord(words, prev0);
        prev1 = readWord(words >>> EVENT_WORD_BITS, prev1);
        prev2 = readWord(words >>> (2 * EVENT_WORD_BITS), prev2);
        prev3 = readWord(words >>> (3 * EVENT_WORD_BITS), prev3);
        record.a0 = prev0;
        record.a1 = prev1;
        record.a2 = prev2;
        record.a3 = prev3;
        record.snapshotId = 0;
        record.kind = TAG_INPUT == kind ? RecordKind.INPUT : RecordKind.DISPATCH;
        record.failed = failed;
    }

    private long readWord(final int word, final long prev)
    {
        final long value = Varint.unZigZag(readField(word & LENGTH_CODE_MASK));
        return (word & WORD_DELTA_FLAG) != 0 ? prev + value : value;
    }

    /**
     * Read a raw little-endian field of a length code: one 8-byte read, masked to the field's length, wherever 8
     * bytes of the block remain (the bytes after the field are the block's own); byte by byte in the last 7 bytes.
     * The 8-byte read replaced a loop of bounds-checked byte reads whose trip count changes field to field: a third
     * of a replay's decoding time.
     */
    private long readField(final int code)
    {
        return readBytes(Varint.fieldLength(code));
    }

    /**
     * Read a raw little-endian field of 0..8 bytes, as {@link #readField(int)} does.
     */
    private long readBytes(final int length)
    {
        final int i = cursor;
        final int room = end - i;
        if (length > room)
        {
            throw pastEnd();
        }
        cursor = i + length;
        if (room >= Long.BYTES)
        {
            return buffer.getLong(i, ByteOrder.LITTLE_ENDIAN) & FIELD_MASKS[length];
        }
        final UnsafeBuffer buffer = this.buffer;
        long value = 0;
        for (int k = 0; k < length; k++)
        {
            value |= (buffer.getByte(i + k) & 0xFFL) << (k << 3);
        }
        return value;
    }

    /**
     * Read an LEB128 varint of at most {@value JournalDescriptor#MAX_VARLONG_LENGTH} bytes.
     */
    long readVarLong()
    {
        final UnsafeBuffer buffer = this.buffer;
        long value = 0;
        int shift = 0;
        int i = cursor;
        while (true)
        {
            if (i >= end)
            {
                throw pastEnd();
            }
            final int b = buffer.getByte(i++);
            value |= (long)(b & 0x7F) << shift;
            if (b >= 0)
            {
                break;
            }
            shift += 7;
            if (shift >= 64)
            {
                throw corrupt(MALFORMED_BLOCK, recordIndex, "varint longer than " + MAX_VARLONG_LENGTH + " bytes");
            }
        }
        cursor = i;
        return value;
    }

    private JournalCorruptException corrupt(
        final JournalCorruptException.Reason reason, final int recordIndex, final String detail)
    {
        return scanner.documentCorrupt(reason, recordIndex, detail);
    }

    private JournalCorruptException pastEnd()
    {
        return corrupt(MALFORMED_BLOCK, recordIndex, "record runs past the end of the block");
    }
}
