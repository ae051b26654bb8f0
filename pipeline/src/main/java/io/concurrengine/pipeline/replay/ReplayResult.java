package io.concurrengine.pipeline.replay;

import io.concurrengine.journal.JournalCorruptException;

/**
 * What replaying one shard's journal found.
 *
 * @param shardId     the shard.
 * @param inputs      inputs re-executed.
 * @param advances    clock advances re-executed.
 * @param dispatched  with verify, the re-dispatched events found equal to the journaled ones, up to the first
 *                    divergence; without, every event the replay dispatched.
 * @param stateHash   the model's state hash after the replay.
 * @param elapsedNanos wall time of the replay.
 * @param divergence  the first divergence, or null if every dispatch matched.
 * @param damage      where the journal was found damaged (the replay covers the intact prefix), or null.
 * @param damageAfterEnd true if the damage lies after the END block of a closed journal: every input was replayed.
 * @param live        true if the journal was still being written when it was read ({@link ShardReplayer#live}): the
 *                    replay covers its complete blocks, up to {@code lastBlock}, but for its last input, whose
 *                    dispatches may go on in a block not written yet; false for a closed journal (also one its
 *                    writer closed while it was read) and for one read past {@link ShardReplayer#until(long)}.
 * @param lastBlock   with {@code live}, the index of the last complete block read (inspect's {@code block=}), -1 if
 *                    none was complete yet; -1 otherwise.
 * @param time        the shard's clock after the replay, the time its state hash is at: {@link ShardReplayer#until}'s
 *                    time for a shard read past it, else the time of its journal's last input or advance (its start
 *                    time if it holds none, earlier than a {@code until} past the journal's end); -1 if no header was
 *                    read.
 */
public record ReplayResult(
    int shardId,
    long inputs,
    long advances,
    long dispatched,
    long stateHash,
    long elapsedNanos,
    ReplayDivergence divergence,
    JournalCorruptException damage,
    boolean damageAfterEnd,
    boolean live,
    long lastBlock,
    long time)
{
    /**
     * @return true if the whole journal was read and every dispatch matched, or with {@link #live()}, every complete
     * block of it. A replayer built with {@code verify = false} compares nothing, so this then only says the journal
     * was read whole (or up to its last complete block).
     */
    public boolean verified()
    {
        return null == divergence && null == damage;
    }

    /**
     * @return dispatches re-executed per second of wall time.
     */
    public double eventsPerSecond()
    {
        return elapsedNanos == 0 ? 0 : dispatched * 1e9 / elapsedNanos;
    }
}
