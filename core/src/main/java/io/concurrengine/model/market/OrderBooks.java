package io.concurrengine.model.market;

import org.agrona.collections.Long2LongHashMap;

import java.util.Arrays;

/**
 * The price levels of every book of one shard, in flat arrays indexed by book and level.
 * <p>
 * <b>Band.</b> A book covers {@code bandWidth} (a power of two) consecutive prices starting at its band base, fixed
 * when the book is created; a price is addressed by its offset {@code price - base} in {@code [0, bandWidth)}. Level
 * {@code offset} of book {@code b} is global level {@code (b << bandShift) | offset}.
 * <p>
 * <b>Levels.</b> One level array serves both sides: once an incoming order has matched, every resting bid is below
 * every resting offer, so a level holds bids or offers, never both. Each level is a circular doubly linked FIFO of
 * order slots of the {@link OrderPool} (the head's {@code prev} is the tail): append, unlink and head are O(1). A
 * bitmap per book marks non-empty levels; the best bid and offer and the number of non-empty levels per side are
 * kept per book. When a best level empties and its side still has levels, the next one is found by scanning the
 * bitmap words in between (at most {@code bandWidth / 64}) with {@link Long#numberOfTrailingZeros(long)} /
 * {@link Long#numberOfLeadingZeros(long)}; when the side is empty there is no scan.
 * <p>
 * <b>Per-book metadata</b> is interleaved so that one book costs two cache accesses, not one per field: a
 * {@code long[]} of {@code {base, instrumentId}} and an {@code int[]} of
 * {@code {bestBid, bestAsk, bidLevels, askLevels}} per book.
 * <p>
 * <b>Books.</b> Created on first use of an instrument (book numbers in order of creation) and kept for the life of
 * the shard. The instrument to book map is an Agrona {@link Long2LongHashMap}; its iteration order is never used. A
 * second array holds the instrument ids in ascending order for canonical iteration ({@link #bookByRank(int)}),
 * sorted when it is read after books were created, not as each book is: keeping it sorted on creation cost O(books)
 * a book, quadratic in all (a feed of 200,000 instruments first seen in descending id order took 68 s, against 8 s
 * in ascending order).
 * <p>
 * <b>Capacity:</b> creating a book beyond the current capacity doubles every per-book and per-level array (one
 * allocation and copy); creating a book is otherwise O(1). Reading the books in id order after new ones were
 * created sorts the ids, O(books log books). Everything else is allocation-free.
 * Memory is about {@code 4 * bandWidth + bandWidth / 8 + 44} bytes per book.
 * <p>
 * Not threadsafe.
 */
final class OrderBooks
{
    /** Price levels of all books together. */
    static final int MAX_PRICE_LEVELS = 1 << 30;

    static final int NO_BOOK = -1;

    private static final int NULL_SLOT = OrderPool.NULL_SLOT;
    private static final int LONGS_SHIFT = 1;
    private static final int BASE = 0;
    private static final int INSTRUMENT = 1;
    private static final int INTS_SHIFT = 2;
    private static final int BEST_BID = 0;
    private static final int BEST_ASK = 1;
    private static final int BID_LEVELS = 2;
    private static final int ASK_LEVELS = 3;

    private final int bandWidth;
    private final int bandShift;
    private final int wordsPerBook;
    private final OrderPool pool;
    private final Long2LongHashMap bookByInstrument;

    private long[] bookLongs;
    private int[] bookInts;
    private int[] levelHead;
    private long[] levelBits;
    /** Instrument ids ascending, of the first {@link #sortedBooks} books created: {@link #bookByRank(int)}. */
    private long[] sortedIds;
    private int sortedBooks;
    private int bookCount;

    /**
     * @param bandWidth    prices per book: a power of two in [64, 2^20].
     * @param initialBooks books before the first growth, positive.
     * @param pool         slots of the orders resting in these books.
     */
    OrderBooks(final int bandWidth, final int initialBooks, final OrderPool pool)
    {
        check(bandWidth, initialBooks);
        this.bandWidth = bandWidth;
        this.bandShift = Integer.numberOfTrailingZeros(bandWidth);
        this.wordsPerBook = bandWidth >> 6;
        this.pool = pool;
        this.bookByInstrument = new Long2LongHashMap(initialBooks * 2, 0.65f, NO_BOOK);
        bookLongs = new long[initialBooks << LONGS_SHIFT];
        bookInts = new int[initialBooks << INTS_SHIFT];
        sortedIds = new long[initialBooks];
        levelHead = new int[initialBooks << bandShift];
        levelBits = new long[initialBooks * wordsPerBook];
        Arrays.fill(levelHead, NULL_SLOT);
    }

    /**
     * Check the shape of books before anything is allocated for them or for their orders.
     *
     * @param bandWidth    prices per book: a power of two in [64, 2^20].
     * @param initialBooks books before the first growth, in [1, {@link #maxBooks(int)}].
     * @throws IllegalArgumentException naming the value out of range.
     */
    static void check(final int bandWidth, final int initialBooks)
    {
        if (bandWidth < 64 || bandWidth > (1 << 20) || Integer.bitCount(bandWidth) != 1)
        {
            throw new IllegalArgumentException("bandWidth=" + bandWidth + " must be a power of two in [64, 2^20]");
        }
        if (initialBooks < 1 || initialBooks > maxBooks(bandWidth))
        {
            throw new IllegalArgumentException("initialInstrumentCapacity=" + initialBooks + " must be in [1, " +
                maxBooks(bandWidth) + "] for bandWidth=" + bandWidth);
        }
    }

    int bookCount()
    {
        return bookCount;
    }

    /**
     * @param instrument instrument id.
     * @return its book, or {@link #NO_BOOK}.
     */
    int book(final long instrument)
    {
        return (int)bookByInstrument.get(instrument);
    }

    /**
     * Create the book of an instrument that has none.
     *
     * @param instrument instrument id.
     * @param base       lowest price of its band.
     * @return the new book.
     */
    int createBook(final long instrument, final long base)
    {
        if (bookCount == sortedIds.length)
        {
            growSlowPath();
        }
        final int book = bookCount++;
        bookLongs[(book << LONGS_SHIFT) + INSTRUMENT] = instrument;
        bookLongs[(book << LONGS_SHIFT) + BASE] = base;
        bookInts[(book << INTS_SHIFT) + BEST_BID] = -1;
        bookInts[(book << INTS_SHIFT) + BEST_ASK] = bandWidth;
        bookByInstrument.put(instrument, book);
        return book;
    }

    /**
     * @param rank position in ascending instrument id order, in [0, bookCount).
     * @return the book of that rank.
     */
    int bookByRank(final int rank)
    {
        if (sortedBooks != bookCount)
        {
            sortSlowPath();
        }
        return (int)bookByInstrument.get(sortedIds[rank]);
    }

    /**
     * Sort the instrument ids of every book: one id per book, so each rank names one book.
     */
    private void sortSlowPath()
    {
        final long[] ids = sortedIds;
        for (int book = 0; book < bookCount; book++)
        {
            ids[book] = instrumentId(book);
        }
        Arrays.sort(ids, 0, bookCount);
        sortedBooks = bookCount;
    }

    long instrumentId(final int book)
    {
        return bookLongs[(book << LONGS_SHIFT) + INSTRUMENT];
    }

    long bandBase(final int book)
    {
        return bookLongs[(book << LONGS_SHIFT) + BASE];
    }

    /**
     * @return offset of the best bid, or -1 if there is none.
     */
    int bestBid(final int book)
    {
        return bookInts[(book << INTS_SHIFT) + BEST_BID];
    }

    /**
     * @return offset of the best offer, or {@code bandWidth} if there is none.
     */
    int bestAsk(final int book)
    {
        return bookInts[(book << INTS_SHIFT) + BEST_ASK];
    }

    /**
     * @return the oldest order slot of a level, or {@link OrderPool#NULL_SLOT} if it is empty.
     */
    int head(final int book, final int offset)
    {
        return levelHead[(book << bandShift) | offset];
    }

    /**
     * Append an order at the tail of its level: it has the lowest time priority there.
     *
     * @param slot      the order, whose side is set.
     * @param book      its book.
     * @param offset    its price offset.
     */
    void append(final int slot, final int book, final int offset)
    {
        final OrderPool pool = this.pool;
        final int level = (book << bandShift) | offset;
        final int head = levelHead[level];
        pool.level(slot, level);
        if (NULL_SLOT == head)
        {
            pool.next(slot, slot);
            pool.prev(slot, slot);
            levelHead[level] = slot;
            levelBits[level >> 6] |= 1L << level;
            final int[] ints = bookInts;
            final int meta = book << INTS_SHIFT;
            if (MarketEvents.BUY == pool.side(slot))
            {
                ints[meta + BID_LEVELS]++;
                if (offset > ints[meta + BEST_BID])
                {
                    ints[meta + BEST_BID] = offset;
                }
            }
            else
            {
                ints[meta + ASK_LEVELS]++;
                if (offset < ints[meta + BEST_ASK])
                {
                    ints[meta + BEST_ASK] = offset;
                }
            }
        }
        else
        {
            final int tail = pool.prev(head);
            pool.next(tail, slot);
            pool.prev(slot, tail);
            pool.next(slot, head);
            pool.prev(head, slot);
        }
    }

    /**
     * Remove an order from its level, moving the best price on if the level empties. The slot stays allocated.
     *
     * @param slot an order resting in a level.
     */
    void unlink(final int slot)
    {
        final OrderPool pool = this.pool;
        final int level = pool.level(slot);
        final int next = pool.next(slot);
        if (next != slot)
        {
            final int prev = pool.prev(slot);
            pool.next(prev, next);
            pool.prev(next, prev);
            if (levelHead[level] == slot)
            {
                levelHead[level] = next;
            }
            return;
        }
        levelHead[level] = NULL_SLOT;
        levelBits[level >> 6] &= ~(1L << level);
        final int book = level >>> bandShift;
        final int offset = level & (bandWidth - 1);
        final int[] ints = bookInts;
        final int meta = book << INTS_SHIFT;
        if (MarketEvents.BUY == pool.side(slot))
        {
            if (0 == --ints[meta + BID_LEVELS])
            {
                ints[meta + BEST_BID] = -1;
            }
            else if (offset == ints[meta + BEST_BID])
            {
                ints[meta + BEST_BID] = previousLevel(book, offset);
            }
        }
        else if (0 == --ints[meta + ASK_LEVELS])
        {
            ints[meta + BEST_ASK] = bandWidth;
        }
        else if (offset == ints[meta + BEST_ASK])
        {
            ints[meta + BEST_ASK] = nextLevel(book, offset);
        }
    }

    /**
     * @param book   a book.
     * @param offset start, exclusive.
     * @return the lowest non-empty level above {@code offset}, or {@code bandWidth}.
     */
    int nextLevel(final int book, final int offset)
    {
        final int from = offset + 1;
        if (from >= bandWidth)
        {
            return bandWidth;
        }
        final long[] bits = levelBits;
        final int first = book * wordsPerBook;
        final int end = first + wordsPerBook;
        int word = first + (from >> 6);
        long value = bits[word] & (-1L << from);
        while (true)
        {
            if (0 != value)
            {
                return ((word - first) << 6) + Long.numberOfTrailingZeros(value);
            }
            if (++word == end)
            {
                return bandWidth;
            }
            value = bits[word];
        }
    }

    /**
     * @param book   a book.
     * @param offset start, exclusive.
     * @return the highest non-empty level below {@code offset}, or -1.
     */
    int previousLevel(final int book, final int offset)
    {
        final int from = offset - 1;
        if (from < 0)
        {
            return -1;
        }
        final long[] bits = levelBits;
        final int first = book * wordsPerBook;
        int word = first + (from >> 6);
        long value = bits[word] & (-1L >>> (63 - (from & 63)));
        while (true)
        {
            if (0 != value)
            {
                return ((word - first) << 6) + 63 - Long.numberOfLeadingZeros(value);
            }
            if (word-- == first)
            {
                return -1;
            }
            value = bits[word];
        }
    }

    /**
     * Fold a canonical digest of one book into {@code hash}: instrument id, band base, then every non-empty level in
     * ascending price with its orders in time priority (id, side, quantity, expiry time). O(non-empty levels +
     * orders).
     *
     * @return the new hash.
     */
    long digest(final int book, final long hash)
    {
        final OrderPool pool = this.pool;
        long h = StateHash.fold(hash, instrumentId(book));
        h = StateHash.fold(h, bandBase(book));
        for (int offset = nextLevel(book, -1); offset < bandWidth; offset = nextLevel(book, offset))
        {
            h = StateHash.fold(h, offset);
            final int head = head(book, offset);
            int slot = head;
            do
            {
                h = StateHash.fold(h, pool.orderId(slot));
                h = StateHash.fold(h, pool.side(slot));
                h = StateHash.fold(h, pool.quantity(slot));
                h = StateHash.fold(h, pool.expiry(slot));
                slot = pool.next(slot);
            }
            while (slot != head);
        }
        return h;
    }

    /**
     * Visit the orders of one book in ascending price, each level in time priority.
     */
    void forEachOrder(final int book, final RestingOrderVisitor visitor)
    {
        final OrderPool pool = this.pool;
        final long instrument = instrumentId(book);
        final long base = bandBase(book);
        for (int offset = nextLevel(book, -1); offset < bandWidth; offset = nextLevel(book, offset))
        {
            final int head = head(book, offset);
            int slot = head;
            do
            {
                visitor.onOrder(instrument, pool.orderId(slot), pool.side(slot), base + offset, pool.quantity(slot));
                slot = pool.next(slot);
            }
            while (slot != head);
        }
    }

    /**
     * @param bandWidth prices per book.
     * @return most books of that width: their price levels, {@value #MAX_PRICE_LEVELS} at most, index one array.
     */
    static int maxBooks(final int bandWidth)
    {
        return MAX_PRICE_LEVELS / bandWidth;
    }

    private void growSlowPath()
    {
        final int oldBooks = sortedIds.length;
        if (oldBooks >= maxBooks(bandWidth))
        {
            throw new IllegalStateException("too many books: books=" + oldBooks + " bandWidth=" + bandWidth);
        }
        // doubles, but from a capacity that is not a power of two stops at the largest, not one doubling below it
        final int newBooks = OrderPool.grownCapacity(oldBooks, maxBooks(bandWidth));
        bookLongs = Arrays.copyOf(bookLongs, newBooks << LONGS_SHIFT);
        bookInts = Arrays.copyOf(bookInts, newBooks << INTS_SHIFT);
        sortedIds = Arrays.copyOf(sortedIds, newBooks);
        levelBits = Arrays.copyOf(levelBits, newBooks * wordsPerBook);
        levelHead = Arrays.copyOf(levelHead, newBooks << bandShift);
        Arrays.fill(levelHead, oldBooks << bandShift, levelHead.length, NULL_SLOT);
    }
}
