package io.concurrengine.tools.config;

import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ConfigListingTest
{
    @TempDir
    Path dir;

    private final ConfigLoader loader = new ConfigLoader();
    private final ConfigListing listing = new ConfigListing(loader);

    /**
     * What {@code --print-config} prints is a configuration file: loaded with {@code --config}, and nothing else, it
     * gives the configuration it lists, values from a file, the environment and flags included.
     */
    @Test
    void shouldPrintTomlThatLoadsToTheConfigurationItLists() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("engine.toml"),
            "[engine]\nmin_batch = 64\nmax_batch_delay = \"20us\"\n[journal]\ndir = \"j\"\nroll_cycle = \"daily\"\n" +
            "[market]\nzipf_exponent = 0.75\n");
        final EngineConfig config = loader.load(file, Map.of("CONCURRENGINE_ENGINE_SHARDS", "3"),
            Map.of("run.rate", "250k", "run.seed", "-7", "run.duration", "2s"));

        final Path listed = Files.writeString(dir.resolve("listed.toml"), listing.toml(config, "run"));
        final EngineConfig loaded = loader.load(listed, Map.of(), Map.of());

        assertEquals(config.toToml(), loaded.toToml());
        assertEquals(config.hash(), loaded.hash());
        assertEquals(3, loaded.shards());
        assertEquals(dir.resolve("j").toString(), loaded.journalDir());
        assertEquals(20_000, loaded.maxBatchDelayNanos());
        assertEquals(250_000, loaded.rate());
    }

    @Test
    void shouldListEveryKeyOnceWithWhatItMeansWhatItTakesAndItsEnvironmentVariable()
    {
        final String toml = listing.toml(loader.load(null, Map.of(), Map.of()), "run");

        for (final String name : loader.keyNames())
        {
            final ConfigKey key = loader.key(name);
            assertFalse(key.description().isBlank(), name);
            final String bare = name.substring(name.indexOf('.') + 1);
            final String described = "# " + key.description() + "\n# " + key.takes() + "; " +
                key.environmentVariable() + "\n" + bare + " = ";
            assertEquals(1, occurrences(toml, described), name + " in\n" + toml);
        }
        assertEquals(loader.keyNames().size(), occurrences(toml, " = ")); // and no other key
        assertTrue(toml.contains("\n[engine]\n# shard threads; each owns a timing wheel, a model and a journal\n" +
            "# an integer, from 1 to 1024; CONCURRENGINE_ENGINE_SHARDS\nshards = 2    # embedded default-engine.toml:"),
            toml);
    }

    /**
     * What the listing says a key takes is what its parser takes: the ends of a range it names are taken and the
     * values just beyond them refused, and so are the choices it names and a word it does not.
     */
    @Test
    void shouldSayWhatEachKeyTakesAsItsParserTakesIt()
    {
        final Pattern range = Pattern.compile(", from (-?[0-9]+) to (-?[0-9]+)$");
        final Pattern atLeast = Pattern.compile(", at least (-?[0-9]+)$");
        int ranges = 0;
        int choices = 0;
        for (final String name : loader.keyNames())
        {
            final ConfigKey key = loader.key(name);
            assertFalse(key.takes().isEmpty(), name);
            final Matcher fromTo = range.matcher(key.takes());
            final Matcher from = atLeast.matcher(key.takes());
            if (fromTo.find())
            {
                final long min = Long.parseLong(fromTo.group(1));
                final long max = Long.parseLong(fromTo.group(2));
                assertTakes(key, Long.toString(min), Long.toString(max));
                assertRefuses(key, Long.toString(min - 1), Long.toString(max + 1));
                ranges++;
            }
            else if (from.find())
            {
                final long min = Long.parseLong(from.group(1));
                assertTakes(key, Long.toString(min), Long.toString(Long.MAX_VALUE));
                assertRefuses(key, Long.toString(min - 1));
                ranges++;
            }
            else if (key.takes().startsWith("one of "))
            {
                assertTakes(key, key.takes().substring("one of ".length()).split(", "));
                assertRefuses(key, "none-of-these");
                choices++;
            }
        }
        assertEquals(19, ranges);
        assertEquals(10, choices);
        assertEquals("an integer", loader.key("run.seed").takes());
        assertEquals("a number from 0 to 10", loader.key("market.zipf_exponent").takes());
        assertEquals("a power of two, from 2 to 67108864", loader.key("engine.ring_size").takes());
    }

    private static void assertTakes(final ConfigKey key, final String... values)
    {
        for (final String value : values)
        {
            key.apply(new EngineConfig(), value, "test");
        }
    }

    private static void assertRefuses(final ConfigKey key, final String... values)
    {
        for (final String value : values)
        {
            assertThrows(ConfigException.class, () -> key.apply(new EngineConfig(), value, "test"),
                key.name() + " took " + value);
        }
    }

    @Test
    void shouldNameWhereEachValueCameFrom() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("engine.toml"), "\n[engine]\nbatch_limit = 128\n");
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,cancel,17,5001\n");
        final EngineConfig config = new ConfigLoader().load(file, Map.of("CONCURRENGINE_JOURNAL_FSYNC", "on-close"),
            Map.of("engine.shards", "4", "feed.file", feed.toString(), "run.duration", "0s"),
            Map.of("run.duration", "run.events"), "soak", Map.of("run.warmup", "5s"), true);

        final String toml = listing.toml(config, "soak");

        assertTrue(toml.startsWith("# The configuration `concurrengine soak` would run with"), toml);
        assertTrue(toml.contains("\nbatch_limit = 128    # " + file + ":3:1\n"), toml);
        assertTrue(toml.contains("\nfsync = \"on-close\"    # env CONCURRENGINE_JOURNAL_FSYNC\n"), toml);
        assertTrue(toml.contains("\nshards = 4    # flag for engine.shards\n"), toml);
        assertTrue(toml.contains("\nduration = \"0ns\"    # implied by flag for run.events\n"), toml);
        assertTrue(toml.contains("\nwarmup = \"5000000000ns\"    # embedded default of soak\n"), toml);
        assertTrue(toml.contains("\nring_size = 65536    # embedded default-engine.toml:"), toml);
        // the embedded 10M events give way to a feed file, read to its end: the listing says so, not "embedded"
        assertTrue(toml.contains("\nevents = 0    # implied by feed.file, read to its end (flag for feed.file)\n"),
            toml);
        assertTrue(toml.contains(String.format("# Config hash 0x%x ", config.hash())), toml);
    }

    /**
     * A file's path is the source of its values; a Linux path may hold a line feed, which in a comment would end it
     * and leave the rest of the path as a line of TOML: the listing escapes it, and still loads.
     */
    @Test
    void shouldEscapeAControlCharacterOfASourceSoThatTheListingStillLoads() throws IOException
    {
        final Path odd = Files.createDirectories(dir.resolve("odd\nname = 1"));
        final Path file = Files.writeString(odd.resolve("engine.toml"), "[engine]\nshards = 5\n");
        final EngineConfig config = loader.load(file, Map.of(), Map.of());

        final String toml = listing.toml(config, "run");

        assertTrue(toml.contains("\nshards = 5    # " + dir + "/odd\\nname = 1/engine.toml:2:1\n"), toml);
        final EngineConfig loaded = loader.loadText(dir.resolve("listed.toml"), toml);
        assertEquals(config.toToml(), loaded.toToml());
    }

    @Test
    void shouldGiveEveryKeyAsJsonWithATypedValue()
    {
        final EngineConfig config = loader.load(null, Map.of("CONCURRENGINE_RUN_RATE", "1M"),
            Map.of("journal.enabled", "false"));

        final Map<String, Object> json = MiniJson.object(MiniJson.parse(listing.json(config, "run")));

        assertEquals("run", json.get("command"));
        assertEquals("0x" + Long.toHexString(config.hash()), json.get("configHash"));
        final Map<String, Object> keys = MiniJson.object(json.get("keys"));
        assertEquals(new ArrayList<>(entryNames(config)), new ArrayList<>(keys.keySet()));
        assertEquals(loader.keyNames(), Set.copyOf(keys.keySet()));
        final Map<String, Object> shards = MiniJson.object(keys.get("engine.shards"));
        assertEquals(2L, ((Number)shards.get("value")).longValue());
        assertEquals("CONCURRENGINE_ENGINE_SHARDS", shards.get("environment"));
        assertEquals(loader.key("engine.shards").description(), shards.get("description"));
        assertTrue(((String)shards.get("source")).startsWith("embedded default-engine.toml:"), shards.toString());
        final Map<String, Object> rate = MiniJson.object(keys.get("run.rate"));
        assertEquals(1_000_000.0, ((Number)rate.get("value")).doubleValue());
        assertEquals("env CONCURRENGINE_RUN_RATE", rate.get("source"));
        assertEquals(Boolean.FALSE, MiniJson.object(keys.get("journal.enabled")).get("value"));
        assertEquals("flag for journal.enabled", MiniJson.object(keys.get("journal.enabled")).get("source"));
        assertEquals("event-time", MiniJson.object(keys.get("engine.time_mode")).get("value"));
        assertEquals("50000ns", MiniJson.object(keys.get("engine.max_batch_delay")).get("value"));
        assertFalse(listing.json(config, "run").contains("\n"));
    }

    private List<String> entryNames(final EngineConfig config)
    {
        return listing.entries(config).stream().map(ConfigListing.Entry::key).toList();
    }

    private static int occurrences(final String text, final String part)
    {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + 1))
        {
            count++;
        }
        return count;
    }
}
