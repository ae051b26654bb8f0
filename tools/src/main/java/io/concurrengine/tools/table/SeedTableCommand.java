package io.concurrengine.tools.table;

import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.RunJob;
import io.concurrengine.tools.run.RunSummary;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code concurrengine benchmark}: the product page's benchmark table, each figure measured on this machine by this
 * command or marked "not measurable yet" with the reason.
 */
@Command(
    name = "benchmark",
    mixinStandardHelpOptions = true,
    description = {
        "Measure the seed's benchmark table on this machine and print it as Markdown.",
        "",
        "A max-rate burst (events/s), a paced run (P99 latency, thread utilisation, memory overhead) and the cold "
            + "start."
    })
public final class SeedTableCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--events", paramLabel = "N", defaultValue = "20000000",
        description = "inputs of the max-rate burst (default 20000000)")
    long burstEvents;

    @Option(names = "--paced-rate", paramLabel = "R", defaultValue = "1000000",
        description = "inputs per second of the paced run (default 1000000)")
    long pacedRate;

    @Option(names = "--paced-duration", paramLabel = "D", defaultValue = "30s",
        description = "length of the paced run (default 30s)")
    String pacedDuration;

    @Option(names = "--shards", paramLabel = "N", defaultValue = "2", description = "shards (default 2)")
    int shards;

    @Option(names = "--dir", paramLabel = "DIR", defaultValue = "data/benchmark",
        description = "journal and results directory (default data/benchmark)")
    Path directory;

    @Override
    public Integer call() throws IOException
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ResourceProbe burst;
        final ResourceProbe paced;
        try
        {
            burst = measure(Map.of("run.events", Long.toString(burstEvents), "run.duration", "0s",
                "run.rate", "max"), "burst", err);
            paced = measure(Map.of("run.events", "0", "run.duration", pacedDuration,
                "run.rate", Long.toString(pacedRate)), "paced", err);
        }
        catch (final ConfigException ex)
        {
            err.println("concurrengine benchmark: " + ex.getMessage());
            err.flush();
            return 2;
        }
        if (null == burst || null == paced)
        {
            return 1;
        }
        final String table = table(burst, paced);
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("benchmark-table.md"), table, StandardCharsets.UTF_8);
        out.print(table);
        out.flush();
        return 0;
    }

    private ResourceProbe measure(final Map<String, String> run, final String name, final PrintWriter err)
    {
        final Map<String, String> flags = new LinkedHashMap<>(run);
        flags.put("engine.shards", Integer.toString(shards));
        flags.put("journal.dir", directory.resolve(name).toString());
        flags.put("run.progress", "false");
        flags.put("telemetry.counters", "false");
        final EngineConfig config = new ConfigLoader().load(null, Map.of(), flags);
        final ResourceProbe probe = new ResourceProbe();
        final StringWriter summary = new StringWriter();
        err.println("concurrengine benchmark: " + name + " run ...");
        err.flush();
        final int exit = new RunJob(config, new PrintWriter(summary), err, false, false, probe).execute();
        err.print(summary);
        err.flush();
        return exit == 0 ? probe : null;
    }

    private String table(final ResourceProbe burst, final ResourceProbe paced)
    {
        final RunSummary b = burst.summary();
        final RunSummary p = paced.summary();
        final int cores = Runtime.getRuntime().availableProcessors();
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Measured %s on %d cores, %s %s, %d shards + 1 feed thread, " +
            "journaling on, market model.%n%n", Instant.now(), cores, System.getProperty("java.vm.name"),
            System.getProperty("java.version"), shards));
        out.append("| METRIC | VALUE | HOW |\n|---|---|---|\n");
        row(out, "Events / sec", String.format(Locale.ROOT, "%,.0f", b.eventsPerSecond()),
            String.format(Locale.ROOT, "max-rate burst of %,d inputs, %,d events dispatched", b.inputs(), b.events()));
        row(out, "P99 Latency", String.format(Locale.ROOT, "%.1f µs",
            p.dispatchLatency().getValueAtPercentile(99) / 1000.0),
            String.format(Locale.ROOT, "publish to dispatch, paced %,d inputs/s for %s, coordinated-omission " +
            "corrected (P50 %.1f µs, P99.9 %.1f µs, max %.1f µs)", pacedRate, pacedDuration,
            p.dispatchLatency().getValueAtPercentile(50) / 1000.0,
            p.dispatchLatency().getValueAtPercentile(99.9) / 1000.0, p.dispatchLatency().getMaxValue() / 1000.0));
        row(out, "Thread Utilization", String.format(Locale.ROOT, "%.0f%%", 100 * paced.shardUtilisation()),
            "CPU time of the shard threads over wall time during the paced run (burst: " +
            String.format(Locale.ROOT, "%.0f%%", 100 * burst.shardUtilisation()) + ")");
        row(out, "Memory Overhead", String.format(Locale.ROOT, "%,d MB",
            paced.peakRssBytes() / (1024 * 1024)),
            String.format(Locale.ROOT, "peak resident set of the whole JVM during the paced run (heap %,d MB, " +
            "direct %,d MB, mapped journal %,d MB)", paced.peakHeapBytes() >> 20, paced.peakDirectBytes() >> 20,
            paced.peakMappedBytes() >> 20));
        row(out, "Fault Recovery", "not measurable yet",
            "needs the supervision tree and snapshot-based crash recovery, which are later work");
        row(out, "Max Concurrent Actors", "not measurable yet",
            "the engine has no actor runtime yet; the market model ran " + "instruments as keys, not actors");
        row(out, "Cold Start Time", String.format(Locale.ROOT, "%,d ms", burst.coldStartMillis()),
            "JVM launch to engine RUNNING (class loading, journal creation, shard threads started)");
        row(out, "Snapshot Throughput", "not measurable yet", "the snapshot vault is later work");
        out.append(String.format(Locale.ROOT, "%nBurst journal: %,d bytes (%.1f bytes/event); state hash %s.%n",
            b.journalBytes(), b.journalBytesPerEvent(), b.stateHashHex()));
        return out.toString();
    }

    private static void row(final StringBuilder out, final String metric, final String value, final String how)
    {
        out.append("| ").append(metric).append(" | ").append(value).append(" | ").append(how).append(" |\n");
    }
}
