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

import static io.concurrengine.journal.JournalCorruptException.NO_RECORD;
import static io.concurrengine.journal.JournalCorruptException.Reason.*;

/**
 * A window of one cycle file's bytes in a direct buffer, filled by positional reads, never through a memory mapping
 * (a file cut short cannot raise SIGBUS), for a {@link CycleFileScanner}: the bytes asked for are read into the
 * buffer, which grows to the longest range asked for, and the file's tail is checked for zeros a vector at a time,
 * where the file system reports data only ({@link FileHoles}). The file's size is read when it is opened and again
 * when live reading asks. Reads that fail are reported through the scanner, which names the document. Not
 * threadsafe.
 */
final class FileWindow implements AutoCloseable
{
    /** A tail shorter than this is read whole: asking for its holes costs more than reading it. */
    static final long SKIP_HOLES_FROM_BYTES = 64L << 20;
    private static final int INITIAL_CAPACITY = 1 << 20;
    /** Zeros to compare a file's tail with; read only. */
    private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(64 << 10).asReadOnlyBuffer();

    private final CycleFileScanner scanner;
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

    /**
     * @param scanner that reads through this window, and reports its failed reads.
     */
    FileWindow(final CycleFileScanner scanner)
    {
        this.scanner = scanner;
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
     * Close the file open before, if any, and open a cycle file, reading its size; the window holds none of its bytes.
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
    }

    /**
     * @return the cycle file last opened.
     */
    Path file()
    {
        return file;
    }

    /**
     * @return the buffer the window's bytes are in; the same instance for ever, wrapping the latest allocation.
     */
    UnsafeBuffer buffer()
    {
        return buffer;
    }

    /**
     * @return a {@link ByteBuffer} view of {@link #buffer()}'s memory, for checksums.
     */
    ByteBuffer view()
    {
        return view;
    }

    /**
     * @return the file's size as last read.
     */
    long size()
    {
        return fileSize;
    }

    /**
     * @return bytes read from cycle files through this window so far (for tests).
     */
    long bytesRead()
    {
        return bytesRead;
    }

    /**
     * @param filePosition a file position that {@link #ensure(long, int)} made available.
     * @return its index in {@link #buffer()}.
     */
    int offset(final long filePosition)
    {
        return (int)(filePosition - bufferStart);
    }

    /**
     * @return the byte at a file position, or 0 if the file ends first.
     */
    byte byteAt(final long at)
    {
        return ensure(at, 1) ? buffer.getByte((int)(at - bufferStart)) : 0;
    }

    /**
     * Live reading: read the file's size again, which the writer has grown since {@link #open(Path)} if it appended
     * past it (Chronicle extends a cycle file a chunk at a time).
     *
     * @return true if the file now reaches {@code end}.
     */
    boolean grownTo(final long end)
    {
        try
        {
            fileSize = Math.max(fileSize, channel.size());
        }
        catch (final IOException ex)
        {
            throw scanner.ioError(scanner.endOfData(), "cannot read the cycle file's size", ex);
        }
        return end <= fileSize;
    }

    /**
     * Make bytes [filePosition, filePosition + length) available in the buffer.
     *
     * @return false if the file ends first.
     */
    boolean ensure(final long filePosition, final int length)
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
            throw scanner.ioError(filePosition, "cannot read", ex);
        }
        bufferStart = filePosition;
        bufferLength = target.position();
        bytesRead += bufferLength;
        return bufferLength >= length;
    }

    /**
     * The position of the first non-zero byte from {@code from} to the end of the file. A tail longer than
     * {@link #SKIP_HOLES_FROM_BYTES} is read only where the file system does not report a hole ({@link FileHoles}):
     * a sparse cycle file's gigabytes of holes read as zeros without being read. What is read is compared with zeros
     * a vector at a time ({@link ByteBuffer#mismatch(ByteBuffer)}).
     *
     * @return the position, or -1.
     */
    long firstNonZero(final long from)
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
