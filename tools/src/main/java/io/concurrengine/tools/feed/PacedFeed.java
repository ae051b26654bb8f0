package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Engine;
import org.HdrHistogram.Histogram;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the seeded synthetic order flow, or another {@link InputSource} such as a recorded feed file, from one
 * thread, as fast as possible or paced at a fixed rate, until a count, a deadline, a stop request, the end of the
 * source or a closed sink ends it. Feed times come from the source alone, so in event-time mode the same seed (or
 * file) and count give the same inputs however fast they were sent.
 * <p>
 * Paced inputs carry the time they were due on the schedule {@code start + n / rate}, so a stall anywhere shows up in
 * the latency of every input it delayed instead of silently slowing the feed (no coordinated omission); a feed that
 * falls behind publishes without waiting until it has caught up, past its deadline too if the inputs due before it
 * are still to be sent (a {@link #requestStop()} ends it at once). A paced feed's duration is its schedule's, counted
 * from its first input's time: it publishes the inputs due before {@code start + duration}, {@code duration * rate}
 * of them, so a paced run of a given duration has one count, and in event-time mode one state hash. Unpaced inputs
 * carry the time of a clock reading taken once every {@value #UNPACED_CLOCK_STRIDE} inputs, and after each of the
 * source's reads ({@link InputSource#reads()}), after the input is taken from the source and before its publication:
 * their latency is at most that many inputs' publishing time (a few microseconds) too long, for one clock read (~30 ns
 * on a VM) per stride instead of per input, and never holds a wait for the source's upstream.
 * How it waits for an input's time is its {@link Pacing}: {@link Pacing#SPIN} parks only for waits longer than
 * {@link #SPIN_THRESHOLD_NANOS} and spins the rest, so each input leaves close to its time at the cost of a core at high
 * rates; {@link Pacing#PARK} parks for every wait and, when the park overshoots (tens of microseconds on Linux),
 * publishes every input that has come due back to back, as a packet, leaving the core to the engine. Either way the
 * wait counts in the latency from the intended time.
 * <p>
 * A paced feed also records, per input, how late it was ready to publish: the clock reading after its wait minus the
 * time the input was due ({@link #publishLateness()}). That is the feed's own share of the latency an engine measures
 * from the intended time, e.g. a parked thread woken late. A benchmark that leaves its first seconds out of its
 * latency figures leaves them out of this one too ({@link #skipLatenessFor(long)}).
 * <p>
 * Allocation-free per input. {@link #run()} on one thread; the other methods from any thread.
 */
public final class PacedFeed implements Runnable
{
    /**
     * The fastest paced rate: one input a nanosecond, the resolution of the feed's schedule. A faster one would send
     * every input at the schedule's start, which is as fast as possible measured as if each had waited since then.
     */
    public static final double MAX_RATE = 1e9;

    /**
     * The slowest paced rate, one input in about 11.6 days: the schedule's times stay within the clock's 64 bits
     * however slow the feed is asked to be.
     */
    public static final double MIN_RATE = 1e-6;

    /**
     * How many ulps of its due time a schedule's quotient may be from a whole nanosecond and still be that nanosecond:
     * the rate's rounding to a double, the product's and the quotient's are at most an ulp and a half together.
     */
    private static final int SCHEDULE_ULPS = 4;

    /** With {@link Pacing#SPIN}, waits longer than this park the thread; shorter ones spin. */
    public static final long SPIN_THRESHOLD_NANOS = 50_000;

    /**
     * How a paced feed waits for an input's time.
     */
    public enum Pacing
    {
        /** Spin through short waits: inputs leave at their time, the feed thread keeps a core busy at high rates. */
        SPIN(SPIN_THRESHOLD_NANOS),

        /** Park for every wait and publish what came due meanwhile together: the engine keeps the core. */
        PARK(0);

        private final long spinThresholdNanos;

        Pacing(final long spinThresholdNanos)
        {
            this.spinThresholdNanos = spinThresholdNanos;
        }
    }

    /** The deadline or origin meaning "none": the feed is bounded by count or stop request only. */
    public static final long NO_DEADLINE = Long.MAX_VALUE;

    /** Returned by a {@link Sink} that takes no more input: the engine's code, which the bench pipelines share. */
    public static final long CLOSED = Engine.CLOSED;

    private static final long HIGHEST_LATENESS_NANOS = TimeUnit.HOURS.toNanos(1);
    private static final VarHandle PUBLISHED;

    static
    {
        try
        {
            PUBLISHED = MethodHandles.lookup().findVarHandle(PacedFeed.class, "published", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }
    private static final int DEADLINE_CHECK_MASK = 1023;
    /** Unpaced inputs per clock reading; a power of two. */
    static final int UNPACED_CLOCK_STRIDE = 64;

    /**
     * Where the inputs go: an engine's or a pipeline's publish.
     */
    @FunctionalInterface
    public interface Sink
    {
        /**
         * @param target        routing and target key.
         * @param type          event type.
         * @param feedTime      feed time in engine units.
         * @param a0            payload word 0.
         * @param a1            payload word 1.
         * @param a2            payload word 2.
         * @param a3            payload word 3.
         * @param intendedNanos {@code System.nanoTime()} the input was due to be sent.
         * @return non-negative if accepted, {@link #CLOSED} once the sink takes no more, another negative value if
         * refused (counted, and the feed carries on).
         */
        long publish(long target, int type, long feedTime, long a0, long a1, long a2, long a3, long intendedNanos);

        /**
         * The feed ended (at the end of its source, stopped, or at a failure of its source: a malformed record, a
         * read that failed), not stopped by the sink nor by a publish that threw, and the last input the sink took
         * was of {@code lastFeedTime}: an event-time engine moves every shard's clock to it ({@code
         * Engine.advanceTo}), so every shard ends at the same time. Not called if the sink took none. Does nothing by
         * default.
         *
         * @param lastFeedTime feed time of the last input the sink took (refused ones after it do not count).
         * @return false if the sink took no more.
         */
        default boolean advanceTo(long lastFeedTime)
        {
            return true;
        }
    }

    private final Sink sink;
    private final InputSource source;
    private final MarketInput input = new MarketInput();
    private final double rate;
    private final long spinThresholdNanos;
    private final long maxInputs;
    private final long durationNanos;
    private final long originNanos;
    private final Histogram lateness = new Histogram(1, HIGHEST_LATENESS_NANOS, 3);
    private long latenessSkipNanos;
    private volatile long published;
    private volatile long refused;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile long stopRequestedNanos;
    private volatile long unsentDueInputs;
    private volatile boolean stopRequested;
    private volatile Thread runner;
    private volatile boolean finished;
    private volatile RuntimeException failure;

    /**
     * @param sink          where to publish.
     * @param flow          the order flow's shape and seed.
     * @param rate          inputs per second, or 0 (or less) for as fast as possible.
     * @param pacing        how to wait for an input's time when paced.
     * @param maxInputs     inputs to publish, or 0 (or less) for no limit.
     * @param durationNanos how long to publish, or 0 (or less) for no limit.
     * @param originNanos   {@code System.nanoTime()} the duration counts from, or {@link #NO_DEADLINE} to count it
     *                      from the start of {@link #run()}.
     */
    public PacedFeed(
        final Sink sink,
        final OrderFlowConfig flow,
        final double rate,
        final Pacing pacing,
        final long maxInputs,
        final long durationNanos,
        final long originNanos)
    {
        this(sink, InputSource.of(new SyntheticOrderFlow(flow)), rate, pacing, maxInputs, durationNanos, originNanos);
    }

    /**
     * A feed of any source; it also ends at the end of the source, or at a malformed record of a source that stops
     * there ({@link #failure()}).
     *
     * @param sink          where to publish.
     * @param source        where the inputs come from.
     * @param rate          inputs per second, in [{@link #MIN_RATE}, {@link #MAX_RATE}], or 0 (or less) for as fast
     *                      as possible.
     * @param pacing        how to wait for an input's time when paced.
     * @param maxInputs     inputs to publish, or 0 (or less) for no limit.
     * @param durationNanos how long to publish, or 0 (or less) for no limit.
     * @param originNanos   {@code System.nanoTime()} the duration counts from, or {@link #NO_DEADLINE} to count it
     *                      from the start of {@link #run()}.
     * @throws IllegalArgumentException if the rate is positive and out of that range, or not a number.
     */
    public PacedFeed(
        final Sink sink,
        final InputSource source,
        final double rate,
        final Pacing pacing,
        final long maxInputs,
        final long durationNanos,
        final long originNanos)
    {
        if (rate > MAX_RATE || (rate > 0 && rate < MIN_RATE) || Double.isNaN(rate))
        {
            throw new IllegalArgumentException("rate=" + rate + " must be at most 0 (as fast as possible) or in [" +
                MIN_RATE + ", " + MAX_RATE + "] inputs per second");
        }
        this.sink = sink;
        this.source = source;
        this.rate = rate;
        this.spinThresholdNanos = pacing.spinThresholdNanos;
        this.maxInputs = maxInputs > 0 ? maxInputs : Long.MAX_VALUE;
        this.durationNanos = durationNanos > 0 ? durationNanos : NO_DEADLINE;
        this.originNanos = originNanos;
    }

    /**
     * Record {@link #publishLateness()} only for inputs due {@code skipNanos} or more after the start of {@link #run()},
     * as a benchmark that leaves its first seconds out of its latency figures does. Call before {@link #run()}.
     *
     * @param skipNanos time from the start whose inputs' lateness is not recorded; 0, the default, records every input.
     * @return this.
     */
    public PacedFeed skipLatenessFor(final long skipNanos)
    {
        if (skipNanos < 0)
        {
            throw new IllegalArgumentException("skipNanos=" + skipNanos);
        }
        latenessSkipNanos = skipNanos;
        return this;
    }

    @Override
    public void run()
    {
        final Sink sink = this.sink;
        final InputSource source = this.source;
        final MarketInput input = this.input;
        final long maxInputs = this.maxInputs;
        final boolean paced = rate > 0;
        final long spinThresholdNanos = this.spinThresholdNanos;
        runner = Thread.currentThread();
        final long start = System.nanoTime();
        startNanos = start;
        final long latenessFrom = start + latenessSkipNanos;
        final long deadline = NO_DEADLINE == durationNanos ? NO_DEADLINE :
            (NO_DEADLINE == originNanos ? start : originNanos) + durationNanos;
        // a paced feed's duration is its schedule's: the inputs due before start + duration, however late they go
        final long scheduleEnd = NO_DEADLINE == durationNanos ? NO_DEADLINE : start + durationNanos;
        long count = 0;
        long refusals = 0;
        long unpacedIntended = start;
        long sourceReads = source.reads();
        long lastFeedTime = 0;
        boolean accepted = false;
        boolean ended = true;
        boolean stoppedBetweenInputs = false;
        try
        {
            while (count < maxInputs)
            {
                if (stopRequested)
                {
                    // not in a wait for the next input's time nor in the source: any input due by now is unsent
                    stoppedBetweenInputs = true;
                    break;
                }
                long intended = unpacedIntended;
                if (paced)
                {
                    intended = start + scheduled(count, rate);
                    if (NO_DEADLINE != scheduleEnd && intended - scheduleEnd >= 0)
                    {
                        break; // due at or after the schedule's end: the run is over before its time comes
                    }
                    final long late = awaitTime(intended, spinThresholdNanos);
                    if (stopRequested)
                    {
                        break; // the wait was cut short by the stop: the input is not due yet
                    }
                    if (intended - latenessFrom >= 0)
                    {
                        lateness.recordValue(Math.min(late, HIGHEST_LATENESS_NANOS));
                    }
                }
                // Unpaced only: a paced feed behind its schedule at the deadline still owes the inputs due before it,
                // and sends them late (their latency from the intended time is the stall), as it does in mid-run.
                if (!paced && (count & DEADLINE_CHECK_MASK) == 0 && NO_DEADLINE != deadline &&
                    System.nanoTime() - deadline >= 0)
                {
                    break;
                }
                final boolean more;
                try
                {
                    more = source.next(input);
                }
                catch (final RuntimeException ex)
                {
                    if (!stopRequested) // a source released by the stop (an interrupted read) has not failed
                    {
                        // the sink took the inputs before it and is sound: it ends as at the end of the source, so
                        // that what it took ends the same on any number of shards (a run of those inputs alone)
                        failure = ex;
                    }
                    break;
                }
                if (!more)
                {
                    break;
                }
                if (!paced)
                {
                    // read after the source, so that a wait for its upstream (a connection, a quiet pipe) is no
                    // input's latency: once a stride, and after every read of the source that may have waited
                    final long reads = source.reads();
                    if ((count & (UNPACED_CLOCK_STRIDE - 1)) == 0 || reads != sourceReads)
                    {
                        sourceReads = reads;
                        unpacedIntended = System.nanoTime();
                    }
                    intended = unpacedIntended;
                }
                final long result;
                try
                {
                    result = sink.publish(input.target(), input.type(), input.feedTime(),
                        input.a0(), input.a1(), input.a2(), input.a3(), intended);
                }
                catch (final RuntimeException ex)
                {
                    failure = ex; // the run reports it and fails, with the inputs before it journaled
                    ended = false;
                    break;
                }
                if (CLOSED == result)
                {
                    ended = false;
                    break;
                }
                if (result < 0)
                {
                    refusals++;
                    refused = refusals;
                }
                else
                {
                    // a refused input moves no clock: its time would fire timers that a re-run of what was taken
                    // (feed --journal) never reaches
                    lastFeedTime = input.feedTime();
                    accepted = true;
                }
                count++;
                // a release store, a plain one on x86: progress sees every input, also one at a time from a slow pipe
                PUBLISHED.setRelease(this, count);
            }
            if (ended && accepted)
            {
                sink.advanceTo(lastFeedTime);
            }
        }
        catch (final RuntimeException ex)
        {
            failure = ex;
        }
        finally
        {
            endNanos = System.nanoTime();
            if (paced && stoppedBetweenInputs)
            {
                final long stoppedAt = stopRequestedNanos - start;
                final long dueBy = NO_DEADLINE == durationNanos ? stoppedAt : Math.min(stoppedAt, durationNanos - 1);
                unsentDueInputs = Math.max(0, dueInputs(dueBy) - count);
            }
            published = count;
            refused = refusals;
            finished = true;
        }
    }

    /**
     * @return how many of a paced schedule's inputs are due at or before {@code sinceStart} after its start, at most
     * the feed's count; 0 if that is before the start.
     */
    private long dueInputs(final long sinceStart)
    {
        if (sinceStart < 0)
        {
            return 0;
        }
        long due = (long)Math.min(maxInputs, Math.floor(sinceStart * rate / 1e9) + 1);
        // the schedule's times are start + scheduled(n, rate): count the inputs as run() times them
        while (due > 0 && scheduled(due - 1, rate) > sinceStart)
        {
            due--;
        }
        while (due < maxInputs && scheduled(due, rate) <= sinceStart)
        {
            due++;
        }
        return due;
    }

    /**
     * @param n    an input's place in a paced schedule, from 0.
     * @param rate the schedule's inputs per second.
     * @return when input {@code n} is due, in nanoseconds after the schedule's start: {@code n / rate} seconds, rounded
     * down. Divided by the rate rather than multiplied by a rounded interval, whose error could put an input due on a
     * whole nanosecond one nanosecond early: at 1,370 inputs/s, input 137 is due at 100 ms, the end of a 100 ms run.
     * A quotient within a few ulps of a whole nanosecond is that nanosecond: a decimal rate has no exact double
     * ({@code 2.2} is a little more than 2.2), nor has a product past 2^53, so input 33 at 2.2 inputs/s came out at
     * 14,999,999,999.999998 ns and was due one nanosecond before the end of a 15 s run, not at it.
     */
    static long scheduled(final long n, final double rate)
    {
        final double due = n * 1e9 / rate;
        final double nearest = Math.rint(due);
        return (long)(Math.abs(due - nearest) <= SCHEDULE_ULPS * Math.ulp(due) ? nearest : due);
    }

    /**
     * Wait until {@code intended}, or until a stop is requested ({@link #requestStop()} unparks the thread).
     *
     * @return nanoseconds past {@code intended} at the clock reading that ended the wait, 0 or more; meaningless after
     * a stop.
     */
    private long awaitTime(final long intended, final long spinThresholdNanos)
    {
        long remaining;
        while ((remaining = intended - System.nanoTime()) > 0 && !stopRequested)
        {
            if (remaining > spinThresholdNanos)
            {
                LockSupport.parkNanos(remaining - spinThresholdNanos);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
        return -remaining;
    }

    /**
     * How late a paced feed was ready to publish each input, in nanoseconds; empty when unpaced. Complete once
     * {@link #finished()}; read it only then.
     *
     * @return the feed's histogram (not a copy).
     */
    public Histogram publishLateness()
    {
        return lateness;
    }

    /**
     * Ask {@link #run()} to return before its next input; a paced feed waiting for its next input's time stops waiting.
     */
    public void requestStop()
    {
        if (!stopRequested)
        {
            stopRequestedNanos = System.nanoTime(); // before the flag: run() reads it once it sees the flag
        }
        stopRequested = true;
        final Thread runner = this.runner;
        if (null != runner)
        {
            LockSupport.unpark(runner); // a paced feed parked until its next input's time
        }
    }

    /**
     * @return inputs published so far (each one as it is published).
     */
    public long published()
    {
        return published;
    }

    /**
     * How far behind its schedule a paced feed was when a {@link #requestStop()} ended it: the inputs due by the time
     * of the stop (and before the schedule's end) that it had not sent. They were never published, so their wait is in
     * no latency measured from the intended time: a feed stopped far behind (a rate the sink could not take) leaves
     * out of the latency exactly the inputs that waited longest. Counted from the schedule alone, for a stop that
     * found the feed between inputs (after a publish); a stop that found it waiting for its source (a quiet pipe)
     * counts none, since the source had no input to send. A source that would have ended before them (a short file)
     * never had them to send: the count is the schedule's, not the source's.
     *
     * @return those inputs; 0 for an unpaced feed, one that ended otherwise, or before {@link #finished()}.
     */
    public long unsentDueInputs()
    {
        return unsentDueInputs;
    }

    /**
     * @return inputs the sink refused so far (counted in {@link #published()}).
     */
    public long refused()
    {
        return refused;
    }

    /**
     * @return {@code System.nanoTime()} when {@link #run()} started, 0 before.
     */
    public long startNanos()
    {
        return startNanos;
    }

    /**
     * @return {@code System.nanoTime()} when {@link #run()} ended, 0 before.
     */
    public long endNanos()
    {
        return endNanos;
    }

    /**
     * @return what stopped the feed before its end (a {@link FeedFormatException} of a source that stops at a
     * malformed record, or an {@link java.io.UncheckedIOException}), or null. Exact once {@link #finished()}.
     */
    public RuntimeException failure()
    {
        return failure;
    }

    /**
     * @return true once {@link #run()} has returned.
     */
    public boolean finished()
    {
        return finished;
    }
}
