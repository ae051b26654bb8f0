package io.concurrengine.bench.profile;

import io.concurrengine.bench.wheel.HoldBenchmark;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.IterationResultMetaData;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static java.util.stream.Collectors.toMap;

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

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldLeaveTheCpuTimeOfAnExcludedSetUpOutOfTheIteration() throws Exception
    {
        final long setUpCpuNanos = TimeUnit.MILLISECONDS.toNanos(200);
        final ThreadCpuTimeProfiler profiler = new ThreadCpuTimeProfiler();
        final CompletableFuture<Map<String, Double>> scores = new CompletableFuture<>();
        final Thread worker = new Thread(
            () ->
            {
                profiler.beforeIteration(null, null);
                final long start = ThreadCpuTimeProfiler.threadCpuNanos();
                long spin = 0;
                while (ThreadCpuTimeProfiler.threadCpuNanos() - start < setUpCpuNanos)
                {
                    spin++;
                }
                ThreadCpuTimeProfiler.exclude(start);
                final IterationResult iteration = new IterationResult(null, null, new IterationResultMetaData(1, 1));
                scores.complete(profiler.afterIteration(null, null, iteration).stream()
                    .collect(toMap(result -> result.getLabel(), result -> result.getScore())));
                assertTrue(spin > 0);
            },
            "jmh-worker-test");
        worker.start();

        final Map<String, Double> byLabel = scores.get(50, TimeUnit.SECONDS);
        worker.join();
        // one operation: cpu.time.norm is what the worker spent outside the excluded set-up, a few readings' worth
        assertTrue(byLabel.get("cpu.time.norm") < setUpCpuNanos / 2.0, "cpu.time.norm=" + byLabel);
        assertTrue(byLabel.get("cpu.time.excluded") >= 200.0, "cpu.time.excluded=" + byLabel);
    }
}
