/**
 * Where a shard's pending events wait: a hierarchical timing wheel over an off-heap arena of 64-byte records.
 * <p>
 * <b>Pieces.</b> {@link io.concurrengine.core.wheel.NodeArena} owns the records (the layout is
 * {@link io.concurrengine.core.event.EventDescriptor}) and an intrusive free list; it grows by doubling up to
 * {@link io.concurrengine.core.event.EventDescriptor#MAX_RECORDS} and then refuses with
 * {@link io.concurrengine.core.wheel.ArenaFullException}, leaving the wheel unchanged.
 * {@link io.concurrengine.core.wheel.EventWheel}, the one public class, is the API and the clock: it checks
 * arguments, writes each event into a record with its {@code seq}, keeps the clock, the base (the near slot of the
 * clock) and the counts, and yields the records in ascending {@code (time, seq)} order. Where a record waits is the
 * business of two package-private classes. {@code NearWheel} holds the events due before the far levels begin: a
 * circular near wheel scanned through a bitmap from a cursor, the fine buckets of the slot the scan has reached (a
 * dense slot sorted once) and a short sorted list for events pushed behind a jump; it says which event is next.
 * {@code FarLevels} holds the rest, in levels of 4096 coarser slots each up to the end of the {@code long} range: it
 * places every record in the near wheel or the lowest level whose range holds its time, brings far slots down a level
 * as the base advances, and finds the far slot to jump to. {@code Bitmaps} has the bit scans both use.
 * <p>
 * <b>Why that seam.</b> Each side owns the state it changes and its own cost counters: the near wheel works per event
 * (expanding a slot into fine buckets and collapsing it back are near-wheel work), the far levels per move of the base
 * (cascades, jumps, {@code overflowCount}). The dependency goes one way: a record moving down from a far level lands in
 * the near wheel, and the near wheel never looks past its slots. {@code EventWheel} joins them where both are needed:
 * its scan asks the near wheel first, bounds the slot scan where the far levels begin, and on an empty near wheel moves
 * the base to the slot the far levels name. It keeps the base itself because every push and every take reads it.
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
