package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * A run's figures from fixed counts and clock readings: each rate is its count over the time it was counted in, each
 * figure per event or input its total over theirs, and none divides by zero.
 */
class PipelineRunCountsTest
{
    private static final long START = 10_000;

    @Test
    void shouldDivideEachCountByTheTimeAndTheEventsItWasCountedIn()
    {
        final FixedPipeline pipeline = new FixedPipeline(1_000, 1_500, 30_000, 40);
        final FixedFeed feed = new FixedFeed(1_010, 10, START + 1_000, START + 1_000 + 500_000_000L);
        feed.run();
        final PipelineRun.Sampler sampler = sampler(pipeline);
        // the warm sample a quarter of a second in, the end one second after it
        sampler.warm = sample(START + 250_000_000L, 4_000);
        sampler.end = sample(START + 1_250_000_000L, 9_000);
        sampler.warmDispatched = 300;
        sampler.endDispatched = 1_300;
        sampler.warmInputs = 200;
        sampler.endInputs = 900;
        final Map<String, Object> result = new LinkedHashMap<>();

        PipelineRun.counts(result, pipeline, feed, sampler, 2_000_000_000L, Path.of("journal-root"));

        assertEquals(1_010L, result.get("published"));
        assertEquals(10L, result.get("refused"));
        assertEquals(1_000L, result.get("accepted"));
        assertEquals(1_000L, result.get("inputs"));
        assertEquals(1_500L, result.get("dispatched"));
        assertEquals(2.0, result.get("elapsedSeconds"));
        assertEquals(0.5, result.get("publishSeconds"));
        assertEquals(500.0, result.get("inputsPerSecond"));
        assertEquals(750.0, result.get("eventsPerSecond"));
        assertEquals(2_020.0, result.get("achievedPublishRate"));
        assertEquals(700.0, result.get("steadyInputsPerSecond"));
        assertEquals(1_000.0, result.get("steadyEventsPerSecond"));
        assertEquals(5.0, result.get("shardAllocatedBytesPerEvent"));
        assertEquals(5_000L, result.get("shardAllocatedBytesAfterWarmup"));
        assertEquals(0.25, result.get("warmupExcludedSeconds"));
        assertEquals(30_000L, result.get("journalBytes"));
        assertEquals(20.0, result.get("journalBytesPerEvent"));
        assertEquals(30.0, result.get("journalBytesPerInput"));
        assertEquals("journal-root", result.get("journalDirectory"));
        assertEquals("0000000000000abc", result.get("stateHash"));
        assertEquals(25.0, result.get("inputsPerBatch"));
        assertEquals((double)feed.allocatedBytes() / 1_010, result.get("publisherAllocatedBytesPerInput"));
    }

    @Test
    void shouldGiveNoSteadyFiguresWithoutAWarmSampleAndNoFigureOverNoEventsInputsOrBatches()
    {
        final FixedPipeline pipeline = new FixedPipeline(0, 0, 0, 0);
        final FixedFeed feed = new FixedFeed(0, 0, START, START);
        feed.run();
        final PipelineRun.Sampler sampler = sampler(pipeline);
        sampler.end = sample(START + 1_000, 0);
        final Map<String, Object> result = new LinkedHashMap<>();

        PipelineRun.counts(result, pipeline, feed, sampler, 1_000_000_000L, null);

        assertEquals(0.0, result.get("achievedPublishRate"));
        assertEquals(0.0, result.get("journalBytesPerEvent"));
        assertEquals(0.0, result.get("journalBytesPerInput"));
        assertEquals(0.0, result.get("warmupExcludedSeconds"));
        assertEquals((double)feed.allocatedBytes(), result.get("publisherAllocatedBytesPerInput"));
        assertNull(result.get("journalDirectory"));
        for (final String steady : List.of("steadyInputsPerSecond", "steadyEventsPerSecond",
            "shardAllocatedBytesPerEvent", "shardAllocatedBytesAfterWarmup", "inputsPerBatch"))
        {
            assertFalse(result.containsKey(steady), steady);
        }
    }

    private static PipelineRun.Sampler sampler(final Pipeline pipeline)
    {
        final PipelineRun.Sampler sampler =
            new PipelineRun.Sampler(pipeline, new RunSpec("burst", 1, "fixed", "trivial", true, 0, 0, 1, 0, 1, false));
        sampler.startNanos = START;
        return sampler;
    }

    private static ThreadProbe.Sample sample(final long nanoTime, final long shardAllocated)
    {
        return new ThreadProbe.Sample(nanoTime, 0, shardAllocated, 0, 0, -1, -1, -1, 0, 0);
    }

    /**
     * A stopped pipeline's final counts.
     */
    private static final class FixedPipeline extends CapturingPipeline
    {
        private final long inputs;
        private final long dispatched;
        private final long journalBytes;
        private final long batches;

        FixedPipeline(final long inputs, final long dispatched, final long journalBytes, final long batches)
        {
            this.inputs = inputs;
            this.dispatched = dispatched;
            this.journalBytes = journalBytes;
            this.batches = batches;
        }

        @Override
        public long inputs()
        {
            return inputs;
        }

        @Override
        public long dispatched()
        {
            return dispatched;
        }

        @Override
        public long journalBytes()
        {
            return journalBytes;
        }

        @Override
        public long batches()
        {
            return batches;
        }

        @Override
        public long stateHash()
        {
            return 0xabc;
        }
    }

    /**
     * A finished feed's counts and clock readings; {@link #run()} publishes nothing but reads the thread's CPU time
     * and allocation.
     */
    private static final class FixedFeed extends BenchFeed
    {
        private final long published;
        private final long refused;
        private final long startNanos;
        private final long endNanos;

        FixedFeed(final long published, final long refused, final long startNanos, final long endNanos)
        {
            this.published = published;
            this.refused = refused;
            this.startNanos = startNanos;
            this.endNanos = endNanos;
        }

        @Override
        void publish()
        {
        }

        @Override
        void requestStop()
        {
        }

        @Override
        long published()
        {
            return published;
        }

        @Override
        long refused()
        {
            return refused;
        }

        @Override
        long startNanos()
        {
            return startNanos;
        }

        @Override
        long endNanos()
        {
            return endNanos;
        }
    }
}
