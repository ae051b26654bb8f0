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

    /** {@link #claimRange}: no range claimed, the inputs are to be published one by one. */
    private static final long NO_RANGE = Long.MIN_VALUE;

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
        requireType(type); // before the binding, as the routing: an invalid publish binds no thread
        final int shard = shardFor(target);
        if (singlePublisher && publisher != Thread.currentThread())
        {
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return CLOSED; // a publish refused before start or after stop binds no thread
            }
            bindPublisher();
        }
        return publishTo(shard, rings[shard], target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * {@link Engine#publish(InputBatch)}: each shard's inputs of the batch claimed as one range of its main ring,
     * written in the batch's order and published at once; where the policy does not wait for room for the whole range
     * (DROP, REJECT, a range longer than the ring, a handler publishing onto its own shard), that shard's inputs go
     * one by one through the path of {@link #publish}, as if published separately.
     */
    int publish(final InputBatch batch)
    {
        if (batch.isPublished())
        {
            throw new IllegalStateException("the batch was published already: clear() it and add the next inputs");
        }
        final int size = batch.size();
        final long[] results = batch.results();
        final long[] inputs = batch.inputs();
        final int[] shardOf = batch.shards();
        for (int i = 0; i < size; i++)
        {
            // may throw: nothing claimed yet, and no thread bound
            shardOf[i] = shardFor(inputs[i * InputBatch.WORDS + InputRing.TARGET]);
        }
        if (singlePublisher && publisher != Thread.currentThread())
        {
            if (lifecycle.state() != EngineState.RUNNING)
            {
                return refuseAll(batch, size, results);
            }
            bindPublisher();
        }
        batch.published();
        final int[] counts = batch.shardInputs(shardCount);
        final int[] ends = batch.shardEnd();
        final int[] present = batch.present();
        final int[] order = batch.order();
        int presentCount = 0;
        for (int i = 0; i < size; i++)
        {
            if (0 == counts[shardOf[i]]++)
            {
                present[presentCount++] = shardOf[i];
            }
        }
        for (int p = 0, end = 0; p < presentCount; p++)
        {
            end += counts[present[p]];
            ends[present[p]] = end;
        }
        for (int i = size - 1; i >= 0; i--)
        {
            order[--ends[shardOf[i]]] = i; // ends now hold each group's start
        }
        final long now = config.clock.nanoTime();
        int accepted = 0;
        int group = 0;
        try
        {
            for (; group < presentCount; group++)
            {
                final int shard = present[group];
                accepted += publishGroup(batch, shard, ends[shard], counts[shard], now);
            }
        }
        catch (final RuntimeException ex)
        {
            // a handler publishing onto its own shard's full ring (BLOCK): the shards after it were never offered
            // their inputs, which must not read as accepted (a stale position of the batch's last use, or 0)
            for (int q = group + 1; q < presentCount; q++)
            {
                final int shard = present[q];
                refuse(results, order, ends[shard], ends[shard] + counts[shard]);
            }
            throw ex;
        }
        finally
        {
            for (int p = 0; p < presentCount; p++)
            {
                counts[present[p]] = 0;
            }
        }
        return accepted;
    }

    private int refuseAll(final InputBatch batch, final int size, final long[] results)
    {
        for (int i = 0; i < size; i++)
        {
            results[i] = CLOSED;
        }
        batch.published();
        return 0;
    }

    /**
     * Publish one shard's inputs of a batch, {@code order[start .. start + count)}.
     *
     * @return how many were accepted.
     */
    private int publishGroup(final InputBatch batch, final int shard, final int start, final int count,
        final long now)
    {
        final InputRing ring = rings[shard];
        final int[] order = batch.order();
        final long[] results = batch.results();
        final long[] inputs = batch.inputs();
        final int end = start + count;
        final long last = claimRange(shard, ring, count);
        if (CLOSED == last)
        {
            for (int k = start; k < end; k++)
            {
                results[order[k]] = CLOSED;
            }
            return 0;
        }
        if (NO_RANGE == last)
        {
            int accepted = 0;
            int k = start;
            try
            {
                for (; k < end; k++)
                {
                    final int at = order[k] * InputBatch.WORDS;
                    final long result = publishTo(shard, ring, inputs[at + InputRing.TARGET],
                        (int)inputs[at + InputRing.TYPE], inputs[at + InputRing.FEED_TIME], inputs[at + InputRing.A0],
                        inputs[at + InputRing.A1], inputs[at + InputRing.A2], inputs[at + InputRing.A3],
                        stamp(inputs[at + InputRing.INTENDED_NANOS], now));
                    results[order[k]] = result;
                    accepted += result >= 0 ? 1 : 0;
                }
            }
            catch (final RuntimeException ex)
            {
                refuse(results, order, k, end); // the input that met the full ring and those after it
                throw ex;
            }
            return accepted;
        }
        final long first = last - count + 1;
        // as in commit(): the state re-read after the claim decides whether the range holds inputs or voids
        if (lifecycle.state() != EngineState.RUNNING)
        {
            for (int k = start; k < end; k++)
            {
                ring.writeVoid(first + k - start);
                results[order[k]] = CLOSED;
            }
            ring.publish(first, last);
            return 0;
        }
        for (int k = start; k < end; k++)
        {
            final int at = order[k] * InputBatch.WORDS;
            final long sequence = first + k - start;
            ring.write(sequence, (int)inputs[at + InputRing.TYPE], inputs[at + InputRing.TARGET],
                inputs[at + InputRing.FEED_TIME], inputs[at + InputRing.A0], inputs[at + InputRing.A1],
                inputs[at + InputRing.A2], inputs[at + InputRing.A3], stamp(inputs[at + InputRing.INTENDED_NANOS], now));
            results[order[k]] = sequence;
        }
        ring.publish(first, last);
        if (singlePublisher && lifecycle.state() != EngineState.RUNNING)
        {
            int accepted = 0;
            for (int k = start; k < end; k++)
            {
                final long result = settlePublishThatRacedStop(shard, results[order[k]]);
                results[order[k]] = result;
                accepted += result >= 0 ? 1 : 0;
            }
            return accepted;
        }
        return count;
    }

    /**
     * Answer the batch's inputs {@code order[from .. to)}, never offered to their ring because a publish from a
     * handler onto its own shard's full ring threw, as refused ({@link Engine#BACK_PRESSURED}).
     */
    private static void refuse(final long[] results, final int[] order, final int from, final int to)
    {
        for (int k = from; k < to; k++)
        {
            results[order[k]] = BACK_PRESSURED;
        }
    }

    private static long stamp(final long intendedNanos, final long now)
    {
        return InputBatch.STAMP_AT_PUBLISH == intendedNanos ? now : intendedNanos;
    }

    /**
     * Claim {@code count} slots of a shard's main ring at once: with BLOCK, waiting for room as {@link #awaitSlot}
     * does; otherwise only if there is room now.
     *
     * @return the last sequence of the range; {@link Engine#CLOSED} once the engine stops accepting input; or
     * {@link #NO_RANGE} where the inputs are to be published one by one instead.
     */
    private long claimRange(final int shard, final InputRing ring, final int count)
    {
        return claim(ring, count, Backpressure.BLOCK == backpressure && count <= ring.size() && !isShardThread(shard));
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
                if (isShardThread(shard))
                {
                    // awaitSlot's advice (REJECT, the EventContext) is for an input: a watermark waits whatever
                    throw new IllegalStateException("advanceTo from a handler of shard=" + shard + " onto its own " +
                        "full ring would wait forever: the shard frees slots only after the handler returns, and a " +
                        "watermark waits for room whatever the backpressure; call advanceTo from another thread, or " +
                        "use a larger ring (the shards before this one have taken the watermark)");
                }
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
        boolean interrupted = false;
        try
        {
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
                        interrupted |= parkNanosUninterruptibly(100_000);
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
        finally
        {
            keepInterrupt(interrupted);
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
            // the priority lane's ring is sized apart: a larger ringSize would not help it
            final boolean priority = ring != rings[shard];
            throw new IllegalStateException("publish from a handler of shard=" + shard + " onto its own full " +
                (priority ? "priority ring" : "ring") + " would wait forever: the shard frees slots only after the " +
                "handler returns; schedule the event with the EventContext instead, or use a larger " +
                (priority ? "priorityRingSize" : "ring") + " or Backpressure.REJECT");
        }
        return claim(ring, 1, true);
    }

    /**
     * Claim {@code count} slots of a ring at once, waiting for room if {@code wait} ({@link #backOff}), else only if
     * there is room now.
     *
     * @return the last sequence of the range; {@link Engine#CLOSED} once the engine stops accepting input; or
     * {@link #NO_RANGE} if there is no room and {@code wait} is false.
     */
    private long claim(final InputRing ring, final int count, final boolean wait)
    {
        int attempts = 0;
        boolean interrupted = false;
        try
        {
            while (true)
            {
                if (lifecycle.state() != EngineState.RUNNING)
                {
                    return CLOSED;
                }
                try
                {
                    return ring.tryNext(count);
                }
                catch (final InsufficientCapacityException ex)
                {
                    if (!wait)
                    {
                        return NO_RANGE;
                    }
                    interrupted |= backOff(++attempts);
                }
            }
        }
        finally
        {
            keepInterrupt(interrupted);
        }
    }

    /**
     * A publisher's wait for room in a full ring, by the attempts made: spinning, then yielding, then parking 10 µs.
     * An interrupt does not end the wait (the publish returns as the contract says, and the thread's interrupt flag is
     * set again then: {@link #keepInterrupt}); it is cleared before a park, which would otherwise return at once and
     * turn the wait into a spin that takes the core the shard needs to make room.
     *
     * @return true if it cleared the thread's interrupt flag.
     */
    private static boolean backOff(final int attempts)
    {
        if (attempts < 100)
        {
            Thread.onSpinWait();
            return false;
        }
        if (attempts < 200)
        {
            Thread.yield();
            return false;
        }
        return parkNanosUninterruptibly(10_000);
    }

    /**
     * Park, with the thread's interrupt flag cleared first: a park with the flag set returns at once.
     *
     * @param nanos how long to park at most.
     * @return true if the flag was set, for the caller to set again once it has done waiting.
     */
    private static boolean parkNanosUninterruptibly(final long nanos)
    {
        final boolean interrupted = Thread.interrupted();
        LockSupport.parkNanos(nanos);
        return interrupted;
    }

    private static void keepInterrupt(final boolean interrupted)
    {
        if (interrupted)
        {
            Thread.currentThread().interrupt();
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
