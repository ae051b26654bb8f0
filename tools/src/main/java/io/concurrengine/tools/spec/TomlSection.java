package io.concurrengine.tools.spec;

import io.concurrengine.tools.config.ValueText;
import org.tomlj.TomlArray;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One TOML table read under a dotted path, with typed getters that name the full key path in every error, and a check
 * that every key present was read ({@link #finish()}: unknown keys are errors). Records the position of each key it
 * reads, so later errors about a key can point at its line.
 * <p>
 * Not threadsafe; one load.
 */
final class TomlSection
{
    private final String file;
    private final String text;
    /** The offset in {@code text} at which each line starts, the first line's at index 0. */
    private final int[] lineStarts;
    private final String path;
    private final TomlTable table;
    private final TomlPosition position;
    private final Map<String, TomlPosition> positions;
    private final Set<String> read = new HashSet<>();

    TomlSection(
        final String file,
        final String text,
        final String path,
        final TomlTable table,
        final TomlPosition position,
        final Map<String, TomlPosition> positions)
    {
        this(file, text, lineStarts(text), path, table, position, positions);
    }

    private TomlSection(
        final String file,
        final String text,
        final int[] lineStarts,
        final String path,
        final TomlTable table,
        final TomlPosition position,
        final Map<String, TomlPosition> positions)
    {
        this.file = file;
        this.text = text;
        this.lineStarts = lineStarts;
        this.path = path;
        this.table = table;
        this.position = position;
        this.positions = positions;
        positions.put(path.endsWith(".") ? path.substring(0, path.length() - 1) : path, position);
    }

    boolean has(final String key)
    {
        return table.contains(List.of(key));
    }

    String string(final String key) throws SpecLoadException
    {
        return typed(require(key), key, String.class, "a string");
    }

    String optString(final String key, final String fallback) throws SpecLoadException
    {
        return has(key) ? string(key) : fallback;
    }

    long optLong(final String key, final long fallback) throws SpecLoadException
    {
        return has(key) ? typed(require(key), key, Long.class, "an integer") : fallback;
    }

    long requiredLong(final String key) throws SpecLoadException
    {
        return typed(require(key), key, Long.class, "an integer");
    }

    double optDouble(final String key, final double fallback) throws SpecLoadException
    {
        return has(key) ? number(require(key), key) : fallback;
    }

    double requiredDouble(final String key) throws SpecLoadException
    {
        return number(require(key), key);
    }

    boolean optBoolean(final String key, final boolean fallback) throws SpecLoadException
    {
        return has(key) ? typed(require(key), key, Boolean.class, "a boolean") : fallback;
    }

    /**
     * A damage range: a number (min = max) or an array {@code [min, max]}; {@code {0, 0}} if absent.
     */
    double[] optRange(final String key) throws SpecLoadException
    {
        if (!has(key))
        {
            return new double[]{0, 0};
        }
        final Object value = require(key);
        if (value instanceof TomlArray)
        {
            final TomlArray array = (TomlArray)value;
            if (2 != array.size())
            {
                throw error(key, "expected [min, max] with two numbers, found " + array.size() + " element(s)");
            }
            return new double[]{number(array.get(0), key + "[0]"), number(array.get(1), key + "[1]")};
        }
        final double amount = number(value, key);
        return new double[]{amount, amount};
    }

    /**
     * An inline table of resource name to positive number, e.g. {@code cost = { mana = 40 }}, in file order.
     */
    Map<String, Double> optAmounts(final String key) throws SpecLoadException
    {
        if (!has(key))
        {
            return Collections.emptyMap();
        }
        final TomlTable amounts = typed(require(key), key, TomlTable.class, "a table like { mana = 40 }");
        final Map<String, Double> result = new LinkedHashMap<>();
        final List<String> names = new ArrayList<>(amounts.keySet());
        names.sort((a, b) -> compare(amounts.inputPositionOf(List.of(a)), amounts.inputPositionOf(List.of(b))));
        for (final String name : names)
        {
            positions.put(path + key + "." + name, amounts.inputPositionOf(List.of(name)));
            result.put(name, number(amounts.get(List.of(name)), key + "." + name));
        }
        return result;
    }

    /**
     * An array of strings.
     */
    List<String> strings(final String key) throws SpecLoadException
    {
        final TomlArray array = typed(require(key), key, TomlArray.class, "an array of strings");
        final List<String> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++)
        {
            final String element = key + "[" + i + "]";
            positions.put(path + element, firstCharacterFrom(array.inputPositionOf(i)));
            result.add(typed(array.get(i), element, String.class, "a string"));
        }
        return result;
    }

    /**
     * A sub-table, or null if absent.
     */
    TomlSection optTable(final String key) throws SpecLoadException
    {
        if (!has(key))
        {
            return null;
        }
        final TomlTable child = typed(require(key), key, TomlTable.class, "a table");
        return new TomlSection(file, text, lineStarts, path + key + ".", child, table.inputPositionOf(List.of(key)),
            positions);
    }

    /**
     * An array of tables ({@code [[key]]}), empty if absent.
     */
    List<TomlSection> tables(final String key) throws SpecLoadException
    {
        if (!has(key))
        {
            return List.of();
        }
        final TomlArray array = typed(require(key), key, TomlArray.class, "an array of tables ([[" + key + "]])");
        final List<TomlSection> result = new ArrayList<>();
        for (int i = 0; i < array.size(); i++)
        {
            final String element = key + "[" + i + "]";
            final TomlTable child = typed(array.get(i), element, TomlTable.class, "a table");
            result.add(new TomlSection(file, text, lineStarts, path + element + ".", child, array.inputPositionOf(i),
                positions));
        }
        return result;
    }

    /**
     * @throws SpecLoadException naming the first key present but never read.
     */
    void finish(final String... expected) throws SpecLoadException
    {
        final List<String> keys = new ArrayList<>(table.keySet());
        keys.sort((a, b) -> compare(table.inputPositionOf(List.of(a)), table.inputPositionOf(List.of(b))));
        for (final String key : keys)
        {
            if (!read.contains(key))
            {
                throw error(key, "unknown key (expected one of: " + String.join(", ", expected) + ")");
            }
        }
    }

    /**
     * @return an error about {@code key} of this table, at the key's position if it was read (an element of an array
     * of strings is at its own), else at the position of its first part ({@code damage} for {@code damage[1]}), else
     * at the table's.
     */
    SpecLoadException error(final String key, final String problem)
    {
        final TomlPosition read = positions.get(path + key);
        if (null != read)
        {
            return exception(path + key, problem, read);
        }
        final int cut = firstOf(key, '[', '.');
        final TomlPosition at = table.inputPositionOf(List.of(cut < 0 ? key : key.substring(0, cut)));
        return exception(path + key, problem, null == at ? position : at);
    }

    private SpecLoadException exception(final String key, final String problem, final TomlPosition at)
    {
        return new SpecLoadException(file, key, problem, null == at ? 0 : at.line(), null == at ? 0 : at.column());
    }

    private Object require(final String key) throws SpecLoadException
    {
        read.add(key);
        final Object value = table.get(List.of(key));
        if (null == value)
        {
            throw exception(path + key, "missing required key", position);
        }
        positions.put(path + key, table.inputPositionOf(List.of(key)));
        return value;
    }

    /**
     * @return the offset at which each line of {@code text} starts, the first line's at index 0.
     */
    private static int[] lineStarts(final String text)
    {
        int lines = 1;
        for (int i = 0; i < text.length(); i++)
        {
            lines += '\n' == text.charAt(i) ? 1 : 0;
        }
        final int[] starts = new int[lines];
        for (int i = 0, line = 1; i < text.length(); i++)
        {
            if ('\n' == text.charAt(i))
            {
                starts[line++] = i + 1;
            }
        }
        return starts;
    }

    /**
     * tomlj gives an array element's position as that of the blanks before it, just after the {@code [} or the
     * comma: for an element on a line of its own, the end of the line before. This is the position of the element's
     * first character, past blanks, line ends and comments.
     *
     * @param at where tomlj says the element is, 1-based, columns counted in code points; or null.
     * @return the position of the first character at or after it that is none of those; {@code at} if there is none.
     */
    private TomlPosition firstCharacterFrom(final TomlPosition at)
    {
        if (null == at)
        {
            return null;
        }
        if (at.line() < 1 || at.line() > lineStarts.length)
        {
            return at;
        }
        int offset = lineStarts[at.line() - 1]; // looked up, not scanned for: a list of many entries stays linear
        try
        {
            offset = text.offsetByCodePoints(offset, at.column() - 1);
        }
        catch (final IndexOutOfBoundsException ex)
        {
            return at;
        }
        int line = at.line();
        int column = at.column();
        boolean comment = false;
        for (; offset < text.length(); offset++)
        {
            final char c = text.charAt(offset);
            if ('\n' == c)
            {
                line++;
                column = 1;
                comment = false;
            }
            else if (comment || ' ' == c || '\t' == c || '\r' == c || '#' == c)
            {
                comment = comment || '#' == c;
                column++;
            }
            else
            {
                return TomlPosition.positionAt(line, column);
            }
        }
        return at;
    }

    private static int firstOf(final String key, final char a, final char b)
    {
        final int i = key.indexOf(a);
        final int j = key.indexOf(b);
        return i < 0 ? j : (j < 0 ? i : Math.min(i, j));
    }

    private double number(final Object value, final String key) throws SpecLoadException
    {
        if (value instanceof Long)
        {
            return (Long)value;
        }
        if (value instanceof Double)
        {
            return (Double)value;
        }
        throw error(key, "expected a number, found " + describe(value));
    }

    private <T> T typed(final Object value, final String key, final Class<T> type, final String expected)
        throws SpecLoadException
    {
        if (type.isInstance(value))
        {
            return type.cast(value);
        }
        throw error(key, "expected " + expected + ", found " + describe(value));
    }

    /**
     * @return the value's TOML type with its article, e.g. {@code an integer}, {@code a date}.
     */
    private static String describe(final Object value)
    {
        final String type = ValueText.typeName(value);
        return ("aeiou".indexOf(type.charAt(0)) >= 0 ? "an " : "a ") + type;
    }

    private static int compare(final TomlPosition a, final TomlPosition b)
    {
        if (null == a || null == b)
        {
            return 0;
        }
        return a.line() != b.line() ? Integer.compare(a.line(), b.line()) : Integer.compare(a.column(), b.column());
    }
}
