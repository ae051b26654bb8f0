package io.concurrengine.core.loop;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunLoopTest
{
    private final EventWheel wheel = new EventWheel();
    private final List<String> log = new ArrayList<>();

    @AfterEach
    void after()
    {
        wheel.close();
    }

    @Test
    void shouldStopBeforeAnEventAtTheEndTimeWithoutDispatchingIt()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(event.type() + "@" + context.now()), 100);
        wheel.push(10, 1, 0, 0, 0, 0, 0);
        wheel.push(100, 2, 0, 0, 0, 0, 0);
        wheel.push(150, 3, 0, 0, 0, 0, 0);

        assertEquals(RunLoop.Outcome.END_TIME, loop.run(100));
        assertEquals(List.of("1@10"), log);
        assertEquals(1, loop.dispatchedCount());
        assertEquals(2, wheel.size(), "the terminal event stays pending");
    }

    @Test
    void shouldDispatchNothingBeforeAnEndTimeOfLongMinValue()
    {
        // every time is after Long.MIN_VALUE: nothing is due before it, whereas endTime - 1 wraps to the end of time
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(event.type() + "@" + context.now()), 100);
        wheel.push(10, 1, 0, 0, 0, 0, 0);

        assertEquals(RunLoop.Outcome.END_TIME, loop.run(Long.MIN_VALUE));
        assertEquals(List.of(), log);
        assertEquals(0, loop.dispatchedCount());
        assertEquals(1, wheel.size());
    }

    @Test
    void shouldReportADrainedQueue()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add("e"), 100);
        wheel.push(10, 1, 0, 0, 0, 0, 0);
        assertEquals(RunLoop.Outcome.DRAINED, loop.run(1000));
        assertEquals(1, log.size());
    }

    @Test
    void shouldDispatchWhatAHandlerSchedulesInTimeThenScheduleOrder()
    {
        final EventHandler handler = (event, context) ->
        {
            log.add(event.type() + "@" + event.time());
            if (event.type() == 0)
            {
                context.scheduleAfter(5, 2, 0);
                context.scheduleAfter(0, 1, 0);
                context.scheduleAfter(5, 3, 0);
                context.scheduleAt(context.now() - 10, 4, 0);
            }
        };
        final RunLoop loop = new RunLoop(wheel, handler, 100);
        wheel.push(20, 0, 0, 0, 0, 0, 0);
        loop.run(1000);
        assertEquals(List.of("0@20", "1@20", "4@20", "2@25", "3@25"), log);
        assertEquals(1, wheel.clampedCount());
    }

    @Test
    void shouldScheduleAHugeDelayInTheFarFutureRatherThanOverflowIntoThePast()
    {
        final EventHandler handler = (event, context) ->
        {
            log.add(event.type() + "@" + event.time());
            if (event.type() == 0)
            {
                context.scheduleAfter(Long.MAX_VALUE, 1, 0);
                context.scheduleAfter(Long.MAX_VALUE - 5, 2, 0, 0, 0, 0, 0);
            }
        };
        wheel.push(20, 0, 0, 0, 0, 0, 0);
        final RunLoop loop = new RunLoop(wheel, handler, 100);
        loop.run(1_000_000_000_000L);
        assertEquals(List.of("0@20"), log, "neither fires now");
        assertEquals(0, wheel.clampedCount());
        assertEquals(2, wheel.size(), "both pending, at the end of time");

        final EventWheel early = new EventWheel(EventWheel.DEFAULT_SLOT_COUNT, EventWheel.DEFAULT_SLOT_SHIFT, 16, -100);
        try
        {
            final List<String> seen = new ArrayList<>();
            early.push(-50, 0, 0, 0, 0, 0, 0);
            new RunLoop(early, (event, context) ->
            {
                seen.add(event.type() + "@" + event.time());
                if (event.type() == 0)
                {
                    context.scheduleAfter(Long.MIN_VALUE, 1, 0); // the past: clamped to now, not the far future
                }
            }, 100).run(1_000);
            assertEquals(List.of("0@-50", "1@-50"), seen);
        }
        finally
        {
            early.close();
        }
    }

    @Test
    void shouldCancelThroughTheContext()
    {
        final long[] handle = new long[1];
        final EventHandler handler = (event, context) ->
        {
            log.add(String.valueOf(event.type()));
            if (event.type() == 0)
            {
                handle[0] = context.scheduleAfter(10, 9, 0);
                context.scheduleAfter(5, 1, 0);
            }
            else if (event.type() == 1)
            {
                assertTrue(context.cancel(handle[0]));
                assertFalse(context.cancel(handle[0]));
            }
        };
        wheel.push(0, 0, 0, 0, 0, 0, 0);
        new RunLoop(wheel, handler, 100).run(1000);
        assertEquals(List.of("0", "1"), log);
    }

    @Test
    void shouldCancelByTheHandleThatEachWayOfSchedulingReturns()
    {
        final long[] handles = new long[4];
        final EventHandler handler = (event, context) ->
        {
            log.add(event.type() + "@" + event.time());
            if (event.type() == 0)
            {
                handles[0] = context.scheduleAt(30, 1, 0, 11, 12, 13, 14);
                handles[1] = context.scheduleAt(30, 2, 0);
                handles[2] = context.scheduleAfter(10, 3, 0, 31, 32, 33, 34);
                handles[3] = context.scheduleAfter(10, 4, 0);
            }
            else if (event.type() == 9)
            {
                for (final long handle : handles)
                {
                    assertTrue(context.cancel(handle), "pending: " + handle);
                }
            }
        };
        wheel.push(20, 0, 0, 0, 0, 0, 0);
        wheel.push(40, 6, 0, 0, 0, 0, 0);
        wheel.push(25, 9, 0, 0, 0, 0, 0);

        assertEquals(RunLoop.Outcome.DRAINED, new RunLoop(wheel, handler, 100).run(1000));
        assertEquals(List.of("0@20", "9@25", "6@40"), log, "the four cancelled, nothing else");
    }

    @Test
    void shouldNotDispatchAnEventOfTheSameTickThatAnEarlierHandlerCancelled()
    {
        final long[] handle = new long[1];
        final EventHandler handler = (event, context) ->
        {
            log.add(event.type() + "@" + event.time());
            if (event.type() == 0)
            {
                assertTrue(context.cancel(handle[0]), "pending, due now");
                context.scheduleAt(context.now(), 3, 0);
            }
        };
        wheel.push(10, 0, 0, 0, 0, 0, 0);
        wheel.push(10, 1, 0, 0, 0, 0, 0);
        handle[0] = wheel.push(10, 2, 0, 0, 0, 0, 0);
        wheel.push(11, 4, 0, 0, 0, 0, 0);

        assertEquals(RunLoop.Outcome.DRAINED, new RunLoop(wheel, handler, 100).run(1000));
        assertEquals(List.of("0@10", "1@10", "3@10", "4@11"), log);
    }

    @Test
    void shouldRefuseTheHandleOfTheEventBeingDispatchedEvenOnceItsRecordIsReused()
    {
        final long[] handle = new long[1];
        final EventHandler handler = (event, context) ->
        {
            log.add(event.type() + "@" + event.time());
            if (event.type() == 0)
            {
                final long reused = context.scheduleAt(context.now(), 1, 0);
                assertEquals((int)handle[0], (int)reused, "the record just taken is the next one given");
                assertFalse(context.cancel(handle[0]), "the event being dispatched is no longer pending");
            }
        };
        handle[0] = wheel.push(10, 0, 0, 0, 0, 0, 0);

        assertEquals(RunLoop.Outcome.DRAINED, new RunLoop(wheel, handler, 100).run(1000));
        assertEquals(List.of("0@10", "1@10"), log, "the event in the reused record is dispatched");
    }

    @Test
    void shouldFailWithTheCountTheClockAndTheLastTypesWhenTheBudgetRunsOut()
    {
        final EventHandler selfScheduling = (event, context) ->
            context.scheduleAfter(0, (event.type() + 1) % 10, 0);
        wheel.push(42, 0, 0, 0, 0, 0, 0);
        final RunLoop loop = new RunLoop(wheel, selfScheduling, 500);

        final EventBudgetExceeded error = assertThrows(EventBudgetExceeded.class, () -> loop.run(1000));
        assertEquals(500, error.eventCount());
        assertEquals(42, error.clock());
        assertArrayEquals(new int[]{ 2, 3, 4, 5, 6, 7, 8, 9 }, error.lastTypes());
        assertTrue(error.getMessage().contains("events=500"), error.getMessage());
        assertTrue(error.getMessage().contains("clock=42"), error.getMessage());
    }

    @Test
    void shouldLeaveTheEventBeyondTheBudgetPendingAndUndispatched()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(String.valueOf(event.time())), 3);
        for (int time = 1; time <= 5; time++)
        {
            wheel.push(time, 0, 0, 0, 0, 0, 0);
        }

        final EventBudgetExceeded error = assertThrows(EventBudgetExceeded.class, () -> loop.run(1000));
        assertEquals(3, error.eventCount());
        assertEquals(3, error.clock(), "the clock of the last event dispatched");
        assertEquals(List.of("1", "2", "3"), log);
        assertEquals(2, wheel.size(), "the event that would have exceeded the budget is still pending");
        assertEquals(3, wheel.now());

        assertEquals(RunLoop.Outcome.DRAINED, loop.run(1000));
        assertEquals(List.of("1", "2", "3", "4", "5"), log, "nothing lost when the caller runs on");
    }

    @Test
    void shouldNameTheTypeOfEveryEventDispatchedWhenTheBudgetIsBelowEight()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(String.valueOf(event.type())), 3);
        for (int type = 5; type <= 8; type++)
        {
            wheel.push(type - 4, type, 0, 0, 0, 0, 0);
        }

        final EventBudgetExceeded error = assertThrows(EventBudgetExceeded.class, () -> loop.run(1000));
        assertArrayEquals(new int[]{ 5, 6, 7 }, error.lastTypes(), "oldest first");
        assertEquals("event budget exceeded: events=3 clock=3 lastTypes=[5, 6, 7]", error.getMessage());
    }

    @Test
    void shouldCountTheEventsOfTheLastRunAndOfAllDispatchesSinceCreation()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(String.valueOf(event.time())), 2);
        assertSame(wheel, loop.wheel());
        for (int time = 1; time <= 6; time++)
        {
            wheel.push(time, 0, 0, 0, 0, 0, 0);
        }

        assertEquals(RunLoop.Outcome.END_TIME, loop.run(3));
        assertEquals(2, loop.dispatchedCount());
        assertEquals(2, loop.totalDispatched());

        assertNotNull(loop.dispatchNext(3));
        assertEquals(2, loop.dispatchedCount(), "dispatchNext is no run");
        assertEquals(3, loop.totalDispatched());

        assertThrows(EventBudgetExceeded.class, () -> loop.run(1000));
        assertEquals(2, loop.dispatchedCount(), "counted when the budget runs out too");
        assertEquals(5, loop.totalDispatched());

        assertEquals(RunLoop.Outcome.END_TIME, loop.run(Long.MIN_VALUE));
        assertEquals(0, loop.dispatchedCount());
        assertEquals(5, loop.totalDispatched());
        assertEquals(List.of("1", "2", "3", "4", "5"), log);
    }

    @Test
    void shouldDispatchExactlyTheBudget()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add("e"), 3);
        for (int i = 0; i < 3; i++)
        {
            wheel.push(i, 0, 0, 0, 0, 0, 0);
        }
        assertEquals(RunLoop.Outcome.DRAINED, loop.run(1000));
        assertEquals(3, log.size());
    }

    @Test
    void shouldDispatchOneEventAtATimeUpToALimit()
    {
        final RunLoop loop = new RunLoop(wheel, (event, context) -> log.add(String.valueOf(event.time())), 1);
        wheel.push(5, 0, 0, 0, 0, 0, 0);
        wheel.push(7, 0, 0, 0, 0, 0, 0);
        final Event first = loop.dispatchNext(6);
        assertEquals(5, first.time());
        assertNull(loop.dispatchNext(6));
        assertEquals(List.of("5"), log);
    }

    @Test
    void shouldRefuseANullWheelOrHandlerWhenBuilt()
    {
        // accepted before, to fail with a bare NullPointerException at the first run
        assertEquals("wheel", assertThrows(NullPointerException.class,
            () -> new RunLoop(null, (event, context) -> log.add("e"), 1)).getMessage());
        assertEquals("handler", assertThrows(NullPointerException.class,
            () -> new RunLoop(wheel, null, 1)).getMessage());
    }

    @Test
    void shouldRefuseARunOrDispatchNextFromInsideItsOwnHandler()
    {
        // a nested dispatch overwrote the Event the outer handler was still reading: the outer handler saw the time
        // and type of the inner event after its call returned
        final RunLoop[] self = new RunLoop[1];
        final List<Throwable> refused = new ArrayList<>();
        self[0] = new RunLoop(wheel, (event, context) ->
        {
            final long time = event.time();
            try
            {
                if (1 == event.type())
                {
                    self[0].run(1000);
                }
                else
                {
                    self[0].dispatchNext(1000);
                }
            }
            catch (final IllegalStateException ex)
            {
                refused.add(ex);
            }
            log.add(event.type() + "@" + time + "/" + event.time());
        }, 10);
        wheel.push(5, 1, 0, 0, 0, 0, 0);
        wheel.push(6, 2, 0, 0, 0, 0, 0);
        wheel.push(7, 1, 0, 0, 0, 0, 0);

        assertEquals(5, self[0].dispatchNext(1000).time());
        assertEquals(RunLoop.Outcome.DRAINED, self[0].run(1000));
        assertEquals(List.of("1@5/5", "2@6/6", "1@7/7"), log, "each event dispatched once, in order, unchanged");
        assertEquals(3, refused.size());
        assertEquals("RunLoop.run called by a handler of the same loop while it dispatches an event (type=1 at " +
            "time=5): a loop is not re-entrant, the nested dispatch would overwrite that event; schedule the work " +
            "instead", refused.get(0).getMessage());
        assertTrue(refused.get(1).getMessage().startsWith("RunLoop.dispatchNext called by a handler"));

        // a handler that throws leaves the loop usable
        final RunLoop throwing = new RunLoop(wheel, (event, context) ->
        {
            throw new IllegalArgumentException("boom");
        }, 10);
        wheel.push(8, 0, 0, 0, 0, 0, 0);
        wheel.push(9, 0, 0, 0, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> throwing.dispatchNext(1000));
        assertThrows(IllegalArgumentException.class, () -> throwing.run(1000));
        assertTrue(wheel.isEmpty());
    }

    @Test
    void shouldRouteEachTypeThroughTheDispatchTable()
    {
        final DispatchTable table = new DispatchTable(2, (event, context) -> log.add("other" + event.type()))
            .on(0, (event, context) -> log.add("zero"))
            .on(2, (event, context) -> log.add("two"));
        wheel.push(1, 2, 0, 0, 0, 0, 0);
        wheel.push(2, 0, 0, 0, 0, 0, 0);
        wheel.push(3, 7, 0, 0, 0, 0, 0);
        new RunLoop(wheel, table, 10).run(100);
        assertEquals(List.of("two", "zero", "other7"), log);
        assertThrows(IllegalArgumentException.class, () -> table.on(3, (event, context) -> {}));
    }

    @Test
    void shouldRouteATypeBeyondTheTableToTheFallbackAndAcceptATableOfTypeZeroAlone()
    {
        final DispatchTable table = new DispatchTable(0, (event, context) -> log.add("other" + event.type()))
            .on(0, (event, context) -> log.add("zero"));
        wheel.push(1, 1, 0, 0, 0, 0, 0);
        wheel.push(2, 0, 0, 0, 0, 0, 0);

        new RunLoop(wheel, table, 10).run(100);
        assertEquals(List.of("other1", "zero"), log);
    }

    @Test
    void shouldRouteANegativeTypeToTheFallbackRatherThanFailOnTheTable()
    {
        // the wheel refuses negative types, but the table is a handler anyone can call with an event of their own
        final DispatchTable table = new DispatchTable(2, (event, context) -> log.add("other" + event.type()))
            .on(0, (event, context) -> log.add("zero"));
        final Event event = new Event();

        table.onEvent(event.set(5, 1, -1, 0, 0, 0, 0, 0), null);
        table.onEvent(event.set(5, 2, Integer.MIN_VALUE, 0, 0, 0, 0, 0), null);
        table.onEvent(event.set(5, 3, 0, 0, 0, 0, 0, 0), null);

        assertEquals(List.of("other-1", "other" + Integer.MIN_VALUE, "zero"), log);
    }

    @Test
    void shouldNameTheRangeWhenRefusingATypeOrATableSize()
    {
        final DispatchTable table = new DispatchTable(2, (event, context) -> log.add("other"));
        final EventHandler handler = (event, context) -> log.add("handler");

        assertEquals(
            "type=3 must be in [0, 2]",
            assertThrows(IllegalArgumentException.class, () -> table.on(3, handler)).getMessage());
        assertEquals(
            "type=-1 must be in [0, 2]",
            assertThrows(IllegalArgumentException.class, () -> table.on(-1, handler)).getMessage());
        assertEquals(
            "maxType=-1 must be non-negative",
            assertThrows(IllegalArgumentException.class, () -> new DispatchTable(-1, handler)).getMessage());
    }

    @Test
    void shouldRefuseATableTooLargeForAnArrayAndANullFallbackWhenBuilt()
    {
        final EventHandler handler = (event, context) -> log.add("handler");

        // maxType + 1 overflowed: NegativeArraySizeException: -2147483648
        assertEquals(
            "maxType=2147483647 must be at most " + DispatchTable.MAX_TYPE,
            assertThrows(IllegalArgumentException.class, () -> new DispatchTable(Integer.MAX_VALUE, handler))
                .getMessage());
        assertEquals(
            "maxType=" + (DispatchTable.MAX_TYPE + 1) + " must be at most " + DispatchTable.MAX_TYPE,
            assertThrows(IllegalArgumentException.class, () -> new DispatchTable(DispatchTable.MAX_TYPE + 1, handler))
                .getMessage());
        // a null fallback failed only at the first event of a type without a handler, far from the mistake
        assertEquals(
            "fallback",
            assertThrows(NullPointerException.class, () -> new DispatchTable(2, null)).getMessage());
        // a null handler was taken, and its type's events went to the fallback without a word
        assertEquals(
            "handler of type=1 is null",
            assertThrows(NullPointerException.class, () -> new DispatchTable(2, handler).on(1, null)).getMessage());
    }
}
