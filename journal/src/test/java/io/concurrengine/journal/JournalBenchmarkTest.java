package io.concurrengine.journal;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptAppender;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueueBuilder;
import net.openhft.chronicle.wire.DocumentContext;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.zip.CRC32C;

import static io.concurrengine.journal.JournalTestSupport.HEADER;
import static io.concurrengine.journal.JournalTestSupport.deleteTree;

/**
 * Figures for the journal, printed, never asserted. Run with
 * {@code mvn -pl journal test -Dtest=JournalBenchmarkTest -Dsurefire.excludedGroups=none}.
 */
@Tag("slow")
@Timeout(value = 20, unit = TimeUnit.MINUTES)
class JournalBenchmarkTest
{
    private static final int EVENTS = Integer.getInteger("journal.bench.events", 8_000_000);
    private static final int STREAM = 1 << 20;
    private static final long[] TIME = new long[STREAM];
    private static final int[] TYPE = new int[STREAM];
    private static final long[] TARGET = new long[STREAM];
    private static final long[] A0 = new long[STREAM];
    private static final long[] A1 = new long[STREAM];
    private static final long[] A2 = new long[STREAM];
    private static final long[] A3 = new long[STREAM];

    static
    {
        final SplittableRandom random = new SplittableRandom(11);
        long time = 0;
        long price = 1_000_000;
        long orderId = 5_000_000;
        for (int i = 0; i < STREAM; i++)
        {
            time += 1 + random.nextInt(2_000);
            price += random.nextInt(11) - 5;
            orderId += 1 + random.nextInt(3);
            TIME[i] = time;
            TYPE[i] = 1 + random.nextInt(3);
            TARGET[i] = random.nextInt(64);
            A0[i] = price;
            A1[i] = 1 + random.nextInt(500);
            A2[i] = random.nextInt(2);
            A3[i] = orderId;
        }
    }

    @Test
    void shouldPrintFigures() throws Exception
    {
        System.out.printf("%nJournal benchmark: events=%,d (input + dispatch each), JDK %s, cpus=%d%n",
            EVENTS, System.getProperty("java.version"), Runtime.getRuntime().availableProcessors());
        checksumFigures();
        for (int round = 0; round < 2; round++)
        {
            System.out.printf("%n-- round %d --%n", round);
            plainChronicle(EVENTS);
            journal(EVENTS, 0, false);
            journal(EVENTS, JournalConfig.DEFAULT_PRETOUCH_AHEAD_BYTES, false);
        }
        System.out.printf("%n-- per-event latency (every event timed) --%n");
        plainChronicleLatency(EVENTS / 2);
        journal(EVENTS, 0, true);
        journal(EVENTS, JournalConfig.DEFAULT_PRETOUCH_AHEAD_BYTES, true);
    }

    private static void plainChronicle(final int records) throws IOException
    {
        final Path dir = Files.createTempDirectory("bench-plain");
        try (SingleChronicleQueue queue =
                SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
            ExcerptAppender appender = queue.createAppender())
        {
            final long[] faults0 = threadFaults();
            final long start = System.nanoTime();
            for (int i = 0; i < records; i++)
            {
                writePlain(appender, i);
            }
            final long elapsed = System.nanoTime() - start;
            final long[] faults1 = threadFaults();
            System.out.printf("plain writingDocument, 64-byte record: %6.1f ns/record  (%,d records, writer faults " +
                "minor=%,d major=%,d)%n", (double)elapsed / records, records, faults1[0] - faults0[0],
                faults1[1] - faults0[1]);
        }
        finally
        {
            deleteTree(dir);
        }
    }

    private static void writePlain(final ExcerptAppender appender, final int i)
    {
        final int s = i & (STREAM - 1);
        try (DocumentContext context = appender.writingDocument())
        {
            final Bytes<?> bytes = context.wire().bytes();
            bytes.writeLong(TIME[s]);
            bytes.writeLong(i);
            bytes.writeLong(TYPE[s]);
            bytes.writeLong(TARGET[s]);
            bytes.writeLong(A0[s]);
            bytes.writeLong(A1[s]);
            bytes.writeLong(A2[s]);
            bytes.writeLong(A3[s]);
        }
    }

    private static void plainChronicleLatency(final int records) throws IOException
    {
        final Path dir = Files.createTempDirectory("bench-plain-lat");
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        try (SingleChronicleQueue queue =
                SingleChronicleQueueBuilder.binary(dir).rollCycle(RollCycles.FAST_HOURLY).build();
            ExcerptAppender appender = queue.createAppender())
        {
            for (int i = 0; i < records; i++)
            {
                final long t0 = System.nanoTime();
                writePlain(appender, i);
                histogram.recordValue(System.nanoTime() - t0);
            }
            print("plain writingDocument per record", histogram);
        }
        finally
        {
            deleteTree(dir);
        }
    }

    private static void journal(final int events, final long pretouchAhead, final boolean timed) throws Exception
    {
        final Path dir = Files.createTempDirectory("bench-journal");
        final JournalConfig config = JournalConfig.builder(dir).pretouchAheadBytes(pretouchAhead).build();
        final Histogram histogram = new Histogram(TimeUnit.SECONDS.toNanos(10), 3);
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            Thread.sleep(200); // let the pre-toucher get ahead of the first chunk, as it would during engine start-up
            final long[] faults0 = threadFaults();
            final long allocated0 = threads.getThreadAllocatedBytes(Thread.currentThread().getId());
            final long start = System.nanoTime();
            long seq = 0;
            for (int i = 0; i < events; i++)
            {
                final int s = i & (STREAM - 1);
                final long time = TIME[s] + (long)(i >>> 20) * 4_000_000_000L;
                final long t0 = timed ? System.nanoTime() : 0;
                writer.appendInput(time, TYPE[s], TARGET[s], A0[s], A1[s], A2[s], A3[s]);
                writer.appendDispatch(time, ++seq, TYPE[s], TARGET[s], A0[s], A1[s], A2[s], A3[s], false);
                if (timed)
                {
                    histogram.recordValue(System.nanoTime() - t0);
                }
            }
            writer.flush();
            final long elapsed = System.nanoTime() - start;
            final long allocated = threads.getThreadAllocatedBytes(Thread.currentThread().getId()) - allocated0;
            final long[] faults1 = threadFaults();
            final String label = "journal input+dispatch, pretouch " + (pretouchAhead > 0 ? "ON " : "OFF");
            if (timed)
            {
                print(label + " per event", histogram);
            }
            else
            {
                System.out.printf("%s: %6.1f ns/event  %5.2f bytes/event  blocks=%,d  allocated=%,d B  writer faults " +
                    "minor=%,d major=%,d%n", label, (double)elapsed / events, (double)writer.bytesWritten() / events,
                    writer.blockCount(), allocated, faults1[0] - faults0[0], faults1[1] - faults0[1]);
            }
        }
        finally
        {
            deleteTree(dir);
        }
    }

    private static void checksumFigures()
    {
        final int length = JournalConfig.DEFAULT_BLOCK_BYTES;
        final ByteBuffer block = ByteBuffer.allocateDirect(length).order(ByteOrder.LITTLE_ENDIAN);
        final SplittableRandom random = new SplittableRandom(5);
        while (block.hasRemaining())
        {
            block.put((byte)random.nextInt());
        }
        final org.agrona.concurrent.UnsafeBuffer buffer = new org.agrona.concurrent.UnsafeBuffer(block);
        final ByteBuffer view = block.duplicate();
        final CRC32C crc = new CRC32C();
        final int iterations = 40_000;
        long sink = 0;
        for (int warm = 0; warm < 2; warm++)
        {
            final long t0 = System.nanoTime();
            for (int i = 0; i < iterations; i++)
            {
                sink += Checksum.compute(crc, view, length);
            }
            final long t1 = System.nanoTime();
            for (int i = 0; i < iterations; i++)
            {
                sink += multiplyHash(buffer, length);
            }
            final long t2 = System.nanoTime();
            if (warm == 1)
            {
                System.out.printf("checksum of a %d-byte block: CRC32C %.3f ns/byte, 64-bit multiply-xor hash " +
                    "%.3f ns/byte (sink %d)%n", length, (double)(t1 - t0) / iterations / length,
                    (double)(t2 - t1) / iterations / length, sink & 1);
            }
        }
    }

    private static int multiplyHash(final org.agrona.concurrent.UnsafeBuffer buffer, final int length)
    {
        long h = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < length; i += 8)
        {
            h = (h ^ buffer.getLong(i)) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return (int)(h ^ (h >>> 32));
    }

    private static void print(final String label, final Histogram histogram)
    {
        System.out.printf("%s: p50=%,d p90=%,d p99=%,d p99.9=%,d p99.99=%,d max=%,d ns (n=%,d)%n", label,
            histogram.getValueAtPercentile(50), histogram.getValueAtPercentile(90),
            histogram.getValueAtPercentile(99), histogram.getValueAtPercentile(99.9),
            histogram.getValueAtPercentile(99.99), histogram.getMaxValue(), histogram.getTotalCount());
    }

    /** Minor and major page faults of the calling thread, from /proc/thread-self/stat. */
    private static long[] threadFaults()
    {
        try
        {
            final String stat = Files.readString(Path.of("/proc/thread-self/stat"));
            final String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[]{Long.parseLong(fields[7]), Long.parseLong(fields[9])};
        }
        catch (final IOException | RuntimeException ex)
        {
            return new long[]{-1, -1};
        }
    }
}
