package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;

import java.util.Locale;

/**
 * Writes a market input as the feed line {@link MarketFeedFile} reads back as it ({@link MarketFeedFile#appendLine}).
 * Stateless and threadsafe.
 */
final class FeedLineWriter
{
    private FeedLineWriter()
    {
    }

    /**
     * Write the line this reader reads back as {@code input} (no line end).
     *
     * @param input an ADD, CANCEL, EXECUTE or REPLACE of the market model.
     * @param out   destination.
     * @return {@code out}.
     * @throws IllegalArgumentException for an input no line reads back as, as {@link #unwritable} says it.
     */
    static StringBuilder appendLine(final MarketInput input, final StringBuilder out)
    {
        final String unwritable = unwritable(input);
        if (null != unwritable)
        {
            throw new IllegalArgumentException("not a feed input: " + unwritable + ": " + input);
        }
        final int type = input.type();
        out.append(input.feedTime()).append(',').append(MarketEvents.name(type).toLowerCase(Locale.ROOT))
            .append(',').append(input.target()).append(',').append(input.a0());
        switch (type)
        {
            case MarketEvents.ADD:
                appendSidePrice(out, input.a1(), false).append(',').append(input.a2());
                if (0 != input.a3())
                {
                    out.append(',').append(input.a3());
                }
                break;
            case MarketEvents.EXECUTE:
                appendSidePrice(out, input.a1(), 0 == (input.a3() & MarketEvents.FLAG_LIMIT))
                    .append(',').append(input.a2());
                break;
            case MarketEvents.REPLACE:
                out.append(',').append(input.a1()).append(',').append(input.a2());
                break;
            default:
                break;
        }
        return out;
    }

    /**
     * What of an input a feed line cannot hold, such as one an embedder published directly: a type a feed does not
     * carry (EXPIRE and BAR_CLOSE are the model's own timers), a negative time, a side that is neither buy nor sell, a
     * REPLACE price beyond 32 bits, an EXECUTE flag other than its limit bit, or a payload word its line leaves out
     * (a market EXECUTE's price, CANCEL's and REPLACE's unused words) that is not zero. Such a line would be refused
     * by the reader or read back as another input, which the model may take where it rejected this one.
     *
     * @param input an input.
     * @return null if {@link #appendLine} writes a line read back as {@code input}, else what it cannot write.
     */
    static String unwritable(final MarketInput input)
    {
        final int type = input.type();
        if (type < MarketEvents.ADD || type > MarketEvents.REPLACE)
        {
            final boolean timer = MarketEvents.EXPIRE == type || MarketEvents.BAR_CLOSE == type;
            return "its type " + type + " (" + MarketEvents.name(type) + ") is not add, cancel, execute or replace" +
                (timer ? ": it is one of the model's own timers" : "");
        }
        if (input.feedTime() < 0)
        {
            return "its time " + input.feedTime() + " is negative";
        }
        switch (type)
        {
            case MarketEvents.ADD:
                return unwritableSide(input.a1());
            case MarketEvents.CANCEL:
                return 0 == input.a1() && 0 == input.a2() && 0 == input.a3() ? null :
                    "its payload words a1, a2, a3 (" + input.a1() + ", " + input.a2() + ", " + input.a3() +
                    ") are not zero, and a cancel line carries the order id only";
            case MarketEvents.EXECUTE:
                if (0 != (input.a3() & ~MarketEvents.FLAG_LIMIT))
                {
                    return "its flags " + input.a3() + " are neither 0 (market) nor 1 (limit price)";
                }
                if (0 == input.a3() && 0 != MarketEvents.price(input.a1()))
                {
                    return "it is a market order with a price word of " + MarketEvents.price(input.a1()) +
                        ", and a market line carries no price";
                }
                return unwritableSide(input.a1());
            default:
                if (input.a1() != (int)input.a1())
                {
                    return "its new price " + input.a1() + " does not fit in 32 bits";
                }
                return 0 == input.a3() ? null :
                    "its payload word a3 (" + input.a3() + ") is not zero, and a replace line leaves it out";
        }
    }

    private static String unwritableSide(final long sidePrice)
    {
        final int side = MarketEvents.side(sidePrice);
        return MarketEvents.BUY == side || MarketEvents.SELL == side ? null :
            "its side " + side + " is neither buy (0) nor sell (1)";
    }

    private static StringBuilder appendSidePrice(final StringBuilder out, final long sidePrice, final boolean market)
    {
        out.append(',').append(MarketEvents.side(sidePrice) == MarketEvents.BUY ? "buy" : "sell").append(',');
        return market ? out.append("market") : out.append(MarketEvents.price(sidePrice));
    }
}
