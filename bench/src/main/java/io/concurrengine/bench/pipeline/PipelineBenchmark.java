package io.concurrengine.bench.pipeline;

import io.concurrengine.tools.json.JsonWriter;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * End-to-end benchmarks of the live pipeline: the engine (Disruptor rings) beside the same shard logic over
 * {@code ArrayBlockingQueue}, journaling on and off, measured in the same process with interleaved A/B rounds.
 * <pre>
 * java &lt;access flags&gt; -cp bench/target/benchmarks.jar io.concurrengine.bench.pipeline.PipelineBenchmark MODE ...
 * </pre>
 * Modes: {@code burst} (as fast as the publisher can go), {@code paced} (fixed rates, latency free of coordinated
 * omission), {@code sustained} (one long journaled run between two disk bandwidth probes, then as long a run without
 * the journal when {@code --journal} lists {@code off}: the pipeline's own ceiling), {@code replay}
 * ({@code replay --verify} of a burst's journal against the live run), {@code suite} (burst, paced and replay in one
 * process). Results go to {@code <out>/<name>.json}, paced latency also to {@code .hgrm} files; see
 * {@link BenchOptions#USAGE}.
 */
public final class PipelineBenchmark
{
    /** Significant digits of the decimals in the result file. */
    private static final int RESULT_DIGITS = 6;
    /** How often a sustained run samples its journal's disk usage (cycle files retention deletes included). */
    private static final long DISK_USAGE_PERIOD_MILLIS = 2_000;

    private final BenchOptions options;
    private final BenchContext context;
    private final PrintStream log;
    private final Map<String, Object> report = new LinkedHashMap<>();
    private Path keptJournal;
    private Map<String, Object> keptRun;
    private Summary burstSummary;

    private PipelineBenchmark(final BenchOptions options, final PrintStream log)
    {
        this.options = options;
        this.context = new BenchContext(options);
        this.log = log;
    }

    /**
     * @param args mode and options, see {@link BenchOptions#USAGE}.
     * @throws Exception if a run fails.
     */
    public static void main(final String[] args) throws Exception
    {
        try
        {
            execute(args, System.out);
        }
        catch (final IllegalArgumentException ex)
        {
            System.err.println(ex.getMessage());
            System.exit(2);
        }
        System.exit(0);
    }

    /**
     * Run a mode and write its result files.
     *
     * @param args mode and options.
     * @param log  where progress lines go.
     * @return the report written to {@code <out>/<name>.json}.
     * @throws Exception if a run fails.
     */
    public static Map<String, Object> execute(final String[] args, final PrintStream log) throws Exception
    {
        final BenchOptions options = BenchOptions.parse(args);
        return new PipelineBenchmark(options, log).run();
    }

    private Map<String, Object> run() throws Exception
    {
        report.put("mode", options.mode());
        report.put("environment", Environment.describe());
        report.put("options", options.asMap());
        report.put("engineConfig", context.config().toToml()); // every engine.toml key the runs were built with
        Files.createDirectories(options.out());
        try
        {
            switch (options.mode())
            {
                case "burst" ->
                {
                    warmUp();
                    burst();
                }
                case "paced" ->
                {
                    warmUp();
                    paced();
                }
                case "sustained" -> sustained();
                case "replay" ->
                {
                    warmUp();
                    final String model = options.models().get(0);
                    keep(measure(new RunSpec("burst", 1, "disruptor", model, true, 0, options.events(),
                        options.seconds(), options.skipSeconds(), options.sampleSeconds(), true)));
                    replay();
                }
                default ->
                {
                    warmUp();
                    burst();
                    paced();
                    replay();
                }
            }
        }
        finally
        {
            BenchContext.deleteTree(keptJournal);
            report.put("environmentAfter", Map.of("loadAverage", ThreadProbe.loadAverage()));
            Files.writeString(options.out().resolve(options.name() + ".json"),
                JsonWriter.pretty().significantDigits(RESULT_DIGITS).tree(report).toString(), StandardCharsets.UTF_8);
        }
        return report;
    }

    private void warmUp() throws InterruptedException
    {
        final List<Object> warmups = new ArrayList<>();
        if (options.warmupSeconds() <= 0)
        {
            return;
        }
        for (final String pipeline : options.pipelines())
        {
            for (final boolean journal : options.journal())
            {
                final Map<String, Object> run = measure(new RunSpec("warmup", 0, pipeline, options.models().get(0),
                    journal, 0, 0, options.warmupSeconds(), 0, 1, false));
                warmups.add(Map.of("label", run.get("label"), "eventsPerSecond", run.get("eventsPerSecond")));
            }
        }
        report.put("warmup", warmups);
    }

    private void burst() throws InterruptedException
    {
        final Summary summary = new Summary();
        final List<Map<String, Object>> runs = new ArrayList<>();
        if (options.feedOnlySeconds() > 0)
        {
            final RunSpec spec = new RunSpec("burst", 1, "feed-only", options.models().get(0), false, 0, 0,
                options.feedOnlySeconds(), options.skipSeconds(), options.sampleSeconds(), false);
            final PipelineRun run = new PipelineRun(context, spec);
            final Map<String, Object> result = measure(run);
            runs.add(result);
            summary.add(spec, result, run.dispatchLatency(), run.journalLatency());
        }
        for (int round = 1; round <= options.rounds(); round++)
        {
            final List<RunSpec> specs = new ArrayList<>();
            for (final String model : options.models())
            {
                for (final String pipeline : options.pipelines())
                {
                    for (final boolean journal : options.journal())
                    {
                        final boolean keep = journal && "disruptor".equals(pipeline) &&
                            model.equals(options.models().get(0));
                        specs.add(new RunSpec("burst", round, pipeline, model, journal, 0, options.events(),
                            options.seconds(), options.skipSeconds(), options.sampleSeconds(), keep));
                    }
                }
            }
            if (round % 2 == 0)
            {
                Collections.reverse(specs);
            }
            for (final RunSpec spec : specs)
            {
                final PipelineRun run = new PipelineRun(context, spec);
                final Map<String, Object> result = measure(run);
                if (spec.keepJournal())
                {
                    keep(result);
                }
                runs.add(result);
                summary.add(spec, result, run.dispatchLatency(), run.journalLatency());
            }
        }
        final Map<String, Object> burst = new LinkedHashMap<>();
        burst.put("summary", summary.render());
        burst.put("runs", runs);
        report.put("burst", burst);
        burstSummary = summary;
    }

    private void paced() throws InterruptedException, IOException
    {
        final double max = maxRate();
        final Summary summary = new Summary();
        final List<Map<String, Object>> runs = new ArrayList<>();
        final List<Double> rates = new ArrayList<>();
        for (final String rate : options.rates())
        {
            rates.add("half".equals(rate) ? Math.floor(max / 2 / 1000) * 1000 : BenchOptions.parseRate(rate));
        }
        for (final double rate : rates)
        {
            for (int round = 1; round <= options.rounds(); round++)
            {
                final List<RunSpec> specs = new ArrayList<>();
                for (final String model : options.models())
                {
                    for (final String pipeline : options.pipelines())
                    {
                        for (final boolean journal : options.journal())
                        {
                            specs.add(new RunSpec("paced", round, pipeline, model, journal, rate, 0,
                                options.pacedSeconds(), options.skipSeconds(), options.sampleSeconds(), false));
                        }
                    }
                }
                if (round % 2 == 0)
                {
                    Collections.reverse(specs);
                }
                for (final RunSpec spec : specs)
                {
                    final PipelineRun run = new PipelineRun(context, spec);
                    final Map<String, Object> result = measure(run);
                    runs.add(result);
                    summary.add(spec, result, run.dispatchLatency(), run.journalLatency());
                }
            }
        }
        if (options.hgrm())
        {
            summary.writeHistograms(options.out(), options.name());
        }
        final Map<String, Object> paced = new LinkedHashMap<>();
        paced.put("maxRate", max);
        paced.put("rates", rates);
        paced.put("summary", summary.render());
        paced.put("runs", runs);
        report.put("paced", paced);
    }

    private double maxRate() throws InterruptedException
    {
        if (options.maxRate() > 0 || !options.rates().contains("half"))
        {
            return Math.max(0, options.maxRate());
        }
        final String model = options.models().get(0);
        if (null != burstSummary)
        {
            final double mean = burstSummary.meanInputsPerSecond("burst", "disruptor", model, true, 0);
            if (mean > 0)
            {
                return mean;
            }
        }
        final Map<String, Object> run = measure(new RunSpec("max", 1, "disruptor", model, true, 0, 0,
            options.seconds(), options.skipSeconds(), options.sampleSeconds(), false));
        report.put("maxRateRun", run);
        return (Double)run.get("inputsPerSecond");
    }

    private void replay() throws InterruptedException
    {
        if (null == keptJournal)
        {
            return;
        }
        final ReplayRun replay = new ReplayRun(context, keptJournal, (String)keptRun.get("model"));
        final List<Map<String, Object>> passes = new ArrayList<>();
        for (int pass = 1; pass <= options.replayPasses(); pass++)
        {
            passes.add(replay.sequential("sequential-" + pass));
            log(passes.get(passes.size() - 1));
        }
        passes.add(replay.parallel("parallel"));
        log(passes.get(passes.size() - 1));
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("liveRun", keptRun.get("label"));
        result.put("liveEventsPerSecond", keptRun.get("eventsPerSecond"));
        result.put("liveDispatched", keptRun.get("dispatched"));
        result.put("liveStateHash", keptRun.get("stateHash"));
        result.put("journalBytes", keptRun.get("journalBytes"));
        result.put("passes", passes);
        report.put("replay", result);
    }

    private void sustained() throws Exception
    {
        final Map<String, Object> before = DiskBandwidth.measure(options.work(), options.diskProbeBytes());
        log.printf(Locale.ROOT, "disk probe before: %.0f MB/s%n", (Double)before.get("megabytesPerSecond"));
        final RunSpec spec = new RunSpec("sustained", 1, options.pipelines().get(0), options.models().get(0), true, 0,
            0, options.sustainedSeconds(), options.skipSeconds(), options.sampleSeconds(), true);
        final PipelineRun run = new PipelineRun(context, spec);
        final Path journalRoot = context.journalRoot(spec.label());
        BenchContext.deleteTree(journalRoot);
        // Counts cycle files that retention deletes during the run (journal.retain_cycles with a short roll cycle
        // lets a run outlast the disk).
        final JournalDiskUsage diskUsage = new JournalDiskUsage(journalRoot, DISK_USAGE_PERIOD_MILLIS);
        final Map<String, Object> result = measure(run);
        final JournalDiskUsage.Result usage = diskUsage.stop();
        final long diskBytes = usage.totalBytes();
        BenchContext.deleteTree(run.journalRoot());
        final Map<String, Object> after = DiskBandwidth.measure(options.work(), options.diskProbeBytes());
        log.printf(Locale.ROOT, "disk probe after: %.0f MB/s%n", (Double)after.get("megabytesPerSecond"));

        final double bandwidth = Math.min((Double)before.get("megabytesPerSecond"),
            (Double)after.get("megabytesPerSecond")) * 1e6;
        final long dispatched = (Long)result.get("dispatched");
        final double bytesPerEvent = diskBytes > 0 ? (double)diskBytes / dispatched : 0;
        final double blockBytesPerEvent = (Double)result.get("journalBytesPerEvent");
        final double sustainedRate = (Double)result.getOrDefault("steadyEventsPerSecond", result.get("eventsPerSecond"));
        final Map<String, Object> verdict = new LinkedHashMap<>();
        verdict.put("diskBandwidthBytesPerSecond", bandwidth);
        verdict.put("journalBlockBytesPerEvent", blockBytesPerEvent);
        verdict.put("journalDiskBytes", diskBytes);
        verdict.put("journalDiskBytesPerEvent", bytesPerEvent);
        verdict.put("journalDiskBytesDeletedDuringRun", usage.deletedBytes());
        verdict.put("journalFilesDeletedDuringRun", usage.deletedFiles());
        verdict.put("diskBoundEventsPerSecond", bytesPerEvent > 0 ? bandwidth / bytesPerEvent : 0);
        verdict.put("sustainedEventsPerSecond", sustainedRate);
        verdict.put("ratioToDiskBound", bytesPerEvent > 0 ? sustainedRate / (bandwidth / bytesPerEvent) : 0);
        verdict.put("intervalEventsPerSecond", Summary.intervalStats(result));
        final Map<String, Object> sustained = new LinkedHashMap<>();
        sustained.put("diskProbeBefore", before);
        sustained.put("diskProbeAfter", after);
        sustained.put("verdict", verdict);
        sustained.put("run", result);
        report.put("sustained", sustained);
        log.printf(Locale.ROOT, "sustained journaled: %,.0f events/s, %.1f %% of disk-bound %,.0f (%.0f MB/s, %.2f " +
            "B/event on disk)%n", sustainedRate, 100 * (Double)verdict.get("ratioToDiskBound"),
            (Double)verdict.get("diskBoundEventsPerSecond"), bandwidth / 1e6, bytesPerEvent);
        if (options.journal().contains(Boolean.FALSE))
        {
            // The same pipeline without its journal, for as long, right after: the most any journal could let it do.
            final RunSpec unjournaledSpec = new RunSpec("sustained", 1, spec.pipeline(), spec.model(), false, 0, 0,
                options.sustainedSeconds(), options.skipSeconds(), options.sampleSeconds(), false);
            final Map<String, Object> unjournaled = measure(unjournaledSpec);
            final double unjournaledRate =
                (Double)unjournaled.getOrDefault("steadyEventsPerSecond", unjournaled.get("eventsPerSecond"));
            final double diskBound = (Double)verdict.get("diskBoundEventsPerSecond");
            verdict.put("unjournaledEventsPerSecond", unjournaledRate);
            verdict.put("unjournaledRatioToDiskBound", diskBound > 0 ? unjournaledRate / diskBound : 0);
            verdict.put("journaledShareOfUnjournaled", unjournaledRate > 0 ? sustainedRate / unjournaledRate : 0);
            sustained.put("unjournaledRun", unjournaled);
            log.printf(Locale.ROOT, "sustained unjournaled: %,.0f events/s, %.1f %% of the same disk-bound rate; " +
                "journaled %.1f %% of it%n", unjournaledRate, 100 * (Double)verdict.get("unjournaledRatioToDiskBound"),
                100 * (Double)verdict.get("journaledShareOfUnjournaled"));
        }
        if (options.hgrm())
        {
            Summary.writeHistogram(options.out().resolve(options.name() + "-dispatch.hgrm"), run.dispatchLatency());
            Summary.writeHistogram(options.out().resolve(options.name() + "-journaled.hgrm"), run.journalLatency());
        }
    }

    private void keep(final Map<String, Object> result)
    {
        final Object directory = result.get("journalDirectory");
        final Path path = null == directory ? null : Path.of(directory.toString());
        if (null != keptJournal && !keptJournal.equals(path))
        {
            BenchContext.deleteTree(keptJournal);
        }
        keptJournal = path;
        keptRun = result;
        result.put("journalDiskBytes", Environment.diskUsage(path));
    }

    private Map<String, Object> measure(final RunSpec spec) throws InterruptedException
    {
        return measure(new PipelineRun(context, spec));
    }

    private Map<String, Object> measure(final PipelineRun run) throws InterruptedException
    {
        final Map<String, Object> result = run.execute();
        log(result);
        return result;
    }

    private void log(final Map<String, Object> result)
    {
        if (result.containsKey("pass"))
        {
            log.printf(Locale.ROOT, "replay %-12s verified=%s %,d events %.0f events/s (wall %.0f/s) %.3f B/event " +
                "allocated, state %s%n", result.get("pass"), result.get("verified"), (Long)result.get("dispatched"),
                (Double)result.get("eventsPerSecond"), (Double)result.get("wallEventsPerSecond"),
                (Double)result.get("allocatedBytesPerEvent"), result.get("stateHash"));
            return;
        }
        @SuppressWarnings("unchecked")
        final Map<String, Object> latency = (Map<String, Object>)result.get("latencyNanos");
        @SuppressWarnings("unchecked")
        final Map<String, Object> journaled = (Map<String, Object>)result.get("journaledLatencyNanos");
        @SuppressWarnings("unchecked")
        final Map<String, Object> cpu = (Map<String, Object>)result.get("cpu");
        // a run without a journal has no journaled latency: "off"
        final String journaledP99 = null == journaled ? "off" : String.format(Locale.ROOT, "%,d", journaled.get("p99"));
        log.printf(Locale.ROOT, "%-52s %,12.0f ev/s %,12.0f in/s  p50 %,9d p99 %,11d max %,12d ns  jp99 %11s  " +
            "%.2f B/ev  alloc %.3f B/ev  shard %.0f ns/ev  pub %.0f ns/in  batch %.1f in  others %.2f cores  steal %.3f cores  load %.1f%n",
            result.get("label"), (Double)result.get("eventsPerSecond"), (Double)result.get("inputsPerSecond"),
            (Long)latency.get("p50"), (Long)latency.get("p99"), (Long)latency.get("max"), journaledP99,
            (Double)result.get("journalBytesPerEvent"),
            (Double)result.getOrDefault("shardAllocatedBytesPerEvent", Double.NaN),
            (Double)cpu.get("shardNanosPerEvent"), (Double)cpu.get("publisherNanosPerInput"),
            (Double)result.getOrDefault("inputsPerBatch", Double.NaN),
            (Double)cpu.getOrDefault("otherProcessesCoresBusy", Double.NaN),
            (Double)cpu.getOrDefault("stealCores", Double.NaN), (Double)result.get("loadAverageAfter"));
    }
}
