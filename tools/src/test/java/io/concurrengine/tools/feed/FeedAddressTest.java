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
        assertRefused("udp://127.0.0.1:9000", "the scheme is tcp (an upstream to connect to) or tcp-listen");
        assertRefused("tcp:9000", "no host");
        assertRefused("tcp-listen://:9000", "no host");
        assertRefused("tcp://127.0.0.1", "no port");
        assertRefused("tcp://127.0.0.1:x", "no host (or a port that is not a number)");
        assertRefused("tcp://127.0.0.1:0", "port 0 is outside 1..65535");
        assertRefused("tcp://127.0.0.1:65536", "port 65536 is outside 1..65535");
        assertRefused("tcp-listen://127.0.0.1:70000", "port 70000 is outside 0..65535");
        assertRefused("tcp://127.0.0.1:9000/feed", "no user, path, query or fragment");
        assertRefused("tcp://127.0.0.1:9000?x=1", "no user, path, query or fragment");
        assertRefused("tcp://me@127.0.0.1:9000", "no user, path, query or fragment");
        assertRefused("tcp://127.0.0.1:9000 x", "Illegal character");
    }

    @Test
    void shouldShowTheFormOfAnAddressThatDoesNotParse()
    {
        assertRefused("tcp://", "Expected authority at index 6; write tcp://HOST:PORT, e.g. tcp://127.0.0.1:9000");
        assertRefused("TCP-LISTEN://[::1", "; write tcp-listen://HOST:PORT, e.g. tcp-listen://127.0.0.1:9000");
    }

    private static void assertRefused(final String address, final String problem)
    {
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> FeedAddress.parse(address));
        assertTrue(ex.getMessage().startsWith("\"" + address + "\" is not a network feed address: "), ex.getMessage());
        assertTrue(ex.getMessage().contains(problem), ex.getMessage());
    }
}
