package io.concurrengine.tools.telemetry;

import io.concurrengine.pipeline.ShardCounters;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PrometheusEndpointTest
{
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void shouldServeTheCountersAsTheyAreAtEachScrape() throws Exception
    {
        final CountersManager manager = PrometheusTextTest.counters();
        final AtomicCounter inputs = manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID);
        inputs.set(10);
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), manager))
        {
            final URI metrics = uri(endpoint, PrometheusEndpoint.PATH);
            final HttpResponse<String> first = get(metrics, "GET");
            assertEquals(200, first.statusCode());
            assertEquals(PrometheusText.CONTENT_TYPE, first.headers().firstValue("Content-Type").orElse(""));
            assertEquals(PrometheusText.render(manager), first.body());
            assertTrue(first.body().contains("concurrengine_shard_inputs_total{shard=\"0\"} 10\n"), first.body());

            inputs.set(25);
            assertTrue(get(metrics, "GET").body().contains("concurrengine_shard_inputs_total{shard=\"0\"} 25\n"));

            final HttpResponse<String> head = get(metrics, "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals("", head.body());
            assertEquals(404, get(uri(endpoint, "/"), "GET").statusCode());
            assertEquals(404, get(uri(endpoint, "/metrics/x"), "GET").statusCode());
            final HttpResponse<String> post = get(metrics, "POST");
            assertEquals(405, post.statusCode());
            assertEquals("GET, HEAD", post.headers().firstValue("Allow").orElse(""));
        }
    }

    @Test
    void shouldGiveAHeadRequestTheContentLengthAGetWouldSend() throws Exception
    {
        final CountersManager manager = PrometheusTextTest.counters();
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(10);
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), manager))
        {
            final URI metrics = uri(endpoint, PrometheusEndpoint.PATH);
            final String body = get(metrics, "GET").body();
            final HttpResponse<String> head = get(metrics, "HEAD");
            assertEquals(200, head.statusCode());
            assertEquals(String.valueOf(body.getBytes(StandardCharsets.UTF_8).length),
                head.headers().firstValue("Content-Length").orElse("none"));
            assertEquals("", head.body());

            final HttpResponse<String> missing = get(uri(endpoint, "/"), "HEAD");
            assertEquals(404, missing.statusCode());
            assertEquals(String.valueOf(get(uri(endpoint, "/"), "GET").body().length()),
                missing.headers().firstValue("Content-Length").orElse("none"));
        }
    }

    @Test
    void shouldSayWhatIsWrongWithTheZoneOfAnIpv6AddressNotThatItsHostIsUnknown()
    {
        final IOException noInterface = assertThrows(IOException.class, () -> PrometheusEndpoint.start(
            PrometheusEndpoint.parse("[fe80::1%nosuchif0]:0"), PrometheusTextTest.counters()));
        assertEquals("IPv6 address fe80::1%nosuchif0 cannot be used: its zone names no interface of this machine " +
            "(no such interface nosuchif0)", noInterface.getMessage());

        // loopback has no link-local address (Linux gives it ::1 alone)
        final IOException noScope = assertThrows(IOException.class, () -> PrometheusEndpoint.start(
            PrometheusEndpoint.parse("[fe80::1%lo]:0"), PrometheusTextTest.counters()));
        assertEquals("IPv6 address fe80::1%lo cannot be used: interface lo has no address of its scope " +
            "(no scope_id found)", noScope.getMessage());

        final IOException noZone = assertThrows(IOException.class, () -> PrometheusEndpoint.start(
            PrometheusEndpoint.parse("[fe80::1]:0"), PrometheusTextTest.counters()));
        assertEquals("[fe80::1]:0 is a link-local address: it needs a zone naming the interface, e.g. " +
            "[fe80::1%eth0]:0", noZone.getMessage());
    }

    @Test
    void shouldServeARunsStateStartAndTheTimeOfItsValuesBeforeItsCounters(@TempDir final Path dir) throws Exception
    {
        try (CountersFile counters = CountersFile.create(dir.resolve("counters.dat"), 16))
        {
            counters.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(12);
            try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), counters))
            {
                final long before = System.currentTimeMillis();
                final String body = get(uri(endpoint, PrometheusEndpoint.PATH), "GET").body();
                final long after = System.currentTimeMillis();

                final String state = "concurrengine_run_state{state=\"running\"} 1\n" +
                    "concurrengine_run_state{state=\"finished\"} 0\n" +
                    "concurrengine_run_state{state=\"stopped\"} 0\n";
                assertTrue(body.contains(state), body);
                final long start = counters.startTimeMillis();
                assertTrue(body.contains("\nconcurrengine_run_start_time_seconds " + start / 1000 + "." +
                    String.format(Locale.ROOT, "%03d", start % 1000) + "\n"), body);
                final Matcher values = Pattern.compile("\nconcurrengine_run_values_time_seconds (\\d+)\\.(\\d{3})\n")
                    .matcher(body);
                assertTrue(values.find(), body);
                final long valuesMillis = Long.parseLong(values.group(1)) * 1000 + Long.parseLong(values.group(2));
                assertTrue(valuesMillis >= before && valuesMillis <= after, "the time of the scrape: " + body);
                assertTrue(body.endsWith(PrometheusText.render(counters.reader())), body);
            }
        }
    }

    /**
     * A run serves its counters until it has printed its summary and written its report, after its engine stopped:
     * the time of its values is when the engine stopped then, not the scrape's.
     */
    @Test
    void shouldServeTheTimeTheEngineStoppedAsTheTimeOfTheValuesWhileTheRunReports(@TempDir final Path dir)
        throws Exception
    {
        try (CountersFile counters = CountersFile.create(dir.resolve("counters.dat"), 16))
        {
            counters.manager().newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(12);
            counters.markValuesFinal();
            final long stopped = counters.finishTimeMillis();
            try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), counters))
            {
                final String body = get(uri(endpoint, PrometheusEndpoint.PATH), "GET").body();

                assertTrue(body.contains("concurrengine_run_state{state=\"running\"} 1\n"), body);
                assertTrue(body.contains("\nconcurrengine_run_values_time_seconds " + stopped / 1000 + "." +
                    String.format(Locale.ROOT, "%03d", stopped % 1000) + "\n"), body);
            }
        }
    }

    @Test
    void shouldServeOtherScrapesWhileAClientHoldsAnUnfinishedRequest() throws Exception
    {
        final CountersManager manager = PrometheusTextTest.counters();
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(7);
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), manager);
            Socket stalled = new Socket(InetAddress.getLoopbackAddress(), endpoint.address().getPort()))
        {
            // a request line and no end of headers: a client gone quiet (a hung scraper, a dropped network)
            final OutputStream out = stalled.getOutputStream();
            out.write("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();

            final HttpResponse<String> scrape = get(uri(endpoint, PrometheusEndpoint.PATH), "GET");

            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("concurrengine_shard_inputs_total{shard=\"0\"} 7\n"), scrape.body());
        }
    }

    /**
     * Each client stalled in its request held a thread of its own: 300 took a process from 24 to 78 threads. Now the
     * threads are bounded; a request beyond them is refused (its connection closed), and once the stalled clients go
     * away, scrapes are served again.
     */
    @Test
    void shouldBoundTheThreadsThatClientsStalledInTheirRequestsHold() throws Exception
    {
        final CountersManager manager = PrometheusTextTest.counters();
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(7);
        final List<SocketChannel> stalled = new ArrayList<>();
        try (PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), manager))
        {
            for (int i = 0; i < PrometheusEndpoint.MAX_THREADS; i++)
            {
                stalled.add(stall(endpoint));
            }
            while (endpoint.busyThreads() < PrometheusEndpoint.MAX_THREADS)
            {
                Thread.sleep(1); // each stalled request is being read on a thread of its own
            }
            final List<SocketChannel> refused = new ArrayList<>();
            for (int i = 0; i < 3 * PrometheusEndpoint.MAX_THREADS; i++)
            {
                refused.add(stall(endpoint));
            }
            final ByteBuffer buffer = ByteBuffer.allocate(1024);
            while (!refused.isEmpty())
            {
                assertTrue(endpoint.largestThreads() <= PrometheusEndpoint.MAX_THREADS,
                    endpoint.largestThreads() + " threads");
                for (final Iterator<SocketChannel> it = refused.iterator(); it.hasNext(); )
                {
                    final SocketChannel channel = it.next();
                    if (closedByPeer(channel, buffer.clear()))
                    {
                        channel.close();
                        it.remove();
                    }
                }
                Thread.sleep(1);
            }

            for (final SocketChannel channel : stalled)
            {
                channel.close();
            }
            HttpResponse<String> scrape = null;
            while (null == scrape)
            {
                try
                {
                    scrape = get(uri(endpoint, PrometheusEndpoint.PATH), "GET");
                }
                catch (final IOException ex)
                {
                    Thread.sleep(1); // refused while the stalled clients' threads end
                }
            }
            assertEquals(200, scrape.statusCode());
            assertTrue(scrape.body().contains("concurrengine_shard_inputs_total{shard=\"0\"} 7\n"), scrape.body());
            assertEquals(PrometheusEndpoint.MAX_THREADS, endpoint.largestThreads());
        }
        finally
        {
            for (final SocketChannel channel : stalled)
            {
                channel.close();
            }
        }
    }

    private static SocketChannel stall(final PrometheusEndpoint endpoint) throws IOException
    {
        final SocketChannel channel = SocketChannel.open(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), endpoint.address().getPort()));
        channel.write(ByteBuffer.wrap("GET /metrics HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)));
        channel.configureBlocking(false);
        return channel;
    }

    private static boolean closedByPeer(final SocketChannel channel, final ByteBuffer buffer)
    {
        try
        {
            return channel.read(buffer) < 0;
        }
        catch (final IOException ex)
        {
            return true; // reset
        }
    }

    @Test
    void shouldStopListeningWhenClosed() throws Exception
    {
        final PrometheusEndpoint endpoint =
            PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), PrometheusTextTest.counters());
        final URI metrics = uri(endpoint, PrometheusEndpoint.PATH);
        assertEquals(200, get(metrics, "GET").statusCode());
        endpoint.close();
        assertThrows(ConnectException.class, () -> get(metrics, "GET"));
    }

    /**
     * A run unmaps its counters file once the endpoint is closed, and a read of an unmapped page kills the JVM: close()
     * must not return while a scrape is reading the counters, and nothing reads them afterwards.
     */
    @Test
    void shouldNotReturnFromCloseWhileAScrapeReadsTheCounters() throws Exception
    {
        final CountersManager manager = PrometheusTextTest.counters();
        manager.newCounter("shard-0: inputs", ShardCounters.CUMULATIVE_TYPE_ID).set(3);
        final CountDownLatch reading = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final AtomicInteger reads = new AtomicInteger();
        final CountersReader slowReader = new CountersReader(manager.metaDataBuffer(), manager.valuesBuffer())
        {
            @Override
            public void forEach(final MetaData metaData)
            {
                reads.incrementAndGet();
                reading.countDown();
                try
                {
                    release.await();
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                super.forEach(metaData);
            }
        };
        final PrometheusEndpoint endpoint = PrometheusEndpoint.start(new InetSocketAddress("127.0.0.1", 0), slowReader);
        final URI metrics = uri(endpoint, PrometheusEndpoint.PATH);
        client.sendAsync(HttpRequest.newBuilder(metrics).GET().build(), HttpResponse.BodyHandlers.ofString());
        reading.await();

        final Thread closer = new Thread(endpoint::close, "closer");
        closer.start();
        while (closer.isAlive() && closer.getState() != Thread.State.BLOCKED)
        {
            Thread.yield();
        }
        final boolean returnedWhileReading = !closer.isAlive();
        release.countDown();
        closer.join();

        assertFalse(returnedWhileReading, "close() returned while a scrape was reading the counters");
        assertThrows(ConnectException.class, () -> get(metrics, "GET"));
        assertEquals(1, reads.get());
    }

    /**
     * An endpoint asked for 0.0.0.0, which the JDK binds as IPv6's every interface, gave [0:0:0:0:0:0:0:0] as its
     * address, and run said "counters at http://[0:0:0:0:0:0:0:0]:PORT/metrics".
     */
    @Test
    void shouldGiveTheAddressAskedForEveryInterfaceWithThePortItTook() throws Exception
    {
        try (PrometheusEndpoint endpoint =
            PrometheusEndpoint.start(new InetSocketAddress("0.0.0.0", 0), PrometheusTextTest.counters()))
        {
            assertEquals(InetAddress.getByName("0.0.0.0"), endpoint.address().getAddress());
            assertTrue(endpoint.address().getPort() > 0, endpoint.address().toString());
            assertEquals(200, get(uri(endpoint, PrometheusEndpoint.PATH), "GET").statusCode());
        }
    }

    @Test
    void shouldRefuseAnAddressInUse() throws IOException
    {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            assertThrows(IOException.class, () -> PrometheusEndpoint.start(
                new InetSocketAddress("127.0.0.1", taken.getLocalPort()), PrometheusTextTest.counters()));
        }
    }

    @Test
    void shouldReadHostAndPort()
    {
        assertEquals(new InetSocketAddress("127.0.0.1", 9090), PrometheusEndpoint.parse(" 127.0.0.1:9090 "));
        assertEquals(new InetSocketAddress("::1", 0), PrometheusEndpoint.parse("[::1]:0"));
        assertEquals(9464, PrometheusEndpoint.parse("localhost:9464").getPort());
        for (final String bad : new String[]{ "9090", "127.0.0.1", ":9090", "127.0.0.1:x", "127.0.0.1:65536",
            "127.0.0.1:9090/metrics", "http://127.0.0.1:9090", "" })
        {
            final IllegalArgumentException ex =
                assertThrows(IllegalArgumentException.class, () -> PrometheusEndpoint.parse(bad), bad);
            assertEquals("expected HOST:PORT, e.g. 127.0.0.1:9090 (port 0: any free port), found \"" + bad.trim() +
                "\"", ex.getMessage());
        }
    }

    private static URI uri(final PrometheusEndpoint endpoint, final String path)
    {
        return URI.create("http://127.0.0.1:" + endpoint.address().getPort() + path);
    }

    private HttpResponse<String> get(final URI uri, final String method) throws IOException, InterruptedException
    {
        return client.send(HttpRequest.newBuilder(uri).method(method, HttpRequest.BodyPublishers.noBody()).build(),
            HttpResponse.BodyHandlers.ofString());
    }
}
