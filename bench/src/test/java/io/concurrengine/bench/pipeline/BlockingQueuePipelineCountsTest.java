package io.concurrengine.bench.pipeline;

import io.concurrengine.bench.pipeline.alternatives.BlockingQueuePipeline;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.pipeline.ShardJournal;
import io.concurrengine.pipeline.ShardJournalFactory;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the harness reads of the blocking-queue pipeline: the state it reaches against the engine's on the same inputs,
 * its live counts, its interval latencies kept apart, its threads and how it stops.
 */
class BlockingQueuePipelineCountsTest
{
    private static final int INPUTS = 1_000;
    private static final long BYTES_PER_INPUT = 40;
    private static final RecordedFeed.Recording RECORDING =
        RecordedFeed.Recording.of(new OrderFlowConfig().seed(11).instrumentCount(64), 1024);

    @Test
    void shouldReachTheEnginesStateWithLiveCountsAndEachLatencyApart() throws InterruptedException
    {
        final DisruptorPipeline engine = TestPipelines.disruptor();
        new RecordedFeed(engine, RECORDING, INPUTS, 0, 1).run();
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(30)));
        // a group commit interval of an hour: nothing is flushed before the stop
        final BlockingQueuePipeline abq = new BlockingQueuePipeline(
            TestPipelines.config(countingJournals(), TimeUnit.HOURS.toNanos(1), Throwable::printStackTrace));
        assertEquals("abq", abq.name());
        assertEquals(2, abq.shardThreads().size());

        new RecordedFeed(abq, RECORDING, INPUTS, 0, 1).run();
        awaitLiveInputs(abq);
        final long journaled = abq.takeIntervalLatency(true).getTotalCount();
        final long dispatched = abq.takeIntervalLatency(false).getTotalCount();
        final boolean stopped = abq.stop(TimeUnit.SECONDS.toNanos(30));

        assertTrue(stopped);
        assertEquals(0, journaled, "no input journaled yet");
        assertEquals(INPUTS, dispatched);
        assertEquals(INPUTS, abq.takeIntervalLatency(true).getTotalCount(), "journaled by the stop's flush");
        assertEquals(0, abq.takeIntervalLatency(false).getTotalCount(), "taken already");
        assertEquals(engine.stateHash(), abq.stateHash());
        assertEquals(engine.dispatched(), abq.dispatched());
        assertEquals(INPUTS, abq.liveInputs());
        assertEquals(abq.dispatched(), abq.liveDispatched());
        assertEquals(INPUTS * BYTES_PER_INPUT, abq.journalBytes());
        assertEquals(abq.journalBytes(), abq.liveJournalBytes());
        assertEquals(List.of(), abq.shardThreads(), "the shard threads ended");
        assertEquals(Pipeline.CLOSED, abq.publish(1, 0, 0, 0, 0, 0, 0, 0), "closed");
    }

    @Test
    void shouldAnswerAnInterruptedPublishClosedAndKeepTheInterrupt()
    {
        final BlockingQueuePipeline abq =
            new BlockingQueuePipeline(TestPipelines.config(ShardJournalFactory.NONE, 0, Throwable::printStackTrace));
        try
        {
            Thread.currentThread().interrupt();
            assertEquals(Pipeline.CLOSED, abq.publish(1, 0, 0, 0, 0, 0, 0, 0));
            assertTrue(Thread.interrupted());
        }
        finally
        {
            assertTrue(abq.stop(TimeUnit.SECONDS.toNanos(30)));
        }
    }

    @Test
    void shouldNotCallAStopCleanWhenAShardFailed()
    {
        final List<Throwable> errors = new CopyOnWriteArrayList<>();
        final ShardJournalFactory failing = (shardId, shardCount, model) -> new ShardJournal.Discarding()
        {
            @Override
            public void flush()
            {
                throw new IllegalStateException("disk gone");
            }
        };
        final BlockingQueuePipeline abq = new BlockingQueuePipeline(TestPipelines.config(failing, 0, errors::add));

        assertFalse(abq.stop(TimeUnit.SECONDS.toNanos(30)));
        assertEquals(2, errors.size(), errors.toString());
    }

    /**
     * Journals that write nothing but count {@link #BYTES_PER_INPUT} bytes for each input.
     */
    private static ShardJournalFactory countingJournals()
    {
        return (shardId, shardCount, model) -> new ShardJournal.Discarding()
        {
            private long bytes;

            @Override
            public void input(
                final long time, final int type, final long target, final long a0, final long a1, final long a2,
                final long a3)
            {
                bytes += BYTES_PER_INPUT;
            }

            @Override
            public long bytesWritten()
            {
                return bytes;
            }
        };
    }

    private static void awaitLiveInputs(final Pipeline pipeline) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (pipeline.liveInputs() < INPUTS && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
        assertEquals(INPUTS, pipeline.liveInputs());
    }
}
