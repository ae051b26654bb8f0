package io.concurrengine.tools.config;

import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.PacedFeed;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The resolved configuration of a {@code run}: the embedded defaults, then {@code engine.toml}, then
 * {@code CONCURRENGINE_*} environment variables, then command-line flags, each overriding the one before.
 * Every value has been checked by the time a {@link ConfigLoader} returns it. Mutable only while loading.
 */
public final class EngineConfig
{
    int shards;
    String timeMode;
    long ringSize;
    long priorityRingSize;
    String backpressure;
    String publishers;
    String idleStrategy;
    long batchLimit;
    long minBatch;
    long maxBatchDelayNanos;
    long wheelSlots;
    long wheelSlotShift;
    long wheelCapacity;
    String partitionStrategy;

    long durationNanos;
    long warmupNanos;
    long events;
    double rate;
    String pacing;
    long seed;
    boolean progress;

    long instruments;
    double zipfExponent;
    long bandWidth;
    long timeInForcePercent;

    String feedFile;
    String feedOnError;
    long feedIdleTimeoutNanos;

    boolean journalEnabled;
    String journalDir;
    String rollCycle;
    long retainCycles;
    long retainBytes;
    String fsync;
    long blockBytes;
    long writeBehindBytes;
    boolean dropWrittenPages;
    boolean pretouchRead;
    boolean hugePages = true;
    boolean journalPacked = true;
    long pretouchWritableBytes;
    long pretouchAheadBytes;
    long pretouchIntervalNanos;
    long chunkBytes;
    long flushIntervalNanos;

    boolean countersEnabled;
    String countersFile;
    String exporter;
    String endpoint;

    final Map<String, String> sources = new LinkedHashMap<>();

    EngineConfig()
    {
    }

    /** @return number of shards. */
    public int shards()
    {
        return shards;
    }

    /** @return "event-time" or "wall-clock". */
    public String timeMode()
    {
        return timeMode;
    }

    /** @return main ring size per shard. */
    public int ringSize()
    {
        return (int)ringSize;
    }

    /** @return priority ring size per shard. */
    public int priorityRingSize()
    {
        return (int)priorityRingSize;
    }

    /** @return "block", "drop" or "reject". */
    public String backpressure()
    {
        return backpressure;
    }

    /** @return "single" (one thread publishes to the main rings) or "multi" (any thread may). */
    public String publishers()
    {
        return publishers;
    }

    /** @return "backoff", "sleeping", "yielding" or "busy-spin". */
    public String idleStrategy()
    {
        return idleStrategy;
    }

    /** @return most inputs a shard takes from a ring per unit of work. */
    public int batchLimit()
    {
        return (int)batchLimit;
    }

    /**
     * @return inputs a shard waits for before it takes its main ring (engine.min_batch; 1: at once).
     */
    public int minBatch()
    {
        return (int)minBatch;
    }

    /**
     * @return the longest a shard holds back fewer than {@link #minBatch()} inputs, in nanoseconds.
     */
    public long maxBatchDelayNanos()
    {
        return maxBatchDelayNanos;
    }

    /** @return wheel slots per shard. */
    public int wheelSlots()
    {
        return (int)wheelSlots;
    }

    /** @return log2 of the wheel slot width. */
    public int wheelSlotShift()
    {
        return (int)wheelSlotShift;
    }

    /**
     * @return timer records each shard's wheel has room for before it first grows; a model that expects more (the
     * market model on the synthetic flow) sizes its shard's wheel itself.
     */
    public int wheelCapacity()
    {
        return (int)wheelCapacity;
    }

    /** @return run length in nanoseconds, or 0 if the run is bounded by {@link #events()}. */
    public long durationNanos()
    {
        return durationNanos;
    }

    /** @return how long a throwaway engine runs flat out before the measured one starts, ns; 0 for none. */
    public long warmupNanos()
    {
        return warmupNanos;
    }

    /** @return inputs to publish, or 0 if the run is bounded by {@link #durationNanos()}. */
    public long events()
    {
        return events;
    }

    /** @return paced inputs per second, or 0 for as fast as possible. */
    public double rate()
    {
        return rate;
    }

    /** @return how the paced feed waits for an input's time. */
    public PacedFeed.Pacing pacing()
    {
        return PacedFeed.Pacing.valueOf(pacing.toUpperCase(Locale.ROOT));
    }

    /** @return seed of the synthetic feed. */
    public long seed()
    {
        return seed;
    }

    /** @return true to show progress while running. */
    public boolean progress()
    {
        return progress;
    }

    /** @return instruments of the synthetic market feed. */
    public int instruments()
    {
        return (int)instruments;
    }

    /**
     * @param shardCount shards the instruments are routed to.
     * @return instruments a shard's market model is given books for before the run: twice its share (routing by hash
     * does not split them evenly) but never more than all the instruments (one shard holds every one of them, and no
     * more), at least 16.
     */
    public long instrumentCapacityPerShard(final int shardCount)
    {
        return Math.max(16, Math.min(instruments, instruments / shardCount * 2));
    }

    /** @return Zipf exponent of instrument activity. */
    public double zipfExponent()
    {
        return zipfExponent;
    }

    /** @return price band of each order book, in ticks. */
    public int bandWidth()
    {
        return (int)bandWidth;
    }

    /** @return percentage of adds that carry a time in force. */
    public int timeInForcePercent()
    {
        return (int)timeInForcePercent;
    }

    /** @return true if every shard journals to Chronicle Queue. */
    public boolean journalEnabled()
    {
        return journalEnabled;
    }

    /** @return journal root directory. */
    public String journalDir()
    {
        return journalDir;
    }

    /** @return roll cycle name: "minutely", "five-minutely", "hourly" or "daily". */
    public String rollCycle()
    {
        return rollCycle;
    }

    /** @return cycle files kept per shard, 0 for all. */
    public long retainCycles()
    {
        return retainCycles;
    }

    /** @return bytes kept per shard, 0 for no limit. */
    public long retainBytes()
    {
        return retainBytes;
    }

    /** @return "none", "on-close" or "per-block". */
    public String fsync()
    {
        return fsync;
    }

    /** @return journal block size in bytes. */
    public int blockBytes()
    {
        return (int)blockBytes;
    }

    /** @return written journal bytes the background thread syncs at a time; 0 leaves write-back to the kernel. */
    public long writeBehindBytes()
    {
        return writeBehindBytes;
    }

    /** @return whether written-back journal pages are dropped from the page cache. */
    public boolean dropWrittenPages()
    {
        return dropWrittenPages;
    }

    /** @return whether the journal's background thread reads each page it made writable ahead of a fast writer. */
    public boolean pretouchRead()
    {
        return pretouchRead;
    }

    /** @return whether the journal writes PACKED records (format version 5) where they fit. */
    public boolean journalPacked()
    {
        return journalPacked;
    }

    /** @return whether the journal maps its chunks with 2 MiB pages where the kernel can. */
    public boolean hugePages()
    {
        return hugePages;
    }

    /**
     * @return pause of the journal's background thread between rounds.
     */
    public long pretouchIntervalNanos()
    {
        return pretouchIntervalNanos;
    }

    /**
     * @return bytes ahead of the journal writer that its background thread pre-faults (reads).
     */
    public long pretouchAheadBytes()
    {
        return pretouchAheadBytes;
    }

    /**
     * @return bytes ahead of the journal writer that its background thread makes writable.
     */
    public long pretouchWritableBytes()
    {
        return pretouchWritableBytes;
    }

    /** @return size of the chunks a journal cycle file is mapped in, bytes. */
    public long chunkBytes()
    {
        return chunkBytes;
    }

    /** @return how long a journaled record may wait for its block's group commit, ns; 0 flushes every batch. */
    public long flushIntervalNanos()
    {
        return flushIntervalNanos;
    }

    /** @return true if shard counters are published in a counters file. */
    public boolean countersEnabled()
    {
        return countersEnabled;
    }

    /** @return path of the counters file. */
    public String countersFile()
    {
        return countersFile;
    }

    /**
     * @return "prometheus" to serve the counters over HTTP at {@link #endpoint()} while the run runs, or "none".
     */
    public String exporter()
    {
        return exporter;
    }

    /**
     * @return where the exporter listens, {@code HOST:PORT}.
     */
    public String endpoint()
    {
        return endpoint;
    }

    /**
     * @return the recorded feed file the run reads its inputs from, or "" for the synthetic order flow.
     */
    public String feedFile()
    {
        return feedFile;
    }

    /**
     * @return what a malformed line of the feed file does.
     */
    public MarketFeedFile.OnError feedOnError()
    {
        return MarketFeedFile.OnError.valueOf(feedOnError.toUpperCase(Locale.ROOT));
    }

    /**
     * @return how long a network feed's upstream may send nothing before the feed ends with an error, ns; 0 for no
     * limit. Other feeds are not timed.
     */
    public long feedIdleTimeoutNanos()
    {
        return feedIdleTimeoutNanos;
    }

    /**
     * @return where each key's value came from, for the run summary and the journal's config copy.
     */
    public Map<String, String> sources()
    {
        return sources;
    }

    /**
     * A stable hash of the configuration, written in journal headers so a replay can tell it has the right
     * configuration: of every key but those below, keys that change nothing a shard dispatches among them
     * ({@code run.progress}, {@code telemetry.counters}, the journal's tuning), so that two runs of one flow
     * differing only in those carry different hashes. Where files are (journal, counters and feed file paths) is left
     * out: the same run written to two directories, or fed from two copies of a file, is the same run. So is
     * {@code engine.wheel_capacity}, which says only when a shard's wheel grows, not what it dispatches, and so are the
     * exporter of the counters ({@code telemetry.exporter}, {@code telemetry.endpoint}) and how long a quiet network
     * feed is waited for ({@code feed.idle_timeout}).
     *
     * @return 64-bit FNV-1a over the canonical TOML text without its paths, wheel capacity, exporter and idle timeout.
     */
    public long hash()
    {
        return hashOf(toToml());
    }

    /**
     * The {@link #hash()} of a configuration as its {@link #toToml()} text gave it: a run's {@code run.toml} as it was
     * written gives the hash in its journal headers whichever release wrote it (re-serializing the loaded file would
     * add the keys a later release knows, with their defaults, and give another hash).
     *
     * @param toml TOML text written by {@link #toToml()}, whose LF line endings may have become CRLF since (a copy
     *             through a tool that converts a text file's line endings): the hash is that of its LF form, since
     *             {@link #toToml()} never writes a carriage return (it escapes one in a path).
     * @return 64-bit FNV-1a over the text without its paths, wheel capacity, exporter and idle timeout.
     */
    public static long hashOf(final String toml)
    {
        return ConfigToml.hashOf(toml);
    }

    /**
     * @return the resolved configuration as TOML, loadable by {@link ConfigLoader}.
     */
    public String toToml()
    {
        return ConfigToml.toToml(this);
    }
}
