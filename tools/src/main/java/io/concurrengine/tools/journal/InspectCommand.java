package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalException;
import io.concurrengine.journal.JournalInspector;
import io.concurrengine.journal.JournalQuery;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.journal.JournalRecord;
import io.concurrengine.journal.JournalRecordHandler;
import io.concurrengine.journal.RecordKind;
import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.tools.IntegerOption;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.run.RunLock;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.function.IntFunction;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code concurrengine inspect DIR [--shard N] [--from T] [--to T] [--type X] [--limit K]}: print journal records.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print the records of a run's journal, one per line, filtered by shard, time, record kind and event type.")
public final class InspectCommand implements Callable<Integer>
{
    /** An event type given as a number, as {@link Integer#parseInt} reads one, but of any size. */
    private static final Pattern INTEGER = Pattern.compile("[+-]?[0-9]+");

    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "journal directory written by run")
    Path directory;

    /** A long, so that one beyond an int is refused naming the journal's shards as any other it has not. */
    @Option(names = "--shard", paramLabel = "N", converter = IntegerOption.NotNegative.class,
        description = "one shard only")
    Long shard;

    @Option(names = "--from", paramLabel = "T", converter = IntegerOption.NotNegative.class,
        description = "first time, inclusive (µs)")
    Long from;

    @Option(names = "--to", paramLabel = "T", converter = IntegerOption.NotNegative.class,
        description = "last time, inclusive (µs)")
    Long to;

    // split here, not by picocli (split = ","), which drops the empty items at the end of a value: "add," was "add"
    @Option(names = "--type", paramLabel = "X[,X...]", description = "record kinds and/or one event type, "
        + "comma-separated: input, advance, dispatch, snapshot, header, failed (dispatches whose handler threw), "
        + "and an event type number or name (add, cancel, execute, ...); e.g. --type dispatch,add")
    List<String> type;

    @Option(names = "--limit", paramLabel = "K", defaultValue = "100", converter = IntegerOption.Positive.class,
        description = "records per shard, at least 1, a cycle file's HEADER not counted (default 100; a line says "
            + "when it was reached)")
    long limit;

    private Runnable afterObserving = () -> {};
    private Runnable beforeReading = () -> {};
    /** A shard's read failed because a run replaced the journal while it was read, and it said so. */
    private boolean replacedSaid;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final ReplayCommand.RunConfig run;
        final JournalQuery query;
        // a run holds the lock from before it writes run.toml: what it was as the read began is asked of this, once
        final JournalReplacement replacement = JournalReplacement.observe(directory);
        final long writer = replacement.writer();
        afterObserving.run();
        try
        {
            checkOptions();
            run = ReplayCommand.loadRun(directory);
            final String shardProblem = ReplayCommand.checkShard(shard, run.config(), directory);
            if (null != shardProblem)
            {
                throw new IllegalArgumentException(shardProblem);
            }
            query = buildQuery();
        }
        catch (final ConfigException ex)
        {
            // run.toml cannot be read: a run that is starting locks the directory before it writes its own (moving an
            // earlier run's aside first), so say that a run holds it, as replay does
            return refuse(err, (writer >= 0 ? RunLock.describe(directory, writer) + "; " : "") + ex.getMessage());
        }
        catch (final IllegalArgumentException ex)
        {
            return refuse(err, ex.getMessage());
        }
        ReplayCommand.warnOfStrayShards(directory, run.config().shards(), err, "inspect");
        final boolean live = writer >= 0;
        if (live)
        {
            err.println("concurrengine inspect: " + PrintableText.escape(RunLock.describe(directory, writer)) +
                ": showing what is complete so far");
            err.flush();
        }
        beforeReading.run();
        return printShards(run, query, live, replacement, out, err);
    }

    /**
     * @param hook run once whether a run holds the directory is observed, before the run's configuration is read:
     *             for tests, to take the lock as a run that starts then does. Package-private for tests.
     */
    void afterObserving(final Runnable hook)
    {
        afterObserving = hook;
    }

    /**
     * @param hook run once the run's configuration is read, before any shard's journal is: for tests, to change the
     *             directory as a run that starts writing it while it is read does. Package-private for tests.
     */
    void beforeReading(final Runnable hook)
    {
        beforeReading = hook;
    }

    /**
     * Say on stderr why nothing was printed.
     *
     * @return 2, bad input.
     */
    private static int refuse(final PrintWriter err, final String message)
    {
        err.println("concurrengine inspect: " + PrintableText.escape(message));
        err.flush();
        return 2;
    }

    /**
     * Print the matching records of each shard asked for, in shard order, and a line if none matched.
     *
     * @return 0, or 1 if a shard's journal is damaged or not the run's, a run replaced the journal while it was read,
     * or stdout could not be written.
     */
    private int printShards(final ReplayCommand.RunConfig run, final JournalQuery query, final boolean live,
        final JournalReplacement replacement, final PrintWriter out, final PrintWriter err)
    {
        final int shards = run.config().shards();
        final StringBuilder line = new StringBuilder(160);
        int shardsRead = 0;
        int shardsDamaged = 0;
        long matched = 0;
        for (int i = 0; i < shards; i++)
        {
            if (null != shard && shard != i)
            {
                continue;
            }
            shardsRead++;
            final long printed = printShard(run, i, query, live, replacement, line, out, err);
            if (printed < 0)
            {
                shardsDamaged++;
            }
            else
            {
                matched += printed;
            }
            if (out.checkError()) // a PrintWriter keeps a failed write to itself: ask it, and read no further shard
            {
                err.println("concurrengine inspect: writing to stdout failed in shard " + i + ": the output was " +
                    "closed or its device is full");
                err.flush();
                return 1;
            }
        }
        if (0 == matched && 0 == shardsDamaged)
        {
            printNoRecord(shardsRead, out);
        }
        out.flush();
        // the shards may be of two runs if a run started on the directory meanwhile, also when one failed (a shard of
        // the new run, of another configuration, is not the run's), as replay says; unless a shard's failure said so
        final String replaced = replacedSaid ? null : replacement.replacedWhileRead();
        if (null != replaced)
        {
            err.println("concurrengine inspect: " + PrintableText.escape(replaced) + ", so the records above may be " +
                "of two runs");
            err.flush();
            return 1;
        }
        return 0 == shardsDamaged ? 0 : 1;
    }

    /**
     * @throws IllegalArgumentException if {@code --limit} is below 1 or {@code --from} is after {@code --to}.
     */
    private void checkOptions()
    {
        if (limit < 1)
        {
            throw new IllegalArgumentException("--limit " + limit + ": records per shard must be at least 1");
        }
        if (null != from && null != to && from > to)
        {
            throw new IllegalArgumentException("--from " + from + " is after --to " + to + ": no record can match");
        }
    }

    /**
     * @return the query that {@code --type}, {@code --from} and {@code --to} give.
     * @throws IllegalArgumentException if {@code --type} names no kind or type, or two types.
     */
    private JournalQuery buildQuery()
    {
        // --limit counts records, not the HEADER each cycle file starts with: the handler below stops the read
        final JournalQuery.Builder filter = JournalQuery.builder();
        if (null != type)
        {
            applyTypes(type.stream().flatMap(value -> Stream.of(value.split(",", -1))).toList(), filter);
        }
        if (null != from)
        {
            filter.fromTime(from);
        }
        if (null != to)
        {
            filter.toTime(to);
        }
        return filter.build();
    }

    /**
     * Print the records of one shard's journal that match, under a heading, and a line if {@code --limit} stopped
     * the read or a run is still writing the journal; or say on stderr why the journal could not be read.
     *
     * @return the lines of records printed, or -1 if the shard's journal is damaged or not the run's.
     */
    private long printShard(final ReplayCommand.RunConfig run, final int shardId, final JournalQuery query,
        final boolean live, final JournalReplacement replacement, final StringBuilder line, final PrintWriter out,
        final PrintWriter err)
    {
        try
        {
            // the run's journal of this shard, as replay checks it: not another model's, run's or shard's
            final JournalReader reader = run.shardReader(directory, shardId, live);
            final ShardPrinter printer = new ShardPrinter(shardId, limit, line, out);
            reader.read(query, printer);
            if (printer.counted >= limit)
            {
                out.println("# shard " + shardId + ": stopped at --limit " + limit + "; more records may follow " +
                    "(raise --limit)");
            }
            else if (live && printer.printed > 0)
            {
                out.println("# shard " + shardId + ": still being written by a running engine (run.lock held): the " +
                    "records above are what was complete when read");
            }
            return printer.printed;
        }
        catch (final JournalCorruptException ex)
        {
            // every shard's damage is named and the other shards are still printed, as replay does; a journal a run
            // replaced while it was read is not damaged
            out.flush();
            final String replaced = replacement.replaced(ex);
            replacedSaid |= null != replaced;
            err.println("concurrengine inspect: shard " + shardId + PrintableText.escape(null != replaced ?
                ": " + replaced : " " + JournalDamage.describe(ex)));
            err.flush();
            return -1;
        }
        catch (final JournalException ex)
        {
            out.flush();
            err.println("concurrengine inspect: shard " + shardId + ": " + PrintableText.escape(ex.getMessage()));
            err.flush();
            return -1;
        }
    }

    /**
     * Say that no record matched, in which shards, and the filter if one was given.
     */
    private void printNoRecord(final int shardsRead, final PrintWriter out)
    {
        final String filter = describeFilter();
        out.println("# no record" + (filter.isEmpty() ? "" : " matched " + PrintableText.escape(filter)) + " in " +
            (null != shard ? "shard " + shard : 1 == shardsRead ? "the journal's one shard" :
            "any of the journal's " + shardsRead + " shards"));
    }

    /**
     * Prints one shard's records, one per line, under a heading printed above its first record (none for a shard
     * without), until {@code --limit} records other than a cycle file's HEADER are printed or stdout fails.
     */
    private static final class ShardPrinter implements JournalRecordHandler
    {
        private static final IntFunction<String> TYPE_NAMES = MarketEvents::name;
        /** Lines printed between two looks at whether stdout failed, which flush it. */
        private static final int LINES_PER_CHECK = 256;

        private final int shardId;
        private final long limit;
        private final StringBuilder line;
        private final PrintWriter out;
        /** Every line printed. */
        long printed;
        /** The records counted toward {@code --limit}. */
        long counted;
        /** A write to stdout failed (closed, as by {@code | head}, or a full device): the read stops. */
        private boolean outputFailed;

        ShardPrinter(final int shardId, final long limit, final StringBuilder line, final PrintWriter out)
        {
            this.shardId = shardId;
            this.limit = limit;
            this.line = line;
            this.out = out;
        }

        @Override
        public void onRecord(final JournalRecord record)
        {
            if (0 == printed)
            {
                out.println("# shard " + shardId); // a heading only above records: none for a shard without
            }
            line.setLength(0);
            JournalInspector.format(record, line, TYPE_NAMES);
            // a header's engine version is the file's own text, unchecked, and every record's position names its
            // cycle file as the directory lists it: escaped like a path
            out.println(PrintableText.escape(line));
            printed++;
            if (RecordKind.HEADER != record.kind())
            {
                counted++;
            }
            if (0 == printed % LINES_PER_CHECK)
            {
                outputFailed = out.checkError();
            }
        }

        @Override
        public boolean wantsMore()
        {
            return counted < limit && !outputFailed;
        }
    }

    /**
     * @return the filter as the flags gave it, e.g. {@code --type failed --from 10}, or empty for none.
     */
    private String describeFilter()
    {
        final StringBuilder text = new StringBuilder();
        if (null != type)
        {
            text.append("--type ").append(String.join(",", type));
        }
        if (null != from)
        {
            text.append(text.length() == 0 ? "" : " ").append("--from ").append(from);
        }
        if (null != to)
        {
            text.append(text.length() == 0 ? "" : " ").append("--to ").append(to);
        }
        return text.toString();
    }

    /**
     * Record kinds (and "failed") narrow the kinds delivered; at most one event type narrows INPUT and DISPATCH
     * records, so it is refused beside ADVANCE or SNAPSHOT, which have none. Without a kind, every kind passes, as
     * before kinds were accepted here.
     */
    private static void applyTypes(final List<String> tokens, final JournalQuery.Builder filter)
    {
        if (tokens.isEmpty() || tokens.stream().anyMatch(String::isBlank))
        {
            throw new IllegalArgumentException("--type=" + String.join(",", tokens) + " has an empty item: give " +
                "record kinds and at most one event type, comma-separated, e.g. --type dispatch,add");
        }
        final Set<RecordKind> kinds = EnumSet.noneOf(RecordKind.class);
        String eventType = null;
        int eventTypeNumber = -1;
        String failed = null;
        String otherKind = null;
        String untypedKind = null;
        for (final String raw : tokens)
        {
            final String token = raw.strip().toLowerCase(Locale.ROOT);
            final RecordKind kind = kindNamed(token);
            if (null != kind)
            {
                kinds.add(kind);
                otherKind = null == otherKind && RecordKind.HEADER != kind ? raw.strip() : otherKind;
                untypedKind = null == untypedKind && (RecordKind.ADVANCE == kind || RecordKind.SNAPSHOT == kind) ?
                    raw.strip() : untypedKind;
            }
            else if ("failed".equals(token))
            {
                kinds.add(RecordKind.DISPATCH);
                filter.failedOnly(true);
                failed = raw.strip();
            }
            else if (null == eventType)
            {
                eventType = raw.strip();
                eventTypeNumber = parseType(raw);
                filter.type(eventTypeNumber);
            }
            else if (parseType(raw) != eventTypeNumber)
            {
                // the same type named twice, or by name and number (add,0), is the one type it is
                throw new IllegalArgumentException("--type=" + String.join(",", tokens) + " names two event types, " +
                    eventType + " and " + raw.strip() + "; give at most one");
            }
        }
        if (null != failed && null != otherKind)
        {
            // the query's failedOnly leaves no record but a failed dispatch (and a HEADER): the other kind would
            // match nothing, and a dispatch that did not fail neither
            throw new IllegalArgumentException("--type=" + String.join(",", tokens) + ": " + failed + " lists only " +
                "the dispatches whose handler threw, no other record, so it cannot be given with " + otherKind +
                "; give " + failed + " without it (with header or an event type if wanted), or " + otherKind +
                " without " + failed);
        }
        if (null != eventType && null != untypedKind)
        {
            // the query's type leaves no record but an input or dispatch of that type (and a HEADER): the advances or
            // snapshots asked for would match nothing
            throw new IllegalArgumentException("--type=" + String.join(",", tokens) + ": " + untypedKind + " records " +
                "have no event type, so " + eventType + ", which lists only the inputs and dispatches of that " +
                "type, cannot be given with " + untypedKind + "; give " + untypedKind + " without " +
                eventType + ", or " + eventType + " without " + untypedKind);
        }
        if (null != eventType && EnumSet.of(RecordKind.HEADER).equals(kinds))
        {
            // header,add: the headers and what the event type alone lists, its inputs and dispatches; the kinds kept
            // only the headers, so the type's records were dropped and no record of it was said to be missing
            kinds.add(RecordKind.INPUT);
            kinds.add(RecordKind.DISPATCH);
        }
        if (!kinds.isEmpty())
        {
            filter.kinds(kinds);
        }
    }

    private static RecordKind kindNamed(final String token)
    {
        for (final RecordKind kind : RecordKind.values())
        {
            if (kind.name().equalsIgnoreCase(token))
            {
                return kind;
            }
        }
        return null;
    }

    /**
     * @param text an item of {@code --type}: white space around it is dropped, not control characters (trim() would
     * drop an escape character, so that {@code \e[31mred} was echoed as {@code [31mred}); an error names the item as
     * given.
     */
    private static int parseType(final String text)
    {
        final String trimmed = text.strip();
        if (INTEGER.matcher(trimmed).matches())
        {
            // a number of any size: one beyond an int (2147483648) is an event type out of range too
            final BigInteger type = new BigInteger(trimmed);
            if (type.signum() < 0)
            {
                throw new IllegalArgumentException("--type " + trimmed + ": event types are not negative");
            }
            if (type.compareTo(BigInteger.valueOf(MarketEvents.TYPE_COUNT)) >= 0)
            {
                // the journal is the market model's (its headers are checked): no record can have another type
                throw new IllegalArgumentException("--type " + trimmed + ": the market model's event types are 0 " +
                    "to " + (MarketEvents.TYPE_COUNT - 1) + " (" + typeNames() + "), so no record can match");
            }
            return type.intValue();
        }
        for (int t = 0; t < MarketEvents.TYPE_COUNT; t++)
        {
            if (MarketEvents.name(t).equalsIgnoreCase(trimmed))
            {
                return t;
            }
        }
        throw new IllegalArgumentException("--type=" + text + " is neither a record kind (input, advance, " +
            "dispatch, snapshot, header, failed) nor an event type (a number or one of " + typeNames() + ")");
    }

    /**
     * @return the market model's event type names in type order, e.g. {@code add, cancel, execute}.
     */
    private static String typeNames()
    {
        final StringBuilder names = new StringBuilder();
        for (int t = 0; t < MarketEvents.TYPE_COUNT; t++)
        {
            names.append(t == 0 ? "" : ", ").append(MarketEvents.name(t).toLowerCase(Locale.ROOT));
        }
        return names.toString();
    }
}
