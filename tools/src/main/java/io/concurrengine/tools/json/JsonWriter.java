package io.concurrengine.tools.json;

/**
 * A minimal streaming JSON writer into a {@link StringBuilder}: objects, arrays, strings, integers, doubles and
 * booleans, with commas placed for the caller. Compact output, no whitespace.
 * <p>
 * Strings are escaped per RFC 8259: quote, backslash and every control character below U+0020 ({@code \b \f \n
 * \r \t} by name, others as {@code \}{@code u00XX}). Doubles are written with {@link Double#toString(double)}, which is
 * exact (it round-trips to the same bits) and deterministic; NaN and infinities, which JSON cannot express, are
 * written as {@code null}.
 * <p>
 * Misuse (a value where a name is due, unbalanced ends) fails with {@link IllegalStateException}. Not threadsafe.
 */
public final class JsonWriter
{
    private static final int MAX_DEPTH = 64;
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder out = new StringBuilder();
    private final boolean[] isObject = new boolean[MAX_DEPTH];
    private final boolean[] hasElements = new boolean[MAX_DEPTH];
    private int depth;
    private boolean nameWritten;
    private boolean done;

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
        if (hasElements[depth - 1])
        {
            out.append(',');
        }
        hasElements[depth - 1] = true;
        string(name);
        out.append(':');
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
     * @param value a double; NaN and infinities are written as null.
     * @return this.
     */
    public JsonWriter value(final double value)
    {
        beforeValue();
        if (Double.isFinite(value))
        {
            out.append(Double.toString(value));
        }
        else
        {
            out.append("null");
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
     * @return the document; every object and array must be closed.
     */
    @Override
    public String toString()
    {
        if (0 != depth)
        {
            throw new IllegalStateException("unclosed object or array, depth=" + depth);
        }
        return out.toString();
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
            if (hasElements[depth - 1])
            {
                out.append(',');
            }
            hasElements[depth - 1] = true;
        }
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
    }

    private void string(final String value)
    {
        out.append('"');
        for (int i = 0; i < value.length(); i++)
        {
            final char c = value.charAt(i);
            switch (c)
            {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\b':
                    out.append("\\b");
                    break;
                case '\f':
                    out.append("\\f");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20)
                    {
                        out.append("\\u00").append(HEX[c >> 4]).append(HEX[c & 0xF]);
                    }
                    else
                    {
                        out.append(c);
                    }
                    break;
            }
        }
        out.append('"');
    }
}
