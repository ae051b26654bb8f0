package io.concurrengine.pipeline;

/**
 * An error the engine reports to its error handler that names the shard it happened on. An error handler reads the
 * shard from it, and whether it is a warning, without knowing every kind:
 * <pre>{@code
 * int shard = error instanceof ShardError ? ((ShardError)error).shardId() : -1;
 * }</pre>
 */
public interface ShardError
{
    /**
     * @return the shard the error happened on.
     */
    int shardId();

    /**
     * @return true for a warning: something the engine worked around, which fails neither the engine nor the shard
     * and loses nothing ({@link JournalBackgroundWarning}, {@link ShardInterruptedWarning},
     * {@link ShardStillRunningWarning}); false for an error.
     */
    default boolean warning()
    {
        return false;
    }
}
