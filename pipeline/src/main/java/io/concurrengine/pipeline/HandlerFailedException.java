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
            " type=" + event.type() + " target=" + event.target() + ": " + describe(cause), cause);
        this.shardId = shardId;
    }

    /**
     * What the handler threw, as its {@code toString()} says, or by its class if that throws (a message built from a
     * field not set). The report must not fail: a failed dispatch would then fail the shard, and a
     * {@link ShardFailedException} that could not be made would leave the shard running, to take its batch again.
     *
     * @param cause what was thrown.
     * @return its description.
     */
    static String describe(final Throwable cause)
    {
        try
        {
            return String.valueOf(cause);
        }
        catch (final Throwable ex) // a StackOverflowError of a message that calls itself, too
        {
            return cause.getClass().getName() + " (its toString() threw " + ex.getClass().getName() + ")";
        }
    }

    /**
     * What a failure says, for a report that quotes it: its message, or, when it has none (or reading it throws), what
     * it is ({@link #describe(Throwable)}). Never throws, nor says "null".
     *
     * @param failure what was thrown.
     * @return its message, or its description.
     */
    static String messageOf(final Throwable failure)
    {
        String message = null;
        try
        {
            message = failure.getMessage();
        }
        catch (final RuntimeException ex)
        {
            // a message built from a field not set: described by its class below
        }
        return null == message ? describe(failure) : message;
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
