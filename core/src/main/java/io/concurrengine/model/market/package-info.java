/**
 * The market reference model: limit order books per instrument driven through the engine's wheel, with a seeded
 * synthetic order flow to feed them.
 * <p>
 * <b>Shape.</b> Each engine shard owns one {@link io.concurrengine.model.market.MarketModel}, its
 * {@link io.concurrengine.core.loop.EventHandler}. The engine routes inputs by {@code target}, which is the instrument
 * id, so every instrument lives in exactly one shard and nothing is shared. Inputs and the model's own timers are
 * events of {@link io.concurrengine.model.market.MarketEvents}: {@code ADD}, {@code CANCEL}, {@code EXECUTE},
 * {@code REPLACE} from the feed, {@code EXPIRE} and {@code BAR_CLOSE} scheduled by the model through the
 * {@link io.concurrengine.core.loop.EventContext}.
 * <p>
 * <b>Book.</b> Prices are integer ticks inside a fixed band per instrument ({@code bandWidth}, a power of two,
 * anchored on the instrument's first ADD). A book is a flat array of levels, each a circular doubly linked FIFO of
 * order slots, plus a bitmap of non-empty levels and the best bid and offer kept incrementally. Bids and offers share
 * the level array: after matching no price holds both. Order slots are 64-byte records in one pool with a free list;
 * an order is keyed by (instrument, order id), so ids need only be unique per instrument, and keys map to slots
 * through {@link io.concurrengine.model.market.OrderIndex}, an open-addressing table that compares the real pair and
 * whose iteration order is never observed. Matching is
 * price-time priority; a replace keeps priority only for a quantity decrease at the same price.
 * <p>
 * <b>Timers.</b> Time in force is an {@code EXPIRE} wheel timer whose handle the order keeps and cancels when it fills
 * or is cancelled first, so a stale expiry never reaches the handler. A one-second bar opens with the first trade of
 * an instrument in a second and schedules one {@code BAR_CLOSE} at the next boundary: at most one pending timer per
 * active instrument, none for quiet ones, no empty bars.
 * <p>
 * <b>Determinism.</b> The model's state is a function of its shard's input sequence alone: no wall clock, no hash
 * iteration order, no randomness. Each instrument's running hash folds its fills and closed bars as they happen;
 * {@link io.concurrengine.model.market.MarketModel#stateHash()} sums a digest of every instrument (running hash, bars,
 * book), and {@link io.concurrengine.model.market.StateHash#sum(long...)} sums the shards: the engine's hash of a flow
 * does not depend on how many shards ran it. The
 * {@link io.concurrengine.model.market.SyntheticOrderFlow} draws everything from one
 * {@link io.concurrengine.core.rng.SimRng} and {@link java.lang.StrictMath}, so a seed names one input stream.
 * <p>
 * <b>Cost.</b> Allocation-free per event once pools and maps have grown to their high-water marks (each doubles when
 * full); O(1) per input and per fill, plus a bitmap scan bounded by {@code bandWidth / 64} words when a best level
 * empties. Everything here is single-threaded: one model, one flow, one thread.
 */
package io.concurrengine.model.market;
