package io.concurrengine.tools.run;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C or SIGTERM does to a command that runs a {@link RunJob} ({@code run}, {@code soak}): a shutdown hook
 * that asks the job to stop, waits up to 90 s for it to end, then waits for the command's report of it, since the JVM
 * halts once the hook returns; {@code sim}'s and {@code replay}'s ask their work to stop and wait for the report. The
 * command calls {@link #reported()} once its report is written, on every path. A signal that came before the command
 * added its hook is handed over by {@link EarlyStopHook}, which does the hook's work.
 */
public final class RunStopHook
{
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Runnable stop;
    private final Runnable unreported;
    private final long reportTimeoutSeconds;
    private final Thread hook;

    private RunStopHook(
        final Runnable stop, final Runnable unreported, final String threadName, final long reportTimeoutSeconds)
    {
        this.stop = stop;
        this.unreported = unreported;
        this.reportTimeoutSeconds = reportTimeoutSeconds;
        hook = new Thread(this::stopAndAwaitReport, threadName);
    }

    /**
     * The hook's work: ask the command to stop, then wait for its report; if none came in time, say so
     * ({@code unreported}) before the JVM halts.
     */
    void stopAndAwaitReport()
    {
        stop.run();
        try
        {
            if (!reported.await(reportTimeoutSeconds, TimeUnit.SECONDS))
            {
                unreported.run();
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Add the hook.
     *
     * @param job                  the job it stops.
     * @param threadName           the hook thread's name.
     * @param reportTimeoutSeconds the longest it waits for the report once the job has ended.
     * @return the hook, added, or handed over to {@link EarlyStopHook} if the JVM is shutting down already.
     */
    public static RunStopHook install(final RunJob job, final String threadName, final long reportTimeoutSeconds)
    {
        return install(job::requestStop, () -> job.requestStopAndAwait(STOP_TIMEOUT_NANOS), () -> { }, threadName,
            reportTimeoutSeconds);
    }

    /**
     * Add a hook that runs {@code stop} and then waits for the command's report: for a command that stops otherwise
     * than a {@link RunJob} does ({@code sim}). If the JVM is shutting down already, {@code stop} is run on the
     * caller's thread at once, so it must not wait for the command then.
     *
     * @param stop                 asks the command to stop; may wait for it.
     * @param threadName           the hook thread's name.
     * @param reportTimeoutSeconds the longest it waits for the report once {@code stop} has returned.
     * @return the hook, added, or handed over to {@link EarlyStopHook} if the JVM is shutting down already.
     */
    public static RunStopHook install(final Runnable stop, final String threadName, final long reportTimeoutSeconds)
    {
        return install(stop, stop, () -> { }, threadName, reportTimeoutSeconds);
    }

    /**
     * As {@link #install(Runnable, String, long)}, for a command whose report may not come in time (a write blocked by
     * a reader that does not read): {@code unreported} says what it can on its behalf before the JVM halts.
     *
     * @param stop                 asks the command to stop; may wait for it.
     * @param unreported           run by the hook if the report has not come {@code reportTimeoutSeconds} after
     *                             {@code stop} returned; must not wait for the command.
     * @param threadName           the hook thread's name.
     * @param reportTimeoutSeconds the longest it waits for the report once {@code stop} has returned.
     * @return the hook, added, or handed over to {@link EarlyStopHook} if the JVM is shutting down already.
     */
    public static RunStopHook install(
        final Runnable stop, final Runnable unreported, final String threadName, final long reportTimeoutSeconds)
    {
        return install(stop, stop, unreported, threadName, reportTimeoutSeconds);
    }

    /**
     * @param request    asks the command to stop without waiting: run on the command's thread when the JVM is
     *                   shutting down already, so that the command, going on, finds the stop asked for.
     * @param stop       the hook's work before it waits for the report.
     * @param unreported the hook's work if the report does not come in time.
     */
    private static RunStopHook install(
        final Runnable request,
        final Runnable stop,
        final Runnable unreported,
        final String threadName,
        final long reportTimeoutSeconds)
    {
        final RunStopHook stopHook = new RunStopHook(stop, unreported, threadName, reportTimeoutSeconds);
        try
        {
            Runtime.getRuntime().addShutdownHook(stopHook.hook);
        }
        catch (final IllegalStateException ex)
        {
            // Ctrl-C or SIGTERM came before the command got here: main's hook does this one's work
            request.run();
            if (!EarlyStopHook.takeOverInstalled(stopHook))
            {
                stopHook.hook.start(); // no one waits for the report, but the command is asked to stop
            }
            return stopHook;
        }
        EarlyStopHook.releaseInstalled();
        return stopHook;
    }

    /**
     * @return the hook's thread, which the JVM starts at a shutdown: for tests, to start it as the JVM would.
     */
    public Thread thread()
    {
        return hook;
    }

    /**
     * The report is written to {@code out} and {@code err}: flush them, for a hook that is running lets the JVM halt,
     * then {@link #reported()}.
     *
     * @param out the command's stdout.
     * @param err the command's stderr.
     */
    public void reported(final PrintWriter out, final PrintWriter err)
    {
        out.flush();
        err.flush();
        reported();
    }

    /**
     * The report is written: let a hook that is running return, and remove the hook if the JVM is not shutting down.
     */
    public void reported()
    {
        reported.countDown();
        try
        {
            Runtime.getRuntime().removeShutdownHook(hook);
        }
        catch (final IllegalStateException ex)
        {
            // Shutting down already: the hook is running and waits for this report.
        }
    }
}
