package io.concurrengine.core.rng;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;

// Reference vectors are the published FNV-1a 64 test vectors (Fowler/Noll/Vo test suite,
// also in draft-eastlake-fnv), re-checked with a standalone python3 implementation.
class Fnv1a64Test
{
    @Test
    void shouldHashEmptyInputToOffsetBasis()
    {
        assertEquals(0xcbf29ce484222325L, Fnv1a64.hash(new byte[0]));
    }

    @Test
    void shouldHashLetterA()
    {
        assertEquals(0xaf63dc4c8601ec8cL, Fnv1a64.hash("a".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldHashFoobar()
    {
        assertEquals(0x85944171f73967e8L, Fnv1a64.hash("foobar".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void shouldHashLongLeastSignificantByteFirst()
    {
        final byte[] littleEndian = { 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, (byte)0x88 };

        assertEquals(
            Fnv1a64.hash(littleEndian),
            Fnv1a64.hashLongLittleEndian(Fnv1a64.OFFSET_BASIS, 0x8807060504030201L));
    }
}
