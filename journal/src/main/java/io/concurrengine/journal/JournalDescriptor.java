/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Binary layout of a journal block: one block is the payload of exactly one Chronicle Queue data document.
 * <p>
 * Every block starts with a fixed {@value #BLOCK_HEADER_LENGTH}-byte header, little-endian, naturally aligned
 * relative to the start of the block:
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +---------------------------------------------------------------+
 *  |                   CRC32C of bytes [4, length)                 |  0  CHECKSUM
 *  +---------------------------------------------------------------+
 *  |                   Block length incl. header                   |  4  BLOCK_LENGTH
 *  +---------------------------------------------------------------+
 *  |                   Block index (0 = first block of the run)    |  8  BLOCK_INDEX
 *  |                                                               |
 *  +---------------------------------------------------------------+
 *  |                   Base time: time of the record before the    | 16  BASE_TIME
 *  |                   first record of this block                  |
 *  +---------------------------------------------------------------+
 *  |                   Base seq: seq of the last DISPATCH before   | 24  BASE_SEQ
 *  |                   this block                                  |
 *  +---------------------------------------------------------------+
 *  |                   Record count                                | 32  RECORD_COUNT
 *  +---------------+---------------+-------------------------------+
 *  |  Block kind   | Format version|        Block magic 0xC0DE     | 36  KIND, VERSION, BLOCK_MAGIC
 *  +---------------+---------------+-------------------------------+
 *  |                   Records ...                                 | 40
 * </pre>
 * A {@link #BLOCK_KIND_HEADER} block carries the journal header body after the block header and no records. Its
 * BASE_TIME and BASE_SEQ are those of the data block after it: the time of the journal's last record and the seq of its
 * last DISPATCH before the cycle file (the start time and -1 in the first cycle file, or before any dispatch):
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                   Journal magic "CNCRJRNL" (8 ASCII bytes)    | 40  MAGIC
 *  +---------------------------------------------------------------+
 *  |                   Format version                              | 48  FORMAT_VERSION
 *  +---------------------------------------------------------------+
 *  |                   Shard id                                    | 52  SHARD_ID
 *  +---------------------------------------------------------------+
 *  |                   Shard count                                 | 56  SHARD_COUNT
 *  +---------------------------------------------------------------+
 *  |                   Time unit code (TimeUnit ordinal)           | 60  TIME_UNIT
 *  +---------------------------------------------------------------+
 *  |                   Config identity (64-bit hash)               | 64  CONFIG_HASH
 *  +---------------------------------------------------------------+
 *  |                   Start time                                  | 72  START_TIME
 *  +---------------------------------------------------------------+
 *  |                   Seed                                        | 80  SEED
 *  +-------------------------------+-------------------------------+
 *  | Engine version length (u16)   | engine version UTF-8 ...      | 88  ENGINE_VERSION
 *  +-------------------------------+-------------------------------+
 *  | Model id length (u16)         | model id UTF-8 ...            |     MODEL_ID (follows the engine version)
 *  +-------------------------------+-------------------------------+
 * </pre>
 * A {@link #BLOCK_KIND_END} block (format version 4) is the last document of a journal its writer closed: no records
 * (RECORD_COUNT 0), BASE_TIME and BASE_SEQ the time and seq after the last record, and one field after the
 * block header:
 * <pre>
 *  +---------------------------------------------------------------+
 *  |                   Records the journal holds (all data blocks) | 40  TOTAL_RECORDS
 *  |                                                               |
 *  +---------------------------------------------------------------+
 * </pre>
 * A version 4 journal without it was not closed (its writer was killed or failed) or has lost its tail: the reader
 * reports it as {@link JournalCorruptException.Reason#UNCLOSED}, where a journal cut at a document boundary would
 * otherwise read as a whole one. Nothing may follow it.
 * <p>
 * A {@link #BLOCK_KIND_DATA} block carries {@code recordCount} variable-length records. Each record starts with a
 * tag byte whose bits 0..2 are the {@code TAG_*} kind. {@code lastTime} starts at BASE_TIME and becomes the time of
 * every decoded record; {@code lastSeq} starts at BASE_SEQ and becomes the seq of every DISPATCH; {@code prev[0..3]}
 * start at 0 and become the payload of every INPUT and full DISPATCH. A block is therefore decodable on its own.
 * <p>
 * INPUT, DISPATCH and INPUT_DISPATCHED (format version 2; INPUT_DISPATCHED since version 3) start with a 32-bit
 * little-endian <em>event header</em>, whose low byte is the tag byte, followed by the fields it announces, each as raw
 * little-endian bytes of the length its 3-bit length code gives ({@code c} bytes for c = 0..6, 8 bytes for c = 7;
 * length 0 means the value 0):
 * <pre>
 *   0                   1                   2                   3
 *   0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *  +-----+-+-----+-----+-----+-----+-----+-+-----+-+-----+-+-----+-+
 *  |kind |F|time | seq |type |targt| a0  |D| a1  |D| a2  |D| a3  |D|
 *  +-----+-+-----+-----+-----+-----+-----+-+-----+-+-----+-+-----+-+
 *
 *  then, in this order: time   zz(time - lastTime)
 *                       seq    zz(seq - lastSeq - 1)         code 0 in an INPUT
 *                       type   type as unsigned 32 bits      code 0..4
 *                       target zz(target)
 *                       a0..a3 zz(value - prev[i]) if D, else zz(value)
 * </pre>
 * F is the FAILED status (always 0 in an INPUT). An INPUT_DISPATCHED is two records, the INPUT and then its DISPATCH
 * (same time, type, target and payload; seq and F as in a DISPATCH): the way a shard journals an input that it
 * dispatches as the very next event. It does not enter the input history, as no later DISPATCH_REF needs it, and
 * counts as two records in RECORD_COUNT. The encoder picks, per payload word, the delta form when it has
 * fewer significant bits than the raw form (so a word equal to prev[i] costs 0 bytes, as does a word 0). The
 * fixed-length fields cost the encoder one 8-byte store and a length computation each, where a LEB128 varint needs its
 * bits spread into 7-bit groups; the price is a 4-byte header where version 1 had 2 bytes of tag and descriptor.
 * <p>
 * The other records use {@code zz}, a zig-zag LEB128 varint, and {@code uv}, an unsigned LEB128 varint (at most
 * {@value #MAX_VARLONG_LENGTH} bytes); bits 3..7 of their tag byte are per-kind flags:
 * <pre>
 *  ADVANCE       tag=2                                   zz(time-lastTime)
 *  DISPATCH_REF  tag=4 | F&lt;&lt;3 | N&lt;&lt;4 | (d-1)&lt;&lt;5      [zz(seq-lastSeq-1) unless N]
 *  SNAPSHOT      tag=5                                   uv(id) zz(time-lastTime)
 * </pre>
 * N means "seq is lastSeq + 1". A DISPATCH_REF repeats time, type, target and payload of the d-th most recent INPUT of
 * the same block (1 &le; d &le; {@value #INPUT_HISTORY}).
 * <p>
 * Format version 5 adds PACKED records: an INPUT_DISPATCHED whose fields all have the widths of a <em>layout</em>
 * the block declared before it, so it needs no event header and no length per field. Each event type has a slot
 * S = type for types 0..6, S = 7 for every other type, and each slot its own layout. A LAYOUT record (not counted in
 * RECORD_COUNT, delivered to no reader) puts a slot's layout in force for the rest of its block:
 * <pre>
 *  LAYOUT        tag=7 | 1&lt;&lt;4 | S&lt;&lt;5     u32 LE widths: 4 bits per field, bytes 0..8, in the order
 *                                         time, seq, type (0..4), target, a0, a1, a2, a3 (lowest bits first)
 *                                      u8  bit i: word ai is coded as zz(value - prev[i]); bits 4..7 zero
 *  PACKED        tag=7 | F&lt;&lt;3 | S&lt;&lt;5     then the eight fields of an INPUT_DISPATCHED of a type of slot S,
 *                                      with the same values (zz(time - lastTime), zz(seq - lastSeq - 1), type,
 *                                      zz(target), each word as the layout says) except the type, which is type XOR S
 *                                      (0 for types 0..6), each as raw little-endian bytes of exactly its slot's width
 * </pre>
 * A PACKED record is two records in RECORD_COUNT, like INPUT_DISPATCHED, and sets prev[0..3] the same way. The writer
 * plans the layouts from the field lengths of a probe of events written as INPUT_DISPATCHED (for each slot the
 * cheapest widths, counting an event that does not fit as written in full), keeps them for many blocks, writes a
 * slot's LAYOUT before the block's first PACKED record of that slot, and writes any event that does not fit as an
 * INPUT_DISPATCHED. A reader needs none of that: each block declares the layouts it uses.
 * <p>
 * The checksum covers the block from BLOCK_LENGTH to the end, so a damaged block is located by cycle file, document
 * index and, inside a block whose checksum holds, by record index; a block cut short names the record the cut falls
 * in, and a block whose checksum fails because of one damaged byte names that byte and its record.
 */
public final class JournalDescriptor
{
    /**
     * Current journal format version, written to every block. Version 2 replaced the LEB128 fields of INPUT and
     * DISPATCH by the event header and raw little-endian fields; version 3 added INPUT_DISPATCHED; version 4 the END
     * block that closes a journal; version 5 the LAYOUT and PACKED records. Readers accept versions
     * {@link #MIN_FORMAT_VERSION} to this one. Raising it adds a journal written by the last release of the version
     * before to the golden test fixtures, as journal/README.md says.
     */
    public static final int FORMAT_VERSION = 5;

    /**
     * Oldest format version readers accept: a version 2 journal is a version 3 journal without INPUT_DISPATCHED.
     */
    public static final int MIN_FORMAT_VERSION = 2;

    /** First format version with {@link #TAG_INPUT_DISPATCHED}. */
    public static final int INPUT_DISPATCHED_VERSION = 3;

    /** First format version whose writer closes the journal with a {@link #BLOCK_KIND_END} block. */
    public static final int END_BLOCK_VERSION = 4;

    /** First format version with {@link #TAG_PACKED} records. */
    public static final int PACKED_VERSION = 5;

    /** "CNCRJRNL" as a little-endian long. */
    public static final long JOURNAL_MAGIC = 0x4C4E524A52434E43L;

    /** Magic in every block header, as a little-endian short. */
    public static final short BLOCK_MAGIC = (short)0xC0DE;

    /** Block kind of the header block that starts every cycle file. */
    public static final byte BLOCK_KIND_HEADER = 1;

    /** Block kind of a block of records. */
    public static final byte BLOCK_KIND_DATA = 2;

    /** Block kind of the block that closes a journal (format version 4). */
    public static final byte BLOCK_KIND_END = 3;

    public static final int CHECKSUM_OFFSET = 0;
    public static final int CHECKSUM_LENGTH = 4;
    public static final int BLOCK_LENGTH_OFFSET = 4;
    public static final int BLOCK_LENGTH_LENGTH = 4;
    public static final int BLOCK_INDEX_OFFSET = 8;
    public static final int BLOCK_INDEX_LENGTH = 8;
    public static final int BASE_TIME_OFFSET = 16;
    public static final int BASE_TIME_LENGTH = 8;
    public static final int BASE_SEQ_OFFSET = 24;
    public static final int BASE_SEQ_LENGTH = 8;
    public static final int RECORD_COUNT_OFFSET = 32;
    public static final int RECORD_COUNT_LENGTH = 4;
    public static final int KIND_OFFSET = 36;
    public static final int KIND_LENGTH = 1;
    public static final int VERSION_OFFSET = 37;
    public static final int VERSION_LENGTH = 1;
    public static final int BLOCK_MAGIC_OFFSET = 38;
    public static final int BLOCK_MAGIC_LENGTH = 2;

    /** Length of the block header; records or the header body start here. */
    public static final int BLOCK_HEADER_LENGTH = 40;

    public static final int TOTAL_RECORDS_OFFSET = 40;
    public static final int TOTAL_RECORDS_LENGTH = 8;

    /** Length of an END block. */
    public static final int END_BLOCK_LENGTH = TOTAL_RECORDS_OFFSET + TOTAL_RECORDS_LENGTH;

    public static final int MAGIC_OFFSET = 40;
    public static final int MAGIC_LENGTH = 8;
    public static final int FORMAT_VERSION_OFFSET = 48;
    public static final int FORMAT_VERSION_LENGTH = 4;
    public static final int SHARD_ID_OFFSET = 52;
    public static final int SHARD_ID_LENGTH = 4;
    public static final int SHARD_COUNT_OFFSET = 56;
    public static final int SHARD_COUNT_LENGTH = 4;
    public static final int TIME_UNIT_OFFSET = 60;
    public static final int TIME_UNIT_LENGTH = 4;
    public static final int CONFIG_HASH_OFFSET = 64;
    public static final int CONFIG_HASH_LENGTH = 8;
    public static final int START_TIME_OFFSET = 72;
    public static final int START_TIME_LENGTH = 8;
    public static final int SEED_OFFSET = 80;
    public static final int SEED_LENGTH = 8;
    public static final int ENGINE_VERSION_OFFSET = 88;

    /** Length of a string length prefix (unsigned 16 bits). */
    public static final int STRING_LENGTH_LENGTH = 2;

    /** Longest identity string in UTF-8 bytes. */
    public static final int MAX_STRING_LENGTH = 1024;

    /** Fixed part of a header block: everything up to the first string. */
    public static final int HEADER_FIXED_LENGTH = ENGINE_VERSION_OFFSET;

    /** Largest header block. */
    public static final int MAX_HEADER_BLOCK_LENGTH =
        HEADER_FIXED_LENGTH + 2 * (STRING_LENGTH_LENGTH + MAX_STRING_LENGTH);

    public static final int TAG_KIND_MASK = 0x7;
    public static final int TAG_INPUT = 1;
    public static final int TAG_ADVANCE = 2;
    public static final int TAG_DISPATCH = 3;
    public static final int TAG_DISPATCH_REF = 4;
    public static final int TAG_SNAPSHOT = 5;

    /** An INPUT and, as the next record, its DISPATCH (format version 3). */
    public static final int TAG_INPUT_DISPATCHED = 6;

    /** A PACKED record, or with {@link #TAG_LAYOUT_FLAG} a LAYOUT record (format version 5). */
    public static final int TAG_PACKED = 7;

    /** With {@link #TAG_PACKED}: the record is a LAYOUT. */
    public static final int TAG_LAYOUT_FLAG = 0x10;

    /** Bits per field width in a LAYOUT record. */
    public static final int LAYOUT_WIDTH_BITS = 4;
    public static final int LAYOUT_WIDTH_MASK = (1 << LAYOUT_WIDTH_BITS) - 1;

    /** Offset, from the tag byte, of a LAYOUT record's byte of delta flags. */
    public static final int LAYOUT_DELTA_OFFSET = 5;

    /** Length of a LAYOUT record: tag, 4 bytes of widths, 1 byte of delta flags. */
    public static final int LAYOUT_RECORD_LENGTH = 6;

    /** Fields of a PACKED record: time, seq, type, target, a0..a3. */
    public static final int PACKED_FIELDS = 8;

    /** Index of the type among {@link #PACKED_FIELDS}; its width is at most {@link #MAX_TYPE_LENGTH}. */
    public static final int PACKED_TYPE_FIELD = 2;

    /** LAYOUT and PACKED: bits 5..7 of the tag byte are the type slot. */
    public static final int TAG_SLOT_SHIFT = 5;

    /** Type slots, each with its own layout: types 0..6 have one each, every other type shares the last. */
    public static final int LAYOUT_SLOTS = 8;

    /** The slot of every type outside 0..6. */
    public static final int OTHER_TYPES_SLOT = LAYOUT_SLOTS - 1;

    /** DISPATCH, DISPATCH_REF, INPUT_DISPATCHED, PACKED: the handler threw. */
    public static final int TAG_FAILED_FLAG = 0x08;

    /** DISPATCH_REF: seq is lastSeq + 1 and is not written. */
    public static final int TAG_NEXT_SEQ_FLAG = 0x10;

    public static final int TAG_REF_DISTANCE_SHIFT = 5;

    /** Inputs of the current block a DISPATCH_REF can point back to. */
    public static final int INPUT_HISTORY = 8;

    /** Length of the event header of an INPUT or DISPATCH; its low byte is the tag byte. */
    public static final int EVENT_HEADER_LENGTH = 4;

    /** Bits of a field's length code in the event header. */
    public static final int LENGTH_CODE_BITS = 3;
    public static final int LENGTH_CODE_MASK = (1 << LENGTH_CODE_BITS) - 1;

    /** The length code meaning 8 bytes; codes below it are byte counts. */
    public static final int LENGTH_CODE_LONG = 7;

    public static final int EVENT_TIME_SHIFT = 4;
    public static final int EVENT_SEQ_SHIFT = 7;
    public static final int EVENT_TYPE_SHIFT = 10;
    public static final int EVENT_TARGET_SHIFT = 13;

    /** Payload word i has its 4 bits at {@code EVENT_WORD_SHIFT + i * EVENT_WORD_BITS}: length code, then D. */
    public static final int EVENT_WORD_SHIFT = 16;
    public static final int EVENT_WORD_BITS = 4;

    /** Payload word bit D: the field holds zz(value - prev[i]) rather than zz(value). */
    public static final int WORD_DELTA_FLAG = 1 << LENGTH_CODE_BITS;

    /** Longest type field: a type is 32 bits. */
    public static final int MAX_TYPE_LENGTH = Integer.BYTES;

    /** Longest LEB128 encoding of a 64-bit value. */
    public static final int MAX_VARLONG_LENGTH = 10;

    /** Longest encoded record: a full DISPATCH or an INPUT_DISPATCHED with every field at its longest. */
    public static final int MAX_RECORD_LENGTH =
        EVENT_HEADER_LENGTH + Long.BYTES * 2 + MAX_TYPE_LENGTH + Long.BYTES + Long.BYTES * 4;

    /** Smallest permitted block capacity. */
    public static final int MIN_BLOCK_CAPACITY =
        Math.max(BLOCK_HEADER_LENGTH + MAX_RECORD_LENGTH, MAX_HEADER_BLOCK_LENGTH);

    /** Largest permitted block capacity (Chronicle document lengths are 30 bits; stay far below). */
    public static final int MAX_BLOCK_CAPACITY = 1 << 24;

    private JournalDescriptor()
    {
    }

    /**
     * Check that a block capacity is usable.
     *
     * @param capacity bytes per block.
     * @throws IllegalArgumentException if outside [{@link #MIN_BLOCK_CAPACITY}, {@link #MAX_BLOCK_CAPACITY}].
     */
    public static void checkBlockCapacity(final int capacity)
    {
        if (capacity < MIN_BLOCK_CAPACITY || capacity > MAX_BLOCK_CAPACITY)
        {
            throw new IllegalArgumentException("blockBytes=" + capacity + " outside [" + MIN_BLOCK_CAPACITY + ", " +
                MAX_BLOCK_CAPACITY + "]");
        }
    }
}
