/**
 * Monte Carlo runner: many independent iterations of a discrete-event model across a work-stealing pool,
 * reproducible from a seed whatever the thread count.
 * <p>
 * A model plugs in through {@link io.concurrengine.pipeline.montecarlo.IterationRunnerFactory} (one
 * {@link io.concurrengine.pipeline.montecarlo.IterationRunner} per worker thread) and reports through an
 * {@link io.concurrengine.pipeline.montecarlo.IterationRecorder}: one primary value per iteration (e.g. DPS) plus
 * model-specific sums. Iterations are grouped into fixed chunks; chunk {@code c}'s iteration {@code i} (chunk-local)
 * is seeded by {@code SimRng.fromPrefix(SimRng.seedPrefix(seed, c), i)}; chunk partials merge in chunk order. The
 * statistics therefore depend on the seed, the iteration count and the chunk size, never on the thread count or the
 * scheduling; only wall time and the rates derived from it do.
 */
package io.concurrengine.pipeline.montecarlo;
