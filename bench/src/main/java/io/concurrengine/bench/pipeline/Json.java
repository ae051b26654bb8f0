package io.concurrengine.bench.pipeline;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders maps, lists, strings, numbers and booleans as indented JSON: enough for result files, no dependency.
 */
final class Json
{
    private static final MathContext SIGNIFICANT = new MathContext(6);

    private Json()
    {
    }

    static String render(final Object value)
    {
        final StringBuilder out = new StringBuilder(4096);
        write(out, value, 0);
        return out.append('\n').toString();
    }

    private static void write(final StringBuilder out, final Object value, final int depth)
    {
        if (null == value)
        {
            out.append("null");
        }
        else if (value instanceof Map<?, ?> map)
        {
            writeMap(out, map, depth);
        }
        else if (value instanceof List<?> list)
        {
            writeList(out, list, depth);
        }
        else if (value instanceof Double || value instanceof Float)
        {
            final double d = ((Number)value).doubleValue();
            out.append(Double.isFinite(d) ?
                new BigDecimal(d).round(SIGNIFICANT).stripTrailingZeros().toPlainString() : "null");
        }
        else if (value instanceof Number || value instanceof Boolean)
        {
            out.append(value);
        }
        else
        {
            writeString(out, value.toString());
        }
    }

    private static void writeMap(final StringBuilder out, final Map<?, ?> map, final int depth)
    {
        if (map.isEmpty())
        {
            out.append("{}");
            return;
        }
        out.append("{\n");
        final Iterator<? extends Map.Entry<?, ?>> entries = map.entrySet().iterator();
        while (entries.hasNext())
        {
            final Map.Entry<?, ?> entry = entries.next();
            indent(out, depth + 1);
            writeString(out, String.valueOf(entry.getKey()));
            out.append(": ");
            write(out, entry.getValue(), depth + 1);
            out.append(entries.hasNext() ? ",\n" : "\n");
        }
        indent(out, depth);
        out.append('}');
    }

    private static void writeList(final StringBuilder out, final List<?> list, final int depth)
    {
        if (list.isEmpty())
        {
            out.append("[]");
            return;
        }
        out.append("[\n");
        for (int i = 0; i < list.size(); i++)
        {
            indent(out, depth + 1);
            write(out, list.get(i), depth + 1);
            out.append(i < list.size() - 1 ? ",\n" : "\n");
        }
        indent(out, depth);
        out.append(']');
    }

    private static void writeString(final StringBuilder out, final String s)
    {
        out.append('"');
        for (int i = 0; i < s.length(); i++)
        {
            final char c = s.charAt(i);
            switch (c)
            {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default ->
                {
                    if (c < 0x20)
                    {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
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

    private static void indent(final StringBuilder out, final int depth)
    {
        for (int i = 0; i < depth; i++)
        {
            out.append("  ");
        }
    }
}
