package io.concurrengine.tools.run;

import io.concurrengine.tools.CommandError;

import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

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
 * It waits at most 10 s for the command to get that far. A command still short of it then (reading its
 * configuration from a pipe no one writes to yet, {@code --config /dev/stdin} say) and that has printed nothing is
 * reported stopped here ({@link #commandStartingInstalled}), one error object with {@code --json}, and what it
 * prints after that through {@link #stdout()} and {@link #stderr()} is dropped, so that it does not print a second
 * one as the JVM halts. The JVM's own start, before {@code main}, is not covered.
 */
public final class EarlyStopHook
{
    private static final long HANDOVER_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static volatile EarlyStopHook installed;

    private final Thread thread = new Thread(this::awaitCommand, "concurrengine-early-stop");
    private final long handoverTimeoutNanos;
    /** Held to print through {@link #stdout} and {@link #stderr}, and by this hook to report the command stopped. */
    private final ReentrantLock output = new ReentrantLock();
    private final Guarded stdout;
    private final Guarded stderr;
    private boolean waiting = true;
    private RunStopHook takenOver;
    /** Guarded by {@link #output}: the command printed something. */
    private boolean printed;
    /** Guarded by {@link #output}: this hook reported the command stopped; what the command prints is dropped. */
    private boolean silenced;
    private volatile String command;
    private volatile boolean json;

    EarlyStopHook()
    {
        this(HANDOVER_TIMEOUT_NANOS, System.out, System.err);
    }

    /**
     * @param handoverTimeoutNanos the longest it waits for the command once started.
     * @param stdout               the process's stdout, which {@link #stdout()} prints to.
     * @param stderr               the process's stderr, which {@link #stderr()} prints to.
     */
    EarlyStopHook(final long handoverTimeoutNanos, final PrintStream stdout, final PrintStream stderr)
    {
        this.handoverTimeoutNanos = handoverTimeoutNanos;
        this.stdout = new Guarded(stdout);
        this.stderr = new Guarded(stderr);
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
     * The command line chose a command that adds a {@link RunStopHook}: if the hook {@link #install()} added gives up
     * waiting for it, it reports it stopped before it started, as the command would have.
     *
     * @param name the command's name.
     * @param json true if it was given {@code --json}.
     */
    public static void commandStartingInstalled(final String name, final boolean json)
    {
        final EarlyStopHook hook = installed;
        if (null != hook)
        {
            hook.commandStarting(name, json);
        }
    }

    /**
     * As {@link #commandStartingInstalled}, for this hook.
     *
     * @param name the command's name.
     * @param json true if it was given {@code --json}.
     */
    void commandStarting(final String name, final boolean json)
    {
        this.json = json;
        command = name;
    }

    /**
     * @return the process's stdout, for the command to print to: what it prints once this hook has reported it
     * stopped is dropped.
     */
    public PrintStream stdout()
    {
        return stdout;
    }

    /**
     * @return the process's stderr, as {@link #stdout()} is.
     */
    public PrintStream stderr()
    {
        return stderr;
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
        final boolean gaveUp;
        synchronized (this)
        {
            final long deadline = System.nanoTime() + handoverTimeoutNanos;
            long remaining = handoverTimeoutNanos;
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
            gaveUp = waiting; // neither released nor handed a hook
            waiting = false; // a command that gets there later finds no one to take its hook over
            stopHook = takenOver;
        }
        if (null != stopHook)
        {
            stopHook.stopAndAwaitReport();
        }
        else if (gaveUp)
        {
            reportStoppedBeforeStart();
        }
    }

    /**
     * The command has not got as far as its hook: say it was stopped, as it would have, unless it has printed
     * something (it is reporting already) or holds the output longer than a second (a write blocked), and drop what
     * it prints after that.
     */
    private void reportStoppedBeforeStart()
    {
        final String name = command;
        if (null == name)
        {
            return; // not a command that adds a hook, or its command line not read yet
        }
        try
        {
            if (!output.tryLock(1, TimeUnit.SECONDS))
            {
                return;
            }
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            return;
        }
        try
        {
            if (!printed)
            {
                silenced = true;
                new CommandError(name, 0, CommandError.STOPPED, String.format(Locale.ROOT, "stopped before it " +
                    "started: nothing was run (it was still reading its command line or configuration %d s after the " +
                    "signal)", TimeUnit.NANOSECONDS.toSeconds(handoverTimeoutNanos)))
                    .report(new PrintWriter(stdout.target), new PrintWriter(stderr.target), json);
            }
        }
        finally
        {
            output.unlock();
        }
    }

    /**
     * A stream the command prints to: each write and flush holds {@link #output} and, once this hook has reported the
     * command stopped, is dropped. Its errors are the target's ({@link PrintWriter#checkError()} asks them).
     */
    private final class Guarded extends PrintStream
    {
        private final PrintStream target;

        Guarded(final PrintStream target)
        {
            super(target);
            this.target = target;
        }

        @Override
        public void write(final int b)
        {
            output.lock();
            try
            {
                if (!silenced)
                {
                    printed = true;
                    target.write(b);
                }
            }
            finally
            {
                output.unlock();
            }
        }

        @Override
        public void write(final byte[] buf, final int off, final int len)
        {
            output.lock();
            try
            {
                if (!silenced)
                {
                    printed = true;
                    target.write(buf, off, len);
                }
            }
            finally
            {
                output.unlock();
            }
        }

        @Override
        public void flush()
        {
            output.lock();
            try
            {
                if (!silenced)
                {
                    target.flush();
                }
            }
            finally
            {
                output.unlock();
            }
        }

        @Override
        public boolean checkError()
        {
            output.lock();
            try
            {
                return !silenced && target.checkError();
            }
            finally
            {
                output.unlock();
            }
        }
    }
}
