package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard core driven by hand on the test thread.
 */
class ShardCoreTest
{
    private final RecordingModel model = new RecordingModel();
    private final LoggingJournal journal = new LoggingJournal(true);
    private final List<Throwable> errors = new ArrayList<>();

    @Test
    void shouldDispatchAndJournalAnEventDueAtTheEndOfTimeWhenTheClockAdvancesThere()
    {
        try (ShardCore core = newCore(null))
        {
            // its follow-up is due Long.MAX_VALUE time units later: saturated, at Long.MAX_VALUE
            core.input(10, RecordingModel.INPUT, 1, 7, Long.MAX_VALUE, 0, 0);

            assertEquals(0, core.advance(Long.MAX_VALUE - 1));
            assertEquals(1, core.advance(Long.MAX_VALUE), "the follow-up is due by Long.MAX_VALUE");
            assertEquals(Long.MAX_VALUE, model.dispatched.get(1)[0]);
            assertEquals(List.of("inputDispatched t=10 type=1 ok", "advance t=" + Long.MAX_VALUE,
                "dispatch t=" + Long.MAX_VALUE + " seq=1 type=2 ok"), journal.calls,
                "the advance is journaled, so that a replay dispatches the follow-up too");
            assertEquals(1, core.advances());
            assertEquals(0, core.advance(Long.MAX_VALUE), "nothing left: no trace");
        }
    }

    @Test
    void shouldJournalAnInputThatIsDispatchedAtOnceTogetherWithItsDispatchAndAnotherBeforeTheEventsDueByIt()
    {
        try (ShardCore core = newCore(null))
        {
            assertEquals(1, core.input(10, RecordingModel.INPUT, 1, 100, 5, 0, 0), "nothing else due by 10");
            assertEquals(List.of("inputDispatched t=10 type=1 ok"), journal.calls,
                "one record of the pair, written after the handler ran (the handler scheduled the follow-up)");

            // the follow-up is due at 15, before this input: the input is recorded first, then both dispatches
            assertEquals(2, core.input(20, RecordingModel.INPUT, 2, 200, 0, 0, 0));
            assertEquals(List.of("inputDispatched t=10 type=1 ok", "input t=20 type=1 target=2 a=200,0,0,0",
                "dispatch t=15 seq=1 type=2 ok", "dispatch t=20 seq=2 type=1 ok"), journal.calls);
            assertEquals(List.of(10L, 15L, 20L), dispatchedTimes());
            assertEquals(2, core.inputs());
            assertEquals(3, core.dispatched());
            assertEquals(0, core.failed());
            assertEquals(20, core.lastStamp());
        }
    }

    @Test
    void shouldCountAndJournalTheEventsThatAnInputDispatchedAtOnceMakesDueByItsOwnTime()
    {
        final ShardModel echoing = new RecordingModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                super.onEvent(event, context);
                for (int i = 0; i < event.a0(); i++)
                {
                    context.scheduleAt(event.time(), FOLLOW_UP, event.target()); // due now
                }
            }
        };
        try (ShardCore core = new ShardCore(0, new EventWheel(), echoing, journal, errors::add, null))
        {
            assertEquals(3, core.input(10, RecordingModel.INPUT, 1, 2, 0, 0, 0), "the input and its two echoes");
            assertEquals(List.of("inputDispatched t=10 type=1 ok", "dispatch t=10 seq=1 type=2 ok",
                "dispatch t=10 seq=2 type=2 ok"), journal.calls);
            assertEquals(3, core.dispatched());
        }
    }

    @Test
    void shouldRecordAnInputDispatchedAtOnceAsItsInputAndThenItsDispatchInAJournalWithoutThePairRecord()
    {
        final LoggingJournal inputsAndDispatches = new LoggingJournal(false);
        try (ShardCore core = new ShardCore(0, new EventWheel(), model, inputsAndDispatches, errors::add, null))
        {
            core.input(10, RecordingModel.INPUT, 1, 2, 0, 4, 5);
            core.input(20, RecordingModel.FAIL, 6, 7, 8, 9, 10);
            assertEquals(List.of("input t=10 type=1 target=1 a=2,0,4,5", "dispatch t=10 seq=0 type=1 ok",
                "input t=20 type=3 target=6 a=7,8,9,10", "dispatch t=20 seq=1 type=3 failed"),
                inputsAndDispatches.calls, "ShardJournal.inputDispatched's default");
        }
    }

    @Test
    void shouldRefuseAnInputStampedBeforeThePreviousOneAndRecordNothingOfIt()
    {
        try (ShardCore core = newCore(null))
        {
            assertEquals(Long.MIN_VALUE, core.lastStamp(), "no input yet");
            core.input(10, RecordingModel.INPUT, 1, 0, 0, 0, 0);
            core.input(10, RecordingModel.INPUT, 2, 0, 0, 0, 0); // the same stamp is not before it

            final IllegalArgumentException refused = assertThrows(IllegalArgumentException.class,
                () -> core.input(9, RecordingModel.INPUT, 3, 0, 0, 0, 0));
            assertEquals("input time=9 before previous stamp=10", refused.getMessage());
            assertEquals(2, core.inputs());
            assertEquals(2, journal.calls.size(), journal.calls.toString());
            assertEquals(2, model.dispatched.size());
            assertEquals(10, core.lastStamp());
        }
    }

    @Test
    void shouldStampAnEventTimeInputNeverBeforeThePreviousStampTheClockOrTheLatestAdvance()
    {
        try (ShardCore core = new ShardCore(0, new EventWheel(EventWheel.DEFAULT_SLOT_COUNT,
            EventWheel.DEFAULT_SLOT_SHIFT, 64, 50), model, journal, errors::add, null))
        {
            assertEquals(50, core.stampEventTime(40), "before the first input: the wheel's start time");
            assertEquals(60, core.stampEventTime(60), "a feed time ahead of everything is its own stamp");

            core.input(core.stampEventTime(70), RecordingModel.INPUT, 1, 0, 0, 0, 0);
            assertEquals(70, core.stampEventTime(65), "not before the previous stamp");

            assertEquals(0, core.advance(90), "nothing due: no trace, but the horizon moved");
            assertEquals(90, core.stampEventTime(80), "not before the latest advance, although it dispatched nothing");
            assertEquals(70, core.wheel().now(), "the wheel's clock stayed at its last dispatch");
            assertEquals(0, core.advance(85), "an advance behind the horizon");
            assertEquals(90, core.stampEventTime(80), "does not move it back");
        }
    }

    @Test
    void shouldLeaveNoTraceOfAnAdvanceThatDispatchesNothing()
    {
        try (ShardCore core = newCore(null))
        {
            assertEquals(0, core.advance(100), "empty wheel");
            core.input(100, RecordingModel.INPUT, 1, 0, 50, 0, 0); // follow-up due at 150
            assertEquals(0, core.advance(149), "the follow-up is not due yet");
            assertEquals(0, core.advances());
            assertEquals(List.of("inputDispatched t=100 type=1 ok"), journal.calls);

            assertEquals(1, core.advance(150));
            assertEquals(1, core.advances());
            assertEquals(List.of("inputDispatched t=100 type=1 ok", "advance t=150", "dispatch t=150 seq=1 type=2 ok"),
                journal.calls);
        }
    }

    @Test
    void shouldCountReportAndJournalAFailedDispatchAndGoOnToTheNext()
    {
        final List<String> observed = new ArrayList<>();
        try (ShardCore core = newCore((event, failed) -> observed.add(event.time() + (failed ? " failed" : " ok"))))
        {
            core.input(10, RecordingModel.INPUT, 1, 0, 5, 0, 0); // follow-up at 15
            assertEquals(2, core.input(20, RecordingModel.FAIL, 7, 0, 0, 0, 0), "the follow-up, then the failure");
            assertEquals(1, core.input(30, RecordingModel.INPUT, 2, 0, 0, 0, 0), "the next input after it");
            assertEquals(1, core.input(40, RecordingModel.FAIL, 8, 0, 0, 0, 0), "a failure dispatched at once");

            assertEquals(List.of("inputDispatched t=10 type=1 ok", "input t=20 type=3 target=7 a=0,0,0,0",
                "dispatch t=15 seq=1 type=2 ok", "dispatch t=20 seq=2 type=3 failed", "inputDispatched t=30 type=1 ok",
                "inputDispatched t=40 type=3 failed"), journal.calls);
            assertEquals(List.of("10 ok", "15 ok", "20 failed", "30 ok", "40 failed"), observed,
                "the observer sees each dispatch after it is journaled");
            assertEquals(5, core.dispatched(), "failed dispatches included");
            assertEquals(2, core.failed());
            assertEquals(2, errors.size());
            final HandlerFailedException first = assertInstanceOf(HandlerFailedException.class, errors.get(0));
            assertEquals(3, first.shardId());
            assertTrue(first.getMessage().startsWith("handler failed: shard=3 time=20 seq=2 type=3 target=7: "),
                first.getMessage());
            assertInstanceOf(IllegalStateException.class, first.getCause());
        }
    }

    @Test
    void shouldTreatACheckedExceptionThrownUndeclaredAsAFailedDispatch()
    {
        final Exception checked = new Exception("undeclared");
        try (ShardCore core = new ShardCore(0, new EventWheel(), throwingOn(4, checked), journal, errors::add, null))
        {
            assertEquals(1, core.input(10, 4, 1, 0, 0, 0, 0));
            assertEquals(1, core.failed());
            assertEquals(List.of("inputDispatched t=10 type=4 failed"), journal.calls);
            assertSame(checked, errors.get(0).getCause());
        }
    }

    @Test
    void shouldCountAFailedDispatchWhoseExceptionCannotSayWhatItIsAndGoOn()
    {
        final RuntimeException unprintable = new IllegalStateException()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage()
            {
                throw new NullPointerException("the message's field is not set");
            }
        };
        try (ShardCore core = new ShardCore(
            5, new EventWheel(), throwingOn(RecordingModel.FOLLOW_UP, unprintable), journal, errors::add, null))
        {
            core.input(10, RecordingModel.INPUT, 1, 0, 5, 0, 0); // follow-up at 15
            assertEquals(2, core.input(20, RecordingModel.INPUT, 2, 0, 0, 0, 0), "the failed follow-up, the input");
            assertEquals(1, core.failed());
            assertEquals(List.of("inputDispatched t=10 type=1 ok", "input t=20 type=1 target=2 a=0,0,0,0",
                "dispatch t=15 seq=1 type=2 failed", "dispatch t=20 seq=2 type=1 ok"), journal.calls);
            final HandlerFailedException failure = assertInstanceOf(HandlerFailedException.class, errors.get(0));
            assertSame(unprintable, failure.getCause());
            assertTrue(failure.getMessage().startsWith("handler failed: shard=5 time=15 seq=1 type=2 target=1: " +
                unprintable.getClass().getName() + " (its toString() threw java.lang.NullPointerException"),
                failure.getMessage());
        }
    }

    @Test
    void shouldTakeBackTheUnitWhoseDispatchesAnErrorCutShortAndPassTheErrorOn()
    {
        final Error fatal = new StackOverflowError("handler");
        try (ShardCore core = new ShardCore(
            0, new EventWheel(), throwingOn(RecordingModel.FOLLOW_UP, fatal), journal, errors::add, null))
        {
            core.input(10, RecordingModel.INPUT, 1, 0, 5, 0, 0); // follow-up at 15
            core.input(12, RecordingModel.INPUT, 2, 0, 0, 0, 0);
            assertSame(fatal, assertThrows(StackOverflowError.class,
                () -> core.input(20, RecordingModel.INPUT, 3, 0, 0, 0, 0)));
            assertEquals(List.of("inputDispatched t=10 type=1 ok", "inputDispatched t=12 type=1 ok",
                "input t=20 type=1 target=3 a=0,0,0,0", "discardUnit"), journal.calls,
                "the input whose dispatches were cut short is taken back");
            assertTrue(errors.isEmpty(), "an Error is not a failed dispatch: " + errors);
            assertEquals(0, core.failed());
        }
    }

    /**
     * A journal whose discardUnit() throws replaced the Error that cut the unit short: the shard failed reporting the
     * journal's exception as its cause, and the handler's Error, what actually went wrong, was lost. The Error is
     * passed on, the journal's failure kept with it.
     */
    @Test
    void shouldPassTheErrorOnWhenTheJournalFailsToTakeBackTheUnitItCutShort()
    {
        final Error fatal = new StackOverflowError("handler");
        final IllegalStateException cannotDiscard = new IllegalStateException("block already written");
        journal.discardFailure = cannotDiscard;
        try (ShardCore core = new ShardCore(
            0, new EventWheel(), throwingOn(RecordingModel.FOLLOW_UP, fatal), journal, errors::add, null))
        {
            core.input(10, RecordingModel.INPUT, 1, 0, 5, 0, 0); // follow-up at 15
            assertSame(fatal, assertThrows(StackOverflowError.class,
                () -> core.input(20, RecordingModel.INPUT, 3, 0, 0, 0, 0)));
            assertEquals(List.of(cannotDiscard), List.of(fatal.getSuppressed()));
            assertTrue(errors.isEmpty(), errors.toString());
        }
    }

    @Test
    void shouldJournalNothingOfAnInputWhoseOwnDispatchThrowsAnError()
    {
        final Error fatal = new OutOfMemoryError("handler");
        try (ShardCore core = new ShardCore(
            0, new EventWheel(), throwingOn(RecordingModel.INPUT, fatal), journal, errors::add, null))
        {
            assertSame(fatal, assertThrows(OutOfMemoryError.class,
                () -> core.input(10, RecordingModel.INPUT, 1, 0, 0, 0, 0)));
            assertEquals(List.of(), journal.calls, "its record is written only after its handler returns");
        }
    }

    @Test
    void shouldReportAJournalOutOfSpaceOnceAndOnlyWhenItIsOut()
    {
        try (ShardCore core = newCore(null))
        {
            core.reportJournalOutOfSpace();
            assertTrue(errors.isEmpty(), "room left");

            journal.outOfSpace = new IllegalStateException("disk full");
            core.reportJournalOutOfSpace();
            core.reportJournalOutOfSpace();
            assertEquals(1, errors.size(), "reported once: " + errors);
            final JournalFullException full = assertInstanceOf(JournalFullException.class, errors.get(0));
            assertEquals(3, full.shardId());
            assertSame(journal.outOfSpace, full.getCause());
        }
    }

    @Test
    void shouldCloseTheJournalAndReportWhatItsBackgroundWorkWorkedAroundOnce()
    {
        final ShardCore core = newCore(null);
        core.input(10, RecordingModel.INPUT, 1, 0, 0, 0, 0);
        journal.backgroundError = new IOException("write-back failed once");
        assertTrue(errors.isEmpty(), "read only as the journal closes");

        core.close();
        assertEquals(List.of("inputDispatched t=10 type=1 ok", "close"), journal.calls);
        assertEquals(1, errors.size());
        final JournalBackgroundWarning warning = assertInstanceOf(JournalBackgroundWarning.class, errors.get(0));
        assertEquals(3, warning.shardId());
        assertSame(journal.backgroundError, warning.getCause());
    }

    /**
     * The reports of a journal out of space and of its background problem were built from the cause's getMessage():
     * one without a message was said as "null" ("... closes its journal: null"), and one whose getMessage() throws
     * threw that from the report, which then failed the shard (out of space) or its close instead of being told.
     */
    @Test
    void shouldSayWhatTheJournalReportedWhenItHasNoMessageOrCannotSayIt()
    {
        final RuntimeException unprintable = new IllegalStateException()
        {
            private static final long serialVersionUID = 1L;

            @Override
            public String getMessage()
            {
                throw new NullPointerException("the message's field is not set");
            }
        };
        try (ShardCore core = newCore(null))
        {
            journal.outOfSpace = unprintable;
            core.reportJournalOutOfSpace();
            journal.backgroundError = new IllegalStateException();
        }
        assertEquals(2, errors.size(), errors::toString);
        final JournalFullException full = assertInstanceOf(JournalFullException.class, errors.get(0));
        assertSame(unprintable, full.getCause());
        assertTrue(full.getMessage().endsWith("closes its journal: " + unprintable.getClass().getName() +
            " (its toString() threw java.lang.NullPointerException)"), full.getMessage());
        final JournalBackgroundWarning warning = assertInstanceOf(JournalBackgroundWarning.class, errors.get(1));
        assertTrue(warning.getMessage().endsWith("(worked around, not a loss of journaled data): " +
            "java.lang.IllegalStateException"), warning.getMessage());
    }

    @Test
    void shouldReportNothingOnCloseWhenTheJournalsBackgroundWorkMetNoProblem()
    {
        newCore(null).close();
        assertEquals(List.of("close"), journal.calls);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private ShardCore newCore(final ShardCore.DispatchObserver observer)
    {
        return new ShardCore(3, new EventWheel(), model, journal, errors::add, observer);
    }

    private List<Long> dispatchedTimes()
    {
        final List<Long> times = new ArrayList<>();
        for (final long[] dispatch : model.dispatched)
        {
            times.add(dispatch[0]);
        }
        return times;
    }

    /**
     * @return a {@link RecordingModel} whose handler throws {@code thrown} (checked or not, undeclared) for events of
     * {@code type}.
     */
    private static ShardModel throwingOn(final int type, final Throwable thrown)
    {
        return new RecordingModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                if (event.type() == type)
                {
                    ShardCoreTest.<RuntimeException>sneakyThrow(thrown);
                }
                super.onEvent(event, context);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void sneakyThrow(final Throwable ex) throws T
    {
        throw (T)ex;
    }

    /**
     * Records every call, in order, as one line each; answers {@link #outOfSpace()} and {@link #backgroundError()}
     * with what a test sets.
     */
    private static final class LoggingJournal extends ShardJournal.Discarding
    {
        final List<String> calls = new ArrayList<>();
        private final boolean pairRecords;
        RuntimeException outOfSpace;
        Throwable backgroundError;
        RuntimeException discardFailure;

        /**
         * @param pairRecords record an input dispatched at once as one line, as a journal with a pair record does;
         *                    false leaves it to {@link ShardJournal#inputDispatched}'s default.
         */
        LoggingJournal(final boolean pairRecords)
        {
            this.pairRecords = pairRecords;
        }

        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            calls.add("input t=" + time + " type=" + type + " target=" + target + " a=" + a0 + "," + a1 + "," + a2 + "," +
                a3);
        }

        @Override
        public void advance(final long time)
        {
            calls.add("advance t=" + time);
        }

        @Override
        public void dispatch(final Event event, final boolean failed)
        {
            calls.add("dispatch t=" + event.time() + " seq=" + event.seq() + " type=" + event.type() +
                (failed ? " failed" : " ok"));
        }

        @Override
        public void inputDispatched(final Event event, final boolean failed)
        {
            if (pairRecords)
            {
                calls.add("inputDispatched t=" + event.time() + " type=" + event.type() + (failed ? " failed" : " ok"));
            }
            else
            {
                super.inputDispatched(event, failed); // the interface's default
            }
        }

        @Override
        public void discardUnit()
        {
            calls.add("discardUnit");
            if (null != discardFailure)
            {
                throw discardFailure;
            }
        }

        @Override
        public RuntimeException outOfSpace()
        {
            return outOfSpace;
        }

        @Override
        public Throwable backgroundError()
        {
            return backgroundError;
        }

        @Override
        public void close()
        {
            calls.add("close");
        }
    }
}
