package io.concurrengine.tools.run;

import io.concurrengine.tools.json.JsonWriter;
import org.agrona.ErrorHandler;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints engine errors to standard error as one JSON object a line, at most 20 in full and then one line per
 * thousand, so a model that fails on every event cannot flood the terminal:
 * <pre>{"time":"2026-12-05T11:50:01.123Z","level":"ERROR","count":1,"error":"IllegalStateException","message":"..."}</pre>
 * Every string is escaped as JSON (a message with a line feed or a quote stays one line), so a log collector can
 * take each line as it is. Threadsafe.
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
            final String line = new JsonWriter().beginObject()
                .name("time").value(Instant.now().toString())
                .name("level").value("ERROR")
                .name("count").value(n)
                .name("error").value(error.getClass().getSimpleName())
                .name("message").value(error.getMessage())
                .endObject()
                .toString();
            synchronized (err)
            {
                err.println(line);
                err.flush();
            }
        }
    }
}
