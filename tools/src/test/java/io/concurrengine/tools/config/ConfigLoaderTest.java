package io.concurrengine.tools.config;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.journal.JournalDescriptor;
import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.tools.feed.PacedFeed;
import io.concurrengine.tools.run.RunEngineFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tomlj.Toml;
import org.tomlj.TomlParseResult;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigLoaderTest
{
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();

    @Test
    void shouldLoadTheEmbeddedDefaults()
    {
        final EngineConfig config = loader.load(null, Map.of(), Map.of());
        assertEquals(2, config.shards());
        assertEquals("event-time", config.timeMode());
        assertEquals(10_000_000, config.events());
        assertEquals(0, config.rate());
        assertEquals("single", config.publishers(), "the run's feed is one thread");
        assertTrue(config.journalEnabled());
        assertEquals("data/journal", config.journalDir());
        assertEquals(1, config.minBatch(), "shards take their inputs at once unless asked to coalesce");
        assertEquals(50_000, config.maxBatchDelayNanos());
    }

    @Test
    void shouldRefuseAFilePathThatEndsWithASlashFromEachSourceButNotADirectoryPath() throws IOException
    {
        final String problem = "\"out/\" ends with '/', which names a directory; a file is meant";
        final Path file = write("[telemetry]\ncounters_file = \"out/\"\n");
        final ConfigException fromFile =
            assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: telemetry.counters_file: " + problem, fromFile.getMessage());
        final ConfigException fromEnv = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_TELEMETRY_COUNTERS_FILE", "out/"), Map.of()));
        assertEquals("env CONCURRENGINE_TELEMETRY_COUNTERS_FILE: telemetry.counters_file: " + problem,
            fromEnv.getMessage());
        final ConfigException fromFlag = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("telemetry.counters_file", "out/")));
        assertEquals("flag for telemetry.counters_file: " + problem, fromFlag.getMessage());

        final Path feed = write("[feed]\nfile = \"out/\"\n");
        final ConfigException feedFile =
            assertThrows(ConfigException.class, () -> loader.load(feed, Map.of(), Map.of()));
        assertEquals(feed + ":2:1: feed.file: " + problem, feedFile.getMessage());
        assertEquals("feed.file", assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("feed.file", "out/"))).key());

        final Path dots = write("[telemetry]\ncounters_file = \"out/..\"\n");
        assertEquals(dots + ":2:1: telemetry.counters_file: \"out/..\" ends with '..', which names a directory; a " +
            "file is meant", assertThrows(ConfigException.class, () -> loader.load(dots, Map.of(), Map.of()))
            .getMessage());
        assertEquals("telemetry.counters_file", assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("telemetry.counters_file", "out/."))).key());
        assertEquals(dir.resolve("out.").toString(),
            loader.load(null, Map.of(), Map.of("telemetry.counters_file", dir.resolve("out.").toString()))
            .countersFile(), "a name that merely ends with a dot is a file's");

        final Path journal = write("[journal]\ndir = \"out/\"\n");
        assertEquals(dir.resolve("out").toString(), loader.load(journal, Map.of(), Map.of()).journalDir());
        assertEquals("tcp://127.0.0.1:9000", loader.load(null, Map.of(), Map.of("feed.file", "tcp://127.0.0.1:9000"))
            .feedFile());
    }

    /**
     * {@code run --config /dev/stdin --feed -} read both from standard input: the configuration took every byte of
     * the pipe, and the run fed nothing, exit 0; a feed naming the configuration file was read as both too.
     */
    @Test
    void shouldRefuseAFeedThatIsTheConfigurationFileItself() throws IOException
    {
        final Path file = write("[engine]\nshards = 1\n");
        final ConfigException same = assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of("feed.file", file.toString())));
        assertEquals("flag for feed.file: " + file + " is the configuration file (" + file + ") too: a file is read " +
            "either as the configuration or as the feed", same.getMessage());
        final Path alias = Files.createLink(dir.resolve("alias.csv"), file);
        assertEquals("feed.file", assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of("feed.file", alias.toString()))).key());

        final EngineConfig standardInput = loader.load(null, Map.of(), Map.of("feed.file", "-"));
        final ConfigException both = assertThrows(ConfigException.class,
            () -> ConfigChecks.checkFeedIsNotConfig(standardInput, file, file));
        assertEquals("flag for feed.file: - (standard input) is the configuration file (" + file + ") too: a file " +
            "is read either as the configuration or as the feed, and a pipe's bytes once: give the configuration " +
            "as a file of its own", both.getMessage());
        ConfigChecks.checkFeedIsNotConfig(standardInput, file, dir.resolve("other"));
        ConfigChecks.checkFeedIsNotConfig(standardInput, Path.of("/dev/null"), Path.of("/dev/null"));
        ConfigChecks.checkFeedIsNotConfig(loader.load(null, Map.of(), Map.of("feed.file", "tcp://127.0.0.1:9000")),
            file, file);
        ConfigChecks.checkFeedIsNotConfig(loader.load(null, Map.of(), Map.of("feed.file", dir.resolve("none.csv")
            .toString())), file, file);
    }

    @Test
    void shouldRefuseAMinimumBatchLargerThanAShardTakesAtOnceOrADelayOverASecond() throws IOException
    {
        final Path file = write("[engine]\nbatch_limit = 128\nmin_batch = 256\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("engine.min_batch", error.key());
        assertTrue(error.getMessage().startsWith(file + ":3"), error.getMessage());
        assertTrue(error.getMessage().contains("engine.batch_limit (128)"), error.getMessage());

        assertEquals("engine.min_batch", assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("engine.ring_size", "64", "engine.min_batch", "128"))).key());
        assertEquals("engine.max_batch_delay", assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("engine.max_batch_delay", "2s"))).key());

        final EngineConfig config = loader.load(null, Map.of("CONCURRENGINE_ENGINE_MIN_BATCH", "256"),
            Map.of("engine.max_batch_delay", "200us"));
        assertEquals(256, config.minBatch());
        assertEquals(200_000, config.maxBatchDelayNanos());
    }

    @Test
    void shouldLetAFileThenTheEnvironmentThenFlagsOverride() throws IOException
    {
        final Path file = write("[engine]\nshards = 3\nbackpressure = \"drop\"\n[run]\nrate = \"1M\"\n");
        final EngineConfig config = loader.load(file,
            Map.of("CONCURRENGINE_ENGINE_SHARDS", "5", "PATH", "/bin"),
            Map.of("run.rate", "250000"));
        assertEquals(5, config.shards());
        assertEquals("drop", config.backpressure());
        assertEquals(250_000.0, config.rate());
        assertEquals("env CONCURRENGINE_ENGINE_SHARDS", config.sources().get("engine.shards"));
    }

    @Test
    void shouldNameFileLineKeyAndProblemForAnUnknownKey() throws IOException
    {
        final Path file = write("[engine]\nshards = 2\nthreads = 1024\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("engine.threads", error.key());
        assertTrue(error.getMessage().startsWith(file + ":3:1: engine.threads: unknown key"), error.getMessage());
        assertTrue(error.getMessage().contains("known keys of [engine]: shards"), error.getMessage());
    }

    @Test
    void shouldRefuseAnUnknownSectionWithNoKeyUnderItAsOneWithKeysIs() throws IOException
    {
        // [engien] with a key under it was refused at the key; with none, it was taken silently
        final Path file = write("[engine]\nshards = 2\n\n[engien]\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("engien", error.key());
        assertEquals(file + ":4:1: engien: unknown section; known sections: engine, run, market, feed, journal, " +
            "telemetry", error.getMessage());

        final Path withKey = write("[engien]\nshards = 2\n");
        final ConfigException keyError = assertThrows(ConfigException.class,
            () -> loader.load(withKey, Map.of(), Map.of()));
        assertEquals(withKey + ":2:1: engien.shards: unknown key; known sections: engine, run, market, feed, " +
            "journal, telemetry", keyError.getMessage());

        final Path known = write("[engine]\n[run]\nevents = 5\n");
        assertEquals(5, loader.load(known, Map.of(), Map.of()).events());
    }

    @Test
    void shouldNameTheLineOfAQuotedKeyThatIsNoBareKeyAndRefuseItAsUnknownNotWithAnException() throws IOException
    {
        // TOML keys are quoted strings too: an empty one, or one holding a dot, is one key, never a dotted path
        final Path empty = write("[engine]\nshards = 2\n\"\" = 1024\n");
        final ConfigException emptyError = assertThrows(ConfigException.class,
            () -> loader.load(empty, Map.of(), Map.of()));
        assertTrue(emptyError.getMessage().startsWith(empty + ":3:1: engine.: unknown key"), emptyError.getMessage());

        final Path dotted = write("[engine]\nshards = 2\n\"shards.x\" = 2\n");
        final ConfigException dottedError = assertThrows(ConfigException.class,
            () -> loader.load(dotted, Map.of(), Map.of()));
        assertTrue(dottedError.getMessage().startsWith(dotted + ":3:1: engine.shards.x: unknown key"),
            dottedError.getMessage());

        final Path topLevel = write("\"engine.shards\" = 3\n[engine]\nshards = 2\n");
        final ConfigException topLevelError = assertThrows(ConfigException.class,
            () -> loader.load(topLevel, Map.of(), Map.of()));
        assertTrue(topLevelError.getMessage().startsWith(topLevel + ":1:1: engine.shards: unknown top-level key"),
            topLevelError.getMessage());
    }

    @Test
    void shouldSayAKnownSectionWrittenAsAValueOrAnArrayOfTablesIsASectionNotAnUnknownKey() throws IOException
    {
        // "engine: unknown top-level key; settings belong in a section such as [engine]" contradicted itself
        final Path value = write("engine = 5\n");
        final ConfigException valueError = assertThrows(ConfigException.class,
            () -> loader.load(value, Map.of(), Map.of()));
        assertEquals(value + ":1:1: engine: a section, written [engine] with its keys on the lines under it, " +
            "found integer 5", valueError.getMessage());

        final Path arrayOfTables = write("[[engine]]\nshards = 1\n");
        final ConfigException arrayError = assertThrows(ConfigException.class,
            () -> loader.load(arrayOfTables, Map.of(), Map.of()));
        assertEquals(arrayOfTables + ":1:1: engine: a section, written [engine] with its keys on the lines under " +
            "it, found array [{shards = 1}]", arrayError.getMessage());

        final Path unknown = write("threads = 5\n");
        final ConfigException unknownError = assertThrows(ConfigException.class,
            () -> loader.load(unknown, Map.of(), Map.of()));
        assertEquals(unknown + ":1:1: threads: unknown top-level key; settings belong in a section such as [engine] " +
            "or [run]", unknownError.getMessage());
    }

    @Test
    void shouldSayAConfigurationFileIsMissingOrADirectoryInWordsNotAsAnExceptionsClassName() throws IOException
    {
        final Path missing = dir.resolve("nonexistent.toml");
        final ConfigException absent = assertThrows(ConfigException.class,
            () -> loader.load(missing, Map.of(), Map.of()));
        assertEquals(missing + ": (file): no such file", absent.getMessage());

        final Path directory = Files.createDirectories(dir.resolve("conf"));
        final ConfigException notAFile = assertThrows(ConfigException.class,
            () -> loader.load(directory, Map.of(), Map.of()));
        assertEquals(directory + ": (file): a directory, not a configuration file", notAFile.getMessage());
    }

    @Test
    void shouldRefuseAFileLargerThanAConfigurationMayBe() throws IOException
    {
        final Path file = dir.resolve("cycle.cq4"); // e.g. a journal's cycle file given as --config by mistake
        try (RandomAccessFile sparse = new RandomAccessFile(file.toFile(), "rw"))
        {
            sparse.setLength(ConfigLoader.MAX_FILE_BYTES + 1L);
        }

        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));

        assertEquals(file + ": (file): larger than the 1,048,576 bytes a configuration file may have (the embedded " +
            "one has a few thousand): not a configuration file", error.getMessage());

        final String settings = "[run]\nseed = 7\n#";
        final Path largest = write(settings + "x".repeat(ConfigLoader.MAX_FILE_BYTES - settings.length() - 1) + "\n");
        assertEquals(ConfigLoader.MAX_FILE_BYTES, Files.size(largest));
        assertEquals(7, loader.load(largest, Map.of(), Map.of()).seed(), "a file of the limit is read");
    }

    @Test
    void shouldRefuseAPathValueThatIsNoPathOnThisSystemAsTheFileGaveIt() throws IOException
    {
        final Path file = write("[journal]\ndir = \"runs/a\\u0000b\"\n");

        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));

        assertEquals("journal.dir", error.key());
        assertTrue(error.getMessage().contains("expected a path, found string \"runs/a"), error.getMessage());
        assertTrue(error.getMessage().contains("which is not a path on this system"), error.getMessage());
    }

    @Test
    void shouldRefuseMoreInstrumentsThanAShardsModelHoldsSayingHowManyItCouldHold() throws IOException
    {
        final Path file = write("[engine]\nshards = 2\n[market]\ninstruments = 1048576\nband_width = 65536\n");
        final int maxBooks = MarketConfig.maxInstrumentCapacity(65_536);

        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));

        assertEquals("market.instruments", error.key());
        assertTrue(error.getMessage().endsWith("instruments=1048576 over 2 shards with market.band_width=65536 needs " +
            "books for 1048576 instruments a shard, more than the " + maxBooks + " a model holds at that band width: " +
            "about " + maxBooks + " instruments at most, or a narrower band_width or more shards"), error.getMessage());
        final String tooMany = String.valueOf(maxBooks + 1);
        final ConfigException one = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("engine.shards", "1", "market.instruments", tooMany, "market.band_width", "65536")));
        assertTrue(one.getMessage().endsWith(": instruments=" + tooMany + " over 1 shard with market.band_width=65536 " +
            "needs books for " + tooMany + " instruments a shard, more than the " + maxBooks + " a model holds at that " +
            "band width: about " + maxBooks + " instruments at most, or a narrower band_width or more shards"),
            one.getMessage());
    }

    @Test
    void shouldAcceptOnOneShardAsManyInstrumentsAsAModelHolds() throws IOException
    {
        // one shard holds every instrument: books for twice as many would refuse the most instruments the key takes
        // at the default band width, which two shards accept
        final EngineConfig most = loader.load(write("[engine]\nshards = 1\n[market]\ninstruments = 1048576\n"),
            Map.of(), Map.of());
        assertEquals(MarketConfig.maxInstrumentCapacity(1024), most.instrumentCapacityPerShard(1));

        final Path file = write("[engine]\nshards = 1\n[market]\ninstruments = 16385\nband_width = 65536\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().endsWith("instruments=16385 over 1 shard with market.band_width=65536 needs " +
            "books for 16385 instruments a shard, more than the 16384 a model holds at that band width: about 16384 " +
            "instruments at most, or a narrower band_width or more shards"), error.getMessage());
    }

    @Test
    void shouldExportTheCountersOnlyWhereAskedWithoutChangingTheHashARunsJournalHeadersCarry() throws IOException
    {
        final EngineConfig defaults = loader.load(null, Map.of(), Map.of());
        assertEquals("none", defaults.exporter());
        assertEquals("127.0.0.1:9090", defaults.endpoint(), "loopback by default");
        final EngineConfig exported = loader.load(write("[telemetry]\nexporter = \"prometheus\"\n" +
            "endpoint = \"0.0.0.0:0\"\n"), Map.of(), Map.of());
        assertEquals("prometheus", exported.exporter());
        assertEquals("0.0.0.0:0", exported.endpoint());
        assertEquals(defaults.hash(), exported.hash(), "how the counters are read is no part of what a run dispatches");
        final String withoutTheKeys = defaults.toToml().replaceAll("(?m)^(exporter|endpoint) = .*\n", "");
        assertEquals(defaults.hash(), EngineConfig.hashOf(withoutTheKeys), "a run.toml written before the keys existed");
        assertEquals(exported.toToml(), loader.load(write(exported.toToml()), Map.of(), Map.of()).toToml());

        final ConfigException endpoint = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_TELEMETRY_ENDPOINT", "9090"), Map.of()));
        assertTrue(endpoint.getMessage().contains("telemetry.endpoint") &&
            endpoint.getMessage().contains("expected HOST:PORT, e.g. 127.0.0.1:9090 (port 0: any free port), " +
            "found \"9090\""), endpoint.getMessage());
        final ConfigException exporter = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("telemetry.exporter", "statsd")));
        assertTrue(exporter.getMessage().contains("telemetry.exporter"), exporter.getMessage());
        final ConfigException noCounters = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("telemetry.exporter", "prometheus", "telemetry.counters", "false")));
        assertEquals("flag for telemetry.exporter: the prometheus exporter serves the counters, and " +
            "telemetry.counters is false (flag for telemetry.counters)", noCounters.getMessage());
    }

    @Test
    void shouldSizeTheWheelsWithoutChangingTheHashARunsJournalHeadersCarry() throws IOException
    {
        final EngineConfig defaults = loader.load(null, Map.of(), Map.of());
        assertEquals(EngineBuilder.DEFAULT_INITIAL_WHEEL_CAPACITY, defaults.wheelCapacity());
        final EngineConfig larger = loader.load(null, Map.of(), Map.of("engine.wheel_capacity", "1M"));
        assertEquals(1_000_000, larger.wheelCapacity());

        assertEquals(defaults.hash(), larger.hash(), "when a wheel grows is no part of what a run dispatches");
        final String withoutTheKey = defaults.toToml().replaceAll("(?m)^wheel_capacity = .*\n", "");
        assertFalse(withoutTheKey.contains("wheel_capacity"));
        assertEquals(defaults.hash(), EngineConfig.hashOf(withoutTheKey), "a run.toml written before the key existed");

        final Path file = write("[engine]\nwheel_capacity = 0\n");
        assertEquals(file + ":2:1: engine.wheel_capacity: must be in [1, " + EventDescriptor.MAX_RECORDS + "], found 0",
            assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of())).getMessage());
    }

    @Test
    void shouldRejectAValueOutOfRange() throws IOException
    {
        final Path file = write("[engine]\nshards = 0\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: engine.shards: must be in [1, 1024], found 0", error.getMessage());
    }

    /**
     * The journal refuses a block smaller than its longest record with its header: a value under that bound must be
     * refused here, naming the key, not by the engine's start after the run has cleared its journal directory.
     */
    @Test
    void shouldRefuseAJournalBlockSizeTheJournalRefusesNamingTheKey() throws IOException
    {
        final Path file = write("[journal]\nblock_bytes = 2048\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("journal.block_bytes", error.key());
        assertEquals(file + ":2:1: journal.block_bytes: must be in [" + JournalDescriptor.MIN_BLOCK_CAPACITY + ", " +
            JournalDescriptor.MAX_BLOCK_CAPACITY + "], found 2048", error.getMessage());

        final String below = Integer.toString(JournalDescriptor.MIN_BLOCK_CAPACITY - 1);
        assertEquals("journal.block_bytes", assertThrows(ConfigException.class, () -> loader.load(null,
            Map.of("CONCURRENGINE_JOURNAL_BLOCK_BYTES", below), Map.of())).key());
        assertEquals("journal.block_bytes", assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("journal.block_bytes", Integer.toString(JournalDescriptor.MAX_BLOCK_CAPACITY + 1)))).key());
        assertEquals(JournalDescriptor.MIN_BLOCK_CAPACITY, loader.load(null, Map.of(),
            Map.of("journal.block_bytes", Integer.toString(JournalDescriptor.MIN_BLOCK_CAPACITY))).blockBytes());
        assertEquals(JournalDescriptor.MAX_BLOCK_CAPACITY, loader.load(null, Map.of(),
            Map.of("journal.block_bytes", Integer.toString(JournalDescriptor.MAX_BLOCK_CAPACITY))).blockBytes());
    }

    @Test
    void shouldRejectAWrongType() throws IOException
    {
        final Path file = write("[journal]\nenabled = \"yes\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().contains("journal.enabled: expected true or false, found string \"yes\""),
            error.getMessage());
    }

    @Test
    void shouldShowAnArrayTableOrDateOfTheWrongTypeAsTomlNotAsAJavaObject() throws IOException
    {
        final Path file = write("[engine]\nshards = [1, \"two\"]\n");
        final ConfigException array = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: engine.shards: expected an integer, found array [1, \"two\"]", array.getMessage());

        final ConfigException table = assertThrows(ConfigException.class,
            () -> loader.load(write("[engine]\ntime_mode = {a = 1}\n"), Map.of(), Map.of()));
        assertEquals(file + ":2:1: engine.time_mode: expected one of event-time, wall-clock, found table {a = 1}",
            table.getMessage());

        final ConfigException date = assertThrows(ConfigException.class,
            () -> loader.load(write("[run]\nduration = 1979-05-27\n"), Map.of(), Map.of()));
        assertEquals(file + ":2:1: run.duration: expected a duration such as \"10s\", found date 1979-05-27",
            date.getMessage());
    }

    @Test
    void shouldRejectARingSizeThatIsNotAPowerOfTwo()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_ENGINE_RING_SIZE", "1000"), Map.of()));
        assertEquals("env CONCURRENGINE_ENGINE_RING_SIZE: engine.ring_size: must be a power of two, found 1000",
            error.getMessage());
    }

    @Test
    void shouldRejectAnUnknownPublishersMode()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_ENGINE_PUBLISHERS", "two"), Map.of()));
        assertEquals("engine.publishers", error.key());
        assertTrue(error.getMessage().startsWith("env CONCURRENGINE_ENGINE_PUBLISHERS: engine.publishers: "),
            error.getMessage());
        assertTrue(error.getMessage().contains("two"), error.getMessage());
    }

    @Test
    void shouldRejectAPretouchIntervalBelowTenMicroseconds() throws IOException
    {
        final Path file = write("[journal]\npretouch_interval = \"5us\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: journal.pretouch_interval: must be at least 10000ns, found string \"5us\"",
            error.getMessage());
        assertEquals(20_000, loader.load(null, Map.of("CONCURRENGINE_JOURNAL_PRETOUCH_INTERVAL", "20us"), Map.of())
            .pretouchIntervalNanos());
    }

    @Test
    void shouldLeaveThePageReadAheadOfTheJournalWriterOffUnlessAsked() throws IOException
    {
        assertFalse(loader.load(null, Map.of(), Map.of()).pretouchRead(), "off on the 2-core default");
        assertTrue(loader.load(write("[journal]\npretouch_read = true\n"), Map.of(), Map.of()).pretouchRead());
        final Path file = write("[journal]\npretouch_read = \"yes\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("journal.pretouch_read", error.key());
        assertTrue(error.getMessage().startsWith(file + ":2:1: journal.pretouch_read: "), error.getMessage());
    }

    @Test
    void shouldWritePackedJournalRecordsUnlessTurnedOff() throws IOException
    {
        assertTrue(loader.load(null, Map.of(), Map.of()).journalPacked(), "on by default");
        assertFalse(loader.load(write("[journal]\npacked = false\n"), Map.of(), Map.of()).journalPacked());
        final Path file = write("[journal]\npacked = \"yes\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("journal.packed", error.key());
        assertTrue(error.getMessage().startsWith(file + ":2:1: journal.packed: "), error.getMessage());
    }

    @Test
    void shouldAskForHugeJournalPagesUnlessTurnedOff() throws IOException
    {
        assertTrue(loader.load(null, Map.of(), Map.of()).hugePages(), "on by default");
        assertFalse(loader.load(write("[journal]\nhuge_pages = false\n"), Map.of(), Map.of()).hugePages());
        assertFalse(loader.load(null, Map.of("CONCURRENGINE_JOURNAL_HUGE_PAGES", "false"), Map.of()).hugePages());
        final Path file = write("[journal]\nhuge_pages = 1\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("journal.huge_pages", error.key());
        assertTrue(error.getMessage().startsWith(file + ":2:1: journal.huge_pages: "), error.getMessage());
    }

    @Test
    void shouldMapEveryRollCycleNameToAJournalRollCycle() throws IOException
    {
        for (final String name : new String[]{ "minutely", "five-minutely", "hourly", "daily" })
        {
            final Path file = write("[journal]\nroll_cycle = \"" + name + "\"\n");
            final EngineConfig config = loader.load(file, Map.of(), Map.of());
            assertEquals(name, config.rollCycle());
            assertEquals(name.toUpperCase(Locale.ROOT).replace('-', '_'),
                RunEngineFactory.rollCycle(config.rollCycle()).name());
        }
        final Path file = write("[journal]\nroll_cycle = \"secondly\"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("journal.roll_cycle", error.key());
    }

    @Test
    void shouldNameTheKeyOfANumberTomlCannotHoldNotOnlyItsLine() throws IOException
    {
        // the parser refuses these as syntax: the message said "(syntax): Integer is too large", naming no key
        final Path seed = write("[run]\nseed = 9223372036854775808\n");
        final ConfigException seedError = assertThrows(ConfigException.class,
            () -> loader.load(seed, Map.of(), Map.of()));
        assertEquals("run.seed", seedError.key());
        assertEquals(seed + ":2:8: run.seed: an integer beyond the range of a signed 64-bit integer, which TOML does " +
            "not read; run.seed takes an integer", seedError.getMessage());

        final Path shards = write("# shards\n[engine]  # the engine\nring_size = 1024\n" +
            "  shards=99999999999999999999\n");
        final ConfigException shardsError = assertThrows(ConfigException.class,
            () -> loader.load(shards, Map.of(), Map.of()));
        assertEquals(shards + ":4:10: engine.shards: an integer beyond the range of a signed 64-bit integer, which " +
            "TOML does not read; engine.shards takes an integer, from 1 to 1024", shardsError.getMessage());

        final Path rate = write("[engine]\nshards = 2\n[run]\nrate = 1e400\n");
        final ConfigException rateError = assertThrows(ConfigException.class,
            () -> loader.load(rate, Map.of(), Map.of()));
        assertTrue(rateError.getMessage().startsWith(rate + ":4:8: run.rate: a float beyond the range of a double, " +
            "which TOML does not read; run.rate takes "), rateError.getMessage());

        // a line whose key is not a plain one under a [section] is the parser's error, as it was
        final Path dotted = write("run.seed = 9223372036854775808\n");
        final ConfigException dottedError = assertThrows(ConfigException.class,
            () -> loader.load(dotted, Map.of(), Map.of()));
        assertEquals(dotted + ":1:12: (syntax): Integer is too large", dottedError.getMessage());
        // nor is a line after a multi-line string, whose lines ("[engine]") are no section's header
        final Path multiLine = write("[run]\nseed = 1\nx = \"\"\"\n[engine]\n\"\"\"\nshards = 1e999\n");
        final ConfigException multiLineError = assertThrows(ConfigException.class,
            () -> loader.load(multiLine, Map.of(), Map.of()));
        assertEquals(multiLine + ":6:10: (syntax): Float is too large", multiLineError.getMessage());
    }

    @Test
    void shouldSayWhereAKeyPutUnderTheWrongSectionBelongs() throws IOException
    {
        final Path file = write("[run]\nshards = 3\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: run.shards: unknown key; known keys of [run]: duration, warmup, events, rate, " +
            "pacing, seed, progress; shards is a key of [engine] (engine.shards, CONCURRENGINE_ENGINE_SHARDS)",
            error.getMessage());

        final Path topLevel = write("counters_file = \"c.dat\"\n");
        final ConfigException topLevelError = assertThrows(ConfigException.class,
            () -> loader.load(topLevel, Map.of(), Map.of()));
        assertEquals(topLevel + ":1:1: counters_file: unknown top-level key; settings belong in a section such as " +
            "[engine] or [run]; counters_file is a key of [telemetry] (telemetry.counters_file, " +
            "CONCURRENGINE_TELEMETRY_COUNTERS_FILE)", topLevelError.getMessage());

        final ConfigException environment = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_JOURNAL_SHARDS", "3"), Map.of()));
        assertTrue(environment.getMessage().startsWith("env CONCURRENGINE_JOURNAL_SHARDS: unknown setting; "),
            environment.getMessage());
        assertTrue(environment.getMessage().endsWith("; shards is a key of [engine] (engine.shards, " +
            "CONCURRENGINE_ENGINE_SHARDS)"), environment.getMessage());

        // a dotted key naming another section ([run] engine.shards = 3) is run.engine, a table: told where it goes
        final Path dotted = write("[run]\nengine.shards = 3\n");
        final ConfigException dottedError = assertThrows(ConfigException.class,
            () -> loader.load(dotted, Map.of(), Map.of()));
        assertTrue(dottedError.getMessage().startsWith(dotted + ":2:1: run.engine: unknown key; known keys of [run]: "),
            dottedError.getMessage());
        assertTrue(dottedError.getMessage().endsWith("; engine is a section of its own, not one of [run]'s: its keys " +
            "go under [engine]"), dottedError.getMessage());

        // the section's own name before its key ([run] run.duration = "1s") is run.run, no section of its own
        final Path twice = write("[run]\nrun.duration = \"1s\"\n");
        final ConfigException twiceError = assertThrows(ConfigException.class,
            () -> loader.load(twice, Map.of(), Map.of()));
        assertTrue(twiceError.getMessage().startsWith(twice + ":2:1: run.run: unknown key; known keys of [run]: "),
            twiceError.getMessage());
        assertTrue(twiceError.getMessage().endsWith("; under [run] a key is written without the section's name: " +
            "duration, not run.duration"), twiceError.getMessage());
        // the key written is the one named, not the section's first: events, not duration
        final Path events = write("[run]\nrun.events = 5\n");
        final String eventsError = assertThrows(ConfigException.class, () -> loader.load(events, Map.of(), Map.of()))
            .getMessage();
        assertTrue(eventsError.endsWith("; under [run] a key is written without the section's name: events, not " +
            "run.events"), eventsError);

        // a quoted dotted name is one key, with a dot in its name, in the section it is written in: told so
        final Path quoted = write("[run]\n\"engine.shards\" = 3\n");
        final ConfigException quotedError = assertThrows(ConfigException.class,
            () -> loader.load(quoted, Map.of(), Map.of()));
        assertTrue(quotedError.getMessage().startsWith(quoted + ":2:1: run.engine.shards: unknown key; known keys " +
            "of [run]: "), quotedError.getMessage());
        assertTrue(quotedError.getMessage().endsWith("; \"engine.shards\", quoted, is one key whose name holds a " +
            "dot, not shards of [engine]: write shards, unquoted, under [engine]"), quotedError.getMessage());
        final Path quotedTop = write("\"engine.shards\" = 3\n");
        final ConfigException quotedTopError = assertThrows(ConfigException.class,
            () -> loader.load(quotedTop, Map.of(), Map.of()));
        assertTrue(quotedTopError.getMessage().endsWith("; \"engine.shards\", quoted, is one key whose name holds a " +
            "dot, not shards of [engine]: write shards, unquoted, under [engine]"), quotedTopError.getMessage());

        // a quoted header holding a dot names one section so named: it got [engine]'s keys as if it were [engine]
        final Path quotedHeader = write("[\"engine.x\"]\nshards = 3\n");
        final ConfigException quotedHeaderError = assertThrows(ConfigException.class,
            () -> loader.load(quotedHeader, Map.of(), Map.of()));
        assertTrue(quotedHeaderError.getMessage().startsWith(quotedHeader + ":2:1: engine.x.shards: unknown key; " +
            "[\"engine.x\"], quoted, is one section whose name holds a dot, not x in [engine], and sections do not " +
            "nest; known keys of [engine]: shards, "), quotedHeaderError.getMessage());
        final ConfigException otherHeaderError = assertThrows(ConfigException.class,
            () -> loader.load(write("[\"run.engine\"]\nshards = 3\n"), Map.of(), Map.of()));
        assertTrue(otherHeaderError.getMessage().endsWith("; shards is a key of [engine] (engine.shards, " +
            "CONCURRENGINE_ENGINE_SHARDS)"), otherHeaderError.getMessage());

        // a key of no section is told the section's keys alone, as before
        final Path unknown = write("[run]\nthreads = 3\n");
        final ConfigException unknownError = assertThrows(ConfigException.class,
            () -> loader.load(unknown, Map.of(), Map.of()));
        assertTrue(unknownError.getMessage().endsWith("known keys of [run]: duration, warmup, events, rate, pacing, " +
            "seed, progress"), unknownError.getMessage());
    }

    @Test
    void shouldRejectAnUnknownEnvironmentOverride()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_ENGINE_THREADS", "4"), Map.of()));
        assertTrue(error.getMessage().startsWith("env CONCURRENGINE_ENGINE_THREADS: unknown setting; "),
            error.getMessage());
        assertTrue(error.getMessage().contains("known in this section: CONCURRENGINE_ENGINE_BACKPRESSURE"),
            error.getMessage());
        assertTrue(error.getMessage().contains("CONCURRENGINE_ENGINE_SHARDS"), error.getMessage());

        final ConfigException unknownSection = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_HOME", "/opt"), Map.of()));
        assertTrue(unknownSection.getMessage().endsWith("known sections: engine, run, market, feed, journal, telemetry"),
            unknownSection.getMessage());
    }

    @Test
    void shouldNameABadFlagOnce()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "abc")));

        assertEquals("run.duration", error.key());
        assertTrue(error.getMessage().startsWith("flag for run.duration: expected a duration"), error.getMessage());
    }

    @Test
    void shouldReportTomlSyntaxErrorsWithTheirPosition() throws IOException
    {
        final Path file = write("[engine\nshards = 2\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().startsWith(file + ":1:"), error.getMessage());
    }

    @Test
    void shouldParseDurationsAndRates()
    {
        final EngineConfig config = loader.load(null, Map.of(),
            Map.of("run.duration", "1.5m", "run.rate", "max", "run.events", "0"));
        assertEquals(90_000_000_000L, config.durationNanos());
        assertEquals(0, config.rate());
        assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "ten seconds")));
        assertThrows(ConfigException.class, () -> loader.load(null, Map.of(), Map.of("run.rate", "-5")));
        assertEquals(10_000_000_000L,
            loader.load(null, Map.of(), Map.of("run.duration", "10", "run.events", "0")).durationNanos(),
            "a bare number is seconds");
    }

    @Test
    void shouldRefuseARateTheFeedsScheduleCannotKeep() throws IOException
    {
        // one input a nanosecond is the schedule's resolution; one in 11.6 days keeps its times within 64 bits
        assertEquals(1e9, loader.load(null, Map.of(), Map.of("run.rate", "1e9")).rate());
        assertEquals(1e9, loader.load(null, Map.of(), Map.of("run.rate", "1000M")).rate());
        assertEquals(1e-6, loader.load(null, Map.of(), Map.of("run.rate", "0.000001")).rate());
        assertEquals(0.5, loader.load(write("[run]\nrate = 0.5\n"), Map.of(), Map.of()).rate());
        for (final String rate : new String[] { "1.000001e9", "1e30", "1e999", "9e-7", "1e-30" })
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of("run.rate", rate)), rate);
            assertEquals("flag for run.rate: must be in [1e-6, 1e9] inputs per second, found " + rate,
                error.getMessage());
        }
        final Path file = write("[run]\nrate = 2e9\n");
        final ConfigException inFile = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: run.rate: must be in [1e-6, 1e9] inputs per second, found 2.0E9",
            inFile.getMessage());
    }

    @Test
    void shouldRefuseArraysNestedTooDeeplyForTheParserAsBadInputNotAStackOverflow() throws IOException
    {
        // a thousand levels (2 KB) overflowed the parser's stack: a StackOverflowError's trace, exit 1, and no JSON
        for (final String open : List.of("[", "{a="))
        {
            final String close = "[".equals(open) ? "]" : "}";
            final Path file = write("[engine]\nshards = " + open.repeat(200_000) + "1" + close.repeat(200_000) + "\n");
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(file, Map.of(), Map.of()), open);
            assertEquals(file + ": (syntax): arrays or inline tables nested too deeply to parse", error.getMessage());
        }
    }

    @Test
    void shouldGiveARateWithASuffixTheValueItHasWrittenOut()
    {
        // 1.001 * 1000 in doubles is 1000.9999999999999: a rate no one asked for, in the summary and run.toml, and a
        // configuration hash in the journal's headers other than --rate 1001's
        for (final String[] same : new String[][] {
            { "1.001k", "1001" }, { "0.000123M", "123" }, { "1.005k", "1005" }, { "2.5M", "2500000" } })
        {
            final EngineConfig suffixed = loader.load(null, Map.of(), Map.of("run.rate", same[0]));
            final EngineConfig plain = loader.load(null, Map.of(), Map.of("run.rate", same[1]));
            assertEquals(plain.rate(), suffixed.rate(), same[0]);
            assertEquals(plain.hash(), suffixed.hash(), same[0]);
        }
    }

    @Test
    void shouldReadRatesAndNumbersInDecimalNotationOnly()
    {
        assertEquals(1_000_000, loader.load(null, Map.of(), Map.of("run.rate", "1e6")).rate());
        assertEquals(2_500_000, loader.load(null, Map.of(), Map.of("run.rate", "2.5M")).rate());
        for (final String javaOnly : new String[] { "2000000d", "2000000f", "0x1p20", "Infinity", "NaN" })
        {
            final ConfigException rate = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of("run.rate", javaOnly)), javaOnly);
            assertEquals("run.rate", rate.key());
        }
        assertEquals(1.5, loader.load(null, Map.of(), Map.of("market.zipf_exponent", "1.5")).zipfExponent());
        assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("market.zipf_exponent", "1d")), "1d is no decimal number");
    }

    @Test
    void shouldRefuseACapitalMAsADurationUnitRatherThanReadItAsMinutes()
    {
        // 10M is ten million as a count (--events 10M): as a duration it is a slip, not ten minutes
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "10M", "run.events", "0")));
        assertEquals("run.duration", error.key());
        assertTrue(error.getMessage().endsWith("\"10M\" is not a duration: M is a million in a count such as " +
            "--events 10M; write 10m for minutes"), error.getMessage());
        assertEquals(600_000_000_000L,
            loader.load(null, Map.of(), Map.of("run.duration", "10m", "run.events", "0")).durationNanos());
        assertEquals(10_000_000L,
            loader.load(null, Map.of(), Map.of("run.duration", "10MS", "run.events", "0")).durationNanos(),
            "other units in any case, as before");
        // an M alone has no amount: it was told to "write m for minutes"
        assertTrue(assertThrows(ConfigException.class, () -> loader.load(null, Map.of(), Map.of("run.duration", "M")))
            .getMessage().endsWith("expected a duration such as \"10s\", \"500ms\", \"5m\" or \"1h\", found \"M\""));
        // nor has a point or an underscore without a digit: they were told to "write .m for minutes", refused too
        for (final String noAmount : List.of(".M", "_M", "-.M", "+_M"))
        {
            assertTrue(assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
                Map.of("run.duration", noAmount))).getMessage().endsWith("expected a duration such as \"10s\", " +
                "\"500ms\", \"5m\" or \"1h\", found \"" + noAmount + "\""), noAmount);
        }
    }

    @Test
    void shouldReadAFloatDurationInAFileAsSecondsAsAFlagDoes() throws IOException
    {
        final EngineConfig config = loader.load(write("[run]\nduration = 1.5\nwarmup = 2.5e-1\n"), Map.of(), Map.of());

        assertEquals(1_500_000_000L, config.durationNanos());
        assertEquals(250_000_000L, config.warmupNanos());
    }

    /**
     * A file's {@code duration = 1e3} is a TOML float, 1000 s; {@code --duration 1e3} and
     * {@code CONCURRENGINE_RUN_DURATION=1e3} were refused as not a duration.
     */
    @Test
    void shouldReadAnExponentInADurationInAFlagOrTheEnvironmentAsInAFile() throws IOException
    {
        assertEquals(1_000_000_000_000L,
            loader.load(write("[run]\nduration = 1e3\n"), Map.of(), Map.of()).durationNanos());
        assertEquals(1_000_000_000_000L, loader.load(null, Map.of(), Map.of("run.duration", "1e3")).durationNanos());
        assertEquals(1_000_000_000_000L,
            loader.load(null, Map.of("CONCURRENGINE_RUN_DURATION", "1E+3"), Map.of()).durationNanos());
        assertEquals(1_500_000L, loader.load(null, Map.of(), Map.of("run.duration", "1.5e-3 s")).durationNanos());
        assertEquals(2_000_000L, loader.load(null, Map.of(), Map.of("run.duration", "+2e3us")).durationNanos());
        for (final String text : new String[]{"1e", "e3", "1e3e3", "1e+s", "1.5e3M"})
        {
            assertThrows(ConfigException.class, () -> loader.load(null, Map.of(), Map.of("run.duration", text)),
                text);
        }
        assertEquals(0, loader.load(null, Map.of(), Map.of("run.duration", "0e5", "run.events", "1")).durationNanos());
        final ConfigException tiny = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "1e-400h", "run.events", "1")));
        assertTrue(tiny.getMessage().contains("at least 1ns (0s means none)"), tiny.getMessage());
        final ConfigException negative = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "-1e3")));
        assertTrue(negative.getMessage().contains("duration out of range: -1e3"), negative.getMessage());
    }

    @Test
    void shouldTakeAnIntegerDurationAsSecondsUpToTheLongestAndZeroAsNone() throws IOException
    {
        final EngineConfig config = loader.load(write("[run]\nduration = 10\nwarmup = 0.0\n"), Map.of(), Map.of());
        assertEquals(10_000_000_000L, config.durationNanos());
        assertEquals(0, config.warmupNanos());

        final long longest = Durations.MAX_NANOS / 1_000_000_000L;
        assertEquals(longest * 1_000_000_000L,
            loader.load(write("[run]\nduration = " + longest + "\n"), Map.of(), Map.of()).durationNanos());
        final ConfigException over = assertThrows(ConfigException.class,
            () -> loader.load(write("[run]\nduration = " + (longest + 1) + "\n"), Map.of(), Map.of()));
        assertEquals("run.duration", over.key());
        assertTrue(over.getMessage().contains("duration out of range: " + (longest + 1)), over.getMessage());
    }

    @Test
    void shouldRefuseANegativeHugeOrNotANumberFloatDurationInAFile() throws IOException
    {
        for (final String value : new String[] { "-1.5", "-inf", "inf", "1e300" })
        {
            final Path file = write("[run]\nduration = " + value + "\n");
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(file, Map.of(), Map.of()), value);
            assertTrue(error.getMessage().startsWith(file + ":2:1: run.duration: duration out of range: "),
                error.getMessage());
        }
        final Path nan = write("[run]\nduration = nan\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(nan, Map.of(), Map.of()));
        assertTrue(error.getMessage().endsWith("expected a duration such as \"10s\", found float NaN"),
            error.getMessage());
    }

    /**
     * A duration above 0 that rounds to 0ns was taken as 0s, which means none: {@code --duration 0.4ns} with
     * {@code --events 10} ran unbounded by time, a network feed's {@code idle_timeout = 1e-10} waited for ever, and
     * {@code --duration 0.4ns} alone was refused as "run.events and run.duration are both 0".
     */
    @Test
    void shouldRefuseADurationAboveZeroThatRoundsToNoneRatherThanTakeItAsNone() throws IOException
    {
        final ConfigException text = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "0.4ns", "run.events", "10")));
        assertEquals("run.duration", text.key());
        assertEquals("flag for run.duration: a duration above 0 is at least 1ns (0s means none), " +
            "found \"0.4ns\"", text.getMessage());
        final Path file = write("[feed]\nidle_timeout = 1e-10\n");
        final ConfigException seconds = assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of()));
        assertEquals(file + ":2:1: feed.idle_timeout: a duration above 0 is at least 1ns (0s means none), found " +
            "1.0E-10", seconds.getMessage());
        final ConfigException environment = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_RUN_WARMUP", "0.0000000001s"), Map.of()));
        assertEquals("run.warmup", environment.key());

        assertEquals(1, loader.load(null, Map.of(), Map.of("run.warmup", "0.5ns")).warmupNanos());
        assertEquals(0, loader.load(null, Map.of(), Map.of("run.warmup", "0.0ns")).warmupNanos());
        assertEquals(0, loader.load(write("[run]\nwarmup = -0.0\n"), Map.of(), Map.of()).warmupNanos());
    }

    /**
     * A negative duration written as text (--duration -1, CONCURRENGINE_RUN_WARMUP=-5s) was "expected a duration such
     * as ...", as if it were not one, where the same in a file as a number (duration = -1) is out of range.
     */
    @Test
    void shouldSayANegativeDurationIsOutOfRangeGivingTheRange() throws IOException
    {
        assertEquals("flag for run.duration: duration out of range: -1 (0s to 1281023h)", assertThrows(
            ConfigException.class, () -> loader.load(null, Map.of(), Map.of("run.duration", "-1"))).getMessage());
        assertEquals("env CONCURRENGINE_RUN_WARMUP: run.warmup: duration out of range: -5s (0s to 1281023h)",
            assertThrows(ConfigException.class, () -> loader.load(null, Map.of("CONCURRENGINE_RUN_WARMUP", " -5s"),
            Map.of())).getMessage());
        final Path file = write("[run]\nduration = \"-1.5m\"\n");
        assertEquals(file + ":2:1: run.duration: duration out of range: -1.5m (0s to 1281023h)", assertThrows(
            ConfigException.class, () -> loader.load(file, Map.of(), Map.of())).getMessage());
        assertEquals(file + ":2:1: run.duration: duration out of range: -1 (0s to 1281023h)", assertThrows(
            ConfigException.class, () -> loader.load(write("[run]\nduration = -1\n"), Map.of(), Map.of()))
            .getMessage(), "as a number in a file was");
        for (final String unreadable : List.of("-", "--1", "-x", "-1d", "-+5s", "+-5s", "+", "+ 5s", "-M"))
        {
            assertTrue(assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
                Map.of("run.duration", unreadable))).getMessage().startsWith("flag for run.duration: expected a " +
                "duration such as \"10s\""), unreadable);
        }
        // not a duration either, but the minus sign lost the hint 10M has
        assertEquals("flag for run.duration: \"-10M\" is not a duration: M is a million in a count such as " +
            "--events 10M; write -10m for minutes", assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "-10M"))).getMessage());
    }

    /**
     * One rule for a sign and leading zeros in every number and duration, from a flag, the environment or a file: a
     * {@code +} before the amount is taken, {@code -0} is 0 and {@code 007} is 7. {@code --events +1k} and
     * {@code --shards +2} were taken where {@code --duration +5s} was refused, and {@code --events -0} where
     * {@code --duration -0s} was.
     */
    @Test
    void shouldReadASignAndLeadingZerosAlikeInEveryNumberAndDuration() throws IOException
    {
        final EngineConfig plus = loader.load(null, Map.of("CONCURRENGINE_RUN_WARMUP", "+.5s"), Map.of(
            "run.duration", "+5s", "run.events", "+1k", "engine.shards", "+2", "run.rate", "+100", "run.seed", "+7",
            "engine.ring_size", "+1024"));
        assertEquals(5_000_000_000L, plus.durationNanos());
        assertEquals(500_000_000L, plus.warmupNanos());
        assertEquals(1_000L, plus.events());
        assertEquals(2, plus.shards());
        assertEquals(100.0, plus.rate());
        assertEquals(7L, plus.seed());
        assertEquals(1024, plus.ringSize());
        final EngineConfig zeros = loader.load(null, Map.of(), Map.of("run.duration", "05s", "run.events", "007",
            "engine.shards", "02", "run.warmup", "-0s", "run.seed", "-0"));
        assertEquals(5_000_000_000L, zeros.durationNanos());
        assertEquals(7L, zeros.events());
        assertEquals(2, zeros.shards());
        assertEquals(0L, zeros.warmupNanos());
        assertEquals(0L, zeros.seed());
        final EngineConfig file = loader.load(write("[run]\nduration = \"+5s\"\nwarmup = \"-0ms\"\nevents = +1000\n"),
            Map.of(), Map.of());
        assertEquals(5_000_000_000L, file.durationNanos());
        assertEquals(0L, file.warmupNanos());
        assertEquals(1_000L, file.events());
        // an underscore after the sign, as --events -_0 is 0 and -_5 out of range, and --duration +_5s is 5s
        final EngineConfig underscored = loader.load(null, Map.of(), Map.of("run.warmup", "-_0s", "run.seed", "-_0"));
        assertEquals(0L, underscored.warmupNanos());
        assertEquals(0L, underscored.seed());
        assertEquals("flag for run.warmup: duration out of range: -_5s (0s to 1281023h)", assertThrows(
            ConfigException.class, () -> loader.load(null, Map.of(), Map.of("run.warmup", "-_5s"))).getMessage());
    }

    @Test
    void shouldRefuseADurationBeyondWhatTheClockCanAdd()
    {
        final ConfigException hours = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "99999999999h")));
        assertEquals("run.duration", hours.key());
        assertTrue(hours.getMessage().endsWith("duration out of range: 99999999999h (0s to 1281023h)"),
            hours.getMessage());
        assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.duration", "9223372036854775807ns")));
        assertEquals(Durations.MAX_NANOS,
            loader.load(null, Map.of(), Map.of("run.duration", Durations.MAX_NANOS + "ns")).durationNanos());
    }

    @Test
    void shouldSayAnIntegerIsOutOfRangeRatherThanNotAnInteger()
    {
        final ConfigException huge = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.seed", "99999999999999999999")));
        assertTrue(huge.getMessage().contains("integer out of range"), huge.getMessage());
        final ConfigException text = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.seed", "1e6")));
        assertTrue(text.getMessage().endsWith("expected an integer, found \"1e6\""), text.getMessage());
    }

    @Test
    void shouldRefuseARunWithNeitherDurationNorEvents()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "0", "run.duration", "0s")));
        assertEquals("run.events", error.key(), "the key given, not the embedded one");
        assertTrue(error.getMessage().contains("run.events and run.duration are both 0"), error.getMessage());

        final ConfigException duration = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_RUN_EVENTS", "0"), Map.of()));
        assertEquals("run.events", duration.key());
    }

    /**
     * A feed file a configuration names is read to its end by a command that reads it, unless a count was asked for;
     * a command that does not read it ({@code feed}) keeps the count it has.
     */
    @Test
    void shouldReadAFeedFileToItsEndOnlyForACommandThatReadsIt() throws IOException
    {
        final Path file = write("[feed]\nfile = \"flow2.csv\"\n");
        final Map<String, String> environment = Map.of("CONCURRENGINE_FEED_FILE", "flow2.csv");

        assertEquals(0, loader.load(file, Map.of(), Map.of(), Map.of(), "run", Map.of(), true).events());
        assertEquals(0, loader.load(null, environment, Map.of(), Map.of(), "run", Map.of(), true).events());
        assertEquals(10_000_000, loader.load(file, Map.of(), Map.of(), Map.of(), "feed", Map.of(), false).events());
        assertEquals(10_000_000, loader.load(null, environment, Map.of(), Map.of(), "feed", Map.of(), false).events());
        assertEquals(500, loader.load(file, Map.of(), Map.of("run.events", "500"), Map.of(), "run", Map.of(), true)
            .events(), "a count asked for");
    }

    @Test
    void shouldGiveAValueImpliedByAFlagThatFlagAsItsSource()
    {
        final EngineConfig config = loader.load(null, Map.of(), Map.of("run.duration", "5s", "run.events", "0"),
            Map.of("run.events", "run.duration"), "run", Map.of(), true);

        assertEquals(0, config.events());
        assertEquals("flag for run.duration", config.sources().get("run.duration"));
        assertEquals("implied by flag for run.duration", config.sources().get("run.events"));
    }

    @Test
    void shouldNameTheFlagTypedAndItsKeyWhenTheCommandNamesItsFlags()
    {
        final ConfigLoader named = new ConfigLoader().flagNames(Map.of("run.duration", "--duration",
            "engine.shards", "--shards"));

        final ConfigException duration = assertThrows(ConfigException.class, () -> named.load(null, Map.of(),
            Map.of("run.duration", "soon", "run.events", "0"), Map.of("run.events", "run.duration"), "run", Map.of(),
            true));
        assertEquals("flag --duration (run.duration): expected a duration such as \"10s\", \"500ms\", \"5m\" or " +
            "\"1h\", found \"soon\"", duration.getMessage(), "the key not named twice");
        assertEquals("flag --duration (run.duration)", duration.source());

        final EngineConfig config = named.load(null, Map.of(), Map.of("run.duration", "5s", "run.events", "0",
            "run.seed", "9"), Map.of("run.events", "run.duration"), "run", Map.of(), true);
        assertEquals("flag --duration (run.duration)", config.sources().get("run.duration"));
        assertEquals("implied by flag --duration (run.duration)", config.sources().get("run.events"));
        assertEquals("flag for run.seed", config.sources().get("run.seed"), "a key whose flag is not named");

        final ConfigException bound = assertThrows(ConfigException.class, () -> named.load(null, Map.of(),
            Map.of("run.duration", "0s", "run.events", "0"), Map.of("run.events", "run.duration"), "run", Map.of(),
            true));
        assertTrue(bound.getMessage().startsWith("flag --duration (run.duration): a run needs a bound: "),
            "the flag typed is the most specific source, not the value it implied: " + bound.getMessage());
    }

    @Test
    void shouldNameTheBoundSetMostSpecificallyWhenBothAreZero() throws IOException
    {
        final Path file = write("[run]\nevents = 0\nduration = \"0s\"\n");

        final ConfigException inTheFile = assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("run.events", inTheFile.key(), "both in one place: the count");
        assertTrue(inTheFile.getMessage().startsWith(file + ":2:1: run.events: a run needs a bound: "),
            inTheFile.getMessage());

        final ConfigException overTheFile = assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of("CONCURRENGINE_RUN_DURATION", "0s"), Map.of()));
        assertEquals("run.duration", overTheFile.key(), "the environment's over the file's");
        assertTrue(overTheFile.getMessage().startsWith("env CONCURRENGINE_RUN_DURATION: run.duration: "),
            overTheFile.getMessage());
    }

    @Test
    void shouldRejectMoreInstrumentsPerShardThanTheBooksOfTheBandWidthHold() throws IOException
    {
        // each key is in range, but a shard's model is sized for 2 * instruments / shards books of band_width prices,
        // at most 2^30 of them: the model factory refused it only when the run (or a replay) built the models
        final Path file = write("[engine]\nshards = 2\n[market]\ninstruments = 1048576\nband_width = 65536\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertEquals("market.instruments", error.key());
        assertTrue(error.getMessage().startsWith(file + ":4"), error.getMessage());
        assertTrue(error.getMessage().contains("market.band_width"), error.getMessage());
        assertFalse(error.getMessage().contains("Exception"), error.getMessage());

        loader.load(write("[engine]\nshards = 128\n[market]\ninstruments = 1048576\nband_width = 65536\n"), Map.of(),
            Map.of());
    }

    @Test
    void shouldSayAnEmptyConfigurationFilePathIsEmptyRatherThanADirectory()
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(Path.of(""), Map.of(), Map.of()));

        assertEquals("\"\": (file): an empty path, not a configuration file", error.getMessage());
    }

    @Test
    void shouldQuoteAConfigurationFilePathThatSpacesBeginOrEnd() throws IOException
    {
        // the message was "concurrengine run:  : (file): no such file", the path not to be seen
        final ConfigException blank = assertThrows(ConfigException.class,
            () -> loader.load(Path.of(" "), Map.of(), Map.of()));
        assertEquals("\" \": (file): no such file", blank.getMessage());

        final Path spaced = dir.resolve("engine.toml ");
        Files.writeString(spaced, "[engine]\nthreads = 2\n");
        final ConfigException line = assertThrows(ConfigException.class,
            () -> loader.load(spaced, Map.of(), Map.of()));
        assertTrue(line.getMessage().startsWith("\"" + spaced + "\":2:1: engine.threads: unknown key"),
            line.getMessage());
    }

    @Test
    void shouldSayAConfigurationFileIsNotUtf8() throws IOException
    {
        final Path file = dir.resolve("binary.toml");
        Files.write(file, new byte[] {'a', ' ', '=', ' ', (byte)0xC3, (byte)0x28});
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().startsWith(file + ": (file): not UTF-8 text"), error.getMessage());
    }

    @Test
    void shouldSayWhereAConfigurationFileStopsBeingUtf8WithoutAnExceptionName() throws IOException
    {
        final Path file = dir.resolve("damaged.toml");
        Files.write(file, new byte[] {'a', ' ', '=', ' ', '1', '\n', 'b', ' ', '=', ' ', (byte)0xFF, '\n'});
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().startsWith(file + ": (file): not UTF-8 text"), error.getMessage());
        assertTrue(error.getMessage().contains("byte 0xff at offset 10 (line 2)"), error.getMessage());
        assertFalse(error.getMessage().contains("Exception"), error.getMessage());
    }

    @Test
    void shouldDocumentEveryKnownKeyInTheEmbeddedDefaultsAndWriteItInRunToml()
    {
        final EngineConfig config = loader.load(null, Map.of(), Map.of());
        final TomlParseResult runToml = Toml.parse(config.toToml());
        final Set<String> written = new TreeSet<>();
        for (final String section : runToml.keySet())
        {
            for (final String name : runToml.getTable(List.of(section)).keySet())
            {
                written.add(section + "." + name);
            }
        }
        final Set<String> embedded = new TreeSet<>();
        for (final Map.Entry<String, String> source : config.sources().entrySet())
        {
            if (source.getValue().startsWith("embedded default-engine.toml:"))
            {
                embedded.add(source.getKey());
            }
        }

        assertEquals(new TreeSet<>(loader.keyNames()), embedded);
        assertEquals(new TreeSet<>(loader.keyNames()), written);
    }

    @Test
    void shouldNameEverySectionOfTheLoaderInTheReadmesConfigurationSection() throws IOException
    {
        final String readme = Files.readString(Path.of("..", "README.md"));
        final String configuration = readme.substring(readme.indexOf("## Configuration"));
        final Set<String> sections = new TreeSet<>();
        for (final String key : loader.keyNames())
        {
            sections.add(key.substring(0, key.indexOf('.')));
        }

        for (final String section : sections)
        {
            assertTrue(configuration.contains("`[" + section + "]`"), section);
        }
    }

    @Test
    void shouldReadAConfigurationFileThatStartsWithAByteOrderMark() throws IOException
    {
        final Path file = dir.resolve("bom.toml");
        Files.write(file, ("\uFEFF[engine]\r\nshards = 3\r\n").getBytes(StandardCharsets.UTF_8));
        final EngineConfig config = loader.load(file, Map.of(), Map.of());
        assertEquals(3, config.shards());
        assertEquals(file + ":2:1", config.sources().get("engine.shards"));
    }

    @Test
    void shouldHashARunTomlSavedWithAByteOrderMarkAsTheRunWroteIt() throws IOException
    {
        final String toml = loader.load(null, Map.of(), Map.of("engine.shards", "3")).toToml();
        final Path file = dir.resolve("run.toml");
        Files.write(file, ("\uFEFF" + toml).getBytes(StandardCharsets.UTF_8));
        assertEquals(EngineConfig.hashOf(toml), EngineConfig.hashOf(ConfigLoader.read(file)));
    }

    @Test
    void shouldRoundTripTheResolvedConfigurationThroughToml() throws IOException
    {
        final EngineConfig config = loader.load(null, Map.of(),
            Map.of("engine.shards", "3", "journal.dir", "some \"quoted\" dir", "run.rate", "12345.5"));
        final Path file = write(config.toToml());
        final EngineConfig reloaded = loader.load(file, Map.of(), Map.of());
        assertEquals(config.toToml(), reloaded.toToml());
        assertEquals(config.hash(), reloaded.hash());
        assertFalse(config.hash() == loader.load(null, Map.of(), Map.of()).hash());
    }

    @Test
    void shouldRoundTripPathsHoldingControlCharactersThroughToml() throws IOException
    {
        final String journal = dir.resolve("a\nnew\tline \"dir\" \\ \u0001\u007f").toString(); // legal Linux names
        final EngineConfig config = loader.load(null, Map.of(), Map.of("journal.dir", journal));

        final EngineConfig reloaded = loader.loadText(write(config.toToml()), config.toToml());

        assertEquals(journal, reloaded.journalDir());
        assertEquals(config.toToml(), reloaded.toToml());
    }

    /**
     * A feed path is read as written, from a file, the environment or a flag, as --config's is: trimmed, a file named
     * "day1.csv " could not be a feed. Standard input and a network address are still read trimmed.
     */
    @Test
    void shouldKeepAFeedFilesSpacesInAConfigurationFileAsAFlagDoes() throws IOException
    {
        final EngineConfig config = loader.load(write("[feed]\nfile = \" day1.csv \"\n"), Map.of(), Map.of());

        assertEquals(dir.resolve(" day1.csv ").toString(), config.feedFile());
        assertEquals("day1.csv ", loader.load(null, Map.of(), Map.of("feed.file", "day1.csv ")).feedFile());
        assertEquals(" day1.csv", loader.load(null, Map.of("CONCURRENGINE_FEED_FILE", " day1.csv"), Map.of())
            .feedFile());
        assertEquals("-", loader.load(write("[feed]\nfile = \" - \"\n"), Map.of(), Map.of()).feedFile());
        assertEquals("tcp://127.0.0.1:9000", loader.load(null, Map.of(), Map.of("feed.file",
            " tcp://127.0.0.1:9000 ")).feedFile());
    }

    @Test
    void shouldRefuseABlankJournalDirInAConfigurationFileAsAFlagDoes() throws IOException
    {
        final Path file = write("[journal]\ndir = \"  \"\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));

        assertTrue(error.getMessage().startsWith(file + ":2:1: journal.dir: expected a non-empty string"),
            error.getMessage());
    }

    @Test
    void shouldTakeRelativePathsInAFileFromTheFilesDirectoryAndOthersFromTheWorkingDirectory() throws IOException
    {
        final Path configDir = Files.createDirectories(dir.resolve("configs"));
        final Path file = configDir.resolve("engine.toml");
        Files.writeString(file, "[journal]\ndir = \"../journals/a\"\n[feed]\nfile = \"feeds/day1.csv\"\n" +
            "[telemetry]\ncounters_file = \"/var/tmp/c.dat\"\n");
        final EngineConfig config = loader.load(file, Map.of(), Map.of());
        assertEquals(dir.resolve("journals/a").toAbsolutePath().toString(), config.journalDir());
        assertEquals(configDir.resolve("feeds/day1.csv").toAbsolutePath().toString(), config.feedFile());
        assertEquals("/var/tmp/c.dat", config.countersFile(), "an absolute path is kept");

        final Path stdin = write("[feed]\nfile = \"-\"\n");
        assertEquals("-", loader.load(stdin, Map.of(), Map.of()).feedFile(), "standard input is no path");
        final Path network = write("[feed]\nfile = \"tcp://127.0.0.1:9000\"\n");
        final EngineConfig fromNetwork = loader.load(network, Map.of(), Map.of());
        assertEquals("tcp://127.0.0.1:9000", fromNetwork.feedFile(), "a network feed's address is no path");
        assertTrue(fromNetwork.toToml().contains("file = \"tcp://127.0.0.1:9000\"\n"), fromNetwork.toToml());

        final EngineConfig flagged = loader.load(file, Map.of("CONCURRENGINE_FEED_FILE", "in.csv"),
            Map.of("journal.dir", "out/j"));
        assertEquals("out/j", flagged.journalDir(), "a flag's path is the working directory's");
        assertEquals("in.csv", flagged.feedFile(), "so is the environment's");
    }

    /**
     * A configuration read from a pipe ({@code --config <(...)}, {@code /dev/stdin}) has no directory of its own: its
     * relative paths are the working directory's, not /dev/fd's.
     */
    @Test
    void shouldTakeRelativePathsInAConfigurationFromAPipeFromTheWorkingDirectory() throws Exception
    {
        final Path pipe = dir.resolve("pipes").resolve("engine.toml");
        Files.createDirectories(pipe.getParent());
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());

        // loadText reads nothing: the pipe is never opened
        final EngineConfig config = loader.loadText(pipe, "[journal]\ndir = \"j\"\n");
        assertEquals(Path.of("j").toAbsolutePath().toString(), config.journalDir());

        final Path file = Files.createDirectories(dir.resolve("regular")).resolve("engine.toml");
        assertEquals(file.getParent().resolve("j").toString(),
            loader.loadText(file, "[journal]\ndir = \"j\"\n").journalDir(), "a path that is no file yet is one");
    }

    /**
     * A regular file given as one of this process's descriptors ({@code --config /dev/stdin < dir/engine.toml},
     * {@code /dev/fd/0}, {@code /proc/self/fd/N}) took its relative paths from /dev, /dev/fd or /proc/self/fd
     * (journal dir /dev/j): it is read as standard input is, from the working directory.
     */
    @Test
    void shouldTakeRelativePathsInAFileGivenAsADescriptorFromTheWorkingDirectory() throws Exception
    {
        final Path file = Files.createDirectories(dir.resolve("redirected")).resolve("engine.toml");
        Files.writeString(file, "");
        try (FileChannel open = FileChannel.open(file))
        {
            Path descriptor = null;
            try (DirectoryStream<Path> descriptors = Files.newDirectoryStream(Path.of("/proc/self/fd")))
            {
                for (final Path candidate : descriptors)
                {
                    try
                    {
                        final boolean ours = file.toRealPath().equals(Files.readSymbolicLink(candidate));
                        descriptor = ours ? candidate : descriptor;
                    }
                    catch (final IOException ex)
                    {
                        // the stream's own descriptor, closed since it was listed
                    }
                }
            }
            assertNotNull(descriptor, "this file's descriptor in /proc/self/fd: " + open);

            assertEquals(Path.of("j").toAbsolutePath().toString(),
                loader.loadText(descriptor, "[journal]\ndir = \"j\"\n").journalDir());
        }
    }

    /**
     * "-" is standard input only for feed.file: as the journal directory or the counters file it is a relative path
     * like any other, which a file's line takes from the file's directory and run.toml writes absolute.
     */
    @Test
    void shouldTakeADashAsAPathForTheJournalDirectoryAndTheCountersFile() throws IOException
    {
        final Path configDir = Files.createDirectories(dir.resolve("dash"));
        final Path file = configDir.resolve("engine.toml");
        Files.writeString(file, "[journal]\ndir = \"-\"\n[telemetry]\ncounters_file = \"-\"\n");
        final EngineConfig config = loader.load(file, Map.of(), Map.of());
        assertEquals(configDir.resolve("-").toAbsolutePath().toString(), config.journalDir());
        assertEquals(configDir.resolve("-").toAbsolutePath().toString(), config.countersFile());

        final EngineConfig flagged = loader.load(null, Map.of(), Map.of("journal.dir", "-"));
        assertTrue(flagged.toToml().contains("\ndir = " + ConfigToml.quoted(Path.of("-").toAbsolutePath().toString()) +
            "\n"), flagged.toToml());
        final EngineConfig stdin = loader.load(null, Map.of(), Map.of("feed.file", "-"));
        assertTrue(stdin.toToml().contains("\nfile = \"-\"\n"), stdin.toToml());
    }

    @Test
    void shouldRefuseANetworkFeedAddressItCannotReadNamingTheKey() throws IOException
    {
        final ConfigException flag = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("feed.file", "tcp://127.0.0.1")));
        assertEquals("flag for feed.file: \"tcp://127.0.0.1\" is not a network feed address: no port",
            flag.getMessage());
        final ConfigException file = assertThrows(ConfigException.class,
            () -> loader.load(write("[feed]\nfile = \"tcp-listen://:9000\"\n"), Map.of(), Map.of()));
        assertTrue(file.getMessage().contains("feed.file") && file.getMessage().contains("no host"), file.getMessage());
    }

    @Test
    void shouldWriteAbsolutePathsSoThatTheResolvedConfigurationLoadsTheSameFromAnyDirectory() throws IOException
    {
        final EngineConfig config = loader.load(null, Map.of(), Map.of("feed.file", "in.csv"));
        final String toml = config.toToml();
        final Path elsewhere = Files.createDirectories(dir.resolve("elsewhere")).resolve("run.toml");
        Files.writeString(elsewhere, toml);
        final EngineConfig reloaded = loader.load(elsewhere, Map.of(), Map.of());
        assertEquals(Path.of("data/journal").toAbsolutePath().toString(), reloaded.journalDir());
        assertEquals(Path.of("in.csv").toAbsolutePath().toString(), reloaded.feedFile());
        assertEquals(toml, reloaded.toToml());
    }

    @Test
    void shouldTakeAnEventCountWrittenAsARateIsAndRefuseAFraction() throws IOException
    {
        assertEquals(10_000_000, loader.load(null, Map.of(), Map.of("run.events", "10M")).events());
        assertEquals(1_000_000, loader.load(null, Map.of(), Map.of("run.events", "1e6")).events());
        assertEquals(2_500, loader.load(null, Map.of(), Map.of("run.events", "2.5k")).events());
        assertEquals(1_000, loader.load(null, Map.of(), Map.of("run.events", "1_000")).events());
        assertEquals(7, loader.load(write("[run]\nevents = 7\n"), Map.of(), Map.of()).events());

        final ConfigException fraction = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "1.5")));
        assertEquals("flag for run.events: must be a whole number, found \"1.5\"", fraction.getMessage());
        final ConfigException huge = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "1e30")));
        assertEquals("flag for run.events: must be at most " + Long.MAX_VALUE + ", found \"1e30\"", huge.getMessage());
        final ConfigException hugeNegative = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "-1e30")));
        assertEquals("flag for run.events: must be at least 0, found \"-1e30\"", hugeNegative.getMessage());
        final ConfigException negative = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "-1k")));
        assertTrue(negative.getMessage().contains("must be in [0, " + Long.MAX_VALUE + "], found -1000"),
            negative.getMessage());
        for (final String absurd : new String[] {"1e99999999", "1e2147483647k", "-1e99999999"})
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of("run.events", absurd)), absurd);
            assertTrue(error.getMessage().startsWith("flag for run.events: "), error.getMessage());
        }
        assertEquals(1_000, loader.load(write("[run]\nevents = 1e3\n"), Map.of(), Map.of()).events(),
            "a TOML float, as run.rate takes it");
        assertThrows(ConfigException.class, () -> loader.load(write("[run]\nevents = 2.5\n"), Map.of(), Map.of()));
        final ConfigException word = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "lots")));
        assertTrue(word.getMessage().contains("expected a count such as 1000000, 10M, 250k or 1e6"), word.getMessage());
    }

    @Test
    void shouldRefuseAPacingFlagForARunThatIsNotPaced() throws IOException
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.pacing", "spin")));
        assertTrue(error.getMessage().startsWith("flag for run.pacing: --pacing spin paces a rate, and " +
            "run.rate is max (embedded default-engine.toml:"), error.getMessage());
        assertTrue(error.getMessage().endsWith("which is not paced: give a rate (--rate R) as well, or leave " +
            "--pacing out"), error.getMessage());
        assertEquals(PacedFeed.Pacing.SPIN,
            loader.load(null, Map.of(), Map.of("run.pacing", "spin", "run.rate", "1M")).pacing());
        final Path file = write("[run]\npacing = \"spin\"\n");
        assertEquals(PacedFeed.Pacing.SPIN, loader.load(file, Map.of(), Map.of()).pacing(),
            "a file's pacing is a default for when a rate is given");
    }

    /**
     * A feed replaces the synthetic flow the seed shapes: run --feed f.csv --seed 7 and --seed 42 ran to one state hash,
     * the summary naming each seed, where --pacing without a rate is refused.
     */
    @Test
    void shouldRefuseASeedFlagForARunThatReadsAFeedAndDoesNotWarmUp() throws IOException
    {
        final ConfigException error = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("feed.file", "f.csv", "run.seed", "7")));
        assertEquals("run.seed", error.key());
        assertTrue(error.getMessage().startsWith("flag for run.seed: --seed 7 seeds the synthetic flow, and " +
            "feed.file is "), error.getMessage());
        assertTrue(error.getMessage().endsWith("leave --seed out, or give --warmup D, whose throwaway engine runs " +
            "the synthetic flow"), error.getMessage());
        assertEquals(7, loader.load(null, Map.of(), Map.of("feed.file", "f.csv", "run.seed", "7", "run.warmup",
            "1s")).seed(), "the warm-up's synthetic flow takes it");
        assertEquals(7, loader.load(null, Map.of(), Map.of("run.seed", "7")).seed());
        assertEquals(7, loader.load(write("[run]\nseed = 7\n"), Map.of(), Map.of("feed.file", "f.csv")).seed(),
            "a file's seed is a default for the runs of the synthetic flow");
        assertEquals(7, loader.load(null, Map.of("CONCURRENGINE_RUN_SEED", "7"), Map.of("feed.file", "f.csv"))
            .seed());
        assertEquals(7, loader.load(null, Map.of(), Map.of("feed.file", "f.csv", "run.seed", "7"), Map.of(), "feed",
            Map.of(), false).seed(), "feed writes the synthetic flow whatever feed.file is");
    }

    @Test
    void shouldTimeANetworkFeedsReadsOnlyWhereAskedWithoutChangingTheHashARunsJournalHeadersCarry() throws IOException
    {
        final String feed = "[feed]\nfile = \"tcp://127.0.0.1:9000\"\n";
        final EngineConfig untimed = loader.load(write(feed), Map.of(), Map.of());
        assertEquals(0, untimed.feedIdleTimeoutNanos(), "off by default: a quiet upstream is waited for");
        final EngineConfig timed = loader.load(write(feed + "idle_timeout = \"30s\"\n"), Map.of(), Map.of());
        assertEquals(30_000_000_000L, timed.feedIdleTimeoutNanos());
        assertEquals(untimed.hash(), timed.hash(), "how long a quiet upstream is waited for is no part of a run");
        final String withoutTheKey = timed.toToml().replaceAll("(?m)^idle_timeout = .*\n", "");
        assertFalse(withoutTheKey.contains("idle_timeout"));
        assertEquals(timed.hash(), EngineConfig.hashOf(withoutTheKey), "a run.toml written before the key existed");
        assertEquals(timed.toToml(), loader.load(write(timed.toToml()), Map.of(), Map.of()).toToml());
        assertEquals(250_000_000L, loader.load(null, Map.of("CONCURRENGINE_FEED_IDLE_TIMEOUT", "250ms"),
            Map.of("feed.file", "tcp-listen://127.0.0.1:0")).feedIdleTimeoutNanos());

        assertEquals("flag for feed.idle_timeout: must be 0s (no timeout) or from 1ms to 2147483647ms (about " +
            "596.5h), found string \"10us\"", assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
                Map.of("feed.file", "tcp://127.0.0.1:9000", "feed.idle_timeout", "10us"))).getMessage());
    }

    /**
     * An idle timeout beyond a socket's read timeout, an int of milliseconds, was taken and silently cut to
     * 2147483647ms (24.8 days): --feed-idle-timeout 100000h waited 24.8 days, not 11 years.
     */
    @Test
    void shouldRefuseAnIdleTimeoutBeyondASocketsReadTimeoutGivingTheRange() throws IOException
    {
        final Map<String, String> network = Map.of("feed.file", "tcp://127.0.0.1:9000");
        assertEquals(2_147_483_647_000_000L, loader.load(null, Map.of("CONCURRENGINE_FEED_IDLE_TIMEOUT",
            "2147483647ms"), network).feedIdleTimeoutNanos(), "the longest is taken");
        for (final String tooLong : List.of("100000h", "2147483648ms", "2147483647.000001ms", "597h"))
        {
            assertEquals("flag for feed.idle_timeout: must be 0s (no timeout) or from 1ms to 2147483647ms (about " +
                "596.5h), found string \"" + tooLong + "\"", assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of("feed.file", "tcp://127.0.0.1:9000",
                "feed.idle_timeout", tooLong))).getMessage(), tooLong);
        }
        final Path file = write("[feed]\nfile = \"tcp://127.0.0.1:9000\"\nidle_timeout = 1e7\n");
        assertEquals(file + ":3:1: feed.idle_timeout: must be 0s (no timeout) or from 1ms to 2147483647ms (about " +
            "596.5h), found float 1.0E7", assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of())).getMessage());
    }

    @Test
    void shouldRefuseAnEmptyFeedFlagRatherThanRunTheSyntheticFlowInItsPlace() throws IOException
    {
        for (final String empty : List.of("", "  "))
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of("feed.file", empty)), "\"" + empty + "\"");
            assertEquals("flag for feed.file: --feed \"" + empty + "\" names no feed: give a file, - (standard " +
                "input), tcp://HOST:PORT or tcp-listen://HOST:PORT, or leave --feed out for the synthetic flow",
                error.getMessage());
        }
        final Path file = write("[feed]\nfile = \"flow.csv\"\n");
        assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of("feed.file", "")),
            "not a way to undo a file's feed: the environment's CONCURRENGINE_FEED_FILE is");
        assertEquals("", loader.load(file, Map.of("CONCURRENGINE_FEED_FILE", ""), Map.of()).feedFile(),
            "\"\" in a file or the environment is the synthetic flow, as documented");
        assertEquals("", loader.load(write("[feed]\nfile = \"\"\n"), Map.of(), Map.of()).feedFile());
    }

    /**
     * A feed.file of spaces only in a file or the environment (file = " $FEED" with the variable unset) was trimmed to
     * "" and ran the synthetic flow, replacing the journal in journal.dir, where --feed " " is refused; "" alone is
     * the synthetic flow there.
     */
    @Test
    void shouldRefuseAFeedFileOfSpacesOnlyFromAFileOrTheEnvironmentNamingTheKey() throws IOException
    {
        final String expected = ": feed.file: found string \" \", spaces only, which names no feed: give a file, " +
            "\"-\" (standard input), \"tcp://HOST:PORT\" or \"tcp-listen://HOST:PORT\", or \"\" for the synthetic flow";
        final Path file = write("[feed]\nfile = \" \"\n");
        assertEquals(file + ":2:1" + expected,
            assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of())).getMessage());
        assertEquals("env CONCURRENGINE_FEED_FILE" + expected, assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_FEED_FILE", " "), Map.of())).getMessage());
        assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_FEED_FILE", "\t \n"), Map.of()), "any white space");
        assertEquals("", loader.load(file, Map.of("CONCURRENGINE_FEED_FILE", ""), Map.of()).feedFile(),
            "the environment's \"\" undoes the file's value");
        assertEquals(" flow.csv ", loader.load(null, Map.of("CONCURRENGINE_FEED_FILE", " flow.csv "), Map.of())
            .feedFile(), "a path is read as written");
    }

    @Test
    void shouldRefuseAnIdleTimeoutFlagForAFeedThatIsNotANetworkFeed() throws IOException
    {
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(null, Map.of(),
            Map.of("feed.file", "flow.csv", "feed.idle_timeout", "30s")));
        assertEquals("flag for feed.idle_timeout: --feed-idle-timeout 30s times the reads of a network feed " +
            "(tcp://, tcp-listen://), and feed.file is flow.csv (flag for feed.file), which is not one: give a " +
            "network feed, or leave --feed-idle-timeout out", error.getMessage());
        final ConfigException synthetic = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("feed.idle_timeout", "30s")));
        assertTrue(synthetic.getMessage().contains("feed.file is the synthetic flow"), synthetic.getMessage());
        final Path file = write("[feed]\nidle_timeout = \"30s\"\n");
        assertEquals(30_000_000_000L, loader.load(file, Map.of(), Map.of("feed.file", "flow.csv"))
            .feedIdleTimeoutNanos(), "a file's timeout is kept for when its run's feed is a network feed");
    }

    @Test
    void shouldCarryEachKeyOfAFileToTheConfigurationInPlaceOfItsEmbeddedDefault() throws IOException
    {
        final EngineConfig defaults = loader.load(null, Map.of(), Map.of());
        final EngineConfig config = loader.load(write("[engine]\nshards = 4\nidle_strategy = \"sleeping\"\n" +
            "wheel_slot_shift = 7\n[run]\nprogress = false\n[market]\ninstruments = 1000\n" +
            "[journal]\nretain_cycles = 3\nretain_bytes = 1073741824\nwrite_behind_bytes = 1048576\n" +
            "drop_written_pages = false\npretouch_ahead_bytes = 16777216\npretouch_writable_bytes = 4194304\n" +
            "flush_interval = \"3ms\"\n[telemetry]\ncounters = false\n"), Map.of(), Map.of());

        assertEquals(List.of("backoff", 5, true, 0L, 0L, 4_194_304L, true, 33_554_432L, 8_388_608L, 1_000_000L, true),
            settings(defaults));
        assertEquals(List.of("sleeping", 7, false, 3L, 1_073_741_824L, 1_048_576L, false, 16_777_216L, 4_194_304L,
            3_000_000L, false), settings(config));
        assertEquals(500, config.instrumentCapacityPerShard(4), "twice a shard's share of the instruments");
        assertEquals(16, config.instrumentCapacityPerShard(1000), "at least 16");
        assertEquals(1000, config.instrumentCapacityPerShard(1), "one shard: every instrument, not twice as many");
        assertEquals(1000, config.instrumentCapacityPerShard(2), "two shards: twice a share is all of them");
    }

    private static List<Object> settings(final EngineConfig config)
    {
        return List.of(config.idleStrategy(), config.wheelSlotShift(), config.progress(), config.retainCycles(),
            config.retainBytes(), config.writeBehindBytes(), config.dropWrittenPages(), config.pretouchAheadBytes(),
            config.pretouchWritableBytes(), config.flushIntervalNanos(), config.countersEnabled());
    }

    @Test
    void shouldNameTheTomlTypeOfAValueOfTheWrongTypeAndShortenOnlyALongOne() throws IOException
    {
        final String sixty = "\"" + "x".repeat(58) + "\"";
        final Map<String, String> found = new LinkedHashMap<>();
        found.put("5", "integer 5");
        found.put("1.5", "float 1.5");
        found.put("[1, 2]", "array [1, 2]");
        found.put("{a = 1}", "table {a = 1}");
        found.put("1979-05-27T07:32:00Z", "date-time 1979-05-27T07:32Z");
        found.put("1979-05-27T07:32:00", "local date-time 1979-05-27T07:32");
        found.put("1979-05-27", "date 1979-05-27");
        found.put("07:32:00", "time 07:32");
        found.put(sixty, "string " + sixty);
        found.put("\"" + "x".repeat(59) + "\"", "string \"" + "x".repeat(56) + "...");
        for (final Map.Entry<String, String> value : found.entrySet())
        {
            final Path file = write("[run]\nprogress = " + value.getKey() + "\n");
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(file, Map.of(), Map.of()));
            assertTrue(error.getMessage().endsWith("run.progress: expected true or false, found " + value.getValue()),
                error.getMessage());
        }
        final Path file = write("[engine]\nshards = true\n");
        final ConfigException error = assertThrows(ConfigException.class, () -> loader.load(file, Map.of(), Map.of()));
        assertTrue(error.getMessage().endsWith("engine.shards: expected an integer, found boolean true"),
            error.getMessage());
    }

    @Test
    void shouldNameTheFirstBadEnvironmentOverrideInNameOrderAndTheSectionsForAMisspeltSection()
    {
        final Map<String, String> environment = new LinkedHashMap<>();
        environment.put("CONCURRENGINE_ENGINE_SHARDS", "none");
        environment.put("CONCURRENGINE_ENGINE_RING_SIZE", "3");
        assertEquals("engine.ring_size",
            assertThrows(ConfigException.class, () -> loader.load(null, environment, Map.of())).key(),
            "whatever the order the environment gives them in");

        final ConfigException misspelt = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of("CONCURRENGINE_ENGINES_SHARDS", "4"), Map.of()));
        assertTrue(misspelt.getMessage().endsWith("e.g. CONCURRENGINE_ENGINE_SHARDS; known sections: engine, run, " +
            "market, feed, journal, telemetry"), misspelt.getMessage());
    }

    @Test
    void shouldPutACommandsDefaultsOverTheEmbeddedOnesAndNameTheMoreSpecificZeroBound() throws IOException
    {
        final Map<String, String> soakDefaults = Map.of("run.duration", "1h", "run.events", "0");
        final EngineConfig soak = loader.load(null, Map.of(), Map.of(), Map.of(), "soak", soakDefaults, true);
        assertEquals(3_600_000_000_000L, soak.durationNanos());
        assertEquals(0, soak.events());
        assertEquals("embedded default of soak", soak.sources().get("run.duration"));

        // the file's run.duration = 0 is more specific than the command's run.events = 0: it is the one named
        final Path file = write("[run]\nduration = \"0s\"\n");
        assertEquals("run.duration", assertThrows(ConfigException.class,
            () -> loader.load(file, Map.of(), Map.of(), Map.of(), "soak", soakDefaults, true)).key());
    }

    /**
     * {@code zipf_exponent = -0.0}, a TOML float in range, is the even spread of 0.0: it was kept as -0.0, written so
     * in {@code run.toml} and {@code --print-config}, and gave the same run another config hash in its journal headers.
     */
    @Test
    void shouldTakeANegativeZeroExponentAsZeroWithZerosConfigHash() throws IOException
    {
        final EngineConfig negative = loader.load(write("[market]\nzipf_exponent = -0.0\n"), Map.of(), Map.of());
        final EngineConfig zero = loader.load(write("[market]\nzipf_exponent = 0.0\n"), Map.of(), Map.of());

        assertEquals(Double.doubleToRawLongBits(0.0), Double.doubleToRawLongBits(negative.zipfExponent()));
        assertTrue(negative.toToml().contains("\nzipf_exponent = 0.0\n"), negative.toToml());
        assertEquals(zero.hash(), negative.hash());
    }

    @Test
    void shouldAcceptValuesAtTheEndsOfTheirRangesAndRefuseAZeroRateAndANegativeCount() throws IOException
    {
        final EngineConfig config = loader.load(write("[engine]\nmax_batch_delay = \"1s\"\n[market]\n" +
            "zipf_exponent = 10.0\n[journal]\npretouch_interval = \"10us\"\n"), Map.of(),
            Map.of("run.events", "9223372036854775807", "feed.idle_timeout", "0s"));
        assertEquals(1_000_000_000L, config.maxBatchDelayNanos());
        assertEquals(10.0, config.zipfExponent());
        assertEquals(10_000, config.pretouchIntervalNanos());
        assertEquals(Long.MAX_VALUE, config.events());
        assertEquals(0, config.feedIdleTimeoutNanos(), "0s turns the timeout off, whatever the feed");
        assertEquals(0.0, loader.load(write("[market]\nzipf_exponent = 0\n"), Map.of(), Map.of()).zipfExponent());
        assertEquals(1_000_000, loader.load(null, Map.of(), Map.of("feed.file", "tcp://127.0.0.1:9000",
            "feed.idle_timeout", "1ms")).feedIdleTimeoutNanos());

        final ConfigException zero = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.rate", "0")));
        assertEquals("run.rate", zero.key());
        final ConfigException negative = assertThrows(ConfigException.class,
            () -> loader.load(null, Map.of(), Map.of("run.events", "-9223372036854775808")));
        assertTrue(negative.getMessage().endsWith("must be in [0, 9223372036854775807], found -9223372036854775808"),
            negative.getMessage());
    }

    private Path write(final String toml) throws IOException
    {
        final Path file = dir.resolve("engine.toml");
        Files.writeString(file, toml);
        return file;
    }

    /**
     * Long.parseLong and BigDecimal read any Unicode digit, a duration's parser only ASCII's: --shards ３ was 3 and
     * --events ３k 3000, while --warmup ２ was refused. Every number is written with ASCII digits.
     */
    @Test
    void shouldReadNumbersWithAsciiDigitsOnly()
    {
        final ConfigLoader loader = new ConfigLoader();
        for (final Map.Entry<String, String> entry : Map.of("engine.shards", "\uff13", "run.seed", "\u0661\u0662",
            "run.events", "\uff13k", "run.rate", "\uff15k", "market.time_in_force_percent", "\uff15",
            "run.warmup", "\uff12").entrySet())
        {
            final ConfigException error = assertThrows(ConfigException.class,
                () -> loader.load(null, Map.of(), Map.of(entry.getKey(), entry.getValue())), entry.getKey());
            assertEquals(entry.getKey(), error.key());
            assertTrue(error.getMessage().contains("found \"" + entry.getValue() + "\""), error.getMessage());
        }
        assertEquals(3, loader.load(null, Map.of(), Map.of("engine.shards", "3")).shards());
    }

}
