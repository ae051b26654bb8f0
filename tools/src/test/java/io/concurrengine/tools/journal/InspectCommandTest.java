package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import io.concurrengine.tools.run.MarketShardModel;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
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

    /**
     * Each record's position names its cycle file as the directory lists it, text from outside as a header's engine
     * version is: only the HEADER line was escaped, so a line feed in the name forged a line after each INPUT, and an
     * escape sequence in it reached the terminal.
     */
    @Test
    void shouldPrintACycleFileNameWithItsControlCharactersEscapedInEveryRecord() throws IOException
    {
        for (final String shard : new String[] {"shard-0", "shard-1"})
        {
            try (Stream<Path> files = Files.list(journal.resolve(shard)))
            {
                for (final Path file : files.filter(path -> path.toString().endsWith(".cq4")).toList())
                {
                    Files.move(file, file.resolveSibling("c\nINPUT FORGED\u001b[2K.cq4"));
                }
            }
        }

        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(4, lines.size(), cli.out());
        assertTrue(lines.subList(1, 4).stream().allMatch(line -> line.startsWith("INPUT ") &&
            line.contains(" @c\\nINPUT FORGED\\x1b[2K.cq4#1/")), cli.out());
    }

    /**
     * A shard's read stops soon after a write to stdout fails (| head): it went on to the shard's end or --limit, each
     * line a failed write, and on the main job's journal with a large --limit, | head -1 took minutes.
     */
    @Test
    void shouldStopReadingAShardOnceStdoutFails()
    {
        final Path big = dir.resolve("big");
        assertEquals(0, Cli.run("run", "--events", "3000", "--shards", "1", "--journal", big.toString(),
            "--no-counters", "--json").code());
        final AtomicInteger lines = new AtomicInteger();
        final Writer closed = new Writer()
        {
            @Override
            public void write(final char[] buffer, final int offset, final int length) throws IOException
            {
                for (int i = offset; i < offset + length; i++)
                {
                    lines.addAndGet('\n' == buffer[i] ? 1 : 0);
                }
                throw new IOException("Broken pipe");
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final StringWriter err = new StringWriter();

        final int code = Main.execute(new PrintWriter(closed, true), new PrintWriter(err, true), "inspect",
            big.toString(), "--limit", "1000000");

        assertEquals(1, code, err.toString());
        assertTrue(err.toString().contains("concurrengine inspect: writing to stdout failed in shard 0"),
            err.toString());
        assertTrue(lines.get() < 1000, lines + " lines tried after the first failed");
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

    /**
     * failed keeps only failed dispatches, whatever other kinds are named: --type failed,input printed no input and
     * said that no record matched, exit 0, with the journal's three inputs there to match.
     */
    @Test
    void shouldRefuseFailedWithAKindItWouldMatchNoRecordOf()
    {
        for (final String kinds : new String[] {"failed,input", "input,failed", "Failed,advance", "failed,dispatch"})
        {
            final Cli cli = Cli.run("inspect", journal.toString(), "--type", kinds);

            assertEquals(2, cli.code(), kinds + ": " + cli.out());
            assertEquals("", cli.out());
            final String failed = kinds.startsWith("F") ? "Failed" : "failed";
            final String other = kinds.replace(failed, "").replace(",", "");
            assertTrue(cli.err().contains("concurrengine inspect: --type=" + kinds + ": " + failed + " lists only " +
                "the dispatches whose handler threw, no other record, so it cannot be given with " + other + "; give " +
                failed + " without it (with header or an event type if wanted), or " + other + " without " + failed),
                cli.err());
        }
        for (final String kinds : new String[] {"failed,header", "header,failed,add"})
        {
            final Cli cli = Cli.run("inspect", journal.toString(), "--type", kinds);

            assertEquals(0, cli.code(), kinds + ": " + cli.err());
            assertTrue(cli.out().lines().allMatch(line -> line.startsWith("# shard ") || line.startsWith("HEADER ")),
                cli.out());
        }
    }

    /**
     * An event type keeps only the inputs and dispatches of that type: --type advance,execute said that no record
     * matched, exit 0, whatever advances the journal holds, and --type advance,input,add printed no advance.
     */
    @Test
    void shouldRefuseAnEventTypeWithAKindThatHasNone()
    {
        for (final String types : new String[] {"advance,execute", "Snapshot,add", "advance,input,2",
            "0,header,snapshot,dispatch"})
        {
            final Cli cli = Cli.run("inspect", journal.toString(), "--type", types);

            assertEquals(2, cli.code(), types + ": " + cli.out());
            assertEquals("", cli.out());
            final String kind = types.contains("advance") ? "advance" : types.contains("Snapshot") ? "Snapshot" :
                "snapshot";
            final String type = types.contains("execute") ? "execute" : types.contains("add") ? "add" :
                types.contains("2") ? "2" : "0";
            assertTrue(cli.err().contains("concurrengine inspect: --type=" + types + ": " + kind + " records have no " +
                "event type, so " + type + ", which lists only the inputs and dispatches of that type, cannot be " +
                "given with " + kind + "; give " + kind + " without " + type + ", or " + type + " without " + kind),
                cli.err());
        }
    }

    /**
     * header beside an event type lists the headers and what the type alone lists, its inputs and dispatches:
     * --type header,add printed the headers alone, exit 0, with the journal's add input and dispatch there to match.
     */
    @Test
    void shouldListTheInputsAndDispatchesOfAnEventTypeGivenWithHeader()
    {
        final Cli withHeader = Cli.run("inspect", journal.toString(), "--type", "header,add");
        final Cli alone = Cli.run("inspect", journal.toString(), "--type", "add");

        assertEquals(0, withHeader.code(), withHeader.err());
        assertEquals(alone.out(), withHeader.out());
        assertTrue(withHeader.out().contains("INPUT time=1000 type=0(Add) "), withHeader.out());
        assertTrue(withHeader.out().contains("DISPATCH time=1000 "), withHeader.out());
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
    void shouldStopAtALimitOfOneAndSaySo()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input", "--limit", "1");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(3, lines.size(), cli.out());
        assertTrue(lines.get(1).startsWith("INPUT time=1000 type=0(Add) target=17 "), cli.out());
        assertEquals(lines.get(0) + ": stopped at --limit 1; more records may follow (raise --limit)", lines.get(2));
    }

    @Test
    void shouldPrintTheRecordsOfOneTimeWhenFromAndToAreIt()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input", "--from", "1003", "--to", "1003");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(1).startsWith("INPUT time=1003 type=2(Execute) target=17 "), cli.out());
    }

    /**
     * An event type by number or by name, the first and last of the market model's, narrows the records to it; one
     * past the last is refused.
     */
    @Test
    void shouldNarrowToAnEventTypeGivenByNumberOrName()
    {
        final Cli add = Cli.run("inspect", journal.toString(), "--type", "input,0");
        final Cli execute = Cli.run("inspect", journal.toString(), "--type", "input,2");
        final Cli cancel = Cli.run("inspect", journal.toString(), "--type", "input,Cancel");
        final Cli barClose = Cli.run("inspect", journal.toString(), "--type", "input,5");
        final Cli beyond = Cli.run("inspect", journal.toString(), "--type", "input,6");
        final Cli unknown = Cli.run("inspect", journal.toString(), "--type", "input,unknown(6)");

        assertTrue(onlyRecord(add).startsWith("INPUT time=1000 type=0(Add) "), add.out());
        assertTrue(onlyRecord(execute).startsWith("INPUT time=1003 type=2(Execute) "), execute.out());
        assertTrue(onlyRecord(cancel).startsWith("INPUT time=1010 type=1(Cancel) "), cancel.out());
        assertEquals(0, barClose.code(), barClose.err());
        assertEquals("# no record matched --type input,5 in any of the journal's 2 shards", barClose.out().strip());
        assertEquals(2, beyond.code(), beyond.out());
        assertTrue(beyond.err().contains("--type 6: the market model's event types are 0 to 5"), beyond.err());
        // the name inspect prints for a type the model does not have is no type's name
        assertEquals(2, unknown.code(), unknown.out());
        assertTrue(unknown.err().contains("--type=unknown(6) is neither a record kind"), unknown.err());
    }

    /**
     * One event type named twice, or by name and by number, is that type, as a kind named twice is that kind: --type
     * add,add and --type add,0 were refused as naming two event types, "add and add".
     */
    @Test
    void shouldTakeOneEventTypeNamedTwiceAsThatType()
    {
        for (final String types : new String[] {"input,add,add", "input,add,0", "input, 0 ,ADD"})
        {
            final Cli cli = Cli.run("inspect", journal.toString(), "--type", types);

            assertTrue(onlyRecord(cli).startsWith("INPUT time=1000 type=0(Add) "), types + ": " + cli.out());
        }
        final Cli two = Cli.run("inspect", journal.toString(), "--type", "add,1");

        assertEquals(2, two.code(), two.out());
        assertTrue(two.err().contains("--type=add,1 names two event types, add and 1; give at most one"), two.err());
    }

    /**
     * An unknown item is echoed as given, escaped: trim() dropped a leading escape character, so --type $'\e[31mred'
     * was echoed as [31mred.
     */
    @Test
    void shouldEchoAnUnknownTypeWithItsLeadingControlCharacter()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "\u001b[31mred");

        assertEquals(2, cli.code(), cli.out());
        assertTrue(cli.err().contains("concurrengine inspect: --type=\\x1b[31mred is neither a record kind"),
            cli.err());
    }

    @Test
    void shouldNameAToBoundAloneInSayingNoRecordMatched()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input", "--to", "999");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("# no record matched --type input --to 999 in any of the journal's 2 shards", cli.out().strip());
    }

    /**
     * @return the one record the command printed, under its shard's heading.
     */
    private static String onlyRecord(final Cli cli)
    {
        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertEquals(2, lines.size(), cli.out());
        assertTrue(lines.get(0).startsWith("# shard "), cli.out());
        return lines.get(1);
    }

    @Test
    void shouldRefuseATypeListWithAnEmptyItem()
    {
        final Cli cli = Cli.run("inspect", journal.toString(), "--type", "input,,dispatch");

        assertEquals(2, cli.code(), cli.out());
        assertTrue(cli.err().contains("concurrengine inspect: --type=input,,dispatch has an empty item"), cli.err());
    }

    @Test
    void shouldRefuseATypeListWithAnEmptyItemAtItsEnd()
    {
        // picocli's split dropped the empty items at the end: "add," listed the adds as "add" would
        for (final String list : new String[] {"add,", "input,dispatch,,", ","})
        {
            final Cli cli = Cli.run("inspect", journal.toString(), "--type", list);

            assertEquals(2, cli.code(), list + ": " + cli.out());
            assertTrue(cli.err().contains("concurrengine inspect: --type=" + list + " has an empty item"), cli.err());
        }
    }
}
