package io.concurrengine.core.rng;

/**
 * FNV-1a, 64-bit variant (Fowler, Noll, Vo), used to derive {@link SimRng} seeds.
 * <p>
 * For each octet: {@code hash ^= octet; hash *= PRIME} with wrap-around (mod 2<sup>64</sup>) multiplication,
 * starting from {@link #OFFSET_BASIS}.
 * <p>
 * Stateless, zero allocation, threadsafe.
 */
final class Fnv1a64
{
    /**
     * FNV-1a 64-bit offset basis.
     */
    static final long OFFSET_BASIS = 0xcbf29ce484222325L;

    /**
     * FNV 64-bit prime, 2<sup>40</sup> + 2<sup>8</sup> + 0xb3.
     */
    static final long PRIME = 0x100000001b3L;

    private Fnv1a64()
    {
    }

    /**
     * Continue a hash over one octet.
     *
     * @param hash  intermediate hash state.
     * @param octet value whose low 8 bits are hashed.
     * @return the new intermediate hash state.
     */
    static long hashByte(final long hash, final int octet)
    {
        return (hash ^ (octet & 0xFF)) * PRIME;
    }

    /**
     * Continue a hash over the 8 little-endian bytes of a {@code long} (least significant byte first).
     *
     * @param hash  intermediate hash state.
     * @param value whose 8 bytes are hashed, least significant first.
     * @return the new intermediate hash state.
     */
    static long hashLongLittleEndian(final long hash, final long value)
    {
        long h = hash;
        for (int shift = 0; shift < Long.SIZE; shift += Byte.SIZE)
        {
            h = (h ^ ((value >>> shift) & 0xFFL)) * PRIME;
        }

        return h;
    }

    /**
     * Hash a whole byte array from the offset basis.
     *
     * @param bytes to hash.
     * @return the FNV-1a 64 hash of {@code bytes}.
     */
    static long hash(final byte[] bytes)
    {
        long h = OFFSET_BASIS;
        for (final byte b : bytes)
        {
            h = hashByte(h, b);
        }

        return h;
    }
}
