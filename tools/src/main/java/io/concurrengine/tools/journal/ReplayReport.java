package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalDescriptor;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.replay.ReplayDivergence;
import io.concurrengine.pipeline.replay.ReplayResult;
import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.JsonWriter;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * What {@code replay} says of its shards, as text or, with {@code --json}, as one JSON object: each shard's outcome in
 * shard order as it is given ({@link #replayed}, {@link #damaged}, {@link #failed}), then the totals, the state hash
 * and the verdict ({@link #finish}), which also gives the exit code. It tallies what it is given: whether everything
 * matched, which shards were not replayed, whether a shard's hash is that of an intact prefix or of what is complete
 * so far, whether anything was replayed at all (with {@code --verify}, a journal that holds no inputs, or one still
 * being written with no input complete yet, had nothing to verify, which the text says rather than that every dispatch
 * matched; the exit code and the JSON object are the same as for a verified journal). Not threadsafe: the command's
 * thread gives it the shards' outcomes one by one.
 */
final class ReplayReport
{
    private final PrintWriter out;
    private final PrintWriter err;
    private final JsonWriter json;
    private final boolean verify;
    private final boolean salvage;
    private final Integer shard;
    private final Long until;
    private final int threadCount;
    private final long[] hashes;
    private final List<Integer> notReplayed = new ArrayList<>();
    private boolean ok = true;
    private boolean everyShardReplayed = true;
    /** The latest of the replayed shards' clocks: the time the state hash is at ({@link ReplayResult#time()}). */
    private long stateTime = -1;
    /** A shard diverged: its re-execution stopped at the divergence, so its hash is not the run's state either. */
    private boolean diverged;
    private boolean damagedWithoutSalvage;
    private boolean ofAnotherVersion;
    private boolean stillWritten;
    private boolean anythingReplayed;
    private long dispatched;
    /** The journal directory became another run's while it was read: null, or a sentence saying so. */
    private String replaced;

    /**
     * @param out         the command's stdout.
     * @param err         the command's stderr.
     * @param json        true to print one JSON object rather than text.
     * @param directory   the journal directory, for the JSON object.
     * @param verify      true with {@code --verify}.
     * @param salvage     true with {@code --salvage}.
     * @param shard       the shard asked for with {@code --shard}, or null for all.
     * @param until       {@code --until}'s time, or null.
     * @param shards      the run's shard count.
     * @param threadCount the shards replayed at once.
     */
    ReplayReport(final PrintWriter out, final PrintWriter err, final boolean json, final Path directory,
        final boolean verify, final boolean salvage, final Integer shard, final Long until, final int shards,
        final int threadCount)
    {
        this.out = out;
        this.err = err;
        this.verify = verify;
        this.salvage = salvage;
        this.shard = shard;
        this.until = until;
        this.threadCount = threadCount;
        this.hashes = new long[shards];
        this.json = json ? beginJson(directory) : null;
    }

    /**
     * A shard that was replayed, to its end or, on damage or in a journal still being written, as far as it could be;
     * with {@code --salvage}, damage before its first input means that nothing of it was replayed, which the text
     * says, naming it among the shards not replayed, rather than that its (no) dispatches matched. An undamaged shard
     * with no input, advance or dispatch (an empty journal, or one still being written with no input complete yet) had
     * nothing to verify, which the text says.
     *
     * @param shardId the shard.
     * @param result  its replay's result.
     */
    void replayed(final int shardId, final ReplayResult result)
    {
        hashes[shardId] = result.stateHash();
        stateTime = Math.max(stateTime, result.time());
        dispatched += result.dispatched();
        ok &= result.verified();
        if (null != result.damage() && !result.damageAfterEnd())
        {
            everyShardReplayed = false; // an intact prefix only: its hash is not the run's state
        }
        stillWritten |= result.live(); // what is complete so far: its hash is not the run's state either
        diverged |= null != result.divergence();
        anythingReplayed |= !isEmpty(result);
        if (null != json)
        {
            shard(json, result);
            return;
        }
        shardText(shardId, result);
    }

    private void shardText(final int shardId, final ReplayResult result)
    {
        final boolean nothingReplayed = isNothingReplayed(result);
        if (nothingReplayed)
        {
            notReplayed.add(shardId); // not even a prefix: no state of it to hash
            ofAnotherVersion |= isOfAnotherVersionFromItsStart(result.damage());
        }
        out.println(String.format(Locale.ROOT,
            "shard %d: %s, %s, %s re-executed in %.2f s (%,.0f events/s), state hash %016x%s",
            shardId, Plural.of(result.inputs(), "input"), Plural.of(result.advances(), "advance"),
            Plural.of(result.dispatched(), "dispatch", "dispatches"), result.elapsedNanos() / 1e9,
            result.eventsPerSecond(), result.stateHash(),
            !verify || null != result.divergence() || nothingReplayed ? "" :
            isEmpty(result) ? ", nothing to verify" : ", every dispatch matched"));
        if (null != result.divergence())
        {
            out.println("  " + result.divergence());
        }
        if (null != result.damage())
        {
            out.println("  " + JournalDamage.headline(result.damage()) + (nothingReplayed ? ", nothing replayed: " :
                result.damageAfterEnd() ? " after the journal's end block, every input replayed: " :
                ", replayed the intact prefix only: ") + PrintableText.escape(JournalDamage.problem(result.damage())));
        }
        if (result.live() && null == result.damage())
        {
            out.println("  " + describeLive(result));
        }
    }

    /**
     * @return true if the shard's journal is damaged before anything of it could be replayed: no input, advance or
     * dispatch.
     */
    private static boolean isNothingReplayed(final ReplayResult result)
    {
        return null != result.damage() && !result.damageAfterEnd() && isEmpty(result);
    }

    /**
     * @return true if the shard's replay re-executed nothing: no input, advance or dispatch.
     */
    private static boolean isEmpty(final ReplayResult result)
    {
        return 0 == result.inputs() && 0 == result.advances() && 0 == result.dispatched();
    }

    /**
     * A shard whose journal is damaged where it could not replay any of it (without {@code --salvage}, anywhere).
     *
     * @param shardId the shard.
     * @param damage  what is wrong with its journal.
     */
    void damaged(final int shardId, final JournalCorruptException damage)
    {
        ok = false;
        everyShardReplayed = false;
        if (null != json)
        {
            damage(json.beginObject().name("shard").value(shardId).name("damage"), damage).endObject();
            return;
        }
        // every shard's damage is named, not only the first one's: the others were replayed already
        err.println("concurrengine replay: shard " + shardId + " " +
            PrintableText.escape(JournalDamage.describe(damage)));
        err.flush();
        notReplayed.add(shardId);
        if (isOfAnotherVersionFromItsStart(damage))
        {
            ofAnotherVersion = true; // --salvage would replay none of it
        }
        else if (hasIntactPrefix(damage))
        {
            damagedWithoutSalvage |= !salvage;
        }
    }

    /**
     * @return false if the damage lies where the shard's journal starts, so that {@code --salvage} would replay
     * nothing of it: the shard's directory is missing, is not a directory, cannot be listed or holds no cycle file,
     * or the damage is in the first document (the header block) of its first cycle file or the second (its first
     * block of records, lost whole to damage: only the header would precede it); true otherwise, and when the
     * directory of the cycle file named cannot be listed to tell.
     */
    static boolean hasIntactPrefix(final JournalCorruptException damage)
    {
        if (damage.documentIndex() > 1)
        {
            return true;
        }
        if (damage.documentIndex() < 0 && (JournalCorruptException.Reason.MISSING_HEADER == damage.reason() ||
            JournalCorruptException.Reason.IO_ERROR == damage.reason() && Files.isDirectory(damage.file())))
        {
            return false; // no cycle file read: the path named is the shard's directory, missing or not listed
        }
        final Path file = damage.file();
        final Path directory = null == file ? null : file.getParent();
        if (null == directory)
        {
            return true;
        }
        try
        {
            final List<Path> cycleFiles = JournalReader.cycleFiles(directory);
            return cycleFiles.isEmpty() || !cycleFiles.get(0).equals(file);
        }
        catch (final IOException ex)
        {
            return true; // cannot tell: the hint costs a second try at most
        }
    }

    /**
     * @return true if the damage is a format version this release does not read, in a cycle file's first block (its
     * header): a journal another release wrote, not a damaged one.
     */
    private static boolean isOfAnotherVersionFromItsStart(final JournalCorruptException damage)
    {
        return JournalCorruptException.Reason.UNSUPPORTED_VERSION == damage.reason() && 0 == damage.documentIndex();
    }

    /**
     * A shard whose replay failed otherwise: its journal is not this run's, say, or the heap is too small.
     *
     * @param shardId the shard.
     * @param problem what went wrong.
     */
    void failed(final int shardId, final String problem)
    {
        ok = false;
        everyShardReplayed = false;
        if (null != json)
        {
            json.beginObject().name("shard").value(shardId).name("error").value(problem).endObject();
            return;
        }
        err.println("concurrengine replay: shard " + shardId + ": " + PrintableText.escape(problem));
        err.flush();
        notReplayed.add(shardId);
    }

    /**
     * The journal directory became another run's while it was read ({@link JournalReplacement#replacedWhileRead}):
     * the shards replayed may be of two runs, so nothing is verified and the run's state is unknown.
     *
     * @param problem the sentence saying so.
     * @param say     true to say it on stderr, false if a shard's failure has said it already.
     */
    void replaced(final String problem, final boolean say)
    {
        ok = false;
        replaced = problem;
        if (null == json && say)
        {
            err.println("concurrengine replay: " + PrintableText.escape(problem) + ", so the shards above may be " +
                "of two runs");
            err.flush();
        }
    }

    /**
     * Print the totals, the run's state hash where the shards give it, and the verdict.
     *
     * @param elapsedNanos how long the replay of every shard took.
     * @return the exit code: 0 if everything matched, 1 on a divergence or damage,
     * {@link ReplayCommand#STILL_BEING_WRITTEN} if what is complete of a journal still being written matched.
     */
    int finish(final long elapsedNanos)
    {
        final double eventsPerSecond = elapsedNanos == 0 ? 0.0 : dispatched * 1e9 / elapsedNanos;
        if (null != json)
        {
            finishJson(elapsedNanos, eventsPerSecond);
        }
        else
        {
            finishText(elapsedNanos, eventsPerSecond);
        }
        out.flush();
        return !ok ? 1 : stillWritten ? ReplayCommand.STILL_BEING_WRITTEN : 0;
    }

    private void finishJson(final long elapsedNanos, final double eventsPerSecond)
    {
        json.endArray()
            .name("threads").value(threadCount)
            .name("events").value(dispatched)
            .name("elapsedSeconds").value(elapsedNanos / 1e9)
            .name("eventsPerSecond").value(eventsPerSecond)
            .name("replaced").value(replaced);
        if (null == shard && everyShardReplayed && !stillWritten && !diverged && null == replaced)
        {
            json.name("stateTime").value(stateTime).name("stateHash").value(hex(Engine.combineStateHashes(hashes)));
        }
        else
        {
            json.name("stateTime").value((String)null).name("stateHash").value((String)null);
        }
        json.name("result").value(ok ? (verify ? "verified" : "replayed") + (stillWritten ? " so far" : "") :
            "not verified");
        out.println(json.endObject());
    }

    private void finishText(final long elapsedNanos, final double eventsPerSecond)
    {
        if (damagedWithoutSalvage)
        {
            err.println("  (run with --salvage to replay the intact prefix)");
            err.flush();
        }
        if (ofAnotherVersion)
        {
            err.println("  (this release reads journal format versions " + JournalDescriptor.MIN_FORMAT_VERSION +
                " to " + JournalDescriptor.FORMAT_VERSION + ": replay a journal of another version with the release " +
                "that wrote it)");
            err.flush();
        }
        if (null != replaced)
        {
            out.println(String.format(Locale.ROOT,
                "replay: %s in %.2f s on %s (%,.0f events/s); the journal was replaced while it was read, " +
                "so the run's state is unknown",
                Plural.of(dispatched, "event"), elapsedNanos / 1e9, Plural.of(threadCount, "thread"), eventsPerSecond));
        }
        else if (!notReplayed.isEmpty())
        {
            out.println(String.format(Locale.ROOT,
                "replay: %s in %.2f s on %s (%,.0f events/s); not replayed: shard%s %s (above), " +
                "so the run's state is unknown",
                Plural.of(dispatched, "event"), elapsedNanos / 1e9, Plural.of(threadCount, "thread"), eventsPerSecond,
                1 == notReplayed.size() ? "" : "s",
                notReplayed.stream().map(String::valueOf).collect(Collectors.joining(", "))));
        }
        else if (null == shard)
        {
            out.println(String.format(Locale.ROOT,
                "replay: %s in %.2f s on %s (%,.0f events/s), %s %016x%s",
                Plural.of(dispatched, "event"), elapsedNanos / 1e9, Plural.of(threadCount, "thread"), eventsPerSecond,
                !everyShardReplayed ? "state hash of the intact prefixes only" :
                diverged ? "state hash up to the divergence" :
                stillWritten ? "state hash of what is complete so far" : "state hash",
                Engine.combineStateHashes(hashes), !everyShardReplayed || diverged ? " (the run's state is unknown)" :
                stillWritten ? " (the run goes on)" : null == until ? "" : stateTime >= until ? " at time " + until :
                " at the journal's end, time " + stateTime + " (--until " + until + " is past it: the run's own " +
                "state)"));
        }
        out.println(verdict());
    }

    /**
     * @return the text's last line: with {@code --verify} and nothing replayed of any shard, that there was nothing to
     * verify, not that the journal replays bit for bit; with {@code --shard N}, what it says of shard N alone; with
     * {@code --until T} past the journal's end, that it was replayed to the journal's end, not to T.
     */
    private String verdict()
    {
        // --until past the journal's end: what was replayed ends at the journal's end, as the line above says (of a
        // journal that holds no input too); -1: no shard was replayed
        final String upTo = null == until ? "" : stateTime >= 0 && stateTime < until ? " up to the journal's end, " +
            "time " + stateTime + " (--until " + until + " is past it)" : " up to time " + until;
        if (!ok)
        {
            return "NOT VERIFIED";
        }
        if (stillWritten)
        {
            return !verify ? "replayed so far; the run goes on" : anythingReplayed ?
                "verified so far: every dispatch of what is complete matched; the run goes on" :
                "nothing to verify so far: no input of the journal is complete yet; the run goes on";
        }
        // --shard N checked that shard only: another may diverge
        final String replayedPart = null == shard ? "the journal" : "shard " + shard;
        // --until T with the journal going on past T: its records after T were not read, so it may hold inputs there
        final String noInputs = null != until && stateTime >= until ? " holds no inputs by then" : " holds no inputs";
        return !verify ? "replayed" + upTo : anythingReplayed ?
            "verified" + upTo + ": " + replayedPart + " replays bit for bit" :
            "nothing to verify" + upTo + ": " + replayedPart + noInputs;
    }

    /**
     * @return one line for a shard whose journal was still being written: how far the replay got.
     */
    private static String describeLive(final ReplayResult result)
    {
        return "still being written by a running engine (run.lock held): " + (result.lastBlock() < 0 ?
            "nothing complete yet" : "replayed what is complete, up to block " + result.lastBlock() + ", but for " +
            "its last input, whose dispatches may go on in the block being written");
    }

    /**
     * @return the JSON object opened, with the replay's options, up to the opened array of shards.
     */
    private JsonWriter beginJson(final Path directory)
    {
        final JsonWriter json = new JsonWriter().asciiOnly().beginObject()
            .name("directory").value(directory.toString())
            .name("verify").value(verify)
            .name("salvage").value(salvage)
            .name("until");
        return (null == until ? json.value((String)null) : json.value(until.longValue())).name("shards").beginArray();
    }

    private static void shard(final JsonWriter json, final ReplayResult result)
    {
        json.beginObject()
            .name("shard").value(result.shardId())
            .name("inputs").value(result.inputs())
            .name("advances").value(result.advances())
            .name("dispatched").value(result.dispatched())
            .name("elapsedSeconds").value(result.elapsedNanos() / 1e9)
            .name("eventsPerSecond").value(result.eventsPerSecond())
            .name("stateHash").value(hex(result.stateHash()))
            .name("divergence");
        final ReplayDivergence divergence = result.divergence();
        if (null == divergence)
        {
            json.value((String)null);
        }
        else
        {
            json.beginObject()
                .name("index").value(divergence.index())
                .name("expected").value(divergence.expected())
                .name("actual").value(divergence.actual())
                .endObject();
        }
        damage(json.name("damage"), result.damage()).name("damageAfterEnd").value(result.damageAfterEnd())
            .name("live").value(result.live());
        knownOrNull(json.name("lastBlock"), result.lastBlock());
        json.endObject();
    }

    private static JsonWriter damage(final JsonWriter json, final JournalCorruptException damage)
    {
        if (null == damage)
        {
            return json.value((String)null);
        }
        json.beginObject()
            .name("reason").value(damage.reason().name())
            .name("headline").value(JournalDamage.headline(damage))
            .name("file").value(String.valueOf(damage.file()));
        knownOrNull(json.name("document"), damage.documentIndex());
        knownOrNull(json.name("record"), damage.recordIndex());
        knownOrNull(json.name("filePosition"), damage.filePosition());
        return json.name("detail").value(JournalDamage.detail(damage)).endObject();
    }

    private static void knownOrNull(final JsonWriter json, final long value)
    {
        if (value < 0)
        {
            json.value((String)null);
        }
        else
        {
            json.value(value);
        }
    }

    private static String hex(final long hash)
    {
        return String.format(Locale.ROOT, "%016x", hash);
    }
}
