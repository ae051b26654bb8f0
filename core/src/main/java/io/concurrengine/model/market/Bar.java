package io.concurrengine.model.market;

/**
 * A reusable holder of one OHLCV bar, filled by {@link MarketModel#currentBar(long, Bar)} and
 * {@link MarketModel#lastBar(long, Bar)}. Prices are in ticks, volume in lots (saturated at {@link Long#MAX_VALUE}).
 * <p>
 * Not threadsafe.
 */
public final class Bar
{
    private long second;
    private long open;
    private long high;
    private long low;
    private long close;
    private long volume;
    private long trades;

    Bar set(
        final long second,
        final long open,
        final long high,
        final long low,
        final long close,
        final long volume,
        final long trades)
    {
        this.second = second;
        this.open = open;
        this.high = high;
        this.low = low;
        this.close = close;
        this.volume = volume;
        this.trades = trades;
        return this;
    }

    /**
     * @return second index of the bar: it covers {@code [second, second + 1) * ticksPerSecond}.
     */
    public long second()
    {
        return second;
    }

    /**
     * @return price of the first trade.
     */
    public long open()
    {
        return open;
    }

    /**
     * @return highest trade price.
     */
    public long high()
    {
        return high;
    }

    /**
     * @return lowest trade price.
     */
    public long low()
    {
        return low;
    }

    /**
     * @return price of the last trade.
     */
    public long close()
    {
        return close;
    }

    /**
     * @return quantity traded.
     */
    public long volume()
    {
        return volume;
    }

    /**
     * @return number of fills.
     */
    public long trades()
    {
        return trades;
    }

    @Override
    public String toString()
    {
        return "Bar{second=" + second + ", open=" + open + ", high=" + high + ", low=" + low + ", close=" + close +
            ", volume=" + volume + ", trades=" + trades + '}';
    }
}
