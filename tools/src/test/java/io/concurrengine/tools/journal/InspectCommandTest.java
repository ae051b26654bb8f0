package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.run.MarketShardModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InspectCommandTest
{
    @TempDir
    Path dir;

    private Path journal;

    @BeforeEach
    void runAFeedOfOneInstrumentOnTwoShards() throws IOException
    {
        // one instrument: every input goes to one shard, the other journals its header and end only
        final Path feed = Files.writeString(dir.resolve("feed.csv"), """
            1000,add,17,5001,buy,10250,100
            1003,execute,17,9001,sell,10200,50
            1010,cancel,17,5001
            """);
        journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--feed", feed.toString(), "--shards", "2", "--journal", journal.toString(),
            "--no-counters", "--json");
        assertEquals(0, run.code(), run.err());
    }

    @Test
    void shouldPrintTheEngineVersionAHeaderReadsFromItsFileWithItsControlCharactersEscaped() throws IOException
    {
        // the engine version is the journal's own word (replay and inspect check the model, shard, count and
        // configuration, not it): printed raw, a line feed in it forged a record line
        final ReplayCommand.RunConfig run = ReplayCommand.loadRun(journal);
        final Path shard0 = journal.resolve("shard-0");
        try (Stream<Path> walk = Files.walk(shard0))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }
        JournalWriter.open(JournalConfig.builder(shard0).build(), new JournalHeader("0.1.0\nFORGED\u001b[2K",
            MarketShardModel.IDENTITY, run.hash(), 0, 2, TimeUnit.MICROSECONDS, 0, run.config().seed())).close();

        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "header", "--shard", "0");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(1).startsWith("HEADER engine=0.1.0\\nFORGED\\x1b[2K model=market-v1 "), cli.out());
    }

    @Test
    void shouldPrintNoHeadingForAShardWithoutAMatchingRecord()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(4, lines.size(), cli.out());
        assertTrue(lines.get(0).equals("# shard 0") || lines.get(0).equals("# shard 1"), cli.out());
        assertTrue(lines.subList(1, 4).stream().allMatch(line -> line.startsWith("INPUT ")), cli.out());
    }

    @Test
    void shouldSayNoRecordMatchedInsteadOfPrintingEmptyHeadings()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "failed", "--from", "1000");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("# no record matched --type failed --from 1000 in any of the journal's 2 shards",
            cli.out().strip());
    }

    @Test
    void shouldSayNoRecordMatchedInTheOneShardAskedFor()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "failed", "--shard", "1");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("# no record matched --type failed in shard 1", cli.out().strip());
    }

    @Test
    void shouldRefuseAnEventTypeNumberTheMarketModelDoesNotHave()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "9");

        assertEquals(2, cli.code(), cli.out());
        assertTrue(cli.err().contains("concurrengine inspect: --type 9: the market model's event types are 0 to 5 " +
            "(add, cancel, execute, replace, expire, barclose), so no record can match"), cli.err());
    }

    @Test
    void shouldPrintTheOtherShardsWhenOneIsDamaged() throws IOException
    {
        final Path shard0 = journal.resolve("shard-0");
        try (Stream<Path> walk = Files.walk(shard0))
        {
            walk.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        }

        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "header");

        assertEquals(1, cli.code(), cli.out());
        assertTrue(cli.err().contains("concurrengine inspect: shard 0 journal damaged: journal corrupt: " +
            "MISSING_HEADER: shard directory missing: " + shard0), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertEquals("# shard 1", lines.get(0));
        assertTrue(lines.get(1).startsWith("HEADER ") && lines.get(1).contains(" shard=1/2 "), cli.out());
    }

    @Test
    void shouldRefuseATypeListWithAnEmptyItem()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input,,dispatch");

        assertEquals(2, cli.code(), cli.out());
        assertTrue(cli.err().contains("concurrengine inspect: --type=input,,dispatch has an empty item"), cli.err());
    }
}
