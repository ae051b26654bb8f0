package io.concurrengine.bench.pipeline;

import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.pipeline.Engine;
import org.junit.jupiter.api.Test;

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
            final DisruptorPipeline pipeline = TestPipelines.disruptor();
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
    void shouldPublishEachInputOnItsOwnToAPipelineOtherThanTheEnginesWhateverTheBatchSize()
    {
        final CapturingPipeline pipeline = new CapturingPipeline();
        final RecordedFeed feed = new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 128, 0, 16);

        feed.run();

        assertEquals(128, feed.published());
        assertEquals(128, pipeline.feedTimes.size());
    }

    @Test
    void shouldCountRefusedInputsAmongThosePublishedBetweenItsStartAndEnd()
    {
        final CapturingPipeline pipeline = new CapturingPipeline()
        {
            @Override
            public long publish(
                final long target, final int type, final long feedTime, final long a0, final long a1, final long a2,
                final long a3, final long intendedNanos)
            {
                final long result = super.publish(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
                return result % 2 == 1 ? Engine.BACK_PRESSURED : result;
            }
        };
        final RecordedFeed feed = new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 100, 0, 1);
        final long before = System.nanoTime();

        feed.run();

        final long after = System.nanoTime();
        assertEquals(100, feed.published());
        assertEquals(50, feed.refused());
        assertTrue(before - feed.startNanos() <= 0 && feed.startNanos() - feed.endNanos() <= 0
            && feed.endNanos() - after <= 0, before + " " + feed.startNanos() + " " + feed.endNanos() + " " + after);
    }

    @Test
    void shouldPublishUntilItsDurationHasPassed()
    {
        final long durationNanos = TimeUnit.MILLISECONDS.toNanos(20);
        final long[] published = new long[1];
        final CapturingPipeline pipeline = new CapturingPipeline()
        {
            @Override
            public long publish(
                final long target, final int type, final long feedTime, final long a0, final long a1, final long a2,
                final long a3, final long intendedNanos)
            {
                return published[0]++;
            }
        };
        final RecordedFeed feed = new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 0, durationNanos, 1);

        feed.run();

        assertEquals(published[0], feed.published());
        assertEquals(0, feed.published() % RecordedFeed.CLOCK_STRIDE, "it stops between strides");
        assertTrue(feed.endNanos() - feed.startNanos() >= durationNanos, "it stopped before its duration");
    }

    @Test
    void shouldStopPublishingBatchesToAClosedEngineWithoutCountingThemPublishedOrRefused()
    {
        final DisruptorPipeline pipeline = TestPipelines.disruptor();
        assertTrue(pipeline.stop(TimeUnit.SECONDS.toNanos(30)));
        final RecordedFeed feed = new RecordedFeed(pipeline, RecordedFeed.Recording.of(FLOW, 128), 256, 0, 16);

        feed.run();

        assertEquals(0, feed.published());
        assertEquals(0, feed.refused());
    }

    @Test
    void shouldRefuseARecordingThatIsNotAWholeNumberOfStrides()
    {
        assertThrows(IllegalArgumentException.class, () -> RecordedFeed.Recording.of(FLOW, 100));
        assertThrows(IllegalArgumentException.class, () -> RecordedFeed.Recording.of(FLOW, 0));
        assertEquals(RecordedFeed.CLOCK_STRIDE, RecordedFeed.Recording.of(FLOW, RecordedFeed.CLOCK_STRIDE).size());
    }

    @Test
    void shouldRefuseARecordingLargerThanAnArrayHoldsNamingTheLargest()
    {
        // the first multiple of 64 whose 7 longs an input do not fit in one array: refused before anything is made
        final int stride = RecordedFeed.CLOCK_STRIDE;
        final int size = (Integer.MAX_VALUE - 8) / RecordedFeed.WORDS / stride * stride + stride;

        final IllegalArgumentException ex =
            assertThrows(IllegalArgumentException.class, () -> RecordedFeed.Recording.of(FLOW, size));

        assertEquals("recorded inputs=" + size + " must be a positive multiple of 64 below 306783378", ex.getMessage());
    }
}
