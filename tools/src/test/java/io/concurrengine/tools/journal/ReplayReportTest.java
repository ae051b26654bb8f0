package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.replay.ReplayDivergence;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What {@code replay} prints from its shards' results, given results whose counts and times are known: the totals
 * and rates, the plural forms, each shard's extra lines, the verdict and the exit code.
 */
class ReplayReportTest
{
    private static final Path DIRECTORY = Path.of("/data/journal");
    private static final String NL = System.lineSeparator();

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @Test
    void shouldTotalTheShardsAndRateTheWholeReplayByItsOwnTime()
    {
        final ReplayReport report = report(false, true, null, 2, 2);
        report.replayed(0, result(0, 1_000, 2, 3_000, 1_500_000_000L));
        report.replayed(1, result(1, 400, 0, 1_000, 500_000_000L));

        assertEquals(0, report.finish(2_000_000_000L));

        assertEquals(
            "shard 0: 1,000 inputs, 2 advances, 3,000 dispatches re-executed in 1.50 s (2,000 events/s), state hash " +
            "00000000000000a0, every dispatch matched" + NL +
            "shard 1: 400 inputs, 0 advances, 1,000 dispatches re-executed in 0.50 s (2,000 events/s), state hash " +
            "00000000000000a1, every dispatch matched" + NL +
            "replay: 4,000 events in 2.00 s on 2 threads (2,000 events/s), state hash " +
            String.format("%016x", Engine.combineStateHashes(new long[]{0xa0, 0xa1})) + NL +
            "verified: the journal replays bit for bit" + NL, out.toString());
        assertEquals("", err.toString());
    }

    /**
     * {@code --shard 0 --verify} checked shard 0 only: the verdict names it, since shard 1 of the same journal may
     * diverge. It said "the journal replays bit for bit" of a journal whose other shard did not.
     */
    @Test
    void shouldVerifyOnlyTheShardAskedFor()
    {
        final ReplayReport report = new ReplayReport(new PrintWriter(out, true), new PrintWriter(err, true), false,
            DIRECTORY, true, false, 0, null, 2, 1);
        report.replayed(0, result(0, 10, 0, 12, 1_000_000_000L));

        assertEquals(0, report.finish(1_000_000_000L));

        final String[] lines = out.toString().split(NL);
        assertEquals("verified: shard 0 replays bit for bit", lines[lines.length - 1], out.toString());
    }

    @Test
    void shouldGiveTheTotalsAndEachShardsTimeInSecondsAsJson()
    {
        final ReplayReport report = report(true, true, null, 2, 1);
        report.replayed(0, result(0, 1_000, 2, 3_000, 1_500_000_000L));
        report.replayed(1, result(1, 400, 0, 1_000, 500_000_000L));

        assertEquals(0, report.finish(4_000_000_000L));

        final Map<String, Object> json = MiniJson.object(MiniJson.parse(out.toString()));
        assertEquals(4_000L, ((Number)json.get("events")).longValue());
        assertEquals(4.0, ((Number)json.get("elapsedSeconds")).doubleValue());
        assertEquals(1_000.0, ((Number)json.get("eventsPerSecond")).doubleValue());
        assertEquals(1L, ((Number)json.get("threads")).longValue());
        assertEquals("verified", json.get("result"));
        final List<Object> shards = MiniJson.array(json.get("shards"));
        final Map<String, Object> first = MiniJson.object(shards.get(0));
        assertEquals(1.5, ((Number)first.get("elapsedSeconds")).doubleValue());
        assertEquals(2_000.0, ((Number)first.get("eventsPerSecond")).doubleValue());
        assertEquals(3_000L, ((Number)first.get("dispatched")).longValue());
        assertEquals(null, first.get("lastBlock"));
    }

    @Test
    void shouldSayOneThreadAndTheTimeOfAnUntilReplay()
    {
        final String[] lines = verifiedUntil(5_000L, 10, 1);
        assertEquals("replay: 10 events in 0.00 s on 1 thread (5,000 events/s), state hash " +
            String.format("%016x", Engine.combineStateHashes(new long[]{0xa0, 0xa1})) + " at time 5000", lines[2]);
        assertEquals("verified up to time 5000: the journal replays bit for bit", lines[3]);
        assertEquals(4, lines.length, out.toString());
    }

    /**
     * --until past the journal's end: the hash line said the state is the journal's end's, and the verdict below it
     * still said "verified up to time T", a time the replay never reached.
     */
    @Test
    void shouldSayAnUntilReplayPastTheJournalsEndWasReplayedToTheEndInItsVerdictToo()
    {
        final String[] lines = verifiedUntil(9_000L, 10, 1);
        assertTrue(lines[2].endsWith(" at the journal's end, time 5000 (--until 9000 is past it: the run's own state)"),
            lines[2]);
        assertEquals("verified up to the journal's end, time 5000 (--until 9000 is past it): the journal replays bit " +
            "for bit", lines[3]);
    }

    /**
     * A journal that holds no input, replayed --until past its end: the hash line said the state is the journal's
     * end's, and the verdict below it still said "replayed up to time T" ("nothing to verify up to time T").
     */
    @Test
    void shouldSayAnUntilReplayPastTheEndOfAJournalWithNoInputWasReplayedToTheEndInItsVerdictToo()
    {
        for (final boolean verify : new boolean[] {false, true})
        {
            out.getBuffer().setLength(0);
            final ReplayReport report = report(false, verify, 9_000L, 2, 1);
            report.replayed(0, result(0, 0, 0, 0, 1_000_000L));
            report.replayed(1, result(1, 0, 0, 0, 1_000_000L));

            assertEquals(0, report.finish(2_000_000L));

            final String[] lines = out.toString().split(NL);
            assertTrue(lines[2].endsWith(" at the journal's end, time 5000 (--until 9000 is past it: the run's own " +
                "state)"), lines[2]);
            assertEquals(verify ? "nothing to verify up to the journal's end, time 5000 (--until 9000 is past it): " +
                "the journal holds no inputs" : "replayed up to the journal's end, time 5000 (--until 9000 is past it)",
                lines[3]);
        }
    }

    /**
     * --until T before the journal's first input (replay DIR --verify --until 0 of a run whose inputs start at 1): the
     * verdict said "nothing to verify up to time 0: the journal holds no inputs" of a journal of 100,000 inputs, whose
     * records after T were not read.
     */
    @Test
    void shouldSayAJournalHoldsNoInputsByTimeTNotNoneAtAllWhenItGoesOnPastT()
    {
        final String[] lines = verifiedUntil(5_000L, 0, 0);
        assertTrue(lines[2].endsWith(" at time 5000"), lines[2]);
        assertEquals("nothing to verify up to time 5000: the journal holds no inputs by then", lines[3]);
    }

    @Test
    void shouldPrintTheDivergenceUnderItsShardAndFail()
    {
        final ReplayReport report = report(false, true, null, 1, 1);
        final ReplayDivergence divergence = new ReplayDivergence(0, 7, "DISPATCH time=3", "DISPATCH time=4");
        report.replayed(0, new ReplayResult(0, 8, 0, 8, 0xa0, 1_000_000_000L, divergence, null, false, false, -1, 0));

        assertEquals(1, report.finish(1_000_000_000L));

        final String[] lines = out.toString().split(NL);
        assertEquals("shard 0: 8 inputs, 0 advances, 8 dispatches re-executed in 1.00 s (8 events/s), state hash " +
            "00000000000000a0", lines[0]);
        assertEquals("  " + divergence, lines[1]);
        // re-execution stopped at the divergence: the hash is not the run's state, and the totals do not call it so
        assertEquals("replay: 8 events in 1.00 s on 1 thread (8 events/s), state hash up to the divergence " +
            String.format("%016x", Engine.combineStateHashes(new long[]{0xa0})) + " (the run's state is unknown)",
            lines[2]);
        assertEquals("NOT VERIFIED", lines[3]);
        assertEquals(4, lines.length, out.toString());
    }

    /**
     * A shard that diverged was re-executed only up to its divergence, so the run's state hash is unknown: null, as
     * for a shard of which only an intact prefix was replayed. It was the sum of the other shards' hashes and that
     * prefix's, a hash of no state the run had.
     */
    @Test
    void shouldGiveNoStateHashInJsonWhenAShardDiverged()
    {
        final ReplayReport report = report(true, true, null, 2, 2);
        report.replayed(0, result(0, 10, 0, 12, 1_000_000_000L));
        report.replayed(1, new ReplayResult(1, 8, 0, 7, 0xa1, 1_000_000_000L,
            new ReplayDivergence(1, 7, "DISPATCH time=3", "DISPATCH time=4"), null, false, false, -1, 0));

        assertEquals(1, report.finish(1_000_000_000L));

        final Map<String, Object> json = MiniJson.object(MiniJson.parse(out.toString()));
        assertEquals("00000000000000a1", MiniJson.object(MiniJson.array(json.get("shards")).get(1)).get("stateHash"));
        assertEquals(null, json.get("stateHash"));
        assertEquals("not verified", json.get("result"));
    }

    /**
     * A journal still being written: what is complete is replayed, the hash is that of what is complete, and the exit
     * code says the run goes on. Block 0 is a complete block, as any other.
     */
    @Test
    void shouldSayHowFarAJournalStillBeingWrittenWasReplayed()
    {
        final ReplayReport report = report(false, true, null, 2, 2);
        report.replayed(0, new ReplayResult(0, 3, 0, 3, 0xa0, 1_000_000L, null, null, false, true, 0, 0));
        report.replayed(1, new ReplayResult(1, 0, 0, 0, 0xa1, 1_000_000L, null, null, false, true, -1, 0));

        assertEquals(ReplayCommand.STILL_BEING_WRITTEN, report.finish(1_000_000L));

        final String[] lines = out.toString().split(NL);
        assertEquals("  still being written by a running engine (run.lock held): replayed what is complete, up to " +
            "block 0, but for its last input, whose dispatches may go on in the block being written", lines[1]);
        assertEquals("  still being written by a running engine (run.lock held): nothing complete yet", lines[3]);
        assertEquals("replay: 3 events in 0.00 s on 2 threads (3,000 events/s), state hash of what is complete so far " +
            String.format("%016x", Engine.combineStateHashes(new long[]{0xa0, 0xa1})) + " (the run goes on)",
            lines[4]);
        assertEquals("verified so far: every dispatch of what is complete matched; the run goes on", lines[5]);
    }

    @Test
    void shouldNameAShardThatCouldNotBeReplayedAndLeaveTheStateUnknown()
    {
        final ReplayReport report = report(false, true, null, 2, 1);
        report.replayed(0, result(0, 10, 0, 12, 1_000_000_000L));
        report.failed(1, "out of memory (Java heap space)\nfor its model");

        assertEquals(1, report.finish(1_000_000_000L));

        assertEquals("concurrengine replay: shard 1: out of memory (Java heap space)\\nfor its model" + NL,
            err.toString());
        final String[] lines = out.toString().split(NL);
        assertEquals("replay: 12 events in 1.00 s on 1 thread (12 events/s); not replayed: shard 1 (above), so the " +
            "run's state is unknown", lines[1]);
        assertEquals("NOT VERIFIED", lines[2]);
    }

    @Test
    void shouldGiveAFailedShardOnlyItsErrorInJson()
    {
        final ReplayReport report = report(true, false, null, 2, 2);
        report.replayed(0, result(0, 10, 0, 12, 1_000_000_000L));
        report.failed(1, "out of memory");

        assertEquals(1, report.finish(1_000_000_000L));

        final Map<String, Object> json = MiniJson.object(MiniJson.parse(out.toString()));
        assertEquals(Map.of("shard", 1L, "error", "out of memory"),
            Map.copyOf(MiniJson.object(MiniJson.array(json.get("shards")).get(1))));
        assertEquals(null, json.get("stateHash"));
        assertEquals("not verified", json.get("result"));
        assertEquals("", err.toString());
    }

    /**
     * Damage in a cycle file's first document, first record, at its first byte: positions 0, which are known, not
     * absent as the -1 of a position the reader could not tell.
     */
    @Test
    void shouldGiveADamagesPositionsOfZeroAsNumbersAndUnknownOnesAsNull()
    {
        final ReplayReport report = report(true, true, null, 2, 2);
        report.damaged(0, new JournalCorruptException(JournalCorruptException.Reason.BAD_MAGIC,
            Path.of("shard-0/a.cq4"), 0, 0, 0, "magic found=0", null));
        report.damaged(1, new JournalCorruptException(JournalCorruptException.Reason.MISSING_HEADER,
            Path.of("shard-1"), -1, -1, -1, "shard directory missing", null));

        assertEquals(1, report.finish(1_000L));

        final List<Object> shards = MiniJson.array(MiniJson.object(MiniJson.parse(out.toString())).get("shards"));
        final Map<String, Object> first = MiniJson.object(MiniJson.object(shards.get(0)).get("damage"));
        assertEquals(0L, ((Number)first.get("document")).longValue());
        assertEquals(0L, ((Number)first.get("record")).longValue());
        assertEquals(0L, ((Number)first.get("filePosition")).longValue());
        final Map<String, Object> second = MiniJson.object(MiniJson.object(shards.get(1)).get("damage"));
        assertEquals(null, second.get("document"));
        assertEquals(null, second.get("record"));
        assertEquals(null, second.get("filePosition"));
        assertEquals("MISSING_HEADER", second.get("reason"));
    }

    @Test
    void shouldPutTheNounOfACountOfOneInTheSingular()
    {
        final ReplayReport report = report(false, true, null, 1, 1);
        report.replayed(0, result(0, 1, 1, 1, 1_000_000_000L));

        assertEquals(0, report.finish(1_000_000_000L));

        final String[] lines = out.toString().split(NL);
        assertEquals("shard 0: 1 input, 1 advance, 1 dispatch re-executed in 1.00 s (1 events/s), state hash " +
            "00000000000000a0, every dispatch matched", lines[0]);
        assertTrue(lines[1].startsWith("replay: 1 event in 1.00 s on 1 thread (1 events/s), state hash "), lines[1]);
    }

    /**
     * Without {@code --salvage}, a damaged shard is not replayed, and the text suggests {@code --salvage} only where
     * it would replay something: not for a shard whose directory is missing or holds no cycle file, nor for damage
     * in the first two documents of its first cycle file (the header, then the first block of records); for damage
     * anywhere later, once however many shards have it.
     */
    @Test
    void shouldSuggestSalvageOnlyWhereSomethingPrecedesTheDamage(@TempDir final Path journal) throws IOException
    {
        final Path shard = Files.createDirectories(journal.resolve("shard-0"));
        final Path first = Files.createFile(shard.resolve("20261206-1000.cq4"));
        final Path second = Files.createFile(shard.resolve("20261206-1001.cq4"));

        final JournalCorruptException missing = damage(JournalCorruptException.Reason.MISSING_HEADER,
            journal.resolve("shard-1"), -1);
        final JournalCorruptException noCycleFile = damage(JournalCorruptException.Reason.MISSING_HEADER, shard, -1);
        final JournalCorruptException firstHeader = damage(JournalCorruptException.Reason.BAD_MAGIC, first, 0);
        final JournalCorruptException firstUnreadable = damage(JournalCorruptException.Reason.IO_ERROR, first, -1);
        assertFalse(ReplayReport.hasIntactPrefix(missing));
        assertFalse(ReplayReport.hasIntactPrefix(noCycleFile));
        assertFalse(ReplayReport.hasIntactPrefix(firstHeader));
        assertFalse(ReplayReport.hasIntactPrefix(firstUnreadable));
        // the first block of records, lost whole: --salvage replayed nothing where the hint was given
        assertFalse(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.CHECKSUM_MISMATCH, first, 1)));
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.CHECKSUM_MISMATCH, first, 2)));
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.CHECKSUM_MISMATCH, second, 1)));
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.BAD_MAGIC, second, 0)));
        // a file the directory no longer lists, or a directory that cannot be listed: the hint stays
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.TRUNCATED,
            shard.resolve("gone.cq4"), 0)));
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.TRUNCATED,
            journal.resolve("nowhere").resolve("a.cq4"), 0)));

        final ReplayReport nothingToSalvage = report(false, true, null, 3, 1);
        nothingToSalvage.damaged(0, firstHeader);
        nothingToSalvage.damaged(1, missing);
        nothingToSalvage.damaged(2, noCycleFile);
        assertEquals(1, nothingToSalvage.finish(1_000L));
        assertFalse(err.toString().contains("--salvage"), err.toString());

        err.getBuffer().setLength(0);
        final ReplayReport salvageable = report(false, true, null, 3, 1);
        salvageable.damaged(0, firstHeader);
        salvageable.damaged(1, damage(JournalCorruptException.Reason.TRUNCATED, second, 0));
        salvageable.damaged(2, damage(JournalCorruptException.Reason.CHECKSUM_MISMATCH, first, 7));
        assertEquals(1, salvageable.finish(1_000L));
        assertEquals(1, err.toString().split("\\(run with --salvage to replay the intact prefix\\)", -1).length - 1,
            err.toString());
    }

    /**
     * A shard directory that cannot be listed (a permission) is read no further than one that is missing: --salvage
     * replays nothing of it, yet the text suggested it, since the journal directory above it lists no cycle file.
     */
    @Test
    void shouldNotSuggestSalvageForAShardDirectoryThatCannotBeListed(@TempDir final Path journal) throws IOException
    {
        final Path shard = Files.createDirectories(journal.resolve("shard-0"));
        Files.createFile(shard.resolve("20261206-1000.cq4"));
        final JournalCorruptException notListed = damage(JournalCorruptException.Reason.IO_ERROR, shard, -1);

        assertFalse(ReplayReport.hasIntactPrefix(notListed));
        final ReplayReport report = report(false, true, null, 1, 1);
        report.damaged(0, notListed);
        assertEquals(1, report.finish(1_000L));
        assertFalse(err.toString().contains("--salvage"), err.toString());
        // a cycle file that cannot be opened after the first still has the blocks before it to salvage
        assertTrue(ReplayReport.hasIntactPrefix(damage(JournalCorruptException.Reason.IO_ERROR,
            Files.createFile(shard.resolve("20261206-1001.cq4")), -1)));
    }

    private static JournalCorruptException damage(final JournalCorruptException.Reason reason, final Path file,
        final long document)
    {
        return new JournalCorruptException(reason, file, document, JournalCorruptException.NO_RECORD, -1, "damage",
            null);
    }

    /**
     * @return the lines of a --verify --until replay of two shards on one thread, shard 0 with {@code inputs} inputs
     * (each dispatched) and each shard with {@code advances} advances, every shard's journal ending at 5000; its exit
     * code checked to be 0.
     */
    private String[] verifiedUntil(final long until, final long inputs, final long advances)
    {
        final ReplayReport report = report(false, true, until, 2, 1);
        report.replayed(0, result(0, inputs, advances, inputs, 1_000_000L));
        report.replayed(1, result(1, 0, advances, 0, 1_000_000L));

        assertEquals(0, report.finish(2_000_000L));
        return out.toString().split(NL);
    }

    private ReplayReport report(final boolean json, final boolean verify, final Long until, final int shards,
        final int threads)
    {
        return new ReplayReport(new PrintWriter(out, true), new PrintWriter(err, true), json, DIRECTORY, verify,
            false, null, until, shards, threads);
    }

    /**
     * @return a closed shard's replay that matched, its state hash {@code 0xa0} plus its id.
     */
    private static ReplayResult result(final int shardId, final long inputs, final long advances,
        final long dispatched, final long elapsedNanos)
    {
        return new ReplayResult(shardId, inputs, advances, dispatched, 0xa0 + shardId, elapsedNanos, null, null, false,
            false, -1, 5_000);
    }
}
