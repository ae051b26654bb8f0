package io.concurrengine.tools.journal;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static io.concurrengine.journal.JournalDescriptor.FORMAT_VERSION;
import static io.concurrengine.journal.JournalDescriptor.MIN_FORMAT_VERSION;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay --verify} and {@code inspect} of the journals the releases that last wrote format versions 1 to 4
 * left (the journal module's golden fixtures, journal/src/test/resources/io/concurrengine/journal/golden/, whose
 * README says how each was made). Inputs, dispatches and record counts are the old release's own output
 * (journal-vN.txt there).
 */
class GoldenJournalReplayTest
{
    private static final Path FIXTURES =
        Path.of("..", "journal", "src", "test", "resources", "io", "concurrengine", "journal", "golden");

    /** Per shard: inputs, dispatches, as the old run and replay printed them; the same run in every version. */
    private static final long[][] REPLAYED = {{1614, 1658}, {1386, 1430}};

    /**
     * The state hashes replay prints for these journals today. The old releases printed f3f29ead839f213f (shards
     * 55ad5391511cad97 and 695c1e66dc506de9) for the same dispatches: the market state hash was defined anew twice
     * since (93f4bfb: it covers when each resting order expires; b607399: a sum over instruments, the same for any
     * shard count). Each change altered every state hash and no journal record, so verification, which compares every
     * dispatch, is the check that spans releases; these values pin today's definition. A run of the same command
     * today prints the same hash.
     */
    private static final String[] SHARD_HASHES = {"3d188b50415750ae", "6cb2315d6bc0ff86"};
    private static final String STATE_HASH = "4c9f829441b5b098";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void shouldReplayAndVerifyEveryDispatchOfAJournalAnOlderReleaseWrote(final int version) throws IOException
    {
        final Path journal = unpack(version);

        final Cli replay = Cli.run("replay", journal.toString(), "--verify", "--json");

        assertEquals(0, replay.code(), replay.out() + replay.err());
        final Map<String, Object> result = MiniJson.object(MiniJson.parse(replay.out()));
        assertEquals("verified", result.get("result"), replay.out());
        final List<Object> shards = MiniJson.array(result.get("shards"));
        assertEquals(REPLAYED.length, shards.size(), replay.out());
        for (int i = 0; i < REPLAYED.length; i++)
        {
            final Map<String, Object> shard = MiniJson.object(shards.get(i));
            assertEquals((long)i, shard.get("shard"));
            assertEquals(REPLAYED[i][0], shard.get("inputs"), "v" + version + " shard " + i);
            assertEquals(0L, shard.get("advances"), "v" + version + " shard " + i);
            assertEquals(REPLAYED[i][1], shard.get("dispatched"), "v" + version + " shard " + i);
            assertNull(shard.get("divergence"), replay.out());
            assertNull(shard.get("damage"), replay.out());
            assertEquals(SHARD_HASHES[i], shard.get("stateHash"), "v" + version + " shard " + i);
        }
        assertEquals(STATE_HASH, result.get("stateHash"), replay.out());
    }

    @ParameterizedTest
    @ValueSource(ints = {2, 3, 4, 5})
    void shouldInspectEveryRecordOfAJournalAnOlderReleaseWrote(final int version) throws IOException
    {
        final Path journal = unpack(version);

        final Cli inspect = Cli.run("inspect", journal.toString(), "--limit", "1000000");

        assertEquals(0, inspect.code(), inspect.err());
        assertEquals("", inspect.err());
        final Map<String, Long> expected = new TreeMap<>();
        for (int i = 0; i < REPLAYED.length; i++)
        {
            expected.put(i + " HEADER", 1L);
            expected.put(i + " INPUT", REPLAYED[i][0]);
            expected.put(i + " DISPATCH", REPLAYED[i][1]);
        }
        assertEquals(expected, countByShardAndKind(inspect.out()), "the old inspect's counts (journal-v" + version +
            ".txt)");
    }

    @Test
    void shouldRefuseToReplayAVersion1JournalNamingItsVersion() throws IOException
    {
        final Path journal = unpack(1);

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(1, replay.code(), replay.err());
        for (int i = 0; i < REPLAYED.length; i++)
        {
            assertTrue(replay.err().contains("concurrengine replay: shard " + i + " journal of another format " +
                "version: journal corrupt: UNSUPPORTED_VERSION: journal format version found=1 expected=" +
                FORMAT_VERSION + " (or down to " + MIN_FORMAT_VERSION + "; written by another engine release) file=" +
                journal.resolve("shard-" + i)), replay.err());
        }
        assertTrue(replay.out().contains("NOT VERIFIED"), replay.out());
    }

    /**
     * A journal another release wrote from its first block on is not damaged, and --salvage replays none of it: the
     * hint says which versions this release reads, not to salvage.
     */
    @Test
    void shouldPointAVersion1JournalToTheReleaseThatWroteItRatherThanToSalvage() throws IOException
    {
        final Path journal = unpack(1);

        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(1, replay.code(), replay.err());
        assertFalse(replay.err().contains("--salvage"), replay.err());
        assertTrue(replay.err().contains("  (this release reads journal format versions " + MIN_FORMAT_VERSION +
            " to " + FORMAT_VERSION + ": replay a journal of another version with the release that wrote it)"),
            replay.err());
    }

    /**
     * --salvage of a journal another release wrote replays nothing, since its first block is already of another
     * version: no shard may claim that every dispatch matched, and each says that nothing was replayed and why.
     */
    @Test
    void shouldSayThatSalvageReplayedNothingOfAVersion1JournalRatherThanThatEveryDispatchMatched() throws IOException
    {
        final Path journal = unpack(1);

        final Cli replay = Cli.run("replay", journal.toString(), "--salvage", "--verify");

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertFalse(replay.out().contains("matched"), replay.out());
        for (int i = 0; i < REPLAYED.length; i++)
        {
            assertTrue(replay.out().contains("  journal of another format version, nothing replayed: journal " +
                "corrupt: UNSUPPORTED_VERSION: journal format version found=1 expected=" + FORMAT_VERSION +
                " (or down to " + MIN_FORMAT_VERSION + "; written by another engine release) file=" +
                journal.resolve("shard-" + i)), replay.out());
        }
        assertTrue(replay.out().endsWith("NOT VERIFIED" + System.lineSeparator()), replay.out());
    }

    /**
     * With nothing of any shard replayed there is no state to hash, not even an intact prefix's: the totals name the
     * shards not replayed, and the hint points to the release that wrote the journal.
     */
    @Test
    void shouldNameTheShardsNotReplayedWhenSalvageReplayedNothingOfAVersion1Journal() throws IOException
    {
        final Path journal = unpack(1);

        final Cli replay = Cli.run("replay", journal.toString(), "--salvage");

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertFalse(replay.out().contains("state hash of the intact prefixes"), replay.out());
        assertTrue(replay.out().contains("; not replayed: shards 0, 1 (above), so the run's state is unknown"),
            replay.out());
        assertTrue(replay.err().contains("  (this release reads journal format versions " + MIN_FORMAT_VERSION +
            " to " + FORMAT_VERSION + ": replay a journal of another version with the release that wrote it)"),
            replay.err());
    }

    @Test
    void shouldRefuseToInspectAVersion1JournalNamingItsVersion() throws IOException
    {
        final Path journal = unpack(1);

        final Cli inspect = Cli.run("inspect", journal.toString());

        assertEquals(1, inspect.code(), inspect.err());
        for (int i = 0; i < REPLAYED.length; i++)
        {
            assertTrue(inspect.err().contains("concurrengine inspect: shard " + i + " journal of another format " +
                "version: journal corrupt: UNSUPPORTED_VERSION: journal format version found=1 expected=" +
                FORMAT_VERSION),
                inspect.err());
        }
        assertEquals(0, countByShardAndKind(inspect.out()).size(), inspect.out());
    }

    private Path unpack(final int version) throws IOException
    {
        final Path zip = FIXTURES.resolve("journal-v" + version + ".zip");
        final Path root = dir.toAbsolutePath().normalize();
        try (InputStream bytes = Files.newInputStream(zip); ZipInputStream entries = new ZipInputStream(bytes))
        {
            for (ZipEntry entry = entries.getNextEntry(); null != entry; entry = entries.getNextEntry())
            {
                final Path path = root.resolve(entry.getName()).normalize();
                assertTrue(path.startsWith(root), entry.getName());
                if (entry.isDirectory())
                {
                    Files.createDirectories(path);
                }
                else
                {
                    Files.createDirectories(path.getParent());
                    Files.copy(entries, path);
                }
            }
        }
        return root.resolve("journal");
    }

    /** Lines per "shard kind", as make-fixtures.sh counts the old inspect's output. */
    private static Map<String, Long> countByShardAndKind(final String inspected)
    {
        final Map<String, Long> counts = new TreeMap<>();
        String shard = null;
        for (final String line : inspected.split("\\R"))
        {
            if (line.startsWith("# shard "))
            {
                shard = line.substring("# shard ".length());
            }
            else if (null != shard && !line.isEmpty())
            {
                counts.merge(shard + " " + line.substring(0, line.indexOf(' ')), 1L, Long::sum);
            }
        }
        return counts;
    }
}
