package io.concurrengine.core.rng;

/**
 * Deterministic simulation random number generator: Marsaglia's 64-bit xorshift with shifts 13/7/17
 * ("Xorshift RNGs", Journal of Statistical Software 8(14), 2003), seeded by FNV-1a 64.
 * <p>
 * <b>Determinism:</b> every output is a pure function of the 64-bit {@link #state()}; this class is a bit-for-bit port
 * of the reference engine's generator and must not change. One step is:
 * <pre>{@code
 * x ^= x << 13;
 * x ^= x >>> 7;
 * x ^= x << 17;
 * state = x;
 * return x;
 * }</pre>
 * <b>Seeding:</b> the initial state is the FNV-1a 64 hash (offset basis {@code 0xcbf29ce484222325}, prime
 * {@code 0x100000001b3}) of 24 bytes: the little-endian bytes of {@code seedBase}, then of {@code chunkId}, then of
 * {@code iterationIndex}. The hash is split so that the first 16 bytes can be hashed once per chunk
 * ({@link #seedPrefix(long, long)}) and each iteration only hashes its own 8 bytes
 * ({@link #fromPrefix(long, long)}, {@link #reseed(long, long)}).
 * <p>
 * <b>Zero state:</b> xorshift maps 0 to 0 forever, so whenever a seed, hash or raw state would make the state 0 it is
 * replaced by {@link #ZERO_STATE_REPLACEMENT} ({@code 0x9E3779B97F4A7C15}, the 64-bit golden-ratio constant). A
 * non-zero state never becomes 0 under xorshift, so {@link #state()} is never 0 and
 * {@code new SimRng(rng.state())} always reproduces {@code rng} exactly.
 * <p>
 * <b>Allocation:</b> {@link #nextLong()}, {@link #nextDouble()}, {@link #nextInt(int)}, {@link #reseed(long, long)}
 * and {@link #restore(long)} never allocate; the static factories allocate only the returned instance.
 * <p>
 * <b>Threading:</b> not threadsafe. An instance must be confined to one thread (or handed over with a happens-before
 * edge); give each worker or chunk its own instance.
 */
public final class SimRng
{
    /**
     * State used instead of 0, which is a fixed point of xorshift: {@code 0x9E3779B97F4A7C15}, i.e.
     * 2<sup>64</sup> / golden ratio.
     */
    public static final long ZERO_STATE_REPLACEMENT = 0x9E3779B97F4A7C15L;

    private static final long UNSIGNED_INT_MASK = 0xFFFF_FFFFL;
    private static final long TWO_POW_32 = 0x1_0000_0000L;
    private static final double TWO_POW_MINUS_53 = 0x1.0p-53;

    private long state;

    /**
     * Create a generator from a raw state, e.g. one captured with {@link #state()}.
     *
     * @param state raw xorshift state; 0 is replaced by {@link #ZERO_STATE_REPLACEMENT}.
     */
    public SimRng(final long state)
    {
        this.state = nonZero(state);
    }

    /**
     * Create a generator from a raw state, e.g. one captured with {@link #state()}.
     *
     * @param state raw xorshift state; 0 is replaced by {@link #ZERO_STATE_REPLACEMENT}.
     * @return a new generator.
     */
    public static SimRng fromState(final long state)
    {
        return new SimRng(state);
    }

    /**
     * Hash the first 16 seed bytes: FNV-1a 64 over the little-endian bytes of {@code seedBase} then {@code chunkId}.
     * Compute once per chunk and pass to {@link #fromPrefix(long, long)} or {@link #reseed(long, long)}.
     *
     * @param seedBase run-wide base seed.
     * @param chunkId  chunk (or worker) identifier.
     * @return the intermediate FNV-1a 64 state after 16 bytes; not itself a generator state and may be 0.
     */
    public static long seedPrefix(final long seedBase, final long chunkId)
    {
        return Fnv1a64.hashLongLittleEndian(
            Fnv1a64.hashLongLittleEndian(Fnv1a64.OFFSET_BASIS, seedBase), chunkId);
    }

    /**
     * Create a generator by continuing the seed hash of {@link #seedPrefix(long, long)} over the 8 little-endian bytes
     * of {@code iterationIndex}.
     *
     * @param prefix         value returned by {@link #seedPrefix(long, long)}.
     * @param iterationIndex iteration within the chunk.
     * @return a new generator; equal in state to {@link #seeded(long, long, long)} with the same inputs.
     */
    public static SimRng fromPrefix(final long prefix, final long iterationIndex)
    {
        return new SimRng(Fnv1a64.hashLongLittleEndian(prefix, iterationIndex));
    }

    /**
     * Create a generator seeded from FNV-1a 64 over the little-endian bytes of {@code seedBase}, {@code chunkId} and
     * {@code iterationIndex}, in that order. Same as {@code fromPrefix(seedPrefix(seedBase, chunkId), iterationIndex)}.
     *
     * @param seedBase       run-wide base seed.
     * @param chunkId        chunk (or worker) identifier.
     * @param iterationIndex iteration within the chunk.
     * @return a new generator.
     */
    public static SimRng seeded(final long seedBase, final long chunkId, final long iterationIndex)
    {
        return fromPrefix(seedPrefix(seedBase, chunkId), iterationIndex);
    }

    /**
     * Reseed this instance in place, without allocation, to the state {@link #fromPrefix(long, long)} would produce.
     *
     * @param prefix         value returned by {@link #seedPrefix(long, long)}.
     * @param iterationIndex iteration within the chunk.
     */
    public void reseed(final long prefix, final long iterationIndex)
    {
        state = nonZero(Fnv1a64.hashLongLittleEndian(prefix, iterationIndex));
    }

    /**
     * Overwrite the state, e.g. from a snapshot taken with {@link #state()}.
     *
     * @param state raw xorshift state; 0 is replaced by {@link #ZERO_STATE_REPLACEMENT}.
     */
    public void restore(final long state)
    {
        this.state = nonZero(state);
    }

    /**
     * Current raw state, for snapshots and state hashing. Never 0.
     *
     * @return the current xorshift state, which is also the last value returned by {@link #nextLong()} if any.
     */
    public long state()
    {
        return state;
    }

    /**
     * Advance one xorshift64 (13/7/17) step.
     *
     * @return the new state, all 64 bits (treat as unsigned); never 0.
     */
    public long nextLong()
    {
        long x = state;
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        state = x;

        return x;
    }

    /**
     * Uniform double in [0, 1) from the top 53 bits of one {@link #nextLong()}:
     * {@code (nextLong() >>> 11) * 0x1.0p-53}. Exactly one step is consumed. The result is a multiple of
     * 2<sup>-53</sup>; the largest possible value is {@code 1 - 2^-53}.
     *
     * @return a uniform double in [0, 1).
     */
    public double nextDouble()
    {
        return (nextLong() >>> 11) * TWO_POW_MINUS_53;
    }

    /**
     * Unbiased uniform int in [0, {@code bound}) by Lemire's multiply-shift with rejection ("Fast Random Integer
     * Generation in an Interval", ACM TOMACS 29(1), 2019) applied to 32-bit samples.
     * <p>
     * Each sample is the top 32 bits of one {@link #nextLong()} ({@code r = nextLong() >>> 32}, the stronger bits of
     * xorshift). With {@code m = r * bound} (64-bit, exact) and {@code low = m mod 2^32}: if
     * {@code low < (2^32 - bound) mod bound} the sample is rejected and a new one drawn, otherwise the result is
     * {@code m >>> 32}. The threshold is only computed (one division) when {@code low < bound}. Consumes one step plus
     * one per rejection; the rejection probability is below {@code bound / 2^32}.
     *
     * @param bound exclusive upper bound, must be positive.
     * @return a uniform int in [0, bound).
     * @throws IllegalArgumentException if {@code bound <= 0}.
     */
    public int nextInt(final int bound)
    {
        if (bound <= 0)
        {
            throw new IllegalArgumentException("bound must be positive: " + bound);
        }

        long product = (nextLong() >>> 32) * bound;
        long low = product & UNSIGNED_INT_MASK;
        if (low < bound)
        {
            final long threshold = (TWO_POW_32 - bound) % bound;
            while (low < threshold)
            {
                product = (nextLong() >>> 32) * bound;
                low = product & UNSIGNED_INT_MASK;
            }
        }

        return (int)(product >>> 32);
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "SimRng{state=0x" + Long.toHexString(state) + '}';
    }

    private static long nonZero(final long state)
    {
        return 0L == state ? ZERO_STATE_REPLACEMENT : state;
    }
}
