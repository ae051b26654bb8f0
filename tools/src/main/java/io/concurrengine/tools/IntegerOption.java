package io.concurrengine.tools;

import picocli.CommandLine;

/**
 * How every command reads an integer option that has no converter of its own ({@code replay --shard},
 * {@code inspect --from}, {@code stat --interval}, ...): a decimal integer, as picocli reads it, refused in the words
 * the configuration uses ({@code expected an integer, found "x"}) rather than picocli's Java type names
 * ({@code 'x' is not a long}). A {@code long} option whose own range is narrower names it of a number beyond a long
 * ({@link NotNegative}, {@link Positive}): {@code inspect --limit 99999999999999999999} reads "expected an integer
 * from 1 to 9223372036854775807", not a long's range. Stateless.
 */
public final class IntegerOption
{
    /**
     * A {@code long} option from 0 ({@code --until}, {@code --from}, {@code --shard}, {@code --count}): a number
     * beyond a long is refused with that range; one within a long reaches the command, which judges it in its own
     * words ({@code --shard -1} names the journal's shards).
     */
    public static final class NotNegative implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parseLong(value, 0, Long.MAX_VALUE);
        }
    }

    /**
     * A {@code long} option from 1 ({@code --limit}, {@code --interval}, {@code replay --threads}): a number beyond a
     * long is refused with that range; one within a long reaches the command, which judges it
     * ({@code --limit 0: records per shard must be at least 1}).
     */
    public static final class Positive implements CommandLine.ITypeConverter<Long>
    {
        @Override
        public Long convert(final String value)
        {
            return parseLong(value, 1, Long.MAX_VALUE);
        }
    }

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
        final long parsed = parseLong(value, min, max);
        if (parsed < min || parsed > max)
        {
            throw outOfRange(value, min, max);
        }
        return parsed;
    }

    /**
     * @param value the option's value as given.
     * @param min   the smallest value the option takes.
     * @param max   the largest.
     * @return the integer, if it is a decimal integer within a long, whether or not in [min, max]: the command judges
     * that.
     * @throws CommandLine.TypeConversionException if it is not a decimal integer, or one beyond a long, saying
     *                                             [min, max].
     */
    static long parseLong(final String value, final long min, final long max)
    {
        if (!value.matches("[+-]?[0-9]+"))
        {
            // not Long.parseLong's rule, which takes any Unicode digit (--shards ３): ASCII digits, as every number
            throw new CommandLine.TypeConversionException("expected an integer, found \"" + value + "\"");
        }
        try
        {
            return Long.parseLong(value);
        }
        catch (final NumberFormatException ex)
        {
            throw outOfRange(value, min, max);
        }
    }

    private static CommandLine.TypeConversionException outOfRange(final String value, final long min, final long max)
    {
        return new CommandLine.TypeConversionException("expected an integer from " + min + " to " + max +
            ", found \"" + value + "\"");
    }
}
