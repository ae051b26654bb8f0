package io.concurrengine.tools;

import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.json.MiniJson;
import io.concurrengine.tools.run.RunJob;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static io.concurrengine.tools.json.MiniJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A command given {@code --json} prints exactly one JSON object on stdout in every outcome: its result, or
 * {@code {"error": {"command", "code", "reason", "message"}}} when it has none, with the exit code and the stderr line
 * it gave before.
 */
class JsonErrorTest
{
    private static final String SPEC = "[character]\nname = \"t\"\n\n[[spells]]\nname = \"a\"\ndamage = 10\n" +
        "\n[rotation]\npriority = [\"a\"]\n";

    @TempDir
    Path dir;

    @Test
    void shouldPrintAnUnknownOptionAsAUsageErrorObjectWhenJsonIsAmongTheArguments()
    {
        final Cli cli = Cli.run("run", "--bogus", "--json");

        final Map<String, Object> error = error(cli, "run", 2, "usage");
        assertEquals("Unknown option: '--bogus'", error.get("message"));
        assertTrue(cli.err().startsWith("Unknown option: '--bogus'") && cli.err().contains("Usage: concurrengine run"),
            "the message and usage on stderr as before: " + cli.err());

        final Cli human = Cli.run("run", "--bogus");
        assertEquals(2, human.code());
        assertEquals("", human.out(), "without --json, stdout stays empty");
        assertEquals(cli.err(), human.err());
    }

    /**
     * picocli takes {@code --json=true} (any case) as {@code --json}: a usage error then prints its object too, which
     * it did not, and {@code --json=false} asks for none.
     */
    @Test
    void shouldPrintAUsageErrorObjectForJsonGivenItsValueTrueAndNoneForFalse()
    {
        for (final String json : List.of("--json=true", "--json=TRUE", "--json=True"))
        {
            final Cli cli = Cli.run("run", json, "--bogus");
            assertEquals("Unknown option: '--bogus'", error(cli, "run", 2, "usage").get("message"), json);
        }

        final Cli human = Cli.run("run", "--json=false", "--bogus");
        assertEquals(2, human.code());
        assertEquals("", human.out(), "--json=false: stdout stays empty");
        assertFalse(CommandError.requested(List.of("--json=yes")), "not a boolean picocli takes");
        assertFalse(CommandError.requested(List.of("--", "--json=true")), "a positional parameter");
    }

    @Test
    void shouldPrintAMissingOptionValueAsAUsageErrorObject()
    {
        final Map<String, Object> error = error(Cli.run("run", "--json", "--journal"), "run", 2, "usage");
        assertTrue(error.get("message").toString().contains("--journal"), error.toString());
    }

    @Test
    void shouldPrintAnUnknownOptionOfACommandWithoutJsonAsAUsageErrorObjectToo()
    {
        final Cli cli = Cli.run("inspect", dir.toString(), "--json");

        assertEquals("Unknown option: '--json'", error(cli, "inspect", 2, "usage").get("message"));
    }

    @Test
    void shouldPrintABadFlagValueOfRunAsAConfigErrorObject()
    {
        final Cli cli = Cli.run("run", "--events", "abc", "--json", "--no-counters");

        assertMessageOnStderr(cli, "run", error(cli, "run", 2, "config"));
        assertTrue(cli.err().contains("run.events"), cli.err());
    }

    @Test
    void shouldPrintABadConfigurationKeyAsAConfigErrorObject() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("engine.toml"), "[engine]\ncolour = \"red\"\n");
        final Cli cli = Cli.run("run", "--config", config.toString(), "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "config");
        assertMessageOnStderr(cli, "run", error);
        assertTrue(error.get("message").toString().contains("colour"), error.toString());
    }

    @Test
    void shouldPrintAJournalDirThatIsAFileAsAJournalErrorObject() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("file"), "x");
        final Cli cli = Cli.run("run", "--events", "10", "--journal", file.toString(), "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "journal");
        assertEquals("journal dir " + file + " is a file, not a directory", error.get("message"));
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldSayWhatAJournalDirThatIsASpecialFileIs() throws IOException, InterruptedException
    {
        // it read "is a file", for a named pipe as for /dev/full
        final Path pipe = dir.resolve("pipe");
        assertEquals(0, new ProcessBuilder("mkfifo", pipe.toString()).start().waitFor());
        final Cli cli = Cli.run("run", "--events", "10", "--journal", pipe.toString(), "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "journal");
        assertEquals("journal dir " + pipe + " is a named pipe, not a directory", error.get("message"));
    }

    @Test
    void shouldPrintAJournalDirThatIsNoPathOnThisSystemAsAConfigErrorObject()
    {
        // a NUL names no file anywhere, as a name the JVM cannot encode under a C locale (`jé`) names none there
        final Cli cli = Cli.run("run", "--events", "10", "--journal", "j\0", "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "config");
        assertTrue(error.get("message").toString().startsWith("flag --journal (journal.dir): "), error.toString());
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldPrintAJournalDirRefusedAfterTheEngineWasBuiltAsAJournalErrorObject()
    {
        // proc: the checks pass (0 bytes of 0 is no full disk), creating the directory fails, late in the start
        final Path journal = Path.of("/proc/concurrengine-json-error-test");
        final Cli cli = Cli.run("run", "--events", "10", "--journal", journal.toString(), "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "journal");
        assertTrue(error.get("message").toString().startsWith("journal dir " + journal + " cannot be used: "),
            error.toString());
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldPrintAFeedFileThatCannotBeReadAsAFeedErrorObject()
    {
        final Path feed = dir.resolve("missing.csv");
        final Cli cli = Cli.run("run", "--feed", feed.toString(), "--no-journal", "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "feed");
        assertTrue(error.get("message").toString().startsWith("feed file " + feed + " cannot be read: "),
            error.toString());
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldPrintACountersFileThatCannotBeCreatedAsACountersErrorObject() throws IOException
    {
        final Path notADirectory = Files.writeString(dir.resolve("file"), "x");
        final Path config = Files.writeString(dir.resolve("engine.toml"), "[telemetry]\ncounters = true\n" +
            "counters_file = \"" + notADirectory.resolve("counters.dat") + "\"\n");
        final Cli cli = Cli.run("run", "--config", config.toString(), "--events", "10", "--no-journal", "--json");

        final Map<String, Object> error = error(cli, "run", 2, "counters");
        assertTrue(error.get("message").toString().startsWith("counters file " + notADirectory.resolve("counters.dat") +
            " cannot be created: "), error.toString());
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldRefuseACountersFileInTheJournalDirAsACountersErrorObject() throws IOException
    {
        // the run's start moved the new counters file away with the earlier journal: exit 0, no counters for stat or
        // the exporter, and "not published ... no such file or directory: .../counters.dat.<pid>.<n>.tmp" on stderr
        final Path journal = dir.resolve("journal");
        final Path config = Files.writeString(dir.resolve("engine.toml"), "[telemetry]\ncounters = true\n" +
            "counters_file = \"" + journal.resolve("counters.dat") + "\"\n");
        final Cli cli = Cli.run("run", "--config", config.toString(), "--events", "10", "--journal",
            journal.toString(), "--json");

        final Map<String, Object> error = error(cli, "run", 2, "counters");
        assertEquals("counters file " + journal.resolve("counters.dat") + " is in the journal dir " + journal +
            ", which each run replaces: set telemetry.counters_file outside it", error.get("message"));
        assertMessageOnStderr(cli, "run", error);
        assertFalse(Files.exists(journal), "nothing written");
    }

    @Test
    void shouldPrintAHeapTooSmallAsAMemoryErrorObject() throws Exception
    {
        // the default market models (order pools for 2^18 live orders) need more than 64 MiB; the rings fit in it
        final Cli cli = Cli.fork(dir, "64m", "run", "--events", "1000", "--no-journal", "--no-counters", "--json");

        final Map<String, Object> error = error(cli, "run", 2, "memory");
        assertTrue(error.get("message").toString().endsWith("raise the heap (-Xmx)"), error.toString());
        assertMessageOnStderr(cli, "run", error);
    }

    @Test
    void shouldKeepWhyARunStoppedDuringItsWarmUpRanNothingForTheErrorObject() throws Exception
    {
        final Map<String, String> flags = new HashMap<>(Map.of("run.events", "6", "engine.shards", "1",
            "journal.enabled", "false", "telemetry.counters", "false", "run.progress", "false", "run.warmup", "2s"));
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunJob job = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), true, false);
        final Thread stopper = new Thread(() ->
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            job.requestStopAndAwait(TimeUnit.SECONDS.toNanos(60));
        });
        stopper.start();
        assertEquals(0, job.execute(), err.toString());
        stopper.join();

        assertEquals(new CommandError("run", 0, "stopped", "stopped during the warm-up: nothing was run"),
            job.refusal());
        assertEquals("{\"error\":{\"command\":\"run\",\"code\":0,\"reason\":\"stopped\",\"message\":\"stopped during " +
            "the warm-up: nothing was run\"}}", job.refusal().toJson());
    }

    @Test
    void shouldPrintTheErrorObjectOfARunStoppedBySigtermDuringItsWarmUpBeforeTheJvmExits() throws Exception
    {
        final Cli cli = sigtermOnceStderrSays("warming up", "run", "--events", "10", "--shards", "1", "--warmup",
            "60s", "--no-journal", "--no-counters", "--json");

        final Map<String, Object> error = object(object(MiniJson.parse(cli.out().strip())).get("error"));
        assertEquals("stopped", error.get("reason"), cli.out());
        assertEquals(0L, error.get("code"), cli.out());
        assertEquals("stopped during the warm-up: nothing was run", error.get("message"));
        assertMessageOnStderr(cli, "run", error);
    }

    /**
     * Ctrl-C or SIGTERM during sim's iterations: before session 52 the JVM exited with nothing on stdout, where
     * {@code --json} promises one object whatever happens; now the iterations stop and it is the stopped error object.
     */
    @Test
    void shouldPrintTheErrorObjectOfASimStoppedBySigtermDuringItsIterationsBeforeTheJvmExits() throws Exception
    {
        final Cli cli = sigtermOnceStderrSays("progress: ", "sim", "--iterations", "400000", "--threads", "1",
            "--chunk", "16", "--json");

        final Map<String, Object> error = object(object(MiniJson.parse(cli.out().strip())).get("error"));
        assertEquals("stopped", error.get("reason"), cli.out());
        assertEquals(0L, error.get("code"), cli.out());
        assertTrue(((String)error.get("message")).matches(
            "stopped by a signal after [\\d,]+ of 400,000 iterations: a partial run has no result"), cli.out());
        assertMessageOnStderr(cli, "sim", error);
    }

    @Test
    void shouldHaveNoRefusalOfARunThatPrintedItsSummary()
    {
        final Cli cli = Cli.run("run", "--events", "100", "--shards", "1", "--no-journal", "--no-counters", "--json");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> summary = object(MiniJson.parse(cli.out().strip()));
        assertFalse(summary.containsKey("error"), cli.out());
        assertTrue(summary.get("stateHash") instanceof String, cli.out());
    }

    @Test
    void shouldPrintADirectoryThatIsNoJournalAsAJournalErrorObjectWithEveryCharacterEscaped()
    {
        final String name = "a\"b\\c\td\u0001e\nf \u00e9\u2603";
        final Path missing = dir.resolve(name);
        final Cli cli = Cli.run("replay", missing.toString(), "--verify", "--json");

        final Map<String, Object> error = error(cli, "replay", 2, "journal");
        assertEquals(missing + ": (directory): no such directory", error.get("message"));
        assertEquals("concurrengine replay: " + dir + "/a\"b\\c\\td\\x01e\\nf \u00e9\u2603: (directory): no such " +
            "directory" + System.lineSeparator(), cli.err(), "escaped on stderr, where it is one line");
        assertTrue(cli.out().contains("a\\\"b\\\\c\\td\\u0001e\\nf \\u00e9\\u2603"), cli.out());
        assertTrue(cli.out().chars().allMatch(c -> c < 0x7F), "ASCII, whatever stdout's encoding: " + cli.out());
    }

    @Test
    void shouldPrintReplayFlagsOutOfRangeAsUsageErrorObjects() throws IOException
    {
        assertEquals("Missing required parameter: 'DIR'",
            error(Cli.run("replay", "--json"), "replay", 2, "usage").get("message"));

        final Cli threads = Cli.run("replay", dir.toString(), "--threads", "0", "--json");
        assertEquals("--threads=0 must be at least 1", error(threads, "replay", 2, "usage").get("message"));
        final Cli until = Cli.run("replay", dir.toString(), "--until", "-1", "--json");
        assertEquals("--until -1: engine time is not negative", error(until, "replay", 2, "usage").get("message"));

        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n");
        final Path journal = dir.resolve("journal");
        final Cli run = Cli.run("run", "--feed", feed.toString(), "--shards", "2", "--journal", journal.toString(),
            "--no-counters", "--json");
        assertEquals(0, run.code(), run.err());
        final Cli shard = Cli.run("replay", journal.toString(), "--shard", "9", "--json");
        final Map<String, Object> error = error(shard, "replay", 2, "usage");
        assertEquals("--shard 9: the journal in " + journal + " has 2 shards, 0 to 1", error.get("message"));
        assertMessageOnStderr(shard, "replay", error);

        final Cli replayed = Cli.run("replay", journal.toString(), "--verify", "--json");
        assertEquals(0, replayed.code(), replayed.err());
        final Map<String, Object> result = object(MiniJson.parse(replayed.out().strip()));
        assertFalse(result.containsKey("error"), replayed.out());
        assertEquals("verified", result.get("result"));
    }

    @Test
    void shouldPrintAnInvalidSpecAsASpecErrorObject() throws IOException
    {
        final Path spec = Files.writeString(dir.resolve("bad.toml"), SPEC.replace("damage = 10", "damage = \"x\""));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1", "--json", "--quiet");

        final Map<String, Object> error = error(cli, "sim", 2, "spec");
        assertTrue(error.get("message").toString().startsWith("invalid spec: " + spec), error.toString());
        assertMessageOnStderr(cli, "sim", error);
    }

    @Test
    void shouldPrintASpecFileThatIsNoPathOnThisSystemAsASpecErrorObject()
    {
        final Cli cli = Cli.run("sim", "--spec", "s\0.toml", "--iterations", "1", "--json", "--quiet");

        final Map<String, Object> error = error(cli, "sim", 2, "spec");
        assertTrue(error.get("message").toString().startsWith("invalid spec: s\0.toml"), error.toString());
        assertMessageOnStderr(cli, "sim", error);
    }

    @Test
    void shouldPrintAFailedSimulationAsASimulationErrorObject() throws IOException
    {
        final Path spec = Files.writeString(dir.resolve("spam.toml"), SPEC.replace("damage = 10", "gcd_ms = 0"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "3", "--threads", "1", "--json",
            "--quiet");

        final Map<String, Object> error = error(cli, "sim", 1, "simulation");
        assertTrue(error.get("message").toString().startsWith("iteration 0 (chunk 0, index 0) exceeded the event " +
            "budget"), error.toString());
        assertMessageOnStderr(cli, "sim", error);
    }

    @Test
    void shouldPrintSimFlagsOutOfRangeAsUsageErrorObjects()
    {
        final Cli cli = Cli.run("sim", "--iterations", "0", "--json");

        final Map<String, Object> error = error(cli, "sim", 2, "usage");
        assertTrue(error.get("message").toString().startsWith("Invalid value for option '--iterations': must be " +
            "in [1, "), error.toString());
        assertTrue(cli.err().startsWith(error.get("message").toString()), cli.err());
    }

    @Test
    void shouldPrintAnExceptionNoCommandCaughtAsABugErrorObject()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom",
            new MainTest.Failing(new NegativeArraySizeException("-5"))), "boom", "--json");

        final Map<String, Object> error = error(cli, "boom", 1, "bug");
        assertEquals("unexpected NegativeArraySizeException: -5 (a bug: please report it with the command line)",
            error.get("message"));
        assertMessageOnStderr(cli, "boom", error);

        final Cli human = run(Main.commandLine().addSubcommand("boom",
            new MainTest.Failing(new NegativeArraySizeException("-5"))), "boom");
        assertEquals("", human.out());
        assertEquals(cli.err(), human.err());
    }

    @Test
    void shouldPrintTheHeapRunningOutAsAMemoryErrorObject()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom",
            new MainTest.Failing(new OutOfMemoryError("Java heap space"))), "boom", "--json");

        final Map<String, Object> error = error(cli, "boom", 1, "memory");
        assertTrue(error.get("message").toString().startsWith("out of memory (Java heap space) in this JVM's "),
            error.toString());
        assertEquals("concurrengine: " + error.get("message") + System.lineSeparator(), cli.err());
    }

    @Test
    void shouldPrintAJournalDirsControlCharactersEscapedOnStderrAndAsTheyAreInTheErrorObject() throws IOException
    {
        // printed raw, the line feed forged a line of stderr and the escape sequence erased a terminal's line
        final Path file = Files.writeString(dir.resolve("a\nFORGED\u001b[2K"), "x");
        final Cli cli = Cli.run("run", "--events", "10", "--journal", file.toString(), "--json", "--no-counters");

        final Map<String, Object> error = error(cli, "run", 2, "journal");
        assertEquals("journal dir " + file + " is a file, not a directory", error.get("message"), "JSON escapes it");
        assertEquals("concurrengine run: journal dir " + dir + "/a\\nFORGED\\x1b[2K is a file, not a directory" +
            System.lineSeparator(), cli.err());
    }

    @Test
    void shouldPrintAMissingFeedFilesControlCharactersEscapedOnStderrAndAsTheyAreInTheErrorObject()
    {
        // the feed's messages escaped its name when they were made, so the error object carried "a\\nb" for "a\nb"
        final Path missing = dir.resolve("a\nFORGED\u001b[2K.csv");
        final Cli cli = Cli.run("run", "--feed", missing.toString(), "--json", "--no-counters", "--no-journal");

        final Map<String, Object> error = error(cli, "run", 2, "feed");
        assertEquals("feed file " + missing + " cannot be read: " + missing + " does not exist", error.get("message"));
        final String printed = dir + "/a\\nFORGED\\x1b[2K.csv";
        assertEquals("concurrengine run: feed file " + printed + " cannot be read: " + printed + " does not exist" +
            System.lineSeparator(), cli.err());
    }

    @Test
    void shouldPrintAMalformedLinesFeedNameAsItIsInTheJsonSummaryAndEscapedOnStderr() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("b\nFORGED.csv"), "10,add,1,1,buy,100,5\n20,cancel,1,x\n");
        final Cli cli = Cli.run("run", "--feed", feed.toString(), "--json", "--no-counters", "--no-journal");

        assertEquals(2, cli.code(), cli.err());
        final Map<String, Object> summary = object(MiniJson.parse(cli.out().strip()));
        assertEquals("feed " + feed + ":2: field 4 (order) \"x\" is not an integer", summary.get("failure"));
        assertTrue(cli.err().contains("concurrengine run: feed " + dir + "/b\\nFORGED.csv:2: field 4 (order)"),
            cli.err());
        assertFalse(cli.err().contains("\nFORGED"), "one line on stderr: " + cli.err());
    }

    @Test
    void shouldPrintAFlagsValueWithItsControlCharactersEscapedOnStderrAndAsItIsInTheErrorObject()
    {
        final Cli cli = Cli.run("run", "--shards", "4\nX\u001b[2K", "--json", "--no-counters", "--no-journal");

        final Map<String, Object> error = error(cli, "run", 2, "config");
        assertEquals("flag --shards (engine.shards): expected an integer, found \"4\nX\u001b[2K\"",
            error.get("message"));
        assertEquals("concurrengine run: flag --shards (engine.shards): expected an integer, found \"4\\nX\\x1b[2K\"" +
            System.lineSeparator(), cli.err());
    }

    @Test
    void shouldPrintAUsageErrorsArgumentWithItsControlCharactersEscapedAndAsItIsInTheErrorObject()
    {
        final Cli cli = Cli.run("replay", "x", "--threads", "4\nX", "--json");

        assertEquals("Invalid value for option '--threads': expected an integer, found \"4\nX\"",
            error(cli, "replay", 2, "usage").get("message"));
        assertTrue(cli.err().startsWith("Invalid value for option '--threads': expected an integer, found \"4\\nX\"" +
            System.lineSeparator() + "Usage: concurrengine replay "), cli.err());

        final Cli unknown = Cli.run("run", "--shardz", "\u001b[2K");
        assertTrue(unknown.err().startsWith("Unknown options: '--shardz', '\\x1b[2K'" + System.lineSeparator() +
            "Possible solutions: --shards"), "the suggestions as before: " + unknown.err());
    }

    @Test
    void shouldPrintAnUnexpectedExceptionsMessageWithItsControlCharactersEscaped()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom",
            new MainTest.Failing(new IllegalStateException("a\nFORGED"))), "boom", "--json");

        final Map<String, Object> error = error(cli, "boom", 1, "bug");
        assertEquals("unexpected IllegalStateException: a\nFORGED (a bug: please report it with the command line)",
            error.get("message"));
        assertEquals("concurrengine boom: unexpected IllegalStateException: a\\nFORGED (a bug: please report it " +
            "with the command line)" + System.lineSeparator(), cli.err());
    }

    @Test
    void shouldTellWhenArgumentsAskForJson()
    {
        assertTrue(CommandError.requested(List.of("run", "--json")));
        assertFalse(CommandError.requested(List.of("run", "--no-json", "--jsonx")));
        assertFalse(CommandError.requested(List.of("replay", "--", "--json")), "after --, a directory named --json");
    }

    /**
     * @return the error object of {@code cli}'s stdout, checked to be its one line and one object, with the given
     * command, exit code (also {@code cli}'s) and reason.
     */
    private static Map<String, Object> error(final Cli cli, final String command, final int code, final String reason)
    {
        assertEquals(code, cli.code(), cli.err());
        assertEquals(1, cli.out().lines().count(), "one line: " + cli.out());
        assertTrue(cli.out().endsWith(System.lineSeparator()), cli.out());
        final Map<String, Object> top = object(MiniJson.parse(cli.out().strip()));
        assertEquals(List.of("error"), List.copyOf(top.keySet()), cli.out());
        final Map<String, Object> error = object(top.get("error"));
        assertEquals(List.of("command", "code", "reason", "message"), List.copyOf(error.keySet()), cli.out());
        assertEquals(command, error.get("command"), cli.out());
        assertEquals((long)code, error.get("code"), cli.out());
        assertEquals(reason, error.get("reason"), cli.out());
        return error;
    }

    /**
     * Run the command line in a JVM of its own, send it SIGTERM once its stderr says {@code mark}, and check that it
     * ended on it (exit 143) having printed one line on stdout.
     */
    private Cli sigtermOnceStderrSays(final String mark, final String... args) throws Exception
    {
        final Path out = dir.resolve("out.txt");
        final Path err = dir.resolve("err.txt");
        final Process process = Cli.start(out, err, "512m", args);
        try
        {
            // a bound for a starved machine only: a sim's first tenth takes about 3 s of CPU, which a 2-vCPU machine
            // under a load of 17 stretched past 60 s once
            final long started = System.nanoTime();
            final long deadline = started + TimeUnit.SECONDS.toNanos(180);
            while (!Files.readString(err).contains(mark) && process.isAlive() && System.nanoTime() < deadline)
            {
                Thread.sleep(50);
            }
            assertTrue(Files.readString(err).contains(mark), "stderr after " +
                TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started) + " s, the JVM " +
                (process.isAlive() ? "still running" : "ended with " + process.exitValue()) + ": " +
                Files.readString(err));
            process.destroy(); // SIGTERM
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "ended on SIGTERM");
        }
        finally
        {
            process.destroyForcibly();
        }
        final Cli cli = new Cli(process.exitValue(), Files.readString(out), Files.readString(err));
        assertEquals(143, cli.code(), cli.err());
        assertEquals(1, cli.out().lines().count(), cli.out());
        return cli;
    }

    private static void assertMessageOnStderr(final Cli cli, final String command, final Map<String, Object> error)
    {
        assertTrue(cli.err().contains("concurrengine " + command + ": " + PrintableText.escape(error.get("message")) +
            System.lineSeparator()), "the same message on stderr, its control characters escaped: " + cli.err());
    }

    private static Cli run(final CommandLine commandLine, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(commandLine, new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }
}
