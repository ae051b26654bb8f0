package io.concurrengine.bench.pipeline.alternatives;

/**
 * One input on its way through an {@link java.util.concurrent.ArrayBlockingQueue}: immutable, one per event, safely
 * published by the queue's lock.
 */
record Input(int type, long target, long feedTime, long a0, long a1, long a2, long a3, long intendedNanos)
{
    /** Put behind the last accepted input when the pipeline stops. */
    static final Input END = new Input(-1, 0, 0, 0, 0, 0, 0, 0);
}
