package io.concurrengine.tools.sim;

import picocli.CommandLine;

import java.util.Locale;

/**
 * Parses a duration into milliseconds: a number with a unit {@code ms}, {@code s}, {@code m} or {@code h}
 * ({@code 1500ms}, {@code 300s}, {@code 30m}, {@code 1.5h}); a bare number is seconds. The number is decimal digits
 * with at most one point. Must be positive and at most 24 h. Stateless, threadsafe.
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
            ms = Double.parseDouble(decimal(number.trim())) * unit;
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

    /**
     * @param number the text before the unit.
     * @return it, if it is digits with at most one decimal point.
     * @throws NumberFormatException otherwise: {@link Double#parseDouble(String)} alone also takes Java's literal
     *                               suffixes and forms ({@code 1d}, {@code 2f}, {@code 0x1p4}, {@code 1e3}), so
     *                               {@code 1d} would be one second.
     */
    private static String decimal(final String number)
    {
        int points = 0;
        int digits = 0;
        for (int i = 0; i < number.length(); i++)
        {
            final char c = number.charAt(i);
            if ('.' == c)
            {
                points++;
            }
            else if (c >= '0' && c <= '9')
            {
                digits++;
            }
            else
            {
                throw new NumberFormatException(number);
            }
        }
        if (0 == digits || points > 1)
        {
            throw new NumberFormatException(number);
        }
        return number;
    }
}
