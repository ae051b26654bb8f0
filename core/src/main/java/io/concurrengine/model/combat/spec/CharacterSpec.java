package io.concurrengine.model.combat.spec;

/**
 * The character's base stats, weapon and pacing.
 *
 * @param name               display name, not blank.
 * @param critPct            base critical strike chance in percent, [0, 100].
 * @param hastePct           base haste in percent, &gt; -100: casts, GCDs, ticks and swings take
 *                           {@code 1 / (1 + haste)} of their base time.
 * @param critMultiplier     damage multiplier of a critical strike, at least 1.
 * @param power              attack or spell power: a spell's {@code coefficient} times this is added to its damage.
 * @param weaponSpeedMs      base time between auto-attack swings; 0 means no auto-attacks.
 * @param weaponDamageMin    least damage of a swing; damage needs a positive {@code weaponSpeedMs}.
 * @param weaponDamageMax    most damage of a swing, at least the least.
 * @param autoAttackResource resource each swing generates, or null; needs a positive {@code weaponSpeedMs} and
 *                           {@code autoAttackGain}.
 * @param autoAttackGain     amount each swing generates.
 * @param gcdFloorMs         haste never shortens a GCD below this (nor below the spell's own GCD if shorter).
 * @param maxWaitMs          if positive, the longest the player idles before re-reading the priority list when
 *                           nothing is usable; 0 (the default) waits exactly until something can change.
 */
public record CharacterSpec(
    String name,
    double critPct,
    double hastePct,
    double critMultiplier,
    double power,
    long weaponSpeedMs,
    double weaponDamageMin,
    double weaponDamageMax,
    String autoAttackResource,
    double autoAttackGain,
    long gcdFloorMs,
    long maxWaitMs)
{
    /** Default {@link #critMultiplier()}. */
    public static final double DEFAULT_CRIT_MULTIPLIER = 2.0;

    /** Default {@link #gcdFloorMs()}. */
    public static final long DEFAULT_GCD_FLOOR_MS = 750;

    /** Default {@link #maxWaitMs()}. */
    public static final long DEFAULT_MAX_WAIT_MS = 0;

    /**
     * @param name display name.
     * @return a builder with the defaults: no crit, no haste, no weapon.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * Mutable builder of a {@link CharacterSpec}. Not threadsafe.
     */
    public static final class Builder
    {
        private final String name;
        private double critPct;
        private double hastePct;
        private double critMultiplier = DEFAULT_CRIT_MULTIPLIER;
        private double power;
        private long weaponSpeedMs;
        private double weaponDamageMin;
        private double weaponDamageMax;
        private String autoAttackResource;
        private double autoAttackGain;
        private long gcdFloorMs = DEFAULT_GCD_FLOOR_MS;
        private long maxWaitMs = DEFAULT_MAX_WAIT_MS;

        private Builder(final String name)
        {
            this.name = name;
        }

        /**
         * @param critPct base crit chance in percent.
         * @return this.
         */
        public Builder critPct(final double critPct)
        {
            this.critPct = critPct;
            return this;
        }

        /**
         * @param hastePct base haste in percent.
         * @return this.
         */
        public Builder hastePct(final double hastePct)
        {
            this.hastePct = hastePct;
            return this;
        }

        /**
         * @param critMultiplier damage multiplier of a crit.
         * @return this.
         */
        public Builder critMultiplier(final double critMultiplier)
        {
            this.critMultiplier = critMultiplier;
            return this;
        }

        /**
         * @param power attack or spell power.
         * @return this.
         */
        public Builder power(final double power)
        {
            this.power = power;
            return this;
        }

        /**
         * @param speedMs   base swing time, 0 for none.
         * @param damageMin least damage of a swing.
         * @param damageMax most damage of a swing.
         * @return this.
         */
        public Builder weapon(final long speedMs, final double damageMin, final double damageMax)
        {
            this.weaponSpeedMs = speedMs;
            this.weaponDamageMin = damageMin;
            this.weaponDamageMax = damageMax;
            return this;
        }

        /**
         * @param resource resource each swing generates.
         * @param gain     amount per swing.
         * @return this.
         */
        public Builder autoAttackGain(final String resource, final double gain)
        {
            this.autoAttackResource = resource;
            this.autoAttackGain = gain;
            return this;
        }

        /**
         * @param gcdFloorMs least GCD after haste.
         * @return this.
         */
        public Builder gcdFloorMs(final long gcdFloorMs)
        {
            this.gcdFloorMs = gcdFloorMs;
            return this;
        }

        /**
         * @param maxWaitMs longest idle wait, or 0 for none.
         * @return this.
         */
        public Builder maxWaitMs(final long maxWaitMs)
        {
            this.maxWaitMs = maxWaitMs;
            return this;
        }

        /**
         * @return the spec; validated when put into a {@link CombatSpec}.
         */
        public CharacterSpec build()
        {
            return new CharacterSpec(name, critPct, hastePct, critMultiplier, power, weaponSpeedMs,
                weaponDamageMin, weaponDamageMax, autoAttackResource, autoAttackGain, gcdFloorMs, maxWaitMs);
        }
    }
}
