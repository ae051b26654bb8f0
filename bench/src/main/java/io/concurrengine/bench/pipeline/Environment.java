package io.concurrengine.bench.pipeline;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Where and how a benchmark ran: JDK, flags, CPUs, load, commit.
 */
final class Environment
{
    private Environment()
    {
    }

    static Map<String, Object> describe()
    {
        final Map<String, Object> env = new LinkedHashMap<>();
        env.put("time", Instant.now().toString());
        env.put("commit", System.getProperty("bench.commit", command("git", "rev-parse", "HEAD")));
        env.put("javaVersion", System.getProperty("java.version"));
        env.put("javaVm", System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"));
        env.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
        env.put("availableProcessors", Runtime.getRuntime().availableProcessors());
        env.put("maxHeapBytes", Runtime.getRuntime().maxMemory());
        env.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        env.put("cpuModel", cpuModel());
        env.put("loadAverage", ThreadProbe.loadAverage());
        return env;
    }

    /**
     * @param root a directory, or null.
     * @return bytes the file system allocated for it ({@code du -s -B1}), or -1 if unknown.
     */
    static long diskUsage(final Path root)
    {
        if (null == root || !Files.exists(root))
        {
            return -1;
        }
        final String out = output(false, "du", "-s", "-B1", root.toString());
        try
        {
            return null == out ? -1 : Long.parseLong(out.split("\\s+")[0]);
        }
        catch (final RuntimeException ex)
        {
            return -1;
        }
    }

    private static String cpuModel()
    {
        try
        {
            for (final String line : Files.readAllLines(Path.of("/proc/cpuinfo")))
            {
                if (line.startsWith("model name"))
                {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        }
        catch (final IOException ex)
        {
            return "unknown";
        }
        return "unknown";
    }

    private static String command(final String... command)
    {
        final String out = output(true, command);
        return null == out ? "unknown" : out;
    }

    /**
     * Run a command and wait up to 30 s for it; one still running then, or when the wait is interrupted, is killed.
     *
     * @param withStderr include its standard error in the output.
     * @param command    the command and its arguments.
     * @return its output, trimmed, or null if it failed, timed out, could not start or the wait was interrupted.
     */
    static String output(final boolean withStderr, final String... command)
    {
        final Process process;
        try
        {
            process = new ProcessBuilder(command).redirectErrorStream(withStderr)
                .redirectError(withStderr ? ProcessBuilder.Redirect.PIPE : ProcessBuilder.Redirect.DISCARD).start();
        }
        catch (final IOException ex)
        {
            return null;
        }
        try
        {
            final String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (process.waitFor(30, TimeUnit.SECONDS))
            {
                return process.exitValue() == 0 ? out : null;
            }
        }
        catch (final IOException ex)
        {
            // its output could not be read: nothing to give
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        process.destroyForcibly();
        return null;
    }
}
