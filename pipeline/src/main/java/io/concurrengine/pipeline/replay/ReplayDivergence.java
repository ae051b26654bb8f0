package io.concurrengine.pipeline.replay;

/**
 * The first place where a re-executed shard did not do what its journal says it did.
 *
 * @param shardId  the shard.
 * @param index    index of the dispatch in the shard's dispatch stream, from 0.
 * @param expected the journaled dispatch, or "none" if the replay dispatched one more event than the journal holds.
 * @param actual   the re-executed dispatch, or "none" if the replay dispatched fewer events.
 */
public record ReplayDivergence(int shardId, long index, String expected, String actual)
{
    @Override
    public String toString()
    {
        return "divergence: shard=" + shardId + " index=" + index + " expected=" + expected + " actual=" + actual;
    }
}
