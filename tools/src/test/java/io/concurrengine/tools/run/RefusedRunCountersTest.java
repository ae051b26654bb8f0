package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.telemetry.CountersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * A run refused after its counters file was created (the engine built, the journal directory refused) leaves no
 * counters file of its own: it left one marked finished, which stat showed as a run that finished; and an earlier
 * run's file at the path is left as it was.
 */
class RefusedRunCountersTest
{
    /**
     * Under /proc: the start-up checks pass (0 bytes of 0 is no full disk), creating the directory fails after the
     * engine was built with its counters.
     */
    private static final Path UNUSABLE_JOURNAL = Path.of("/proc/concurrengine-refused-run-counters-test");

    @TempDir
    Path dir;

    @Test
    void shouldLeaveNoCountersFileWhenRefusedAfterCreatingIt() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final Path config = countersConfig(counters);

        final Cli refused = runRefusedAfterBuild(config);

        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("journal dir " + UNUSABLE_JOURNAL + " cannot be used: "), refused.err());
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(config), files.toList(), "no counters file, nor a temporary one");
        }
        final Cli stat = Cli.run("stat", counters.toString(), "--count", "1");
        assertTrue(stat.err().contains("no counters file at " + counters), stat.err());
    }

    @Test
    void shouldLeaveAnEarlierRunsCountersFileAsItWasWhenRefusedAfterCreatingItsOwn() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final Path config = countersConfig(counters);
        final Cli ran = runWithoutJournal(config);
        assertEquals(0, ran.code(), ran.err());
        final byte[] earlier = Files.readAllBytes(counters);

        final Cli refused = runRefusedAfterBuild(config);

        assertEquals(2, refused.code(), refused.err());
        assertArrayEquals(earlier, Files.readAllBytes(counters), "the earlier run's counters file, as it was");
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of(counters, config), files.sorted().toList(), "no temporary file left");
        }
        final Cli stat = Cli.run("stat", counters.toString(), "--count", "1");
        assertEquals(0, stat.code(), stat.err());
        assertTrue(stat.out().contains("finished"), stat.out());
    }

    @Test
    void shouldStillLeaveAFinishedCountersFileWhenTheRunRan() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final Path config = countersConfig(counters);

        final Cli ran = runWithoutJournal(config);

        assertEquals(0, ran.code(), ran.err());
        try (CountersFile file = CountersFile.open(counters))
        {
            assertTrue(file.ownerFinished());
            assertTrue(file.heartbeatMillis() >= file.startTimeMillis(), "beat while it ran: " +
                file.heartbeatMillis());
            assertTrue(file.heartbeatMillis() <= file.finishTimeMillis(), "before it finished");
        }
    }

    /**
     * A counters file on a file system with no room for it: the run is refused, exit 2, saying so, and leaves no
     * temporary file filling it. Agrona's mapNewFile wrote the file's zeros through its mapping, and the first page
     * the file system had no room for faulted: the run failed as a bug ('unexpected InternalError: a fault occurred
     * in a recent unsafe memory access operation'), exit 1, leaving its 640 KiB temporary file. The run has a JVM
     * and a mount namespace of its own, where a 256 KiB tmpfs is mounted on the counters file's directory; skipped
     * where unshare cannot make one.
     */
    @Test
    void shouldRefuseTheRunSayingSoWhenTheCountersFileHasNoRoomOnItsFileSystem()
        throws IOException, InterruptedException
    {
        final Path small = Files.createDirectory(dir.resolve("small"));
        final Path left = dir.resolve("left.txt");
        final String java = ProcessHandle.current().info().command().orElse("java");
        // java's arguments run on a tmpfs mounted on small, then what is left there is listed in left
        final Path onTmpfs = Files.writeString(dir.resolve("java-on-tmpfs.sh"), "#!/bin/sh\n" +
            "exec unshare -rm sh -c 'mount -t tmpfs -o size=256k tmpfs \"$1\" || exit 99; small=$1; left=$2; " +
            "shift 2; \"$@\"; code=$?; ls -A \"$small\" > \"$left\"; exit $code' sh \"" + small + "\" \"" + left +
            "\" \"" + java + "\" \"$@\"\n");
        assumeTrue(onTmpfs.toFile().setExecutable(true));
        final Process probe = new ProcessBuilder(onTmpfs.toString(), "-version").redirectErrorStream(true)
            .redirectOutput(dir.resolve("probe.txt").toFile()).start();
        final boolean ended = probe.waitFor(30, TimeUnit.SECONDS);
        probe.destroyForcibly();
        assumeTrue(ended && 0 == probe.exitValue(), "no tmpfs of its own here: unshare -rm cannot mount one");
        final Path counters = small.resolve("counters.dat");
        final Path config = countersConfig(counters);

        final Cli refused = Cli.forkOn(onTmpfs.toString(), List.of(), dir, "64m", "run", "--config",
            config.toString(), "--events", "10", "--shards", "1", "--no-journal");

        assertEquals(2, refused.code(), refused.err());
        assertTrue(refused.err().contains("counters file " + counters + " cannot be created: no space left on " +
            "device"), refused.err());
        assertEquals("", Files.readString(left), "no temporary file left on the full file system");
    }

    private Path countersConfig(final Path counters) throws IOException
    {
        return Files.writeString(dir.resolve("engine.toml"),
            "[telemetry]\ncounters = true\ncounters_file = \"" + counters + "\"\n");
    }

    private static Cli runRefusedAfterBuild(final Path config)
    {
        return Cli.run("run", "--config", config.toString(), "--events", "10", "--shards", "1", "--journal",
            UNUSABLE_JOURNAL.toString());
    }

    private static Cli runWithoutJournal(final Path config)
    {
        return Cli.run("run", "--config", config.toString(), "--events", "10", "--shards", "1", "--no-journal");
    }
}
