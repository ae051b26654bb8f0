package io.concurrengine.model.market;

/**
 * Configuration of a {@link SyntheticOrderFlow}; fluent setters, values checked when the flow is built. The defaults
 * describe 4096 instruments with Zipf(1.1) activity, one million inputs per second of feed time in microseconds, and
 * the action mix 55 % add, 30 % cancel, 10 % execute, 5 % replace with 30 % of adds carrying a time in force of
 * 100 ms to 5 s.
 * <p>
 * Not threadsafe; build it on one thread and hand it to the flow's constructor.
 */
public final class OrderFlowConfig
{
    private long seed;
    private long streamId;
    private int instrumentCount = 4096;
    private long firstInstrumentId;
    private double zipfExponent = 1.1;
    private boolean shuffleInstruments = true;
    private long ticksPerSecond = MarketConfig.DEFAULT_TICKS_PER_SECOND;
    private double inputsPerSecond = 1_000_000.0;
    private long startTime;
    private int bandWidth = MarketConfig.DEFAULT_BAND_WIDTH;
    private int basePrice = 10_000;
    private int basePriceSpread = 90_000;
    private int addPercent = 55;
    private int cancelPercent = 30;
    private int executePercent = 10;
    private int replacePercent = 5;
    private int timeInForcePercent = 30;
    private long minTimeInForceMillis = 100;
    private long maxTimeInForceMillis = 5_000;
    private int maxQuantity = 100;
    private int maxLiveOrders = 1 << 18;
    private long firstOrderId = 1;

    /**
     * @param seed seed base of the flow's {@link io.concurrengine.core.rng.SimRng}.
     * @return this for a fluent API.
     */
    public OrderFlowConfig seed(final long seed)
    {
        this.seed = seed;
        return this;
    }

    /**
     * @param streamId chunk id of the flow's {@link io.concurrengine.core.rng.SimRng}: independent flows of one seed.
     * @return this for a fluent API.
     */
    public OrderFlowConfig streamId(final long streamId)
    {
        this.streamId = streamId;
        return this;
    }

    /**
     * @param count number of instruments, positive.
     * @return this for a fluent API.
     */
    public OrderFlowConfig instrumentCount(final int count)
    {
        this.instrumentCount = count;
        return this;
    }

    /**
     * @param id lowest instrument id; ids are {@code [id, id + instrumentCount)}.
     * @return this for a fluent API.
     */
    public OrderFlowConfig firstInstrumentId(final long id)
    {
        this.firstInstrumentId = id;
        return this;
    }

    /**
     * @param exponent Zipf exponent of instrument activity, non-negative; 0 is uniform.
     * @return this for a fluent API.
     */
    public OrderFlowConfig zipfExponent(final double exponent)
    {
        this.zipfExponent = exponent;
        return this;
    }

    /**
     * @param shuffle true (default) to give activity ranks to instrument ids in a seeded random order, so that the
     *                busiest instruments do not all land on the same shard; false to make rank r instrument
     *                {@code firstInstrumentId + r}.
     * @return this for a fluent API.
     */
    public OrderFlowConfig shuffleInstruments(final boolean shuffle)
    {
        this.shuffleInstruments = shuffle;
        return this;
    }

    /**
     * @param ticksPerSecond engine time units per second, positive.
     * @return this for a fluent API.
     */
    public OrderFlowConfig ticksPerSecond(final long ticksPerSecond)
    {
        this.ticksPerSecond = ticksPerSecond;
        return this;
    }

    /**
     * @param rate mean inputs per second of feed time; gaps are exponential. Positive.
     * @return this for a fluent API.
     */
    public OrderFlowConfig inputsPerSecond(final double rate)
    {
        this.inputsPerSecond = rate;
        return this;
    }

    /**
     * @param time feed time before the first input.
     * @return this for a fluent API.
     */
    public OrderFlowConfig startTime(final long time)
    {
        this.startTime = time;
        return this;
    }

    /**
     * @param bandWidth the model's band width, at least 64: prices stay inside the band of every instrument.
     * @return this for a fluent API.
     */
    public OrderFlowConfig bandWidth(final int bandWidth)
    {
        this.bandWidth = bandWidth;
        return this;
    }

    /**
     * @param price  lowest centre price of an instrument, in ticks, positive.
     * @param spread centres are drawn uniformly from {@code [price, price + spread)}, positive.
     * @return this for a fluent API.
     */
    public OrderFlowConfig basePrice(final int price, final int spread)
    {
        this.basePrice = price;
        this.basePriceSpread = spread;
        return this;
    }

    /**
     * @param add     percentage of ADD inputs.
     * @param cancel  percentage of CANCEL inputs.
     * @param execute percentage of EXECUTE inputs.
     * @param replace percentage of REPLACE inputs; the four add up to 100.
     * @return this for a fluent API.
     */
    public OrderFlowConfig mix(final int add, final int cancel, final int execute, final int replace)
    {
        this.addPercent = add;
        this.cancelPercent = cancel;
        this.executePercent = execute;
        this.replacePercent = replace;
        return this;
    }

    /**
     * @param percent   percentage of ADDs with a time in force, the others are good till cancelled.
     * @param minMillis shortest time in force, positive; in ticks rounded up, and at least one.
     * @param maxMillis longest time in force, at least {@code minMillis}; in ticks rounded down (not below the
     *                  shortest).
     * @return this for a fluent API.
     */
    public OrderFlowConfig timeInForce(final int percent, final long minMillis, final long maxMillis)
    {
        this.timeInForcePercent = percent;
        this.minTimeInForceMillis = minMillis;
        this.maxTimeInForceMillis = maxMillis;
        return this;
    }

    /**
     * @param quantity largest ADD quantity, in [1, Integer.MAX_VALUE / 2]; EXECUTEs take up to twice as much.
     * @return this for a fluent API.
     */
    public OrderFlowConfig maxQuantity(final int quantity)
    {
        this.maxQuantity = quantity;
        return this;
    }

    /**
     * @param count orders the flow remembers as live, positive: when full, an ADD becomes a CANCEL, which bounds the
     *              number of orders resting in the model to this count.
     * @return this for a fluent API.
     */
    public OrderFlowConfig maxLiveOrders(final int count)
    {
        this.maxLiveOrders = count;
        return this;
    }

    /**
     * @param id first order id; ids (and EXECUTE taker references) are consecutive from it. Give concurrent flows
     *           feeding one engine disjoint ranges.
     * @return this for a fluent API.
     */
    public OrderFlowConfig firstOrderId(final long id)
    {
        this.firstOrderId = id;
        return this;
    }

    long seed()
    {
        return seed;
    }

    long streamId()
    {
        return streamId;
    }

    int instrumentCount()
    {
        return instrumentCount;
    }

    long firstInstrumentId()
    {
        return firstInstrumentId;
    }

    double zipfExponent()
    {
        return zipfExponent;
    }

    boolean shuffleInstruments()
    {
        return shuffleInstruments;
    }

    long ticksPerSecond()
    {
        return ticksPerSecond;
    }

    double inputsPerSecond()
    {
        return inputsPerSecond;
    }

    long startTime()
    {
        return startTime;
    }

    int bandWidth()
    {
        return bandWidth;
    }

    int basePrice()
    {
        return basePrice;
    }

    int basePriceSpread()
    {
        return basePriceSpread;
    }

    int addPercent()
    {
        return addPercent;
    }

    int cancelPercent()
    {
        return cancelPercent;
    }

    int executePercent()
    {
        return executePercent;
    }

    int timeInForcePercent()
    {
        return timeInForcePercent;
    }

    /**
     * @return the shortest time in force in ticks: rounded up, and at least one tick (a time in force of 0 means none).
     */
    long minTimeInForceTicks()
    {
        return Math.max(1, -Math.floorDiv(-minTimeInForceMillis * ticksPerSecond, 1000));
    }

    /**
     * @return the longest time in force in ticks: rounded down, but not below {@link #minTimeInForceTicks()}.
     */
    long maxTimeInForceTicks()
    {
        return Math.max(minTimeInForceTicks(), maxTimeInForceMillis * ticksPerSecond / 1000);
    }

    int maxQuantity()
    {
        return maxQuantity;
    }

    /**
     * @return most orders the flow keeps live at once (it cancels before adding more): what a model fed by it should
     * be sized for.
     */
    public int maxLiveOrders()
    {
        return maxLiveOrders;
    }

    /**
     * Expiry timers a model fed by this flow has pending at once in the steady state, if every ADD with a time in force
     * rested: such ADDs per second of event time times their mean time in force. Fewer do rest (an ADD that fills at
     * once schedules no expiry; on the default flow at 1 M inputs/s a wheel held about half this), so it is a size to
     * allocate a wheel for, not an estimate. A wheel that cancels lazily, as the engine's does, keeps an expiry
     * cancelled by a fill or a CANCEL until it would have come due, and this counts it until then too.
     *
     * @return expiry timers pending at once, over all the flow's instruments.
     */
    public double pendingExpiryBound()
    {
        final double meanSeconds = (minTimeInForceTicks() + maxTimeInForceTicks()) / 2.0 / ticksPerSecond;
        return inputsPerSecond * (addPercent / 100.0) * (timeInForcePercent / 100.0) * meanSeconds;
    }

    long firstOrderId()
    {
        return firstOrderId;
    }

    void validate()
    {
        check(instrumentCount > 0, "instrumentCount", instrumentCount);
        check(ticksPerSecond > 0, "ticksPerSecond", ticksPerSecond);
        check(inputsPerSecond > 0 && !Double.isInfinite(inputsPerSecond), "inputsPerSecond", inputsPerSecond);
        check(bandWidth >= 64, "bandWidth", bandWidth);
        check(basePrice > 0, "basePrice", basePrice);
        check(basePriceSpread > 0 && (long)basePrice + basePriceSpread + bandWidth < Integer.MAX_VALUE,
            "basePriceSpread", basePriceSpread);
        check(addPercent >= 0 && cancelPercent >= 0 && executePercent >= 0 && replacePercent >= 0 &&
            addPercent + cancelPercent + executePercent + replacePercent == 100, "mix",
            addPercent + "/" + cancelPercent + "/" + executePercent + "/" + replacePercent);
        check(timeInForcePercent >= 0 && timeInForcePercent <= 100, "timeInForcePercent", timeInForcePercent);
        check(minTimeInForceMillis > 0, "minTimeInForceMillis", minTimeInForceMillis);
        check(maxTimeInForceMillis >= minTimeInForceMillis, "maxTimeInForceMillis", maxTimeInForceMillis);
        check(maxQuantity > 0 && maxQuantity <= Integer.MAX_VALUE / 2, "maxQuantity", maxQuantity);
        check(maxLiveOrders > 0, "maxLiveOrders", maxLiveOrders);
    }

    private static void check(final boolean valid, final String name, final Object value)
    {
        if (!valid)
        {
            throw new IllegalArgumentException(name + "=" + value + " is out of range");
        }
    }
}
