package io.concurrengine.tools;

import java.io.IOException;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

/**
 * A host and port read from an address such as {@code tcp://HOST:PORT}: the one reading of network addresses that
 * network feeds and the Prometheus endpoint share. An IPv6 host is written in brackets and kept without them. It
 * also writes the socket addresses those say they listen on or are connected to, as a person writes them.
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

    /**
     * @param host a host that {@link #resolve()} left unresolved.
     * @return why: {@code unknown host HOST} for a name; for an IPv6 address, which needs no lookup, what is wrong
     * with its zone ({@code %eth0}): an interface this machine does not have, or one with no address of its scope.
     */
    public static String unresolved(final String host)
    {
        final int zone = host.indexOf('%');
        if (host.indexOf(':') >= 0 && zone >= 0)
        {
            try
            {
                InetAddress.getByName(host);
            }
            catch (final UnknownHostException ex)
            {
                final String reason = String.valueOf(ex.getMessage());
                return "IPv6 address " + host + " cannot be used: " + (reason.startsWith("no such interface") ?
                    "its zone names no interface of this machine" :
                    "interface " + host.substring(zone + 1) + " has no address of its scope") + " (" + reason + ")";
            }
        }
        return "unknown host " + host;
    }

    /**
     * @param address a resolved socket address.
     * @throws IOException if it is a link-local IPv6 address without a zone, which the kernel refuses to bind or
     *                     connect to with only "invalid argument".
     */
    public static void checkZone(final InetSocketAddress address) throws IOException
    {
        if (address.getAddress() instanceof Inet6Address && address.getAddress().isLinkLocalAddress() &&
            null == ((Inet6Address)address.getAddress()).getScopedInterface() &&
            0 == ((Inet6Address)address.getAddress()).getScopeId())
        {
            throw new IOException(describe(address) + " is a link-local address: it needs a zone naming the " +
                "interface, e.g. [fe80::1%eth0]:" + address.getPort());
        }
    }

    /**
     * @param address a resolved socket address.
     * @return {@code HOST:PORT} as a person writes it: an IPv4 host as it is, an IPv6 host in brackets in its short
     * form ({@code [::1]:9000}, not the JDK's {@code [0:0:0:0:0:0:0:1]:9000}).
     */
    public static String describe(final InetSocketAddress address)
    {
        final InetAddress host = address.getAddress();
        return (host instanceof Inet6Address ? "[" + shortForm((Inet6Address)host) + "]" : host.getHostAddress()) +
            ":" + address.getPort();
    }

    /**
     * @param asked the address a socket was asked to bind.
     * @param bound where it bound.
     * @return {@code bound}, or for a socket asked to listen on IPv4's every interface ({@code 0.0.0.0}), which the
     * JDK binds as IPv6's ({@code ::}, IPv4's interfaces among them), the address as asked with the port it took.
     */
    public static InetSocketAddress listening(final InetAddress asked, final InetSocketAddress bound)
    {
        return asked.isAnyLocalAddress() && bound.getAddress().isAnyLocalAddress() ?
            new InetSocketAddress(asked, bound.getPort()) : bound;
    }

    /**
     * @param address an IPv6 address.
     * @return its text as RFC 5952 writes it: groups in lower-case hex without leading zeros, the longest run of two
     * or more zero groups (the first of equal runs) as {@code ::}, and the JDK's scope ({@code %eth0}) kept.
     */
    static String shortForm(final Inet6Address address)
    {
        final byte[] bytes = address.getAddress();
        final int[] groups = new int[bytes.length / 2];
        for (int i = 0; i < groups.length; i++)
        {
            groups[i] = (bytes[2 * i] & 0xFF) << 8 | bytes[2 * i + 1] & 0xFF;
        }
        int zerosStart = -1;
        int zeros = 1;
        for (int i = 0; i < groups.length; i++)
        {
            int end = i;
            while (end < groups.length && 0 == groups[end])
            {
                end++;
            }
            if (end - i > zeros)
            {
                zerosStart = i;
                zeros = end - i;
            }
            i = Math.max(i, end);
        }
        final StringBuilder text = new StringBuilder(41);
        for (int i = 0; i < groups.length; i++)
        {
            if (i == zerosStart)
            {
                text.append("::");
                i += zeros - 1;
            }
            else
            {
                if (text.length() > 0 && ':' != text.charAt(text.length() - 1))
                {
                    text.append(':');
                }
                text.append(Integer.toHexString(groups[i]));
            }
        }
        final String jdk = address.getHostAddress();
        final int scope = jdk.indexOf('%');
        return scope < 0 ? text.toString() : text + jdk.substring(scope);
    }
}
