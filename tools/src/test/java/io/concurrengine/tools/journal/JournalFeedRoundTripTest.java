package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.feed.MarketFeedFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code feed --journal} of inputs an embedder published directly, which need not be any a feed line reads as: each
 * is written as a line {@code run --feed} reads back as that same input, or refused naming the shard, the input and
 * what a line cannot hold. Before session 56 a side neither buy nor sell was written {@code sell} (a run of the lines
 * took the order its recorded run rejected, to another state hash) and a REPLACE price beyond 32 bits as it was (the
 * run of the lines stopped there, exit 2).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalFeedRoundTripTest
{
    private static final long BUY_100 = MarketEvents.sidePrice(MarketEvents.BUY, 100);

    @TempDir
    Path dir;

    @Test
    void shouldWriteEveryInputAtItsExtremesAsTheLineThatReadsBackAsIt() throws IOException
    {
        final List<long[]> inputs = List.of(
            input(0, MarketEvents.ADD, Long.MIN_VALUE, Long.MAX_VALUE, MarketEvents.sidePrice(1, Integer.MIN_VALUE),
                Long.MAX_VALUE, Long.MAX_VALUE),
            input(1, MarketEvents.ADD, 7, -1, MarketEvents.sidePrice(0, Integer.MAX_VALUE), -5, -1),
            input(2, MarketEvents.ADD, 7, 2, BUY_100, 0, Long.MIN_VALUE),
            input(3, MarketEvents.CANCEL, Long.MAX_VALUE, Long.MIN_VALUE, 0, 0, 0),
            input(4, MarketEvents.EXECUTE, 7, 3, MarketEvents.sidePrice(1, -1), Long.MIN_VALUE, 1),
            input(5, MarketEvents.EXECUTE, 7, 4, MarketEvents.sidePrice(0, 0), 10, 0),
            input(6, MarketEvents.REPLACE, 7, 2, Integer.MIN_VALUE, 0, 0),
            input(Long.MAX_VALUE, MarketEvents.REPLACE, 7, 2, Integer.MAX_VALUE, Long.MAX_VALUE, 0));
        final Path journal = journal(inputs);
        final Path file = dir.resolve("inputs.csv");

        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", file.toString());

        assertEquals(0, feed.code(), feed.err());
        final List<long[]> read = new ArrayList<>();
        final MarketInput input = new MarketInput();
        try (MarketFeedFile lines = MarketFeedFile.open(file, MarketFeedFile.OnError.STOP, message -> { }))
        {
            while (lines.next(input))
            {
                read.add(input(input.feedTime(), input.type(), input.target(), input.a0(), input.a1(), input.a2(),
                    input.a3()));
            }
        }
        assertEquals(text(inputs), text(read), "the lines read back as the journal's inputs");
    }

    @Test
    void shouldRefuseAnInputNoLineCanHoldNamingTheShardTheInputAndWhatItHolds() throws IOException
    {
        final long[][] refused = {
            input(9, MarketEvents.ADD, 7, 2, MarketEvents.sidePrice(2, 100), 5, 0),
            input(9, MarketEvents.ADD, 7, 2, MarketEvents.sidePrice(-1, 100), 5, 0),
            input(9, MarketEvents.EXECUTE, 7, 2, MarketEvents.sidePrice(2, 100), 5, 1),
            input(9, MarketEvents.EXECUTE, 7, 2, BUY_100, 5, 0),
            input(9, MarketEvents.EXECUTE, 7, 2, BUY_100, 5, 3),
            input(9, MarketEvents.REPLACE, 7, 2, 1L << 32, 5, 0),
            input(9, MarketEvents.REPLACE, 7, 2, 100, 5, 1),
            input(9, MarketEvents.CANCEL, 7, 2, 0, 0, 1),
            input(9, MarketEvents.EXPIRE, 7, 2, 0, 0, 0),
            input(9, 17, 7, 2, 0, 0, 0) };
        final String[] said = {
            "its side 2 is neither buy (0) nor sell (1)",
            "its side -1 is neither buy (0) nor sell (1)",
            "its side 2 is neither buy (0) nor sell (1)",
            "it is a market order with a price word of 100, and a market line carries no price",
            "its flags 3 are neither 0 (market) nor 1 (limit price)",
            "its new price 4294967296 does not fit in 32 bits",
            "its payload word a3 (1) is not zero, and a replace line leaves it out",
            "its payload words a1, a2, a3 (0, 0, 1) are not zero, and a cancel line carries the order id only",
            "its type 4 (Expire) is not add, cancel, execute or replace: it is one of the model's own timers",
            "its type 17 (Unknown(17)) is not add, cancel, execute or replace" };
        for (int i = 0; i < refused.length; i++)
        {
            final Path journal = journal(List.of(input(1, MarketEvents.ADD, 7, 1, BUY_100, 5, 0), refused[i],
                input(10, MarketEvents.CANCEL, 7, 1, 0, 0, 0)));
            final Path file = dir.resolve("inputs-" + i + ".csv");

            final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", file.toString());

            assertEquals(1, feed.code(), feed.err());
            final String type = MarketEvents.name((int)refused[i][1]);
            assertTrue(feed.err().startsWith("concurrengine feed: shard 0's input 2, " + type + " at time 9, " +
                "cannot be written as a feed line: " + said[i] + "; the 1 input before it ("), feed.err());
            assertEquals(List.of("time,type,instrument,id,side,price,quantity,extra", "1,add,7,1,buy,100,5"),
                Files.readAllLines(file), "the input before it");
        }
    }

    /**
     * A journaled ADVANCE after the last input fired timers in the run that a run of the lines, which ends at the last
     * line's time, does not: its state hash differed (an expiry at 11 fired by an advance to 100: 2 dispatches against
     * 1), and feed said nothing of it.
     */
    @Test
    void shouldSayTheRunsClockWasAdvancedPastItsLastInput() throws IOException
    {
        final Path journal = Files.createTempDirectory(dir, "journal");
        Files.delete(journal);
        final JournalHeader header = JournalInputsTest.emptiedOneShardRun(journal);
        try (JournalWriter writer = JournalWriter.open(JournalConfig.builder(journal.resolve("shard-0")).build(),
            header))
        {
            writer.appendInput(1, MarketEvents.ADD, 7, 1, BUY_100, 5, 10);
            writer.appendAdvance(100);
        }

        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", dir.resolve("in.csv").toString());

        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().contains(System.lineSeparator() + "concurrengine feed: the run's clock was advanced to " +
            "100, after its last input's time, 1, which the lines do not carry: the timers due by then fired in the " +
            "run but not in a run of the lines, whose state hash differs; replay re-executes the run" +
            System.lineSeparator()), feed.err());
        final Cli recorded = Cli.run("feed", "--journal", journal(List.of(input(1, MarketEvents.ADD, 7, 1, BUY_100, 5,
            10))).toString(), "--out", dir.resolve("no-advance.csv").toString());
        assertEquals(0, recorded.code(), recorded.err());
        assertFalse(recorded.err().contains("advanced"), recorded.err());
    }

    private static long[] input(
        final long time, final int type, final long target, final long a0, final long a1, final long a2,
        final long a3)
    {
        return new long[]{ time, type, target, a0, a1, a2, a3 };
    }

    private static List<String> text(final List<long[]> inputs)
    {
        final List<String> text = new ArrayList<>();
        for (final long[] input : inputs)
        {
            text.add(Arrays.toString(input));
        }
        return text;
    }

    /**
     * @return a one-shard run's journal directory holding {@code inputs}, as an engine an embedder publishes to
     * directly journals them: a run's journal with its shard rewritten under the run's header.
     */
    private Path journal(final List<long[]> inputs) throws IOException
    {
        final Path journal = Files.createTempDirectory(dir, "journal");
        Files.delete(journal);
        final JournalHeader header = JournalInputsTest.emptiedOneShardRun(journal);
        try (JournalWriter writer = JournalWriter.open(JournalConfig.builder(journal.resolve("shard-0")).build(),
            header))
        {
            for (final long[] input : inputs)
            {
                writer.appendInput(input[0], (int)input[1], input[2], input[3], input[4], input[5], input[6]);
            }
        }
        return journal;
    }
}
