package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class NetworkFeedTest
{
    private static final Pattern LISTENING = Pattern.compile("listening on 127\\.0\\.0\\.1:(\\d+) ");
    private static final String LINES = "10,cancel,1,1\n20,cancel,1,2\n30,add,2,7,sell,10250,5,3000\n";
    private static final List<String> INPUTS = List.of("10 1 1 1 0 0 0", "20 1 1 2 0 0 0",
        "30 0 2 7 " + MarketEvents.sidePrice(MarketEvents.SELL, 10250) + " 5 3000");

    private static final MarketFeedFile.OnError STOP = MarketFeedFile.OnError.STOP;

    private final List<String> notices = Collections.synchronizedList(new ArrayList<>());

    @Test
    void shouldSayALinkLocalAddressNeedsAZoneOrWhatIsWrongWithItsZone()
    {
        assertEquals("[fe80::1]:0 is a link-local address: it needs a zone naming the interface, e.g. [fe80::1%eth0]:0",
            assertThrows(IOException.class,
            () -> NetworkFeed.listen(FeedAddress.parse("tcp-listen://[fe80::1]:0")).close()).getMessage());
        assertEquals("[fe80::1]:9 is a link-local address: it needs a zone naming the interface, e.g. [fe80::1%eth0]:9",
            assertThrows(IOException.class,
            () -> NetworkFeed.connect(FeedAddress.parse("tcp://[fe80::1]:9")).close()).getMessage());
        assertEquals("IPv6 address fe80::1%nosuchif0 cannot be used: its zone names no interface of this machine " +
            "(no such interface nosuchif0)", assertThrows(IOException.class,
            () -> NetworkFeed.connect(FeedAddress.parse("tcp://[fe80::1%nosuchif0]:9")).close()).getMessage());
    }

    @Test
    void shouldReadTheLinesAnUpstreamSendsUntilItClosesTheConnection() throws Exception
    {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = new Thread(() ->
            {
                try (Socket connection = upstream.accept(); OutputStream out = connection.getOutputStream())
                {
                    // lines cut anywhere, arriving in pieces: the reader waits for each line's end
                    for (final String piece : List.of("10,cancel,1,", "1\n20,canc", "el,1,2\n30,add,2,7,sell,",
                        "10250,5,3000\n"))
                    {
                        out.write(piece.getBytes(StandardCharsets.US_ASCII));
                        out.flush();
                        Thread.sleep(20);
                    }
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            });
            sender.start();
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, notices::add, notices::add))
            {
                assertEquals(address, feed.name());
                assertEquals(INPUTS, readAll(feed));
                assertEquals(3, feed.lines());
            }
            sender.join();
        }
        assertEquals(List.of(), notices, "connecting says nothing");
    }

    @Test
    void shouldRefuseAnUpstreamThatIsNotThereWhenOpened() throws IOException
    {
        final int port;
        try (ServerSocket gone = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            port = gone.getLocalPort();
        }
        assertThrows(ConnectException.class,
            () -> NetworkFeed.open(FeedAddress.parse("tcp://127.0.0.1:" + port), STOP, notices::add, notices::add));
    }

    @Test
    void shouldNameTheAddressAndLineOfAMalformedLine() throws Exception
    {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = send(upstream, "10,cancel,1,1\n20,cancel,1,x\n");
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, notices::add, notices::add))
            {
                final MarketInput input = new MarketInput();
                assertTrue(feed.next(input));
                final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
                assertEquals(address, ex.feed());
                assertEquals(2, ex.line());
                assertEquals(address + ":2: field 4 (order) \"x\" is not an integer", ex.getMessage());
            }
            sender.join();
        }
    }

    @Test
    void shouldRefuseALineTheConnectionEndedInTheMiddleOfRatherThanReadItsFirstPart() throws Exception
    {
        // the upstream closes after "30,add,2,7,sell,10250,5" of "...,50": read, it would be an add of 5, not 50
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = send(upstream, "10,cancel,1,1\n20,cancel,1,2\n30,add,2,7,sell,10250,5");
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, notices::add, notices::add))
            {
                final MarketInput input = new MarketInput();
                assertTrue(feed.next(input));
                assertTrue(feed.next(input));
                final FeedFormatException ex = assertThrows(FeedFormatException.class, () -> feed.next(input));
                assertEquals(address + ":3: the connection ended in the middle of the line, before its line end",
                    ex.getMessage());
                assertFalse(feed.next(input), "the feed ends there");
            }
            sender.join();
        }
    }

    @Test
    void shouldListenSayWhereAndReadTheOneUpstreamThatConnects() throws Exception
    {
        final List<String> read = new ArrayList<>();
        final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"), STOP,
            notices::add, notices::add);
        assertEquals(1, notices.size(), notices.toString());
        final int port = listeningPort();
        assertEquals("tcp-listen://127.0.0.1:" + port, feed.name(), "the port bound, which an upstream connects to");

        final Thread reader = new Thread(() ->
        {
            try (feed)
            {
                read.addAll(readAll(feed));
            }
        });
        reader.start();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            final OutputStream out = upstream.getOutputStream();
            out.write(LINES.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitNotices(2);
            assertTrue(notices.get(1).startsWith("upstream connected from 127.0.0.1:" + upstream.getLocalPort()),
                notices.toString());
            assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close(),
                "one upstream a run: the listening socket is closed once it connected");
            assertTrue(reader.isAlive(), "reading until the upstream closes");
        }
        reader.join(10_000);
        assertFalse(reader.isAlive());
        assertEquals(INPUTS, read);
    }

    /**
     * The listening socket is bound before the run starts and accepts at the feed's first read, so two upstreams
     * could both connect meanwhile: the second's connect succeeded, its lines went to a connection no one read and
     * the listening socket's close reset, and the run said nothing of it.
     */
    @Test
    void shouldTurnAwayAndNameAnUpstreamThatConnectedBeforeTheFirstWasTakenAsWell() throws Exception
    {
        final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"), STOP,
            notices::add, notices::add);
        final int port = listeningPort();
        try (Socket first = new Socket(InetAddress.getLoopbackAddress(), port);
            Socket second = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            second.getOutputStream().write("5,cancel,9,9\n".getBytes(StandardCharsets.US_ASCII));
            first.getOutputStream().write(LINES.getBytes(StandardCharsets.US_ASCII));
            first.shutdownOutput();
            try (feed)
            {
                assertEquals(INPUTS, readAll(feed), "the first upstream's lines alone");
            }
            assertEquals(3, notices.size(), notices.toString());
            assertTrue(notices.get(1).startsWith("upstream connected from 127.0.0.1:" + first.getLocalPort()),
                notices.toString());
            assertEquals("another upstream, from 127.0.0.1:" + second.getLocalPort() + ", connected as well and " +
                "was turned away, nothing of it read: one upstream a run", notices.get(2));
        }
    }

    @Test
    void shouldReleaseAFeedWaitingForItsUpstreamWhenItsThreadIsInterrupted() throws Exception
    {
        MarketFeedFileTest.assertReleasedByAnInterrupt(NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"),
            STOP, notices::add, notices::add));
    }

    @Test
    void shouldDeliverTheLinesBeforeAConnectionIsResetThenSayWhereItBroke() throws Exception
    {
        final CountDownLatch readTwo = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = new Thread(() ->
            {
                try (Socket connection = upstream.accept())
                {
                    connection.getOutputStream().write("10,cancel,1,1\n20,cancel,1,2\n30,can"
                        .getBytes(StandardCharsets.US_ASCII));
                    readTwo.await(30, TimeUnit.SECONDS);
                    connection.setSoLinger(true, 0); // close with a reset
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            });
            sender.start();
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, notices::add, notices::add))
            {
                final MarketInput input = new MarketInput();
                assertTrue(feed.next(input));
                assertTrue(feed.next(input));
                assertEquals(20, input.feedTime());
                readTwo.countDown();
                final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> feed.next(input));
                assertEquals(address + ": read failed after line 2: connection reset", ex.getMessage());
            }
            sender.join();
        }
    }

    @Test
    void shouldEndAFeedWhoseUpstreamSendsNothingForItsIdleTimeoutSayingWhereAndHowLong() throws Exception
    {
        // an upstream gone quiet without closing (a dead host, a dropped route) used to hold the read for ever
        final CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = sendThenHold(upstream, "10,cancel,1,1\n20,can", done);
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP,
                TimeUnit.MILLISECONDS.toNanos(300), notices::add, notices::add))
            {
                final MarketInput input = new MarketInput();
                assertTrue(feed.next(input));
                assertEquals(10, input.feedTime());
                final UncheckedIOException ex = assertThrows(UncheckedIOException.class, () -> feed.next(input));
                assertEquals(address + ": read failed after line 1: the upstream sent nothing for 300 ms " +
                    "(feed.idle_timeout)", ex.getMessage());
            }
            finally
            {
                done.countDown();
            }
            sender.join();
        }
    }

    @Test
    void shouldTimeAListeningFeedsReadsFromItsUpstreamsConnectionNotItsWaitForOne() throws Exception
    {
        final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"), STOP,
            TimeUnit.MILLISECONDS.toNanos(200), notices::add, notices::add);
        final int port = listeningPort();
        final Throwable[] thrown = new Throwable[1];
        final List<String> read = Collections.synchronizedList(new ArrayList<>());
        final Thread reader = new Thread(() ->
        {
            try (feed)
            {
                final MarketInput input = new MarketInput();
                while (feed.next(input))
                {
                    read.add(Long.toString(input.feedTime()));
                }
            }
            catch (final RuntimeException ex)
            {
                thrown[0] = ex;
            }
        });
        reader.start();
        Thread.sleep(600); // three timeouts' worth of waiting for the upstream: not timed
        assertTrue(reader.isAlive(), "still waiting for its upstream");
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            upstream.getOutputStream().write("10,cancel,1,1\n".getBytes(StandardCharsets.US_ASCII));
            reader.join(30_000); // then quiet, the connection open
        }

        assertFalse(reader.isAlive());
        assertEquals(List.of("10"), read);
        assertTrue(thrown[0] instanceof UncheckedIOException, String.valueOf(thrown[0]));
        assertEquals("tcp-listen://127.0.0.1:" + port + ": read failed after line 1: the upstream sent nothing for " +
            "200 ms (feed.idle_timeout)", thrown[0].getMessage());
    }

    @Test
    void shouldReleaseAFeedWaitingForItsIdleTimeoutWhenItsThreadIsInterrupted() throws Exception
    {
        final CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = sendThenHold(upstream, "", done);
            MarketFeedFileTest.assertReleasedByAnInterrupt(NetworkFeed.open(
                FeedAddress.parse("tcp://127.0.0.1:" + upstream.getLocalPort()), STOP, TimeUnit.SECONDS.toNanos(60),
                notices::add, notices::add));
            done.countDown();
            sender.join();
        }
    }

    @Test
    void shouldReadAFeedWithAnIdleTimeoutLineByLineAsOneWithoutUntilTheUpstreamCloses() throws Exception
    {
        // the second piece arrives only once the first line was read, so it is read in after the part of a line kept
        final CountDownLatch readOne = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = new Thread(() ->
            {
                try (Socket connection = upstream.accept(); OutputStream out = connection.getOutputStream())
                {
                    out.write("10,cancel,1,1\n20,canc".getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                    readOne.await(30, TimeUnit.SECONDS);
                    out.write("el,1,2\n30,add,2,7,sell,10250,5,3000\n".getBytes(StandardCharsets.US_ASCII));
                }
                catch (final IOException | InterruptedException ex)
                {
                    throw new AssertionError(ex);
                }
            });
            sender.start();
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, TimeUnit.SECONDS.toNanos(60),
                notices::add, notices::add))
            {
                final MarketInput input = new MarketInput();
                assertTrue(feed.next(input));
                assertEquals(10, input.feedTime());
                readOne.countDown();
                assertEquals(INPUTS.subList(1, 3), readAll(feed), "the line cut across the two reads is whole");
                assertEquals(3, feed.lines());
            }
            sender.join();
        }
    }

    /**
     * The idle timeout is taken in whole milliseconds, rounded up (1 ns waits 1 ms), and named in seconds when it is a
     * whole number of them.
     */
    @Test
    void shouldNameAnIdleTimeoutInMillisecondsRoundedUpOrInWholeSeconds() throws Exception
    {
        assertEquals("the upstream sent nothing for 1 ms (feed.idle_timeout)", quietUpstream(1));
        assertEquals("the upstream sent nothing for 2 ms (feed.idle_timeout)", quietUpstream(1_000_001));
        assertEquals("the upstream sent nothing for 1 s (feed.idle_timeout)", quietUpstream(1_000_000_000));
    }

    /** The problem a feed with the idle timeout reports when its upstream connects and sends nothing. */
    private String quietUpstream(final long idleTimeoutNanos) throws Exception
    {
        final CountDownLatch done = new CountDownLatch(1);
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final Thread sender = sendThenHold(upstream, "", done);
            final String address = "tcp://127.0.0.1:" + upstream.getLocalPort();
            try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse(address), STOP, idleTimeoutNanos,
                notices::add, notices::add))
            {
                final UncheckedIOException ex = assertThrows(UncheckedIOException.class,
                    () -> feed.next(new MarketInput()));
                final String prefix = address + ": read failed after line 0: ";
                assertTrue(ex.getMessage().startsWith(prefix), ex.getMessage());
                return ex.getMessage().substring(prefix.length());
            }
            finally
            {
                done.countDown();
                sender.join();
            }
        }
    }

    @Test
    void shouldCloseTheConnectionToItsUpstreamWhenAFeedWithAnIdleTimeoutIsClosed() throws Exception
    {
        try (ServerSocket upstream = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp://127.0.0.1:" +
                upstream.getLocalPort()), STOP, TimeUnit.SECONDS.toNanos(60), notices::add, notices::add);
            try (Socket connection = upstream.accept())
            {
                connection.getOutputStream().write("10,cancel,1,1\n".getBytes(StandardCharsets.US_ASCII));
                assertTrue(feed.next(new MarketInput()));
                feed.close();
                assertEquals(-1, readAfterClose(connection), "the feed's end of the connection is closed");
            }
        }
    }

    @Test
    void shouldCloseAListeningFeedsConnectionWhenClosed() throws Exception
    {
        final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"), STOP,
            TimeUnit.SECONDS.toNanos(60), notices::add, notices::add);
        final int port = listeningPort();
        try (Socket upstream = new Socket(InetAddress.getLoopbackAddress(), port))
        {
            upstream.getOutputStream().write("10,cancel,1,1\n".getBytes(StandardCharsets.US_ASCII));
            assertTrue(feed.next(new MarketInput()));
            assertEquals(List.of("listening on 127.0.0.1:" + port + " for the upstream's connection",
                "upstream connected from 127.0.0.1:" + upstream.getLocalPort()), notices);
            feed.close();
            assertEquals(-1, readAfterClose(upstream), "the feed's end of the connection is closed");
        }
    }

    @Test
    void shouldStopListeningWhenAFeedNoUpstreamConnectedToIsClosed() throws Exception
    {
        final MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://127.0.0.1:0"), STOP,
            notices::add, notices::add);
        final int port = listeningPort();
        feed.close();
        assertThrows(ConnectException.class, () -> new Socket(InetAddress.getLoopbackAddress(), port).close());
        assertEquals(1, notices.size(), notices.toString());
    }

    /**
     * A feed asked to listen on 0.0.0.0, which the JDK binds as IPv6's every interface, said it listened on
     * [0:0:0:0:0:0:0:0]:PORT: it says 0.0.0.0:PORT, as asked, and the feed is named so.
     */
    @Test
    void shouldSayAFeedListeningOnEveryInterfaceListensWhereItWasAsked() throws Exception
    {
        try (MarketFeedFile feed = NetworkFeed.open(FeedAddress.parse("tcp-listen://0.0.0.0:0"), STOP,
            notices::add, notices::add))
        {
            final Matcher listening = Pattern.compile("listening on 0\\.0\\.0\\.0:(\\d+) for the upstream's " +
                "connection").matcher(notices.get(0));
            assertTrue(listening.matches(), notices.get(0));
            assertEquals("tcp-listen://0.0.0.0:" + listening.group(1), feed.name());
        }
    }

    /** The port the first notice says the feed listens on. */
    private int listeningPort()
    {
        final Matcher listening = LISTENING.matcher(notices.get(0));
        assertTrue(listening.find(), notices.get(0));
        return Integer.parseInt(listening.group(1));
    }

    /** A read of the connection's other end, which sees its end: -1 once closed (a safety timeout of 30 s). */
    private static int readAfterClose(final Socket connection) throws IOException
    {
        connection.setSoTimeout(30_000);
        return connection.getInputStream().read();
    }

    /** Send the text to the one connection the socket accepts, then keep the connection open, quiet, until done. */
    private static Thread sendThenHold(final ServerSocket upstream, final String text, final CountDownLatch done)
    {
        final Thread sender = new Thread(() ->
        {
            try (Socket connection = upstream.accept())
            {
                connection.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
                done.await(60, TimeUnit.SECONDS);
            }
            catch (final IOException | InterruptedException ex)
            {
                throw new AssertionError(ex);
            }
        });
        sender.start();
        return sender;
    }

    private static Thread send(final ServerSocket upstream, final String text)
    {
        final Thread sender = new Thread(() ->
        {
            try (Socket connection = upstream.accept(); OutputStream out = connection.getOutputStream())
            {
                out.write(text.getBytes(StandardCharsets.US_ASCII));
            }
            catch (final IOException ex)
            {
                throw new AssertionError(ex);
            }
        });
        sender.start();
        return sender;
    }

    private void awaitNotices(final int count) throws InterruptedException
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (notices.size() < count && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        assertEquals(count, notices.size(), notices.toString());
    }

    private static List<String> readAll(final MarketFeedFile feed)
    {
        final List<String> inputs = new ArrayList<>();
        final MarketInput input = new MarketInput();
        while (feed.next(input))
        {
            inputs.add(input.feedTime() + " " + input.type() + " " + input.target() + " " + input.a0() + " " +
                input.a1() + " " + input.a2() + " " + input.a3());
        }
        return inputs;
    }
}
