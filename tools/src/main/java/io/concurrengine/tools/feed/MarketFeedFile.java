package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * A recorded market feed: one input of the market model per line of a text file, read in order through a reused
 * buffer (no allocation per line; only a malformed line allocates its message).
 * <pre>
 *   # comment lines and blank lines are skipped; an optional first line starting "time," is a header
 *   time,type,instrument,...
 *   1000,add,17,5001,buy,10250,100        time, add, instrument, order id, side, price, quantity[, time in force]
 *   1000,add,17,5002,sell,10260,80,30000  (time in force in time units after the add is handled; 0 or absent: GTC)
 *   1003,execute,17,9001,sell,10200,50    time, execute, instrument, reference, side, limit price or "market", quantity
 *   1003,execute,17,9002,buy,market,50
 *   1010,cancel,17,5001                   time, cancel, instrument, order id
 *   1012,replace,17,5002,10255,60         time, replace, instrument, order id, new price, new quantity
 * </pre>
 * Fields are separated by commas, surrounded by optional spaces; lines end with LF or CRLF. Times are the feed's
 * times in engine time units (µs), 0 or more and never decreasing from one line to the next; types are
 * {@code add | cancel | execute | replace} (any case, or their numbers 0 to 3); sides {@code buy | sell} (or {@code b | s}, {@code 0 | 1});
 * prices are ticks as signed 32-bit integers; ids and quantities 64-bit integers. The market model itself rejects
 * (and counts) what it cannot act on, such as an unknown order id or a non-positive quantity, as it does for the
 * synthetic flow; what this reader refuses is a line that is not an input at all: an unknown type, a missing or
 * extra field, a field that is not a number, a price beyond 32 bits, a time before the previous line's, a line longer
 * than {@value #MAX_LINE_BYTES} bytes. Each line becomes exactly the input {@link #appendLine} writes for it, so a
 * file written from the synthetic flow replays that flow bit for bit.
 * <p>
 * A malformed line either stops the feed ({@link OnError#STOP}: {@link #next} throws a {@link FeedFormatException}
 * naming the file, line and problem; the inputs before it have been delivered) or is skipped and counted
 * ({@link OnError#SKIP}: the first {@value #REPORTED_MALFORMED} are reported). Not threadsafe.
 * <p>
 * This class is the feed's policy (what a malformed line does, the counts); {@link FeedLines} reads the lines,
 * {@link FeedLineParser} turns one into an input and {@link FeedLineWriter} writes one.
 */
public final class MarketFeedFile implements InputSource, AutoCloseable
{
    /**
     * What a malformed line does.
     */
    public enum OnError
    {
        /** Stop the feed at the malformed line with a {@link FeedFormatException}. */
        STOP,
        /** Skip the line, count it and report the first {@value MarketFeedFile#REPORTED_MALFORMED}. */
        SKIP
    }

    /** Longest line accepted, line end excluded. */
    public static final int MAX_LINE_BYTES = 4096;

    /** Malformed lines reported one by one under {@link OnError#SKIP}; later ones are only counted. */
    public static final int REPORTED_MALFORMED = 10;

    private final String name;
    private final OnError onError;
    private final Consumer<String> report;
    private final FeedLines lines;
    private final FeedLineParser parser;
    private long inputs;
    private long malformed;

    private MarketFeedFile(
        final String name,
        final ReadableByteChannel channel,
        final OnError onError,
        final Consumer<String> report,
        final boolean lineEndRequired)
    {
        this.name = name;
        this.onError = onError;
        this.report = report;
        // a path that white space begins or ends is quoted where a line's position names it: "f.csv ":2:
        this.lines = new FeedLines(PrintableText.quotedIfSpaced(name), channel, lineEndRequired);
        this.parser = new FeedLineParser(lines);
    }

    /**
     * @param file    a feed file.
     * @param onError what a malformed line does.
     * @param report  receives one line per reported malformed line under {@link OnError#SKIP}.
     * @return the open file, positioned at its first line. A named pipe is a stream (see {@link #of}), opened at the
     * first read: that read waits for the pipe's writer, and an interrupt of its thread releases it as it releases a
     * read waiting for the next line.
     * @throws IOException if it does not exist, is a directory or cannot be read.
     */
    public static MarketFeedFile open(final Path file, final OnError onError, final Consumer<String> report)
        throws IOException
    {
        if (!Files.exists(file))
        {
            final String inTheWay = IoProblems.inTheWay(file);
            throw new IOException(null == inTheWay ? PrintableText.quotedIfSpaced(file.toString()) +
                " does not exist" : inTheWay);
        }
        if (Files.isDirectory(file))
        {
            throw new IOException(PrintableText.quotedIfSpaced(file.toString()) + " is a directory");
        }
        if (FileKind.isNamedPipe(file))
        {
            if (!Files.isReadable(file))
            {
                throw new AccessDeniedException(file.toString());
            }
            return new MarketFeedFile(file.toString(), new NamedPipeChannel(file), onError, report, false);
        }
        return new MarketFeedFile(
            file.toString(), FileChannel.open(file, StandardOpenOption.READ), onError, report, false);
    }

    /**
     * A feed read from a stream, such as standard input fed by an upstream process through a pipe: lines are read as
     * they arrive, a read waits for the next bytes, and the end of the stream ends the feed. A thread waiting in
     * {@link #next} on an interruptible channel (a {@link FileChannel}) is released by an interrupt, with an
     * {@link UncheckedIOException}.
     *
     * @param name    how messages name the stream, e.g. {@code stdin} or a network address.
     * @param channel the stream; closed by {@link #close()}.
     * @param onError what a malformed line does.
     * @param report  receives one line per reported malformed line under {@link OnError#SKIP}.
     * @return the feed.
     */
    public static MarketFeedFile of(
        final String name, final ReadableByteChannel channel, final OnError onError, final Consumer<String> report)
    {
        return new MarketFeedFile(name, channel, onError, report, false);
    }

    /**
     * A feed read from a network connection: as {@link #of}, but a last line the connection ended in the middle of,
     * before its line end, is malformed rather than read: an upstream that stops sending mid-line has cut the line,
     * and its first part may still parse (an add of 5 where 50 was sent).
     *
     * @param name    how messages name the connection: its address.
     * @param channel the connection; closed by {@link #close()}.
     * @param onError what a malformed line does.
     * @param report  receives one line per reported malformed line under {@link OnError#SKIP}.
     * @return the feed.
     */
    static MarketFeedFile ofConnection(
        final String name, final ReadableByteChannel channel, final OnError onError, final Consumer<String> report)
    {
        return new MarketFeedFile(name, channel, onError, report, true);
    }

    /**
     * Write the line this reader reads back as {@code input} (no line end).
     *
     * @param input an ADD, CANCEL, EXECUTE or REPLACE of the market model.
     * @param out   destination.
     * @return {@code out}.
     * @throws IllegalArgumentException for an input no line reads back as, as {@link #unwritable} says it.
     */
    public static StringBuilder appendLine(final MarketInput input, final StringBuilder out)
    {
        return FeedLineWriter.appendLine(input, out);
    }

    /**
     * Say what of an input a feed line cannot hold: a type other than ADD, CANCEL, EXECUTE and REPLACE, a negative
     * time, a side that is neither buy nor sell, a REPLACE price beyond 32 bits, an EXECUTE flag other than its limit
     * bit, or a payload word the line leaves out that is not zero. Every input of the synthetic flow can be written.
     *
     * @param input an input, such as one of a journal an embedder's engine wrote.
     * @return null if {@link #appendLine} writes a line this reader reads back as {@code input}, else what it cannot
     * write, e.g. {@code its side 2 is neither buy (0) nor sell (1)}.
     */
    public static String unwritable(final MarketInput input)
    {
        return FeedLineWriter.unwritable(input);
    }

    @Override
    public boolean next(final MarketInput into)
    {
        while (true)
        {
            final boolean line;
            try
            {
                line = lines.next();
            }
            catch (final FeedFormatException ex)
            {
                malformed(ex);
                continue;
            }
            if (!line)
            {
                return false;
            }
            try
            {
                if (parser.parse(into))
                {
                    inputs++;
                    return true;
                }
            }
            catch (final FeedFormatException ex)
            {
                malformed(ex);
            }
        }
    }

    private void malformed(final FeedFormatException ex)
    {
        if (OnError.STOP == onError)
        {
            throw ex;
        }
        malformed++;
        if (malformed <= REPORTED_MALFORMED)
        {
            report.accept(ex.getMessage() + " (skipped)");
        }
        else if (malformed == REPORTED_MALFORMED + 1)
        {
            report.accept(
                PrintableText.quotedIfSpaced(name) + ": more malformed lines; they are skipped and counted, not shown");
        }
    }

    /**
     * @return lines read so far, blank, comment and malformed ones included.
     */
    public long lines()
    {
        return lines.number();
    }

    @Override
    public long reads()
    {
        return lines.reads();
    }

    /**
     * @return inputs delivered so far.
     */
    public long inputs()
    {
        return inputs;
    }

    /**
     * @return malformed lines skipped so far ({@link OnError#SKIP}).
     */
    public long malformed()
    {
        return malformed;
    }

    /**
     * @return the file's path, or the name of the stream.
     */
    public String name()
    {
        return name;
    }

    @Override
    public void close()
    {
        lines.close();
    }
}
