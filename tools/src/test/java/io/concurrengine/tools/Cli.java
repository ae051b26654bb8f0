package io.concurrengine.tools;

import io.concurrengine.tools.run.RunCommand;
import io.concurrengine.tools.run.RunJob;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Runs {@link Main#execute(PrintWriter, PrintWriter, String...)} capturing both streams, in this JVM or in a JVM of
 * its own.
 */
public record Cli(int code, String out, String err)
{
    /** Epoch milliseconds half-way through an hour: 2026-01-05 10:30 UTC. */
    public static final long JOURNAL_MILLIS = 1_767_609_000_000L;

    /**
     * A journal clock pinned at {@link #JOURNAL_MILLIS} ({@link RunCommand#journalClock}, {@link RunJob#journalClock}):
     * a run journaled by it writes one cycle file a shard, whenever the test runs. By the system's clock, a run that
     * crosses the top of the hour rolls to a second cycle file, with a second HEADER.
     */
    public static final LongSupplier JOURNAL_CLOCK = () -> JOURNAL_MILLIS;

    /**
     * Run the command line in this JVM; {@code run} journals by {@link #JOURNAL_CLOCK}.
     */
    public static Cli run(final String... args)
    {
        return runOn(Main.commandLine(), args);
    }

    /**
     * Run the command line given (whose commands a test may have set up) in this JVM; {@code run} journals by
     * {@link #JOURNAL_CLOCK}.
     */
    public static Cli runOn(final CommandLine commandLine, final String... args)
    {
        ((RunCommand)commandLine.getSubcommands().get("run").getCommand()).journalClock(JOURNAL_CLOCK);
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(commandLine, new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /**
     * Run the command line in this JVM as {@link #run(String...)} does, on a stdout that takes {@code chars} characters
     * and then fails every write, as a full device or a closed pipe does; {@link #out()} holds what it took.
     */
    public static Cli runOnFailingStdout(final int chars, final String... args)
    {
        final CommandLine commandLine = Main.commandLine();
        ((RunCommand)commandLine.getSubcommands().get("run").getCommand()).journalClock(JOURNAL_CLOCK);
        final StringBuilder taken = new StringBuilder();
        final Writer stdout = new Writer()
        {
            @Override
            public void write(final char[] buffer, final int offset, final int length) throws IOException
            {
                if (taken.length() + length > chars)
                {
                    throw new IOException("No space left on device");
                }
                taken.append(buffer, offset, length);
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };
        final StringWriter err = new StringWriter();
        final int code = Main.execute(commandLine, new PrintWriter(stdout), new PrintWriter(err), args);
        return new Cli(code, taken.toString(), err.toString());
    }

    /**
     * Run the command line in a JVM of its own with the given heap (e.g. {@code 64m}), with this JVM's class path and
     * access flags, its streams kept in files under {@code dir}.
     */
    public static Cli fork(final Path dir, final String maxHeap, final String... args)
        throws IOException, InterruptedException
    {
        return forkOn(thisJava(), List.of(), dir, maxHeap, args);
    }

    /**
     * Run the command line as {@link #fork(Path, String, String...)} does, but with the {@code java} launcher given
     * (another JDK's) and JVM flags added after this JVM's access flags.
     */
    public static Cli forkOn(
        final String java, final List<String> flags, final Path dir, final String maxHeap, final String... args)
        throws IOException, InterruptedException
    {
        return forkOn(java, flags, null, dir, maxHeap, args);
    }

    /**
     * Run the command line as {@link #fork(Path, String, String...)} does, in the working directory given: for
     * relative paths such as {@code .}.
     */
    public static Cli forkIn(final Path workingDirectory, final Path dir, final String maxHeap, final String... args)
        throws IOException, InterruptedException
    {
        return forkOn(thisJava(), List.of(), workingDirectory, dir, maxHeap, args);
    }

    private static Cli forkOn(final String java, final List<String> flags, final Path workingDirectory,
        final Path dir, final String maxHeap, final String... args)
        throws IOException, InterruptedException
    {
        final Path out = Files.createTempFile(dir, "out", ".txt");
        final Path err = Files.createTempFile(dir, "err", ".txt");
        final Process process = start(java, flags, workingDirectory, out, err, maxHeap, args);
        if (!process.waitFor(120, TimeUnit.SECONDS))
        {
            process.destroyForcibly();
            throw new IllegalStateException("the forked command line did not end in 120 s: " + process.info());
        }
        return new Cli(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
            Files.readString(err, StandardCharsets.UTF_8));
    }

    /**
     * Start the command line in a JVM of its own as {@link #fork(Path, String, String...)} does, its streams going to
     * the files {@code out} and {@code err}, without waiting for it.
     */
    public static Process start(final Path out, final Path err, final String maxHeap, final String... args)
        throws IOException
    {
        return start(thisJava(), List.of(), null, out, err, maxHeap, args);
    }

    private static Process start(
        final String java,
        final List<String> flags,
        final Path workingDirectory,
        final Path out,
        final Path err,
        final String maxHeap,
        final String... args)
        throws IOException
    {
        final List<String> command = new ArrayList<>(List.of(
            java, "-Xmx" + maxHeap, "-cp", System.getProperty("java.class.path")));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.addAll(flags);
        command.add(Main.class.getName());
        command.addAll(List.of(args));
        return new ProcessBuilder(command).directory(null == workingDirectory ? null : workingDirectory.toFile())
            .redirectOutput(out.toFile()).redirectError(err.toFile()).start();
    }

    private static String thisJava()
    {
        return ProcessHandle.current().info().command().orElse("java");
    }
}
