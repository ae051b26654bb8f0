package io.concurrengine.pipeline.journal;

import io.concurrengine.core.event.Event;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalDescriptor;
import io.concurrengine.journal.JournalHeader;
import io.concurrengine.journal.JournalWriter;
import io.concurrengine.pipeline.ShardJournal;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.ShardModel;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A shard's journal in a Chronicle queue of its own, {@code <root>/shard-<id>}, through the journal module's
 * batching {@link JournalWriter}. Not threadsafe: the shard's thread only.
 */
public final class ChronicleShardJournal implements ShardJournal
{
    private final JournalWriter writer;

    private ChronicleShardJournal(final JournalWriter writer)
    {
        this.writer = writer;
    }

    /**
     * The directory of one shard's journal under a run's journal root.
     *
     * @param root    journal root of the run.
     * @param shardId the shard.
     * @return {@code root/shard-<shardId>}.
     */
    public static Path shardDirectory(final Path root, final int shardId)
    {
        return root.resolve("shard-" + shardId);
    }

    /**
     * A factory opening one journal per shard.
     *
     * @param root          journal root: one sub-directory per shard.
     * @param configurer    completes each shard's journal configuration (roll cycle, retention, fsync …) from a
     *                      builder already pointing at the shard's directory.
     * @param engineVersion written in each header.
     * @param configHash    hash of the resolved configuration, written in each header.
     * @param timeUnit      engine time unit.
     * @param startTime     engine start time.
     * @param seed          seed of the run.
     * @return the factory.
     * @throws NullPointerException naming the first of root, configurer, engineVersion and timeUnit that is null.
     */
    public static ShardJournalFactory factory(
        final Path root,
        final Function<JournalConfig.Builder, JournalConfig.Builder> configurer,
        final String engineVersion,
        final long configHash,
        final TimeUnit timeUnit,
        final long startTime,
        final long seed)
    {
        // here, not when an engine starts: a null time unit made its clock check throw a bare NullPointerException
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(configurer, "configurer");
        Objects.requireNonNull(engineVersion, "engineVersion");
        Objects.requireNonNull(timeUnit, "timeUnit");
        return new ShardJournalFactory()
        {
            @Override
            public ShardJournal open(final int shardId, final int shardCount, final ShardModel model)
            {
                final JournalConfig config =
                    configurer.apply(JournalConfig.builder(shardDirectory(root, shardId))).build();
                final String identity;
                try
                {
                    identity = model.identity();
                }
                catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
                {
                    // thrown bare, it failed the start saying only its own message, naming neither shard nor call
                    throw new IllegalArgumentException("the model of shard=" + shardId + " (" +
                        model.getClass().getName() + ") failed to say its identity() for its journal's header: " +
                        "identity() threw " + ex, ex);
                }
                if (null == identity)
                {
                    // the header's own check would say only "modelId=null"
                    throw new IllegalArgumentException("the model of shard=" + shardId + " (" +
                        model.getClass().getName() + ") returned identity()=null: a journal's header names the model " +
                        "and version that wrote it, e.g. \"market-v1\"");
                }
                final int identityBytes = identity.getBytes(StandardCharsets.UTF_8).length;
                if (identityBytes > JournalDescriptor.MAX_STRING_LENGTH)
                {
                    // the header's own check would say only "modelId.utf8Length=… > 1024"
                    throw new IllegalArgumentException("the model of shard=" + shardId + " (" +
                        model.getClass().getName() + ") returned an identity() of " + identityBytes + " UTF-8 bytes: " +
                        "a journal's header holds at most " + JournalDescriptor.MAX_STRING_LENGTH + ", e.g. " +
                        "\"market-v1\"");
                }
                final JournalHeader header = new JournalHeader(
                    engineVersion, identity, configHash, shardId, shardCount, timeUnit, startTime, seed);
                return new ChronicleShardJournal(JournalWriter.open(config, header));
            }

            @Override
            public void checkClock(final long engineStartTime, final long engineTimeUnitNanos)
            {
                if (!isTimeUnit(engineTimeUnitNanos))
                {
                    // no factory can head it: the advice below, to pass the engine's time unit, cannot be followed
                    throw new IllegalArgumentException("journal: the engine runs with timeUnitNanos=" +
                        engineTimeUnitNanos + ", which no TimeUnit is, and a journal's header records its time unit " +
                        "as one: a journaled engine's time unit is 1 ns, 1 µs, 1 ms, 1 s, 1 min, 1 h or 1 day");
                }
                if (engineStartTime != startTime || engineTimeUnitNanos != timeUnit.toNanos(1))
                {
                    throw new IllegalArgumentException("journal: the factory heads each journal with startTime=" +
                        startTime + " timeUnit=" + timeUnit + " but the engine runs with startTime=" + engineStartTime +
                        " timeUnitNanos=" + engineTimeUnitNanos + "; replay starts the clock from the header, so " +
                        "pass the engine's start time and time unit to ChronicleShardJournal.factory");
                }
            }
        };
    }

    private static boolean isTimeUnit(final long nanos)
    {
        for (final TimeUnit unit : TimeUnit.values())
        {
            if (unit.toNanos(1) == nanos)
            {
                return true;
            }
        }
        return false;
    }

    @Override
    public void input(
        final long time,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        writer.appendInput(time, type, target, a0, a1, a2, a3);
    }

    @Override
    public void advance(final long time)
    {
        writer.appendAdvance(time);
    }

    @Override
    public void dispatch(final Event event, final boolean failed)
    {
        writer.appendDispatch(
            event.time(), event.seq(), event.type(), event.target(), event.a0(), event.a1(), event.a2(), event.a3(),
            failed);
    }

    @Override
    public void inputDispatched(final Event event, final boolean failed)
    {
        writer.appendInputAndDispatch(
            event.time(), event.seq(), event.type(), event.target(), event.a0(), event.a1(), event.a2(), event.a3(),
            failed);
    }

    @Override
    public void discardUnit()
    {
        writer.discardUnit();
    }

    @Override
    public void flush()
    {
        writer.flush();
    }

    @Override
    public long bytesWritten()
    {
        return writer.bytesWritten();
    }

    @Override
    public RuntimeException outOfSpace()
    {
        return writer.outOfSpace();
    }

    @Override
    public Throwable backgroundError()
    {
        return writer.backgroundError();
    }

    @Override
    public void close()
    {
        writer.close();
    }
}
