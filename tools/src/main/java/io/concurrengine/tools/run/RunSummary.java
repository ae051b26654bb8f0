package io.concurrengine.tools.run;

import org.HdrHistogram.Histogram;

import java.util.Locale;

/**
 * What a run did, as a person reads it and as one JSON object for scripts.
 *
 * @param inputs            inputs accepted by the shards.
 * @param published         inputs the feed offered.
 * @param refused           inputs refused by backpressure (dropped or rejected).
 * @param events            events dispatched, inputs and timers.
 * @param failedDispatches  dispatches whose handler threw.
 * @param elapsedNanos      wall time from start to stopped.
 * @param shards            shard count.
 * @param timeMode          event-time or wall-clock.
 * @param rate              paced rate, 0 for max.
 * @param seed              feed seed.
 * @param dispatchLatency   publish to dispatch, ns.
 * @param journalLatency    publish to journaled, ns.
 * @param journalDir        journal root, or null when journaling is off.
 * @param journalBytes      bytes of journal files on disk.
 * @param stateHash         combined state hash.
 * @param replayCommand     the command that verifies the journal.
 * @param failure           why the engine failed, or null.
 */
public record RunSummary(
    long inputs,
    long published,
    long refused,
    long events,
    long failedDispatches,
    long elapsedNanos,
    int shards,
    String timeMode,
    double rate,
    long seed,
    Histogram dispatchLatency,
    Histogram journalLatency,
    String journalDir,
    long journalBytes,
    long stateHash,
    String replayCommand,
    String failure)
{
    /**
     * @return events dispatched per second of wall time.
     */
    public double eventsPerSecond()
    {
        return elapsedNanos == 0 ? 0 : events * 1e9 / elapsedNanos;
    }

    /**
     * @return inputs accepted per second of wall time.
     */
    public double inputsPerSecond()
    {
        return elapsedNanos == 0 ? 0 : inputs * 1e9 / elapsedNanos;
    }

    /**
     * @return journal bytes on disk per dispatched event.
     */
    public double journalBytesPerEvent()
    {
        return events == 0 ? 0 : (double)journalBytes / events;
    }

    /**
     * @return the state hash as 16 hex digits.
     */
    public String stateHashHex()
    {
        return String.format(Locale.ROOT, "%016x", stateHash);
    }

    /**
     * @return the summary as a person reads it.
     */
    public String toText()
    {
        final StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT,
            "run: %,d inputs -> %,d events dispatched in %.2f s: %,.0f events/s (%,.0f inputs/s)%n",
            inputs, events, elapsedNanos / 1e9, eventsPerSecond(), inputsPerSecond()));
        out.append(String.format(Locale.ROOT, "     %d shards, %s, rate %s, seed %d, refused %,d, failed dispatches %,d%n",
            shards, timeMode, rate == 0 ? "max" : String.format(Locale.ROOT, "%,.0f/s", rate), seed, refused,
            failedDispatches));
        out.append("latency publish->dispatch  ").append(percentiles(dispatchLatency)).append('\n');
        if (null != journalDir)
        {
            out.append("latency publish->journaled ").append(percentiles(journalLatency)).append('\n');
            out.append(String.format(Locale.ROOT, "journal: %s, %,d bytes on disk (%.1f bytes/event)%n",
                journalDir, journalBytes, journalBytesPerEvent()));
        }
        else
        {
            out.append("journal: off\n");
        }
        out.append("state hash: ").append(stateHashHex()).append('\n');
        if (null != failure)
        {
            out.append("FAILED: ").append(failure).append('\n');
        }
        else if (null != replayCommand)
        {
            out.append("next: ").append(replayCommand).append('\n');
        }
        return out.toString();
    }

    private static String percentiles(final Histogram histogram)
    {
        return String.format(Locale.ROOT, "p50 %s  p99 %s  p99.9 %s  max %s  (%,d samples)",
            micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(99)),
            micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue()),
            histogram.getTotalCount());
    }

    private static String micros(final long nanos)
    {
        return String.format(Locale.ROOT, "%.1fµs", nanos / 1000.0);
    }

    /**
     * @return the summary as one JSON object.
     */
    public String toJson()
    {
        final StringBuilder out = new StringBuilder(512).append('{');
        field(out, "inputs", inputs);
        field(out, "published", published);
        field(out, "refused", refused);
        field(out, "events", events);
        field(out, "failedDispatches", failedDispatches);
        field(out, "elapsedSeconds", elapsedNanos / 1e9);
        field(out, "eventsPerSecond", eventsPerSecond());
        field(out, "inputsPerSecond", inputsPerSecond());
        field(out, "shards", shards);
        field(out, "timeMode", timeMode);
        field(out, "rate", rate == 0 ? "max" : Double.toString(rate));
        field(out, "seed", seed);
        latency(out, "latencyNanos", dispatchLatency);
        latency(out, "journaledLatencyNanos", journalLatency);
        field(out, "journalDir", journalDir);
        field(out, "journalBytes", journalBytes);
        field(out, "journalBytesPerEvent", journalBytesPerEvent());
        field(out, "stateHash", stateHashHex());
        field(out, "replayCommand", replayCommand);
        field(out, "failure", failure);
        out.setLength(out.length() - 1);
        return out.append('}').toString();
    }

    private static void latency(final StringBuilder out, final String name, final Histogram histogram)
    {
        out.append('"').append(name).append("\":{\"p50\":").append(histogram.getValueAtPercentile(50))
            .append(",\"p99\":").append(histogram.getValueAtPercentile(99))
            .append(",\"p999\":").append(histogram.getValueAtPercentile(99.9))
            .append(",\"max\":").append(histogram.getMaxValue())
            .append(",\"count\":").append(histogram.getTotalCount()).append("},");
    }

    private static void field(final StringBuilder out, final String name, final Object value)
    {
        out.append('"').append(name).append("\":");
        if (null == value)
        {
            out.append("null");
        }
        else if (value instanceof Number)
        {
            final double d = ((Number)value).doubleValue();
            out.append(value instanceof Double && (Double.isNaN(d) || Double.isInfinite(d)) ? "null" : value);
        }
        else
        {
            out.append('"');
            final String text = value.toString();
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c == '"' || c == '\\')
                {
                    out.append('\\').append(c);
                }
                else if (c < 0x20)
                {
                    out.append(String.format(Locale.ROOT, "\\u%04x", (int)c));
                }
                else
                {
                    out.append(c);
                }
            }
            out.append('"');
        }
        out.append(',');
    }
}
