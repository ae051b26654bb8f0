package io.concurrengine.tools.sim;

import io.concurrengine.pipeline.montecarlo.MonteCarloRunner;
import io.concurrengine.tools.config.Counts;
import picocli.CommandLine;

/**
 * Parses {@code --iterations} as {@code run --events} reads a count ({@code 10000}, {@code 10k}, {@code 1e6}:
 * {@link Counts}), from 1 to {@link MonteCarloRunner#MAX_ITERATIONS}. Stateless, threadsafe.
 */
public final class IterationsConverter implements CommandLine.ITypeConverter<Long>
{
    @Override
    public Long convert(final String value)
    {
        try
        {
            return Counts.parse(value, 1, MonteCarloRunner.MAX_ITERATIONS);
        }
        catch (final IllegalArgumentException ex)
        {
            throw new CommandLine.TypeConversionException(ex.getMessage());
        }
    }
}
