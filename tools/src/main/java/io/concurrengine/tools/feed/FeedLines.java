package io.concurrengine.tools.feed;

import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ReadableByteChannel;

/**
 * The lines of a feed ({@link MarketFeedFile}), read in order from its channel through one reused buffer: no
 * allocation per line, only a malformed line allocates its message. {@link #next()} moves to the next line, which is
 * then [{@link #from()}, {@link #to()}) of {@link #bytes()}: its line feed left out, the carriage return of a CRLF line
 * end kept (the parser drops it). The line feed is searched for eight bytes at a time.
 * <p>
 * A line longer than {@value #MAX_LINE_BYTES} bytes (line end excluded) is a {@link FeedFormatException}; the rest of
 * it is skipped, and the next call reads the line after it. A last line without a line end is read as a line, or, for
 * a feed whose lines must end ({@code lineEndRequired}: a network connection that may have been cut mid-line), is a
 * {@link FeedFormatException}. A read that fails is an {@link UncheckedIOException} naming the feed and the last line
 * read. Not threadsafe.
 */
final class FeedLines
{
    private static final int MAX_LINE_BYTES = MarketFeedFile.MAX_LINE_BYTES;
    private static final int READ_BYTES = 1 << 16;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    private static final String CR_ONLY_HINT = "; the line holds a carriage return (\\r) with no line feed after it: " +
        "the feed appears to use CR-only line ends (classic Mac OS), and a feed's lines end in LF or CRLF: " +
        "convert it, e.g. tr '\\r' '\\n'";
    private static final String NUL_HINT = "; the line holds NUL bytes: the feed appears to be UTF-16 text (as some " +
        "Windows tools save it) or binary, and a feed is ASCII text: convert it, e.g. iconv -f UTF-16 -t UTF-8";

    private final String name;
    private final ReadableByteChannel channel;
    private final boolean lineEndRequired;
    private final byte[] bytes = new byte[READ_BYTES + MAX_LINE_BYTES];
    private final ByteBuffer view = ByteBuffer.wrap(bytes);
    private int position;
    private int limit;
    private int scanned;
    private int lineFrom;
    private int lineTo;
    private boolean endOfFile;
    private boolean discardingLongLine;
    /** The current line ran to the end of the file: no line feed ended it. */
    private boolean unterminated;
    private long lineNumber;
    private long reads;

    /**
     * @param name            how messages name the feed: its path, {@code stdin}, an address.
     * @param channel         the feed's bytes; closed by {@link #close()}.
     * @param lineEndRequired true if a last line the channel ended in before its line end is malformed rather than
     *                        read.
     */
    FeedLines(final String name, final ReadableByteChannel channel, final boolean lineEndRequired)
    {
        this.name = name;
        this.channel = channel;
        this.lineEndRequired = lineEndRequired;
    }

    /**
     * @return the buffer the lines are read into: the same array for the reader's life, its content valid for the
     * current line only.
     */
    byte[] bytes()
    {
        return bytes;
    }

    /**
     * @return where the current line starts in {@link #bytes()}.
     */
    int from()
    {
        return lineFrom;
    }

    /**
     * @return where the current line ends in {@link #bytes()}, before its line feed.
     */
    int to()
    {
        return lineTo;
    }

    /**
     * @return lines read so far, the current one included: its number, from 1.
     */
    long number()
    {
        return lineNumber;
    }

    /**
     * @return reads of the channel so far, each of which may have waited for its bytes.
     */
    long reads()
    {
        return reads;
    }

    /**
     * Move to the next line: [lineFrom, lineTo) without its line end.
     *
     * @return false at the end of the file.
     */
    boolean next()
    {
        while (true)
        {
            final int end = newline(bytes, scanned, limit);
            if (end < limit)
            {
                final int from = position;
                position = end + 1;
                scanned = position;
                if (discardingLongLine)
                {
                    discardingLongLine = false;
                    continue;
                }
                lineNumber++;
                if (end - from - (end > from && '\r' == bytes[end - 1] ? 1 : 0) > MAX_LINE_BYTES)
                {
                    throw tooLong(from, end);
                }
                lineFrom = from;
                lineTo = end;
                unterminated = false;
                return true;
            }
            if (discardingLongLine)
            {
                position = limit;
                scanned = limit;
            }
            else if (scanned < limit)
            {
                scanned = limit;
                if (limit - position > MAX_LINE_BYTES + 1) // + 1: the CR of a CRLF line end is not part of the line
                {
                    final int from = position;
                    discardingLongLine = true;
                    position = limit;
                    lineNumber++;
                    throw tooLong(from, limit);
                }
            }
            if (endOfFile)
            {
                if (position < limit && !discardingLongLine)
                {
                    final int from = position;
                    position = limit;
                    scanned = limit;
                    lineNumber++;
                    if (lineEndRequired)
                    {
                        throw new FeedFormatException(name, lineNumber,
                            "the connection ended in the middle of the line, before its line end");
                    }
                    // the MAX_LINE_BYTES + 1 bytes let through above for a CR that did not come
                    if (limit - from - ('\r' == bytes[limit - 1] ? 1 : 0) > MAX_LINE_BYTES)
                    {
                        throw tooLong(from, limit);
                    }
                    lineFrom = from;
                    lineTo = limit;
                    unterminated = true;
                    return true;
                }
                return false;
            }
            fill();
        }
    }

    /**
     * @return index of the first line feed in [from, to), or {@code to}; eight bytes at a time.
     */
    private static int newline(final byte[] bytes, final int from, final int to)
    {
        int i = from;
        for (; i + Long.BYTES <= to; i += Long.BYTES)
        {
            final long word = (long)LONG_LE.get(bytes, i) ^ LINE_FEEDS;
            final long found = (word - ONES) & ~word & HIGH_BITS;
            if (0 != found)
            {
                return i + (Long.numberOfTrailingZeros(found) >>> 3);
            }
        }
        for (; i < to; i++)
        {
            if ('\n' == bytes[i])
            {
                return i;
            }
        }
        return to;
    }

    private void fill()
    {
        final int kept = limit - position;
        System.arraycopy(bytes, position, bytes, 0, kept);
        scanned -= position;
        position = 0;
        limit = kept;
        view.limit(bytes.length).position(limit);
        reads++;
        try
        {
            final int read = channel.read(view);
            if (read < 0)
            {
                endOfFile = true;
            }
            else
            {
                limit += read;
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(
                name + ": read failed after line " + lineNumber + ": " + IoProblems.describe(ex),
                ex);
        }
    }

    /**
     * @param problem what is wrong with the line, e.g. {@code field 6 (price) "10x" is not an integer}.
     * @return the problem of the current line [from, to), naming the feed and the line.
     */
    FeedFormatException problem(final String problem)
    {
        return new FeedFormatException(name, lineNumber, problem + hint(lineFrom, lineTo));
    }

    /**
     * @return true if the current line is the file's last, ended by the end of the file and not by a line feed, and
     * holds a carriage return followed by a byte that is neither a line feed nor another carriage return: a feed of
     * CR-only line ends under {@value #MAX_LINE_BYTES} bytes is one such line ({@link #crOnlyHint}), and a line the
     * parser would skip (a comment, the header) would take the whole feed with it. A line that a line feed ends is a
     * line of a feed whose lines end in LF, whatever stray carriage return it holds.
     */
    boolean holdsCrOnlyLineEnd()
    {
        return unterminated && !crOnlyHint(lineFrom, lineTo).isEmpty();
    }

    /**
     * @return the problem of a line over {@link #MAX_LINE_BYTES} whose first bytes are [from, to).
     */
    private FeedFormatException tooLong(final int from, final int to)
    {
        return new FeedFormatException(name, lineNumber,
            "line longer than " + MAX_LINE_BYTES + " bytes" + hint(from, to));
    }

    /**
     * @return what the malformed line's bytes [from, to) say about the feed: that it is not ASCII text at all (a NUL
     * byte: UTF-16, whose line feed is followed by a NUL, as its carriage return is), else that its lines end in CR
     * alone ({@link #crOnlyHint}), else "".
     */
    private String hint(final int from, final int to)
    {
        for (int i = from; i < to; i++)
        {
            if (0 == bytes[i])
            {
                return NUL_HINT;
            }
        }
        return crOnlyHint(from, to);
    }

    /**
     * A feed whose lines end in CR alone (classic Mac OS; some spreadsheets still export it) has no line end this
     * reader knows: it reads as one line, malformed or over the limit. Its malformed line says so, here, off the
     * per-line path.
     *
     * @return a sentence to add to the problem of the line whose bytes (so far) are [from, to) if a carriage return
     * in it is followed by a byte that is neither a line feed nor another carriage return (a CR CR LF line end, as
     * two conversions to CRLF leave, is no CR-only line end) nor a NUL (UTF-16's CRLF), else "". Its last byte is
     * left out: a CR there is a CRLF's, or may be.
     */
    private String crOnlyHint(final int from, final int to)
    {
        for (int i = from; i < to - 1; i++)
        {
            if ('\r' == bytes[i] && '\r' != bytes[i + 1] && 0 != bytes[i + 1])
            {
                return CR_ONLY_HINT;
            }
        }
        return "";
    }

    /**
     * Close the channel.
     *
     * @throws UncheckedIOException if it cannot be closed.
     */
    void close()
    {
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close feed " + name, ex);
        }
    }
}
