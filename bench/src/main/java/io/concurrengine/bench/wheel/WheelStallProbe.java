package io.concurrengine.bench.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.PriorityQueue;

/**
 * Not a benchmark: a probe for the single operations that the averages of {@link HoldBenchmark} hide, timed with
 * the thread's CPU clock (time slices lost to other processes do not count; a virtual machine's steal time does).
 * Sections: {@code hold} (after the first tenth, left to warm-up: the worst operation and how many exceed 100 µs
 * and 1 ms, {@link EventWheel} against a {@link PriorityQueue} on the same increments), {@code rotation} (the worst poll
 * while the clock crosses the first three spans of the near wheel, where a wheel that rotated once per span
 * re-inserted its whole overflow), {@code expansion} (polls that enter a new slot against the
 * others), {@code idle-poll} (a {@code poll} that finds nothing due while far-future events wait in overflow).
 * <p>
 * {@code java <Agrona flags> -cp bench/target/benchmarks.jar io.concurrengine.bench.wheel.WheelStallProbe [section]}
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
        final String section = args.length > 0 ? args[0] : "all";
        final WheelStallProbe probe = new WheelStallProbe();
        if ("all".equals(section) || "hold".equals(section))
        {
            probe.hold(IncrementDistribution.EXPONENTIAL, 1_000, 4_000_000);
            probe.hold(IncrementDistribution.EXPONENTIAL, 100_000, 20_000_000);
            probe.hold(IncrementDistribution.EXPONENTIAL, 1_000_000, 5_000_000);
            probe.hold(IncrementDistribution.DENSE, 1_000_000, 5_000_000);
        }
        if ("all".equals(section) || "rotation".equals(section))
        {
            probe.firstRotation(100_000);
            probe.firstRotation(1_000_000);
        }
        if ("all".equals(section) || "expansion".equals(section))
        {
            probe.slotCrossings(IncrementDistribution.EXPONENTIAL, 1_000_000, 5_000_000);
            probe.slotCrossings(IncrementDistribution.DENSE, 1_000_000, 5_000_000);
        }
        if ("all".equals(section) || "idle-poll".equals(section))
        {
            for (final int overflow : new int[] {1_000, 10_000, 100_000, 1_000_000})
            {
                probe.pollWithNothingDue(overflow);
            }
        }
    }

    private void hold(final IncrementDistribution distribution, final int size, final long operations)
    {
        final Increments increments = Increments.of(distribution);
        final Event event = new Event();
        final Worst wheelWorst = new Worst(operations / 10);
        final long cascades;
        final long now;
        try (EventWheel wheel = new EventWheel())
        {
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, 0, 0, 0, 0);
            }
            for (long op = 0; op < operations; op++)
            {
                final long cascadesBefore = wheel.cascadeCount();
                final long start = threads.getCurrentThreadCpuTime();
                wheel.poll(Long.MAX_VALUE, event);
                wheel.push(event.time() + increments.next(), HoldBenchmark.TYPE, event.target(), 0, 0, 0, 0);
                wheelWorst.record(op, threads.getCurrentThreadCpuTime() - start, wheel.cascadeCount() != cascadesBefore);
            }
            cascades = wheel.cascadeCount();
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

        System.out.printf("hold %s N=%,d, %,d operations (clock reached %,d, %d far slots cascaded)%n",
            distribution, size, operations, now, cascades);
        System.out.println("  EventWheel    " + wheelWorst);
        System.out.println("  PriorityQueue " + queueWorst);
    }

    /**
     * Hold model until the clock has crossed the first three spans of the near wheel (where a wheel that rotates
     * once per span would re-insert its overflow): the worst poll on the way, the events waiting beyond the near
     * wheel when it happened, and how many far slots were moved nearer in all.
     */
    private void firstRotation(final int size)
    {
        final Increments increments = Increments.of(IncrementDistribution.EXPONENTIAL);
        final Event event = new Event();
        final long span = (long)EventWheel.DEFAULT_SLOT_COUNT << EventWheel.DEFAULT_SLOT_SHIFT;
        try (EventWheel wheel = new EventWheel())
        {
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, 0, 0, 0, 0);
            }
            long worst = 0;
            long worstOp = 0;
            long worstTime = 0;
            int worstOverflow = 0;
            long op = 0;
            while (wheel.now() < 3 * span)
            {
                final int overflowBefore = wheel.overflowCount();
                final long start = threads.getCurrentThreadCpuTime();
                wheel.poll(Long.MAX_VALUE, event);
                final long cpu = threads.getCurrentThreadCpuTime() - start;
                if (cpu > worst)
                {
                    worst = cpu;
                    worstOp = op;
                    worstTime = event.time();
                    worstOverflow = overflowBefore;
                }
                wheel.push(event.time() + increments.next(), HoldBenchmark.TYPE, event.target(), 0, 0, 0, 0);
                op++;
            }
            System.out.printf("rotation EXPONENTIAL N=%,d: %,d polls to cross 3 spans; worst poll %,d µs CPU at op %,d " +
                "(time %,d, %,d events beyond the near wheel before it); %,d far slots cascaded%n",
                size, op, worst / 1000, worstOp, worstTime, worstOverflow, wheel.cascadeCount());
        }
    }

    /**
     * Hold model, splitting the operations whose poll moved to a later 32-unit slot (and so expanded it) from the
     * rest.
     */
    private void slotCrossings(final IncrementDistribution distribution, final int size, final long operations)
    {
        final Increments increments = Increments.of(distribution);
        final Event event = new Event();
        final Worst crossing = new Worst(operations / 10);
        final Worst within = new Worst(operations / 10);
        try (EventWheel wheel = new EventWheel())
        {
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), HoldBenchmark.TYPE, i, 0, 0, 0, 0);
            }
            long slot = -1;
            for (long op = 0; op < operations; op++)
            {
                final long start = threads.getCurrentThreadCpuTime();
                wheel.poll(Long.MAX_VALUE, event);
                final long cpu = threads.getCurrentThreadCpuTime() - start;
                final long eventSlot = event.time() >> EventWheel.DEFAULT_SLOT_SHIFT;
                (eventSlot != slot ? crossing : within).record(op, cpu, false);
                slot = eventSlot;
                wheel.push(event.time() + increments.next(), HoldBenchmark.TYPE, event.target(), 0, 0, 0, 0);
            }
        }
        System.out.printf("expansion %s N=%,d, %,d operations, poll only%n", distribution, size, operations);
        System.out.println("  polls entering a new slot " + crossing);
        System.out.println("  other polls               " + within);
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
            return String.format("n %,d, mean %,.0f ns (incl. ~2 clock reads), worst %,d µs at op %,d%s, > 100 µs: %,d, " +
                "> 1 ms: %,d", count, total / (double)count, worst / 1000, worstOp, worstRotated ? " (a cascade)" : "", over100Micros,
                over1Milli);
        }
    }
}
