package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MarketModelBenchmarkSmokeTest
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldReplayTheRecordedFlowThroughAFreshModelEachTime() throws RunnerException
    {
        // Another JMH run on the machine holds the lock; this in-process smoke run measures nothing anyone reads.
        System.setProperty("jmh.ignoreLock", "true");
        final Options options = new OptionsBuilder()
            .include(Pattern.quote(MarketModelBenchmark.class.getName()) + "\\.")
            .param("inputs", "51200")
            .forks(0)
            .warmupIterations(1)
            .measurementIterations(2)
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        final Collection<RunResult> results = new Runner(options).run();

        assertEquals(1, results.size());
        assertTrue(results.iterator().next().getPrimaryResult().getScore() > 0, "milliseconds per replay");
    }

    @Test
    void shouldDispatchEveryInputAndTheTimersThatCameDueTheSameEveryReplay()
    {
        final MarketModelBenchmark benchmark = new MarketModelBenchmark();
        benchmark.inputs = 51_200;
        benchmark.record();
        final long[] dispatched = new long[2];
        for (int i = 0; i < dispatched.length; i++)
        {
            benchmark.freshModel();
            dispatched[i] = benchmark.replay();
            benchmark.closeWheel();
        }

        assertTrue(dispatched[0] >= 51_000, "the inputs, but those pushed after the last dispatch: " + dispatched[0]);
        assertEquals(dispatched[0], dispatched[1], "a fresh model each replay: the same stream");
    }
}
