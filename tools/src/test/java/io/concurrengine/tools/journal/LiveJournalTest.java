package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalReader;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.run.RunLock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code replay} and {@code inspect} of a journal a run is still writing: its {@code run.lock} is locked (here by
 * this test) and each shard's journal ends in a block being appended (here the END block, its header still 0 with its
 * bytes written, which is what a reader sees while a writer appends any block).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LiveJournalTest
{
    private static final int SHARDS = 2;

    @TempDir
    Path dir;

    private Path journal;
    private final long[] lastBlock = new long[SHARDS];
    private FileChannel lockChannel;
    private FileLock lock;

    @BeforeEach
    void runAndMakeItLookLive() throws IOException
    {
        journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--events", "20000", "--shards", String.valueOf(SHARDS), "--journal",
            journal.toString(), "--no-counters");
        assertEquals(0, run.code(), run.err());
        for (int shard = 0; shard < SHARDS; shard++)
        {
            lastBlock[shard] = appendInProgress(journal, shard);
        }
        lockChannel = FileChannel.open(journal.resolve(RunLock.FILE), StandardOpenOption.WRITE);
        lock = lockChannel.lock();
    }

    @AfterEach
    void unlock() throws IOException
    {
        lock.release();
        lockChannel.close();
    }

    @Test
    void shouldReplayWhatIsCompleteSayingTheJournalIsStillBeingWrittenNotDamaged()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--salvage", "--verify");

        assertEquals(ReplayCommand.STILL_BEING_WRITTEN, replay.code(), replay.out() + replay.err());
        for (int shard = 0; shard < SHARDS; shard++)
        {
            assertTrue(replay.out().contains("  still being written by a running engine (run.lock held): replayed " +
                "what is complete, up to block " + lastBlock[shard] + ", "), replay.out());
        }
        assertTrue(replay.out().contains("state hash of what is complete so far "), replay.out());
        assertTrue(replay.out().endsWith("verified so far: every dispatch of what is complete matched; the run goes " +
            "on" + System.lineSeparator()), replay.out());
        assertFalse(replay.out().contains("killed") || replay.out().contains("not closed") ||
            replay.out().contains("NOT VERIFIED"), replay.out());
        assertTrue(replay.err().contains("concurrengine replay: journal dir " + journal + " is being written by a " +
            "run in progress: replaying what is complete so far"), replay.err());
    }

    @Test
    void shouldSayInJsonThatWhatIsCompleteWasReplayedSoFar()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--salvage", "--json");

        assertEquals(ReplayCommand.STILL_BEING_WRITTEN, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("\"damage\":null,\"damageAfterEnd\":false,\"live\":true,\"lastBlock\":" +
            lastBlock[0] + "}"), replay.out());
        assertTrue(replay.out().contains("\"stateHash\":null,\"result\":\"replayed so far\"}"), replay.out());
    }

    /**
     * A run that has journaled no input yet, its journals' END blocks being appended: no input of it is complete, so
     * no dispatch was checked.
     */
    @Test
    void shouldSayThereIsNothingToVerifyYetWhenNothingOfTheJournalIsComplete() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("empty.csv"), "");
        final Path empty = dir.resolve("empty-journal");
        final Cli run = Cli.run("run", "--feed", feed.toString(), "--shards", String.valueOf(SHARDS), "--journal",
            empty.toString(), "--no-counters");
        assertEquals(0, run.code(), run.err());
        for (int shard = 0; shard < SHARDS; shard++)
        {
            appendInProgress(empty, shard);
        }

        final Cli replay;
        try (FileChannel channel = FileChannel.open(empty.resolve(RunLock.FILE), StandardOpenOption.WRITE))
        {
            final FileLock emptyLock = channel.lock();
            replay = Cli.run("replay", empty.toString(), "--salvage", "--verify");
            emptyLock.release();
        }

        assertEquals(ReplayCommand.STILL_BEING_WRITTEN, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("still being written by a running engine (run.lock held): "), replay.out());
        assertFalse(replay.out().contains("matched"), replay.out());
        assertTrue(replay.out().endsWith("nothing to verify so far: no input of the journal is complete yet; the run " +
            "goes on" + System.lineSeparator()), replay.out());
    }

    /**
     * Exit 3 with --salvage says that what is complete so far was replayed and matched: with stdout closed
     * ({@code | head -1}) or on a full device, replay --salvage --json exited 3 having written no object, and said
     * nothing of it, where a finished journal's replay exits 1 and says that writing to stdout failed.
     */
    @Test
    void shouldExitOneWhenTheReportOfWhatIsCompleteCannotBeWritten()
    {
        for (final String[] args : new String[][]{ { "replay", journal.toString(), "--salvage", "--verify" },
            { "replay", journal.toString(), "--salvage", "--json" } })
        {
            for (final int accepted : new int[]{ 0, 200 })
            {
                final Cli replay = Cli.runOnFailingStdout(accepted, args);

                assertEquals(1, replay.code(), String.join(" ", args) + ": " + replay.err());
                assertTrue(replay.err().endsWith("concurrengine replay: writing to stdout failed: the output was " +
                    "closed or its device is full" + System.lineSeparator()), replay.err());
            }
        }
    }

    @Test
    void shouldRefuseWithoutSalvageWithAnExitStatusOfItsOwn()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--verify");

        assertEquals(ReplayCommand.STILL_BEING_WRITTEN, replay.code(), replay.err());
        assertEquals("", replay.out());
        assertTrue(replay.err().contains("concurrengine replay: journal dir " + journal + " is being written by a " +
            "run in progress: its end is not written yet; replay it when the run has ended, or with --salvage for " +
            "what is complete so far"), replay.err());
    }

    @Test
    void shouldReplayUpToATimeEveryShardHasWrittenPastAsAFinishedJournal()
    {
        final Cli replay = Cli.run("replay", journal.toString(), "--salvage", "--verify", "--until", "1000");

        assertEquals(0, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().endsWith("verified up to time 1000: the journal replays bit for bit" +
            System.lineSeparator()), replay.out());
        assertFalse(replay.out().contains("still being written"), replay.out());
    }

    @Test
    void shouldInspectWhatIsCompleteWithoutCallingTheBlockBeingWrittenDamage()
    {
        final Cli inspect = Cli.run("inspect", journal.toString(), "--type", "input", "--limit", "1000000");

        assertEquals(0, inspect.code(), inspect.err());
        for (int shard = 0; shard < SHARDS; shard++)
        {
            assertTrue(inspect.out().contains("# shard " + shard + ": still being written by a running engine " +
                "(run.lock held): the records above are what was complete when read"), inspect.out());
        }
        assertFalse(inspect.err().contains("not closed"), inspect.err());
    }

    /**
     * The line that says a shard's records are what was complete closes the records printed: a shard with none has no
     * such line, as it has no heading.
     */
    @Test
    void shouldSayNothingOfAShardStillBeingWrittenThatPrintedNoRecord()
    {
        final Cli inspect = Cli.run("inspect", journal.toString(), "--type", "failed");

        assertEquals(0, inspect.code(), inspect.err());
        assertEquals("# no record matched --type failed in any of the journal's 2 shards" + System.lineSeparator(),
            inspect.out());
    }

    /**
     * A run that is starting locks the directory before it writes its run.toml (an earlier run's is moved aside
     * first): inspect and feed --journal said only that the directory is not a run's journal, its run.toml missing,
     * where replay says that a run is writing it.
     */
    @Test
    void shouldSayARunIsWritingTheDirectoryWhenItsRunTomlIsNotThereYet() throws IOException
    {
        Files.delete(journal.resolve("run.toml"));

        final Cli inspect = Cli.run("inspect", journal.toString());
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", dir.resolve("f.csv").toString());

        assertEquals(2, inspect.code(), inspect.out() + inspect.err());
        assertEquals("", inspect.out());
        assertTrue(inspect.err().startsWith("concurrengine inspect: journal dir " + journal + " is being written " +
            "by a run in progress; " + journal + ": run.toml: not a run's journal directory: "), inspect.err());
        assertEquals(2, feed.code(), feed.out() + feed.err());
        assertTrue(feed.err().contains("is being written by a run in progress: its end is not written yet; take " +
            "its inputs when the run has ended"), feed.err());
        assertFalse(Files.exists(dir.resolve("f.csv")), "nothing written");
    }

    @Test
    void shouldStillCallAJournalLeftMidAppendByARunThatEndedDamaged() throws IOException
    {
        lock.release(); // the run was killed: its lock went with it

        final Cli replay = Cli.run("replay", journal.toString(), "--salvage");

        assertEquals(1, replay.code(), replay.out() + replay.err());
        assertTrue(replay.out().contains("journal not closed, replayed the intact prefix only"), replay.out());
        assertTrue(replay.out().contains("NOT VERIFIED"), replay.out());
    }

    /**
     * Zero the header of the shard's END block, leaving its bytes: the block reads as one being appended.
     *
     * @return the index of the block before it, the shard's last complete one.
     */
    private static long appendInProgress(final Path journal, final int shard) throws IOException
    {
        final Path[] file = {null};
        final long[] position = {-1};
        final long[] lastBlock = {-1};
        JournalReader.open(ChronicleShardJournal.shardDirectory(journal, shard)).read(record ->
        {
            file[0] = record.file();
            position[0] = record.filePosition();
            lastBlock[0] = record.blockIndex();
        });
        try (FileChannel channel = FileChannel.open(file[0], StandardOpenOption.READ, StandardOpenOption.WRITE))
        {
            final ByteBuffer header = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(header, position[0]);
            final long endBlock = (position[0] + 4 + (header.getInt(0) & 0x3FFF_FFFF) + 3) & ~3L;
            header.clear();
            channel.read(header, endBlock);
            assertTrue(0 != header.getInt(0), "the END block's header");
            channel.write(ByteBuffer.allocate(4), endBlock);
        }
        return lastBlock[0];
    }
}
