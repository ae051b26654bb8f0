package io.concurrengine.tools.sim;

import io.concurrengine.pipeline.montecarlo.MonteCarloRunner;
import picocli.CommandLine;

import java.math.BigInteger;

/**
 * Parses an integer option of {@code sim} within the range the command takes, refused in the words of {@code run}'s
 * options ({@code must be in [1, 32767], found 0}, {@code expected an integer, found "x"}) rather than with the range
 * of a Java {@code int}, most of which the option refuses. Stateless, threadsafe.
 */
public abstract class IntRangeConverter implements CommandLine.ITypeConverter<Integer>
{
    private final int min;
    private final int max;

    IntRangeConverter(final int min, final int max)
    {
        this.min = min;
        this.max = max;
    }

    @Override
    public Integer convert(final String value)
    {
        if (!value.matches("[+-]?[0-9]+"))
        {
            throw new CommandLine.TypeConversionException("expected an integer, found \"" + value + "\"");
        }
        final BigInteger parsed = new BigInteger(value);
        if (parsed.compareTo(BigInteger.valueOf(min)) < 0 || parsed.compareTo(BigInteger.valueOf(max)) > 0)
        {
            throw new CommandLine.TypeConversionException(
                "must be in [" + min + ", " + max + "], found " + value);
        }
        return parsed.intValue();
    }

    /** {@code --chunk}: iterations per chunk, from 1 to the largest {@code int}. */
    public static final class Chunk extends IntRangeConverter
    {
        /** The converter. */
        public Chunk()
        {
            super(1, Integer.MAX_VALUE);
        }
    }

    /** {@code --threads}: from 1 to {@link MonteCarloRunner#MAX_THREADS}. */
    public static final class Threads extends IntRangeConverter
    {
        /** The converter. */
        public Threads()
        {
            super(1, MonteCarloRunner.MAX_THREADS);
        }
    }
}
