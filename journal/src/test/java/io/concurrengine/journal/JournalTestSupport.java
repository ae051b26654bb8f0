package io.concurrengine.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

final class JournalTestSupport
{
    static final JournalHeader HEADER = new JournalHeader(
        "0.1.0-test", "market-v1", 0x1234_5678_9ABC_DEF0L, 2, 4, TimeUnit.MICROSECONDS, 1_000L, 42L);

    /** Immutable copy of a record for comparisons. */
    record Rec(RecordKind kind, long time, long seq, int type, long target, long a0, long a1, long a2, long a3,
        boolean failed, long snapshotId)
    {
        static Rec input(final long time, final int type, final long target, final long a0, final long a1,
            final long a2, final long a3)
        {
            return new Rec(RecordKind.INPUT, time, 0, type, target, a0, a1, a2, a3, false, 0);
        }

        static Rec dispatch(final long time, final long seq, final int type, final long target, final long a0,
            final long a1, final long a2, final long a3, final boolean failed)
        {
            return new Rec(RecordKind.DISPATCH, time, seq, type, target, a0, a1, a2, a3, failed, 0);
        }

        static Rec advance(final long time)
        {
            return new Rec(RecordKind.ADVANCE, time, 0, 0, 0, 0, 0, 0, 0, false, 0);
        }

        static Rec snapshot(final long id, final long time)
        {
            return new Rec(RecordKind.SNAPSHOT, time, 0, 0, 0, 0, 0, 0, 0, false, id);
        }

        static Rec of(final JournalRecord r)
        {
            final long seq = r.kind() == RecordKind.DISPATCH ? r.seq() : 0;
            return new Rec(r.kind(), r.time(), seq, r.type(), r.target(), r.a0(), r.a1(), r.a2(), r.a3(), r.failed(),
                r.snapshotId());
        }

        void appendTo(final JournalWriter writer)
        {
            switch (kind)
            {
                case INPUT -> writer.appendInput(time, type, target, a0, a1, a2, a3);
                case DISPATCH -> writer.appendDispatch(time, seq, type, target, a0, a1, a2, a3, failed);
                case ADVANCE -> writer.appendAdvance(time);
                case SNAPSHOT -> writer.appendSnapshot(snapshotId, time);
                default -> throw new IllegalArgumentException("kind=" + kind);
            }
        }
    }

    private JournalTestSupport()
    {
    }

    /**
     * The wall-clock time, in epoch milliseconds, that picks the cycle file of a journal written with {@link #config}:
     * the middle of an hour, and it stands still. With the real clock a test that runs across an hour boundary (the
     * default cycle is hourly) writes two cycle files where it expects one (seen: 20261205-18F.cq4 and
     * 20261205-19F.cq4 in shouldLeaveASlowWritersWrittenBackPagesToTheKernel). Tests that roll set their own clock.
     */
    static final long FIXED_EPOCH_MILLIS = 1_790_001_000_000L;

    static JournalConfig.Builder config(final Path dir)
    {
        return JournalConfig.builder(dir).pretouchAheadBytes(1024 * 1024).epochMillisClock(() -> FIXED_EPOCH_MILLIS);
    }

    /** A market-like stream: each event is an input followed by its dispatch. */
    static List<Rec> marketStream(final int events, final long seed)
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        final List<Rec> recs = new ArrayList<>(events * 2);
        long time = 1_000;
        long seq = 0;
        long price = 1_000_000;
        long orderId = 5_000_000;
        for (int i = 0; i < events; i++)
        {
            time += 1 + random.nextInt(200);
            price += random.nextInt(11) - 5;
            orderId += 1 + random.nextInt(3);
            final int type = 1 + random.nextInt(3);
            final long instrument = random.nextInt(64);
            final long qty = 1 + random.nextInt(500);
            final long side = random.nextInt(2);
            recs.add(Rec.input(time, type, instrument, price, qty, side, orderId));
            recs.add(Rec.dispatch(time, ++seq, type, instrument, price, qty, side, orderId, false));
        }
        return recs;
    }

    static List<Rec> write(final JournalConfig config, final List<Rec> recs)
    {
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            for (final Rec rec : recs)
            {
                rec.appendTo(writer);
            }
        }
        return recs;
    }

    /**
     * Append records, each INPUT followed at once by its DISPATCH (same time, type, target and payload) through
     * {@link JournalWriter#appendInputAndDispatch}, then close the writer.
     */
    static List<Rec> writeFused(final JournalWriter writer, final List<Rec> recs)
    {
        try (writer)
        {
            for (int i = 0; i < recs.size(); i++)
            {
                final Rec rec = recs.get(i);
                final Rec next = i + 1 < recs.size() ? recs.get(i + 1) : null;
                if (rec.kind() == RecordKind.INPUT && null != next && next.kind() == RecordKind.DISPATCH &&
                    rec.time() == next.time() && rec.type() == next.type() && rec.target() == next.target() &&
                    rec.a0() == next.a0() && rec.a1() == next.a1() && rec.a2() == next.a2() && rec.a3() == next.a3())
                {
                    writer.appendInputAndDispatch(next.time(), next.seq(), next.type(), next.target(), next.a0(),
                        next.a1(), next.a2(), next.a3(), next.failed());
                    i++;
                }
                else
                {
                    rec.appendTo(writer);
                }
            }
        }
        return recs;
    }

    static List<Rec> readEvents(final JournalReader reader)
    {
        final List<Rec> out = new ArrayList<>();
        reader.read((r) ->
        {
            if (r.kind() != RecordKind.HEADER)
            {
                out.add(Rec.of(r));
            }
        });
        return out;
    }

    /** Positions of data documents (document start offsets) of a journal, in order, with records each. */
    record Doc(Path file, long filePosition, long documentIndex, int records)
    {
    }

    static List<Doc> documents(final Path dir)
    {
        final List<Doc> docs = new ArrayList<>();
        JournalReader.open(dir).read((r) ->
        {
            final Doc last = docs.isEmpty() ? null : docs.get(docs.size() - 1);
            if (null != last && last.file().equals(r.file()) && last.filePosition() == r.filePosition())
            {
                docs.set(docs.size() - 1,
                    new Doc(last.file(), last.filePosition(), last.documentIndex(), last.records() + 1));
            }
            else
            {
                docs.add(new Doc(r.file(), r.filePosition(), r.documentIndex(), 1));
            }
        });
        return docs;
    }

    static Path onlyCycleFile(final Path dir) throws IOException
    {
        final List<Path> files = JournalFiles.cycleFiles(dir);
        if (files.size() != 1)
        {
            throw new IllegalStateException("cycleFiles=" + files);
        }
        return files.get(0);
    }

    static int readInt(final Path file, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(buffer, position);
            return buffer.getInt(0);
        }
    }

    static void writeBytes(final Path file, final long position, final byte[] bytes) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.write(ByteBuffer.wrap(bytes), position);
        }
    }

    static byte readByte(final Path file, final long position) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ))
        {
            final ByteBuffer buffer = ByteBuffer.allocate(1);
            channel.read(buffer, position);
            return buffer.get(0);
        }
    }

    static void truncate(final Path file, final long size) throws IOException
    {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE))
        {
            channel.truncate(size);
        }
    }

    static void deleteTree(final Path dir)
    {
        try (Stream<Path> paths = Files.walk(dir))
        {
            paths.sorted(Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
        }
        catch (final IOException ignore)
        {
            // best effort
        }
    }
}
