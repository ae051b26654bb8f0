package io.concurrengine.bench.profile;

import io.concurrengine.bench.wheel.HoldBenchmark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.Result;
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
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("smoke")
class ThreadCpuTimeProfilerTest
{
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportAPositiveFiniteCpuTimePerOperation() throws RunnerException
    {
        final Options options = new OptionsBuilder()
            .include(Pattern.quote(HoldBenchmark.class.getName() + ".eventWheel") + "$")
            .param("size", "1000")
            .param("distribution", "DENSE")
            .addProfiler(ThreadCpuTimeProfiler.class)
            .forks(0)
            .warmupIterations(1)
            .warmupTime(TimeValue.milliseconds(100))
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        final Collection<RunResult> results = new Runner(options).run();

        assertEquals(1, results.size());
        final Result<?> cpu = results.iterator().next().getSecondaryResults().get("cpu.time.norm");
        assertNotNull(cpu);
        assertTrue(Double.isFinite(cpu.getScore()) && cpu.getScore() > 0, "cpu.time.norm=" + cpu.getScore());
    }
}
