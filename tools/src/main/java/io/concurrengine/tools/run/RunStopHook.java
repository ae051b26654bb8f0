package io.concurrengine.tools.run;

import java.io.PrintWriter;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * What Ctrl-C or SIGTERM does to a command that runs a {@link RunJob} ({@code run}, {@code soak}): a shutdown hook
 * that asks the job to stop, waits up to 90 s for it to end, then waits for the command's report of it, since the JVM
 * halts once the hook returns; {@code sim}'s and {@code replay}'s ask their work to stop and wait for the report. The
 * command calls {@link #reported()} once its report is written, on every path.
 */
public final class RunStopHook
{
    private static final long STOP_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(90);

    private final CountDownLatch reported = new CountDownLatch(1);
    private final Thread hook;

    private RunStopHook(final Runnable stop, final String threadName, final long reportTimeoutSeconds)
    {
        hook = new Thread(() ->
        {
            stop.run();
            try
            {
                reported.await(reportTimeoutSeconds, TimeUnit.SECONDS);
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
        }, threadName);
    }

    /**
     * Add the hook.
     *
     * @param job                  the job it stops.
     * @param threadName           the hook thread's name.
     * @param reportTimeoutSeconds the longest it waits for the report once the job has ended.
     * @return the hook, added.
     */
    public static RunStopHook install(final RunJob job, final String threadName, final long reportTimeoutSeconds)
    {
        return install(() -> job.requestStopAndAwait(STOP_TIMEOUT_NANOS), threadName, reportTimeoutSeconds);
    }

    /**
     * Add a hook that runs {@code stop} and then waits for the command's report: for a command that stops otherwise
     * than a {@link RunJob} does ({@code sim}).
     *
     * @param stop                 asks the command to stop; may wait for it.
     * @param threadName           the hook thread's name.
     * @param reportTimeoutSeconds the longest it waits for the report once {@code stop} has returned.
     * @return the hook, added.
     */
    public static RunStopHook install(final Runnable stop, final String threadName, final long reportTimeoutSeconds)
    {
        final RunStopHook stopHook = new RunStopHook(stop, threadName, reportTimeoutSeconds);
        Runtime.getRuntime().addShutdownHook(stopHook.hook);
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
