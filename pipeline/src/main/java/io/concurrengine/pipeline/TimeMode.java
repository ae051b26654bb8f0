package io.concurrengine.pipeline;

/**
 * How a shard stamps inputs and moves its clock.
 */
public enum TimeMode
{
    /**
     * An input is stamped {@code max(last stamp, feed time)} and the clock follows the stamps: the dispatch stream
     * depends only on the inputs, never on thread timing.
     */
    EVENT_TIME,
    /**
     * An input is stamped with the shard's clock at acceptance and the shard advances its clock when idle, so
     * timers fire in real time. The shards' clocks are one clock: each reads the engine's start time
     * ({@link EngineBuilder#startTime(long)}) at the moment {@code Engine.start()} began, however long the shards made
     * before it took, so the stamps of different shards compare. The clock is read once per unit of work (a drained
     * batch of at most the batch limit), so the inputs of a batch share the stamp of its start, never earlier than the
     * last stamp. Each stamp and each advance is journaled, so a replay re-creates the run exactly.
     */
    WALL_CLOCK
}
