package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a benchmark ran, as its result file records it, and the commands it asks. Assumes a Linux machine with git
 * and the tests run inside the repository's checkout.
 */
class EnvironmentTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRecordTheCommitTheJavaAndTheMachine() throws IOException
    {
        final Map<String, Object> env = Environment.describe();

        assertEquals(List.of("time", "commit", "javaVersion", "javaVm", "jvmArguments", "availableProcessors",
            "maxHeapBytes", "os", "cpuModel", "loadAverage"), List.copyOf(env.keySet()));
        assertTrue(env.get("commit").toString().matches("[0-9a-f]{40}"), "git rev-parse HEAD: " + env.get("commit"));
        assertEquals(System.getProperty("java.version"), env.get("javaVersion"));
        assertEquals(Runtime.getRuntime().availableProcessors(), env.get("availableProcessors"));
        // the first "model name" line of /proc/cpuinfo, after its colon; a machine without one (ARM) has none
        final String model = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
            .filter(line -> line.startsWith("model name")).findFirst()
            .map(line -> line.substring(line.indexOf(':') + 1).trim()).orElse("unknown");
        assertEquals(model, env.get("cpuModel"));
    }

    @Test
    void shouldGiveTheBytesAllocatedUnderADirectoryAndUnknownForNone() throws IOException
    {
        Files.write(dir.resolve("data"), new byte[64 * 1024]);

        assertTrue(Environment.diskUsage(dir) >= 64 * 1024, "du -s -B1: " + Environment.diskUsage(dir));
        assertEquals(-1, Environment.diskUsage(null));
        assertEquals(-1, Environment.diskUsage(dir.resolve("missing")));
    }

    @Test
    void shouldGiveACommandsOutputTrimmedWithItsErrorsOnlyWhenAskedAndNothingWhenItFails()
    {
        assertEquals("out", Environment.output(false, "sh", "-c", "echo ' out '; echo err >&2"));
        assertEquals("out\nerr", Environment.output(true, "sh", "-c", "echo out; echo err >&2"));
        assertNull(Environment.output(false, "sh", "-c", "echo out; exit 3"), "a failed command");
        assertNull(Environment.output(false, dir.resolve("no-such-command").toString()), "one that cannot start");
    }

    @Test
    void shouldGiveNothingKeepTheInterruptAndKillTheCommandWhenInterruptedWaitingForIt() throws Exception
    {
        // the command closes its output at once and runs on: the interrupt finds the wait for its end, whatever the
        // timing (a command that had ended by then would be no wait at all)
        final String marker = "concurrengine-environment-test-" + ProcessHandle.current().pid();
        Thread.currentThread().interrupt();

        assertNull(Environment.output(false, "sh", "-c", "exec >&-; sleep 60; : " + marker));
        assertTrue(Thread.interrupted());
        final List<ProcessHandle> left = ProcessHandle.current().children()
            .filter(child -> child.info().commandLine().orElse("").contains(marker)).collect(Collectors.toList());
        for (final ProcessHandle child : left)
        {
            child.onExit().get(20, TimeUnit.SECONDS); // killed, not left to run its minute
        }
    }
}
