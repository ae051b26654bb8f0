package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import org.openjdk.jmh.runner.options.VerboseMode;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Runs every mode of the pipeline harness, and the journal JMH benchmark, once at a tiny size: proves they build,
 * run and report counts that add up. Never a timing threshold.
 */
@Tag("smoke")
class PipelineBenchmarkSmokeTest
{
    private static final PrintStream QUIET = new PrintStream(OutputStream.nullOutputStream());

    @TempDir
    Path dir;

    /** Wall time of the last call of {@link #run}: no run of it can have taken longer. */
    private double wallSeconds;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunBurstForBothPipelinesAndModels() throws Exception
    {
        final Map<String, Object> report = run("burst", "--models", "market,trivial", "--feed-only-seconds", "0.2");

        final List<Map<String, Object>> runs = runs(report, "burst");
        assertEquals(1 + 2 * 2 * 2, runs.size());
        runs.forEach(this::assertSane);
        runs.forEach(run -> assertEquals("max", run.get("targetRate"), (String)run.get("label")));
        assertTrue(Files.isRegularFile(dir.resolve("out/burst.json")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReplayARecordingInLapsWithAdvancingFeedTime() throws Exception
    {
        // 3000 inputs from a recording of 1024: three laps and a bit, every one accepted, dispatched and journaled
        final Map<String, Object> report = run("burst", "--models", "trivial", "--pipelines", "disruptor",
            "--feed", "recorded", "--recorded-inputs", "1024");

        final List<Map<String, Object>> runs = runs(report, "burst");
        assertEquals(2, runs.size());
        for (final Map<String, Object> run : runs)
        {
            assertSane(run);
            assertEquals("recorded", run.get("feed"));
            assertEquals(3000L, run.get("published"));
            assertEquals(3000L, run.get("dispatched"));
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunPacedAtEachRateAndWriteHistograms() throws Exception
    {
        final Map<String, Object> report = run("paced", "--models", "trivial");

        final List<Map<String, Object>> runs = runs(report, "paced");
        assertEquals(2 * 2 * 2, runs.size());
        runs.forEach(this::assertSane);
        // half of --max-rate 60000
        assertEquals(List.of(20_000.0, 30_000.0), runs.stream().map(run -> run.get("targetRate")).distinct().toList());
        assertTrue(Files.isRegularFile(
            dir.resolve("out/paced-paced-disruptor-trivial-journal-20000-dispatch.hgrm")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReportNoJournaledLatencyForARunWithoutAJournal() throws Exception
    {
        final ByteArrayOutputStream log = new ByteArrayOutputStream();
        final Map<String, Object> report = run(new PrintStream(log, true, StandardCharsets.UTF_8), "paced",
            "--models", "trivial", "--pipelines", "disruptor", "--rates", "20k");

        final List<Map<String, Object>> runs = runs(report, "paced");
        assertEquals(2, runs.size());
        final String lines = log.toString(StandardCharsets.UTF_8);
        for (final Map<String, Object> run : runs)
        {
            final String label = (String)run.get("label");
            final boolean journal = Boolean.TRUE.equals(run.get("journal"));
            assertTrue(run.containsKey("journaledLatencyNanos"), label);
            assertEquals(journal, null != run.get("journaledLatencyNanos"), label);
            for (final Map<String, Object> point : list(run.get("timeline")))
            {
                assertEquals(journal, null != point.get("journaledP99Nanos"), label + " " + point);
                assertEquals(journal, null != point.get("journaledMaxNanos"), label + " " + point);
            }
            assertTrue(Pattern.compile(Pattern.quote(label) + " .* jp99 +" + (journal ? "[0-9,]+ " : "off ")).matcher(
                lines).find(), lines);
        }
        assertTrue((Long)map(runs.get(0).get("latencyNanos")).get("count") > 0, "the dispatch latency is kept");
        for (final Map<String, Object> row : list(map(report.get("paced")).get("summary")))
        {
            assertEquals(Boolean.TRUE.equals(row.get("journal")), null != row.get("journaledLatencyNanos"),
                row.toString());
        }
        assertTrue(Files.isRegularFile(dir.resolve("out/paced-paced-disruptor-trivial-journal-20000-journaled.hgrm")));
        assertTrue(Files.isRegularFile(dir.resolve("out/paced-paced-disruptor-trivial-nojournal-20000-dispatch.hgrm")));
        assertFalse(Files.exists(dir.resolve("out/paced-paced-disruptor-trivial-nojournal-20000-journaled.hgrm")));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldReplayTheBurstJournalToTheSameState() throws Exception
    {
        final Map<String, Object> report = run("replay");

        final Map<String, Object> replay = map(report.get("replay"));
        final List<Map<String, Object>> passes = list(replay.get("passes"));
        assertFalse(passes.isEmpty());
        // the sequential passes replay on this thread: what they allocated is part of what it has allocated
        final long threadAllocated = ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean())
            .getCurrentThreadAllocatedBytes();
        for (final Map<String, Object> pass : passes)
        {
            assertEquals(Boolean.TRUE, pass.get("verified"), pass.toString());
            assertEquals(replay.get("liveDispatched"), pass.get("dispatched"));
            assertEquals(replay.get("liveStateHash"), pass.get("stateHash"));
            final double seconds = (Double)pass.get("wallSeconds");
            assertTrue(seconds > 0 && seconds <= wallSeconds, seconds + " s of " + wallSeconds);
            final long allocated = (Long)pass.get("allocatedBytes");
            assertTrue(allocated > 0, pass.toString());
            if (pass.get("pass").toString().startsWith("sequential"))
            {
                assertTrue(allocated <= threadAllocated, allocated + " of " + threadAllocated);
            }
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunSustainedBetweenTwoDiskProbes() throws Exception
    {
        final Map<String, Object> report = run("sustained");

        final Map<String, Object> sustained = map(report.get("sustained"));
        assertSane(map(sustained.get("run")));
        for (final String probe : List.of("diskProbeBefore", "diskProbeAfter"))
        {
            assertTrue((Double)map(sustained.get(probe)).get("megabytesPerSecond") > 0, probe);
        }
        final Map<String, Object> verdict = map(sustained.get("verdict"));
        assertTrue((Double)verdict.get("journalBlockBytesPerEvent") > 0);
        final Map<String, Object> unjournaled = map(sustained.get("unjournaledRun"));
        assertSane(unjournaled);
        assertEquals(0.0, (Double)unjournaled.get("journalBytesPerEvent"), "the same pipeline without its journal");
        assertEquals((Double)verdict.get("journaledShareOfUnjournaled"),
            (Double)verdict.get("sustainedEventsPerSecond") / (Double)verdict.get("unjournaledEventsPerSecond"), 1e-9);
        assertEquals((Double)verdict.get("unjournaledRatioToDiskBound"),
            (Double)verdict.get("unjournaledEventsPerSecond") / (Double)verdict.get("diskBoundEventsPerSecond"), 1e-9);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunSustainedJournaledOnlyWhenTheJournalListHasNoOff() throws Exception
    {
        final Map<String, Object> sustained = map(run("sustained", "--journal", "on").get("sustained"));

        assertSane(map(sustained.get("run")));
        assertFalse(sustained.containsKey("unjournaledRun"));
        assertFalse(map(sustained.get("verdict")).containsKey("unjournaledEventsPerSecond"));
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCompleteTheJournalAppendBenchmark() throws RunnerException
    {
        // the two journal methods with pretouchRead and packed false and true, and the plain Chronicle loop
        assertEveryMethodScores(JournalAppendBenchmark.class, "flushEvery", "256", 9);
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldCompleteTheFeedFileBenchmarkReadingEveryLineInLaps() throws RunnerException
    {
        assertEveryMethodScores(FeedFileBenchmark.class, "lines", "1000", 3);
    }

    /**
     * Run each benchmark method of a class once (for each value of its other parameters), in process, for 100 ms: it
     * sets up, completes and has a positive score. Nothing is timed.
     */
    private static void assertEveryMethodScores(
        final Class<?> benchmark, final String param, final String value, final int runs) throws RunnerException
    {
        // Do not fail because another JMH run on the machine holds /tmp/jmh.lock.
        System.setProperty("jmh.ignoreLock", "true");
        final Options options = new OptionsBuilder()
            .include(Pattern.quote(benchmark.getName()) + "\\.")
            .param(param, value)
            .forks(0)
            .warmupIterations(0)
            .measurementIterations(1)
            .measurementTime(TimeValue.milliseconds(100))
            .shouldFailOnError(true)
            .verbosity(VerboseMode.SILENT)
            .build();

        final Collection<RunResult> results = new Runner(options).run();

        assertEquals(runs, results.size());
        for (final RunResult result : results)
        {
            final double score = result.getPrimaryResult().getScore();
            assertTrue(Double.isFinite(score) && score > 0, result.getParams().getBenchmark() + " score=" + score);
        }
    }

    private Map<String, Object> run(final String mode, final String... extra) throws Exception
    {
        return run(QUIET, mode, extra);
    }

    private Map<String, Object> run(final PrintStream log, final String mode, final String... extra) throws Exception
    {
        final long start = System.nanoTime();
        final List<String> args = new ArrayList<>(List.of(mode,
            "--out", dir.resolve("out").toString(),
            "--work", dir.resolve("work").toString(),
            "--events", "3000",
            "--rounds", "1",
            "--rates", "20k,half",
            "--max-rate", "60000",
            "--paced-seconds", "0.2",
            "--warmup-seconds", "0",
            "--feed-only-seconds", "0",
            "--skip-seconds", "0",
            "--sample-seconds", "0.05",
            "--sustained-seconds", "0.3",
            "--disk-probe-bytes", Long.toString(4 << 20),
            "--replay-passes", "1",
            "--ring-size", "1024"));
        args.addAll(List.of(extra));
        final Map<String, Object> report = PipelineBenchmark.execute(args.toArray(String[]::new), log);
        wallSeconds = (System.nanoTime() - start) / 1e9;
        return report;
    }

    private void assertSane(final Map<String, Object> run)
    {
        final String label = (String)run.get("label");
        final long published = (Long)run.get("published");
        final long inputs = (Long)run.get("inputs");
        final long dispatched = (Long)run.get("dispatched");
        assertTrue(published > 0, label);
        assertEquals(0L, run.get("refused"), label);
        assertEquals(Boolean.TRUE, run.get("stoppedCleanly"), label);
        assertEquals(0L, run.get("errors"), label);
        final double elapsed = (Double)run.get("elapsedSeconds");
        assertTrue(elapsed > 0 && elapsed <= wallSeconds, label + ": " + elapsed + " s of " + wallSeconds);
        assertEquals("disruptor".equals(run.get("pipeline")), run.containsKey("publishers"), label);
        if ("feed-only".equals(run.get("pipeline")))
        {
            assertEquals(published, inputs, label);
            return;
        }
        assertEquals(run.get("accepted"), inputs, label + ": every accepted input reached a shard");
        assertTrue(dispatched >= inputs, label + ": every input is dispatched at its own time");
        if ("trivial".equals(run.get("model")))
        {
            assertEquals(inputs, dispatched, label);
        }
        final long journalBytes = (Long)run.get("journalBytes");
        assertTrue(Boolean.TRUE.equals(run.get("journal")) ? journalBytes > 0 : journalBytes == 0, label);
        final Map<String, Object> latency = map(run.get("latencyNanos"));
        assertTrue((Long)latency.get("count") >= 0 && (Long)latency.get("max") >= (Long)latency.get("p50"), label);
    }

    private static List<Map<String, Object>> runs(final Map<String, Object> report, final String phase)
    {
        return list(map(report.get(phase)).get("runs"));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(final Object value)
    {
        return (Map<String, Object>)value;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> list(final Object value)
    {
        return (List<Map<String, Object>>)value;
    }
}
