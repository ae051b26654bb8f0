package io.concurrengine.tools.feed;

import io.concurrengine.tools.HostPort;
import io.concurrengine.tools.PrintableText;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.regex.Pattern;

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

    /** A URI's scheme followed by "://": an address, of a scheme a feed may not take, rather than a path. */
    private static final Pattern ANY_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*://.*", Pattern.DOTALL);

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
     * @return true if it names a network feed (it starts with {@code tcp:} or {@code tcp-listen:}, in any case) or
     * another scheme's address ({@code udp://...}, {@code http://...}), which {@link #parse} then reads or refuses,
     * rather than take it for a path of a directory named {@code udp:}.
     */
    public static boolean isNetwork(final String feed)
    {
        final String text = feed.trim();
        final String lower = text.toLowerCase(Locale.ROOT);
        return lower.startsWith(CONNECT_SCHEME + ":") || lower.startsWith(LISTEN_SCHEME + ":") ||
            ANY_SCHEME.matcher(text).matches();
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
            throw invalid(text, where(text, ex) + "; write " + scheme + "://HOST:PORT, e.g. " + scheme +
                "://127.0.0.1:9000");
        }
        final String scheme = null == uri.getScheme() ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        final boolean listen = LISTEN_SCHEME.equals(scheme);
        if (!listen && !CONNECT_SCHEME.equals(scheme))
        {
            throw invalid(text, (scheme.isEmpty() ? "" : "a feed does not take the scheme " + uri.getScheme() + ": ") +
                "the scheme is " + CONNECT_SCHEME + " (an upstream to connect to) or " + LISTEN_SCHEME +
                " (an address to listen on)");
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

    /**
     * @param text the address.
     * @param ex   the URI parser's refusal of it.
     * @return its reason and index; for an illegal character, the index of the first one and which it is, as JDK 17
     * gives the index of the part it is in ({@code tcp://127.0.0.1: 9000}: 6, the authority's start, not 16).
     */
    private static String where(final String text, final URISyntaxException ex)
    {
        if (ex.getReason().startsWith("Illegal character"))
        {
            for (int i = 0; i < text.length(); i++)
            {
                final char c = text.charAt(i);
                if (c < 0x80 ? c <= ' ' || c == 0x7f || "\"<>\\^`{|}".indexOf(c) >= 0 :
                    Character.isISOControl(c) || Character.isSpaceChar(c))
                {
                    return ex.getReason() + " at index " + i + " (" + (' ' == c ? "a space" :
                        String.format(Locale.ROOT, "U+%04X", (int)c)) + ")";
                }
            }
        }
        return ex.getReason() + " at index " + ex.getIndex();
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
