package io.concurrengine.tools.feed;

import io.concurrengine.tools.HostPort;
import io.concurrengine.tools.PrintableText;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Where a network feed comes from: {@code tcp://HOST:PORT}, an upstream to connect to, or
 * {@code tcp-listen://HOST:PORT}, a local address to listen on for one upstream's connection (port 0: any free port).
 * The host is a name, an IPv4 address or a bracketed IPv6 address ({@code tcp://[::1]:9000}); it is required, so that
 * a listening run is open to other machines only when its address says so ({@code tcp-listen://0.0.0.0:9000}).
 * Immutable.
 */
public final class FeedAddress
{
    /** Scheme of an upstream to connect to. */
    public static final String CONNECT_SCHEME = "tcp";

    /** Scheme of a local address to listen on. */
    public static final String LISTEN_SCHEME = "tcp-listen";

    private final String text;
    private final boolean listen;
    private final HostPort address;

    private FeedAddress(final String text, final boolean listen, final HostPort address)
    {
        this.text = text;
        this.listen = listen;
        this.address = address;
    }

    /**
     * @param feed a feed setting: a path, {@code -}, or a network address.
     * @return true if it names a network feed (it starts with {@code tcp:} or {@code tcp-listen:}, in any case), which
     * {@link #parse} then reads or refuses.
     */
    public static boolean isNetwork(final String feed)
    {
        final String lower = feed.trim().toLowerCase(Locale.ROOT);
        return lower.startsWith(CONNECT_SCHEME + ":") || lower.startsWith(LISTEN_SCHEME + ":");
    }

    /**
     * @param feed {@code tcp://HOST:PORT} or {@code tcp-listen://HOST:PORT}.
     * @return the address.
     * @throws IllegalArgumentException saying what is wrong: another scheme, no host, no port or one beyond
     *                                  65535 (or 0 for an upstream), a path, query, fragment or user part.
     */
    public static FeedAddress parse(final String feed)
    {
        final String text = feed.trim();
        final URI uri;
        try
        {
            uri = new URI(text);
        }
        catch (final URISyntaxException ex)
        {
            final String scheme =
                text.toLowerCase(Locale.ROOT).startsWith(LISTEN_SCHEME) ? LISTEN_SCHEME : CONNECT_SCHEME;
            throw invalid(text, ex.getReason() + " at index " + ex.getIndex() + "; write " + scheme + "://HOST:PORT, " +
                "e.g. " + scheme + "://127.0.0.1:9000");
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        final boolean listen = LISTEN_SCHEME.equals(scheme);
        if (!listen && !CONNECT_SCHEME.equals(scheme))
        {
            throw invalid(text, "the scheme is " + CONNECT_SCHEME + " (an upstream to connect to) or " +
                LISTEN_SCHEME + " (an address to listen on)");
        }
        final HostPort address;
        try
        {
            address = HostPort.of(uri, listen ? 0 : 1);
        }
        catch (final IllegalArgumentException ex)
        {
            throw invalid(text, null == uri.getHost() ? ex.getMessage() + "; write " + scheme + "://HOST:PORT, e.g. " +
                scheme + "://127.0.0.1:9000" : ex.getMessage());
        }
        return new FeedAddress(text, listen, address);
    }

    private static IllegalArgumentException invalid(final String text, final String problem)
    {
        return new IllegalArgumentException(
            "\"" + text + "\" is not a network feed address: " + problem);
    }

    /**
     * @return true for {@code tcp-listen://}: wait for an upstream to connect.
     */
    public boolean listens()
    {
        return listen;
    }

    /**
     * @return the host, without an IPv6 literal's brackets.
     */
    public String host()
    {
        return address.host();
    }

    /**
     * @return the port; 0 for any free port when listening.
     */
    public int port()
    {
        return address.port();
    }

    /**
     * @param port the port a listening socket bound for this address.
     * @return this address, or when it asked for any free port (0), the same address naming {@code port} instead,
     * so that the messages about the feed name the port an upstream must connect to.
     */
    public FeedAddress bound(final int port)
    {
        if (0 != address.port() || 0 == port)
        {
            return this;
        }
        final String host = address.host().indexOf(':') >= 0 ? "[" + address.host() + "]" : address.host();
        return new FeedAddress(LISTEN_SCHEME + "://" + host + ":" + port, listen, new HostPort(address.host(), port));
    }

    /**
     * @return the socket address, its host name looked up now.
     */
    public InetSocketAddress resolve()
    {
        return address.resolve();
    }

    /**
     * @return the address as it was written, trimmed.
     */
    @Override
    public String toString()
    {
        return text;
    }
}
