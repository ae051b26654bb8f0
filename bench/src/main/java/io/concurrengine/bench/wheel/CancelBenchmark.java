package io.concurrengine.bench.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * Cancel on top of the hold model: one operation pushes a victim at now plus an increment, cancels it, then does
 * one hold step (take the earliest, push its successor). The wheel's cancel only marks the record; the tombstone is
 * reclaimed when the scan reaches its slot, and that later cost is inside the hold steps measured here, since the
 * clock passes every victim. {@link PriorityQueue#remove(Object)} is a linear {@code indexOf} plus a sift.
 * Subtract the {@link HoldBenchmark} figure at the same size to get the cost of push + cancel alone.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1, timeUnit = TimeUnit.SECONDS)
@Measurement(iterations = 5, time = 1, timeUnit = TimeUnit.SECONDS)
@Fork(value = 1, jvmArgsAppend = {
    ForkFlags.ADD_EXPORTS_MISC,
    ForkFlags.ADD_OPENS_LANG,
    ForkFlags.ADD_OPENS_NIO,
    ForkFlags.ADD_EXPORTS_NIO_CH,
    ForkFlags.NO_BOUNDS_CHECKS})
public class CancelBenchmark
{
    @State(Scope.Thread)
    public abstract static class CancelState
    {
        @Param({"EXPONENTIAL"})
        public IncrementDistribution distribution;

        @Param({"1000", "100000"})
        public int size;

        Increments increments;

        @Setup(Level.Trial)
        public void setUp()
        {
            increments = Increments.of(distribution);
            fill(size);
        }

        abstract void fill(int size);
    }

    public static class EventWheelState extends CancelState
    {
        final Event event = new Event();
        EventWheel wheel;

        @Override
        void fill(final int size)
        {
            wheel = new EventWheel();
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, i, i + 1, i + 2, i + 3);
            }
        }

        long pushCancelHold()
        {
            final EventWheel wheel = this.wheel;
            final Event event = this.event;
            final long handle = wheel.push(
                wheel.now() + increments.next(), HoldBenchmark.TYPE, -1L, 0L, 0L, 0L, 0L);
            if (!wheel.cancel(handle))
            {
                throw new IllegalStateException("cancel refused, handle=" + handle);
            }
            if (!wheel.poll(Long.MAX_VALUE, event))
            {
                throw new IllegalStateException("empty wheel, size=" + wheel.size());
            }
            final long time = event.time() + increments.next();
            wheel.push(time, event.type(), event.target(), event.a0(), event.a1(), event.a2(), event.a3());
            return time;
        }

        @TearDown(Level.Trial)
        public void tearDown()
        {
            wheel.close();
        }
    }

    public static class PriorityQueueState extends CancelState
    {
        PriorityQueue<HeapEvent> queue;
        long nextSeq;
        long now;

        @Override
        void fill(final int size)
        {
            queue = new PriorityQueue<>();
            for (int i = 0; i < size; i++)
            {
                queue.offer(new HeapEvent(increments.next(), nextSeq++, HoldBenchmark.TYPE, i, i, i + 1, i + 2, i + 3));
            }
        }

        long pushCancelHold()
        {
            final PriorityQueue<HeapEvent> queue = this.queue;
            final HeapEvent victim =
                new HeapEvent(now + increments.next(), nextSeq++, HoldBenchmark.TYPE, -1L, 0L, 0L, 0L, 0L);
            queue.offer(victim);
            if (!queue.remove(victim))
            {
                throw new IllegalStateException("victim not found");
            }
            final HeapEvent e = queue.poll();
            now = e.time;
            final long time = e.time + increments.next();
            queue.offer(new HeapEvent(time, nextSeq++, e.type, e.target, e.a0, e.a1, e.a2, e.a3));
            return time;
        }
    }

    @Benchmark
    public long eventWheel(final EventWheelState state)
    {
        return state.pushCancelHold();
    }

    @Benchmark
    public long priorityQueue(final PriorityQueueState state)
    {
        return state.pushCancelHold();
    }
}
