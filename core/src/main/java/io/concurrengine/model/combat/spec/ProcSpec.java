package io.concurrengine.model.combat.spec;

/**
 * A chance, on some trigger, to apply an aura and/or deal damage. Either real-procs-per-minute (RPPM, with the
 * bad-luck protection of {@code Stochastic.rollRppm}) or a flat chance per trigger.
 *
 * @param name        unique name.
 * @param trigger     what gives the proc its chance; auto_attack needs a weapon, tick an aura that ticks.
 * @param source      the spell (for cast, hit, crit) or aura (for tick) that must be the trigger, or null for any;
 *                    for hit and crit a spell that deals damage, for crit one that can crit, for tick an aura that
 *                    ticks.
 * @param rppm        procs per minute when positive; then {@code chance} must be 0.
 * @param chance      flat probability per trigger in (0, 1] when {@code rppm} is 0.
 * @param hasteScaled whether an RPPM proc's rate scales with haste; only for an RPPM proc.
 * @param icdMs       internal cooldown after the proc fires; 0 is none.
 * @param appliesAura aura applied when it fires, or null.
 * @param damageMin   least damage dealt when it fires.
 * @param damageMax   most damage dealt when it fires; 0 means none.
 */
public record ProcSpec(
    String name,
    ProcTrigger trigger,
    String source,
    double rppm,
    double chance,
    boolean hasteScaled,
    long icdMs,
    String appliesAura,
    double damageMin,
    double damageMax)
{
    /**
     * @param name    unique name.
     * @param trigger what gives the proc its chance.
     * @return a builder; set a rate with {@link Builder#rppm} or {@link Builder#chance}.
     */
    public static Builder builder(final String name, final ProcTrigger trigger)
    {
        return new Builder(name, trigger);
    }

    /**
     * Mutable builder of a {@link ProcSpec}. Not threadsafe.
     */
    public static final class Builder
    {
        private final String name;
        private final ProcTrigger trigger;
        private String source;
        private double rppm;
        private double chance;
        private boolean hasteScaled;
        private long icdMs;
        private String appliesAura;
        private double damageMin;
        private double damageMax;

        private Builder(final String name, final ProcTrigger trigger)
        {
            this.name = name;
            this.trigger = trigger;
        }

        /**
         * @param source spell or aura name that must be the trigger.
         * @return this.
         */
        public Builder source(final String source)
        {
            this.source = source;
            return this;
        }

        /**
         * @param rppm        procs per minute.
         * @param hasteScaled whether the rate scales with haste.
         * @return this.
         */
        public Builder rppm(final double rppm, final boolean hasteScaled)
        {
            this.rppm = rppm;
            this.hasteScaled = hasteScaled;
            return this;
        }

        /**
         * @param chance flat probability per trigger.
         * @return this.
         */
        public Builder chance(final double chance)
        {
            this.chance = chance;
            return this;
        }

        /**
         * @param icdMs internal cooldown.
         * @return this.
         */
        public Builder icdMs(final long icdMs)
        {
            this.icdMs = icdMs;
            return this;
        }

        /**
         * @param aura applied when the proc fires.
         * @return this.
         */
        public Builder appliesAura(final String aura)
        {
            this.appliesAura = aura;
            return this;
        }

        /**
         * @param min least damage.
         * @param max most damage.
         * @return this.
         */
        public Builder damage(final double min, final double max)
        {
            this.damageMin = min;
            this.damageMax = max;
            return this;
        }

        /**
         * @return the spec; validated when put into a {@link CombatSpec}.
         */
        public ProcSpec build()
        {
            return new ProcSpec(name, trigger, source, rppm, chance, hasteScaled, icdMs, appliesAura,
                damageMin, damageMax);
        }
    }
}
