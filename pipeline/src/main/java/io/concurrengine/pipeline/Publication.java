package io.concurrengine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.LockSupport;

import static io.concurrengine.pipeline.Engine.BACK_PRESSURED;
import static io.concurrengine.pipeline.Engine.CLOSED;
import static io.concurrengine.pipeline.Engine.DROPPED;

/**
 * An engine's publish path: routes each input by its key ({@link Partitioner}) to its shard's main or priority
 * {@link InputRing}, claims a slot under the engine's {@link Backpressure} policy, fills and publishes it, and answers
 * with the ring position or a negative code ({@link Engine#BACK_PRESSURED}, {@link Engine#DROPPED},
 * {@link Engine#CLOSED}). With {@link Publishers#SINGLE} it binds the publisher thread, and settles a publish that
 * raced {@link Engine#stop(long)}, counting the inputs it refused for {@link ShutdownSequence}'s check
 * ({@link #refusedAfterDrain()}).
 * <p>
 * The engine's public publish methods delegate here and hold the contract (see {@link Engine#publish}). Every input
 * of every producer goes through this class: small methods of a final class for the JIT to inline, no allocation, and
 * the rare cases (a full ring, a publish that raced stop) in methods of their own.
 * <p>
 * Threadsafe as the engine's publishing is: any thread with {@link Publishers#MULTI} and on the priority rings, the
 * bound publisher thread on the main rings with {@link Publishers#SINGLE}.
 */
final class Publication
{
    private static final VarHandle PUBLISHER;
    private static final VarHandle REFUSED_AFTER_DRAIN;

    static
    {
        try
        {
            PUBLISHER = MethodHandles.lookup().findVarHandle(Publication.class, "publisher", Thread.class);
            REFUSED_AFTER_DRAIN =
                MethodHandles.lookup().findVarHandle(Publication.class, "refusedAfterDrain", long.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final EngineBuilder config;
    private final Lifecycle lifecycle;
    private final int shardCount;
    private final Partitioner partitioner;
    private final Backpressure backpressure;
    private final boolean singlePublisher;
    private final InputRing[] rings;
    private final InputRing[] priorityRings;
    private final ShardCounters[] counters;
    private final ShardAgent[] agents;
    /**
     * Each shard's thread, recorded by the {@link ShardStarter} before it starts: a runner forgets its thread once it
     * is being closed ({@link org.agrona.concurrent.AgentRunner#thread()} is then a tombstone), while a handler may
     * still be running on it.
     */
    private final Thread[] threads;
    /** With {@link Publishers#SINGLE}: the thread that publishes, bound by its first publish. */
    private Thread publisher;
    private long refusedAfterDrain; // single publisher's inputs refused after its shard's drain target

    /**
     * @param config        the engine's configuration: partitioner, backpressure, publishers, time mode and clock.
     * @param lifecycle     the engine's lifecycle: input is accepted only while it is RUNNING.
     * @param rings         each shard's main ring.
     * @param priorityRings each shard's priority ring.
     * @param counters      each shard's counters, for its dropped and rejected inputs.
     * @param agents        the engine's agents, by shard, filled by the {@link ShardStarter}: a single publisher's
     *                      publish that raced stop() waits for its shard's drain.
     * @param threads       the engine's shard threads, filled by the {@link ShardStarter} before each starts.
     */
    Publication(
        final EngineBuilder config,
        final Lifecycle lifecycle,
        final InputRing[] rings,
        final InputRing[] priorityRings,
        final ShardCounters[] counters,
        final ShardAgent[] agents,
        final Thread[] threads)
    {
        this.config = config;
        this.lifecycle = lifecycle;
        this.shardCount = config.shards;
        this.partitioner = config.partitioner;
        this.backpressure = config.backpressure;
        this.singlePublisher = config.publishers == Publishers.SINGLE;
        this.rings = rings;
        this.priorityRings = priorityRings;
        this.counters = counters;
        this.agents = agents;
        this.threads = threads;
    }

    /**
     * {@link Engine#publish(long, int, long, long, long, long, long, long)}: onto the key's shard's main ring.
     */
    long publish(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        requireType(type); // before the binding: an invalid publish binds no thread
        if (singlePublisher && publisher != Thread.currentThread())
        {
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return CLOSED; // a publish refused before start or after stop binds no thread
            }
            bindPublisher();
        }
        final int shard = shardFor(target);
        return publishTo(shard, rings[shard], target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * {@link Engine#publishPriority}: onto the key's shard's priority ring, from any thread.
     */
    long publishPriority(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        requireType(type);
        final int shard = shardFor(target);
        return publishTo(shard, priorityRings[shard], target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * {@link Engine#releasePublisher()}: a compare-and-set, whose store the next publisher's compare-and-set in
     * {@link #bindPublisher()} reads.
     */
    boolean releasePublisher()
    {
        return singlePublisher && PUBLISHER.compareAndSet(this, Thread.currentThread(), null);
    }

    /**
     * {@link Engine#advanceTo(long)}: an ADVANCE slot onto every shard's main ring, waiting for room whatever the
     * backpressure policy.
     */
    boolean advanceTo(final long feedTime)
    {
        if (config.timeMode != TimeMode.EVENT_TIME)
        {
            throw new IllegalStateException("advanceTo is for event-time mode: an engine of timeMode=" +
                config.timeMode + " moves its shards' clocks itself");
        }
        if (singlePublisher && publisher != Thread.currentThread())
        {
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return false;
            }
            bindPublisher();
        }
        final long now = config.clock.nanoTime();
        for (int shard = 0; shard < shardCount; shard++)
        {
            final InputRing ring = rings[shard];
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return false;
            }
            long sequence;
            try
            {
                sequence = ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                sequence = awaitSlot(shard, ring);
            }
            if (sequence < 0 || commit(shard, ring, sequence, InputRing.ADVANCE, 0, feedTime, 0, 0, 0, 0, now) < 0)
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The first publish of a single-publisher engine binds its thread; a publish from any other thread is refused
     * before it touches a ring, unless the bound thread has terminated or {@linkplain #releasePublisher released}
     * the engine, when the caller takes its place. The plain read in {@link #publish} sees the publisher's own write
     * on its thread; on any other thread it sees null, a publisher or a former one, and the compare-and-set decides.
     * <p>
     * A handover is safe for the rings' plain claim fields: everything a terminated thread did happens-before
     * {@link Thread#isAlive()} returning false in the caller (JLS 17.4.4), and a release is a release store that the
     * compare-and-set here reads.
     */
    private void bindPublisher()
    {
        final Thread current = Thread.currentThread();
        Thread bound = (Thread)PUBLISHER.getVolatile(this);
        while (bound != current)
        {
            if (bound != null && bound.isAlive())
            {
                throw new IllegalStateException("publishers=SINGLE: thread '" + current.getName() +
                    "' may not publish, thread '" + bound.getName() + "' is this engine's publisher" +
                    " (it may call releasePublisher(), or build the engine with Publishers.MULTI to publish from" +
                    " several threads)");
            }
            final Thread witness = (Thread)PUBLISHER.compareAndExchange(this, bound, current);
            if (witness == bound)
            {
                return;
            }
            bound = witness;
        }
    }

    private static void requireType(final int type)
    {
        if (type < 0)
        {
            throw new IllegalArgumentException("type=" + type + " must be non-negative");
        }
    }

    private long publishTo(
        final int shard,
        final InputRing ring,
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        if (lifecycle.state() != EngineState.RUNNING)
        {
            return CLOSED;
        }
        long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException ex)
        {
            sequence = fullRingSlowPath(shard, ring);
            if (sequence < 0)
            {
                return sequence;
            }
        }
        return commit(shard, ring, sequence, type, target, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * Fill and publish a claimed slot, unless the engine stopped accepting input since the claim.
     */
    private long commit(
        final int shard,
        final InputRing ring,
        final long sequence,
        final int type,
        final long target,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        // Re-read the state after the claim: pairs with the shard reading its cursor after it sees DRAINING. A
        // multi-publisher claim is a compare-and-set, a full fence, so the two cannot both miss each other. A
        // single publisher's claim is no fence: stop() relies on its contract instead and checks it afterwards.
        if (lifecycle.state() != EngineState.RUNNING)
        {
            ring.writeVoid(sequence);
            ring.publish(sequence);
            return CLOSED;
        }
        ring.write(sequence, type, target, feedTime, a0, a1, a2, a3, intendedNanos);
        ring.publish(sequence);
        if (singlePublisher && lifecycle.state() != EngineState.RUNNING && ring == rings[shard])
        {
            return settlePublishThatRacedStop(shard, sequence);
        }
        return sequence;
    }

    /**
     * A single publisher's input published after stop() began: held up between the state check that follows its
     * claim and its publish (preempted, say) while its shard took the ring's cursor as its last input, or while all
     * of stop() ran. Its fate is known once the shard has drained or stopped: taken if the drain reached it, else
     * refused with {@link Engine#CLOSED} (it stays in the ring, never dispatched) and counted for stop()'s check.
     * Waits no longer than stop() itself; a failed engine's publish keeps its sequence (stop() reports the failure).
     * <p>
     * The claim has no fence, so this re-read can miss a DRAINING that the shard acted on a few nanoseconds earlier
     * (a store-load reorder); stop() sees such an input beyond the drain target, not counted here, and reports it.
     * <p>
     * A handler publishing onto its own shard's ring is settled at once: its shard cannot drain while the handler runs
     * (waiting for that held stop() up for its whole timeout), and need not. The claim's check read RUNNING on the
     * shard's own thread, so the shard has not taken its drain target yet; it takes it at a later unit of work, after
     * the handler returns, at or beyond this input.
     */
    private long settlePublishThatRacedStop(final int shard, final long sequence)
    {
        if (isShardThread(shard))
        {
            return sequence;
        }
        final ShardAgent agent = agents[shard];
        while (true)
        {
            final long taken;
            if (agent.drained())
            {
                taken = agent.drainTarget();
            }
            else
            {
                final EngineState state = lifecycle.state();
                if (state == EngineState.FAILED)
                {
                    return sequence;
                }
                if (state != EngineState.STOPPED)
                {
                    LockSupport.parkNanos(100_000);
                    continue;
                }
                taken = agent.consumed();
            }
            if (sequence <= taken)
            {
                return sequence;
            }
            // release: pairs with the acquire in refusedAfterDrain(); only the publisher thread writes it
            REFUSED_AFTER_DRAIN.setRelease(this, refusedAfterDrain + 1);
            return CLOSED;
        }
    }

    private long fullRingSlowPath(final int shard, final InputRing ring)
    {
        switch (backpressure)
        {
            case DROP:
                counters[shard].dropped.increment();
                return DROPPED;
            case REJECT:
                counters[shard].rejected.increment();
                return BACK_PRESSURED;
            default:
                return awaitSlot(shard, ring);
        }
    }

    /**
     * Wait for room in a full ring, spinning, then yielding, then parking.
     *
     * @return the claimed sequence, or {@link Engine#CLOSED} once the engine stops accepting input.
     * @throws IllegalStateException on the shard's own thread, where it would wait forever.
     */
    private long awaitSlot(final int shard, final InputRing ring)
    {
        if (isShardThread(shard))
        {
            throw new IllegalStateException("publish from a handler of shard=" + shard + " onto its own full " +
                "ring would wait forever: the shard frees slots only after the handler returns; schedule the " +
                "event with the EventContext instead, or use a larger ring or Backpressure.REJECT");
        }
        int attempts = 0;
        while (true)
        {
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return CLOSED;
            }
            try
            {
                return ring.tryNext();
            }
            catch (final InsufficientCapacityException ex)
            {
                if (++attempts < 100)
                {
                    Thread.onSpinWait();
                }
                else if (attempts < 200)
                {
                    Thread.yield();
                }
                else
                {
                    LockSupport.parkNanos(10_000);
                }
            }
        }
    }

    /**
     * @param shard a shard index.
     * @return true if the calling thread is the shard's own thread, also while stop() is closing its runner. A plain
     * read: the shard's thread sees its own entry, written before the thread was started; any other thread is told
     * false whatever it sees.
     */
    boolean isShardThread(final int shard)
    {
        return threads[shard] == Thread.currentThread();
    }

    /**
     * @return the single publisher's count of inputs refused after its shard's drain target, for stop()'s check
     * ({@link ShutdownSequence}): the acquire pairs with the release in {@link #settlePublishThatRacedStop}.
     */
    long refusedAfterDrain()
    {
        return (long)REFUSED_AFTER_DRAIN.getAcquire(this);
    }

    /**
     * {@link Engine#shardFor(long)}.
     */
    int shardFor(final long key)
    {
        final int shard = partitioner.shardFor(key, shardCount);
        if (shard < 0 || shard >= shardCount)
        {
            throw new IllegalArgumentException("partitioner " + partitioner + " routed key=" + key + " to shard=" +
                shard + ", outside [0, " + shardCount + ")");
        }
        return shard;
    }
}
