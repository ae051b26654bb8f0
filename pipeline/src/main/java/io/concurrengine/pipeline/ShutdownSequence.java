package io.concurrengine.pipeline;

import org.agrona.concurrent.AgentRunner;

import java.math.BigDecimal;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

/**
 * Stops a started engine's shards: refuses new input (DRAINING), waits for every shard to drain what its rings
 * accepted, or, once the engine has FAILED, for the shards that have not failed to; stops the shard threads, which
 * flush and close their journals; with {@link Publishers#SINGLE}, checks that nothing the publisher published after
 * the drain began was accepted and left behind; then moves the engine to STOPPED (through FAILED unless all of it went
 * well).
 * <p>
 * Called by the one thread in {@link Engine#stop(long)} that stops the engine (the engine serialises the calls), never
 * on a shard's own thread; {@link #closeRunners()} also by {@link Engine#start(boolean)} when the start failed. Not
 * threadsafe.
 * <p>
 * Timeout: every wait but the one for the shard threads to end gives up at the deadline, reports to the engine's error
 * handler (which moves the engine to FAILED) and goes on to the next step, so the engine always ends STOPPED. A handler
 * cannot be preempted, so the wait for a shard thread to end has no deadline (see {@link #closeRunners()}).
 */
final class ShutdownSequence
{
    private final Lifecycle lifecycle;
    private final EngineErrorHandler errors;
    private final int shardCount;
    private final boolean singlePublisher;
    private final InputRing[] rings;
    private final ShardAgent[] agents;
    private final AgentRunner[] runners;
    private final LongSupplier refusedAfterDrain;

    /**
     * @param lifecycle         the engine's lifecycle.
     * @param errors            the engine's error handler: it reports timeouts there, and reads the engine's failure.
     * @param singlePublisher   true with {@link Publishers#SINGLE}.
     * @param rings             each shard's main ring.
     * @param agents            the engine's agents, by shard (null for a shard never made).
     * @param runners           the engine's runners, by shard (null for a shard without a thread).
     * @param refusedAfterDrain the single publisher's count of inputs it was refused after its shard's drain target,
     *                          read with acquire (the engine's single publisher increments it with release when its
     *                          publish raced the stop and was refused).
     */
    ShutdownSequence(
        final Lifecycle lifecycle,
        final EngineErrorHandler errors,
        final boolean singlePublisher,
        final InputRing[] rings,
        final ShardAgent[] agents,
        final AgentRunner[] runners,
        final LongSupplier refusedAfterDrain)
    {
        this.lifecycle = lifecycle;
        this.errors = errors;
        this.shardCount = agents.length;
        this.singlePublisher = singlePublisher;
        this.rings = rings;
        this.agents = agents;
        this.runners = runners;
        this.refusedAfterDrain = refusedAfterDrain;
    }

    /**
     * Drain, stop and close the shards of an engine that has started (it may have FAILED since), and move it to
     * STOPPED.
     *
     * @param timeoutNanos how long to wait for the shards to drain and for a single publisher's publish that raced
     *                     the stop to settle; not at all if negative.
     * @return true if every shard drained in time, no failure was recorded and nothing accepted was left behind (a
     * shard thread that ended late, held up by a handler after its drain, is a warning only).
     */
    boolean stopRunning(final long timeoutNanos)
    {
        boolean drainedAll = false;
        // a negative timeout waits not at all: one near Long.MIN_VALUE would wrap to a deadline that never comes
        final long timeout = Math.max(0, timeoutNanos);
        final long deadline = System.nanoTime() + timeout;
        // true once this stop reported its own timeout, which moved the engine to FAILED: nothing more to report
        boolean timedOut = false;
        if (lifecycle.tryMoveTo(EngineState.DRAINING))
        {
            drainedAll = awaitDrained(deadline) || lifecycle.state() != EngineState.FAILED && tookEverything();
            if (!drainedAll && lifecycle.state() != EngineState.FAILED) // a failure was reported when it happened
            {
                errors.onError(new IllegalStateException("shards did not drain within timeoutMs=" + millis(timeout)));
                timedOut = true;
            }
        }
        if (!drainedAll && !timedOut && lifecycle.state() == EngineState.FAILED)
        {
            if (System.nanoTime() - deadline <= 0)
            {
                // A shard failed: the others still dispatch and journal what their rings accepted before closing.
                for (final ShardAgent agent : agents)
                {
                    if (null != agent)
                    {
                        agent.requestDrain();
                    }
                }
            }
            // past the deadline too (a stop that does not wait): the others close at once, and one that had not taken
            // what it accepted is reported, as a running engine's stop reports it
            awaitHealthyShardsDrained(deadline);
        }
        closeRunners();
        if (drainedAll && singlePublisher)
        {
            drainedAll = checkNothingAcceptedAfterDrain(deadline);
        }
        final boolean clean = drainedAll && null == errors.failure();
        if (!clean)
        {
            lifecycle.tryMoveTo(EngineState.FAILED);
        }
        lifecycle.tryMoveTo(EngineState.STOPPED);
        return clean;
    }

    /**
     * @return true if every shard has taken everything its rings hold, although some have not seen the drain yet (a
     * stop that does not wait, of an idle engine): there is nothing left for them to drain, and closing each shard
     * closes its journal as a drain would have.
     */
    private boolean tookEverything()
    {
        for (final ShardAgent agent : agents)
        {
            if (!agent.tookEverything())
            {
                return false;
            }
        }
        return true;
    }

    /**
     * @param nanos a timeout, not negative.
     * @return it in milliseconds as a report gives it: whole ({@code 100}) or, for one that is not, to the nanosecond
     * ({@code 0.5}), never a 0 for a timeout under a millisecond.
     */
    static String millis(final long nanos)
    {
        return BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString(); // 100.000000 is "100"
    }

    private boolean awaitDrained(final long deadline)
    {
        for (final ShardAgent agent : agents)
        {
            while (!agent.drained())
            {
                if (lifecycle.state() == EngineState.FAILED || System.nanoTime() - deadline > 0)
                {
                    return false;
                }
                LockSupport.parkNanos(100_000);
            }
        }
        return true;
    }

    /**
     * Wait, until the deadline, for every shard that has not failed to drain; the engine has failed already, so the
     * outcome is reported only to the error handler: the first shard found at the deadline not drained and holding
     * inputs it has not taken (one that has taken everything loses nothing by closing undrained).
     */
    private void awaitHealthyShardsDrained(final long deadline)
    {
        for (int i = 0; i < shardCount; i++)
        {
            final ShardAgent agent = agents[i];
            while (null != agent && !agent.drained() && !agent.failed())
            {
                if (System.nanoTime() - deadline > 0)
                {
                    if (agent.tookEverything())
                    {
                        break;
                    }
                    errors.onError(new IllegalStateException("shard=" + i + " did not drain before the timeout after " +
                        whyFailed() + ": inputs it accepted and had not taken were not dispatched"));
                    return;
                }
                LockSupport.parkNanos(100_000);
            }
        }
    }

    /**
     * @return what moved the engine to FAILED, for a report: a shard that failed, or a journal out of space (no shard
     * failed then).
     */
    private String whyFailed()
    {
        final Throwable failure = errors.failure();
        if (failure instanceof ShardFailedException)
        {
            return "shard=" + ((ShardFailedException)failure).shardId() + " failed";
        }
        if (failure instanceof JournalFullException)
        {
            return "shard=" + ((JournalFullException)failure).shardId() + "'s journal ran out of space";
        }
        return "the engine failed";
    }

    /**
     * A single publisher that published while stop() ran may have put inputs beyond the cursor a shard took as its
     * last one. Each such publish that saw the engine stopping was refused with {@link Engine#CLOSED} and counted (or
     * its slot marked void); wait, until the deadline, for every input beyond the targets to be counted so (the
     * publisher may still be on its way to its re-check). Called once the shard threads have ended; an input never
     * counted was accepted and not dispatched, and is reported with the counts rather than lost quietly.
     */
    private boolean checkNothingAcceptedAfterDrain(final long deadline)
    {
        while (true)
        {
            long late = 0;
            for (int i = 0; i < shardCount; i++)
            {
                // the cursor's acquire makes the slots up to it visible; none was reused (the shard stopped before)
                final long published = rings[i].cursor();
                // what the shard took: its drain target, or all there was when it had taken everything unasked
                for (long sequence = agents[i].consumed() + 1; sequence <= published; sequence++)
                {
                    late += rings[i].holdsInput(sequence) ? 1 : 0; // a void slot was refused at its claim
                }
            }
            // acquire: pairs with the publisher's setRelease in Publication.settlePublishThatRacedStop
            final long refused = refusedAfterDrain.getAsLong();
            if (late == refused)
            {
                return true;
            }
            if (System.nanoTime() - deadline > 0)
            {
                errors.onError(new IllegalStateException((late - refused) + " inputs were published after stop() " +
                    "began and not dispatched, and their publish did not return CLOSED: with publishers=SINGLE, " +
                    "stop() must follow the publisher's last publish (each shard's published/last taken: " +
                    lateByShard() + ")"));
                return false;
            }
            LockSupport.parkNanos(100_000);
        }
    }

    private String lateByShard()
    {
        final StringBuilder shards = new StringBuilder();
        for (int i = 0; i < shardCount; i++)
        {
            shards.append(i > 0 ? ", " : "").append(i).append('=').append(rings[i].cursor()).append('/')
                .append(agents[i].consumed());
        }
        return shards.toString();
    }

    /**
     * Stop every shard thread and wait for it to end. A thread that has not ended within
     * {@value Engine#CLOSE_REPORT_INTERVAL_MS} ms is inside a handler that has not returned, or dispatching events its
     * handlers keep scheduling due at once, or in its journal's flush or close (a thread told to stop ends as soon as
     * its unit of work does): it is
     * reported to the error handler every {@value Engine#CLOSE_REPORT_INTERVAL_MS} ms until it ends, and interrupted
     * (if its interrupt flag is clear); a handler that never returns, or a dispatch that never ends, holds
     * {@code stop()} up. The report is a {@link ShardStillRunningWarning}, which fails nothing: a shard that did not
     * drain was reported so before, and one that drained loses nothing by being late.
     */
    void closeRunners()
    {
        for (int i = 0; i < runners.length; i++)
        {
            final AgentRunner runner = runners[i];
            if (null != runner)
            {
                final int shard = i;
                agents[shard].requestClose();
                runner.close(Engine.CLOSE_REPORT_INTERVAL_MS, thread -> errors.onError(new ShardStillRunningWarning(
                    shard, "shard=" + shard + " thread '" + thread.getName() + "' has not ended " +
                    Engine.CLOSE_REPORT_INTERVAL_MS + " ms after it was told to stop: " +
                    (agents[shard].closingCore() ? "it is closing its journal" :
                    agents[shard].flushingJournal() ? "it is in its journal's flush, which has not returned (a " +
                    "write, or a sync to its device)" :
                    agents[shard].hasStarted() ? stillDispatching(thread) :
                    "it is still building its core (its model's state, its journal)") +
                    "; interrupting it and waiting on")));
                awaitClosed(runner);
            }
        }
    }

    /**
     * What a started shard's thread that has not ended is doing: it is in its unit of work's dispatch, which ends only
     * once nothing is due by the time it dispatches to. A thread that waits (blocked, parked, sleeping) is in a handler
     * that has not returned; one that runs may be in such a handler, or be dispatching event after event that its
     * handlers keep scheduling at once. Which of the two is not known here: the dispatch loop keeps no count another
     * thread may read, and a check in it would cost every event.
     *
     * @param thread the shard's thread.
     * @return the report's reason.
     */
    private static String stillDispatching(final Thread thread)
    {
        final Thread.State state = thread.getState();
        if (Thread.State.TERMINATED == state)
        {
            return "it was dispatching, and has ended since"; // between the wait giving up and this report
        }
        if (Thread.State.RUNNABLE != state)
        {
            return "a handler has not returned (the thread is " + state + ")";
        }
        return "it is dispatching: a handler has not returned, or its handlers keep scheduling events due by the " +
            "time it dispatches to (a timer that schedules itself again at the time it fires, as any delay does " +
            "once the clock is at Long.MAX_VALUE, where due times saturate, never lets the dispatch end)";
    }

    /**
     * Wait until a runner's thread has closed its shard: Agrona's {@code close()} gives up its wait (and interrupts
     * the thread) as soon as the calling thread is interrupted, which must not let stop() return while the shard is
     * still closing its journal. The caller's interrupt is kept for it.
     */
    private static void awaitClosed(final AgentRunner runner)
    {
        boolean interrupted = false;
        while (!runner.isClosed())
        {
            interrupted |= Thread.interrupted();
            LockSupport.parkNanos(100_000);
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
    }
}
