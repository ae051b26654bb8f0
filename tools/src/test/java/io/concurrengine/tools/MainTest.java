package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest
{
    @Test
    void shouldPrintUsageAndExitTwoWithoutSubcommand()
    {
        final Cli cli = Cli.run();

        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("Usage: concurrengine"), cli.err());
    }

    @Test
    void shouldListEverySubcommand()
    {
        final Cli cli = Cli.run("--help");

        assertEquals(0, cli.code());
        for (final String command : List.of("run", "replay", "inspect", "sim", "stat", "benchmark"))
        {
            assertTrue(cli.out().contains("  " + command + " "), command + " in\n" + cli.out());
        }
    }

    @Test
    void shouldRefuseAnIntegerOptionInTheConfigurationsWordsNotJavasTypeNames(@TempDir final Path dir)
    {
        final String[][] cases = {
            {"replay", "--shard", "x", "expected an integer, found \"x\""},
            {"inspect", "--from", "0x10", "expected an integer, found \"0x10\""},
            {"stat", "--interval", "1.5", "expected an integer, found \"1.5\""},
            // a number beyond a long is refused with the option's own range, not a long's
            {"inspect", "--to", "99999999999999999999",
                "expected an integer from 0 to 9223372036854775807, found \"99999999999999999999\""},
            {"inspect", "--from", "-99999999999999999999",
                "expected an integer from 0 to 9223372036854775807, found \"-99999999999999999999\""},
            {"inspect", "--limit", "99999999999999999999",
                "expected an integer from 1 to 9223372036854775807, found \"99999999999999999999\""},
            {"inspect", "--shard", "9223372036854775808",
                "expected an integer from 0 to 9223372036854775807, found \"9223372036854775808\""},
            {"replay", "--shard", "-9223372036854775809",
                "expected an integer from 0 to 9223372036854775807, found \"-9223372036854775809\""},
            {"replay", "--until", "99999999999999999999",
                "expected an integer from 0 to 9223372036854775807, found \"99999999999999999999\""},
            {"replay", "--threads", "9223372036854775808",
                "expected an integer from 1 to 9223372036854775807, found \"9223372036854775808\""},
            {"stat", "--count", "99999999999999999999",
                "expected an integer from 0 to 9223372036854775807, found \"99999999999999999999\""},
            {"stat", "--interval", "-99999999999999999999",
                "expected an integer from 1 to 9223372036854775807, found \"-99999999999999999999\""},
        };
        for (final String[] c : cases)
        {
            final Cli cli = "stat".equals(c[0]) ? Cli.run(c[0], c[1], c[2], dir.toString()) :
                Cli.run(c[0], dir.toString(), c[1], c[2]);
            assertEquals(2, cli.code(), cli.err());
            assertTrue(cli.err().startsWith("Invalid value for option '" + c[1] + "': " + c[3] +
                System.lineSeparator() + "Usage: concurrengine " + c[0]), cli.err());
        }
        // what picocli took before is taken as before: the value reaches the command, which judges it
        final Cli negative = Cli.run("inspect", dir.resolve("none").toString(), "--shard", "-1");
        assertEquals(2, negative.code());
        assertFalse(negative.err().contains("Invalid value"), negative.err());
        final Cli signed = Cli.run("replay", dir.resolve("none").toString(), "--threads", "+2");
        assertEquals(2, signed.code());
        assertTrue(signed.err().startsWith("concurrengine replay: "), signed.err());
    }

    /**
     * A path below a regular file ({@code f.csv/sub}) names the file in the way whichever command is given it: inspect,
     * replay, feed --journal and stat called it a missing directory or counters file, run --feed said it "does not
     * exist", while run --journal, feed --out, sim --spec and --config named {@code f.csv}.
     */
    @Test
    void shouldNameTheFileInTheWayOfAPathBelowItInEveryCommand(@TempDir final Path dir) throws IOException
    {
        final Path file = Files.writeString(dir.resolve("f.csv"), "a regular file");
        final String below = file.resolve("sub").toString();
        final String[][] commands = {
            {"inspect", below},
            {"replay", below},
            {"feed", "--journal", below, "--out", dir.resolve("out.csv").toString()},
            {"stat", below, "--count", "1"},
            {"run", "--feed", below, "--no-journal", "--no-counters"},
            {"run", "--journal", below, "--events", "10", "--no-counters"},
            {"feed", "--events", "10", "--out", below},
            {"sim", "--spec", below, "--iterations", "1"},
            {"run", "--config", below},
        };
        for (final String[] command : commands)
        {
            final Cli cli = Cli.run(command);
            assertEquals(2, cli.code(), String.join(" ", command) + ": " + cli.err());
            assertTrue(cli.err().contains(file + " is a file, not a directory, in the path " + below),
                String.join(" ", command) + ": " + cli.err());
        }
        assertEquals("a regular file", Files.readString(file));
        assertFalse(Files.exists(dir.resolve("out.csv")));
    }

    /**
     * A command that went well but could not write its output (stdout closed, as by {@code | head}, or on a full
     * device) exits 1 and says so, where it exited 0: a script taking its JSON got nothing and a success. One that
     * failed otherwise keeps its code.
     */
    @Test
    void shouldExitOneWhenACommandThatWentWellCouldNotWriteItsOutput(@TempDir final Path dir)
    {
        final String[][] commands = {
            { "run", "--events", "2000", "--no-journal", "--no-counters", "--json" },
            { "sim", "--iterations", "2", "--quiet", "--json" },
            { "sim", "--iterations", "2" },
            { "run", "--print-config" },
            { "--version" } };
        for (final String[] args : commands)
        {
            final Cli cli = Cli.runOnFailingStdout(0, args);
            assertEquals(1, cli.code(), String.join(" ", args) + ": " + cli.err());
            final String command = args[0].startsWith("-") ? "concurrengine" : "concurrengine " + args[0];
            assertTrue(cli.err().endsWith(command + ": writing to stdout failed: the output was closed or its " +
                "device is full" + System.lineSeparator()), String.join(" ", args) + ": " + cli.err());
        }

        final Cli refused = Cli.runOnFailingStdout(0, "replay", dir.resolve("none").toString(), "--json");
        assertEquals(2, refused.code(), refused.err());
        assertFalse(refused.err().contains("writing to stdout failed"), refused.err());

        final Cli written = Cli.runOnFailingStdout(Integer.MAX_VALUE, commands[1]);
        assertEquals(0, written.code(), written.err());
        assertTrue(written.out().startsWith("{\"spec\":"), written.out());
    }

    @Test
    void shouldExitTwoOnUnknownSubcommand()
    {
        assertEquals(2, Cli.run("frobnicate").code());
    }

    @Test
    void shouldNameAnUnknownOptionRatherThanTheParameterItLeftMissing()
    {
        for (final List<String> args : List.of(List.of("inspect", "-x"), List.of("replay", "-x", "--verify"),
            List.of("replay", "--json", "-x")))
        {
            final Cli cli = Cli.run(args.toArray(String[]::new));

            assertEquals(2, cli.code(), String.join(" ", args));
            assertTrue(cli.err().startsWith("Unknown option: '-x'"), cli.err());
            assertFalse(cli.err().contains("Missing required parameter"), cli.err());
        }
        final Cli json = Cli.run("replay", "--json", "-x");
        assertTrue(json.out().contains("\"message\":\"Unknown option: '-x'\""), json.out());
    }

    @Test
    void shouldNotCallAnArgumentAfterTheEndOfOptionsAnUnknownOption(@TempDir final Path dir)
    {
        final Cli cli = Cli.run("replay", dir.toString(), "--json", "--", "--verify");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().startsWith("Unmatched argument after '--': '--verify'"), cli.err());
        assertFalse(cli.err().contains("Unknown option"), cli.err());
        assertFalse(cli.err().contains("Possible solutions"), cli.err());
        assertTrue(cli.out().contains("Unmatched argument after '--': '--verify'"), cli.out());

        final Cli twice = Cli.run("replay", dir.toString(), "--json", "--", "--json");
        assertTrue(twice.err().startsWith("Unmatched argument after '--': '--json'"), "given before '--' as well: " +
            twice.err());
        final Cli unknown = Cli.run("replay", "-x", dir.toString(), "--", "-x");
        assertTrue(unknown.err().startsWith("Unknown options: '-x', '-x'"), unknown.err());
    }

    @Test
    void shouldNotWrapANetworkAddressInTheHelpAtItsColon()
    {
        for (final String command : List.of("run", "soak", "feed"))
        {
            final Cli cli = Cli.run(command, "--help");

            assertEquals(0, cli.code(), command);
            final String help = cli.out().replaceAll("\\s+", " ");
            assertTrue(help.contains("tcp-listen://HOST:PORT") && help.contains("tcp://"), command + ": " + cli.out());
            assertFalse(help.matches("(?s).*tcp(-listen)?: //.*"), "a line broken at an address's colon: " + cli.out());
        }
    }

    @Test
    void shouldPrintVersion()
    {
        final Cli cli = Cli.run("--version");

        assertEquals(0, cli.code());
        assertTrue(cli.out().strip().matches("concurrengine [0-9]+\\.[0-9]+\\.[0-9]+\\S*"),
            "the build's version, not dev: " + cli.out());
    }

    @Test
    void shouldPrintTheVersionFromEverySubcommandThatOffersIt()
    {
        final String version = Cli.run("--version").out();
        for (final String command : List.of("run", "replay", "inspect", "sim", "stat", "soak", "benchmark"))
        {
            final Cli cli = Cli.run(command, "--version");

            assertEquals(0, cli.code(), command);
            assertEquals(version, cli.out(), command + " --version");
        }
    }

    @Test
    void shouldTakeAnArgumentStartingWithAnAtSignAsItIsNotAsAFileOfArguments(@TempDir final Path dir)
    {
        final Cli cli = Cli.run("replay", "@" + dir); // picocli's @-files read the directory dir as arguments

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("@" + dir), cli.err());
        assertFalse(cli.err().contains("Exception"), cli.err());
    }

    @Test
    void shouldSayInOneLineWhichCommandFailedUnexpectedlyAndHow()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom", new Failing(new NegativeArraySizeException("-5"))),
            "boom");

        assertEquals(1, cli.code());
        assertEquals("concurrengine boom: unexpected NegativeArraySizeException: -5 (a bug: please report it with the " +
            "command line)", cli.err().strip());
    }

    /**
     * picocli hands its execution exception handler Exceptions only: an Error other than the heap running out left
     * main() as a stack trace, and {@code --json} printed no object.
     */
    @Test
    void shouldSayInOneLineWhichCommandFailedWithAnErrorAndHowInJsonToo()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom", new Failing(new StackOverflowError())), "boom",
            "--json");

        assertEquals(1, cli.code());
        assertEquals("concurrengine boom: unexpected StackOverflowError (a bug: please report it with the command line)",
            cli.err().strip());
        assertTrue(cli.out().startsWith("{\"error\":{\"command\":\"boom\",\"code\":1,\"reason\":\"bug\","), cli.out());
    }

    @Test
    void shouldSayTheHeapRanOutInOneLineInsteadOfAStackTrace()
    {
        final Cli cli = run(Main.commandLine().addSubcommand("boom", new Failing(new OutOfMemoryError("Java heap " +
            "space"))), "boom");

        assertEquals(1, cli.code());
        assertTrue(cli.err().startsWith("concurrengine: out of memory (Java heap space) in this JVM's "), cli.err());
        assertTrue(cli.err().strip().endsWith("-byte heap; raise the heap (-Xmx)"), cli.err());
    }

    private static Cli run(final CommandLine commandLine, final String... args)
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final int code = Main.execute(commandLine, new PrintWriter(out), new PrintWriter(err), args);
        return new Cli(code, out.toString(), err.toString());
    }

    /** A command that throws what it is given; it takes {@code --json} as {@code run} does (JsonErrorTest). */
    @Command(name = "boom")
    static final class Failing implements Callable<Integer>
    {
        private final Throwable failure;

        @CommandLine.Option(names = "--json")
        boolean json;

        Failing(final Throwable failure)
        {
            this.failure = failure;
        }

        @Override
        public Integer call() throws Exception
        {
            if (failure instanceof Error)
            {
                throw (Error)failure;
            }
            throw (Exception)failure;
        }
    }
}
