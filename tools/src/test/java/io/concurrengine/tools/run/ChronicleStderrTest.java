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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

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
