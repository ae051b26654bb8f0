package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The harness thread's view of a run over a pipeline that dispatches 1,000 events between two readings and times
 * one input per interval: a timeline point per interval, no earlier than its time, its rate over the interval, and
 * latency kept from the first interval after the warm-up (or the whole run's, without one) and the drain's. Each
 * publisher lives until the sampler has read the pipeline a number of times, so no figure depends on how fast the
 * machine is.
 */
class PipelineRunSamplerTest
{
    private static final double SAMPLE_SECONDS = 0.02;
    private static final long EVENTS_PER_READING = 1_000;
    private static final long DISPATCH_NANOS = 1_000;
    private static final long JOURNALED_NANOS = 2_000;

    @Test
    void shouldSampleEachIntervalAndKeepLatencyFromTheFirstIntervalAfterTheWarmUp() throws InterruptedException
    {
        final SampledPipeline pipeline = new SampledPipeline();
        final PipelineRun.Sampler sampler = run(pipeline, 0.05, 8);

        final List<Map<String, Object>> timeline = sampler.timeline;
        assertTimeline(timeline, 0.05);
        final long warmPoints = timeline.stream().filter(point -> Boolean.TRUE.equals(point.get("warm"))).count();
        assertTrue(warmPoints > 1, timeline.toString());
        final Map<String, Object> firstWarm = timeline.get((int)(timeline.size() - warmPoints));
        assertNotNull(sampler.warm);
        assertTrue(sampler.warm.nanoTime() - sampler.startNanos >= 50_000_000L);
        assertEquals(firstWarm.get("dispatched"), sampler.warmDispatched);
        // the sampler's reading after the publisher ended: the last
        assertEquals(EVENTS_PER_READING * pipeline.readings.get(), sampler.endDispatched);
        assertNotNull(sampler.end);

        sampler.finish();

        // the warm intervals but the first, and the drain
        assertEquals(warmPoints, sampler.dispatchLatency.getTotalCount());
        assertEquals(warmPoints, sampler.journalLatency.getTotalCount());
        assertEquals(DISPATCH_NANOS, sampler.dispatchLatency.getMaxValue());
        assertEquals(JOURNALED_NANOS, sampler.journalLatency.getMaxValue());
        assertNotNull(sampler.afterStop);
    }

    /**
     * The sampler keeps latency from its first sample at or after the skip (that sample's interval is warm-up too):
     * the feed's lateness must leave out the same start, not the skip itself, or the two figures cover different
     * inputs ({@code --skip-seconds 0} measured the first second's lateness but not its latency).
     */
    @Test
    void shouldLeaveTheFeedsLatenessOutUntilTheFirstSampleWhoseLatencyIsKept()
    {
        assertEquals(2_000_000_000L, PipelineRun.Sampler.latencySkipNanos(spec(2, 1)));
        assertEquals(3_000_000_000L, PipelineRun.Sampler.latencySkipNanos(spec(2.5, 1)));
        assertEquals(1_000_000_000L, PipelineRun.Sampler.latencySkipNanos(spec(0, 1)));
        assertEquals(10_000_000_000L, PipelineRun.Sampler.latencySkipNanos(spec(10, 10)));
        assertEquals(20_000_000L, PipelineRun.Sampler.latencySkipNanos(spec(0.015, 0.001)),
            "samples 10 ms apart at the least");
    }

    private static RunSpec spec(final double skipSeconds, final double sampleSeconds)
    {
        return new RunSpec("paced", 1, "disruptor", "market", true, 1_000, 0, 30, skipSeconds, sampleSeconds, false);
    }

    @Test
    void shouldKeepTheWholeRunsLatencyOfARunTooShortForTheWarmUp() throws InterruptedException
    {
        final SampledPipeline pipeline = new SampledPipeline();
        final PipelineRun.Sampler sampler = run(pipeline, 10, 3);

        assertTimeline(sampler.timeline, 10);
        assertNull(sampler.warm);

        sampler.finish();

        // every interval, and the drain
        assertEquals(sampler.timeline.size() + 1, sampler.dispatchLatency.getTotalCount());
        assertEquals(sampler.timeline.size() + 1, sampler.journalLatency.getTotalCount());
    }

    @Test
    void shouldGiveAMeanOfNothingAsZero()
    {
        final Histogram histogram = new Histogram(PipelineConfig.LATENCY_DIGITS);
        assertEquals(0L, PipelineRun.percentiles(histogram).get("count"));
        assertEquals(0.0, PipelineRun.percentiles(histogram).get("mean"));

        histogram.recordValue(100);
        histogram.recordValue(300);
        assertEquals(200.0, PipelineRun.percentiles(histogram).get("mean"));
        assertEquals(300L, PipelineRun.percentiles(histogram).get("max"));
    }

    /**
     * Sample a run whose publisher lives until the pipeline has been read {@code readings} times.
     */
    private static PipelineRun.Sampler run(final SampledPipeline pipeline, final double skipSeconds, final int readings)
        throws InterruptedException
    {
        final PipelineRun.Sampler sampler = new PipelineRun.Sampler(pipeline,
            new RunSpec("burst", 1, "sampled", "trivial", true, 0, 0, 1, skipSeconds, SAMPLE_SECONDS, false));
        final Thread publisher = new Thread(() ->
        {
            while (pipeline.readings.get() < readings)
            {
                LockSupport.parkNanos(1_000_000);
            }
        });
        sampler.start();
        publisher.start();
        sampler.sampleUntilDone(publisher);
        return sampler;
    }

    private static void assertTimeline(final List<Map<String, Object>> timeline, final double skipSeconds)
    {
        assertTrue(timeline.size() >= 2, timeline.toString());
        double lastT = 0;
        long lastDispatched = 0;
        for (int i = 0; i < timeline.size(); i++)
        {
            final Map<String, Object> point = timeline.get(i);
            final double t = (Double)point.get("t");
            final long dispatched = (Long)point.get("dispatched");
            assertTrue(t >= (i + 1) * SAMPLE_SECONDS, "point " + i + " taken before its time: " + timeline);
            assertEquals(EVENTS_PER_READING * (i + 1), dispatched, "point " + i);
            assertEquals((dispatched - lastDispatched) / (t - lastT), (Double)point.get("eventsPerSecond"),
                1e-6 * (Double)point.get("eventsPerSecond"), "point " + i);
            assertEquals(t >= skipSeconds, point.get("warm"), "point " + i);
            assertEquals(DISPATCH_NANOS, point.get("p99Nanos"));
            assertEquals(DISPATCH_NANOS, point.get("maxNanos"));
            assertEquals(JOURNALED_NANOS, point.get("journaledP99Nanos"));
            assertEquals(JOURNALED_NANOS, point.get("journaledMaxNanos"));
            lastT = t;
            lastDispatched = dispatched;
        }
    }

    /**
     * 1,000 more events dispatched at each reading, and one input timed per interval.
     */
    private static final class SampledPipeline extends CapturingPipeline
    {
        final AtomicInteger readings = new AtomicInteger();

        @Override
        public long liveDispatched()
        {
            return EVENTS_PER_READING * readings.incrementAndGet();
        }

        @Override
        public Histogram takeIntervalLatency(final boolean journaled)
        {
            final Histogram histogram = new Histogram(PipelineConfig.LATENCY_DIGITS);
            histogram.recordValue(journaled ? JOURNALED_NANOS : DISPATCH_NANOS);
            return histogram;
        }
    }
}
