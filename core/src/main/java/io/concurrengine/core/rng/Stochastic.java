package io.concurrengine.core.rng;

/**
 * Stochastic primitives over a {@link SimRng}: fixed-chance procs, tiered rolls, partial shuffles and RPPM procs.
 * <p>
 * <b>Determinism:</b> each method documents exactly how many values it draws from the generator. A roll is consumed
 * even when its result is certain (chance &le; 0 or &ge; 1), so that changing a configured chance never shifts the
 * random stream of everything rolled after it. This differs from SimulationCraft's {@code rng_t::roll}, which returns
 * early without drawing for such chances.
 * <p>
 * <b>Allocation:</b> none. <b>Threading:</b> stateless; safe to call from any thread, but the {@link SimRng}, arrays
 * and {@link RppmState} passed in are not threadsafe and must be confined to the calling thread.
 */
public final class Stochastic
{
    private Stochastic()
    {
    }

    /**
     * Roll a fixed chance: {@code rng.nextDouble() < chance}. Always consumes exactly one {@link SimRng#nextDouble()},
     * so a chance &le; 0 (or NaN) never procs and a chance &ge; 1 always procs, but both still advance the stream.
     *
     * @param rng    generator to draw from.
     * @param chance probability of success.
     * @return true if the roll succeeded.
     */
    public static boolean procChance(final SimRng rng, final double chance)
    {
        return rng.nextDouble() < chance;
    }

    /**
     * Roll a tier: draws {@code roll = rng.nextDouble()} and returns the index of the first threshold strictly greater
     * than {@code roll}, or {@code cumulativeThresholds.length} if there is none. With non-decreasing thresholds
     * {@code t}, tier {@code i} has probability {@code t[i] - t[i - 1]} (with {@code t[-1] = 0}) and the last tier
     * {@code 1 - t[length - 1]}. Always consumes exactly one {@link SimRng#nextDouble()}, also for an empty array
     * (which returns 0). The thresholds are not validated.
     *
     * @param rng                  generator to draw from.
     * @param cumulativeThresholds non-decreasing cumulative probabilities.
     * @return the tier index in [0, cumulativeThresholds.length].
     */
    public static int rollTier(final SimRng rng, final double[] cumulativeThresholds)
    {
        final double roll = rng.nextDouble();
        final int length = cumulativeThresholds.length;
        for (int i = 0; i < length; i++)
        {
            if (roll < cumulativeThresholds[i])
            {
                return i;
            }
        }

        return length;
    }

    /**
     * Partial Fisher&ndash;Yates shuffle: moves {@code count} distinct items, chosen uniformly at random, to
     * {@code items[0 .. count)} in uniformly random order, in place. The array remains a permutation of its previous
     * contents; items beyond {@code count} are in an unspecified order.
     * <p>
     * For {@code i} from 0 to {@code count - 1}: {@code j = i + rng.nextInt(items.length - i)}, then swap
     * {@code items[i]} and {@code items[j]}. Consumes exactly {@code count} calls to {@link SimRng#nextInt(int)}
     * (including the final {@code nextInt(1)} when {@code count == items.length}).
     *
     * @param rng   generator to draw from.
     * @param items items to pick from, permuted in place.
     * @param count number of items to pick, in [0, items.length].
     * @throws IllegalArgumentException if {@code count} is negative or greater than {@code items.length}.
     */
    public static void shufflePick(final SimRng rng, final int[] items, final int count)
    {
        final int length = items.length;
        if (count < 0 || count > length)
        {
            throw new IllegalArgumentException("count must be in [0, " + length + "]: " + count);
        }

        for (int i = 0; i < count; i++)
        {
            final int j = i + rng.nextInt(length - i);
            final int item = items[i];
            items[i] = items[j];
            items[j] = item;
        }
    }

    /**
     * Attempt an RPPM proc at {@code nowMillis} (SimulationCraft {@code real_ppm_t::trigger}).
     * <ol>
     *     <li>If {@code state.rppm()} is not positive, return false: no roll is consumed and the state is
     *     unchanged.</li>
     *     <li>Same-time guard: if {@code nowMillis == state.lastAttemptMillis()}, return false: no roll is consumed and
     *     the state is unchanged.</li>
     *     <li>Otherwise compute {@code chance = state.chance(nowMillis, hasteMultiplier)} (see {@link RppmState}), draw
     *     exactly one {@link SimRng#nextDouble()} and succeed if it is below {@code chance}; record {@code nowMillis}
     *     as the last attempt and, on success, as the last success.</li>
     * </ol>
     *
     * @param rng             generator to draw from.
     * @param state           the effect's state, updated in place.
     * @param nowMillis       attempt time on the simulation clock, not before {@code state.lastAttemptMillis()}.
     * @param hasteMultiplier {@code 1 + haste}, e.g. 1.3 for 30 % haste, positive; ignored unless the effect is
     *                        haste-scaled.
     * @return true if the effect procs.
     * @throws IllegalArgumentException if the effect is haste-scaled and {@code hasteMultiplier} is negative or NaN,
     * before a roll is consumed or the state changed.
     */
    public static boolean rollRppm(
        final SimRng rng, final RppmState state, final long nowMillis, final double hasteMultiplier)
    {
        if (!(state.rppm() > 0.0) || nowMillis == state.lastAttemptMillis())
        {
            return false;
        }

        final double chance = state.chance(nowMillis, hasteMultiplier);
        final boolean success = rng.nextDouble() < chance;
        state.recordAttempt(nowMillis, success);

        return success;
    }
}
