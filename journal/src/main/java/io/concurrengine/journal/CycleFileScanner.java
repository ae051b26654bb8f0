/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import org.agrona.BufferUtil;
import org.agrona.concurrent.UnsafeBuffer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;

/**
 * Walks the documents of one Chronicle cycle file with positional reads, never through a memory mapping: a file cut
 * short cannot raise SIGBUS, and an incomplete document cannot make it wait. Not threadsafe.
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
 * length of the 0 header; anything further is trailing data.
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
    private static final int INITIAL_CAPACITY = 1 << 20;
    /** A tail shorter than this is read whole: asking for its holes costs more than reading it. */
    static final long SKIP_HOLES_FROM_BYTES = 64L << 20;
    /** Zeros to compare a file's tail with; read only. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    private ByteBuffer byteBuffer;
    private ByteBuffer view;
    private ByteBuffer scanView;
    private final ByteBuffer zeros = ZEROS.duplicate();
    private FileHoles holes;
    private long bytesRead;
    private final UnsafeBuffer buffer = new UnsafeBuffer(0, 0);
    private FileChannel channel;
    private Path file;
    private long fileSize;
    private long bufferStart;
    private int bufferLength;
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
    private CRC32C crc;

    CycleFileScanner()
    {
        allocate(INITIAL_CAPACITY);
    }

    private void allocate(final int capacity)
    {
        byteBuffer = BufferUtil.allocateDirectAligned(capacity, 64).order(ByteOrder.LITTLE_ENDIAN);
        view = byteBuffer.duplicate();
        scanView = byteBuffer.duplicate();
        buffer.wrap(byteBuffer);
    }

    /**
     * Start scanning a cycle file from its first byte.
     *
     * @param file cycle file.
     */
    void open(final Path file)
    {
        close();
        this.file = file;
        try
        {
            channel = FileChannel.open(file, StandardOpenOption.READ);
            fileSize = channel.size();
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptException(IO_ERROR, file, -1, NO_RECORD, -1, "cannot open cycle file", ex);
        }
        bufferStart = 0;
        bufferLength = 0;
        position = 0;
        documentIndex = -1;
        unwrittenDocument = -1;
        strayData = null;
        unstarted = null;
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
        return file;
    }

    UnsafeBuffer buffer()
    {
        return buffer;
    }

    ByteBuffer view()
    {
        return view;
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
        while (true)
        {
            final long headerPosition = position;
            if (!ensure(headerPosition, Integer.BYTES))
            {
                if (!live)
                {
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
                if (!grownTo(headerPosition + Integer.BYTES) || !ensure(headerPosition, Integer.BYTES))
                {
                    return false; // not yet written
                }
            }
            final int header = buffer.getInt((int)(headerPosition - bufferStart));
            if (0 == header)
            {
                if (!live)
                {
                    checkUnwritten(headerPosition);
                }
                return false;
            }
            if (END_OF_DATA == header)
            {
                final long after = headerPosition + Integer.BYTES;
                final boolean eofText = ensure(after, Integer.BYTES) &&
                    EOF_TEXT == buffer.getInt((int)(after - bufferStart));
                checkTail(eofText ? after + Integer.BYTES : after);
                return false;
            }
            final int length = header & LENGTH_MASK;
            if ((header & NOT_COMPLETE) != 0)
            {
                if (live && length <= MAX_DOCUMENT_LENGTH)
                {
                    return false;
                }
                final JournalCorruptException damage = corrupt(INCOMPLETE_DOCUMENT, headerPosition,
                    "document was never completed (header=0x" + Integer.toHexString(header) + " length=" + length +
                    "): the writer stopped mid-append");
                if (0 == headerPosition && NOT_COMPLETE == header)
                {
                    unstarted = damage;
                    return false;
                }
                throw damage;
            }
            if (length > MAX_DOCUMENT_LENGTH)
            {
                throw corrupt(MALFORMED_BLOCK, headerPosition, "impossible document header=0x" +
                    Integer.toHexString(header) + " (length=" + length + " > " + MAX_DOCUMENT_LENGTH +
                    "): garbage where a document should start");
            }
            final long bodyPosition = headerPosition + Integer.BYTES;
            if (live && bodyPosition + length > fileSize && !grownTo(bodyPosition + length))
            {
                return false; // not yet written
            }
            final boolean cut = bodyPosition + length > fileSize;
            if (cut && (header & META_DATA) != 0)
            {
                throw corrupt(TRUNCATED, headerPosition, "document declares length=" + length +
                    " but the cycle file ends at byte " + fileSize);
            }
            final int present = cut ? (int)(fileSize - bodyPosition) : length;
            position = cut ? fileSize : (bodyPosition + length + 3) & ~3L;
            if ((header & META_DATA) != 0)
            {
                if (!cut && isIntactBlock(bodyPosition, length))
                {
                    throw corrupt(MALFORMED_BLOCK, headerPosition, "document header=0x" + Integer.toHexString(header) +
                        " marks an intact journal block as Chronicle meta-data, which readers skip: a flipped bit " +
                        "(bit 30) in the document's 4-byte header, which no checksum covers");
                }
                continue;
            }
            if (!ensure(bodyPosition, present))
            {
                throw corrupt(TRUNCATED, headerPosition, "cannot read document length=" + length);
            }
            documentIndex++;
            documentPosition = headerPosition;
            documentOffset = (int)(bodyPosition - bufferStart);
            documentLength = present;
            declaredLength = length;
            return true;
        }
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
        if (length < headerLength || !ensure(bodyPosition, headerLength))
        {
            return false;
        }
        int offset = (int)(bodyPosition - bufferStart);
        if (JournalDescriptor.BLOCK_MAGIC != buffer.getShort(offset + JournalDescriptor.BLOCK_MAGIC_OFFSET) ||
            length != buffer.getInt(offset + JournalDescriptor.BLOCK_LENGTH_OFFSET) || !ensure(bodyPosition, length))
        {
            return false;
        }
        offset = (int)(bodyPosition - bufferStart);
        if (null == crc)
        {
            crc = new CRC32C();
        }
        return buffer.getInt(offset + JournalDescriptor.CHECKSUM_OFFSET) == Checksum.compute(crc, view, offset, length);
    }

    /**
     * @return bytes read from cycle files by this scanner so far (for tests).
     */
    long bytesRead()
    {
        return bytesRead;
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
        return new JournalCorruptException(reason, file, documentIndex, recordIndex, documentPosition, detail, null);
    }

    private JournalCorruptException corrupt(final JournalCorruptException.Reason reason, final long at, final String detail)
    {
        return new JournalCorruptException(reason, file, documentIndex + 1, NO_RECORD, at, detail, null);
    }

    /**
     * @return after {@link #next()} returned false, the file position of a document whose header is still 0 but whose
     * bytes follow it (what a writer killed mid-append leaves), or -1 if the cycle file ended cleanly. The reader decides
     * whether it is the writer's last act or {@link #strayData()}.
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
        return new JournalCorruptException(TRAILING_DATA, file, documentIndex + 1, NO_RECORD, at,
            "non-zero byte 0x" + Integer.toHexString(byteAt(at) & 0xFF) + " at " + at + " after the end of the data at " +
            from + " (fileSize=" + fileSize + ")", null);
    }

    private byte byteAt(final long at)
    {
        return ensure(at, 1) ? buffer.getByte((int)(at - bufferStart)) : 0;
    }

    private void checkTail(final long from)
    {
        final long at = firstNonZero(from);
        if (at >= 0)
        {
            throw trailingData(from, at);
        }
    }

    private void checkUnwritten(final long headerPosition)
    {
        final long at = firstNonZero(headerPosition);
        if (at < 0)
        {
            return;
        }
        final JournalCorruptException damage = trailingData(headerPosition, at);
        final long longestEnd = headerPosition + Integer.BYTES + MAX_DOCUMENT_LENGTH;
        if (at >= longestEnd || firstNonZero(longestEnd) >= 0)
        {
            throw damage;
        }
        unwrittenDocument = headerPosition;
        strayData = damage;
    }

    /**
     * The position of the first non-zero byte from {@code from} to the end of the file. A tail longer than
     * {@link #SKIP_HOLES_FROM_BYTES} is read only where the file system does not report a hole ({@link FileHoles}):
     * a sparse cycle file's gigabytes of holes read as zeros without being read. What is read is compared with zeros
     * a vector at a time ({@link ByteBuffer#mismatch(ByteBuffer)}).
     *
     * @return the position, or -1.
     */
    private long firstNonZero(final long from)
    {
        final FileHoles holes = fileSize - from > SKIP_HOLES_FROM_BYTES ? holes() : null;
        long at = from;
        while (at < fileSize)
        {
            final long data = null == holes ? at : holes.dataFrom(at, fileSize);
            final long end = null == holes ? fileSize : holes.dataEnd(data, fileSize);
            final long found = firstNonZero(data, end);
            if (found >= 0 || end <= at) // end > at whenever at < fileSize: dataEnd moves on from data >= at
            {
                return found;
            }
            at = end;
        }
        return -1;
    }

    /**
     * @return the position of the first non-zero byte in {@code [from, end)}, or -1 (also if the file ends first).
     */
    private long firstNonZero(final long from, final long end)
    {
        final ByteBuffer bytes = scanView;
        final ByteBuffer zeros = this.zeros;
        long at = from;
        while (at < end)
        {
            final int length = (int)Math.min(byteBuffer.capacity(), end - at);
            if (!ensure(at, length))
            {
                return -1;
            }
            final int start = (int)(at - bufferStart);
            for (int offset = 0; offset < length; offset += zeros.capacity())
            {
                final int step = Math.min(zeros.capacity(), length - offset);
                bytes.limit(start + offset + step).position(start + offset);
                zeros.limit(step).position(0);
                final int mismatch = bytes.mismatch(zeros);
                if (mismatch >= 0)
                {
                    return at + offset + mismatch;
                }
            }
            at += length;
        }
        return -1;
    }

    /**
     * @return the holes of the file being scanned, asked once per file (a second descriptor on it).
     */
    private FileHoles holes()
    {
        if (null == holes)
        {
            holes = FileHoles.open(file);
        }
        return holes;
    }

    /**
     * Live reading: read the file's size again, which the writer has grown since {@link #open(Path)} if it appended
     * past it (Chronicle extends a cycle file a chunk at a time).
     *
     * @return true if the file now reaches {@code end}.
     */
    private boolean grownTo(final long end)
    {
        try
        {
            fileSize = Math.max(fileSize, channel.size());
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptException(IO_ERROR, file, documentIndex + 1, NO_RECORD, position,
                "cannot read the cycle file's size", ex);
        }
        return end <= fileSize;
    }

    /**
     * Make bytes [filePosition, filePosition + length) available in the buffer.
     *
     * @return false if the file ends first.
     */
    private boolean ensure(final long filePosition, final int length)
    {
        if (filePosition >= bufferStart && filePosition + length <= bufferStart + bufferLength)
        {
            return true;
        }
        if (filePosition + length > fileSize)
        {
            return false;
        }
        if (length > byteBuffer.capacity())
        {
            allocate(Integer.highestOneBit(length - 1) << 1);
        }
        final ByteBuffer target = view;
        target.clear();
        final long readable = Math.min(target.capacity(), fileSize - filePosition);
        target.limit((int)readable);
        try
        {
            long at = filePosition;
            while (target.hasRemaining())
            {
                final int read = channel.read(target, at);
                if (read < 0)
                {
                    break;
                }
                at += read;
            }
        }
        catch (final IOException ex)
        {
            throw new JournalCorruptException(IO_ERROR, file, documentIndex + 1, NO_RECORD, filePosition,
                "cannot read", ex);
        }
        bufferStart = filePosition;
        bufferLength = target.position();
        bytesRead += bufferLength;
        return bufferLength >= length;
    }

    @Override
    public void close()
    {
        if (null != holes)
        {
            holes.close();
            holes = null;
        }
        if (null != channel)
        {
            try
            {
                channel.close();
            }
            catch (final IOException ignore)
            {
                // read-only channel: nothing to lose
            }
            channel = null;
        }
    }
}
