package io.concurrengine.bench.pipeline;

import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardJournalFactory;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;

/**
 * Small pipelines of the trivial model for tests: two shards, queues of 64 inputs, drains of up to 16.
 */
final class TestPipelines
{
    private TestPipelines()
    {
    }

    /**
     * @param journals           the shards' journals.
     * @param flushIntervalNanos the journal's group commit interval, 0 to flush after every drain.
     * @param errors             told of errors on the shard threads.
     * @return the configuration.
     */
    static PipelineConfig config(
        final ShardJournalFactory journals, final long flushIntervalNanos, final ErrorHandler errors)
    {
        return new PipelineConfig(2, 64, Publishers.SINGLE, 16, 1, 0, flushIntervalNanos,
            EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, TrivialModel.factory(), journals,
            BackoffIdleStrategy::new, errors);
    }

    /**
     * @return the engine's pipeline, without journals, started.
     */
    static DisruptorPipeline disruptor()
    {
        return new DisruptorPipeline(config(ShardJournalFactory.NONE, 0, Throwable::printStackTrace));
    }
}
