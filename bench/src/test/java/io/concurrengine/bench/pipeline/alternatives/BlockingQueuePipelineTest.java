package io.concurrengine.bench.pipeline.alternatives;

import io.concurrengine.bench.pipeline.PipelineConfig;
import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.ShardModel;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The blocking-queue baseline builds its shards as the engine does, so that the two pipelines differ only in their
 * queues.
 */
class BlockingQueuePipelineTest
{
    private static final int EXPECTED_TIMERS = 1 << 18;

    @Test
    void shouldAllocateEachShardsWheelForTheTimersItsModelExpectsAsTheEngineDoes()
    {
        // the engine's shard allocates its wheel for ShardModel.wheelCapacity (the market model's expected timers,
        // 180,874 and 248,069 on the default two shards) before the run, so that it does not grow while measured
        final PipelineConfig config = new PipelineConfig(2, 1024, Publishers.SINGLE, 16, 1, 0, 0,
            EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, (shardId, shardCount) -> new TimersModel(),
            ShardJournalFactory.NONE, BusySpinIdleStrategy::new, Throwable::printStackTrace);
        final BlockingQueuePipeline pipeline = new BlockingQueuePipeline(config);
        try
        {
            for (int shard = 0; shard < 2; shard++)
            {
                final int expected =
                    ShardModel.wheelCapacity(PipelineConfig.INITIAL_WHEEL_CAPACITY, new TimersModel(), shard);
                assertEquals(EXPECTED_TIMERS, expected);
                assertTrue(pipeline.core(shard).wheel().capacity() >= expected,
                    "shard " + shard + " wheel capacity " + pipeline.core(shard).wheel().capacity());
            }
        }
        finally
        {
            assertTrue(pipeline.stop(TimeUnit.SECONDS.toNanos(30)));
        }
    }

    private static final class TimersModel implements ShardModel
    {
        @Override
        public void onEvent(final Event event, final EventContext context)
        {
        }

        @Override
        public long stateHash()
        {
            return 0;
        }

        @Override
        public String identity()
        {
            return "timers";
        }

        @Override
        public int expectedTimers()
        {
            return EXPECTED_TIMERS;
        }
    }
}
