package io.concurrengine.bench.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.PriorityQueue;

/**
 * Not a benchmark: a probe for the single operations that the averages of {@link HoldBenchmark} hide. It times
 * every hold operation with the thread's CPU clock (so time slices lost to other processes do not count), and
 * reports, after the first tenth (warm-up), the worst one and how many exceed 100 µs and 1 ms, for {@link EventWheel} and for a
 * {@link PriorityQueue} on the same increments; then the cost of a {@code poll} that finds nothing due while
 * far-future events wait in the wheel's overflow list.
 * <p>
 * {@code java -cp bench/target/benchmarks.jar <Agrona flags> io.concurrengine.bench.wheel.WheelStallProbe}
 */
public final class WheelStallProbe
{
    private static final long MICROS_100 = 100_000;
    private static final long MILLIS_1 = 1_000_000;

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();

    private WheelStallProbe()
    {
    }

    public static void main(final String[] args)
    {
        final WheelStallProbe probe = new WheelStallProbe();
        probe.hold(IncrementDistribution.EXPONENTIAL, 1_000, 4_000_000);
        probe.hold(IncrementDistribution.EXPONENTIAL, 100_000, 20_000_000);
        probe.hold(IncrementDistribution.EXPONENTIAL, 1_000_000, 5_000_000);
        probe.hold(IncrementDistribution.DENSE, 1_000_000, 5_000_000);
        for (final int overflow : new int[] {1_000, 10_000, 100_000, 1_000_000})
        {
            probe.pollWithNothingDue(overflow);
        }
    }

    private void hold(final IncrementDistribution distribution, final int size, final long operations)
    {
        final Increments increments = Increments.of(distribution);
        final Event event = new Event();
        final Worst wheelWorst = new Worst(operations / 10);
        final long rotations;
        final long now;
        try (EventWheel wheel = new EventWheel())
        {
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, 0, 0, 0, 0);
            }
            for (long op = 0; op < operations; op++)
            {
                final long rotationsBefore = wheel.rotationCount();
                final long start = threads.getCurrentThreadCpuTime();
                wheel.poll(Long.MAX_VALUE, event);
                wheel.push(event.time() + increments.next(), HoldBenchmark.TYPE, event.target(), 0, 0, 0, 0);
                wheelWorst.record(op, threads.getCurrentThreadCpuTime() - start, wheel.rotationCount() != rotationsBefore);
            }
            rotations = wheel.rotationCount();
            now = wheel.now();
        }

        final Increments again = Increments.of(distribution);
        final PriorityQueue<HeapEvent> queue = new PriorityQueue<>();
        final Worst queueWorst = new Worst(operations / 10);
        long seq = 0;
        for (int i = 0; i < size; i++)
        {
            queue.offer(new HeapEvent(again.next(), seq++, HoldBenchmark.TYPE, i, 0, 0, 0, 0));
        }
        for (long op = 0; op < operations; op++)
        {
            final long start = threads.getCurrentThreadCpuTime();
            final HeapEvent e = queue.poll();
            queue.offer(new HeapEvent(e.time + again.next(), seq++, e.type, e.target, 0, 0, 0, 0));
            queueWorst.record(op, threads.getCurrentThreadCpuTime() - start, false);
        }

        System.out.printf("hold %s N=%,d, %,d operations (clock reached %,d, %d rotations)%n",
            distribution, size, operations, now, rotations);
        System.out.println("  EventWheel    " + wheelWorst);
        System.out.println("  PriorityQueue " + queueWorst);
    }

    private void pollWithNothingDue(final int overflow)
    {
        final Event event = new Event();
        try (EventWheel wheel = new EventWheel())
        {
            final long span = (long)wheel.slotCount() << wheel.slotShift();
            for (int i = 0; i < overflow; i++)
            {
                wheel.push(10 * span + i, HoldBenchmark.TYPE, i, 0, 0, 0, 0);
            }
            final int polls = 200;
            long limit = 0;
            long cpu = 0;
            for (int round = 0; round < 3; round++)
            {
                final long start = threads.getCurrentThreadCpuTime();
                for (int i = 0; i < polls; i++)
                {
                    if (wheel.poll(++limit, event))
                    {
                        throw new IllegalStateException("nothing should be due, limit=" + limit);
                    }
                }
                cpu = threads.getCurrentThreadCpuTime() - start;
            }
            System.out.printf("poll(limit) with nothing due and %,d events in overflow: %,.0f ns CPU per call%n",
                overflow, cpu / (double)polls);
        }
    }

    /**
     * Operations after the first {@code from}, which are left to warm-up and JIT compilation.
     */
    private static final class Worst
    {
        final long from;
        long worst;
        long worstOp = -1;
        boolean worstRotated;
        long over100Micros;
        long over1Milli;
        long total;
        long count;

        Worst(final long from)
        {
            this.from = from;
        }

        void record(final long op, final long cpuNanos, final boolean rotated)
        {
            if (op < from)
            {
                return;
            }
            total += cpuNanos;
            count++;
            if (cpuNanos > MICROS_100)
            {
                over100Micros++;
            }
            if (cpuNanos > MILLIS_1)
            {
                over1Milli++;
            }
            if (cpuNanos > worst)
            {
                worst = cpuNanos;
                worstOp = op;
                worstRotated = rotated;
            }
        }

        @Override
        public String toString()
        {
            return String.format("mean %,.0f ns (incl. ~2 clock reads), worst %,d µs at op %,d%s, > 100 µs: %,d, > 1 ms: %,d",
                total / (double)count, worst / 1000, worstOp, worstRotated ? " (a rotation)" : "", over100Micros,
                over1Milli);
        }
    }
}
