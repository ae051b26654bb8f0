package io.concurrengine.pipeline;

/**
 * Opens the journal of each shard when the engine starts.
 */
@FunctionalInterface
public interface ShardJournalFactory
{
    /** No journaling. */
    ShardJournalFactory NONE = (shardId, shardCount, model) -> ShardJournal.NONE;

    /**
     * @param shardId    the shard.
     * @param shardCount number of shards.
     * @param model      the shard's model, whose identity goes in the journal header.
     * @return the shard's journal.
     */
    ShardJournal open(int shardId, int shardCount, ShardModel model);
}
