package io.concurrengine.core.loop;

/**
 * What a handler may do while it handles an event: read the clock, schedule events and cancel them.
 * <p>
 * An event scheduled here enters the queue at once with the next sequence number, so events scheduled by one handler
 * call are dispatched in the order they were scheduled when their times tie, and after every event already pending
 * for the same time. An event scheduled for a time before the clock is clamped to the clock and counted.
 * <p>
 * An event scheduled for the clock's own time is dispatched before the clock moves on; so is one scheduled with any
 * delay once the clock is at {@link Long#MAX_VALUE}, where due times saturate. A handler that always schedules such
 * an event again (a timer that re-arms itself) keeps its loop at that instant for ever: a live engine's shard then
 * never drains nor stops.
 * <p>
 * Zero allocation. Not threadsafe: use only on the run loop's thread, from inside a handler or between runs.
 */
public interface EventContext
{
    /**
     * @return the clock: the time of the event being handled.
     */
    long now();

    /**
     * Schedule an event at an absolute time.
     *
     * @param time   when it is due.
     * @param type   its type, non-negative.
     * @param target its target key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @return a handle for {@link #cancel(long)}.
     * @throws IllegalArgumentException if {@code type} is negative; nothing was scheduled.
     * @throws io.concurrengine.core.wheel.ArenaFullException if the shard's wheel holds as many events as it can;
     * nothing was scheduled.
     */
    long scheduleAt(long time, int type, long target, long a0, long a1, long a2, long a3);

    /**
     * Schedule an event at an absolute time with an empty payload.
     *
     * @param time   when it is due.
     * @param type   its type, non-negative.
     * @param target its target key.
     * @return a handle for {@link #cancel(long)}.
     */
    default long scheduleAt(final long time, final int type, final long target)
    {
        return scheduleAt(time, type, target, 0, 0, 0, 0);
    }

    /**
     * Schedule an event {@code delay} time units after the clock.
     *
     * @param delay  time units after {@link #now()}; negative delays are clamped to now.
     * @param type   its type, non-negative.
     * @param target its target key.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @return a handle for {@link #cancel(long)}.
     */
    default long scheduleAfter(
        final long delay,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        return scheduleAt(timeAfter(now(), delay), type, target, a0, a1, a2, a3);
    }

    /**
     * Schedule an event {@code delay} time units after the clock with an empty payload.
     *
     * @param delay  time units after {@link #now()}.
     * @param type   its type, non-negative.
     * @param target its target key.
     * @return a handle for {@link #cancel(long)}.
     */
    default long scheduleAfter(final long delay, final int type, final long target)
    {
        return scheduleAt(timeAfter(now(), delay), type, target, 0, 0, 0, 0);
    }

    /**
     * {@code now + delay}, saturated at {@link Long#MAX_VALUE} and {@link Long#MIN_VALUE}: a huge delay means "far in
     * the future", never an overflow to a time before the clock (which would be clamped to now and fire at once), and
     * a huge negative one the past (clamped to now), never the far future.
     *
     * @param now   the clock.
     * @param delay time units after it.
     * @return the due time.
     */
    private static long timeAfter(final long now, final long delay)
    {
        final long time = now + delay;
        if (delay > 0 && time < now)
        {
            return Long.MAX_VALUE;
        }
        return delay < 0 && time > now ? Long.MIN_VALUE : time; // a huge negative delay: the past, clamped to now
    }

    /**
     * Cancel a pending event.
     *
     * @param handle returned when it was scheduled.
     * @return true if it was pending and is cancelled; false for a stale handle, which is not applied to a later event
     * within 2<sup>32</sup> generations of its record (see {@link io.concurrengine.core.wheel.EventWheel}).
     */
    boolean cancel(long handle);
}
