package io.concurrengine.model.market;

/**
 * Configuration of one shard's {@link MarketModel}; fluent setters, values checked when the model is built.
 * <p>
 * Not threadsafe; build it on one thread and hand it to the model's constructor.
 */
public final class MarketConfig
{
    /** Default time unit: microseconds. */
    public static final long DEFAULT_TICKS_PER_SECOND = 1_000_000L;
    /** Default band of prices per instrument. */
    public static final int DEFAULT_BAND_WIDTH = 1024;
    /** Default number of books before the first growth. */
    public static final int DEFAULT_INITIAL_INSTRUMENT_CAPACITY = 256;
    /** Default number of resting orders before the first growth. */
    public static final int DEFAULT_INITIAL_ORDER_CAPACITY = 1 << 16;

    private long ticksPerSecond = DEFAULT_TICKS_PER_SECOND;
    private int bandWidth = DEFAULT_BAND_WIDTH;
    private int initialInstrumentCapacity = DEFAULT_INITIAL_INSTRUMENT_CAPACITY;
    private int initialOrderCapacity = DEFAULT_INITIAL_ORDER_CAPACITY;
    private FillListener fillListener = FillListener.NONE;

    /**
     * @param ticksPerSecond engine time units per second, e.g. 1_000_000 for microseconds; positive.
     * @return this for a fluent API.
     */
    public MarketConfig ticksPerSecond(final long ticksPerSecond)
    {
        this.ticksPerSecond = ticksPerSecond;
        return this;
    }

    /**
     * @param bandWidth prices per instrument: a power of two in [64, 2^20]. The band of an instrument is fixed by its
     *                  first ADD as {@code [price - bandWidth / 2, price + bandWidth / 2)}.
     * @return this for a fluent API.
     */
    public MarketConfig bandWidth(final int bandWidth)
    {
        this.bandWidth = bandWidth;
        return this;
    }

    /**
     * @param bandWidth prices per instrument's book.
     * @return the most instruments one model can hold books for at that band width.
     */
    public static int maxInstrumentCapacity(final int bandWidth)
    {
        return OrderBooks.maxBooks(bandWidth);
    }

    /**
     * @param capacity instruments with a book before the first growth; {@code capacity * bandWidth} at most 2^30.
     * @return this for a fluent API.
     */
    public MarketConfig initialInstrumentCapacity(final int capacity)
    {
        this.initialInstrumentCapacity = capacity;
        return this;
    }

    /**
     * @param capacity resting orders before the first growth, in [1, 2^27]; the pool takes 64 bytes per order.
     * @return this for a fluent API.
     */
    public MarketConfig initialOrderCapacity(final int capacity)
    {
        this.initialOrderCapacity = capacity;
        return this;
    }

    /**
     * @param listener told of every fill; {@link FillListener#NONE} by default.
     * @return this for a fluent API.
     */
    public MarketConfig fillListener(final FillListener listener)
    {
        if (null == listener)
        {
            throw new IllegalArgumentException("fillListener=null, use FillListener.NONE");
        }
        this.fillListener = listener;
        return this;
    }

    /**
     * @return engine time units per second.
     */
    public long ticksPerSecond()
    {
        return ticksPerSecond;
    }

    /**
     * @return prices per instrument.
     */
    public int bandWidth()
    {
        return bandWidth;
    }

    /**
     * @return instruments with a book before the first growth.
     */
    public int initialInstrumentCapacity()
    {
        return initialInstrumentCapacity;
    }

    /**
     * @return resting orders before the first growth.
     */
    public int initialOrderCapacity()
    {
        return initialOrderCapacity;
    }

    /**
     * @return the fill listener.
     */
    public FillListener fillListener()
    {
        return fillListener;
    }

    @Override
    public String toString()
    {
        return "MarketConfig{ticksPerSecond=" + ticksPerSecond + ", bandWidth=" + bandWidth +
            ", initialInstrumentCapacity=" + initialInstrumentCapacity +
            ", initialOrderCapacity=" + initialOrderCapacity + '}';
    }
}
