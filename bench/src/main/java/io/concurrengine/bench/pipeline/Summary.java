package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Rounds of the same configuration (phase, pipeline, model, journaling, rate) folded together: throughput mean, min
 * and max over rounds, latency percentiles of the merged histograms, and the other per-run figures averaged; a figure
 * that a run does not have (or that is no number) is left out of its statistics, which are NaN if no run has it. A
 * configuration without a journal has no journaled latency: null in its row, and no {@code -journaled.hgrm} file.
 */
final class Summary
{
    private final Map<String, Entry> entries = new LinkedHashMap<>();

    private static final class Entry
    {
        final RunSpec spec;
        final List<Map<String, Object>> runs = new ArrayList<>();
        final Histogram dispatch = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram journaled = new Histogram(PipelineConfig.LATENCY_DIGITS);

        Entry(final RunSpec spec)
        {
            this.spec = spec;
        }
    }

    private static String key(
        final String phase, final String pipeline, final String model, final boolean journal, final double rate)
    {
        return phase + "-" + pipeline + "-" + model + "-" + (journal ? "journal" : "nojournal") +
            (rate > 0 ? "-" + RunSpec.rateLabel(rate) : "");
    }

    /**
     * @param journaled publish-to-journaled latency, null for a run without a journal.
     */
    void add(final RunSpec spec, final Map<String, Object> result, final Histogram dispatch, final Histogram journaled)
    {
        final Entry entry = entries.computeIfAbsent(
            key(spec.phase(), spec.pipeline(), spec.model(), spec.journal(), spec.rate()), k -> new Entry(spec));
        entry.runs.add(result);
        entry.dispatch.add(dispatch);
        if (null != journaled)
        {
            entry.journaled.add(journaled);
        }
    }

    double meanInputsPerSecond(
        final String phase, final String pipeline, final String model, final boolean journal, final double rate)
    {
        final Entry entry = entries.get(key(phase, pipeline, model, journal, rate));
        return null == entry ? 0 : stats(entry.runs, r -> (Double)r.get("inputsPerSecond")).get("mean");
    }

    List<Map<String, Object>> render()
    {
        final List<Map<String, Object>> rows = new ArrayList<>();
        for (final Map.Entry<String, Entry> e : entries.entrySet())
        {
            final Entry entry = e.getValue();
            final List<Map<String, Object>> runs = entry.runs;
            final Map<String, Object> row = new LinkedHashMap<>();
            row.put("key", e.getKey());
            row.put("phase", entry.spec.phase());
            row.put("pipeline", entry.spec.pipeline());
            row.put("model", entry.spec.model());
            row.put("journal", entry.spec.journal());
            row.put("targetRate", entry.spec.rate() > 0 ? entry.spec.rate() : "max");
            row.put("rounds", runs.size());
            row.put("allStoppedCleanly", runs.stream().allMatch(r -> Boolean.TRUE.equals(r.get("stoppedCleanly"))));
            row.put("eventsPerSecond", stats(runs, r -> (Double)r.get("eventsPerSecond")));
            row.put("inputsPerSecond", stats(runs, r -> (Double)r.get("inputsPerSecond")));
            // a run too short for a warm sample has no steady rate: left out, as its other missing figures are
            row.put("steadyEventsPerSecond",
                stats(runs, r -> (Double)r.getOrDefault("steadyEventsPerSecond", Double.NaN)));
            row.put("achievedPublishRate", stats(runs, r -> (Double)r.get("achievedPublishRate")));
            row.put("latencyNanos", PipelineRun.percentiles(entry.dispatch));
            row.put("journaledLatencyNanos", entry.spec.journal() ? PipelineRun.percentiles(entry.journaled) : null);
            row.put("journalBytesPerEvent", stats(runs, r -> (Double)r.get("journalBytesPerEvent")));
            row.put("shardAllocatedBytesPerEvent",
                stats(runs, r -> (Double)r.getOrDefault("shardAllocatedBytesPerEvent", Double.NaN)));
            row.put("publisherAllocatedBytesPerInput",
                stats(runs, r -> (Double)r.get("publisherAllocatedBytesPerInput")));
            row.put("shardCpuNanosPerEvent", stats(runs, r -> cpu(r, "shardNanosPerEvent")));
            row.put("publisherCpuNanosPerInput", stats(runs, r -> cpu(r, "publisherNanosPerInput")));
            row.put("processCoresBusy", stats(runs, r -> cpu(r, "processCoresBusy")));
            row.put("otherProcessesCoresBusy", stats(runs, r -> cpu(r, "otherProcessesCoresBusy")));
            row.put("stealCores", stats(runs, r -> cpu(r, "stealCores")));
            rows.add(row);
        }
        return rows;
    }

    void writeHistograms(final Path directory, final String prefix) throws IOException
    {
        for (final Map.Entry<String, Entry> e : entries.entrySet())
        {
            final Entry entry = e.getValue();
            writeHistogram(directory.resolve(prefix + "-" + e.getKey() + "-dispatch.hgrm"), entry.dispatch);
            if (entry.spec.journal())
            {
                writeHistogram(directory.resolve(prefix + "-" + e.getKey() + "-journaled.hgrm"), entry.journaled);
            }
        }
    }

    /**
     * HdrHistogram's percentile distribution, values in microseconds.
     */
    static void writeHistogram(final Path file, final Histogram histogram) throws IOException
    {
        try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, "UTF-8"))
        {
            histogram.outputPercentileDistribution(out, 1000.0);
        }
    }

    /**
     * Events per second over the timeline intervals after warm-up.
     */
    static Map<String, Double> intervalStats(final Map<String, Object> result)
    {
        @SuppressWarnings("unchecked")
        final List<Map<String, Object>> timeline = (List<Map<String, Object>>)result.get("timeline");
        final List<Map<String, Object>> warm = timeline.stream().filter(p -> Boolean.TRUE.equals(p.get("warm")))
            .skip(1).toList();
        final Map<String, Double> stats = stats(warm, p -> (Double)p.get("eventsPerSecond"));
        final double[] sorted = warm.stream().mapToDouble(p -> (Double)p.get("eventsPerSecond")).sorted().toArray();
        stats.put("median", sorted.length == 0 ? 0 : sorted[sorted.length / 2]);
        return stats;
    }

    private static double cpu(final Map<String, Object> run, final String name)
    {
        @SuppressWarnings("unchecked")
        final Map<String, Object> cpu = (Map<String, Object>)run.get("cpu");
        final Object value = cpu.get(name);
        return value instanceof Double d ? d : Double.NaN;
    }

    private static Map<String, Double> stats(
        final List<Map<String, Object>> runs, final Function<Map<String, Object>, Double> field)
    {
        double sum = 0;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int n = 0;
        for (final Map<String, Object> run : runs)
        {
            final double value = field.apply(run);
            if (Double.isFinite(value))
            {
                sum += value;
                min = Math.min(min, value);
                max = Math.max(max, value);
                n++;
            }
        }
        final Map<String, Double> stats = new LinkedHashMap<>();
        stats.put("mean", n == 0 ? Double.NaN : sum / n);
        stats.put("min", n == 0 ? Double.NaN : min);
        stats.put("max", n == 0 ? Double.NaN : max);
        return stats;
    }
}
