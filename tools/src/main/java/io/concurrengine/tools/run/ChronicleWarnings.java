package io.concurrengine.tools.run;

import io.concurrengine.tools.PrintableText;
import net.openhft.chronicle.core.Jvm;
import net.openhft.chronicle.core.onoes.ExceptionHandler;
import org.slf4j.Logger;

import java.io.PrintStream;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * Chronicle Queue's own warnings and errors (its {@code Jvm.warn()} and {@code Jvm.error()}: a table file or cycle file
 * it cannot create, a queue it forces read-only) on standard error as one line each in the command's form, with their
 * causes, rather than through SLF4J in Chronicle's log format with every stack trace: a shard whose
 * {@code metadata.cq4t} could not be created printed 15 lines of stack trace for each such warning, among the run's
 * own lines. What a warning says is kept: {@code concurrengine run: Chronicle warning: Failback to readonly tablestore
 * (net.openhft.chronicle.core.io.IORuntimeException: file=.../metadata.cq4t, caused by java.io.IOException: No space
 * left on device)}. Chronicle's debug and performance notes are left to SLF4J, which shows none (warnings up only).
 * <p>
 * Chronicle's handlers are the JVM's: the latest command to {@link #install(String)} them names itself in every line.
 * Each line goes to {@code System.err} as it is when Chronicle speaks, as Chronicle's did. Threadsafe.
 */
final class ChronicleWarnings implements ExceptionHandler
{
    /** Causes followed at most, in case a chain is very long. */
    private static final int MAX_CAUSES = 8;

    private final String prefix;
    private final String level;

    ChronicleWarnings(final String prefix, final String level)
    {
        this.prefix = prefix;
        this.level = level;
    }

    /**
     * Make Chronicle's warnings and errors this command's lines, once Chronicle's {@code Jvm} is initialised
     * ({@link RunEngineFactory#initialiseChronicle()}): not once the JVM's shutdown has begun, when that was left
     * undone, nor where Chronicle cannot be loaded (the journal's start reports it).
     *
     * @param prefix the command's prefix, {@code "concurrengine run: "}.
     */
    static void install(final String prefix)
    {
        if (EarlyStopHook.shutdownBegun())
        {
            return;
        }
        try
        {
            Jvm.setErrorExceptionHandler(new ChronicleWarnings(prefix, "error"));
            Jvm.setWarnExceptionHandler(new ChronicleWarnings(prefix, "warning"));
        }
        catch (final LinkageError ex)
        {
            // no Chronicle on the class path (or it cannot initialise): the journal's start reports it
        }
    }

    @Override
    public void on(final Class<?> clazz, final String message, final Throwable thrown)
    {
        print(line(message, thrown));
    }

    @Override
    public void on(final Logger logger, final String message, final Throwable thrown)
    {
        print(line(message, thrown));
    }

    private static void print(final String line)
    {
        final PrintStream err = System.err;
        err.println(line);
        err.flush();
    }

    /**
     * @param message what Chronicle says, or null.
     * @param thrown  the exception it says it with, or null.
     * @return one line: the prefix, "Chronicle warning: " (or error), the message, and the exception and its causes in
     * brackets ({@code toString()}, each one's that its wrapper's message does not hold already), with every character
     * that is not printable escaped.
     */
    String line(final String message, final Throwable thrown)
    {
        final StringBuilder line = new StringBuilder(prefix).append("Chronicle ").append(level).append(": ")
            .append(null == message || message.isEmpty() ? "(no message)" : message);
        final Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        String separator = " (";
        int causes = 0;
        for (Throwable cause = thrown; null != cause && causes < MAX_CAUSES && null == seen.put(cause, Boolean.TRUE);
            cause = cause.getCause())
        {
            final String text = cause.toString();
            if (line.indexOf(text) < 0)
            {
                line.append(separator).append(text);
                separator = ", caused by ";
            }
            causes++;
        }
        if (!" (".equals(separator))
        {
            line.append(')');
        }
        return PrintableText.escape(line);
    }
}
