package io.concurrengine.tools.telemetry;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.concurrengine.tools.HostPort;
import org.agrona.concurrent.status.CountersReader;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * An HTTP endpoint that serves a run's counters for Prometheus to scrape: {@code GET /metrics} answers with
 * {@link PrometheusText}; every other path is 404, every other method 405.
 * <p>
 * It reads the counters as {@code stat} does, with acquire loads of the values the shard threads publish, so a scrape
 * costs the shards nothing. Requests are served by daemon threads, {@code concurrengine-metrics}, which sleep between
 * scrapes: one for a scraper that scrapes one request at a time, another only for a request that comes while one is
 * being read or served, at most {@value #MAX_THREADS}. The server reads a request on the thread that serves it,
 * without a timeout (the JDK server's only timeout is a system property, which would change every server of the
 * process), so a client that sends part of a request and goes quiet holds that thread, not the scrapes of others,
 * until {@value #MAX_THREADS} such clients hold them all: then the server closes each new connection's request
 * unanswered, until one of them finishes or goes away. {@link #close()} stops them.
 * <p>
 * The counters are read under a lock that {@link #close()} takes too: once it returns, no thread of the endpoint reads
 * them again, so their owner may then unmap the file (a read of an unmapped page kills the JVM). A request served after
 * that is answered 503.
 */
public final class PrometheusEndpoint implements AutoCloseable
{
    /** The path served. */
    public static final String PATH = "/metrics";

    /**
     * Most requests read or served at once, each on its own thread: a bound on the threads that clients stalled in
     * their requests can hold (a thread each, unbounded before), high enough that a few such clients (a scraper that
     * timed out mid-request, a port scan) leave scrapes room. Threads are made only as requests need them, and end
     * after a minute idle.
     */
    public static final int MAX_THREADS = 16;

    private final HttpServer server;
    /** The address the server was asked to bind. */
    private final InetSocketAddress asked;
    private final ThreadPoolExecutor executor;
    /** The text served, read from the counters (under {@link #readLock}). */
    private final Supplier<String> exposition;
    /** Held while the counters are read, and by {@link #close()}. */
    private final Object readLock = new Object();
    /** Guarded by {@link #readLock}. */
    private boolean closed;

    private PrometheusEndpoint(final HttpServer server, final InetSocketAddress asked,
        final ThreadPoolExecutor executor, final Supplier<String> exposition)
    {
        this.server = server;
        this.asked = asked;
        this.executor = executor;
        this.exposition = exposition;
    }

    /**
     * @param endpoint {@code HOST:PORT}, e.g. {@code 127.0.0.1:9090}; an IPv6 host in brackets; port 0 takes any free
     *                 port.
     * @return the socket address, its host looked up.
     * @throws IllegalArgumentException if it is not {@code HOST:PORT}.
     */
    public static InetSocketAddress parse(final String endpoint)
    {
        final String text = endpoint.trim();
        final URI uri;
        try
        {
            uri = new URI("http://" + text);
        }
        catch (final URISyntaxException ex)
        {
            throw notAnEndpoint(text);
        }
        try
        {
            return HostPort.of(uri, 0).resolve();
        }
        catch (final IllegalArgumentException ex)
        {
            throw notAnEndpoint(text);
        }
    }

    private static IllegalArgumentException notAnEndpoint(final String text)
    {
        return new IllegalArgumentException("expected HOST:PORT, e.g. 127.0.0.1:9090 (port 0: any free port), found \"" +
            text + "\"");
    }

    /**
     * Bind the endpoint and start serving a run's counters file, owned by this process: its run's state, start and the
     * time of its values ({@link PrometheusText#renderRun}), then its counters.
     *
     * @param address  where to listen.
     * @param counters the counters file of the run that serves it, open until {@link #close()} has returned.
     * @return the endpoint, serving.
     * @throws IOException if the address cannot be bound (in use, an unknown host, an IPv6 zone this machine
     *                     cannot use).
     */
    public static PrometheusEndpoint start(final InetSocketAddress address, final CountersFile counters)
        throws IOException
    {
        return start(address, () -> PrometheusText.renderRun(counters, true, System.currentTimeMillis()) +
            PrometheusText.render(counters.reader()));
    }

    /**
     * Bind the endpoint and start serving counters alone.
     *
     * @param address where to listen.
     * @param reader  the counters to serve, readable until {@link #close()} has returned.
     * @return the endpoint, serving.
     * @throws IOException if the address cannot be bound (in use, an unknown host, an IPv6 zone this machine
     *                     cannot use).
     */
    public static PrometheusEndpoint start(final InetSocketAddress address, final CountersReader reader)
        throws IOException
    {
        return start(address, () -> PrometheusText.render(reader));
    }

    private static PrometheusEndpoint start(final InetSocketAddress address, final Supplier<String> exposition)
        throws IOException
    {
        if (address.isUnresolved())
        {
            throw new IOException(HostPort.unresolved(address.getHostString()));
        }
        HostPort.checkZone(address);
        final HttpServer server = HttpServer.create(address, 0);
        // not a single thread: one client stalled in its request would hold every scrape until the run ends; not
        // unbounded: each stalled client would hold a thread of its own. A request that finds all MAX_THREADS busy is
        // refused (AbortPolicy), and the server closes its connection.
        final ThreadPoolExecutor executor = new ThreadPoolExecutor(0, MAX_THREADS, 60, TimeUnit.SECONDS,
            new SynchronousQueue<>(), (task) ->
            {
                final Thread thread = new Thread(task, "concurrengine-metrics");
                thread.setDaemon(true);
                return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
        server.setExecutor(executor);
        final PrometheusEndpoint endpoint = new PrometheusEndpoint(server, address, executor, exposition);
        server.createContext("/", endpoint::serve);
        server.start();
        return endpoint;
    }

    private void serve(final HttpExchange exchange) throws IOException
    {
        try (exchange)
        {
            final String method = exchange.getRequestMethod();
            final boolean head = "HEAD".equals(method);
            if (!head && !"GET".equals(method))
            {
                exchange.getResponseHeaders().set("Allow", "GET, HEAD");
                respond(exchange, 405, "text/plain; charset=utf-8", "only GET and HEAD\n", false);
            }
            else if (!PATH.equals(exchange.getRequestURI().getPath()))
            {
                respond(exchange, 404, "text/plain; charset=utf-8", "the counters are at " + PATH + "\n", head);
            }
            else
            {
                final String text = render();
                if (null == text)
                {
                    respond(exchange, 503, "text/plain; charset=utf-8", "the run has ended: its counters are no " +
                        "longer served\n", head);
                }
                else
                {
                    respond(exchange, 200, PrometheusText.CONTENT_TYPE, text, head);
                }
            }
        }
    }

    /**
     * @return the counters as exposition text, or null once the endpoint is closed.
     */
    private String render()
    {
        synchronized (readLock)
        {
            return closed ? null : exposition.get();
        }
    }

    private static void respond(
        final HttpExchange exchange, final int status, final String contentType, final String body, final boolean head)
        throws IOException
    {
        final byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        if (head)
        {
            // the header fields GET would send (RFC 9110 9.3.2); -1 tells the server no body follows
            exchange.getResponseHeaders().set("Content-Length", Integer.toString(bytes.length));
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    /**
     * @return the most threads that have served requests at once, at most {@link #MAX_THREADS}; for tests.
     */
    int largestThreads()
    {
        return executor.getLargestPoolSize();
    }

    /**
     * @return the threads reading or serving a request now; for tests.
     */
    int busyThreads()
    {
        return executor.getActiveCount();
    }

    /**
     * @return where the endpoint listens, with the port it took: {@code 0.0.0.0} where it was asked for, which the JDK
     * binds as {@code ::} ({@link HostPort#listening}).
     */
    public InetSocketAddress address()
    {
        return HostPort.listening(asked.getAddress(), server.getAddress());
    }

    /**
     * Stop serving, at once: a scrape in progress is cut off, except one reading the counters, which this waits for
     * (microseconds). Afterwards the counters are not read again.
     */
    @Override
    public void close()
    {
        server.stop(0);
        synchronized (readLock)
        {
            closed = true;
        }
        executor.shutdownNow();
    }
}
