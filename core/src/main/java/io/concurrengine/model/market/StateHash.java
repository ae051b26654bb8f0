package io.concurrengine.model.market;

/**
 * The order-sensitive 64-bit fold behind every market state hash: {@code h' = mix(h * K + v)} with the SplitMix64
 * finaliser as {@code mix}. Folding the same words in the same order always gives the same value; swapping two words
 * almost always changes it. Not a cryptographic hash.
 * <p>
 * Stateless and allocation-free.
 */
public final class StateHash
{
    /** Initial value of every fold. */
    public static final long SEED = 0x6A09E667F3BCC908L;

    private static final long K = 0x9E3779B97F4A7C15L;

    private StateHash()
    {
    }

    /**
     * Fold one word into a running hash.
     *
     * @param hash  running hash.
     * @param value word to fold in.
     * @return the new running hash.
     */
    public static long fold(final long hash, final long value)
    {
        return mix(hash * K + value);
    }

    /**
     * Combine per-shard hashes into one engine-level hash, in shard order: the same shard hashes in the same order
     * give the same result, whichever thread computed them.
     *
     * @param shardHashes {@link MarketModel#stateHash()} of shard 0, 1, 2, ...
     * @return the engine-level hash.
     */
    public static long combine(final long... shardHashes)
    {
        long hash = fold(SEED, shardHashes.length);
        for (final long shardHash : shardHashes)
        {
            hash = fold(hash, shardHash);
        }
        return hash;
    }

    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
