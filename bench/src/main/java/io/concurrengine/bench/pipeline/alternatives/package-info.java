/**
 * Rejected designs of the live pipeline, kept runnable beside the benchmark that measures them against the engine.
 * <p>
 * {@link io.concurrengine.bench.pipeline.alternatives.BlockingQueuePipeline} is the textbook JDK pipeline: one
 * {@link java.util.concurrent.ArrayBlockingQueue} per shard carrying an immutable input object per event, a shard
 * thread that blocks in {@code take()} and then {@code drainTo}s a batch into a preallocated list. Everything after the
 * queue is the engine's own code - the same {@code ShardCore}, wheel, model and journal, the same partitioner, batch
 * limit, journal group commit and latency recording - so the difference measured is the queue and its idling:
 * a lock and two conditions instead of sequence barriers, an object per input instead of preallocated slots, and
 * parking in {@code take()} (woken by the producer's signal) instead of the engine's backoff idle strategy.
 */
package io.concurrengine.bench.pipeline.alternatives;
