package io.concurrengine.tools.json;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A strict little JSON parser for tests: objects become LinkedHashMaps, arrays Lists, numbers Doubles (or Longs for
 * integers), strings Strings, and null, true, false themselves. Trailing text is an error.
 */
public final class MiniJson
{
    private final String text;
    private int pos;

    private MiniJson(final String text)
    {
        this.text = text;
    }

    public static Object parse(final String text)
    {
        final MiniJson parser = new MiniJson(text);
        final Object value = parser.value();
        parser.space();
        if (parser.pos != text.length())
        {
            throw new IllegalArgumentException("trailing text at " + parser.pos);
        }
        return value;
    }

    @SuppressWarnings("unchecked")
    public static Map<String, Object> object(final Object value)
    {
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    public static List<Object> array(final Object value)
    {
        return (List<Object>)value;
    }

    private Object value()
    {
        space();
        if (pos == text.length())
        {
            throw new IllegalArgumentException("unexpected end");
        }
        final char c = text.charAt(pos);
        if (c == '{')
        {
            return object();
        }
        if (c == '[')
        {
            return array();
        }
        if (c == '"')
        {
            return string();
        }
        if (text.startsWith("true", pos))
        {
            pos += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", pos))
        {
            pos += 5;
            return Boolean.FALSE;
        }
        if (text.startsWith("null", pos))
        {
            pos += 4;
            return null;
        }
        return number();
    }

    private Map<String, Object> object()
    {
        final Map<String, Object> map = new LinkedHashMap<>();
        pos++;
        space();
        if (peek() == '}')
        {
            pos++;
            return map;
        }
        while (true)
        {
            space();
            final String key = string();
            space();
            expect(':');
            if (map.containsKey(key))
            {
                throw new IllegalArgumentException("duplicate key " + key);
            }
            map.put(key, value());
            space();
            if (peek() == ',')
            {
                pos++;
                continue;
            }
            expect('}');
            return map;
        }
    }

    private List<Object> array()
    {
        final List<Object> list = new ArrayList<>();
        pos++;
        space();
        if (peek() == ']')
        {
            pos++;
            return list;
        }
        while (true)
        {
            list.add(value());
            space();
            if (peek() == ',')
            {
                pos++;
                continue;
            }
            expect(']');
            return list;
        }
    }

    private String string()
    {
        expect('"');
        final StringBuilder sb = new StringBuilder();
        while (true)
        {
            final char c = text.charAt(pos++);
            if (c == '"')
            {
                return sb.toString();
            }
            if (c < 0x20)
            {
                throw new IllegalArgumentException("raw control character in string at " + (pos - 1));
            }
            if (c != '\\')
            {
                sb.append(c);
                continue;
            }
            final char e = text.charAt(pos++);
            switch (e)
            {
                case '"':
                case '\\':
                case '/':
                    sb.append(e);
                    break;
                case 'b':
                    sb.append('\b');
                    break;
                case 'f':
                    sb.append('\f');
                    break;
                case 'n':
                    sb.append('\n');
                    break;
                case 'r':
                    sb.append('\r');
                    break;
                case 't':
                    sb.append('\t');
                    break;
                case 'u':
                    sb.append((char)Integer.parseInt(text.substring(pos, pos + 4), 16));
                    pos += 4;
                    break;
                default:
                    throw new IllegalArgumentException("bad escape \\" + e);
            }
        }
    }

    private Object number()
    {
        final int start = pos;
        if (peek() == '-')
        {
            pos++;
        }
        while (pos < text.length() && "0123456789.eE+-".indexOf(text.charAt(pos)) >= 0)
        {
            pos++;
        }
        final String number = text.substring(start, pos);
        if (!number.matches("-?(0|[1-9][0-9]*)(\\.[0-9]+)?([eE][+-]?[0-9]+)?"))
        {
            throw new IllegalArgumentException("bad number '" + number + "' at " + start);
        }
        return number.matches("-?[0-9]+") ? (Object)Long.parseLong(number) : (Object)Double.parseDouble(number);
    }

    private char peek()
    {
        return pos < text.length() ? text.charAt(pos) : 0;
    }

    private void expect(final char c)
    {
        if (peek() != c)
        {
            throw new IllegalArgumentException("expected '" + c + "' at " + pos);
        }
        pos++;
    }

    private void space()
    {
        while (pos < text.length() && Character.isWhitespace(text.charAt(pos)))
        {
            pos++;
        }
    }
}
