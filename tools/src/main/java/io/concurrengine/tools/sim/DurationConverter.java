package io.concurrengine.tools.sim;

import io.concurrengine.tools.config.Durations;
import picocli.CommandLine;

import java.util.regex.Pattern;

/**
 * Parses a duration flag into milliseconds, as {@link Durations} reads every duration ({@code 1500ms}, {@code 300s},
 * {@code 30m}, {@code 1.5h}; a bare number is seconds), rounded to the nearest millisecond. Must be from 1 ms to
 * 24 h; a negative one is refused as out of that range, and a capital {@code M} (a million in a count), with a
 * minus sign or without, with a hint to write {@code m} for minutes, as {@code run} does. Immutable, threadsafe.
 */
public final class DurationConverter implements CommandLine.ITypeConverter<Long>
{
    private static final long MAX_MS = 24L * 3600 * 1000;

    /** An amount with a digit and a capital {@code M}: a million in a count, not minutes ({@code .M} has none). */
    private static final Pattern MILLION = Pattern.compile("[+-]?[._]*[0-9][0-9._]*([eE][+-]?[0-9]+)?\\s*M");

    private final String countFlag;

    /**
     * The converter of {@code sim}'s flags, whose hint for a capital {@code M} names {@code --iterations 1M}.
     */
    public DurationConverter()
    {
        this("--iterations");
    }

    /**
     * @param countFlag a count flag of the command whose flag this converts, named in the hint for a capital
     *                  {@code M}: {@code --events} gives "a count such as --events 1M".
     */
    public DurationConverter(final String countFlag)
    {
        this.countFlag = countFlag;
    }

    @Override
    public Long convert(final String value)
    {
        final long nanos;
        try
        {
            nanos = Durations.parseNanos(value);
        }
        catch (final Durations.OutOfRange ex)
        {
            throw new CommandLine.TypeConversionException("'" + value + "' must be between 1ms and 24h");
        }
        catch (final IllegalArgumentException ex)
        {
            final String written = value.strip();
            // in run's words for text that is no duration, as benchmark's --warmup and every configuration value
            throw new CommandLine.TypeConversionException(MILLION.matcher(written).matches() ?
                "'" + value + "' is not a duration: M is a million in a count such as " + countFlag + " 1M; write " +
                written.substring(0, written.length() - 1).strip() + "m for minutes" : ex.getMessage());
        }
        final long rounded = Math.round(nanos / 1e6);
        if (!(rounded >= 1 && rounded <= MAX_MS))
        {
            throw new CommandLine.TypeConversionException(
                "'" + value + "' must be between 1ms and 24h");
        }
        return rounded;
    }
}
