package io.concurrengine.bench.alternatives;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The seed's wheel, the hold benchmark's baseline: what it gives back of each event, and events beyond its span of
 * 32768 slots of 32 units, which the hold model's increments never reach.
 */
class SortedSlotWheelTest
{
    private static final long SPAN = 32_768L << 5;

    @Test
    void shouldGiveBackEveryFieldOfEachEventAndCountWhatItHolds()
    {
        final SortedSlotWheel wheel = new SortedSlotWheel(1);
        wheel.push(5, 2, 77, 11, 12, 13, 14);
        wheel.push(3, 1, 66, 21, 22, 23, 24);
        assertEquals(2, wheel.size());

        assertTrue(wheel.pop());
        assertEvent(wheel, 3, 1, 1, 66, 21);
        assertEquals(1, wheel.size());
        assertTrue(wheel.pop());
        assertEvent(wheel, 5, 0, 2, 77, 11);
        assertEquals(0, wheel.size());
        assertFalse(wheel.pop(), "empty");
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldTakeEventsBeyondTheSpanInTimeThenPushOrderAfterTheWheelTurns()
    {
        // beyond the span an event waits in the overflow list, newest first; the wheel turns a span when nothing
        // nearer is left, and puts them back in order: the two of the same time as they were pushed
        final SortedSlotWheel wheel = new SortedSlotWheel(2);
        wheel.push(SPAN + 1, 1, 100, 0, 0, 0, 0);
        wheel.push(SPAN, 1, 101, 0, 0, 0, 0);
        wheel.push(3 * SPAN + 7, 1, 102, 0, 0, 0, 0);
        wheel.push(SPAN + 1, 1, 103, 0, 0, 0, 0);
        wheel.push(10, 1, 104, 0, 0, 0, 0);

        final long[] times = { 10, SPAN, SPAN + 1, SPAN + 1, 3 * SPAN + 7 };
        final long[] targets = { 104, 101, 100, 103, 102 };
        for (int i = 0; i < times.length; i++)
        {
            assertTrue(wheel.pop(), "event " + i);
            assertEquals(times[i], wheel.time(), "event " + i);
            assertEquals(targets[i], wheel.target(), "event " + i);
        }
        assertFalse(wheel.pop());
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldPutEachEventBackInTheSlotOfItsOwnTimeWhenTheWheelTurns()
    {
        // after the turn, the event at SPAN + 640 waits in slot 20 and one pushed at SPAN + 320 goes to slot 10,
        // before it; had both been put back in the slot of SPAN, the later would come first
        final SortedSlotWheel wheel = new SortedSlotWheel(4);
        wheel.push(SPAN, 1, 200, 0, 0, 0, 0);
        wheel.push(SPAN + 640, 1, 201, 0, 0, 0, 0);
        wheel.push(10, 1, 202, 0, 0, 0, 0);
        assertTrue(wheel.pop());
        assertEquals(202, wheel.target());
        assertTrue(wheel.pop());
        assertEquals(200, wheel.target());

        wheel.push(SPAN + 320, 1, 203, 0, 0, 0, 0);

        assertTrue(wheel.pop());
        assertEquals(SPAN + 320, wheel.time());
        assertTrue(wheel.pop());
        assertEquals(SPAN + 640, wheel.time());
        assertFalse(wheel.pop());
    }

    private static void assertEvent(
        final SortedSlotWheel wheel, final long time, final long seq, final int type, final long target, final long a0)
    {
        assertEquals(time, wheel.time());
        assertEquals(seq, wheel.seq());
        assertEquals(type, wheel.type());
        assertEquals(target, wheel.target());
        assertEquals(a0, wheel.a0());
        assertEquals(a0 + 1, wheel.a1());
        assertEquals(a0 + 2, wheel.a2());
        assertEquals(a0 + 3, wheel.a3());
    }
}
