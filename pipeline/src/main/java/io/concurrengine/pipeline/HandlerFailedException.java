package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;

/**
 * A model's handler threw while dispatching an event. The shard went on; this reports what failed and where.
 */
public final class HandlerFailedException extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;

    /**
     * @param shardId the shard.
     * @param event   the event being dispatched.
     * @param cause   what the handler threw.
     */
    public HandlerFailedException(final int shardId, final Event event, final Throwable cause)
    {
        super("handler failed: shard=" + shardId + " time=" + event.time() + " seq=" + event.seq() +
            " type=" + event.type() + " target=" + event.target() + ": " + cause, cause);
        this.shardId = shardId;
    }

    /**
     * @return the shard whose handler threw.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }
}
