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
}
