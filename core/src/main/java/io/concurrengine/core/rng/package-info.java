/**
 * Randomness a simulation can repeat: a seeded generator and the stochastic rolls built on it.
 * <p>
 * {@link io.concurrengine.core.rng.SimRng} is a 64-bit xorshift whose every output is a pure function of its state,
 * seeded by FNV-1a 64 from a seed, a chunk id and an iteration index, so that iteration <i>i</i> of chunk <i>c</i>
 * draws the same stream whichever thread runs it and in whatever order: the reason Monte Carlo results do not depend
 * on the thread count. {@link io.concurrengine.core.rng.Stochastic} holds the rolls (fixed-chance procs, tiered rolls,
 * partial shuffles, RPPM with its {@link io.concurrengine.core.rng.RppmState}), each documenting how many values it
 * draws and drawing them even when the outcome is certain, so that changing one configured chance never shifts the
 * stream of every roll after it.
 * <p>
 * The generator and its seeding are a bit-for-bit port of the reference engine's and must not change: a change would
 * change every seeded result. Nothing here allocates per draw, and an instance is confined to one thread.
 */
package io.concurrengine.core.rng;
