package io.concurrengine.core.event;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

class EventTest
{
    @Test
    void shouldHoldEachFieldItWasSetWithAndReturnItselfFromSet()
    {
        final Event event = new Event();

        assertSame(event, event.set(1, 2, 3, 4, 5, 6, 7, 8));
        assertEquals(1, event.time());
        assertEquals(2, event.seq());
        assertEquals(3, event.type());
        assertEquals(4, event.target());
        assertEquals(5, event.a0());
        assertEquals(6, event.a1());
        assertEquals(7, event.a2());
        assertEquals(8, event.a3());
    }
}
