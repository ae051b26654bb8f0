package io.concurrengine.pipeline;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.loop.EventHandler;

/**
 * The state a shard owns and the handler that changes it. One instance per shard, used only on its thread.
 */
public interface ShardModel extends EventHandler
{
    /**
     * @return a 64-bit hash of the model's whole state, equal for equal input streams.
     */
    long stateHash();

    /**
     * @return identity of the model and its version, written in journal headers (e.g. {@code "market-v1"}): not null,
     * at most 1024 UTF-8 bytes, or a journaled engine fails to start, naming the shard.
     */
    String identity();

    /**
     * The most timers this model expects to have pending at once on its shard's wheel, counting a cancelled timer
     * until it would have come due (the wheel cancels lazily). The shard's wheel is allocated for the larger of this
     * and {@link EngineBuilder#initialWheelCapacity(int)} before the shard runs, so that it does not grow while the
     * run is measured: growing allocates a new off-heap arena and faults its pages in on the shard thread, tens of
     * milliseconds at a time. It is a size, not a limit: a wheel that needs more still grows.
     *
     * @return timers to size the wheel for, not negative; 0 (the default) if the model does not know.
     */
    default int expectedTimers()
    {
        return 0;
    }

    /**
     * The capacity a shard's wheel is allocated with, live and in a replay.
     *
     * @param configured the engine's {@link EngineBuilder#initialWheelCapacity(int)}.
     * @param model      the shard's model.
     * @param shardId    the shard, for the error.
     * @return the larger of {@code configured} and the model's {@link #expectedTimers()}, at most
     * {@link EventDescriptor#MAX_RECORDS}.
     * @throws IllegalStateException if the model expects a negative number of timers, or its
     *                               {@link #expectedTimers()} throws (the cause).
     */
    static int wheelCapacity(final int configured, final ShardModel model, final int shardId)
    {
        final int expected;
        try
        {
            expected = model.expectedTimers();
        }
        catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
        {
            throw new IllegalStateException("the model of shard=" + shardId + " (" + name(model) +
                ") failed to say how many timers it expects: expectedTimers() threw " +
                HandlerFailedException.describe(ex), ex);
        }
        if (expected < 0)
        {
            throw new IllegalStateException("the model of shard=" + shardId + " (" + name(model) +
                ") expects " + expected + " timers: expectedTimers() must not be negative");
        }
        return Math.max(configured, Math.min(expected, EventDescriptor.MAX_RECORDS));
    }

    /**
     * A shard's model's {@link #stateHash()}, for the engine's: what it throws is said with the shard.
     *
     * @param model   the shard's model.
     * @param shardId the shard, for the error.
     * @return the model's state hash.
     * @throws IllegalStateException if its {@link #stateHash()} throws (the cause), naming the shard and the model.
     */
    static long stateHashOf(final ShardModel model, final int shardId)
    {
        try
        {
            return model.stateHash();
        }
        catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
        {
            throw new IllegalStateException("the model of shard=" + shardId + " (" + name(model) +
                ") failed to give its state hash: stateHash() threw " + HandlerFailedException.describe(ex), ex);
        }
    }

    /**
     * @param model a model being reported.
     * @return its identity, or, when identity() throws, its class and what identity() threw: a report that asked for
     * the identity alone threw that in its own place.
     */
    private static String name(final ShardModel model)
    {
        try
        {
            return model.identity();
        }
        catch (final Exception ex)
        {
            return model.getClass().getName() + ", whose identity() threw " + HandlerFailedException.describe(ex);
        }
    }
}
