package io.concurrengine.tools.feed;

import io.concurrengine.tools.HostPort;
import io.concurrengine.tools.PrintableText;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A market feed read from a TCP connection, line by line as in a feed file ({@link MarketFeedFile}): the connection's
 * end (the upstream closing it, or shutting down its output) ends the feed. Either end may open the connection:
 * <ul>
 *   <li>{@code tcp://HOST:PORT} connects to an upstream at once, when the feed is opened, so a refused or unreachable
 *   upstream is an {@link IOException} before anything runs (the connection attempt gives up after
 *   {@value #CONNECT_TIMEOUT_SECONDS} s);</li>
 *   <li>{@code tcp-listen://HOST:PORT} binds the address at once (an address in use is an {@link IOException}), says
 *   where it listens, and takes one upstream's connection at the first read, on the thread that reads the feed: a
 *   stop that interrupts that thread releases the wait. The listening socket is closed once the upstream is
 *   connected, so a second upstream is refused; one that connected while the first waited to be taken is closed
 *   unread and named.</li>
 * </ul>
 * A connection that breaks (reset, say) is an {@link java.io.UncheckedIOException} from {@link MarketFeedFile#next},
 * as a read error of a file is: the inputs before it have been delivered. A connection that ends in the middle of a
 * line, before its line end, makes that line malformed ({@link FeedFormatException}) instead of handing on its
 * first part. An upstream that goes quiet without closing (a host gone, a route dropped) is waited for, unless the feed
 * has an idle timeout: a read that waits that long for the upstream's next bytes is then an
 * {@link java.io.UncheckedIOException} naming the address and how long it was quiet. Only the connection's reads are
 * timed: the wait of a {@code tcp-listen://} feed for its upstream to connect is not, nor the time the feed's reader
 * spends between reads (a paced feed waiting for an input's time, a full ring).
 */
public final class NetworkFeed
{
    /** How long a connection to an upstream is tried before the feed is refused. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    /** The longest idle timeout, ms: a socket's read timeout is an {@code int} of milliseconds. */
    public static final int MAX_IDLE_TIMEOUT_MILLIS = Integer.MAX_VALUE;

    /** {@link #MAX_IDLE_TIMEOUT_MILLIS} as a person writes it, in the messages that give the range. */
    public static final String MAX_IDLE_TIMEOUT_TEXT = MAX_IDLE_TIMEOUT_MILLIS + "ms (about 596.5h)";

    private NetworkFeed()
    {
    }

    /**
     * A feed without an idle timeout: {@link #open(FeedAddress, MarketFeedFile.OnError, long, Consumer, Consumer)}
     * with 0.
     *
     * @param address where the feed comes from.
     * @param onError what a malformed line does.
     * @param report  receives one line per reported malformed line under {@link MarketFeedFile.OnError#SKIP}.
     * @param notice  receives a line when the feed listens, and when its upstream connects.
     * @return the feed, named by its address in every message.
     * @throws IOException if the upstream cannot be connected to, or the address cannot be listened on.
     */
    public static MarketFeedFile open(
        final FeedAddress address,
        final MarketFeedFile.OnError onError,
        final Consumer<String> report,
        final Consumer<String> notice) throws IOException
    {
        return open(address, onError, 0, report, notice);
    }

    /**
     * @param address          where the feed comes from.
     * @param onError          what a malformed line does.
     * @param idleTimeoutNanos how long a read may wait for the upstream's next bytes before the feed ends with an
     *                         {@link java.io.UncheckedIOException}, ns, taken in whole milliseconds (rounded up, at
     *                         most {@link #MAX_IDLE_TIMEOUT_MILLIS}: a longer one is cut to it, which the configuration
     *                         refuses); 0 to wait for ever.
     * @param report           receives one line per reported malformed line under {@link MarketFeedFile.OnError#SKIP}.
     * @param notice           receives a line when the feed listens, and when its upstream connects.
     * @return the feed, named by its address in every message (a {@code tcp-listen://} address of port 0 by the port
     * it bound).
     * @throws IOException if the upstream cannot be connected to, or the address cannot be listened on.
     */
    public static MarketFeedFile open(
        final FeedAddress address,
        final MarketFeedFile.OnError onError,
        final long idleTimeoutNanos,
        final Consumer<String> report,
        final Consumer<String> notice) throws IOException
    {
        if (idleTimeoutNanos < 0)
        {
            throw new IllegalArgumentException("idleTimeoutNanos=" + idleTimeoutNanos);
        }
        final int idleTimeoutMillis =
            (int)Math.min(MAX_IDLE_TIMEOUT_MILLIS, (idleTimeoutNanos + 999_999) / TimeUnit.MILLISECONDS.toNanos(1));
        final ReadableByteChannel channel;
        final FeedAddress name;
        if (address.listens())
        {
            final ServerSocketChannel server = listen(address);
            final InetSocketAddress local = (InetSocketAddress)server.getLocalAddress();
            notice.accept("listening on " + describeListening(address, local) + " for the upstream's connection");
            channel = new AcceptingChannel(server, notice, idleTimeoutMillis);
            name = address.bound(local.getPort());
        }
        else
        {
            channel = reader(connect(address), idleTimeoutMillis);
            name = address;
        }
        return MarketFeedFile.ofConnection(name.toString(), channel, onError, report);
    }

    /**
     * @return reads of the connection, each given up after {@code idleTimeoutMillis} without a byte; the connection
     * itself when that is 0.
     */
    private static ReadableByteChannel reader(final SocketChannel connection, final int idleTimeoutMillis)
        throws IOException
    {
        if (0 == idleTimeoutMillis)
        {
            return connection;
        }
        try
        {
            return new IdleTimedChannel(connection, idleTimeoutMillis);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(connection, ex);
            throw ex;
        }
    }

    /**
     * @param address a {@code tcp://} address.
     * @return a blocking channel connected to it.
     * @throws IOException if the host is unknown, the connection is refused or not made within
     *                     {@value #CONNECT_TIMEOUT_SECONDS} s, or the calling thread is interrupted while it waits
     *                     (the attempt ends at once).
     */
    public static SocketChannel connect(final FeedAddress address) throws IOException
    {
        final SocketChannel channel = SocketChannel.open();
        try
        {
            channel.socket().connect(resolve(address), (int)TimeUnit.SECONDS.toMillis(CONNECT_TIMEOUT_SECONDS));
            return channel;
        }
        catch (final SocketTimeoutException ex)
        {
            closeQuietly(channel, ex);
            throw new IOException("no connection to " + address + " within " +
                CONNECT_TIMEOUT_SECONDS + " s", ex);
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(channel, ex);
            throw ex;
        }
    }

    /**
     * @param address a {@code tcp-listen://} address.
     * @return a blocking server channel bound to it, with a backlog of one connection.
     * @throws IOException if the host is unknown or the address cannot be bound (in use, say).
     */
    public static ServerSocketChannel listen(final FeedAddress address) throws IOException
    {
        final ServerSocketChannel server = ServerSocketChannel.open();
        try
        {
            server.bind(resolve(address), 1);
            return server;
        }
        catch (final IOException | RuntimeException ex)
        {
            closeQuietly(server, ex);
            throw ex;
        }
    }

    /**
     * Resolve the address's host name, as {@link #connect} and {@link #listen} do before they connect or bind: a run
     * checks it with its start-up checks, long before it opens its feed.
     *
     * @param address a network feed's address.
     * @return its socket address, resolved.
     * @throws IOException if the host is unknown, or it is a link-local IPv6 address without a zone.
     */
    public static InetSocketAddress resolve(final FeedAddress address) throws IOException
    {
        final InetSocketAddress socketAddress = address.resolve();
        if (socketAddress.isUnresolved())
        {
            throw new IOException(HostPort.unresolved(address.host()));
        }
        HostPort.checkZone(socketAddress);
        return socketAddress;
    }

    /**
     * @param address a socket address.
     * @return {@code HOST:PORT}, an IPv6 host in brackets in its short form ({@link HostPort#describe}).
     */
    public static String describe(final InetSocketAddress address)
    {
        return HostPort.describe(address);
    }

    /**
     * @param address a {@code tcp-listen://} address.
     * @param local   where a socket {@link #listen listening} on it bound.
     * @return {@code HOST:PORT} it listens on, as {@link #describe} writes it, with the port it took; where it was
     * asked to listen on {@code 0.0.0.0}, which the JDK binds as {@code ::}, {@code 0.0.0.0}
     * ({@link HostPort#listening}).
     */
    public static String describeListening(final FeedAddress address, final InetSocketAddress local)
    {
        if (!local.getAddress().isAnyLocalAddress())
        {
            return describe(local);
        }
        final InetSocketAddress asked = address.resolve();
        return describe(asked.isUnresolved() ? local : HostPort.listening(asked.getAddress(), local));
    }

    /**
     * A connection read through its socket's stream, whose reads give up after the socket's timeout (a
     * {@link SocketChannel}'s own reads have none), into the array of the caller's heap buffer, as the channel's would
     * copy into it. An interrupt of the reading thread closes the connection and releases the read, as it does a
     * channel's. Closing it closes the connection.
     */
    private static final class IdleTimedChannel implements ReadableByteChannel
    {
        private final SocketChannel connection;
        private final InputStream in;
        private final String quiet;

        IdleTimedChannel(final SocketChannel connection, final int idleTimeoutMillis) throws IOException
        {
            this.connection = connection;
            connection.socket().setSoTimeout(idleTimeoutMillis);
            this.in = connection.socket().getInputStream();
            this.quiet = "the upstream sent nothing for " + (0 == idleTimeoutMillis % 1000 ?
                idleTimeoutMillis / 1000 + " s" : idleTimeoutMillis + " ms") + " (feed.idle_timeout)";
        }

        @Override
        public int read(final ByteBuffer into) throws IOException
        {
            final int read;
            try
            {
                read = in.read(into.array(), into.arrayOffset() + into.position(), into.remaining());
            }
            catch (final SocketTimeoutException ex)
            {
                throw new SocketTimeoutException(quiet);
            }
            if (read > 0)
            {
                into.position(into.position() + read);
            }
            return read;
        }

        @Override
        public boolean isOpen()
        {
            return connection.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            connection.close();
        }
    }

    private static void closeQuietly(final java.io.Closeable closeable, final Exception failure)
    {
        try
        {
            closeable.close();
        }
        catch (final IOException suppressed)
        {
            failure.addSuppressed(suppressed);
        }
    }

    /**
     * Reads the one connection its server socket accepts at the first read, with the feed's idle timeout; closing it
     * closes both.
     */
    private static final class AcceptingChannel implements ReadableByteChannel
    {
        /** Connections waiting beside the first that are turned away by name; the close resets any beyond. */
        private static final int MAX_TURNED_AWAY = 64;

        private final ServerSocketChannel server;
        private final Consumer<String> notice;
        private final int idleTimeoutMillis;
        private volatile SocketChannel connection;
        private ReadableByteChannel reader;

        AcceptingChannel(final ServerSocketChannel server, final Consumer<String> notice, final int idleTimeoutMillis)
        {
            this.server = server;
            this.notice = notice;
            this.idleTimeoutMillis = idleTimeoutMillis;
        }

        @Override
        public int read(final ByteBuffer into) throws IOException
        {
            if (null == reader)
            {
                connection = server.accept(); // an interrupt closes the server socket and throws
                final String connected = "upstream connected from " +
                    describe((InetSocketAddress)connection.getRemoteAddress());
                final List<String> turnedAway = turnAwayQueued();
                server.close(); // one upstream a run: closed before it is said, so a later connect is refused
                notice.accept(connected);
                turnedAway.forEach(notice);
                reader = reader(connection, idleTimeoutMillis);
            }
            return reader.read(into);
        }

        /**
         * Close the connections of upstreams that connected while the first waited to be taken (the socket listens
         * from before the run starts): their connect succeeded, and closing the listening socket would reset them with
         * nothing said. At most {@value #MAX_TURNED_AWAY}, so that a host connecting again and again cannot hold the
         * feed here; what arrives after them, before the close, is reset so.
         *
         * @return a notice naming each connection turned away.
         */
        private List<String> turnAwayQueued()
        {
            final List<String> notices = new ArrayList<>();
            try
            {
                server.configureBlocking(false);
                for (SocketChannel other = server.accept(); null != other; other = server.accept())
                {
                    try (SocketChannel turnedAway = other)
                    {
                        notices.add("another upstream, from " +
                            describe((InetSocketAddress)turnedAway.getRemoteAddress()) +
                            ", connected as well and was turned away, nothing of it read: one upstream a run");
                    }
                    if (MAX_TURNED_AWAY == notices.size())
                    {
                        break;
                    }
                }
            }
            catch (final IOException ex)
            {
                // not the feed's failure: closing the listening socket resets what is left, unnamed, as before
            }
            return notices;
        }

        @Override
        public boolean isOpen()
        {
            return null == connection ? server.isOpen() : connection.isOpen();
        }

        @Override
        public void close() throws IOException
        {
            try
            {
                server.close();
            }
            finally
            {
                if (null != connection)
                {
                    connection.close();
                }
            }
        }
    }
}
