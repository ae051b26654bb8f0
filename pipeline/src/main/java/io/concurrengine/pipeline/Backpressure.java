package io.concurrengine.pipeline;

/**
 * What a publisher meets when the shard's ring is full.
 */
public enum Backpressure
{
    /** Wait for room, giving up only when the engine stops accepting input. */
    BLOCK,
    /** Drop the input and count it; the publisher is told {@link Engine#DROPPED}. */
    DROP,
    /** Refuse the input at once; the publisher is told {@link Engine#BACK_PRESSURED} and may retry. */
    REJECT
}
