package io.concurrengine.tools;

import java.net.InetSocketAddress;
import java.net.URI;

/**
 * A host and port read from an address such as {@code tcp://HOST:PORT}: the one reading of network addresses that
 * network feeds and the Prometheus endpoint share. An IPv6 host is written in brackets and kept without them.
 *
 * @param host the host: a name, an IPv4 address, or an IPv6 address without brackets.
 * @param port the port.
 */
public record HostPort(String host, int port)
{
    /** The highest port. */
    public static final int MAX_PORT = 0xFFFF;

    /**
     * @param uri        a parsed address whose authority is {@code HOST:PORT}.
     * @param lowestPort the lowest port allowed: 0 where it means any free port, else 1.
     * @return its host and port.
     * @throws IllegalArgumentException saying what is wrong: no host (or a port that is not a number), no port, a port
     *                                  out of range, a user, path, query or fragment.
     */
    public static HostPort of(final URI uri, final int lowestPort)
    {
        if (uri.isOpaque() || null == uri.getHost())
        {
            throw new IllegalArgumentException("no host (or a port that is not a number)");
        }
        if (null != uri.getRawUserInfo() || null != uri.getRawQuery() || null != uri.getRawFragment() ||
            !(null == uri.getRawPath() || uri.getRawPath().isEmpty()))
        {
            throw new IllegalArgumentException("only HOST:PORT is read: no user, path, query or fragment");
        }
        final int port = uri.getPort();
        if (port < lowestPort || port > MAX_PORT)
        {
            throw new IllegalArgumentException(-1 == port ? "no port" :
                "port " + port + " is outside " + lowestPort + ".." + MAX_PORT);
        }
        final String host = uri.getHost();
        return new HostPort(host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host,
            port);
    }

    /**
     * @return the socket address, its host name looked up now (unresolved if the lookup failed).
     */
    public InetSocketAddress resolve()
    {
        return new InetSocketAddress(host, port);
    }
}
