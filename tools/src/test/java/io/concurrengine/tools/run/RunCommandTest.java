package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class RunCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameAMalformedFeedLineOnStderrAsWellAsInTheSummary() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n1001,add,17\n");

        final Cli cli = Cli.run("run", "--feed", feed.toString(), "--journal", dir.resolve("journal").toString(),
            "--no-counters", "--json");

        assertEquals(2, cli.code(), cli.err());
        final String problem = "feed " + feed + ":2: an add has 7 or 8 fields";
        assertTrue(cli.out().contains("\"failure\":\"" + problem), cli.out());
        assertTrue(cli.err().contains("concurrengine run: " + problem), cli.err());
    }

    /**
     * The summary gave the state hash but not the configuration's hash that each shard's journal header records
     * ({@code inspect}'s {@code config=0x...}), by which a user matches a summary to its journal. Text and JSON give
     * it as {@code inspect} does.
     */
    @Test
    void shouldGiveTheConfigurationHashTheJournalHeadersRecord()
    {
        final Path journal = dir.resolve("journal");
        final Cli json = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters", "--json");
        assertEquals(0, json.code(), json.err());
        final String configHash = (String)MiniJson.object(MiniJson.parse(json.out())).get("configHash");
        assertTrue(null != configHash && configHash.matches("0x[0-9a-f]{1,16}"), json.out());

        final Cli inspect = Cli.run("inspect", journal.toString(), "--limit", "1");
        assertTrue(inspect.out().contains(" config=" + configHash + " "), inspect.out());
        final Cli text = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters");
        assertTrue(text.out().contains("\nconfig hash: " + configHash + "\n"), text.out());
    }

    /**
     * {@code --print-config} shows what the run would use and runs nothing: no journal, no counters file, the
     * journal of an earlier run left as it was.
     */
    @Test
    void shouldPrintTheConfigurationWithoutRunningOrWritingAnything() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("journal"));
        final Path earlier = Files.writeString(journal.resolve("earlier.txt"), "an earlier run's");
        final Path config = Files.writeString(dir.resolve("engine.toml"),
            "[telemetry]\ncounters_file = \"counters.dat\"\n");

        final Cli cli = Cli.run("run", "--print-config", "--config", config.toString(), "--journal",
            journal.toString(), "--events", "5M", "--rate", "1M");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("", cli.err());
        assertTrue(cli.out().startsWith("# The configuration `concurrengine run` would run with"), cli.out());
        assertTrue(cli.out().contains("\nevents = 5000000    # flag --events (run.events)\n"), cli.out());
        assertTrue(cli.out().contains("\nduration = \"0ns\"    # implied by flag --events (run.events)\n"), cli.out());
        assertTrue(cli.out().contains("\nrate = 1000000.0    # flag --rate (run.rate)\n"), cli.out());
        assertTrue(cli.out().contains("\ncounters_file = \"" + dir.resolve("counters.dat") + "\"    # " + config +
            ":2:1\n"), cli.out());
        try (Stream<Path> files = Files.list(journal))
        {
            assertEquals(List.of(earlier), files.toList());
        }
        assertFalse(Files.exists(dir.resolve("counters.dat")));
    }

    @Test
    void shouldRefuseToPrintAConfigurationItWouldRefuseToRun()
    {
        final Cli cli = Cli.run("run", "--print-config", "--shards", "0", "--json");

        assertEquals(2, cli.code(), cli.err());
        assertEquals("concurrengine run: flag --shards (engine.shards): must be in [1, 1024], found 0" +
            System.lineSeparator(), cli.err());
        assertEquals("config", MiniJson.object(MiniJson.object(MiniJson.parse(cli.out())).get("error")).get("reason"));
    }

    /**
     * The run refuses rings that do not fit the heap and wheels that do not fit the direct memory before it starts;
     * {@code --print-config}, which checks the configuration as the run would, refuses them the same way rather than
     * print a configuration the run then refuses. 1,024 shards of the largest rings or wheels need terabytes: beyond
     * any test JVM's heap.
     */
    @Test
    void shouldRefuseToPrintAConfigurationWhoseRingsOrWheelsTheRunWouldRefuseForMemory() throws IOException
    {
        final Path rings = Files.writeString(dir.resolve("rings.toml"), "[engine]\nring_size = 67108864\n");
        final Path wheels = Files.writeString(dir.resolve("wheels.toml"),
            "[engine]\nring_size = 2\npriority_ring_size = 2\nmin_batch = 1\nwheel_capacity = 33554430\n");

        final Cli ringCli = Cli.run("run", "--print-config", "--config", rings.toString(), "--shards", "1024", "--json");
        final Cli wheelCli = Cli.run("run", "--print-config", "--config", wheels.toString(), "--shards", "1024");

        assertEquals(2, ringCli.code(), ringCli.err());
        assertTrue(ringCli.err().startsWith("concurrengine run: engine.ring_size=67108864 (" + rings + ":2:1) and " +
            "engine.priority_ring_size=1024 (embedded default-engine.toml:9:1) with 1024 shards (engine.shards, flag " +
            "--shards) need "), ringCli.err());
        final Map<String, Object> error = MiniJson.object(MiniJson.object(MiniJson.parse(ringCli.out())).get("error"));
        assertEquals("memory", error.get("reason"));
        assertEquals(2, wheelCli.code(), wheelCli.err());
        assertTrue(wheelCli.err().startsWith("concurrengine run: engine.wheel_capacity=33554430 (" + wheels + ":5:1) " +
            "with 1024 shards (engine.shards, flag --shards) needs "), wheelCli.err());
        assertEquals("", wheelCli.out());
    }

    @Test
    void shouldPrintTheConfigurationAsOneJsonObject()
    {
        final Cli cli = Cli.run("run", "--print-config", "--json", "--seed", "9");

        assertEquals(0, cli.code(), cli.err());
        assertEquals(1, cli.out().lines().count(), cli.out());
        final Map<String, Object> keys = MiniJson.object(MiniJson.object(MiniJson.parse(cli.out())).get("keys"));
        final Map<String, Object> seed = MiniJson.object(keys.get("run.seed"));
        assertEquals(9L, ((Number)seed.get("value")).longValue());
        assertEquals("flag --seed (run.seed)", seed.get("source"));
        assertEquals("CONCURRENGINE_RUN_SEED", seed.get("environment"));
    }

    /**
     * The config hash {@code --print-config} gives is the one the run's journal headers then carry, which
     * {@code inspect} prints.
     */
    @Test
    void shouldPrintTheConfigHashTheRunsJournalHeadersCarry()
    {
        final Path journal = dir.resolve("journal");
        final String[] flags = {"--events", "2k", "--shards", "3", "--seed", "11", "--journal", journal.toString(),
            "--no-counters"};
        final Cli printed = Cli.run(Stream.concat(Stream.of("run", "--print-config", "--json"), Stream.of(flags))
            .toArray(String[]::new));
        final Cli run = Cli.run(Stream.concat(Stream.of("run"), Stream.of(flags)).toArray(String[]::new));
        final Cli inspect = Cli.run("inspect", journal.toString(), "--type", "header", "--shard", "2");

        assertEquals(0, run.code(), run.err());
        final String hash = (String)MiniJson.object(MiniJson.parse(printed.out())).get("configHash");
        assertTrue(inspect.out().contains(" config=" + hash + " shard=2/3 "), hash + " in " + inspect.out());
    }

    /**
     * The summary's counts are the run's: every input published and taken, and the bytes of the journal directory's
     * files as the run left them, its lock then holding the run's pid.
     */
    @Test
    void shouldCountEveryInputAndTheJournalDirectorysBytesInTheSummary() throws IOException
    {
        final Path journal = dir.resolve("journal");

        final Cli cli = Cli.run("run", "--events", "10k", "--journal", journal.toString(), "--no-counters", "--json");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> json = MiniJson.object(MiniJson.parse(cli.out()));
        assertEquals(10_000L, ((Number)json.get("inputs")).longValue());
        assertEquals(10_000L, ((Number)json.get("published")).longValue());
        long bytes = 0;
        try (Stream<Path> files = Files.walk(journal))
        {
            for (final Path file : (Iterable<Path>)files::iterator)
            {
                bytes += Files.isRegularFile(file) && !file.endsWith(RunLock.FILE) ? Files.size(file) : 0;
            }
        }
        final long lock = (ProcessHandle.current().pid() + "\n").length();
        assertEquals(bytes + lock, ((Number)json.get("journalFileBytes")).longValue());
    }

    @Test
    void shouldJournalByTheJournalClockItIsGiven() throws IOException
    {
        final Path journal = dir.resolve("journal");

        final Cli cli = Cli.run("run", "--events", "10k", "--journal", journal.toString(), "--no-counters");

        assertEquals(0, cli.code(), cli.err());
        for (final String shard : new String[] {"shard-0", "shard-1"})
        {
            try (Stream<Path> files = Files.list(journal.resolve(shard)))
            {
                // Cli pins run's journal clock at 2026-01-05 10:30 UTC: one hourly cycle, named by it
                assertEquals(List.of("20260105-10F.cq4"), files.map(path -> path.getFileName().toString())
                    .filter(name -> name.endsWith(".cq4")).toList(), shard);
            }
        }
    }

    @Test
    void shouldTakeAnIdleTimeoutFlagForANetworkFeedAndRefuseItForAFile() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,cancel,17,5001\n");

        final Cli cli = Cli.run("run", "--feed", feed.toString(), "--feed-idle-timeout", "5s", "--no-journal",
            "--no-counters");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().startsWith("concurrengine run: flag --feed-idle-timeout (feed.idle_timeout): " +
            "--feed-idle-timeout 5s times " +
            "the reads of a network feed"), cli.err());
    }

    /**
     * A lone {@code --duration} also sets run.events to 0 (and a lone {@code --events} run.duration to 0s), so that
     * the flag given is the run's only bound: a refusal of a run with no bound names the flag given, not that one.
     */
    @Test
    void shouldNameTheBoundFlagGivenAsZeroNotTheBoundItImplies()
    {
        final Cli duration = Cli.run("run", "--duration", "0", "--no-journal", "--no-counters");
        final Cli events = Cli.run("run", "--events", "0", "--no-journal", "--no-counters");

        assertEquals(2, duration.code(), duration.err());
        assertTrue(duration.err().startsWith("concurrengine run: flag --duration (run.duration): " +
            "a run needs a bound: "),
            duration.err());
        assertEquals(2, events.code(), events.err());
        assertTrue(events.err().startsWith("concurrengine run: flag --events (run.events): a run needs a bound: "),
            events.err());
        assertTrue(duration.err().contains("run.events and run.duration are both 0"), duration.err());
    }

    /**
     * Off a terminal (stderr to a file or a pipe, as here) progress is a plain line a second, never a line redrawn
     * with carriage returns: a run shorter than a second prints none.
     */
    @Test
    void shouldPrintNoProgressOffATerminalForARunShorterThanASecond()
    {
        final Cli cli = Cli.run("run", "--events", "1000", "--shards", "1", "--no-journal", "--no-counters");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("", cli.err());
    }

    @Test
    void shouldSaySingularShardInTheSummaryOfAOneShardRun()
    {
        final Cli one = Cli.run("run", "--events", "100", "--shards", "1", "--no-journal", "--no-counters");
        final Cli two = Cli.run("run", "--events", "100", "--shards", "2", "--no-journal", "--no-counters");

        assertEquals(0, one.code(), one.err());
        assertTrue(one.out().contains("\n     1 shard, event-time, rate max, seed 42, "), one.out());
        assertTrue(two.out().contains("\n     2 shards, event-time, rate max, seed 42, "), two.out());
    }

    @Test
    void shouldRefuseModelsTooBigForTheHeapInWordsAndLeaveTheEarlierJournal() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Cli earlier = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters");
        assertEquals(0, earlier.code(), earlier.err());

        // the default market models (order pools for 2^18 live orders) need more than 64 MiB; the rings fit in it
        final Cli cli = Cli.fork(dir, "64m", "run", "--events", "1000", "--journal", journal.toString(),
            "--no-counters");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("concurrengine run: the engine's rings and market models (engine.shards=2 " +
            "(embedded default-engine.toml:6:1), engine.ring_size=65536 (embedded default-engine.toml:8:1), " +
            "market.instruments=4096 (embedded default-engine.toml:37:1), market.band_width=1024 (embedded " +
            "default-engine.toml:39:1), order pools sized for the feed's 262,144 live orders) do not fit this JVM's "),
            cli.err());
        assertTrue(cli.err().contains("raise the heap (-Xmx)") && !cli.err().contains("\tat "), cli.err());
        assertTrue(Files.isDirectory(journal.resolve("shard-1")), "the earlier run's journal is as it was");
    }

    /**
     * A journal block under the journal's minimum passed the configuration check and was refused by the engine's
     * start, after the run had cleared the earlier run's journal, with exit 1 and no key named.
     */
    @Test
    void shouldRefuseAJournalBlockSizeTheJournalRefusesAsConfigurationAndLeaveTheEarlierJournal() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Cli earlier = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters");
        assertEquals(0, earlier.code(), earlier.err());
        final String runToml = Files.readString(journal.resolve(RunJournalDir.RUN_CONFIG_FILE));
        final Path config = Files.writeString(dir.resolve("bb.toml"), "[journal]\nblock_bytes = 2048\n");

        final Cli cli = Cli.run("run", "--config", config.toString(), "--events", "1000", "--journal",
            journal.toString(), "--no-counters", "--json");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().startsWith("concurrengine run: " + config + ":2:1: journal.block_bytes: must be in ["),
            cli.err());
        final Map<String, Object> error =
            MiniJson.object(MiniJson.object(MiniJson.parse(cli.out().strip())).get("error"));
        assertEquals("config", error.get("reason"));
        assertEquals(runToml, Files.readString(journal.resolve(RunJournalDir.RUN_CONFIG_FILE)),
            "the earlier run's journal is as it was");
        assertTrue(Files.isDirectory(journal.resolve("shard-1")), "the earlier run's journal is as it was");
    }

    /**
     * Flags override the configuration: {@code --journal DIR} journals a run whose configuration turns journaling off
     * (it was ignored: "journal: off", exit 0, nothing written), and {@code --fsync} without it is refused there
     * rather than ignored.
     */
    @Test
    void shouldJournalARunTheConfigurationDoesNotJournalWhenGivenAJournalAndRefuseAnFsyncWithoutOne()
        throws IOException
    {
        final Path off = Files.writeString(dir.resolve("off.toml"), "[journal]\nenabled = false\n");
        final Path journal = dir.resolve("journal");

        final Cli journaled = Cli.run("run", "--config", off.toString(), "--events", "1000", "--journal",
            journal.toString(), "--fsync", "on-close", "--no-counters");
        final Cli fsync = Cli.run("run", "--config", off.toString(), "--events", "1000", "--fsync", "on-close",
            "--no-counters", "--json");

        assertEquals(0, journaled.code(), journaled.err());
        assertTrue(journaled.out().contains("\njournal: " + journal + ", "), journaled.out());
        assertTrue(Files.isDirectory(journal.resolve("shard-1")), "the run is journaled");
        assertEquals(2, fsync.code(), fsync.err());
        assertTrue(fsync.err().startsWith("concurrengine run: flag --fsync (journal.fsync): " +
            "--fsync on-close says when the " +
            "journal is forced to the device, and journal.enabled is false (" + off + ":2:1), so there is no " +
            "journal: give --journal DIR as well"), fsync.err());
        assertEquals("config",
            MiniJson.object(MiniJson.object(MiniJson.parse(fsync.out().strip())).get("error")).get("reason"));
    }

    /**
     * The same from the environment, which no in-process run can set: {@code --journal DIR} sets journal.enabled over
     * {@code CONCURRENGINE_JOURNAL_ENABLED=false}, its source the flag that implied it.
     */
    @Test
    void shouldJournalOverTheEnvironmentsJournalingOffWhenGivenAJournal()
    {
        final Map<String, String> environment = Map.of("CONCURRENGINE_JOURNAL_ENABLED", "false");
        final RunOptions options = new RunOptions();
        options.journal = dir.resolve("journal").toString();
        options.fsync = "per-block";

        final ConfigLoader loader = new ConfigLoader().flagNames(RunOptions.FLAG_NAMES); // as the command loads
        final EngineConfig config = loader.load(null, environment, options.flags(Map.of()), options.implied(), "run",
            Map.of(), true);

        assertTrue(config.journalEnabled());
        assertEquals(options.journal, config.journalDir());
        assertEquals("implied by flag --journal (journal.dir)", config.sources().get("journal.enabled"));
        options.journal = null;
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(null, environment,
            options.flags(Map.of()), options.implied(), "run", Map.of(), true));
        assertEquals("journal.fsync", error.key());
        assertTrue(error.getMessage().contains("journal.enabled is false (env CONCURRENGINE_JOURNAL_ENABLED)"),
            error.getMessage());
    }

    /**
     * The replay command a run prints is one a person can paste: a journal path with a space is quoted for the shell
     * (it was printed bare and split in two), in the summary and in its JSON.
     */
    @Test
    void shouldQuoteTheJournalPathOfTheReplayCommandItPrintsWhereTheShellWouldSplitIt()
    {
        final Path journal = dir.resolve("my journal");

        final Cli text = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters");
        final Cli json = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters", "--json");

        assertEquals(0, text.code(), text.err());
        assertEquals(0, json.code(), json.err());
        final String replay = " replay '" + journal + "' --verify";
        assertTrue(text.out().contains(replay + "\n"), text.out());
        assertTrue(((String)MiniJson.object(MiniJson.parse(json.out().strip())).get("replayCommand")).endsWith(replay),
            json.out());
    }

    /**
     * Java writes {@code ?} for a character its stdout encoding lacks (Java 17 under a {@code C} locale: ASCII), so
     * the JSON a script reads escapes every character beyond ASCII: a path comes back as it was.
     */
    @Test
    void shouldPrintTheJsonOfARunAndOfItsReplayInAsciiSoThatAPathComesBackWhateverTheStdoutEncoding()
    {
        final String name = "journal-\u00e9t\u00e9-\u2603";
        assumeTrue(Charset.forName(System.getProperty("sun.jnu.encoding")).newEncoder().canEncode(name),
            "file names here cannot hold the path");
        final Path journal = dir.resolve(name);

        final Cli run = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters", "--json");
        final Cli replay = Cli.run("replay", journal.toString(), "--verify", "--json");

        assertEquals(0, run.code(), run.err());
        assertEquals(0, replay.code(), replay.err());
        for (final Cli cli : new Cli[]{run, replay})
        {
            final String json = cli.out().strip();
            assertTrue(json.chars().allMatch(c -> c >= 0x20 && c < 0x7F), json);
            assertTrue(json.contains("journal-\\u00e9t\\u00e9-\\u2603"), json);
        }
        assertEquals(journal.toString(), MiniJson.object(MiniJson.parse(run.out().strip())).get("journalDir"));
        assertEquals(journal.toString(), MiniJson.object(MiniJson.parse(replay.out().strip())).get("directory"));
    }
}
