package io.concurrengine.bench.pipeline;

import io.concurrengine.bench.profile.ThreadCpuTimeProfiler;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Journal cost per event: one {@code JournalWriter.appendInput} + {@code appendDispatch} pair (an input and its
 * dispatch, as a shard journals it), amortised over the writer's block batching, beside a plain Chronicle loop that
 * writes one 64-byte record per {@code writingDocument()}. Chronicle Queue 2026.4 has no {@code acquireAppender()};
 * {@code createAppender()} is its replacement.
 * <p>
 * Records are a market-like stream from the synthetic order flow (2^20 inputs, cycled with advancing times).
 * {@code flushEvery}: events between explicit {@code flush()} calls; 0 flushes only when a 64 KiB block fills, which
 * is what a shard does at full load (it group-commits: a flush once its oldest unflushed record is 1 ms old, and a
 * loaded shard fills a block sooner), 256 and 16 are smaller blocks (the shard's flush after every drained batch of
 * 256 before group commit), 1 is a block per input.
 * Each iteration writes a fresh journal in a temporary directory, deleted after it; the writer's pre-toucher thread
 * runs as in production. Bytes per event, and that thread's CPU per event (not in the benchmark thread's figures),
 * are printed after each journal iteration.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {
    "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED",
    "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED",
    "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/jdk.internal.misc=ALL-UNNAMED",
    "-Dchronicle.analytics.disable=true" })
public class JournalAppendBenchmark
{
    private static final int STREAM = 1 << 20;
    private static final int MASK = STREAM - 1;
    private static final long[] TIME = new long[STREAM];
    private static final int[] TYPE = new int[STREAM];
    private static final long[] TARGET = new long[STREAM];
    private static final long[] A0 = new long[STREAM];
    private static final long[] A1 = new long[STREAM];
    private static final long[] A2 = new long[STREAM];
    private static final long[] A3 = new long[STREAM];
    private static final long LAP;

    static
    {
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(new OrderFlowConfig()
            .seed(42).instrumentCount(4096).zipfExponent(1.1).ticksPerSecond(1_000_000).inputsPerSecond(1_000_000)
            .bandWidth(1024).timeInForce(30, 100, 5_000));
        final MarketInput input = new MarketInput();
        for (int i = 0; i < STREAM; i++)
        {
            flow.next(input);
            TIME[i] = input.feedTime();
            TYPE[i] = input.type();
            TARGET[i] = input.target();
            A0[i] = input.a0();
            A1[i] = input.a1();
            A2[i] = input.a2();
            A3[i] = input.a3();
        }
        LAP = TIME[STREAM - 1] + 1;
    }

    @State(Scope.Thread)
    public static class Journal
    {
        @Param({ "0", "256", "16", "1" })
        int flushEvery;

        /** {@code journal.pretouch_read}: the background thread also reads each page it made writable. */
        @Param({ "false", "true" })
        boolean pretouchRead;

        /** {@code journal.packed}: inputs dispatched at once as PACKED records (format 5) or compact ones (format 4). */
        @Param({ "true", "false" })
        boolean packed;

        Path directory;
        JournalWriter writer;
        int sinceFlush;
        long events;
        long seq;

        @Setup(Level.Iteration)
        public void open() throws IOException
        {
            final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
            directory = Files.createTempDirectory("journal-append-bench");
            writer = JournalWriter.open(
                JournalConfig.builder(directory.resolve("shard-0")).rollCycle(JournalRollCycle.HOURLY)
                    .pretouchRead(pretouchRead).packed(packed).build(),
                new JournalHeader("bench", "market-v1", 1, 0, 1, TimeUnit.MICROSECONDS, 0, 42));
            events = 0;
            sinceFlush = 0;
            ThreadCpuTimeProfiler.exclude(cpu);
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
            // the writer of an iteration is opened in its setup: its background thread's work for this iteration
            final long maintenanceNanos = ThreadProbe.maintenanceCpuNanos();
            writer.close();
            System.out.printf(Locale.ROOT, "%n  journal flushEvery=%d packed=%s: %.2f bytes/event over %,d events, " +
                "%,d blocks; maintenance thread %.1f ns CPU/event%n", flushEvery, packed,
                (double)writer.bytesWritten() / Math.max(1, events), events, writer.blockCount(), (double)maintenanceNanos / Math.max(1, events));
            BenchContext.deleteTree(directory);
            ThreadCpuTimeProfiler.exclude(cpu);
        }
    }

    @State(Scope.Thread)
    public static class Plain
    {
        Path directory;
        SingleChronicleQueue queue;
        ExcerptAppender appender;
        long records;

        @Setup(Level.Iteration)
        public void open() throws IOException
        {
            final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
            directory = Files.createTempDirectory("chronicle-plain-bench");
            queue = SingleChronicleQueueBuilder.binary(directory).rollCycle(RollCycles.FAST_HOURLY).build();
            appender = queue.createAppender();
            records = 0;
            ThreadCpuTimeProfiler.exclude(cpu);
        }

        @TearDown(Level.Iteration)
        public void close()
        {
            final long cpu = ThreadCpuTimeProfiler.threadCpuNanos();
            appender.close();
            queue.close();
            BenchContext.deleteTree(directory);
            ThreadCpuTimeProfiler.exclude(cpu);
        }
    }

    @Benchmark
    public void journalInputAndDispatch(final Journal state)
    {
        final long n = state.events++;
        final int i = (int)(n & MASK);
        final long time = TIME[i] + (n >>> 20) * LAP;
        final JournalWriter writer = state.writer;
        writer.appendInput(time, TYPE[i], TARGET[i], A0[i], A1[i], A2[i], A3[i]);
        writer.appendDispatch(time, state.seq++, TYPE[i], TARGET[i], A0[i], A1[i], A2[i], A3[i], false);
        if (state.flushEvery > 0 && ++state.sinceFlush == state.flushEvery)
        {
            state.sinceFlush = 0;
            writer.flush();
        }
    }

    /**
     * The same events as {@link #journalInputAndDispatch}, each recorded with one
     * {@code JournalWriter.appendInputAndDispatch} (format version 3), as a shard records an input it dispatches at once.
     */
    @Benchmark
    public void journalInputDispatchedAtOnce(final Journal state)
    {
        final long n = state.events++;
        final int i = (int)(n & MASK);
        final long time = TIME[i] + (n >>> 20) * LAP;
        state.writer.appendInputAndDispatch(time, state.seq++, TYPE[i], TARGET[i], A0[i], A1[i], A2[i], A3[i], false);
        if (state.flushEvery > 0 && ++state.sinceFlush == state.flushEvery)
        {
            state.sinceFlush = 0;
            state.writer.flush();
        }
    }

    @Benchmark
    public void chronicleWritingDocument64Bytes(final Plain state)
    {
        final long n = state.records++;
        final int i = (int)(n & MASK);
        try (DocumentContext context = state.appender.writingDocument())
        {
            final Bytes<?> bytes = context.wire().bytes();
            bytes.writeLong(TIME[i] + (n >>> 20) * LAP);
            bytes.writeLong(n);
            bytes.writeLong(TYPE[i]);
            bytes.writeLong(TARGET[i]);
            bytes.writeLong(A0[i]);
            bytes.writeLong(A1[i]);
            bytes.writeLong(A2[i]);
            bytes.writeLong(A3[i]);
        }
    }
}
