package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineState;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.PacedFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's warm-up on its own: what it says, the throwaway engine it feeds and stops, and its scratch journal beside
 * the run's, deleted whether the warm-up went well or not.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunWarmUpTest
{
    @TempDir
    Path dir;

    @Test
    void shouldSayItWarmsUpAndFeedAThrowawayEngineJournalingBesideTheRunsJournalThenStopItAndDeleteThat()
    {
        final StringWriter err = new StringWriter();
        final List<Engine> started = new ArrayList<>();
        final List<Path> scratch = new ArrayList<>();
        final RunWarmUp warmUp = warmUp(config("true"), err, started);

        final String problem = warmUp.run(feed ->
        {
            assertEquals(EngineState.RUNNING, started.get(0).state(), "the observer was told of the running engine");
            scratch.addAll(files());
            feed.run();
        });

        assertNull(problem, err.toString());
        assertEquals("warming up: a throwaway engine flat out for 0.2 s\n",
            err.toString().replace(System.lineSeparator(), "\n"));
        assertEquals(1, scratch.size(), String.valueOf(scratch));
        assertTrue(scratch.get(0).getFileName().toString()
            .startsWith("concurrengine-warmup-" + ProcessHandle.current().pid() + "-"), String.valueOf(scratch));
        assertEquals(1, started.size());
        assertEquals(EngineState.STOPPED, started.get(0).state());
        assertTrue(started.get(0).journalBytes() > 0, "it journaled");
        assertEquals(List.of(), files(), "the scratch journal is deleted");
    }

    @Test
    void shouldReturnWhatFailedSayingNothingWithoutProgressAndStillStopItsEngineAndDeleteItsJournal()
    {
        final StringWriter err = new StringWriter();
        final List<Engine> started = new ArrayList<>();

        final String problem = warmUp(config("false"), err, started).run(feed ->
        {
            throw new IllegalStateException("the feed broke");
        });

        assertEquals("the feed broke", problem);
        assertEquals("", err.toString());
        assertEquals(EngineState.STOPPED, started.get(0).state());
        assertEquals(List.of(), files());
    }

    /**
     * A process killed during its warm-up leaves the warm-up's journal directory (19 MB with two shards): the next
     * warm-up beside it deletes it, saying so, and only what is clearly a dead warm-up's.
     */
    @Test
    void shouldDeleteTheJournalsOfWarmUpsWhoseProcessIsGoneAndNothingElse() throws IOException, InterruptedException
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        final String dead = "concurrengine-warmup-" + gone.pid() + "-";
        final Path leftover = Files.createDirectories(dir.resolve(dead + "123").resolve("shard-0"));
        Files.writeString(leftover.resolve("20261207-20F.cq4"), "cycle");
        Files.writeString(leftover.resolve("metadata.cq4t"), "metadata");
        Files.writeString(leftover.resolve("../shard-1").normalize(), "a file where a shard's directory goes");
        final Path emptyLeftover = Files.createDirectories(dir.resolve(dead + "124"));
        Files.writeString(emptyLeftover.resolve(RunWarmUp.LOCK_FILE), gone.pid() + "\n");
        final Path notes = Files.writeString(Files.createDirectories(dir.resolve(dead + "125")).resolve("notes"), "n");
        final Path held = Files.createDirectories(dir.resolve(dead + "126"));
        final Path running = Files.createDirectories(dir.resolve("concurrengine-warmup-" +
            ProcessHandle.current().pid() + "-127"));
        final Path file = Files.writeString(dir.resolve(dead + "128"), "a file");
        final StringWriter err = new StringWriter();
        try (RunLock lock = RunLock.acquire(held, RunWarmUp.LOCK_FILE))
        {
            assertTrue(null != lock);
            assertNull(warmUp(config("false"), err, new ArrayList<>()).run(PacedFeed::run), err.toString());
        }

        assertEquals("concurrengine run: deleted " + emptyLeftover + ", the journal of a warm-up whose process is no " +
            "longer running\n", err.toString().replace(System.lineSeparator(), "\n"));
        assertEquals(List.of(leftover.getParent(), notes.getParent(), held, running, file).stream().sorted().toList(),
            files().stream().sorted().toList(), "a shard-1 that is a file: not clearly a warm-up's");
        Files.delete(leftover.getParent().resolve("shard-1"));
        assertFalse(RunWarmUp.isLeftover(leftover.getParent()), "no lock: a warm-up's being made");
        Files.writeString(leftover.getParent().resolve(RunWarmUp.LOCK_FILE), gone.pid() + "\n");
        assertTrue(RunWarmUp.isLeftover(leftover.getParent()));
        assertFalse(RunWarmUp.isLeftover(notes.getParent()));
    }

    /**
     * A warm-up makes its directory, then takes its lock in it: a warm-up in another pid namespace sharing the
     * directory (another container), to which the first one's pid is no running process, sees it for that moment
     * empty and unlocked, and deleted it; an empty directory a user named so went too. Its lock file, once created,
     * is empty and unlocked for a moment too, before RunLock locks it and writes its pid in it: such a directory, which
     * was deleted, stays as well.
     */
    @Test
    void shouldLeaveADirectoryWithoutItsLockWhichAWarmUpBeingMadeHasForAMoment()
        throws IOException, InterruptedException
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        final Path beingMade = Files.createDirectories(dir.resolve("concurrengine-warmup-" + gone.pid() + "-1"));
        final StringWriter err = new StringWriter();

        assertNull(warmUp(config("false"), err, new ArrayList<>()).run(PacedFeed::run), err.toString());

        assertEquals("", err.toString());
        assertTrue(Files.isDirectory(beingMade));
        assertFalse(RunWarmUp.isLeftover(beingMade));

        Files.writeString(beingMade.resolve(RunWarmUp.LOCK_FILE), "");
        assertNull(warmUp(config("false"), err, new ArrayList<>()).run(PacedFeed::run), err.toString());
        assertEquals("", err.toString());
        assertTrue(Files.isRegularFile(beingMade.resolve(RunWarmUp.LOCK_FILE)));
        assertFalse(RunWarmUp.isLeftover(beingMade));
    }

    /**
     * Runs started at once beside the journals of dead warm-ups delete them together: one that found a file the other
     * had deleted stopped there, saying the directory was 'not deleted: no such file or directory', and left the
     * rest, which the other could have left too.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldDeleteTheJournalsOfDeadWarmUpsTogetherWithAnotherWarmUp() throws Exception
    {
        final Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        for (int leftover = 0; leftover < 4; leftover++)
        {
            final Path shard = Files.createDirectories(dir.resolve("concurrengine-warmup-" + gone.pid() + "-" +
                leftover).resolve("shard-0"));
            Files.writeString(shard.resolveSibling(RunWarmUp.LOCK_FILE), gone.pid() + "\n");
            for (int cycle = 0; cycle < 2000; cycle++)
            {
                Files.writeString(shard.resolve(cycle + ".cq4"), "");
            }
        }
        final StringWriter err = new StringWriter();
        final StringWriter otherErr = new StringWriter();
        final RunWarmUp warmUp = warmUp(config("false"), err, new ArrayList<>());
        final RunWarmUp other = warmUp(config("false"), otherErr, new ArrayList<>());
        final CyclicBarrier start = new CyclicBarrier(2);
        final Thread otherThread = new Thread(() ->
        {
            try
            {
                start.await();
            }
            catch (final InterruptedException | BrokenBarrierException ex)
            {
                throw new IllegalStateException(ex);
            }
            other.deleteLeftovers(dir);
        });
        otherThread.start();
        start.await();
        warmUp.deleteLeftovers(dir);
        otherThread.join();

        assertFalse(err.toString().contains("not deleted"), err.toString());
        assertFalse(otherErr.toString().contains("not deleted"), otherErr.toString());
        assertEquals(List.of(), files());
    }

    private RunWarmUp warmUp(final EngineConfig config, final StringWriter err, final List<Engine> started)
    {
        final PrintWriter errWriter = new PrintWriter(err);
        return new RunWarmUp(config, new RunEngineFactory(config, errWriter), errWriter, "concurrengine run: ",
            new RunObserver()
            {
                @Override
                public void onWarmUpStart(final Engine engine)
                {
                    started.add(engine);
                }
            }, dir.resolve("journal"));
    }

    private EngineConfig config(final String progress)
    {
        return new ConfigLoader().load(null, Map.of(), Map.of(
            "run.warmup", "200ms",
            "run.progress", progress,
            "engine.shards", "1",
            "market.instruments", "256",
            "journal.dir", dir.resolve("journal").toString(),
            "telemetry.counters", "false"));
    }

    private List<Path> files()
    {
        try (Stream<Path> files = Files.list(dir))
        {
            return files.toList();
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
