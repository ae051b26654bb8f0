package io.concurrengine.model.combat;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class SpecActionTest
{
    @Test
    void shouldRoundTripCast()
    {
        final long action = SpecAction.cast(42);

        assertEquals(SpecAction.KIND_CAST, SpecAction.kind(action));
        assertEquals(42, SpecAction.spellId(action));
    }

    @Test
    void shouldRoundTripWait()
    {
        final long action = SpecAction.waitUntil(1_800_000);

        assertEquals(SpecAction.KIND_WAIT, SpecAction.kind(action));
        assertEquals(1_800_000, SpecAction.untilMs(action));
    }

    @Test
    void shouldClampNegativeWaitToZero()
    {
        assertEquals(0, SpecAction.untilMs(SpecAction.waitUntil(-5)));
    }

    @Test
    void shouldEncodeNoneAsZero()
    {
        assertEquals(SpecAction.KIND_NONE, SpecAction.kind(SpecAction.NONE));
        assertEquals("None", SpecAction.toString(SpecAction.NONE));
    }

    @Test
    void shouldPrintEachKindWithItsValue()
    {
        assertEquals("Cast(3)", SpecAction.toString(SpecAction.cast(3)));
        assertEquals("Wait(1500)", SpecAction.toString(SpecAction.waitUntil(1500)));
    }
}
