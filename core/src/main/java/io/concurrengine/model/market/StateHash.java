package io.concurrengine.model.market;

/**
 * The 64-bit hashing behind every market state hash: an order-sensitive fold, {@code h' = mix(h * K + v)} with the
 * SplitMix64 finaliser as {@code mix}, for what happens in order (an instrument's fills, its book), and a sum for what
 * has no order (instruments, shards). Folding the same words in the same order always gives the same value; swapping
 * two words almost always changes it. Not a cryptographic hash.
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
     * Combine per-shard hashes into one engine-level hash: their sum, then mixed. A sum does not depend on the order
     * of the shards, nor on how many there are when each shard's hash is itself a sum over the instruments it holds
     * ({@link MarketModel#stateHash()}, 0 for a shard that saw nothing): a flow gives the same engine hash on one
     * shard or on many, whichever shard each instrument is routed to, as long as every instrument's events reach
     * its model in the same order. The engine keeps that order for an instrument's inputs and its timers; a flow
     * keeps it if its feed times never go back (no input is stamped later than its feed time because another
     * instrument's input moved its shard's clock past it) and every shard's clock is finally moved to the same time
     * (otherwise a timer due between two shards' last inputs fires in one layout and not another). Order ids need
     * not be unique across instruments: the model keys an order by (instrument, order id), so the same id resting
     * on two instruments is two orders whether or not they share a shard.
     *
     * @param shardHashes {@link MarketModel#stateHash()} of each shard, in any order.
     * @return the engine-level hash.
     */
    public static long sum(final long... shardHashes)
    {
        long sum = 0;
        for (final long shardHash : shardHashes)
        {
            sum += shardHash;
        }
        return mix(sum ^ SEED);
    }

    static long mix(final long value)
    {
        long z = value;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
