package io.concurrengine.model.market;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.EventHandler;
import io.concurrengine.core.wheel.ArenaFullException;
import io.concurrengine.core.wheel.EventWheel;

import java.util.Arrays;

import static io.concurrengine.model.market.MarketEvents.BUY;

/**
 * The market reference model of one engine shard: a price-time priority limit order book per instrument routed to
 * the shard, time-in-force expiry and one-second OHLCV bars through wheel timers, and a state hash over it all.
 * Register it as the shard's {@link EventHandler}; inputs carry {@code target = instrumentId} and the encoding of
 * {@link MarketEvents}.
 * <p>
 * <b>Order ids are per instrument.</b> An order is the pair (instrument, order id): CANCEL, EXECUTE's fills, REPLACE
 * and EXPIRE act on the order with that id resting on the event's instrument, and the same id may rest on several
 * instruments at once, each an order of its own. Which instruments share the shard never matters.
 * <p>
 * <b>Matching.</b> An ADD first trades against the opposite side at every price up to its limit, best price first and
 * oldest order first within a price, each fill at the resting order's price; the remainder rests at the tail of its
 * level. An EXECUTE trades the same way, up to its limit or without one, and its remainder is dropped.
 * <p>
 * <b>Replace.</b> Keeps the order id and time-in-force expiry. A quantity decrease (or no change) at the same price
 * keeps time priority; any price change or quantity increase loses it: the order leaves its level, trades if its new
 * price crosses, and rests at the tail of the new level.
 * <p>
 * <b>Rejects</b> (counted in {@link MarketCounters}, never thrown): CANCEL or REPLACE of an order not resting on that
 * instrument, ADD of an order id already resting on that instrument, ADD or REPLACE priced outside the band, bad side,
 * non-positive quantity or negative time in force. The band of an instrument is
 * {@code [p - bandWidth / 2, p + bandWidth / 2)} where {@code p} is the price of its first ADD.
 * <p>
 * <b>Capacity.</b> At most 2^27 resting orders per model, and the shard's wheel holds at most
 * {@link io.concurrengine.core.event.EventDescriptor#MAX_RECORDS} timers. An ADD whose remainder finds no room for its
 * order or its expiry timer trades as usual and drops the remainder ({@link MarketCounters#remaindersDropped()}); a bar
 * whose close timer finds no room is closed by its instrument's next trade in a later second
 * ({@link MarketCounters#barTimersRefused()}). Neither throws, and neither leaves an order half made. A new
 * instrument beyond the books a band width allows ({@link MarketConfig#maxInstrumentCapacity(int)}) fails its ADD
 * before anything changes.
 * <p>
 * <b>Fill listener.</b> An exception the {@link FillListener} throws is held until the event is done, then thrown:
 * the event makes all its fills, each once (see {@link FillListener}).
 * <p>
 * <b>Timers.</b> A resting order with a time in force holds the handle of its EXPIRE timer, cancelled when the order
 * fills, is cancelled or replaced into a fill first: an EXPIRE never fires for an order that is gone. A BAR_CLOSE timer
 * is scheduled at the next second boundary (none in the last second of the {@code long} range, which never ends)
 * when an instrument trades for the first time in a second, so quiet
 * instruments cost nothing and there is no bar for a second without trades; a trade in a later second than the open
 * bar closes that bar first and cancels its timer. Timers that find nothing to do are counted as stale.
 * <p>
 * <b>State hash, the same for any number of shards.</b> Each instrument has a running hash of its fills and closed
 * bars, folded in the order they happen, which is a function of that instrument's own inputs and timers only. {@link
 * #stateHash()} digests each instrument (its running hash, its bars, its book with prices ascending and each level in
 * time priority) and returns the <i>sum</i> of those digests plus a weighted sum of the counters. A sum does not
 * depend on which shard holds which instrument, so the sum of the shards' hashes is the same whether the instruments
 * were spread over one shard or many, provided each instrument sees the same events in the same order (see {@link
 * StateHash#sum(long...)} for what that takes of the feed). What an event does never depends on another instrument
 * of the shard: order ids included, since an order is keyed by its instrument too.
 * <p>
 * <b>Cost:</b> per event one lookup of the order by (instrument, order id) in an {@link OrderIndex} (open
 * addressing, one probe run, which compares the real pair) and one instrument lookup (an Agrona open-addressing map),
 * O(1) per fill, and O(bandWidth / 64) when a best level empties. Allocation-free once the order pool, the books, the
 * index and the map have grown to their high-water marks; each of them doubles when full.
 * <p>
 * Not threadsafe: one model belongs to one shard thread.
 */
public final class MarketModel implements EventHandler
{
    /** Returned for a missing best price. */
    public static final long NO_PRICE = Long.MIN_VALUE;

    private static final long NULL_HANDLE = EventWheel.NULL_HANDLE;
    private static final int NULL_SLOT = OrderPool.NULL_SLOT;

    private final long ticksPerSecond;
    private final int bandWidth;
    private final int bandShift;
    private final FillListener fillListener;
    private final OrderPool pool;
    private final OrderBooks books;
    private final Bars bars;
    private final OrderIndex orderIndex;
    private final MarketCounters counters = new MarketCounters();
    /** Per book: the running hash of its instrument's fills and closed bars. */
    private long[] runningHashes;
    private EventContext context;
    /** The fill listener's first failure in the event being handled, thrown once the event is done: {@link #onFill}. */
    private Exception listenerFailure;

    /**
     * @param config ticks per second, band width, initial capacities and fill listener.
     * @throws IllegalArgumentException if a value is out of range.
     */
    public MarketModel(final MarketConfig config)
    {
        this(config, OrderPool.MAX_CAPACITY);
    }

    /**
     * @param config    ticks per second, band width, initial capacities and fill listener.
     * @param maxOrders most resting orders, in [initial order capacity, 2^27] (tests: a pool that fills).
     */
    MarketModel(final MarketConfig config, final int maxOrders)
    {
        if (config.ticksPerSecond() < 1)
        {
            throw new IllegalArgumentException("ticksPerSecond=" + config.ticksPerSecond() + " must be positive");
        }
        // every value is checked before the order pool (up to 8 GiB) is allocated: a bad band width is its error,
        // not an OutOfMemoryError
        OrderBooks.check(config.bandWidth(), config.initialInstrumentCapacity());
        this.ticksPerSecond = config.ticksPerSecond();
        this.bandWidth = config.bandWidth();
        this.fillListener = config.fillListener();
        this.pool = new OrderPool(config.initialOrderCapacity(), maxOrders);
        this.books = new OrderBooks(bandWidth, config.initialInstrumentCapacity(), pool);
        this.bandShift = Integer.numberOfTrailingZeros(bandWidth);
        this.bars = new Bars(config.initialInstrumentCapacity());
        this.runningHashes = new long[Math.max(1, config.initialInstrumentCapacity())];
        this.orderIndex = new OrderIndex(config.initialOrderCapacity(), pool);
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        this.context = context;
        final long instrument = event.target();
        switch (event.type())
        {
            case MarketEvents.ADD -> onAdd(instrument, event.a0(), event.a1(), event.a2(), event.a3());
            case MarketEvents.CANCEL -> onCancel(instrument, event.a0());
            case MarketEvents.EXECUTE -> onExecute(instrument, event.a0(), event.a1(), event.a2(), event.a3());
            case MarketEvents.REPLACE -> onReplace(instrument, event.a0(), event.a1(), event.a2());
            case MarketEvents.EXPIRE -> onExpire(instrument, event.a0());
            case MarketEvents.BAR_CLOSE -> onBarClose(instrument, event.a0());
            default -> counters.unknownEventTypes++;
        }
        if (null != listenerFailure)
        {
            throwListenerFailure();
        }
    }

    private void throwListenerFailure()
    {
        final Exception failure = listenerFailure;
        listenerFailure = null;
        MarketModel.<RuntimeException>throwUndeclared(failure);
    }

    /**
     * Throw the listener's own exception, a checked one thrown without being declared too, as the listener did.
     */
    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUndeclared(final Throwable failure) throws T
    {
        throw (T)failure;
    }

    private void onAdd(
        final long instrument, final long orderId, final long sidePrice, final long quantity, final long timeInForce)
    {
        final int side = MarketEvents.side(sidePrice);
        final int price = MarketEvents.price(sidePrice);
        if ((side & ~1) != 0 || quantity <= 0 || timeInForce < 0)
        {
            counters.rejectedInvalid++;
            return;
        }
        if (NULL_SLOT != orderIndex.get(instrument, orderId))
        {
            counters.rejectedDuplicateOrder++;
            return;
        }
        int book = books.book(instrument);
        if (OrderBooks.NO_BOOK == book)
        {
            book = createBook(instrument, price);
        }
        final long offset = price - books.bandBase(book);
        if (offset < 0 || offset >= bandWidth)
        {
            counters.rejectedOutOfBand++;
            return;
        }
        counters.adds++;
        final long remaining = match(book, side, (int)offset, quantity, orderId);
        if (remaining > 0)
        {
            rest(instrument, orderId, side, book, (int)offset, remaining, timeInForce);
        }
    }

    /**
     * Rest an ADD's remainder at the tail of its level, with its expiry timer. A remainder with no room to rest (the
     * order pool at its largest, or the shard's wheel unable to hold its expiry timer) is dropped and counted, as an
     * immediate-or-cancel order's would be: its fills stand, and nothing of it is left half made.
     */
    private void rest(
        final long instrument,
        final long orderId,
        final int side,
        final int book,
        final int offset,
        final long remaining,
        final long timeInForce)
    {
        final int slot = pool.allocate();
        if (NULL_SLOT == slot)
        {
            counters.remaindersDropped++;
            return;
        }
        final long expiry = 0 == timeInForce ? OrderPool.NO_EXPIRY : expiryTime(context.now(), timeInForce);
        long handle = NULL_HANDLE;
        if (OrderPool.NO_EXPIRY != expiry)
        {
            try
            {
                handle = context.scheduleAt(expiry, MarketEvents.EXPIRE, instrument, orderId, 0, 0, 0);
            }
            catch (final ArenaFullException ex)
            {
                pool.free(slot); // the slot freed last is the next one taken: the pool is as it was
                counters.remaindersDropped++;
                return;
            }
        }
        pool.set(slot, instrument, orderId, side, remaining, handle, expiry);
        books.append(slot, book, offset);
        orderIndex.put(slot);
    }

    /**
     * @return {@code now + timeInForce}, or {@link OrderPool#NO_EXPIRY} past {@code Long.MAX_VALUE}: such an order
     * never expires (it must not wrap into the past, nor expire at {@code Long.MAX_VALUE} ahead of an input of that
     * time), so it has no timer and hashes as an order without a time in force.
     */
    static long expiryTime(final long now, final long timeInForce)
    {
        final long time = now + timeInForce;
        return time < now ? OrderPool.NO_EXPIRY : time;
    }

    private void onCancel(final long instrument, final long orderId)
    {
        final int slot = restingSlot(instrument, orderId);
        if (NULL_SLOT == slot)
        {
            counters.rejectedUnknownOrder++;
            return;
        }
        counters.cancels++;
        removeOrder(slot);
    }

    private void onExecute(
        final long instrument, final long takerId, final long sidePrice, final long quantity, final long flags)
    {
        final int side = MarketEvents.side(sidePrice);
        if ((side & ~1) != 0 || quantity <= 0)
        {
            counters.rejectedInvalid++;
            return;
        }
        counters.executes++;
        final int book = books.book(instrument);
        if (OrderBooks.NO_BOOK == book)
        {
            return;
        }
        int limit = BUY == side ? bandWidth - 1 : 0;
        if (0 != (flags & MarketEvents.FLAG_LIMIT))
        {
            final long offset = MarketEvents.price(sidePrice) - books.bandBase(book);
            if (BUY == side ? offset < 0 : offset >= bandWidth)
            {
                return;
            }
            limit = (int)Math.max(0, Math.min(bandWidth - 1, offset));
        }
        match(book, side, limit, quantity, takerId);
    }

    private void onReplace(final long instrument, final long orderId, final long newPrice, final long newQuantity)
    {
        final int slot = restingSlot(instrument, orderId);
        if (NULL_SLOT == slot)
        {
            counters.rejectedUnknownOrder++;
            return;
        }
        if (newQuantity <= 0)
        {
            counters.rejectedInvalid++;
            return;
        }
        final int level = pool.level(slot);
        final int book = level >>> bandShift;
        final long offset = newPrice - books.bandBase(book);
        if (offset < 0 || offset >= bandWidth)
        {
            counters.rejectedOutOfBand++;
            return;
        }
        counters.replaces++;
        if (offset == (level & (bandWidth - 1)) && newQuantity <= pool.quantity(slot))
        {
            pool.quantity(slot, newQuantity);
            return;
        }
        books.unlink(slot);
        final long remaining = match(book, pool.side(slot), (int)offset, newQuantity, orderId);
        if (remaining > 0)
        {
            pool.quantity(slot, remaining);
            books.append(slot, book, (int)offset);
        }
        else
        {
            release(slot);
        }
    }

    private void onExpire(final long instrument, final long orderId)
    {
        final int slot = restingSlot(instrument, orderId);
        if (NULL_SLOT == slot || NULL_HANDLE == pool.expiryHandle(slot))
        {
            counters.staleTimers++;
            return;
        }
        pool.expiryHandle(slot, NULL_HANDLE);
        counters.expired++;
        removeOrder(slot);
    }

    private void onBarClose(final long instrument, final long second)
    {
        final int book = books.book(instrument);
        if (OrderBooks.NO_BOOK == book || bars.openSecond(book) != second)
        {
            counters.staleTimers++;
            return;
        }
        closeBar(book);
    }

    /**
     * Trade an incoming order against the opposite side, best price first, up to {@code limit} (an offset).
     *
     * @return the quantity left over.
     */
    private long match(final int book, final int side, final int limit, final long quantity, final long takerId)
    {
        final OrderBooks books = this.books;
        long remaining = quantity;
        if (BUY == side)
        {
            int ask;
            while (remaining > 0 && (ask = books.bestAsk(book)) <= limit)
            {
                remaining = tradeLevel(book, ask, side, remaining, takerId);
            }
        }
        else
        {
            int bid;
            while (remaining > 0 && (bid = books.bestBid(book)) >= limit)
            {
                remaining = tradeLevel(book, bid, side, remaining, takerId);
            }
        }
        return remaining;
    }

    private long tradeLevel(
        final int book, final int offset, final int takerSide, final long quantity, final long takerId)
    {
        final OrderPool pool = this.pool;
        final long price = books.bandBase(book) + offset;
        long remaining = quantity;
        int slot;
        while (remaining > 0 && NULL_SLOT != (slot = books.head(book, offset)))
        {
            final long resting = pool.quantity(slot);
            final long traded = Math.min(remaining, resting);
            remaining -= traded;
            onFill(book, pool.orderId(slot), takerId, takerSide, price, traded);
            if (traded == resting)
            {
                removeOrder(slot);
            }
            else
            {
                pool.quantity(slot, resting - traded);
            }
        }
        return remaining;
    }

    private void onFill(
        final int book,
        final long makerId,
        final long takerId,
        final int takerSide,
        final long price,
        final long quantity)
    {
        final long instrument = books.instrumentId(book);
        final long now = context.now();
        counters.fills++;
        counters.filledQuantity += quantity;

        // The bar first: a fill of a later second closes the open bar (folding it into the running hash) before the
        // fill is folded, the order in which a BAR_CLOSE timer dispatched ahead of the fill would have folded them.
        final long second = Math.floorDiv(now, ticksPerSecond);
        final long openSecond = bars.openSecond(book);
        if (openSecond == second)
        {
            bars.trade(book, price, quantity);
        }
        else
        {
            openBarSlowPath(book, instrument, openSecond, second, price, quantity);
        }

        long h = StateHash.fold(runningHashes[book], instrument);
        h = StateHash.fold(h, makerId);
        h = StateHash.fold(h, takerId);
        h = StateHash.fold(h, price);
        h = StateHash.fold(h, quantity);
        runningHashes[book] = StateHash.fold(h, now);

        try
        {
            fillListener.onFill(instrument, makerId, takerId, takerSide, price, quantity, now);
        }
        catch (final Exception ex)
        {
            // thrown from here, it would leave the maker unfilled (to trade the same lots again) or a replaced order
            // indexed outside every level; the event goes on, and onEvent throws the first failure once it is done.
            // Exception, not only RuntimeException: a checked one thrown without being declared (Kotlin, sneaky
            // throws) is a failed dispatch that a shard goes on from too
            if (null == listenerFailure)
            {
                listenerFailure = ex;
            }
        }
    }

    private void openBarSlowPath(
        final int book,
        final long instrument,
        final long openSecond,
        final long second,
        final long price,
        final long quantity)
    {
        if (Bars.NO_SECOND != openSecond)
        {
            context.cancel(bars.timer(book));
            closeBar(book);
        }
        // the last second of the long range never ends: its bar has no timer and stays open
        long timer = NULL_HANDLE;
        if (!isLastSecond(second, ticksPerSecond))
        {
            try
            {
                timer = context.scheduleAt(
                    (second + 1) * ticksPerSecond, MarketEvents.BAR_CLOSE, instrument, second, 0, 0, 0);
            }
            catch (final ArenaFullException ex)
            {
                // no room for the timer: the bar is closed by the instrument's next trade in a later second instead
                counters.barTimersRefused++;
            }
        }
        bars.open(book, second, price, quantity, timer);
    }

    /**
     * @return true if the second after {@code second} starts beyond {@link Long#MAX_VALUE}: its end
     * {@code (second + 1) * ticksPerSecond} would wrap into the past (a timer there would be clamped to now and close
     * the bar at once), and a timer saturated at {@link Long#MAX_VALUE} would still close the bar ahead of a trade of
     * the same second at that time.
     */
    static boolean isLastSecond(final long second, final long ticksPerSecond)
    {
        return second >= Long.MAX_VALUE / ticksPerSecond;
    }

    private void closeBar(final int book)
    {
        runningHashes[book] = bars.close(book, books.instrumentId(book), runningHashes[book]);
        counters.barsClosed++;
    }

    private int createBook(final long instrument, final int firstPrice)
    {
        final int book = books.createBook(instrument, (long)firstPrice - (bandWidth >> 1));
        bars.ensureBooks(books.bookCount());
        bars.init(book);
        if (book == runningHashes.length)
        {
            runningHashes = Arrays.copyOf(runningHashes, book << 1);
        }
        runningHashes[book] = StateHash.SEED;
        return book;
    }

    /**
     * @return the slot of the order {@code orderId} resting on {@code instrument}, or {@link OrderPool#NULL_SLOT}.
     */
    private int restingSlot(final long instrument, final long orderId)
    {
        return orderIndex.get(instrument, orderId);
    }

    private void removeOrder(final int slot)
    {
        books.unlink(slot);
        release(slot);
    }

    /**
     * Forget an order that is no longer in a level: cancel its expiry timer, drop it from the index, free its slot.
     */
    private void release(final int slot)
    {
        final long handle = pool.expiryHandle(slot);
        if (NULL_HANDLE != handle)
        {
            context.cancel(handle);
        }
        orderIndex.remove(slot);
        pool.free(slot);
    }

    /**
     * Hash of the whole state: the sum of one digest per instrument (its running hash of fills and closed bars, its
     * bars, its book) and of the counters, each weighted. Equal for equal input streams, and additive over
     * instruments: models that split a flow's instruments between them sum to the hash of one model fed the whole
     * flow ({@link StateHash#sum(long...)}). 0 for a model that has seen nothing. O(books + non-empty levels + resting
     * orders); allocation-free.
     *
     * @return the shard's state hash.
     */
    public long stateHash()
    {
        long sum = counters.weightedSum();
        final OrderBooks books = this.books;
        for (int book = 0, bookCount = books.bookCount(); book < bookCount; book++)
        {
            sum += instrumentDigest(book);
        }
        return sum;
    }

    private long instrumentDigest(final int book)
    {
        long h = StateHash.fold(StateHash.SEED, runningHashes[book]);
        h = bars.digest(book, h);
        return books.digest(book, h);
    }

    /**
     * Visit every resting order in canonical order: instruments by ascending id, prices ascending, each level in time
     * priority. The visitor must not change the model.
     *
     * @param visitor receives each order.
     */
    public void forEachRestingOrder(final RestingOrderVisitor visitor)
    {
        for (int rank = 0, bookCount = books.bookCount(); rank < bookCount; rank++)
        {
            books.forEachOrder(books.bookByRank(rank), visitor);
        }
    }

    /**
     * @return the sum of every instrument's running hash of fills and closed bars, each mixed with its instrument's
     * id: additive over instruments, as {@link #stateHash()} is.
     */
    public long runningHash()
    {
        long sum = 0;
        for (int book = 0, bookCount = books.bookCount(); book < bookCount; book++)
        {
            sum += StateHash.fold(runningHashes[book], books.instrumentId(book));
        }
        return sum;
    }

    /**
     * @return what the model has done; a live view, not a copy.
     */
    public MarketCounters counters()
    {
        return counters;
    }

    /**
     * @return orders resting in all books.
     */
    public int restingOrderCount()
    {
        return pool.size();
    }

    /**
     * @return instruments that have a book.
     */
    public int instrumentCount()
    {
        return books.bookCount();
    }

    /**
     * @param instrumentId an instrument id.
     * @param orderId      an order id.
     * @return the remaining quantity of that order if it rests on that instrument, else 0.
     */
    public long restingQuantity(final long instrumentId, final long orderId)
    {
        final int slot = orderIndex.get(instrumentId, orderId);
        return NULL_SLOT == slot ? 0 : pool.quantity(slot);
    }

    /**
     * @param instrumentId an instrument id.
     * @return the best bid in ticks, or {@link #NO_PRICE}.
     */
    public long bestBid(final long instrumentId)
    {
        final int book = books.book(instrumentId);
        final int offset = OrderBooks.NO_BOOK == book ? -1 : books.bestBid(book);
        return offset < 0 ? NO_PRICE : books.bandBase(book) + offset;
    }

    /**
     * @param instrumentId an instrument id.
     * @return the best offer in ticks, or {@link #NO_PRICE}.
     */
    public long bestAsk(final long instrumentId)
    {
        final int book = books.book(instrumentId);
        final int offset = OrderBooks.NO_BOOK == book ? bandWidth : books.bestAsk(book);
        return offset >= bandWidth ? NO_PRICE : books.bandBase(book) + offset;
    }

    /**
     * @param instrumentId an instrument id.
     * @param into         filled with the bar being built.
     * @return false if the instrument has no open bar.
     */
    public boolean currentBar(final long instrumentId, final Bar into)
    {
        final int book = books.book(instrumentId);
        return OrderBooks.NO_BOOK != book && bars.copy(book, false, into);
    }

    /**
     * @param instrumentId an instrument id.
     * @param into         filled with the last closed bar.
     * @return false if no bar of the instrument has closed.
     */
    public boolean lastBar(final long instrumentId, final Bar into)
    {
        final int book = books.book(instrumentId);
        return OrderBooks.NO_BOOK != book && bars.copy(book, true, into);
    }

    /**
     * @param instrumentId an instrument id.
     * @return bars of the instrument closed so far.
     */
    public long closedBarCount(final long instrumentId)
    {
        final int book = books.book(instrumentId);
        return OrderBooks.NO_BOOK == book ? 0 : bars.closedCount(book);
    }

    /**
     * @return engine time units per second.
     */
    public long ticksPerSecond()
    {
        return ticksPerSecond;
    }
}
