package io.concurrengine.pipeline;

/**
 * What a publisher meets when the shard's ring is full.
 */
public enum Backpressure
{
    /**
     * Wait for room, giving up only when the engine stops accepting input. A handler that publishes waits for
     * another shard, which must not be waiting for it in turn (two shards publishing to each other with full rings
     * wait until the engine stops); a publish from a handler onto its own shard's full ring, which could never end,
     * is refused with an {@link IllegalStateException} (a failed dispatch).
     */
    BLOCK,
    /** Drop the input and count it; the publisher is told {@link Engine#DROPPED}. */
    DROP,
    /** Refuse the input at once; the publisher is told {@link Engine#BACK_PRESSURED} and may retry. */
    REJECT
}
