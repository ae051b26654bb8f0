package io.concurrengine.tools;

import io.concurrengine.tools.journal.InspectCommand;
import io.concurrengine.tools.journal.ReplayCommand;
import io.concurrengine.tools.run.EarlyStopHook;
import io.concurrengine.tools.run.FeedCommand;
import io.concurrengine.tools.run.RunCommand;
import io.concurrengine.tools.sim.SimCommand;
import io.concurrengine.tools.soak.SoakCommand;
import io.concurrengine.tools.table.SeedTableCommand;
import io.concurrengine.tools.telemetry.StatCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;

/**
 * The {@code concurrengine} command line: one top command whose subcommands are listed in the {@link Command}
 * annotation below; adding a subcommand is adding its class there.
 * <p>
 * Exit codes: 0 success, 1 failure while running, 2 bad usage or bad input (picocli's usage code). Errors are one
 * line on stderr, never a stack trace.
 */
@Command(
    name = "concurrengine",
    mixinStandardHelpOptions = true,
    versionProvider = Main.Version.class,
    description = "Deterministic, off-heap, high-throughput event engine.",
    subcommands = {
        RunCommand.class,
        FeedCommand.class,
        ReplayCommand.class,
        InspectCommand.class,
        SimCommand.class,
        StatCommand.class,
        SoakCommand.class,
        SeedTableCommand.class,
    })
public final class Main implements Callable<Integer>
{
    /**
     * What a command says on stderr, after its name, when a write to stdout failed.
     */
    public static final String STDOUT_FAILED = "writing to stdout failed: the output was closed or its device is full";

    /**
     * The commands that add a {@link io.concurrengine.tools.run.RunStopHook} as they start, to report a Ctrl-C or
     * SIGTERM: main's {@link EarlyStopHook} waits for them to add it, and lets the others stop at once. {@code feed}
     * adds one too once its source is open, before it opens its destination (a stop ends a wait for a run to connect
     * to it, and the hook says what a wait it cannot end, for a tcp:// upstream or a named pipe's reader, left written:
     * nothing); a signal before that stops it at once.
     */
    private static final Set<String> STOP_HOOKED = Set.of("run", "soak", "sim", "replay", "benchmark");

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Run the command line and exit the JVM with its exit code.
     *
     * @param args command-line arguments.
     */
    public static void main(final String[] args)
    {
        // Ctrl-C or SIGTERM before a command adds its own hook: this one waits for it to get there (EarlyStopHook)
        final EarlyStopHook early = EarlyStopHook.install();
        final int code;
        try
        {
            // printed through the hook, which drops what the command prints once it has reported the command stopped
            code = execute(new PrintWriter(early.stdout(), true), new PrintWriter(early.stderr(), true), args);
        }
        finally
        {
            early.release();
        }
        System.exit(code);
    }

    /**
     * Run the command line on {@code System.out} and {@code System.err} without exiting.
     *
     * @param args command-line arguments.
     * @return the exit code.
     */
    public static int execute(final String... args)
    {
        return execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    /**
     * Run the command line on the given writers without exiting: for tests and embedding.
     *
     * @param out  standard output.
     * @param err  standard error.
     * @param args command-line arguments.
     * @return the exit code.
     */
    public static int execute(final PrintWriter out, final PrintWriter err, final String... args)
    {
        return execute(commandLine(), out, err, args);
    }

    /**
     * Run a command line on the given writers without exiting, with the last word on what a command did not catch: an
     * exception is one line ({@link #commandLine()}), and so is the heap running out, rather than a stack trace.
     *
     * @param commandLine the command line, e.g. {@link #commandLine()}.
     * @param out         standard output.
     * @param err         standard error.
     * @param args        command-line arguments.
     * @return the exit code.
     */
    static int execute(final CommandLine commandLine, final PrintWriter out, final PrintWriter err,
        final String... args)
    {
        commandLine.setOut(out);
        commandLine.setErr(err);
        try
        {
            return outputWritten(commandLine, out, err, commandLine.execute(args));
        }
        catch (final OutOfMemoryError ex)
        {
            final long heap = Runtime.getRuntime().maxMemory();
            String message;
            try
            {
                message = String.format(Locale.ROOT, "out of memory (%s) in this JVM's %,d-byte heap; raise the heap " +
                    "(-Xmx)", ex.getMessage(), heap);
            }
            catch (final LinkageError | OutOfMemoryError formatting)
            {
                // the heap ran out as the JDK first loaded its number formatting, which this JVM then cannot load
                message = "out of memory (" + ex.getMessage() + ") in this JVM's " + heap + "-byte heap; raise the " +
                    "heap (-Xmx)";
            }
            err.println("concurrengine: " + message);
            if (CommandError.requested(List.of(args)))
            {
                out.println(new CommandError(commandName(commandLine.getParseResult()), CommandLine.ExitCode.SOFTWARE,
                    CommandError.MEMORY, message).toJson());
            }
            return CommandLine.ExitCode.SOFTWARE;
        }
        catch (final Error ex)
        {
            // picocli's execution exception handler is given Exceptions only: an Error (a stack overflow, say) would
            // otherwise leave main() as a stack trace
            final CommandLine.ParseResult parsed = commandLine.getParseResult();
            CommandLine innermost = commandLine;
            for (CommandLine.ParseResult at = parsed; null != at; at = at.subcommand())
            {
                innermost = at.commandSpec().commandLine();
            }
            return reportBug(ex, innermost, null == parsed ? List.of(args) : parsed.originalArgs());
        }
        finally
        {
            out.flush();
            err.flush();
        }
    }

    /**
     * A {@link PrintWriter} keeps a failed write to itself: a command that went well but whose output could not be
     * written (stdout closed, as by {@code | head}, or on a full device) would exit 0 having printed nothing, and a
     * script taking its {@code --json} object would get none and a success.
     *
     * @return {@code code}, or 1 instead of 0 (said on stderr) when a write to {@code out} failed; a command that
     * failed keeps its own code and message.
     */
    private static int outputWritten(
        final CommandLine commandLine, final PrintWriter out, final PrintWriter err, final int code)
    {
        if (CommandLine.ExitCode.OK != code || !out.checkError()) // checkError flushes first
        {
            return code;
        }
        final String command = commandName(commandLine.getParseResult());
        err.println(("concurrengine".equals(command) ? command : "concurrengine " + command) + ": " + STDOUT_FAILED);
        return CommandLine.ExitCode.SOFTWARE;
    }

    /**
     * @return the command line with every subcommand and the one-line error handlers: an exception no command caught
     * is a bug, said in one line that names the command and the exception, never a stack trace. With {@code --json}
     * among the arguments, a usage error or such an exception is also one {@link CommandError} object on stdout.
     * Every argument is taken as given: picocli's {@code @FILE} argument files are off, so a path that starts with
     * {@code @} is that path, not the arguments in the file named by the rest of it.
     * An integer option without a converter of its own is refused in the configuration's words
     * ({@link IntegerOption}).
     */
    public static CommandLine commandLine()
    {
        final CommandLine main = IntegerOption.registerOn(new CommandLine(new Main()));
        for (final CommandLine subcommand : main.getSubcommands().values())
        {
            subcommand.getCommandSpec().versionProvider(new Version()); // each offers -V, --version too
        }
        final CommandLine.IParameterExceptionHandler usage = main.getParameterExceptionHandler();
        return main
            .setExpandAtFiles(false)
            .setParameterExceptionHandler((parsed, args) ->
            {
                // the message and usage on stderr, the message with its control characters escaped
                final CommandLine.ParameterException ex = unmatchedFirst(parsed, args);
                final int code = usage.handleParseException(printable(ex), args);
                if (CommandError.requested(List.of(args)))
                {
                    final CommandLine commandLine = ex.getCommandLine();
                    commandLine.getOut().println(new CommandError(commandLine.getCommandName(), code,
                        CommandError.USAGE, ex.getMessage()).toJson());
                    commandLine.getOut().flush();
                }
                return code;
            })
            .setExecutionExceptionHandler((ex, commandLine, parseResult) ->
                reportBug(ex, commandLine, parseResult.originalArgs()))
            .setExecutionStrategy(parseResult ->
            {
                final String name = commandName(parseResult);
                if (!STOP_HOOKED.contains(name))
                {
                    EarlyStopHook.releaseInstalled(); // a signal stops this command at once, as it always did
                }
                else
                {
                    // should its configuration not be read 10 s after a signal, main's hook says it was stopped
                    EarlyStopHook.commandStartingInstalled(name, CommandError.requested(parseResult.originalArgs()));
                }
                return new CommandLine.RunLast().execute(parseResult);
            });
    }

    /**
     * Say in one line that a command failed with what it did not catch, a bug, naming the command and the throwable;
     * with {@code --json} among the arguments, as a {@link CommandError} object on stdout too.
     *
     * @return the exit code, 1.
     */
    private static int reportBug(final Throwable ex, final CommandLine commandLine, final List<String> args)
    {
        final String message = ex.getMessage();
        final String problem = "unexpected " + ex.getClass().getSimpleName() +
            (null == message || message.isBlank() ? "" : ": " + message) +
            " (a bug: please report it with the command line)";
        commandLine.getErr().println(
            commandLine.getCommandSpec().qualifiedName() + ": " + PrintableText.escape(problem));
        commandLine.getErr().flush();
        if (CommandError.requested(args))
        {
            commandLine.getOut().println(new CommandError(commandLine.getCommandName(),
                CommandLine.ExitCode.SOFTWARE, CommandError.BUG, problem).toJson());
            commandLine.getOut().flush();
        }
        return CommandLine.ExitCode.SOFTWARE;
    }

    /**
     * picocli checks for a missing required parameter before it reports the arguments it could not match, so
     * {@code inspect -x} said "Missing required parameter: 'DIR'" about a mistyped option; and it calls an extra
     * argument that starts with {@code -} an unknown option even after {@code --}, where it is no option at all.
     *
     * @param ex   a usage error.
     * @param args the command-line arguments.
     * @return the arguments not matched, if any, as the error (before a missing parameter), an extra argument after
     * {@code --} said to be one; else {@code ex}.
     */
    static CommandLine.ParameterException unmatchedFirst(final CommandLine.ParameterException ex, final String[] args)
    {
        final CommandLine commandLine = ex.getCommandLine();
        final List<String> unmatched = commandLine.getUnmatchedArguments();
        if (ex instanceof CommandLine.MissingParameterException && !unmatched.isEmpty())
        {
            return unmatchedAfterDelimiter(new CommandLine.UnmatchedArgumentException(commandLine, unmatched), args);
        }
        return ex instanceof CommandLine.UnmatchedArgumentException ?
            unmatchedAfterDelimiter((CommandLine.UnmatchedArgumentException)ex, args) : ex;
    }

    /**
     * @return {@code ex}, or when its first unmatched argument came only after the end-of-options {@code --}, the same
     * error saying so rather than calling it an unknown option.
     */
    private static CommandLine.ParameterException unmatchedAfterDelimiter(
        final CommandLine.UnmatchedArgumentException ex, final String[] args)
    {
        final List<String> all = List.of(args);
        final int delimiter = all.indexOf("--");
        final List<String> unmatched = ex.getUnmatched();
        if (delimiter < 0 || unmatched.isEmpty() || !ex.isUnknownOption() ||
            !all.subList(delimiter + 1, all.size()).contains(unmatched.get(0)))
        {
            return ex;
        }
        // an option the command knows was matched before '--', so unmatched only after it; an unknown one given
        // before '--' too is the one not matched there
        if (null == ex.getCommandLine().getCommandSpec().findOption(unmatched.get(0)) &&
            all.subList(0, delimiter).contains(unmatched.get(0)))
        {
            return ex;
        }
        return new CommandLine.ParameterException(ex.getCommandLine(), String.format(Locale.ROOT,
            "Unmatched argument after '--': '%s' (after '--' every argument is a parameter, none an option)",
            unmatched.get(0)), ex, null, unmatched.get(0));
    }

    /**
     * @param ex a usage error, whose message may quote an argument as the user gave it.
     * @return {@code ex} if its message holds no control character, else the same error with them escaped
     * ({@link PrintableText}) for stderr: an unknown option's keeps its unmatched arguments, from which picocli
     * suggests the options meant.
     */
    private static CommandLine.ParameterException printable(final CommandLine.ParameterException ex)
    {
        final String message = null == ex.getMessage() ? null : PrintableText.escape(ex.getMessage());
        if (null == message || message.equals(ex.getMessage()))
        {
            return ex;
        }
        if (ex instanceof CommandLine.UnmatchedArgumentException)
        {
            return new PrintableUnmatchedArgument((CommandLine.UnmatchedArgumentException)ex, message);
        }
        return new CommandLine.ParameterException(ex.getCommandLine(), message, ex, ex.getArgSpec(), ex.getValue());
    }

    /**
     * @param parseResult the top command's parse result, or null if the arguments were not parsed.
     * @return the name of the command the arguments chose: the innermost subcommand, or {@code concurrengine}.
     */
    private static String commandName(final CommandLine.ParseResult parseResult)
    {
        CommandLine.ParseResult innermost = parseResult;
        while (null != innermost && null != innermost.subcommand())
        {
            innermost = innermost.subcommand();
        }
        return null == innermost ? "concurrengine" : innermost.commandSpec().name();
    }

    /**
     * Without a subcommand: print the usage to stderr and fail with the usage code.
     */
    @Override
    public Integer call()
    {
        spec.commandLine().usage(spec.commandLine().getErr());
        return CommandLine.ExitCode.USAGE;
    }

    /**
     * An unknown option or argument, its message escaped for stderr ({@link #printable}), with the original's unmatched
     * arguments and the options picocli suggests from them.
     */
    private static final class PrintableUnmatchedArgument extends CommandLine.UnmatchedArgumentException
    {
        private static final long serialVersionUID = 1L;

        private final CommandLine.UnmatchedArgumentException original;

        PrintableUnmatchedArgument(final CommandLine.UnmatchedArgumentException original, final String message)
        {
            super(original.getCommandLine(), message);
            this.original = original;
            initCause(original);
        }

        @Override
        public List<String> getUnmatched()
        {
            return original.getUnmatched();
        }

        @Override
        public boolean isUnknownOption()
        {
            return original.isUnknownOption();
        }

        @Override
        public List<String> getSuggestions()
        {
            return original.getSuggestions();
        }
    }

    /**
     * The version the build wrote into {@code version.properties} beside this class, or {@code dev} when it is missing
     * (classes compiled outside Maven).
     */
    static final class Version implements CommandLine.IVersionProvider
    {
        @Override
        public String[] getVersion()
        {
            return new String[]{"concurrengine " + version()};
        }

        static String version()
        {
            try (InputStream in = Main.class.getResourceAsStream("version.properties"))
            {
                if (null != in)
                {
                    final Properties properties = new Properties();
                    properties.load(in);
                    final String version = properties.getProperty("version", "").trim();
                    if (!version.isEmpty() && !version.startsWith("${"))
                    {
                        return version;
                    }
                }
            }
            catch (final IOException ex)
            {
                // unreadable: as if missing
            }
            return "dev";
        }
    }
}
