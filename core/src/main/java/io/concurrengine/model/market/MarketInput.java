package io.concurrengine.model.market;

import io.concurrengine.core.wheel.EventWheel;

/**
 * A reusable holder of one input of the market model, filled by {@link SyntheticOrderFlow#next(MarketInput)}: an
 * event type of {@link MarketEvents}, the target instrument, four payload words and the feed time at which it enters
 * the engine.
 * <p>
 * Not threadsafe; the holder is overwritten by the next call that fills it.
 */
public final class MarketInput
{
    private int type;
    private long target;
    private long a0;
    private long a1;
    private long a2;
    private long a3;
    private long feedTime;

    /**
     * Fill every field.
     *
     * @param type     event type of {@link MarketEvents}.
     * @param target   instrument id.
     * @param a0       payload word 0.
     * @param a1       payload word 1.
     * @param a2       payload word 2.
     * @param a3       payload word 3.
     * @param feedTime when the input enters the engine, in the engine's time unit.
     * @return this for a fluent API.
     */
    public MarketInput set(
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long feedTime)
    {
        this.type = type;
        this.target = target;
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
        this.a3 = a3;
        this.feedTime = feedTime;
        return this;
    }

    /**
     * Schedule this input on a wheel at its feed time: the single-threaded way to drive a {@link MarketModel}.
     *
     * @param wheel the shard's wheel.
     * @return the wheel handle.
     */
    public long pushTo(final EventWheel wheel)
    {
        return wheel.push(feedTime, type, target, a0, a1, a2, a3);
    }

    /**
     * @return event type of {@link MarketEvents}.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return instrument id: the routing key.
     */
    public long target()
    {
        return target;
    }

    /**
     * @return payload word 0.
     */
    public long a0()
    {
        return a0;
    }

    /**
     * @return payload word 1.
     */
    public long a1()
    {
        return a1;
    }

    /**
     * @return payload word 2.
     */
    public long a2()
    {
        return a2;
    }

    /**
     * @return payload word 3.
     */
    public long a3()
    {
        return a3;
    }

    /**
     * @return when the input enters the engine, in the engine's time unit.
     */
    public long feedTime()
    {
        return feedTime;
    }

    @Override
    public String toString()
    {
        return "MarketInput{" + MarketEvents.name(type) + ", target=" + target + ", a0=" + a0 + ", a1=" + a1 +
            ", a2=" + a2 + ", a3=" + a3 + ", feedTime=" + feedTime + '}';
    }
}
