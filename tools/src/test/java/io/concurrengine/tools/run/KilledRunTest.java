package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.concurrengine.tools.json.MiniJson.array;
import static io.concurrengine.tools.json.MiniJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A journaled run killed with SIGKILL, as a crash or an OOM killer would: whenever it happens, every shard's journal
 * reads as not closed (never as damaged: no torn block, no junk after the data), and what it holds replays and
 * verifies bit for bit. The kill lands at a few points in the run, nearly always between two appends of a block: a
 * kill in the middle of one is rare here, and {@code JournalDamageTest} makes that state with Chronicle's own
 * appender instead.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class KilledRunTest
{
    /** Milliseconds after the run's first progress line: early, mid-second, and later, when the journal is bigger. */
    private static final List<Integer> KILL_DELAYS_MS = List.of(0, 350, 1_300);

    @TempDir
    Path dir;

    @Test
    void shouldLeaveAJournalThatReadsAsNotClosedAndVerifiesWhereverTheRunIsKilled() throws Exception
    {
        for (final int delayMs : KILL_DELAYS_MS)
        {
            final Path journal = dir.resolve("journal-" + delayMs);
            killRunAfter(journal, delayMs);

            final Cli strict = Cli.run("replay", journal.toString(), "--verify");
            assertEquals(1, strict.code(), strict.err());
            assertTrue(strict.err().contains("journal not closed: journal corrupt: UNCLOSED"), strict.err());

            final Cli salvaged = Cli.run("replay", journal.toString(), "--verify", "--salvage", "--json");
            final Map<String, Object> replay = object(MiniJson.parse(salvaged.out().strip()));
            final List<Object> shards = array(replay.get("shards"));
            assertEquals(2, shards.size(), salvaged.out());
            long inputs = 0;
            for (final Object each : shards)
            {
                final Map<String, Object> shard = object(each);
                assertNull(shard.get("divergence"), "killed after " + delayMs + " ms: " + salvaged.out());
                final Map<String, Object> damage = object(shard.get("damage"));
                assertEquals("UNCLOSED", damage.get("reason"), "killed after " + delayMs + " ms: " + salvaged.out());
                inputs += (Long)shard.get("inputs");
            }
            assertTrue(inputs > 0, salvaged.out());
            assertEquals("not verified", replay.get("result"), "a journal that was not closed is not the whole run");
            assertNull(replay.get("stateHash"), "the run's state is unknown");
        }
    }

    private void killRunAfter(final Path journal, final int delayMs) throws Exception
    {
        final Path out = dir.resolve("out-" + delayMs + ".txt");
        final Path err = dir.resolve("err-" + delayMs + ".txt");
        final Process process = Cli.start(out, err, "512m", "run", "--rate", "200000", "--duration", "120s",
            "--journal", journal.toString(), "--no-counters");
        try
        {
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!Files.readString(err).contains("published") && process.isAlive() && System.nanoTime() < deadline)
            {
                Thread.sleep(20);
            }
            assertTrue(process.isAlive() && Files.readString(err).contains("published"),
                "the run is running: " + Files.readString(err));
            Thread.sleep(delayMs);
        }
        finally
        {
            process.destroyForcibly(); // SIGKILL: no shutdown hook, no close
        }
        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "killed");
        assertEquals(137, process.exitValue(), Files.readString(err));
    }
}
