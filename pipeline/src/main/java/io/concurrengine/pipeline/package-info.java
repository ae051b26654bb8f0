/**
 * The live engine: publishers, rings, shard threads and their journals.
 * <p>
 * <b>Shape.</b> An {@link io.concurrengine.pipeline.Engine}, built by an
 * {@link io.concurrengine.pipeline.EngineBuilder}, owns N shards. A publisher's input is routed by its key through a
 * {@link io.concurrengine.pipeline.Partitioner} (hash by default; a pure function, which is what keeps per-key order)
 * to one shard's {@link io.concurrengine.pipeline.InputRing}: a Disruptor sequencer, single- or multi-producer
 * ({@link io.concurrengine.pipeline.Publishers}), over a flat {@code long[]} of 64-byte slots; routing, the claim under
 * the backpressure policy and the single publisher's binding are the engine's publish path,
 * {@link io.concurrengine.pipeline.Publication}. Each shard also has a small priority ring that it takes first. Each
 * shard runs on a thread of its own under Agrona's {@code AgentRunner}; its
 * {@link io.concurrengine.pipeline.ShardAgent} takes a batch from the rings, stamps each input
 * ({@link io.concurrengine.pipeline.TimeMode}) and hands it to the {@link io.concurrengine.pipeline.ShardCore}, which
 * pushes it into the shard's timing wheel, dispatches every event due by its time to the shard's
 * {@link io.concurrengine.pipeline.ShardModel}, and records all of it in the shard's
 * {@link io.concurrengine.pipeline.ShardJournal}. After each unit of work the agent flushes the journal as a group
 * commit and publishes its counters; its idle strategy (a backoff that parks, by default) runs when it found nothing.
 * <p>
 * <b>Flow control</b> is a return value, never an exception: a full ring blocks the publisher, drops the input
 * (counted) or refuses it ({@link io.concurrengine.pipeline.Backpressure}), and a stopped engine answers
 * {@link io.concurrengine.pipeline.Engine#CLOSED}, also to a publisher that was blocked.
 * <p>
 * <b>Lifecycle.</b> NEW, STARTING, RUNNING, DRAINING, STOPPED, and FAILED
 * ({@link io.concurrengine.pipeline.EngineState}), moved atomically by {@link io.concurrengine.pipeline.Lifecycle}, so
 * racing threads agree on one outcome; an illegal transition is refused. Stopping refuses new input, lets every shard
 * drain what its rings accepted, and closes the journals whole.
 * <p>
 * <b>Determinism.</b> A shard's dispatch stream depends only on the sequence of stamped inputs and clock advances it
 * takes, never on how the rings batched them ({@link io.concurrengine.pipeline.ShardCore}). The journal records exactly
 * that sequence, so {@link io.concurrengine.pipeline.replay.ShardReplayer} re-creates a shard bit for bit through the
 * same {@code ShardCore}; in event-time mode with the same inputs a run's journal and state are the same whatever
 * the thread timing.
 * <p>
 * <b>Faults.</b> A handler's exception is counted, reported and journaled as a failed dispatch, and the shard goes
 * on; an {@code Error} or a journal that cannot write ends the shard
 * ({@link io.concurrengine.pipeline.ShardFailedException}) and moves the engine to FAILED. Everything reported names
 * its shard ({@link io.concurrengine.pipeline.ShardError}) and goes to one non-throwing
 * {@link io.concurrengine.pipeline.EngineErrorHandler}. Latency from publish to dispatch and to journaled is recorded
 * per shard into HdrHistograms a batch at a time ({@link io.concurrengine.pipeline.BatchLatencyRecorder}), and merged
 * over the shards into the engine's intervals and totals ({@link io.concurrengine.pipeline.LatencyAggregator}).
 * <p>
 * Subpackages: {@code journal} (the Chronicle journal of a shard), {@code replay} (re-execution and verification),
 * {@code montecarlo} (many independent runs of a model across threads).
 */
package io.concurrengine.pipeline;
