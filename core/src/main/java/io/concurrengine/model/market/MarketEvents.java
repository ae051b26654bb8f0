package io.concurrengine.model.market;

/**
 * The six event types of the market model and how their payload is packed into the four payload words. The target
 * is always the instrument id, which is also the routing key.
 * <pre>
 * type       a0                a1                          a2              a3
 * ADD        order id          side | price  (sidePrice)   quantity        time in force (0 = GTC)
 * CANCEL     order id          -                           -               -
 * EXECUTE    taker reference   side | price  (sidePrice)   quantity        flags: bit 0 = price is a limit
 * REPLACE    order id          new price                   new quantity    -
 * EXPIRE     order id          -                           -               -     (internal timer)
 * BAR_CLOSE  second index      -                           -               -     (internal timer)
 * </pre>
 * {@code sidePrice} is {@code (side << 32) | (price & 0xFFFF_FFFF)}: the side ({@link #BUY} or {@link #SELL}) in the
 * high word, the price in ticks as a signed 32-bit integer in the low word. Quantities are positive lots; the time in
 * force is a duration in the engine's time unit after the time the ADD is handled. The new price of a REPLACE is a
 * plain price in ticks (not packed: the side never changes).
 * <p>
 * Encoding and decoding are static, branch-light and allocate nothing.
 */
public final class MarketEvents
{
    /** A limit order: matches what it crosses at once, then rests with price-time priority. */
    public static final int ADD = 0;
    /** Cancel a resting order; an unknown id is counted as rejected. */
    public static final int CANCEL = 1;
    /** An immediate-or-cancel aggressive order: matches up to its quantity and limit, the remainder is dropped. */
    public static final int EXECUTE = 2;
    /** Change the price and/or quantity of a resting order; see {@link MarketModel} for the priority rule. */
    public static final int REPLACE = 3;
    /** Internal timer: the time in force of an order ran out. */
    public static final int EXPIRE = 4;
    /** Internal timer: the one-second bar of an instrument closes. */
    public static final int BAR_CLOSE = 5;

    /** Number of event types. */
    public static final int TYPE_COUNT = 6;

    /** Side of a bid. */
    public static final int BUY = 0;
    /** Side of an offer. */
    public static final int SELL = 1;

    /** {@code EXECUTE} flag: the price in {@code a1} is a limit; without it the order is a market order. */
    public static final long FLAG_LIMIT = 1L;

    private static final long LOW_WORD_MASK = 0xFFFF_FFFFL;

    private static final String[] NAMES = { "Add", "Cancel", "Execute", "Replace", "Expire", "BarClose" };

    private MarketEvents()
    {
    }

    /**
     * @param type an event type.
     * @return its name, e.g. {@code Add}, or {@code Unknown(type)}.
     */
    public static String name(final int type)
    {
        return type >= 0 && type < TYPE_COUNT ? NAMES[type] : "Unknown(" + type + ")";
    }

    /**
     * Pack a side and a price into one payload word.
     *
     * @param side  {@link #BUY} or {@link #SELL}.
     * @param price price in ticks.
     * @return the packed word.
     */
    public static long sidePrice(final int side, final int price)
    {
        return ((long)side << 32) | (price & LOW_WORD_MASK);
    }

    /**
     * @param sidePrice a word packed by {@link #sidePrice(int, int)}.
     * @return the side; any value other than {@link #BUY} or {@link #SELL} is invalid and rejected by the model.
     */
    public static int side(final long sidePrice)
    {
        return (int)(sidePrice >>> 32);
    }

    /**
     * @param sidePrice a word packed by {@link #sidePrice(int, int)}.
     * @return the price in ticks.
     */
    public static int price(final long sidePrice)
    {
        return (int)sidePrice;
    }

    /**
     * @param side a side.
     * @return the other side.
     */
    public static int opposite(final int side)
    {
        return side ^ 1;
    }
}
