package io.concurrengine.core.wheel;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EventWheelTest
{
    private final Event event = new Event();
    private EventWheel wheel = new EventWheel();

    @AfterEach
    void after()
    {
        wheel.close();
    }

    @Test
    void shouldTakeEventsInTimeOrder()
    {
        wheel.push(300, 1, 0, 0, 0, 0, 0);
        wheel.push(100, 2, 0, 0, 0, 0, 0);
        wheel.push(200, 3, 0, 0, 0, 0, 0);

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(3, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(1, event.type());
        assertEquals(300, wheel.now());
    }

    @Test
    void shouldBreakTiesInPushOrder()
    {
        for (int i = 0; i < 100; i++)
        {
            wheel.push(50, i, 0, 0, 0, 0, 0);
        }
        for (int i = 0; i < 100; i++)
        {
            assertTrue(wheel.poll(Long.MAX_VALUE, event));
            assertEquals(i, event.type());
            assertEquals(i, event.seq());
        }
    }

    @Test
    void shouldCarryEveryField()
    {
        wheel.push(7, 9, 11, 13, 17, 19, 23);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(7, event.time());
        assertEquals(9, event.type());
        assertEquals(11, event.target());
        assertEquals(13, event.a0());
        assertEquals(17, event.a1());
        assertEquals(19, event.a2());
        assertEquals(23, event.a3());
    }

    @Test
    void shouldNotTakeEventsAfterTheLimit()
    {
        wheel.push(100, 1, 0, 0, 0, 0, 0);
        assertFalse(wheel.poll(99, event));
        assertEquals(0, wheel.now());
        assertTrue(wheel.poll(100, event));
    }

    @Test
    void shouldClampEventsPushedIntoThePastAndCountThem()
    {
        wheel.push(100, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        wheel.push(40, 2, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(100, event.time());
        assertEquals(1, wheel.clampedCount());
    }

    @Test
    void shouldKeepOriginalSeqWhenFarEventsMoveNearer()
    {
        final long span = (long)EventWheel.DEFAULT_SLOT_COUNT << EventWheel.DEFAULT_SLOT_SHIFT;
        final long thirtyMinutes = 30L * 60 * 1000;
        wheel.push(thirtyMinutes, 1, 0, 0, 0, 0, 0);
        wheel.push(10, 2, 0, 0, 0, 0, 0);
        wheel.push(thirtyMinutes, 3, 0, 0, 0, 0, 0);
        assertTrue(thirtyMinutes > span, "the event must outlast the span");
        assertEquals(2, wheel.overflowCount());

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        wheel.push(thirtyMinutes, 4, 0, 0, 0, 0, 0);

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(1, event.type());
        assertEquals(0, event.seq());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(3, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(4, event.type());
        assertTrue(wheel.cascadeCount() > 0, "the far events came through a far level");
        assertEquals(0, wheel.overflowCount());
    }

    @Test
    void shouldTakeEventsPushedBehindAJumpFirst()
    {
        wheel.close();
        wheel = new EventWheel(64, 0, 4, 0);
        wheel.push(10_000, 1, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.overflowCount());

        // The near wheel is empty and the far slot of 10_000 starts by the limit: the wheel jumps ahead of its clock.
        assertFalse(wheel.poll(9_990, event));
        assertEquals(1, wheel.jumpCount());
        assertEquals(0, wheel.now());

        final long cancelled = wheel.push(9_000, 2, 0, 0, 0, 0, 0);
        wheel.push(50, 3, 0, 0, 0, 0, 0);
        wheel.push(9_000, 4, 0, 0, 0, 0, 0);
        wheel.push(7, 5, 0, 0, 0, 0, 0);
        assertTrue(wheel.cancel(cancelled));

        final int[] expectedTypes = {5, 3, 4, 1};
        final long[] expectedTimes = {7, 50, 9_000, 10_000};
        for (int i = 0; i < expectedTypes.length; i++)
        {
            assertTrue(wheel.poll(Long.MAX_VALUE, event));
            assertEquals(expectedTypes[i], event.type());
            assertEquals(expectedTimes[i], event.time());
        }
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldHoldEventsAtTheEndOfTheTimeRange()
    {
        wheel.push(Long.MAX_VALUE, 1, 0, 0, 0, 0, 0);
        wheel.push(Long.MAX_VALUE - 1, 2, 0, 0, 0, 0, 0);
        wheel.push(1L << 62, 3, 0, 0, 0, 0, 0);
        wheel.push(5, 4, 0, 0, 0, 0, 0);

        final int[] expectedTypes = {4, 3, 2, 1};
        for (final int type : expectedTypes)
        {
            assertTrue(wheel.poll(Long.MAX_VALUE, event));
            assertEquals(type, event.type());
        }
        assertEquals(Long.MAX_VALUE, wheel.now());
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
    }

    @Test
    void shouldCancelInConstantTimeAndSkipTheCancelledEvent()
    {
        final long handle = wheel.push(10, 1, 0, 0, 0, 0, 0);
        wheel.push(20, 2, 0, 0, 0, 0, 0);
        assertTrue(wheel.cancel(handle));
        assertEquals(1, wheel.size());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
    }

    @Test
    void shouldRefuseAStaleHandleAfterTheRecordIsReused()
    {
        final long handle = wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        final long reused = wheel.push(20, 2, 0, 0, 0, 0, 0);
        assertEquals((int)handle, (int)reused, "the freed record is reused");

        assertFalse(wheel.cancel(handle));
        assertEquals(1, wheel.size());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
    }

    @Test
    void shouldRefuseASecondCancel()
    {
        final long handle = wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.cancel(handle));
        assertFalse(wheel.cancel(handle));
        assertFalse(wheel.cancel(-1L));
        assertFalse(wheel.cancel(Long.MAX_VALUE));
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldRefuseAHandleNamingAFreeRecord()
    {
        // a zero-initialised handle field, or a handle of another wheel: generation 0 of a record never pushed
        assertFalse(wheel.cancel(0L));
        assertEquals(0, wheel.size());
        assertTrue(wheel.isEmpty());

        final long pending = wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertFalse(wheel.cancel(pending + 1), "record 1 is free");
        assertEquals(1, wheel.size());
        assertFalse(wheel.isEmpty());

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        final long freed = ((long)((int)(pending >>> 32) + 1) << 32) | (int)pending;
        assertFalse(wheel.cancel(freed), "record 0 is free again, at its next generation");
        assertEquals(0, wheel.size());
        final long reused = wheel.push(20, 2, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.size());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertFalse(wheel.cancel(reused));
    }

    @Test
    void shouldNotLetAZeroHandleCancelTheFirstEventPushed()
    {
        // a model's zero-initialised handle field, cancelled before its first timer is scheduled: the first event
        // pushed into the wheel had the handle 0 (record 0, generation 0) and was cancelled, its timer silently lost
        final long first = wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertFalse(wheel.cancel(0L), "a zero handle names no event");
        assertEquals(1, wheel.size());
        assertTrue(first != 0L && first != EventWheel.NULL_HANDLE, () -> "handle " + first);

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(1, event.type());
        assertTrue(wheel.cancel(wheel.push(20, 2, 0, 0, 0, 0, 0)), "handles still cancel their own events");
    }

    @Test
    void shouldCountACancelledRecordInUseUntilTheWheelReclaimsIt()
    {
        final long early = wheel.push(10, 1, 0, 0, 0, 0, 0);
        wheel.push(20, 2, 0, 0, 0, 0, 0);
        final long late = wheel.push(30, 3, 0, 0, 0, 0, 0);
        assertEquals(3, wheel.recordsInUse());

        assertTrue(wheel.cancel(late));
        assertTrue(wheel.cancel(early));
        assertEquals(1, wheel.size(), "one event pending");
        assertEquals(3, wheel.recordsInUse(), "a cancel leaves its record to the next scan that meets it");

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(0, wheel.recordsInUse(), "the scans freed both cancelled records");
        assertEquals(0, wheel.size());
    }

    @Test
    void shouldGrowTheArenaAndKeepOrder()
    {
        wheel.close();
        wheel = new EventWheel(64, 2, 1, 0);
        for (int i = 0; i < 10_000; i++)
        {
            wheel.push((i * 7919L) % 5000, 0, i, 0, 0, 0, 0);
        }
        assertTrue(wheel.capacity() >= 10_000);
        long last = Long.MIN_VALUE;
        for (int i = 0; i < 10_000; i++)
        {
            assertTrue(wheel.poll(Long.MAX_VALUE, event));
            assertTrue(event.time() >= last);
            last = event.time();
        }
    }

    @Test
    void shouldAcceptPushesIntoTheSlotBeingDrained()
    {
        wheel.push(5, 1, 0, 0, 0, 0, 0);
        wheel.push(9, 2, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        wheel.push(6, 3, 0, 0, 0, 0, 0);
        wheel.push(5, 4, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(4, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(3, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
    }

    @Test
    void shouldOrderAnEarlierPushAfterPeekingAhead()
    {
        wheel.push(1000, 1, 0, 0, 0, 0, 0);
        assertEquals(1000, wheel.peekTime(1500));
        wheel.push(100, 2, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
    }

    @Test
    void shouldAdvanceTheClockOnlyPastDueEvents()
    {
        wheel.push(100, 1, 0, 0, 0, 0, 0);
        wheel.advanceTo(100);
        assertEquals(100, wheel.now());
        assertThrows(IllegalStateException.class, () -> wheel.advanceTo(101));
    }

    @Test
    void shouldNameThePendingEventWhenRefusingToAdvancePastIt()
    {
        wheel.push(500, 1, 0, 0, 0, 0, 0);
        wheel.push(100, 2, 0, 0, 0, 0, 0);
        final IllegalStateException error = assertThrows(IllegalStateException.class, () -> wheel.advanceTo(200));
        assertEquals("advanceTo time=200 but an event due at time=100 is pending", error.getMessage());
    }

    @Test
    void shouldResetToAnEmptyWheelAndRestartSeq()
    {
        final long handle = wheel.push(100, 1, 0, 0, 0, 0, 0);
        wheel.push(50L * 60 * 1000, 1, 0, 0, 0, 0, 0);
        wheel.reset(7);
        assertEquals(0, wheel.size());
        assertEquals(7, wheel.now());
        assertFalse(wheel.cancel(handle));
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
        wheel.push(8, 2, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(0, event.seq());
    }

    @Test
    void shouldRefuseToResetToTheStartOfTimeAndKeepItsEvents()
    {
        // Long.MIN_VALUE is refused at construction; reset took it and the next push at that time failed mid-insert
        wheel.push(100, 1, 0, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> wheel.reset(Long.MIN_VALUE));
        assertEquals(1, wheel.size());
        assertEquals(0, wheel.now());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(100, event.time());
    }

    @Test
    void shouldNameTheInitialCapacityItRefuses()
    {
        // the arena's check said "capacity=0 ...", a name the constructor has no parameter of
        assertEquals("initialCapacity=0 must be in [1, " + EventDescriptor.MAX_RECORDS + "]",
            assertThrows(IllegalArgumentException.class, () -> new EventWheel(64, 0, 0, 0)).getMessage());
        assertEquals("initialCapacity=-1 must be in [1, " + EventDescriptor.MAX_RECORDS + "]",
            assertThrows(IllegalArgumentException.class, () -> new EventWheel(64, 0, -1, 0)).getMessage());
    }

    @Test
    void shouldRefuseToStartAtTheStartOfTime()
    {
        assertThrows(IllegalArgumentException.class, () -> new EventWheel(64, 0, 1, Long.MIN_VALUE));
    }

    @Test
    void shouldAcceptTheLargestSlotCount()
    {
        wheel.close();
        wheel = new EventWheel(1 << 24, 0, 1, 0);
        wheel.push((1 << 24) - 1, 1, 0, 0, 0, 0, 0);
        wheel.push(3, 2, 0, 0, 0, 0, 0);
        assertEquals(0, wheel.overflowCount(), "both events are in the near wheel");

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(1, event.type());
    }

    @Test
    void shouldReportTheGeometryItWasBuiltWith()
    {
        wheel.close();
        wheel = new EventWheel(128, 3, 1, 0);
        assertEquals(128, wheel.slotCount());
        assertEquals(3, wheel.slotShift());
    }

    @Test
    void shouldCountEveryPushInNextSeqIncludingOneTakenAtOnce()
    {
        assertEquals(0, wheel.nextSeq());
        wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertTrue(wheel.pushOrTake(20, 2, 0, 0, 0, 0, 0, event));
        assertEquals(1, event.seq());
        assertEquals(2, wheel.nextSeq());
    }

    @Test
    void shouldBringAFarEventIntoTheNearWheelWhenTakingAnEventMovesTheClockWithinReach()
    {
        // near wheel at time 0: slots 0..32767 of 32 units, times below 1_048_576
        wheel.push(1_100_000, 1, 0, 0, 0, 0, 0);
        wheel.push(1_000_000, 2, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.overflowCount());

        assertTrue(wheel.poll(1_000_000, event));
        assertEquals(2, event.type());
        assertEquals(0, wheel.overflowCount(), "the far event is now within the near wheel's reach");
        assertEquals(0, wheel.jumpCount());
    }

    @Test
    void shouldBringAFarEventIntoTheNearWheelWhenAnEventTakenAtOnceMovesTheClockWithinReach()
    {
        wheel.push(1_100_000, 1, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.overflowCount());

        assertTrue(wheel.pushOrTake(1_000_000, 2, 0, 0, 0, 0, 0, event));
        assertEquals(0, wheel.overflowCount(), "the far event is now within the near wheel's reach");
    }

    @Test
    void shouldBringAFarEventIntoTheNearWheelWhenTheClockAdvancesWithinReach()
    {
        wheel.push(1_100_000, 1, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.overflowCount());

        wheel.advanceTo(1_000_000);
        assertEquals(0, wheel.overflowCount(), "the far event is now within the near wheel's reach");
    }

    @Test
    void shouldBringAWholeFarLevelNearerWhenALargeNearWheelMovesItsClockFurtherThanTheLevelReaches()
    {
        wheel.close();
        // 2^24 slots of 1 unit: taking an event at the far end of the near wheel moves the clock by 2^18 slots of
        // level 1, more than its 4096 slots reach
        wheel = new EventWheel(1 << 24, 0, 4, 0);
        wheel.push((1L << 24) + 1000, 1, 0, 0, 0, 0, 0);
        wheel.push((1L << 24) - 10, 2, 0, 0, 0, 0, 0);
        assertEquals(1, wheel.overflowCount());

        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(2, event.type());
        assertEquals(0, wheel.overflowCount(), "the far event is now within the near wheel's reach");
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(1, event.type());
        assertEquals((1L << 24) + 1000, event.time());
    }

    @Test
    void shouldJumpOnlyToFarSlotsHoldingEvents()
    {
        wheel.close();
        // 64 slots of 1 unit; level 1 has slots of 64 units: each event below lies alone in its level-1 slot, beyond
        // the near wheel's reach from the one before, so the wheel jumps exactly once to each
        wheel = new EventWheel(64, 0, 4, 0);
        for (int i = 1; i <= 100; i++)
        {
            wheel.push(i * 20 * 64L, i, 0, 0, 0, 0, 0);
        }
        while (wheel.poll(Long.MAX_VALUE, event))
        {
            assertEquals(event.type(), wheel.jumpCount());
        }
        // level 1 now reaches past slot 20 + 4096, where the first event's emptied slot 20 comes round again
        wheel.push((20 + 4096 + 1) * 64L, 101, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(101, event.type());
        assertEquals(101, wheel.jumpCount(), "no jump to a far slot that was emptied");
    }

    @Test
    void shouldMoveEachFarEventNearerAtMostOncePerLevel()
    {
        wheel.close();
        wheel = new EventWheel(64, 0, 4, 0);
        // level 1 reaches 4096 slots of 64 units: every event is in level 1, alone in its slot
        for (int i = 1; i <= 200; i++)
        {
            wheel.push(i * 20 * 64L, i, 0, 0, 0, 0, 0);
        }
        assertEquals(200, wheel.overflowCount());
        while (wheel.poll(Long.MAX_VALUE, event))
        {
            // drain
        }
        assertEquals(200, event.type());
        assertTrue(wheel.cascadeCount() <= 200, () -> wheel.cascadeCount() + " far slots moved for 200 events");
    }

    @Test
    void shouldReachTheEndOfTheTimeRangeMovingAnEventAtMostOncePerLevel()
    {
        wheel.close();
        // the far levels reach Long.MAX_VALUE: 64 bits, of which the near wheel and every level cover at least 6
        wheel = new EventWheel(64, 0, 4, 0);
        wheel.push(Long.MAX_VALUE, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(Long.MAX_VALUE, event.time());
        assertTrue(wheel.cascadeCount() <= Long.SIZE / 6, () -> wheel.cascadeCount() + " far slots moved");
    }

    @Test
    void shouldJumpAndMoveFarEventsAsANewWheelDoesAfterReset()
    {
        wheel.close();
        wheel = new EventWheel(64, 0, 4, 0);
        wheel.push(30, 1, 0, 0, 0, 0, 0);
        wheel.push(6_400, 1, 0, 0, 0, 0, 0);
        wheel.push(100_000, 1, 0, 0, 0, 0, 0);
        wheel.reset(0);
        try (EventWheel fresh = new EventWheel(64, 0, 4, 0))
        {
            for (final EventWheel each : new EventWheel[] {wheel, fresh})
            {
                each.push(200_000, 2, 0, 0, 0, 0, 0);
                each.push(40, 3, 0, 0, 0, 0, 0);
                while (each.poll(Long.MAX_VALUE, event))
                {
                    assertEquals(event.type() == 3 ? 40 : 200_000, event.time());
                }
            }
            assertEquals(fresh.jumpCount(), wheel.jumpCount(), "jumps");
            assertEquals(fresh.cascadeCount(), wheel.cascadeCount(), "cascades");
        }
    }

    @Test
    void shouldTakeAnEventDueOnTheFirstSlotBeyondTheNearWheelAfterAPollThatFoundNothing()
    {
        wheel.close();
        // 64 slots of 1 unit from time 0: time 64 is the first time beyond the near wheel
        wheel = new EventWheel(64, 0, 4, 0);
        wheel.push(300_000, 2, 0, 0, 0, 0, 0);
        assertFalse(wheel.poll(1_000, event), "the scan of the empty near wheel ends at its last slot");

        wheel.push(64, 1, 0, 0, 0, 0, 0);
        assertTrue(wheel.poll(64, event));
        assertEquals(1, event.type());
        assertEquals(64, event.time());
    }

    @Test
    void shouldMoveALevelNearerWhoseLastSlotHoldsAnEvent()
    {
        wheel.close();
        // 4096 slots of 1 unit from time 0: level 1 starts at its slot 64 (time 4096) and its last slot is 4159
        wheel = new EventWheel(4096, 0, 4, 0);
        wheel.push(4159 * 64L, 4, 0, 0, 0, 0, 0);
        wheel.push(4160, 3, 0, 0, 0, 0, 0);
        wheel.push(4096, 2, 0, 0, 0, 0, 0);
        wheel.push(4000, 1, 0, 0, 0, 0, 0);
        assertEquals(3, wheel.overflowCount());

        // taking the event at 4000 moves level 1's first slots, those of 4096 and 4160, into the near wheel
        assertTimeoutPreemptively(Duration.ofSeconds(30), () ->
        {
            for (int type = 1; type <= 4; type++)
            {
                assertTrue(wheel.poll(Long.MAX_VALUE, event));
                assertEquals(type, event.type());
            }
        });
    }

    @Test
    void shouldFreeItsArenaOnClose()
    {
        wheel.close();
        wheel = new EventWheel(64, 0, 1 << 14, 0);
        final long open = directMemoryUsed();
        wheel.close();
        final long freed = open - directMemoryUsed();
        assertTrue(freed >= (1L << 14) << EventDescriptor.RECORD_SHIFT, () -> "freed " + freed + " bytes");
    }

    @Test
    void shouldHoldNothingAndRefuseEveryUseWithoutReadingTheFreedArenaOnceClosed()
    {
        wheel.close();
        wheel = new EventWheel(64, 0, 4, 0);
        final long far = wheel.push(10_000, 1, 0, 0, 0, 0, 0);
        assertFalse(wheel.poll(9_990, event), "the wheel jumped ahead of its clock");
        final long early = wheel.push(50, 2, 0, 0, 0, 0, 0);
        final long near = wheel.push(5, 3, 0, 0, 0, 0, 0);
        final long later = wheel.push(1L << 40, 4, 0, 0, 0, 0, 0);
        assertEquals(4, wheel.size());

        wheel.close();

        // each of these read the freed arena: IndexOutOfBoundsException, or a JVM crash with bounds checks off
        for (final long handle : new long[]{far, early, near, later, 0L})
        {
            assertFalse(wheel.cancel(handle), () -> "cancel of " + handle + " after close");
        }
        assertFalse(wheel.poll(Long.MAX_VALUE, event));
        assertEquals(Long.MAX_VALUE, wheel.peekTime(Long.MAX_VALUE));
        assertEquals(0, wheel.recordsInUse());
        assertEquals(4, wheel.size(), "the events left pending when it closed");
        assertEquals(
            "event arena closed",
            assertThrows(IllegalStateException.class, () -> wheel.push(7, 5, 0, 0, 0, 0, 0)).getMessage());
        assertThrows(IllegalStateException.class, () -> wheel.pushOrTake(-1, 5, 0, 0, 0, 0, 0, event));
        assertEquals(0, wheel.clampedCount(), "a push the closed wheel refused is not counted");
        wheel.advanceTo(1L << 50);
        wheel.reset(0);
        assertThrows(IllegalStateException.class, () -> wheel.push(7, 5, 0, 0, 0, 0, 0));
        assertEquals(0, wheel.size());
        wheel.close();
    }

    /**
     * A poll given no event to fill unlinked and freed the event's record first: the NullPointerException left the
     * event gone, its record in use and {@link EventWheel#size()} counting it for ever. A push-or-take counted the seq.
     */
    @Test
    void shouldKeepTheEventPendingAndTheSeqUntakenWhenGivenNoEventToFill()
    {
        wheel.push(5, 1, 0, 0, 0, 0, 0);
        assertThrows(NullPointerException.class, () -> wheel.poll(10, null));
        assertEquals(1, wheel.size());
        assertEquals(0, wheel.now());
        assertTrue(wheel.poll(10, event), "the event is still pending");
        assertEquals(1, event.type());
        assertEquals(0, wheel.recordsInUse());

        assertThrows(NullPointerException.class, () -> wheel.pushOrTake(20, 2, 0, 0, 0, 0, 0, null));
        assertEquals(1, wheel.nextSeq(), "nothing was scheduled");
        assertEquals(5, wheel.now());
        assertTrue(wheel.pushOrTake(20, 2, 0, 0, 0, 0, 0, event));
        assertEquals(1, event.seq());
    }

    @Test
    void shouldRejectBadGeometryAndTypes()
    {
        assertThrows(IllegalArgumentException.class, () -> new EventWheel(1000, 5, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> new EventWheel(32, 5, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> new EventWheel(64, 33, 16, 0));
        assertThrows(IllegalArgumentException.class, () -> new EventWheel(64, 5, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> wheel.push(1, -1, 0, 0, 0, 0, 0));
    }

    private static long directMemoryUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }
}
