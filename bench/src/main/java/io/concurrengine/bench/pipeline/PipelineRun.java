package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One measured run: start a pipeline, publish from a publisher thread, sample every {@code sampleSeconds} on the
 * calling thread (throughput, interval latency, journal bytes), stop, and report.
 * <p>
 * <b>What is measured.</b> Throughput over the whole run: inputs and dispatches from the first publish until every
 * shard has drained, flushed and closed its journal. Steady-state throughput, latency and shard allocation: from the
 * first sample after {@code skipSeconds} until the publisher finishes (latency: until the drain is complete), so the
 * first seconds of JIT compilation and journal file creation are left out of those and only those figures. A run
 * without a journal has no publish-to-journaled latency: {@code journaledLatencyNanos} and the timeline's
 * {@code journaledP99Nanos} and {@code journaledMaxNanos} are null.
 */
final class PipelineRun
{
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(120);

    private final BenchContext context;
    private final RunSpec spec;
    private Histogram dispatchLatency;
    private Histogram journalLatency;
    private Path journalRoot;

    PipelineRun(final BenchContext context, final RunSpec spec)
    {
        this.context = context;
        this.spec = spec;
    }

    Histogram dispatchLatency()
    {
        return dispatchLatency;
    }

    /**
     * @return publish-to-journaled latency, or null for a run without a journal (its engine still times each input up
     * to the group commit that would have written it, which is no journaled latency).
     */
    Histogram journalLatency()
    {
        return journalLatency;
    }

    Path journalRoot()
    {
        return journalRoot;
    }

    Map<String, Object> execute() throws InterruptedException
    {
        journalRoot = spec.journal() ? context.journalRoot(spec.label()) : null;
        BenchContext.deleteTree(journalRoot);
        final double loadBefore = ThreadProbe.loadAverage();
        final long errorsBefore = context.errors();
        final Pipeline pipeline = context.start(spec.pipeline(), spec.model(), journalRoot);
        final long durationNanos = spec.maxInputs() > 0 ? 0 : (long)(spec.seconds() * 1e9);
        final BenchFeed feed = spec.rate() <= 0 && "recorded".equals(context.options().feed()) ?
            new RecordedFeed(pipeline, context.recording(), spec.maxInputs(), durationNanos,
                context.options().publishBatch()) :
            new MarketFeed(pipeline, context.flow(spec.rate()), spec.rate(), context.options().pacing(),
                spec.maxInputs(), durationNanos, Sampler.latencySkipNanos(spec));
        final Sampler sampler = new Sampler(pipeline, spec);
        final Ticker ticker = new Ticker(context.options().tickers());
        final boolean stopped;
        try
        {
            final Thread publisher = new Thread(feed, "bench-publisher");
            sampler.start();
            publisher.start();
            sampler.sampleUntilDone(publisher);
        }
        finally
        {
            stopped = pipeline.stop(STOP_TIMEOUT_NANOS);
            ticker.close();
        }
        final long elapsed = System.nanoTime() - sampler.startNanos;
        sampler.finish();
        dispatchLatency = sampler.dispatchLatency;
        journalLatency = spec.journal() ? sampler.journalLatency : null;

        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", spec.label());
        result.put("phase", spec.phase());
        result.put("round", spec.round());
        result.put("pipeline", pipeline.name());
        if (pipeline instanceof DisruptorPipeline)
        {
            result.put("publishers", context.config().publishers());
        }
        result.put("model", spec.model());
        result.put("journal", spec.journal());
        result.put("targetRate", spec.rate() > 0 ? spec.rate() : "max");
        result.put("tickers", context.options().tickers());
        result.put("feed", feed instanceof RecordedFeed ? "recorded" : "synthetic");
        result.put("stoppedCleanly", stopped);
        result.put("errors", context.errors() - errorsBefore);
        counts(result, pipeline, feed, sampler, elapsed, journalRoot);
        result.put("latencyNanos", percentiles(dispatchLatency));
        result.put("journaledLatencyNanos", null == journalLatency ? null : percentiles(journalLatency));
        final Histogram lateness = feed.publishLateness();
        if (null != lateness)
        {
            // the feed's own share of the latency from the intended time: how late it was ready to publish
            result.put("feedLatenessNanos", percentiles(lateness));
        }
        result.put("cpu", cpu(sampler.first, sampler.end, sampler.afterStop, feed.cpuNanos(),
            (Long)result.get("published"), sampler.endDispatched, pipeline.dispatched(), elapsed,
            ThreadProbe.processors()));
        result.put("loadAverageBefore", loadBefore);
        result.put("loadAverageAfter", ThreadProbe.loadAverage());
        result.put("timeline", sampler.timeline);
        if (!spec.keepJournal())
        {
            BenchContext.deleteTree(journalRoot);
        }
        return result;
    }

    /**
     * The run's counts and the figures from them: rates over the whole run and over the publisher's time, those after
     * the warm-up when the sampler took a warm sample, journal bytes per event and per input, inputs per batch and
     * the publisher's allocation per input.
     *
     * @param elapsed     wall time of the run, the stop included.
     * @param journalRoot the run's journal directory, or null for none.
     */
    static void counts(
        final Map<String, Object> result,
        final Pipeline pipeline,
        final BenchFeed feed,
        final Sampler sampler,
        final long elapsed,
        final Path journalRoot)
    {
        final long published = feed.published();
        final long refused = feed.refused();
        final long inputs = pipeline.inputs();
        final long dispatched = pipeline.dispatched();
        final long journalBytes = pipeline.journalBytes();
        result.put("published", published);
        result.put("refused", refused);
        result.put("accepted", published - refused);
        result.put("inputs", inputs);
        result.put("dispatched", dispatched);
        result.put("elapsedSeconds", elapsed / 1e9);
        result.put("publishSeconds", (feed.endNanos() - feed.startNanos()) / 1e9);
        result.put("inputsPerSecond", inputs * 1e9 / elapsed);
        result.put("eventsPerSecond", dispatched * 1e9 / elapsed);
        result.put("achievedPublishRate", published * 1e9 / Math.max(1, feed.endNanos() - feed.startNanos()));
        final ThreadProbe.Sample warm = sampler.warm;
        if (null != warm)
        {
            final ThreadProbe.Sample end = sampler.end;
            final long window = end.nanoTime() - warm.nanoTime();
            final long events = sampler.endDispatched - sampler.warmDispatched;
            result.put("steadyInputsPerSecond", (sampler.endInputs - sampler.warmInputs) * 1e9 / window);
            result.put("steadyEventsPerSecond", events * 1e9 / window);
            result.put("shardAllocatedBytesPerEvent",
                (double)(end.shardAllocated() - warm.shardAllocated()) / Math.max(1, events));
            result.put("shardAllocatedBytesAfterWarmup", end.shardAllocated() - warm.shardAllocated());
        }
        result.put("warmupExcludedSeconds", null == warm ? 0 : (warm.nanoTime() - sampler.startNanos) / 1e9);
        result.put("journalBytes", journalBytes);
        result.put("journalBytesPerEvent", dispatched == 0 ? 0.0 : (double)journalBytes / dispatched);
        result.put("journalBytesPerInput", inputs == 0 ? 0.0 : (double)journalBytes / inputs);
        result.put("journalDirectory", null == journalRoot ? null : journalRoot.toString());
        result.put("stateHash", String.format("%016x", pipeline.stateHash()));
        final long batches = pipeline.batches();
        if (batches > 0)
        {
            result.put("inputsPerBatch", (double)inputs / batches);
        }
        result.put("publisherAllocatedBytesPerInput", (double)feed.allocatedBytes() / Math.max(1, published));
    }

    /**
     * The harness thread's view of a run: a timeline point every {@code sampleSeconds} while the publisher runs,
     * interval latency kept once past the warm-up, thread samples at the start, at the end of warm-up and when the
     * publisher finishes (the shard threads are still alive then; they end with the pipeline).
     */
    static final class Sampler
    {
        final Pipeline pipeline;
        final boolean journal;
        final List<Thread> shardThreads;
        final long skipNanos;
        final long sampleNanos;
        final Histogram dispatchLatency = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram journalLatency = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram wholeDispatch = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram wholeJournal = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final List<Map<String, Object>> timeline = new ArrayList<>();
        long startNanos;
        ThreadProbe.Sample first;
        ThreadProbe.Sample warm;
        ThreadProbe.Sample end;
        ThreadProbe.Sample afterStop;
        long warmDispatched;
        long warmInputs;
        long endDispatched;
        long endInputs;

        Sampler(final Pipeline pipeline, final RunSpec spec)
        {
            this.pipeline = pipeline;
            this.journal = spec.journal();
            this.shardThreads = pipeline.shardThreads();
            this.skipNanos = spec.skipNanos();
            this.sampleNanos = sampleNanos(spec);
        }

        private static long sampleNanos(final RunSpec spec)
        {
            return Math.max(10_000_000L, (long)(spec.sampleSeconds() * 1e9));
        }

        /**
         * Where the latency a sampler keeps starts, for the feed's lateness to leave out the same start: at its first
         * sample at or after the warm-up skip, whose interval is left out too, so a whole number of sample intervals
         * in (one at least), not at the skip itself unless it is one.
         *
         * @param spec the run.
         * @return time from the start of the run, ns.
         */
        static long latencySkipNanos(final RunSpec spec)
        {
            final long sampleNanos = sampleNanos(spec);
            return Math.max(1, (spec.skipNanos() + sampleNanos - 1) / sampleNanos) * sampleNanos;
        }

        void start()
        {
            first = ThreadProbe.sample(shardThreads);
            startNanos = System.nanoTime();
        }

        void sampleUntilDone(final Thread publisher) throws InterruptedException
        {
            long lastTime = startNanos;
            long lastDispatched = 0;
            long nextSample = startNanos + sampleNanos;
            while (publisher.isAlive())
            {
                TimeUnit.NANOSECONDS.timedJoin(publisher, Math.max(1_000_000L, nextSample - System.nanoTime()));
                final long now = System.nanoTime();
                if (now - nextSample < 0 || !publisher.isAlive())
                {
                    continue;
                }
                nextSample += sampleNanos;
                final long dispatched = pipeline.liveDispatched();
                final boolean measuring = now - startNanos >= skipNanos;
                sample(now, dispatched, measuring, (dispatched - lastDispatched) * 1e9 / (now - lastTime));
                lastTime = now;
                lastDispatched = dispatched;
            }
            end = ThreadProbe.sample(shardThreads);
            endDispatched = pipeline.liveDispatched();
            endInputs = pipeline.liveInputs();
        }

        private void sample(final long now, final long dispatched, final boolean measuring, final double rate)
        {
            final Histogram dispatch = pipeline.takeIntervalLatency(false);
            final Histogram journaled = pipeline.takeIntervalLatency(true);
            wholeDispatch.add(dispatch);
            wholeJournal.add(journaled);
            if (measuring && null == warm)
            {
                // The interval that ends here is still warm-up: left out.
                warm = ThreadProbe.sample(shardThreads);
                warmDispatched = dispatched;
                warmInputs = pipeline.liveInputs();
            }
            else if (measuring)
            {
                dispatchLatency.add(dispatch);
                journalLatency.add(journaled);
            }
            timeline.add(point(now - startNanos, pipeline, dispatched, rate, dispatch, journal ? journaled : null,
                measuring));
        }

        /**
         * After the pipeline stopped: the drain's latency, and the whole run's if it was too short for a warm-up.
         */
        void finish()
        {
            afterStop = ThreadProbe.sample(List.of());
            final Histogram dispatch = pipeline.takeIntervalLatency(false);
            final Histogram journaled = pipeline.takeIntervalLatency(true);
            if (null != warm)
            {
                dispatchLatency.add(dispatch);
                journalLatency.add(journaled);
            }
            else
            {
                wholeDispatch.add(dispatch);
                wholeJournal.add(journaled);
                dispatchLatency.add(wholeDispatch);
                journalLatency.add(wholeJournal);
            }
        }
    }

    private static Map<String, Object> point(
        final long sinceStart,
        final Pipeline pipeline,
        final long dispatched,
        final double eventsPerSecond,
        final Histogram dispatch,
        final Histogram journaled,
        final boolean measuring)
    {
        final Map<String, Object> point = new LinkedHashMap<>();
        point.put("t", sinceStart / 1e9);
        point.put("inputs", pipeline.liveInputs());
        point.put("dispatched", dispatched);
        point.put("journalBytes", pipeline.liveJournalBytes());
        point.put("eventsPerSecond", eventsPerSecond);
        point.put("p99Nanos", dispatch.getValueAtPercentile(99));
        point.put("maxNanos", dispatch.getMaxValue());
        point.put("journaledP99Nanos", null == journaled ? null : journaled.getValueAtPercentile(99));
        point.put("journaledMaxNanos", null == journaled ? null : journaled.getMaxValue());
        point.put("warm", measuring);
        return point;
    }

    static Map<String, Object> percentiles(final Histogram histogram)
    {
        final Map<String, Object> p = new LinkedHashMap<>();
        p.put("count", histogram.getTotalCount());
        p.put("mean", histogram.getTotalCount() == 0 ? 0.0 : histogram.getMean());
        p.put("p50", histogram.getValueAtPercentile(50));
        p.put("p90", histogram.getValueAtPercentile(90));
        p.put("p99", histogram.getValueAtPercentile(99));
        p.put("p999", histogram.getValueAtPercentile(99.9));
        p.put("p9999", histogram.getValueAtPercentile(99.99));
        p.put("max", histogram.getMaxValue());
        return p;
    }

    /**
     * CPU per event and cores busy. The shard and maintenance threads are read at {@code end}, when the publisher
     * finished (they are gone after the stop), so their CPU is divided by the events dispatched by then; the drain
     * after it (up to a ring per shard) is in neither. The process is read after the stop, over every event.
     *
     * @param first             sample at the start of the run.
     * @param end               sample when the publisher finished.
     * @param afterStop         sample after the pipeline stopped.
     * @param publisherCpuNanos CPU time of the publisher thread over its life.
     * @param published         inputs it published.
     * @param dispatchedAtEnd   events dispatched when {@code end} was taken.
     * @param dispatched        events dispatched in the whole run, the drain included.
     * @param elapsed           wall time of the run, the stop included.
     * @param processors        CPUs of the machine.
     */
    static Map<String, Object> cpu(
        final ThreadProbe.Sample first,
        final ThreadProbe.Sample end,
        final ThreadProbe.Sample afterStop,
        final long publisherCpuNanos,
        final long published,
        final long dispatchedAtEnd,
        final long dispatched,
        final long elapsed,
        final int processors)
    {
        final Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("processors", processors);
        cpu.put("publisherNanosPerInput", (double)publisherCpuNanos / Math.max(1, published));
        cpu.put("shardNanosPerEvent",
            (double)(end.shardCpuNanos() - first.shardCpuNanos()) / Math.max(1, dispatchedAtEnd));
        cpu.put("journalMaintenanceNanosPerEvent",
            (double)Math.max(0, end.maintenanceCpuNanos() - first.maintenanceCpuNanos()) /
            Math.max(1, dispatchedAtEnd));
        final long processCpu = afterStop.processCpuNanos() - first.processCpuNanos();
        cpu.put("processNanosPerEvent", (double)processCpu / Math.max(1, dispatched));
        cpu.put("processCoresBusy", (double)processCpu / elapsed);
        if (first.machineTotalTicks() >= 0)
        {
            final double total = afterStop.machineTotalTicks() - first.machineTotalTicks();
            final double machineBusy = (afterStop.machineBusyTicks() - first.machineBusyTicks()) / total * processors;
            cpu.put("machineCoresBusy", machineBusy);
            cpu.put("otherProcessesCoresBusy", Math.max(0, machineBusy - (double)processCpu / elapsed));
            cpu.put("stealCores", (afterStop.machineStealTicks() - first.machineStealTicks()) / total * processors);
        }
        cpu.put("gcCount", afterStop.gcCount() - first.gcCount());
        cpu.put("gcMillis", afterStop.gcMillis() - first.gcMillis());
        return cpu;
    }
}
