package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalException;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.pipeline.replay.ReplayDivergence;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.pipeline.replay.ShardReplayer;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.json.JsonWriter;
import io.concurrengine.tools.run.MarketShardModel;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunLock;
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
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

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


    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "journal directory written by run")
    Path directory;

    @Option(names = "--verify", description = "compare every dispatch with the journal")
    boolean verify;

    @Option(names = "--salvage", description = "replay the intact prefix of a damaged journal and report the " +
        "damage, or what is complete so far of one a run is still writing")
    boolean salvage;

    @Option(names = "--shard", paramLabel = "N", description = "replay one shard only")
    Integer shard;

    @Option(names = "--until", paramLabel = "T",
        description = "re-execute only up to time T (µs, inclusive): the state hash is the state at T (time-travel)")
    Long until;

    @Option(names = "--json", description = "print the outcome as one JSON object (per shard: counts, state hash, " +
        "divergence, damage; then stateHash and result: verified, replayed or not verified); a replay refused " +
        "before it starts prints one {\"error\": {...}} object instead")
    boolean json;

    @Option(names = "--threads", paramLabel = "N",
        description = "shards replayed at once (default: one per shard, at most one per processor)")
    Integer threads;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (null != threads && threads < 1)
        {
            return refuse(out, err, 2, CommandError.USAGE, "--threads=" + threads + " must be at least 1");
        }
        if (null != until && until < 0)
        {
            return refuse(out, err, 2, CommandError.USAGE, "--until " + until + ": engine time is not negative");
        }
        // a run holds the lock from before it writes run.toml, so a run that is starting may not have one yet
        final long writer = RunLock.holder(directory);
        final boolean live = writer >= 0;
        if (live && !salvage)
        {
            return refuse(out, err, STILL_BEING_WRITTEN, CommandError.JOURNAL, RunLock.describe(directory, writer) +
                ": its end is not written yet; replay it when the run has ended, or with --salvage for what is " +
                "complete so far");
        }
        final EngineConfig config;
        final long configHash;
        try
        {
            final RunConfig run = loadRun(directory);
            config = run.config();
            configHash = run.hash();
        }
        catch (final ConfigException ex)
        {
            return refuse(out, err, live ? STILL_BEING_WRITTEN : 2, CommandError.JOURNAL,
                (live ? RunLock.describe(directory, writer) + "; " : "") + ex.getMessage());
        }

        final String shardProblem = checkShard(shard, config, directory);
        if (null != shardProblem)
        {
            return refuse(out, err, 2, CommandError.USAGE, shardProblem);
        }
        warnOfStrayShards(directory, config.shards(), err, "replay");
        if (live)
        {
            err.println("concurrengine replay: " + PrintableText.escape(RunLock.describe(directory, writer)) +
                ": replaying what is complete so far");
            err.flush();
        }

        final ShardModelFactory models = MarketShardModel.factory(config);
        final int shards = config.shards();
        final List<Integer> selected = new ArrayList<>();
        for (int i = 0; i < shards; i++)
        {
            if (null == shard || shard == i)
            {
                selected.add(i);
            }
        }
        final int threadCount = Math.max(1, Math.min(selected.size(),
            null != threads ? threads : Runtime.getRuntime().availableProcessors()));

        // Shards are independent: each replays its own journal into its own model and wheel, so replaying them side
        // by side changes no result. Results are reported in shard order, whatever order they finish in.
        final long startNanos = System.nanoTime();
        final Map<Integer, Future<ReplayResult>> outcomes = new TreeMap<>();
        final ExecutorService pool = Executors.newFixedThreadPool(threadCount, runnable ->
        {
            final Thread thread = new Thread(runnable, "replay");
            thread.setDaemon(true);
            return thread;
        });
        try
        {
            for (final int i : selected)
            {
                outcomes.put(i, pool.submit(() -> new ShardReplayer(i, models.create(i, shards), config.wheelSlots(),
                    config.wheelSlotShift(), verify).requireRun(shards, configHash)
                    .initialWheelCapacity(config.wheelCapacity())
                    .live(live)
                    .until(null == until ? Long.MAX_VALUE : until)
                    .replay(ChronicleShardJournal.shardDirectory(directory, i), salvage)));
            }
        }
        finally
        {
            pool.shutdown();
        }

        final long[] hashes = new long[shards];
        boolean ok = true;
        boolean everyShardReplayed = true;
        boolean damagedWithoutSalvage = false;
        boolean stillWritten = false;
        final List<Integer> notReplayed = new ArrayList<>();
        long dispatched = 0;
        final JsonWriter json = this.json ? beginJson() : null;
        for (final Map.Entry<Integer, Future<ReplayResult>> outcome : outcomes.entrySet())
        {
            final int i = outcome.getKey();
            final ReplayResult result;
            try
            {
                result = await(outcome.getValue());
            }
            catch (final JournalCorruptException ex)
            {
                ok = false;
                everyShardReplayed = false;
                if (null != json)
                {
                    damage(json.beginObject().name("shard").value(i).name("damage"), ex).endObject();
                    continue;
                }
                // every shard's damage is named, not only the first one's: the others were replayed already
                err.println("concurrengine replay: shard " + i + " " +
                    PrintableText.escape(JournalDamage.describe(ex)));
                err.flush();
                notReplayed.add(i);
                damagedWithoutSalvage |= !salvage;
                continue;
            }
            catch (final JournalException | IllegalStateException | IllegalArgumentException | OutOfMemoryError ex)
            {
                final String problem = ex instanceof OutOfMemoryError ? String.format(Locale.ROOT,
                    "out of memory (%s) for its wheel and market model (engine.wheel_slots=%d, market.instruments=%d " +
                    "in the run's configuration) in this JVM's %,d-byte heap; raise the heap (-Xmx)%s",
                    ex.getMessage(), config.wheelSlots(), config.instruments(), Runtime.getRuntime().maxMemory(),
                    threadCount > 1 ? " or replay fewer shards at once (--threads)" : "") : ex.getMessage();
                ok = false;
                everyShardReplayed = false;
                if (null != json)
                {
                    json.beginObject().name("shard").value(i).name("error").value(problem).endObject();
                    continue;
                }
                err.println("concurrengine replay: shard " + i + ": " + PrintableText.escape(problem));
                err.flush();
                notReplayed.add(i);
                continue;
            }
            hashes[i] = result.stateHash();
            dispatched += result.dispatched();
            ok &= result.verified();
            if (null != result.damage() && !result.damageAfterEnd())
            {
                everyShardReplayed = false; // an intact prefix only: its hash is not the run's state
            }
            stillWritten |= result.live(); // what is complete so far: its hash is not the run's state either
            if (null != json)
            {
                shard(json, result);
                continue;
            }
            out.println(String.format(Locale.ROOT,
                "shard %d: %,d inputs, %,d advances, %,d dispatches re-executed in %.2f s (%,.0f events/s), " +
                "state hash %016x%s",
                i, result.inputs(), result.advances(), result.dispatched(), result.elapsedNanos() / 1e9,
                result.eventsPerSecond(), result.stateHash(),
                verify ? (null == result.divergence() ? ", every dispatch matched" : "") : ""));
            if (null != result.divergence())
            {
                out.println("  " + result.divergence());
            }
            if (null != result.damage())
            {
                out.println("  " + JournalDamage.headline(result.damage()) + (result.damageAfterEnd() ?
                    " after the journal's end block, every input replayed: " :
                    ", replayed the intact prefix only: ") +
                    PrintableText.escape(JournalDamage.problem(result.damage())));
            }
            if (result.live() && null == result.damage())
            {
                out.println("  " + describeLive(result));
            }
        }
        final long elapsed = System.nanoTime() - startNanos;
        final double eventsPerSecond = elapsed == 0 ? 0.0 : dispatched * 1e9 / elapsed;
        if (null != json)
        {
            json.endArray()
                .name("threads").value(threadCount)
                .name("events").value(dispatched)
                .name("elapsedSeconds").value(elapsed / 1e9)
                .name("eventsPerSecond").value(eventsPerSecond)
                .name("stateHash").value(null == shard && everyShardReplayed && !stillWritten ?
                    hex(Engine.combineStateHashes(hashes)) : null)
                .name("result").value(result(ok, stillWritten));
            out.println(json.endObject());
            out.flush();
            return exitCode(ok, stillWritten);
        }
        if (damagedWithoutSalvage)
        {
            err.println("  (run with --salvage to replay the intact prefix)");
            err.flush();
        }
        if (!notReplayed.isEmpty())
        {
            out.println(String.format(Locale.ROOT,
                "replay: %,d events in %.2f s on %d thread%s (%,.0f events/s); not replayed: shard%s %s (above), " +
                "so the run's state is unknown",
                dispatched, elapsed / 1e9, threadCount, 1 == threadCount ? "" : "s", eventsPerSecond,
                1 == notReplayed.size() ? "" : "s",
                notReplayed.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
        else if (null == shard)
        {
            out.println(String.format(Locale.ROOT,
                "replay: %,d events in %.2f s on %d thread%s (%,.0f events/s), %s %016x%s",
                dispatched, elapsed / 1e9, threadCount, 1 == threadCount ? "" : "s", eventsPerSecond,
                !everyShardReplayed ? "state hash of the intact prefixes only" :
                stillWritten ? "state hash of what is complete so far" : "state hash",
                Engine.combineStateHashes(hashes), !everyShardReplayed ? " (the run's state is unknown)" :
                stillWritten ? " (the run goes on)" : null == until ? "" : " at time " + until));
        }
        final String upTo = null == until ? "" : " up to time " + until;
        out.println(!ok ? "NOT VERIFIED" : stillWritten ? (verify ? "verified so far: every dispatch of what is " +
            "complete matched; the run goes on" : "replayed so far; the run goes on") :
            verify ? "verified" + upTo + ": the journal replays bit for bit" : "replayed" + upTo);
        out.flush();
        return exitCode(ok, stillWritten);
    }

    /**
     * @return 0 if everything matched, 1 on a divergence or damage, {@link #STILL_BEING_WRITTEN} if what is complete
     * of a journal still being written matched.
     */
    private static int exitCode(final boolean ok, final boolean stillWritten)
    {
        return !ok ? 1 : stillWritten ? STILL_BEING_WRITTEN : 0;
    }

    /**
     * @return one line for a shard whose journal was still being written: how far the replay got.
     */
    private static String describeLive(final ReplayResult result)
    {
        return "still being written by a running engine (run.lock held): " + (result.lastBlock() < 0 ?
            "nothing complete yet" : "replayed what is complete, up to block " + result.lastBlock() + ", but for " +
            "its last input, whose dispatches may go on in the block being written");
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
    static String checkShard(final Integer shard, final EngineConfig config, final Path directory)
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
     * @return the JSON object opened, with the replay's options, up to the opened array of shards.
     */
    private JsonWriter beginJson()
    {
        final JsonWriter json = new JsonWriter().asciiOnly().beginObject()
            .name("directory").value(directory.toString())
            .name("verify").value(verify)
            .name("salvage").value(salvage)
            .name("until");
        return (null == until ? json.value((String)null) : json.value(until.longValue())).name("shards").beginArray();
    }

    private String result(final boolean ok, final boolean stillWritten)
    {
        return ok ? (verify ? "verified" : "replayed") + (stillWritten ? " so far" : "") : "not verified";
    }

    private static void shard(final JsonWriter json, final ReplayResult result)
    {
        json.beginObject()
            .name("shard").value(result.shardId())
            .name("inputs").value(result.inputs())
            .name("advances").value(result.advances())
            .name("dispatched").value(result.dispatched())
            .name("elapsedSeconds").value(result.elapsedNanos() / 1e9)
            .name("eventsPerSecond").value(result.eventsPerSecond())
            .name("stateHash").value(hex(result.stateHash()))
            .name("divergence");
        final ReplayDivergence divergence = result.divergence();
        if (null == divergence)
        {
            json.value((String)null);
        }
        else
        {
            json.beginObject()
                .name("index").value(divergence.index())
                .name("expected").value(divergence.expected())
                .name("actual").value(divergence.actual())
                .endObject();
        }
        damage(json.name("damage"), result.damage()).name("damageAfterEnd").value(result.damageAfterEnd())
            .name("live").value(result.live());
        knownOrNull(json.name("lastBlock"), result.lastBlock());
        json.endObject();
    }

    private static JsonWriter damage(final JsonWriter json, final JournalCorruptException damage)
    {
        if (null == damage)
        {
            return json.value((String)null);
        }
        json.beginObject()
            .name("reason").value(damage.reason().name())
            .name("headline").value(JournalDamage.headline(damage))
            .name("file").value(String.valueOf(damage.file()));
        knownOrNull(json.name("document"), damage.documentIndex());
        knownOrNull(json.name("record"), damage.recordIndex());
        knownOrNull(json.name("filePosition"), damage.filePosition());
        return json.name("detail").value(JournalDamage.detail(damage)).endObject();
    }

    private static void knownOrNull(final JsonWriter json, final long value)
    {
        if (value < 0)
        {
            json.value((String)null);
        }
        else
        {
            json.value(value);
        }
    }

    private static String hex(final long hash)
    {
        return String.format(Locale.ROOT, "%016x", hash);
    }

    /**
     * The result of one shard's replay, with the exception it ended with rethrown as itself.
     */
    private static ReplayResult await(final Future<ReplayResult> outcome)
    {
        try
        {
            return outcome.get();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while replaying", ex);
        }
        catch (final ExecutionException ex)
        {
            final Throwable cause = ex.getCause();
            if (cause instanceof RuntimeException)
            {
                throw (RuntimeException)cause;
            }
            if (cause instanceof Error)
            {
                throw (Error)cause;
            }
            throw new IllegalStateException(cause);
        }
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
        if (!Files.exists(directory))
        {
            throw new ConfigException(directory.toString(), "(directory)", "no such directory");
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
                " is a symbolic link to a file that does not exist" : " is missing"));
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
