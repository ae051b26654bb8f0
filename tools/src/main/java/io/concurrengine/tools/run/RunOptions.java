package io.concurrengine.tools.run;

import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The options {@code run} and {@code soak} share, each the flag form of an {@code engine.toml} key.
 */
public final class RunOptions
{
    /**
     * The flag that sets each key {@link #flags(Map)} sets, for {@link ConfigLoader#flagNames(Map)}: journal.enabled is
     * set from a flag only by {@code --no-journal} ({@code --journal DIR} implies it), telemetry.counters only by
     * {@code --no-counters}.
     */
    public static final Map<String, String> FLAG_NAMES = Map.ofEntries(
        Map.entry("run.duration", "--duration"),
        Map.entry("run.events", "--events"),
        Map.entry("run.rate", "--rate"),
        Map.entry("run.pacing", "--pacing"),
        Map.entry("run.warmup", "--warmup"),
        Map.entry("engine.shards", "--shards"),
        Map.entry("journal.dir", "--journal"),
        Map.entry("journal.enabled", "--no-journal"),
        Map.entry("journal.fsync", "--fsync"),
        Map.entry("engine.time_mode", "--time-mode"),
        Map.entry("run.seed", "--seed"),
        Map.entry("feed.file", "--feed"),
        Map.entry("feed.idle_timeout", "--feed-idle-timeout"),
        Map.entry("telemetry.counters", "--no-counters"));

    @Option(names = "--config", paramLabel = "FILE", description = "engine.toml overriding the embedded defaults")
    String configFile;

    @Option(names = "--duration", paramLabel = "D", description = "run length, e.g. 250ms, 10s, 5m, 1h (a bare number "
        + "is seconds); with --events too, whichever is reached first ends the run")
    String duration;

    @Option(names = "--events", paramLabel = "N", description = "inputs to publish, e.g. 1000000, 10M or 1e6; with "
        + "--duration too, whichever is reached first ends the run")
    String events;

    @Option(names = "--rate", paramLabel = "R", description = "inputs per second, or max")
    String rate;

    @Option(names = "--warmup", paramLabel = "D",
        description = "run a throwaway engine flat out this long first, e.g. 5s")
    String warmup;

    @Option(names = "--pacing", paramLabel = "P",
        description = "paced feed: park (publish what came due on waking) or spin (each input at its time)")
    String pacing;

    @Option(names = "--shards", paramLabel = "N", description = "shard threads")
    String shards;

    @Option(names = "--journal", paramLabel = "DIR",
        description = "journal directory; journals the run even where the configuration turns journaling off")
    String journal;

    @Option(names = "--no-journal", description = "run without journaling")
    boolean noJournal;

    @Option(names = "--fsync", paramLabel = "P", description = "when the journal is forced to the device: none (the "
        + "kernel's write-back), on-close (every file and directory at the end: exit 0 means on the device) or "
        + "per-block (each block as it is flushed); refused where the configuration turns journaling off, unless "
        + "--journal DIR is given too")
    String fsync;

    @Option(names = "--time-mode", paramLabel = "MODE", description = "event-time or wall-clock")
    String timeMode;

    @Option(names = "--seed", paramLabel = "S", description = "seed of the synthetic feed")
    String seed;

    @Option(names = "--feed", paramLabel = "FEED",
        description = "read the inputs from a recorded market feed file (CSV), standard input (-) or TCP instead of "
            + "the synthetic flow: tcp://HOST:PORT connects to an upstream, tcp-listen://HOST:PORT waits for one")
    String feed;

    @Option(names = "--feed-idle-timeout", paramLabel = "D", description = "end a network feed whose upstream sends "
        + "nothing this long, e.g. 30s, with an error (exit 1); refused for a feed that is not a network feed")
    String feedIdleTimeout;

    @Option(names = "--no-counters", description = "do not publish counters in the counters file")
    boolean noCounters;

    @Option(names = "--print-config", description = "print the configuration the command would run with (every key, "
        + "what it means, where its value came from) as TOML that --config loads, and exit without running or "
        + "writing anything; a configuration that would be refused is refused the same way (exit 2)")
    boolean printConfig;

    /**
     * @return the configuration file, or null for the embedded defaults alone.
     * @throws ConfigException if {@code --config} names a directory by its ending
     *                         ({@link ConfigLoader#configFile(String)}).
     */
    public Path configFile()
    {
        return ConfigLoader.configFile(configFile);
    }

    /**
     * @return true if the command is to print its configuration ({@link io.concurrengine.tools.config.ConfigListing})
     * instead of running.
     */
    public boolean printConfig()
    {
        return printConfig;
    }

    /**
     * The flags given, as dotted configuration keys over {@code defaults}. A lone {@code --duration} also sets
     * run.events to 0, and a lone {@code --events} run.duration to 0s, so that the flag given is the run's only bound
     * over a file's or the defaults' other one; {@code --journal DIR} also sets journal.enabled to true, over a file's
     * or the environment's false ({@link #implied()} names these keys).
     *
     * @param defaults values the command sets before any flag, e.g. soak's retention.
     * @return key to text value, in order.
     * @throws ConfigException if two flags contradict each other.
     */
    public Map<String, String> flags(final Map<String, String> defaults)
    {
        final Map<String, String> flags = new LinkedHashMap<>(defaults);
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
        put(flags, "run.pacing", pacing);
        put(flags, "run.warmup", warmup);
        put(flags, "engine.shards", shards);
        if (null != journal)
        {
            flags.put("journal.dir", journal);
            flags.put("journal.enabled", "true");
        }
        put(flags, "journal.fsync", fsync);
        put(flags, "engine.time_mode", timeMode);
        put(flags, "run.seed", seed);
        put(flags, "feed.file", feed);
        put(flags, "feed.idle_timeout", feedIdleTimeout);
        if (noJournal && null != journal)
        {
            throw new ConfigException("flags", "journal.dir",
                "--journal " + journal + " and --no-journal contradict each other; give one");
        }
        if (noJournal && null != fsync)
        {
            throw new ConfigException("flags", "journal.fsync",
                "--fsync " + fsync + " and --no-journal contradict each other; give one");
        }
        if (noJournal)
        {
            flags.put("journal.enabled", "false");
        }
        if (noCounters)
        {
            flags.put("telemetry.counters", "false");
        }
        return flags;
    }

    /**
     * The keys {@link #flags(Map)} sets although no flag of theirs was given, for the sources of their values: a
     * message about such a key names the flag that implied it, not a flag the user never typed.
     *
     * @return implied key to the key of the flag that implies it: run.events to run.duration for a lone
     * {@code --duration}, run.duration to run.events for a lone {@code --events}, journal.enabled to journal.dir for
     * {@code --journal DIR}; empty if none.
     */
    public Map<String, String> implied()
    {
        final Map<String, String> implied = new LinkedHashMap<>();
        if (null != duration && null == events)
        {
            implied.put("run.events", "run.duration");
        }
        if (null != events && null == duration)
        {
            implied.put("run.duration", "run.events");
        }
        if (null != journal)
        {
            implied.put("journal.enabled", "journal.dir");
        }
        return implied;
    }

    private static void put(final Map<String, String> flags, final String key, final String value)
    {
        if (null != value)
        {
            flags.put(key, value);
        }
    }
}
