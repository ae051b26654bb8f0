/**
 * Re-executing a shard from its journal, and checking it.
 * <p>
 * {@link io.concurrengine.pipeline.replay.ShardReplayer} reads one shard's journal in order, feeds each journaled
 * input and clock advance to a fresh model through the same {@link io.concurrengine.pipeline.ShardCore} the live
 * shard ran, and compares every re-executed dispatch with the journaled one. The first mismatch, missing or extra
 * dispatch is a {@link io.concurrengine.pipeline.replay.ReplayDivergence}; what the replay found (counts, state hash,
 * divergence, damage, whether the journal was still being written) is a
 * {@link io.concurrengine.pipeline.replay.ReplayResult}.
 * <p>
 * A damaged journal replays its intact prefix when asked, and says where the damage is; a replay may stop at a given
 * time, which gives the state a run of the same inputs would have had then. Shards replay independently, one
 * replayer and thread each; nothing allocates per record once the comparison queue has grown.
 */
package io.concurrengine.pipeline.replay;
