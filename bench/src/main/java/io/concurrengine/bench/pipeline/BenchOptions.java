package io.concurrengine.bench.pipeline;

import io.concurrengine.tools.feed.PacedFeed;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command-line options of {@link PipelineBenchmark}: {@code MODE [--name value]...}. Every option has a default; an
 * unknown option or a bad value is an {@link IllegalArgumentException} naming it.
 */
final class BenchOptions
{
    static final String USAGE = String.join("\n",
        "usage: PipelineBenchmark burst|paced|sustained|replay|suite [options]",
        "  --out DIR               results directory (bench/results/pipeline)",
        "  --name NAME             result file prefix (the mode)",
        "  --work DIR              journal work directory, deleted after each run (<tmp>/concurrengine-pipeline-bench)",
        "  --pipelines LIST        disruptor,abq (feed-only: the publisher alone, no pipeline)",
        "  --feed-only-seconds S   burst phase: one feed-only run first, the feed's ceiling (10; 0 for none)",
        "  --journal LIST          on,off (sustained: always journaled; with off, as long a run unjournaled after it)",
        "  --models LIST           market | trivial | market,trivial (market)",
        "  --seconds S             burst run length (30)",
        "  --events N              burst inputs per run instead of --seconds (0)",
        "  --rounds N              interleaved A/B rounds (2)",
        "  --rates LIST            paced rates, inputs/s, e.g. 1M,half; half = half the journaled engine's max (1M,half)",
        "  --max-rate R            the max that 'half' halves (default: measured by a burst in the same run)",
        "  --paced-seconds S       paced run length (12)",
        "  --skip-seconds S        warm-up left out of latency/allocation/steady figures (2; sustained 10)",
        "  --sample-seconds S      timeline interval (1; sustained 10)",
        "  --warmup-seconds S      discarded warm-up run per pipeline x journal before measuring (3; 0 for none)",
        "  --sustained-seconds S   sustained run length (600)",
        "  --disk-probe-bytes N    bytes written by the disk bandwidth probe (2147483648)",
        "  --replay-passes N       sequential replay passes (2)",
        "  --shards N (2)  --ring-size N (65536)  --batch-limit N (256)  --idle backoff|yielding|busy-spin (backoff)",
        "  --seed N (42)   --hgrm true|false (true)",
        "  --pretouch-ahead-bytes N  journal.pretouch_ahead_bytes of the journaled runs (default: the engine's)",
        "  --pretouch-writable-bytes N  journal.pretouch_writable_bytes of the journaled runs (default: the engine's)",
        "  --set K=V[,K=V]...      engine.toml keys for every run, e.g. journal.flush_interval=5ms (none)",
        "  --feed synthetic|recorded  unpaced runs: generate the order flow while publishing (synthetic), or publish",
        "                          a recording of it made before the run, in laps (recorded: the pipeline's ceiling",
        "                          rather than the generator's) (synthetic)",
        "  --recorded-inputs N     inputs in the recording (8388608)",
        "  --publish-batch N       recorded feed: inputs per Engine.publish(InputBatch) call, a divisor of 64; 1",
        "                          publishes each input on its own; the ABQ pipeline always does (1)",
        "  --write-behind-bytes N  journal.write_behind_bytes of the journaled runs (default: the engine's default)",
        "  --pacing park|spin      how the paced feed waits for an input's time (park: publishes what came due when it",
        "                          wakes; spin: spins through waits under 50 µs, a core busy at 1M/s) (park)",
        "  --tickers N             threads that only wake every millisecond, as the journal's pre-touchers do, added",
        "                          to every run: a control for how the scheduler treats the process (0)");

    /** Options that set one engine.toml key each, and the key. */
    private static final Map<String, String> KEY_OPTIONS = Map.of(
        "write-behind-bytes", "journal.write_behind_bytes",
        "pretouch-ahead-bytes", "journal.pretouch_ahead_bytes",
        "pretouch-writable-bytes", "journal.pretouch_writable_bytes");

    private final Map<String, String> values = new LinkedHashMap<>();
    private final String mode;

    private BenchOptions(final String mode)
    {
        this.mode = mode;
        final boolean sustained = "sustained".equals(mode);
        values.put("out", "bench/results/pipeline");
        values.put("name", mode);
        values.put("work", Path.of(System.getProperty("java.io.tmpdir"), "concurrengine-pipeline-bench").toString());
        values.put("pipelines", "disruptor,abq");
        values.put("journal", "on,off");
        values.put("models", "market");
        values.put("seconds", "30");
        values.put("events", "0");
        values.put("rounds", "2");
        values.put("rates", "1M,half");
        values.put("max-rate", "0");
        values.put("paced-seconds", "12");
        values.put("skip-seconds", sustained ? "10" : "2");
        values.put("sample-seconds", sustained ? "10" : "1");
        values.put("warmup-seconds", "3");
        values.put("feed-only-seconds", "10");
        values.put("sustained-seconds", "600");
        values.put("disk-probe-bytes", Long.toString(2L << 30));
        values.put("replay-passes", "2");
        values.put("shards", "2");
        values.put("ring-size", "65536");
        values.put("batch-limit", "256");
        values.put("idle", "backoff");
        values.put("pacing", "park");
        values.put("seed", "42");
        values.put("hgrm", "true");
        values.put("tickers", "0");
        values.put("write-behind-bytes", "");
        values.put("feed", "synthetic");
        values.put("pretouch-writable-bytes", "");
        values.put("pretouch-ahead-bytes", "");
        values.put("set", "");
        values.put("recorded-inputs", Integer.toString(1 << 23));
        values.put("publish-batch", "1");
    }

    static BenchOptions parse(final String[] args)
    {
        if (args.length < 1 || !List.of("burst", "paced", "sustained", "replay", "suite").contains(args[0]))
        {
            throw new IllegalArgumentException("mode=" + (args.length < 1 ? "none" : args[0]) + "\n" + USAGE);
        }
        final BenchOptions options = new BenchOptions(args[0]);
        for (int i = 1; i < args.length; i += 2)
        {
            final String arg = args[i];
            if (!arg.startsWith("--") || !options.values.containsKey(arg.substring(2)))
            {
                throw new IllegalArgumentException("unknown option=" + arg + "\n" + USAGE);
            }
            if (i + 1 >= args.length)
            {
                throw new IllegalArgumentException("option=" + arg + " needs a value");
            }
            options.values.put(arg.substring(2), args[i + 1]);
        }
        options.validate();
        return options;
    }

    private void validate()
    {
        for (final String pipeline : pipelines())
        {
            check(List.of("disruptor", "abq", "feed-only").contains(pipeline), "pipelines", pipeline);
        }
        for (final String model : models())
        {
            check(List.of("market", "trivial").contains(model), "models", model);
        }
        for (final String journal : list("journal"))
        {
            check(List.of("on", "off").contains(journal), "journal", journal);
        }
        for (final String rate : list("rates"))
        {
            check("half".equals(rate) || parseRate(rate) > 0, "rates", rate);
        }
        check(rounds() >= 1, "rounds", rounds());
        check(shards() >= 1, "shards", shards());
        check(seconds() > 0 || events() > 0, "seconds", seconds());
        check(List.of("backoff", "yielding", "busy-spin").contains(idle()), "idle", idle());
        pacing();
        check(List.of("synthetic", "recorded").contains(feed()), "feed", feed());
        settings();
        check(recordedInputs() >= RecordedFeed.CLOCK_STRIDE && recordedInputs() % RecordedFeed.CLOCK_STRIDE == 0,
            "recorded-inputs", recordedInputs());
        check(publishBatch() >= 1 && RecordedFeed.CLOCK_STRIDE % publishBatch() == 0, "publish-batch", publishBatch());
    }

    private static void check(final boolean ok, final String name, final Object value)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(name + "=" + value + " is not allowed\n" + USAGE);
        }
    }

    static double parseRate(final String text)
    {
        final String s = text.trim().toUpperCase(Locale.ROOT).replace("_", "");
        try
        {
            if (s.endsWith("M"))
            {
                return Double.parseDouble(s.substring(0, s.length() - 1)) * 1e6;
            }
            if (s.endsWith("K"))
            {
                return Double.parseDouble(s.substring(0, s.length() - 1)) * 1e3;
            }
            return Double.parseDouble(s);
        }
        catch (final NumberFormatException ex)
        {
            return -1;
        }
    }

    private List<String> list(final String name)
    {
        return Arrays.stream(values.get(name).split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
    }

    private double number(final String name)
    {
        try
        {
            return Double.parseDouble(values.get(name));
        }
        catch (final NumberFormatException ex)
        {
            throw new IllegalArgumentException(name + "=" + values.get(name) + " is not a number");
        }
    }

    String mode()
    {
        return mode;
    }

    Path out()
    {
        return Path.of(values.get("out"));
    }

    String name()
    {
        return values.get("name");
    }

    Path work()
    {
        return Path.of(values.get("work"));
    }

    List<String> pipelines()
    {
        return list("pipelines");
    }

    List<Boolean> journal()
    {
        return list("journal").stream().map("on"::equals).toList();
    }

    List<String> models()
    {
        return list("models");
    }

    double seconds()
    {
        return number("seconds");
    }

    long events()
    {
        return (long)number("events");
    }

    int rounds()
    {
        return (int)number("rounds");
    }

    List<String> rates()
    {
        return list("rates");
    }

    double maxRate()
    {
        return parseRate(values.get("max-rate"));
    }

    double pacedSeconds()
    {
        return number("paced-seconds");
    }

    double skipSeconds()
    {
        return number("skip-seconds");
    }

    double sampleSeconds()
    {
        return number("sample-seconds");
    }

    double warmupSeconds()
    {
        return number("warmup-seconds");
    }

    double feedOnlySeconds()
    {
        return number("feed-only-seconds");
    }

    double sustainedSeconds()
    {
        return number("sustained-seconds");
    }

    long diskProbeBytes()
    {
        return (long)number("disk-probe-bytes");
    }

    int replayPasses()
    {
        return (int)number("replay-passes");
    }

    int shards()
    {
        return (int)number("shards");
    }

    int ringSize()
    {
        return (int)number("ring-size");
    }

    int batchLimit()
    {
        return (int)number("batch-limit");
    }

    String idle()
    {
        return values.get("idle");
    }

    PacedFeed.Pacing pacing()
    {
        final String pacing = values.get("pacing");
        check("park".equals(pacing) || "spin".equals(pacing), "pacing", pacing);
        return PacedFeed.Pacing.valueOf(pacing.toUpperCase(Locale.ROOT));
    }

    /**
     * @return engine.toml keys and values to set on every run: those of the options named after a key (e.g.
     * {@code --write-behind-bytes}), then those of {@code --set}, in order; empty if none.
     */
    Map<String, String> settings()
    {
        final Map<String, String> settings = new LinkedHashMap<>();
        for (final Map.Entry<String, String> option : KEY_OPTIONS.entrySet())
        {
            final String value = values.get(option.getKey());
            if (!value.isEmpty())
            {
                settings.put(option.getValue(), value);
            }
        }
        final String raw = values.get("set");
        if (!raw.isEmpty())
        {
            for (final String pair : raw.split(","))
            {
                final int eq = pair.indexOf('=');
                check(eq > 0 && eq < pair.length() - 1, "set", pair);
                settings.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
            }
        }
        return settings;
    }

    String feed()
    {
        return values.get("feed");
    }

    int recordedInputs()
    {
        return (int)number("recorded-inputs");
    }

    int publishBatch()
    {
        return (int)number("publish-batch");
    }

    long seed()
    {
        return (long)number("seed");
    }

    int tickers()
    {
        return (int)number("tickers");
    }

    boolean hgrm()
    {
        return Boolean.parseBoolean(values.get("hgrm"));
    }

    Map<String, String> asMap()
    {
        return new LinkedHashMap<>(values);
    }
}
