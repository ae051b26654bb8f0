package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalRoundTripPropertyTest
{
    @Property(tries = 40)
    void shouldReadBackAnySequenceOfRecords(
        @ForAll("records") @Size(max = 600) final List<Rec> recs,
        @ForAll @IntRange(min = 1, max = 300) final int maxRecordsPerBlock) throws IOException
    {
        final Path dir = Files.createTempDirectory("journal-prop");
        try
        {
            final List<Rec> normalised = withRepeatedInputs(recs);
            write(config(dir).blockBytes(JournalDescriptor.MIN_BLOCK_CAPACITY).maxRecordsPerBlock(maxRecordsPerBlock)
                .pretouchAheadBytes(0).build(), normalised);

            assertEquals(normalised, readEvents(JournalReader.open(dir)));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    @Property(tries = 40)
    void shouldReadBackAnySequenceOfRecordsWithInputsDispatchedAtOnce(
        @ForAll("records") @Size(max = 600) final List<Rec> recs,
        @ForAll @IntRange(min = 1, max = 300) final int maxRecordsPerBlock,
        @ForAll @IntRange(min = JournalDescriptor.MIN_FORMAT_VERSION, max = JournalDescriptor.FORMAT_VERSION)
        final int formatVersion) throws IOException
    {
        final Path dir = Files.createTempDirectory("journal-prop");
        try
        {
            final List<Rec> normalised = withImmediateDispatches(withRepeatedInputs(recs));
            final JournalConfig config = config(dir).blockBytes(JournalDescriptor.MIN_BLOCK_CAPACITY)
                .maxRecordsPerBlock(maxRecordsPerBlock).pretouchAheadBytes(0).build();
            writeFused(new ChronicleJournalWriter(config, HEADER, formatVersion), normalised);

            assertEquals(normalised, readEvents(JournalReader.open(dir)));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    /**
     * PACKED records: a layout planned after as few as one probed event, so that most inputs dispatched at once are
     * packed, others (words of any size, type changes, failures) do not fit, and layouts are dropped and planned again
     * within a few hundred records, across blocks of any size.
     */
    @Property(tries = 60)
    void shouldReadBackAnySequenceOfRecordsWithPackedRecords(
        @ForAll("records") @Size(max = 600) final List<Rec> recs,
        @ForAll @IntRange(min = 2, max = 300) final int maxRecordsPerBlock,
        @ForAll @IntRange(min = 1, max = 40) final int probeEvents) throws IOException
    {
        final Path dir = Files.createTempDirectory("journal-prop");
        try
        {
            final List<Rec> normalised = withImmediateDispatches(withRepeatedInputs(recs));
            final JournalConfig config = config(dir).blockBytes(JournalDescriptor.MIN_BLOCK_CAPACITY)
                .maxRecordsPerBlock(maxRecordsPerBlock).pretouchAheadBytes(0).build();
            writeFused(new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION, probeEvents),
                normalised);

            assertEquals(normalised, readEvents(JournalReader.open(dir)));
        }
        finally
        {
            deleteTree(dir);
        }
    }

    /**
     * PACKED records of streams a layout fits most of the time: a market-like walk of fields with outliers of every
     * size at a chosen rate, other records in between, some failed dispatches and seq gaps.
     */
    @Property(tries = 60)
    void shouldReadBackPackableStreamsWithOutliers(
        @ForAll final long seed,
        @ForAll @IntRange(min = 0, max = 150) final int outliersPerMille,
        @ForAll @IntRange(min = 1, max = 3000) final int events,
        @ForAll @IntRange(min = 2, max = 600) final int maxRecordsPerBlock,
        @ForAll @IntRange(min = 1, max = 64) final int probeEvents) throws IOException
    {
        final Path dir = Files.createTempDirectory("journal-prop");
        try
        {
            final List<Rec> recs = packableStream(seed, outliersPerMille, events);
            final JournalConfig config =
                config(dir).maxRecordsPerBlock(maxRecordsPerBlock).pretouchAheadBytes(0).build();
            final ChronicleJournalWriter writer =
                new ChronicleJournalWriter(config, HEADER, JournalDescriptor.FORMAT_VERSION, probeEvents);
            writeFused(writer, recs);

            assertEquals(recs, readEvents(JournalReader.open(dir)));
            // without outliers, once a probe has seen each of the stream's 4 types a few times (a smaller probe
            // plans some types' layouts from one event or none, and those types then go on being written in full)
            if (0 == outliersPerMille && events >= 1000 && maxRecordsPerBlock >= 100 && probeEvents >= 32)
            {
                assertTrue(writer.packedEvents() > events / 2, "packed " + writer.packedEvents() + " of " + events);
            }
        }
        finally
        {
            deleteTree(dir);
        }
    }

    private static List<Rec> packableStream(final long seed, final int outliersPerMille, final int events)
    {
        final SplittableRandom random = new SplittableRandom(seed);
        final List<Rec> out = new ArrayList<>(events * 2);
        long time = random.nextLong(1L << 40);
        long seq = random.nextLong(1000);
        long price = 1_000_000;
        long orderId = random.nextLong();
        long volume = random.nextLong(1L << 30);
        for (int i = 0; i < events; i++)
        {
            time += random.nextInt(4);
            price += random.nextInt(21) - 10;
            orderId += 1 + random.nextInt(2);
            int type = 1 + random.nextInt(4);
            long target = random.nextInt(300);
            volume += random.nextInt(100);
            long qty = volume;
            long flags = 0;
            boolean failed = false;
            if (random.nextInt(1000) < outliersPerMille)
            {
                final long wild = random.nextLong() >> random.nextInt(64);
                switch (random.nextInt(9))
                {
                    case 0 -> time += Math.abs(wild) >>> 2;
                    case 1 -> seq += wild >>> 2;
                    case 2 -> type = (int)wild;
                    case 3 -> target = wild;
                    case 4 -> price = wild;
                    case 5 -> qty = wild;
                    case 6 -> flags = wild;
                    case 7 -> orderId = wild;
                    default -> failed = true;
                }
            }
            out.add(Rec.input(time, type, target, price, qty, flags, orderId));
            switch (random.nextInt(40))
            {
                case 0 -> out.add(Rec.advance(time + random.nextInt(10)));
                case 1 -> out.add(Rec.dispatch(time, ++seq, type + 1, target, 0, qty, 0, orderId, false));
                case 2 ->
                {
                    continue; // an input not dispatched at once
                }
                default ->
                {
                }
            }
            out.add(Rec.dispatch(time, ++seq, type, target, price, qty, flags, orderId, failed));
        }
        return out;
    }

    /** Follow some inputs at once by their dispatch, so INPUT_DISPATCHED is exercised. */
    private static List<Rec> withImmediateDispatches(final List<Rec> recs)
    {
        final List<Rec> out = new ArrayList<>(recs.size() * 2);
        long lastSeq = -1;
        for (final Rec rec : recs)
        {
            out.add(rec);
            if (rec.kind() == RecordKind.DISPATCH)
            {
                lastSeq = rec.seq();
            }
            else if (rec.kind() == RecordKind.INPUT && (rec.a0() & 3) != 3)
            {
                final boolean failed = (rec.a1() & 7) == 7;
                lastSeq = (rec.a2() & 1) == 0 ? lastSeq + 1 : rec.a3();
                out.add(Rec.dispatch(rec.time(), lastSeq, rec.type(), rec.target(), rec.a0(), rec.a1(), rec.a2(),
                    rec.a3(), failed));
            }
        }
        return out;
    }

    /** Turn some dispatches into dispatches of a recent input, so the back-reference encoding is exercised. */
    private static List<Rec> withRepeatedInputs(final List<Rec> recs)
    {
        final List<Rec> out = new ArrayList<>(recs.size());
        final List<Rec> inputs = new ArrayList<>();
        for (final Rec rec : recs)
        {
            if (rec.kind() == RecordKind.DISPATCH && !inputs.isEmpty() && (rec.type() & 1) == 0)
            {
                final Rec input = inputs.get(Math.floorMod(rec.a3(), Math.min(inputs.size(), 10)));
                out.add(Rec.dispatch(input.time(), rec.seq(), input.type(), input.target(), input.a0(), input.a1(),
                    input.a2(), input.a3(), rec.failed()));
            }
            else
            {
                out.add(rec);
            }
            if (rec.kind() == RecordKind.INPUT)
            {
                inputs.add(0, rec);
            }
        }
        return out;
    }

    @Provide
    Arbitrary<List<Rec>> records()
    {
        final Arbitrary<Long> time = Arbitraries.oneOf(
            Arbitraries.longs().between(0, 1_000_000), Arbitraries.longs());
        final Arbitrary<Long> word = Arbitraries.oneOf(
            Arbitraries.just(0L), Arbitraries.longs().between(-300, 300), Arbitraries.longs());
        final Arbitrary<Integer> type =
            Arbitraries.oneOf(Arbitraries.integers().between(0, 20), Arbitraries.integers());
        final Arbitrary<Rec> input = Combinators.combine(time, type, word, word, word, word, word)
            .as(Rec::input);
        final Arbitrary<Rec> dispatch = Combinators.combine(
            Combinators.combine(time, Arbitraries.longs(), type, word).as(List::of),
            Combinators.combine(word, word, word, word, Arbitraries.of(true, false)).as(List::of))
            .as((a, b) -> Rec.dispatch((Long)a.get(0), (Long)a.get(1), (Integer)a.get(2), (Long)a.get(3),
                (Long)b.get(0), (Long)b.get(1), (Long)b.get(2), (Long)b.get(3), (Boolean)b.get(4)));
        final Arbitrary<Rec> advance = time.map(Rec::advance);
        final Arbitrary<Rec> snapshot = Combinators.combine(Arbitraries.longs(), time).as(Rec::snapshot);
        return Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(4, input),
            net.jqwik.api.Tuple.of(4, dispatch),
            net.jqwik.api.Tuple.of(1, advance),
            net.jqwik.api.Tuple.of(1, snapshot)).list();
    }
}
