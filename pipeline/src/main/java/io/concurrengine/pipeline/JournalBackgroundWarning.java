package io.concurrengine.pipeline;

/**
 * Reported to the engine's error handler when a shard closes: a problem its journal's background thread met during
 * the run and worked around (a pre-fault, write-back, page-cache drop or retention delete that failed). It lost no
 * journaled data, so it neither fails the engine nor the shard; it says where the journal's background work fell
 * back to a slower or less tidy path. (A write-back that fails to reach the device does lose data: the journal
 * writer fails with it instead, and so does the shard.)
 */
public final class JournalBackgroundWarning extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard whose journal it was.
     * @param cause   the last problem the background thread recorded.
     */
    public JournalBackgroundWarning(final int shardId, final Throwable cause)
    {
        super("shard=" + shardId +
            " journal background thread, last problem (worked around, not a loss of journaled data): " +
            HandlerFailedException.messageOf(cause), cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose journal it was.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }

    /**
     * @return true: a warning.
     */
    @Override
    public boolean warning()
    {
        return true;
    }
}
