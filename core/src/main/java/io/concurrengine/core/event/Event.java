package io.concurrengine.core.event;

/**
 * A reusable on-heap copy of one event, filled when the event is taken from the queue and handed to a handler.
 * <p>
 * The queue owns one instance and refills it for every event, so a handler must copy what it wants to keep;
 * the instance stays valid, whatever the handler schedules, until the handler returns.
 * <p>
 * Not threadsafe.
 */
public final class Event
{
    private long time;
    private long seq;
    private int type;
    private long target;
    private long a0;
    private long a1;
    private long a2;
    private long a3;

    /**
     * Fill every field.
     *
     * @param time   when the event is due.
     * @param seq    its push sequence number.
     * @param type   its type.
     * @param target its target key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @return this for a fluent API.
     */
    public Event set(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        this.time = time;
        this.seq = seq;
        this.type = type;
        this.target = target;
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
        this.a3 = a3;
        return this;
    }

    /**
     * @return when the event is due; the clock reads this time while the event is dispatched.
     */
    public long time()
    {
        return time;
    }

    /**
     * @return the push sequence number: the tiebreak among events due at the same time.
     */
    public long seq()
    {
        return seq;
    }

    /**
     * @return the type, which selects the handler method.
     */
    public int type()
    {
        return type;
    }

    /**
     * @return the target key: actor, instrument or entity.
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

    @Override
    public String toString()
    {
        return "Event{time=" + time + ", seq=" + seq + ", type=" + type + ", target=" + target +
            ", a0=" + a0 + ", a1=" + a1 + ", a2=" + a2 + ", a3=" + a3 + '}';
    }
}
