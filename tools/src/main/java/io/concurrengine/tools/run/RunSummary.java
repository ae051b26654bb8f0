package io.concurrengine.tools.run;

import io.concurrengine.journal.JournalQuery;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.model.market.MarketCounters;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.FeedAddress;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.PacedFeed;
import io.concurrengine.tools.json.JsonWriter;
import org.HdrHistogram.Histogram;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
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
 * @param warmupNanos       how long a throwaway engine ran before this one ({@code run.warmup}, or benchmark's burst
 *                          before its paced run), ns; 0 for none.
 * @param dispatchLatency   publish to dispatch, ns.
 * @param journalLatency    publish to journaled, ns.
 * @param journalDir        journal root, or null when journaling is off.
 * @param journalBytes      bytes the shards wrote to their journals (records and block headers).
 * @param journalFileBytes  apparent size of the files in the journal directory: the cycle files with Chronicle's
 *                          pre-allocated chunks and indexes, its tables, {@code run.toml} and {@code run.lock}.
 * @param stateHash         combined state hash.
 * @param replayCommand     the command that verifies the journal, quoted for a POSIX shell where it needs it (in
 *                          single quotes, any control character as it is: {@link #toText()} prints it for a
 *                          terminal); null when journaling is off or the journal cannot be replayed.
 * @param failure           why the engine failed or the feed stopped early, or null.
 * @param feedFile          the recorded feed file read, or null for the synthetic flow.
 * @param feedLines         lines of the feed file read.
 * @param malformedFeedLines malformed lines of the feed file skipped ({@code feed.on_error = "skip"}).
 * @param stoppedEarly      a stop was asked for (Ctrl-C, SIGTERM) before the run reached its end.
 * @param modelRejected     inputs the market model rejected (unknown or duplicate order, price out of band, invalid
 *                          field such as an instrument beyond those configured); each is still journaled.
 * @param backpressure      what a full ring did to an input ({@code engine.backpressure}: block, drop or reject).
 * @param unsentDueInputs   inputs of a paced run's schedule that were due but never sent, because the feed was still
 *                          that far behind when the run stopped it a second after its duration
 *                          ({@link PacedFeed#unsentDueInputs()}): their wait is in no latency figure; 0 otherwise.
 * @param notReplayable     why {@code replay} refuses the journal the run wrote: its oldest cycle files deleted by
 *                          retention, or its files deleted or moved while the run wrote them; null when it can be
 *                          replayed (or journaling is off).
 * @param feedSource        what the recorded feed was, as the summary names it beside its line count: a
 *                          {@link #FEED_FILE}, {@link #STANDARD_INPUT} or a {@link #CONNECTION}; null for the synthetic
 *                          flow.
 * @param remaindersDropped ADDs whose remainder the market model dropped for want of room to rest it: the order pool
 *                          at its largest, or the shard's wheel unable to hold its expiry timer
 *                          ({@link io.concurrengine.model.market.MarketCounters#remaindersDropped()}).
 * @param barTimersRefused  bars the market model opened without their close timer, the shard's wheel being full
 *                          ({@link io.concurrengine.model.market.MarketCounters#barTimersRefused()}).
 * @param configHash        the configuration's hash ({@link EngineConfig#hash()}), which each shard's journal header
 *                          records ({@code inspect}'s {@code HEADER ... config=0x...}) and {@code replay} checks.
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
    long warmupNanos,
    Histogram dispatchLatency,
    Histogram journalLatency,
    String journalDir,
    long journalBytes,
    long journalFileBytes,
    long stateHash,
    String replayCommand,
    String failure,
    String feedFile,
    long feedLines,
    long malformedFeedLines,
    boolean stoppedEarly,
    long modelRejected,
    String backpressure,
    long unsentDueInputs,
    String notReplayable,
    String feedSource,
    long remaindersDropped,
    long barTimersRefused,
    long configHash)
{
    /** {@link #feedSource()} of a feed read from a file (a named pipe among them). */
    public static final String FEED_FILE = "feed file";

    /** {@link #feedSource()} of a feed read from standard input ({@code --feed -}). */
    public static final String STANDARD_INPUT = "standard input";

    /** {@link #feedSource()} of a network feed ({@code tcp://}, {@code tcp-listen://}). */
    public static final String CONNECTION = "connection";

    /**
     * A summary of a run whose feed sent every input its schedule made due ({@code unsentDueInputs} 0), whose
     * journal, if it has one, can be replayed ({@code notReplayable} null), its recorded feed if any a
     * {@link #FEED_FILE}, whose market model dropped no order's remainder and refused no bar's timer, and whose
     * configuration's hash is not known (0).
     */
    public RunSummary(
        final long inputs,
        final long published,
        final long refused,
        final long events,
        final long failedDispatches,
        final long elapsedNanos,
        final int shards,
        final String timeMode,
        final double rate,
        final long seed,
        final long warmupNanos,
        final Histogram dispatchLatency,
        final Histogram journalLatency,
        final String journalDir,
        final long journalBytes,
        final long journalFileBytes,
        final long stateHash,
        final String replayCommand,
        final String failure,
        final String feedFile,
        final long feedLines,
        final long malformedFeedLines,
        final boolean stoppedEarly,
        final long modelRejected,
        final String backpressure)
    {
        this(inputs, published, refused, events, failedDispatches, elapsedNanos, shards, timeMode, rate, seed,
            warmupNanos, dispatchLatency, journalLatency, journalDir, journalBytes, journalFileBytes, stateHash,
            replayCommand, failure, feedFile, feedLines, malformedFeedLines, stoppedEarly, modelRejected, backpressure,
            0, null, null == feedFile ? null : FEED_FILE, 0, 0, 0);
    }

    /**
     * @param unsent inputs of the paced schedule due but never sent ({@link #unsentDueInputs()}).
     * @return this summary with that count.
     */
    RunSummary withUnsentDueInputs(final long unsent)
    {
        return new RunSummary(inputs, published, refused, events, failedDispatches, elapsedNanos, shards, timeMode,
            rate, seed, warmupNanos, dispatchLatency, journalLatency, journalDir, journalBytes, journalFileBytes,
            stateHash, replayCommand, failure, feedFile, feedLines, malformedFeedLines, stoppedEarly, modelRejected,
            backpressure, unsent, notReplayable, feedSource, remaindersDropped, barTimersRefused, configHash);
    }

    /**
     * @param config       the run's configuration.
     * @param engine       the run's engine, stopped.
     * @param feed         the run's feed, finished or stopped.
     * @param feedFile     the recorded feed file read, or null for the synthetic flow.
     * @param elapsed      wall time from start to stopped, ns.
     * @param journal      the journal directory, or null when journaling is off.
     * @param stoppedEarly a stop was asked for before the run reached its end.
     * @param warmedUpBefore how long an earlier engine ran in this JVM (benchmark's burst before its paced run), ns,
     *                     counted with {@code run.warmup} as the run's warm-up.
     * @return what the run did: the shards' counts summed, the engine's latencies, state hash and journal sizes, and
     * why it failed (the engine's failure, else the feed's) if it did.
     */
    static RunSummary of(
        final EngineConfig config,
        final Engine engine,
        final PacedFeed feed,
        final MarketFeedFile feedFile,
        final long elapsed,
        final RunJournalDir journal,
        final boolean stoppedEarly,
        final long warmedUpBefore)
    {
        final Path journalRoot = null == journal ? null : journal.root();
        long inputs = 0;
        long events = 0;
        long failed = 0;
        long rejected = 0;
        long remaindersDropped = 0;
        long barTimersRefused = 0;
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            inputs += engine.shard(shard).inputs();
            events += engine.shard(shard).dispatched();
            failed += engine.shard(shard).failed();
            if (engine.shard(shard).model() instanceof MarketShardModel)
            {
                final MarketCounters counters = ((MarketShardModel)engine.shard(shard).model()).model().counters();
                rejected += counters.rejected();
                remaindersDropped += counters.remaindersDropped();
                barTimersRefused += counters.barTimersRefused();
            }
        }
        final Histogram dispatchLatency = engine.totalLatency(false);
        final Histogram journalLatency = engine.totalLatency(true);
        final Throwable engineFailure = engine.failure();
        final RuntimeException feedFailure = feed.failure();
        final String failure = null != engineFailure ? engineFailure.getMessage() :
            null == feedFailure ? null : "feed " + feedFailure.getMessage() +
            (null == journalRoot ? "" : "; the inputs before it were journaled");
        final String notReplayable = null == journalRoot ? null :
            notReplayable(journalRoot, engine.shardCount(), 0 != config.retainCycles() || 0 != config.retainBytes());
        return new RunSummary(
            inputs, feed.published(), feed.refused(), events, failed, elapsed, engine.shardCount(),
            config.timeMode(), config.rate(), config.seed(), config.warmupNanos() + warmedUpBefore, dispatchLatency,
            journalLatency,
            null == journalRoot ? null : journalRoot.toString(),
            engine.journalBytes(),
            null == journal ? 0 : journal.size(),
            engine.stateHash(),
            null == journalRoot || null != notReplayable ? null : replayCommand(journalRoot.toString(), false),
            failure,
            null == feedFile ? null : feedFile.name(),
            null == feedFile ? 0 : feedFile.lines(),
            null == feedFile ? 0 : feedFile.malformed(),
            stoppedEarly,
            rejected,
            config.backpressure(),
            0, notReplayable,
            null == feedFile ? null : feedSource(config.feedFile()),
            remaindersDropped,
            barTimersRefused,
            config.hash());
    }

    /**
     * @param feed {@code feed.file} of a run that read a recorded feed.
     * @return what it read, as {@link #feedSource()} names it.
     */
    static String feedSource(final String feed)
    {
        return RunJob.STDIN.equals(feed) ? STANDARD_INPUT : FeedAddress.isNetwork(feed) ? CONNECTION : FEED_FILE;
    }

    /**
     * Whether the start of a shard's journal is gone: deleted by retention while the run wrote it, or deleted or moved
     * (its directory, or the whole journal directory) by someone else. {@code replay} re-executes a shard only from
     * the start of its run, and refuses a journal that starts later (BLOCK_SEQUENCE) or is not there, so the summary
     * must not offer it.
     *
     * @param journalRoot the run's journal directory, its journals closed.
     * @param shards      the run's shard count.
     * @param retention   true if the run's retention (journal.retain_cycles, journal.retain_bytes) could delete files.
     * @return why the journal cannot be replayed, naming the first shard whose directory is gone or whose journal
     * starts after block 0; null if each starts at block 0, or cannot be read (which {@code replay} reports itself).
     */
    static String notReplayable(final Path journalRoot, final int shards, final boolean retention)
    {
        final JournalQuery firstHeader = JournalQuery.builder().kinds(EnumSet.of(RecordKind.HEADER)).limit(1).build();
        for (int shard = 0; shard < shards; shard++)
        {
            final Path directory = ChronicleShardJournal.shardDirectory(journalRoot, shard);
            if (!Files.isDirectory(directory))
            {
                return String.format(Locale.ROOT, "replay refuses this journal: the directory of shard %d, %s, is " +
                    "gone: it was deleted or moved while the run wrote it", shard, directory);
            }
            final long[] firstBlock = new long[1];
            try
            {
                JournalReader.open(directory).read(firstHeader, record -> firstBlock[0] = record.blockIndex());
            }
            catch (final RuntimeException ex)
            {
                continue; // damaged or unreadable: replay names it
            }
            if (0 != firstBlock[0])
            {
                return String.format(Locale.ROOT, "replay refuses this journal: %s the oldest cycle files of shard " +
                    "%d, whose journal starts at block %,d, and a shard replays only from the start of its run",
                    retention ? "retention (journal.retain_cycles, journal.retain_bytes) deleted" :
                    "someone deleted or moved, while the run wrote them,", shard, firstBlock[0]);
            }
        }
        return null;
    }

    /**
     * @param journalDir the run's journal directory.
     * @param printable  true for a terminal: a path with a control character in {@code $'...'}
     *                   ({@link Launcher#printableQuote(String)}), not in single quotes.
     * @return the command that verifies the journal; a directory whose name starts with {@code -} as {@code ./-x},
     * which the command line does not take for an option.
     */
    static String replayCommand(final String journalDir, final boolean printable)
    {
        final String dir = journalDir.startsWith("-") ? "./" + journalDir : journalDir;
        return printable ? Launcher.printableCommandLine("replay", dir, "--verify") :
            Launcher.commandLine("replay", dir, "--verify");
    }

    /**
     * @param journalDir the run's journal directory, which cannot be replayed.
     * @return the command that prints its records, for a terminal ({@link Launcher#printableQuote(String)}).
     */
    private static String inspectCommand(final String journalDir)
    {
        return Launcher.printableCommandLine("inspect", journalDir);
    }

    /**
     * @param nanos a span of time, ns.
     * @return it in seconds as a person writes them: {@code "5 s"}, {@code "0.25 s"}.
     */
    public static String seconds(final long nanos)
    {
        return BigDecimal.valueOf(nanos, 9).stripTrailingZeros().toPlainString() + " s";
    }

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
     * @return journal bytes written per dispatched event.
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
     * @return {@link #configHash()} as {@code inspect} prints it in a journal's headers ({@code config=0x...}) and
     * {@code --print-config} names it: {@code 0x} and its hex digits, without leading zeros.
     */
    public String configHashHex()
    {
        return "0x" + Long.toHexString(configHash);
    }

    /**
     * @return the summary as a person reads it: the journal directory and the failure with their control characters
     * escaped ({@link PrintableText}), as the feed file is, and the next command with a journal directory that holds
     * any in {@code $'...'}, as bash reads it ({@link Launcher#printableQuote(String)}); {@link #replayCommand()} and
     * the JSON keep them as they are.
     */
    public String toText()
    {
        final StringBuilder out = new StringBuilder();
        appendRun(out);
        appendLatency(out);
        appendOutcome(out);
        return out.toString();
    }

    /**
     * The run's throughput and what it ran: shards, rate, feed, refusals and failures; whether it was stopped early.
     */
    private void appendRun(final StringBuilder out)
    {
        out.append(String.format(Locale.ROOT,
            "run: %s -> %s dispatched in %.2f s: %,.0f events/s (%,.0f inputs/s)%n",
            Plural.of(inputs, "input"), Plural.of(events, "event"), elapsedNanos / 1e9, eventsPerSecond(),
            inputsPerSecond()));
        out.append(String.format(Locale.ROOT,
            "     %d %s, %s, rate %s, %s%s, refused %,d%s, failed dispatches %,d, rejected by the model %,d%n",
            shards, 1 == shards ? "shard" : "shards", timeMode,
            rateText(),
            0 == warmupNanos ? "" : "after a " + seconds(warmupNanos) + " warm-up, ",
            null == feedFile ? "seed " + seed : "feed " + PrintableText.escape(PrintableText.quotedIfSpaced(feedFile)),
            refused,
            0 == refused ? "" : " (engine.backpressure = " + backpressure + ": never dispatched nor journaled)",
            failedDispatches, modelRejected));
        if (0 != remaindersDropped || 0 != barTimersRefused)
        {
            // neither is a rejected input: an order that traded and could not rest, a bar left to its next trade
            out.append("     the market model ran out of room:");
            if (0 != remaindersDropped)
            {
                out.append(String.format(Locale.ROOT, " %s dropped (the order pool at its largest, or the shard's " +
                    "wheel unable to hold an expiry timer: the fills stand, the rest of the order was not rested)%s",
                    Plural.of(remaindersDropped, "order remainder"), 0 != barTimersRefused ? ";" : ""));
            }
            if (0 != barTimersRefused)
            {
                out.append(String.format(Locale.ROOT, " %s refused by a full wheel (each such bar closes at its " +
                    "instrument's next trade in a later second)", Plural.of(barTimersRefused, "bar close timer")));
            }
            out.append('\n');
        }
        final long untaken = published - refused - inputs;
        if (untaken > 0)
        {
            // a failed shard takes no more input: what its ring held was accepted and is lost, which the counts
            // above show only as a difference with the feed's lines
            out.append(String.format(Locale.ROOT, "     %s accepted but never taken by a shard (a failed shard's " +
                "ring held %s): neither dispatched nor journaled%n", Plural.of(untaken, "input"),
                1 == untaken ? "it" : "them"));
        }
        if (stoppedEarly)
        {
            out.append("     stopped early on request (Ctrl-C or SIGTERM): the figures cover the inputs accepted " +
                "until then, all of them " + (null == journalDir ? "dispatched" : "journaled") + "\n");
        }
        if (null != feedFile)
        {
            out.append(String.format(Locale.ROOT, "     %s: %s read, %s skipped%n", feedSource,
                Plural.of(feedLines, "line"), Plural.of(malformedFeedLines, "malformed line")));
        }
    }

    /**
     * @return the paced rate as the summary writes it ({@code 500,000/s}), or {@code max}.
     */
    private String rateText()
    {
        return rate == 0 ? "max" : String.format(Locale.ROOT, rate >= 100 ? "%,.0f/s" : "%.3g/s", rate);
    }

    /**
     * The latency percentiles, and what a max rate or a paced run without a warm-up puts in them.
     */
    private void appendLatency(final StringBuilder out)
    {
        out.append("latency publish->dispatch  ").append(percentiles(dispatchLatency)).append('\n');
        if (null != journalDir)
        {
            out.append("latency publish->journaled ").append(percentiles(journalLatency)).append('\n');
        }
        if (0 == rate)
        {
            out.append("     rate max: the latency includes the time inputs wait in the rings; pace the feed (--rate) " +
                "for the engine's own latency\n");
        }
        else if (0 == warmupNanos)
        {
            out.append("     paced without a warm-up: the latency includes the JIT's first seconds; --warmup 5s " +
                "measures the compiled engine\n");
        }
        if (unsentDueInputs > 0)
        {
            out.append(String.format(Locale.ROOT, "     paced feed behind its schedule: stopped a second after the " +
                "run's duration with %s due but never sent, whose wait is in no figure above: the engine did not " +
                "sustain %s here, and the latency at that rate is higher than shown%n",
                Plural.of(unsentDueInputs, "input"), rateText()));
        }
    }

    /**
     * The journal, the state hash, the failure if the run failed and the command that replays the run.
     */
    private void appendOutcome(final StringBuilder out)
    {
        if (null != journalDir)
        {
            out.append(String.format(Locale.ROOT,
                "journal: %s, %,d bytes written (%.1f bytes/event), %,d bytes in its files%n",
                PrintableText.escape(journalDir), journalBytes, journalBytesPerEvent(), journalFileBytes));
        }
        else
        {
            out.append("journal: off\n");
        }
        out.append("state hash: ").append(stateHashHex()).append('\n');
        out.append("config hash: ").append(configHashHex()).append('\n');
        if (null != failure)
        {
            out.append("FAILED: ").append(PrintableText.escape(failure)).append('\n');
        }
        if (null != replayCommand)
        {
            // after a failure too: the journal holds what was accepted before it, and replay says how it ends
            out.append("next: ").append(null == journalDir ? PrintableText.escape(replayCommand) :
                replayCommand(journalDir, true)).append('\n');
        }
        else if (null != notReplayable && null != journalDir)
        {
            // inspect reads what is left, if anything is
            out.append("next: ").append(Files.isDirectory(Path.of(journalDir)) ? inspectCommand(journalDir) :
                "none: the journal dir " + PrintableText.escape(journalDir) + " is gone").append('\n')
                .append("     ").append(PrintableText.escape(notReplayable)).append('\n');
        }
    }

    private static String percentiles(final Histogram histogram)
    {
        return String.format(Locale.ROOT, "p50 %s  p99 %s  p99.9 %s  max %s  (%s)",
            micros(histogram.getValueAtPercentile(50)), micros(histogram.getValueAtPercentile(99)),
            micros(histogram.getValueAtPercentile(99.9)), micros(histogram.getMaxValue()),
            Plural.of(histogram.getTotalCount(), "sample"));
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
        final JsonWriter json = new JsonWriter().asciiOnly().beginObject()
            .name("inputs").value(inputs)
            .name("published").value(published)
            .name("refused").value(refused)
            .name("backpressure").value(backpressure)
            .name("events").value(events)
            .name("failedDispatches").value(failedDispatches)
            .name("modelRejected").value(modelRejected)
            .name("remaindersDropped").value(remaindersDropped)
            .name("barTimersRefused").value(barTimersRefused)
            .name("elapsedSeconds").value(elapsedNanos / 1e9)
            .name("eventsPerSecond").value(eventsPerSecond())
            .name("inputsPerSecond").value(inputsPerSecond())
            .name("shards").value(shards)
            .name("timeMode").value(timeMode);
        rate(json.name("rate"))
            .name("warmupSeconds").value(warmupNanos / 1e9)
            .name("seed").value(seed)
            .name("feedFile").value(feedFile)
            .name("feedLines").value(feedLines)
            .name("malformedFeedLines").value(malformedFeedLines);
        latency(json.name("latencyNanos"), dispatchLatency);
        if (null == journalDir)
        {
            json.name("journaledLatencyNanos").value((String)null); // nothing was journaled
        }
        else
        {
            latency(json.name("journaledLatencyNanos"), journalLatency);
        }
        json.name("journalDir").value(journalDir)
            .name("journalBytes").value(journalBytes)
            .name("journalBytesPerEvent").value(journalBytesPerEvent())
            .name("journalFileBytes").value(journalFileBytes)
            .name("stateHash").value(stateHashHex())
            .name("configHash").value(configHashHex())
            .name("replayCommand").value(replayCommand)
            .name("notReplayable").value(notReplayable)
            .name("failure").value(failure)
            .name("stoppedEarly").value(stoppedEarly)
            .name("unsentDueInputs").value(unsentDueInputs);
        return json.endObject().toString();
    }

    /**
     * @return {@code json} with the paced rate written, or "max" for an unpaced run.
     */
    private JsonWriter rate(final JsonWriter json)
    {
        return 0 == rate ? json.value("max") : json.value(rate);
    }

    private static void latency(final JsonWriter json, final Histogram histogram)
    {
        json.beginObject()
            .name("p50").value(histogram.getValueAtPercentile(50))
            .name("p99").value(histogram.getValueAtPercentile(99))
            .name("p999").value(histogram.getValueAtPercentile(99.9))
            .name("max").value(histogram.getMaxValue())
            .name("count").value(histogram.getTotalCount())
            .endObject();
    }
}
