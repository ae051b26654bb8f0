package io.concurrengine.tools.config;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An {@link EngineConfig}'s canonical TOML text (the {@code run.toml} a journaled run writes, loadable by
 * {@link ConfigLoader}) and the hash of that text that journal headers carry: {@link EngineConfig#toToml()},
 * {@link EngineConfig#hash()} and {@link EngineConfig#hashOf(String)} are these. Stateless.
 */
final class ConfigToml
{
    private ConfigToml()
    {
    }

    /**
     * @param config a loaded configuration.
     * @return its text, as {@link EngineConfig#toToml()} has it.
     */
    static String toToml(final EngineConfig config)
    {
        return "[engine]\n" +
            "shards = " + config.shards + "\n" +
            "time_mode = \"" + config.timeMode + "\"\n" +
            "ring_size = " + config.ringSize + "\n" +
            "priority_ring_size = " + config.priorityRingSize + "\n" +
            "backpressure = \"" + config.backpressure + "\"\n" +
            "publishers = \"" + config.publishers + "\"\n" +
            "idle_strategy = \"" + config.idleStrategy + "\"\n" +
            "batch_limit = " + config.batchLimit + "\n" +
            "min_batch = " + config.minBatch + "\n" +
            "max_batch_delay = \"" + config.maxBatchDelayNanos + "ns\"\n" +
            "wheel_slots = " + config.wheelSlots + "\n" +
            "wheel_slot_shift = " + config.wheelSlotShift + "\n" +
            "wheel_capacity = " + config.wheelCapacity + "\n" +
            "partition_strategy = \"" + config.partitionStrategy + "\"\n" +
            "\n[run]\n" +
            "duration = \"" + config.durationNanos + "ns\"\n" +
            "warmup = \"" + config.warmupNanos + "ns\"\n" +
            "events = " + config.events + "\n" +
            "rate = " + (config.rate == 0 ? "\"max\"" : Double.toString(config.rate)) + "\n" +
            "pacing = \"" + config.pacing + "\"\n" +
            "seed = " + config.seed + "\n" +
            "progress = " + config.progress + "\n" +
            "\n[market]\n" +
            "instruments = " + config.instruments + "\n" +
            "zipf_exponent = " + config.zipfExponent + "\n" +
            "band_width = " + config.bandWidth + "\n" +
            "time_in_force_percent = " + config.timeInForcePercent + "\n" +
            "\n[feed]\n" +
            "file = " + quotedPath("feed.file", config.feedFile) + "\n" +
            "on_error = \"" + config.feedOnError + "\"\n" +
            "idle_timeout = \"" + config.feedIdleTimeoutNanos + "ns\"\n" +
            "\n[journal]\n" +
            "enabled = " + config.journalEnabled + "\n" +
            "dir = " + quotedPath("journal.dir", config.journalDir) + "\n" +
            "roll_cycle = \"" + config.rollCycle + "\"\n" +
            "retain_cycles = " + config.retainCycles + "\n" +
            "retain_bytes = " + config.retainBytes + "\n" +
            "fsync = \"" + config.fsync + "\"\n" +
            "block_bytes = " + config.blockBytes + "\n" +
            "write_behind_bytes = " + config.writeBehindBytes + "\n" +
            "drop_written_pages = " + config.dropWrittenPages + "\n" +
            "chunk_bytes = " + config.chunkBytes + "\n" +
            "pretouch_writable_bytes = " + config.pretouchWritableBytes + "\n" +
            "pretouch_read = " + config.pretouchRead + "\n" +
            "huge_pages = " + config.hugePages + "\n" +
            "packed = " + config.journalPacked + "\n" +
            "pretouch_ahead_bytes = " + config.pretouchAheadBytes + "\n" +
            "pretouch_interval = \"" + config.pretouchIntervalNanos + "ns\"\n" +
            "flush_interval = \"" + config.flushIntervalNanos + "ns\"\n" +
            "\n[telemetry]\n" +
            "counters = " + config.countersEnabled + "\n" +
            "counters_file = " + quotedPath("telemetry.counters_file", config.countersFile) + "\n" +
            "exporter = \"" + config.exporter + "\"\n" +
            "endpoint = " + quoted(config.endpoint) + "\n";
    }

    /**
     * @param toml TOML text written by {@link #toToml}, its line endings LF or CRLF.
     * @return its hash, as {@link EngineConfig#hashOf(String)} has it.
     */
    static long hashOf(final String toml)
    {
        final StringBuilder text = new StringBuilder();
        for (final String line : toml.split("\r?\n"))
        {
            if (!line.startsWith("dir = ") && !line.startsWith("counters_file = ") && !line.startsWith("file = ") &&
                !line.startsWith("wheel_capacity = ") && !line.startsWith("exporter = ") &&
                !line.startsWith("endpoint = ") && !line.startsWith("idle_timeout = "))
            {
                text.append(line).append('\n');
            }
        }
        long hash = 0xcbf29ce484222325L;
        for (final byte b : text.toString().getBytes(StandardCharsets.UTF_8))
        {
            hash = (hash ^ (b & 0xFF)) * 0x100000001b3L;
        }
        return hash;
    }

    /**
     * @param key  the path key.
     * @param path its value: "", "-" (standard input) and a network feed's address stay as they are.
     * @return it made absolute (from the working directory) and quoted, so that the TOML text loads with the same
     * paths wherever it is written: a relative path in a configuration file is taken from the file's directory.
     */
    private static String quotedPath(final String key, final String path)
    {
        return quoted(ConfigPaths.resolvePath(Path.of("").toAbsolutePath(), key, path));
    }

    /**
     * @param text any string, e.g. a path (a Linux file name may hold a newline or any other control character).
     * @return it as a TOML basic string: in double quotes, with backslashes, double quotes and control characters
     * escaped, so that the {@code run.toml} of any path reads back.
     */
    static String quoted(final String text)
    {
        final StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++)
        {
            final char c = text.charAt(i);
            if ('"' == c || '\\' == c)
            {
                quoted.append('\\').append(c);
            }
            else if (c < 0x20 || 0x7F == c)
            {
                quoted.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
            }
            else
            {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
