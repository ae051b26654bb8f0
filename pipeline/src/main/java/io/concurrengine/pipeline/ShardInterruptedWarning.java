package io.concurrengine.pipeline;

/**
 * Reported to the engine's error handler when a shard thread finds its interrupt flag set: the engine clears it and
 * the shard carries on. A shard thread belongs to the engine, which ends it with {@link Engine#stop(long)}, never
 * with an interrupt; left set, the flag would make the shard's Agrona runner end the thread at its next idle moment,
 * without a word, while publishers go on filling its ring. The usual cause is a handler that catches an
 * {@link InterruptedException} and restores the interrupt status, as it should on a thread of its own.
 * <p>
 * A warning: it neither fails the engine nor the shard, and it is counted in the shard's {@code errors}. A shard
 * reports its 1st, 2nd, 4th, 8th, ... interrupt, each time with the count so far, so a handler that interrupts its
 * thread at every event does not flood the error handler.
 */
public final class ShardInterruptedWarning extends RuntimeException implements ShardError
{
    private static final long serialVersionUID = 1L;

    private final int shardId;
    private final long interrupts;

    /**
     * @param shardId    the shard whose thread was interrupted.
     * @param interrupts how many times it has been so far.
     */
    public ShardInterruptedWarning(final int shardId, final long interrupts)
    {
        super("shard=" + shardId + " thread was interrupted (" + interrupts + (interrupts == 1 ? " time" : " times") +
            " so far); the flag was cleared and the shard carries on: stop() ends shard threads, an interrupt does" +
            " not (a handler that restores the interrupt status after catching InterruptedException sets it)");
        this.shardId = shardId;
        this.interrupts = interrupts;
    }

    /**
     * @return the shard whose thread was interrupted.
     */
    @Override
    public int shardId()
    {
        return shardId;
    }

    /**
     * @return how many times it had been interrupted when this was reported.
     */
    public long interrupts()
    {
        return interrupts;
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
