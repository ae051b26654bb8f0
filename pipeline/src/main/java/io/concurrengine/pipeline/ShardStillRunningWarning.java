package io.concurrengine.pipeline;

/**
 * Reported to the engine's error handler while {@link Engine#stop(long)} waits for a shard thread that has not ended
 * {@value Engine#CLOSE_REPORT_INTERVAL_MS} ms after it was told to stop, once every
 * {@value Engine#CLOSE_REPORT_INTERVAL_MS} ms until it ends; the thread is interrupted each time (if its interrupt flag
 * is clear). A handler cannot be preempted: the thread is inside one that has not returned (a wall-clock timer that
 * fired after the shard drained, say), closing its journal (a slow fsync), or still building its core when a start
 * is given up; the message says which. A thread that is running rather than waiting may instead be dispatching event
 * after event that its handlers keep scheduling due at once, which never ends (see {@link Engine}): the message then
 * says it "is dispatching", naming both.
 * <p>
 * A warning: it neither fails the engine nor the shard, and it is counted in the shard's {@code errors}. Being late
 * loses nothing: the thread closes the shard's journal as it ends, after the handler returns, and a failure there is
 * reported as an error of its own. Whether the shard drained is what {@link Engine#stop(long)} returns.
 */
public final class ShardStillRunningWarning extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard whose thread has not ended.
     * @param message what it is doing, and what stopping does next.
     */
    public ShardStillRunningWarning(final int shardId, final String message)
    {
        super(message);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose thread has not ended.
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
