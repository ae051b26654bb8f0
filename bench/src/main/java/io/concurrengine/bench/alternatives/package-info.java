/**
 * Designs the benchmarks ruled out, kept beside the benchmark that ruled them out so the decision can be re-run.
 * <p>
 * {@link io.concurrengine.bench.alternatives.SortedSlotWheel} is the timing wheel exactly as the event-system seed
 * describes it: each slot a linked list kept sorted by {@code (time, seq)} on every push, a tail append when the new
 * event sorts last and a walk from the head otherwise. A push into a slot already holding k events costs O(k), so a
 * workload that piles thousands of events into one slot (many timers at the same few milliseconds) turns every push
 * into a list walk; {@code EventWheel} appends unsorted and orders a slot only when the scan reaches it.
 */
package io.concurrengine.bench.alternatives;
