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
     * @throws IllegalArgumentException for a type a feed does not carry (EXPIRE, BAR_CLOSE are internal timers).
     */
    static StringBuilder appendLine(final MarketInput input, final StringBuilder out)
    {
        final int type = input.type();
        if (type < MarketEvents.ADD || type > MarketEvents.REPLACE)
        {
            throw new IllegalArgumentException("not a feed input: " + input);
        }
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

    private static StringBuilder appendSidePrice(final StringBuilder out, final long sidePrice, final boolean market)
    {
        out.append(',').append(MarketEvents.side(sidePrice) == MarketEvents.BUY ? "buy" : "sell").append(',');
        return market ? out.append("market") : out.append(MarketEvents.price(sidePrice));
    }
}
