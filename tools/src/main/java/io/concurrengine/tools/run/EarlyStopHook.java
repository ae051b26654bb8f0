package io.concurrengine.tools.run;

import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C or SIGTERM does before a command has added its own {@link RunStopHook}: {@code main} adds this hook
 * first thing, so that a signal while the command line is parsed or the configuration loaded (before {@code run},
 * {@code soak}, {@code sim} or {@code replay} adds its hook) does not halt the JVM with nothing said and, with
 * {@code --json}, no object. Started at a shutdown, it waits for the command to get that far:
 * <ul>
 *     <li>the command added its own hook, needs none, or ended ({@link #release()}): it returns, the command's hook
 *     (if any) doing the rest;</li>
 *     <li>the command could not add its hook, the shutdown having begun ({@link #takeOver(RunStopHook)}): it does that
 *     hook's work here, asking the command to stop and waiting for its report, so the command reports the stop (one
 *     object with {@code --json}) as it would have once its hook was added.</li>
 * </ul>
 * It prints nothing itself. It waits at most 10 s for the command to get that far; the JVM's own start, before
 * {@code main}, is not covered.
 */
public final class EarlyStopHook
{
    private static final long HANDOVER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static volatile EarlyStopHook installed;

    private final Thread thread = new Thread(this::awaitCommand, "concurrengine-early-stop");
    private boolean waiting = true;
    private RunStopHook takenOver;

    EarlyStopHook()
    {
    }

    /**
     * Add the hook, the one {@link RunStopHook#install} hands over to: {@code main}'s first step.
     *
     * @return the hook, added.
     */
    public static EarlyStopHook install()
    {
        final EarlyStopHook hook = new EarlyStopHook();
        Runtime.getRuntime().addShutdownHook(hook.thread);
        installed = hook;
        return hook;
    }

    /**
     * The command needs no hook of its own, or has added it, or has ended: release the hook {@link #install()} added,
     * if any.
     */
    public static void releaseInstalled()
    {
        final EarlyStopHook hook = installed;
        if (null != hook)
        {
            hook.release();
        }
    }

    /**
     * Hand a command's hook that could not be added, the JVM shutting down already, to the hook {@link #install()}
     * added, which does its work.
     *
     * @param stopHook the command's hook.
     * @return true if taken over; false if no such hook waits for it (none was added, or it gave up waiting).
     */
    static boolean takeOverInstalled(final RunStopHook stopHook)
    {
        final EarlyStopHook hook = installed;
        return null != hook && hook.takeOver(stopHook);
    }

    /**
     * @return true if the JVM's shutdown has begun (no shutdown hook can be added any more).
     */
    static boolean shutdownBegun()
    {
        final Thread probe = new Thread(() ->
        {
        }, "concurrengine-shutdown-probe");
        try
        {
            Runtime.getRuntime().addShutdownHook(probe);
        }
        catch (final IllegalStateException ex)
        {
            return true;
        }
        Runtime.getRuntime().removeShutdownHook(probe);
        return false;
    }

    /**
     * @return the hook's thread, which the JVM starts at a shutdown: for tests, to start it as the JVM would.
     */
    Thread thread()
    {
        return thread;
    }

    /**
     * The command needs no hook of its own, or has added it, or has ended: a running hook returns.
     */
    public synchronized void release()
    {
        waiting = false;
        notifyAll();
    }

    /**
     * @param stopHook a command's hook that could not be added, the JVM shutting down already.
     * @return true if this hook will do its work, false if it no longer waits for a command.
     */
    synchronized boolean takeOver(final RunStopHook stopHook)
    {
        if (!waiting)
        {
            return false;
        }
        takenOver = stopHook;
        release();
        return true;
    }

    private void awaitCommand()
    {
        final RunStopHook stopHook;
        synchronized (this)
        {
            final long deadline = System.nanoTime() + HANDOVER_TIMEOUT_NANOS;
            long remaining = HANDOVER_TIMEOUT_NANOS;
            try
            {
                while (waiting && remaining > 0)
                {
                    TimeUnit.NANOSECONDS.timedWait(this, remaining);
                    remaining = deadline - System.nanoTime();
                }
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            waiting = false; // a command that gets there later finds no one to take its hook over
            stopHook = takenOver;
        }
        if (null != stopHook)
        {
            stopHook.stopAndAwaitReport();
        }
    }
}
