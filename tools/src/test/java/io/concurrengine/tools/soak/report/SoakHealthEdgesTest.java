package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.tools.soak.report.SoakFixtures.MIB;
import static io.concurrengine.tools.soak.report.SoakFixtures.TARGET;
import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Each rule of {@link SoakHealth} at the edges its documentation gives: a value exactly at a limit is on the side the
 * rule's words put it ("at most 3×", "at most 5 %", "at least 1.2× and 16 MiB", "fewer than 3", "fewer than 8"), so a
 * report's verdict is the one its rules say. The runs here are shorter than 10 intervals, which have no warm-up, unless
 * said otherwise.
 */
class SoakHealthEdgesTest
{
    private static final int FLAT_P99 = 3;
    private static final int THROUGHPUT = 4;
    private static final int HEAP = 5;
    private static final int JOURNAL = 8;

    @Test
    void shouldPassAP99ExactlyThreeTimesItsStartAndFailOneAbove()
    {
        // 7 intervals: the last left out, 6 in thirds of 2, each third's median the lower of its two
        final long[] atLimit = {1_000, 1_000, 2_000, 2_000, 3_000, 3_000, 9_999_999};
        final long[] above = {1_000, 1_000, 2_000, 2_000, 3_001, 3_001, 1_000};

        final SoakHealth.Check passed = check(FLAT_P99, TARGET, 0, p99s(atLimit));
        final SoakHealth.Check failed = check(FLAT_P99, TARGET, 0, p99s(above));

        assertEquals(SoakHealth.Outcome.PASSED, passed.outcome(), passed.observed());
        assertEquals("last third 3.0 µs, first third 1.0 µs: 3.00×", passed.observed());
        assertEquals(SoakHealth.Outcome.FAILED, failed.outcome(), failed.observed());
    }

    @Test
    void shouldTakeEachThirdsMedianOfItsP99sInAnyOrder()
    {
        // the first third's P99s 2.0 and 1.0 µs: its median is 1.0, so 3.5 µs in the last third is 3.5×
        final SoakHealth.Check check = check(FLAT_P99, TARGET, 0,
            p99s(new long[] {2_000, 1_000, 2_000, 2_000, 3_500, 3_500, 1_000}));

        assertEquals(SoakHealth.Outcome.FAILED, check.outcome(), check.observed());
        assertEquals("last third 3.5 µs, first third 1.0 µs: 3.50×", check.observed());
    }

    /**
     * Intervals that dispatched nothing have no P99 to judge: leaving them out keeps a run whose feed paused at first
     * from reading as a P99 that rose from nothing. Three intervals with events are enough to judge.
     */
    @Test
    void shouldJudgeTheP99OfIntervalsWithEventsOnlyFromThreeOfThem()
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 0; i < 4; i++)
        {
            intervals.add(interval(i + 1, 0, TARGET, 0, 64 * MIB, 0)); // nothing dispatched: P99 0
        }
        for (int i = 4; i < 8; i++)
        {
            intervals.add(interval(i + 1, 1_000, TARGET, 20_000, 64 * MIB, 0));
        }

        final SoakHealth.Check three = check(FLAT_P99, TARGET, 0, intervals);
        final SoakHealth.Check two = check(FLAT_P99, TARGET, 0, intervals.subList(0, 7));

        assertEquals(SoakHealth.Outcome.PASSED, three.outcome(), three.observed());
        assertEquals("last third 20.0 µs, first third 20.0 µs: 1.00×", three.observed());
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, two.outcome(), two.observed());
        assertEquals("only 2 intervals with events after warm-up, the last (partial) excluded, 3 needed",
            two.observed(), "7 intervals, none of warm-up: the 7th, with events, is not judged, and said not to be");
    }

    /**
     * 23 intervals: 2 of warm-up, 20 counted, the last left out. One slow interval of 20 is 5 %: at most 5 % passes.
     * An interval exactly at 90 % of the target is not slow.
     */
    @Test
    void shouldPassFivePercentOfSlowIntervalsAndFailMore()
    {
        final List<SoakInterval> oneSlow = rates(23, TARGET);
        oneSlow.set(10, interval(11, 1_000, 0.9 * TARGET - 1, 20_000, 64 * MIB, 0));
        oneSlow.set(11, interval(12, 1_000, 0.9 * TARGET, 20_000, 64 * MIB, 0));
        final List<SoakInterval> twoSlow = new ArrayList<>(oneSlow);
        twoSlow.set(12, interval(13, 1_000, 0.5 * TARGET, 20_000, 64 * MIB, 0));

        final SoakHealth.Check passed = check(THROUGHPUT, TARGET, 0, oneSlow);
        final SoakHealth.Check failed = check(THROUGHPUT, TARGET, 0, twoSlow);

        assertEquals(SoakHealth.Outcome.PASSED, passed.outcome(), passed.observed());
        assertEquals("1 of 20 intervals below 90,000 inputs/s (5.0 %)", passed.observed());
        assertEquals(SoakHealth.Outcome.FAILED, failed.outcome(), failed.observed());
        assertEquals("2 of 20 intervals below 90,000 inputs/s (10.0 %)", failed.observed());
    }

    /**
     * Under 10 intervals none is warm-up: a slow first interval, the feed and engine starting cold, is not judged
     * alone among a few. From 10, the first is warm-up and 8 are counted.
     */
    @Test
    void shouldNotJudgeTheThroughputOfARunTooShortForAWarmUp()
    {
        final List<SoakInterval> nine = rates(9, TARGET);
        nine.set(0, interval(1, 1_000, 0.5 * TARGET, 20_000, 64 * MIB, 0));
        final List<SoakInterval> ten = rates(10, TARGET);
        ten.set(0, interval(1, 1_000, 0.5 * TARGET, 20_000, 64 * MIB, 0));
        final List<SoakInterval> slowTen = rates(10, 0.5 * TARGET);

        final SoakHealth.Check short9 = check(THROUGHPUT, TARGET, 0, nine);
        final SoakHealth.Check warmed = check(THROUGHPUT, TARGET, 0, ten);
        final SoakHealth.Check slow = check(THROUGHPUT, TARGET, 0, slowTen);

        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, short9.outcome(), short9.observed());
        assertEquals("only 9 intervals, 10 needed: warm-up first, the last (partial) excluded", short9.observed());
        assertEquals(SoakHealth.Outcome.PASSED, warmed.outcome(), warmed.observed());
        assertEquals("0 of 8 intervals below 90,000 inputs/s (0.0 %)", warmed.observed());
        assertEquals(SoakHealth.Outcome.FAILED, slow.outcome(), slow.observed());
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, check(THROUGHPUT, TARGET, 0, rates(2, 0.5 * TARGET)).outcome());
    }

    /**
     * At 1 input/s the floor is 0.9 inputs/s, which rounding to a whole rate wrote as 1.
     */
    @Test
    void shouldGiveAFloorBelowOneInputPerSecondWithItsFraction()
    {
        final SoakHealth.Check check = check(THROUGHPUT, 1, 0, rates(10, 0.5));

        assertEquals(SoakHealth.Outcome.FAILED, check.outcome(), check.observed());
        assertEquals("8 of 8 intervals below 0.9 inputs/s (100.0 %)", check.observed());
    }

    /**
     * 9 intervals: the last left out, 8 in quarters of 2, just enough. Floors of 80, 85, 90 and 96 MiB rise quarter
     * after quarter to exactly 1.2× and 16 MiB over the first: still growing.
     */
    @Test
    void shouldFailMemoryThatRoseExactlyTheGrowthLimitsFromEightIntervals()
    {
        final SoakHealth.Check check = check(HEAP, TARGET, 0, heaps(80, 85, 90, 96));

        assertEquals(SoakHealth.Outcome.FAILED, check.outcome(), check.observed());
        assertEquals("quarter floors 80.0 MiB, 85.0 MiB, 90.0 MiB, 96.0 MiB: still growing", check.observed());
    }

    @Test
    void shouldPassMemoryThatRoseByLessThanEitherGrowthLimit()
    {
        final SoakHealth.Check underRatio = check(HEAP, TARGET, 0, heaps(160, 165, 170, 180)); // 1.125×, +20 MiB
        final SoakHealth.Check underBytes = check(HEAP, TARGET, 0, heaps(10, 12, 15, 20)); // 2×, +10 MiB

        assertEquals(SoakHealth.Outcome.PASSED, underRatio.outcome(), underRatio.observed());
        assertEquals(SoakHealth.Outcome.PASSED, underBytes.outcome(), underBytes.observed());
    }

    /**
     * 20 intervals a second apart, the first of warm-up, the last left out: 2 to 19 s. With 11 s of cycle files kept,
     * the intervals up to and including 11 s come before any file could be deleted, and 8 are left after them: just
     * enough. The interval at 11 s, whose journal is small, is not judged: counted, it would make the floors rise.
     */
    @Test
    void shouldJudgeTheJournalFromTheIntervalAfterItsRetentionWindowWithEightIntervals()
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 1; i <= 20; i++)
        {
            final long journal = i < 11 ? 5 * MIB : i == 11 ? 10 * MIB : (100 + i - 12) * MIB;
            intervals.add(interval(i, 1_000, TARGET, 20_000, 64 * MIB, journal));
        }

        final SoakHealth.Check eight = check(JOURNAL, TARGET, 11, intervals);
        final SoakHealth.Check seven = check(JOURNAL, TARGET, 11, intervals.subList(0, 19));

        assertEquals(SoakHealth.Outcome.PASSED, eight.outcome(), eight.observed());
        assertEquals("quarter floors 100.0 MiB, 102.0 MiB, 104.0 MiB, 106.0 MiB", eight.observed());
        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, seven.outcome(), seven.observed());
        assertTrue(seven.observed().startsWith("the run did not outlast the journal's retention window (11 s of " +
            "cycle files) by 8 intervals"), seven.observed());
    }

    /**
     * A journal kept whole (no retention by cycle count) has no window to wait for: a short run is judged by the
     * interval count alone, as the other resources are.
     */
    @Test
    void shouldJudgeAJournalWithoutRetentionLikeAnyResource()
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 1; i <= 5; i++)
        {
            intervals.add(interval(i, 1_000, TARGET, 20_000, 64 * MIB, i * MIB));
        }

        final SoakHealth.Check check = check(JOURNAL, TARGET, 0, intervals);

        assertEquals(SoakHealth.Outcome.NOT_EVALUATED, check.outcome(), check.observed());
        assertEquals("only 4 intervals after warm-up, the last (partial) excluded, 8 needed", check.observed(),
            "5 intervals, none of warm-up, as the page says: 4 judged, not 4 after warm-up");
    }

    @Test
    void shouldTakeAnIntervalAtTimeZeroWithNoEventsAndRefuseNegativeCounts()
    {
        assertEquals(0, interval(0, 0, 0, 0, 0, 0).events());
        assertThrows(IllegalArgumentException.class, () -> interval(-0.5, 0, 0, 0, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> interval(1, -1, 0, 0, 0, 0));
        final long[] counts = {1, 1, 0, 0, 1, 0, 0, 0};
        for (int i = 0; i < counts.length; i++)
        {
            final long[] negative = counts.clone();
            negative[i] = -1;
            assertThrows(IllegalArgumentException.class, () -> new SoakTotals(negative[0], negative[1], negative[2],
                negative[3], negative[4], negative[5], negative[6], negative[7]), "count " + i);
        }
    }

    private static SoakHealth.Check check(final int rule, final double target, final double retentionSeconds,
        final List<SoakInterval> intervals)
    {
        return SoakHealth.checks(run(target, retentionSeconds), cleanTotals(), intervals).get(rule);
    }

    private static List<SoakInterval> p99s(final long[] p99s)
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 0; i < p99s.length; i++)
        {
            intervals.add(interval(i + 1, 1_000, TARGET, p99s[i], 64 * MIB, 0));
        }
        return intervals;
    }

    private static List<SoakInterval> rates(final int count, final double rate)
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 0; i < count; i++)
        {
            intervals.add(interval(i + 1, 1_000, rate, 20_000, 64 * MIB, 0));
        }
        return intervals;
    }

    /**
     * @return 9 intervals whose heap is the given MiB two intervals each, then the last, sampled after the stop, at 0.
     */
    private static List<SoakInterval> heaps(final long... quarterMib)
    {
        final List<SoakInterval> intervals = new ArrayList<>();
        for (int i = 0; i < 8; i++)
        {
            intervals.add(interval(i + 1, 1_000, TARGET, 20_000, (quarterMib[i / 2] + i % 2) * MIB, 0));
        }
        intervals.add(interval(9, 1_000, TARGET, 20_000, 0, 0));
        return intervals;
    }

    private static SoakInterval interval(final double elapsedSeconds, final long events, final double inputsPerSecond,
        final long p99Nanos, final long heapBytes, final long journalBytes)
    {
        return new SoakInterval(elapsedSeconds, events, events, inputsPerSecond, p99Nanos / 4, p99Nanos, p99Nanos * 2,
            p99Nanos * 3, heapBytes, 32 * MIB, 128 * MIB, journalBytes, 0, 0, 0);
    }
}
