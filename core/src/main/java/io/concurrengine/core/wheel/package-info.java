/**
 * Where a shard's pending events wait: a hierarchical timing wheel over an off-heap arena of 64-byte records.
 * <p>
 * <b>Pieces.</b> {@link io.concurrengine.core.wheel.NodeArena} owns the records (the layout is
 * {@link io.concurrengine.core.event.EventDescriptor}) and an intrusive free list; it grows by doubling up to
 * {@link io.concurrengine.core.event.EventDescriptor#MAX_RECORDS} and then refuses with
 * {@link io.concurrengine.core.wheel.ArenaFullException}, leaving the wheel unchanged.
 * {@link io.concurrengine.core.wheel.EventWheel} links those records into slots: a near wheel scanned through a
 * bitmap, far levels of 4096 coarser slots each up to the end of the {@code long} range, and fine buckets for a dense
 * slot, and yields them in ascending {@code (time, seq)} order.
 * <p>
 * <b>Why this shape.</b> The order is total and reproducible: {@code seq} is given at push and never changes, so
 * moving an event between levels cannot reorder ties, and replay depends on that. Costs are amortised O(1) however
 * the events are spread in time: an event moves down at most once per level, a dense slot is sorted once when the scan
 * reaches it, and a jump skips empty time, where a single sorted wheel pays O(k) per insert into a slot of k events and
 * a binary heap O(log n) per operation. Records off-heap keep millions of pending events out of the collector's
 * reach, and a steady push-and-take reuses one record, so nothing is allocated once the arena has reached the largest
 * population. The measured comparison with {@code PriorityQueue}, Agrona's {@code DeadlineTimerWheel}, a Henriksen
 * queue and the seed's sorted-insert wheel is the JMH hold model in {@code bench} (the README's "Timing wheel"); the
 * rejected designs sit in {@code io.concurrengine.bench.alternatives}.
 * <p>
 * <b>Threading.</b> None of it is threadsafe: a wheel and its arena belong to one shard thread, which is what lets
 * every operation be plain loads and stores.
 * <p>
 * <b>Handles.</b> {@link io.concurrengine.core.wheel.EventWheel#push} returns a handle of record index and 32-bit
 * generation; a cancel through a handle whose event has gone is refused rather than applied to the record's next
 * event, within 2<sup>32</sup> reuses of that record.
 */
package io.concurrengine.core.wheel;
