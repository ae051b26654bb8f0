package io.concurrengine.tools;

import picocli.CommandLine;

/**
 * How every command reads an integer option that has no converter of its own ({@code replay --shard},
 * {@code inspect --from}, {@code stat --interval}, ...): a decimal integer, as picocli reads it, refused in the words
 * the configuration uses ({@code expected an integer, found "x"}) rather than picocli's Java type names
 * ({@code 'x' is not a long}). Stateless.
 */
final class IntegerOption
{
    private IntegerOption()
    {
    }

    /**
     * Register the converters of {@code int}, {@code long} and their boxes on a command line and its subcommands.
     *
     * @param commandLine the top command line, with its subcommands added.
     * @return {@code commandLine}.
     */
    static CommandLine registerOn(final CommandLine commandLine)
    {
        final CommandLine.ITypeConverter<Integer> anInt =
            value -> (int)parse(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
        final CommandLine.ITypeConverter<Long> aLong = value -> parse(value, Long.MIN_VALUE, Long.MAX_VALUE);
        return commandLine
            .registerConverter(int.class, anInt)
            .registerConverter(Integer.class, anInt)
            .registerConverter(long.class, aLong)
            .registerConverter(Long.class, aLong);
    }

    /**
     * @param value the option's value as given.
     * @param min   the smallest value of its type.
     * @param max   the largest.
     * @return the integer.
     * @throws CommandLine.TypeConversionException if it is not a decimal integer in [min, max].
     */
    static long parse(final String value, final long min, final long max)
    {
        final long parsed;
        try
        {
            parsed = Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            if (value.matches("[+-]?[0-9]+"))
            {
                throw outOfRange(value, min, max);
            }
            throw new CommandLine.TypeConversionException("expected an integer, found \"" + value + "\"");
        }
        if (parsed < min || parsed > max)
        {
            throw outOfRange(value, min, max);
        }
        return parsed;
    }

    private static CommandLine.TypeConversionException outOfRange(final String value, final long min, final long max)
    {
        return new CommandLine.TypeConversionException("expected an integer from " + min + " to " + max +
            ", found \"" + value + "\"");
    }
}
