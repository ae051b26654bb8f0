package io.concurrengine.journal;

import io.concurrengine.journal.JournalTestSupport.Rec;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(60)
class JournalQueryTest
{
    @TempDir
    Path dir;

    private List<Rec> written;

    @BeforeEach
    void writeJournal()
    {
        written = write(config(dir).maxRecordsPerBlock(50).build(), marketStream(500, 3));
    }

    private List<Rec> query(final JournalQuery query)
    {
        final List<Rec> out = new ArrayList<>();
        JournalReader.open(dir).read(query, (r) -> out.add(Rec.of(r)));
        return out;
    }

    @Test
    void shouldFilterByTimeRangeInclusive()
    {
        final long from = written.get(100).time();
        final long to = written.get(300).time();

        final List<Rec> expected = written.stream().filter((r) -> r.time() >= from && r.time() <= to).toList();
        final List<Rec> actual = query(JournalQuery.builder().kinds(EnumSet.of(RecordKind.INPUT, RecordKind.DISPATCH))
            .fromTime(from).toTime(to).build());

        assertEquals(expected, actual);
    }

    @Test
    void shouldFilterByTypeAndKind()
    {
        final List<Rec> expected = written.stream()
            .filter((r) -> r.kind() == RecordKind.DISPATCH && r.type() == 2).toList();

        assertEquals(expected, query(JournalQuery.builder().kinds(EnumSet.of(RecordKind.DISPATCH)).type(2).build()));
    }

    @Test
    void shouldDeliverTheInputsAndDispatchesOfATypeAndNoOtherKind(@TempDir final Path mixed)
    {
        final List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < 60; i++)
        {
            final long time = 2_000 + 10L * i;
            final int type = i % 3;
            recs.add(Rec.input(time, type, 7, i, 0, 0, 0));
            recs.add(Rec.dispatch(time, i + 1, type, 7, i, 0, 0, 0, false));
            recs.add(Rec.advance(time + 5));
            recs.add(Rec.snapshot(i, time + 5));
        }
        write(config(mixed).maxRecordsPerBlock(50).build(), recs);
        final List<Rec> actual = new ArrayList<>();

        JournalReader.open(mixed).read(JournalQuery.builder().type(0).build(), (r) ->
        {
            if (r.kind() != RecordKind.HEADER)
            {
                actual.add(Rec.of(r));
            }
        });

        assertEquals(recs.stream().filter((r) -> (r.kind() == RecordKind.INPUT || r.kind() == RecordKind.DISPATCH) &&
            r.type() == 0).toList(), actual, "ADVANCE and SNAPSHOT records have no type, not type 0");
        assertEquals(40, actual.size());
    }

    @Test
    void shouldDeliverTheRecordsOfOneInstantWhenTheTimeRangeIsThatInstant()
    {
        final long instant = written.get(200).time();

        final List<Rec> actual = query(JournalQuery.builder().kinds(EnumSet.of(RecordKind.INPUT, RecordKind.DISPATCH))
            .fromTime(instant).toTime(instant).build());

        assertEquals(written.stream().filter((r) -> r.time() == instant).toList(), actual);
        assertEquals(2, actual.size(), "the input of that instant and its dispatch");
    }

    @Test
    void shouldDeliverOnlyFailedDispatchesWhenAsked()
    {
        final Path failedDir = dir.resolve("failed");
        final List<Rec> recs = new ArrayList<>();
        for (final Rec r : marketStream(300, 7))
        {
            final boolean fail = r.kind() == RecordKind.DISPATCH && r.seq() % 17 == 0;
            recs.add(fail ?
                Rec.dispatch(r.time(), r.seq(), r.type(), r.target(), r.a0(), r.a1(), r.a2(), r.a3(), true) : r);
        }
        write(config(failedDir).maxRecordsPerBlock(50).build(), recs);
        final List<Rec> expected = recs.stream().filter(Rec::failed).toList();

        final List<Rec> actual = new ArrayList<>();
        JournalReader.open(failedDir).read(JournalQuery.builder().kinds(EnumSet.of(RecordKind.INPUT,
            RecordKind.DISPATCH)).failedOnly(true).build(), (r) -> actual.add(Rec.of(r)));

        assertEquals(17, expected.size());
        assertEquals(expected, actual);
    }

    @Test
    void shouldStopAtLimit()
    {
        final List<Rec> actual = query(JournalQuery.builder().kinds(EnumSet.of(RecordKind.INPUT)).limit(7).build());

        assertEquals(written.stream().filter((r) -> r.kind() == RecordKind.INPUT).limit(7).toList(), actual);
    }

    /**
     * Every input is dispatched at once, and every one after the first block (the probe, of one event) is a PACKED
     * record, so the limit falls on the INPUT of a PACKED record, which the reader presents before its DISPATCH.
     */
    @Test
    void shouldStopAtLimitOnTheInputOfAPackedRecord(@TempDir final Path packed)
    {
        final List<Rec> recs = new ArrayList<>();
        for (int i = 0; i < 100; i++)
        {
            recs.add(Rec.input(1_001 + i, 1, 2, 3 + i % 5, 4, 5, 6));
            recs.add(Rec.dispatch(1_001 + i, i, 1, 2, 3 + i % 5, 4, 5, 6, false));
        }
        final ChronicleJournalWriter writer = new ChronicleJournalWriter(config(packed).maxRecordsPerBlock(20).build(),
            HEADER, JournalDescriptor.FORMAT_VERSION, 1);
        writeFused(writer, recs);
        assertEquals(90, writer.packedEvents());
        final List<Rec> actual = new ArrayList<>();

        JournalReader.open(packed).read(JournalQuery.builder().kinds(EnumSet.of(RecordKind.INPUT)).limit(37).build(),
            (r) -> actual.add(Rec.of(r)));

        assertEquals(recs.stream().filter((r) -> r.kind() == RecordKind.INPUT).limit(37).toList(), actual);
    }

    @Test
    void shouldDeliverNothingForAnotherShard()
    {
        assertEquals(0, JournalReader.open(dir).read(JournalQuery.builder().shardId(3).build(), (r) -> { }));
        assertEquals(written.size() + 1,
            JournalReader.open(dir).read(JournalQuery.builder().shardId(2).build(), (r) -> { }));
    }

    @Test
    void shouldDeliverTheJournalOfShardZeroWhenAskedForShardZero(@TempDir final Path shardZero)
    {
        final JournalHeader header = new JournalHeader(HEADER.engineVersion(), HEADER.modelId(), HEADER.configHash(),
            0, HEADER.shardCount(), HEADER.timeUnit(), HEADER.startTime(), HEADER.seed());
        try (JournalWriter writer = JournalWriter.open(config(shardZero).build(), header))
        {
            writer.appendAdvance(2_000);
        }

        assertEquals(2, JournalReader.open(shardZero).read(JournalQuery.builder().shardId(0).build(), (r) -> { }));
        assertEquals(0, JournalReader.open(dir).read(JournalQuery.builder().shardId(0).build(), (r) -> { }));
        assertThrows(IllegalArgumentException.class, () -> JournalQuery.builder().shardId(-1));
    }

    @Test
    void shouldRejectEmptyTimeRange()
    {
        assertThrows(IllegalArgumentException.class, () -> JournalQuery.builder().fromTime(5).toTime(4).build());
    }

    @Test
    void shouldFormatOneLinePerRecord()
    {
        final List<String> lines = new ArrayList<>();
        JournalReader.open(dir).read(JournalQuery.builder().limit(3).build(),
            (r) -> lines.add(JournalInspector.format(r)));

        assertTrue(lines.get(0).startsWith("HEADER engine=0.1.0-test model=market-v1 config=0x123456789abcdef0 " +
            "shard=2/4 unit=MICROSECONDS start=1000 seed=42"), lines.get(0));
        final Rec input = written.get(0);
        assertTrue(lines.get(1).startsWith("INPUT time=" + input.time() + " type=" + input.type() + " target=" +
            input.target() + " a=[" + input.a0() + "," + input.a1() + "," + input.a2() + "," + input.a3() + "] @"),
            lines.get(1));
        assertTrue(lines.get(2).startsWith("DISPATCH time=" + input.time() + " seq=1 type="), lines.get(2));
        assertTrue(lines.get(2).endsWith("#1/1 block=1"), lines.get(2));
        assertFalse(lines.get(2).contains("\n"));

        final List<String> named = new ArrayList<>();
        JournalReader.open(dir).read(JournalQuery.builder().limit(2).build(),
            (r) -> named.add(JournalInspector.format(r, new StringBuilder(), (t) -> "T" + t).toString()));
        assertEquals(lines.get(0), named.get(0), "a header has no event type");
        assertEquals(lines.get(1).replace(" type=" + input.type() + " ", " type=" + input.type() + "(T" + input.type() +
            ") "), named.get(1));
    }

    @Test
    void shouldFormatEveryKindOfRecordNamingItsCycleFile(@TempDir final Path kinds) throws java.io.IOException
    {
        write(config(kinds).build(), List.of(Rec.input(1_500, 3, 42, 100_250, 5, 1, 0),
            Rec.dispatch(1_500, 7, 3, 42, 100_250, 5, 1, 0, true), Rec.advance(1_600), Rec.snapshot(9, 1_700)));
        final String at = " @" + onlyCycleFile(kinds).getFileName() + "#1/";
        final List<String> lines = new ArrayList<>();
        final StringBuilder builder = new StringBuilder();

        JournalReader.open(kinds).read(JournalQuery.builder().kinds(EnumSet.complementOf(EnumSet.of(
            RecordKind.HEADER))).build(), (r) ->
        {
            builder.setLength(0);
            assertSame(builder, JournalInspector.format(r, builder));
            lines.add(builder.toString());
        });

        assertEquals(List.of(
            "INPUT time=1500 type=3 target=42 a=[100250,5,1,0]" + at + "0 block=1",
            "DISPATCH time=1500 seq=7 type=3 target=42 a=[100250,5,1,0] FAILED" + at + "1 block=1",
            "ADVANCE time=1600" + at + "2 block=1",
            "SNAPSHOT time=1700 id=9" + at + "3 block=1"), lines);
    }
}
