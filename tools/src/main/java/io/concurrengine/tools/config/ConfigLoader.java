package io.concurrengine.tools.config;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.journal.JournalDescriptor;
import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.Utf8Text;
import io.concurrengine.tools.feed.NetworkFeed;
import org.tomlj.Toml;
import org.tomlj.TomlParseError;
import org.tomlj.TomlParseResult;
import org.tomlj.TomlPosition;
import org.tomlj.TomlTable;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Loads an {@link EngineConfig}: the embedded {@code default-engine.toml}, then an optional file, then
 * {@code CONCURRENGINE_<SECTION>_<KEY>} environment variables, then flags. Every key is declared once here and read
 * the same way from all four sources; an unknown key, a wrong type or a value out of range is a
 * {@link ConfigException} naming the source (with line and column for files), the key and the problem.
 */
public final class ConfigLoader
{
    /** Name of the embedded default configuration resource. */
    public static final String DEFAULT_RESOURCE = "/default-engine.toml";

    /**
     * Largest configuration file read, 1 MiB: a file beyond it is not a configuration (a journal's cycle file, a
     * device), and reading it whole could exhaust the heap or keep the TOML parser busy for minutes.
     */
    public static final int MAX_FILE_BYTES = 1 << 20;

    private static final String BYTE_ORDER_MARK = "\uFEFF";
    /** This process's standard input by path, on Linux and macOS: what a feed of {@code -} reads. */
    private static final Path STANDARD_INPUT = Path.of("/dev/stdin");
    private static final String ENV_PREFIX = "CONCURRENGINE_";
    /**
     * How a flag's value names its source: {@code flag --shards (engine.shards)}, or {@code flag for <key>} for a key
     * whose flag the command did not name ({@link #flagNames(Map)}).
     */
    static final String FLAG_SOURCE = "flag ";
    /** How a value another flag implies names its source: {@code implied by flag --events (run.events)}. */
    static final String IMPLIED_SOURCE = "implied by flag ";
    private static final String KNOWN_SECTIONS = "known sections: engine, run, market, feed, journal, telemetry";
    /** The parser's syntax errors for a number it cannot hold, to what each says of the number. */
    private static final Map<String, String> NUMBERS_TOML_DOES_NOT_READ = Map.of(
        "Integer is too large", "an integer beyond the range of a signed 64-bit integer",
        "Float is too large", "a float beyond the range of a double",
        "Float is too small", "a float too close to 0 for a double (and not 0)");
    private static final Pattern SECTION_LINE =
        Pattern.compile("\\s*\\[\\s*([A-Za-z0-9_-]+)\\s*]\\s*(#.*)?");
    private static final Pattern KEY_LINE = Pattern.compile("\\s*([A-Za-z0-9_-]+)\\s*=");

    private final Map<String, ConfigKey> keys = new LinkedHashMap<>();
    private Map<String, String> flagNames = Map.of();

    /**
     * A loader that knows every key of {@code engine.toml}.
     */
    public ConfigLoader()
    {
        key("engine.shards", "shard threads; each owns a timing wheel, a model and a journal",
            Values.longIn(1, 1024), (c, v) -> c.shards = toInt(v));
        key("engine.time_mode",
            "how inputs are stamped: event-time from the feed (deterministic), wall-clock from the clock",
            Values.oneOf("event-time", "wall-clock"),
            (c, v) -> c.timeMode = (String)v);
        key("engine.ring_size", "inputs each shard's ring holds", Values.powerOfTwo(2, 1 << 26),
            (c, v) -> c.ringSize = (Long)v);
        key("engine.priority_ring_size", "inputs each shard's priority ring (drained first) holds",
            Values.powerOfTwo(2, 1 << 20),
            (c, v) -> c.priorityRingSize = (Long)v);
        key("engine.backpressure",
            "what a full ring does to a publisher: block (bounded) waits, drop drops and counts, reject tells it",
            Values.oneOf("block", "drop", "reject", "bounded"),
            (c, v) -> c.backpressure = "bounded".equals(v) ? "block" : (String)v);
        key("engine.publishers", "who publishes to the main rings: single (one thread, the feed) or multi (any thread)",
            Values.oneOf("single", "multi"), (c, v) -> c.publishers = (String)v);
        key("engine.idle_strategy",
            "what an idle shard does: backoff parks, right for 2 cores; busy-spin needs a core to spare",
            Values.oneOf("backoff", "sleeping", "yielding", "busy-spin"), (c, v) -> c.idleStrategy = (String)v);
        key("engine.batch_limit", "inputs a shard takes from a ring at once",
            Values.longIn(1, 1 << 16), (c, v) -> c.batchLimit = (Long)v);
        key("engine.min_batch", "inputs a shard waits for before taking its main ring (1: at once)",
            Values.longIn(1, 1 << 16), (c, v) -> c.minBatch = (Long)v);
        key("engine.max_batch_delay", "the longest a shard waits for min_batch inputs, e.g. \"50us\"",
            Values.duration(), (c, v) -> c.maxBatchDelayNanos = (Long)v);
        key("engine.wheel_slots", "slots of each shard's timing wheel",
            Values.powerOfTwo(64, 1 << 24), (c, v) -> c.wheelSlots = (Long)v);
        key("engine.wheel_slot_shift", "log2 of a wheel slot's width in time units (us)", Values.longIn(0, 32),
            (c, v) -> c.wheelSlotShift = (Long)v);
        key("engine.wheel_capacity", "timer records per shard wheel before it grows, e.g. 256k",
            Values.count(1, EventDescriptor.MAX_RECORDS), (c, v) -> c.wheelCapacity = (Long)v);
        key("engine.partition_strategy", "how an input's key picks its shard: hash",
            Values.oneOf("hash"), (c, v) -> c.partitionStrategy = (String)v);

        key("run.duration", "how long the run publishes (0s: no time bound)",
            Values.duration(), (c, v) -> c.durationNanos = (Long)v);
        key("run.warmup",
            "how long a throwaway engine runs flat out first, so that the JIT has compiled the paths (0s: none)",
            Values.duration(),
            (c, v) -> c.warmupNanos = (Long)v);
        key("run.events", "inputs to publish (0: no count bound)", Values.count(0, Long.MAX_VALUE),
            (c, v) -> c.events = (Long)v);
        key("run.rate", "inputs per second the feed publishes, or max", Values.rate(), (c, v) -> c.rate = (Double)v);
        key("run.pacing",
            "how a paced feed waits: park (publish what came due on waking) or spin (each input at its time)",
            Values.oneOf("park", "spin"), (c, v) -> c.pacing = (String)v);
        key("run.seed", "seed of the synthetic feed", Values.longIn(Long.MIN_VALUE, Long.MAX_VALUE),
            (c, v) -> c.seed = (Long)v);
        key("run.progress", "show progress while the run runs", Values.bool(), (c, v) -> c.progress = (Boolean)v);

        key("market.instruments", "instruments of the synthetic market flow; each shard's model is made with books " +
            "for twice its share of them before the run, a feed file's too (a book takes 4 bytes a price level)",
            Values.longIn(1, 1 << 20), (c, v) -> c.instruments = (Long)v);
        key("market.zipf_exponent", "skew of activity across instruments (0: even)",
            Values.doubleIn(0, 10), (c, v) -> c.zipfExponent = (Double)v);
        key("market.band_width", "price levels per book", Values.powerOfTwo(64, 1 << 16),
            (c, v) -> c.bandWidth = (Long)v);
        key("market.time_in_force_percent", "percent of adds with a time in force", Values.longIn(0, 100),
            (c, v) -> c.timeInForcePercent = (Long)v);

        key("feed.file",
            "a recorded market feed to read instead of the synthetic flow: a file of the README's feed lines, " +
                "standard input, an upstream to connect to or one to wait for",
            Values.feed(), (c, v) -> c.feedFile = (String)v);
        key("feed.on_error", "what a malformed feed line does: stop ends the feed, skip skips and counts it",
            Values.oneOf("stop", "skip"), (c, v) -> c.feedOnError = (String)v);
        key("feed.idle_timeout", "a network feed whose upstream sends nothing this long ends with an error, e.g. " +
            "\"30s\" (0s: wait for ever)", Values.offOrWithin(1_000_000, "1ms",
            NetworkFeed.MAX_IDLE_TIMEOUT_MILLIS * 1_000_000L, NetworkFeed.MAX_IDLE_TIMEOUT_TEXT),
            (c, v) -> c.feedIdleTimeoutNanos = (Long)v);

        key("journal.enabled", "journal every shard", Values.bool(), (c, v) -> c.journalEnabled = (Boolean)v);
        key("journal.dir", "journal root, a directory per shard under it",
            Values.path(), (c, v) -> c.journalDir = (String)v);
        key("journal.roll_cycle", "how often each shard's journal starts a new cycle file",
            Values.oneOf("minutely", "five-minutely", "hourly", "daily"),
            (c, v) -> c.rollCycle = (String)v);
        key("journal.retain_cycles", "cycle files kept per shard (0: all)", Values.longIn(0, 1 << 20),
            (c, v) -> c.retainCycles = (Long)v);
        key("journal.retain_bytes", "bytes kept per shard (0: no limit)", Values.longIn(0, Long.MAX_VALUE),
            (c, v) -> c.retainBytes = (Long)v);
        key("journal.fsync",
            "when the journal is forced to the device: none (the kernel's write-back), on-close, per-block",
            Values.oneOf("none", "on-close", "per-block"),
            (c, v) -> c.fsync = (String)v);
        key("journal.block_bytes", "bytes of a journal block, the unit the shard writes",
            Values.longIn(JournalDescriptor.MIN_BLOCK_CAPACITY, JournalDescriptor.MAX_BLOCK_CAPACITY),
            (c, v) -> c.blockBytes = (Long)v);
        key("journal.write_behind_bytes", "written bytes synced at a time by the background thread (0: the kernel's)",
            Values.longIn(0, 1L << 30), (c, v) -> c.writeBehindBytes = (Long)v);
        key("journal.drop_written_pages",
            "drop journal pages from the page cache once written back, while the writer is fast",
            Values.bool(), (c, v) -> c.dropWrittenPages = (Boolean)v);
        key("journal.pretouch_read",
            "the background thread also reads each page it made writable while the writer is fast (a core to spare)",
            Values.bool(), (c, v) -> c.pretouchRead = (Boolean)v);
        key("journal.huge_pages",
            "while the writer is fast, map the journal's chunks with 2 MiB pages where the kernel can",
            Values.bool(), (c, v) -> c.hugePages = (Boolean)v);
        key("journal.packed",
            "write inputs dispatched at once as fixed-width PACKED records (less CPU, about a third more bytes)",
            Values.bool(), (c, v) -> c.journalPacked = (Boolean)v);
        key("journal.chunk_bytes", "bytes of the chunks a cycle file is mapped in",
            Values.powerOfTwo(1L << 20, 1L << 30), (c, v) -> c.chunkBytes = (Long)v);
        key("journal.pretouch_ahead_bytes",
            "bytes ahead of the writer that the background thread pre-faults, at most two chunks (0: none)",
            Values.longIn(0, 1L << 34), (c, v) -> c.pretouchAheadBytes = (Long)v);
        key("journal.pretouch_interval",
            "shortest pause of the journal's background thread between rounds",
            Values.durationAtLeast(10_000), (c, v) -> c.pretouchIntervalNanos = (Long)v);
        key("journal.pretouch_writable_bytes",
            "bytes ahead of the writer that the background thread takes the write faults of (0: none)",
            Values.longIn(0, 1L << 30), (c, v) -> c.pretouchWritableBytes = (Long)v);

        key("journal.flush_interval", "group commit interval, e.g. \"1ms\" (0s: every batch)", Values.duration(),
            (c, v) -> c.flushIntervalNanos = (Long)v);

        key("telemetry.counters", "publish counters while the run runs (stat reads them)",
            Values.bool(), (c, v) -> c.countersEnabled = (Boolean)v);
        key("telemetry.counters_file", "file the counters are published in",
            Values.file(), (c, v) -> c.countersFile = (String)v);
        key("telemetry.exporter", "prometheus serves the counters over HTTP while the run runs",
            Values.oneOf("none", "prometheus"), (c, v) -> c.exporter = (String)v);
        key("telemetry.endpoint", "HOST:PORT the exporter listens on (port 0: any free port)", Values.endpoint(),
            (c, v) -> c.endpoint = (String)v);
    }

    /**
     * Name the command's flags in the sources of their values, so that a message about a value a flag gave names the
     * flag the user typed as well as its key: {@code flag --duration (run.duration): expected a duration ...}.
     *
     * @param names dotted key to the flag that sets it, e.g. {@code run.duration} to {@code --duration}; a key not
     *              named here is {@code flag for <key>}.
     * @return this loader.
     */
    public ConfigLoader flagNames(final Map<String, String> names)
    {
        flagNames = Map.copyOf(names);
        return this;
    }

    private void key(
        final String name,
        final String description,
        final ConfigKey.Parser parser,
        final java.util.function.BiConsumer<EngineConfig, Object> setter)
    {
        keys.put(name, new ConfigKey(name, description, parser, setter));
    }

    /**
     * @return the dotted name of every key this loader knows, in declaration order.
     */
    Set<String> keyNames()
    {
        return java.util.Collections.unmodifiableSet(keys.keySet());
    }

    /**
     * @param name a dotted key name.
     * @return the key of that name, or null if this loader knows none.
     */
    ConfigKey key(final String name)
    {
        return keys.get(name);
    }

    private static int toInt(final Object value)
    {
        return (int)(long)(Long)value;
    }

    /**
     * Load the configuration.
     *
     * @param file        an {@code engine.toml}, or null for the embedded defaults alone.
     * @param environment environment variables; those starting {@code CONCURRENGINE_} must name known keys.
     * @param flags       dotted key to text value, applied last.
     * @return the checked configuration.
     * @throws ConfigException naming the source, the key and the problem.
     */
    public EngineConfig load(final Path file, final Map<String, String> environment, final Map<String, String> flags)
    {
        return load(file, environment, flags, Map.of(), "", Map.of(), true);
    }

    /**
     * Load the configuration of a command whose flags imply values of keys they do not name (a lone
     * {@code --duration} makes run.events 0) or whose defaults differ from the embedded ones (e.g. {@code soak}): its
     * defaults sit on the embedded file, and the configuration file, the environment and the flags override them.
     *
     * @param file            an {@code engine.toml}, or null for the defaults alone.
     * @param environment     environment variables; those starting {@code CONCURRENGINE_} must name known keys.
     * @param flags           dotted key to text value, applied last.
     * @param impliedBy       keys of {@code flags} that no flag of theirs set, each to the key of the flag that
     *                        implies it: their source is "implied by flag" that key's flag, not their own flag.
     * @param command         the command whose defaults these are, for the sources of values.
     * @param commandDefaults dotted key to text value, applied over the embedded defaults.
     * @param readsFeedFile   true for a command that reads {@code feed.file} ({@code run}, {@code soak}): a feed file
     *                        there with run.events left at its embedded default is read to its end (run.events 0),
     *                        and a run with no count, no duration and no feed file is refused; false for one that does
     *                        not ({@code feed}), whose run.events stays the count it is and which checks that count
     *                        itself: a duration or a feed file would not bound what it writes.
     * @return the checked configuration.
     * @throws ConfigException naming the source, the key and the problem.
     */
    public EngineConfig load(
        final Path file,
        final Map<String, String> environment,
        final Map<String, String> flags,
        final Map<String, String> impliedBy,
        final String command,
        final Map<String, String> commandDefaults,
        final boolean readsFeedFile)
    {
        return load(file, null == file ? null : read(file), environment, flags, impliedBy, command, commandDefaults,
            readsFeedFile);
    }

    private EngineConfig load(
        final Path file,
        final String fileText,
        final Map<String, String> environment,
        final Map<String, String> flags,
        final Map<String, String> impliedBy,
        final String command,
        final Map<String, String> commandDefaults,
        final boolean readsFeedFile)
    {
        final EngineConfig config = new EngineConfig();
        applyDefaults(config, command, commandDefaults);
        if (null != file)
        {
            applyToml(config, fileText, named(file), baseDirectory(file));
        }
        applyEnvironment(config, environment);
        applyFlags(config, flags, impliedBy);
        ConfigChecks.checkFlagsTakeEffect(config, flags);
        if (readsFeedFile && null != file)
        {
            ConfigChecks.checkFeedIsNotConfig(config, file, STANDARD_INPUT);
        }
        if (readsFeedFile && !config.feedFile.isEmpty() &&
            config.sources.getOrDefault("run.events", "").startsWith("embedded"))
        {
            config.events = 0; // a feed file is read to its end unless a count was asked for
            config.sources.put("run.events", "implied by feed.file, read to its end (" +
                config.sources.get("feed.file") + ")");
        }
        if (readsFeedFile)
        {
            ConfigChecks.checkSeedTakesEffect(config, flags);
            ConfigChecks.checkBound(config); // a run's bound; feed's is its count, which it checks itself
        }
        ConfigChecks.checkConsistent(config);
        return config;
    }

    /**
     * Apply the embedded {@code default-engine.toml}, then the command's own defaults over it.
     */
    private void applyDefaults(final EngineConfig config, final String command,
        final Map<String, String> commandDefaults)
    {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULT_RESOURCE))
        {
            if (null == in)
            {
                throw new IllegalStateException("embedded " + DEFAULT_RESOURCE + " is missing from the jar");
            }
            applyToml(config, new String(in.readAllBytes(), StandardCharsets.UTF_8), "embedded default-engine.toml",
                null);
        }
        catch (final IOException ex)
        {
            throw new IllegalStateException("cannot read embedded " + DEFAULT_RESOURCE, ex);
        }
        for (final Map.Entry<String, String> entry : commandDefaults.entrySet())
        {
            apply(config, entry.getKey(), entry.getValue(), "embedded default of " + command);
        }
    }

    /**
     * Apply the flags, each from "flag" its own or, where another flag implies it, "implied by flag" that one.
     */
    private void applyFlags(final EngineConfig config, final Map<String, String> flags,
        final Map<String, String> impliedBy)
    {
        for (final Map.Entry<String, String> flag : flags.entrySet())
        {
            final String implier = impliedBy.get(flag.getKey());
            apply(config, flag.getKey(), flag.getValue(),
                (null == implier ? FLAG_SOURCE : IMPLIED_SOURCE) + flagOf(null == implier ? flag.getKey() : implier));
        }
    }

    /**
     * @return how a source names the flag of {@code key}: {@code --shards (engine.shards)}, or {@code for key}.
     */
    private String flagOf(final String key)
    {
        final String name = flagNames.get(key);
        return null == name ? "for " + key : name + " (" + key + ")";
    }

    private void applyToml(final EngineConfig config, final String text, final String source, final Path baseDir)
    {
        final TomlParseResult result = parse(text, source);
        if (result.hasErrors())
        {
            final TomlParseError error = result.errors().get(0);
            final TomlPosition position = error.position();
            final String beyond = NUMBERS_TOML_DOES_NOT_READ.get(error.getMessage());
            final ConfigKey key = null == beyond || null == position ? null : keyOfLine(text, position.line());
            if (null != key)
            {
                // a number TOML cannot hold is a syntax error to the parser; it is a value out of range of its key
                throw new ConfigException(source + position(position), key.name(), beyond + ", which TOML does " +
                    "not read; " + key.name() + " takes " + key.takes());
            }
            throw new ConfigException(source + position(position), "(syntax)", error.getMessage());
        }
        // A key of keySet() is one key, perhaps quoted ("", "a.b"): looked up as a path of one, never parsed again
        for (final String section : result.keySet())
        {
            final List<String> sectionKey = List.of(section);
            if (!result.isTable(sectionKey))
            {
                // a known section's name as a value (engine = 5) or an array of tables ([[engine]]) is no unknown key
                throw new ConfigException(source + position(result.inputPositionOf(sectionKey)), section,
                    isSection(section) ? "a section, written [" + section + "] with its keys on the lines under " +
                    "it, found " + ValueText.describe(result.get(sectionKey)) :
                    "unknown top-level key; settings belong in a section such as [engine] or [run]" +
                    elsewhere("", section) + quoted(section));
            }
            final TomlTable table = result.getTable(sectionKey);
            if (table.isEmpty() && !isSection(section))
            {
                // [engien] with keys under it is refused at its first key; with none, it is refused here as well
                throw new ConfigException(source + position(result.inputPositionOf(sectionKey)), section,
                    "unknown section; " + KNOWN_SECTIONS);
            }
            for (final String name : table.keySet())
            {
                final String dotted = section + "." + name;
                final List<String> nameKey = List.of(name);
                final Object value = table.get(nameKey);
                if (section.contains("."))
                {
                    throw new ConfigException(source + position(table.inputPositionOf(nameKey)), dotted,
                        "unknown key" + quotedSection(section, name));
                }
                if (name.contains(".") && !keys.containsKey(dotted))
                {
                    throw new ConfigException(source + position(table.inputPositionOf(nameKey)), dotted,
                        "unknown key" + suggestion(dotted, value) + quoted(name));
                }
                apply(config, dotted,
                    null != baseDir ? ConfigPaths.resolved(baseDir, dotted, value) : value,
                    source + position(table.inputPositionOf(nameKey)));
            }
        }
    }

    /**
     * @param text a configuration file's text.
     * @param line a line of it, from 1.
     * @return the key that line sets, {@code name = ...} under the last {@code [section]} above it, if this loader
     * knows it; null for any other line (a dotted, quoted or inline-table key, a top-level key), and for any line
     * after a multi-line string, whose lines may look like a section's header.
     */
    private ConfigKey keyOfLine(final String text, final int line)
    {
        final String[] lines = text.split("\r?\n", -1);
        if (line < 1 || line > lines.length)
        {
            return null;
        }
        String section = null;
        for (int i = 0; i < line - 1; i++)
        {
            if (lines[i].contains("\"\"\"") || lines[i].contains("'''"))
            {
                return null;
            }
            final Matcher header = SECTION_LINE.matcher(lines[i]);
            if (header.matches())
            {
                section = header.group(1);
            }
        }
        final Matcher assignment = KEY_LINE.matcher(lines[line - 1]);
        return null == section || !assignment.lookingAt() ? null : keys.get(section + "." + assignment.group(1));
    }

    /**
     * @return the text parsed; the parser recurses once a level of nesting, so a thousand nested arrays or inline
     * tables (a couple of KB) overflow its stack: that is bad input, refused as a syntax error of the file.
     */
    private static TomlParseResult parse(final String text, final String source)
    {
        try
        {
            return Toml.parse(text);
        }
        catch (final StackOverflowError ex)
        {
            throw new ConfigException(source, "(syntax)", "arrays or inline tables nested too deeply to parse");
        }
    }

    private void applyEnvironment(final EngineConfig config, final Map<String, String> environment)
    {
        final List<String> names = new ArrayList<>(environment.keySet());
        names.sort(null);
        for (final String name : names)
        {
            if (!name.startsWith(ENV_PREFIX))
            {
                continue;
            }
            ConfigKey match = null;
            final List<String> sameSection = new ArrayList<>();
            final int sectionEnd = name.indexOf('_', ENV_PREFIX.length());
            final String section = sectionEnd < 0 ? name + "_" : name.substring(0, sectionEnd + 1);
            for (final ConfigKey key : keys.values())
            {
                if (key.environmentVariable().equals(name))
                {
                    match = key;
                }
                if (key.environmentVariable().startsWith(section))
                {
                    sameSection.add(key.environmentVariable());
                }
            }
            if (null == match)
            {
                sameSection.sort(null);
                throw new ConfigException("env " + name, name,
                    "unknown setting; environment overrides are CONCURRENGINE_<SECTION>_<KEY>" +
                    (sameSection.isEmpty() ? ", e.g. CONCURRENGINE_ENGINE_SHARDS; " + KNOWN_SECTIONS :
                    "; known in this section: " + String.join(", ", sameSection) + elsewhere(
                    section.substring(ENV_PREFIX.length(), section.length() - 1).toLowerCase(Locale.ROOT),
                    name.substring(section.length()).toLowerCase(Locale.ROOT))));
            }
            apply(config, match.name(), environment.get(name), "env " + name);
        }
    }

    private void apply(final EngineConfig config, final String dotted, final Object raw, final String source)
    {
        final ConfigKey key = keys.get(dotted);
        if (null == key)
        {
            throw new ConfigException(source, dotted, "unknown key" + suggestion(dotted, raw));
        }
        key.apply(config, raw, source);
        config.sources.put(dotted, source);
    }

    /**
     * @return true if {@code name} is a section of this loader's keys, such as {@code engine}.
     */
    private boolean isSection(final String name)
    {
        for (final String key : keys.keySet())
        {
            if (key.startsWith(name + "."))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @param dotted an unknown key, e.g. {@code run.rate_} or {@code run.run}.
     * @param raw    its value: for {@code [run] run.events = 5}, the table {@code run.run} holding {@code events}.
     * @return the end of the message: the section's known keys, and where the key may belong.
     */
    private String suggestion(final String dotted, final Object raw)
    {
        final String section = dotted.contains(".") ? dotted.substring(0, dotted.indexOf('.') + 1) : dotted + ".";
        final List<String> known = new ArrayList<>();
        for (final String name : keys.keySet())
        {
            if (name.startsWith(section))
            {
                known.add(name.substring(section.length()));
            }
        }
        final String sectionName = section.substring(0, section.length() - 1);
        final String name = dotted.substring(section.length());
        // [run] engine.shards = 3 is run.engine, a table: sections do not nest; [run] run.events is run.run, the
        // section named twice, and its key the one written after it if it is known
        if (known.isEmpty())
        {
            return "; " + KNOWN_SECTIONS;
        }
        final String example = raw instanceof TomlTable ? ((TomlTable)raw).keySet().stream().filter(known::contains)
            .findFirst().orElse(known.get(0)) : known.get(0);
        return "; known keys of [" + sectionName + "]: " + String.join(", ", known) + (name.equals(sectionName) ?
            "; under [" + sectionName + "] a key is written without the section's name: " + example + ", not " +
            sectionName + "." + example : isSection(name) ?
            "; " + name + " is a section of its own, not one of [" + sectionName + "]'s: its keys go under [" + name +
            "]" : elsewhere(sectionName, name));
    }

    /**
     * @param name a key's name as the file gives it, e.g. {@code engine.shards} of {@code [run] "engine.shards" = 3}.
     * @return where a key of that name goes, for a quoted name that holds a dot and is a key of this loader's (the
     * TOML parser reads it as one key, with a dot in its name, not as {@code shards} under {@code engine}), else "".
     */
    private String quoted(final String name)
    {
        if (!keys.containsKey(name))
        {
            return "";
        }
        final int dot = name.indexOf('.');
        return "; \"" + name + "\", quoted, is one key whose name holds a dot, not " + name.substring(dot + 1) +
            " of [" + name.substring(0, dot) + "]: write " + name.substring(dot + 1) + ", unquoted, under [" +
            name.substring(0, dot) + "]";
    }

    /**
     * @param section a section's name that holds a dot, as a quoted header gives it: {@code engine.x} of
     *                {@code ["engine.x"]}.
     * @param name    a key under it, e.g. {@code shards}.
     * @return that the quoted name is one section's, holding a dot, not a table in the section before the dot (the
     * TOML parser reads it so, and sections do not nest), with the keys of that section or the known sections.
     */
    private String quotedSection(final String section, final String name)
    {
        final int dot = section.indexOf('.');
        return "; [\"" + section + "\"], quoted, is one section whose name holds a dot, not " +
            section.substring(dot + 1) + " in [" + section.substring(0, dot) + "], and sections do not nest" +
            suggestion(section.substring(0, dot) + "." + name, null);
    }

    /**
     * @param section the section a key was looked for in, e.g. {@code run}; "" for the top level.
     * @param name    the key's name in it, e.g. {@code shards}.
     * @return where a key of that name is, if in another section: {@code "; shards is a key of [engine]"} (with its
     * environment variable for one looked for there), or "" for none: a key put under the wrong section is told
     * where it goes, not only that it is unknown where it was.
     */
    private String elsewhere(final String section, final String name)
    {
        for (final ConfigKey key : keys.values())
        {
            final int dot = key.name().indexOf('.');
            if (key.name().substring(dot + 1).equals(name) && !key.name().substring(0, dot).equals(section))
            {
                return "; " + name + " is a key of [" + key.name().substring(0, dot) + "] (" + key.name() + ", " +
                    key.environmentVariable() + ")";
            }
        }
        return "";
    }

    private static String position(final TomlPosition position)
    {
        return null == position ? "" : ":" + position.line() + ":" + position.column();
    }

    /**
     * @param given a {@code --config} value as the user wrote it, or null for none.
     * @return it as a path, or null for none.
     * @throws ConfigException if it ends with '/' (or '/.', '/..'), which names a directory ({@link FileOption}) and
     *                         which {@link Path} would drop.
     */
    public static Path configFile(final String given)
    {
        if (null != given && FileOption.namesADirectory(given))
        {
            throw new ConfigException(PrintableText.quotedIfSpaced(given), "(file)", FileOption.why(given) +
                "; a configuration file is meant");
        }
        return null == given ? null : Path.of(given);
    }

    /**
     * Read a configuration file's text.
     *
     * @param file an {@code engine.toml}.
     * @return its text, without a leading byte order mark.
     * @throws ConfigException if its path is empty, or it is a directory, missing, unreadable, larger than
     *                         {@link #MAX_FILE_BYTES} or not UTF-8.
     */
    public static String read(final Path file)
    {
        if (file.toString().isEmpty()) // --config "": Path.of("") is the working directory
        {
            throw new ConfigException("\"\"", "(file)", "an empty path, not a configuration file");
        }
        if (Files.isDirectory(file))
        {
            throw new ConfigException(named(file), "(file)", "a directory, not a configuration file");
        }
        try
        {
            final byte[] bytes = Utf8Text.readAtMost(file, MAX_FILE_BYTES);
            if (bytes.length > MAX_FILE_BYTES)
            {
                throw new ConfigException(named(file), "(file)", String.format(Locale.ROOT, "larger than the " +
                    "%,d bytes a configuration file may have (the embedded one has a few thousand): not a " +
                    "configuration file", MAX_FILE_BYTES));
            }
            return utf8(file, bytes);
        }
        catch (final NoSuchFileException ex)
        {
            throw new ConfigException(named(file), "(file)", "no such file");
        }
        catch (final IOException ex)
        {
            throw new ConfigException(named(file), "(file)", "cannot read: " + IoProblems.describe(ex));
        }
    }

    /**
     * @param file a configuration file's path, as given.
     * @return the directory its relative paths are taken from: its own, or the working directory for one that is no
     * regular file (a pipe: {@code --config <(...)}, {@code /dev/stdin}) or is one of this process's descriptors
     * ({@code --config /dev/stdin < FILE}, {@code /dev/fd/N}, {@code /proc/self/fd/N}), whose directory holds nothing
     * of the user's.
     */
    private static Path baseDirectory(final Path file)
    {
        final Path parent = file.toAbsolutePath().normalize().getParent();
        return Files.exists(file) && (!Files.isRegularFile(file) || isDescriptorDirectory(parent)) ?
            Path.of("").toAbsolutePath() : parent;
    }

    /**
     * @param directory a configuration file's directory, absolute and normalised.
     * @return true if it is {@code /dev} ({@code /dev/stdin}), {@code /dev/fd} or {@code /proc/PID/fd}: what is there
     * names a descriptor the shell opened ({@code < FILE}), a file elsewhere.
     */
    private static boolean isDescriptorDirectory(final Path directory)
    {
        return null != directory && (directory.equals(Path.of("/dev")) || directory.equals(Path.of("/dev/fd")) ||
            3 == directory.getNameCount() && directory.startsWith("/proc") &&
            "fd".equals(directory.getFileName().toString()));
    }

    /**
     * @param file a configuration file's path, as given.
     * @return it as the sources of its values name it: in double quotes where spaces begin or end it, which the
     * message would not show ({@code --config " "}), else as it is.
     */
    private static String named(final Path file)
    {
        return PrintableText.quotedIfSpaced(file.toString());
    }

    /**
     * Load a configuration from text read earlier ({@link #read(Path)}) from {@code file}, with the embedded defaults
     * under it and nothing over it: one read, so what is loaded and what else is taken from the text (a hash) agree.
     *
     * @param file the file the text came from, for the sources of values and relative paths.
     * @param text its text.
     * @return the checked configuration.
     * @throws ConfigException naming the source, the key and the problem.
     */
    public EngineConfig loadText(final Path file, final String text)
    {
        return load(file, text, Map.of(), Map.of(), Map.of(), "", Map.of(), true);
    }

    /**
     * @return the file's bytes as UTF-8 text, without a leading byte order mark (U+FEFF, which some Windows editors
     * write at the start of a UTF-8 file, and which TOML does not take): such a file reads as the same text without
     * it, and a {@code run.toml} saved with one gives the hash it was written with.
     * @throws ConfigException naming the first byte that is not UTF-8, its offset and line.
     */
    private static String utf8(final Path file, final byte[] bytes)
    {
        try
        {
            final String text = Utf8Text.decode(bytes);
            return text.startsWith(BYTE_ORDER_MARK) ? text.substring(BYTE_ORDER_MARK.length()) : text;
        }
        catch (final IllegalArgumentException ex)
        {
            throw new ConfigException(named(file), "(file)", ex.getMessage() +
                "; a TOML configuration file is UTF-8");
        }
    }
}
