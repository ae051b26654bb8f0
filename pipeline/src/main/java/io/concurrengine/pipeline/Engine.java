package io.concurrengine.pipeline;

import io.concurrengine.model.market.StateHash;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;

import java.util.concurrent.TimeUnit;

/**
 * The live engine: N shards, each a thread owning a wheel, a model and a journal, fed through a bounded
 * Disruptor ring and a small priority ring that is taken first at each unit of work.
 * <pre>{@code
 * Engine engine = Engine.builder().shards(2).model((shardId, shardCount) -> new MyModel()).build().start();
 * engine.publish(key, TYPE, feedTime, a0, a1, a2, a3);
 * engine.stop(TimeUnit.SECONDS.toNanos(10));
 * }</pre>
 * A complete example, journaled and replayed, is {@code EmbeddingExampleTest} (the README's "Embedding").
 * <p>
 * <b>Publishing</b> is threadsafe ({@link Publishers#MULTI}, the default) or bound to one thread
 * ({@link Publishers#SINGLE}), and allocation-free; the result is a ring position (accepted) or a negative code
 * that says what the caller does next: {@link #BACK_PRESSURED} (REJECT policy, retry later), {@link #DROPPED}
 * (DROP policy, counted), {@link #CLOSED} (the engine is not running; nothing was accepted). Several inputs can be
 * published with one call, {@link #publish(InputBatch)}, which claims each shard's share of them at once. A publish
 * waiting for room (BLOCK, or a watermark) is not ended by an interrupt: it waits on, parked, and returns with the
 * thread's interrupt flag set.
 * <p>
 * <b>Stopping</b> refuses new input, lets every shard drain what its rings accepted, flushes and closes the journals.
 * A publisher blocked on a full ring is released with {@link #CLOSED}; no accepted input is left behind. When a shard
 * has failed, the others still drain (within the timeout) before they close. A journal that runs out of space moves
 * the engine to FAILED without failing a shard ({@link JournalFullException}): every shard still drains into its
 * journal's reserve, so nothing accepted is lost and each journal closes whole. A handler cannot be preempted: stopping
 * waits for one that is running to return, reporting the shard to the error handler every
 * {@value #CLOSE_REPORT_INTERVAL_MS} ms meanwhile ({@link ShardStillRunningWarning}, a warning) and interrupting its
 * thread (Agrona sets the interrupt flag again only once the handler has cleared it). Nor can a dispatch be cut short:
 * a shard dispatches everything due by the time it moves to before it looks at its rings again, so handlers that keep
 * scheduling events due at once (a timer that schedules itself again at the time it fires: a delay of 0, or any delay
 * once the clock is at {@link Long#MAX_VALUE}, where due times saturate) hold their shard at that instant for ever,
 * though each returns; stopping then never ends, and the shard's journal grows with every dispatch.
 */
public final class Engine
{
    /**
     * The ring was full and the REJECT policy refused the input; or, in a batch that a handler's publish onto its own
     * shard's full ring cut short ({@link #publish(InputBatch)}), the input was not published.
     */
    public static final long BACK_PRESSURED = -1;

    /** The ring was full and the DROP policy dropped the input; it is counted. */
    public static final long DROPPED = -2;

    /** The engine is not running; the input was not accepted. */
    public static final long CLOSED = -3;

    /** Heap bytes each ring slot takes: a shard's rings hold (ring size + priority ring size) of them. */
    public static final int RING_SLOT_BYTES = InputRing.SLOT_LONGS * Long.BYTES;

    /**
     * Largest latency the recorders track, one hour; longer ones are recorded as one hour. A fixed range keeps the
     * shard threads' recorders from resizing, which allocates, when a new largest value arrives.
     */
    public static final long HIGHEST_TRACKABLE_LATENCY_NANOS = TimeUnit.HOURS.toNanos(1);

    /** How often stopping reports, and interrupts, a shard thread held up in a handler. */
    static final int CLOSE_REPORT_INTERVAL_MS = 5_000;

    private final EngineBuilder config;
    private final Lifecycle lifecycle = new Lifecycle();
    private final int shardCount;
    private final ShardCounters[] counters;
    /** Each shard's agent, and runner (with shard threads), made by the {@link ShardStarter} in start(). */
    private final ShardAgent[] agents;
    private final AgentRunner[] runners;
    /** Every error of the engine goes here; it holds the engine's failure. */
    private final EngineErrorHandler errors;
    private final ShardStarter starter;
    private final ShutdownSequence shutdown;
    /** Routes and claims every input: the publish path. */
    private final Publication publication;
    /** Each shard's latency recorders, merged into intervals and the run's totals. */
    private final LatencyAggregator latency;
    /** Serialises stop(): a second caller waits for the first and gets its outcome. */
    private final Object stopLock = new Object();
    /** The outcome of the stop() that stopped the engine, returned to every later call. */
    private boolean stoppedCleanly;
    /** The thread in start() or stop(), under stopLock: a stop() it calls from the error handler cannot wait for it. */
    private Thread stoppingThread;

    Engine(final EngineBuilder config)
    {
        this.config = config;
        this.shardCount = config.shards;
        final boolean singlePublisher = config.publishers == Publishers.SINGLE;
        final InputRing[] rings = new InputRing[shardCount];
        final InputRing[] priorityRings = new InputRing[shardCount];
        this.counters = new ShardCounters[shardCount];
        this.agents = new ShardAgent[shardCount];
        this.runners = new AgentRunner[shardCount];
        final Thread[] threads = new Thread[shardCount];
        final CountersManager countersManager = config.countersManager;
        AtomicCounter errorCount = null;
        try
        {
            errorCount = countersManager.newCounter(ShardCounters.ENGINE_LABEL_PREFIX + "errors",
                ShardCounters.CUMULATIVE_TYPE_ID);
            for (int i = 0; i < shardCount; i++)
            {
                counters[i] = new ShardCounters(countersManager, i);
            }
        }
        catch (final IllegalStateException ex)
        {
            // free what was allocated before the manager ran out of room (a shard's counters free their own): a
            // manager shared by engines built one after another keeps its room for the next
            freeCounters(errorCount, counters);
            throw new IllegalArgumentException("counters: the counters manager has no room for the " +
                EngineBuilder.countersFor(shardCount) + " counters of shards=" + shardCount + " (" + ex.getMessage() +
                ")", ex);
        }
        try
        {
            for (int i = 0; i < shardCount; i++)
            {
                rings[i] = singlePublisher ?
                    InputRing.singleProducer(config.ringSize) : InputRing.multiProducer(config.ringSize);
                priorityRings[i] = InputRing.multiProducer(config.priorityRingSize);
            }
            latency = new LatencyAggregator(config.latencySignificantDigits, counters);
        }
        catch (final Throwable ex)
        {
            // rings or latency recorders the heap cannot hold (an OutOfMemoryError): the counters too go with the
            // engine that was not built, rather than take a shared manager's room from the next one for good
            freeCounters(errorCount, counters);
            throw ex;
        }
        errors = new EngineErrorHandler(errorCount, counters, config.errorHandler, lifecycle);
        starter = new ShardStarter(config, lifecycle, errors, rings, priorityRings, counters,
            latency.dispatchRecorders(), latency.journalRecorders(), agents, runners, threads);
        publication = new Publication(config, lifecycle, rings, priorityRings, counters, agents, threads);
        shutdown = new ShutdownSequence(
            lifecycle, errors, singlePublisher, rings, agents, runners, publication::refusedAfterDrain);
    }

    private static void freeCounters(final AtomicCounter errorCount, final ShardCounters[] counters)
    {
        if (null != errorCount)
        {
            errorCount.close();
        }
        for (final ShardCounters allocated : counters)
        {
            if (null != allocated)
            {
                allocated.close();
            }
        }
    }

    /**
     * @return a builder with defaults for a 2-core machine.
     */
    public static EngineBuilder builder()
    {
        return new EngineBuilder();
    }

    /**
     * Create every shard's wheel, model and journal and start the shard threads. A {@link #stop(long)} called on
     * another thread meanwhile waits for the start to end, then stops the engine.
     *
     * @return this, RUNNING.
     * @throws IllegalStateException if the engine is not NEW (an engine starts once, and is left as it was), or it
     * failed to start (it is then STOPPED, and {@link #failure()} says why: what a shard thread met building its core,
     * or else what this throws, which the error handler is told of too).
     * @throws IllegalArgumentException if the journal factory's {@link ShardJournalFactory#checkClock clock check}
     * refuses the engine's start time or time unit (the engine is then STOPPED, no shard made, and
     * {@link #failure()} is this exception).
     */
    public Engine start()
    {
        return start(true);
    }

    /**
     * {@link #start()}, or, for a test that must own every thread (a model checker), the same start without the shard
     * threads: each shard's agent is started on the calling thread and no runner is made, so the test calls the
     * agents' {@link ShardAgent#doWork()} on threads of its own, and {@link #stop(long)} waits for them to drain the
     * shards and has no thread to close.
     *
     * @param shardThreads true to run each shard on a thread of its own, as {@link #start()} does.
     * @return this, RUNNING.
     * @throws IllegalStateException if the engine is not NEW.
     */
    Engine start(final boolean shardThreads)
    {
        // A stop() from another thread waits for the start to end: a stop in the middle would close the runners made
        // so far while the start goes on making and starting more, and could not drain an engine not yet RUNNING.
        synchronized (stopLock)
        {
            if (!lifecycle.tryTransition(EngineState.NEW, EngineState.STARTING))
            {
                // the lifecycle's own refusal said only "transition from=NEW to=STARTING refused: state=RUNNING"
                throw new IllegalStateException("start(): an engine starts once, and this one is " + lifecycle.state() +
                    "; build another to start again");
            }
            stoppingThread = Thread.currentThread();
            try
            {
                starter.start(shardThreads);
                if (!lifecycle.tryTransition(EngineState.STARTING, EngineState.RUNNING))
                {
                    // a shard thread that had built its core reported a failure before the others had built theirs
                    final Throwable failure = errors.failure();
                    throw new IllegalStateException("engine failed to start: " + failure, failure);
                }
            }
            catch (final Throwable ex)
            {
                // an Error too (a model class that failed to initialise, no native thread for a shard): whatever
                // ended the start, the engine ends STOPPED and the shard threads started so far are closed
                final Throwable failure;
                if (ex instanceof InterruptedException)
                {
                    // the interrupt is restored once the shard threads are closed: set during their close, it would
                    // cut each one's wait short, interrupt it at once and report it as a shard that did not end
                    failure = new IllegalStateException("interrupted while starting", ex);
                }
                else if (ex instanceof Error || ex instanceof RuntimeException)
                {
                    failure = ex;
                }
                else
                {
                    // a checked exception that something called during the start threw without declaring it
                    failure = new IllegalStateException(
                        "engine failed to start: " + HandlerFailedException.describe(ex), ex);
                }
                lifecycle.tryMoveTo(EngineState.FAILED);
                // A shard's failure to build its core is reported by that shard's thread, and this thread may see it
                // first: asked once the shard threads have ended, or this thread would report its wrapper of it too.
                // A failure of the start itself (the model factory, the clock check, the start timeout, an interrupt)
                // is reported before they are closed: closing them interrupts a shard still building its core, whose
                // failure to build it would otherwise be the engine's in place of the time-out.
                final boolean shardsOwn = isShardsStartFailure(failure);
                if (!shardsOwn)
                {
                    reportStartFailure(failure);
                }
                shutdown.closeRunners(); // the threads of the shards made so far, some perhaps still building cores
                if (shardsOwn)
                {
                    reportStartFailure(failure);
                }
                lifecycle.tryMoveTo(EngineState.STOPPED);
                if (ex instanceof InterruptedException)
                {
                    Thread.currentThread().interrupt();
                }
                if (failure instanceof Error)
                {
                    throw (Error)failure;
                }
                throw (RuntimeException)failure;
            }
            finally
            {
                stoppingThread = null;
            }
            return this;
        }
    }

    /**
     * @return true if {@code failure} is the starting thread's wrapper of what a shard thread met building its core.
     */
    private boolean isShardsStartFailure(final Throwable failure)
    {
        final Throwable cause = failure.getCause();
        for (final ShardAgent agent : agents)
        {
            if (null != cause && null != agent && cause == agent.startFailure())
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Tell the error handler of a failed start unless a failure is the engine's already (a shard thread reported its
     * own): failure() says why the engine stopped, and stop() false.
     */
    private void reportStartFailure(final Throwable failure)
    {
        if (null == errors.failure())
        {
            errors.onError(failure);
        }
    }

    /**
     * Publish an input, routed to its shard by {@code target}. Threadsafe, or bound to one thread with
     * {@link Publishers#SINGLE}; allocation-free.
     *
     * @param target   routing and target key.
     * @param type     event type, non-negative.
     * @param feedTime the feed's time for the input (event-time mode), in engine time units.
     * @param a0       payload word 0.
     * @param a1       payload word 1.
     * @param a2       payload word 2.
     * @param a3       payload word 3.
     * @return the ring position if accepted, else {@link #BACK_PRESSURED}, {@link #DROPPED} or {@link #CLOSED}.
     */
    public long publish(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        return publish(target, type, feedTime, a0, a1, a2, a3, config.clock.nanoTime());
    }

    /**
     * Publish an input with the time it was meant to be sent, for latency free of coordinated omission when the
     * feed is paced: latency is measured from {@code intendedNanos}, not from when the publisher got round to it.
     *
     * @param target        routing and target key.
     * @param type          event type, non-negative.
     * @param feedTime      the feed's time for the input, in engine time units.
     * @param a0            payload word 0.
     * @param a1            payload word 1.
     * @param a2            payload word 2.
     * @param a3            payload word 3.
     * @param intendedNanos {@link NanoClock} time the input was due to be sent.
     * @return the ring position if accepted, else {@link #BACK_PRESSURED}, {@link #DROPPED} or {@link #CLOSED}.
     * @throws IllegalStateException with {@link Publishers#SINGLE}, if another thread is the publisher.
     */
    public long publish(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        return publication.publish(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * Publish a batch of inputs, each routed to its shard by its target, with one call: each shard's inputs of the
     * batch are claimed, written in the order they were added and made visible to the shard together, which costs the
     * publisher and the shard less per input than publishing them one by one. Each input's outcome is then
     * {@link InputBatch#result(int)}, what {@link #publish(long, int, long, long, long, long, long, long)} would have
     * answered for it: with BLOCK a shard's inputs wait for room for all of them (one by one if they are more than its
     * ring holds); with DROP or REJECT a shard whose ring lacks room for all of them takes them one by one, each
     * accepted, dropped or rejected as a separate publish would be. Once the engine stops accepting input, the inputs
     * not yet accepted are {@link #CLOSED}. Threadsafe as {@link #publish} is; allocation-free.
     *
     * @param batch the inputs, not published since they were added; {@link InputBatch#clear()} readies it for the
     *              next ones.
     * @return how many of them were accepted.
     * @throws IllegalStateException    with {@link Publishers#SINGLE}, if another thread is the publisher; or if the
     *                                  batch was published already; or, with {@link Backpressure#BLOCK}, from a
     *                                  handler whose own shard's ring has no room for its inputs of the batch: the
     *                                  inputs accepted before keep their positions, and the rest of the batch, never
     *                                  published, is answered {@link #BACK_PRESSURED}.
     * @throws IllegalArgumentException if the partitioner routes an input outside the shards (nothing of the batch
     *                                  is published, and no thread becomes the single publisher).
     */
    public int publish(final InputBatch batch)
    {
        return publication.publish(batch);
    }

    /**
     * Publish an input on its shard's priority lane, taken before the main ring at each unit of work: it waits at
     * most for the batch (up to {@code batchLimit} inputs) its shard is taking. Same contract as
     * {@link #publish(long, int, long, long, long, long, long, long)}, except that any thread may call it with
     * {@link Publishers#SINGLE} too (the priority rings are multi-publisher): it neither binds nor checks the
     * publisher.
     *
     * @param target        routing and target key.
     * @param type          event type, non-negative.
     * @param feedTime      the feed's time for the input, in engine time units.
     * @param a0            payload word 0.
     * @param a1            payload word 1.
     * @param a2            payload word 2.
     * @param a3            payload word 3.
     * @param intendedNanos {@link NanoClock} time the input was due to be sent.
     * @return the ring position if accepted, else {@link #BACK_PRESSURED}, {@link #DROPPED} or {@link #CLOSED}.
     */
    public long publishPriority(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        return publication.publishPriority(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    /**
     * With {@link Publishers#SINGLE}: the calling thread stops being this engine's publisher, and the next thread to
     * {@link #publish} becomes it (for a feed handed to another thread, or a thread pool's task that ends). Not
     * needed when the publisher thread terminates: a terminated publisher is replaced by the next thread to publish.
     * Everything the caller published before this call is ordered before the next publisher's first publish. The
     * caller may publish again later only if no other thread has taken its place by then.
     *
     * @return true if the caller was the publisher and is no longer; false if it was not the publisher (nothing
     * changes), or the engine takes input from any thread ({@link Publishers#MULTI}).
     */
    public boolean releasePublisher()
    {
        return publication.releasePublisher();
    }

    /**
     * Event-time mode: move every shard's clock to {@code feedTime}, a watermark saying that no input stamped before it
     * follows, so that the timers due by then fire although a shard gets no further input. Each shard takes it behind
     * what was published to its main ring before (the priority lane would overtake those), stamps it as it stamps an
     * input (never before its last stamp or its clock), dispatches everything due by then and journals an ADVANCE
     * record if anything was, which replay follows. An input published to the main ring after it is stamped no earlier;
     * one published to the priority lane ({@link #publishPriority}) may overtake it and be stamped before it.
     * <p>
     * Called at the end of a feed with the feed time of its last input, it ends every shard at the same time: a timer
     * due between two shards' last inputs then fires whichever shard its key is routed to, and a model whose state hash
     * is a sum over keys (the market model) gives the same engine hash for any shard count. Called now and then, it is
     * a heartbeat for quiet shards.
     * <p>
     * A watermark is never dropped or rejected: it waits for room in a full ring whatever the engine's
     * {@link Backpressure}, as a blocking publish does. Same threading rule as {@link #publish}; allocation-free.
     *
     * @param feedTime the time to move to, in engine time units.
     * @return true if every shard took it; false if the engine stopped accepting input first (shards that took it
     * before still advance).
     * @throws IllegalStateException in wall-clock mode, where the shards move their clocks themselves; with
     * {@link Publishers#SINGLE}, if another thread is the publisher; on a shard's own thread (from a handler) when its
     * ring is full, whatever the backpressure (the shards before it have taken the watermark).
     */
    public boolean advanceTo(final long feedTime)
    {
        return publication.advanceTo(feedTime);
    }

    /**
     * Stop accepting input, drain every ring, flush and close the journals, stop the shard threads.
     *
     * @param timeoutNanos how long to wait for the shards to drain (and for a single publisher's publish that raced
     *                     this call to settle, see {@link Publishers#SINGLE}), not at all if 0 or negative; the shard
     *                     threads are then told to stop, and a handler still running is waited for (see the class
     *                     description).
     * @return true if every shard drained in time and its journal closed (one that had taken everything its rings hold
     * had nothing to drain: {@code stop(0)} of an idle engine returns true); false if the engine had failed or timed
     * out, or an input a single publisher published after this call began was accepted and not dispatched (it is
     * stopped either way, and {@link #failure()} says why). A shard thread held up after its shard drained, by a
     * handler that had not returned (a wall-clock timer due after the drain), is reported ({@link
     * ShardStillRunningWarning}) but does not make it false: the shard drained, and its journal closed once the handler
     * returned. Calls after the engine stopped return the outcome of the call that stopped it; a call made while
     * another is stopping the engine waits for it, and one made while another thread is starting it waits for the start
     * to end (at worst until it gives up: {@link EngineBuilder#startTimeout(long)}), then stops the started engine;
     * after a failed start it returns false. An engine never started moves to STOPPED and returns true. A call from the
     * error handler on the thread that is starting or stopping the engine (told of a shard that did not drain, say)
     * cannot wait for itself: it returns false at once and leaves the engine to the call it is in. An interrupt of the
     * calling thread does not cut it short: it returns once the shard threads have ended, with the thread's interrupt
     * flag set again.
     * @throws IllegalStateException if called on a shard's own thread (from a handler): it could never drain.
     */
    public boolean stop(final long timeoutNanos)
    {
        for (int i = 0; i < shardCount; i++)
        {
            if (publication.isShardThread(i))
            {
                throw new IllegalStateException("stop() called on shard=" + i + "'s own thread (from a handler?): " +
                    "a shard cannot wait for its own drain; call stop() from another thread");
            }
        }
        // The caller's interrupt (a feed thread that stops the engine as it ends) must not cut the stop short: its
        // waits would spin, and Agrona's AgentRunner.close() would stop waiting for each shard thread at once, report
        // it as held up and interrupt it while it closes its journal, and stop() would return before the journals
        // closed. The flag is cleared here and set again on return.
        final boolean interrupted = Thread.interrupted();
        try
        {
            synchronized (stopLock)
            {
                if (stoppingThread == Thread.currentThread())
                {
                    // the error handler, told of a timeout by the start or stop this thread is in (the lock is
                    // reentrant): running the whole stop again inside it would report the shards anew, and call the
                    // handler again, as deep as the shard is held up
                    return false;
                }
                if (lifecycle.state() == EngineState.STOPPED)
                {
                    return stoppedCleanly;
                }
                if (lifecycle.tryTransition(EngineState.NEW, EngineState.STOPPED))
                {
                    stoppedCleanly = true; // never started: nothing was accepted, nothing is lost
                    return true;
                }
                stoppingThread = Thread.currentThread();
                try
                {
                    stoppedCleanly = shutdown.stopRunning(timeoutNanos);
                }
                finally
                {
                    stoppingThread = null;
                }
                return stoppedCleanly;
            }
        }
        finally
        {
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Latency recorded since the last call, merged over every shard, and added to the run's totals; the
     * publish-to-dispatch P50, P99, P99.9 and max of each shard's interval are published in its "last interval"
     * counters (a shard that dispatched nothing in the interval keeps the figures of its last interval with dispatches:
     * its dispatched count tells a stalled shard). A shard reads
     * its clock for dispatch latency once per {@value ShardAgent#INPUTS_PER_CLOCK_READ} inputs and at the end of each
     * unit of work, so a dispatch is timed at most that many inputs late (an upper bound); journaled latency is timed
     * at the flush that made the input's block readable. Call from one
     * thread at a time, e.g. once a second.
     *
     * @param journaled true for publish-to-journaled latency, false for publish-to-dispatch.
     * @return the interval histogram, in nanoseconds.
     */
    public synchronized Histogram takeIntervalLatency(final boolean journaled)
    {
        return latency.takeInterval(journaled);
    }

    /**
     * Latency over the whole run, publish to dispatch or to journaled, in nanoseconds. Complete once stopped. It ends
     * the current interval as {@link #takeIntervalLatency(boolean)} does (and publishes its "last interval" counters):
     * a caller taking intervals periodically gets the rest of its interval at its next call.
     *
     * @param journaled true for publish-to-journaled latency.
     * @return a copy of the cumulative histogram.
     */
    public synchronized Histogram totalLatency(final boolean journaled)
    {
        return latency.total(journaled);
    }

    /**
     * Combined hash of every shard's model state ({@link #combineStateHashes(long[])}). Meaningful once stopped.
     *
     * @return the engine's state hash.
     * @throws IllegalStateException if a shard has not started, or a shard's model's {@code stateHash()} throws (the
     *                               cause; the message names the shard).
     */
    public long stateHash()
    {
        final long[] hashes = new long[shardCount];
        for (int i = 0; i < shardCount; i++)
        {
            hashes[i] = ShardModel.stateHashOf(shard(i).model(), i);
        }
        return combineStateHashes(hashes);
    }

    /**
     * Combine per-shard state hashes: how {@link #stateHash()} and a replay of every shard agree. Their sum, mixed
     * ({@link StateHash#sum(long...)}): it does not depend on which shard computed which hash, so a model whose
     * shard hash is a sum over the keys it holds, 0 for none (the market model), gives the same engine hash for any
     * shard count, given a feed that {@link #advanceTo(long) advances} every shard to the same time at its end.
     *
     * @param shardHashes one hash per shard.
     * @return the engine's state hash.
     */
    public static long combineStateHashes(final long[] shardHashes)
    {
        return StateHash.sum(shardHashes);
    }

    /**
     * @param shard a shard index.
     * @return the shard's core: its counts are exact once the engine is stopped.
     * @throws IndexOutOfBoundsException if the index is not in [0, shards).
     * @throws IllegalStateException if the shard has not started (its core is built by {@link #start()}).
     */
    public ShardCore shard(final int shard)
    {
        final ShardAgent agent = agents[checkShard(shard)];
        final ShardCore core = null == agent ? null : agent.core();
        if (null == core)
        {
            throw new IllegalStateException("shard=" + shard + " has not started (state=" + lifecycle.state() + ")");
        }
        return core;
    }

    /**
     * @param shard a shard index.
     * @return the shard's counters.
     * @throws IndexOutOfBoundsException if the index is not in [0, shards).
     */
    public ShardCounters counters(final int shard)
    {
        return counters[checkShard(shard)];
    }

    private int checkShard(final int shard)
    {
        if (shard < 0 || shard >= shardCount)
        {
            throw new IndexOutOfBoundsException("shard=" + shard + " is not a shard of this engine: shards are 0 to " +
                (shardCount - 1));
        }
        return shard;
    }

    /**
     * @param shard a shard index.
     * @return the shard's agent, null before {@link #start()}: for a test that drives it ({@link #start(boolean)}).
     */
    ShardAgent agent(final int shard)
    {
        return agents[checkShard(shard)];
    }

    /**
     * @return number of shards.
     */
    public int shardCount()
    {
        return shardCount;
    }

    /**
     * @return how inputs are stamped and the shards' clocks move.
     */
    public TimeMode timeMode()
    {
        return config.timeMode;
    }

    /**
     * @return the lifecycle state.
     */
    public EngineState state()
    {
        return lifecycle.state();
    }

    /**
     * @return bytes written to every shard's journal so far: exact once the engine is stopped; while it runs, a plain
     * read of each shard's writer from another thread, which may lag ({@link ShardCounters#journalBytes()} is the
     * figure to watch a running engine by).
     * @throws IllegalStateException if a shard's journal's {@code bytesWritten()} throws (the cause; the message names
     *                               the shard).
     */
    public long journalBytes()
    {
        long bytes = 0;
        for (int i = 0; i < shardCount; i++)
        {
            final ShardAgent agent = agents[i];
            final ShardCore core = null == agent ? null : agent.core();
            if (null != core)
            {
                try
                {
                    bytes += core.journal().bytesWritten();
                }
                catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
                {
                    throw new IllegalStateException("shard=" + i + "'s journal failed to say how many bytes it " +
                        "wrote: bytesWritten() threw " + HandlerFailedException.describe(ex), ex);
                }
            }
        }
        return bytes;
    }

    /**
     * @return the first failure that stopped the engine, or null.
     */
    public Throwable failure()
    {
        return errors.failure();
    }

    /**
     * @return the shard a key routes to.
     * @param key a target key.
     * @throws IllegalArgumentException if the partitioner routes it outside {@code [0, shardCount)}.
     */
    public int shardFor(final long key)
    {
        return publication.shardFor(key);
    }
}
