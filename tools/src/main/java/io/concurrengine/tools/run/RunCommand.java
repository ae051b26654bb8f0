package io.concurrengine.tools.run;

import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code concurrengine run}: the live pipeline on the synthetic market feed, journaled.
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = {
        "Run the live pipeline: a seeded synthetic market feed through Disruptor rings into single-threaded",
        "shards (order books, TIF timers, 1 s bars), every event journaled to Chronicle Queue.",
        "With no options it uses the embedded default engine.toml (2 shards, event-time, journal in data/journal)."
    })
public final class RunCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--config", paramLabel = "FILE", description = "engine.toml overriding the embedded defaults")
    Path configFile;

    @Option(names = "--duration", paramLabel = "D", description = "run length, e.g. 10s, 5m (instead of --events)")
    String duration;

    @Option(names = "--events", paramLabel = "N", description = "inputs to publish (instead of --duration)")
    String events;

    @Option(names = "--rate", paramLabel = "R", description = "inputs per second, or max")
    String rate;

    @Option(names = "--shards", paramLabel = "N", description = "shard threads")
    String shards;

    @Option(names = "--journal", paramLabel = "DIR", description = "journal directory")
    String journal;

    @Option(names = "--no-journal", description = "run without journaling")
    boolean noJournal;

    @Option(names = "--time-mode", paramLabel = "MODE", description = "event-time or wall-clock")
    String timeMode;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the synthetic feed")
    String seed;

    @Option(names = "--json", description = "print the summary as one JSON object")
    boolean json;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EngineConfig config;
        try
        {
            config = new ConfigLoader().load(configFile, System.getenv(), flags());
        }
        catch (final ConfigException ex)
        {
            err.println("concurrengine run: " + ex.getMessage());
            err.flush();
            return 2;
        }
        final RunJob job = new RunJob(config, out, err, json, null != System.console());
        final Thread hook = new Thread(job::requestStop, "concurrengine-run-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try
        {
            return job.execute();
        }
        finally
        {
            try
            {
                Runtime.getRuntime().removeShutdownHook(hook);
            }
            catch (final IllegalStateException ex)
            {
                // Shutting down already: the hook has run and the job has finished its report.
            }
        }
    }

    private Map<String, String> flags()
    {
        final Map<String, String> flags = new LinkedHashMap<>();
        if (null != duration)
        {
            flags.put("run.duration", duration);
            if (null == events)
            {
                flags.put("run.events", "0");
            }
        }
        if (null != events)
        {
            flags.put("run.events", events);
            if (null == duration)
            {
                flags.put("run.duration", "0s");
            }
        }
        put(flags, "run.rate", rate);
        put(flags, "engine.shards", shards);
        put(flags, "journal.dir", journal);
        put(flags, "engine.time_mode", timeMode);
        put(flags, "run.seed", seed);
        if (noJournal)
        {
            flags.put("journal.enabled", "false");
        }
        return flags;
    }

    private static void put(final Map<String, String> flags, final String key, final String value)
    {
        if (null != value)
        {
            flags.put(key, value);
        }
    }
}
