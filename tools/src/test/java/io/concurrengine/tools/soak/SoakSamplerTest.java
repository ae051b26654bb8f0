package io.concurrengine.tools.soak;

import io.concurrengine.tools.soak.report.SoakInterval;
import io.concurrengine.tools.soak.report.SoakReport;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class SoakSamplerTest
{
    private static final long MIB = 1 << 20;
    private static volatile Object sink;

    @TempDir
    Path dir;

    @Test
    void shouldCountGarbageCollectionsOfTheRunNotThoseSinceTheJvmStarted()
    {
        System.gc();
        System.gc();
        final long before = jvmGcCount();
        final long millisBefore = jvmGcMillis();
        final SoakSampler sampler = new SoakSampler(dir.resolve("latency.hlog"), null);
        sampler.onStart(null, System.nanoTime());
        System.gc();
        final long counted = sampler.gcCount();
        final long inRun = jvmGcCount() - before;

        assertTrue(counted >= 1 && counted <= inRun, "collections in the run: " + counted +
            ", the JVM's since just before it started: " + inRun + ", since the JVM started: " + jvmGcCount());
        final long millis = sampler.gcMillis();
        final long millisInRun = jvmGcMillis() - millisBefore;
        assertTrue(millis >= 0 && millis <= millisInRun, "pause in the run: " + millis + " ms, the JVM's since just " +
            "before it started: " + millisInRun + " ms, since the JVM started: " + jvmGcMillis() + " ms");
    }

    /**
     * ZGC and Shenandoah give each collector two beans: "... Cycles", whose time is the concurrent cycles', the
     * application running meanwhile, and "... Pauses", one count a pause, several a cycle. The run's collections are
     * the cycles and its pause time the pauses', not the sum of both.
     */
    @Test
    void shouldCountTheCyclesAsCollectionsAndThePausesAsPauseTimeOfACollectorThatGivesBoth()
    {
        final FakeCollector cycles = new FakeCollector("ZGC Cycles", 5, 400);
        final FakeCollector pauses = new FakeCollector("ZGC Pauses", 15, 3);
        final FakeCollector young = new FakeCollector("G1 Young Generation", 7, 90);
        final SoakSampler sampler = new SoakSampler(dir.resolve(SoakReport.HLOG_FILE), null,
            List.of(cycles, pauses, young));
        sampler.onStart(null, System.nanoTime());

        cycles.collect(2, 170);
        pauses.collect(6, 2);
        young.collect(1, 12);

        assertEquals(3, sampler.gcCount(), "2 ZGC cycles and 1 G1 young collection, not ZGC's 6 pauses too");
        assertEquals(14, sampler.gcMillis(), "2 ms of ZGC pauses and 12 of G1's, not ZGC's 170 ms of cycles");
    }

    @Test
    void shouldCountAllocationOfTheRunIncludingThreadsThatHaveEnded() throws InterruptedException
    {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        allocate(64);
        final SoakSampler sampler = new SoakSampler(dir.resolve("latency.hlog"), null);
        sampler.onStart(null, System.nanoTime());
        assertTrue(sampler.allocatedBytes() < 32 * MIB,
            "what this thread allocated before the run is not the run's: " + sampler.allocatedBytes());

        final CountDownLatch allocated = new CountDownLatch(1);
        final CountDownLatch end = new CountDownLatch(1);
        final Thread shard = new Thread(() ->
        {
            allocate(64);
            allocated.countDown();
            awaitQuietly(end);
        }, "allocating");
        shard.start();
        allocated.await();
        final long whileAlive = sampler.allocatedBytes();
        end.countDown();
        shard.join();
        final long afterItEnded = sampler.allocatedBytes();

        assertTrue(whileAlive >= 64 * MIB, "the thread's allocation counted: " + whileAlive);
        assertTrue(afterItEnded >= whileAlive,
            "an ended thread's allocation is still the run's: " + afterItEnded + " after " + whileAlive);
    }

    @Test
    void shouldRunOnWithoutTheLogWhenItCannotBeCreatedAndSaySo() throws IOException
    {
        final Path hlog = Files.createDirectories(dir.resolve("latency.hlog"));
        final SoakSampler sampler = new SoakSampler(hlog, null);

        sampler.onStart(null, System.nanoTime()); // an exception here would leave the started engine running

        assertNotNull(sampler.hlogProblem(), "said at the end of the run");
        assertTrue(sampler.hlogProblem().startsWith("cannot be written: "), sampler.hlogProblem());
    }

    /**
     * A log deleted while the run writes it (its report directory removed and made again by the report, say) takes
     * every write without error: the run ends naming it as missing, not with a report that links to no log.
     */
    @Test
    void shouldSayTheLogIsMissingWhenItWasDeletedOrReplacedWhileTheRunWroteIt() throws IOException
    {
        final Path hlog = dir.resolve(SoakReport.HLOG_FILE);
        final SoakSampler deleted = new SoakSampler(hlog, null);
        deleted.onStart(null, System.nanoTime());
        Files.delete(hlog);

        deleted.closeLog();

        assertEquals("is missing: the file the run wrote was deleted or moved while it ran", deleted.hlogProblem());

        final SoakSampler replaced = new SoakSampler(hlog, null);
        replaced.onStart(null, System.nanoTime());
        Files.move(hlog, dir.resolve("moved.hlog"));
        Files.writeString(hlog, "another file of its name");

        replaced.closeLog();

        assertEquals("is missing: the file the run wrote was deleted or moved while it ran", replaced.hlogProblem());

        final SoakSampler kept = new SoakSampler(hlog, null);
        kept.onStart(null, System.nanoTime());

        kept.closeLog();

        assertNull(kept.hlogProblem());
    }

    /**
     * The log replaces a symbolic link of its name, as the report's other files do, rather than write through it: that
     * would truncate the file linked to, or create the one a dangling link names, wherever it is.
     */
    @Test
    void shouldReplaceALinkInPlaceOfTheLogNotWriteThroughIt() throws IOException
    {
        final Path linked = Files.writeString(dir.resolve("linked.txt"), "not the soak's");
        final Path named = dir.resolve("named-by-a-link");
        for (final Path target : List.of(linked, named))
        {
            final Path hlog = dir.resolve(SoakReport.HLOG_FILE);
            Files.deleteIfExists(hlog);
            Files.createSymbolicLink(hlog, target);
            final SoakSampler sampler = new SoakSampler(hlog, null);

            sampler.onStart(null, System.nanoTime());
            sampler.closeLog();

            assertNull(sampler.hlogProblem());
            assertTrue(Files.isRegularFile(hlog, LinkOption.NOFOLLOW_LINKS), "a file in place of the link");
            assertTrue(Files.readString(hlog).startsWith("#concurrengine soak: "), Files.readString(hlog));
        }
        assertEquals("not the soak's", Files.readString(linked));
        assertFalse(Files.exists(named), "created through the link");
    }

    /**
     * The run's log replaces an earlier soak's as it starts: the earlier summary, page and percentiles go with it, so a
     * soak killed before its report is written leaves no earlier verdict beside its own log.
     */
    @Test
    void shouldRemoveAnEarlierSoaksReportWhenTheRunStarts() throws IOException
    {
        for (final String name : List.of(SoakReport.SUMMARY_FILE, SoakReport.REPORT_FILE, SoakReport.HGRM_FILE))
        {
            Files.writeString(dir.resolve(name), "an earlier soak's");
        }
        final SoakSampler sampler = new SoakSampler(dir.resolve(SoakReport.HLOG_FILE), null);

        sampler.onStart(null, System.nanoTime());

        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(SoakReport.HLOG_FILE), files.map(file -> file.getFileName().toString()).toList());
        }
        assertNull(sampler.startProblem());
    }

    /**
     * Each interval's events are those dispatched since the interval before, and its rates those counts over the time
     * since it: the throughput chart and the throughput rule read them.
     */
    @Test
    void shouldRateEachIntervalsEventsAndInputsOverTheTimeSinceTheIntervalBefore()
    {
        final SoakSampler sampler = new SoakSampler(dir.resolve(SoakReport.HLOG_FILE), null);
        sampler.onStart(null, 5_000_000_000L);
        final Histogram latency = new Histogram(3);
        latency.recordValueWithCount(1_000, 99);
        latency.recordValue(2_000);

        sampler.sample(latency, 1_000_000_000L, 1_000, 500, 6_000_000_000L);
        sampler.sample(new Histogram(3), 3_000_000_000L, 3_000, 1_500, 8_000_000_000L);

        final SoakInterval first = sampler.intervals().get(0);
        assertEquals(1.0, first.elapsedSeconds());
        assertEquals(1_000, first.events());
        assertEquals(1_000.0, first.eventsPerSecond());
        assertEquals(500.0, first.inputsPerSecond());
        assertEquals(List.of(1_000L, 1_000L, 2_000L, 2_000L),
            List.of(first.p50Nanos(), first.p99Nanos(), first.p999Nanos(), first.maxNanos()));
        final SoakInterval second = sampler.intervals().get(1);
        assertEquals(3.0, second.elapsedSeconds());
        assertEquals(2_000, second.events());
        assertEquals(1_000.0, second.eventsPerSecond(), "2,000 events in 2 s");
        assertEquals(500.0, second.inputsPerSecond(), "1,000 inputs in 2 s");
        assertEquals(0, second.journalDiskBytes(), "no journal");
    }

    /**
     * A collector's bean whose counts the test moves on.
     */
    private static final class FakeCollector implements GarbageCollectorMXBean
    {
        private final String name;
        private long count;
        private long millis;

        FakeCollector(final String name, final long count, final long millis)
        {
            this.name = name;
            this.count = count;
            this.millis = millis;
        }

        void collect(final long collections, final long collectionMillis)
        {
            count += collections;
            millis += collectionMillis;
        }

        @Override
        public long getCollectionCount()
        {
            return count;
        }

        @Override
        public long getCollectionTime()
        {
            return millis;
        }

        @Override
        public String getName()
        {
            return name;
        }

        @Override
        public boolean isValid()
        {
            return true;
        }

        @Override
        public String[] getMemoryPoolNames()
        {
            return new String[0];
        }

        @Override
        public javax.management.ObjectName getObjectName()
        {
            return null;
        }
    }

    private static void allocate(final int mebibytes)
    {
        for (int i = 0; i < mebibytes; i++)
        {
            sink = new byte[(int)MIB];
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static long jvmGcMillis()
    {
        long millis = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            millis += Math.max(0, collector.getCollectionTime());
        }
        return millis;
    }

    private static long jvmGcCount()
    {
        long count = 0;
        for (final GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans())
        {
            count += Math.max(0, collector.getCollectionCount());
        }
        return count;
    }
}
