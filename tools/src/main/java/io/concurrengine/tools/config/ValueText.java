package io.concurrengine.tools.config;

import org.tomlj.TomlArray;
import org.tomlj.TomlTable;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * How a configuration value that {@link Values} refuses is quoted in its message: its TOML type and the value as a
 * person wrote it, whichever source it came from. The combat spec's loader names a value's TOML type by it too.
 * Stateless.
 */
public final class ValueText
{
    private ValueText()
    {
    }

    /**
     * @param raw a value as TOML or the text of a flag or environment variable gave it.
     * @return its TOML type and value as a person wrote it, e.g. {@code string "yes"}, {@code float 2.0},
     * {@code array [1, 2]}, {@code table {a = 1}}: never a Java class name or identity hash.
     */
    static String describe(final Object raw)
    {
        if (null == raw)
        {
            return "nothing";
        }
        final String text = toml(raw);
        return typeName(raw) + " " + (text.length() > 60 ? text.substring(0, 57) + "..." : text);
    }

    /**
     * @param raw a value as tomlj gives it, or as the text of a flag or environment variable gave it.
     * @return its TOML type as the TOML specification names it: {@code string}, {@code integer}, {@code float},
     * {@code boolean}, {@code array}, {@code table}, {@code date-time}, {@code local date-time}, {@code date} or
     * {@code time}; {@code value} for anything else.
     */
    public static String typeName(final Object raw)
    {
        if (raw instanceof String)
        {
            return "string";
        }
        if (raw instanceof Long)
        {
            return "integer";
        }
        if (raw instanceof Double)
        {
            return "float";
        }
        if (raw instanceof Boolean)
        {
            return "boolean";
        }
        if (raw instanceof TomlArray)
        {
            return "array";
        }
        if (raw instanceof TomlTable)
        {
            return "table";
        }
        if (raw instanceof OffsetDateTime)
        {
            return "date-time";
        }
        if (raw instanceof LocalDateTime)
        {
            return "local date-time";
        }
        if (raw instanceof LocalDate)
        {
            return "date";
        }
        if (raw instanceof LocalTime)
        {
            return "time";
        }
        return "value";
    }

    private static String toml(final Object raw)
    {
        if (raw instanceof String)
        {
            return "\"" + raw + "\"";
        }
        if (raw instanceof TomlArray)
        {
            final StringBuilder text = new StringBuilder("[");
            for (final Object element : ((TomlArray)raw).toList())
            {
                text.append(text.length() == 1 ? "" : ", ").append(toml(element));
            }
            return text.append(']').toString();
        }
        if (raw instanceof TomlTable)
        {
            final TomlTable table = (TomlTable)raw;
            final StringBuilder text = new StringBuilder("{");
            for (final String key : table.keySet())
            {
                text.append(text.length() == 1 ? "" : ", ").append(key).append(" = ")
                    .append(toml(table.get(List.of(key))));
            }
            return text.append('}').toString();
        }
        return String.valueOf(raw);
    }
}
