package io.concurrengine.pipeline;

/**
 * A shard's idle strategy ({@link EngineBuilder#idleStrategy}) threw from {@code idle()}: the engine moved to
 * {@link EngineState#FAILED} and takes no more input, but the shard did not fail. Its idle strategy is not called
 * again (it would throw at every turn of the shard's loop); the shard parks when idle instead, drains what its rings
 * accepted when {@link Engine#stop(long)} is called and closes its journal whole. Reported once per shard.
 */
public final class IdleStrategyFailedException extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard whose idle strategy it was.
     * @param cause   what its {@code idle()} threw.
     */
    public IdleStrategyFailedException(final int shardId, final Throwable cause)
    {
        super("shard=" + shardId + ": its idle strategy's idle() threw " + HandlerFailedException.describe(cause) +
            "; the engine takes no more input, and the shard, parking when idle from now on, drains what it accepted",
            cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose idle strategy threw.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }
}
