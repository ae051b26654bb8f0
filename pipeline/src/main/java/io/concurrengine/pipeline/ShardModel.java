package io.concurrengine.pipeline;

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
     * @return identity of the model and its version, written in journal headers (e.g. {@code "market-v1"}).
     */
    String identity();
}
