package io.concurrengine.pipeline;

import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

/**
 * The counters of one shard, allocated in a {@link CountersManager} so that another process can read them from the
 * counters file (the Aeron habit). The shard thread publishes its figures once per unit of work with release
 * stores; publishers increment the drop and reject counters atomically.
 */
public final class ShardCounters implements AutoCloseable
{
    /**
     * Type id of a cumulative counter: one that only grows while the engine runs, so that its difference over an
     * interval is a rate ({@code concurrengine stat} shows one).
     */
    public static final int CUMULATIVE_TYPE_ID = 1001;

    /**
     * Type id of a level: a value at the moment it is published, which rises and falls, so that a "rate" of it
     * means nothing.
     */
    public static final int LEVEL_TYPE_ID = 1002;

    /** Label of the engine's own counters: this, then the counter's name ({@code engine: errors}). */
    public static final String ENGINE_LABEL_PREFIX = "engine: ";

    /** A shard's counter is labelled this, the shard id and {@link #SHARD_LABEL_SEPARATOR}, then its name. */
    private static final String SHARD_LABEL_PREFIX = "shard-";
    private static final String SHARD_LABEL_SEPARATOR = ": ";

    /** The counters of a shard: label and type id each. */
    private enum Counter
    {
        INPUTS("inputs", CUMULATIVE_TYPE_ID),
        DISPATCHED("dispatched", CUMULATIVE_TYPE_ID),
        FAILED("failed dispatches", CUMULATIVE_TYPE_ID),
        DROPPED("dropped inputs", CUMULATIVE_TYPE_ID),
        REJECTED("rejected inputs", CUMULATIVE_TYPE_ID),
        RING_REMAINING("ring remaining capacity", LEVEL_TYPE_ID),
        WHEEL_SIZE("wheel size", LEVEL_TYPE_ID),
        WHEEL_CAPACITY("wheel capacity", LEVEL_TYPE_ID), // records in its arena: it grew if above the initial
        OVERFLOW_SIZE("overflow size", LEVEL_TYPE_ID),
        CLAMPED("clamped events", CUMULATIVE_TYPE_ID),
        JOURNAL_BYTES("journal bytes", CUMULATIVE_TYPE_ID),
        ERRORS("errors", CUMULATIVE_TYPE_ID),
        INTERVAL_P99("last interval P99 ns", LEVEL_TYPE_ID),
        BATCHES("batches", CUMULATIVE_TYPE_ID), // units of work that took input
        INTERVAL_P50("last interval P50 ns", LEVEL_TYPE_ID),
        INTERVAL_P999("last interval P99.9 ns", LEVEL_TYPE_ID),
        INTERVAL_MAX("last interval max ns", LEVEL_TYPE_ID);

        private final String label;
        private final int typeId;

        Counter(final String label, final int typeId)
        {
            this.label = label;
            this.typeId = typeId;
        }
    }

    /** Counters each shard allocates. */
    public static final int PER_SHARD = Counter.values().length;

    private final AtomicCounter[] all = new AtomicCounter[PER_SHARD];
    final AtomicCounter inputs;
    final AtomicCounter dispatched;
    final AtomicCounter failed;
    final AtomicCounter dropped;
    final AtomicCounter rejected;
    final AtomicCounter ringRemaining;
    final AtomicCounter wheelSize;
    final AtomicCounter wheelCapacity;
    final AtomicCounter overflowSize;
    final AtomicCounter clamped;
    final AtomicCounter journalBytes;
    final AtomicCounter errors;
    final AtomicCounter intervalP99Nanos;
    final AtomicCounter batches;
    final AtomicCounter intervalP50Nanos;
    final AtomicCounter intervalP999Nanos;
    final AtomicCounter intervalMaxNanos;

    ShardCounters(final CountersManager manager, final int shardId)
    {
        try
        {
            for (final Counter counter : Counter.values())
            {
                all[counter.ordinal()] = manager.newCounter(shardLabel(shardId, counter.label), counter.typeId);
            }
        }
        catch (final RuntimeException ex)
        {
            close(); // those allocated before the manager ran out of room
            throw ex;
        }
        inputs = all[Counter.INPUTS.ordinal()];
        dispatched = all[Counter.DISPATCHED.ordinal()];
        failed = all[Counter.FAILED.ordinal()];
        dropped = all[Counter.DROPPED.ordinal()];
        rejected = all[Counter.REJECTED.ordinal()];
        ringRemaining = all[Counter.RING_REMAINING.ordinal()];
        wheelSize = all[Counter.WHEEL_SIZE.ordinal()];
        wheelCapacity = all[Counter.WHEEL_CAPACITY.ordinal()];
        overflowSize = all[Counter.OVERFLOW_SIZE.ordinal()];
        clamped = all[Counter.CLAMPED.ordinal()];
        journalBytes = all[Counter.JOURNAL_BYTES.ordinal()];
        errors = all[Counter.ERRORS.ordinal()];
        intervalP99Nanos = all[Counter.INTERVAL_P99.ordinal()];
        batches = all[Counter.BATCHES.ordinal()];
        intervalP50Nanos = all[Counter.INTERVAL_P50.ordinal()];
        intervalP999Nanos = all[Counter.INTERVAL_P999.ordinal()];
        intervalMaxNanos = all[Counter.INTERVAL_MAX.ordinal()];
    }

    /**
     * @param shardId the shard.
     * @param name    the counter's name.
     * @return the label of the shard's counter, {@code shard-N: name}.
     */
    static String shardLabel(final int shardId, final String name)
    {
        return SHARD_LABEL_PREFIX + shardId + SHARD_LABEL_SEPARATOR + name;
    }

    /**
     * @param label a counter's label, e.g. from a counters file another process wrote.
     * @return the shard id it names if it is a shard's counter, as written (decimal digits), else null.
     */
    public static String shardOf(final String label)
    {
        final int separator = label.indexOf(SHARD_LABEL_SEPARATOR);
        if (!label.startsWith(SHARD_LABEL_PREFIX) || separator <= SHARD_LABEL_PREFIX.length())
        {
            return null;
        }
        for (int i = SHARD_LABEL_PREFIX.length(); i < separator; i++)
        {
            if (label.charAt(i) < '0' || label.charAt(i) > '9')
            {
                return null;
            }
        }
        return label.substring(SHARD_LABEL_PREFIX.length(), separator);
    }

    /**
     * @param label a shard's counter's label ({@link #shardOf} is not null).
     * @return the counter's name, without the shard.
     */
    public static String nameOf(final String label)
    {
        return label.substring(label.indexOf(SHARD_LABEL_SEPARATOR) + SHARD_LABEL_SEPARATOR.length());
    }

    /**
     * @return dispatches whose handler threw.
     */
    public long failed()
    {
        return failed.get();
    }

    /**
     * @return errors reported for this shard: failed dispatches, the failure that stopped it if one did, and its
     * journal's failure to close (to write its last block) if it failed to.
     */
    public long errors()
    {
        return errors.get();
    }

    /**
     * @return inputs dropped by the DROP backpressure policy.
     */
    public long dropped()
    {
        return dropped.get();
    }

    /**
     * @return inputs refused by the REJECT backpressure policy.
     */
    public long rejected()
    {
        return rejected.get();
    }

    /**
     * @return inputs the shard has taken from its rings, as last published (after each unit of work); an input
     * accepted into a ring (a publish's non-negative answer) is counted once the shard has taken it.
     */
    public long inputs()
    {
        return inputs.get();
    }

    /**
     * @return events the shard dispatched.
     */
    public long dispatched()
    {
        return dispatched.get();
    }

    /**
     * @return the shard's units of work that took input (an input or a watermark; not a unit that only fired
     * wall-clock timers): {@link #inputs()} divided by it is about the mean batch a shard takes from its rings at a
     * time, small when it keeps up with its publishers and large when a backlog builds or batch coalescing waits for
     * one.
     */
    public long batches()
    {
        return batches.get();
    }

    /**
     * @return bytes the shard's journal had written, as last published (after each unit of work): the live figure
     * {@link Engine#journalBytes()} is exact only once the engine is stopped.
     */
    public long journalBytes()
    {
        return journalBytes.get();
    }

    /**
     * @return records the shard's wheel has room for, as last published: above the capacity it started with
     * ({@link EngineBuilder#initialWheelCapacity(int)}, {@link ShardModel#expectedTimers()}) if it grew during the run.
     */
    public long wheelCapacity()
    {
        return wheelCapacity.get();
    }

    /**
     * Free the shard's counters in their manager, for others to take.
     */
    @Override
    public void close()
    {
        for (final AtomicCounter counter : all)
        {
            if (null != counter) // a constructor that ran out of room frees those it allocated
            {
                counter.close();
            }
        }
    }
}
