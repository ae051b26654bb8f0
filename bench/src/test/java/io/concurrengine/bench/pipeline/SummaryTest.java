package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Rounds folded into a summary row, a run's label, and the figures of a timeline, from fixed run results.
 */
class SummaryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldLabelARunByPhasePipelineModelJournalRateAndRound()
    {
        assertEquals("paced-abq-market-journal-1M-r2", spec("paced", 2, "abq", true, 1e6).label());
        assertEquals("burst-disruptor-market-nojournal-r1", spec("burst", 1, "disruptor", false, 0).label());
        assertEquals(1_500_000_000L, new RunSpec("burst", 1, "abq", "market", true, 0, 0, 1, 1.5, 1, false)
            .skipNanos());
    }

    @Test
    void shouldWriteWholeMillionsAndTenthsOfAMillionInMillionsAndOtherRatesWhole()
    {
        assertEquals("1M", RunSpec.rateLabel(1e6));
        assertEquals("2M", RunSpec.rateLabel(2e6));
        assertEquals("1.5M", RunSpec.rateLabel(1.5e6));
        assertEquals("1050000", RunSpec.rateLabel(1_050_000));
        assertEquals("900000", RunSpec.rateLabel(900_000));
        assertEquals("20000", RunSpec.rateLabel(20_000));
        assertEquals("12", RunSpec.rateLabel(12.7));
    }

    @Test
    void shouldFoldRoundsIntoMeanMinAndMaxLeavingOutFiguresARunDoesNotHave()
    {
        final Summary summary = new Summary();
        final RunSpec first = spec("burst", 1, "disruptor", true, 0);
        summary.add(first, run(100.0, 1_000.0, true, Map.of("shardNanosPerEvent", 50.0)), latency(10, 20), latency(30));
        summary.add(spec("burst", 2, "disruptor", true, 0),
            run(300.0, 3_000.0, false, Map.of("shardNanosPerEvent", "n/a")), latency(40), latency(50, 60));
        final RunSpec other = spec("burst", 1, "abq", false, 0);
        summary.add(other, run(7.0, 70.0, true, Map.of()), latency(5), null);

        final List<Map<String, Object>> rows = summary.render();

        assertEquals(2, rows.size(), "two configurations");
        final Map<String, Object> row = rows.get(0);
        assertEquals("burst-disruptor-market-journal", row.get("key"));
        assertEquals("burst", row.get("phase"));
        assertEquals("disruptor", row.get("pipeline"));
        assertEquals("market", row.get("model"));
        assertEquals(true, row.get("journal"));
        assertEquals("max", row.get("targetRate"));
        assertEquals(2, row.get("rounds"));
        assertEquals(false, row.get("allStoppedCleanly"));
        assertEquals(Map.of("mean", 2_000.0, "min", 1_000.0, "max", 3_000.0), row.get("eventsPerSecond"));
        assertEquals(Map.of("mean", 200.0, "min", 100.0, "max", 300.0), row.get("inputsPerSecond"));
        assertEquals(Map.of("mean", 1.0, "min", 0.5, "max", 1.5), row.get("achievedPublishRate"));
        assertEquals(Map.of("mean", 2.0, "min", 1.0, "max", 3.0), row.get("journalBytesPerEvent"));
        assertEquals(Map.of("mean", 1.5, "min", 1.5, "max", 1.5), row.get("shardAllocatedBytesPerEvent"),
            "a run without the figure is left out");
        assertEquals(Map.of("mean", 900.0, "min", 900.0, "max", 900.0), row.get("steadyEventsPerSecond"),
            "a run too short for a warm sample has no steady rate, left out rather than counted as none");
        assertEquals(Map.of("mean", 50.0, "min", 50.0, "max", 50.0), row.get("shardCpuNanosPerEvent"),
            "a figure that is no number is left out");
        assertEquals(Map.of("mean", 0.2, "min", 0.2, "max", 0.2), row.get("publisherAllocatedBytesPerInput"));
        assertEquals(3L, percentiles(row, "latencyNanos").get("count"));
        assertEquals(3L, percentiles(row, "journaledLatencyNanos").get("count"));

        final Map<String, Object> unjournaled = rows.get(1);
        assertEquals("burst-abq-market-nojournal", unjournaled.get("key"));
        assertEquals(true, unjournaled.get("allStoppedCleanly"));
        assertNull(unjournaled.get("journaledLatencyNanos"));
        assertTrue(unjournaled.containsKey("journaledLatencyNanos"));
        assertNaN(unjournaled, "shardCpuNanosPerEvent");
        assertNaN(unjournaled, "processCoresBusy");
        assertNaN(unjournaled, "otherProcessesCoresBusy");
        assertNaN(unjournaled, "stealCores");
        assertNaN(unjournaled, "publisherCpuNanosPerInput");
    }

    @Test
    void shouldAverageTheCoresOfEachRunsCpu()
    {
        final Summary summary = new Summary();
        final Map<String, Object> cpu = Map.of("publisherNanosPerInput", 11.0, "processCoresBusy", 1.25,
            "otherProcessesCoresBusy", 0.5, "stealCores", 0.125);
        summary.add(spec("paced", 1, "abq", false, 20_000), run(1.0, 1.0, true, cpu), latency(1), null);

        final Map<String, Object> row = summary.render().get(0);

        assertEquals("paced-abq-market-nojournal-20000", row.get("key"));
        assertEquals(20_000.0, row.get("targetRate"));
        assertEquals(11.0, stats(row, "publisherCpuNanosPerInput").get("mean"));
        assertEquals(1.25, stats(row, "processCoresBusy").get("mean"));
        assertEquals(0.5, stats(row, "otherProcessesCoresBusy").get("mean"));
        assertEquals(0.125, stats(row, "stealCores").get("mean"));
    }

    @Test
    void shouldGiveTheMeanInputRateOfAConfigurationAndZeroForOneNotRun()
    {
        final Summary summary = new Summary();
        summary.add(spec("burst", 1, "disruptor", true, 0), run(100.0, 1.0, true, Map.of()), latency(1), latency(1));
        summary.add(spec("burst", 2, "disruptor", true, 0), run(200.0, 1.0, true, Map.of()), latency(1), latency(1));
        summary.add(spec("paced", 1, "disruptor", true, 1e6), run(900.0, 1.0, true, Map.of()), latency(1), latency(1));

        assertEquals(150.0, summary.meanInputsPerSecond("burst", "disruptor", "market", true, 0));
        assertEquals(900.0, summary.meanInputsPerSecond("paced", "disruptor", "market", true, 1e6));
        assertEquals(0.0, summary.meanInputsPerSecond("burst", "disruptor", "market", false, 0));
    }

    @Test
    void shouldWriteAJournaledHistogramOnlyForAJournaledConfiguration() throws IOException
    {
        final Summary summary = new Summary();
        summary.add(spec("paced", 1, "abq", true, 20_000), run(1.0, 1.0, true, Map.of()), latency(1), latency(2));
        summary.add(spec("paced", 1, "abq", false, 20_000), run(1.0, 1.0, true, Map.of()), latency(3), null);

        summary.writeHistograms(dir, "p");

        try (var files = Files.list(dir))
        {
            assertEquals(List.of("p-paced-abq-market-journal-20000-dispatch.hgrm",
                "p-paced-abq-market-journal-20000-journaled.hgrm", "p-paced-abq-market-nojournal-20000-dispatch.hgrm"),
                files.map(file -> file.getFileName().toString()).sorted().toList());
        }
        final String journaled = Files.readString(dir.resolve("p-paced-abq-market-journal-20000-journaled.hgrm"));
        assertTrue(journaled.contains("#[Max     =        2.000"), "in microseconds: " + journaled);
    }

    @Test
    void shouldTakeTheTimelinesIntervalsAfterTheFirstWarmOneAndTheirUpperMedian()
    {
        final Map<String, Object> result = Map.of("timeline", List.of(point(false, 1.0), point(true, 1_000.0),
            point(true, 40.0), point(true, 10.0), point(true, 30.0), point(true, 20.0)));

        final Map<String, Double> stats = Summary.intervalStats(result);

        assertEquals(25.0, stats.get("mean"));
        assertEquals(10.0, stats.get("min"));
        assertEquals(40.0, stats.get("max"));
        assertEquals(30.0, stats.get("median"));
    }

    @Test
    void shouldGiveNoIntervalFiguresForATimelineWithOneWarmInterval()
    {
        final Map<String, Double> stats = Summary.intervalStats(Map.of("timeline",
            List.of(point(false, 5.0), point(true, 7.0))));

        assertTrue(Double.isNaN(stats.get("mean")));
        assertTrue(Double.isNaN(stats.get("min")));
        assertTrue(Double.isNaN(stats.get("max")));
        assertEquals(0.0, stats.get("median"));
    }

    private static RunSpec spec(
        final String phase, final int round, final String pipeline, final boolean journal, final double rate)
    {
        return new RunSpec(phase, round, pipeline, "market", journal, rate, 0, 1, 0, 1, false);
    }

    /**
     * A run's result as PipelineRun reports it, its other figures derived from the input rate.
     */
    private static Map<String, Object> run(
        final double inputsPerSecond, final double eventsPerSecond, final boolean stopped, final Map<String, ?> cpu)
    {
        final Map<String, Object> result = new HashMap<>();
        result.put("inputsPerSecond", inputsPerSecond);
        result.put("eventsPerSecond", eventsPerSecond);
        result.put("stoppedCleanly", stopped);
        result.put("achievedPublishRate", inputsPerSecond / 200);
        result.put("journalBytesPerEvent", inputsPerSecond / 100);
        result.put("publisherAllocatedBytesPerInput", 0.2);
        if (inputsPerSecond == 100.0)
        {
            result.put("shardAllocatedBytesPerEvent", 1.5);
        }
        if (inputsPerSecond == 300.0)
        {
            result.put("steadyEventsPerSecond", 900.0);
        }
        result.put("cpu", new LinkedHashMap<>(cpu));
        return result;
    }

    private static Histogram latency(final long... values)
    {
        final Histogram histogram = new Histogram(PipelineConfig.LATENCY_DIGITS);
        for (final long value : values)
        {
            histogram.recordValue(value * 1_000);
        }
        return histogram;
    }

    private static Map<String, Object> point(final boolean warm, final double eventsPerSecond)
    {
        final Map<String, Object> point = new LinkedHashMap<>();
        point.put("eventsPerSecond", eventsPerSecond);
        point.put("warm", warm);
        return point;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> percentiles(final Map<String, Object> row, final String name)
    {
        return (Map<String, Object>)row.get(name);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Double> stats(final Map<String, Object> row, final String name)
    {
        return (Map<String, Double>)row.get(name);
    }

    private static void assertNaN(final Map<String, Object> row, final String name)
    {
        final Map<String, Double> stats = stats(row, name);
        assertEquals(List.of("mean", "min", "max"), List.copyOf(stats.keySet()), name);
        stats.values().forEach(value -> assertTrue(Double.isNaN(value), name + "=" + stats));
    }
}
