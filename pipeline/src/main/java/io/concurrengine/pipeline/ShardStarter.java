package io.concurrengine.pipeline;

import io.concurrengine.core.wheel.EventWheel;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.AgentRunner;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Starts an engine's shards: makes each shard's model (on the calling thread) and its agent and runner, starts the
 * shard threads, which build their cores (wheel, journal) themselves ({@link ShardAgent#onStart()}: a journal's
 * appender belongs to the thread that made it), and waits until every core is built or one failed to be. Without shard
 * threads (a test that owns every thread) it builds each core on the calling thread instead.
 * <p>
 * Called once, by the thread in {@link Engine#start(boolean)}, with the engine STARTING; not threadsafe. It fills the
 * engine's agent and runner arrays as it goes, so on failure those made so far are there for
 * {@link ShutdownSequence#closeRunners()}; it moves no lifecycle state (the engine does, and closes the runners).
 * <p>
 * Failure: {@link IllegalStateException} when the model factory throws or returns null or a model it returned for
 * another shard, when a shard fails to build its core (at once, whichever shard it is; its journal factory returning
 * null is such a failure), or when no shard has finished
 * building its core for {@link EngineBuilder#startTimeout(long)}; {@link IllegalArgumentException} from the journal
 * factory's clock check, before any shard is made.
 */
final class ShardStarter
{
    /** How often start() looks again at the shards still starting. */
    private static final long START_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final EngineBuilder config;
    private final Lifecycle lifecycle;
    private final EngineErrorHandler errorHandler;
    private final int shardCount;
    private final boolean singlePublisher;
    private final InputRing[] rings;
    private final InputRing[] priorityRings;
    private final ShardCounters[] counters;
    private final BatchLatencyRecorder[] dispatchRecorders;
    private final BatchLatencyRecorder[] journalRecorders;
    private final ShardAgent[] agents;
    private final AgentRunner[] runners;
    private final Thread[] threads;
    /** Each shard's model, as the factory made it: no two shards may share one. */
    private final ShardModel[] models;

    /**
     * @param config            the engine's configuration.
     * @param lifecycle         the engine's lifecycle, which the agents follow.
     * @param errorHandler      the engine's error handler, given to every core and runner.
     * @param rings             each shard's main ring.
     * @param priorityRings     each shard's priority ring.
     * @param counters          each shard's counters.
     * @param dispatchRecorders each shard's publish-to-dispatch latency recorder.
     * @param journalRecorders  each shard's publish-to-journaled latency recorder.
     * @param agents            the engine's agents, filled by {@link #start(boolean)}.
     * @param runners           the engine's runners, filled by {@link #start(boolean)} when it makes shard threads.
     * @param threads           the engine's shard threads, filled by {@link #start(boolean)} as it makes each one,
     *                          before starting it.
     */
    ShardStarter(
        final EngineBuilder config,
        final Lifecycle lifecycle,
        final EngineErrorHandler errorHandler,
        final InputRing[] rings,
        final InputRing[] priorityRings,
        final ShardCounters[] counters,
        final BatchLatencyRecorder[] dispatchRecorders,
        final BatchLatencyRecorder[] journalRecorders,
        final ShardAgent[] agents,
        final AgentRunner[] runners,
        final Thread[] threads)
    {
        this.config = config;
        this.lifecycle = lifecycle;
        this.errorHandler = errorHandler;
        this.shardCount = config.shards;
        this.singlePublisher = config.publishers == Publishers.SINGLE;
        this.rings = rings;
        this.priorityRings = priorityRings;
        this.counters = counters;
        this.dispatchRecorders = dispatchRecorders;
        this.journalRecorders = journalRecorders;
        this.agents = agents;
        this.runners = runners;
        this.threads = threads;
        this.models = new ShardModel[shardCount];
    }

    /**
     * Make every shard's agent (and runner, with shard threads), start them, and wait until every shard has built its
     * core.
     *
     * @param shardThreads true to run each shard on a thread of its own; false to start each agent on the calling
     *                     thread and make no runner (see {@link Engine#start(boolean)}).
     * @throws IllegalStateException if a shard could not be made or started, or the start timed out.
     * @throws InterruptedException  if interrupted while waiting for the shards.
     */
    void start(final boolean shardThreads) throws InterruptedException
    {
        config.journalFactory.checkClock(config.startTime, config.timeUnitNanos);
        // one origin for every shard's wall clock, read before any shard is made: a shard made after a slow model
        // would otherwise run behind the shards made before it, and stamp inputs taken together apart
        final long clockOriginNanos = config.clock.nanoTime();
        for (int i = 0; i < shardCount; i++)
        {
            newShard(i, shardThreads, clockOriginNanos);
        }
        for (int i = 0; i < shardCount; i++)
        {
            if (shardThreads)
            {
                final int shardId = i;
                AgentRunner.startOnThread(runners[i], (runnable) ->
                {
                    final Thread thread = EngineErrorHandler.newShardThread(runnable);
                    threads[shardId] = thread; // before start(): the shard's thread sees it
                    return thread;
                });
            }
            else
            {
                agents[i].onStart();
            }
        }
        awaitShardsStarted();
    }

    private void newShard(final int shardId, final boolean shardThreads, final long clockOriginNanos)
    {
        final ShardModel model = newModel(shardId);
        final int wheelCapacity = ShardModel.wheelCapacity(config.initialWheelCapacity, model, shardId);
        final Supplier<ShardCore> coreFactory = () ->
        {
            // the wheel first: its arena refused (an OutOfMemoryError, direct memory) leaves no journal behind, whose
            // writer, had it opened, would keep its thread, files and mappings, never closed, as no core holds it
            final EventWheel wheel =
                new EventWheel(config.slotCount, config.slotShift, wheelCapacity, config.startTime);
            try
            {
                final ShardJournal journal = config.journalFactory.open(shardId, shardCount, model);
                if (null == journal)
                {
                    // a core without one failed on its first use, a bare NullPointerException, and again as it closed
                    throw new IllegalStateException("the journal factory returned null for shard=" + shardId +
                        " (a shard that journals nothing takes ShardJournal.NONE)");
                }
                return new ShardCore(shardId, wheel, model, journal, errorHandler, null);
            }
            catch (final Throwable ex)
            {
                wheel.close();
                throw ex;
            }
        };
        agents[shardId] = new ShardAgent(
            config.name, shardId, rings[shardId], singlePublisher, priorityRings[shardId], coreFactory, lifecycle,
            config.timeMode, config.clock, clockOriginNanos, config.startTime, config.timeUnitNanos,
            dispatchRecorders[shardId], journalRecorders[shardId], counters[shardId], config.batchLimit,
            config.minBatch, config.maxBatchDelayNanos, config.journalFlushIntervalNanos);
        if (shardThreads)
        {
            runners[shardId] = new AgentRunner(
                new ShardIdleStrategy(newIdleStrategy(shardId), shardId, agents[shardId]::closeRequested, errorHandler),
                errorHandler, null, agents[shardId]);
        }
    }

    private IdleStrategy newIdleStrategy(final int shardId)
    {
        final IdleStrategy idleStrategy;
        try
        {
            idleStrategy = config.newIdleStrategy();
        }
        catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
        {
            throw new IllegalStateException("the idle strategy supplier failed for shard=" + shardId + ": " +
                HandlerFailedException.describe(ex), ex);
        }
        if (null == idleStrategy)
        {
            throw new IllegalStateException("the idle strategy supplier returned null for shard=" + shardId);
        }
        return idleStrategy;
    }

    private ShardModel newModel(final int shardId)
    {
        final ShardModel model;
        try
        {
            model = config.modelFactory.create(shardId, shardCount);
        }
        catch (final Exception ex) // a checked exception thrown without being declared (a sneaky throw) too
        {
            throw new IllegalStateException("the model factory failed for shard=" + shardId + ": " +
                HandlerFailedException.describe(ex), ex);
        }
        if (null == model)
        {
            throw new IllegalStateException("the model factory returned null for shard=" + shardId);
        }
        for (int other = 0; other < shardId; other++)
        {
            if (models[other] == model)
            {
                // two shard threads would run its handler at once, racing on its state
                throw new IllegalStateException("the model factory returned the model of shard=" + other +
                    " for shard=" + shardId + " too: each shard needs a model of its own, used only on its thread");
            }
        }
        models[shardId] = model;
        return model;
    }

    /**
     * Wait until every shard has built its core on its thread, or one failed to. The shards build theirs together, so
     * many shards on few cores (or a slow journal file system) may take long in all: it gives up only when no shard
     * has finished in {@link EngineBuilder#startTimeout(long)}.
     */
    private void awaitShardsStarted() throws InterruptedException
    {
        int startedBefore = 0;
        long lastProgressNanos = System.nanoTime();
        for (int i = 0; i < agents.length; i++)
        {
            while (!agents[i].awaitStarted(START_POLL_NANOS))
            {
                int started = 0;
                for (final ShardAgent agent : agents)
                {
                    if (agent.hasStarted())
                    {
                        checkStarted(agent); // a later shard that failed need not wait for this one
                        started++;
                    }
                }
                final long now = System.nanoTime();
                if (started > startedBefore)
                {
                    startedBefore = started;
                    lastProgressNanos = now;
                }
                else if (now - lastProgressNanos >= config.startTimeoutNanos)
                {
                    throw new IllegalStateException("engine failed to start: shard=" + i + " has not built its core " +
                        "and no shard finished starting in startTimeoutNanos=" + config.startTimeoutNanos + " (" +
                        started + " of " + agents.length + " started)");
                }
            }
            checkStarted(agents[i]);
        }
    }

    private static void checkStarted(final ShardAgent agent)
    {
        final Throwable failure = agent.startFailure();
        if (null != failure)
        {
            throw new IllegalStateException("engine failed to start: " + HandlerFailedException.messageOf(failure),
                failure);
        }
    }
}
