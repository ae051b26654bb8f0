package io.concurrengine.tools.table;

import io.concurrengine.tools.AtomicFiles;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.Durations;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunEngineFactory;
import io.concurrengine.tools.run.RunJob;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunLock;
import io.concurrengine.tools.run.RunStopHook;
import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.sim.DurationConverter;
import org.HdrHistogram.Histogram;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * {@code concurrengine benchmark}: the product page's benchmark table, each figure measured on this machine by this
 * command or marked "not measurable yet" with the reason.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
        "Measure the product page's benchmark table on this machine and print it as Markdown.",
        "",
        "A max-rate burst (events/s) after a warm-up, a paced run (P99 latency, thread utilisation, memory overhead) "
            + "and the cold start.",
        "",
        "Runs on the embedded default configuration with these flags over it: CONCURRENGINE_* environment variables "
            + "do not apply."
    })
public final class SeedTableCommand implements Callable<Integer>
{
    /** The benchmark's flag for each configuration key it sets, to name the flag in a refusal. */
    private static final Map<String, String> FLAGS = Map.of(
        "run.events", "--events",
        "run.rate", "--paced-rate",
        "run.duration", "--paced-duration",
        "run.warmup", "--warmup",
        "engine.shards", "--shards",
        "journal.dir", "--dir");

    /**
     * The lock a benchmark holds on {@code --dir} from before it checks the runs' journal directories until its table
     * is written: two benchmarks on one directory would replace each other's journals between their runs, and a table
     * would stand beside another benchmark's journals.
     */
    static final String LOCK_FILE = "benchmark.lock";

    /** The table's file in {@code --dir}. */
    private static final String TABLE_FILE = "benchmark-table.md";

    /** The option under which both runs journal, named when a run's journal directory cannot be used. */
    private static final String DIRECTORY_OPTION = "--dir DIR";

    /** The longest {@code --warmup}: the longest {@code --paced-duration}, 24h. */
    private static final long MAX_WARMUP_NANOS = TimeUnit.HOURS.toNanos(24);

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000000",
        description = "inputs of the max-rate burst, at least 1, e.g. 20000000, 20M or 2e7 (default 20000000)")
    String burstEventsText;

    @Option(names = "--paced-rate", paramLabel = "R", defaultValue = "1000000",
        description = "inputs per second of the paced run, at least 1, e.g. 500000 or 500k (default 1000000)")
    String pacedRateText;

    private long burstEvents;
    private double pacedRate;
    private long burstWarmupNanos;
    /** The paced run's length as it runs: {@code --paced-duration} rounded to the millisecond. */
    private long pacedMillis;

    @Option(names = "--paced-duration", paramLabel = "D", defaultValue = "30s",
        description = "length of the paced run: 1500ms, 30s, 5m, 1h (a bare number is seconds), 1ms to 24h " +
            "(default 30s)")
    String pacedDuration;

    @Option(names = "--warmup", paramLabel = "D", defaultValue = "5s",
        description = "how long a throwaway engine runs the burst's flow flat out before the burst, so that the JIT " +
            "has compiled it: 500ms, 5s, 1m, 0 for none, at most 24h (default 5s); the paced run follows the burst in " +
            "the same JVM")
    String warmup;

    /** Read as run's --shards reads it, so that a refusal names the flag and the range, [1, 1024]. */
    @Option(names = "--shards", paramLabel = "N", defaultValue = "2", description = "shards (default 2)")
    String shardsText;

    private int shards;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/benchmark",
        description = "journal and results directory (default data/benchmark)")
    Path directory;

    private volatile boolean stopRequested;
    private volatile RunJob running;
    /** The burst's run replaced {@code DIR/burst}: started its engine there. */
    private boolean burstReplaced;
    /** The paced run replaced {@code DIR/paced}. */
    private boolean pacedReplaced;
    private Runnable afterBurst = () -> {};
    private Runnable beforePaced = () -> {};
    private Runnable beforeTable = () -> {};

    /**
     * Check every flag and configure both runs, then run the burst and, if it completed, the paced run.
     *
     * @return 0 with the table printed and written to {@code DIR/benchmark-table.md}; 2 if a flag is refused, another
     * benchmark is writing {@code DIR} ({@link #LOCK_FILE}) or a run refuses to start (bad input, before or without
     * running anything more); 1 if a run fails or the table cannot be written.
     */
    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EngineConfig burstConfig;
        final EngineConfig pacedConfig;
        try
        {
            pacedMillis = checkOptions();
            burstConfig = configure("burst", Map.of("run.events", Long.toString(burstEvents),
                "run.duration", "0s", "run.rate", "max", "run.warmup", warmup));
            burstWarmupNanos = burstConfig.warmupNanos();
            shards = burstConfig.shards();
            pacedConfig = configure("paced", Map.of("run.events", "0", "run.duration", pacedMillis + "ms",
                "run.rate", Double.toString(pacedRate)));
        }
        catch (final CommandLine.ParameterException ex)
        {
            err.println("concurrengine benchmark: " + PrintableText.escape(ex.getMessage()));
            err.flush();
            return 2;
        }
        // as each run checks at its start, but before anything runs: the paced run's timing wheels grow with
        // --paced-rate, and found at its start, its refusal came after the burst had run and replaced DIR/burst
        if (!allowed(err, config -> RunEngineFactory.checkMemory(config, FLAGS), burstConfig, pacedConfig) ||
            !createDirectory(err))
        {
            return 2;
        }
        final RunLock lock = lock(err);
        if (null == lock)
        {
            return 2;
        }
        try
        {
            // the paced run's refusal (another run writing DIR/paced, files no run wrote there) must come before the
            // burst, not after it
            if (!allowed(err, config -> RunJournalDir.check(Path.of(config.journalDir()), DIRECTORY_OPTION),
                burstConfig, pacedConfig) || !checkTableFile(err))
            {
                return 2;
            }
            return measureBoth(burstConfig, pacedConfig, out, err);
        }
        finally
        {
            lock.close();
        }
    }

    /**
     * Run the burst and, if it completed, the paced run; then print and write the table.
     *
     * @return {@link #call()}'s exit code.
     */
    private int measureBoth(
        final EngineConfig burstConfig, final EngineConfig pacedConfig, final PrintWriter out, final PrintWriter err)
    {
        // Ctrl-C or SIGTERM: the run going on drains and closes its journal, as run's does, and the benchmark stops
        // there, saying so, before the JVM exits with the signal's status
        final RunStopHook hook = RunStopHook.install(this::requestStop, "concurrengine-benchmark-stop", 10);
        String current = "burst";
        try
        {
            final ResourceProbe burst = new ResourceProbe();
            final int burstExit = measure(burstConfig, "burst", burst, err, 0);
            afterBurst.run();
            if (0 != burstExit || stopRequested)
            {
                return stopped("burst", burstExit, ranWhole(burstExit, burst), err);
            }
            // the burst's engine is garbage now, as a warm-up's is: collected before the paced run, not during it
            // (see RunWarmUp.run for what that did to paced tails)
            System.gc();
            current = "paced";
            beforePaced.run();
            final ResourceProbe paced = new ResourceProbe();
            // the burst, in this JVM before it, is the paced run's warm-up
            final long burstMillis = TimeUnit.NANOSECONDS.toMillis(burstWarmupNanos + burst.summary().elapsedNanos());
            final int pacedExit = measure(pacedConfig, "paced", paced, err, TimeUnit.MILLISECONDS.toNanos(burstMillis));
            if (0 != pacedExit || stopRequested)
            {
                return stopped("paced", pacedExit, ranWhole(pacedExit, paced), err);
            }
            beforeTable.run();
            final Path tableFile = directory.resolve(TABLE_FILE);
            final int exit = printTable(table(burst, paced), tableFile, out, err);
            if (stopRequested)
            {
                // the signal came once both runs had ended: the JVM exits with its status once this is said, and the
                // table, printed and written before, is whole
                err.println("concurrengine benchmark: " + PrintableText.escape("a signal came as the table was " +
                    "printed: it is whole" + (0 == exit ? ", and written to " + tableFile : "")));
                err.flush();
            }
            return exit;
        }
        catch (final RuntimeException | Error ex)
        {
            // the heap ran out (-Xmx too small for both runs, say), which main reports after this: what it leaves
            if (burstReplaced)
            {
                err.println("concurrengine benchmark: " + PrintableText.escape("the " + current + " run failed: no " +
                    "table written; " + leftBehind()));
                err.flush();
            }
            throw ex;
        }
        finally
        {
            hook.reported(out, err);
        }
    }

    /**
     * Ctrl-C or SIGTERM: the benchmark runs nothing more, and asks the run going on, if any, to stop; it drains,
     * journals and closes. Threadsafe; does not wait for the run if none is going on yet.
     */
    void requestStop()
    {
        stopRequested = true;
        final RunJob job = running;
        if (null != job)
        {
            job.requestStopAndAwait(TimeUnit.SECONDS.toNanos(90));
        }
    }

    /**
     * @param hook run as the burst has ended, before the benchmark checks whether it was stopped: for tests, to stop
     *             it as a signal there does. Package-private for tests.
     */
    void afterBurst(final Runnable hook)
    {
        afterBurst = hook;
    }

    /**
     * @param hook run after the burst, before the paced run: for tests, to change {@code DIR/paced} as another
     *             process may while the burst runs. Package-private for tests.
     */
    void beforePaced(final Runnable hook)
    {
        beforePaced = hook;
    }

    /**
     * @param hook run once both runs have ended, before the table is printed and written: for tests, to stop the
     *             benchmark as a signal there does. Package-private for tests.
     */
    void beforeTable(final Runnable hook)
    {
        beforeTable = hook;
    }

    /**
     * @return true if the run completed whole: a signal that stopped the benchmark came after it.
     */
    private static boolean ranWhole(final int exit, final ResourceProbe probe)
    {
        return 0 == exit && null != probe.summary() && !probe.summary().stoppedEarly();
    }

    /**
     * @param name  the run that ended: {@code burst} or {@code paced}.
     * @param exit  its exit code.
     * @param whole true if it completed whole ({@link #ranWhole}).
     * @return {@code exit}; for a run a signal stopped (or a signal after it), or one that failed or was refused once a
     * run had replaced its journal, said on {@code err}, with whose journals and table {@code DIR} holds now.
     */
    private int stopped(final String name, final int exit, final boolean whole, final PrintWriter err)
    {
        // a run stopped before it replaced its journal (in its warm-up, say) has said so: nothing of it ran
        final boolean started = "burst".equals(name) ? burstReplaced : pacedReplaced;
        final String what = stopRequested ? "stopped by a signal " + (whole ? "after" : started ? "during" : "before") +
            " the " + name + " run" :
            !burstReplaced ? null : "the " + name + " run " + (2 == exit ? "was refused" : "failed");
        if (null != what)
        {
            err.println("concurrengine benchmark: " + PrintableText.escape(what + ": no table written; " +
                leftBehind()));
            err.flush();
        }
        return exit;
    }

    /**
     * @return whose journals and table {@code DIR} holds after a benchmark that wrote no table: this one's runs'
     * journals where they replaced an earlier one, an earlier benchmark's elsewhere.
     */
    private String leftBehind()
    {
        final Path table = directory.resolve(TABLE_FILE);
        if (pacedReplaced)
        {
            return directory.resolve("burst") + " and " + directory.resolve("paced") + " are this benchmark's " +
                "runs' journals; " + table + ", if there is one, is an earlier benchmark's";
        }
        if (burstReplaced)
        {
            return directory.resolve("burst") + " is this benchmark's burst's journal; " + directory.resolve("paced") +
                " and " + table + ", if there are, are an earlier benchmark's";
        }
        return table + ", if there is one, is an earlier benchmark's";
    }

    /**
     * Create {@code --dir}, or say why it cannot be.
     *
     * @return true if it exists now.
     */
    private boolean createDirectory(final PrintWriter err)
    {
        try
        {
            Files.createDirectories(directory);
            return true;
        }
        catch (final IOException ex)
        {
            err.println("concurrengine benchmark: " + PrintableText.escape("--dir " + directory + " cannot be used: " +
                IoProblems.describe(ex)));
            err.flush();
            return false;
        }
    }

    /**
     * Lock {@code --dir} for this benchmark, or say why it cannot be: another benchmark holds it.
     *
     * @return the lock, or null if refused, said on {@code err}.
     */
    private RunLock lock(final PrintWriter err)
    {
        try
        {
            final RunLock lock = RunLock.acquire(directory, LOCK_FILE);
            if (null == lock)
            {
                final long pid = RunLock.holder(directory, LOCK_FILE);
                err.println("concurrengine benchmark: " + PrintableText.escape("--dir " + directory + " is being " +
                    "written by a benchmark in progress" + (pid > 0 ? " (pid " + pid + ")" : "") + "; wait for it " +
                    "to end or choose another --dir DIR"));
                err.flush();
            }
            return lock;
        }
        catch (final IOException ex)
        {
            err.println("concurrengine benchmark: " + PrintableText.escape("--dir " + directory + " cannot be used: " +
                IoProblems.describe(ex)));
            err.flush();
            return null;
        }
    }

    /**
     * Check both runs as each run checks itself at its start, so that what would refuse the paced run refuses the
     * benchmark before the burst.
     *
     * @param check   what is wrong with a run's configuration, or null: its memory
     *                ({@link RunEngineFactory#checkMemory(EngineConfig, Map)}), its journal directory.
     * @param configs the runs' configurations.
     * @return true if nothing is wrong with any, false if something is, said on {@code err}.
     */
    private static boolean allowed(
        final PrintWriter err, final Function<EngineConfig, String> check, final EngineConfig... configs)
    {
        for (final EngineConfig config : configs)
        {
            final String problem = check.apply(config);
            if (null != problem)
            {
                err.println("concurrengine benchmark: " + PrintableText.escape(problem));
                err.flush();
                return false;
            }
        }
        return true;
    }

    /**
     * Check that the table can take its place at the end, as far as that can be told now: a directory there (the
     * table replaces a file or a link there) would be found only once both runs had run.
     *
     * @return true if nothing in the way was found, false if a directory is there, said on {@code err}.
     */
    private boolean checkTableFile(final PrintWriter err)
    {
        final Path tableFile = directory.resolve(TABLE_FILE);
        if (Files.isDirectory(tableFile, LinkOption.NOFOLLOW_LINKS))
        {
            err.println("concurrengine benchmark: " + PrintableText.escape(tableFile + " is a directory, where the " +
                "table goes; move it or choose another --dir DIR"));
            err.flush();
            return false;
        }
        return true;
    }

    /**
     * Print the table and write it to {@code tableFile}, {@code DIR/benchmark-table.md}: what was checked before the
     * runs ({@link #checkTableFile}) may have changed since, or the disk be full now.
     *
     * @return 0, or 1 if the file cannot be written.
     */
    static int printTable(final String table, final Path tableFile, final PrintWriter out, final PrintWriter err)
    {
        out.print(table);
        out.flush();
        try
        {
            AtomicFiles.writeString(tableFile, table);
        }
        catch (final IOException ex)
        {
            err.println("concurrengine benchmark: " + PrintableText.escape(tableFile + " cannot be written: " +
                IoProblems.describe(ex)));
            err.flush();
            return 1;
        }
        return 0;
    }

    /**
     * Check the benchmark's own flags where the run's configuration would read them otherwise (an event count or a
     * duration of 0 means "unbounded" to a run, a rate of 0 is no rate) or name the run's flag instead of the
     * benchmark's.
     *
     * @return the paced run's length in milliseconds.
     * @throws CommandLine.ParameterException naming the flag and the problem.
     */
    private long checkOptions()
    {
        final CommandLine commandLine = spec.commandLine();
        if (directory.toString().isEmpty())
        {
            // the working directory, as a path: an unset variable in a script, not a place for two journals
            throw new CommandLine.ParameterException(commandLine, "--dir: expected a directory, found an empty string");
        }
        final Path journal = RunJournalDir.enclosingJournal(directory);
        if (null != journal)
        {
            // as soak's --report: the runs' journals and the table would be moved away with that journal by the next
            // run there, or make it refuse the directory for files no run wrote
            throw new CommandLine.ParameterException(commandLine, "--dir " + directory + " is " +
                (journal.equals(directory.toAbsolutePath().normalize()) ? "" : "in ") + "the journal dir " + journal +
                " of a run, which each run replaces: choose a --dir DIR outside it");
        }
        // read as run's --events and --rate read them (10M, 500k, 1e6); a plain number below 1 is named here first
        burstEvents = belowOne(burstEventsText) ? 0 :
            configure("flags", Map.of("run.events", burstEventsText, "run.duration", "1s")).events();
        if (burstEvents < 1)
        {
            throw new CommandLine.ParameterException(commandLine,
                "--events " + burstEventsText + ": the max-rate burst needs at least 1 input");
        }
        try
        {
            pacedRate = belowOne(pacedRateText) ? 0 : configure("flags", Map.of("run.rate", pacedRateText)).rate();
        }
        catch (final CommandLine.ParameterException ex)
        {
            if (ex.getMessage().contains("must be in ["))
            {
                // run.rate's range starts at 1e-6 (PacedFeed.MIN_RATE); the paced run's at 1, refused below
                throw new CommandLine.ParameterException(commandLine, "--paced-rate " + pacedRateText +
                    ": must be in [1, 1e9] inputs per second");
            }
            if (!ex.getMessage().contains("\"max\""))
            {
                throw ex;
            }
            // run.rate's message for a value that is not a number offers "max", which a paced run cannot take
            throw new CommandLine.ParameterException(commandLine, "--paced-rate " + pacedRateText +
                ": expected inputs per second, e.g. 500000, 500k or 1e6");
        }
        if (pacedRate < 1) // "max" too: no rate
        {
            throw new CommandLine.ParameterException(commandLine,
                "--paced-rate " + pacedRateText + ": the paced run needs a rate of at least 1 input per second");
        }
        final long millis;
        try
        {
            millis = new DurationConverter("--events").convert(pacedDuration);
        }
        catch (final CommandLine.TypeConversionException ex)
        {
            throw new CommandLine.ParameterException(commandLine, "--paced-duration: " + ex.getMessage());
        }
        checkWarmup(commandLine);
        return millis;
    }

    /**
     * Bound {@code --warmup} as {@code --paced-duration} is, to {@link #MAX_WARMUP_NANOS}, in the same words: the
     * configuration's run.warmup went to 1281023h. A text that is no duration, or one above 0 and under 1ns, is left
     * to the configuration's parser, as run's {@code --warmup} is.
     */
    private void checkWarmup(final CommandLine commandLine)
    {
        long nanos;
        try
        {
            nanos = Durations.parseNanos(warmup);
        }
        catch (final Durations.OutOfRange ex)
        {
            if (ex.belowOneNanosecond())
            {
                return; // 0.1ns is between 0 and 24h: the configuration's parser says it is under 1ns, as run's does
            }
            nanos = -1; // a minus sign, or beyond any duration
        }
        catch (final IllegalArgumentException ex)
        {
            return;
        }
        if (nanos < 0 || nanos > MAX_WARMUP_NANOS)
        {
            throw new CommandLine.ParameterException(commandLine, "--warmup: '" + warmup + "' must be between 0 " +
                "and 24h");
        }
    }

    private static boolean belowOne(final String text)
    {
        if (text.strip().matches("-[0-9.].*"))
        {
            return true; // -1k too, which the configuration's parser does not read as a number below 1
        }
        try
        {
            return Double.parseDouble(text.trim().replace("_", "")) < 1;
        }
        catch (final NumberFormatException ex)
        {
            return false; // 10M, 500k, max or a mistake: the configuration's parser says which
        }
    }

    /**
     * @param name the run's name, its journal's directory under {@code DIR}.
     * @param run  the run's own configuration keys.
     * @return the run's configuration.
     * @throws CommandLine.ParameterException naming the benchmark's flag if the configuration refuses a value.
     */
    private EngineConfig configure(final String name, final Map<String, String> run)
    {
        final Map<String, String> flags = new LinkedHashMap<>(run);
        flags.put("engine.shards", shardsText);
        flags.put("journal.dir", directory.resolve(name).toString());
        flags.put("run.progress", "false");
        flags.put("telemetry.counters", "false");
        try
        {
            return new ConfigLoader().load(null, Map.of(), flags);
        }
        catch (final ConfigException ex)
        {
            final String flag = FLAGS.get(ex.key());
            final boolean named = null != flag && ex.source().startsWith("flag");
            throw new CommandLine.ParameterException(spec.commandLine(),
                named ? flag + ": " + ex.problem() : ex.getMessage());
        }
    }

    /**
     * Run one job, reporting its progress and summary on {@code err}.
     *
     * @return the job's exit code: 0 completed, 2 refused to start (bad input), 1 failed.
     */
    private int measure(
        final EngineConfig config, final String name, final ResourceProbe probe, final PrintWriter err,
        final long warmedUpBefore)
    {
        final StringWriter summary = new StringWriter();
        err.println("concurrengine benchmark: " + name + " run ...");
        err.flush();
        final RunJob job = new RunJob(config, new PrintWriter(summary), err, false, false, probe, "benchmark")
            .warmedUpBefore(warmedUpBefore).journalOption(DIRECTORY_OPTION).configuredBy(FLAGS);
        running = job;
        if (stopRequested)
        {
            job.requestStop(); // the signal came before the job was there to ask: it runs nothing
        }
        final int exit;
        try
        {
            exit = job.execute();
        }
        finally
        {
            // also when the run throws (the heap ran out) after it replaced its journal
            if ("burst".equals(name))
            {
                burstReplaced = job.journalReplaced();
            }
            else
            {
                pacedReplaced = job.journalReplaced();
            }
        }
        err.print(summary);
        err.flush();
        return exit;
    }

    private String table(final ResourceProbe burst, final ResourceProbe paced)
    {
        final RunSummary b = burst.summary();
        final RunSummary p = paced.summary();
        final int cores = Runtime.getRuntime().availableProcessors();
        final StringBuilder out = new StringBuilder();
        // to the millisecond, as stat and soak give a time
        out.append(String.format(Locale.ROOT, "Measured %s on %d %s, %s %s, %d %s + 1 feed thread, " +
            "journaling on, market model.%n%n", Instant.ofEpochMilli(System.currentTimeMillis()), cores,
            1 == cores ? "core" : "cores", System.getProperty("java.vm.name"), System.getProperty("java.version"),
            shards, 1 == shards ? "shard" : "shards"));
        out.append("| METRIC | VALUE | HOW |\n|---|---|---|\n");
        row(out, "Events / sec", String.format(Locale.ROOT, "%,.0f", b.eventsPerSecond()),
            burst(b.inputs(), b.events(), burstWarmupNanos));
        final String[] latency = latency(p.dispatchLatency(), pacedRate, duration(pacedMillis),
            p.unsentDueInputs());
        row(out, "P99 Latency", latency[0], latency[1]);
        row(out, "Thread Utilization", String.format(Locale.ROOT, "%.0f%%", 100 * paced.shardUtilisation()),
            "CPU time of the shard threads over wall time during the paced run (burst: " +
            String.format(Locale.ROOT, "%.0f%%", 100 * burst.shardUtilisation()) + ")");
        row(out, "Memory Overhead", String.format(Locale.ROOT, "%,d MB",
            paced.peakRssBytes() / (1024 * 1024)),
            String.format(Locale.ROOT, "peak resident set of the whole JVM during the paced run (heap %,d MB, " +
            "direct %,d MB, resident file mappings (journal, counters, JVM libraries) %,d MB)",
            paced.peakHeapBytes() >> 20, paced.peakDirectBytes() >> 20, paced.peakMappedBytes() >> 20));
        row(out, "Fault Recovery", "not measurable yet",
            "needs the supervision tree and snapshot-based crash recovery, which are later work");
        row(out, "Max Concurrent Actors", "not measurable yet",
            "the engine has no actor runtime yet; the market model ran " + "instruments as keys, not actors");
        row(out, "Cold Start Time", String.format(Locale.ROOT, "%,d ms", burst.coldStartMillis()),
            "JVM launch to the first engine RUNNING (class loading, journal creation, shard threads started)" +
            (burstWarmupNanos > 0 ? ": the warm-up's" : ""));
        row(out, "Snapshot Throughput", "not measurable yet", "the snapshot vault is later work");
        out.append(String.format(Locale.ROOT, "%nBurst journal: %,d bytes (%.1f bytes/event); state hash %s.%n",
            b.journalBytes(), b.journalBytesPerEvent(), b.stateHashHex()));
        return out.toString();
    }

    /**
     * @param inputs      inputs the burst's shards took.
     * @param events      events they dispatched.
     * @param warmupNanos the burst's warm-up, ns; 0 for none.
     * @return how the events/s were measured: the burst's counts and its warm-up.
     */
    static String burst(final long inputs, final long events, final long warmupNanos)
    {
        return "max-rate burst of " + Plural.of(inputs, "input") + ", " + Plural.of(events, "event") +
            " dispatched, " + warmedUp(warmupNanos);
    }

    /**
     * @param warmupNanos the burst's warm-up, ns; 0 for none.
     * @return how the burst was warmed up, for the events/s row.
     */
    static String warmedUp(final long warmupNanos)
    {
        return warmupNanos > 0 ?
            String.format(Locale.ROOT, "after a %s warm-up (a throwaway engine on the same flow, flat out, so the " +
            "JIT had compiled it)", RunSummary.seconds(warmupNanos)) :
            "no warm-up (--warmup 0): the JIT compiled the paths during the burst";
    }

    /**
     * @param latency  the paced run's publish-to-dispatch latency, ns.
     * @param rate     its rate, inputs/s.
     * @param duration its length as given.
     * @param unsent   inputs of its schedule due but never sent: the feed was stopped behind it
     *                 ({@link RunSummary#unsentDueInputs()}).
     * @return the P99 row's value and how it was measured; "not measured" when the run published no input (a
     * duration shorter than the feed took to start), rather than the 0.0 µs of an empty histogram; a run that fell
     * behind its schedule says so, since the inputs it never sent, the ones that would have waited longest, are in
     * none of its figures.
     */
    static String[] latency(final Histogram latency, final double rate, final String duration, final long unsent)
    {
        if (0 == latency.getTotalCount())
        {
            return new String[] {"not measured", String.format(Locale.ROOT, "the paced run (%s inputs/s for %s) " +
                "ended before its first input was due: no latency to measure; give a longer --paced-duration",
                rate(rate), duration)};
        }
        return new String[] {String.format(Locale.ROOT, "%,.1f µs", latency.getValueAtPercentile(99) / 1000.0),
            String.format(Locale.ROOT, "publish to dispatch, paced %s inputs/s for %s, coordinated-omission " +
            "corrected (P50 %,.1f µs, P99.9 %,.1f µs, max %,.1f µs)", rate(rate), duration,
            latency.getValueAtPercentile(50) / 1000.0, latency.getValueAtPercentile(99.9) / 1000.0,
            latency.getMaxValue() / 1000.0) + (0 == unsent ? "" : String.format(Locale.ROOT, "; the engine did " +
            "not sustain this rate here: the feed fell behind its schedule and was stopped with %s due but never " +
            "sent, in none of these figures, so the latency at this rate is higher than shown; give a lower " +
            "--paced-rate", Plural.of(unsent, "input")))};
    }

    /**
     * @param millis the paced run's length, ms, 1 or more.
     * @return it in the largest unit that writes it whole ({@code 30s}, {@code 1500ms}, {@code 5m}): as it ran, not as
     * given ({@code 1500}, a bare number of seconds, or {@code 500us}, rounded up to {@code 1ms}).
     */
    static String duration(final long millis)
    {
        if (0 == millis % 3_600_000)
        {
            return millis / 3_600_000 + "h";
        }
        if (0 == millis % 60_000)
        {
            return millis / 60_000 + "m";
        }
        return 0 == millis % 1000 ? millis / 1000 + "s" : millis + "ms";
    }

    /**
     * @param rate the paced run's rate, inputs/s, 1 or more.
     * @return it as the run's summary writes it: whole from 100 up ({@code 500,000}), else to three significant
     * digits ({@code 1.50}), not rounded to a whole number of inputs a second (2 for 1.5).
     */
    private static String rate(final double rate)
    {
        return String.format(Locale.ROOT, rate >= 100 ? "%,.0f" : "%.3g", rate);
    }

    private static void row(final StringBuilder out, final String metric, final String value, final String how)
    {
        out.append("| ").append(metric).append(" | ").append(value).append(" | ").append(how).append(" |\n");
    }
}
