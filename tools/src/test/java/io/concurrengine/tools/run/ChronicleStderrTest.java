package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What Chronicle Queue, the shard journals' store, prints on a command's standard error by itself, in a JVM of the
 * command's own: only what the command says, in its own one-line form.
 */
@Timeout(180)
class ChronicleStderrTest
{
    @TempDir
    Path dir;

    /**
     * Chronicle's disk monitor warned every 10 s that "your disk ... is almost full, warning: the JVM may crash"
     * (under 200 MB free, or past 95 % of the disk), in its own log format between the progress lines, although the
     * journal keeps its own free-space floor and reserve and ends the run cleanly before the disk is full. Its period
     * and threshold are set here so that it would speak within the run, on any disk.
     */
    @Test
    void shouldNotPrintChroniclesDiskMonitorWarnings() throws IOException, InterruptedException
    {
        final Path config = Files.writeString(dir.resolve("quiet.toml"), "[run]\nprogress = false\n");
        final List<String> flags = new ArrayList<>(jdkFlags());
        flags.add("-Dchronicle.disk.monitor.period=1");
        flags.add("-Dchronicle.disk.monitor.threshold.percent=100");

        final Cli run = Cli.forkOn(java(), flags, dir, "256m", "run", "--config", config.toString(), "--rate", "1000",
            "--duration", "3s", "--no-counters", "--journal", dir.resolve("journal").toString());

        assertEquals(0, run.code(), run.err());
        assertEquals("", ownLines(run.err()), "nothing on stderr but the JVM's own warnings");
    }

    /**
     * A shard whose table file ({@code metadata.cq4t}) cannot be created, on a file system with no inode left:
     * Chronicle warned that it fell back to a read-only table store and forced the queue read-only, each warning with
     * its stack trace (15 lines for the first), in its own log format, before the run's own lines said the same. Each
     * warning is now one line in the command's form, with its cause, and the run's own lines are as they were. Needs a
     * tmpfs of six inodes: skipped where mounting one is not permitted.
     */
    @Test
    void shouldSayWhatChronicleWarnsOfInOneLineEachWhenAShardsTableFileCannotBeCreated()
        throws IOException, InterruptedException
    {
        final Path disk = Files.createDirectory(dir.resolve("disk"));
        assumeTrue(0 == command("mount", "-t", "tmpfs", "-o", "size=100m,nr_inodes=6", "tmpfs", disk.toString()),
            "mounting a tmpfs is not permitted here");
        final Cli run;
        try
        {
            // the root, the journal directory, run.toml, run.lock and the two shard directories take the six
            run = Cli.forkOn(java(), jdkFlags(), dir, "256m", "run", "--events", "1000", "--no-counters",
                "--journal", disk.resolve("journal").toString());
        }
        finally
        {
            if (0 != command("umount", disk.toString()))
            {
                command("umount", "-l", disk.toString());
                fail("cannot unmount the test's tmpfs at " + disk);
            }
        }

        assertEquals(1, run.code(), run.err());
        final List<String> lines = ownLines(run.err()).lines().collect(Collectors.toList());
        for (final String line : lines)
        {
            assertTrue(line.startsWith("concurrengine run: ") || line.startsWith("{\"time\":"),
                "each line in the command's form:\n" + run.err());
        }
        assertTrue(lines.stream().anyMatch(line -> line.startsWith("concurrengine run: Chronicle warning: ") &&
            line.contains("metadata.cq4t") && line.contains("No space left on device")),
            "Chronicle's warning, its file and cause:\n" + run.err());
        assertTrue(lines.get(lines.size() - 1).startsWith("concurrengine run: cannot start the engine: ") &&
            lines.get(lines.size() - 1).contains("metadata.cq4t cannot be created: No space left on device"),
            "the run's own last word:\n" + run.err());
    }

    /**
     * @return the command's exit status, or -1 if it cannot be run or did not end within 30 s.
     */
    private static int command(final String... command) throws IOException, InterruptedException
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (final IOException ex)
        {
            return -1;
        }
        if (!process.waitFor(30, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            return -1;
        }
        return process.exitValue();
    }

    /**
     * @return this JVM's flags that a newer JDK wants (native access, {@code sun.misc.Unsafe}'s memory access), so
     * that a command forked on it prints none of the JVM's own warnings either.
     */
    static List<String> jdkFlags()
    {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(flag -> flag.startsWith("--enable-native-access") ||
                flag.startsWith("--sun-misc-unsafe-memory-access"))
            .collect(Collectors.toList());
    }

    static String java()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }

    /**
     * @return the lines of {@code err} but the JVM's own {@code WARNING:} lines, each followed by a line feed.
     */
    static String ownLines(final String err)
    {
        return err.lines().filter(line -> !line.startsWith("WARNING: "))
            .map(line -> line + "\n").collect(Collectors.joining());
    }
}
