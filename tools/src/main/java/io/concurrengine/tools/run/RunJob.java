package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.FeedAddress;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.NetworkFeed;
import io.concurrengine.tools.telemetry.CountersFile;
import io.concurrengine.tools.telemetry.PrometheusEndpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The main job: the live pipeline fed by the synthetic market feed (or a recorded feed file), journaled, with progress
 * and a summary.
 * <p>
 * It sequences the run: every start-up check first (the journal directory and the journal's settings, the rings'
 * memory, the feed file or a network feed's host name, the counters file, the telemetry endpoint), then the warm-up,
 * the engine's build, the journal directory's preparation (the first change, which replaces an earlier run's
 * journal), the engine's start, a network
 * feed's connection (or its listening socket), the feed until it is done or stopped, and the summary. A run refused
 * on the way reports why on stderr and keeps it for {@link #refusal()}. The pieces are other classes': the journal
 * directory's checks and preparation {@link RunJournalDir}'s, the engine the configuration describes
 * {@link RunEngineFactory}'s, the warm-up {@link RunWarmUp}'s, feeding the started engine and reporting
 * {@link MeasuredRun}'s, stopping the feed early {@link RunFeedControl}'s, the counters file's HTTP endpoint,
 * publication and close {@link RunCounters}'s and the summary {@link RunSummary}'s.
 * <p>
 * {@link #execute()} runs on one control thread; {@link #requestStopAndAwait(long)} may be called from any other.
 */
public final class RunJob
{
    /** {@code feed.file} value that reads the feed from standard input. */
    public static final String STDIN = "-";

    /** How long a run's engine, and its warm-up's, may take to drain and stop. */
    static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(60);

    private final EngineConfig config;
    private RunEngineFactory engines;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean terminal;
    private final RunObserver observer;
    private final String command;
    private final String prefix;
    private final CountDownLatch finished = new CountDownLatch(1);
    private final RunFeedControl feedControl;
    private final RunCounters runCounters;
    private long warmedUpBefore;
    private String journalOption = "--journal DIR";
    private volatile CommandError refusal;
    /** The engine started on the journal directory: an earlier run's journal there was replaced. */
    private volatile boolean journalReplaced;
    /** The run's feed file, standard input or network feed, once open; null for the synthetic flow. */
    private MarketFeedFile feedFile;
    private Runnable beforeStart = () -> {};
    private Runnable afterStart = () -> {};

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
        this.engines = new RunEngineFactory(config, err);
        this.feedControl = new RunFeedControl(config);
        this.runCounters = new RunCounters(config, err, prefix);
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.observer = observer;
        RunEngineFactory.initialiseChronicle();
        ChronicleWarnings.install(prefix);
    }

    /**
     * Count time this JVM already spent running an engine as this run's warm-up in its summary (benchmark's burst
     * before its paced run): the summary then does not call the run cold.
     *
     * @param nanos how long an earlier engine ran in this JVM, ns.
     * @return this.
     */
    public RunJob warmedUpBefore(final long nanos)
    {
        this.warmedUpBefore = nanos;
        return this;
    }

    /**
     * @param hook run once the engine is built, before the journal directory is prepared and the engine started: for
     *             tests, to stop the job as a signal while the engine is built does. Package-private for tests.
     * @return this.
     */
    RunJob beforeStart(final Runnable hook)
    {
        beforeStart = hook;
        return this;
    }

    /**
     * @param hook run once the engine has started, before the earlier run's journal is deleted and a stop looked at:
     *             for tests, to stop the job as a signal while the engine starts does. Package-private for tests.
     * @return this.
     */
    RunJob afterStart(final Runnable hook)
    {
        afterStart = hook;
        return this;
    }

    /**
     * Name this option, rather than run's {@code --journal DIR}, as the way to choose another journal directory when
     * the configured one cannot be used (benchmark's {@code --dir DIR}, under which its runs journal).
     *
     * @param option the command's option.
     * @return this.
     */
    public RunJob journalOption(final String option)
    {
        this.journalOption = option;
        return this;
    }

    /**
     * Pick the journal's cycle files by this clock rather than the system's. For tests, which pin it half-way through
     * an hour: a run that crosses the top of the hour rolls every shard's journal to a second cycle file, which holds
     * a HEADER of its own (the records are the same whatever the clock; it names and rolls the cycle files only).
     *
     * @param epochMillis wall clock in epoch milliseconds, read on the shard threads.
     * @return this.
     */
    public RunJob journalClock(final LongSupplier epochMillis)
    {
        this.engines = engines.journalClock(epochMillis);
        return this;
    }

    /**
     * Name these flags, and no configuration key the command cannot change, in what a refusal for memory advises
     * (benchmark's {@code --shards}, which runs on the default configuration otherwise).
     *
     * @param flags the command's flag for each configuration key it lets its user set.
     * @return this.
     */
    public RunJob configuredBy(final Map<String, String> flags)
    {
        this.engines = engines.flags(flags);
        return this;
    }

    /**
     * Run to the configured event count or duration, or until {@link #requestStopAndAwait(long)}.
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
        if (feedControl.stopRequested())
        {
            // Ctrl-C or SIGTERM before the job started (main's hook handed it the stop): no engine is built, which
            // could not even start now (Chronicle adds shutdown hooks as it loads), and the journal stays as it was
            return refuse(0, CommandError.STOPPED, "stopped before it started: " +
                nothingRun(config.journalEnabled() ? Path.of(config.journalDir()) : null));
        }
        // Everything that can refuse the run is checked before the journal directory is cleared: a run that does
        // not start leaves the previous run's journal as it was. A feed file (or standard input) is opened with the
        // checks, which opening it changes nothing to; a network feed only once everything else that can refuse the
        // run has passed and the engine has started (openNetworkFeed): a run refused after it connected to (or
        // was connected to by) its upstream left the upstream told that every line it wrote was read.
        final RunJournalDir journal = config.journalEnabled() ?
            new RunJournalDir(Path.of(config.journalDir()), journalOption) : null;
        if (!checkOrRefuse(journal))
        {
            return refusal.code();
        }
        try
        {
            // a feed file or standard input is opened now; a network feed's host is only looked up
            if (!config.feedFile().isEmpty() && !(networkFeed() ? resolveFeedOrRefuse() : openFeedOrRefuse()))
            {
                return refusal.code();
            }
            return executeOnce(journal);
        }
        finally
        {
            if (null != feedFile)
            {
                feedFile.close();
                feedFile = null;
            }
        }
    }

    /**
     * Open the configured feed ({@link RunFeed#openFile}) as {@link #feedFile}.
     *
     * @return null if it is open, or why it cannot be, for the caller's refusal.
     */
    private String openFeed()
    {
        try
        {
            feedFile = RunFeed.openFile(config, this::reportFeed);
            return null;
        }
        catch (final IOException | RuntimeException ex)
        {
            return feedProblem(ex);
        }
    }

    /**
     * @return why the configured feed cannot be opened, {@code failure} said, for the caller's refusal.
     */
    private String feedProblem(final Exception failure)
    {
        final String source = RunSummary.feedSource(config.feedFile());
        // an address to listen on that cannot be bound: not a read that failed, as feed --to says of it
        final boolean listens =
            RunSummary.CONNECTION.equals(source) && FeedAddress.parse(config.feedFile()).listens();
        // a path that starts or ends with a space is quoted, as a space there is otherwise invisible
        return (RunSummary.FEED_FILE.equals(source) ? "feed file " : "feed ") +
            PrintableText.quotedIfSpaced(config.feedFile()) +
            (listens ? " cannot be listened on: " : " cannot be read: ") + IoProblems.describe(failure);
    }

    /**
     * Resolve a network feed's host name with the start-up checks ({@link NetworkFeed#resolve}), refusing the run if
     * it is unknown, as before the warm-up the feed was opened: the connection, or the listening, waits for the
     * engine's start ({@link #openNetworkFeed()}).
     *
     * @return true if the address resolves, false if the run was refused.
     */
    private boolean resolveFeedOrRefuse()
    {
        try
        {
            NetworkFeed.resolve(FeedAddress.parse(config.feedFile()));
            return true;
        }
        catch (final IOException | RuntimeException ex)
        {
            refuse(2, CommandError.FEED, feedProblem(ex));
            return false;
        }
    }

    /**
     * Open a feed file or standard input with the start-up checks ({@link #openFeed()}), refusing the run if it cannot
     * be opened.
     *
     * @return true if the feed is open, false if the run was refused.
     */
    private boolean openFeedOrRefuse()
    {
        final String problem = openFeed();
        if (null != problem)
        {
            refuse(2, CommandError.FEED, problem);
            return false;
        }
        return true;
    }

    /**
     * Say on stderr what the feed file says about its lines (malformed ones skipped, say).
     */
    private void reportFeed(final String message)
    {
        say("feed " + message);
    }

    /**
     * Say one line on stderr, prefixed with the command's name: the message with its control characters escaped
     * ({@link PrintableText}), since it may name a path or quote a value from outside.
     */
    private void say(final String message)
    {
        say(err, prefix, message);
    }

    /**
     * Say one line on {@code err}, as {@link #say(String)} does, for the run's other parts ({@link MeasuredRun},
     * {@link RunCounters}).
     *
     * @param err     standard error.
     * @param prefix  what the line begins with: {@code concurrengine <command>: }.
     * @param message the line, its control characters escaped here.
     */
    static void say(final PrintWriter err, final String prefix, final String message)
    {
        err.println(prefix + PrintableText.escape(message));
        err.flush();
    }

    private int executeOnce(final RunJournalDir journal)
    {
        final CountersFile counters;
        try
        {
            counters = config.countersEnabled() ? engines.counters() : null;
        }
        catch (final IOException ex)
        {
            return refuse(2, CommandError.COUNTERS, "counters file " + config.countersFile() +
                " cannot be created: " + IoProblems.describe(ex));
        }
        try
        {
            return executeExported(journal, counters);
        }
        finally
        {
            if (null != journal)
            {
                journal.release(); // the engine has stopped: its journals are closed
            }
            if (null != counters)
            {
                runCounters.close(counters, null == refusal);
            }
        }
    }

    /**
     * Check, changing nothing, that the journal directory can be used with the journal's settings and that the
     * rings and the wheels fit in the heap and the direct memory, refusing the run if not.
     *
     * @param journal the journal directory, or null for a run without a journal.
     * @return true if the run can go on, false if it was refused.
     */
    private boolean checkOrRefuse(final RunJournalDir journal)
    {
        final String journalProblem = null == journal ? null : journal.check();
        if (null != journalProblem)
        {
            refuse(2, CommandError.JOURNAL, journalProblem);
            return false;
        }
        if (null != journal && config.countersEnabled() &&
            RunJournalDir.inside(Path.of(config.countersFile()), journal.root()))
        {
            // the run moves away what the journal directory holds as it starts: the new counters file went with it,
            // so the run ran without counters, and the next run would refuse the directory for a file no run wrote
            refuse(2, CommandError.COUNTERS, "counters file " + config.countersFile() + " is in the journal dir " +
                journal.root() + ", which each run replaces: set telemetry.counters_file outside it");
            return false;
        }
        final String journalSettingsProblem = null == journal ? null : engines.checkJournal(journal.root());
        if (null != journalSettingsProblem)
        {
            refuse(2, CommandError.CONFIG, journalSettingsProblem);
            return false;
        }
        final String memoryProblem = engines.checkMemory();
        if (null != memoryProblem)
        {
            refuse(2, CommandError.MEMORY, memoryProblem);
            return false;
        }
        return true;
    }

    /**
     * The run with its counters served over HTTP while it runs, where {@code telemetry.exporter} asks for it.
     *
     * @return the exit status, as {@link #execute()}'s; 2 if the endpoint cannot be served.
     */
    private int executeExported(final RunJournalDir journal, final CountersFile counters)
    {
        final PrometheusEndpoint exporter;
        try
        {
            exporter = runCounters.startExporter(counters);
        }
        catch (final IOException | RuntimeException ex)
        {
            return refuse(2, CommandError.TELEMETRY, "telemetry endpoint " + config.endpoint() +
                " cannot be served: " + IoProblems.describe(ex));
        }
        try
        {
            return execute(journal, counters);
        }
        finally
        {
            if (null != exporter)
            {
                exporter.close();
            }
        }
    }

    /**
     * The run once every start-up check has passed: warm up, build the engine, prepare the journal directory, start
     * the engine and feed it. Each step that refuses the run reports why ({@link #refuse(int, String, String)}) and
     * ends it with that refusal's exit status.
     *
     * @return the exit status, as {@link #execute()}'s.
     */
    private int execute(final RunJournalDir journal, final CountersFile counters)
    {
        if (config.warmupNanos() > 0 && !warmUpOrRefuse(journal))
        {
            return refusal.code();
        }
        final Engine built = buildOrRefuse(null == journal ? null : journal.root(), counters);
        final Engine engine = null == built ? null : startOrRefuse(built, journal, counters);
        if (null == engine)
        {
            return refusal.code();
        }
        return new MeasuredRun(config, out, err, json, terminal, observer, prefix, feedControl, warmedUpBefore)
            .run(engine, journal, counters, feedFile);
    }

    /**
     * Warm up ({@link RunWarmUp}), refusing the run if the warm-up failed, ran out of heap or was stopped.
     *
     * @return true to go on to the measured run, false if it was refused.
     */
    private boolean warmUpOrRefuse(final RunJournalDir journal)
    {
        final Path journalRoot = null == journal ? null : journal.root();
        final String problem;
        try
        {
            problem = new RunWarmUp(config, engines, err, prefix, observer, journalRoot).run(feedControl::runHere);
        }
        catch (final OutOfMemoryError ex)
        {
            refuse(2, CommandError.MEMORY, engines.outOfMemory(ex, Runtime.getRuntime().maxMemory()));
            return false;
        }
        if (null != problem)
        {
            refuse(1, CommandError.ENGINE, "warm-up failed: " + problem + "; " + nothingRun(journalRoot) +
                " (--warmup 0 runs without a warm-up)");
            return false;
        }
        if (feedControl.stopRequested())
        {
            refuse(0, CommandError.STOPPED, "stopped during the warm-up: " + nothingRun(journalRoot));
            return false;
        }
        return true;
    }

    private static String nothingRun(final Path journalRoot)
    {
        return "nothing was run" + (null == journalRoot ? "" : "; the journal dir " + journalRoot + " is as it was");
    }

    /**
     * @param journalRoot journal directory, or null for no journal.
     * @param counters    the counters file, or null for none.
     * @return the measured engine, built and not started, or null if the run was refused: the engine does not fit
     * the heap or cannot be built.
     */
    private Engine buildOrRefuse(final Path journalRoot, final CountersFile counters)
    {
        try
        {
            final EngineBuilder builder = engines.builder(journalRoot);
            if (null != counters)
            {
                builder.counters(counters.manager());
            }
            return builder.build();
        }
        catch (final OutOfMemoryError ex)
        {
            refuse(2, CommandError.MEMORY, engines.outOfMemory(ex, Runtime.getRuntime().maxMemory()));
            return null;
        }
        catch (final RuntimeException ex)
        {
            refuse(1, CommandError.ENGINE, "cannot build the engine: " + ex);
            return null;
        }
    }

    /**
     * Unless a stop was asked for, prepare the journal directory (the last start-up check, and the first change: it
     * moves an earlier run's journal aside), start the engine, open a network feed ({@link #openNetworkFeed()}),
     * delete the earlier journal or, if the engine did not start or the network feed cannot be opened, stop the engine
     * and put the earlier journal back, and put the engine's counters file at its path.
     *
     * @param built    the measured engine, built.
     * @param journal  the journal directory, or null for no journal.
     * @param counters the engine's counters file, not yet at its path, or null for none.
     * @return the engine, started, or null if the run was refused.
     */
    private Engine startOrRefuse(final Engine built, final RunJournalDir journal, final CountersFile counters)
    {
        beforeStart.run();
        if (feedControl.stopRequested())
        {
            // Ctrl-C or SIGTERM while the engine was built, which takes a while: it is not started, so the earlier
            // run's journal and counters file stay as they were, as after a stop during the warm-up
            refuse(0, CommandError.STOPPED, "stopped before it started: " +
                nothingRun(null == journal ? null : journal.root()));
            return null;
        }
        if (null != journal)
        {
            final String problem = journal.prepare(config);
            if (null != problem)
            {
                refuse(2, CommandError.JOURNAL, problem);
                return null;
            }
        }
        final Engine started;
        try
        {
            started = built.start();
        }
        catch (final RuntimeException | Error ex)
        {
            // the heap run out as the shards built their cores (wheels, models): refused as a build that does not fit
            // the heap is, rather than as a failure to start
            final OutOfMemoryError heap = heapExhausted(ex);
            if (null != heap)
            {
                refuse(2, CommandError.MEMORY, engines.outOfMemory(heap, Runtime.getRuntime().maxMemory()) +
                    restoreJournal(journal));
                return null;
            }
            // an Error too (a model class that fails to initialise): the engine has stopped what it started
            refuse(1, CommandError.ENGINE, "cannot start the engine: " +
                (ex instanceof Error || null == ex.getMessage() ? ex.toString() : ex.getMessage()) +
                restoreJournal(journal));
            return null;
        }
        afterStart.run();
        // a stop asked for already: no connection, and the engine is stopped below, as after a stop that ended the
        // connection attempt (its failure is the stop's, not the upstream's)
        final String feedProblem = openNetworkFeed();
        if (null != feedProblem && !feedControl.stopRequested())
        {
            // the engine has run nothing: it gives way to the earlier run's journal, as after a start that failed
            final boolean stopped = started.stop(STOP_TIMEOUT_NANOS);
            refuse(stopped ? 2 : 1, stopped ? CommandError.FEED : CommandError.ENGINE, feedProblem +
                (stopped ? "" : "; the engine did not stop cleanly: " + started.failure()) + restoreJournal(journal));
            return null;
        }
        if (feedControl.stopRequested() && started.stop(STOP_TIMEOUT_NANOS))
        {
            // Ctrl-C or SIGTERM while the engine started (its journals created, its threads started: a while too): it
            // has run nothing, so its empty journal gives way to the earlier run's, as after a start that failed
            refuse(0, CommandError.STOPPED, "stopped before it started: nothing was run" + restoreJournal(journal));
            return null;
        }
        if (null != journal)
        {
            journalReplaced = true;
            final String leftOver = journal.started();
            if (null != leftOver)
            {
                say(leftOver);
            }
        }
        runCounters.publish(counters);
        return started;
    }

    /**
     * Open a network feed ({@link #openFeed()}), once the engine has started: every other step that can refuse the run
     * (the counters file, the telemetry endpoint, the warm-up, the engine's build, the journal directory's preparation
     * and the engine's start) has passed, so a run refused by one of them neither connected to its upstream nor
     * listened for one, and no upstream was told that its lines were read by a run that then went away. A stop asked
     * for before is not connected for, and one asked for while it connects ends the attempt
     * ({@link RunFeedControl#openInterruptibly}).
     *
     * @return null if the run reads no network feed, it is open or a stop was asked for, or why it cannot be opened.
     */
    private String openNetworkFeed()
    {
        return networkFeed() ? feedControl.openInterruptibly(this::openFeed) : null;
    }

    /**
     * @return true if the run reads a network feed ({@code tcp://} or {@code tcp-listen://}), which is opened once the
     * engine has started ({@link #openNetworkFeed()}); false for a feed file, standard input or the synthetic flow.
     */
    private boolean networkFeed()
    {
        return FeedAddress.isNetwork(config.feedFile());
    }

    /**
     * @return the {@link OutOfMemoryError} of the Java heap that {@code failure} is or was caused by, or null: another
     * memory (direct buffers, threads, metaspace) is not the heap's, which {@code -Xmx} would not help. Package-private
     * for tests.
     */
    static OutOfMemoryError heapExhausted(final Throwable failure)
    {
        for (Throwable cause = failure; null != cause; cause = cause.getCause())
        {
            if (cause instanceof OutOfMemoryError && null != cause.getMessage() &&
                (cause.getMessage().contains("Java heap space") || cause.getMessage().contains("GC overhead")))
            {
                return (OutOfMemoryError)cause;
            }
            if (cause.getCause() == cause)
            {
                break;
            }
        }
        return null;
    }

    /**
     * Put the earlier run's journal back after a start that failed ({@link RunJournalDir#restore()}).
     *
     * @return what to add to the refusal: where the earlier journal is, or that it is back.
     */
    private static String restoreJournal(final RunJournalDir journal)
    {
        if (null == journal)
        {
            return "";
        }
        final String problem = journal.restore();
        return "; " + (null == problem ? journal.describeRestored() : problem);
    }

    /**
     * Ask the job to stop feeding, drain and report, without waiting: a job not started yet starts nothing.
     */
    public void requestStop()
    {
        feedControl.requestStop();
    }

    /**
     * @return true once a stop was asked for ({@link #requestStop()}), before, during or after {@link #execute()}.
     */
    public boolean stopRequested()
    {
        return feedControl.stopRequested();
    }

    /**
     * Ask a running job to stop feeding, drain and report, and wait until it has: the Ctrl-C path.
     *
     * @param timeoutNanos how long to wait for the report.
     */
    public void requestStopAndAwait(final long timeoutNanos)
    {
        feedControl.requestStop();
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
     * Report on stderr why the run did not start ({@link CommandError#report}), and keep it for {@link #refusal()}.
     *
     * @param exit    the exit status to return: 2 for bad input, 1 for a failure, 0 for a stop asked for.
     * @param reason  what was refused, a {@link CommandError} reason.
     * @param message what went wrong.
     * @return {@code exit}.
     */
    private int refuse(final int exit, final String reason, final String message)
    {
        refusal = new CommandError(command, exit, reason, message);
        return refusal.report(out, err, false);
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
     * @return true once the last {@link #execute()} started its engine on its journal directory, replacing an earlier
     * run's journal there (whatever the run's outcome after), false if it ran none or was refused before that, which
     * leaves the directory as it was.
     */
    public boolean journalReplaced()
    {
        return journalReplaced;
    }
}
