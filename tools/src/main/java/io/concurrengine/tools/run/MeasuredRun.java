package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineState;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.FeedFormatException;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.PacedFeed;
import io.concurrengine.tools.telemetry.CountersFile;
import org.HdrHistogram.Histogram;

import java.io.PrintWriter;
import java.util.concurrent.TimeUnit;

/**
 * A run's measured part, once {@link RunJob} has started its engine: feed it until the feed is done, the engine fails
 * or a stop is asked for, with progress, the observer's ticks and intervals and the counters file's heartbeat on the
 * way; then stop the feed, drain and stop the engine, and print the summary. One per run.
 * <p>
 * Not threadsafe: the run's control thread calls {@link #run}; a stop asked for from another thread goes through the
 * {@link RunFeedControl}.
 */
final class MeasuredRun
{
    private static final long INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** Progress and the observer's ticks: five times a second. */
    private static final long TICK_MILLIS = 200;
    /**
     * How long a paced feed may go on past the run's duration to send the inputs its schedule put before the end
     * (a parked feed is a few milliseconds behind): the run then has the schedule's count. A feed still behind after
     * it (a rate the engine cannot take, a quiet pipe) is stopped.
     */
    private static final long PACED_CATCH_UP_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final EngineConfig config;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean json;
    private final boolean terminal;
    private final RunObserver observer;
    private final String prefix;
    private final RunFeedControl feedControl;
    private final long warmedUpBefore;
    /** True once the run stopped a paced feed still behind its schedule {@link #PACED_CATCH_UP_NANOS} after the end. */
    private boolean pacedFeedCut;

    /**
     * @param config         the resolved configuration.
     * @param out            where the summary goes.
     * @param err            where progress and errors go.
     * @param json           true to print the summary as one JSON object.
     * @param terminal       true if progress may redraw one line.
     * @param observer       watches the run from its control thread.
     * @param prefix         what each line on stderr begins with: {@code concurrengine <command>: }.
     * @param feedControl    stops the feed: at the configured duration, or when a stop is asked for.
     * @param warmedUpBefore how long an earlier engine ran in this JVM, ns, for the summary.
     */
    MeasuredRun(
        final EngineConfig config,
        final PrintWriter out,
        final PrintWriter err,
        final boolean json,
        final boolean terminal,
        final RunObserver observer,
        final String prefix,
        final RunFeedControl feedControl,
        final long warmedUpBefore)
    {
        this.config = config;
        this.out = out;
        this.err = err;
        this.json = json;
        this.terminal = terminal;
        this.observer = observer;
        this.prefix = prefix;
        this.feedControl = feedControl;
        this.warmedUpBefore = warmedUpBefore;
    }

    /**
     * Feed the started engine until the feed is done, the engine fails or a stop is asked for; then stop the feed,
     * drain and stop the engine, and report.
     *
     * @return the exit status, as {@link #report}'s.
     */
    int run(
        final Engine engine, final RunJournalDir journal, final CountersFile counters, final MarketFeedFile feedFile)
    {
        final long start = System.nanoTime();
        final PacedFeed feed;
        try
        {
            observer.onStart(engine, start);
            feed = RunFeed.create(engine, config, feedFile, start);
            feedControl.start(feed);
        }
        catch (final RuntimeException | Error ex)
        {
            // no feed runs (the heap ran out making its order flow, say): the engine still stops, draining and closing
            // its journals before the run lock is released, or they would be left unclosed and its threads running
            engine.stop(RunJob.STOP_TIMEOUT_NANOS);
            throw ex;
        }
        final Progress progress = new Progress(err, terminal && config.progress(), config.progress());
        final boolean stoppedEarly;
        Histogram lastInterval = null;
        try
        {
            awaitFeed(engine, feed, progress, counters, start);
        }
        finally
        {
            // also when progress or an observer (soak's sampler) failed: the feed stops, the engine drains and
            // closes its journals before the run lock is released
            feedControl.stop();
            feedControl.join();
            stoppedEarly = feedControl.stopRequested();
            engine.stop(RunJob.STOP_TIMEOUT_NANOS);
            // publishes the last interval's latency counters before the values are marked final, so that a reader
            // seeing the finish time sees them as they end, not the interval before
            lastInterval = engine.takeIntervalLatency(false);
            if (null != counters)
            {
                counters.markValuesFinal(); // the finish time stat gives: now, not once the summary is written
            }
        }
        final long elapsed = System.nanoTime() - start;
        progress.finish(engine, feed, elapsed, target());
        return report(engine, feed, feedFile, elapsed, journal, stoppedEarly, lastInterval);
    }

    /**
     * Show progress, tell the observer and beat the counters file's heartbeat, every {@link #TICK_MILLIS} ms, until the
     * feed has finished or the engine is no longer running (then tell and beat once more); stop the feed at the
     * configured duration, a paced one {@link #PACED_CATCH_UP_NANOS} after it if it has not ended by itself.
     */
    private void awaitFeed(
        final Engine engine,
        final PacedFeed feed,
        final Progress progress,
        final CountersFile counters,
        final long start)
    {
        long lastInterval = start;
        while (!feed.finished() && engine.state() == EngineState.RUNNING)
        {
            heartbeat(counters);
            final long now = System.nanoTime();
            final long elapsed = now - start;
            progress.update(engine, feed, elapsed, target());
            observer.onTick(engine, feed.published(), elapsed);
            if (now - lastInterval >= INTERVAL_NANOS)
            {
                lastInterval = now;
                observer.onInterval(engine, engine.takeIntervalLatency(false), elapsed, false);
            }
            if (config.durationNanos() > 0 &&
                elapsed >= config.durationNanos() + (config.rate() > 0 ? PACED_CATCH_UP_NANOS : 0))
            {
                pacedFeedCut = config.rate() > 0;
                feedControl.stop(); // the feed checks its deadline between inputs; a quiet pipe may not give it one
            }
            feedControl.awaitEnd(TICK_MILLIS); // wakes as soon as the feed ends: the elapsed time is the run's
        }
        // a last tick at the feed's end, while the shards still run: an observer measuring the run (benchmark's
        // probe of the shards' CPU time) sees all of it, not only up to the last tick, even a run shorter than one
        observer.onTick(engine, feed.published(), System.nanoTime() - start);
        heartbeat(counters);
    }

    /**
     * Tell readers of the counters file, if there is one, that the engine is alive and writing its values now: how old
     * a killed run's last values are, for {@code stat}.
     */
    private static void heartbeat(final CountersFile counters)
    {
        if (null != counters)
        {
            counters.heartbeat();
        }
    }

    /**
     * Print the stopped run's summary on stdout, and why it failed, if it did, on stderr too.
     *
     * @return 0 if the run completed, 1 if the engine failed or the feed could not be read on, 2 if the feed file
     * holds a malformed line.
     */
    private int report(
        final Engine engine,
        final PacedFeed feed,
        final MarketFeedFile feedFile,
        final long elapsed,
        final RunJournalDir journal,
        final boolean stoppedEarly,
        final Histogram lastInterval)
    {
        observer.onInterval(engine, lastInterval, elapsed, true);
        final RunSummary summary =
            RunSummary.of(config, engine, feed, feedFile, elapsed, journal, stoppedEarly, warmedUpBefore)
                // the synthetic flow has every input of the schedule; a feed file may have ended before them
                .withUnsentDueInputs(pacedFeedCut && null == feedFile ? feed.unsentDueInputs() : 0);
        observer.onStop(engine, summary);
        out.print(json ? summary.toJson() + System.lineSeparator() : summary.toText());
        out.flush();
        if (null != summary.failure())
        {
            // the summary on stdout may be going to a file or a pipe: the reason for a non-zero exit is on stderr too
            say(summary.failure());
        }
        if (null != engine.failure())
        {
            return 1;
        }
        if (feed.failure() instanceof FeedFormatException)
        {
            return 2;
        }
        return null == feed.failure() ? 0 : 1;
    }

    private long target()
    {
        return config.events();
    }

    /**
     * Say one line on stderr, prefixed with the command's name, its control characters escaped ({@link PrintableText}).
     */
    private void say(final String message)
    {
        RunJob.say(err, prefix, message);
    }
}
