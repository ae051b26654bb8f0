package io.concurrengine.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineDeterminismTest
{
    @Test
    void shouldDispatchTheSameStreamWhateverTheBatchingRingSizeAndPublishers()
    {
        final Run reference = run(1, 1 << 12, Publishers.MULTI, 1);
        // batch limit, ring size, publishers (ordinal), minimum batch
        for (final int[] shape : new int[][]{ { 256, 1 << 12, 0, 1 }, { 7, 8, 0, 1 }, { 1024, 1 << 16, 0, 1 },
            { 256, 1 << 12, 1, 1 }, { 7, 8, 1, 1 }, { 256, 1 << 12, 0, 256 }, { 256, 1 << 12, 1, 100 },
            { 7, 8, 1, 5 } })
        {
            final Run other = run(shape[0], shape[1], Publishers.values()[shape[2]], shape[3]);
            assertEquals(reference.streams.size(), other.streams.size());
            for (int shard = 0; shard < reference.streams.size(); shard++)
            {
                final List<long[]> expected = reference.streams.get(shard);
                final List<long[]> actual = other.streams.get(shard);
                assertEquals(expected.size(), actual.size(), "events of shard " + shard);
                for (int i = 0; i < expected.size(); i++)
                {
                    assertArrayEquals(expected.get(i), actual.get(i), "shard " + shard + " event " + i);
                }
            }
            assertEquals(reference.stateHash, other.stateHash);
        }
    }

    private record Run(List<List<long[]>> streams, long stateHash)
    {
    }

    private static Run run(final int batchLimit, final int ringSize, final Publishers publishers, final int minBatch)
    {
        final List<RecordingModel> models = new ArrayList<>();
        final Engine engine = Engine.builder()
            .shards(2)
            .batchLimit(batchLimit)
            .ringSize(ringSize)
            .publishers(publishers)
            .minBatch(minBatch)
            .model((shardId, shardCount) ->
            {
                final RecordingModel model = new RecordingModel();
                synchronized (models)
                {
                    models.add(model);
                }
                return model;
            })
            .build()
            .start();
        final SplittableRandom random = new SplittableRandom(42);
        long feedTime = 0;
        for (int i = 0; i < 50_000; i++)
        {
            feedTime += random.nextInt(3) == 0 ? 0 : random.nextInt(50);
            final long jitter = random.nextInt(10) == 0 ? -random.nextInt(100) : 0;
            final long followUpDelay = random.nextInt(4) == 0 ? random.nextInt(200) : 0;
            assertTrue(engine.publish(random.nextInt(64), RecordingModel.INPUT, feedTime + jitter, i,
                followUpDelay, 0, 0) >= 0);
        }
        assertTrue(engine.stop(TimeUnit.SECONDS.toNanos(20)));
        final List<List<long[]>> streams = new ArrayList<>();
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            streams.add(((RecordingModel)engine.shard(shard).model()).dispatched);
        }
        return new Run(streams, engine.stateHash());
    }
}
