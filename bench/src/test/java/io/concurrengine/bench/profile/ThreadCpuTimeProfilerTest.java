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
import java.util.concurrent.Callable;
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

        final Map<String, Double> byLabel = onWorker(() ->
        {
            profiler.beforeIteration(null, null);
            final long start = ThreadCpuTimeProfiler.threadCpuNanos();
            burn(setUpCpuNanos);
            ThreadCpuTimeProfiler.exclude(start);
            return scores(profiler, 1);
        });

        // one operation: cpu.time.norm is what the worker spent outside the excluded set-up, a few readings' worth
        assertTrue(byLabel.get("cpu.time.norm") < setUpCpuNanos / 2.0, "cpu.time.norm=" + byLabel);
        assertTrue(byLabel.get("cpu.time.excluded") >= 200.0, "cpu.time.excluded=" + byLabel);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDivideTheWorkersCpuTimeInTheIterationLessTheExcludedByTheOperations() throws Exception
    {
        final ThreadCpuTimeProfiler profiler = new ThreadCpuTimeProfiler();
        final long[] readings = new long[4];

        final Map<String, Double> byLabel = onWorker(() ->
        {
            burn(TimeUnit.MILLISECONDS.toNanos(20)); // CPU time before the iteration, none of it counted
            readings[0] = ThreadCpuTimeProfiler.threadCpuNanos();
            profiler.beforeIteration(null, null);
            readings[1] = ThreadCpuTimeProfiler.threadCpuNanos();
            burn(TimeUnit.MILLISECONDS.toNanos(20));
            final long setUp = ThreadCpuTimeProfiler.threadCpuNanos();
            burn(TimeUnit.MILLISECONDS.toNanos(10));
            ThreadCpuTimeProfiler.exclude(setUp);
            readings[2] = ThreadCpuTimeProfiler.threadCpuNanos();
            final Map<String, Double> scores = scores(profiler, 1_000);
            readings[3] = ThreadCpuTimeProfiler.threadCpuNanos();
            return scores;
        });

        // the profiler reads the worker's CPU time between the first two readings and between the last two
        final double excludedNanos = byLabel.get("cpu.time.excluded") * 1e6;
        assertTrue(excludedNanos >= TimeUnit.MILLISECONDS.toNanos(10) && excludedNanos <= readings[2] - readings[1],
            "cpu.time.excluded=" + byLabel + " of " + (readings[2] - readings[1]) + " ns");
        final double iterationNanos = byLabel.get("cpu.time.norm") * 1_000 + excludedNanos;
        assertTrue(iterationNanos >= readings[2] - readings[1] - 1 && iterationNanos <= readings[3] - readings[0] + 1,
            "cpu.time.norm=" + byLabel + ": " + iterationNanos + " ns between " + (readings[2] - readings[1]) +
            " and " + (readings[3] - readings[0]));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldGiveNoCpuTimePerOperationOfAnIterationWithoutOperations() throws Exception
    {
        final ThreadCpuTimeProfiler profiler = new ThreadCpuTimeProfiler();

        final Map<String, Double> byLabel = onWorker(() ->
        {
            profiler.beforeIteration(null, null);
            burn(TimeUnit.MILLISECONDS.toNanos(1));
            return scores(profiler, 0);
        });

        assertTrue(Double.isNaN(byLabel.get("cpu.time.norm")), "cpu.time.norm=" + byLabel);
    }

    /**
     * Run on a thread named as JMH names its workers, whose CPU time the profiler reads.
     */
    private static Map<String, Double> onWorker(final Callable<Map<String, Double>> body) throws Exception
    {
        final CompletableFuture<Map<String, Double>> scores = new CompletableFuture<>();
        final Thread worker = new Thread(
            () ->
            {
                try
                {
                    scores.complete(body.call());
                }
                catch (final Exception | AssertionError ex)
                {
                    scores.completeExceptionally(ex);
                }
            },
            "jmh-worker-test");
        worker.start();
        final Map<String, Double> byLabel = scores.get(50, TimeUnit.SECONDS);
        worker.join();
        return byLabel;
    }

    private static Map<String, Double> scores(final ThreadCpuTimeProfiler profiler, final long ops)
    {
        final IterationResult iteration = new IterationResult(null, null, new IterationResultMetaData(ops, ops));
        return profiler.afterIteration(null, null, iteration).stream()
            .collect(toMap(result -> result.getLabel(), result -> result.getScore()));
    }

    private static void burn(final long cpuNanos)
    {
        final long start = ThreadCpuTimeProfiler.threadCpuNanos();
        long spin = 0;
        while (ThreadCpuTimeProfiler.threadCpuNanos() - start < cpuNanos)
        {
            spin++;
        }
        assertTrue(spin > 0);
    }
}
