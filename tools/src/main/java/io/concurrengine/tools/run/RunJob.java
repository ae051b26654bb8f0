package io.concurrengine.tools.run;

import io.concurrengine.journal.FileForce;
import io.concurrengine.journal.FsyncPolicy;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.pipeline.Backpressure;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.pipeline.EngineState;
import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.TimeMode;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.FeedFormatException;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.PacedFeed;
import io.concurrengine.tools.telemetry.CountersFile;
import io.concurrengine.tools.telemetry.CountersFileDescriptor;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * The main job: the live pipeline fed by the synthetic market feed (or a recorded feed file), journaled, with progress
 * and a summary.
 */
public final class RunJob
{
    /** Name of the resolved configuration written beside the shard journals; replay reads it. */
    public static final String RUN_CONFIG_FILE = "run.toml";

    /** {@code feed.file} value that reads the feed from standard input. */
    public static final String STDIN = "-";

    /** Engine version written in journal headers. */
    public static final String ENGINE_VERSION = "0.1.0";

    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EngineConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean terminal;
    private final RunObserver observer;
    private final String command;
    private final String prefix;
    private final CountDownLatch finished = new CountDownLatch(1);
    private volatile PacedFeed feed;
    private volatile Thread feedThread;
    private volatile boolean stopRequested;
    private boolean stoppedEarly;
    private RunLock journalLock;
    private volatile CommandError refusal;

    /**
     * @param config   the resolved configuration.
     * @param out      where the summary goes.
     * @param err      where progress and errors go.
     * @param json     true to print the summary as one JSON object.
     * @param terminal true if progress may redraw one line.
     */
    public RunJob(
        final EngineConfig config,
        final PrintWriter out,
        final PrintWriter err,
        final boolean json,
        final boolean terminal)
    {
        this(config, out, err, json, terminal, RunObserver.NONE, "run");
    }

    /**
     * @param config   the resolved configuration.
     * @param out      where the summary goes.
     * @param err      where progress and errors go.
     * @param json     true to print the summary as one JSON object.
     * @param terminal true if progress may redraw one line.
     * @param observer watches the run from its control thread.
     * @param command  the command running the job ({@code run}, {@code soak}, {@code benchmark}), which its
     *                 messages name.
     */
    public RunJob(
        final EngineConfig config,
        final PrintWriter out,
        final PrintWriter err,
        final boolean json,
        final boolean terminal,
        final RunObserver observer,
        final String command)
    {
        this.command = command;
        this.prefix = "concurrengine " + command + ": ";
        this.config = config;
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.observer = observer;
        initialiseChronicle();
    }

    /**
     * Chronicle registers a JVM shutdown hook when its resource releaser class is first initialised, which fails
     * ("Shutdown in progress") once Ctrl-C or SIGTERM has started the JVM's shutdown. Initialise it now, before the
     * command registers its own stop hook, so that a signal during the engine's start cannot fail the start.
     */
    private static void initialiseChronicle()
    {
        try
        {
            Class.forName("net.openhft.chronicle.core.io.BackgroundResourceReleaser", true,
                RunJob.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            // No Chronicle on the class path (or it cannot initialise): the journal's own start reports it.
        }
    }

    /**
     * Run to the configured event count or duration, or until {@link #requestStop()}.
     *
     * @return 0 if the run completed, 1 if the engine failed (or the feed file could not be read on), 2 if the journal
     * directory or the feed file cannot be used or the feed file holds a malformed line (the inputs before it were
     * run and journaled).
     */
    public int execute()
    {
        try
        {
            return executeOnce();
        }
        finally
        {
            finished.countDown();
        }
    }

    private int executeOnce()
    {
        MarketFeedFile feedFile = null;
        if (!config.feedFile().isEmpty())
        {
            try
            {
                final Consumer<String> report = message ->
                {
                    err.println(prefix + "feed " + message);
                    err.flush();
                };
                feedFile = STDIN.equals(config.feedFile()) ?
                    MarketFeedFile.of(Path.of("stdin"), new FileInputStream(FileDescriptor.in).getChannel(),
                        config.feedOnError(), report) :
                    MarketFeedFile.open(Path.of(config.feedFile()), config.feedOnError(), report);
            }
            catch (final IOException | RuntimeException ex)
            {
                return refuse(2, CommandError.FEED, "feed file " + config.feedFile() + " cannot be read: " +
                    IoProblems.describe(ex));
            }
        }
        try
        {
            return executeOnce(feedFile);
        }
        finally
        {
            if (null != feedFile)
            {
                feedFile.close();
            }
        }
    }

    private int executeOnce(final MarketFeedFile feedFile)
    {
        // Everything that can refuse the run is checked before the journal directory is cleared: a run that does
        // not start leaves the previous run's journal as it was.
        final Path journalRoot = config.journalEnabled() ? Path.of(config.journalDir()) : null;
        final String journalProblem = null == journalRoot ? null : checkJournal(journalRoot);
        if (null != journalProblem)
        {
            return refuse(2, CommandError.JOURNAL, journalProblem);
        }
        final String memoryProblem = checkRingMemory(Runtime.getRuntime().maxMemory());
        if (null != memoryProblem)
        {
            return refuse(2, CommandError.MEMORY, memoryProblem);
        }

        final CountersFile counters;
        try
        {
            counters = config.countersEnabled() ?
                CountersFile.create(Path.of(config.countersFile()),
                Math.max(CountersFileDescriptor.DEFAULT_COUNTERS, EngineBuilder.countersFor(config.shards()))) : null;
        }
        catch (final IOException ex)
        {
            return refuse(2, CommandError.COUNTERS, "counters file " + config.countersFile() +
                " cannot be created: " + IoProblems.describe(ex));
        }
        try
        {
            return execute(journalRoot, counters, feedFile);
        }
        finally
        {
            if (null != journalLock)
            {
                journalLock.close(); // the engine has stopped: its journals are closed
                journalLock = null;
            }
            if (null != counters)
            {
                closeCounters(counters);
            }
        }
    }

    /**
     * Mark the counters final for a run that ran; delete them for one that did not (refused after the file was
     * created, or stopped during its warm-up), which would otherwise leave a counters file that says a run finished.
     */
    private void closeCounters(final CountersFile counters)
    {
        if (null == refusal)
        {
            counters.markFinished();
            counters.close();
            return;
        }
        try
        {
            counters.discard();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            err.println(prefix + "counters file " + counters.path() + " of the run that did not start not deleted: " +
                IoProblems.describe(ex));
            err.flush();
        }
    }

    private int execute(final Path journalRoot, final CountersFile counters, final MarketFeedFile feedFile)
    {
        if (config.warmupNanos() > 0)
        {
            final String problem;
            try
            {
                problem = warmUp();
            }
            catch (final OutOfMemoryError ex)
            {
                return refuse(2, CommandError.MEMORY, outOfMemory(ex, Runtime.getRuntime().maxMemory()));
            }
            if (null != problem)
            {
                return refuse(1, CommandError.ENGINE, "warm-up failed: " + problem);
            }
            if (stopRequested)
            {
                return refuse(0, CommandError.STOPPED, "stopped during the warm-up: nothing was run" +
                    (null == journalRoot ? "" : "; the journal dir " + journalRoot + " is as it was"));
            }
        }
        final Engine built;
        try
        {
            final EngineBuilder builder = builder(journalRoot);
            if (null != counters)
            {
                builder.counters(counters.manager());
            }
            built = builder.build();
        }
        catch (final OutOfMemoryError ex)
        {
            return refuse(2, CommandError.MEMORY, outOfMemory(ex, Runtime.getRuntime().maxMemory()));
        }
        catch (final RuntimeException ex)
        {
            return refuse(1, CommandError.ENGINE, "cannot build the engine: " + ex);
        }
        if (null != journalRoot)
        {
            final String problem = prepareJournal(journalRoot);
            if (null != problem)
            {
                return refuse(2, CommandError.JOURNAL, problem);
            }
        }
        final Engine engine;
        try
        {
            engine = built.start();
        }
        catch (final RuntimeException ex)
        {
            return refuse(1, CommandError.ENGINE, "cannot start the engine: " + ex.getMessage());
        }

        final long start = System.nanoTime();
        observer.onStart(engine, start);
        final PacedFeed feed = RunFeed.create(engine, config, feedFile, start);
        this.feed = feed;
        if (stopRequested)
        {
            feed.requestStop(); // asked before this feed was visible to requestStopAndAwait
        }
        final Thread feedThread = new Thread(feed, "concurrengine-feed");
        this.feedThread = feedThread;
        feedThread.start();
        if (stopRequested)
        {
            stopFeed(); // asked before this thread was visible to requestStopAndAwait
        }
        final Progress progress = new Progress(err, terminal && config.progress(), config.progress());
        long lastInterval = start;
        try
        {
            while (!feed.finished() && engine.state() == EngineState.RUNNING)
            {
                final long now = System.nanoTime();
                final long elapsed = now - start;
                progress.update(engine, feed, elapsed, target());
                observer.onTick(engine, feed.published(), elapsed);
                if (now - lastInterval >= INTERVAL_NANOS)
                {
                    lastInterval = now;
                    observer.onInterval(engine, engine.takeIntervalLatency(false), elapsed, false);
                }
                if (config.durationNanos() > 0 && elapsed >= config.durationNanos())
                {
                    stopFeed(); // the feed checks its deadline between inputs; a quiet pipe may not give it one
                }
                sleep(200);
            }
        }
        finally
        {
            // also when progress or an observer (soak's sampler) failed: the feed stops, the engine drains and
            // closes its journals before the run lock is released
            stopFeed();
            join(feedThread);
            stoppedEarly = stopRequested;
            engine.stop(STOP_TIMEOUT_NANOS);
        }
        final long elapsed = System.nanoTime() - start;
        progress.finish(engine, feed, elapsed, target());

        observer.onInterval(engine, engine.takeIntervalLatency(false), elapsed, true);
        final RunSummary summary = summarise(engine, feed, feedFile, elapsed, journalRoot);
        observer.onStop(engine, summary);
        out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
        out.flush();
        if (null != summary.failure())
        {
            // the summary on stdout may be going to a file or a pipe: the reason for a non-zero exit is on stderr too
            err.println(prefix + summary.failure());
            err.flush();
        }
        if (null != engine.failure())
        {
            return 1;
        }
        if (feed.failure() instanceof FeedFormatException)
        {
            return 2;
        }
        return null == feed.failure() ? 0 : 1;
    }

    /**
     * Run a throwaway engine of the same configuration flat out for {@link EngineConfig#warmupNanos()}, journaling
     * to a temporary directory deleted afterwards, so that the JIT has compiled the feed, ring, shard, wheel, model and
     * journal paths before the measured engine starts. Nothing of it reaches the measured run: a new engine, new
     * models, new journal, so the measured run's dispatch stream and state hash are those of a run without warm-up.
     *
     * @return null, or what went wrong.
     */
    private String warmUp()
    {
        if (config.progress())
        {
            err.printf(Locale.ROOT, "warming up: a throwaway engine flat out for %.1f s%n",
                config.warmupNanos() / 1e9);
            err.flush();
        }
        Path scratch = null;
        try
        {
            scratch = config.journalEnabled() ?
                Files.createTempDirectory("concurrengine-warmup-" + ProcessHandle.current().pid() + "-") : null;
            final Engine engine = builder(scratch).build().start();
            try
            {
                final PacedFeed warmUpFeed = RunFeed.warmUp(engine, config);
                this.feed = warmUpFeed;
                if (!stopRequested)
                {
                    warmUpFeed.run();
                }
            }
            finally
            {
                engine.stop(STOP_TIMEOUT_NANOS);
            }
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.valueOf(ex.getMessage());
        }
        finally
        {
            if (null != scratch)
            {
                try
                {
                    deleteContents(scratch);
                    Files.deleteIfExists(scratch);
                }
                catch (final IOException ex)
                {
                    err.println(prefix + "warm-up journal " + scratch + " not deleted: " + IoProblems.describe(ex));
                }
            }
        }
    }

    /**
     * Ask a running job to stop feeding, drain and report, and wait until it has: the Ctrl-C path.
     *
     * @param timeoutNanos how long to wait for the report.
     */
    public void requestStopAndAwait(final long timeoutNanos)
    {
        stopRequested = true;
        stopFeed();
        try
        {
            finished.await(timeoutNanos, TimeUnit.NANOSECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Ask the feed to stop before its next input; a feed file's thread is also interrupted, which releases a read
     * waiting for the next line of a pipe (its channel closes).
     */
    private void stopFeed()
    {
        final PacedFeed feed = this.feed;
        if (null != feed)
        {
            feed.requestStop();
        }
        final Thread feedThread = this.feedThread;
        if (null != feedThread && !config.feedFile().isEmpty())
        {
            feedThread.interrupt();
        }
    }

    private long target()
    {
        return config.events();
    }

    /**
     * The journal of every shard as the {@code [journal]} section of a configuration describes it.
     *
     * @param config      the engine configuration.
     * @param journalRoot journal directory, or null for no journal.
     * @return a factory of shard journals under {@code journalRoot}, or {@link ShardJournalFactory#NONE}.
     */
    public static ShardJournalFactory journals(final EngineConfig config, final Path journalRoot)
    {
        return null == journalRoot ? ShardJournalFactory.NONE :
            ChronicleShardJournal.factory(journalRoot, builder -> builder
                .rollCycle(rollCycle(config.rollCycle()))
                .retainCycles((int)config.retainCycles())
                .retainBytes(config.retainBytes())
                .fsyncPolicy(FsyncPolicy.valueOf(config.fsync().toUpperCase(Locale.ROOT).replace('-', '_')))
                .blockBytes(config.blockBytes())
                .writeBehindBytes(config.writeBehindBytes())
                .dropWrittenPages(config.dropWrittenPages())
                .pretouchRead(config.pretouchRead())
                .hugePages(config.hugePages())
                .packed(config.journalPacked())
                .pretouchAheadBytes(config.pretouchAheadBytes())
                .pretouchIntervalNanos(config.pretouchIntervalNanos())
                .pretouchWritableBytes(config.pretouchWritableBytes())
                .chunkBytes(config.chunkBytes()),
                ENGINE_VERSION, config.hash(), TimeUnit.MICROSECONDS, 0, config.seed());
    }

    private EngineBuilder builder(final Path journalRoot)
    {
        final ShardJournalFactory journal = journals(config, journalRoot);
        return Engine.builder()
            .shards(config.shards())
            .ringSize(config.ringSize())
            .priorityRingSize(config.priorityRingSize())
            .batchLimit(config.batchLimit())
            .journalFlushInterval(config.flushIntervalNanos())
            .backpressure(Backpressure.valueOf(config.backpressure().toUpperCase(Locale.ROOT)))
            .publishers(publishers(config.publishers()))
            .timeMode("wall-clock".equals(config.timeMode()) ? TimeMode.WALL_CLOCK : TimeMode.EVENT_TIME)
            .timeUnitNanos(1_000)
            .wheel(config.wheelSlots(), config.wheelSlotShift())
            .idleStrategy(idleStrategy(config.idleStrategy(), config.shards()))
            .model(models(MarketShardModel.factory(config), config.shards()))
            .journal(journal)
            .errorHandler(new RateLimitedErrorLog(err));
    }

    /**
     * Every shard's model, created now rather than when the engine starts: a model too big for the heap (its books and
     * order pool are sized before the run) then fails the build, before the journal directory is cleared, as the ring
     * memory check does, and not the start, after it.
     *
     * @param factory the models' factory.
     * @param shards  the shard count.
     * @return a factory that hands each shard the model created for it.
     * @throws OutOfMemoryError if the models do not fit the heap.
     */
    private static ShardModelFactory models(final ShardModelFactory factory, final int shards)
    {
        final ShardModel[] models = new ShardModel[shards];
        for (int i = 0; i < shards; i++)
        {
            models[i] = factory.create(i, shards);
        }
        return (shardId, shardCount) -> models[shardId];
    }

    /**
     * @param ex           the heap running out while the run's engine was built.
     * @param maxHeapBytes the heap.
     * @return what went wrong and what to change, naming what sizes what the engine allocates up front.
     */
    String outOfMemory(final OutOfMemoryError ex, final long maxHeapBytes)
    {
        return String.format(Locale.ROOT, "the engine's rings and market models (engine.shards=%d, " +
            "engine.ring_size=%d, market.instruments=%d, order pools sized for the feed's %,d live orders) do not fit " +
            "this JVM's %,d-byte heap (out of memory: %s); raise the heap (-Xmx)", config.shards(), config.ringSize(),
            config.instruments(), RunFeed.flow(config).maxLiveOrders(), maxHeapBytes, ex.getMessage());
    }

    /**
     * @param name publishers mode from the configuration, {@code single} or {@code multi}.
     * @return the engine's publishers mode.
     */
    public static Publishers publishers(final String name)
    {
        return Publishers.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * @param name roll cycle name from the configuration.
     * @return the journal roll cycle.
     */
    public static JournalRollCycle rollCycle(final String name)
    {
        return JournalRollCycle.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    static Supplier<IdleStrategy> idleStrategy(final String name, final int shards)
    {
        switch (name)
        {
            case "busy-spin":
                return BusySpinIdleStrategy::new;
            case "yielding":
                return YieldingIdleStrategy::new;
            case "sleeping":
                return () -> new SleepingMillisIdleStrategy(1);
            default:
                return () -> EngineBuilder.defaultIdleStrategy(shards);
        }
    }

    /**
     * Report on stderr why the run did not start, and keep it for {@link #refusal()}.
     *
     * @param exit    the exit status to return: 2 for bad input, 1 for a failure, 0 for a stop asked for.
     * @param reason  what was refused, a {@link CommandError} reason.
     * @param message what went wrong.
     * @return {@code exit}.
     */
    private int refuse(final int exit, final String reason, final String message)
    {
        refusal = new CommandError(command, exit, reason, message);
        err.println(prefix + message);
        err.flush();
        return exit;
    }

    /**
     * @return why the last {@link #execute()} ran nothing and printed no summary (refused at start, or stopped
     * during the warm-up), or null if it printed its summary.
     */
    public CommandError refusal()
    {
        return refusal;
    }

    /**
     * @param maxHeapBytes the heap the rings must fit in.
     * @return null if every shard's rings fit comfortably in the heap, else what is wrong, naming the keys.
     */
    String checkRingMemory(final long maxHeapBytes)
    {
        final long ringBytes = (long)config.shards() * ((long)config.ringSize() + config.priorityRingSize()) *
            Engine.RING_SLOT_BYTES;
        if (ringBytes <= maxHeapBytes / 2)
        {
            return null;
        }
        return String.format(Locale.ROOT, "engine.ring_size=%d and engine.priority_ring_size=%d with %d shards need " +
            "%,d bytes of input rings (%d bytes a slot), more than half of this JVM's %,d-byte heap; lower " +
            "engine.ring_size or raise the heap (-Xmx)", config.ringSize(), config.priorityRingSize(),
            config.shards(), ringBytes, Engine.RING_SLOT_BYTES, maxHeapBytes);
    }

    /**
     * @return null if {@code root} may hold this run's journal (missing, empty, or an earlier run's), else why not.
     * Changes nothing.
     */
    private static String checkJournal(final Path root)
    {
        final String space = checkSpace(root, usableBytes(root), JournalConfig.DEFAULT_MIN_FREE_BYTES);
        if (null != space)
        {
            return space;
        }
        if (!Files.exists(root))
        {
            return null;
        }
        if (!Files.isDirectory(root))
        {
            return "journal dir " + root + " is a file, not a directory";
        }
        final long writer = RunLock.holder(root);
        if (writer >= 0)
        {
            return RunLock.describe(root, writer) + "; wait for it to end or choose another --journal DIR";
        }
        try (Stream<Path> entries = Files.list(root))
        {
            final List<Path> all = entries.toList();
            // a run.lock alone is what a run that ended (or was refused) after locking the directory leaves
            final boolean empty = all.stream().allMatch(entry -> entry.getFileName().toString().equals(RunLock.FILE));
            if (!empty && !Files.exists(root.resolve(RUN_CONFIG_FILE)))
            {
                return "journal dir " + root + " holds files that no earlier run wrote; " +
                    "choose another --journal DIR or empty it";
            }
            for (final Path entry : all)
            {
                final String name = entry.getFileName().toString();
                if (!name.equals(RUN_CONFIG_FILE) && !name.equals(RunLock.FILE) &&
                    !(name.matches("shard-[0-9]+") && Files.isDirectory(entry)))
                {
                    return "journal dir " + root + " holds " + name + ", which no earlier run wrote; " +
                        "choose another --journal DIR or move it";
                }
            }
            return null;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex);
        }
    }

    /**
     * @param root         the journal directory.
     * @param usableBytes  usable bytes of its file system, or -1 if unknown.
     * @param minFreeBytes what the journal writer keeps free: below it a running engine stops taking input.
     * @return null, or why the run would stop at its first journal block. Checked before an earlier run's journal is
     * cleared, and without counting the space clearing it would give back, so that a refused run keeps it.
     */
    static String checkSpace(final Path root, final long usableBytes, final long minFreeBytes)
    {
        if (usableBytes < 0 || usableBytes >= minFreeBytes)
        {
            return null;
        }
        return String.format(Locale.ROOT, "journal dir %s: its file system is nearly full, %,d bytes usable, below " +
            "the %,d bytes the journal keeps free; free some space (an earlier run's journal there is kept) or " +
            "choose another --journal DIR", root, usableBytes, minFreeBytes);
    }

    /**
     * @return usable bytes of the file system {@code root} is (or would be) on, or -1 if that cannot be told.
     */
    private static long usableBytes(final Path root)
    {
        Path existing = root.toAbsolutePath();
        while (null != existing && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        try
        {
            if (null == existing)
            {
                return -1;
            }
            // proc, sysfs and their like report 0 bytes of 0: not a full disk, a place for no files, which creating
            // the journal's directory will say
            final FileStore store = Files.getFileStore(existing);
            return 0 == store.getTotalSpace() ? -1 : store.getUsableSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /**
     * Lock {@code root} for this run ({@link RunLock}), clear an earlier run's journal from it (checked by
     * {@link #checkJournal(Path)}) and write this run's configuration into it.
     */
    private String prepareJournal(final Path root)
    {
        try
        {
            journalLock = RunLock.acquire(root);
            if (null == journalLock)
            {
                return RunLock.describe(root, RunLock.holder(root)) + "; wait for it to end or choose another " +
                    "--journal DIR";
            }
            deleteContents(root, RunLock.FILE);
            final Path runConfig = root.resolve(RUN_CONFIG_FILE);
            Files.writeString(runConfig, config.toToml(), StandardCharsets.UTF_8);
            // on the device before the first journal block, whatever the fsync policy: replay cannot start without it
            // (a run on a disk whose write-back failed left a run.toml of zeros and a journal replayable up to the
            // failure), and once per run it costs a few milliseconds
            FileForce.force(runConfig);
            FileForce.force(root);
            return null;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex);
        }
    }

    /**
     * Delete everything under {@code root} but its entries named in {@code keep}.
     */
    private static void deleteContents(final Path root, final String... keep) throws IOException
    {
        final java.util.Set<Path> kept = new java.util.HashSet<>();
        for (final String name : keep)
        {
            kept.add(root.resolve(name));
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                if (!path.equals(root) && !kept.contains(path))
                {
                    Files.delete(path);
                }
            }
        }
    }

    private RunSummary summarise(
        final Engine engine,
        final PacedFeed feed,
        final MarketFeedFile feedFile,
        final long elapsed,
        final Path journalRoot)
    {
        long inputs = 0;
        long events = 0;
        long failed = 0;
        long rejected = 0;
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            inputs += engine.shard(shard).inputs();
            events += engine.shard(shard).dispatched();
            failed += engine.shard(shard).failed();
            if (engine.shard(shard).model() instanceof MarketShardModel)
            {
                rejected += ((MarketShardModel)engine.shard(shard).model()).model().counters().rejected();
            }
        }
        final Histogram dispatchLatency = engine.totalLatency(false);
        final Histogram journalLatency = engine.totalLatency(true);
        final Throwable engineFailure = engine.failure();
        final RuntimeException feedFailure = feed.failure();
        final String failure = null != engineFailure ? engineFailure.getMessage() :
            null == feedFailure ? null : "feed " + feedFailure.getMessage() +
            (null == journalRoot ? "" : "; the inputs before it were journaled");
        return new RunSummary(
            inputs, feed.published(), feed.refused(), events, failed, elapsed, engine.shardCount(),
            config.timeMode(), config.rate(), config.seed(), dispatchLatency, journalLatency,
            null == journalRoot ? null : journalRoot.toString(),
            engine.journalBytes(),
            null == journalRoot ? 0 : directorySize(journalRoot),
            engine.stateHash(),
            null == journalRoot ? null : Launcher.command() + " replay " + journalRoot + " --verify",
            failure,
            null == feedFile ? null : feedFile.file().toString(),
            null == feedFile ? 0 : feedFile.lines(),
            null == feedFile ? 0 : feedFile.malformed(),
            stoppedEarly,
            rejected);
    }

    /**
     * @param root a directory.
     * @return bytes of the regular files under it, 0 if it cannot be read. A file deleted while it is measured (a
     * cycle file retention deletes during a soak's sample) is left out, not a failure.
     */
    public static long directorySize(final Path root)
    {
        final long[] bytes = new long[1];
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                {
                    if (attributes.isRegularFile())
                    {
                        bytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                {
                    return FileVisitResult.CONTINUE; // gone since the directory was listed, or unreadable
                }
            });
            return bytes[0];
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return 0;
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    private static void join(final Thread thread)
    {
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(60));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
