package io.concurrengine.tools.soak.report;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * A small pretty-printing JSON writer for the soak summary: nested objects whose members are strings, integers,
 * decimals, booleans and string arrays, two-space indented, one member a line.
 * <p>
 * Strings are escaped per RFC 8259: quote, backslash and every control character below U+0020 ({@code \b \f \n \r
 * \t} by name, the rest as a backslash-u escape with four hex digits); U+2028, U+2029 and unpaired surrogates are
 * escaped that way too, so the text is valid UTF-8 and safe to paste into a script. Doubles are written in plain
 * decimal notation from their exact binary value, rounded half-even to {@value #DECIMALS} fractional digits, trailing
 * zeros stripped: the same text on every JDK (unlike {@link Double#toString(double)}, whose digits changed in JDK
 * 19). NaN and infinities, which JSON cannot express, are written as {@code null}.
 * <p>
 * Misuse (a member outside an object, unbalanced ends, too deep) fails with {@link IllegalStateException}. Not
 * threadsafe.
 */
final class JsonText
{
    static final int DECIMALS = 6;
    private static final int MAX_DEPTH = 16;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder(2048);
    private final boolean[] hasMembers = new boolean[MAX_DEPTH];
    private int depth;
    private boolean started;

    /**
     * Opens the top-level object; once per writer.
     *
     * @return this.
     */
    JsonText beginObject()
    {
        if (started)
        {
            throw new IllegalStateException("the top-level object is already open");
        }
        started = true;
        out.append('{');
        push();
        return this;
    }

    /**
     * @param name member name.
     * @return this, inside the new object.
     */
    JsonText beginObject(final String name)
    {
        name(name);
        out.append('{');
        push();
        return this;
    }

    /**
     * @return this, after the object's closing brace.
     */
    JsonText endObject()
    {
        if (0 == depth)
        {
            throw new IllegalStateException("no object is open");
        }
        final boolean hadMembers = hasMembers[--depth];
        if (hadMembers)
        {
            newLine();
        }
        out.append('}');
        return this;
    }

    JsonText member(final String name, final String value)
    {
        name(name);
        appendString(out, value);
        return this;
    }

    JsonText member(final String name, final long value)
    {
        name(name);
        out.append(value);
        return this;
    }

    JsonText member(final String name, final double value)
    {
        name(name);
        out.append(decimal(value));
        return this;
    }

    JsonText member(final String name, final boolean value)
    {
        name(name);
        out.append(value);
        return this;
    }

    JsonText member(final String name, final List<String> values)
    {
        name(name);
        out.append('[');
        for (int i = 0; i < values.size(); i++)
        {
            if (i > 0)
            {
                out.append(", ");
            }
            appendString(out, values.get(i));
        }
        out.append(']');
        return this;
    }

    /**
     * @return the document, with a final newline.
     * @throws IllegalStateException when an object is still open.
     */
    @Override
    public String toString()
    {
        if (!started || 0 != depth)
        {
            throw new IllegalStateException("unbalanced document: depth=" + depth);
        }
        return out + "\n";
    }

    /**
     * @param value any double.
     * @return its JSON text: plain decimal, at most {@value #DECIMALS} fractional digits, or {@code null}.
     */
    static String decimal(final double value)
    {
        if (Double.isNaN(value) || Double.isInfinite(value))
        {
            return "null";
        }
        return new BigDecimal(value).setScale(DECIMALS, RoundingMode.HALF_EVEN).stripTrailingZeros().toPlainString();
    }

    /**
     * Appends a quoted, escaped JSON string; {@code null} is written as the JSON literal.
     *
     * @param out   where to append.
     * @param value the string or null.
     */
    static void appendString(final StringBuilder out, final String value)
    {
        if (null == value)
        {
            out.append("null");
            return;
        }
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
                    if (c < 0x20 || c == '\u2028' || c == '\u2029' || unpairedSurrogate(value, i))
                    {
                        appendEscape(out, c);
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

    private static void appendEscape(final StringBuilder out, final char c)
    {
        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
            .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
    }

    private void name(final String name)
    {
        if (0 == depth)
        {
            throw new IllegalStateException("a member is only allowed inside an object: " + name);
        }
        if (hasMembers[depth - 1])
        {
            out.append(',');
        }
        hasMembers[depth - 1] = true;
        newLine();
        appendString(out, name);
        out.append(": ");
    }

    private void push()
    {
        if (MAX_DEPTH == depth)
        {
            throw new IllegalStateException("too deep: depth=" + depth);
        }
        hasMembers[depth++] = false;
    }

    private void newLine()
    {
        out.append('\n');
        for (int i = 0; i < depth; i++)
        {
            out.append("  ");
        }
    }
}
