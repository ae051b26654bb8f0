/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteOrder;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Validates and decodes one block (the current document of a {@link CycleFileScanner}) into the
 * {@link JournalRecord} flyweight. Not threadsafe; allocation-free per record.
 */
final class BlockDecoder
{
    /** Receives each decoded record; returns false to stop decoding. */
    interface Sink
    {
        boolean accept(JournalRecord record);
    }

    private static final int HISTORY_MASK = INPUT_HISTORY - 1;
    private static final int SLOT_BITS = (LAYOUT_SLOTS - 1) << TAG_SLOT_SHIFT;
    private static final int DELTA_BITS = (1 << 4) - 1;

    /** Decodes a block without delivering its records. */
    private static final Sink IGNORE = (record) -> true;

    /** The low {@code n} bytes of a long, for n = 0..8. */
    private static final long[] FIELD_MASKS =
        { 0L, 0xFFL, 0xFFFFL, 0xFF_FFFFL, 0xFFFF_FFFFL, 0xFF_FFFF_FFFFL, 0xFFFF_FFFF_FFFFL, 0xFF_FFFF_FFFF_FFFFL, -1L };

    private final CRC32C crc = new CRC32C();
    private final JournalRecord record = new JournalRecord();
    private final long[] historyTime = new long[INPUT_HISTORY];
    private final long[] historyTarget = new long[INPUT_HISTORY];
    private final long[] historyA0 = new long[INPUT_HISTORY];
    private final long[] historyA1 = new long[INPUT_HISTORY];
    private final long[] historyA2 = new long[INPUT_HISTORY];
    private final long[] historyA3 = new long[INPUT_HISTORY];
    private final int[] historyType = new int[INPUT_HISTORY];

    private CycleFileScanner scanner;
    private UnsafeBuffer buffer;
    private int cursor;
    private int end;
    private int recordIndex;
    private long prev0;
    private long prev1;
    private long prev2;
    private long prev3;
    private int locateIndex;
    private int locatedRecord;

    /** Stops at the first record whose bytes end after {@link #locateIndex}, which it names. */
    private final Sink locator = (record) ->
    {
        if (cursor > locateIndex)
        {
            locatedRecord = record.recordIndex;
            return false;
        }
        return true;
    };

    /** Bit S: a LAYOUT record of type slot S is in force in the current block. */
    private int layoutSlots;

    /** Per type slot: the widths of the eight fields, then the delta flags. */
    private final int[] layouts = new int[LAYOUT_SLOTS * (PACKED_FIELDS + 1)];

    JournalRecord record()
    {
        return record;
    }

    /**
     * @param scanner source of every block decoded from now on.
     */
    void attach(final CycleFileScanner scanner)
    {
        this.scanner = scanner;
    }

    /**
     * Check framing, version and checksum of the scanner's current document.
     *
     * @param scanner positioned on a data document.
     * @return the block kind.
     */
    byte verify(final CycleFileScanner scanner)
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        if (length < BLOCK_HEADER_LENGTH)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "document of " + length +
                " bytes is shorter than a block header (" + BLOCK_HEADER_LENGTH + ")");
        }
        final short magic = buffer.getShort(offset + BLOCK_MAGIC_OFFSET);
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        if (BLOCK_MAGIC == magic && !isReadableVersion(version) && !isDamagedByteIn(VERSION_OFFSET, VERSION_LENGTH))
        {
            throw unsupportedVersion(version);
        }
        final int stored = buffer.getInt(offset + CHECKSUM_OFFSET);
        final int computed = Checksum.compute(crc, scanner.view(), offset, length);
        if (stored != computed)
        {
            if (BLOCK_MAGIC != magic &&
                !isExplainedByOneByteIn(stored, computed, length, BLOCK_MAGIC_OFFSET, BLOCK_MAGIC_LENGTH))
            {
                throw corrupt(MALFORMED_BLOCK, NO_RECORD, "document is not a journal block (blockMagic=0x" +
                    Integer.toHexString(magic & 0xFFFF) + " length=" + length + ")");
            }
            throw checksumMismatch(stored, computed);
        }
        if (BLOCK_MAGIC != magic)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "blockMagic=0x" + Integer.toHexString(magic & 0xFFFF));
        }
        final int declared = buffer.getInt(offset + BLOCK_LENGTH_OFFSET);
        if (declared != length)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "block length field=" + declared + " document length=" + length);
        }
        final byte kind = buffer.getByte(offset + KIND_OFFSET);
        if (BLOCK_KIND_HEADER != kind && BLOCK_KIND_DATA != kind && BLOCK_KIND_END != kind)
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "block kind=" + kind);
        }
        return kind;
    }

    /**
     * Whether a field found unreadable (a magic, a format version) is damage rather than another file or format: the
     * current document's block checksum fails and one damaged byte inside the field explains the mismatch (see
     * {@link Checksum#locateByteError(int, int, int)}; a random mismatch passes for one byte at a given offset about
     * once in 2^24). {@link #verify(CycleFileScanner)} then reports the checksum mismatch naming that byte. Rare path:
     * checksums the block.
     *
     * @param from   offset of the field in the block.
     * @param length length of the field.
     * @return true if one damaged byte inside the field explains the checksum mismatch.
     */
    boolean isDamagedByteIn(final int from, final int length)
    {
        final int offset = scanner.documentOffset();
        final int blockLength = scanner.documentLength();
        if (blockLength < BLOCK_HEADER_LENGTH)
        {
            return false;
        }
        final int stored = scanner.buffer().getInt(offset + CHECKSUM_OFFSET);
        final int computed = Checksum.compute(crc, scanner.view(), offset, blockLength);
        return stored != computed && isExplainedByOneByteIn(stored, computed, blockLength, from, length);
    }

    private static boolean isExplainedByOneByteIn(
        final int stored, final int computed, final int blockLength, final int from, final int length)
    {
        final long error = Checksum.locateByteError(stored, computed, blockLength);
        final long at = error >>> 8;
        return error >= 0 && at >= from && at < from + length;
    }

    /**
     * Report a block whose checksum fails, naming the record that holds the damage when one damaged byte explains
     * the mismatch (see {@link Checksum#locateByteError(int, int, int)}) and the block decodes cleanly once that byte
     * is restored; the block's records are never delivered.
     */
    private JournalCorruptException checksumMismatch(final int stored, final int computed)
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        final String mismatch = "block checksum stored=0x" + Integer.toHexString(stored) + " computed=0x" +
            Integer.toHexString(computed) + " length=" + length;
        final long error = Checksum.locateByteError(stored, computed, length);
        if (error < 0)
        {
            return corrupt(CHECKSUM_MISMATCH, NO_RECORD, mismatch);
        }
        final int at = (int)(error >>> 8);
        final byte bits = (byte)error;
        int recordIndex = NO_RECORD;
        if (at >= BLOCK_HEADER_LENGTH && BLOCK_KIND_DATA == buffer.getByte(offset + KIND_OFFSET))
        {
            final byte damaged = buffer.getByte(offset + at);
            buffer.putByte(offset + at, (byte)(damaged ^ bits));
            if (stored == Checksum.compute(crc, scanner.view(), offset, length))
            {
                recordIndex = recordHolding(offset + at);
            }
            buffer.putByte(offset + at, damaged);
        }
        return corrupt(CHECKSUM_MISMATCH, recordIndex, mismatch + "; one damaged byte explains it: block offset " +
            at + " (bits 0x" + Integer.toHexString(bits & 0xFF) + " differ)" +
            (at < BLOCK_HEADER_LENGTH ? ", in the block header" : NO_RECORD == recordIndex ? "" :
            ", in record " + recordIndex));
    }

    /**
     * Report the scanner's current document, cut short by the end of its file, naming the record the cut falls in
     * when the block header is whole: the records before the cut are decoded, not delivered, up to the first that
     * runs past the bytes present.
     *
     * @return a {@link JournalCorruptException.Reason#TRUNCATED} exception.
     */
    JournalCorruptException truncated()
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final int present = scanner.documentLength();
        int recordIndex = NO_RECORD;
        if (present >= BLOCK_HEADER_LENGTH && BLOCK_MAGIC == buffer.getShort(offset + BLOCK_MAGIC_OFFSET) &&
            BLOCK_KIND_DATA == buffer.getByte(offset + KIND_OFFSET) &&
            isReadableVersion(buffer.getByte(offset + VERSION_OFFSET) & 0xFF))
        {
            try
            {
                decode(IGNORE);
            }
            catch (final JournalCorruptException ex)
            {
                recordIndex = ex.recordIndex();
            }
        }
        return corrupt(TRUNCATED, recordIndex, "document declares length=" + scanner.declaredLength() +
            " but the cycle file ends after " + present + " of its bytes" +
            (NO_RECORD == recordIndex ? "" : ", in record " + recordIndex));
    }

    /**
     * Decode the current block without delivering its records to find the one whose bytes hold a buffer index; a
     * LAYOUT counts as part of the record after it, an INPUT_DISPATCHED or PACKED record as the INPUT's.
     *
     * @return the record index, or {@link JournalCorruptException#NO_RECORD} if the block does not decode.
     */
    private int recordHolding(final int index)
    {
        locateIndex = index;
        locatedRecord = NO_RECORD;
        try
        {
            decode(locator);
        }
        catch (final JournalCorruptException ex)
        {
            return NO_RECORD;
        }
        return locatedRecord;
    }

    long blockIndex()
    {
        return scanner.buffer().getLong(scanner.documentOffset() + BLOCK_INDEX_OFFSET);
    }

    /**
     * @param version a block's or journal header's format version.
     * @return true if this reader decodes it: {@link JournalDescriptor#MIN_FORMAT_VERSION} to
     * {@link JournalDescriptor#FORMAT_VERSION}.
     */
    static boolean isReadableVersion(final int version)
    {
        return version >= MIN_FORMAT_VERSION && version <= FORMAT_VERSION;
    }

    /**
     * Report a format version this reader does not read, found in the current document. Another release's block keeps
     * its checksum; when this one's fails as well (damage of more than the one byte {@link #isDamagedByteIn(int, int)}
     * recognises) the message says the version may be damaged instead. Rare path: checksums the block.
     *
     * @param found the version found.
     * @return a {@link JournalCorruptException.Reason#UNSUPPORTED_VERSION} exception.
     */
    JournalCorruptException unsupportedVersion(final int found)
    {
        final int offset = scanner.documentOffset();
        final int length = scanner.documentLength();
        final boolean checksumFails = length >= BLOCK_HEADER_LENGTH &&
            scanner.buffer().getInt(offset + CHECKSUM_OFFSET) != Checksum.compute(crc, scanner.view(), offset, length);
        return corrupt(UNSUPPORTED_VERSION, NO_RECORD, "journal format version found=" + found + " expected=" +
            FORMAT_VERSION + " (or down to " + MIN_FORMAT_VERSION + "; written by another engine release" +
            (checksumFails ? ", or damaged: the block's checksum does not hold either)" : ")"));
    }

    JournalCorruptException corrupt(final JournalCorruptException.Reason reason, final int recordIndex, final String detail)
    {
        return new JournalCorruptException(reason, scanner.file(), scanner.documentIndex(), recordIndex,
            scanner.documentPosition(), detail, null);
    }

    /**
     * Fill the record's position fields from the scanner.
     */
    private void position(final long blockIndex)
    {
        final JournalRecord record = this.record;
        record.file = scanner.file();
        record.documentIndex = scanner.documentIndex();
        record.filePosition = scanner.documentPosition();
        record.blockIndex = blockIndex;
    }

    /**
     * Present a verified header block as a HEADER record.
     *
     * @param header decoded identity.
     * @return the record.
     */
    JournalRecord headerRecord(final JournalHeader header)
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        position(buffer.getLong(offset + BLOCK_INDEX_OFFSET));
        final JournalRecord record = this.record;
        record.kind = RecordKind.HEADER;
        record.header = header;
        record.time = buffer.getLong(offset + BASE_TIME_OFFSET);
        record.seq = buffer.getLong(offset + BASE_SEQ_OFFSET);
        record.recordIndex = 0;
        record.type = 0;
        record.target = 0;
        record.a0 = 0;
        record.a1 = 0;
        record.a2 = 0;
        record.a3 = 0;
        record.failed = false;
        record.snapshotId = 0;
        return record;
    }

    /**
     * Decode every record of a verified data block.
     *
     * @param sink receives the records.
     * @return false if the sink stopped early.
     */
    boolean decode(final Sink sink)
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final JournalRecord record = this.record;
        this.buffer = buffer;
        cursor = offset + BLOCK_HEADER_LENGTH;
        end = offset + scanner.documentLength();
        position(buffer.getLong(offset + BLOCK_INDEX_OFFSET));
        record.header = null;
        record.time = buffer.getLong(offset + BASE_TIME_OFFSET);
        record.seq = buffer.getLong(offset + BASE_SEQ_OFFSET);
        prev0 = 0;
        prev1 = 0;
        prev2 = 0;
        prev3 = 0;
        layoutSlots = 0;
        final int count = buffer.getInt(offset + RECORD_COUNT_OFFSET);
        if (count < 0 || count > scanner.declaredLength())
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "recordCount=" + count);
        }
        final int version = buffer.getByte(offset + VERSION_OFFSET) & 0xFF;
        final boolean inputDispatched = version >= INPUT_DISPATCHED_VERSION;
        final boolean packed = version >= PACKED_VERSION;
        int inputs = 0;
        for (int i = 0; i < count; i++)
        {
            recordIndex = i;
            record.recordIndex = i;
            if (cursor >= end)
            {
                throw corrupt(MALFORMED_BLOCK, i, "block ends before record " + i + " of recordCount=" + count);
            }
            final int tag = buffer.getByte(cursor++) & 0xFF;
            switch (tag & TAG_KIND_MASK)
            {
                case TAG_INPUT:
                    decodeEvent(record, TAG_INPUT);
                    record.kind = RecordKind.INPUT;
                    record.failed = false;
                    final int slot = inputs++ & HISTORY_MASK;
                    historyTime[slot] = record.time;
                    historyType[slot] = record.type;
                    historyTarget[slot] = record.target;
                    historyA0[slot] = record.a0;
                    historyA1[slot] = record.a1;
                    historyA2[slot] = record.a2;
                    historyA3[slot] = record.a3;
                    break;

                case TAG_DISPATCH:
                    decodeEvent(record, TAG_DISPATCH);
                    break;

                case TAG_INPUT_DISPATCHED:
                    if (!inputDispatched || i + 1 >= count)
                    {
                        throw corrupt(MALFORMED_BLOCK, i, inputDispatched ?
                            "input and dispatch pair at record " + i + " of recordCount=" + count :
                            "unknown record tag=0x" + Integer.toHexString(tag) + " in a version 2 block");
                    }
                    if (!acceptDispatchedInput(record, sink))
                    {
                        return false;
                    }
                    recordIndex = ++i;
                    record.recordIndex = i;
                    record.kind = RecordKind.DISPATCH;
                    break;

                case TAG_PACKED:
                    if (!packed)
                    {
                        throw corrupt(MALFORMED_BLOCK, i, "unknown record tag=0x" + Integer.toHexString(tag) +
                            " in a version " + version + " block");
                    }
                    final int typeSlot = tag >>> TAG_SLOT_SHIFT;
                    if ((tag & TAG_LAYOUT_FLAG) != 0)
                    {
                        checkFlags(tag, TAG_LAYOUT_FLAG | SLOT_BITS);
                        readLayout(typeSlot);
                        i--; // a LAYOUT is not one of the block's records
                        continue;
                    }
                    // no reserved flag to check: of the tag byte's eight bits, 0..2 are the kind, 3 FAILED, 4 (LAYOUT)
                    // is clear here and 5..7 the type slot
                    if ((layoutSlots & (1 << typeSlot)) == 0 || i + 1 >= count)
                    {
                        throw corrupt(MALFORMED_BLOCK, i, (layoutSlots & (1 << typeSlot)) != 0 ?
                            "input and dispatch pair at record " + i + " of recordCount=" + count :
                            "packed record of type slot " + typeSlot + " before any layout record of that slot in " +
                            "its block");
                    }
                    if (!acceptPackedInput(record, typeSlot, (tag & TAG_FAILED_FLAG) != 0, sink))
                    {
                        return false;
                    }
                    recordIndex = ++i;
                    record.recordIndex = i;
                    record.kind = RecordKind.DISPATCH;
                    break;

                case TAG_DISPATCH_REF:
                    decodeDispatchRef(record, tag, inputs);
                    break;

                case TAG_ADVANCE:
                    checkFlags(tag, 0);
                    clearEvent(record);
                    record.kind = RecordKind.ADVANCE;
                    record.time += Varint.unZigZag(readVarLong());
                    break;

                case TAG_SNAPSHOT:
                    checkFlags(tag, 0);
                    clearEvent(record);
                    record.kind = RecordKind.SNAPSHOT;
                    record.snapshotId = readVarLong();
                    record.time += Varint.unZigZag(readVarLong());
                    break;

                default:
                    throw corrupt(MALFORMED_BLOCK, i, "unknown record tag=0x" + Integer.toHexString(tag));
            }
            if (!sink.accept(record))
            {
                return false;
            }
        }
        if (cursor != end)
        {
            throw corrupt(MALFORMED_BLOCK, count, (end - cursor) + " bytes after the last of recordCount=" + count);
        }
        return true;
    }

    /**
     * Decode an INPUT_DISPATCHED, whose tag byte was just read, and present its INPUT to the sink. The record then
     * holds the DISPATCH except for its kind.
     *
     * @return false if the sink stopped.
     */
    private boolean acceptDispatchedInput(final JournalRecord record, final Sink sink)
    {
        final long inputSeq = record.seq;
        decodeEvent(record, TAG_INPUT_DISPATCHED);
        return acceptInputOfPair(record, inputSeq, sink);
    }

    /**
     * Present a decoded input-and-dispatch pair, which the record holds as its DISPATCH, as the INPUT first: the
     * record reads as an INPUT (seq the one before the pair, not failed) during the call and as the DISPATCH after it,
     * except for its kind.
     *
     * @return false if the sink stopped.
     */
    private static boolean acceptInputOfPair(final JournalRecord record, final long inputSeq, final Sink sink)
    {
        final long seq = record.seq;
        final boolean failed = record.failed;
        record.kind = RecordKind.INPUT;
        record.seq = inputSeq;
        record.failed = false;
        final boolean more = sink.accept(record);
        record.seq = seq;
        record.failed = failed;
        return more;
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
                    " bytes (at most " + max + ") in widths=0x" + Integer.toHexString(widths) + " of type slot " + slot);
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
     * Decode a PACKED record, whose tag byte was just read, with its slot's layout and present its INPUT to the sink.
     * The record then holds the DISPATCH except for its kind.
     *
     * @return false if the sink stopped.
     */
    private boolean acceptPackedInput(final JournalRecord record, final int slot, final boolean failed, final Sink sink)
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
        return acceptInputOfPair(record, inputSeq, sink);
    }

    private void checkFlags(final int tag, final int allowed)
    {
        if ((tag & ~TAG_KIND_MASK & ~allowed) != 0)
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "reserved flags set in tag=0x" + Integer.toHexString(tag));
        }
    }

    private static void clearEvent(final JournalRecord record)
    {
        record.type = 0;
        record.target = 0;
        record.a0 = 0;
        record.a1 = 0;
        record.a2 = 0;
        record.a3 = 0;
        record.failed = false;
        record.snapshotId = 0;
    }

    /**
     * Decode an INPUT, DISPATCH or INPUT_DISPATCHED from its event header, whose tag byte was just read.
     */
    private void decodeEvent(final JournalRecord record, final int kind)
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

    private void decodeDispatchRef(final JournalRecord record, final int tag, final int inputs)
    {
        final int distance = (tag >>> TAG_REF_DISTANCE_SHIFT) + 1;
        if (distance > Math.min(inputs, INPUT_HISTORY))
        {
            throw corrupt(MALFORMED_BLOCK, recordIndex, "dispatch refers to input distance=" + distance +
                " but the block has inputs=" + inputs);
        }
        if ((tag & TAG_NEXT_SEQ_FLAG) != 0)
        {
            record.seq += 1;
        }
        else
        {
            record.seq += Varint.unZigZag(readVarLong()) + 1;
        }
        final int slot = (inputs - distance) & HISTORY_MASK;
        record.kind = RecordKind.DISPATCH;
        record.time = historyTime[slot];
        record.type = historyType[slot];
        record.target = historyTarget[slot];
        record.a0 = historyA0[slot];
        record.a1 = historyA1[slot];
        record.a2 = historyA2[slot];
        record.a3 = historyA3[slot];
        record.failed = (tag & TAG_FAILED_FLAG) != 0;
        record.snapshotId = 0;
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

    private long readVarLong()
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

    private JournalCorruptException pastEnd()
    {
        return corrupt(MALFORMED_BLOCK, recordIndex, "record runs past the end of the block");
    }
}
