package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;

import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Parses the current line of a feed's {@link FeedLines} into a market input, in the line format {@link MarketFeedFile}
 * describes: trims it, skips a blank or comment line and a first "time,..." header line, splits it into at most
 * {@value #MAX_FIELDS} fields and reads each in place in the lines' buffer (no allocation but a malformed line's
 * message). A malformed line is a {@link FeedFormatException} naming the feed, the line and the field. Keeps the last
 * input's time, for the rule that times never decrease. Not threadsafe.
 */
final class FeedLineParser
{
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

    private final FeedLines lines;
    private final byte[] bytes;
    private final int[] fieldFrom = new int[MAX_FIELDS];
    private final int[] fieldTo = new int[MAX_FIELDS];
    private int fieldCount;
    private boolean headerAllowed = true;
    private long lastTime;

    /**
     * @param lines the feed's lines, whose current line {@link #parse} reads.
     */
    FeedLineParser(final FeedLines lines)
    {
        this.lines = lines;
        this.bytes = lines.bytes();
    }

    /**
     * @param into receives the line's input.
     * @return true if the line was an input (now in {@code into}), false for a blank, comment or header line.
     * @throws FeedFormatException if the line is malformed; {@code into} may then hold part of it.
     */
    boolean parse(final MarketInput into)
    {
        int from = lines.from();
        int to = lines.to();
        final byte[] bytes = this.bytes;
        if (to > from && '\r' == bytes[to - 1])
        {
            to--;
        }
        if (1 == lines.number() && to - from >= 3 &&
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
            if (from != to && lines.holdsCrOnlyLineEnd())
            {
                throw lines.problem("a comment line (#) that would skip the lines after it");
            }
            return false;
        }
        split(from, to);
        if (headerAllowed)
        {
            headerAllowed = false;
            if (fieldEquals(0, TIME))
            {
                if (lines.holdsCrOnlyLineEnd())
                {
                    throw lines.problem("a header line (time,...) that would skip the lines after it");
                }
                return false;
            }
        }
        input(into);
        return true;
    }

    /**
     * Read the split line's fields into {@code into}.
     */
    private void input(final MarketInput into)
    {
        final long time = time();
        final int type = type();
        checkFieldCount(type);
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
    }

    /**
     * @return the time field: 0 or more, and not before the previous input's.
     */
    private long time()
    {
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
        return time;
    }

    private void checkFieldCount(final int type)
    {
        if (fieldCount < MIN_FIELDS[type] || fieldCount > MAX_FIELDS_OF[type])
        {
            throw problem(ARTICLES[type] + MarketEvents.name(type).toLowerCase(Locale.ROOT) + " has " +
                (MIN_FIELDS[type] == MAX_FIELDS_OF[type] ? Integer.toString(MIN_FIELDS[type]) :
                MIN_FIELDS[type] + " or " + MAX_FIELDS_OF[type]) + " fields (" + TYPE_SHAPES[type] + "), found " +
                fieldCount);
        }
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
     * @return the problem of the line being parsed ({@link FeedLines#problem}).
     */
    private FeedFormatException problem(final String problem)
    {
        return lines.problem(problem);
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
