package io.concurrengine.bench.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;
import org.agrona.DeadlineTimerWheel;
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
import umontreal.ssj.simevents.Simulator;
import umontreal.ssj.simevents.eventlist.EventList;
import umontreal.ssj.simevents.eventlist.Henriksen;
import umontreal.ssj.simevents.eventlist.SplayTree;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;

/**
 * The hold model: {@code size} events pending; one operation takes the earliest and pushes a new one at its time
 * plus an increment drawn from {@code distribution}, carrying the payload forward. Every queue runs in the same
 * JMH invocation over the same precomputed increments.
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
public class HoldBenchmark
{
    static final int TYPE = 1;

    @State(Scope.Thread)
    public abstract static class HoldState
    {
        @Param({"EXPONENTIAL", "UNIFORM", "DENSE"})
        public IncrementDistribution distribution;

        @Param({"1000", "100000", "1000000"})
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

    public static class EventWheelState extends HoldState
    {
        final Event event = new Event();
        EventWheel wheel;

        @Override
        void fill(final int size)
        {
            wheel = new EventWheel();
            for (int i = 0; i < size; i++)
            {
                wheel.push(increments.next(), TYPE, i, i, i + 1, i + 2, i + 3);
            }
        }

        long hold()
        {
            final EventWheel wheel = this.wheel;
            final Event event = this.event;
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

    public static class PriorityQueueState extends HoldState
    {
        PriorityQueue<HeapEvent> queue;
        long nextSeq;

        @Override
        void fill(final int size)
        {
            queue = new PriorityQueue<>();
            for (int i = 0; i < size; i++)
            {
                queue.offer(new HeapEvent(increments.next(), nextSeq++, TYPE, i, i, i + 1, i + 2, i + 3));
            }
        }

        long hold()
        {
            final PriorityQueue<HeapEvent> queue = this.queue;
            final HeapEvent e = queue.poll();
            final long time = e.time + increments.next();
            queue.offer(new HeapEvent(time, nextSeq++, e.type, e.target, e.a0, e.a1, e.a2, e.a3));
            return time;
        }

        long holdReusing()
        {
            final PriorityQueue<HeapEvent> queue = this.queue;
            final HeapEvent e = queue.poll();
            final long time = e.time + increments.next();
            e.time = time;
            e.seq = nextSeq++;
            queue.offer(e);
            return time;
        }
    }

    /**
     * Agrona's wheel holds deadlines only: no payload and no order inside a tick. The tick is the power of two
     * nearest below {@code mean / size} time units (about one timer per tick at the front of the queue, so that
     * {@code scheduleTimer}, which scans its spoke for a free entry, stays short), floored at one unit; the wheel
     * covers four means (exponential), the whole window (uniform, dense). The handler is told the poll time, not
     * the deadline, so the next event is scheduled from the start of the expiring tick: exact when the tick is one
     * unit, within one tick otherwise.
     */
    public static class DeadlineTimerWheelState extends HoldState implements DeadlineTimerWheel.TimerHandler
    {
        DeadlineTimerWheel wheel;
        long resolution;
        long expiredTickStart;

        @Override
        void fill(final int size)
        {
            resolution = tickResolution(distribution, size);
            wheel = new DeadlineTimerWheel(TimeUnit.NANOSECONDS, 0, resolution, ticksPerWheel(distribution, resolution));
            for (int i = 0; i < size; i++)
            {
                wheel.scheduleTimer(increments.next());
            }
        }

        long hold()
        {
            final DeadlineTimerWheel wheel = this.wheel;
            while (0 == wheel.poll(wheel.currentTickTime(), this, 1))
            {
                // advance one tick per empty poll
            }
            final long time = expiredTickStart + increments.next();
            wheel.scheduleTimer(time);
            return time;
        }

        @Override
        public boolean onTimerExpiry(final TimeUnit timeUnit, final long now, final long timerId)
        {
            expiredTickStart = now - resolution;
            return true;
        }

        static long tickResolution(final IncrementDistribution distribution, final int size)
        {
            return Math.max(1L, Long.highestOneBit((long)(distribution.mean() / size)));
        }

        static int ticksPerWheel(final IncrementDistribution distribution, final long resolution)
        {
            final long window;
            switch (distribution)
            {
                case EXPONENTIAL:
                    window = 4 * IncrementDistribution.MEAN;
                    break;
                case UNIFORM:
                    window = 2 * IncrementDistribution.MEAN;
                    break;
                default:
                    window = IncrementDistribution.DENSE_BOUND;
                    break;
            }
            final long ticks = Math.max(1L, window / resolution);
            return (int)(Long.bitCount(ticks) == 1 ? ticks : Long.highestOneBit(ticks) << 1);
        }
    }

    public abstract static class SsjState extends HoldState
    {
        EventList list;

        @Override
        void fill(final int size)
        {
            final Simulator simulator = new Simulator();
            list = newList();
            for (int i = 0; i < size; i++)
            {
                list.add(new SsjEvent(simulator, increments.next(), i));
            }
        }

        abstract EventList newList();

        long hold()
        {
            final EventList list = this.list;
            final SsjEvent e = (SsjEvent)list.removeFirst();
            final double time = e.time() + increments.next();
            e.retime(time);
            list.add(e);
            return (long)time;
        }
    }

    public static class SsjSplayTreeState extends SsjState
    {
        @Override
        EventList newList()
        {
            return new SplayTree();
        }
    }

    public static class SsjHenriksenState extends SsjState
    {
        @Override
        EventList newList()
        {
            return new Henriksen();
        }
    }

    @Benchmark
    public long eventWheel(final EventWheelState state)
    {
        return state.hold();
    }

    @Benchmark
    public long priorityQueue(final PriorityQueueState state)
    {
        return state.hold();
    }

    @Benchmark
    public long priorityQueueReusing(final PriorityQueueState state)
    {
        return state.holdReusing();
    }

    @Benchmark
    public long deadlineTimerWheel(final DeadlineTimerWheelState state)
    {
        return state.hold();
    }

    @Benchmark
    public long ssjSplayTree(final SsjSplayTreeState state)
    {
        return state.hold();
    }

    @Benchmark
    public long ssjHenriksen(final SsjHenriksenState state)
    {
        return state.hold();
    }
}
