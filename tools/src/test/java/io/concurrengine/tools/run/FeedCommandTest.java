package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FeedCommandTest
{
    private static final Pattern STATE_HASH = Pattern.compile("state hash: ([0-9a-f]{16})");

    @TempDir
    Path dir;

    @Test
    void shouldWriteTheFlowRunPublishesSoThatRunOfTheLinesGivesTheSameStateHash() throws IOException
    {
        final Path file = dir.resolve("flow.csv");
        final Cli feed = Cli.run("feed", "--events", "20k", "--seed", "5", "--out", file.toString());
        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: 20,000 inputs (" + String.format("%,d", Files.size(file)) +
            " bytes) written to " + file + " in "), feed.err());
        assertEquals(20_001, Files.readAllLines(file).size(), "the header and one line an input");

        final Cli fromFile = Cli.run("run", "--feed", file.toString(), "--no-journal", "--no-counters");
        final Cli synthetic = Cli.run("run", "--events", "20k", "--seed", "5", "--no-journal", "--no-counters");
        assertEquals(0, fromFile.code(), fromFile.err());
        assertEquals(0, synthetic.code(), synthetic.err());
        assertTrue(fromFile.out().startsWith("run: 20,000 inputs"), fromFile.out());
        assertEquals(stateHash(synthetic.out()), stateHash(fromFile.out()));

        final Cli otherSeed = Cli.run("feed", "--events", "20k", "--seed", "6", "--out", dir.resolve("6.csv").toString());
        assertEquals(0, otherSeed.code(), otherSeed.err());
        assertTrue(!Files.readString(file).equals(Files.readString(dir.resolve("6.csv"))), "another seed, other lines");
    }

    /**
     * Ctrl-C or SIGTERM (its hook asks the command to stop, here before it writes): the lines stop at the end of the
     * first chunk, the file ends with a whole line and the command says how far it got, so that run --feed takes
     * every line of it.
     */
    @Test
    void shouldStopAtAChunksEndWithEveryLineWholeAndSaySoWhenStopped() throws IOException
    {
        final Path file = dir.resolve("flow.csv");
        final CommandLine commandLine = Main.commandLine();
        ((FeedCommand)commandLine.getSubcommands().get("feed").getCommand()).requestStop();
        final Cli feed = Cli.runOn(commandLine, "feed", "--events", "200k", "--out", file.toString());

        assertEquals(0, feed.code(), feed.err());
        final long inputs = Files.readAllLines(file).size() - 1L;
        assertTrue(0 < inputs && inputs < 200_000, "stopped after the first chunk: " + inputs);
        assertTrue(Files.readString(file).endsWith("\n"), "the last line whole");
        assertTrue(feed.err().startsWith(String.format("concurrengine feed: stopped by a signal: %,d inputs " +
            "(%,d bytes) written to %s in ", inputs, Files.size(file), file)), feed.err());
        final Cli run = Cli.run("run", "--feed", file.toString(), "--no-journal", "--no-counters");
        assertEquals(0, run.code(), run.err());
        assertTrue(run.out().startsWith(String.format("run: %,d inputs", inputs)), run.out());
    }

    /**
     * Ctrl-C or SIGTERM while {@code --to tcp-listen://} waits for a run to connect (its hook asks the command to stop,
     * here before it listens): the wait ends, nothing is written and the command says so, rather than the JVM ending
     * with nothing said; it said nothing and waited on in accept() for ever.
     */
    @Test
    void shouldSayItWroteNothingWhenStoppedWhileWaitingForARunToConnect()
    {
        final CommandLine commandLine = Main.commandLine();
        ((FeedCommand)commandLine.getSubcommands().get("feed").getCommand()).requestStop();
        final Cli feed = assertTimeoutPreemptively(Duration.ofSeconds(60),
            () -> Cli.runOn(commandLine, "feed", "--events", "10", "--to", "tcp-listen://127.0.0.1:0"),
            "a stopped feed does not wait for a run to connect");

        assertEquals(0, feed.code(), feed.err());
        final Matcher said = Pattern.compile("concurrengine feed: listening on 127\\.0\\.0\\.1:([0-9]+) for a run's " +
            "connection\nconcurrengine feed: stopped by a signal while waiting for a run to connect to " +
            "tcp-listen://127\\.0\\.0\\.1:([0-9]+): nothing written\n").matcher(feed.err());
        assertTrue(said.matches(), feed.err());
        assertEquals(said.group(1), said.group(2), "the port it listened on");
    }

    /**
     * A stop whose report does not come while the destination is still being opened (a tcp:// upstream that does not
     * answer, a named pipe no reader opens): the hook says nothing was written, naming the destination.
     */
    @Test
    void shouldTellItsStopHookThatNothingWasWrittenWhileTheDestinationWasOpened()
    {
        final FeedCommand command = new FeedCommand();
        command.opening("tcp://192.0.2.1:9000");

        assertEquals("concurrengine feed: stopped by a signal while opening tcp://192.0.2.1:9000, which did not end " +
            "within 5 s: nothing written", command.unreportedStop());
    }

    /**
     * More than a megabyte of lines, written in chunks: the line on stderr counts the bytes of every chunk and gives
     * at most the time the command took.
     */
    @Test
    void shouldSayTheBytesOfEveryChunkWrittenAndHowLongItTook() throws IOException
    {
        final Path file = dir.resolve("flow.csv");
        final long before = System.nanoTime();
        final Cli feed = Cli.run("feed", "--events", "50k", "--out", file.toString());
        final long took = System.nanoTime() - before;

        assertEquals(0, feed.code(), feed.err());
        assertTrue(Files.size(file) > 1 << 20, "more than one chunk: " + Files.size(file));
        final Matcher said = Pattern.compile("concurrengine feed: 50,000 inputs \\(([0-9,]+) bytes\\) written to " +
            Pattern.quote(file.toString()) + " in ([0-9]+\\.[0-9]{2}) s\n").matcher(feed.err());
        assertTrue(said.matches(), feed.err());
        assertEquals(Files.size(file), Long.parseLong(said.group(1).replace(",", "")));
        final double seconds = Double.parseDouble(said.group(2));
        assertTrue(0 <= seconds && seconds <= took / 1e9 + 0.005, seconds + " s of the command's " + took / 1e9);
    }

    /**
     * Stopped while a write is blocked (a reader that does not read), the command cannot report before the JVM halts;
     * its stop hook then says how far the lines got: the destination, and the inputs and bytes written whole before
     * the chunk being written.
     */
    @Test
    void shouldTellItsStopHookHowFarTheLinesGot() throws IOException
    {
        final Path file = dir.resolve("flow.csv");
        final CommandLine commandLine = Main.commandLine();
        final FeedCommand command = (FeedCommand)commandLine.getSubcommands().get("feed").getCommand();
        final Cli feed = Cli.runOn(commandLine, "feed", "--events", "3", "--out", file.toString());

        assertEquals(0, feed.code(), feed.err());
        assertEquals(String.format("concurrengine feed: stopped by a signal while a write to %s was blocked for 5 s " +
            "(nothing read it): 3 inputs (%,d bytes) were written before the chunk it was writing, whose last line " +
            "may be cut", file, Files.size(file)), command.unreportedStop());
    }

    @Test
    void shouldSayOneInputInTheSingular() throws IOException
    {
        final Path file = dir.resolve("one.csv");
        final Cli feed = Cli.run("feed", "--events", "1", "--out", file.toString());

        assertEquals(0, feed.code(), feed.err());
        assertEquals(2, Files.readAllLines(file).size(), "the header and one input");
        assertTrue(feed.err().startsWith("concurrengine feed: 1 input (" + String.format("%,d", Files.size(file)) +
            " bytes) written to " + file + " in "), feed.err());
    }

    @Test
    void shouldPrintItsDestinationsPathWithItsControlCharactersEscaped() throws IOException
    {
        final Path file = dir.resolve("a\nFORGED\u001b[2K.csv");
        final Cli feed = Cli.run("feed", "--events", "10", "--out", file.toString());
        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: 10 inputs (" + String.format("%,d", Files.size(file)) +
            " bytes) written to " + dir + "/a\\nFORGED\\x1b[2K.csv in "), feed.err());

        final Cli refused = Cli.run("feed", "--events", "10", "--out", dir.resolve("none\r/x.csv").toString());
        assertEquals(2, refused.code(), refused.err());
        assertEquals("concurrengine feed: " + dir + "/none\\r/x.csv cannot be written: no such file or directory: " +
            dir + "/none\\r/x.csv" + System.lineSeparator(), refused.err());

        // a space that ends the path was invisible: "written to flow.csv  in"
        final Path spaced = dir.resolve("flow.csv ");
        final Cli quoted = Cli.run("feed", "--events", "10", "--out", spaced.toString());
        assertEquals(0, quoted.code(), quoted.err());
        assertTrue(quoted.err().startsWith("concurrengine feed: 10 inputs (" + String.format("%,d",
            Files.size(spaced)) + " bytes) written to \"" + spaced + "\" in "), quoted.err());
    }

    @Test
    void shouldSayStandardOutputWasClosedAndExitOneWithHowFarItGot()
    {
        // a reader that goes away (| head) after two and a half megabytes: a PrintWriter keeps the error to itself
        final StringBuilder accepted = new StringBuilder();
        final Matcher written = failedWriting(closingAfter(5 << 19, accepted));
        final long lines = accepted.chars().filter((c) -> c == '\n').count();
        assertTrue(lines > 1 && lines < 200_000, "two chunks of about a megabyte taken: " + lines);
        assertEquals(lines - 1, Long.parseLong(written.group(1).replace(",", "")), "the inputs the reader took");
    }

    /**
     * {@code feed | head -2}: the reader took the header and a line of the first chunk, and feed said it "failed
     * after 0 inputs", counting only the chunks written whole. It says how many inputs the write that failed held.
     */
    @Test
    void shouldNotSayNoInputsWereWrittenWhenTheReaderTookPartOfAChunk()
    {
        final StringBuilder accepted = new StringBuilder();
        final Matcher written = failedWriting(takingPartOf(200, accepted));
        final long lines = accepted.chars().filter((c) -> c == '\n').count();
        assertTrue(lines > 1, "the header and a line at least: " + accepted);
        assertEquals(0, Long.parseLong(written.group(1)), written.group());
        assertTrue(Long.parseLong(written.group(2).replace(",", "")) >= lines - 1, written.group());
    }

    /**
     * A file that takes none of the lines (a full device): the last chunk stayed in the file writer's buffer until
     * the close, whose failure came after the chunk was counted, so feed said it "failed after 10 inputs" of a file
     * that holds none. It says the range the file may have taken.
     */
    @Test
    void shouldNotSayTheInputsOfAChunkAFileNeverTookWereWritten()
    {
        final Path full = Path.of("/dev/full");
        assumeTrue(Files.exists(full) && Files.isWritable(full), "a device every write to fails: no space left");

        final Cli feed = Cli.run("feed", "--events", "10", "--out", full.toString());

        assertEquals(1, feed.code(), feed.err());
        assertEquals("concurrengine feed: writing to /dev/full failed after 0 to 10 inputs: no space left on device\n",
            feed.err());
    }

    /**
     * A file write cut short (here by a file size limit, which fails a write as a full disk does, for root too): feed
     * wrote --out in place, so an earlier good feed file there was replaced by one cut mid-line. The lines go to a
     * temporary file beside it, moved over it only once they are all written: the earlier file is kept whole and the
     * error says so; a path with no file yet is left without one; no temporary file is left behind.
     */
    @Test
    void shouldKeepTheEarlierFileWholeWhenWritingItsReplacementFails() throws IOException, InterruptedException
    {
        final Path shell = Path.of("/bin/sh");
        assumeTrue(Files.isExecutable(shell), "a POSIX shell, for ulimit");
        final Path file = dir.resolve("flow.csv");
        final Cli good = Cli.run("feed", "--events", "100", "--out", file.toString());
        assertEquals(0, good.code(), good.err());
        final byte[] before = Files.readAllBytes(file);
        // 16 blocks of 512 or 1024 bytes: a JVM ignores SIGXFSZ, so the write fails with EFBIG
        final Path limited = dir.resolve("limited-java");
        Files.writeString(limited, "#!" + shell + "\nulimit -f 16 && exec \"" +
            ProcessHandle.current().info().command().orElse("java") + "\" \"$@\"\n");
        assertTrue(limited.toFile().setExecutable(true));
        final Path missing = dir.resolve("new.csv");
        final Path logs = Files.createDirectory(dir.resolve("logs"));

        final Cli replacing = Cli.forkOn(limited.toString(), List.of("-XX:-UsePerfData"), logs, "256m", "feed",
            "--events", "2000", "--out", file.toString());
        final Cli creating = Cli.forkOn(limited.toString(), List.of("-XX:-UsePerfData"), logs, "256m", "feed",
            "--events", "2000", "--out", missing.toString());

        assertEquals(1, replacing.code(), replacing.err());
        assertTrue(Pattern.matches("concurrengine feed: writing to " + Pattern.quote(file.toString()) + " failed " +
            "after [0-9,]+ to 2,000 inputs: file too large; " + Pattern.quote(file.toString()) + " is as it was " +
            "\\(the earlier file, kept whole\\)\n", replacing.err()), replacing.err());
        assertArrayEquals(before, Files.readAllBytes(file), "the earlier feed file, whole");
        assertEquals(1, creating.code(), creating.err());
        assertTrue(creating.err().endsWith(": file too large; no file was made at " + missing + "\n"),
            creating.err());
        assertFalse(Files.exists(missing), "no file cut mid-line");
        try (Stream<Path> files = Files.list(dir))
        {
            assertEquals(List.of("flow.csv", "limited-java", "logs"),
                files.map(path -> path.getFileName().toString()).sorted().toList(), "no temporary file left");
        }
    }

    /**
     * What {@code --out} writes through a temporary file moved into place, and what it writes directly.
     */
    @Test
    void shouldReplaceOnlyARegularFileOrANewPathWhole() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("earlier.csv"), "x\n");
        final Path link = Files.createSymbolicLink(dir.resolve("link.csv"), file);

        assertEquals(dir.resolve("new.csv"), FeedCommand.replacedWhole(dir.resolve("new.csv")));
        assertEquals(file.toRealPath(), FeedCommand.replacedWhole(file));
        assertEquals(file.toRealPath(), FeedCommand.replacedWhole(link), "the link's target, the link kept");
        assertEquals(null, FeedCommand.replacedWhole(Path.of("/dev/null")));
        assertEquals(null, FeedCommand.replacedWhole(Path.of("/dev/stdout")));
        assertEquals(null, FeedCommand.replacedWhole(dir), "a directory: opening it says what is wrong");
    }

    /**
     * {@code feed > /dev/full}, or stdout on a disk that filled: feed said "the output was closed", which it cannot
     * tell from a full device (a PrintWriter keeps the error to itself), as the other commands say.
     */
    @Test
    void shouldNotSayAFullDeviceAsStandardOutputWasClosed()
    {
        final Cli feed = Cli.runOnFailingStdout(0, "feed", "--events", "10");

        assertEquals(1, feed.code(), feed.err());
        assertEquals("concurrengine feed: writing to stdout failed after 0 to 10 inputs: the output was closed or its " +
            "device is full" + System.lineSeparator(), feed.err());
    }

    /**
     * @param stdout where {@code feed --events 200k} writes, failing before the end.
     * @return the match of its one line on stderr, "failed after N to M inputs", once it exited 1.
     */
    private static Matcher failedWriting(final java.io.Writer stdout)
    {
        final java.io.StringWriter err = new java.io.StringWriter();
        final int code = io.concurrengine.tools.Main.execute(
            new java.io.PrintWriter(stdout), new java.io.PrintWriter(err), "feed", "--events", "200k");

        assertEquals(1, code, err.toString());
        final Matcher written = Pattern.compile("concurrengine feed: writing to stdout failed after ([0-9,]+) to " +
            "([0-9,]+) inputs: the output was closed or its device is full\\n").matcher(err.toString());
        assertTrue(written.matches(), err.toString());
        return written;
    }

    /**
     * @return a stdout whose reader goes away (| head) once it has taken {@code chars} characters, keeping them in
     * {@code accepted}, as a pipe does: the part of a write that fits is taken, then the write fails.
     */
    private static java.io.Writer takingPartOf(final int chars, final StringBuilder accepted)
    {
        return new java.io.Writer()
        {
            public void write(final char[] buffer, final int offset, final int length) throws IOException
            {
                final int taken = Math.min(length, chars - accepted.length());
                accepted.append(buffer, offset, taken);
                if (taken < length)
                {
                    throw new IOException("Broken pipe");
                }
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
    }

    /**
     * run reads a feed file that a configuration names to its end (run.events becomes 0 when it is the embedded
     * default); feed never reads one, and was refused with "run.events is 0 (embedded default-engine.toml:26:1)",
     * which sets 10,000,000. It writes the configured count, as without the feed file.
     */
    @Test
    void shouldWriteTheConfiguredCountWhenTheConfigurationNamesAFeedFileItDoesNotRead() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("fcfg.toml"), "[feed]\nfile = \"flow2.csv\"\n");
        final StringBuilder accepted = new StringBuilder();
        final java.io.StringWriter err = new java.io.StringWriter();

        // the embedded 10,000,000 inputs: the reader goes away after two and a half megabytes of them
        final int code = io.concurrengine.tools.Main.execute(new java.io.PrintWriter(closingAfter(5 << 19, accepted)),
            new java.io.PrintWriter(err), "feed", "--config", config.toString());

        assertEquals(1, code, err.toString());
        assertTrue(err.toString().startsWith("concurrengine feed: writing to stdout failed after "), err.toString());
        assertTrue(accepted.toString().startsWith(FeedCommand.HEADER + "0,add,"), "the synthetic flow");
    }

    /**
     * @return a stdout whose reader goes away (| head) once it has taken {@code chars} characters, keeping them in
     * {@code accepted}: a PrintWriter over it keeps the error to itself.
     */
    private static java.io.Writer closingAfter(final int chars, final StringBuilder accepted)
    {
        return new java.io.Writer()
        {
            public void write(final char[] buffer, final int offset, final int length) throws IOException
            {
                if (accepted.length() + length > chars)
                {
                    throw new IOException("Broken pipe");
                }
                accepted.append(buffer, offset, length);
            }

            public void flush()
            {
            }

            public void close()
            {
            }
        };
    }

    @Test
    void shouldWriteToStandardOutputByDefaultHeaderFirst()
    {
        final Cli feed = Cli.run("feed", "--events", "3");
        assertEquals(0, feed.code(), feed.err());
        final String[] lines = feed.out().split("\n");
        assertEquals(4, lines.length, feed.out());
        assertEquals(FeedCommand.HEADER, lines[0] + "\n");
        assertTrue(lines[1].matches("0,add,\\d+,1,(buy|sell),-?\\d+,\\d+(,\\d+)?"), lines[1]);
    }

    @Test
    void shouldSendTheSameLinesToAConnectionAsToAFile() throws Exception
    {
        final Path file = dir.resolve("flow.csv");
        assertEquals(0, Cli.run("feed", "--events", "50k", "--out", file.toString()).code());
        try (ServerSocket run = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            run.setSoTimeout(60_000); // a feed that never connects fails the test: @Timeout cannot end an accept
            final CompletableFuture<Cli> feed = CompletableFuture.supplyAsync(
                () -> Cli.run("feed", "--events", "50k", "--to", "tcp://127.0.0.1:" + run.getLocalPort()));
            final byte[] received;
            try (Socket connection = run.accept(); InputStream in = connection.getInputStream())
            {
                received = in.readAllBytes();
            }
            final Cli done = feed.get(60, TimeUnit.SECONDS);
            assertEquals(0, done.code(), done.err());
            assertArrayEquals(Files.readAllBytes(file), received);
        }
    }

    @Test
    void shouldWaitForARunToConnectWhenItListens() throws Exception
    {
        final Path err = dir.resolve("err.txt");
        final Process feed = Cli.start(dir.resolve("out.txt"), err, "256m", "feed", "--events", "1000", "--to",
            "tcp-listen://127.0.0.1:0");
        try
        {
            final Matcher listening = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) for a run's connection")
                .matcher("");
            final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (!listening.reset(Files.readString(err)).find())
            {
                assertTrue(System.nanoTime() < deadline && feed.isAlive(), "no port said: " + Files.readString(err));
                Thread.sleep(20);
            }
            final Cli run = Cli.run("run", "--feed", "tcp://127.0.0.1:" + listening.group(1), "--no-journal",
                "--no-counters");
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("run: 1,000 inputs"), run.out());
            assertTrue(feed.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, feed.exitValue(), Files.readString(err));
            assertTrue(Files.readString(err).contains("run connected from 127.0.0.1:"), Files.readString(err));
        }
        finally
        {
            feed.destroyForcibly();
        }
    }

    /**
     * In this JVM, as {@link #shouldWaitForARunToConnectWhenItListens()} in one of its own: the port it listens on
     * and where the run connected from are said on stderr, and the connection gets every line.
     */
    @Test
    void shouldSayWhereItListensAndWhoConnectedAndSendThemEveryLine() throws Exception
    {
        final java.io.StringWriter err = new java.io.StringWriter();
        final java.io.StringWriter out = new java.io.StringWriter();
        final CompletableFuture<Integer> feed = CompletableFuture.supplyAsync(() -> io.concurrengine.tools.Main.execute(
            new java.io.PrintWriter(out), new java.io.PrintWriter(err), "feed", "--events", "1000", "--to",
            "tcp-listen://127.0.0.1:0"));
        final Matcher listening = Pattern.compile("concurrengine feed: listening on 127\\.0\\.0\\.1:(\\d+) for a " +
            "run's connection\n").matcher("");
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!listening.reset(err.toString()).lookingAt())
        {
            assertTrue(System.nanoTime() < deadline && !feed.isDone(), "no port said: " + err);
            Thread.sleep(5);
        }
        final String received;
        final int from;
        try (Socket run = new Socket(InetAddress.getLoopbackAddress(), Integer.parseInt(listening.group(1))))
        {
            from = run.getLocalPort();
            received = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.US_ASCII);
        }
        assertEquals(0, feed.get(60, TimeUnit.SECONDS), err.toString());
        assertTrue(err.toString().startsWith(listening.group() + "concurrengine feed: run connected from 127.0.0.1:" +
            from + "\nconcurrengine feed: 1,000 inputs ("), err.toString());
        assertTrue(err.toString().contains(" to tcp-listen://127.0.0.1:" + listening.group(1) + " in "),
            "the port bound, not 0: " + err);
        assertTrue(received.startsWith(FeedCommand.HEADER), received);
        assertEquals(1001, received.lines().count(), "the header and one line an input");
        assertEquals("", out.toString());
    }

    @Test
    void shouldSayHowFarItGotWhenTheConnectionBreaks() throws Exception
    {
        try (ServerSocket run = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            run.setSoTimeout(60_000); // as above
            final CompletableFuture<Cli> feed = CompletableFuture.supplyAsync(
                () -> Cli.run("feed", "--events", "5M", "--to", "tcp://127.0.0.1:" + run.getLocalPort()));
            try (Socket connection = run.accept())
            {
                assertTrue(connection.getInputStream().read(new byte[1 << 20]) > 0);
                connection.setSoLinger(true, 0); // close with a reset
            }
            final Cli done = feed.get(60, TimeUnit.SECONDS);
            assertEquals(1, done.code(), done.err());
            assertTrue(done.err().matches("(?s)concurrengine feed: writing to tcp://127\\.0\\.0\\.1:\\d+ failed after " +
                "[0-9,]+( to [0-9,]+)? inputs: (connection reset|broken pipe).*"), done.err());
        }
    }

    /**
     * {@code --print-config} shows the flow's configuration, its flags' values named as flags, and writes nothing to
     * the destination given; saved, {@code --config} of it writes the same lines as the flags did.
     */
    @Test
    void shouldPrintTheFlowsConfigurationAsTomlThatConfigLoadsAndWriteNothing() throws IOException
    {
        final Path out = dir.resolve("not-written.csv");
        final Cli printed = Cli.run("feed", "--print-config", "--events", "300", "--seed", "9", "--rate", "20k",
            "--out", out.toString());

        assertEquals(0, printed.code(), printed.err());
        assertEquals("", printed.err());
        assertTrue(printed.out().startsWith("# The configuration `concurrengine feed` would run with; "),
            printed.out());
        assertTrue(printed.out().contains("\nevents = 300    # flag --events (run.events)\n"), printed.out());
        assertTrue(printed.out().contains("\nseed = 9    # flag --seed (run.seed)\n"), printed.out());
        assertTrue(printed.out().contains("\nduration = \"0ns\"    # implied by flag --events (run.events)\n"),
            printed.out());
        assertTrue(Files.notExists(out), "nothing written");

        final Path config = Files.writeString(dir.resolve("feed.toml"), printed.out());
        final Path fromConfig = dir.resolve("config.csv");
        final Path fromFlags = dir.resolve("flags.csv");
        assertEquals(0, Cli.run("feed", "--config", config.toString(), "--out", fromConfig.toString()).code());
        assertEquals(0, Cli.run("feed", "--events", "300", "--seed", "9", "--rate", "20k", "--out",
            fromFlags.toString()).code());
        assertEquals(Files.readString(fromFlags), Files.readString(fromConfig));
        assertEquals(301, Files.readAllLines(fromConfig).size(), "the header and 300 inputs");
    }

    /**
     * What the feed would refuse, {@code --print-config} refuses the same way; and it has nothing to show of a
     * journal's inputs.
     */
    @Test
    void shouldRefuseToPrintAConfigurationTheFeedWouldRefuseOrOfAJournal()
    {
        final Cli none = Cli.run("feed", "--print-config", "--events", "0");
        assertEquals(2, none.code());
        assertTrue(none.err().contains("run.events"), none.err());
        assertEquals("", none.out());

        final Cli bad = Cli.run("feed", "--print-config", "--seed", "x");
        assertEquals(2, bad.code());
        assertEquals("", bad.out());

        final Cli journal = Cli.run("feed", "--print-config", "--journal", dir.toString());
        assertEquals(2, journal.code());
        assertEquals("concurrengine feed: --print-config shows the configuration of the synthetic flow, and " +
            "--journal writes a journal's inputs instead; give one" + System.lineSeparator(), journal.err());
    }

    @Test
    void shouldRefuseAnEmptyOutRatherThanNameNoFile()
    {
        // --out "$FILE" with FILE unset said "concurrengine feed:  cannot be written: is a directory: "
        final Cli empty = Cli.run("feed", "--events", "10", "--out", "");
        assertEquals(2, empty.code());
        assertEquals("concurrengine feed: --out \"\": an empty path, not a file to write: give a file, or leave " +
            "--out out for stdout" + System.lineSeparator(), empty.err());
        assertEquals("", empty.out());
    }

    /**
     * {@code --out tcp://127.0.0.1:9000}, meant for {@code --to}, was taken for the path of a file in a directory
     * {@code tcp:} and refused as "tcp:/127.0.0.1:9000 cannot be written: no such file or directory", the address
     * shown as no one wrote it; {@code run --feed} takes the same text for an address, as it does {@code udp://...}.
     * A path of a file that only looks so is still written.
     */
    @Test
    void shouldRefuseANetworkAddressAsOutAndNameTheFlagThatSendsOverTcp() throws IOException
    {
        for (final String address : List.of("tcp://127.0.0.1:9", "tcp-listen://127.0.0.1:9", "udp://h:1"))
        {
            final Cli feed = Cli.run("feed", "--events", "3", "--out", address);
            assertEquals(2, feed.code(), feed.err());
            assertEquals("concurrengine feed: --out " + address + " is a network address, not a file: --to sends " +
                "the lines over TCP (tcp://HOST:PORT or tcp-listen://HOST:PORT); write ./" + address + " for a " +
                "path that starts so" + System.lineSeparator(), feed.err());
            assertEquals("", feed.out());
        }
        final Path named = dir.resolve("tcp:feed.csv");
        final Cli file = Cli.run("feed", "--events", "3", "--out", named.toString());
        assertEquals(0, file.code(), file.err());
        assertEquals(4, Files.readAllLines(named).size());
    }

    @Test
    void shouldRefuseWhatItCannotDoBeforeWriting() throws IOException
    {
        final Cli both = Cli.run("feed", "--out", "x.csv", "--to", "tcp://127.0.0.1:9");
        assertEquals(2, both.code());
        assertTrue(both.err().contains("--out x.csv and --to tcp://127.0.0.1:9 contradict each other"), both.err());

        final Cli address = Cli.run("feed", "--to", "tcp://127.0.0.1");
        assertEquals(2, address.code());
        assertTrue(address.err().contains("--to: \"tcp://127.0.0.1\" is not a network feed address: no port"),
            address.err());

        // run's refusal of a run with no bound named --duration and --feed, which feed does not take
        final Cli none = Cli.run("feed", "--events", "0");
        assertEquals(2, none.code());
        assertEquals("concurrengine feed: feed writes a count of inputs, and run.events is 0 (flag --events " +
            "(run.events)): give --events N" + System.lineSeparator(), none.err());

        // a run of a duration, with no count: feed has nothing to write for it
        final Path timed = Files.writeString(dir.resolve("timed.toml"), "[run]\nevents = 0\nduration = \"10s\"\n");
        final Cli uncounted = Cli.run("feed", "--config", timed.toString());
        assertEquals(2, uncounted.code(), uncounted.err());
        assertEquals("concurrengine feed: feed writes a count of inputs, and run.events is 0 (" + timed +
            ":2:1): give --events N" + System.lineSeparator(), uncounted.err());
        assertEquals("", uncounted.out());

        final Cli directory = Cli.run("feed", "--events", "10", "--out", dir.toString());
        assertEquals(2, directory.code());
        assertTrue(directory.err().startsWith("concurrengine feed: " + dir + " cannot be written: "), directory.err());

        final int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = gone.getLocalPort();
        }
        final Cli refused = Cli.run("feed", "--events", "10", "--to", "tcp://127.0.0.1:" + port);
        assertEquals(2, refused.code());
        assertTrue(refused.err().contains("tcp://127.0.0.1:" + port + " cannot be connected to: connection refused"),
            refused.err());
        assertEquals("", refused.out());

        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Cli inUse = Cli.run("feed", "--events", "10", "--to",
                "tcp-listen://127.0.0.1:" + taken.getLocalPort());
            assertEquals(2, inUse.code());
            assertTrue(inUse.err().startsWith("concurrengine feed: tcp-listen://127.0.0.1:" + taken.getLocalPort() +
                " cannot be listened on: "), inUse.err());
        }
    }

    @Test
    void shouldWriteARunsJournaledInputsSoThatRunOfThemGivesItsStateHashOnAnyNumberOfShards() throws IOException
    {
        final Path journal = dir.resolve("journal");
        final Cli recorded = Cli.run("run", "--events", "20k", "--seed", "5", "--journal", journal.toString(),
            "--no-counters");
        assertEquals(0, recorded.code(), recorded.err());

        final Path file = dir.resolve("inputs.csv");
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", file.toString());
        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: 20,000 inputs ("), feed.err());
        assertFalse(feed.err().contains("band_width"), "the default band width goes without saying: " + feed.err());
        assertFalse(feed.err().contains("clock was advanced"), "an event-time run's clock ends at its last input: " +
            feed.err());
        assertEquals(20_001, Files.readAllLines(file).size());

        for (final String shards : new String[]{ "1", "3" })
        {
            final Cli rerun = Cli.run("run", "--feed", file.toString(), "--shards", shards, "--no-journal",
                "--no-counters");
            assertEquals(0, rerun.code(), rerun.err());
            assertEquals(stateHash(recorded.out()), stateHash(rerun.out()), shards + " shards");
        }
    }

    /**
     * {@code --out -} wrote a file named "-" in the working directory, and nothing to stdout, so that
     * {@code feed --out - | run --feed -} ran no input at all.
     */
    @Test
    void shouldTakeADashForStandardOutputAsRunFeedTakesItForStandardInput()
    {
        final Cli feed = Cli.run("feed", "--events", "3", "--out", "-");

        assertEquals(0, feed.code(), feed.err());
        assertEquals(4, feed.out().lines().count(), feed.out());
        assertEquals(Cli.run("feed", "--events", "3").out(), feed.out());
        assertTrue(feed.err().contains(" written to stdout in "), feed.err());
        assertFalse(Files.exists(Path.of("-")), "no file named -");
        assertEquals(2, Cli.run("feed", "--events", "3", "--out", "-", "--to", "tcp://127.0.0.1:9").code(),
            "--out - and --to contradict each other");
    }

    /**
     * The lines of a run with another band width than the default ran to another state hash, the prices the run took
     * and rejected being others, and nothing said that the lines do not carry it.
     */
    @Test
    void shouldSayTheRunsBandWidthWhichTheLinesDoNotCarry() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("narrow.toml"), "[market]\nband_width = 64\n");
        final Path journal = dir.resolve("journal");
        final Cli recorded = Cli.run("run", "--events", "5k", "--config", config.toString(), "--journal",
            journal.toString(), "--no-counters");
        assertEquals(0, recorded.code(), recorded.err());

        final Path file = dir.resolve("inputs.csv");
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", file.toString());

        assertEquals(0, feed.code(), feed.err());
        assertTrue(feed.err().contains(System.lineSeparator() + "concurrengine feed: the run's market.band_width was " +
            "64, which the lines do not carry: run --feed of them prints the run's state hash with the same (in " +
            "--config, or CONCURRENGINE_MARKET_BAND_WIDTH=64)" + System.lineSeparator()), feed.err());
        final Cli rerun = Cli.run("run", "--feed", file.toString(), "--config", config.toString(), "--no-journal",
            "--no-counters");
        assertEquals(0, rerun.code(), rerun.err());
        assertEquals(stateHash(recorded.out()), stateHash(rerun.out()));
    }

    @Test
    void shouldWriteTheInputsBeforeAJournalsDamageAndSayWhereItIs() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "20k", "--journal", journal.toString(), "--no-counters").code());
        final Path whole = dir.resolve("whole.csv");
        assertEquals(0, Cli.run("feed", "--journal", journal.toString(), "--out", whole.toString()).code());

        final Path cycle;
        try (Stream<Path> files = Files.list(journal.resolve("shard-1")))
        {
            // the first
            cycle = files.filter(path -> path.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
        }
        final byte[] bytes = Files.readAllBytes(cycle);
        int written = bytes.length - 1;
        while (written > 0 && 0 == bytes[written])
        {
            written--;
        }
        bytes[written / 2] ^= (byte)0xFF;
        Files.write(cycle, bytes);

        final Path cut = dir.resolve("cut.csv");
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", cut.toString());
        assertEquals(1, feed.code(), feed.err());
        final Matcher said = Pattern.compile("concurrengine feed: journal damaged: .*" + Pattern.quote(cycle.toString()) +
            ".*; the ([0-9,]+) inputs before it \\(([0-9,]+) bytes\\) were written to " + Pattern.quote(cut.toString()))
            .matcher(feed.err());
        assertTrue(said.find(), feed.err());
        final int before = Integer.parseInt(said.group(1).replace(",", ""));
        assertTrue(before > 0 && before < 20_000, feed.err());
        assertEquals(Files.size(cut), Long.parseLong(said.group(2).replace(",", "")), feed.err());
        final List<String> kept = Files.readAllLines(cut);
        assertEquals(before + 1, kept.size(), "the header and the inputs before the damage");
        assertEquals(Files.readAllLines(whole).subList(0, before + 1), kept, "a prefix of the whole journal's inputs");

        // a reader that has gone away by then: none of them was written
        final java.io.StringWriter err = new java.io.StringWriter();
        final int code = io.concurrengine.tools.Main.execute(new java.io.PrintWriter(closingAfter(100,
            new StringBuilder())), new java.io.PrintWriter(err), "feed", "--journal", journal.toString());
        assertEquals(1, code, err.toString());
        assertTrue(err.toString().endsWith("; the 0 inputs before it (0 bytes) were written to stdout\n"),
            err.toString());
    }

    /**
     * Junk after the END block that closes a shard's journal leaves every input of that shard readable, as
     * {@code replay --salvage} finds (every input replayed, {@code damageAfterEnd}): the feed was cut at the damaged
     * shard's last input, losing the other shards' inputs after it in time.
     */
    @Test
    void shouldWriteEveryInputWhenTheDamageLiesAfterTheJournalsEndBlock() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "20k", "--journal", journal.toString(), "--no-counters").code());
        final Path whole = dir.resolve("whole.csv");
        assertEquals(0, Cli.run("feed", "--journal", journal.toString(), "--out", whole.toString()).code());

        for (final int shard : new int[]{ 1, 0 }) // the second round has both shards damaged: the first is named
        {
            final Path cycle;
            try (Stream<Path> files = Files.list(journal.resolve("shard-" + shard)))
            {
                cycle = files.filter(path -> path.toString().endsWith(".cq4")).sorted().findFirst().orElseThrow();
            }
            Files.write(cycle, "junk after the end".getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                java.nio.file.StandardOpenOption.APPEND);

            final Path cut = dir.resolve("cut-" + shard + ".csv");
            final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", cut.toString());
            assertEquals(1, feed.code(), feed.err());
            assertTrue(feed.err().startsWith("concurrengine feed: journal damaged: journal corrupt: TRAILING_DATA: "),
                feed.err());
            assertTrue(feed.err().contains(cycle.toString()), feed.err());
            assertTrue(feed.err().contains("; it lies after the journal's end block: all 20,000 inputs ("),
                feed.err());
            assertEquals(Files.readAllLines(whole), Files.readAllLines(cut), "every input, after damage in shard " +
                shard);
        }
    }

    /**
     * {@code --out} naming a file of the journal being read opened it for writing, emptying it, before a record was
     * read: the journal's run.toml replaced by the feed lines (exit 0), or a cycle file emptied (exit 1, "journal
     * damaged"), the run's journal lost either way. A destination inside the journal directory is refused before
     * anything is opened, whether given through a path that reaches it another way: a symbolic link to a file the
     * journal directory does not have yet (which writing creates there) or the parent of a link to a shard directory
     * among them.
     */
    @Test
    void shouldRefuseToWriteIntoTheJournalItReads() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "2k", "--journal", journal.toString(), "--no-counters").code());
        final Path cycle = firstCycleFile(journal.resolve("shard-1"));
        final byte[] runToml = Files.readAllBytes(journal.resolve("run.toml"));
        final byte[] cycleBytes = Files.readAllBytes(cycle);

        final Path elsewhere = Files.createDirectory(dir.resolve("elsewhere"));
        final Path link = Files.createSymbolicLink(dir.resolve("link"), journal);
        final Path dangling = Files.createSymbolicLink(dir.resolve("dangling.csv"),
            journal.resolve("shard-0").resolve("new.cq4"));
        final Path shardLink = Files.createSymbolicLink(dir.resolve("shard-link"), journal.resolve("shard-1"));
        for (final Path out : new Path[]{ journal.resolve("run.toml"), cycle, journal.resolve("inputs.csv"),
            elsewhere.resolve("..").resolve("journal").resolve("shard-0").resolve("new.csv"), link.resolve("run.toml"),
            dangling, shardLink.resolve("..").resolve("inputs.csv") })
        {
            final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", out.toString());
            assertEquals(2, feed.code(), out + ": " + feed.err());
            assertEquals("concurrengine feed: --out " + out + " is inside the journal directory " + journal +
                " that --journal reads: writing there would damage it; write the inputs elsewhere" +
                System.lineSeparator(), feed.err());
            assertEquals("", feed.out());
        }
        assertArrayEquals(runToml, Files.readAllBytes(journal.resolve("run.toml")), "run.toml as it was");
        assertArrayEquals(cycleBytes, Files.readAllBytes(cycle), "the cycle file as it was");
        assertTrue(Files.notExists(journal.resolve("inputs.csv")));
        assertTrue(Files.notExists(journal.resolve("shard-0").resolve("new.cq4")), "no file made through the link");
        assertEquals(0, Cli.run("replay", journal.toString(), "--verify").code(), "the journal still verifies");

        final Path beside = dir.resolve("journal.csv");
        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", beside.toString());
        assertEquals(0, feed.code(), feed.err());
        assertEquals(2_001, Files.readAllLines(beside).size());
    }

    private static Path firstCycleFile(final Path shardDirectory) throws IOException
    {
        try (Stream<Path> files = Files.list(shardDirectory))
        {
            return files.filter(path -> path.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    /**
     * {@code --out} naming, outside the journal directory, a hard link to one of its files (its run.toml, a cycle file)
     * was taken: the feed lines replaced the journal's run.toml, which replay then refused as invalid TOML. It is
     * refused before anything is opened, as a path inside the directory is.
     */
    @Test
    void shouldRefuseToWriteIntoAFileOfTheJournalItReadsThroughAHardLink() throws IOException
    {
        final Path journal = dir.resolve("journal");
        assertEquals(0, Cli.run("run", "--events", "2k", "--journal", journal.toString(), "--no-counters").code());
        final Path cycle = firstCycleFile(journal.resolve("shard-1"));
        final byte[] runToml = Files.readAllBytes(journal.resolve("run.toml"));
        final byte[] cycleBytes = Files.readAllBytes(cycle);

        for (final Path out : new Path[]{ Files.createLink(dir.resolve("run.csv"), journal.resolve("run.toml")),
            Files.createLink(dir.resolve("cycle.csv"), cycle) })
        {
            final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", out.toString());
            assertEquals(2, feed.code(), out + ": " + feed.err());
            assertEquals("concurrengine feed: --out " + out + " is a file of the journal directory " + journal +
                " that --journal reads, by another of its links: writing there would damage it; write the inputs " +
                "elsewhere" + System.lineSeparator(), feed.err());
        }
        assertArrayEquals(runToml, Files.readAllBytes(journal.resolve("run.toml")), "run.toml as it was");
        assertArrayEquals(cycleBytes, Files.readAllBytes(cycle), "the cycle file as it was");
        assertEquals(0, Cli.run("replay", journal.toString(), "--verify").code(), "the journal still verifies");
    }

    /**
     * {@code feed --config c.toml --out c.toml} replaced the configuration it had read with the lines, exit 0.
     */
    @Test
    void shouldRefuseToWriteOverTheConfigurationFileItReads() throws IOException
    {
        final Path config = dir.resolve("engine.toml");
        final String toml = "[run]\nevents = 5\n";
        Files.writeString(config, toml);
        final Path link = Files.createLink(dir.resolve("lines.csv"), config);
        for (final Path out : new Path[]{ config, link })
        {
            final Cli feed = Cli.run("feed", "--config", config.toString(), "--out", out.toString());
            assertEquals(2, feed.code(), out + ": " + feed.err());
            assertEquals("concurrengine feed: --out " + out + " is the configuration file " + config + " that " +
                "--config reads: writing there would replace it; write the inputs elsewhere" +
                System.lineSeparator(), feed.err());
        }
        assertEquals(toml, Files.readString(config), "the configuration as it was");
        assertEquals(0, Cli.run("feed", "--config", "/dev/null", "--events", "5", "--out", "/dev/null").code(),
            "a character device is no file to lose");
    }

    @Test
    void shouldPrintADamagedJournalsPathWithItsControlCharactersEscaped() throws IOException
    {
        final Path journal = dir.resolve("j\nFORGED\u001b[2K");
        assertEquals(0, Cli.run("run", "--events", "1k", "--journal", journal.toString(), "--no-counters").code());
        final Path shard = journal.resolve("shard-1");
        try (Stream<Path> files = Files.list(shard))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(shard);

        final Cli feed = Cli.run("feed", "--journal", journal.toString(), "--out", dir.resolve("cut.csv").toString());

        assertEquals(1, feed.code(), feed.err());
        assertTrue(feed.err().startsWith("concurrengine feed: journal damaged: journal corrupt: MISSING_HEADER: shard " +
            "directory missing: " + dir + "/j\\nFORGED\\x1b[2K/shard-1"), feed.err());
        assertEquals(1, feed.err().lines().count(), feed.err());
    }

    @Test
    void shouldRefuseAJournalItCannotTakeInputsFrom()
    {
        final Cli seeded = Cli.run("feed", "--journal", dir.toString(), "--seed", "3");
        assertEquals(2, seeded.code());
        assertTrue(seeded.err().contains("--journal writes the journal's inputs: --config, --events, --seed and " +
            "--rate shape the synthetic flow"), seeded.err());

        final Cli notAJournal = Cli.run("feed", "--journal", dir.toString());
        assertEquals(2, notAJournal.code());
        assertTrue(notAJournal.err().contains("not a run's journal directory: " + dir.resolve("run.toml") +
            " is missing"), notAJournal.err());
        assertEquals("", notAJournal.out());
    }

    private static String stateHash(final String summary)
    {
        final Matcher matcher = STATE_HASH.matcher(summary);
        assertTrue(matcher.find(), summary);
        return matcher.group(1);
    }
}
