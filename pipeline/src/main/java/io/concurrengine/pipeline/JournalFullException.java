package io.concurrengine.pipeline;

/**
 * A shard's journal ran out of room ({@link ShardJournal#outOfSpace()}): the engine moved to FAILED and takes no more
 * input, but no shard failed. Each shard goes on journaling what its rings had accepted, into the room the journal
 * keeps in reserve, drains when {@link Engine#stop(long)} is called and closes its journal whole: a replay verifies it
 * and reaches the state the engine ended in. Reported to the error handler by each shard that finds it, once; the
 * first is the engine's {@link Engine#failure()}.
 */
public final class JournalFullException extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard whose journal found it.
     * @param cause   what the journal said.
     */
    public JournalFullException(final int shardId, final Throwable cause)
    {
        super("shard=" + shardId + ": its journal ran out of space, so the engine takes no more input; every shard " +
            "journals what it had accepted and closes its journal: " + HandlerFailedException.messageOf(cause), cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose journal ran out of space.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }
}
