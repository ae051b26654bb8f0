package io.concurrengine.tools.run;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.MiniJson;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import static io.concurrengine.tools.json.MiniJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSummaryTest
{
    @Test
    void shouldSayTheInputsOfARunStoppedEarlyWereJournaledOnlyWhenItHadAJournal()
    {
        final String journaled = stoppedEarly("data/journal").toText();
        assertTrue(journaled.contains("accepted until then, all of them journaled"), journaled);

        final String unjournaled = stoppedEarly(null).toText();
        assertTrue(unjournaled.contains("accepted until then, all of them dispatched"), unjournaled);
        assertTrue(unjournaled.contains("journal: off"), unjournaled);
        assertFalse(unjournaled.contains("journaled\n"), unjournaled);
    }

    /**
     * A run whose retention deleted the oldest cycle files of a shard's journal (journal.retain_cycles with a short
     * roll cycle, over a long run) offered "next: replay DIR --verify", which refuses such a journal: the summary
     * offers inspect, which reads it, and says why not replay. The deletion is made here as in JournalInputsTest: the shard's
     * journal rewritten in cycle files of a second, and the oldest deleted.
     */
    @Test
    void shouldNotOfferReplayForAJournalWhoseStartRetentionDeleted(@TempDir final Path dir) throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "2k", "--journal", journal.toString(), "--no-counters").code());
        assertNull(RunSummary.notReplayable(journal, 2, true),
            "each shard's journal as the run wrote it starts at block 0");

        final Path shard = journal.resolve("shard-1");
        final JournalHeader header = JournalReader.open(shard).header();
        try (Stream<Path> files = Files.list(shard))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        final AtomicLong clock = new AtomicLong(1_790_000_000_000L);
        try (JournalWriter writer = JournalWriter.open(JournalConfig.builder(shard)
            .rollCycle(JournalRollCycle.TEST_SECONDLY).epochMillisClock(clock::get).build(), header))
        {
            for (int cycle = 0; cycle < 3; cycle++)
            {
                writer.appendInput(cycle * 100L, 1, 7, 7, 0, 0, 0);
                writer.flush();
                clock.addAndGet(JournalRollCycle.TEST_SECONDLY.lengthMillis());
            }
        }
        try (Stream<Path> files = Files.list(shard))
        {
            Files.delete(files.filter(path -> path.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow());
        }
        final Cli replay = Cli.run("replay", journal.toString(), "--verify");
        assertEquals(1, replay.code(), replay.err());
        assertTrue((replay.out() + replay.err()).contains("journal starts at block "), replay.out() + replay.err());

        final String notReplayable = RunSummary.notReplayable(journal, 2, true);
        assertTrue(null != notReplayable && notReplayable.startsWith("replay refuses this journal: retention " +
            "(journal.retain_cycles, journal.retain_bytes) deleted the oldest cycle files of shard 1, whose journal " +
            "starts at block "), notReplayable);
        assertEquals("replay refuses this journal: someone deleted or moved, while the run wrote them, the oldest " +
            "cycle files of shard 1, whose journal starts at block 2, and a shard replays only from the start of its " +
            "run", RunSummary.notReplayable(journal, 2, false), "without retention, no run deletes them");
        final RunSummary summary = withJournal(journal, notReplayable);
        final String text = summary.toText();
        assertTrue(text.matches("(?s).*\nnext: [^\n]* inspect " + java.util.regex.Pattern.quote(journal + "\n     " +
            notReplayable + "\n")), text);
        assertFalse(text.contains("replay " + journal), text);
        assertTrue(summary.toJson().contains("\"replayCommand\":null,\"notReplayable\":\"replay refuses this " +
            "journal: retention "), summary.toJson());
        assertEquals(0, Cli.run("inspect", journal.toString(), "--limit", "1").code(), "the command offered works");
    }

    /**
     * A run whose journal directory was deleted while it wrote (it fails, naming the cycle file that is gone) offered
     * "next: replay DIR --verify" for a journal that is not there; Chronicle may also make the directory anew for a
     * later cycle file, without the shards' starts.
     */
    @Test
    void shouldNotOfferReplayForAJournalWhoseDirectoryWasDeletedWhileTheRunWroteIt(@TempDir final Path dir)
        throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "2k", "--journal", journal.toString(), "--no-counters").code());
        deleteTree(journal.resolve("shard-1"));

        final String shardGone = RunSummary.notReplayable(journal, 2, false);
        assertEquals("replay refuses this journal: the directory of shard 1, " + journal.resolve("shard-1") +
            ", is gone: it was deleted or moved while the run wrote it", shardGone);
        final String someLeft = withJournal(journal, shardGone).toText();
        assertTrue(someLeft.contains("\nnext: ") && someLeft.contains(" inspect " + journal + "\n     " + shardGone),
            someLeft);
        assertFalse(someLeft.contains("replay " + journal), someLeft);

        deleteTree(journal);
        final String allGone = RunSummary.notReplayable(journal, 2, true);
        assertEquals("replay refuses this journal: the directory of shard 0, " + journal.resolve("shard-0") +
            ", is gone: it was deleted or moved while the run wrote it", allGone);
        assertTrue(withJournal(journal, allGone).toText().endsWith("\nnext: none: the journal dir " + journal +
            " is gone\n     " + allGone + "\n"), withJournal(journal, allGone).toText());
    }

    private static RunSummary withJournal(final Path journal, final String notReplayable)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(2_000, 2_000, 0, 2_000, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0, latency, latency,
            journal.toString(), 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "block", 0, notReplayable,
            null, 0, 0, 0);
    }

    private static void deleteTree(final Path root) throws IOException
    {
        try (Stream<Path> paths = Files.walk(root))
        {
            for (final Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList())
            {
                Files.delete(path);
            }
        }
    }

    @Test
    void shouldGiveNoJournaledLatencyInJsonWithoutAJournal()
    {
        final String unjournaled = stoppedEarly(null).toJson();
        assertTrue(unjournaled.contains("\"journaledLatencyNanos\":null,\"journalDir\":null,"), unjournaled);

        final String journaled = stoppedEarly("data/journal").toJson();
        assertTrue(journaled.contains("\"journaledLatencyNanos\":{\"p50\":1000,"), journaled);
    }

    @Test
    void shouldNameTheBackpressureThatRefusedInputs()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary refusing = new RunSummary(995, 1_000, 5, 995, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "drop");
        assertTrue(refusing.toText().contains(", refused 5 (engine.backpressure = drop: never dispatched nor " +
            "journaled), "), refusing.toText());
        assertTrue(refusing.toJson().contains("\"refused\":5,\"backpressure\":\"drop\""), refusing.toJson());
        assertTrue(summary(null, 0, 0).toText().contains(", refused 0, "), "nothing said when nothing was refused");
    }

    /**
     * Orders the market model could not rest, and bars it opened without their close timer, were in no line of the
     * summary before session 56: a run that dropped resting orders said only its count of rejected inputs, which they
     * are not among.
     */
    @Test
    void shouldSayWhenTheModelDroppedARemainderOrRefusedABarTimer()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary both = dropping(latency, 3, 1);
        assertTrue(both.toText().contains(", rejected by the model 0\n     the market model ran out of room: 3 order " +
            "remainders dropped (the order pool at its largest, or the shard's wheel unable to hold an expiry timer: " +
            "the fills stand, the rest of the order was not rested); 1 bar close timer refused by a full wheel (each " +
            "such bar closes at its instrument's next trade in a later second)\n"), both.toText());
        assertTrue(both.toJson().contains("\"modelRejected\":0,\"remaindersDropped\":3,\"barTimersRefused\":1,"),
            both.toJson());
        assertTrue(dropping(latency, 1, 0).toText().contains("ran out of room: 1 order remainder dropped (the order " +
            "pool at its largest, or the shard's wheel unable to hold an expiry timer: the fills stand, the rest of " +
            "the order was not rested)\n"), dropping(latency, 1, 0).toText());
        assertTrue(dropping(latency, 0, 2).toText().contains("ran out of room: 2 bar close timers refused by a full " +
            "wheel"), dropping(latency, 0, 2).toText());
        assertFalse(summary(null, 0, 0).toText().contains("ran out of room"), "nothing said when nothing was dropped");
        assertTrue(summary(null, 0, 0).toJson().contains("\"remaindersDropped\":0,\"barTimersRefused\":0,"));
    }

    private static RunSummary dropping(final Histogram latency, final long remainders, final long barTimers)
    {
        return new RunSummary(1_000, 1_000, 0, 1_000, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0, latency, latency,
            null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "block", 0, null, null, remainders, barTimers, 0);
    }

    @Test
    void shouldSayHowManyAcceptedInputsAFailedShardNeverTook()
    {
        // 3,000 lines published, none refused, 1,025 taken: the failed shard's ring held the rest when it stopped
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary failed = new RunSummary(1_025, 3_000, 0, 1_024, 0, 1_000_000_000L, 1, "event-time", 0, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, "shard=0 failed and takes no more input", null, 0, 0, false, 0,
            "block");
        assertTrue(failed.toText().contains("\n     1,975 inputs accepted but never taken by a shard (a failed " +
            "shard's ring held them): neither dispatched nor journaled\n"), failed.toText());
        assertFalse(summary(null, 0, 0).toText().contains("never taken"), "nothing said when every input was taken");
        final RunSummary refusing = new RunSummary(995, 1_000, 5, 995, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "drop");
        assertFalse(refusing.toText().contains("never taken"), "refused inputs are said as refused: " +
            refusing.toText());
    }

    @Test
    void shouldSayWhetherTheRunWasWarmedUp()
    {
        final RunSummary warmed = summary("data/journal", 2_500_000_000L);
        assertTrue(warmed.toText().contains("rate max, after a 2.5 s warm-up, seed 42,"), warmed.toText());
        assertTrue(warmed.toJson().contains("\"warmupSeconds\":2.5,"), warmed.toJson());

        final RunSummary cold = stoppedEarly("data/journal");
        assertFalse(cold.toText().contains("warm-up"), cold.toText());
        assertTrue(cold.toJson().contains("\"warmupSeconds\":0.0,"), cold.toJson());
    }

    @Test
    void shouldSayWhatTheLatencyOfAnUnpacedOrColdPacedRunIncludes()
    {
        final String unpaced = summary("data/journal", 0, 0).toText();
        assertTrue(unpaced.contains("\n     rate max: the latency includes the time inputs wait in the rings; pace the " +
            "feed (--rate) for the engine's own latency\njournal: "), unpaced);

        final String cold = summary("data/journal", 0, 500_000).toText();
        assertTrue(cold.contains("\n     paced without a warm-up: the latency includes the JIT's first seconds; " +
            "--warmup 5s measures the compiled engine\njournal: "), cold);

        final String warmed = summary(null, 5_000_000_000L, 500_000).toText();
        assertFalse(warmed.contains("the latency includes"), warmed);
    }

    /**
     * A paced run whose feed was stopped behind its schedule never sent the inputs that would have waited longest:
     * its latency is lower than the rate's, and the summary says so rather than print those figures as the rate's.
     */
    @Test
    void shouldSayHowManyInputsAPacedRunLeftUnsentBehindItsScheduleAndThatItsLatencyLeavesThemOut()
    {
        final RunSummary behind = summary("data/journal", 5_000_000_000L, 5_000_000).withUnsentDueInputs(3_882_462);

        assertTrue(behind.toText().contains("\n     paced feed behind its schedule: stopped a second after the run's " +
            "duration with 3,882,462 inputs due but never sent, whose wait is in no figure above: the engine did not " +
            "sustain 5,000,000/s here, and the latency at that rate is higher than shown\njournal: "), behind.toText());
        assertTrue(behind.toJson().contains(",\"unsentDueInputs\":3882462}"), behind.toJson());

        final RunSummary kept = summary("data/journal", 5_000_000_000L, 500_000);
        assertFalse(kept.toText().contains("behind its schedule"), kept.toText());
        assertTrue(kept.toJson().contains(",\"unsentDueInputs\":0}"), kept.toJson());
    }

    @Test
    void shouldPrintTheJournalDirAndFailureWithTheirControlCharactersEscapedAndTheNextCommandForBash()
    {
        // printed raw, the line feed forged a line of the summary and the ESC sequence erased a terminal's line
        final String journalDir = "/tmp/a\nFORGED\u001b[2K";
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final String replayCommand = Launcher.commandLine("replay", journalDir, "--verify");
        final RunSummary summary = new RunSummary(1_000, 1_000, 0, 1_000, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0,
            latency, latency, journalDir, 13_000, 1 << 20, 0x1234, replayCommand,
            "cannot write to " + journalDir + "/shard-0", null, 0, 0, false, 0, "block");

        final String text = summary.toText();
        assertTrue(text.contains("\njournal: /tmp/a\\nFORGED\\x1b[2K, 13,000 bytes written"), text);
        assertTrue(text.contains("\nFAILED: cannot write to /tmp/a\\nFORGED\\x1b[2K/shard-0\n"), text);
        assertTrue(text.endsWith(" replay $'/tmp/a\\nFORGED\\033[2K' --verify\n"), "quoted as bash reads it: " + text);
        final String lines = text.replace("\n", "");
        assertEquals(lines, PrintableText.escape(lines), "no control character but the line ends: " + text);

        final Map<String, Object> json = object(MiniJson.parse(summary.toJson()));
        assertEquals(journalDir, json.get("journalDir"), "JSON escapes it");
        assertEquals(replayCommand, json.get("replayCommand"), "single-quoted as before, for any POSIX shell");
        assertEquals("cannot write to " + journalDir + "/shard-0", json.get("failure"));
    }

    @Test
    void shouldNameAJournalDirThatLooksLikeAnOptionSoThatTheNextCommandReplaysIt()
    {
        // replay -x --verify was refused ("Missing required parameter: 'DIR'"), and --journal --verify printed
        // replay --verify --verify
        for (final boolean printable : new boolean[] { true, false })
        {
            assertTrue(RunSummary.replayCommand("-x", printable).endsWith(" replay ./-x --verify"));
            assertTrue(RunSummary.replayCommand("--verify", printable).endsWith(" replay ./--verify --verify"));
            assertTrue(RunSummary.replayCommand("-a b", printable).endsWith(" replay './-a b' --verify"));
            assertTrue(RunSummary.replayCommand("a-x", printable).endsWith(" replay a-x --verify"));
        }
        assertTrue(RunSummary.replayCommand("-a\n", true).endsWith(" replay $'./-a\\n' --verify"));
    }

    @Test
    void shouldGiveTheRateInJsonAsMaxWhenUnpacedAndAsANumberWhenPaced()
    {
        assertEquals("max", object(MiniJson.parse(summary(null, 0, 0).toJson())).get("rate"));
        assertEquals(2_500.5, object(MiniJson.parse(summary(null, 0, 2_500.5).toJson())).get("rate"));
    }

    /**
     * The figures the summary derives from a run's counts: events and inputs per second of the run's own time,
     * journal bytes per event, the time in seconds, the latency percentiles in microseconds, in text and JSON.
     */
    @Test
    void shouldDeriveTheRatesBytesPerEventAndLatenciesFromTheRunsCounts()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValueWithCount(1_500, 980);
        latency.recordValueWithCount(1_900, 19);
        latency.recordValue(2_000);
        final RunSummary summary = new RunSummary(3_000_000, 3_000_000, 0, 4_000_000, 0, 2_000_000_000L, 2,
            "event-time", 0, 42, 0, latency, latency, "data/journal", 52_000_000, 64L << 20, 0x1234, "replay", null,
            null, 0, 0, false, 0, "block");

        final String[] lines = summary.toText().split("\n");
        assertEquals("run: 3,000,000 inputs -> 4,000,000 events dispatched in 2.00 s: 2,000,000 events/s " +
            "(1,500,000 inputs/s)", lines[0]);
        assertEquals("latency publish->dispatch  p50 1.5µs  p99 1.9µs  p99.9 1.9µs  max 2.0µs  (1,000 samples)",
            lines[2]);
        assertEquals("latency publish->journaled p50 1.5µs  p99 1.9µs  p99.9 1.9µs  max 2.0µs  (1,000 samples)",
            lines[3]);
        assertEquals("journal: data/journal, 52,000,000 bytes written (13.0 bytes/event), 67,108,864 bytes in its " +
            "files", lines[5]);
        final Map<String, Object> json = object(MiniJson.parse(summary.toJson()));
        assertEquals(2.0, json.get("elapsedSeconds"));
        assertEquals(2_000_000.0, json.get("eventsPerSecond"));
        assertEquals(1_500_000.0, json.get("inputsPerSecond"));
        assertEquals(13.0, json.get("journalBytesPerEvent"));
        assertEquals(Map.of("p50", 1_500L, "p99", 1_900L, "p999", 1_900L, "max", 2_000L, "count", 1_000L),
            Map.copyOf(object(json.get("latencyNanos"))));
    }

    /**
     * A run of one input that dispatched one event, from a feed file of one line, one of them malformed, has each
     * count beside its noun in the singular; any other count in the plural.
     */
    @Test
    void shouldPutTheNounOfACountOfOneInTheSingular()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary one = new RunSummary(1, 1, 0, 1, 0, 1_000_000_000L, 1, "event-time", 0, 42, 0, latency,
            latency, null, 0, 0, 0, null, null, "one.csv", 1, 1, false, 0, "block");
        final RunSummary none = new RunSummary(0, 0, 0, 0, 0, 1_000_000_000L, 1, "event-time", 0, 42, 0, latency,
            latency, null, 0, 0, 0, null, null, "none.csv", 0, 0, false, 0, "block");

        final String[] lines = one.toText().split("\n");
        assertEquals("run: 1 input -> 1 event dispatched in 1.00 s: 1 events/s (1 inputs/s)", lines[0]);
        assertEquals("latency publish->dispatch  p50 1.0µs  p99 1.0µs  p99.9 1.0µs  max 1.0µs  (1 sample)", lines[3]);
        assertTrue(one.toText().contains("     feed file: 1 line read, 1 malformed line skipped\n"), one.toText());
        assertTrue(none.toText().startsWith("run: 0 inputs -> 0 events dispatched in 1.00 s: "), none.toText());
        assertTrue(none.toText().contains("     feed file: 0 lines read, 0 malformed lines skipped\n"),
            none.toText());
    }

    /**
     * The line count of a feed read from standard input or a connection was "feed file: N lines read": it names what
     * was read, as it was.
     */
    @Test
    void shouldNameTheFeedWhoseLinesItCountsAsItWas()
    {
        assertEquals(RunSummary.FEED_FILE, RunSummary.feedSource("flow.csv"));
        assertEquals(RunSummary.FEED_FILE, RunSummary.feedSource("stdin"), "a file of that name");
        assertEquals(RunSummary.STANDARD_INPUT, RunSummary.feedSource("-"));
        assertEquals(RunSummary.CONNECTION, RunSummary.feedSource("tcp://127.0.0.1:9000"));
        assertEquals(RunSummary.CONNECTION, RunSummary.feedSource("TCP-LISTEN://0.0.0.0:9000"));
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final String[][] cases = {
            {"stdin", RunSummary.STANDARD_INPUT, "     standard input: 3 lines read, 0 malformed lines skipped\n"},
            {"tcp-listen://0.0.0.0:40001", RunSummary.CONNECTION,
                "     connection: 3 lines read, 0 malformed lines skipped\n"},
            {"flow.csv", RunSummary.FEED_FILE, "     feed file: 3 lines read, 0 malformed lines skipped\n"}};
        for (final String[] feed : cases)
        {
            final String text = new RunSummary(2, 2, 0, 2, 0, 1_000_000_000L, 1, "event-time", 0, 42, 0, latency,
                latency, null, 0, 0, 0, null, null, feed[0], 3, 0, false, 0, "block", 0, null, feed[1], 0, 0, 0).toText();
            assertTrue(text.contains(", feed " + feed[0] + ", refused 0") && text.contains(feed[2]), text);
        }
    }

    /**
     * A run of no time, or of no events, has rates and bytes per event of 0, not NaN or an infinity, which JSON cannot
     * hold; a paced rate of 100/s and more is given whole, a lower one to three digits.
     */
    @Test
    void shouldGiveZeroRatesToARunOfNoTimeAndFormatEachPacedRate()
    {
        final Histogram latency = new Histogram(3);
        final RunSummary empty = new RunSummary(0, 0, 0, 0, 0, 0, 1, "event-time", 100, 42, 0, latency, latency,
            "data/journal", 0, 0, 0, "replay", null, null, 0, 0, false, 0, "block");

        assertEquals(0.0, empty.eventsPerSecond());
        assertEquals(0.0, empty.inputsPerSecond());
        assertEquals(0.0, empty.journalBytesPerEvent());
        assertTrue(empty.toText().contains(" 1 shard, event-time, rate 100/s, seed 42, "), empty.toText());
        assertTrue(summary(null, 0, 2.5).toText().contains(", rate 2.50/s, "), summary(null, 0, 2.5).toText());
    }

    private static RunSummary stoppedEarly(final String journalDir)
    {
        return summary(journalDir, 0, 0);
    }

    private static RunSummary summary(final String journalDir, final long warmupNanos)
    {
        return summary(journalDir, warmupNanos, 0);
    }

    private static RunSummary summary(final String journalDir, final long warmupNanos, final double rate)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(1_000, 1_000, 0, 1_000, 0, 1_000_000_000L, 2, "event-time", rate, 42, warmupNanos, latency,
            latency, journalDir, null == journalDir ? 0 : 13_000, null == journalDir ? 0 : 1 << 20, 0x1234, null, null,
            null, 0, 0, true, 0, "block");
    }
}
