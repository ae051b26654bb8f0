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
    /** Counter type id of every Concurrengine shard counter. */
    public static final int SHARD_COUNTER_TYPE_ID = 1001;

    /** Counters each shard allocates. */
    public static final int PER_SHARD = 12;

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
        inputs = counter(manager, shardId, "inputs");
        dispatched = counter(manager, shardId, "dispatched");
        failed = counter(manager, shardId, "failed dispatches");
        dropped = counter(manager, shardId, "dropped inputs");
        rejected = counter(manager, shardId, "rejected inputs");
        ringRemaining = counter(manager, shardId, "ring remaining capacity");
        wheelSize = counter(manager, shardId, "wheel size");
        overflowSize = counter(manager, shardId, "overflow size");
        clamped = counter(manager, shardId, "clamped events");
        journalBytes = counter(manager, shardId, "journal bytes");
        errors = counter(manager, shardId, "errors");
        intervalP99Nanos = counter(manager, shardId, "last interval P99 ns");
    }

    private static AtomicCounter counter(final CountersManager manager, final int shardId, final String name)
    {
        return manager.newCounter("shard-" + shardId + ": " + name, SHARD_COUNTER_TYPE_ID);
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
        inputs.close();
        dispatched.close();
        failed.close();
        dropped.close();
        rejected.close();
        ringRemaining.close();
        wheelSize.close();
        overflowSize.close();
        clamped.close();
        journalBytes.close();
        errors.close();
        intervalP99Nanos.close();
    }
}
