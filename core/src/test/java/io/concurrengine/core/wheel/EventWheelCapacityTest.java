package io.concurrengine.core.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A wheel whose arena holds {@link EventDescriptor#MAX_RECORDS} records, all pending: 2 GiB off-heap each test.
 */
@Tag("slow")
class EventWheelCapacityTest
{
    private static final long DUE = 1_000;

    private final Event event = new Event();
    private EventWheel wheel;

    @BeforeEach
    void fill()
    {
        wheel = new EventWheel(64, 0, EventDescriptor.MAX_RECORDS, 0);
        for (int i = 0; i < EventDescriptor.MAX_RECORDS; i++)
        {
            wheel.push(DUE, 1, i, 0, 0, 0, 0);
        }
    }

    @AfterEach
    void after()
    {
        wheel.close();
    }

    @Test
    void shouldRefuseAPushWhenTheArenaIsAtItsLargestAndFullAndTakeOneOnceThereIsRoom()
    {
        assertThrows(ArenaFullException.class, () -> wheel.push(DUE - 1, 2, 0, 0, 0, 0, 0));
        assertThrows(ArenaFullException.class, () -> wheel.pushOrTake(DUE + 1, 2, 0, 0, 0, 0, 0, event));
        assertEquals(EventDescriptor.MAX_RECORDS, wheel.size());
        assertEquals(EventDescriptor.MAX_RECORDS, wheel.capacity());
        assertEquals(EventDescriptor.MAX_RECORDS, wheel.nextSeq(), "a refused push takes no seq");

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(0, event.target(), "the first event pushed");
        wheel.push(DUE, 3, -1, 0, 0, 0, 0);
        assertEquals(EventDescriptor.MAX_RECORDS, wheel.size());
    }

    @Test
    void shouldNotCountAPushIntoThePastThatTheFullArenaRefused()
    {
        wheel.advanceTo(DUE - 1);
        assertThrows(ArenaFullException.class, () -> wheel.push(0, 2, 0, 0, 0, 0, 0));
        assertThrows(ArenaFullException.class, () -> wheel.pushOrTake(0, 2, 0, 0, 0, 0, 0, event));
        assertEquals(0, wheel.clampedCount(), "nothing was scheduled, so nothing was clamped");
        assertEquals(EventDescriptor.MAX_RECORDS, wheel.size());
        assertFalse(wheel.poll(DUE - 1, event));
    }
}
