package io.concurrengine.tools.config;

import io.concurrengine.model.market.MarketConfig;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.feed.FeedAddress;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;

/**
 * The checks {@link ConfigLoader} makes of a loaded configuration as a whole, across keys that each hold a value in
 * range: a flag that would do nothing, a run with no bound, keys that together do not make an engine. Each refusal is
 * a {@link ConfigException} naming the source of the key it blames, most specifically the one a user set. Stateless.
 */
final class ConfigChecks
{
    private ConfigChecks()
    {
    }

    /**
     * Refuse a flag that would do nothing in this configuration: {@code --pacing} without a rate, {@code --fsync}
     * without a journal, {@code --feed-idle-timeout} without a network feed; and an empty {@code --feed}, which would
     * run the synthetic flow in place of the feed it was meant to name, as would a {@code feed.file} of spaces only
     * from a file or the environment (there "" alone is the synthetic flow).
     */
    static void checkFlagsTakeEffect(final EngineConfig config, final Map<String, String> flags)
    {
        final String pacingSource = config.sources.getOrDefault("run.pacing", "");
        if (0 == config.rate && pacingSource.startsWith(ConfigLoader.FLAG_SOURCE))
        {
            throw new ConfigException(pacingSource, "run.pacing", "--pacing " + config.pacing + " paces a rate, and " +
                "run.rate is max (" + config.sources.getOrDefault("run.rate", "embedded default") + "), which is " +
                "not paced: give a rate (--rate R) as well, or leave --pacing out");
        }
        final String fsyncSource = config.sources.getOrDefault("journal.fsync", "");
        if (!config.journalEnabled && fsyncSource.startsWith(ConfigLoader.FLAG_SOURCE))
        {
            throw new ConfigException(fsyncSource, "journal.fsync", "--fsync " + config.fsync + " says when the " +
                "journal is forced to the device, and journal.enabled is false (" +
                config.sources.getOrDefault("journal.enabled", "configuration") + "), so there is no journal: give " +
                "--journal DIR as well to journal the run, or leave --fsync out");
        }
        final String feedSource = config.sources.getOrDefault("feed.file", "");
        if (config.feedFile.isBlank() && feedSource.startsWith(ConfigLoader.FLAG_SOURCE))
        {
            // "" is the synthetic flow in a file or the environment; as --feed it is a path left empty ("$FEED"), and
            // running the synthetic flow in its place would replace the journal in journal.dir with another run's
            throw new ConfigException(feedSource, "feed.file", "--feed \"" +
                flags.get("feed.file") + "\" names no feed: give a file, - (standard input), " +
                "tcp://HOST:PORT or tcp-listen://HOST:PORT, or leave --feed out for the synthetic flow");
        }
        if (config.feedFile.isBlank() && !config.feedFile.isEmpty())
        {
            // spaces only, as a line "file = \"$FEED\"" or FEED_FILE=" $FEED" writes with the variable unset: a feed
            // meant and not given, not the synthetic flow, which "" alone asks for
            throw new ConfigException(feedSource, "feed.file", "found " + ValueText.describe(config.feedFile) +
                ", spaces only, which names no feed: give a file, \"-\" (standard input), \"tcp://HOST:PORT\" or " +
                "\"tcp-listen://HOST:PORT\", or \"\" for the synthetic flow");
        }
        checkIdleTimeout(config, flags);
    }


    /**
     * Refuse {@code --seed} for a run that reads a feed and does not warm up: the seed shapes the synthetic flow, which
     * a feed replaces and only a warm-up ({@code --warmup D}) still runs, so it would change no input and no state
     * hash. A seed from a file or the environment is kept, as a default for the runs of that configuration that do.
     */
    static void checkSeedTakesEffect(final EngineConfig config, final Map<String, String> flags)
    {
        final String source = config.sources.getOrDefault("run.seed", "");
        if (!config.feedFile.isEmpty() && 0 == config.warmupNanos && source.startsWith(ConfigLoader.FLAG_SOURCE))
        {
            throw new ConfigException(source, "run.seed", "--seed " + flags.get("run.seed") + " seeds the synthetic " +
                "flow, and feed.file is " + config.feedFile + " (" + config.sources.getOrDefault("feed.file",
                "configuration") + "), whose inputs the run reads in its place: the seed would change no input and " +
                "no state hash; leave --seed out, or give --warmup D, whose throwaway engine runs the synthetic flow");
        }
    }

    /**
     * Refuse a feed that is the configuration file itself: {@code --config /dev/stdin} with {@code --feed -}, where the
     * configuration read every byte of the pipe and left the feed none (a run of no input, exit 0), or a feed file
     * naming the configuration file. A character device ({@code /dev/null}, a terminal) is read by both as it is.
     *
     * @param config        the loaded configuration: its {@code feed.file}.
     * @param configFile    the configuration file it was loaded from.
     * @param standardInput the path of this process's standard input, which a feed of {@code -} reads.
     */
    static void checkFeedIsNotConfig(final EngineConfig config, final Path configFile, final Path standardInput)
    {
        final String feed = config.feedFile;
        if (feed.isEmpty() || FeedAddress.isNetwork(feed))
        {
            return;
        }
        final boolean stdin = "-".equals(feed);
        final Path feedPath;
        try
        {
            feedPath = stdin ? standardInput : Path.of(feed);
        }
        catch (final InvalidPathException ex)
        {
            return; // named when it is opened
        }
        if (!FileKind.isSameFileNotDevice(configFile, feedPath))
        {
            return;
        }
        throw new ConfigException(config.sources.getOrDefault("feed.file", "configuration"), "feed.file",
            (stdin ? "- (standard input)" : feed) + " is the configuration file (" + configFile + ") too: a file is " +
            "read either as the configuration or as the feed" +
            (stdin ? ", and a pipe's bytes once: give the configuration as a file of its own" : ""));
    }

    /**
     * Refuse a run with no bound: no event count, no duration and no feed file.
     */
    static void checkBound(final EngineConfig config)
    {
        if (config.durationNanos == 0 && config.events == 0 && config.feedFile.isEmpty())
        {
            // named: the bound the user set to 0 most specifically, not the one a default or the other flag set
            final String eventsSource = config.sources.getOrDefault("run.events", "");
            final String durationSource = config.sources.getOrDefault("run.duration", "");
            final boolean events = specificity(eventsSource) >= specificity(durationSource);
            throw new ConfigException(events ? eventsSource : durationSource, events ? "run.events" : "run.duration",
                "a run needs a bound: an event count above 0 (run.events, --events), a duration above 0 " +
                "(run.duration, --duration) or a feed file (feed.file, --feed), and run.events and run.duration are both 0");
        }
    }


    /**
     * Refuse keys that each hold a value in range but together do not make an engine: an exporter without counters,
     * a min_batch above what a shard takes at once, a max_batch_delay over 1s, more instruments a shard than its
     * model holds books for.
     */
    static void checkConsistent(final EngineConfig config)
    {
        if ("prometheus".equals(config.exporter) && !config.countersEnabled)
        {
            throw new ConfigException(config.sources.getOrDefault("telemetry.exporter", "configuration"),
                "telemetry.exporter", "the prometheus exporter serves the counters, and telemetry.counters is false (" +
                config.sources.getOrDefault("telemetry.counters", "configuration") + ")");
        }
        if (config.minBatch > Math.min(config.batchLimit, config.ringSize))
        {
            throw new ConfigException(config.sources.getOrDefault("engine.min_batch", "configuration"),
                "engine.min_batch", "min_batch=" + config.minBatch + " is more than a shard takes at once: at most " +
                "engine.batch_limit (" + config.batchLimit + ") and engine.ring_size (" + config.ringSize + ")");
        }
        if (config.maxBatchDelayNanos > EngineBuilder.MAX_MAX_BATCH_DELAY_NANOS)
        {
            throw new ConfigException(config.sources.getOrDefault("engine.max_batch_delay", "configuration"),
                "engine.max_batch_delay", "max_batch_delay=" + config.maxBatchDelayNanos + "ns is longer than 1s");
        }
        // A shard's market model is given books for its instruments before the run, and a model holds books for
        // only so many at a band width: refused here, the run and a replay of its journal are told which keys
        final long books = config.instrumentCapacityPerShard(config.shards);
        final int maxBooks = MarketConfig.maxInstrumentCapacity((int)config.bandWidth);
        if (books > maxBooks)
        {
            throw new ConfigException(config.sources.getOrDefault("market.instruments", "configuration"),
                "market.instruments", "instruments=" + config.instruments + " over " +
                Plural.of(config.shards, "shard") + " with market.band_width=" + config.bandWidth +
                " needs books for " + books + " instruments a shard, more than the " + maxBooks +
                " a model holds at that band width: about " + Math.max(maxBooks, (long)maxBooks / 2 * config.shards) +
                " instruments at most, or a narrower band_width or more shards");
        }
    }


    /**
     * Refuse {@code --feed-idle-timeout} for a feed that is not a network feed, which has no reads to time; a value
     * from a file or the environment is kept for the runs of that configuration that take a network feed.
     */
    private static void checkIdleTimeout(final EngineConfig config, final Map<String, String> flags)
    {
        final String source = config.sources.getOrDefault("feed.idle_timeout", "");
        if (config.feedIdleTimeoutNanos > 0 && source.startsWith(ConfigLoader.FLAG_SOURCE) &&
            !FeedAddress.isNetwork(config.feedFile))
        {
            throw new ConfigException(source, "feed.idle_timeout", "--feed-idle-timeout " +
                flags.get("feed.idle_timeout") + " times the reads of a network feed (tcp://, tcp-listen://), and " +
                "feed.file is " + (config.feedFile.isEmpty() ? "the synthetic flow" :
                config.feedFile) + " (" + config.sources.getOrDefault("feed.file",
                "configuration") + "), which is not one: give a network feed, or leave --feed-idle-timeout out");
        }
    }


    /**
     * @param source where a key's value came from, as {@link EngineConfig#sources()} has it.
     * @return how specifically that source sets the key, higher for more: a flag given 3, an environment variable 2,
     * a configuration file 1, an embedded default or a value implied by another flag 0.
     */
    private static int specificity(final String source)
    {
        if (source.startsWith(ConfigLoader.FLAG_SOURCE))
        {
            return 3;
        }
        if (source.startsWith("env "))
        {
            return 2;
        }
        return source.startsWith("embedded") || source.startsWith(ConfigLoader.IMPLIED_SOURCE) ? 0 : 1;
    }
}
