package io.concurrengine.tools;

import java.util.Locale;

/**
 * Text from outside (a path, an address as the user wrote it) made safe to print in a one-line message on a
 * terminal: a Linux file name may hold a line feed, a carriage return or an escape sequence, which printed as they are
 * would forge a line of output, rewrite the terminal's line or recolour it. Every character that is not printable is
 * escaped: {@code \n}, {@code \r} and {@code \t} by name, any other control character (C0, DEL, C1) as {@code \xNN},
 * line and paragraph separators, format characters (bidirectional overrides, zero-width characters), unpaired
 * surrogates, private-use and unassigned code points as a backslash, {@code u} and four hex digits (a supplementary
 * one as a backslash, {@code U} and eight). Printable text, letters beyond ASCII included, is kept as it is, and so is
 * a backslash: the result is for a person to read, not to parse back. Stateless and threadsafe.
 */
public final class PrintableText
{
    private PrintableText()
    {
    }

    /**
     * @param path a path or other value as the user gave it.
     * @return it in double quotes where white space begins or ends it, which a message would not show
     * ({@code --config " "}, a feed file {@code "f.csv "}), else as it is.
     */
    public static String quotedIfSpaced(final String path)
    {
        return path.equals(path.strip()) ? path : "\"" + path + "\"";
    }

    /**
     * @param value any text, e.g. a path, or an object whose {@code toString()} is (a {@link java.nio.file.Path}), or
     *              null.
     * @return its text with every character that is not printable escaped: the same string if it has none; "null"
     * for null, as string concatenation prints it.
     */
    public static String escape(final Object value)
    {
        final String text = String.valueOf(value);
        int i = 0;
        while (i < text.length() && printable(text.codePointAt(i)))
        {
            i += Character.charCount(text.codePointAt(i));
        }
        if (i == text.length())
        {
            return text;
        }
        final StringBuilder escaped = new StringBuilder(text.length() + 16).append(text, 0, i);
        while (i < text.length())
        {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            if (printable(c))
            {
                escaped.appendCodePoint(c);
            }
            else if ('\n' == c)
            {
                escaped.append("\\n");
            }
            else if ('\r' == c)
            {
                escaped.append("\\r");
            }
            else if ('\t' == c)
            {
                escaped.append("\\t");
            }
            else if (c <= 0xFF)
            {
                escaped.append(String.format(Locale.ROOT, "\\x%02x", c));
            }
            else if (c <= 0xFFFF)
            {
                escaped.append(String.format(Locale.ROOT, "\\u%04x", c));
            }
            else
            {
                escaped.append(String.format(Locale.ROOT, "\\U%08x", c));
            }
        }
        return escaped.toString();
    }

    /**
     * @param c a code point.
     * @return true if {@link #escape(Object)} keeps it as it is: not a control character (C0, DEL, C1), line or
     * paragraph separator, format character, surrogate, private-use or unassigned code point.
     */
    public static boolean printable(final int c)
    {
        if (c >= 0x20 && c < 0x7F)
        {
            return true;
        }
        switch (Character.getType(c))
        {
            case Character.CONTROL:
            case Character.FORMAT:
            case Character.LINE_SEPARATOR:
            case Character.PARAGRAPH_SEPARATOR:
            case Character.SURROGATE:
            case Character.PRIVATE_USE:
            case Character.UNASSIGNED:
                return false;
            default:
                return true;
        }
    }
}
