package io.concurrengine.core.rng;

/**
 * Mutable state of one RPPM ("real procs per minute") effect, rolled with
 * {@link Stochastic#rollRppm(SimRng, RppmState, long, double)}.
 * <p>
 * <b>Source:</b> SimulationCraft, {@code engine/sim/real_ppm.cpp}, {@code real_ppm_t::proc_chance} and
 * {@code real_ppm_t::trigger}, with {@code max_interval() = 3.5 s} and {@code max_bad_luck_prot() = 1000 s} from
 * {@code real_ppm.hpp} (the variant whose bad-luck protection uses the time since the last successful trigger).
 * The formula was reimplemented from that description; no SimulationCraft code is included.
 * <p>
 * <b>Chance</b> of an attempt at time {@code now} ({@link #chance(long, double)}), evaluated in this order in
 * {@code double} arithmetic:
 * <pre>
 * rate         = hasteScaled ? rppm * hasteMultiplier : rppm
 * seconds      = min(now - lastAttempt, 3500 ms) / 1000.0
 * baseChance   = rate * (seconds / 60.0)
 * if badLuckProtection:
 *     sinceSuccess = min(now - lastSuccess, 1 000 000 ms) / 1000.0
 *     expected     = 60.0 / rate
 *     chance       = max(1.0, 1.0 + ((sinceSuccess / expected - 1.5) * 3.0)) * baseChance
 * else:
 *     chance       = baseChance
 * </pre>
 * Bad-luck protection leaves the chance unchanged until 1.5 expected intervals have passed without a proc, then
 * raises it linearly. The chance may exceed 1, in which case the attempt always succeeds. With bad-luck protection the
 * long-run proc rate is above {@code rate}, e.g. about 12.9 % above it for 1 RPPM attempted every 1.5 s; without it the
 * rate is {@code rate} whenever attempts are at most 3.5 s apart.
 * <p>
 * <b>Haste:</b> {@code hasteMultiplier} is {@code 1 + haste}, e.g. {@code 1.3} for 30 % haste, which is
 * SimulationCraft's {@code rppm_haste_coeff()} (the reciprocal of its haste time multiplier). It must be positive (0
 * gives a rate of 0, infinity an infinite one; for a negative or NaN multiplier {@link #chance(long, double)} and
 * {@link Stochastic#rollRppm} throw {@link IllegalArgumentException}) and is ignored when the effect is not
 * haste-scaled.
 * <p>
 * <b>Initial state:</b> both the last attempt and the last success start at the fight start (0 for a new instance, or
 * the value given to {@link #reset(long)}), as SimulationCraft's {@code real_ppm_t::reset()} sets both to zero. So the
 * first attempt sees at most 3.5 s of elapsed time and a drought measured from the fight start, and, because of the
 * same-time guard, an attempt exactly at the fight start never procs and consumes no roll.
 * <p>
 * <b>Difference from current SimulationCraft:</b> since 2020-10 ({@code engine/sim/proc_rng.cpp}) SimulationCraft
 * measures the drought as a sum over attempts of {@code min(gap, 3.5 s)}, reset on success, instead of
 * {@code now - lastSuccess}. The two are identical whenever consecutive attempts (and the first attempt after the
 * fight start) are at most 3.5 s apart, and differ for sparser attempts.
 * <p>
 * <b>Time:</b> milliseconds on the simulation clock, anywhere in the {@code long} range (a gap longer than the range
 * counts as longer than the caps). Times passed for one state must not decrease; a time before the last attempt gives
 * a negative chance, which never procs.
 * <p>
 * Zero allocation. Not threadsafe.
 */
public final class RppmState
{
    /**
     * Cap on the time since the last attempt that counts towards the chance: 3.5 s.
     */
    public static final long MAX_ATTEMPT_INTERVAL_MILLIS = 3_500L;

    /**
     * Cap on the time since the last success that counts towards bad-luck protection: 1000 s.
     */
    public static final long MAX_BAD_LUCK_INTERVAL_MILLIS = 1_000_000L;

    private static final double MILLIS_PER_SECOND = 1000.0;
    private static final double SECONDS_PER_MINUTE = 60.0;
    private static final double BAD_LUCK_GRACE_INTERVALS = 1.5;
    private static final double BAD_LUCK_SLOPE = 3.0;

    private final boolean hasteScaled;
    private final boolean badLuckProtection;
    private double rppm;
    private long lastAttemptMillis;
    private long lastSuccessMillis;

    /**
     * Create a state whose last attempt and last success are at time 0.
     *
     * @param rppm              configured procs per minute before haste; a value that is not positive disables the
     *                          effect.
     * @param hasteScaled       whether the rate is multiplied by the haste multiplier.
     * @param badLuckProtection whether bad-luck protection (BLP) is enabled.
     */
    public RppmState(final double rppm, final boolean hasteScaled, final boolean badLuckProtection)
    {
        this.rppm = rppm;
        this.hasteScaled = hasteScaled;
        this.badLuckProtection = badLuckProtection;
    }

    /**
     * Start a new fight: the last attempt and the last success are both set to {@code fightStartMillis}.
     *
     * @param fightStartMillis fight start on the simulation clock.
     */
    public void reset(final long fightStartMillis)
    {
        lastAttemptMillis = fightStartMillis;
        lastSuccessMillis = fightStartMillis;
    }

    /**
     * Restore both timestamps, e.g. from a snapshot.
     *
     * @param lastAttemptMillis time of the last attempt that rolled.
     * @param lastSuccessMillis time of the last successful proc.
     */
    public void restore(final long lastAttemptMillis, final long lastSuccessMillis)
    {
        this.lastAttemptMillis = lastAttemptMillis;
        this.lastSuccessMillis = lastSuccessMillis;
    }

    /**
     * Configured procs per minute before haste.
     *
     * @return configured procs per minute before haste.
     */
    public double rppm()
    {
        return rppm;
    }

    /**
     * Change the configured procs per minute, e.g. for a modifier; the timestamps are kept.
     *
     * @param rppm procs per minute before haste; a value that is not positive disables the effect.
     */
    public void rppm(final double rppm)
    {
        this.rppm = rppm;
    }

    /**
     * Whether the rate is multiplied by the haste multiplier.
     *
     * @return true if haste-scaled.
     */
    public boolean hasteScaled()
    {
        return hasteScaled;
    }

    /**
     * Whether bad-luck protection is enabled.
     *
     * @return true if bad-luck protection is enabled.
     */
    public boolean badLuckProtection()
    {
        return badLuckProtection;
    }

    /**
     * Time of the last attempt that rolled (or the fight start).
     *
     * @return time of the last attempt in milliseconds.
     */
    public long lastAttemptMillis()
    {
        return lastAttemptMillis;
    }

    /**
     * Time of the last successful proc (or the fight start).
     *
     * @return time of the last success in milliseconds.
     */
    public long lastSuccessMillis()
    {
        return lastSuccessMillis;
    }

    /**
     * Proc chance of an attempt at {@code nowMillis}, by the formula in the class description. Pure: reads this state,
     * changes nothing and consumes no random numbers. Does not apply the same-time guard or the disabled check of
     * {@link Stochastic#rollRppm(SimRng, RppmState, long, double)}.
     *
     * @param nowMillis       attempt time on the simulation clock, not before {@link #lastAttemptMillis()}.
     * @param hasteMultiplier {@code 1 + haste}, e.g. 1.3 for 30 % haste, positive; ignored unless
     *                        {@link #hasteScaled()}.
     * @return the chance; may exceed 1 under bad-luck protection.
     * @throws IllegalArgumentException if the effect is haste-scaled and {@code hasteMultiplier} is negative or NaN.
     */
    public double chance(final long nowMillis, final double hasteMultiplier)
    {
        if (hasteScaled && !(hasteMultiplier >= 0.0))
        {
            // a negative or NaN multiplier made a negative or NaN chance: an effect that silently never procs
            throw new IllegalArgumentException("hasteMultiplier=" + hasteMultiplier + " must be positive (1 + haste)");
        }
        final double rate = hasteScaled ? rppm * hasteMultiplier : rppm;
        final double seconds =
            cappedSince(nowMillis, lastAttemptMillis, MAX_ATTEMPT_INTERVAL_MILLIS) / MILLIS_PER_SECOND;
        final double baseChance = rate * (seconds / SECONDS_PER_MINUTE);
        if (!badLuckProtection)
        {
            return baseChance;
        }

        final double sinceSuccess =
            cappedSince(nowMillis, lastSuccessMillis, MAX_BAD_LUCK_INTERVAL_MILLIS) / MILLIS_PER_SECOND;
        final double expectedInterval = SECONDS_PER_MINUTE / rate;

        return Math.max(
            1.0, 1.0 + ((sinceSuccess / expectedInterval - BAD_LUCK_GRACE_INTERVALS) * BAD_LUCK_SLOPE)) * baseChance;
    }

    /**
     * {@code min(now - then, cap)} without the subtraction wrapping: a gap too long for a {@code long} is over the cap
     * when {@code now} is later, and stays negative (the past) when it is earlier.
     */
    private static long cappedSince(final long now, final long then, final long cap)
    {
        final long elapsed = now - then;
        if ((now >= then) != (elapsed >= 0))
        {
            return now >= then ? cap : Long.MIN_VALUE;
        }
        return Math.min(elapsed, cap);
    }

    /**
     * Record an attempt that rolled, as done by {@link Stochastic#rollRppm(SimRng, RppmState, long, double)}.
     *
     * @param nowMillis attempt time.
     * @param success   whether the attempt procced.
     */
    void recordAttempt(final long nowMillis, final boolean success)
    {
        lastAttemptMillis = nowMillis;
        if (success)
        {
            lastSuccessMillis = nowMillis;
        }
    }

    /**
     * {@inheritDoc}
     */
    public String toString()
    {
        return "RppmState{" +
            "rppm=" + rppm +
            ", hasteScaled=" + hasteScaled +
            ", badLuckProtection=" + badLuckProtection +
            ", lastAttemptMillis=" + lastAttemptMillis +
            ", lastSuccessMillis=" + lastSuccessMillis +
            '}';
    }
}
