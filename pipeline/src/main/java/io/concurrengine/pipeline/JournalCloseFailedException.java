package io.concurrengine.pipeline;

/**
 * A shard's journal failed as the shard closed it at the end of its thread: its {@link ShardJournal#close()} threw
 * (a journal that cannot write its last block: its directory deleted during the run, say), or its
 * {@link ShardJournal#backgroundError()} did. The engine ends FAILED ({@link Engine#stop(long)} returns false); what
 * the journal had written before is as the journal left it. The cause is what the journal threw.
 */
public final class JournalCloseFailedException extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard whose journal it was.
     * @param cause   what closing it threw.
     */
    public JournalCloseFailedException(final int shardId, final Throwable cause)
    {
        super("shard=" + shardId + ": its journal failed as the shard closed it: " +
            HandlerFailedException.describe(cause), cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose journal failed to close.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }
}
