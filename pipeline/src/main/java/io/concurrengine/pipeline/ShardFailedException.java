package io.concurrengine.pipeline;

import org.agrona.concurrent.AgentTerminationException;

/**
 * A shard stopped for good: something escaped its core mid-batch (the journal could not write, a handler threw an
 * {@link Error}), so it takes no more input. Taking the batch again would hand the inputs before the failure to the
 * model a second time. The engine moves to {@link EngineState#FAILED}; the shard's journal is closed with what it
 * had written, which replays to the state before the failing input.
 */
public final class ShardFailedException extends AgentTerminationException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard.
     * @param cause   what escaped its core.
     */
    public ShardFailedException(final int shardId, final Throwable cause)
    {
        // not the cause's toString() alone: were it to throw here, the shard would go on and take its batch again
        super("shard=" + shardId + " failed and takes no more input: " + HandlerFailedException.describe(cause), cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard that failed.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }
}
