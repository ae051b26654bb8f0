package io.concurrengine.tools.soak.report;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * The rules that decide whether a soak run was healthy. Every rule is evaluated on every run and reported, passed or
 * not, so the report can say why a run is healthy as well as why it is not.
 *
 * <h2>Rules</h2>
 * <ol>
 * <li><b>No lost inputs</b>: published − accepted − refused = 0.</li>
 * <li><b>No duplicates</b>: the duplicate detector saw 0 events twice.</li>
 * <li><b>No failed dispatches</b>: 0 handlers threw.</li>
 * <li><b>Flat P99</b>: over the intervals after warm-up that dispatched events (the last excluded: cut short by the
 * stop and sampled after it, a fraction of an interval would count as much as a whole one), split into thirds, the
 * median of the per-interval P99 in the last third is at most {@value #P99_GROWTH_LIMIT}× the median in the first
 * third. Medians ignore isolated spikes; a P99 that drifts up does not pass. Not evaluated with fewer than 3 such
 * intervals.</li>
 * <li><b>Throughput holds the target</b> (paced runs only): at most {@value #SLOW_INTERVALS_LIMIT} of the intervals
 * after warm-up (the last, often partial, interval excluded) take inputs at below {@value #THROUGHPUT_FLOOR} of the
 * target rate. Inputs, as the target counts them: the events dispatched also count the timers the model fires (the
 * market model's add a few per cent), which would let a run short of its target by as much pass. Not evaluated with
 * fewer than {@value #THROUGHPUT_MIN_INTERVALS} intervals: a shorter run has no interval of warm-up, and its first,
 * which starts the feed and the engine cold, would be judged alone among a few. A feed stopped behind its schedule
 * ({@link SoakTotals#unsentDueInputs()} above 0: a second after the duration, inputs were still due) fails it at any
 * length: the rate was not sustained, and those inputs' wait is in no figure.</li>
 * <li><b>Heap, off-heap, mapped memory and journal disk bounded</b>, one rule each: split the intervals after warm-up
 * (the last excluded: it is sampled after the engine stopped and released its buffers and mappings, so its floor
 * would hide any growth) into quarters and take each quarter's minimum (the floor the sawtooth of collections, rolls
 * and retention returns to). The resource is still growing when the four floors strictly rise and the last floor is
 * at least {@value #GROWTH_RATIO}× and {@value #GROWTH_MIN_BYTES} bytes above the first. Not evaluated with fewer than
 * {@value #GROWTH_MIN_INTERVALS} intervals after warm-up. The journal's floors are taken only after its retention
 * window (retain_cycles + 1 roll cycles, when it deletes by cycle count; when it deletes by size alone, a roll cycle
 * after its files first passed {@link SoakRun#journalRetentionBytes()}): before it, no cycle file can have been
 * deleted, so a shorter run is not evaluated. Nor is one that outlasts the window by fewer than {@value
 * #JOURNAL_MIN_ROLL_CYCLES} roll cycles: the files grow between the deletions at rolls, and a quarter without a roll
 * would show that as growth beside one whose floor followed a deletion. A journal without retention grows by design
 * and fails this rule: a soak run should enable retention. A run without a journal (no interval counts a byte of one)
 * is not evaluated.</li>
 * <li><b>Ran its duration</b>: the run did not end before the duration asked for by itself ({@link
 * SoakRun#endedEarly()}: its feed ran out or failed, or the engine failed): a soak that stopped short has not shown
 * health for its duration. Not evaluated for a run without a duration (bounded by its event count or a feed file,
 * whichever ended it said), nor for one stopped on request
 * (Ctrl-C, SIGTERM), which the report marks as stopped early. A run given both a duration and an event count ends at
 * whichever comes first: one that reached its event count passes, and says that the count ended it ({@link
 * SoakRun#eventCountReached()}).</li>
 * </ol>
 * Warm-up is the first 10 % of the intervals, at most {@value #WARM_UP_MAX_INTERVALS}.
 * <p>
 * Stateless and threadsafe; O(n log n) in the interval count.
 */
public final class SoakHealth
{
    /**
     * Most the last third's median P99 may be, as a multiple of the first third's.
     */
    public static final double P99_GROWTH_LIMIT = 3.0;

    /**
     * Fraction of the target input rate below which an interval is slow.
     */
    public static final double THROUGHPUT_FLOOR = 0.9;

    /**
     * Largest fraction of slow intervals a healthy paced run may have.
     */
    public static final double SLOW_INTERVALS_LIMIT = 0.05;

    /**
     * Fewest intervals for the throughput rule: one of warm-up ({@link #warmUpIntervals}), then, the last excluded,
     * as many as the growth rules need ({@link #GROWTH_MIN_INTERVALS}).
     */
    public static final int THROUGHPUT_MIN_INTERVALS = 10;

    /**
     * Least ratio of last to first quarter floor that counts as growth.
     */
    public static final double GROWTH_RATIO = 1.2;

    /**
     * Least rise of the floor, in bytes, that counts as growth.
     */
    public static final long GROWTH_MIN_BYTES = 16L << 20;

    /**
     * Fewest intervals after warm-up for the growth rules.
     */
    public static final int GROWTH_MIN_INTERVALS = 8;

    /**
     * Fewest roll cycles of a journal with retention the journal rule judges after its retention window: one a
     * quarter, so that each quarter's floor is the one the deletion at a roll returns to.
     */
    public static final int JOURNAL_MIN_ROLL_CYCLES = 4;

    /**
     * Said with the count of intervals a rule over time had: the run's last is not judged, so that the count is not
     * read against the run's intervals after warm-up, one more, which the page gives.
     */
    private static final String LAST_EXCLUDED = "the last (partial) excluded";

    private static final String BOUNDED_RULE = String.format(Locale.ROOT,
        "after warm-up, the quarters' minima do not rise quarter after quarter to %.1f× and +%d MiB over the first",
        GROWTH_RATIO, GROWTH_MIN_BYTES >> 20);

    /**
     * Name of the rule that published − accepted − refused = 0, as {@link Check#name()} gives it.
     */
    public static final String NO_LOST_INPUTS = "No lost inputs";

    /**
     * Most intervals treated as warm-up.
     */
    public static final int WARM_UP_MAX_INTERVALS = 60;

    /**
     * How a rule came out.
     */
    public enum Outcome
    {
        /**
         * The run meets the rule.
         */
        PASSED,
        /**
         * The run breaks the rule; it is unhealthy.
         */
        FAILED,
        /**
         * The rule does not apply (an unpaced run) or there was too little data; it does not make the run unhealthy.
         */
        NOT_EVALUATED
    }

    /**
     * One rule applied to one run.
     *
     * @param name     short name, e.g. "Flat P99".
     * @param rule     the rule in one sentence.
     * @param outcome  how it came out.
     * @param observed what was measured, with the numbers.
     */
    public record Check(String name, String rule, Outcome outcome, String observed)
    {
        /**
         * @return true when the check makes the run unhealthy.
         */
        public boolean failed()
        {
            return Outcome.FAILED == outcome;
        }

        /**
         * @return the check as a reason: {@code name: observed}.
         */
        public String reason()
        {
            return name + ": " + observed;
        }
    }

    private SoakHealth()
    {
    }

    /**
     * @param run       what was run: its paced rate, journal retention and duration.
     * @param totals    the run's event accounting.
     * @param intervals the run's intervals in time order.
     * @return why the run is unhealthy, one {@link Check#reason()} per failed rule; empty when it is healthy.
     */
    public static List<String> evaluate(final SoakRun run, final SoakTotals totals, final List<SoakInterval> intervals)
    {
        final List<String> reasons = new ArrayList<>();
        for (final Check check : checks(run, totals, intervals))
        {
            if (check.failed())
            {
                reasons.add(check.reason());
            }
        }
        return reasons;
    }

    /**
     * @param run       what was run: its paced rate ({@link SoakRun#targetInputsPerSecond()}, 0 for an unpaced run),
     *                  the journal's retention window ({@link SoakRun#journalRetentionSeconds()}: the journal rule
     *                  looks only at the intervals after it) and its duration against the one asked for.
     * @param totals    the run's event accounting.
     * @param intervals the run's intervals in time order.
     * @return every rule applied to the run, in the order of the class documentation.
     */
    public static List<Check> checks(final SoakRun run, final SoakTotals totals, final List<SoakInterval> intervals)
    {
        Objects.requireNonNull(run, "run");
        Objects.requireNonNull(totals, "totals");
        final List<SoakInterval> steady = intervals.subList(warmUpIntervals(intervals.size()), intervals.size());
        // the last interval is cut short by the stop and sampled after it: its memory is no longer the run's, and its
        // latency is that of a fraction of an interval
        final List<SoakInterval> running = steady.isEmpty() ? steady : steady.subList(0, steady.size() - 1);
        return List.of(
            lost(totals),
            zero("No duplicates", "the duplicate detector saw no event twice", "duplicates", totals.duplicates()),
            zero("No failed dispatches", "no event handler threw", "failed dispatches", totals.failedDispatches()),
            flatP99(running),
            throughput(run.targetInputsPerSecond(), intervals.size(), steady, totals.unsentDueInputs()),
            bounded("Heap bounded", running, SoakInterval::heapUsedBytes),
            bounded("Off-heap bounded", running, SoakInterval::offHeapBytes),
            bounded("Mapped memory bounded", running, SoakInterval::mappedBytes),
            journal(intervals, running, run),
            duration(run),
            modelRoom(totals));
    }

    /**
     * The run's length against the duration asked for.
     */
    private static Check duration(final SoakRun run)
    {
        final String name = "Ran its duration";
        final String rule = "the run did not end before the duration asked for unless stopped on request";
        final String asked = Text.seconds(run.requestedDurationSeconds()) + " asked for";
        if (!(run.requestedDurationSeconds() > 0))
        {
            // bounded by its event count, or by a feed file, which may end first
            final String ended = run.eventCountReached() ? "bounded by its event count" : run.stoppedEarly() ?
                "stopped on request after " + Text.decimal(run.durationSeconds(), 1) + " s" :
                "ended after " + Text.decimal(run.durationSeconds(), 1) + " s, with its feed or a failure, short of " +
                "any event count";
            return new Check(name, rule, Outcome.NOT_EVALUATED, "no duration asked for: " + ended);
        }
        if (run.stoppedEarly())
        {
            return new Check(name, rule, Outcome.NOT_EVALUATED, "stopped on request after " +
                Text.decimal(run.durationSeconds(), 1) + " s of the " + asked);
        }
        if (run.endedEarly())
        {
            return new Check(name, rule, Outcome.FAILED, "ended after " + Text.decimal(run.durationSeconds(), 1) +
                " s of the " + asked + ": its feed ran out or the run failed first, with no stop asked for");
        }
        if (run.endedAtEventCount())
        {
            return new Check(name, rule, Outcome.PASSED, "ended at its event count after " +
                Text.decimal(run.durationSeconds(), 1) + " s of the " + asked);
        }
        return new Check(name, rule, Outcome.PASSED, "ran " + Text.decimal(run.durationSeconds(), 1) + " s of the " +
            asked);
    }

    /**
     * The journal's disk use, bounded once its retention window has passed; not evaluated before, nor for a run
     * without a journal (a journaled run has cycle files on disk from its start, so every interval counts bytes). A
     * journal that deletes by size alone can delete a file only at the first roll after its files passed the size:
     * its window ends a roll cycle after the first interval above it, and has not begun in a run that never was.
     */
    private static Check journal(final List<SoakInterval> intervals, final List<SoakInterval> steady, final SoakRun run)
    {
        final String name = "Journal disk bounded";
        if (!intervals.isEmpty() && intervals.stream().allMatch(interval -> 0 == interval.journalDiskBytes()))
        {
            return new Check(name, BOUNDED_RULE, Outcome.NOT_EVALUATED,
                "the run wrote no journal (journaling off): there is no disk use to judge");
        }
        double window = run.journalRetentionSeconds();
        String windowText = String.format(Locale.ROOT, "%.0f s of cycle files", window);
        if (run.journalRetentionBytes() > 0)
        {
            final SoakInterval over = intervals.stream()
                .filter(interval -> interval.journalDiskBytes() > run.journalRetentionBytes()).findFirst().orElse(null);
            if (null == over)
            {
                return new Check(name, BOUNDED_RULE, Outcome.NOT_EVALUATED, "the journal's files never passed the " +
                    Text.bytes(run.journalRetentionBytes()) + " it keeps before deleting by size: no cycle file " +
                    "could have been deleted yet");
            }
            window = over.elapsedSeconds() + run.journalRollCycleSeconds();
            windowText = String.format(Locale.ROOT, "a roll cycle after its files passed %s at %.0f s",
                Text.bytes(run.journalRetentionBytes()), over.elapsedSeconds());
        }
        int retained = 0;
        while (retained < steady.size() && steady.get(retained).elapsedSeconds() <= window)
        {
            retained++;
        }
        if (window > 0 && steady.size() - retained < GROWTH_MIN_INTERVALS)
        {
            return new Check(name, BOUNDED_RULE, Outcome.NOT_EVALUATED, String.format(Locale.ROOT,
                "the run did not outlast the journal's retention window (%s) by %d intervals: " +
                "no cycle file could have been deleted yet", windowText, GROWTH_MIN_INTERVALS));
        }
        // intervals of a second: a quarter shorter than a roll cycle may hold no roll, and its floor, the files
        // growing toward the next one, would read as growth beside a quarter whose floor followed a deletion
        final long cycles = (long)Math.ceil(JOURNAL_MIN_ROLL_CYCLES * run.journalRollCycleSeconds());
        if (window > 0 && steady.size() - retained < cycles)
        {
            return new Check(name, BOUNDED_RULE, Outcome.NOT_EVALUATED, String.format(Locale.ROOT,
                "the run outlasted the journal's retention window (%s) by %s, fewer than %d roll cycles of %.0f s: " +
                "its files grow between the deletions at rolls, so each quarter judged must hold one",
                windowText, Text.plural(steady.size() - retained, "interval"), JOURNAL_MIN_ROLL_CYCLES,
                run.journalRollCycleSeconds()));
        }
        return bounded(name, steady.subList(retained, steady.size()), SoakInterval::journalDiskBytes);
    }

    /**
     * @param intervalCount intervals in the run.
     * @return how many leading intervals are warm-up: 10 %, at most {@value #WARM_UP_MAX_INTERVALS}.
     */
    public static int warmUpIntervals(final int intervalCount)
    {
        return Math.min(WARM_UP_MAX_INTERVALS, intervalCount / 10);
    }

    private static Check lost(final SoakTotals totals)
    {
        final long lost = totals.lost();
        final String observed = String.format(Locale.ROOT, "%s lost = published %s − accepted %s − refused %s",
            Text.count(lost), Text.count(totals.published()), Text.count(totals.accepted()),
            Text.count(totals.refused()));
        return new Check(NO_LOST_INPUTS, "every published input was accepted or refused",
            0 == lost ? Outcome.PASSED : Outcome.FAILED, observed);
    }

    /**
     * The market model's room: an order whose remainder it dropped, or a bar it opened without its close timer, is
     * state the run lost for want of room (the shard's wheel full, its order pool at its largest), which no other rule
     * sees; rejected inputs are not, being invalid ones.
     */
    private static Check modelRoom(final SoakTotals totals)
    {
        final boolean room = 0 == totals.remaindersDropped() && 0 == totals.barTimersRefused();
        return new Check("Model had room", "the market model dropped no order's remainder and refused no bar's close " +
            "timer for want of room", room ? Outcome.PASSED : Outcome.FAILED,
            Text.count(totals.remaindersDropped()) + " order remainders dropped, " +
            Text.count(totals.barTimersRefused()) + " bar close timers refused");
    }

    private static Check zero(final String name, final String rule, final String what, final long value)
    {
        return new Check(name, rule, 0 == value ? Outcome.PASSED : Outcome.FAILED, Text.count(value) + " " + what);
    }

    private static Check flatP99(final List<SoakInterval> steady)
    {
        final String name = "Flat P99";
        final String rule = String.format(Locale.ROOT,
            "after warm-up, the median interval P99 of the last third is at most %.0f× that of the first third",
            P99_GROWTH_LIMIT);
        final long[] p99 = steady.stream().filter(interval -> interval.events() > 0)
            .mapToLong(SoakInterval::p99Nanos).toArray();
        if (p99.length < 3)
        {
            return new Check(name, rule, Outcome.NOT_EVALUATED,
                "only " + Text.plural(p99.length, "interval") + " with events after warm-up, " + LAST_EXCLUDED +
                ", 3 needed");
        }
        final int third = p99.length / 3;
        final long first = median(Arrays.copyOfRange(p99, 0, third));
        final long last = median(Arrays.copyOfRange(p99, p99.length - third, p99.length));
        final double ratio = (double)last / Math.max(1, first);
        final String observed = String.format(Locale.ROOT, "last third %s, first third %s: %.2f×",
            Text.latency(last), Text.latency(first), ratio);
        return new Check(name, rule, ratio > P99_GROWTH_LIMIT ? Outcome.FAILED : Outcome.PASSED, observed);
    }

    private static Check throughput(
        final double target, final int intervalCount, final List<SoakInterval> steady, final long unsentDueInputs)
    {
        final String name = "Throughput holds the target";
        final String rule = String.format(Locale.ROOT,
            "after warm-up, at most %.0f %% of the intervals take inputs at below %.0f %% of the paced rate, and " +
            "the feed is not stopped behind its schedule", SLOW_INTERVALS_LIMIT * 100, THROUGHPUT_FLOOR * 100);
        if (!(target > 0))
        {
            return new Check(name, rule, Outcome.NOT_EVALUATED, "unpaced run (max rate)");
        }
        // a fact, not a statistic: it needs no number of intervals
        final String behind = unsentDueInputs > 0 ? "the feed was stopped a second after the duration with " +
            Text.plural(unsentDueInputs, "input") + " due but never sent" : null;
        if (intervalCount < THROUGHPUT_MIN_INTERVALS)
        {
            return null != behind ? new Check(name, rule, Outcome.FAILED, behind) :
                new Check(name, rule, Outcome.NOT_EVALUATED, "only " + Text.plural(intervalCount, "interval") +
                ", " + THROUGHPUT_MIN_INTERVALS + " needed: warm-up first, " + LAST_EXCLUDED);
        }
        final int counted = steady.size() - 1;
        final double floor = THROUGHPUT_FLOOR * target;
        int slow = 0;
        for (int i = 0; i < counted; i++)
        {
            if (steady.get(i).inputsPerSecond() < floor)
            {
                slow++;
            }
        }
        final String observed = String.format(Locale.ROOT, "%d of %s below %s (%.1f %%)",
            slow, Text.plural(counted, "interval"), Text.inputRate(floor), 100.0 * slow / counted);
        return new Check(name, rule,
            slow > SLOW_INTERVALS_LIMIT * counted || null != behind ? Outcome.FAILED : Outcome.PASSED,
            null != behind ? observed + "; " + behind : observed);
    }

    private static Check bounded(
        final String name, final List<SoakInterval> steady, final ToLongFunction<SoakInterval> resource)
    {
        final String rule = BOUNDED_RULE;
        final int n = steady.size();
        if (n < GROWTH_MIN_INTERVALS)
        {
            return new Check(name, rule, Outcome.NOT_EVALUATED,
                "only " + Text.plural(n, "interval") + " after warm-up, " + LAST_EXCLUDED + ", " + GROWTH_MIN_INTERVALS +
                " needed");
        }
        final long[] floors = new long[4];
        boolean rising = true;
        for (int quarter = 0; quarter < 4; quarter++)
        {
            long floor = Long.MAX_VALUE;
            for (int i = quarter * n / 4, end = (quarter + 1) * n / 4; i < end; i++)
            {
                floor = Math.min(floor, resource.applyAsLong(steady.get(i)));
            }
            floors[quarter] = floor;
            rising &= 0 == quarter || floor > floors[quarter - 1];
        }
        final long first = floors[0];
        final long last = floors[3];
        final boolean growing = rising && last >= GROWTH_RATIO * first && last - first >= GROWTH_MIN_BYTES;
        final String observed = String.format(Locale.ROOT, "quarter floors %s, %s, %s, %s%s",
            Text.bytes(floors[0]), Text.bytes(floors[1]), Text.bytes(floors[2]), Text.bytes(floors[3]),
            growing ? ": still growing" : "");
        return new Check(name, rule, growing ? Outcome.FAILED : Outcome.PASSED, observed);
    }

    private static long median(final long[] values)
    {
        Arrays.sort(values);
        return values[(values.length - 1) / 2];
    }
}
