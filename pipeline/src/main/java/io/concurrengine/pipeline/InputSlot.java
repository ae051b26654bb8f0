package io.concurrengine.pipeline;

/**
 * One entry of a shard's ring: an input on its way from a publisher to the shard. Preallocated by the ring and
 * overwritten in place; written by one publisher between claim and publish, read by the shard after publish (the
 * Disruptor's sequence release/acquire orders the plain fields).
 */
final class InputSlot
{
    static final int VOID = -1;

    int type;
    long target;
    long feedTime;
    long a0;
    long a1;
    long a2;
    long a3;
    long intendedNanos;
}
