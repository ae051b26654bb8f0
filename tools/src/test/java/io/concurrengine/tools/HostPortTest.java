package io.concurrengine.tools;

import org.junit.jupiter.api.Test;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The addresses the commands say they listen on or are connected to were the JDK's long form of IPv6,
 * {@code [0:0:0:0:0:0:0:1]:9000} for {@code [::1]:9000}, and a listener asked for {@code 0.0.0.0} said
 * {@code [0:0:0:0:0:0:0:0]}, the IPv6 wildcard the JDK binds in its place.
 */
class HostPortTest
{
    @Test
    void shouldWriteAnIpv6AddressInItsShortForm() throws UnknownHostException
    {
        assertShort("::1", "0:0:0:0:0:0:0:1");
        assertShort("::", "0:0:0:0:0:0:0:0");
        assertShort("1::", "1:0:0:0:0:0:0:0");
        assertShort("2001:db8::1", "2001:DB8:0:0:0:0:0:1");
        assertShort("2001:db8:0:1:1:1:1:1", "2001:db8:0:1:1:1:1:1"); // one zero group is not shortened
        assertShort("2001:db8::1:0:0:1", "2001:db8:0:0:1:0:0:1"); // the first of equal runs
        assertShort("2001:0:0:1::1", "2001:0:0:1:0:0:0:1"); // the longest run
        assertShort("fe80::1:2", "fe80:0000:0000:0000:0000:0000:0001:0002");
        assertShort("1:2:3:4:5:6:7:8", "1:2:3:4:5:6:7:8");
        assertShort("fe80::1%7", "fe80::1%7");
    }

    @Test
    void shouldDescribeASocketAddressAsAPersonWritesIt() throws UnknownHostException
    {
        assertEquals("[::1]:9000", HostPort.describe(new InetSocketAddress(InetAddress.getByName("::1"), 9000)));
        assertEquals("[2001:db8::1]:80",
            HostPort.describe(new InetSocketAddress(InetAddress.getByName("2001:db8:0:0:0:0:0:1"), 80)));
        assertEquals("127.0.0.1:9000", HostPort.describe(new InetSocketAddress("127.0.0.1", 9000)));
        assertEquals("0.0.0.0:0", HostPort.describe(new InetSocketAddress("0.0.0.0", 0)));
        assertEquals("10.0.0.1:1", HostPort.describe(new InetSocketAddress("::ffff:10.0.0.1", 1)));
    }

    @Test
    void shouldSayAListenerAskedForEveryIpv4InterfaceListensOnThemAsAsked() throws UnknownHostException
    {
        final InetAddress ipv4Any = InetAddress.getByName("0.0.0.0");
        final InetAddress ipv6Any = InetAddress.getByName("::");
        final InetSocketAddress boundAny = new InetSocketAddress(ipv6Any, 40001);
        assertEquals("0.0.0.0:40001", HostPort.describe(HostPort.listening(ipv4Any, boundAny)));
        assertEquals("[::]:40001", HostPort.describe(HostPort.listening(ipv6Any, boundAny)));
        final InetSocketAddress loopback = new InetSocketAddress(InetAddress.getByName("::1"), 40002);
        assertEquals(loopback, HostPort.listening(InetAddress.getByName("::1"), loopback));
    }

    private static void assertShort(final String expected, final String address) throws UnknownHostException
    {
        assertEquals(expected, HostPort.shortForm((Inet6Address)InetAddress.getByName(address)), address);
    }
}
