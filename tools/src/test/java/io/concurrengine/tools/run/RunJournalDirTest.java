package io.concurrengine.tools.run;

import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The journal directory's preparation for a run: an earlier run's journal survives a start that fails, and is gone
 * once the run has started.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RunJournalDirTest
{
    @TempDir
    Path dir;

    private final EngineConfig config = new ConfigLoader().load(null, Map.of(), Map.of("run.seed", "7"));

    /**
     * The one test of a path in a journal directory ({@code feed --out}, a run's counters file, soak's report) took a
     * symbolic link to nothing as lying where the link is, though writing it creates its target in the journal
     * directory, and read {@code link/..} as the directory the link is in, not its target's parent.
     */
    @Test
    void shouldFollowADanglingLinkAndTheParentOfALinkToWhereAPathReallyIs() throws IOException
    {
        final Path journal = Files.createDirectories(dir.resolve("jj").resolve("shard-0"));
        final Path root = journal.getParent();
        final Path dangling = Files.createSymbolicLink(dir.resolve("out.csv"), journal.resolve("new.cq4"));
        final Path chained = Files.createSymbolicLink(dir.resolve("chained.csv"), dangling);
        final Path relative = Files.createSymbolicLink(dir.resolve("relative.csv"), Path.of("jj", "new.csv"));
        final Path toShard = Files.createSymbolicLink(dir.resolve("shard-link"), journal);
        final Path loop = Files.createSymbolicLink(dir.resolve("loop"), dir.resolve("loop"));
        final Path elsewhere = Files.createSymbolicLink(dir.resolve("elsewhere.csv"), dir.resolve("none").resolve("x"));

        assertTrue(RunJournalDir.inside(dangling, root));
        assertTrue(RunJournalDir.inside(chained, root));
        assertTrue(RunJournalDir.inside(relative, root));
        assertTrue(RunJournalDir.inside(toShard.resolve("..").resolve("new.csv"), root));
        assertFalse(RunJournalDir.inside(loop, root));
        assertFalse(RunJournalDir.inside(elsewhere, root));
        assertFalse(RunJournalDir.inside(dir.resolve("beside.csv"), root));
    }

    /**
     * A journal directory under a file ({@code run --journal afile/x --warmup 5s}) passed the check, which changes
     * nothing, and was refused only as the run created it, after the warm-up.
     */
    @Test
    void shouldRefuseAJournalDirectoryUnderAFileBeforeTheRun() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("afile"), "x");
        final Path root = file.resolve("x").resolve("y");

        assertEquals("journal dir " + root + " cannot be used: " + file + " is a file, not a directory, in the path " +
            root, RunJournalDir.check(root, "--journal DIR"));
        assertNull(RunJournalDir.check(dir.resolve("new").resolve("journal"), "--journal DIR"), "made by the run");
    }

    /**
     * A journal directory given as a symbolic link to a directory (a run journals into it, replay reads it) has the
     * size of the directory it leads to: the summary's "bytes in its files" and a soak's disk figures were 0 for it.
     * Links under it are not followed.
     */
    @Test
    void shouldMeasureAJournalDirectoryGivenAsASymbolicLinkToOne() throws IOException
    {
        final Path real = Files.createDirectories(dir.resolve("real/shard-0"));
        Files.write(real.resolve("a.cq4"), new byte[1000]);
        Files.createSymbolicLink(dir.resolve("elsewhere.cq4"), real.resolve("a.cq4"));
        Files.createSymbolicLink(real.resolve("link.cq4"), dir.resolve("elsewhere.cq4"));
        final Path link = Files.createSymbolicLink(dir.resolve("link"), dir.resolve("real"));

        assertEquals(1000, RunJournalDir.directorySize(dir.resolve("real")));
        assertEquals(1000, RunJournalDir.directorySize(link));
        assertEquals(0, RunJournalDir.directorySize(dir.resolve("missing")));
    }

    /**
     * The journal keeps some bytes free; a file system with exactly that many usable is not too full to start on, one
     * with a byte fewer is, and one whose space cannot be told is not judged.
     */
    @Test
    void shouldRefuseAFileSystemOnlyBelowTheBytesTheJournalKeepsFree()
    {
        final Path root = dir.resolve("journal");

        assertNull(RunJournalDir.checkSpace(root, 1_000_000, 1_000_000, "--journal DIR"));
        assertNull(RunJournalDir.checkSpace(root, -1, 1_000_000, "--journal DIR"));
        assertTrue(RunJournalDir.checkSpace(root, 0, 1_000_000, "--journal DIR").contains(", 0 bytes usable, "),
            "full, not unknown");
        assertEquals("journal dir " + root + ": its file system is nearly full, 999,999 bytes usable, below the " +
            "1,000,000 bytes the journal keeps free; free some space (an earlier run's journal there is kept) or " +
            "choose another --journal DIR", RunJournalDir.checkSpace(root, 999_999, 1_000_000, "--journal DIR"));
    }

    /**
     * A journal directory that does not exist yet is judged by the file system it would be created on: that of its
     * nearest existing parent. A file system with no space at all (proc) cannot hold one, and is not judged here.
     */
    @Test
    void shouldTellTheUsableBytesOfTheFileSystemADirectoryWouldBeCreatedOn() throws IOException
    {
        final long usable = Files.getFileStore(dir).getUsableSpace();

        final long wouldBe = RunJournalDir.usableBytes(dir.resolve("not").resolve("yet").resolve("journal"));

        assertTrue(Math.abs(wouldBe - usable) < 256L << 20, wouldBe + " usable against " + usable);
        assertEquals(-1, RunJournalDir.usableBytes(Path.of("/proc/self")));
    }

    /**
     * A lock on the directory's {@code run.lock} taken in this JVM through another channel (an embedding program's,
     * say) is a writer whose pid this class cannot read: the directory is refused all the same.
     */
    @Test
    void shouldRefuseADirectoryLockedInThisJvmThroughAnotherChannel() throws IOException
    {
        final Path root = Files.createDirectories(dir.resolve("journal"));
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(root.resolve(RunLock.FILE),
            java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.WRITE);
            java.nio.channels.FileLock lock = channel.lock())
        {
            assertTrue(lock.isValid());
            assertEquals("journal dir " + root + " is being written by a run in progress; wait for it to end or " +
                "choose another --journal DIR", new RunJournalDir(root).check());
        }
        assertNull(new RunJournalDir(root).check(), "and once it is released, a run may use it");
    }

    @Test
    void shouldPutTheEarlierRunsJournalBackWhenTheStartFails() throws IOException
    {
        final Path root = dir.resolve("journal");
        writeEarlierRun(root);
        final Map<String, String> before = contents(root);
        final RunJournalDir journal = new RunJournalDir(root);
        assertNull(journal.check());

        assertNull(journal.prepare(config));
        assertTrue(Files.readString(root.resolve(RunJournalDir.RUN_CONFIG_FILE)).contains("seed = 7"),
            "this run's configuration is in place for the start");
        assertFalse(Files.exists(root.resolve("shard-0")), "the earlier journal is out of the way");
        // what a start that failed part way leaves: one shard's journal opened
        Files.createDirectories(root.resolve("shard-0"));
        Files.write(root.resolve("shard-0").resolve("20261205-18.cq4"), new byte[] {9, 9});
        Files.createDirectories(root.resolve("shard-2"));

        assertNull(journal.restore());
        journal.release();

        final Map<String, String> after = contents(root);
        assertTrue(null != after.remove(RunLock.FILE), "the lock file stays, as after any run");
        assertEquals(before, after, "the earlier run's journal, byte for byte, and nothing else");
        assertNull(new RunJournalDir(root).check(), "and a later run may replace it");
    }

    @Test
    void shouldDeleteTheEarlierRunsJournalOnceStarted() throws IOException
    {
        final Path root = dir.resolve("journal");
        writeEarlierRun(root);
        final RunJournalDir journal = new RunJournalDir(root);

        assertNull(journal.prepare(config));
        Files.createDirectories(root.resolve("shard-0"));
        assertNull(journal.started());
        journal.release();

        assertEquals(Map.of(RunLock.FILE, "", RunJournalDir.RUN_CONFIG_FILE, config.toToml(), "shard-0/", ""),
            withoutLockContent(contents(root)));
    }

    /**
     * A preparation that fails while it moves the earlier journal aside (here: one shard directory made immutable, so
     * it cannot be renamed) leaves that journal whole where it was: what was moved goes back, what was not stays.
     */
    @Test
    void shouldKeepTheEarlierJournalWholeWhenMovingItAsideFails() throws Exception
    {
        final Path root = dir.resolve("journal");
        writeEarlierRun(root);
        final Map<String, String> before = contents(root);
        final Path stuck = root.resolve("shard-1");
        assumeTrue(chattr("+i", stuck), "chattr +i works here (root, ext4)");
        final String problem;
        try
        {
            final RunJournalDir journal = new RunJournalDir(root);
            problem = journal.prepare(config);
            journal.release();
        }
        finally
        {
            chattr("-i", stuck);
        }

        assertTrue(null != problem && problem.startsWith("journal dir " + root + " cannot be used: "), problem);
        final Map<String, String> after = contents(root);
        after.remove(RunLock.FILE);
        assertEquals(before, after, "the earlier run's journal, byte for byte: run.toml and shard-0 moved back");
    }

    private static boolean chattr(final String flag, final Path path) throws Exception
    {
        try
        {
            final Process process = new ProcessBuilder("chattr", flag, path.toString()).redirectErrorStream(true)
                .start();
            process.getInputStream().readAllBytes();
            return 0 == process.waitFor();
        }
        catch (final IOException ex)
        {
            return false; // no chattr
        }
    }

    @Test
    void shouldLeaveAnEmptyDirectoryEmptyAfterAFailedStart() throws IOException
    {
        final Path root = dir.resolve("journal");
        final RunJournalDir journal = new RunJournalDir(root);

        assertNull(journal.prepare(config));
        Files.createDirectories(root.resolve("shard-0"));
        assertNull(journal.restore());
        journal.release();

        assertEquals(Map.of(RunLock.FILE, ""), withoutLockContent(contents(root)));
        assertNull(new RunJournalDir(root).check());
    }

    /**
     * A process killed while its run started leaves the earlier journal aside and a journal of a run that did not finish
     * starting: the directory is still one a run may use, and the next run replaces both.
     */
    @Test
    void shouldAcceptAndReplaceWhatARunKilledWhileStartingLeft() throws IOException
    {
        final Path root = dir.resolve("journal");
        writeEarlierRun(root);
        final RunJournalDir killed = new RunJournalDir(root);
        assertNull(killed.prepare(config));
        killed.release(); // the process ended here: no started(), no restore()
        assertTrue(Files.isDirectory(root.resolve(RunJournalDir.EARLIER_RUN_DIRECTORY)));
        final Map<String, String> killedRun = contents(root);

        final RunJournalDir next = new RunJournalDir(root);
        assertNull(next.check());
        assertNull(next.prepare(config));
        final Map<String, String> aside = contents(root.resolve(RunJournalDir.EARLIER_RUN_DIRECTORY));
        assertEquals(Map.of(RunJournalDir.RUN_CONFIG_FILE, config.toToml()), aside,
            "what the killed run wrote is the earlier journal now; the leftover, older, is gone");
        assertNull(next.restore());
        next.release();
        assertEquals(withoutAside(killedRun), withoutLockContent(contents(root)));
    }

    @Test
    void shouldAcceptALeftoverFromARunKilledBeforeItWroteItsConfiguration() throws IOException
    {
        final Path root = dir.resolve("journal");
        Files.createDirectories(root.resolve(RunJournalDir.EARLIER_RUN_DIRECTORY).resolve("shard-0"));
        Files.writeString(root.resolve(RunJournalDir.EARLIER_RUN_DIRECTORY).resolve(RunJournalDir.RUN_CONFIG_FILE),
            "x");

        assertNull(new RunJournalDir(root).check());
    }

    @Test
    void shouldStillRefuseFilesNoRunWrote() throws IOException
    {
        final Path root = dir.resolve("journal");
        Files.createDirectories(root.resolve(RunJournalDir.EARLIER_RUN_DIRECTORY));
        Files.writeString(root.resolve("notes.txt"), "mine");

        assertEquals("journal dir " + root + " holds files that no earlier run wrote; choose another --journal DIR " +
            "or empty it", new RunJournalDir(root).check());
    }

    /**
     * A file or directory of the user's inside an earlier run's shard directory (a feed saved there, a backup) was
     * deleted with that journal once the run started: it is refused as a file beside the shard directories is.
     */
    @Test
    void shouldRefuseAnEarlierJournalWhoseShardDirectoryHoldsWhatNoRunWrote() throws IOException
    {
        final Path root = dir.resolve("journal");
        writeEarlierRun(root);
        assertNull(new RunJournalDir(root).check(), "cycle files and Chronicle's metadata");

        Files.writeString(root.resolve("shard-1").resolve("inputs.csv"), "mine");
        final Map<String, String> before = contents(root);
        assertEquals("journal dir " + root + " holds shard-1/inputs.csv, which no earlier run wrote; choose another " +
            "--journal DIR or move it", new RunJournalDir(root).check());
        assertEquals(before, contents(root));

        Files.delete(root.resolve("shard-1").resolve("inputs.csv"));
        Files.createDirectories(root.resolve("shard-0").resolve("backup.cq4"));
        assertEquals("journal dir " + root + " holds shard-0/backup.cq4, which no earlier run wrote; choose another " +
            "--journal DIR or move it", new RunJournalDir(root).check(), "a directory, whatever its name");
    }

    @Test
    void shouldRefuseADirectoryWhoseRunTomlIsNotAFile() throws IOException
    {
        final Path root = dir.resolve("journal");
        final Path mine = Files.createDirectories(root.resolve(RunJournalDir.RUN_CONFIG_FILE));
        Files.writeString(mine.resolve("notes.txt"), "mine");
        Files.createDirectories(root.resolve("shard-0"));

        assertEquals("journal dir " + root + " holds run.toml, which is a directory, not an earlier run's " +
            "configuration; choose another --journal DIR or move it", new RunJournalDir(root).check());
        assertEquals("mine", Files.readString(mine.resolve("notes.txt")));
    }

    private static void writeEarlierRun(final Path root) throws IOException
    {
        Files.createDirectories(root.resolve("shard-0"));
        Files.createDirectories(root.resolve("shard-1"));
        Files.writeString(root.resolve(RunJournalDir.RUN_CONFIG_FILE), "[run]\nseed = 42\n");
        Files.write(root.resolve("shard-0").resolve("20261204-18.cq4"), new byte[] {1, 2, 3});
        Files.write(root.resolve("shard-1").resolve("20261204-18.cq4"), new byte[] {4, 5});
        Files.write(root.resolve("shard-1").resolve("directory-listing.cq4t"), new byte[] {6});
    }

    /**
     * @return every entry under {@code root} by relative path (directories with a trailing slash and no content),
     * files with their content.
     */
    private static Map<String, String> contents(final Path root) throws IOException
    {
        final Map<String, String> all = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk::iterator)
            {
                if (path.equals(root))
                {
                    continue;
                }
                final String name = root.relativize(path).toString();
                if (Files.isDirectory(path))
                {
                    all.put(name + "/", "");
                }
                else
                {
                    all.put(name, new String(Files.readAllBytes(path), StandardCharsets.ISO_8859_1));
                }
            }
        }
        return all;
    }

    private static Map<String, String> withoutLockContent(final Map<String, String> contents)
    {
        final Map<String, String> copy = new TreeMap<>(contents);
        copy.computeIfPresent(RunLock.FILE, (name, content) -> "");
        return copy;
    }

    private static Map<String, String> withoutAside(final Map<String, String> contents)
    {
        final Map<String, String> copy = withoutLockContent(contents);
        copy.keySet().removeIf(name -> name.startsWith(RunJournalDir.EARLIER_RUN_DIRECTORY));
        return copy;
    }
}
