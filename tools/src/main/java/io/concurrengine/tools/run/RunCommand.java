package io.concurrengine.tools.run;

import io.concurrengine.tools.CommandError;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigListing;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.LongSupplier;

/**
 * {@code concurrengine run}: the live pipeline on the synthetic market feed or a recorded feed file, journaled.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run the live pipeline and print a summary: the README's main command.",
        "",
        "A seeded synthetic market feed, or a recorded feed file (--feed), through Disruptor rings into "
            + "single-threaded shards (order books, TIF timers, 1 s bars), every event journaled to Chronicle Queue. "
            + "With no options it uses the embedded default engine.toml (2 shards, event-time, journal in "
            + "data/journal). Exit 0 on success, 1 if the engine failed, 2 on bad input (configuration, journal "
            + "directory, feed file)."
    })
public final class RunCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Mixin
    RunOptions options;

    @Option(names = "--json", description = "print the summary (with --print-config, the configuration) as one JSON "
        + "object; a run refused or failed before its summary prints one {\"error\": {...}} object instead")
    boolean json;

    private LongSupplier journalClock = System::currentTimeMillis;

    /**
     * For tests that read a run's journal: pick its cycle files by this clock rather than the system's
     * ({@link RunJob#journalClock(LongSupplier)}), so that a run cannot roll to a second cycle file at the top of the
     * hour. Not an option: a run journals by the system's clock.
     *
     * @param epochMillis wall clock in epoch milliseconds.
     * @return this.
     */
    public RunCommand journalClock(final LongSupplier epochMillis)
    {
        this.journalClock = epochMillis;
        return this;
    }

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ConfigLoader loader = new ConfigLoader().flagNames(RunOptions.FLAG_NAMES);
        final EngineConfig config;
        try
        {
            config = loader.load(options.configFile(), System.getenv(), options.flags(Map.of()), options.implied(),
                "run", Map.of(), true);
        }
        catch (final ConfigException ex)
        {
            return new CommandError("run", 2, CommandError.CONFIG, ex.getMessage()).report(out, err, json);
        }
        if (options.printConfig())
        {
            final String memoryProblem = RunEngineFactory.checkMemory(config);
            if (null != memoryProblem)
            {
                return new CommandError("run", 2, CommandError.MEMORY, memoryProblem).report(out, err, json);
            }
            final ConfigListing listing = new ConfigListing(loader);
            out.print(json ? listing.json(config, "run") + "\n" : listing.toml(config, "run"));
            out.flush();
            return 0;
        }
        final RunJob job = new RunJob(config, out, err, json, null != System.console()).journalClock(journalClock);
        // Ctrl-C or SIGTERM: the JVM halts once this hook returns, so it waits for the job's report and, with
        // --json, for the error object of a job that ran nothing (stopped during its warm-up)
        final RunStopHook hook = RunStopHook.install(job, "concurrengine-run-stop", 10);
        try
        {
            final int code = job.execute();
            final CommandError refusal = job.refusal();
            if (json && null != refusal)
            {
                out.println(refusal.toJson()); // in place of the summary of a run that did not happen
                out.flush();
            }
            return code;
        }
        finally
        {
            hook.reported();
        }
    }
}
