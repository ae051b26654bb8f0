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
 * first seconds of JIT compilation and journal file creation are left out of those and only those figures.
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
        final List<Thread> shardThreads = pipeline.shardThreads();
        final MarketFeed feed = new MarketFeed(pipeline, context.flow(spec.rate()), spec.rate(), spec.maxInputs(),
            spec.maxInputs() > 0 ? 0 : (long)(spec.seconds() * 1e9));
        final Thread publisher = new Thread(feed, "bench-publisher");
        final Ticker ticker = new Ticker(context.options().tickers());
        dispatchLatency = new Histogram(PipelineConfig.LATENCY_DIGITS);
        journalLatency = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram wholeDispatch = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final Histogram wholeJournal = new Histogram(PipelineConfig.LATENCY_DIGITS);
        final List<Map<String, Object>> timeline = new ArrayList<>();

        final ThreadProbe.Sample first = ThreadProbe.sample(shardThreads);
        final long start = System.nanoTime();
        publisher.start();
        final long skipNanos = (long)(spec.skipSeconds() * 1e9);
        final long sampleNanos = Math.max(10_000_000L, (long)(spec.sampleSeconds() * 1e9));
        ThreadProbe.Sample warm = null;
        long warmDispatched = 0;
        long warmInputs = 0;
        long lastTime = start;
        long lastDispatched = 0;
        long nextSample = start + sampleNanos;
        while (publisher.isAlive())
        {
            TimeUnit.NANOSECONDS.timedJoin(publisher, Math.max(1_000_000L, nextSample - System.nanoTime()));
            final long now = System.nanoTime();
            if (now - nextSample < 0 || !publisher.isAlive())
            {
                continue;
            }
            nextSample += sampleNanos;
            final boolean measuring = now - start >= skipNanos;
            final Histogram dispatch = pipeline.takeIntervalLatency(false);
            final Histogram journaled = pipeline.takeIntervalLatency(true);
            final long dispatched = pipeline.liveDispatched();
            wholeDispatch.add(dispatch);
            wholeJournal.add(journaled);
            if (measuring)
            {
                if (null == warm)
                {
                    warm = ThreadProbe.sample(shardThreads);
                    warmDispatched = dispatched;
                    warmInputs = pipeline.liveInputs();
                }
                else
                {
                    dispatchLatency.add(dispatch);
                    journalLatency.add(journaled);
                }
            }
            timeline.add(point(now - start, pipeline, dispatched, (dispatched - lastDispatched) * 1e9 / (now - lastTime),
                dispatch, journaled, measuring));
            lastTime = now;
            lastDispatched = dispatched;
        }
        final ThreadProbe.Sample end = ThreadProbe.sample(shardThreads);
        final long endDispatched = pipeline.liveDispatched();
        final long endInputs = pipeline.liveInputs();
        final boolean stopped = pipeline.stop(STOP_TIMEOUT_NANOS);
        final long elapsed = System.nanoTime() - start;
        ticker.close();
        final ThreadProbe.Sample afterStop = ThreadProbe.sample(List.of());
        if (null != warm)
        {
            dispatchLatency.add(pipeline.takeIntervalLatency(false));
            journalLatency.add(pipeline.takeIntervalLatency(true));
        }
        else
        {
            // Too short to leave a warm-up out: report the whole run.
            wholeDispatch.add(pipeline.takeIntervalLatency(false));
            wholeJournal.add(pipeline.takeIntervalLatency(true));
            dispatchLatency = wholeDispatch;
            journalLatency = wholeJournal;
        }

        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("label", spec.label());
        result.put("phase", spec.phase());
        result.put("round", spec.round());
        result.put("pipeline", pipeline.name());
        result.put("model", spec.model());
        result.put("journal", spec.journal());
        result.put("targetRate", spec.rate() > 0 ? spec.rate() : "max");
        result.put("tickers", context.options().tickers());
        result.put("stoppedCleanly", stopped);
        result.put("errors", context.errors() - errorsBefore);
        final long published = feed.published();
        final long refused = feed.refused();
        final long inputs = pipeline.inputs();
        final long dispatched = pipeline.dispatched();
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
        if (null != warm)
        {
            final long window = end.nanoTime() - warm.nanoTime();
            result.put("steadyInputsPerSecond", (endInputs - warmInputs) * 1e9 / window);
            result.put("steadyEventsPerSecond", (endDispatched - warmDispatched) * 1e9 / window);
            result.put("shardAllocatedBytesPerEvent",
                (double)(end.shardAllocated() - warm.shardAllocated()) / Math.max(1, endDispatched - warmDispatched));
            result.put("shardAllocatedBytesAfterWarmup", end.shardAllocated() - warm.shardAllocated());
        }
        result.put("warmupExcludedSeconds", null == warm ? 0 : (warm.nanoTime() - start) / 1e9);
        result.put("journalBytes", pipeline.journalBytes());
        result.put("journalBytesPerEvent", dispatched == 0 ? 0.0 : (double)pipeline.journalBytes() / dispatched);
        result.put("journalBytesPerInput", inputs == 0 ? 0.0 : (double)pipeline.journalBytes() / inputs);
        result.put("journalDirectory", null == journalRoot ? null : journalRoot.toString());
        result.put("stateHash", String.format("%016x", pipeline.stateHash()));
        result.put("latencyNanos", percentiles(dispatchLatency));
        result.put("journaledLatencyNanos", percentiles(journalLatency));
        result.put("cpu", cpu(first, end, afterStop, feed, published, dispatched, elapsed));
        result.put("publisherAllocatedBytesPerInput", (double)feed.allocatedBytes() / Math.max(1, published));
        result.put("loadAverageBefore", loadBefore);
        result.put("loadAverageAfter", ThreadProbe.loadAverage());
        result.put("timeline", timeline);
        if (!spec.keepJournal())
        {
            BenchContext.deleteTree(journalRoot);
        }
        return result;
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
        point.put("journaledP99Nanos", journaled.getValueAtPercentile(99));
        point.put("journaledMaxNanos", journaled.getMaxValue());
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

    private static Map<String, Object> cpu(
        final ThreadProbe.Sample first,
        final ThreadProbe.Sample end,
        final ThreadProbe.Sample afterStop,
        final MarketFeed feed,
        final long published,
        final long dispatched,
        final long elapsed)
    {
        final Map<String, Object> cpu = new LinkedHashMap<>();
        final int processors = ThreadProbe.processors();
        cpu.put("processors", processors);
        cpu.put("publisherNanosPerInput", (double)feed.cpuNanos() / Math.max(1, published));
        cpu.put("shardNanosPerEvent",
            (double)(end.shardCpuNanos() - first.shardCpuNanos()) / Math.max(1, dispatched));
        cpu.put("journalMaintenanceNanosPerEvent",
            (double)Math.max(0, end.maintenanceCpuNanos() - first.maintenanceCpuNanos()) / Math.max(1, dispatched));
        final long processCpu = afterStop.processCpuNanos() - first.processCpuNanos();
        cpu.put("processNanosPerEvent", (double)processCpu / Math.max(1, dispatched));
        cpu.put("processCoresBusy", (double)processCpu / elapsed);
        if (first.machineTotalTicks() >= 0)
        {
            final double total = afterStop.machineTotalTicks() - first.machineTotalTicks();
            final double machineBusy = (afterStop.machineBusyTicks() - first.machineBusyTicks()) / total * processors;
            cpu.put("machineCoresBusy", machineBusy);
            cpu.put("otherProcessesCoresBusy", Math.max(0, machineBusy - (double)processCpu / elapsed));
        }
        cpu.put("gcCount", afterStop.gcCount() - first.gcCount());
        cpu.put("gcMillis", afterStop.gcMillis() - first.gcMillis());
        return cpu;
    }
}
