package io.concurrengine.tools.soak;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunObserver;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.soak.report.SoakInterval;
import io.concurrengine.tools.soak.report.SoakReport;
import io.concurrengine.tools.telemetry.BufferPools;
import io.concurrengine.tools.telemetry.CollectorTotals;
import io.concurrengine.tools.telemetry.MappedFileMemory;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Samples a running engine once a second for a soak: the interval latency histogram (written to the {@code .hlog}
 * as it is taken, so a run stopped by a crash still leaves its log), throughput, heap, direct and mapped memory,
 * GC counts and pauses, allocated bytes and journal disk use. GC and allocation are counted from the start of the
 * run: the JVM's start-up and the warm-up are not the run's. A collector that gives its concurrent cycles and its
 * pauses apart (ZGC, Shenandoah) counts its cycles as collections and its pauses' time as pause time. Runs on the
 * job's control thread only.
 */
final class SoakSampler implements RunObserver
{
    /** Written at the end of a soak, from its samples: an earlier soak's are removed as this one starts. */
    private static final List<String> EARLIER_REPORT_FILES =
        List.of(SoakReport.SUMMARY_FILE, SoakReport.REPORT_FILE, SoakReport.HGRM_FILE);

    private final Path hlog;
    private final Path journalRoot;
    private final List<SoakInterval> intervals = new ArrayList<>();
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final BufferPools bufferPools = new BufferPools();
    private final List<GarbageCollectorMXBean> collectors;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final Map<Long, Long> allocatedAtStart = new HashMap<>();
    private final Map<Long, Long> allocatedInRun = new HashMap<>();
    private long gcCountAtStart;
    private long gcMillisAtStart;
    private PrintStream hlogStream;
    private HistogramLogWriter writer;
    private long lastSampleNanos;
    private long lastSampleEpochMillis;
    private long startEpochMillis;
    private long lastEvents;
    private long lastInputs;
    private RunSummary summary;
    private Histogram total;
    private boolean engineFailed;
    private String hlogProblem;
    private Object hlogKey;
    private String startProblem;

    SoakSampler(final Path hlog, final Path journalRoot)
    {
        this(hlog, journalRoot, ManagementFactory.getGarbageCollectorMXBeans());
    }

    /**
     * @param hlog        the log the run's interval histograms go to.
     * @param journalRoot the run's journal directory, whose size is sampled; null for a run without a journal.
     * @param collectors  the JVM's garbage collectors' beans: for tests, collectors other than this JVM's.
     */
    SoakSampler(final Path hlog, final Path journalRoot, final List<GarbageCollectorMXBean> collectors)
    {
        this.hlog = hlog;
        this.journalRoot = journalRoot;
        this.collectors = List.copyOf(collectors);
    }

    /**
     * Begins the run's {@code .hlog}, which replaces an earlier soak's, after removing that soak's summary, page and
     * percentiles from the report directory: they would read as this run's if it never wrote its own (killed, say).
     */
    @Override
    public void onStart(final Engine engine, final long startNanos)
    {
        removeEarlierReport();
        try
        {
            if (Files.isRegularFile(hlog) || Files.isSymbolicLink(hlog) && Files.notExists(hlog))
            {
                // replaced, as the files written at the end are, not written through a link: that would truncate the
                // file linked to, or create the one a dangling link names, wherever it is (a device, /dev/null say,
                // is still written through)
                Files.delete(hlog);
            }
            hlogStream = new PrintStream(hlog.toFile(), java.nio.charset.StandardCharsets.UTF_8);
            hlogKey = fileKey(hlog);
        }
        catch (final java.io.IOException ex)
        {
            // probed writable before the run, so gone since (the directory removed, say); the engine is running and
            // an exception here would leave it so: run on without the log, and say so at the end
            hlogProblem = "cannot be written: " + IoProblems.describe(ex);
            hlogStream = new PrintStream(OutputStream.nullOutputStream(), false,
                java.nio.charset.StandardCharsets.UTF_8);
        }
        writer = new HistogramLogWriter(hlogStream);
        lastSampleEpochMillis = System.currentTimeMillis();
        startEpochMillis = lastSampleEpochMillis;
        writer.outputComment("concurrengine soak: publish-to-dispatch latency per second, nanoseconds");
        writer.outputLogFormatVersion();
        writer.outputStartTime(lastSampleEpochMillis);
        writer.setBaseTime(lastSampleEpochMillis);
        writer.outputLegend();
        lastSampleNanos = startNanos;
        gcCountAtStart = jvmGcCount();
        gcMillisAtStart = jvmGcMillis();
        allocatedAtStart.clear();
        allocatedInRun.clear();
        allocatedAtStart.putAll(threadAllocatedBytes());
    }

    private void removeEarlierReport()
    {
        final Path directory = hlog.toAbsolutePath().getParent();
        for (final String name : EARLIER_REPORT_FILES)
        {
            final Path file = directory.resolve(name);
            try
            {
                Files.deleteIfExists(file);
            }
            catch (final IOException ex)
            {
                // the run goes on: its own report replaces the file at the end
                startProblem = "an earlier soak's " + file + " could not be removed as the run started (until this " +
                    "run's report replaced it, it was not this run's): " + IoProblems.describe(ex);
            }
        }
    }

    @Override
    public void onInterval(final Engine engine, final Histogram interval, final long elapsedNanos, final boolean last)
    {
        sample(engine, interval, elapsedNanos);
        if (last)
        {
            closeLog();
        }
    }

    /**
     * Close the {@code .hlog} after its last interval, noting in {@link #hlogProblem()} a write that failed, or a log
     * no longer where it was opened: the writes to a file deleted or moved while the run went (its report directory
     * removed, say) succeed, into a file the report directory no longer holds.
     */
    void closeLog()
    {
        if (hlogStream.checkError() && null == hlogProblem) // a PrintStream swallows a failed write: ask it
        {
            hlogProblem = "is incomplete: a write to it failed (a full disk, a quota or an I/O error)";
        }
        if (null != hlogKey && null == hlogProblem && !hlogKey.equals(fileKey(hlog)))
        {
            hlogProblem = "is missing: the file the run wrote was deleted or moved while it ran";
        }
        hlogStream.close();
    }

    /**
     * @return the file system's identity of {@code file} (device and inode), or null if it is not there or the file
     * system has none.
     */
    private static Object fileKey(final Path file)
    {
        try
        {
            return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        }
        catch (final IOException ex)
        {
            return null;
        }
    }

    @Override
    public void onStop(final Engine engine, final RunSummary summary)
    {
        this.summary = summary;
        this.total = summary.dispatchLatency();
        this.engineFailed = null != engine.failure();
    }

    private void sample(final Engine engine, final Histogram interval, final long elapsedNanos)
    {
        long events = 0;
        long inputs = 0;
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            events += engine.counters(shard).dispatched();
            inputs += engine.counters(shard).inputs();
        }
        sample(interval, elapsedNanos, events, inputs, System.nanoTime());
    }

    /**
     * Log the interval's histogram and add its figures to {@link #intervals()}.
     *
     * @param interval     the interval's latency histogram, ns.
     * @param elapsedNanos time of the run at its end, from the measured run's start.
     * @param events       events dispatched by every shard since the engine started.
     * @param inputs       inputs taken by every shard since the engine started.
     * @param now          {@link System#nanoTime()} at its end.
     */
    void sample(final Histogram interval, final long elapsedNanos, final long events, final long inputs,
        final long now)
    {
        final long nowEpochMillis = System.currentTimeMillis();
        final double seconds = Math.max(1e-9, (now - lastSampleNanos) / 1e9);
        interval.setStartTimeStamp(lastSampleEpochMillis);
        interval.setEndTimeStamp(nowEpochMillis);
        writer.outputIntervalHistogram(interval);

        final long intervalEvents = events - lastEvents;
        final long heap = memory.getHeapMemoryUsage().getUsed();
        intervals.add(new SoakInterval(
            elapsedNanos / 1e9,
            intervalEvents,
            intervalEvents / seconds,
            (inputs - lastInputs) / seconds,
            interval.getValueAtPercentile(50),
            interval.getValueAtPercentile(99),
            interval.getValueAtPercentile(99.9),
            interval.getMaxValue(),
            heap,
            bufferPools.directBytes(),
            MappedFileMemory.residentBytesOr(bufferPools),
            null == journalRoot ? 0 : RunJournalDir.directorySize(journalRoot),
            gcCount(),
            gcMillis(),
            allocatedBytes()));
        lastEvents = events;
        lastInputs = inputs;
        lastSampleNanos = now;
        lastSampleEpochMillis = nowEpochMillis;
    }

    /**
     * @return garbage collections since {@link #onStart(Engine, long)}.
     */
    long gcCount()
    {
        return jvmGcCount() - gcCountAtStart;
    }

    /**
     * @return milliseconds of garbage collection pauses since {@link #onStart(Engine, long)}.
     */
    long gcMillis()
    {
        return jvmGcMillis() - gcMillisAtStart;
    }

    private long jvmGcCount()
    {
        return CollectorTotals.collections(collectors);
    }

    private long jvmGcMillis()
    {
        return CollectorTotals.pauseMillis(collectors);
    }

    /**
     * Heap bytes allocated since {@link #onStart(Engine, long)}: by each live thread, less what it had allocated
     * before, and by each thread that has ended since it was last seen (the JVM counts live threads only, and the
     * shard, feed and journal threads have ended by the last sample), up to that sample.
     *
     * @return bytes allocated in the run, 0 where the JVM does not count them.
     */
    long allocatedBytes()
    {
        for (final Map.Entry<Long, Long> thread : threadAllocatedBytes().entrySet())
        {
            allocatedInRun.put(thread.getKey(),
                Math.max(0, thread.getValue() - allocatedAtStart.getOrDefault(thread.getKey(), 0L)));
        }
        long total = 0;
        for (final long bytes : allocatedInRun.values())
        {
            total += bytes;
        }
        return total;
    }

    /**
     * @return heap bytes each live thread has allocated since it started, by thread id; empty where the JVM does not
     * count them.
     */
    private Map<Long, Long> threadAllocatedBytes()
    {
        final Map<Long, Long> allocated = new HashMap<>();
        if (threads instanceof com.sun.management.ThreadMXBean)
        {
            final com.sun.management.ThreadMXBean extended = (com.sun.management.ThreadMXBean)threads;
            final long[] ids = threads.getAllThreadIds();
            final long[] bytes = extended.getThreadAllocatedBytes(ids);
            for (int i = 0; i < ids.length; i++)
            {
                if (bytes[i] >= 0) // -1: ended since it was listed, or not counted
                {
                    allocated.put(ids[i], bytes[i]);
                }
            }
        }
        return allocated;
    }

    /**
     * @return when the measured run started (after the warm-up), epoch ms, as the {@code .hlog}'s start time.
     */
    long startEpochMillis()
    {
        return startEpochMillis;
    }

    List<SoakInterval> intervals()
    {
        return intervals;
    }

    RunSummary summary()
    {
        return summary;
    }

    Histogram total()
    {
        return total;
    }

    /**
     * @return what went wrong with the {@code .hlog}, to follow its path in a message, or null if it was written
     * whole.
     */
    String hlogProblem()
    {
        return hlogProblem;
    }

    /**
     * @return why an earlier soak's report file could not be removed when the run started, or null if none was left.
     */
    String startProblem()
    {
        return startProblem;
    }

    /**
     * @return true if the engine itself failed; the summary's failure is otherwise the feed's (a malformed line of a
     * feed file, a read error).
     */
    boolean engineFailed()
    {
        return engineFailed;
    }
}
