package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalException;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IntegerOption;
import io.concurrengine.tools.Main;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.MarketShardModel;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunLock;
import io.concurrengine.tools.run.RunStopHook;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code concurrengine replay DIR [--verify] [--salvage] [--shard N] [--threads N] [--until T] [--json]}: re-execute every shard of a run from
 * its journal, shards side by side on up to one thread each.
 */
@Command(
    name = "replay",
    mixinStandardHelpOptions = true,
    description = {
        "Re-execute every shard of a run from its journal (its INPUT and ADVANCE records) and print the state hash.",
        "With --verify, compare each re-executed dispatch with the journaled one and report the first divergence.",
        "Exit 0 if everything matched, 1 on a divergence or a damaged journal, 2 if DIR is not a run's journal, 3 if " +
            "a run is still writing it (with --salvage: what is complete so far was replayed and matched)."
    })
public final class ReplayCommand implements Callable<Integer>
{
    /**
     * Exit status when a run is still writing the journal (its {@code run.lock} is held): nothing was replayed, or,
     * with {@code --salvage}, what is complete so far was, and matched.
     */
    public static final int STILL_BEING_WRITTEN = 3;

    /**
     * The name of a shard's directory inside a run's journal directory, as {@link ChronicleShardJournal} makes it.
     */
    private static final Pattern SHARD_DIRECTORY = Pattern.compile("shard-(0|[1-9][0-9]{0,8})");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "journal directory written by run")
    Path directory;

    @Option(names = "--verify", description = "compare every dispatch with the journal")
    boolean verify;

    @Option(names = "--salvage", description = "replay the intact prefix of a damaged journal and report the " +
        "damage, or what is complete so far of one a run is still writing")
    boolean salvage;

    /** A long, so that one beyond an int is refused naming the journal's shards as any other it has not. */
    @Option(names = "--shard", paramLabel = "N", converter = IntegerOption.NotNegative.class,
        description = "replay one shard only")
    Long shard;

    @Option(names = "--until", paramLabel = "T", converter = IntegerOption.NotNegative.class,
        description = "re-execute only up to time T (µs, inclusive): the state hash is the state at T (time-travel)")
    Long until;

    private volatile boolean stopRequested;
    private Runnable beforeReading = () -> {};

    @Option(names = "--json", description = "print the outcome as one JSON object (per shard: counts, state hash, " +
        "divergence, damage; then stateHash and result: verified, replayed or not verified); a replay refused " +
        "before it starts prints one {\"error\": {...}} object instead")
    boolean json;

    @Option(names = "--threads", paramLabel = "N", converter = IntegerOption.Positive.class,
        description = "shards replayed at once (default: one per shard, at most one per processor)")
    Long threads;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final String usageProblem = checkOptions();
        if (null != usageProblem)
        {
            return refuse(out, err, 2, CommandError.USAGE, usageProblem);
        }
        // a run holds the lock from before it writes run.toml, so a run that is starting may not have one yet
        final JournalReplacement replacement = JournalReplacement.observe(directory);
        final long writer = replacement.writer();
        final boolean live = writer >= 0;
        if (live && !salvage)
        {
            return refuse(out, err, STILL_BEING_WRITTEN, CommandError.JOURNAL, RunLock.describe(directory, writer) +
                ": its end is not written yet; replay it when the run has ended, or with --salvage for what is " +
                "complete so far");
        }
        final RunConfig run;
        try
        {
            run = loadRun(directory);
        }
        catch (final ConfigException ex)
        {
            return refuse(out, err, live ? STILL_BEING_WRITTEN : 2, CommandError.JOURNAL,
                (live ? RunLock.describe(directory, writer) + "; " : "") + ex.getMessage());
        }

        final String shardProblem = checkShard(shard, run.config(), directory);
        if (null != shardProblem)
        {
            return refuse(out, err, 2, CommandError.USAGE, shardProblem);
        }
        warnOfStrayShards(directory, run.config().shards(), err, "replay");
        if (live)
        {
            err.println("concurrengine replay: " + PrintableText.escape(RunLock.describe(directory, writer)) +
                ": replaying what is complete so far");
            err.flush();
        }
        beforeReading.run();
        return replay(run, live, replacement, out, err);
    }

    /**
     * @param hook run once the run's configuration is read, before any shard's journal is: for tests, to change the
     *             directory as a run that starts writing it while it is read does. Package-private for tests.
     */
    void beforeReading(final Runnable hook)
    {
        beforeReading = hook;
    }

    /**
     * @return null if {@code --threads} and {@code --until} are in their ranges, else what is wrong with the first
     * that is not.
     */
    private String checkOptions()
    {
        if (null != threads && threads < 1)
        {
            return "--threads=" + threads + " must be at least 1";
        }
        if (null != until && until < 0)
        {
            return "--until " + until + ": engine time is not negative";
        }
        return null;
    }

    /**
     * Replay the selected shards side by side and report each, in shard order, then the totals.
     *
     * @param run  the run's configuration and its hash.
     * @param live        true if a run is still writing the journal.
     * @param replacement the journal directory as the replay began, to tell a journal a run replaced from damage.
     * @return the exit code ({@link ReplayReport#finish}).
     */
    private int replay(final RunConfig run, final boolean live, final JournalReplacement replacement,
        final PrintWriter out, final PrintWriter err)
    {
        final EngineConfig config = run.config();
        final List<Integer> selected = selectedShards(config.shards());
        final int threadCount = (int)Math.max(1, Math.min(selected.size(),
            null != threads ? threads : Runtime.getRuntime().availableProcessors()));

        // Ctrl-C or SIGTERM: the shards stop reading and the command says so (one JSON object with --json) before the
        // JVM exits with the signal's status; what a stopped shard re-executed is not a result. Added before any shard
        // starts: a signal as the journal was checked (the JVM's shutdown begun, the hook added asks the stop at once)
        // is then found below, and nothing said to be stopped part-way.
        final RunStopHook hook = RunStopHook.install(this::requestStop, "concurrengine-replay-stop", 30);
        boolean replaced = false;
        try
        {
            if (stopRequested)
            {
                return refuse(out, err, 0, CommandError.STOPPED, "stopped by a signal before it started: nothing " +
                    "was replayed");
            }
            // Shards are independent: each replays its own journal into its own model and wheel, so replaying them
            // side by side changes no result. Results are reported in shard order, whatever order they finish in.
            final long startNanos = System.nanoTime();
            final ShardReplays outcomes = startReplays(run, selected, threadCount, live);
            final ReplayReport report = new ReplayReport(out, err, json, directory, verify, salvage,
                null == shard ? null : shard.intValue(), until, config.shards(), threadCount);
            for (int i = 0; i < outcomes.size(); i++)
            {
                outcomes.awaitEnd(i);
                if (stopRequested)
                {
                    return refuse(out, err, 0, CommandError.STOPPED, "stopped by a signal: a replay stopped part-way " +
                        "has no result");
                }
                replaced |= reportShard(report, selected.get(i), outcomes, i, config, threadCount, replacement);
            }
            // the shards read without error may be of two runs if a run started on the directory meanwhile
            final String replacedWhileRead = replacement.replacedWhileRead();
            if (null != replacedWhileRead)
            {
                report.replaced(replacedWhileRead, !replaced);
            }
            final int code = report.finish(System.nanoTime() - startNanos); // Main says if stdout could not be written
            // exit 3 with --salvage says that what is complete so far was replayed: not if that report was lost; and
            // Main says nothing after exit 1, whose report (a divergence, the shards not replayed) was lost too
            if (CommandLine.ExitCode.OK != code && out.checkError())
            {
                err.println("concurrengine replay: " + Main.STDOUT_FAILED);
                return CommandLine.ExitCode.SOFTWARE;
            }
            return code;
        }
        finally
        {
            hook.reported(out, err);
        }
    }

    /**
     * Ask the shards' replays to stop, as Ctrl-C or SIGTERM does: they stop reading, and the command reports that it
     * stopped instead of a result. Package-private for tests.
     */
    void requestStop()
    {
        stopRequested = true;
    }

    /**
     * @return the shards to replay: the one {@code --shard} names, or every one, in order.
     */
    private List<Integer> selectedShards(final int shards)
    {
        final List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < shards; i++)
        {
            if (null == shard || shard == i)
            {
                selected.add(i);
            }
        }
        return selected;
    }

    /**
     * Start each selected shard's replay on {@code threadCount} daemon threads.
     *
     * @return the selected shards' replays, in the order of {@code selected}.
     */
    private ShardReplays startReplays(final RunConfig run, final List<Integer> selected, final int threadCount,
        final boolean live)
    {
        final EngineConfig config = run.config();
        final long configHash = run.hash();
        final ShardModelFactory models = MarketShardModel.factory(config);
        final int shards = config.shards();
        final List<Callable<ReplayResult>> replays = new ArrayList<>();
        for (final int i : selected)
        {
            replays.add(() -> new ShardReplayer(i, models.create(i, shards), config.wheelSlots(),
                config.wheelSlotShift(), verify).requireRun(shards, configHash)
                .initialWheelCapacity(config.wheelCapacity())
                .live(live)
                .stopWhen(() -> stopRequested)
                .until(null == until ? Long.MAX_VALUE : until)
                .replay(ChronicleShardJournal.shardDirectory(directory, i), salvage));
        }
        return new ShardReplays(replays, threadCount, runnable ->
        {
            final Thread thread = new Thread(runnable, "replay");
            thread.setDaemon(true);
            return thread;
        }).start();
    }

    /**
     * Wait for one shard's replay and give its outcome to the report: its result, the damage that stopped it, or
     * the problem that did; a journal a run replaced while it was read is not called damaged.
     *
     * @param outcomes the replays, of which the shard's has ended ({@link ShardReplays#awaitEnd}).
     * @param index    the shard's replay among them.
     * @return true if the shard's replay failed because a run replaced the journal while it was read.
     */
    private static boolean reportShard(final ReplayReport report, final int shardId, final ShardReplays outcomes,
        final int index, final EngineConfig config, final int threadCount, final JournalReplacement replacement)
    {
        final ReplayResult result;
        try
        {
            result = outcomes.outcome(index);
        }
        catch (final JournalCorruptException ex)
        {
            final String replaced = replacement.replaced(ex);
            if (null != replaced)
            {
                report.failed(shardId, replaced);
                return true;
            }
            report.damaged(shardId, ex);
            return false;
        }
        catch (final JournalException | IllegalStateException | IllegalArgumentException | OutOfMemoryError ex)
        {
            report.failed(shardId, ex instanceof OutOfMemoryError ? String.format(Locale.ROOT,
                "out of memory (%s) for its wheel and market model (engine.wheel_slots=%d, market.instruments=%d " +
                "in the run's configuration) in this JVM's %,d-byte heap; raise the heap (-Xmx)%s",
                ex.getMessage(), config.wheelSlots(), config.instruments(), Runtime.getRuntime().maxMemory(),
                threadCount > 1 ? " or replay fewer shards at once (--threads)" : "") : ex.getMessage());
            return false;
        }
        final String replaced = null == result.damage() ? null : replacement.replaced(result.damage());
        if (null != replaced) // with --salvage: what it replayed is of a journal no longer there
        {
            report.failed(shardId, replaced);
            return true;
        }
        report.replayed(shardId, result);
        return false;
    }

    /**
     * Say on stderr why nothing was replayed and, with {@code --json}, print the {@link CommandError} object on
     * stdout in place of the replay's.
     *
     * @return {@code code}.
     */
    private int refuse(final PrintWriter out, final PrintWriter err, final int code, final String reason,
        final String message)
    {
        return new CommandError("replay", code, reason, message).report(out, err, json);
    }

    /**
     * @param shard     the shard asked for with {@code --shard}, or null for all.
     * @param config    the run's configuration, read from its journal directory.
     * @param directory the journal directory.
     * @return null if the journal has that shard, else what is wrong.
     */
    static String checkShard(final Long shard, final EngineConfig config, final Path directory)
    {
        if (null == shard || (shard >= 0 && shard < config.shards()))
        {
            return null;
        }
        return "--shard " + shard + ": the journal in " + directory + " has " +
            (1 == config.shards() ? "one shard, 0" : config.shards() + " shards, 0 to " + (config.shards() - 1));
    }

    /**
     * Say which {@code shard-N} directories of a journal directory are not the run's (a copy from a run with more
     * shards, or a name such as {@code shard-01}): they are not read, so a replay that verified did not verify them.
     *
     * @param directory the journal directory.
     * @param shards    the run's shard count, from its {@code run.toml}.
     * @param err       where to say it.
     * @param command   the command, for the message.
     */
    static void warnOfStrayShards(final Path directory, final int shards, final PrintWriter err, final String command)
    {
        final List<String> stray = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory, "shard-*"))
        {
            for (final Path entry : entries)
            {
                final String name = entry.getFileName().toString();
                if (name.matches("shard-[0-9]+") && !isShardOf(name, shards))
                {
                    stray.add(entry.toString());
                }
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return; // the shards' own reads report a directory that cannot be listed
        }
        if (!stray.isEmpty())
        {
            stray.sort(null);
            err.println("concurrengine " + command + ": " + PrintableText.escape(String.join(", ", stray)) +
                (1 == stray.size() ? " is not a shard" : " are not shards") + " of this run (its run.toml has " +
                (1 == shards ? "one shard, shard-0" : shards + " shards, shard-0 to shard-" + (shards - 1)) +
                "): not read");
            err.flush();
        }
    }

    private static boolean isShardOf(final String name, final int shards)
    {
        for (int i = 0; i < shards; i++)
        {
            if (name.equals(ChronicleShardJournal.shardDirectory(Path.of(""), i).toString()))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * A run's configuration as its {@code run.toml} holds it, and the hash its journal headers carry: that of the
     * file's text as the run wrote it. Both from one read of the file.
     *
     * @param config the configuration.
     * @param hash   the hash of the file's text.
     */
    public record RunConfig(EngineConfig config, long hash)
    {
        /**
         * @param directory the run's journal directory.
         * @param shard     one of its shards.
         * @return a reader of that shard's journal that checks it is the run's, as replay does: the market model's,
         * this shard's of this many, written with this configuration.
         */
        public JournalReader shardReader(final Path directory, final int shard)
        {
            return shardReader(directory, shard, false);
        }

        /**
         * @param directory the run's journal directory.
         * @param shard     one of its shards.
         * @param live      true if a run is still writing it: the reader then ends at its last complete block
         *                  ({@link JournalReader.Builder#live(boolean)}).
         * @return a reader of that shard's journal that checks it is the run's, as {@link #shardReader(Path, int)}.
         */
        public JournalReader shardReader(final Path directory, final int shard, final boolean live)
        {
            return JournalReader.builder(ChronicleShardJournal.shardDirectory(directory, shard))
                .requireModelId(MarketShardModel.IDENTITY)
                .requireShardId(shard)
                .requireShardCount(config.shards())
                .requireConfigHash(hash)
                .live(live)
                .build();
        }
    }

    /**
     * @param directory a run's journal directory.
     * @return its {@code run.toml}, read once.
     * @throws ConfigException if the directory or the file is missing, not a regular file (a directory, a named pipe:
     *                         never opened), unreadable, empty, zeroed or not a valid configuration.
     */
    public static RunConfig loadRun(final Path directory)
    {
        if (directory.toString().isEmpty())
        {
            // Path.of("") is the working directory: a "$DIR" left unset would read whatever journal is there
            throw new ConfigException("\"\"", "(directory)", "an empty path, not a run's journal directory");
        }
        if (!Files.exists(directory))
        {
            final String inTheWay = IoProblems.inTheWay(directory);
            throw new ConfigException(directory.toString(), "(directory)",
                null == inTheWay ? "no such directory" : inTheWay);
        }
        if (!Files.isDirectory(directory))
        {
            throw new ConfigException(directory.toString(), "(directory)", "a file, not a run's journal directory");
        }
        final Path file = directory.resolve(RunJournalDir.RUN_CONFIG_FILE);
        checkRegularFile(directory, file);
        final String text = ConfigLoader.read(file);
        checkNotZeroed(file, text);
        return new RunConfig(new ConfigLoader().loadText(file, text), EngineConfig.hashOf(text));
    }

    /**
     * The run's configuration must be a regular file (or a link to one). What else is there is named rather than called
     * missing, and never opened: opening a named pipe's reading end waits for a writer, which would hang the command.
     *
     * @throws ConfigException if it is missing, a directory, of another kind, or its attributes cannot be read.
     */
    private static void checkRegularFile(final Path directory, final Path file)
    {
        final BasicFileAttributes attributes;
        try
        {
            attributes = Files.readAttributes(file, BasicFileAttributes.class); // follows a link to what it names
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(directory.toString(), RunJournalDir.RUN_CONFIG_FILE,
                "not a run's journal directory: " + file + (Files.isSymbolicLink(file) ?
                " is a symbolic link to a file that does not exist" : " is missing") + shardDirectoryHint(directory));
        }
        catch (final IOException ex)
        {
            throw new ConfigException(file.toString(), "(file)", "cannot read: " + IoProblems.describe(ex));
        }
        if (attributes.isRegularFile())
        {
            return;
        }
        throw new ConfigException(file.toString(), "(file)", attributes.isDirectory() ? "it is a directory, not " +
            "the configuration file a run writes there" : "it is not a regular file (it is " + FileKind.describe(file) + "), " +
            "so not the configuration file a run writes there; not opened");
    }

    /**
     * @return for a shard's directory ({@code shard-N}) given as the journal directory, whose parent holds the run's
     * configuration, a sentence naming the journal directory to give instead, or saying that it is not one of that
     * run's shards; else nothing.
     */
    private static String shardDirectoryHint(final Path directory)
    {
        final Path given = directory.normalize();
        // "." (a command run inside the shard's directory) normalises to a path without a name: take it absolute
        final Path normal = given.toString().isEmpty() ? directory.toAbsolutePath().normalize() : given;
        final Path name = normal.getFileName();
        final Matcher shard = null == name ? null : SHARD_DIRECTORY.matcher(name.toString());
        final Path parent = null == normal.getParent() ? directory.toAbsolutePath().normalize().getParent() :
            normal.getParent();
        if (null == shard || !shard.matches() || null == parent ||
            !Files.isRegularFile(parent.resolve(RunJournalDir.RUN_CONFIG_FILE)))
        {
            return "";
        }
        final int shards;
        try
        {
            shards = loadRun(parent).config().shards();
        }
        catch (final RuntimeException ex)
        {
            return ""; // the configuration there does not load: no journal to name
        }
        if (!isShardOf(normal.getFileName().toString(), shards))
        {
            // a shard directory copied in, which the commands name as not read: --shard N would be refused
            return "; it is not one of the shards of the journal at " + parent + " (its " +
                RunJournalDir.RUN_CONFIG_FILE + " has " + (1 == shards ? "one shard, shard-0" : shards +
                " shards, shard-0 to shard-" + (shards - 1)) + ")";
        }
        return "; it looks like shard " + shard.group(1) + "'s directory of the journal at " + parent + " (which " +
            "holds " + RunJournalDir.RUN_CONFIG_FILE + "): give " + parent + " (inspect and replay read this shard " +
            "alone with --shard " + shard.group(1) + ")";
    }

    /**
     * A {@code run.toml} whose bytes are zeros (the file's length was on the device, its data was not: a crash before
     * write-back, or a failed one) is named as such rather than as a syntax error at its first byte. So is an empty
     * one (the file was created, its data never written), which would otherwise load as the default configuration
     * and make every shard's journal look like another configuration's ({@code IDENTITY_MISMATCH}): a run always
     * writes every key.
     */
    private static void checkNotZeroed(final Path file, final String text)
    {
        if (text.isBlank())
        {
            throw new ConfigException(file.toString(), "(file)", "it is empty" + (text.isEmpty() ? "" : " but for " +
                "white space") + ": the run's configuration did not reach the disk (a crash before it was written " +
                "back), or the file was emptied; replay needs it: restore the file, e.g. by writing the " +
                "configuration the run was given, and the journal headers will check it against the configuration " +
                "hash they carry");
        }
        if (!text.isEmpty() && text.charAt(0) == 0)
        {
            int zeros = 0;
            while (zeros < text.length() && text.charAt(zeros) == 0)
            {
                zeros++;
            }
            throw new ConfigException(file.toString(), "(file)", "its first " + zeros + " of " + text.length() +
                " bytes are zeros: the run's configuration did not reach the disk (a crash or a failed write-back " +
                "before it was written back); replay needs it: restore the file, e.g. by writing the configuration " +
                "the run was given, and the journal headers will check it against the configuration hash they carry");
        }
    }
}
