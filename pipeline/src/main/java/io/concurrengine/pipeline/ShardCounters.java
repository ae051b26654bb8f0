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

    private static final String[] NAMES = {
        "inputs", "dispatched", "failed dispatches", "dropped inputs", "rejected inputs", "ring remaining capacity",
        "wheel size", "overflow size", "clamped events", "journal bytes", "errors", "last interval P99 ns"};
    private static final int[] TYPES = {
        CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID,
        LEVEL_TYPE_ID, LEVEL_TYPE_ID, LEVEL_TYPE_ID, CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID, CUMULATIVE_TYPE_ID,
        LEVEL_TYPE_ID};

    /** Counters each shard allocates. */
    public static final int PER_SHARD = NAMES.length;

    private final AtomicCounter[] all = new AtomicCounter[PER_SHARD];
    final AtomicCounter inputs;
    final AtomicCounter dispatched;
    final AtomicCounter failed;
    final AtomicCounter dropped;
    final AtomicCounter rejected;
    final AtomicCounter ringRemaining;
    final AtomicCounter wheelSize;
    final AtomicCounter overflowSize;
    final AtomicCounter clamped;
    final AtomicCounter journalBytes;
    final AtomicCounter errors;
    final AtomicCounter intervalP99Nanos;

    ShardCounters(final CountersManager manager, final int shardId)
    {
        for (int i = 0; i < PER_SHARD; i++)
        {
            all[i] = manager.newCounter("shard-" + shardId + ": " + NAMES[i], TYPES[i]);
        }
        int i = 0;
        inputs = all[i++];
        dispatched = all[i++];
        failed = all[i++];
        dropped = all[i++];
        rejected = all[i++];
        ringRemaining = all[i++];
        wheelSize = all[i++];
        overflowSize = all[i++];
        clamped = all[i++];
        journalBytes = all[i++];
        errors = all[i++];
        intervalP99Nanos = all[i];
    }

    /**
     * @return dispatches whose handler threw.
     */
    public long failed()
    {
        return failed.get();
    }

    /**
     * @return errors reported for this shard: failed dispatches, and the failure that stopped it if one did.
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
     * @return inputs the shard accepted.
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

    @Override
    public void close()
    {
        for (final AtomicCounter counter : all)
        {
            counter.close();
        }
    }
}
