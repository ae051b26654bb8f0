package io.concurrengine.tools.sim;

import io.concurrengine.core.loop.EventBudgetExceeded;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.core.wheel.ArenaFullException;
import io.concurrengine.model.combat.CombatEvents;
import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.pipeline.montecarlo.IterationRecorder;
import io.concurrengine.pipeline.montecarlo.IterationRunner;
import io.concurrengine.pipeline.montecarlo.IterationRunnerFactory;
import io.concurrengine.pipeline.montecarlo.MonteCarloException;
import io.concurrengine.pipeline.montecarlo.MonteCarloResult;
import io.concurrengine.pipeline.montecarlo.MonteCarloRunner;
import io.concurrengine.pipeline.montecarlo.ProgressListener;
import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.run.RunStopHook;
import io.concurrengine.tools.spec.SpecLoadException;
import io.concurrengine.tools.spec.SpecLoader;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.LongAdder;

/**
 * {@code concurrengine sim}: Monte Carlo runs of the combat reference model.
 * <p>
 * Exit codes: 0 done; 1 the simulation failed (e.g. an iteration exceeded its event budget); 2 bad options or an
 * invalid spec, with one line on stderr naming the file, key and problem.
 */
@Command(
    name = "sim",
    mixinStandardHelpOptions = true,
    sortOptions = false,
    description = {
        "Monte Carlo runs of the combat model, bit-identical for any thread count.",
        "",
        "Many independent fights of one character. Results depend on the spec, seed, iterations, chunk size and "
            + "encounter only. Progress goes to stderr; the summary, or with --json exactly one JSON object, to "
            + "stdout. Exit codes: 0 done, 1 simulation failed, 2 bad options or spec."
    })
public final class SimCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec commandSpec;

    @Option(names = "--spec", paramLabel = "FILE",
        description = "spec TOML file, or builtin:NAME (fire_mage, berserker); default builtin:fire_mage")
    String spec;

    @Option(names = "--iterations", paramLabel = "N", defaultValue = "10000", converter = IterationsConverter.class,
        description = "fights to simulate: 10000, 10k, 1e6 (default ${DEFAULT-VALUE})")
    long iterations;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "1",
        description = "base seed (default ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--threads", paramLabel = "T", converter = IntRangeConverter.Threads.class,
        description = "worker threads, at most one a chunk (default: available processors)")
    Integer threads;

    @Option(names = "--encounter", paramLabel = "D", defaultValue = "300s", converter = DurationConverter.class,
        description = "fight length: 300s, 30m, 1500ms, 1h; bare numbers are seconds (default ${DEFAULT-VALUE})")
    long encounterMs;

    @Option(names = "--chunk", paramLabel = "K", defaultValue = "" + MonteCarloRunner.DEFAULT_CHUNK_SIZE,
        converter = IntRangeConverter.Chunk.class,
        description = "iterations per chunk; part of the seeding (default ${DEFAULT-VALUE})")
    int chunk;

    @Option(names = "--json", description = "print exactly one JSON object on stdout: the result, or an "
        + "{\"error\": {...}} object when there is none")
    boolean json;

    @Option(names = "--quiet", description = "no progress on stderr")
    boolean quiet;

    private volatile boolean stopRequested;
    private final LongAdder iterationsDone = new LongAdder();

    @Override
    public Integer call()
    {
        final CommandLine commandLine = commandSpec.commandLine();
        final PrintWriter out = commandLine.getOut();
        final PrintWriter err = commandLine.getErr();
        final int threadCount = null == threads ? Runtime.getRuntime().availableProcessors() : threads;
        validate(commandLine, threadCount);
        iterationsDone.reset();

        final String source = null == spec ? SpecLoader.BUILTIN_PREFIX + SpecLoader.DEFAULT_BUILTIN : spec;
        final CombatSpec combatSpec;
        try
        {
            combatSpec = SpecLoader.load(source);
        }
        catch (final SpecLoadException ex)
        {
            return refuse(out, err, 2, CommandError.SPEC, "invalid spec: " + ex.getMessage());
        }

        final CombatRunnerFactory factory = new CombatRunnerFactory(combatSpec, encounterMs);
        final String memory =
            checkValueMemory(iterations, chunk, factory.metricCount(), Runtime.getRuntime().maxMemory());
        if (null != memory)
        {
            return refuse(out, err, 2, CommandError.MEMORY, memory);
        }
        final ProgressPrinter progress = quiet ? null : new ProgressPrinter(err, null != System.console());
        // Ctrl-C or SIGTERM: the iterations stop and the command says so (one JSON object with --json) before the JVM
        // exits with the signal's status; a partial run has no result, since which chunks ran depends on the threads
        final RunStopHook hook = RunStopHook.install(this::requestStop, "concurrengine-sim-stop", 60);
        try
        {
            final MonteCarloResult result;
            try
            {
                result = simulate(factory, threadCount, listener(progress));
            }
            catch (final MonteCarloException ex)
            {
                finish(progress);
                if (ex.getCause() instanceof Stopped)
                {
                    return stopped(out, err);
                }
                return refuse(out, err, 1, CommandError.SIMULATION, describe(ex));
            }
            catch (final Stopped ex)
            {
                finish(progress);
                return stopped(out, err);
            }
            finish(progress);
            final String overflow = overflowedSum(factory, result);
            if (null != overflow)
            {
                return refuse(out, err, 1, CommandError.SIMULATION, overflow);
            }

            print(new SimReport(source, factory, result), out);
            return 0;
        }
        finally
        {
            hook.reported(out, err);
        }
    }

    /**
     * Ask the iterations to stop, as Ctrl-C or SIGTERM does: no fight starts after it, and once the fights running
     * have finished the command reports that it stopped. Package-private for tests.
     */
    void requestStop()
    {
        stopRequested = true;
    }

    private int stopped(final PrintWriter out, final PrintWriter err)
    {
        return refuse(out, err, 0, CommandError.STOPPED, String.format(Locale.ROOT,
            "stopped by a signal after %,d of %,d iterations: a partial run has no result", iterationsDone.sum(),
            iterations));
    }

    /**
     * @param progress where progress goes, or null for none ({@code --quiet}).
     * @return what the runner tells of its progress, after each chunk: it stops the run once a stop was asked for.
     */
    private ProgressListener listener(final ProgressPrinter progress)
    {
        return (done, total) ->
        {
            if (stopRequested)
            {
                throw new Stopped();
            }
            if (null != progress)
            {
                progress.onProgress(done, total);
            }
        };
    }

    /**
     * The combat runners, each asking before a fight whether a stop was asked for, and counting the fights done: a
     * chunk is many fights, of up to a day each, and a stop looked at only between chunks could come minutes later,
     * after the stop hook had given up waiting for the report.
     */
    private IterationRunnerFactory stoppable(final CombatRunnerFactory factory)
    {
        return () ->
        {
            final IterationRunner runner = factory.newRunner();
            return new IterationRunner()
            {
                @Override
                public void runIteration(final SimRng rng, final long iterationIndex, final IterationRecorder recorder)
                {
                    if (stopRequested)
                    {
                        throw new Stopped();
                    }
                    runner.runIteration(rng, iterationIndex, recorder);
                    iterationsDone.increment();
                }

                @Override
                public void close()
                {
                    runner.close();
                }
            };
        };
    }

    /**
     * Thrown by the progress listener or before a fight once a stop was asked for: the runner stops and throws it as
     * it was, or as the cause of the {@link MonteCarloException} of the fight that did not start.
     */
    private static final class Stopped extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        Stopped()
        {
            super("stopped by a signal", null, false, false);
        }
    }

    /**
     * Each fight's damage is finite ({@link CombatRunnerFactory}), but a source's summed over many iterations may not
     * be, and its damage per iteration and share would be printed as null (NaN in the table).
     *
     * @return null if every damage sum is finite, else what overflowed.
     */
    static String overflowedSum(final CombatRunnerFactory factory, final MonteCarloResult result)
    {
        double total = 0;
        for (int s = 0; s < factory.sourceCount(); s++)
        {
            final double sum = result.metricSum(factory.damageMetric(s));
            total += sum;
            if (!Double.isFinite(sum) || !Double.isFinite(total))
            {
                return "the damage of " + factory.sourceKind(s) + " '" + factory.sourceName(s) + "'" +
                    (Double.isFinite(sum) ? " and the sources before it" : "") + " summed over " +
                    result.iterations() + " iterations is more than a double holds, so its damage per iteration " +
                    "and share cannot be told: the spec's damage figures are too large for --iterations " +
                    result.iterations() + "; lower them or --iterations";
            }
        }
        return null;
    }

    /**
     * Run the Monte Carlo iterations on {@code threadCount} threads.
     *
     * @param progress told of the progress after each chunk.
     * @return the metrics of every iteration.
     * @throws MonteCarloException if an iteration failed.
     */
    private MonteCarloResult simulate(final CombatRunnerFactory factory, final int threadCount,
        final ProgressListener progress)
    {
        return new MonteCarloRunner(new MonteCarloRunner.Context()
            .iterations(iterations)
            .seed(seed)
            .threads(threadCount)
            .chunkSize(chunk)
            .metricCount(factory.metricCount())
            .progressListener(progress))
            .run(stoppable(factory));
    }

    /**
     * Print the report: one JSON object with {@code --json}, else the table.
     */
    private void print(final SimReport report, final PrintWriter out)
    {
        if (json)
        {
            out.println(report.json());
            out.flush();
        }
        else
        {
            report.table(out);
        }
    }

    /**
     * Say on stderr why there is no result and, with {@code --json}, print the {@link CommandError} object on stdout
     * in place of the result's.
     *
     * @return {@code code}.
     */
    private int refuse(final PrintWriter out, final PrintWriter err, final int code, final String reason,
        final String message)
    {
        return new CommandError("sim", code, reason, message).report(out, err, json);
    }

    /**
     * {@code --threads} and {@code --chunk} given are in range by their converters ({@link IntRangeConverter}); a thread
     * count taken from the available processors is checked here.
     */
    private static void validate(final CommandLine commandLine, final int threadCount)
    {
        if (threadCount < 1 || threadCount > MonteCarloRunner.MAX_THREADS)
        {
            throw new CommandLine.ParameterException(commandLine,
                "--threads must be in [1, " + MonteCarloRunner.MAX_THREADS + "], found " + threadCount);
        }
    }

    /**
     * @param iterations   fights to run; the runner keeps one {@code double} of each for exact percentiles.
     * @param chunk        iterations per chunk; the runner keeps the partial sums of each chunk too.
     * @param metricCount  sums in each partial.
     * @param maxHeapBytes this JVM's heap limit.
     * @return null if those values and partials ({@link MonteCarloRunner#retainedBytes(long, int, int)}) take at most
     * half the heap, else what is wrong, naming the flags.
     */
    static String checkValueMemory(
        final long iterations, final int chunk, final int metricCount, final long maxHeapBytes)
    {
        final long bytes = MonteCarloRunner.retainedBytes(iterations, chunk, metricCount);
        if (bytes <= maxHeapBytes / 2)
        {
            return null;
        }
        final long valueBytes = iterations * Double.BYTES;
        return String.format(Locale.ROOT, "--iterations %d: keeping the DPS of every iteration for exact " +
            "percentiles (%,d bytes, %d a value) and the partial sums of each chunk of --chunk %d (%,d bytes) " +
            "takes %,d bytes, more than half of this JVM's %,d-byte heap; lower --iterations, raise --chunk or raise " +
            "the heap (-Xmx)", iterations, valueBytes, Double.BYTES, chunk, bytes - valueBytes, bytes, maxHeapBytes);
    }

    private static void finish(final ProgressPrinter progress)
    {
        if (null != progress)
        {
            progress.finish();
        }
    }

    /**
     * @return what failed, where, and for the failures a spec can cause, what in the spec causes them.
     */
    static String describe(final MonteCarloException ex)
    {
        final String where = "iteration " + ex.iteration() + " (chunk " + ex.chunk() + ", index " +
            ex.indexInChunk() + ")";
        if (ex.getCause() instanceof EventBudgetExceeded)
        {
            final EventBudgetExceeded budget = (EventBudgetExceeded)ex.getCause();
            final StringBuilder last = new StringBuilder();
            for (final int type : budget.lastTypes())
            {
                last.append(0 == last.length() ? "" : ", ").append(CombatEvents.name(type));
            }
            final String loop =
                "a rotation that never advances the clock, e.g. a zero-GCD instant spell cast in a loop";
            return where + String.format(Locale.ROOT, " exceeded the event budget: %,d events dispatched by t=%,d ms " +
                "without reaching the end of the encounter (last events: ", budget.eventCount(), budget.clock()) +
                last + "); " +
                (0 == budget.clock() ? loop + "?" : loop + ", or events denser than the budget's " +
                String.format(Locale.ROOT, "%,.0f", RunLoop.DEFAULT_EVENT_BUDGET * 1000.0 /
                CombatRunnerFactory.BUDGET_ENCOUNTER_MS) + " a second of a fight, e.g. auras ticking every " +
                "millisecond?");
        }
        if (ex.getCause() instanceof ArenaFullException)
        {
            return where + " had more events pending at once than the timing wheel holds (" +
                ex.getCause().getMessage() + "): each application of an aura leaves its expiry pending, so an aura " +
                "applied every few milliseconds whose duration outlasts the fight fills it; shorten --encounter, " +
                "the aura's duration_ms, or how often it is applied";
        }
        if (ex.getCause() instanceof CombatRunnerFactory.DamageOverflow)
        {
            return where + " " + ex.getCause().getMessage();
        }
        return where + " failed: " + ex.getCause();
    }
}
