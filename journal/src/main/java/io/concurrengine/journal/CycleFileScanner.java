/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.concurrent.UnsafeBuffer;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;

/**
 * Walks the documents of one Chronicle cycle file with positional reads ({@link FileWindow}), never through a memory
 * mapping: a file cut short cannot raise SIGBUS, and an incomplete document cannot make it wait. Not threadsafe.
 * <p>
 * Chronicle's on-disk framing (stable across Chronicle Queue 5.x): 4-byte-aligned documents, each a little-endian int
 * header followed by its bytes; header bit 31 = not complete, bit 30 = meta-data, bits 0..29 = length; a 0 header is
 * unwritten space; {@code 0xC0000000} marks the end of a rolled cycle. Meta-data documents (the store header, index
 * arrays) are skipped; data documents are journal blocks. A rolled cycle ends with the end marker and the binary-wire
 * text "EOF"; every byte after the end must be zero (Chronicle pre-sizes files sparsely), else it is trailing data:
 * a long tail is read only where the file system does not report a hole ({@link FileHoles}).
 * <p>
 * Chronicle's appender holds the queue's write lock while it appends, so it leaves a document's header at 0 while it
 * writes the bytes after it and sets the header (length, complete) only when the document is done: a writer killed
 * mid-append leaves a 0 header followed by part of a document, not a not-complete header. Outside live reading that
 * state ends the cycle file too, and is reported by {@link #unwrittenDocument()} for the reader to judge (it is the
 * writer's last act only if nothing should follow it), when the non-zero bytes all lie within one document's longest
 * length of the 0 header; anything further is trailing data. Zeros followed by an intact journal block are neither:
 * they are a hole in the file ({@link #hole()}), pages lost or zeroed where documents were.
 * <p>
 * The file's size is read when it is opened. Live reading reads it again when a document reaches past it, since the
 * writer grows the file as it appends.
 */
final class CycleFileScanner implements AutoCloseable
{
    static final int NOT_COMPLETE = 0x8000_0000;
    static final int META_DATA = 0x4000_0000;
    static final int LENGTH_MASK = 0x3FFF_FFFF;
    static final int END_OF_DATA = NOT_COMPLETE | META_DATA;
    /** Chronicle follows the end-of-data header with the binary-wire text "EOF" (0xC3 'E' 'O' 'F'). */
    static final int EOF_TEXT = 0x464F_45C3;
    /** Longest document accepted: blocks are at most 16 MiB, Chronicle's meta-data documents far less. */
    static final int MAX_DOCUMENT_LENGTH = 1 << 26;
    /** {@link FileWindow#SKIP_HOLES_FROM_BYTES}: a tail shorter than this is read whole. */
    static final long SKIP_HOLES_FROM_BYTES = FileWindow.SKIP_HOLES_FROM_BYTES;

    private final FileWindow window = new FileWindow(this);
    private long position;
    private long documentIndex;
    private boolean live;
    private long documentPosition;
    private int documentOffset;
    private int documentLength;
    private int declaredLength;
    private long unwrittenDocument = -1;
    private JournalCorruptException strayData;
    private JournalCorruptException unstarted;
    private JournalCorruptException hole;
    private CRC32C crc;

    /**
     * Start scanning a cycle file from its first byte.
     *
     * @param file cycle file.
     */
    void open(final Path file)
    {
        window.open(file);
        position = 0;
        documentIndex = -1;
        unwrittenDocument = -1;
        strayData = null;
        unstarted = null;
        hole = null;
    }

    /**
     * @param live true if the journal may still be written: unwritten space and an incomplete document then end the
     *             cycle file instead of being checked as damage, and so does a document that reaches past the end of
     *             the file once its size is read again (the writer grows the file as it appends).
     */
    void live(final boolean live)
    {
        this.live = live;
    }

    Path file()
    {
        return window.file();
    }

    UnsafeBuffer buffer()
    {
        return window.buffer();
    }

    ByteBuffer view()
    {
        return window.view();
    }

    long documentIndex()
    {
        return documentIndex;
    }

    long documentPosition()
    {
        return documentPosition;
    }

    /**
     * @return after {@link #next()} returned false, the file position where the data ends.
     */
    long endOfData()
    {
        return position;
    }

    int documentOffset()
    {
        return documentOffset;
    }

    /**
     * @return bytes of the current document present in the buffer: its whole length unless {@link #isCut()}.
     */
    int documentLength()
    {
        return documentLength;
    }

    /**
     * Move to the next data document. A data document cut short by the end of the file is returned too, holding the
     * bytes that remain: the caller must check {@link #isCut()} before using it.
     *
     * @return true if a data document is available, false at the clean end of the cycle file.
     * @throws JournalCorruptException if the framing is damaged.
     */
    boolean next()
    {
        final FileWindow window = this.window;
        while (true)
        {
            final long headerPosition = position;
            if (!window.ensure(headerPosition, Integer.BYTES) && !isHeaderPastEndReadable(headerPosition))
            {
                return false;
            }
            final int header = window.buffer().getInt(window.offset(headerPosition));
            if (0 == header || END_OF_DATA == header)
            {
                checkEndOfData(headerPosition, header);
                return false;
            }
            final int length = header & LENGTH_MASK;
            if ((header & NOT_COMPLETE) != 0)
            {
                checkNotComplete(headerPosition, header, length);
                return false;
            }
            if (length > MAX_DOCUMENT_LENGTH)
            {
                throw corrupt(MALFORMED_BLOCK, headerPosition, "impossible document header=0x" +
                    Integer.toHexString(header) + " (length=" + length + " > " + MAX_DOCUMENT_LENGTH +
                    "): garbage where a document should start");
            }
            final long bodyPosition = headerPosition + Integer.BYTES;
            if (live && bodyPosition + length > window.size() && !window.grownTo(bodyPosition + length))
            {
                return false; // not yet written
            }
            final boolean cut = bodyPosition + length > window.size();
            if ((header & META_DATA) == 0)
            {
                return startDocument(headerPosition, length, cut);
            }
            skipMetaData(headerPosition, header, length, cut);
        }
    }

    /**
     * The file ends before the 4-byte document header at {@code headerPosition}: damage, unless the file is empty
     * (Chronicle had not started it: {@link #unstarted()}), or, live, not yet written.
     *
     * @return true if live reading finds the file grown to hold the header.
     */
    private boolean isHeaderPastEndReadable(final long headerPosition)
    {
        if (!live)
        {
            final long fileSize = window.size();
            final JournalCorruptException damage = corrupt(TRUNCATED, headerPosition, "cycle file ends at " +
                "byte " + fileSize + " inside a document header or without an end marker (fileSize=" +
                fileSize + ")");
            if (0 == fileSize)
            {
                unstarted = damage;
                return false;
            }
            throw damage;
        }
        return window.grownTo(headerPosition + Integer.BYTES) && window.ensure(headerPosition, Integer.BYTES);
    }

    /**
     * A 0 header (unwritten space, or a document being appended) or the end-of-data marker ends the cycle file: check,
     * outside live reading, that only zeros follow, after the marker's "EOF" text if it is there. Live, Chronicle may
     * be writing that text as the marker is read, so nothing after either is checked.
     */
    private void checkEndOfData(final long headerPosition, final int header)
    {
        if (live)
        {
            return;
        }
        if (0 == header)
        {
            checkUnwritten(headerPosition);
            return;
        }
        final long after = headerPosition + Integer.BYTES;
        final boolean eofText = window.ensure(after, Integer.BYTES) &&
            EOF_TEXT == window.buffer().getInt(window.offset(after));
        checkTail(eofText ? after + Integer.BYTES : after);
    }

    /**
     * A document whose header says it was never completed ends the cycle file: while live, one being appended;
     * otherwise damage, unless it is the first header still {@link #NOT_COMPLETE} with no length (Chronicle had not
     * started the file: {@link #unstarted()}).
     */
    private void checkNotComplete(final long headerPosition, final int header, final int length)
    {
        if (live && length <= MAX_DOCUMENT_LENGTH)
        {
            return;
        }
        final JournalCorruptException damage = corrupt(INCOMPLETE_DOCUMENT, headerPosition,
            "document was never completed (header=0x" + Integer.toHexString(header) + " length=" + length +
            "): the writer stopped mid-append");
        if (0 == headerPosition && NOT_COMPLETE == header)
        {
            unstarted = damage;
            return;
        }
        throw damage;
    }

    /**
     * Skip a Chronicle meta-data document, checking that it is neither cut short nor a journal block whose header
     * gained the meta-data bit.
     */
    private void skipMetaData(final long headerPosition, final int header, final int length, final boolean cut)
    {
        if (cut)
        {
            throw corrupt(TRUNCATED, headerPosition, "document declares length=" + length +
                " but the cycle file ends at byte " + window.size());
        }
        final long bodyPosition = headerPosition + Integer.BYTES;
        position = (bodyPosition + length + 3) & ~3L;
        if (isIntactBlock(bodyPosition, length))
        {
            throw corrupt(MALFORMED_BLOCK, headerPosition, "document header=0x" + Integer.toHexString(header) +
                " marks an intact journal block as Chronicle meta-data, which readers skip: a flipped bit " +
                "(bit 30) in the document's 4-byte header, which no checksum covers");
        }
    }

    /**
     * Make the data document at {@code headerPosition} the current one, with the bytes of it the file holds.
     *
     * @return true.
     */
    private boolean startDocument(final long headerPosition, final int length, final boolean cut)
    {
        final long bodyPosition = headerPosition + Integer.BYTES;
        final long fileSize = window.size();
        final int present = cut ? (int)(fileSize - bodyPosition) : length;
        position = cut ? fileSize : (bodyPosition + length + 3) & ~3L;
        if (!window.ensure(bodyPosition, present))
        {
            throw corrupt(TRUNCATED, headerPosition, "cannot read document length=" + length);
        }
        documentIndex++;
        documentPosition = headerPosition;
        documentOffset = window.offset(bodyPosition);
        documentLength = present;
        declaredLength = length;
        return true;
    }

    /**
     * Whether the document body at {@code bodyPosition} is a journal block whose checksum holds: a Chronicle
     * meta-data document (the store header, an index array) is not, a journal block whose document header lost or
     * gained a bit is. Rare path (meta-data documents only): reads the block magic and length first, checksums the
     * body only when they fit.
     */
    private boolean isIntactBlock(final long bodyPosition, final int length)
    {
        final int headerLength = JournalDescriptor.BLOCK_HEADER_LENGTH;
        if (length < headerLength || !window.ensure(bodyPosition, headerLength))
        {
            return false;
        }
        int offset = window.offset(bodyPosition);
        final UnsafeBuffer buffer = window.buffer();
        if (JournalDescriptor.BLOCK_MAGIC != buffer.getShort(offset + JournalDescriptor.BLOCK_MAGIC_OFFSET) ||
            length != buffer.getInt(offset + JournalDescriptor.BLOCK_LENGTH_OFFSET) ||
            !window.ensure(bodyPosition, length))
        {
            return false;
        }
        offset = window.offset(bodyPosition);
        if (null == crc)
        {
            crc = new CRC32C();
        }
        return buffer.getInt(offset + JournalDescriptor.CHECKSUM_OFFSET) ==
            Checksum.compute(crc, window.view(), offset, length);
    }

    /**
     * @return bytes read from cycle files by this scanner so far (for tests).
     */
    long bytesRead()
    {
        return window.bytesRead();
    }

    /**
     * @return true if the current document is cut short by the end of the file: damage (TRUNCATED) that the caller
     * reports, since only it can name the record the cut falls in.
     */
    boolean isCut()
    {
        return documentLength != declaredLength;
    }

    /**
     * @return the length the current document's header declares: {@link #documentLength()} unless it is cut short.
     */
    int declaredLength()
    {
        return declaredLength;
    }

    /**
     * @param reason      what is wrong with the current document.
     * @param recordIndex the record of its block that is wrong, or {@link JournalCorruptException#NO_RECORD}.
     * @param detail      what is wrong, as {@code name=value} pairs.
     * @return the damage, named by the cycle file, the current document's index and its file position.
     */
    JournalCorruptException documentCorrupt(
        final JournalCorruptException.Reason reason, final int recordIndex, final String detail)
    {
        return new JournalCorruptException(reason, window.file(), documentIndex, recordIndex, documentPosition, detail,
            null);
    }

    private JournalCorruptException corrupt(
        final JournalCorruptException.Reason reason, final long at, final String detail)
    {
        return new JournalCorruptException(reason, window.file(), documentIndex + 1, NO_RECORD, at, detail, null);
    }

    /**
     * @return the {@link JournalCorruptException.Reason#IO_ERROR} of a read of the cycle file that failed, at a file
     * position, naming the document being looked for.
     */
    JournalCorruptException ioError(final long at, final String detail, final Throwable cause)
    {
        return new JournalCorruptException(IO_ERROR, window.file(), documentIndex + 1, NO_RECORD, at, detail, cause);
    }

    /**
     * @return after {@link #next()} returned false, the file position of a document whose header is still 0 but whose
     * bytes follow it (what a writer killed mid-append leaves), or -1 if the cycle file ended cleanly. The reader
     * decides whether it is the writer's last act, {@link #strayData()} or a {@link #hole()}.
     */
    long unwrittenDocument()
    {
        return unwrittenDocument;
    }

    /**
     * @return when {@link #unwrittenDocument()} is not -1, the trailing-data damage those bytes are if they are not a
     * document being appended (they follow the journal's end block, or a later cycle file exists).
     */
    JournalCorruptException strayData()
    {
        return strayData;
    }

    /**
     * @return when {@link #unwrittenDocument()} is not -1, the damage those bytes are if an intact journal block
     * follows the zeros (a hole in the file, not a document being appended), else null.
     */
    JournalCorruptException hole()
    {
        return hole;
    }

    /**
     * @return after {@link #next()} returned false on a cycle file's first document, the damage it would have reported
     * if the file holds no document because Chronicle had not started it: the file is empty (Chronicle creates it, then
     * sizes it), or its first header is still {@link #NOT_COMPLETE} with no length (Chronicle's first header, the store
     * header, until it is written). What a writer killed as it rolled to the file leaves; null otherwise. The reader
     * decides whether it is that or damage (a cycle file that is not the journal's last).
     */
    JournalCorruptException unstarted()
    {
        return unstarted;
    }

    private JournalCorruptException trailingData(final long from, final long at)
    {
        return new JournalCorruptException(TRAILING_DATA, window.file(), documentIndex + 1, NO_RECORD, at,
            "non-zero byte 0x" + Integer.toHexString(window.byteAt(at) & 0xFF) + " at " + at +
            " after the end of the data at " + from + " (fileSize=" + window.size() + ")", null);
    }

    private void checkTail(final long from)
    {
        final long at = window.firstNonZero(from);
        if (at >= 0)
        {
            throw trailingData(from, at);
        }
    }

    private void checkUnwritten(final long headerPosition)
    {
        final long at = window.firstNonZero(headerPosition);
        if (at < 0)
        {
            return;
        }
        final JournalCorruptException damage = trailingData(headerPosition, at);
        hole = hole(headerPosition, at);
        final long longestEnd = headerPosition + Integer.BYTES + MAX_DOCUMENT_LENGTH;
        if (null == hole && (at >= longestEnd || window.firstNonZero(longestEnd) >= 0))
        {
            throw damage;
        }
        unwrittenDocument = headerPosition;
        strayData = damage;
    }

    /**
     * Zeros from a 0 header to {@code at}, then an intact journal block further on: more than the one document a
     * writer stopped appending could hold, so a hole in the file (pages lost or zeroed), not the writer's last act.
     * Looks for that block within one longest document of {@code at} (a document the zeros end inside ends there);
     * rare path: only a 0 header with non-zero bytes after it gets here.
     *
     * @return the damage naming the hole and the block after it, or null if no intact block follows.
     */
    private JournalCorruptException hole(final long headerPosition, final long at)
    {
        final FileWindow window = this.window;
        final long end = Math.min(window.size(), at + Integer.BYTES + MAX_DOCUMENT_LENGTH);
        for (long position = at & ~3L; position + Integer.BYTES <= end; position += Integer.BYTES)
        {
            if (!window.ensure(position, Integer.BYTES))
            {
                return null;
            }
            final int header = window.buffer().getInt(window.offset(position));
            final int length = header & LENGTH_MASK;
            if (0 != header && 0 == (header & (NOT_COMPLETE | META_DATA)) && length <= MAX_DOCUMENT_LENGTH &&
                isIntactBlock(position + Integer.BYTES, length))
            {
                final long blockIndex = window.buffer().getLong(
                    window.offset(position + Integer.BYTES) + JournalDescriptor.BLOCK_INDEX_OFFSET);
                return corrupt(MALFORMED_BLOCK, headerPosition, "hole in the cycle file: bytes " + headerPosition +
                    " to " + (at - 1) + " (" + (at - headerPosition) + ") are zeros where a document should start, " +
                    "and an intact block (block " + blockIndex + ") follows at byte " + position + ": more than " +
                    "the one document a writer stopped appending could hold, so pages of the file were lost or " +
                    "zeroed (the blocks after the hole are not read)");
            }
        }
        return null;
    }

    @Override
    public void close()
    {
        window.close();
    }
}
