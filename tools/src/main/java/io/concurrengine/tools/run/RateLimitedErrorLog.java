package io.concurrengine.tools.run;

import io.concurrengine.pipeline.HandlerFailedException;
import io.concurrengine.pipeline.ShardError;
import io.concurrengine.tools.json.JsonWriter;
import org.agrona.ErrorHandler;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Prints engine errors to standard error as one JSON object a line, at most 20 in full and then one line per
 * thousand, so a model that fails on every event cannot flood the terminal:
 * <pre>{"time":"2026-12-05T11:50:01.123Z","level":"ERROR","count":1,"error":"HandlerFailedException","shard":1,
 * "cause":"java.lang.IllegalStateException","message":"handler failed: shard=1 time=..."}</pre>
 * {@code level} is {@code WARN} for a {@linkplain ShardError#warning() warning} (worked around, nothing lost),
 * {@code ERROR} otherwise; {@code shard} is there when the error names one ({@link ShardError}), {@code cause} for a
 * handler's exception. Every string is escaped as JSON (a message with a line feed or a quote stays one line), and
 * so is every character beyond printable ASCII (a path's DEL, C1 control or bidirectional override reaches no
 * terminal, and no stream encoding changes it), so a log collector can take each line as it is. Threadsafe.
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
            final JsonWriter json = new JsonWriter().asciiOnly().beginObject()
                .name("time").value(Instant.now().toString())
                .name("level").value(error instanceof ShardError && ((ShardError)error).warning() ? "WARN" : "ERROR")
                .name("count").value(n)
                .name("error").value(error.getClass().getSimpleName());
            if (error instanceof ShardError)
            {
                json.name("shard").value(((ShardError)error).shardId());
            }
            if (error instanceof HandlerFailedException && null != error.getCause())
            {
                json.name("cause").value(error.getCause().getClass().getName());
            }
            final String line = json.name("message").value(error.getMessage()).endObject().toString();
            synchronized (err)
            {
                err.println(line);
                err.flush();
            }
        }
    }
}
