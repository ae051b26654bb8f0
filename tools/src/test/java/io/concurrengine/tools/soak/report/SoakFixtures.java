package io.concurrengine.tools.soak.report;

import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

final class SoakFixtures
{
    static final double TARGET = 100_000;
    /** Events dispatched per input: the market model's timers add some. */
    static final double EVENTS_PER_INPUT = 1.01;
    static final long MIB = 1L << 20;

    private SoakFixtures()
    {
    }

    static List<SoakInterval> steadyRun(final int seconds)
    {
        final Random random = new Random(42);
        final List<SoakInterval> intervals = new ArrayList<>(seconds);
        long gcCount = 0;
        long gcPause = 0;
        long allocated = 0;
        for (int i = 0; i < seconds; i++)
        {
            final double inputs = TARGET * (0.98 + 0.04 * random.nextDouble());
            final long events = (long)(inputs * EVENTS_PER_INPUT);
            final long p50 = 4_000 + random.nextInt(1_000);
            final long p99 = 18_000 + random.nextInt(4_000);
            final long p999 = 45_000 + random.nextInt(10_000);
            final long max = i % 97 == 50 ? 2_500_000 : 90_000 + random.nextInt(40_000);
            if (i % 10 == 9)
            {
                gcCount++;
                gcPause += 3 + random.nextInt(5);
            }
            allocated += 2 * MIB + random.nextInt(1 << 20);
            intervals.add(new SoakInterval(i + 1, events, events, inputs, p50, p99, p999, max,
                (100 + 20 * (i % 10)) * MIB, 64 * MIB, (256 + 64 * (i % 8)) * MIB, (200 + 50 * (i % 8)) * MIB,
                gcCount, gcPause, allocated));
        }
        return intervals;
    }

    static List<SoakInterval> withP99(
        final List<SoakInterval> intervals, final int from, final int to, final long p99)
    {
        final List<SoakInterval> changed = new ArrayList<>(intervals);
        for (int i = from; i < to; i++)
        {
            final SoakInterval it = changed.get(i);
            changed.set(i, new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), p99, Math.max(p99, it.p999Nanos()), Math.max(p99, it.maxNanos()),
                it.heapUsedBytes(), it.offHeapBytes(), it.mappedBytes(), it.journalDiskBytes(), it.gcCount(),
                it.gcPauseMillis(), it.allocatedBytes()));
        }
        return changed;
    }

    static List<SoakInterval> withHeapGrowth(final List<SoakInterval> intervals, final long bytesPerInterval)
    {
        final List<SoakInterval> changed = new ArrayList<>(intervals);
        for (int i = 0; i < changed.size(); i++)
        {
            final SoakInterval it = changed.get(i);
            changed.set(i, new SoakInterval(it.elapsedSeconds(), it.events(), it.eventsPerSecond(),
                it.inputsPerSecond(), it.p50Nanos(), it.p99Nanos(), it.p999Nanos(), it.maxNanos(),
                it.heapUsedBytes() + i * bytesPerInterval, it.offHeapBytes(), it.mappedBytes(), it.journalDiskBytes(),
                it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }
        return changed;
    }

    /**
     * @return the intervals with those from {@code from} on taking {@code rate} inputs/s, and dispatching
     * {@link #EVENTS_PER_INPUT} events an input.
     */
    static List<SoakInterval> withRate(final List<SoakInterval> intervals, final int from, final double rate)
    {
        final List<SoakInterval> changed = new ArrayList<>(intervals);
        final double events = rate * EVENTS_PER_INPUT;
        for (int i = from; i < changed.size(); i++)
        {
            final SoakInterval it = changed.get(i);
            changed.set(i, new SoakInterval(it.elapsedSeconds(), (long)events, events, rate, it.p50Nanos(),
                it.p99Nanos(), it.p999Nanos(), it.maxNanos(), it.heapUsedBytes(), it.offHeapBytes(), it.mappedBytes(),
                it.journalDiskBytes(), it.gcCount(), it.gcPauseMillis(), it.allocatedBytes()));
        }
        return changed;
    }

    /**
     * @return a paced run of {@code target} inputs/s (0: unpaced) whose journal keeps {@code retentionSeconds} of cycle
     * files, bounded by its event count, so the duration rule is not evaluated.
     */
    static SoakRun run(final double target, final double retentionSeconds)
    {
        return new SoakRun("concurrengine soak", "2025-01-31T09:00:00Z", 600, 0, target, 4, 6, "17.0.15+6", "", true,
            retentionSeconds, false, false, false);
    }

    static SoakTotals cleanTotals()
    {
        return new SoakTotals(1_000_000, 999_000, 600, 400, 1_200_000, 0, 0, 0);
    }

    static Histogram histogram(final long samples)
    {
        final Histogram histogram = new Histogram(3_600_000_000_000L, 3);
        final Random random = new Random(7);
        for (long i = 0; i < samples; i++)
        {
            final double u = random.nextDouble();
            final long value = (long)(3_000 + 2_000 * -Math.log(1 - u) + (u > 0.999 ? 400_000 * u : 0));
            histogram.recordValue(value);
        }
        return histogram;
    }

    static SoakSummary summary(final List<SoakInterval> intervals, final SoakTotals totals, final Histogram total,
        final List<String> reasons)
    {
        final double duration = intervals.isEmpty() ? 0 : intervals.get(intervals.size() - 1).elapsedSeconds();
        final SoakRun run = new SoakRun("concurrengine soak --rate 100000 --duration 10m --shards 4",
            "2025-01-31T09:00:00Z", duration, duration, TARGET, 4, 6, "17.0.15+6",
            "[engine]\nshards = 4\n\n[journal]\ndir = \"/var/tmp/soak <1>\"\nretention = \"1h\"\n", true, 0, false,
            false, false);
        return new SoakSummary(run, totals, SoakLatency.of(total), SoakResources.of(intervals), "00c0ffee12345678",
            reasons);
    }
}
