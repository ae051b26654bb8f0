package io.concurrengine.tools.soak;

import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigListing;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunEngineFactory;
import io.concurrengine.tools.run.RunJob;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunLock;
import io.concurrengine.tools.run.RunOptions;
import io.concurrengine.tools.run.RunStopHook;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.soak.report.SoakHealth;
import io.concurrengine.tools.soak.report.SoakInterval;
import io.concurrengine.tools.soak.report.SoakLatency;
import io.concurrengine.tools.soak.report.SoakReport;
import io.concurrengine.tools.soak.report.SoakResources;
import io.concurrengine.tools.soak.report.SoakRun;
import io.concurrengine.tools.soak.report.SoakSummary;
import io.concurrengine.tools.soak.report.SoakTotals;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * {@code concurrengine soak}: the live pipeline for minutes to hours at a paced rate, sampled every second into an
 * HdrHistogram log, with a report a person can look at. Stops at the end or on Ctrl-C and writes its report either
 * way.
 */
@Command(
    name = "soak",
    mixinStandardHelpOptions = true,
    description = {
        "Run the live pipeline for a long time and write a latency, throughput and memory report.",
        "",
        "A paced rate (1,000,000 inputs/s unless set) for --duration (60 s unless set), or until Ctrl-C (which "
            + "still writes the report). The report: latency.hlog (one interval histogram per second), latency.hgrm, "
            + "summary.json and report.html with charts of the latency distribution, P50/P99/P99.9/max, throughput "
            + "and memory over time. Journal retention defaults to 2 five-minute cycles per shard so disk use stays "
            + "bounded. These defaults sit under a --config file, CONCURRENGINE_* variables and flags, which "
            + "override them."
    })
public final class SoakCommand implements Callable<Integer>
{
    private static final Map<String, String> SOAK_DEFAULTS = Map.of(
        "run.events", "0",
        "run.duration", "60s",
        "run.rate", "1000000",
        "run.warmup", "5s",
        "journal.roll_cycle", "five-minutely",
        "journal.retain_cycles", "2");

    /**
     * The lock a soak holds on its report directory from before it checks it until its report is written: two soaks
     * writing one directory would interleave their logs in one file and leave one's page beside the other's summary.
     */
    static final String LOCK_FILE = "soak.lock";

    /** What the soak writes into its report directory: the log as it runs, the rest at the end. */
    private static final List<String> REPORT_FILES = List.of(
        SoakReport.HLOG_FILE, SoakReport.SUMMARY_FILE, SoakReport.HGRM_FILE, SoakReport.REPORT_FILE);

    /** An argument a shell reads as it is, unquoted: for the report's command line. */
    private static final Pattern SHELL_WORD = Pattern.compile("[A-Za-z0-9_./:=@%+,-]+");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--report", paramLabel = "DIR", defaultValue = "data/soak",
        description = "where the report goes (default data/soak)")
    Path report;

    /** Run once the run has ended, before its report is written: for tests, to stop the soak as a signal there does. */
    private Consumer<RunJob> beforeReport = job -> { };
    /** Set once {@link #writeReport} has written the report's files: what a signal as it was written may say. */
    private boolean reportWritten;

    /**
     * @param hook given the soak's run once it has ended, before its report is written: for tests, to stop the soak as
     *             a signal there does. Package-private for tests.
     */
    void beforeReport(final Consumer<RunJob> hook)
    {
        beforeReport = hook;
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        if (report.toString().isEmpty())
        {
            // the working directory, as a path: an unset variable in a script, not a place for the report
            err.println("concurrengine soak: --report: expected a directory, found an empty string");
            err.flush();
            return 2;
        }
        final ConfigLoader loader = new ConfigLoader().flagNames(RunOptions.FLAG_NAMES);
        final EngineConfig config;
        RunLock lock = null;
        try
        {
            config = loader.load(options.configFile(), System.getenv(), options.flags(Map.of()), options.implied(),
                "soak", SOAK_DEFAULTS, true);
            if (options.printConfig())
            {
                final String memoryProblem = RunEngineFactory.checkMemory(config);
                if (null != memoryProblem)
                {
                    err.println("concurrengine soak: " + PrintableText.escape(memoryProblem));
                    err.flush();
                    return 2;
                }
                out.print(new ConfigListing(loader).toml(config, "soak"));
                out.flush();
                return 0;
            }
            if (config.journalEnabled() && RunJournalDir.inside(report, Path.of(config.journalDir())))
            {
                // the run moves away what the journal directory holds as it starts: the report's files would go with
                // the earlier run's journal, or be refused as files no run wrote, the next time
                err.println("concurrengine soak: " + PrintableText.escape("--report " + report +
                    " is in the journal dir " + config.journalDir() + ", which each run replaces: choose a --report " +
                    "DIR outside it"));
                err.flush();
                return 2;
            }
            final Path enclosing = RunJournalDir.enclosingJournal(report);
            if (null != enclosing)
            {
                // another run's journal (as benchmark's --dir): the next run there would move the report away with it,
                // or refuse the directory for files no run wrote
                err.println("concurrengine soak: " + PrintableText.escape("--report " + report + " is " +
                    (enclosing.equals(report.toAbsolutePath().normalize()) ? "" : "in ") + "the journal dir " +
                    enclosing + " of a run, which each run replaces: choose a --report DIR outside it"));
                err.flush();
                return 2;
            }
            final String taken = config.journalEnabled() ? reportFileHolding(config.journalDir()) : null;
            final String takenByCounters = config.countersEnabled() ? reportFileHolding(config.countersFile()) : null;
            if (null != taken || null != takenByCounters)
            {
                // the run would make its journal or counters file where the report's file goes: the start would remove
                // it as an earlier soak's (or fail to), and the report could not be written at the end
                err.println("concurrengine soak: " + PrintableText.escape(null != taken ?
                    "journal dir " + config.journalDir() + " is, or is in, " + report.resolve(taken) +
                    ", a file the soak writes in its --report DIR: choose a --journal DIR elsewhere" :
                    "counters file " + config.countersFile() + " is, or is in, " + report.resolve(takenByCounters) +
                    ", a file the soak writes in its --report DIR: choose another telemetry.counters_file"));
                err.flush();
                return 2;
            }
            lock = RunLock.acquire(report, LOCK_FILE);
            if (null == lock)
            {
                final long pid = RunLock.holder(report, LOCK_FILE);
                err.println("concurrengine soak: report dir " + PrintableText.escape(report) + " is being written by " +
                    "a soak in progress" + (pid > 0 ? " (pid " + pid + ")" : "") + "; wait for it to end or choose " +
                    "another --report DIR");
                err.flush();
                return 2;
            }
            prepareReportDir();
        }
        catch (final ConfigException ex)
        {
            release(lock);
            err.println("concurrengine soak: " + PrintableText.escape(ex.getMessage()));
            err.flush();
            return 2;
        }
        catch (final IOException ex)
        {
            release(lock);
            err.println("concurrengine soak: " + PrintableText.escape("report dir " + report + " cannot be created or " +
                "written: " + IoProblems.describe(ex)));
            err.flush();
            return 2;
        }

        final Path journalRoot = config.journalEnabled() ? Path.of(config.journalDir()) : null;
        final SoakSampler sampler = new SoakSampler(report.resolve(SoakReport.HLOG_FILE), journalRoot);
        final RunJob job = new RunJob(config, out, err, false, null != System.console(), sampler, "soak");
        final RunStopHook hook = RunStopHook.install(job, "concurrengine-soak-stop", 60);
        try
        {
            final int exit = job.execute();
            final boolean stoppedRun = job.stopRequested();
            beforeReport.accept(job);
            final int code = writeReport(config, sampler, exit, out, err);
            if (!stoppedRun && job.stopRequested() && null != sampler.summary())
            {
                // the JVM exits with the signal's status once this is said: not a soak cut short
                // a report that could not be written is not there: its failure was said, not the signal's doing
                err.println("concurrengine soak: " + PrintableText.escape("a signal came once the run had ended, as " +
                    "its report was written: " + (reportWritten ? "the run and its report were finished as without " +
                    "it, the report in " + report : "the run was finished as without it, and its report could not be " +
                    "written, as said above") + "; the exit status is the signal's, not the verdict's"));
                err.flush();
            }
            return code;
        }
        finally
        {
            release(lock);
            hook.reported();
        }
    }

    /**
     * @param path the journal directory or the counters file the run makes.
     * @return the name of the report file whose path {@code path} is, or lies in, or null if none.
     */
    private String reportFileHolding(final String path)
    {
        for (final String name : REPORT_FILES)
        {
            if (RunJournalDir.inside(Path.of(path), report.resolve(name)))
            {
                return name;
            }
        }
        return null;
    }

    private static void release(final RunLock lock)
    {
        if (null != lock)
        {
            lock.close();
        }
    }

    /**
     * Create the report directory and check that each report file can be written there: the report is written at
     * the end, so a refusal must come now, before the journal is replaced.
     *
     * @throws IOException if the directory cannot be created or a file in it written.
     */
    private void prepareReportDir() throws IOException
    {
        Files.createDirectories(report);
        Files.delete(Files.createTempFile(report, ".soak-probe-", ".tmp"));
        for (final String name : REPORT_FILES)
        {
            probeWritable(report.resolve(name));
        }
    }

    /**
     * Say why the sampler could not start, if it could not; then, if the run gave a summary, judge it, write the
     * report and print its verdict.
     *
     * @param exit the run's exit code.
     * @return the soak's exit code: the run's if not 0, else 1 for an unhealthy run, a report or an hlog that could
     * not be written, 0 for a healthy one.
     */
    private int writeReport(final EngineConfig config, final SoakSampler sampler, final int exit,
        final PrintWriter out, final PrintWriter err)
    {
        if (null != sampler.startProblem())
        {
            err.println("concurrengine soak: " + PrintableText.escape(sampler.startProblem()));
            err.flush();
        }
        if (null == sampler.summary())
        {
            return exit;
        }
        final SoakSummary summary = summarise(config, sampler);
        final String verdict =
            verdict(summary.reasons(), SoakHealth.checks(summary.run(), summary.totals(), sampler.intervals()));
        boolean whole = true;
        try
        {
            SoakReport.write(report, summary, sampler.intervals(), sampler.total());
            reportWritten = true;
            out.println(PrintableText.escape("soak report: " + report.resolve(SoakReport.REPORT_FILE) + " - " +
                verdict));
            out.flush();
        }
        catch (final IOException ex)
        {
            // the run was judged: its verdict is said here, since the files that would have said it are not there
            // which file was not written, and which were: a full disk names no file
            final String problem = ex instanceof SoakReport.FileNotWritten ?
                ((SoakReport.FileNotWritten)ex).file() + ": " + IoProblems.describe(ex.getCause()) + "; " +
                ((SoakReport.FileNotWritten)ex).written() : IoProblems.describe(ex);
            err.println("concurrengine soak: " + PrintableText.escape("cannot write the report to " + report + ": " +
                problem + "; the run was " + verdict));
            err.flush();
            whole = false;
        }
        if (null != sampler.hlogProblem())
        {
            err.println("concurrengine soak: " + PrintableText.escape(report.resolve(SoakReport.HLOG_FILE) + " " +
                sampler.hlogProblem()));
            err.flush();
            whole = false;
        }
        return exit != 0 ? exit : whole && summary.healthy() ? 0 : 1;
    }

    /**
     * @param reasons why the run is unhealthy ({@link #reasons}), empty for a healthy run.
     * @param checks  the rules as they came out ({@link SoakHealth#checks}).
     * @return {@code HEALTHY} or {@code UNHEALTHY: } and the reasons; then, for a healthy run, the rules that were not
     * evaluated, if any: a short soak is healthy by the rules it gave data for, and says which it did not.
     */
    static String verdict(final List<String> reasons, final List<SoakHealth.Check> checks)
    {
        if (!reasons.isEmpty())
        {
            return "UNHEALTHY: " + String.join("; ", reasons);
        }
        final List<String> notEvaluated = new ArrayList<>();
        for (final SoakHealth.Check check : checks)
        {
            if (SoakHealth.Outcome.NOT_EVALUATED == check.outcome())
            {
                notEvaluated.add(check.name());
            }
        }
        return notEvaluated.isEmpty() ? "HEALTHY" : "HEALTHY; not evaluated (too little data, or not applicable): " +
            String.join(", ", notEvaluated);
    }

    private SoakSummary summarise(final EngineConfig config, final SoakSampler sampler)
    {
        final RunSummary run = sampler.summary();
        final SoakTotals totals = totals(run, config.backpressure());
        final SoakRun soakRun = new SoakRun(
            commandLine(spec.commandLine().getParseResult().originalArgs()),
            Instant.ofEpochMilli(sampler.startEpochMillis()).toString(),
            run.elapsedNanos() / 1e9,
            config.durationNanos() / 1e9,
            config.rate(),
            config.shards(),
            Runtime.getRuntime().availableProcessors(),
            System.getProperty("java.vm.name") + " " + System.getProperty("java.version"),
            config.toToml(),
            config.journalEnabled(),
            journalRetentionSeconds(config),
            run.stoppedEarly(),
            endedEarly(config, run),
            countReached(config, run),
            journalRetentionBytes(config),
            config.journalEnabled() ? RunEngineFactory.rollCycle(config.rollCycle()).lengthMillis() / 1000.0 : 0);
        return new SoakSummary(soakRun, totals, SoakLatency.of(sampler.total()), SoakResources.of(sampler.intervals()),
            run.stateHashHex(), reasons(run, sampler.engineFailed(), soakRun, totals, sampler.intervals()));
    }

    /**
     * @param args the command's arguments as the shell gave them, its name first.
     * @return them as one line a POSIX shell reads back as them: an argument that is empty or holds a character other
     * than those of {@link #SHELL_WORD} (a space, a quote, a {@code $}) in single quotes, a single quote in it as
     * {@code '\''}.
     */
    static String commandLine(final List<String> args)
    {
        final StringBuilder line = new StringBuilder();
        for (final String arg : args)
        {
            line.append(line.length() > 0 ? " " : "").append(SHELL_WORD.matcher(arg).matches() ? arg :
                "'" + arg.replace("'", "'\\''") + "'");
        }
        return line.toString();
    }

    /**
     * @param run          what the run did.
     * @param backpressure the run's {@code engine.backpressure}: a drop policy's refusals are dropped, the others'
     *                     rejected.
     * @return the run's event accounting: accepted are the inputs that reached a shard, at most those not refused;
     * inputs a shard took beyond those are duplicates; the inputs a paced feed left due but never sent, and the market
     * model's rejections and drops, are the run's.
     */
    static SoakTotals totals(final RunSummary run, final String backpressure)
    {
        final long accepted = run.published() - run.refused();
        final boolean dropping = "drop".equals(backpressure);
        return new SoakTotals(
            run.published(),
            Math.min(accepted, run.inputs()),
            dropping ? run.refused() : 0,
            dropping ? 0 : run.refused(),
            run.events(),
            run.failedDispatches(),
            Math.max(0, run.inputs() - accepted),
            run.unsentDueInputs(),
            run.modelRejected(),
            run.remaindersDropped(),
            run.barTimersRefused());
    }

    /**
     * Why the run is unhealthy: the failed rules ({@link SoakHealth#checks}), then what the rules do not see (no
     * input measured, the engine's or the feed's failure). Each problem is given once: inputs that never reached a
     * shard are the lost inputs of the rule; when none reached one, that is the one cause of every lost input, and
     * the reason that nothing was measured says so with the count in place of the rule's.
     *
     * @param run          what the run did.
     * @param engineFailed true if the run's failure is the engine's, false if it is the feed's.
     * @param soakRun      what was run.
     * @param totals       the run's event accounting, {@link #totals}.
     * @param intervals    the run's intervals in time order.
     * @return the reasons, empty for a healthy run.
     */
    static List<String> reasons(
        final RunSummary run,
        final boolean engineFailed,
        final SoakRun soakRun,
        final SoakTotals totals,
        final List<SoakInterval> intervals)
    {
        final boolean nothingReached = 0 == run.inputs();
        final List<String> reasons = new ArrayList<>();
        for (final SoakHealth.Check check : SoakHealth.checks(soakRun, totals, intervals))
        {
            if (check.failed() && !(nothingReached && SoakHealth.NO_LOST_INPUTS.equals(check.name())))
            {
                reasons.add(check.reason());
            }
        }
        if (nothingReached)
        {
            final String lost = totals.lost() > 0 ?
                String.format(Locale.ROOT, ", %,d of %s lost", totals.lost(),
                    Plural.of(totals.published(), "published input")) :
                "";
            reasons.add("nothing measured: no input reached a shard" +
                (run.stoppedEarly() ? " before the run was stopped" : "") + lost);
        }
        if (null != run.failure())
        {
            // the engine's failure, or the feed's own message ("feed orders.csv:17: ..."): the engine ran on
            reasons.add(engineFailed ? "engine failed: " + run.failure() : run.failure());
        }
        return reasons;
    }

    /**
     * @param config the soak's configuration.
     * @param run    what the run did.
     * @return true if the run ended before its duration by itself: not stopped on request nor at its event count.
     * A paced feed ends when its next input is due at or after the duration, which may be up to one input's interval
     * before it: that is not early.
     */
    static boolean endedEarly(final EngineConfig config, final RunSummary run)
    {
        final long duration = config.durationNanos();
        final long lastInterval = config.rate() > 0 ? (long)Math.ceil(1e9 / config.rate()) : 0;
        return duration > 0 && !run.stoppedEarly() && !countReached(config, run) &&
            run.elapsedNanos() + lastInterval < duration;
    }

    /**
     * @param config the soak's configuration.
     * @param run    what the run did.
     * @return true if the run published the event count asked for, which ended it.
     */
    static boolean countReached(final EngineConfig config, final RunSummary run)
    {
        return config.events() > 0 && run.published() >= config.events();
    }

    /**
     * @param config the soak's configuration.
     * @return seconds of cycle files the journal keeps before it deletes one, 0 if it does not delete by count.
     */
    static double journalRetentionSeconds(final EngineConfig config)
    {
        if (!config.journalEnabled() || config.retainCycles() <= 0)
        {
            return 0;
        }
        return (config.retainCycles() + 1) * RunEngineFactory.rollCycle(config.rollCycle()).lengthMillis() / 1000.0;
    }

    /**
     * @param config the soak's configuration.
     * @return bytes of cycle files, every shard's, beyond which the journal deletes by size alone; 0 if it does not
     * delete by size, or deletes by count too: by the end of that window ({@link #journalRetentionSeconds}) it has
     * deleted files whatever their size.
     */
    static long journalRetentionBytes(final EngineConfig config)
    {
        if (!config.journalEnabled() || config.retainCycles() > 0 || config.retainBytes() <= 0)
        {
            return 0;
        }
        return config.retainBytes() > Long.MAX_VALUE / config.shards() ? Long.MAX_VALUE :
            config.retainBytes() * config.shards();
    }

    /**
     * Open {@code file} for writing without changing it (a directory of its name, say, cannot be), removing it again
     * if it did not exist; a dangling symbolic link is not opened, since the soak replaces it.
     *
     * @throws IOException if it cannot be, or is a named pipe (or a link to one), which is refused unopened: opening
     *                     it would wait for a reader, for ever if none comes.
     */
    private static void probeWritable(final Path file) throws IOException
    {
        if (Files.isSymbolicLink(file) && Files.notExists(file))
        {
            // the soak replaces a dangling link: opening it would create the file it names, wherever that is
            return;
        }
        if (Files.exists(file) && FileKind.isNamedPipe(file))
        {
            throw new FileSystemException(file.toString(), null, "it is a named pipe, not a report file; not opened");
        }
        final boolean existed = Files.exists(file, LinkOption.NOFOLLOW_LINKS);
        // what fails names the file: "is a directory: <report>/summary.json" (IoProblems)
        FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND).close();
        if (!existed)
        {
            Files.deleteIfExists(file);
        }
    }
}
