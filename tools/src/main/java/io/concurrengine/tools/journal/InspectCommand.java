package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.journal.JournalException;
import io.concurrengine.journal.JournalInspector;
import io.concurrengine.journal.JournalQuery;
import io.concurrengine.journal.JournalReader;
import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.config.ConfigException;
import io.concurrengine.tools.config.EngineConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code concurrengine inspect DIR [--shard N] [--from T] [--to T] [--type X] [--limit K]}: print journal records.
 */
@Command(
    name = "inspect",
    mixinStandardHelpOptions = true,
    description = "Print the records of a run's journal, one per line, filtered by shard, time and type.")
public final class InspectCommand implements Callable<Integer>
{
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "DIR", description = "journal directory written by run")
    Path directory;

    @Option(names = "--shard", paramLabel = "N", description = "one shard only")
    Integer shard;

    @Option(names = "--from", paramLabel = "T", description = "first time, inclusive (µs)")
    Long from;

    @Option(names = "--to", paramLabel = "T", description = "last time, inclusive (µs)")
    Long to;

    @Option(names = "--type", paramLabel = "X", description = "event type: a number or ADD, CANCEL, EXECUTE, ...")
    String type;

    @Option(names = "--limit", paramLabel = "K", defaultValue = "100", description = "records per shard (default 100)")
    long limit;

    @Override
    public Integer call()
    {
        final PrintWriter out = spec.commandLine().getOut();
        final PrintWriter err = spec.commandLine().getErr();
        final EngineConfig config;
        final int typeFilter;
        try
        {
            config = ReplayCommand.loadRunConfig(directory);
            typeFilter = null == type ? JournalQuery.ANY_TYPE : parseType(type);
        }
        catch (final ConfigException | IllegalArgumentException ex)
        {
            err.println("concurrengine inspect: " + ex.getMessage());
            err.flush();
            return 2;
        }
        final StringBuilder line = new StringBuilder(160);
        for (int i = 0; i < config.shards(); i++)
        {
            if (null != shard && shard != i)
            {
                continue;
            }
            final JournalQuery.Builder query = JournalQuery.builder().type(typeFilter).limit(limit);
            if (null != from)
            {
                query.fromTime(from);
            }
            if (null != to)
            {
                query.toTime(to);
            }
            out.println("# shard " + i);
            try
            {
                JournalReader.open(ChronicleShardJournal.shardDirectory(directory, i)).read(query.build(), record ->
                {
                    line.setLength(0);
                    out.println(JournalInspector.format(record, line));
                });
            }
            catch (final JournalCorruptException ex)
            {
                out.flush();
                err.println("concurrengine inspect: shard " + i + " journal damaged: " + ex.getMessage());
                err.flush();
                return 1;
            }
            catch (final JournalException ex)
            {
                out.flush();
                err.println("concurrengine inspect: shard " + i + ": " + ex.getMessage());
                err.flush();
                return 1;
            }
        }
        out.flush();
        return 0;
    }

    private static int parseType(final String text)
    {
        try
        {
            return Integer.parseInt(text);
        }
        catch (final NumberFormatException ex)
        {
            for (int t = 0; t < MarketEvents.TYPE_COUNT; t++)
            {
                if (MarketEvents.name(t).equalsIgnoreCase(text.trim()))
                {
                    return t;
                }
            }
            final StringBuilder names = new StringBuilder();
            for (int t = 0; t < MarketEvents.TYPE_COUNT; t++)
            {
                names.append(t == 0 ? "" : ", ").append(MarketEvents.name(t).toLowerCase(Locale.ROOT));
            }
            throw new IllegalArgumentException("--type=" + text + " is neither a number nor one of " + names);
        }
    }
}
