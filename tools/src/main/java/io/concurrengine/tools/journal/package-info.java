/**
 * The commands that read a run's journal: {@code replay} ({@link io.concurrengine.tools.journal.ReplayCommand}), which
 * re-executes and verifies every shard, and {@code inspect} ({@link io.concurrengine.tools.journal.InspectCommand}),
 * which prints records a person can read; and {@link io.concurrengine.tools.journal.JournalInputs}, the merged inputs
 * of a journal as a feed for {@code feed --journal}.
 * <p>
 * Both commands take the journal directory's {@code run.toml} as the run's identity and check every shard's headers
 * against it. Damage is named by file, document and record (in words by {@code JournalDamage}); the shards that are
 * intact are still replayed or printed; a journal a run is still writing is unfinished, not damaged.
 */
package io.concurrengine.tools.journal;
