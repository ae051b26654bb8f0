package io.concurrengine.tools.json;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.List;
import java.util.Map;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}: objects, arrays, strings, integers, doubles and
 * booleans, with commas placed for the caller; the one writer of every JSON file and summary the tools and the
 * benchmarks produce.
 * <p>
 * <b>Layout.</b> Compact by default, no whitespace. {@link #pretty()} puts each member and array element on a line
 * of its own, indented two spaces a level, {@code "name": value}, empty containers as {@code {}} and {@code []}, and
 * ends the document with a newline; {@link #stringArray(List)} keeps a short list of strings on one line.
 * <p>
 * <b>Strings</b> are escaped per RFC 8259: quote, backslash and every control character below U+0020 ({@code \b \f
 * \n \r \t} by name, the rest as a backslash-u escape with four hex digits); U+2028, U+2029 and unpaired surrogates
 * are escaped that way too, so the text is valid UTF-8 and safe to paste into a script. {@link #asciiOnly()} escapes
 * every character from U+007F up that way too (a surrogate pair as two escapes), for text that must survive a stream
 * whose encoding is not UTF-8 (Java's stdout under a {@code C} locale writes {@code ?} for such a character).
 * <p>
 * <b>Doubles</b> by default with {@link Double#toString(double)}, which is exact (it round-trips to the same bits).
 * {@link #fractionDigits(int)} writes them in plain decimal notation from their exact binary value, rounded half-even
 * to that many fractional digits, trailing zeros stripped; {@link #significantDigits(int)} likewise rounded half-up
 * to that many significant digits. Both give the same text on every JDK (unlike {@link Double#toString(double)},
 * whose digits changed in JDK 19). NaN and infinities, which JSON cannot express, are written as {@code null}.
 * <p>
 * Misuse (a value where a name is due, unbalanced ends, too deep) fails with {@link IllegalStateException}. Not
 * threadsafe.
 */
public final class JsonWriter
{
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(2048);
    private final boolean pretty;
    private final boolean[] isObject = new boolean[MAX_DEPTH];
    private final boolean[] hasElements = new boolean[MAX_DEPTH];
    private boolean asciiOnly;
    private int fractionDigits = -1;
    private MathContext significantDigits;
    private int depth;
    private boolean nameWritten;
    private boolean done;

    /**
     * A compact writer.
     */
    public JsonWriter()
    {
        this(false);
    }

    private JsonWriter(final boolean pretty)
    {
        this.pretty = pretty;
    }

    /**
     * @return a new writer with the indented layout, one member or element a line.
     */
    public static JsonWriter pretty()
    {
        return new JsonWriter(true);
    }

    /**
     * Escape every character from U+007F up in strings and names: the document is ASCII.
     *
     * @return this.
     */
    public JsonWriter asciiOnly()
    {
        asciiOnly = true;
        return this;
    }

    /**
     * Write doubles in plain decimal notation rounded half-even to {@code digits} fractional digits.
     *
     * @param digits fractional digits, 0 or more.
     * @return this.
     */
    public JsonWriter fractionDigits(final int digits)
    {
        if (digits < 0)
        {
            throw new IllegalArgumentException("fractionDigits=" + digits + " must not be negative");
        }
        fractionDigits = digits;
        significantDigits = null;
        return this;
    }

    /**
     * Write doubles in plain decimal notation rounded half-up to {@code digits} significant digits.
     *
     * @param digits significant digits, 1 or more.
     * @return this.
     */
    public JsonWriter significantDigits(final int digits)
    {
        if (digits < 1)
        {
            throw new IllegalArgumentException("significantDigits=" + digits + " must be positive");
        }
        significantDigits = new MathContext(digits, RoundingMode.HALF_UP);
        fractionDigits = -1;
        return this;
    }

    /**
     * @return this, inside a new object.
     */
    public JsonWriter beginObject()
    {
        beforeValue();
        out.append('{');
        push(true);
        return this;
    }

    /**
     * @return this, after the object's closing brace.
     */
    public JsonWriter endObject()
    {
        pop(true);
        out.append('}');
        return this;
    }

    /**
     * @return this, inside a new array.
     */
    public JsonWriter beginArray()
    {
        beforeValue();
        out.append('[');
        push(false);
        return this;
    }

    /**
     * @return this, after the array's closing bracket.
     */
    public JsonWriter endArray()
    {
        pop(false);
        out.append(']');
        return this;
    }

    /**
     * @param name member name of the next value; must be inside an object.
     * @return this.
     */
    public JsonWriter name(final String name)
    {
        if (0 == depth || !isObject[depth - 1] || nameWritten)
        {
            throw new IllegalStateException("a name is only allowed inside an object, before a value: " + name);
        }
        nextElement();
        string(name);
        out.append(pretty ? ": " : ":");
        nameWritten = true;
        return this;
    }

    /**
     * @param value a string, or null.
     * @return this.
     */
    public JsonWriter value(final String value)
    {
        beforeValue();
        if (null == value)
        {
            out.append("null");
        }
        else
        {
            string(value);
        }
        return this;
    }

    /**
     * @param value an integer.
     * @return this.
     */
    public JsonWriter value(final long value)
    {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * @param value a double, formatted as configured; NaN and infinities are written as null.
     * @return this.
     */
    public JsonWriter value(final double value)
    {
        beforeValue();
        if (!Double.isFinite(value))
        {
            out.append("null");
        }
        else if (fractionDigits >= 0)
        {
            out.append(new BigDecimal(value).setScale(fractionDigits, RoundingMode.HALF_EVEN)
                .stripTrailingZeros().toPlainString());
        }
        else if (null != significantDigits)
        {
            out.append(new BigDecimal(value).round(significantDigits).stripTrailingZeros().toPlainString());
        }
        else
        {
            out.append(Double.toString(value));
        }
        return this;
    }

    /**
     * @param value a boolean.
     * @return this.
     */
    public JsonWriter value(final boolean value)
    {
        beforeValue();
        out.append(value);
        return this;
    }

    /**
     * An array of strings on one line in either layout: {@code ["a", "b"]} pretty, {@code ["a","b"]} compact.
     *
     * @param values the strings; a null element is written as null.
     * @return this.
     */
    public JsonWriter stringArray(final List<String> values)
    {
        beforeValue();
        out.append('[');
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                out.append(pretty ? ", " : ",");
            }
            final String value = values.get(i);
            if (null == value)
            {
                out.append("null");
            }
            else
            {
                string(value);
            }
        }
        out.append(']');
        return this;
    }

    /**
     * Write a tree of plain objects: a {@link Map} as an object (keys by {@link String#valueOf(Object)}, in the
     * map's iteration order), a {@link List} as an array, {@link Double} and {@link Float} as doubles, any other
     * {@link Number} and {@link Boolean} as their {@code toString()}, null as null, anything else as the string of its
     * {@code toString()}.
     *
     * @param value the tree's root.
     * @return this.
     */
    public JsonWriter tree(final Object value)
    {
        if (value instanceof Map<?, ?> map)
        {
            beginObject();
            for (final Map.Entry<?, ?> entry : map.entrySet())
            {
                name(String.valueOf(entry.getKey()));
                tree(entry.getValue());
            }
            endObject();
        }
        else if (value instanceof List<?> list)
        {
            beginArray();
            for (final Object element : list)
            {
                tree(element);
            }
            endArray();
        }
        else if (value instanceof Double || value instanceof Float)
        {
            value(((Number)value).doubleValue());
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            beforeValue();
            out.append(value);
        }
        else
        {
            value(null == value ? null : value.toString());
        }
        return this;
    }

    /**
     * @return the document, with a final newline when pretty; every object and array must be closed.
     */
    @Override
    public String toString()
    {
        if (0 != depth)
        {
            throw new IllegalStateException("unclosed object or array, depth=" + depth);
        }
        return pretty ? out + "\n" : out.toString();
    }

    private void beforeValue()
    {
        if (0 == depth)
        {
            if (done)
            {
                throw new IllegalStateException("a JSON document has exactly one top-level value");
            }
            done = true;
            return;
        }
        if (isObject[depth - 1])
        {
            if (!nameWritten)
            {
                throw new IllegalStateException("a value inside an object needs a name first");
            }
            nameWritten = false;
        }
        else
        {
            nextElement();
        }
    }

    private void nextElement()
    {
        if (hasElements[depth - 1])
        {
            out.append(',');
        }
        hasElements[depth - 1] = true;
        newLine();
    }

    private void push(final boolean object)
    {
        if (depth == MAX_DEPTH)
        {
            throw new IllegalStateException("nesting deeper than " + MAX_DEPTH);
        }
        isObject[depth] = object;
        hasElements[depth] = false;
        depth++;
    }

    private void pop(final boolean object)
    {
        if (0 == depth || isObject[depth - 1] != object || nameWritten)
        {
            throw new IllegalStateException("unbalanced end of " + (object ? "object" : "array"));
        }
        depth--;
        if (hasElements[depth])
        {
            newLine();
        }
    }

    private void newLine()
    {
        if (pretty)
        {
            out.append('\n');
            for (int i = 0; i < depth; i++)
            {
                out.append("  ");
            }
        }
    }

    private void string(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20 || (asciiOnly && c >= 0x7F) || c == '\u2028' || c == '\u2029' ||
                        unpairedSurrogate(value, i))
                    {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }

    private static boolean unpairedSurrogate(final String value, final int i)
    {
        final char c = value.charAt(i);
        if (Character.isHighSurrogate(c))
        {
            return i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1));
        }
        if (Character.isLowSurrogate(c))
        {
            return 0 == i || !Character.isHighSurrogate(value.charAt(i - 1));
        }
        return false;
    }
}
