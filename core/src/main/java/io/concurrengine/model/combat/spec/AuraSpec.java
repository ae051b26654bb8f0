package io.concurrengine.model.combat.spec;

/**
 * A buff or debuff: lasts a while, may stack, may tick periodic damage, may modify haste, damage or crit.
 *
 * @param name          unique name, referenced by spells, procs and conditions; a {@link RotationParser#isName}.
 * @param durationMs    duration of one application, positive.
 * @param tickMs        base time between periodic ticks, scaled by the haste live when each tick is scheduled;
 *                      0 means no ticks.
 * @param tickDamageMin least damage of one tick per stack.
 * @param tickDamageMax most damage of one tick per stack; damage needs a positive {@code tickMs}.
 * @param tickCanCrit   whether ticks may crit.
 * @param maxStacks     most stacks, at least 1; each application adds one.
 * @param hastePct      haste in percent per stack while active; multiplies with other haste.
 * @param damagePct     damage increase in percent per stack while active; multiplies with other increases.
 * @param critPct       crit chance in percent per stack while active; adds to the base.
 * @param refresh       what re-applying an active aura does to its expiry.
 */
public record AuraSpec(
    String name,
    long durationMs,
    long tickMs,
    double tickDamageMin,
    double tickDamageMax,
    boolean tickCanCrit,
    int maxStacks,
    double hastePct,
    double damagePct,
    double critPct,
    RefreshRule refresh)
{
    /**
     * @param name       unique name.
     * @param durationMs duration.
     * @return a builder of a one-stack aura with no ticks or modifiers and the pandemic refresh rule.
     */
    public static Builder builder(final String name, final long durationMs)
    {
        return new Builder(name, durationMs);
    }

    /**
     * @return true if the aura ticks.
     */
    public boolean periodic()
    {
        return tickMs > 0;
    }

    /**
     * Mutable builder of an {@link AuraSpec}. Not threadsafe.
     */
    public static final class Builder
    {
        private final String name;
        private final long durationMs;
        private long tickMs;
        private double tickDamageMin;
        private double tickDamageMax;
        private boolean tickCanCrit = true;
        private int maxStacks = 1;
        private double hastePct;
        private double damagePct;
        private double critPct;
        private RefreshRule refresh = RefreshRule.PANDEMIC;

        private Builder(final String name, final long durationMs)
        {
            this.name = name;
            this.durationMs = durationMs;
        }

        /**
         * @param tickMs    base tick interval.
         * @param damageMin least damage per tick and stack.
         * @param damageMax most damage per tick and stack.
         * @return this.
         */
        public Builder ticks(final long tickMs, final double damageMin, final double damageMax)
        {
            this.tickMs = tickMs;
            this.tickDamageMin = damageMin;
            this.tickDamageMax = damageMax;
            return this;
        }

        /**
         * @param tickCanCrit whether ticks may crit.
         * @return this.
         */
        public Builder tickCanCrit(final boolean tickCanCrit)
        {
            this.tickCanCrit = tickCanCrit;
            return this;
        }

        /**
         * @param maxStacks most stacks.
         * @return this.
         */
        public Builder maxStacks(final int maxStacks)
        {
            this.maxStacks = maxStacks;
            return this;
        }

        /**
         * @param hastePct haste per stack in percent.
         * @return this.
         */
        public Builder hastePct(final double hastePct)
        {
            this.hastePct = hastePct;
            return this;
        }

        /**
         * @param damagePct damage increase per stack in percent.
         * @return this.
         */
        public Builder damagePct(final double damagePct)
        {
            this.damagePct = damagePct;
            return this;
        }

        /**
         * @param critPct crit chance per stack in percent.
         * @return this.
         */
        public Builder critPct(final double critPct)
        {
            this.critPct = critPct;
            return this;
        }

        /**
         * @param refresh the refresh rule.
         * @return this.
         */
        public Builder refresh(final RefreshRule refresh)
        {
            this.refresh = refresh;
            return this;
        }

        /**
         * @return the spec; validated when put into a {@link CombatSpec}.
         */
        public AuraSpec build()
        {
            return new AuraSpec(name, durationMs, tickMs, tickDamageMin, tickDamageMax, tickCanCrit, maxStacks,
                hastePct, damagePct, critPct, refresh);
        }
    }
}
