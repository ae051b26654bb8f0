package io.concurrengine.pipeline;

/**
 * Creates the model of each shard, in {@link Engine#start()} on the thread that calls it.
 */
@FunctionalInterface
public interface ShardModelFactory
{
    /**
     * @param shardId    the shard, in {@code [0, shardCount)}.
     * @param shardCount number of shards.
     * @return a new model for that shard, not one returned for another shard ({@link Engine#start()} refuses that).
     */
    ShardModel create(int shardId, int shardCount);
}
