/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;
import static io.concurrengine.journal.JournalDescriptor.*;

/**
 * Decodes one block (the current document of a {@link CycleFileScanner}, verified by a {@link BlockVerifier}) into
 * the {@link JournalRecord} flyweight: the block-level half of decoding (the record count, each record's kind, the
 * input history DISPATCH_REF records point back to, input-and-dispatch pairs presented as two records, the sink),
 * with {@link RecordFieldDecoder} reading each record's fields. Not threadsafe; allocation-free per record. Replay's
 * hot path: the messages of a malformed record are built in {@code ...SlowPath} methods.
 */
final class BlockDecoder
{
    /** Receives each decoded record; returns false to stop decoding. */
    interface Sink
    {
        boolean accept(JournalRecord record);
    }

    private static final int HISTORY_MASK = INPUT_HISTORY - 1;

    private final JournalRecord record = new JournalRecord();
    private final RecordFieldDecoder fields = new RecordFieldDecoder();
    private final long[] historyTime = new long[INPUT_HISTORY];
    private final long[] historyTarget = new long[INPUT_HISTORY];
    private final long[] historyA0 = new long[INPUT_HISTORY];
    private final long[] historyA1 = new long[INPUT_HISTORY];
    private final long[] historyA2 = new long[INPUT_HISTORY];
    private final long[] historyA3 = new long[INPUT_HISTORY];
    private final int[] historyType = new int[INPUT_HISTORY];

    private CycleFileScanner scanner;

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
        fields.attach(scanner);
    }

    /**
     * @return during {@link #decode(Sink)}, the buffer index just past the bytes of the records decoded so far (read
     * by a sink to find the record that holds a byte).
     */
    int cursor()
    {
        return fields.cursor();
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
        clearEvent(record);
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
        final int count = startBlock();
        final RecordFieldDecoder fields = this.fields;
        final JournalRecord record = this.record;
        final int version = scanner.buffer().getByte(scanner.documentOffset() + VERSION_OFFSET) & 0xFF;
        int inputs = 0;
        for (int i = 0; i < count; i++)
        {
            record.recordIndex = i;
            final int tag = fields.nextTag(i, count);
            switch (tag & TAG_KIND_MASK)
            {
                case TAG_INPUT:
                    decodeInput(record, inputs++);
                    break;
                case TAG_DISPATCH:
                    fields.decodeEvent(record, TAG_DISPATCH);
                    break;
                case TAG_INPUT_DISPATCHED:
                    i = acceptDispatchedInput(record, tag, i, count, version, sink);
                    break;
                case TAG_PACKED:
                    if ((tag & TAG_LAYOUT_FLAG) != 0)
                    {
                        decodeLayout(tag, i, version);
                        i--; // a LAYOUT is not one of the block's records
                        continue;
                    }
                    i = acceptPacked(record, tag, i, count, version, sink);
                    break;
                case TAG_DISPATCH_REF:
                    decodeDispatchRef(record, tag, inputs);
                    break;
                case TAG_ADVANCE:
                    decodeAdvance(record, tag);
                    break;
                case TAG_SNAPSHOT:
                    decodeSnapshot(record, tag);
                    break;
                default:
                    throw corrupt(MALFORMED_BLOCK, i, "unknown record tag=0x" + Integer.toHexString(tag));
            }
            if (i < 0 || !sink.accept(record)) // i < 0: the sink stopped at the INPUT of a pair
            {
                return false;
            }
        }
        fields.checkEnd(count);
        return true;
    }

    /**
     * Start decoding the scanner's current block: the fields on its first record, the record positioned on the block
     * at its base time and base seq.
     *
     * @return the block's record count.
     */
    private int startBlock()
    {
        final UnsafeBuffer buffer = scanner.buffer();
        final int offset = scanner.documentOffset();
        final JournalRecord record = this.record;
        fields.start(buffer, offset + BLOCK_HEADER_LENGTH, offset + scanner.documentLength());
        position(buffer.getLong(offset + BLOCK_INDEX_OFFSET));
        record.header = null;
        record.time = buffer.getLong(offset + BASE_TIME_OFFSET);
        record.seq = buffer.getLong(offset + BASE_SEQ_OFFSET);
        final int count = buffer.getInt(offset + RECORD_COUNT_OFFSET);
        if (count < 0 || count > scanner.declaredLength())
        {
            throw corrupt(MALFORMED_BLOCK, NO_RECORD, "recordCount=" + count);
        }
        return count;
    }

    /**
     * Decode an INPUT, whose tag byte was just read, and keep it as the block's input number {@code input} for the
     * DISPATCH_REF records after it.
     */
    private void decodeInput(final JournalRecord record, final int input)
    {
        fields.decodeEvent(record, TAG_INPUT);
        record.kind = RecordKind.INPUT;
        record.failed = false;
        final int slot = input & HISTORY_MASK;
        historyTime[slot] = record.time;
        historyType[slot] = record.type;
        historyTarget[slot] = record.target;
        historyA0[slot] = record.a0;
        historyA1[slot] = record.a1;
        historyA2[slot] = record.a2;
        historyA3[slot] = record.a3;
    }

    private void decodeAdvance(final JournalRecord record, final int tag)
    {
        fields.checkFlags(tag, 0);
        clearEvent(record);
        record.kind = RecordKind.ADVANCE;
        record.time += Varint.unZigZag(fields.readVarLong());
    }

    private void decodeSnapshot(final JournalRecord record, final int tag)
    {
        final RecordFieldDecoder fields = this.fields;
        fields.checkFlags(tag, 0);
        clearEvent(record);
        record.kind = RecordKind.SNAPSHOT;
        record.snapshotId = fields.readVarLong();
        record.time += Varint.unZigZag(fields.readVarLong());
    }

    private void decodeDispatchRef(final JournalRecord record, final int tag, final int inputs)
    {
        final int distance = (tag >>> TAG_REF_DISTANCE_SHIFT) + 1;
        if (distance > Math.min(inputs, INPUT_HISTORY))
        {
            throw corrupt(MALFORMED_BLOCK, record.recordIndex, "dispatch refers to input distance=" + distance +
                " but the block has inputs=" + inputs);
        }
        if ((tag & TAG_NEXT_SEQ_FLAG) != 0)
        {
            record.seq += 1;
        }
        else
        {
            record.seq += Varint.unZigZag(fields.readVarLong()) + 1;
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

    /**
     * An INPUT_DISPATCHED in a version 2 block, which has none, or as the block's last record, without room for its
     * DISPATCH.
     */
    private JournalCorruptException inputDispatchedSlowPath(
        final int tag, final int i, final int count, final boolean inputDispatched)
    {
        return corrupt(MALFORMED_BLOCK, i, inputDispatched ?
            "input and dispatch pair at record " + i + " of recordCount=" + count :
            "unknown record tag=0x" + Integer.toHexString(tag) + " in a version 2 block");
    }

    /**
     * Once the sink accepted the INPUT of an input-and-dispatch pair at record {@code input}: the record becomes the
     * pair's DISPATCH, the next record.
     *
     * @return the DISPATCH's record index.
     */
    private int dispatchOfPair(final JournalRecord record, final int input)
    {
        final int dispatch = input + 1;
        fields.recordIndex(dispatch);
        record.recordIndex = dispatch;
        record.kind = RecordKind.DISPATCH;
        return dispatch;
    }

    /**
     * Decode an INPUT_DISPATCHED at record {@code i}, whose tag byte was just read, and present its INPUT to the sink.
     * The record then holds the DISPATCH, the next record.
     *
     * @return the DISPATCH's record index, or -1 if the sink stopped.
     */
    private int acceptDispatchedInput(
        final JournalRecord record, final int tag, final int i, final int count, final int version, final Sink sink)
    {
        final boolean inputDispatched = version >= INPUT_DISPATCHED_VERSION;
        if (!inputDispatched || i + 1 >= count)
        {
            throw inputDispatchedSlowPath(tag, i, count, inputDispatched);
        }
        final long inputSeq = record.seq;
        fields.decodeEvent(record, TAG_INPUT_DISPATCHED);
        return acceptInputOfPair(record, inputSeq, sink) ? dispatchOfPair(record, i) : -1;
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
     * Check a LAYOUT record's block version and put the layout in force for its type slot.
     */
    private void decodeLayout(final int tag, final int i, final int version)
    {
        if (version < PACKED_VERSION)
        {
            throw unknownPackedTagSlowPath(tag, i, version);
        }
        fields.decodeLayout(tag);
    }

    /**
     * Check that a PACKED record at record {@code i}, whose tag byte was just read, has a layout in force and its
     * DISPATCH within the block's record count, then decode it and present its INPUT to the sink. The record then
     * holds the DISPATCH, the next record.
     *
     * @return the DISPATCH's record index, or -1 if the sink stopped.
     */
    private int acceptPacked(
        final JournalRecord record, final int tag, final int i, final int count, final int version, final Sink sink)
    {
        if (version < PACKED_VERSION)
        {
            throw unknownPackedTagSlowPath(tag, i, version);
        }
        final int typeSlot = tag >>> TAG_SLOT_SHIFT;
        // no reserved flag to check: of the tag byte's eight bits, 0..2 are the kind, 3 FAILED, 4 (LAYOUT) is clear
        // here and 5..7 the type slot
        if (!fields.hasLayout(typeSlot) || i + 1 >= count)
        {
            throw packedSlowPath(typeSlot, i, count);
        }
        final long inputSeq = record.seq;
        fields.decodePacked(record, typeSlot, (tag & TAG_FAILED_FLAG) != 0);
        return acceptInputOfPair(record, inputSeq, sink) ? dispatchOfPair(record, i) : -1;
    }

    /**
     * A LAYOUT or PACKED record in a block of a version before {@link JournalDescriptor#PACKED_VERSION}.
     */
    private JournalCorruptException unknownPackedTagSlowPath(final int tag, final int i, final int version)
    {
        return corrupt(MALFORMED_BLOCK, i, "unknown record tag=0x" + Integer.toHexString(tag) + " in a version " +
            version + " block");
    }

    /**
     * A PACKED record before any LAYOUT of its type slot in its block, or as the block's last record, without room for
     * its DISPATCH.
     */
    private JournalCorruptException packedSlowPath(final int typeSlot, final int i, final int count)
    {
        return corrupt(MALFORMED_BLOCK, i, fields.hasLayout(typeSlot) ?
            "input and dispatch pair at record " + i + " of recordCount=" + count :
            "packed record of type slot " + typeSlot + " before any layout record of that slot in " +
            "its block");
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

    private JournalCorruptException corrupt(
        final JournalCorruptException.Reason reason, final int recordIndex, final String detail)
    {
        return scanner.documentCorrupt(reason, recordIndex, detail);
    }
}
