package io.concurrengine.model.market;

import io.concurrengine.core.wheel.EventWheel;

import java.util.Arrays;

/**
 * One-second OHLCV bars of every book of one shard: the bar being built and the last closed one, in one flat
 * {@code long[]} with a stride of 16 words (128 bytes, two cache lines) per book.
 * <pre>
 * word  0 second    1 open       2 high       3 low        4 close       5 volume       6 trades       7 timer
 * word  8 second    9 open      10 high      11 low       12 close      13 volume      14 trades      15 closed
 *       (the current bar in words 0-7, the last closed bar in 8-14, the number of closed bars in 15)
 * </pre>
 * {@code second} is the bar's second index ({@code time / ticksPerSecond}), {@link #NO_SECOND} when no bar is open
 * or none has closed; {@code timer} is the handle of the pending {@code BAR_CLOSE}.
 * <p>
 * <b>Capacity:</b> {@link #ensureBooks(int)} doubles the array when a book is created beyond it; otherwise
 * allocation-free. Not threadsafe.
 */
final class Bars
{
    static final long NO_SECOND = Long.MIN_VALUE;

    private static final int SECOND = 0;
    private static final int OPEN = 1;
    private static final int HIGH = 2;
    private static final int LOW = 3;
    private static final int CLOSE = 4;
    private static final int VOLUME = 5;
    private static final int TRADES = 6;
    private static final int TIMER = 7;
    private static final int LAST = 8;
    private static final int CLOSED = 15;
    private static final int STRIDE_SHIFT = 4;
    private static final int STRIDE = 1 << STRIDE_SHIFT;

    private long[] data;

    /**
     * @param initialBooks books before the first growth.
     */
    Bars(final int initialBooks)
    {
        data = new long[initialBooks << STRIDE_SHIFT];
    }

    /**
     * Make room for books {@code [0, books)}, initialising new ones.
     *
     * @param books number of books.
     */
    void ensureBooks(final int books)
    {
        final int oldBooks = data.length >> STRIDE_SHIFT;
        if (books > oldBooks)
        {
            data = Arrays.copyOf(data, Math.max(books, oldBooks << 1) << STRIDE_SHIFT);
        }
    }

    /**
     * Reset the bars of a new book.
     *
     * @param book a book just created.
     */
    void init(final int book)
    {
        final int base = book << STRIDE_SHIFT;
        Arrays.fill(data, base, base + STRIDE, 0L);
        data[base + SECOND] = NO_SECOND;
        data[base + LAST + SECOND] = NO_SECOND;
        data[base + TIMER] = EventWheel.NULL_HANDLE;
    }

    /**
     * @return second of the bar being built, or {@link #NO_SECOND}.
     */
    long openSecond(final int book)
    {
        return data[(book << STRIDE_SHIFT) + SECOND];
    }

    long timer(final int book)
    {
        return data[(book << STRIDE_SHIFT) + TIMER];
    }

    long closedCount(final int book)
    {
        return data[(book << STRIDE_SHIFT) + CLOSED];
    }

    /**
     * Start a bar with its first trade.
     */
    void open(final int book, final long second, final long price, final long quantity, final long timer)
    {
        final long[] data = this.data;
        final int base = book << STRIDE_SHIFT;
        data[base + SECOND] = second;
        data[base + OPEN] = price;
        data[base + HIGH] = price;
        data[base + LOW] = price;
        data[base + CLOSE] = price;
        data[base + VOLUME] = quantity;
        data[base + TRADES] = 1;
        data[base + TIMER] = timer;
    }

    /**
     * Add a trade to the open bar. The volume saturates at {@link Long#MAX_VALUE}: a feed may trade quantities up to
     * it, and a bar's volume must not wrap negative.
     */
    void trade(final int book, final long price, final long quantity)
    {
        final long[] data = this.data;
        final int base = book << STRIDE_SHIFT;
        if (price > data[base + HIGH])
        {
            data[base + HIGH] = price;
        }
        if (price < data[base + LOW])
        {
            data[base + LOW] = price;
        }
        data[base + CLOSE] = price;
        final long volume = data[base + VOLUME] + quantity;
        data[base + VOLUME] = volume < 0 ? Long.MAX_VALUE : volume; // both positive: a wrap is an overflow, saturate
        data[base + TRADES]++;
    }

    /**
     * Close the open bar: fold it into {@code hash}, make it the last bar and count it. The caller deals with the
     * timer.
     *
     * @return the new running hash.
     */
    long close(final int book, final long instrumentId, final long hash)
    {
        final long[] data = this.data;
        final int base = book << STRIDE_SHIFT;
        long h = StateHash.fold(hash, instrumentId);
        for (int field = SECOND; field <= TRADES; field++)
        {
            h = StateHash.fold(h, data[base + field]);
        }
        System.arraycopy(data, base, data, base + LAST, TRADES + 1);
        data[base + SECOND] = NO_SECOND;
        data[base + TIMER] = EventWheel.NULL_HANDLE;
        data[base + CLOSED]++;
        return h;
    }

    /**
     * Fold the open bar, the last bar and the count of one book into {@code hash}.
     *
     * @return the new hash.
     */
    long digest(final int book, final long hash)
    {
        final int base = book << STRIDE_SHIFT;
        long h = hash;
        for (int field = SECOND; field <= CLOSED; field++)
        {
            if (TIMER != field)
            {
                h = StateHash.fold(h, data[base + field]);
            }
        }
        return h;
    }

    /**
     * Copy the open ({@code last == false}) or last closed bar into {@code into}.
     *
     * @return false, leaving {@code into} untouched, if there is no such bar.
     */
    boolean copy(final int book, final boolean last, final Bar into)
    {
        final int base = (book << STRIDE_SHIFT) + (last ? LAST : 0);
        final long[] data = this.data;
        if (NO_SECOND == data[base + SECOND])
        {
            return false;
        }
        into.set(data[base + SECOND], data[base + OPEN], data[base + HIGH], data[base + LOW], data[base + CLOSE],
            data[base + VOLUME], data[base + TRADES]);
        return true;
    }
}
