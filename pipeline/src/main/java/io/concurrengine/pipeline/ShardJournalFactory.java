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
     * @return the shard's journal, not null ({@link ShardJournal#NONE} records nothing): a null fails the engine's
     * start, naming the shard.
     */
    ShardJournal open(int shardId, int shardCount, ShardModel model);

    /**
     * Check the engine's clock against what this factory writes in each journal header, before any journal opens.
     * Replay starts a shard's clock at its header's start time, so a journal headed with another one would not
     * replay to the same state. The default checks nothing (a factory that writes no header).
     *
     * @param startTime     the engine's start time, in its time unit.
     * @param timeUnitNanos nanoseconds per engine time unit.
     * @throws IllegalArgumentException if the headers would say otherwise.
     */
    default void checkClock(final long startTime, final long timeUnitNanos)
    {
    }
}
