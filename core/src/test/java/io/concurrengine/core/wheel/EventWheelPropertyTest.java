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

    @Provide
    Arbitrary<Geometry> edgeGeometries()
    {
        return Arbitraries.of(
            new Geometry(64, 0, 1),
            new Geometry(64, 1, 2),
            new Geometry(128, 3, 1),
            new Geometry(64, 32, 2),
            new Geometry(EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, 4));
    }

    /**
     * The same contract anywhere in the {@code long} range: clocks starting near either end of it, times on and beside
     * the boundaries of the near wheel and of each far level, times saturated at {@link Long#MAX_VALUE}; cancels of
     * handles never issued; handler-like steps that take an event and then push at its time and cancel what is due with
     * it; resets; and arenas that start at one or two records, so that they grow while events wait in many slots.
     */
    @Property(tries = 300)
    void shouldTakeEventsInTheOracleOrderAnywhereInTheTimeRange(
        @ForAll("edgeGeometries") final Geometry geometry,
        @ForAll final long seed)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final long span = (long)geometry.slotCount() << geometry.slotShift();
        final long start = startTime(random, span);
        try (EventWheel wheel = new EventWheel(
            geometry.slotCount(), geometry.slotShift(), geometry.initialCapacity(), start))
        {
            final WheelOracle oracle = new WheelOracle(start);
            final List<Long> handles = new ArrayList<>();
            final Event event = new Event();

            for (int op = 0; op < 2_000; op++)
            {
                final int choice = random.nextInt(100);
                if (choice < 35)
                {
                    final long time = edgeTime(random, oracle.now(), geometry);
                    final long handle = wheel.push(time, op & 1023, op, op, 0, 0, 0);
                    oracle.push(handle, time, op & 1023, op);
                    handles.add(handle);
                }
                else if (choice < 42)
                {
                    final long time = edgeTime(random, oracle.now(), geometry);
                    final boolean taken = wheel.pushOrTake(time, op & 1023, op, op, 0, 0, 0, event);
                    // no handle: a key no cancel in this test names
                    final WheelOracle.Entry pushed = oracle.push(Long.MIN_VALUE + op, time, op & 1023, op);
                    if (oracle.peek() == pushed && pushed.time() <= time)
                    {
                        assertEquals(pushed, oracle.poll(time));
                        assertEquals(true, taken, () -> "nothing due before " + pushed + " but it was not taken");
                        assertTaken(pushed, event);
                    }
                    else
                    {
                        assertFalse(taken, () -> "took " + event + " ahead of " + oracle.peek());
                    }
                }
                else if (choice < 65)
                {
                    final long limit = edgeLimit(random, oracle.now(), geometry);
                    final WheelOracle.Entry expected = oracle.poll(limit);
                    final boolean taken = wheel.poll(limit, event);
                    if (null == expected)
                    {
                        assertFalse(taken, () -> "nothing due by " + limit + " but took " + event);
                    }
                    else
                    {
                        assertEquals(true, taken, () -> "did not take " + expected + " due by " + limit);
                        assertTaken(expected, event);
                        handlerStep(random, wheel, oracle, handles, op);
                    }
                }
                else if (choice < 75)
                {
                    if (!handles.isEmpty())
                    {
                        final long handle = handles.get(random.nextInt(handles.size()));
                        assertEquals(oracle.cancel(handle), wheel.cancel(handle), "cancel of handle " + handle);
                    }
                }
                else if (choice < 80)
                {
                    final long handle = neverIssued(random, oracle, handles, wheel.capacity());
                    assertEquals(oracle.cancel(handle), wheel.cancel(handle), "cancel of handle " + handle);
                }
                else if (choice < 90)
                {
                    final long limit = edgeLimit(random, oracle.now(), geometry);
                    assertEquals(oracle.peekTime(limit), wheel.peekTime(limit), "peekTime(" + limit + ")");
                }
                else if (choice < 99)
                {
                    final long target = edgeTime(random, oracle.now(), geometry);
                    final long due = oracle.peekTime(target);
                    final long horizon = due == Long.MAX_VALUE ? target : due;
                    wheel.advanceTo(horizon);
                    oracle.advanceTo(horizon);
                }
                else
                {
                    final long restart = startTime(random, span);
                    wheel.reset(restart);
                    oracle.reset(restart);
                    handles.clear();
                    assertEquals(0, wheel.recordsInUse(), "records in use after reset");
                }
                assertEquals(oracle.size(), wheel.size(), "size");
                assertEquals(oracle.now(), wheel.now(), "now");
                assertEquals(oracle.clamped(), wheel.clampedCount(), "clamped");
            }

            WheelOracle.Entry expected;
            while (null != (expected = oracle.poll(Long.MAX_VALUE)))
            {
                assertEquals(true, wheel.poll(Long.MAX_VALUE, event), "an event left to drain");
                assertTaken(expected, event);
            }
            assertFalse(wheel.poll(Long.MAX_VALUE, event));
            assertEquals(0, wheel.size());
            assertEquals(0, wheel.recordsInUse(), "records in use once drained");
        }
    }

    /**
     * What a handler does with the event just taken: push at its time (after everything due then), push a little
     * later, and cancel an event due at the same time, as a handler's context would.
     */
    private static void handlerStep(
        final SplittableRandom random,
        final EventWheel wheel,
        final WheelOracle oracle,
        final List<Long> handles,
        final int op)
    {
        final int pushes = random.nextInt(3);
        for (int i = 0; i < pushes; i++)
        {
            final long time = random.nextBoolean() ? oracle.now() : saturatedAdd(oracle.now(), random.nextInt(3));
            final long handle = wheel.push(time, 7, -op, i, 0, 0, 0);
            oracle.push(handle, time, 7, -op);
            handles.add(handle);
        }
        final WheelOracle.Entry head = oracle.peek();
        if (null != head && head.time() == oracle.now() && random.nextBoolean())
        {
            for (int i = handles.size() - 1; i >= Math.max(0, handles.size() - 8); i--)
            {
                final long handle = handles.get(i);
                if (oracle.isPendingAt(handle, oracle.now()))
                {
                    assertEquals(true, wheel.cancel(handle), "cancel of an event due in the same tick");
                    oracle.cancel(handle);
                    break;
                }
            }
        }
    }

    private static long edgeLimit(final SplittableRandom random, final long now, final Geometry geometry)
    {
        return random.nextInt(3) == 0 ? Long.MAX_VALUE : edgeTime(random, now, geometry);
    }

    private static void assertTaken(final WheelOracle.Entry expected, final Event event)
    {
        assertEquals(expected.time(), event.time(), "time");
        assertEquals(expected.seq(), event.seq(), "seq");
        assertEquals(expected.type(), event.type(), "type");
        assertEquals(expected.target(), event.target(), "target");
    }

    private static long startTime(final SplittableRandom random, final long span)
    {
        switch (random.nextInt(5))
        {
            case 0:
                return Long.MAX_VALUE - random.nextLong(0, span * 4);
            case 1:
                return Long.MIN_VALUE + 1 + random.nextLong(0, span * 4);
            case 2:
                return random.nextLong(Long.MIN_VALUE + 1, Long.MAX_VALUE);
            case 3:
                return 0;
            default:
                return random.nextLong(-1_000_000, 1_000_000);
        }
    }

    /**
     * A time after {@code now} on or beside a boundary: of the near wheel's span, of a far level's span (64 times the
     * one below), of the end of the time range; or in the past.
     */
    private static long edgeTime(final SplittableRandom random, final long now, final Geometry geometry)
    {
        final int kind = random.nextInt(10);
        if (kind == 0)
        {
            return Long.MAX_VALUE - random.nextInt(3);
        }
        if (kind == 1)
        {
            return saturatedAdd(now, -random.nextLong(0, 1000));
        }
        if (kind == 2)
        {
            return saturatedAdd(now, random.nextInt(4));
        }
        final int level = random.nextInt(11);
        final long width = (long)geometry.slotShift() + Integer.numberOfTrailingZeros(geometry.slotCount()) + 6L * level
            >= 63 ? Long.MAX_VALUE : (long)geometry.slotCount() << (geometry.slotShift() + 6 * level);
        final long aligned;
        if (random.nextBoolean())
        {
            // a boundary counted from now
            aligned = saturatedAdd(now, width);
        }
        else
        {
            // a boundary aligned to the width, as the wheel's own boundaries are
            final long next = saturatedAdd(now, width);
            aligned = next == Long.MAX_VALUE ? Long.MAX_VALUE : next - Math.floorMod(next, width);
        }
        return saturatedAdd(aligned, random.nextInt(5) - 2);
    }

    private static long neverIssued(
        final SplittableRandom random, final WheelOracle oracle, final List<Long> handles, final int capacity)
    {
        switch (random.nextInt(5))
        {
            case 0:
                // a record of the arena at a generation no record reaches in this test (pushOrTake's records have
                // handles too, which the test never sees, so generation 0 might name one)
                return ((long)random.nextInt(1 << 30, Integer.MAX_VALUE) << 32) | random.nextInt(capacity);
            case 1:
                return EventWheel.NULL_HANDLE;
            case 2:
                // an index beyond the arena
                return ((long)random.nextInt() << 32) | (capacity + random.nextInt(0, 1000));
            case 3:
                if (!handles.isEmpty())
                {
                    // the next generation of a record still pending: issued only once the record is reused
                    final long handle = handles.get(handles.size() - 1);
                    if (oracle.isPending(handle))
                    {
                        return handle + (1L << 32);
                    }
                }
                return random.nextLong();
            default:
                return random.nextLong();
        }
    }

    private static long saturatedAdd(final long a, final long b)
    {
        final long sum = a + b;
        if (((a ^ sum) & (b ^ sum)) < 0)
        {
            return b > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return sum;
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
