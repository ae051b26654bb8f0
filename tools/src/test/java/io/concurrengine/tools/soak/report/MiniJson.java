package io.concurrengine.tools.soak.report;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict JSON parser for tests: objects become ordered maps, arrays lists, numbers BigDecimal.
 */
final class MiniJson
{
    private final String text;
    private int position;

    private MiniJson(final String text)
    {
        this.text = text;
    }

    static Object parse(final String text)
    {
        final MiniJson parser = new MiniJson(text);
        final Object value = parser.value();
        parser.skipWhitespace();
        if (parser.position != text.length())
        {
            throw parser.error("trailing text");
        }
        return value;
    }

    private Object value()
    {
        skipWhitespace();
        if (position >= text.length())
        {
            throw error("unexpected end");
        }
        final char c = text.charAt(position);
        return switch (c)
        {
            case '{' -> object();
            case '[' -> array();
            case '"' -> string();
            case 't' -> literal("true", Boolean.TRUE);
            case 'f' -> literal("false", Boolean.FALSE);
            case 'n' -> literal("null", null);
            default -> number();
        };
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> members = new LinkedHashMap<>();
        expect('{');
        skipWhitespace();
        if (peek() == '}')
        {
            position++;
            return members;
        }
        do
        {
            skipWhitespace();
            final String name = string();
            skipWhitespace();
            expect(':');
            if (members.containsKey(name))
            {
                throw error("duplicate member " + name);
            }
            members.put(name, value());
            skipWhitespace();
        }
        while (tryConsume(','));
        expect('}');
        return members;
    }

    private List<Object> array()
    {
        final List<Object> values = new ArrayList<>();
        expect('[');
        skipWhitespace();
        if (peek() == ']')
        {
            position++;
            return values;
        }
        do
        {
            values.add(value());
            skipWhitespace();
        }
        while (tryConsume(','));
        expect(']');
        return values;
    }

    private String string()
    {
        expect('"');
        final StringBuilder out = new StringBuilder();
        while (true)
        {
            final char c = text.charAt(position++);
            if (c == '"')
            {
                return out.toString();
            }
            if (c < 0x20)
            {
                throw error("raw control character");
            }
            if (c != '\\')
            {
                out.append(c);
                continue;
            }
            final char escape = text.charAt(position++);
            switch (escape)
            {
                case '"', '\\', '/' -> out.append(escape);
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'u' ->
                {
                    out.append((char)Integer.parseInt(text.substring(position, position + 4), 16));
                    position += 4;
                }
                default -> throw error("bad escape " + escape);
            }
        }
    }

    private BigDecimal number()
    {
        final int start = position;
        while (position < text.length() && "+-0123456789.eE".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
        final String number = text.substring(start, position);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))
        {
            throw error("bad number '" + number + "'");
        }
        return new BigDecimal(number);
    }

    private Object literal(final String word, final Object value)
    {
        if (!text.startsWith(word, position))
        {
            throw error("expected " + word);
        }
        position += word.length();
        return value;
    }

    private void skipWhitespace()
    {
        while (position < text.length() && " \t\r\n".indexOf(text.charAt(position)) >= 0)
        {
            position++;
        }
    }

    private char peek()
    {
        return position < text.length() ? text.charAt(position) : '\0';
    }

    private boolean tryConsume(final char c)
    {
        if (peek() == c)
        {
            position++;
            return true;
        }
        return false;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw error("expected '" + c + "'");
        }
        position++;
    }

    private IllegalArgumentException error(final String message)
    {
        return new IllegalArgumentException(message + " at " + position);
    }
}
