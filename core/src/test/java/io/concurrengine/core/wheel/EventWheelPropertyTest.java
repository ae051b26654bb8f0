package io.concurrengine.core.wheel;

import io.concurrengine.core.event.Event;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Random push / push-or-take / poll / cancel / advance sequences against a {@link java.util.PriorityQueue} oracle,
 * on wheel geometries small enough that far levels, cascades and jumps happen constantly, and on the default
 * geometry.
 */
class EventWheelPropertyTest
{
    enum Workload
    {
        NEAR, DENSE, FAR, VERY_FAR, MIXED
    }

    record Geometry(int slotCount, int slotShift, int initialCapacity)
    {
    }

    @Provide
    Arbitrary<Geometry> geometries()
    {
        return Arbitraries.of(
            new Geometry(64, 0, 1),
            new Geometry(64, 2, 4),
            new Geometry(128, 3, 16),
            new Geometry(64, 12, 8),
            new Geometry(EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, 1024));
    }

    @Property(tries = 300)
    void shouldTakeEventsInTheOracleOrder(
        @ForAll("geometries") final Geometry geometry,
        @ForAll final Workload workload,
        @ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long start = random.nextLong(-1_000_000, 1_000_000);
        final long span = (long)geometry.slotCount() << geometry.slotShift();
        try (EventWheel wheel = new EventWheel(
            geometry.slotCount(), geometry.slotShift(), geometry.initialCapacity(), start))
        {
            final WheelOracle oracle = new WheelOracle(start);
            final List<Long> handles = new ArrayList<>();
            final Event event = new Event();

            for (int op = 0; op < 3_000; op++)
            {
                final int choice = random.nextInt(100);
                if (choice < 10)
                {
                    // pushOrTake: takes the event exactly when push + poll(time) would take it
                    final long time = oracle.now() + delta(random, workload, span);
                    final int type = random.nextInt(1000);
                    final long target = random.nextLong();
                    final boolean taken = wheel.pushOrTake(time, type, target, op, 0, 0, 0, event);
                    final WheelOracle.Entry pushed = oracle.push(-1L - op, time, type, target);
                    if (oracle.peek() == pushed && pushed.time() <= time)
                    {
                        assertEquals(pushed, oracle.poll(time));
                        assertEquals(true, taken, () -> "nothing due before " + pushed + " but it was not taken");
                        assertEquals(pushed.time(), event.time(), "time");
                        assertEquals(pushed.seq(), event.seq(), "seq");
                        assertEquals(pushed.type(), event.type(), "type");
                        assertEquals(pushed.target(), event.target(), "target");
                        assertEquals(op, event.a0(), "a0");
                    }
                    else
                    {
                        assertFalse(taken, () -> "took " + event + " ahead of " + oracle.peek());
                    }
                }
                else if (choice < 50)
                {
                    final long time = oracle.now() + delta(random, workload, span);
                    final int type = random.nextInt(1000);
                    final long target = random.nextLong();
                    final long handle = wheel.push(time, type, target, op, 0, 0, 0);
                    oracle.push(handle, time, type, target);
                    handles.add(handle);
                }
                else if (choice < 85)
                {
                    final long limit = random.nextInt(4) == 0 ? Long.MAX_VALUE :
                        oracle.now() + random.nextLong(0, Math.max(2, span / 8));
                    final WheelOracle.Entry expected = oracle.poll(limit);
                    final boolean taken = wheel.poll(limit, event);
                    if (null == expected)
                    {
                        assertFalse(taken, () -> "nothing due by " + limit + " but took " + event);
                    }
                    else
                    {
                        assertEquals(expected.time(), event.time(), "time");
                        assertEquals(expected.seq(), event.seq(), "seq");
                        assertEquals(expected.type(), event.type(), "type");
                        assertEquals(expected.target(), event.target(), "target");
                    }
                }
                else if (choice < 95)
                {
                    if (!handles.isEmpty())
                    {
                        final long handle = handles.get(random.nextInt(handles.size()));
                        assertEquals(oracle.cancel(handle), wheel.cancel(handle), "cancel of handle " + handle);
                    }
                }
                else
                {
                    final long target = oracle.now() + random.nextLong(0, span);
                    final long due = wheel.peekTime(target);
                    final long horizon = due == Long.MAX_VALUE ? target : due;
                    wheel.advanceTo(horizon);
                    oracle.advanceTo(horizon);
                }
                assertEquals(oracle.size(), wheel.size(), "size");
                assertEquals(oracle.now(), wheel.now(), "now");
            }
            assertEquals(oracle.clamped(), wheel.clampedCount(), "clamped");

            WheelOracle.Entry expected;
            while (null != (expected = oracle.poll(Long.MAX_VALUE)))
            {
                assertNotNull(expected);
                assertEquals(true, wheel.poll(Long.MAX_VALUE, event));
                assertEquals(expected.seq(), event.seq(), "seq while draining");
                assertEquals(expected.time(), event.time(), "time while draining");
            }
            assertFalse(wheel.poll(Long.MAX_VALUE, event));
            assertNull(oracle.poll(Long.MAX_VALUE));
            assertEquals(0, wheel.size());
        }
    }

    private static long delta(final SplittableRandom random, final Workload workload, final long span)
    {
        final Workload kind = workload == Workload.MIXED ? Workload.values()[random.nextInt(4)] : workload;
        if (random.nextInt(20) == 0)
        {
            return -random.nextLong(0, 1000);
        }
        switch (kind)
        {
            case DENSE:
                return random.nextInt(4);
            case FAR:
                return random.nextLong(0, span * 5);
            case VERY_FAR:
                // across several far levels, now and then to the far end of the time range
                return random.nextInt(50) == 0 ? random.nextLong(0, 1L << 56) :
                    random.nextLong(0, span << random.nextInt(1, 24));
            default:
                return random.nextLong(0, Math.max(2, span / 4));
        }
    }
}
