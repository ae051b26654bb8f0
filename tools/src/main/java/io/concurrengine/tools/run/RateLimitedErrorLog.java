package io.concurrengine.tools.run;

import org.agrona.ErrorHandler;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints engine errors to standard error as one JSON line each, at most 20 in full and then one line per thousand,
 * so a model that fails on every event cannot flood the terminal. Threadsafe.
 */
final class RateLimitedErrorLog implements ErrorHandler
{
    private static final long FULL_REPORTS = 20;

    private final PrintWriter err;
    private final AtomicLong count = new AtomicLong();

    RateLimitedErrorLog(final PrintWriter err)
    {
        this.err = err;
    }

    @Override
    public void onError(final Throwable error)
    {
        final long n = count.incrementAndGet();
        if (n <= FULL_REPORTS || n % 1000 == 0)
        {
            final String message = String.valueOf(error.getMessage()).replace("\\", "\\\\").replace("\"", "\\\"");
            synchronized (err)
            {
                err.println("{\"level\":\"ERROR\",\"count\":" + n + ",\"error\":\"" +
                    error.getClass().getSimpleName() + "\",\"message\":\"" + message + "\"}");
                err.flush();
            }
        }
    }
}
