package io.concurrengine.tools.telemetry;

import io.concurrengine.pipeline.ShardCounters;
import io.concurrengine.tools.PrintableText;
import org.agrona.concurrent.status.CountersReader;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The counters of a counters file in the Prometheus text exposition format (version 0.0.4), for an endpoint to serve
 * or a file for a node exporter's textfile collector to pick up.
 * <p>
 * Each counter becomes one sample. Its label names the family: {@code shard-N: <name>} is
 * {@code concurrengine_shard_<name>} with the label {@code shard="N"}, {@code engine: <name>} is
 * {@code concurrengine_engine_<name>}, anything else {@code concurrengine_<name>}; the name is lower case with every
 * run of other characters one underscore. A cumulative counter ({@link ShardCounters#CUMULATIVE_TYPE_ID}) is a
 * {@code counter} named with {@code _total}, a level a {@code gauge}. A name ending in {@code _ns} is in seconds
 * ({@code _seconds}, the value divided by 10<sup>9</sup>, written as its exact decimal in plain digits), the unit
 * Prometheus expects. Families come in the order of their first counter, samples in counter order. Counters that
 * would give one series (the same label: engines that share a counters manager, built one after another or running
 * at once) are told apart by the label {@code counter_id="N"}, their Agrona counter id, which stays theirs while the
 * file lasts: Prometheus rejects an exposition with two samples of one series. Stateless, threadsafe.
 * <p>
 * {@link #renderRun} gives the run that owns the file: its state ({@code concurrengine_run_state}, one sample a state,
 * 1 for the run's), its start and the time its values are from, for a reader of a file whose run may have ended (a
 * textfile collector fed by {@code stat --prometheus}) to tell stale values from live ones.
 */
public final class PrometheusText
{
    /** The content type of the format. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final String PREFIX = "concurrengine_";
    /** Decimal places of a value in ns given in seconds. */
    private static final int NANOS_SCALE = 9;
    private static final String STATE_RUNNING = "running";
    private static final String STATE_FINISHED = "finished";
    private static final String STATE_STOPPED = "stopped";

    private PrometheusText()
    {
    }

    /**
     * @param counters   the counters file.
     * @param running    whether its owner was running as its values were read ({@link CountersFile#ownerRunning()}).
     * @param nowMillis  epoch milliseconds now: the time of a running engine's values.
     * @return the run's state, start and the time of its values as exposition text, ending with a line feed. The time
     * of the values is left out where the file does not record it (an owner killed before its first heartbeat, or one
     * written by an earlier build). A run whose engine has stopped but which has not finished yet (it reports) is
     * running, with its values as of when its engine stopped.
     */
    public static String renderRun(final CountersFile counters, final boolean running, final long nowMillis)
    {
        final String state = running ? STATE_RUNNING : counters.ownerFinished() ? STATE_FINISHED : STATE_STOPPED;
        final StringBuilder out = new StringBuilder();
        family(out, PREFIX + "run_state", "the state of the run that owns the counters: running, finished, or " +
            "stopped without finishing (its process gone)", "gauge");
        for (final String each : new String[] {STATE_RUNNING, STATE_FINISHED, STATE_STOPPED})
        {
            out.append(PREFIX).append("run_state{state=\"").append(each).append("\"} ")
                .append(each.equals(state) ? 1 : 0).append('\n');
        }
        family(out, PREFIX + "run_start_time_seconds", "when the run started, in seconds since the epoch", "gauge");
        out.append(PREFIX).append("run_start_time_seconds ").append(seconds(counters.startTimeMillis())).append('\n');
        final long valuesMillis = valuesTimeMillis(counters, running, nowMillis);
        if (0 != valuesMillis)
        {
            family(out, PREFIX + "run_values_time_seconds", "when the counters held the values given, in seconds " +
                "since the epoch: now while the engine runs, then when it stopped (its finish) or its last " +
                "heartbeat", "gauge");
            out.append(PREFIX).append("run_values_time_seconds ").append(seconds(valuesMillis)).append('\n');
        }
        return out.toString();
    }

    /**
     * @param counters  the counters file.
     * @param running   whether its owner was running as its values were read.
     * @param nowMillis epoch milliseconds now.
     * @return epoch milliseconds the values are from: the finish time once they are final (the engine stopped, even
     * while its run still runs, reporting), now for a running engine, a stopped one's last heartbeat; 0 where the
     * file does not record it. Read before the values: once it is the finish time, they are final.
     */
    static long valuesTimeMillis(final CountersFile counters, final boolean running, final long nowMillis)
    {
        final long finished = counters.finishTimeMillis();
        if (0 != finished || (!running && counters.ownerFinished()))
        {
            return finished;
        }
        return running ? nowMillis : counters.heartbeatMillis();
    }

    /**
     * A family's HELP and TYPE lines.
     */
    private static void family(final StringBuilder out, final String name, final String help, final String type)
    {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n');
        out.append("# TYPE ").append(name).append(' ').append(type).append('\n');
    }

    private static String seconds(final long millis)
    {
        return String.format(Locale.ROOT, "%d.%03d", Math.floorDiv(millis, 1000), Math.floorMod(millis, 1000));
    }

    /**
     * @param reader the counters.
     * @return every allocated counter as exposition text, ending with a line feed (empty without counters).
     */
    public static String render(final CountersReader reader)
    {
        final Map<String, Family> families = new LinkedHashMap<>();
        reader.forEach((counterId, typeId, keyBuffer, label) ->
        {
            final Sample sample = sample(counterId, label, typeId, reader.getCounterValue(counterId));
            families.computeIfAbsent(sample.family, (name) -> new Family(name, typeId, sample.help))
                .samples.add(sample);
        });
        final StringBuilder out = new StringBuilder();
        for (final Family family : families.values())
        {
            family(out, family.name, family.help,
                ShardCounters.CUMULATIVE_TYPE_ID == family.typeId ? "counter" : "gauge");
            final Map<String, Integer> series = new HashMap<>();
            for (final Sample sample : family.samples)
            {
                series.merge(String.valueOf(sample.shard), 1, Integer::sum);
            }
            for (final Sample sample : family.samples)
            {
                final List<String> labels = new ArrayList<>(2);
                if (null != sample.shard)
                {
                    labels.add("shard=\"" + sample.shard + "\"");
                }
                if (series.get(String.valueOf(sample.shard)) > 1) // counters of engines sharing a counters manager
                {
                    labels.add("counter_id=\"" + sample.counterId + "\"");
                }
                out.append(family.name);
                if (!labels.isEmpty())
                {
                    out.append('{').append(String.join(",", labels)).append('}');
                }
                out.append(' ').append(sample.value).append('\n');
            }
        }
        return out.toString();
    }

    private static Sample sample(final int counterId, final String label, final int typeId, final long value)
    {
        final String shard = ShardCounters.shardOf(label);
        String scope = "";
        String name = label;
        if (null != shard)
        {
            scope = "shard_";
            name = ShardCounters.nameOf(label);
        }
        else if (label.startsWith(ShardCounters.ENGINE_LABEL_PREFIX))
        {
            scope = "engine_";
            name = label.substring(ShardCounters.ENGINE_LABEL_PREFIX.length());
        }
        String family = PREFIX + scope + snakeCase(name);
        String help = name;
        String text = Long.toString(value);
        if (family.endsWith("_ns"))
        {
            family = family.substring(0, family.length() - "_ns".length()) + "_seconds";
            help = help.substring(0, help.length() - "ns".length()).trim() + ", in seconds";
            // exact, and in plain digits: a double's text is 7.6E-5 below a millisecond
            text = BigDecimal.valueOf(value, NANOS_SCALE).stripTrailingZeros().toPlainString();
        }
        if (ShardCounters.CUMULATIVE_TYPE_ID == typeId)
        {
            family += "_total";
        }
        return new Sample(counterId, family, (null == shard ? "" : "per shard: ") + escapeHelp(help), shard, text);
    }

    /**
     * @return {@code text} in lower case with each run of characters other than {@code [a-z0-9]} one underscore, none
     * at either end.
     */
    static String snakeCase(final String text)
    {
        final StringBuilder name = new StringBuilder(text.length());
        boolean gap = false;
        for (final char c : text.toLowerCase(Locale.ROOT).toCharArray())
        {
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
            {
                if (gap && name.length() > 0)
                {
                    name.append('_');
                }
                name.append(c);
                gap = false;
            }
            else
            {
                gap = true;
            }
        }
        return name.toString();
    }

    /**
     * @return a label as HELP text: its characters that are not printable escaped as {@code stat} prints them
     * ({@link PrintableText}), since the exposition may be read on a terminal (an ESC sequence in a damaged or foreign
     * file's label recoloured or erased it), then the format's escapes of a backslash and a line feed.
     */
    private static String escapeHelp(final String text)
    {
        return PrintableText.escape(text).replace("\\", "\\\\").replace("\n", "\\n");
    }

    private static final class Family
    {
        final String name;
        final int typeId;
        final String help;
        final List<Sample> samples = new ArrayList<>();

        Family(final String name, final int typeId, final String help)
        {
            this.name = name;
            this.typeId = typeId;
            this.help = help;
        }
    }

    private record Sample(int counterId, String family, String help, String shard, String value)
    {
    }
}
