package io.concurrengine.bench.wheel;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every benchmark once, in process, at the smallest size: proves the benchmarks still build, set up and
 * complete. Never a timing threshold.
 */
@Tag("smoke")
class BenchmarkSmokeTest
{
    @ParameterizedTest
    @ValueSource(classes = {HoldBenchmark.class, SortedSlotWheelHoldBenchmark.class, CancelBenchmark.class})
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldCompleteEveryBenchmarkWithAFiniteScore(final Class<?> benchmark) throws RunnerException
    {
        final Options options = new OptionsBuilder()
            .include(Pattern.quote(benchmark.getName()) + "\\.")
            .param("size", "1000")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        final Collection<RunResult> results = new Runner(options).run();

        assertFalse(results.isEmpty(), benchmark.getName());
        for (final RunResult result : results)
        {
            final double score = result.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score), result.getParams().getBenchmark() + " score=" + score);
        }
    }
}
