package io.concurrengine.bench.pipeline;

import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardJournalFactory;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RecordedFeedTest
{
    private static final OrderFlowConfig FLOW = new OrderFlowConfig().seed(7).instrumentCount(64);

    @Test
    void shouldReplayTheRecordingInLapsWithFeedTimeAdvancedBySpan()
    {
        final CapturingPipeline pipeline = new CapturingPipeline();
        final RecordedFeed.Recording recording = RecordedFeed.Recording.of(FLOW, 128);
        final RecordedFeed feed = new RecordedFeed(pipeline, recording, 3 * 128 + 5, 0, 1);

        feed.run();

        assertEquals(3 * 128 + 5, feed.published());
        assertEquals(3 * 128 + 5, pipeline.feedTimes.size());
        final long span = pipeline.feedTimes.get(127) - pipeline.feedTimes.get(0) + 1;
        for (int i = 0; i < pipeline.feedTimes.size(); i++)
        {
            final int lap = i / 128;
            assertEquals(pipeline.feedTimes.get(i % 128) + lap * span, (long)pipeline.feedTimes.get(i), "input " + i);
            assertEquals(pipeline.targets.get(i % 128), pipeline.targets.get(i), "input " + i);
            if (i > 0)
            {
                assertTrue(pipeline.feedTimes.get(i) >= pipeline.feedTimes.get(i - 1), "feed time never goes back");
            }
        }
        assertTrue(feed.cpuNanos() >= 0);
    }

    @Test
    void shouldStampOneIntendedTimePerStrideOfInputs()
    {
        final CapturingPipeline pipeline = new CapturingPipeline();
        new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 2 * RecordedFeed.CLOCK_STRIDE, 0, 1).run();

        final List<Long> intended = pipeline.intended;
        for (int i = 0; i < intended.size(); i++)
        {
            final int strideStart = i / RecordedFeed.CLOCK_STRIDE * RecordedFeed.CLOCK_STRIDE;
            assertEquals(intended.get(strideStart), intended.get(i), "input " + i);
        }
        assertTrue(intended.get(RecordedFeed.CLOCK_STRIDE) >= intended.get(0));
    }

    @Test
    void shouldStopAtAClosedPipelineWithoutCountingTheRefusedInput()
    {
        final CapturingPipeline pipeline = new CapturingPipeline();
        pipeline.closeAfter = 10;
        final RecordedFeed feed = new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 0, 0, 1);

        feed.run();

        assertEquals(10, feed.published());
    }

    /**
     * Published in batches to the engine, the recording reaches the shards as it does input by input: the same inputs
     * in the same order per shard, so the same state hash; the strides short of a whole one go input by input.
     */
    @Test
    void shouldPublishTheSameInputsInBatchesAsOneByOne()
    {
        final RecordedFeed.Recording recording = RecordedFeed.Recording.of(FLOW, 256);
        final long inputs = 5 * 256 + 37;
        final long[] hashes = new long[2];
        final int[] batchSizes = {1, 16};
        for (int run = 0; run < 2; run++)
        {
            final DisruptorPipeline pipeline = new DisruptorPipeline(new PipelineConfig(2, 64, Publishers.SINGLE, 16,
                1, 0, 0, EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, TrivialModel.factory(),
                ShardJournalFactory.NONE, BackoffIdleStrategy::new, Throwable::printStackTrace));
            final RecordedFeed feed = new RecordedFeed(pipeline, recording, inputs, 0, batchSizes[run]);
            feed.run();
            assertTrue(pipeline.stop(TimeUnit.SECONDS.toNanos(30)));

            assertEquals(inputs, feed.published(), "batch size " + batchSizes[run]);
            assertEquals(0, feed.refused());
            assertEquals(inputs, pipeline.inputs());
            hashes[run] = pipeline.engine().stateHash();
        }
        assertEquals(hashes[0], hashes[1]);
    }

    @Test
    void shouldRefuseARecordingThatIsNotAWholeNumberOfStrides()
    {
        assertThrows(IllegalArgumentException.class, () -> RecordedFeed.Recording.of(FLOW, 100));
        assertThrows(IllegalArgumentException.class, () -> RecordedFeed.Recording.of(FLOW, 0));
    }

    private static final class CapturingPipeline implements Pipeline
    {
        private final List<Long> feedTimes = new ArrayList<>();
        private final List<Long> targets = new ArrayList<>();
        private final List<Long> intended = new ArrayList<>();
        private int closeAfter = Integer.MAX_VALUE;

        @Override
        public String name()
        {
            return "capturing";
        }

        @Override
        public long publish(
            final long target, final int type, final long feedTime, final long a0, final long a1, final long a2,
            final long a3, final long intendedNanos)
        {
            if (feedTimes.size() == closeAfter)
            {
                return CLOSED;
            }
            feedTimes.add(feedTime);
            targets.add(target);
            intended.add(intendedNanos);
            return feedTimes.size() - 1;
        }

        @Override
        public Histogram takeIntervalLatency(final boolean journaled)
        {
            return new Histogram(3);
        }

        @Override
        public long liveInputs()
        {
            return feedTimes.size();
        }

        @Override
        public long liveDispatched()
        {
            return feedTimes.size();
        }

        @Override
        public long liveJournalBytes()
        {
            return 0;
        }

        @Override
        public boolean stop(final long timeoutNanos)
        {
            return true;
        }

        @Override
        public long inputs()
        {
            return feedTimes.size();
        }

        @Override
        public long dispatched()
        {
            return feedTimes.size();
        }

        @Override
        public long journalBytes()
        {
            return 0;
        }

        @Override
        public long stateHash()
        {
            return 0;
        }

        @Override
        public List<Thread> shardThreads()
        {
            return List.of();
        }
    }
}
