package io.concurrengine.tools.feed;

import io.concurrengine.tools.PrintableText;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
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
 *   connected, so a second upstream is refused.</li>
 * </ul>
 * A connection that breaks (reset, say) is an {@link java.io.UncheckedIOException} from {@link MarketFeedFile#next},
 * as a read error of a file is: the inputs before it have been delivered. A connection that ends in the middle of a
 * line, before its line end, makes that line malformed ({@link FeedFormatException}) instead of handing on its
 * first part.
 */
public final class NetworkFeed
{
    /** How long a connection to an upstream is tried before the feed is refused. */
    public static final int CONNECT_TIMEOUT_SECONDS = 10;

    private NetworkFeed()
    {
    }

    /**
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
        final ReadableByteChannel channel;
        if (address.listens())
        {
            final ServerSocketChannel server = listen(address);
            notice.accept("listening on " + describe((InetSocketAddress)server.getLocalAddress()) +
                " for the upstream's connection");
            channel = new AcceptingChannel(server, notice);
        }
        else
        {
            channel = connect(address);
        }
        return MarketFeedFile.ofConnection(address.toString(), channel, onError, report);
    }

    /**
     * @param address a {@code tcp://} address.
     * @return a blocking channel connected to it.
     * @throws IOException if the host is unknown, the connection is refused or not made within
     *                     {@value #CONNECT_TIMEOUT_SECONDS} s.
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
            throw new IOException("no connection to " + PrintableText.escape(address) + " within " +
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

    private static InetSocketAddress resolve(final FeedAddress address) throws IOException
    {
        final InetSocketAddress socketAddress = address.resolve();
        if (socketAddress.isUnresolved())
        {
            throw new IOException("unknown host " + PrintableText.escape(address.host()));
        }
        return socketAddress;
    }

    /**
     * @param address a socket address.
     * @return {@code HOST:PORT}, an IPv6 host in brackets.
     */
    public static String describe(final InetSocketAddress address)
    {
        final String host = address.getAddress().getHostAddress();
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + address.getPort();
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
     * Reads the one connection its server socket accepts at the first read; closing it closes both.
     */
    private static final class AcceptingChannel implements ReadableByteChannel
    {
        private final ServerSocketChannel server;
        private final Consumer<String> notice;
        private volatile SocketChannel connection;

        AcceptingChannel(final ServerSocketChannel server, final Consumer<String> notice)
        {
            this.server = server;
            this.notice = notice;
        }

        @Override
        public int read(final ByteBuffer into) throws IOException
        {
            if (null == connection)
            {
                connection = server.accept(); // an interrupt closes the server socket and throws
                server.close(); // one upstream a run
                notice.accept("upstream connected from " +
                    describe((InetSocketAddress)connection.getRemoteAddress()));
            }
            return connection.read(into);
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
