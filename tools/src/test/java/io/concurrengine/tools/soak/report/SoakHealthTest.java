package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.tools.soak.report.SoakFixtures.MIB;
import static io.concurrengine.tools.soak.report.SoakFixtures.TARGET;
import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.run;
import static io.concurrengine.tools.soak.report.SoakFixtures.steadyRun;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakHealthTest
{
    @Test
    void shouldFindASteadyRunHealthy()
    {
        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), steadyRun(600)));
    }

    @Test
    void shouldFlagALostInput()
    {
        final SoakTotals oneLost = new SoakTotals(1_000_000, 998_999, 600, 400, 1_200_000, 0, 0, 0);

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), oneLost, steadyRun(600));

        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("No lost inputs: 1 lost"), reasons.get(0));
    }

    @Test
    void shouldFlagMoreAcceptedThanPublishedAsLost()
    {
        final SoakTotals overCounted = new SoakTotals(1_000, 1_001, 0, 0, 1_001, 0, 0, 0);

        assertTrue(SoakHealth.evaluate(run(0, 0), overCounted, List.of()).get(0)
            .startsWith("No lost inputs: -1 lost"));
    }

    @Test
    void shouldFlagADuplicate()
    {
        final SoakTotals duplicated = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 0, 1, 0);

        assertEquals(List.of("No duplicates: 1 duplicates"), SoakHealth.evaluate(run(0, 0), duplicated, List.of()));
    }

    @Test
    void shouldFlagAFailedDispatch()
    {
        final SoakTotals failed = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 2, 0, 0);

        assertEquals(List.of("No failed dispatches: 2 failed dispatches"),
            SoakHealth.evaluate(run(0, 0), failed, List.of()));
    }

    /**
     * An order remainder the market model dropped, or a bar close timer the wheel refused, is state the run lost for
     * want of room; the model's rejections of invalid inputs are not.
     */
    @Test
    void shouldFlagAModelThatRanOutOfRoomButNotOneThatRejectedInvalidInputs()
    {
        final SoakTotals dropped = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 0, 0, 0, 250, 7, 0);
        final SoakTotals refusedBars = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 0, 0, 0, 250, 0, 2);
        final SoakTotals rejectedOnly = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 0, 0, 0, 250, 0, 0);

        assertEquals(List.of("Model had room: 7 order remainders dropped, 0 bar close timers refused"),
            SoakHealth.evaluate(run(0, 0), dropped, List.of()));
        assertEquals(List.of("Model had room: 0 order remainders dropped, 2 bar close timers refused"),
            SoakHealth.evaluate(run(0, 0), refusedBars, List.of()));
        assertEquals(List.of(), SoakHealth.evaluate(run(0, 0), rejectedOnly, List.of()));
    }

    @Test
    void shouldFlagARisingP99()
    {
        final List<SoakInterval> rising = SoakFixtures.withP99(steadyRun(600), 400, 600, 80_000);

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), rising);

        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Flat P99: last third 80.0 µs"), reasons.get(0));
    }

    /**
     * The last interval is cut short by the stop and sampled after it: a slow one among the last third's must not tip
     * its median. 31 intervals: 3 of warm-up, 27 complete, the partial last.
     */
    @Test
    void shouldLeaveThePartialLastIntervalOutOfTheFlatP99()
    {
        final List<SoakInterval> run = steadyRun(31);
        final List<SoakInterval> slowEnd = SoakFixtures.withP99(SoakFixtures.withP99(run, 26, 30, 80_000), 30, 31,
            5_000_000);

        final SoakHealth.Check check = SoakHealth.checks(run(TARGET, 0), cleanTotals(), slowEnd).get(3);

        assertEquals(SoakHealth.Outcome.PASSED, check.outcome(), "4 slow of the last 9 complete: " + check.observed());
    }

    @Test
    void shouldNotFlagIsolatedP99Spikes()
    {
        List<SoakInterval> spiky = steadyRun(600);
        for (int i = 500; i < 600; i += 10)
        {
            spiky = SoakFixtures.withP99(spiky, i, i + 1, 5_000_000);
        }

        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), spiky));
    }

    @Test
    void shouldFlagGrowingHeap()
    {
        final List<SoakInterval> leaking = SoakFixtures.withHeapGrowth(steadyRun(600), MIB / 2);

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), leaking);

        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Heap bounded: quarter floors"), reasons.get(0));
        assertTrue(reasons.get(0).endsWith("still growing"), reasons.get(0));
    }

    @Test
    void shouldFlagGrowingOffHeapAndMappedMemoryWhoseLastSampleFollowsTheEngineStop()
    {
        final List<SoakInterval> run = steadyRun(600);
        final List<SoakInterval> leaking = new ArrayList<>();
        for (int i = 0; i < run.size(); i++)
        {
            final SoakInterval it = run.get(i);
            // the last interval is sampled after the engine stopped and released its buffers and mappings
            final boolean afterStop = run.size() - 1 == i;
            final long offHeap = afterStop ? MIB / 8 : it.offHeapBytes() + i * MIB / 2;
            final long mapped = afterStop ? 20 * MIB : it.mappedBytes() + i * MIB;
            leaking.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(),
                offHeap, mapped, it.journalDiskBytes(), it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), leaking);

        assertEquals(2, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Off-heap bounded: quarter floors"), reasons.get(0));
        assertTrue(reasons.get(0).endsWith("still growing"), reasons.get(0));
        assertTrue(reasons.get(1).startsWith("Mapped memory bounded: quarter floors"), reasons.get(1));
        assertTrue(reasons.get(1).endsWith("still growing"), reasons.get(1));
    }

    @Test
    void shouldJudgeTheJournalOnlyAfterItsRetentionWindowHasPassed()
    {
        final List<SoakInterval> growing = new ArrayList<>();
        for (final SoakInterval it : steadyRun(600))
        {
            // a journal that keeps growing for the first 300 s (nothing deleted yet), then saws at 300-320 MiB
            final long disk = it.elapsedSeconds() <= 300 ? (long)it.elapsedSeconds() * MIB :
                (300 + (long)it.elapsedSeconds() % 20) * MIB;
            growing.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(),
                it.offHeapBytes(), it.mappedBytes(), disk, it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }
        final List<SoakInterval> shortRun = growing.subList(0, 200);

        assertTrue(SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), shortRun).get(0)
            .startsWith("Journal disk bounded: quarter floors"), "without a window the growth is judged");
        final SoakHealth.Check withinWindow = SoakHealth.checks(run(TARGET, 300), cleanTotals(), shortRun).get(8);
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, withinWindow.outcome(), withinWindow.observed());
        assertTrue(withinWindow.observed().startsWith("the run did not outlast the journal's retention window"),
            withinWindow.observed());
        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 300), cleanTotals(), growing),
            "bounded after the window");

        final List<SoakInterval> neverDeleting = growing.subList(0, 300);
        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 100), cleanTotals(), neverDeleting);
        assertTrue(reasons.get(0).endsWith("still growing"), "growth past the window is judged: " + reasons);
    }

    @Test
    void shouldNotJudgeTheDiskOfARunWithoutAJournal()
    {
        final List<SoakInterval> noJournal = new ArrayList<>();
        for (final SoakInterval it : steadyRun(600))
        {
            noJournal.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(),
                it.offHeapBytes(), it.mappedBytes(), 0, it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }
        final SoakHealth.Check journal = SoakHealth.checks(run(TARGET, 0), cleanTotals(), noJournal).get(8);
        assertEquals("Journal disk bounded", journal.name());
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, journal.outcome(), "not passed on zeros: " + journal.observed());
        assertTrue(journal.observed().startsWith("the run wrote no journal"), journal.observed());
        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), noJournal), "still healthy");

        final SoakHealth.Check journaled = SoakHealth.checks(run(TARGET, 0), cleanTotals(), steadyRun(600)).get(8);
        assertEquals(SoakHealth.Outcome.PASSED, journaled.outcome(),
            "a bounded journal passes: " + journaled.observed());
    }

    @Test
    void shouldNotFlagHeapThatStoppedGrowing()
    {
        final List<SoakInterval> run = steadyRun(600);
        final List<SoakInterval> plateau = SoakFixtures.withHeapGrowth(run.subList(0, 300), MIB);
        for (final SoakInterval it : run.subList(300, 600))
        {
            plateau.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(),
                it.heapUsedBytes() + 300 * MIB, it.offHeapBytes(), it.mappedBytes(), it.journalDiskBytes(),
                it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }

        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), plateau));
    }

    @Test
    void shouldFlagThroughputBelowThePacedTarget()
    {
        final List<SoakInterval> slow = SoakFixtures.withRate(steadyRun(600), 500, 0.8 * TARGET);

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), slow);

        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("Throughput holds the target: 99 of 539 intervals"), reasons.get(0));
    }

    /**
     * The paced rate counts inputs; the market model dispatches more events than inputs (its timers): a run whose
     * inputs fall short of the floor is slow even though its events would reach it.
     */
    @Test
    void shouldHoldTheInputsNotTheEventsToThePacedTarget()
    {
        final double floor = SoakHealth.THROUGHPUT_FLOOR * TARGET;
        final List<SoakInterval> shortOfInputs = SoakFixtures.withRate(steadyRun(600), 500, 0.995 * floor);
        final double events = shortOfInputs.get(599).eventsPerSecond();
        assertTrue(events >= floor, "the events, inputs and timers, would reach the floor: " + events);

        final List<String> reasons = SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), shortOfInputs);

        assertEquals(List.of("Throughput holds the target: 99 of 539 intervals below 90,000 inputs/s (18.4 %)"),
            reasons);
    }

    /**
     * A paced feed stopped a second after the duration with inputs still due did not hold its rate, however short the
     * run: a run too short for the interval rule fails on that fact instead of passing as not evaluated, and a long
     * one whose intervals stayed above the floor (a small shortfall, built up over the run) fails too.
     */
    @Test
    void shouldFailTheTargetRuleOfAFeedStoppedBehindItsSchedule()
    {
        final SoakTotals behind = new SoakTotals(1_000_000, 1_000_000, 0, 0, 1_010_000, 0, 0, 39_162_355);
        final List<SoakInterval> short3 = steadyRun(3);

        assertEquals(SoakHealth.Outcome.NOT_EVALUATED,
            SoakHealth.checks(run(TARGET, 0), cleanTotals(), short3).get(4).outcome(), "nothing behind");
        assertEquals(List.of("Throughput holds the target: the feed was stopped a second after the duration with " +
            "39,162,355 inputs due but never sent"), SoakHealth.evaluate(run(TARGET, 0), behind, short3));
        assertEquals(List.of("Throughput holds the target: 0 of 539 intervals below 90,000 inputs/s (0.0 %); the " +
            "feed was stopped a second after the duration with 39,162,355 inputs due but never sent"),
            SoakHealth.evaluate(run(TARGET, 0), behind, steadyRun(600)));
    }

    /**
     * A journal that deletes by size alone grows until its files pass that size, and can delete one only at the roll
     * after: before then its growth is not judged (it was, from the run's start, and a short soak far below the size
     * was UNHEALTHY as "still growing"); a roll cycle after its files passed it, the growth that goes on is.
     */
    @Test
    void shouldJudgeAJournalDeletingBySizeOnlyARollCycleAfterItsFilesPassedThatSize()
    {
        final List<SoakInterval> growing = new ArrayList<>();
        for (final SoakInterval it : steadyRun(600))
        {
            growing.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(), it.inputsPerSecond(),
                it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(), it.offHeapBytes(),
                it.mappedBytes(), (100 + 2 * (long)it.elapsedSeconds()) * MIB, it.gcCount(), it.gcPauseMillis(),
                it.allocatedBytes()));
        }

        final SoakHealth.Check below = SoakHealth.checks(bySize(10_240 * MIB), cleanTotals(), growing).get(8);
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, below.outcome(), below.toString());
        assertEquals("the journal's files never passed the 10.00 GiB it keeps before deleting by size: no cycle file " +
            "could have been deleted yet", below.observed());

        final SoakHealth.Check early = SoakHealth.checks(bySize(1_180 * MIB), cleanTotals(), growing).get(8);
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, early.outcome(), early.toString());
        assertEquals("the run did not outlast the journal's retention window (a roll cycle after its files passed " +
            "1.15 GiB at 541 s) by 8 intervals: no cycle file could have been deleted yet", early.observed());

        final SoakHealth.Check after = SoakHealth.checks(bySize(200 * MIB), cleanTotals(), growing).get(8);
        assertEquals(SoakHealth.Outcome.FAILED, after.outcome(), after.toString());
    }

    /**
     * A journal kept by retention grows between rolls and drops at each, when the oldest file is deleted: a bounded
     * sawtooth. Judged over one roll cycle after the retention window (a 20-minute soak at the defaults), the first
     * quarter's floor followed the deletion and the others, with no roll, rose toward the next: "still growing".
     * Judged over four roll cycles, each quarter holds a roll.
     */
    @Test
    void shouldJudgeAJournalWithRetentionOnlyOverAtLeastFourRollCyclesAfterItsWindow()
    {
        final SoakRun twentyMinutes = new SoakRun("soak --duration 20m", "2025-01-31T09:00:00Z", 1_200, 1_200, TARGET,
            2, 2, "17", "", true, 900, false, false, false, 0, 300);
        final SoakRun oneHour = new SoakRun("soak --duration 60m", "2025-01-31T09:00:00Z", 3_600, 3_600, TARGET, 2, 2,
            "17", "", true, 900, false, false, false, 0, 300);

        final SoakHealth.Check one = SoakHealth.checks(twentyMinutes, cleanTotals(), sawtooth(1_200)).get(8);
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, one.outcome(), one.toString());
        assertEquals("the run outlasted the journal's retention window (900 s of cycle files) by 299 intervals, " +
            "fewer than 4 roll cycles of 300 s: its files grow between the deletions at rolls, so each quarter " +
            "judged must hold one", one.observed());

        final SoakHealth.Check four = SoakHealth.checks(oneHour, cleanTotals(), sawtooth(3_600)).get(8);
        assertEquals(SoakHealth.Outcome.PASSED, four.outcome(), four.toString());
    }

    /**
     * @return a steady run's intervals whose journal, 3 GiB after each roll (every 300 s, 5 s into the run's cycle),
     * grows 10 MiB a second until the next.
     */
    private static List<SoakInterval> sawtooth(final int seconds)
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (final SoakInterval it : steadyRun(seconds))
        {
            final long sinceRoll = Math.floorMod((long)it.elapsedSeconds() - 5, 300);
            intervals.add(new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(), it.inputsPerSecond(),
                it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(), it.offHeapBytes(),
                it.mappedBytes(), 3_072 * MIB + sinceRoll * 10 * MIB, it.gcCount(), it.gcPauseMillis(),
                it.allocatedBytes()));
        }
        return intervals;
    }

    /**
     * A run with no duration (a feed file with {@code --duration 0}) is bounded by its event count or by its feed: the
     * rule, not evaluated, says which ended it rather than naming an event count the run never had.
     */
    @Test
    void shouldSayWhatEndedARunWithoutADuration()
    {
        final SoakRun counted = new SoakRun("soak --events 5k --duration 0", "2025-01-31T09:00:00Z", 2.5, 0, TARGET, 4,
            6, "17", "", true, 0, false, false, true);
        final SoakRun fed = new SoakRun("soak --feed f.csv --duration 0", "2025-01-31T09:00:00Z", 2.5, 0, TARGET, 4, 6,
            "17", "", true, 0, false, false, false);
        final SoakRun stopped = new SoakRun("soak --feed f.csv --duration 0", "2025-01-31T09:00:00Z", 2.5, 0, TARGET,
            4, 6, "17", "", true, 0, true, false, false);

        assertEquals("no duration asked for: bounded by its event count",
            SoakHealth.checks(counted, cleanTotals(), steadyRun(2)).get(9).observed());
        assertEquals("no duration asked for: ended after 2.5 s, with its feed or a failure, short of any event count",
            SoakHealth.checks(fed, cleanTotals(), steadyRun(2)).get(9).observed());
        assertEquals("no duration asked for: stopped on request after 2.5 s",
            SoakHealth.checks(stopped, cleanTotals(), steadyRun(2)).get(9).observed());
    }

    /**
     * @return a paced run whose journal keeps {@code bytes} of cycle files, deleting by size alone, in one
     * minute cycles.
     */
    private static SoakRun bySize(final long bytes)
    {
        return new SoakRun("concurrengine soak", "2025-01-31T09:00:00Z", 600, 0, TARGET, 4, 6, "17.0.15+6", "", true,
            0, false, false, false, bytes, 60);
    }

    @Test
    void shouldIgnoreTheTargetRuleInAnUnpacedRun()
    {
        final List<SoakInterval> slow = SoakFixtures.withRate(steadyRun(600), 500, 0.8 * TARGET);

        final SoakHealth.Check check = SoakHealth.checks(run(0, 0), cleanTotals(), slow).get(4);

        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, check.outcome());
    }

    @Test
    void shouldLeaveWarmUpOutOfTheRulesOverTime()
    {
        final List<SoakInterval> slowStart = SoakFixtures.withRate(steadyRun(600), 0, 0.1 * TARGET)
            .subList(0, SoakHealth.warmUpIntervals(600));
        final List<SoakInterval> run = new ArrayList<>(slowStart);
        run.addAll(steadyRun(600).subList(run.size(), 600));

        assertEquals(List.of(), SoakHealth.evaluate(run(TARGET, 0), cleanTotals(), run));
    }

    @Test
    void shouldFailARunThatEndedBeforeItsDuration()
    {
        final SoakRun shortRun = new SoakRun("soak --duration 10m", "2025-01-31T09:00:00Z", 184.25, 600, TARGET, 4, 6,
            "17", "", true, 0, false, true, false);

        assertEquals(List.of("Ran its duration: ended after 184.3 s of the 600 s asked for: its feed ran out or " +
            "the run failed first, with no stop asked for"), SoakHealth.evaluate(shortRun, cleanTotals(), steadyRun(184)));
    }

    @Test
    void shouldSayThatTheEventCountEndedARunBeforeItsDuration()
    {
        final SoakRun counted = new SoakRun("soak --duration 10s --events 30k", "2025-01-31T09:00:00Z", 1.8, 10,
            TARGET, 4, 6, "17", "", true, 0, false, false, true);

        final SoakHealth.Check check = SoakHealth.checks(counted, cleanTotals(), steadyRun(2)).get(9);

        assertEquals(SoakHealth.Outcome.PASSED, check.outcome(), check.observed());
        assertEquals("ended at its event count after 1.8 s of the 10 s asked for", check.observed());
    }

    @Test
    void shouldNotJudgeTheDurationOfARunStoppedOnRequest()
    {
        final SoakRun stopped = new SoakRun("soak --duration 10m", "2025-01-31T09:00:00Z", 184.25, 600, TARGET, 4, 6,
            "17", "", true, 0, true, false, false);

        final SoakHealth.Check check = SoakHealth.checks(stopped, cleanTotals(), steadyRun(184)).get(9);

        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, check.outcome(), check.observed());
        assertEquals("stopped on request after 184.3 s of the 600 s asked for", check.observed());
    }

    @Test
    void shouldNotEvaluateRulesOverTimeForASingleInterval()
    {
        final List<SoakHealth.Check> checks = SoakHealth.checks(run(TARGET, 0), cleanTotals(), steadyRun(1));

        assertEquals(11, checks.size());
        assertEquals(4, checks.stream().filter(check -> check.outcome() == SoakHealth.Outcome.PASSED).count());
        assertTrue(checks.stream().noneMatch(SoakHealth.Check::failed));
    }
}
