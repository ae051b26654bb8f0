package io.concurrengine.pipeline;

import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PartitionerTest
{
    /**
     * The routing every earlier version used: a key reaches the same shard as before whatever the shard count, so a
     * journal's shards and a user's expectations of which shard holds a key do not change.
     */
    private static int reference(final long key, final int shardCount)
    {
        long z = key + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (int)Long.remainderUnsigned(z, shardCount);
    }

    @Test
    void shouldRouteEveryKeyAsTheUnsignedRemainderOfItsMixForAnyShardCount()
    {
        final Partitioner hash = Partitioner.hash();
        final SplittableRandom random = new SplittableRandom(7);
        for (int shardCount = 1; shardCount <= 67; shardCount++)
        {
            for (int i = 0; i < 20_000; i++)
            {
                final long key = (i & 1) == 0 ? random.nextLong() : i / 2 - 5_000; // random and small sequential keys
                final int shard = hash.shardFor(key, shardCount);
                assertEquals(reference(key, shardCount), shard, "key=" + key + " shardCount=" + shardCount);
                assertTrue(shard >= 0 && shard < shardCount);
            }
        }
        assertEquals(reference(Long.MIN_VALUE, 1 << 30), hash.shardFor(Long.MIN_VALUE, 1 << 30));
        assertEquals(reference(-1, 3), hash.shardFor(-1, 3));
    }
}
