package io.concurrengine.pipeline;

/**
 * Which threads may call {@link Engine#publish}: how the shards' main rings are claimed.
 * <p>
 * The priority rings are multi-publisher in either mode: {@link Engine#publishPriority} may be called from any thread.
 */
public enum Publishers
{
    /**
     * Any number of threads may publish. Each input is claimed with a compare-and-set on its ring's cursor, and the
     * shard reads a per-slot flag to know what is published.
     */
    MULTI,

    /**
     * One thread publishes at a time: the first thread to call {@link Engine#publish} becomes the publisher and any
     * other thread is refused with an {@link IllegalStateException}, until the publisher calls
     * {@link Engine#releasePublisher()} or terminates; the next thread to publish then takes its place. A claim is
     * then a plain store (no compare-and-set, so no wait for the core's store buffer to drain on every input), and the
     * shard takes everything up to the ring's cursor at once. On this project's 2-core machine it raised an unjournaled
     * burst from 6.6-9.8 M to 14.9-17.7 M inputs/s and a journaled one from 10.8-12.2 M to 12.5-13.5 M, in two A/Bs on
     * different days (bench/results/pipeline/session-11/single-publisher/).
     * <p>
     * {@link Engine#stop(long)} should come after the publisher's last {@link Engine#publish} returned, ordered by
     * a happens-before edge (the same thread, a {@link Thread#join()}, a volatile flag). A publish that races stop
     * anyway is settled without a fence on the fast path: one that finds the engine no longer running after its
     * publish waits for its shard to drain and returns its sequence if the drain reached the input, else
     * {@link Engine#CLOSED}; a handler's publish onto its own shard's ring returns its sequence at once (its shard
     * drains after the handler returns, and takes the input). A claim without a fence can still miss, by a few
     * nanoseconds, the shard taking its last input; stop detects such an input once the shards have drained, reports
     * it to the error handler with the number of inputs it left behind, and returns false.
     */
    SINGLE
}
