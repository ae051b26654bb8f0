package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.ReadableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
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

    private static final int READ_BYTES = 1 << 16;
    private static final VarHandle LONG_LE = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long LINE_FEEDS = 0x0A0A_0A0A_0A0A_0A0AL;
    private static final long ONES = 0x0101_0101_0101_0101L;
    private static final long HIGH_BITS = 0x8080_8080_8080_8080L;
    /** Decimal digits that always fit in a long: no overflow check needed. */
    private static final int SAFE_DIGITS = 18;
    private static final int MAX_FIELDS = 8;
    private static final byte[][] TYPE_NAMES = {
        ascii("add"), ascii("cancel"), ascii("execute"), ascii("replace") };
    private static final String[] TYPE_SHAPES = {
        "time,add,instrument,order,side,price,quantity[,time_in_force]",
        "time,cancel,instrument,order",
        "time,execute,instrument,reference,side,price|market,quantity",
        "time,replace,instrument,order,price,quantity" };
    private static final String[] ARTICLES = { "an ", "a ", "an ", "a " };
    private static final int[] MIN_FIELDS = { 7, 4, 7, 6 };
    private static final int[] MAX_FIELDS_OF = { 8, 4, 7, 6 };
    private static final byte[] TIME = ascii("time");
    private static final byte[] MARKET = ascii("market");
    private static final byte[] BUY = ascii("buy");
    private static final byte[] SELL = ascii("sell");
    private static final byte[] INTERNAL_EXPIRE = ascii("expire");
    private static final byte[] INTERNAL_BAR_CLOSE = ascii("barclose");
    private static final String CR_ONLY_HINT = "; the line holds a carriage return (\\r) with no line feed after it: " +
        "the feed appears to use CR-only line ends (classic Mac OS), and a feed's lines end in LF or CRLF";

    private final String name;
    private final ReadableByteChannel channel;
    private final OnError onError;
    private final Consumer<String> report;
    private final boolean lineEndRequired;
    private final byte[] bytes = new byte[READ_BYTES + MAX_LINE_BYTES];
    private final ByteBuffer view = ByteBuffer.wrap(bytes);
    private final int[] fieldFrom = new int[MAX_FIELDS];
    private final int[] fieldTo = new int[MAX_FIELDS];
    private int fieldCount;
    private int position;
    private int limit;
    private int scanned;
    private int lineFrom;
    private int lineTo;
    private boolean endOfFile;
    private boolean discardingLongLine;
    private boolean headerAllowed = true;
    private long lineNumber;
    private long inputs;
    private long malformed;
    private long lastTime;

    private MarketFeedFile(
        final String name,
        final ReadableByteChannel channel,
        final OnError onError,
        final Consumer<String> report,
        final boolean lineEndRequired)
    {
        this.name = name;
        this.channel = channel;
        this.onError = onError;
        this.report = report;
        this.lineEndRequired = lineEndRequired;
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
            throw new IOException(PrintableText.escape(file) + " does not exist");
        }
        if (Files.isDirectory(file))
        {
            throw new IOException(PrintableText.escape(file) + " is a directory");
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
     * @throws IllegalArgumentException for a type a feed does not carry (EXPIRE, BAR_CLOSE are internal timers).
     */
    public static StringBuilder appendLine(final MarketInput input, final StringBuilder out)
    {
        final int type = input.type();
        if (type < MarketEvents.ADD || type > MarketEvents.REPLACE)
        {
            throw new IllegalArgumentException("not a feed input: " + input);
        }
        out.append(input.feedTime()).append(',').append(MarketEvents.name(type).toLowerCase(Locale.ROOT))
            .append(',').append(input.target()).append(',').append(input.a0());
        switch (type)
        {
            case MarketEvents.ADD:
                appendSidePrice(out, input.a1(), false).append(',').append(input.a2());
                if (0 != input.a3())
                {
                    out.append(',').append(input.a3());
                }
                break;
            case MarketEvents.EXECUTE:
                appendSidePrice(out, input.a1(), 0 == (input.a3() & MarketEvents.FLAG_LIMIT))
                    .append(',').append(input.a2());
                break;
            case MarketEvents.REPLACE:
                out.append(',').append(input.a1()).append(',').append(input.a2());
                break;
            default:
                break;
        }
        return out;
    }

    private static StringBuilder appendSidePrice(final StringBuilder out, final long sidePrice, final boolean market)
    {
        out.append(',').append(MarketEvents.side(sidePrice) == MarketEvents.BUY ? "buy" : "sell").append(',');
        return market ? out.append("market") : out.append(MarketEvents.price(sidePrice));
    }

    @Override
    public boolean next(final MarketInput into)
    {
        while (true)
        {
            final boolean line;
            try
            {
                line = nextLine();
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
                if (parse(into))
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
                PrintableText.escape(name) + ": more malformed lines; they are skipped and counted, not shown");
        }
    }

    /**
     * @return lines read so far, blank, comment and malformed ones included.
     */
    public long lines()
    {
        return lineNumber;
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
        try
        {
            channel.close();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException("cannot close feed " + PrintableText.escape(name), ex);
        }
    }

    /**
     * Move to the next line: [lineFrom, lineTo) without its line end.
     *
     * @return false at the end of the file.
     */
    private boolean nextLine()
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
                PrintableText.escape(name) + ": read failed after line " + lineNumber + ": " + IoProblems.describe(ex),
                ex);
        }
    }

    /**
     * @return true if the line was an input (now in {@code into}), false for a blank, comment or header line.
     */
    private boolean parse(final MarketInput into)
    {
        int from = lineFrom;
        int to = lineTo;
        final byte[] bytes = this.bytes;
        if (to > from && '\r' == bytes[to - 1])
        {
            to--;
        }
        if (1 == lineNumber && to - from >= 3 &&
            (byte)0xEF == bytes[from] && (byte)0xBB == bytes[from + 1] && (byte)0xBF == bytes[from + 2])
        {
            from += 3; // a UTF-8 byte order mark, as some spreadsheet exports write
        }
        while (from < to && isBlank(bytes[from]))
        {
            from++;
        }
        while (to > from && isBlank(bytes[to - 1]))
        {
            to--;
        }
        if (from == to || '#' == bytes[from])
        {
            return false;
        }
        split(from, to);
        if (headerAllowed)
        {
            headerAllowed = false;
            if (fieldEquals(0, TIME))
            {
                return false;
            }
        }

        final long time = number(0, "time");
        if (time < 0)
        {
            throw fieldProblem(0, "time", "is negative");
        }
        if (time < lastTime)
        {
            throw fieldProblem(0, "time", "is before the previous input's time, " + lastTime +
                " (a feed is in time order)");
        }
        final int type = type();
        if (fieldCount < MIN_FIELDS[type] || fieldCount > MAX_FIELDS_OF[type])
        {
            throw problem(ARTICLES[type] + MarketEvents.name(type).toLowerCase(Locale.ROOT) + " has " +
                (MIN_FIELDS[type] == MAX_FIELDS_OF[type] ? Integer.toString(MIN_FIELDS[type]) :
                MIN_FIELDS[type] + " or " + MAX_FIELDS_OF[type]) + " fields (" + TYPE_SHAPES[type] + "), found " +
                fieldCount);
        }
        final long instrument = number(2, "instrument");
        final long id = number(3, MarketEvents.EXECUTE == type ? "reference" : "order");
        switch (type)
        {
            case MarketEvents.ADD:
                into.set(type, instrument, id, MarketEvents.sidePrice(side(4), price(5)), number(6, "quantity"),
                    8 == fieldCount ? number(7, "time_in_force") : 0, time);
                break;
            case MarketEvents.CANCEL:
                into.set(type, instrument, id, 0, 0, 0, time);
                break;
            case MarketEvents.EXECUTE:
                final int side = side(4);
                final boolean market = fieldEquals(5, MARKET);
                into.set(type, instrument, id, MarketEvents.sidePrice(side, market ? 0 : price(5)),
                    number(6, "quantity"), market ? 0 : MarketEvents.FLAG_LIMIT, time);
                break;
            default:
                into.set(type, instrument, id, price(4), number(5, "quantity"), 0, time);
                break;
        }
        lastTime = time;
        return true;
    }

    private void split(final int from, final int to)
    {
        final byte[] bytes = this.bytes;
        int count = 0;
        int start = from;
        for (int i = from; i <= to; i++)
        {
            if (i == to || ',' == bytes[i])
            {
                if (count == MAX_FIELDS)
                {
                    throw problem("more than " + MAX_FIELDS + " fields");
                }
                int a = start;
                int b = i;
                while (a < b && isBlank(bytes[a]))
                {
                    a++;
                }
                while (b > a && isBlank(bytes[b - 1]))
                {
                    b--;
                }
                fieldFrom[count] = a;
                fieldTo[count] = b;
                count++;
                start = i + 1;
            }
        }
        fieldCount = count;
    }

    private int type()
    {
        if (fieldCount < 2)
        {
            throw problem("one field only; a line is time,type,instrument,...");
        }
        for (int type = 0; type < TYPE_NAMES.length; type++)
        {
            if (fieldEquals(1, TYPE_NAMES[type]))
            {
                return type;
            }
        }
        if (fieldEquals(1, INTERNAL_EXPIRE) || fieldEquals(1, INTERNAL_BAR_CLOSE))
        {
            throw fieldProblem(1, "type", "is one of the model's own timers, not a feed input");
        }
        final int from = fieldFrom[1];
        final int to = fieldTo[1];
        if (to - from == 1 && bytes[from] >= '0' && bytes[from] <= '3')
        {
            return bytes[from] - '0';
        }
        throw fieldProblem(1, "type", "is not add, cancel, execute or replace");
    }

    private int side(final int index)
    {
        if (fieldEquals(index, BUY) || fieldEquals(index, 'b') || fieldEquals(index, '0'))
        {
            return MarketEvents.BUY;
        }
        if (fieldEquals(index, SELL) || fieldEquals(index, 's') || fieldEquals(index, '1'))
        {
            return MarketEvents.SELL;
        }
        throw fieldProblem(index, "side", "is not buy or sell");
    }

    private int price(final int index)
    {
        final long price = number(index, "price");
        if (price < Integer.MIN_VALUE || price > Integer.MAX_VALUE)
        {
            throw fieldProblem(index, "price", "does not fit in 32 bits");
        }
        return (int)price;
    }

    private long number(final int index, final String name)
    {
        final byte[] bytes = this.bytes;
        int i = fieldFrom[index];
        final int to = fieldTo[index];
        if (i == to)
        {
            throw problem("field " + (index + 1) + " (" + name + ") is empty");
        }
        final boolean negative = '-' == bytes[i];
        if (negative || '+' == bytes[i])
        {
            i++;
        }
        if (i == to)
        {
            throw notANumber(index, name);
        }
        long value = 0;
        if (to - i <= SAFE_DIGITS)
        {
            for (; i < to; i++)
            {
                final int digit = bytes[i] - '0';
                if (digit < 0 || digit > 9)
                {
                    throw notANumber(index, name);
                }
                value = value * 10 + digit;
            }
            return negative ? -value : value;
        }
        // unsigned: a negative number reaches 2^63 (Long.MIN_VALUE), which negates to itself
        final long magnitude = negative ? Long.MIN_VALUE : Long.MAX_VALUE;
        for (; i < to; i++)
        {
            final int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9)
            {
                throw notANumber(index, name);
            }
            if (Long.compareUnsigned(value, Long.divideUnsigned(magnitude - digit, 10)) > 0)
            {
                throw fieldProblem(index, name, "does not fit in 64 bits");
            }
            value = value * 10 + digit;
        }
        return negative ? -value : value;
    }

    private FeedFormatException notANumber(final int index, final String name)
    {
        return fieldProblem(index, name, "is not an integer");
    }

    /**
     * @return the problem of one field, in the form every field's problem takes:
     * {@code field 6 (price) "10x" is not an integer}, the field's text as {@link #field} gives it.
     */
    private FeedFormatException fieldProblem(final int index, final String name, final String problem)
    {
        return problem("field " + (index + 1) + " (" + name + ") \"" + field(index) + "\" " + problem);
    }

    private boolean fieldEquals(final int index, final byte[] lowerCase)
    {
        final int from = fieldFrom[index];
        if (fieldTo[index] - from != lowerCase.length)
        {
            return false;
        }
        for (int i = 0; i < lowerCase.length; i++)
        {
            if ((bytes[from + i] | 0x20) != lowerCase[i])
            {
                return false;
            }
        }
        return true;
    }

    private boolean fieldEquals(final int index, final char lowerCase)
    {
        // case folds letters only: a digit with bit 0x20 cleared is a control byte (0x10 is not '0')
        final int b = bytes[fieldFrom[index]];
        return fieldTo[index] - fieldFrom[index] == 1 &&
            (b == lowerCase || lowerCase >= 'a' && (b | 0x20) == lowerCase);
    }

    /**
     * @return the field's first 40 bytes for an error message: printable ASCII as it is, any other byte escaped
     * ({@code \r}, {@code \t}, {@code \xNN}), so that a stray carriage return, NUL or binary byte neither rewrites
     * the terminal's line nor hides what the field holds.
     */
    private String field(final int index)
    {
        final int length = Math.min(fieldTo[index] - fieldFrom[index], 40);
        final StringBuilder text = new StringBuilder(length + 8);
        for (int i = fieldFrom[index], end = fieldFrom[index] + length; i < end; i++)
        {
            final int b = bytes[i] & 0xFF;
            if ('\r' == b)
            {
                text.append("\\r");
            }
            else if ('\t' == b)
            {
                text.append("\\t");
            }
            else if (b < 0x20 || b > 0x7E || '\\' == b)
            {
                text.append(String.format(Locale.ROOT, "\\x%02x", b));
            }
            else
            {
                text.append((char)b);
            }
        }
        return text.append(length < fieldTo[index] - fieldFrom[index] ? "…" : "").toString();
    }

    /**
     * @return the problem of the line [lineFrom, lineTo) being parsed.
     */
    private FeedFormatException problem(final String problem)
    {
        return new FeedFormatException(name, lineNumber, problem + crOnlyHint(lineFrom, lineTo));
    }

    /**
     * @return the problem of a line over {@link #MAX_LINE_BYTES} whose first bytes are [from, to).
     */
    private FeedFormatException tooLong(final int from, final int to)
    {
        return new FeedFormatException(name, lineNumber,
            "line longer than " + MAX_LINE_BYTES + " bytes" + crOnlyHint(from, to));
    }

    /**
     * A feed whose lines end in CR alone (classic Mac OS; some spreadsheets still export it) has no line end this
     * reader knows: it reads as one line, malformed or over the limit. Its malformed line says so, here, off the
     * per-line path.
     *
     * @return a sentence to add to the problem of the line whose bytes (so far) are [from, to) if a carriage return
     * in it is followed by a byte that is neither a line feed nor another carriage return (a CR CR LF line end, as
     * two conversions to CRLF leave, is no CR-only line end), else "". Its last byte is left out: a CR there is a
     * CRLF's, or may be.
     */
    private String crOnlyHint(final int from, final int to)
    {
        for (int i = from; i < to - 1; i++)
        {
            if ('\r' == bytes[i] && '\r' != bytes[i + 1])
            {
                return CR_ONLY_HINT;
            }
        }
        return "";
    }

    private static boolean isBlank(final byte b)
    {
        return ' ' == b || '\t' == b;
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
