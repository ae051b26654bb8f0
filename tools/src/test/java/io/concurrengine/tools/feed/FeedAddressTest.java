package io.concurrengine.tools.feed;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeedAddressTest
{
    @Test
    void shouldTellNetworkFeedsFromPathsAndStandardInput()
    {
        assertTrue(FeedAddress.isNetwork("tcp://127.0.0.1:9000"));
        assertTrue(FeedAddress.isNetwork(" TCP-Listen://0.0.0.0:0"));
        assertTrue(FeedAddress.isNetwork("tcp:9000"), "a network feed, for parse to refuse");
        assertFalse(FeedAddress.isNetwork("orders.csv"));
        assertFalse(FeedAddress.isNetwork("./tcp://x"));
        assertFalse(FeedAddress.isNetwork("tcpdump.csv"));
        assertFalse(FeedAddress.isNetwork("-"));
        assertFalse(FeedAddress.isNetwork(""));
        assertTrue(FeedAddress.isNetwork("udp://127.0.0.1:9000"), "another scheme's address, for parse to refuse");
        assertTrue(FeedAddress.isNetwork(" http://feed.example.com/x"));
        assertFalse(FeedAddress.isNetwork("udp:9000"), "a file named so");
    }

    @Test
    void shouldRefuseAnAddressOfAnotherSchemeNamingIt()
    {
        final String scheme = "the scheme is tcp (an upstream to connect to) or tcp-listen (an address to listen on)";
        assertRefused("udp://h:1", "a feed does not take the scheme udp: " + scheme);
        assertRefused("HTTP://feed.example.com/x", "a feed does not take the scheme HTTP: " + scheme);
    }

    @Test
    void shouldNameTheIllegalCharacterAndItsIndexNotThePartItIsIn()
    {
        assertRefused("tcp://127.0.0.1: 9000", "Illegal character in authority at index 16 (a space); " +
            "write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
        assertRefused("tcp-listen://0.0.0.0:90|0", "Illegal character in authority at index 23 (U+007C); " +
            "write tcp-listen://HOST:PORT, e.g. tcp-listen://127.0.0.1:9000");
    }

    @Test
    void shouldReadAnUpstreamToConnectToAndAnAddressToListenOn()
    {
        final FeedAddress upstream = FeedAddress.parse(" tcp://feed.example.com:9000 ");
        assertFalse(upstream.listens());
        assertEquals("feed.example.com", upstream.host());
        assertEquals(9000, upstream.port());
        assertEquals("tcp://feed.example.com:9000", upstream.toString());

        final FeedAddress listen = FeedAddress.parse("TCP-LISTEN://127.0.0.1:0");
        assertTrue(listen.listens());
        assertEquals("127.0.0.1", listen.host());
        assertEquals(0, listen.port(), "any free port");

        final FeedAddress v6 = FeedAddress.parse("tcp://[::1]:65535");
        assertEquals("::1", v6.host());
        assertEquals(65535, v6.port());
        assertEquals(65535, v6.resolve().getPort());
    }

    @Test
    void shouldSayWhatIsWrongWithAnAddress()
    {
        final String scheme = "the scheme is tcp (an upstream to connect to) or tcp-listen (an address to listen on)";
        assertRefused("udp://127.0.0.1:9000", "a feed does not take the scheme udp: " + scheme);
        assertRefused("//127.0.0.1:9000", scheme);
        assertRefused("127.0.0.1:9000", "Illegal character in scheme name at index 0; write tcp://HOST:PORT, " +
            "e.g. tcp://127.0.0.1:9000");
        assertRefused("tcp:9000",
            "no host (or a port that is not a number); write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
        assertRefused("tcp-listen://:9000",
            "no host (or a port that is not a number); write tcp-listen://HOST:PORT, e.g. tcp-listen://127.0.0.1:9000");
        assertRefused("TCP://:9000",
            "no host (or a port that is not a number); write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
        assertRefused("tcp://127.0.0.1", "no port");
        assertRefused("tcp://127.0.0.1:x", "no host (or a port that is not a number); write tcp://HOST:PORT, " +
            "e.g. tcp://127.0.0.1:9000");
        assertRefused("tcp://127.0.0.1:0", "port 0 is outside 1..65535");
        assertRefused("tcp://127.0.0.1:65536", "port 65536 is outside 1..65535");
        assertRefused("tcp-listen://127.0.0.1:70000", "port 70000 is outside 0..65535");
        assertRefused("tcp://127.0.0.1:9000/feed", "only HOST:PORT is read: no user, path, query or fragment");
        assertRefused("tcp://127.0.0.1:9000?x=1", "only HOST:PORT is read: no user, path, query or fragment");
        assertRefused("tcp://me@127.0.0.1:9000", "only HOST:PORT is read: no user, path, query or fragment");
        assertRefused("tcp://127.0.0.1:9000 x", "Illegal character in authority at index 20 (a space); " +
            "write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
    }

    @Test
    void shouldShowTheFormOfAnAddressThatDoesNotParse()
    {
        assertRefused("tcp://", "Expected authority at index 6; write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
        assertRefused("TCP-LISTEN://[::1", "Expected closing bracket for IPv6 address at index 17; " +
            "write tcp-listen://HOST:PORT, e.g. tcp-listen://127.0.0.1:9000");
    }

    @Test
    void shouldQuoteTheAddressItRefusesAsItIsForThePrinterToEscape()
    {
        // escaped here, the JSON error object carried the escape; whoever prints it for a person escapes it
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FeedAddress.parse("tcp://127.0.0.1:90\u001b[31m00"));
        assertEquals("\"tcp://127.0.0.1:90\u001b[31m00\" is not a network feed address: Illegal character in " +
            "authority at index 18 (U+001B); write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000", ex.getMessage());
    }

    /** The whole message: the address as written, trimmed, then the problem. */
    private static void assertRefused(final String address, final String problem)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FeedAddress.parse(" " + address + " "));
        assertEquals("\"" + address + "\" is not a network feed address: " + problem, ex.getMessage());
    }

    @Test
    void shouldNameTheBoundPortOfAnAddressThatListensOnAnyFreePort()
    {
        assertEquals("tcp-listen://127.0.0.1:40001", FeedAddress.parse(" tcp-listen://127.0.0.1:0").bound(40001)
            .toString());
        assertEquals("tcp-listen://[::1]:40001", FeedAddress.parse("tcp-listen://[::1]:0").bound(40001).toString());
        assertEquals(40001, FeedAddress.parse("tcp-listen://localhost:0").bound(40001).port());
        assertEquals("tcp-listen://localhost:9000", FeedAddress.parse("tcp-listen://localhost:9000").bound(9000)
            .toString(), "a port given is kept as written");
    }
}
