package io.concurrengine.tools.run;

import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.PacedFeed;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The feed a run is running (its warm-up's, then its measured run's) and how to stop it early, shared between the
 * run's control thread, which starts the feeds and waits for them, and a thread that asks for a stop (the command's
 * Ctrl-C or SIGTERM hook).
 * <p>
 * A stop asked for ({@link #requestStop()}) stops the current feed before its next input; a feed file's thread is also
 * interrupted, which releases a read waiting for the next line of a pipe (its channel closes). A stop asked for before
 * a feed was visible here is not lost: every field is volatile, a stop is recorded before it looks for the feed, and a
 * feed is published before its starter looks for a stop, so the one or the other stops it.
 * <p>
 * {@link #requestStop()}, {@link #stop()} and {@link #stopRequested()} are threadsafe; {@link #runHere(PacedFeed)},
 * {@link #openInterruptibly(Supplier)}, {@link #start(PacedFeed)}, {@link #awaitEnd(long)} and {@link #join()} are the
 * control thread's.
 */
final class RunFeedControl
{
    private static final long JOIN_TIMEOUT_MILLIS = TimeUnit.SECONDS.toMillis(60);

    private final EngineConfig config;
    private volatile PacedFeed feed;
    private volatile Thread feedThread;
    private volatile boolean stopRequested;
    /** The control thread while it opens a network feed ({@link #openInterruptibly}), which a stop interrupts. */
    private Thread opening;

    /**
     * @param config the run's configuration: a feed file's thread ({@code feed.file} set) is interrupted to stop.
     */
    RunFeedControl(final EngineConfig config)
    {
        this.config = config;
    }

    /**
     * Ask for a stop: the current feed, and any started after, stops before its next input.
     */
    void requestStop()
    {
        stopRequested = true;
        synchronized (this)
        {
            if (null != opening)
            {
                opening.interrupt(); // a connection attempt to an upstream that does not answer ends at once
            }
        }
        stop();
    }

    /**
     * Open a network feed on this thread, unless a stop was asked for: a stop asked for while it opens interrupts
     * this thread, which ends a connection attempt to an upstream that does not answer, rather than have the stop wait
     * up to its timeout. The stop's interrupt is not left set once it returns.
     *
     * @param open opens the feed.
     * @return what {@code open} returned, or null if a stop was asked for before.
     */
    String openInterruptibly(final Supplier<String> open)
    {
        final boolean interrupted = Thread.currentThread().isInterrupted();
        synchronized (this)
        {
            if (stopRequested)
            {
                return null;
            }
            opening = Thread.currentThread();
        }
        try
        {
            return open.get();
        }
        finally
        {
            synchronized (this)
            {
                opening = null;
                if (Thread.interrupted() && interrupted)
                {
                    Thread.currentThread().interrupt(); // the caller's own, kept; a stop's is in stopRequested()
                }
            }
        }
    }

    /**
     * @return true once a stop was asked for.
     */
    boolean stopRequested()
    {
        return stopRequested;
    }

    /**
     * Run {@code feed} on this thread, to its end or until a stop, unless a stop was asked for before it was visible.
     *
     * @param feed the warm-up's feed.
     */
    void runHere(final PacedFeed feed)
    {
        this.feed = feed;
        if (!stopRequested)
        {
            feed.run();
        }
    }

    /**
     * Start {@code feed} on a thread of its own, {@code concurrengine-feed}, stopped at once if a stop was asked for.
     *
     * @param feed the measured run's feed.
     */
    void start(final PacedFeed feed)
    {
        this.feed = feed;
        if (stopRequested)
        {
            feed.requestStop(); // asked before this feed was visible to requestStop
        }
        final Thread feedThread = new Thread(feed, "concurrengine-feed");
        this.feedThread = feedThread;
        feedThread.start();
        if (stopRequested)
        {
            stop(); // asked before this thread was visible to requestStop
        }
    }

    /**
     * Ask the feed to stop before its next input; a feed file's thread is also interrupted, which releases a read
     * waiting for the next line of a pipe (its channel closes).
     */
    void stop()
    {
        final PacedFeed feed = this.feed;
        if (null != feed)
        {
            feed.requestStop();
        }
        final Thread feedThread = this.feedThread;
        if (null != feedThread && !config.feedFile().isEmpty())
        {
            feedThread.interrupt();
        }
    }

    /**
     * Wait up to 60 s for the thread {@link #start(PacedFeed)} started to end; an interrupt ends the wait and is kept.
     */
    void join()
    {
        awaitEnd(JOIN_TIMEOUT_MILLIS);
    }

    /**
     * Wait up to {@code millis} for the thread {@link #start(PacedFeed)} started to end, and no longer once it has: a
     * control loop that waits here between its ticks sees the feed's end at once, not at its next tick, so a run's
     * elapsed time (and its events/s) does not take in the rest of a tick. An interrupt ends the wait and is kept.
     *
     * @param millis the longest wait, positive.
     */
    void awaitEnd(final long millis)
    {
        try
        {
            feedThread.join(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }
}
