package io.concurrengine.pipeline;

/**
 * Routes an input to a shard by its key. Must be a pure function of its arguments: the same key always reaches the
 * same shard, which is what keeps per-key order.
 */
@FunctionalInterface
public interface Partitioner
{
    /**
     * @param key        the input's target key.
     * @param shardCount number of shards.
     * @return shard index in {@code [0, shardCount)}.
     */
    int shardFor(long key, int shardCount);

    /**
     * The default: a 64-bit mix of the key (the SplitMix64 finaliser) reduced to the shard count (unsigned
     * remainder), so that sequential keys spread evenly.
     * <p>
     * For a power-of-two shard count the remainder is taken with a mask, the same value without the 64-bit division:
     * a publisher's every step depends on the shard, and the division's latency was a tenth of its time.
     *
     * @return the hash partitioner.
     */
    static Partitioner hash()
    {
        return (key, shardCount) ->
        {
            long z = key + 0x9E3779B97F4A7C15L;
            z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
            z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
            z = z ^ (z >>> 31);
            final int mask = shardCount - 1;
            return (shardCount & mask) == 0 ? (int)(z & mask) : (int)Long.remainderUnsigned(z, shardCount);
        };
    }
}
