package io.concurrengine.bench.combat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CombatBenchmarkSmokeTest
{
    @Test
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void shouldFightEverySpecAndCountItsEvents() throws RunnerException
    {
        // Another JMH run on the machine holds the lock; this in-process smoke run measures nothing anyone reads.
        System.setProperty("jmh.ignoreLock", "true");
        final Options options = new OptionsBuilder()
            .include(Pattern.quote(CombatBenchmark.class.getName()) + "\\.")
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(200))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(200))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        final Collection<RunResult> results = new Runner(options).run();

        assertEquals(2, results.size(), "one result per built-in spec");
        for (final RunResult result : results)
        {
            assertTrue(result.getPrimaryResult().getScore() > 0, "fights per second");
            assertTrue(result.getSecondaryResults().get("events").getScore() > 0, "events per second");
        }
    }
}
