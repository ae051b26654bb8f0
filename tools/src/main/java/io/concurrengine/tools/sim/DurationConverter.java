package io.concurrengine.tools.sim;

import picocli.CommandLine;

import java.util.Locale;

/**
 * Parses a duration into milliseconds: a number with a unit {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 1500ms}, {@code 300s}, {@code 30m}, {@code 1.5h}); a bare number is seconds. Must be positive and at most
 * 24 h. Stateless, threadsafe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Long>
{
    private static final long MAX_MS = 24L * 3600 * 1000;

    @Override
    public Long convert(final String value)
    {
        final String text = value.trim().toLowerCase(Locale.ROOT);
        final double unit;
        final String number;
        if (text.endsWith("ms"))
        {
            unit = 1;
            number = text.substring(0, text.length() - 2);
        }
        else if (text.endsWith("s"))
        {
            unit = 1000;
            number = text.substring(0, text.length() - 1);
        }
        else if (text.endsWith("m"))
        {
            unit = 60_000;
            number = text.substring(0, text.length() - 1);
        }
        else if (text.endsWith("h"))
        {
            unit = 3_600_000;
            number = text.substring(0, text.length() - 1);
        }
        else
        {
            unit = 1000;
            number = text;
        }
        final double ms;
        try
        {
            ms = Double.parseDouble(number.trim()) * unit;
        }
        catch (final NumberFormatException ex)
        {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' is not a duration (e.g. 300s, 30m, 1500ms)");
        }
        final long rounded = Math.round(ms);
        if (!(rounded >= 1 && rounded <= MAX_MS))
        {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' must be between 1ms and 24h");
        }
        return rounded;
    }
}
