/**
 * The live engine's journal of a shard on the journal module:
 * {@link io.concurrengine.pipeline.journal.ChronicleShardJournal} writes one Chronicle queue per shard,
 * {@code <root>/shard-<id>}, through the batching {@code JournalWriter}, on the shard's thread only.
 * <p>
 * What a shard records and when is the {@link io.concurrengine.pipeline.ShardJournal} contract: each input or clock
 * advance followed by the dispatches it caused (an input dispatched at once as one record), failed dispatches marked,
 * a unit of work taken back when an {@code Error} cuts it short. The format, its checksums and the background thread
 * that prepares pages and writes back are the journal module's ({@code io.concurrengine.journal}).
 */
package io.concurrengine.pipeline.journal;
