package io.concurrengine.model.combat.spec;

import java.util.ArrayList;
import java.util.List;

/**
 * An ability the rotation can cast. Its cost, cooldown, GCD, damage and aura all take effect when the cast completes.
 *
 * @param name         unique name, referenced by the rotation and by procs; a {@link RotationParser#isName}.
 * @param castTimeMs   base cast time, scaled by haste; 0 is instant.
 * @param gcdMs        base global cooldown, scaled by haste down to the character's floor; ignored when off-GCD.
 * @param cooldownMs   cooldown started when the cast completes; 0 is none.
 * @param costs        resources paid when the cast completes; the cast is only chosen when all are affordable,
 *                     so each is at most its resource's maximum.
 * @param gains        resources generated when the cast completes, capped at each resource's maximum.
 * @param damageMin    least base direct damage.
 * @param damageMax    most base direct damage; 0 together with a 0 coefficient means no direct damage.
 * @param coefficient  the character's power times this is added to the rolled damage.
 * @param canCrit      whether the direct damage may crit.
 * @param appliesAura  aura applied (or refreshed) when the cast completes, or null.
 * @param consumesAura aura removed when the cast completes, after its damage, or null.
 * @param offGcd       whether the spell ignores and does not trigger the GCD; usable while the GCD runs.
 */
public record SpellSpec(
    String name,
    long castTimeMs,
    long gcdMs,
    long cooldownMs,
    List<ResourceAmount> costs,
    List<ResourceAmount> gains,
    double damageMin,
    double damageMax,
    double coefficient,
    boolean canCrit,
    String appliesAura,
    String consumesAura,
    boolean offGcd)
{
    /** Default {@link #gcdMs()}. */
    public static final long DEFAULT_GCD_MS = 1500;

    /**
     * Copies the lists so the spec is immutable.
     */
    public SpellSpec
    {
        costs = List.copyOf(costs);
        gains = List.copyOf(gains);
    }

    /**
     * @param name unique name.
     * @return a builder of an instant, 1.5 s GCD spell with no cost, cooldown or effect, able to crit.
     */
    public static Builder builder(final String name)
    {
        return new Builder(name);
    }

    /**
     * Mutable builder of a {@link SpellSpec}. Not threadsafe.
     */
    public static final class Builder
    {
        private final String name;
        private long castTimeMs;
        private long gcdMs = DEFAULT_GCD_MS;
        private long cooldownMs;
        private final List<ResourceAmount> costs = new ArrayList<>();
        private final List<ResourceAmount> gains = new ArrayList<>();
        private double damageMin;
        private double damageMax;
        private double coefficient;
        private boolean canCrit = true;
        private String appliesAura;
        private String consumesAura;
        private boolean offGcd;

        private Builder(final String name)
        {
            this.name = name;
        }

        /**
         * @param castTimeMs base cast time.
         * @return this.
         */
        public Builder castTimeMs(final long castTimeMs)
        {
            this.castTimeMs = castTimeMs;
            return this;
        }

        /**
         * @param gcdMs base GCD.
         * @return this.
         */
        public Builder gcdMs(final long gcdMs)
        {
            this.gcdMs = gcdMs;
            return this;
        }

        /**
         * @param cooldownMs cooldown.
         * @return this.
         */
        public Builder cooldownMs(final long cooldownMs)
        {
            this.cooldownMs = cooldownMs;
            return this;
        }

        /**
         * @param resource resource name.
         * @param amount   paid at completion.
         * @return this.
         */
        public Builder cost(final String resource, final double amount)
        {
            costs.add(new ResourceAmount(resource, amount));
            return this;
        }

        /**
         * @param resource resource name.
         * @param amount   generated at completion.
         * @return this.
         */
        public Builder gain(final String resource, final double amount)
        {
            gains.add(new ResourceAmount(resource, amount));
            return this;
        }

        /**
         * @param min least base damage.
         * @param max most base damage.
         * @return this.
         */
        public Builder damage(final double min, final double max)
        {
            this.damageMin = min;
            this.damageMax = max;
            return this;
        }

        /**
         * @param coefficient multiplier of the character's power added to the damage.
         * @return this.
         */
        public Builder coefficient(final double coefficient)
        {
            this.coefficient = coefficient;
            return this;
        }

        /**
         * @param canCrit whether the direct damage may crit.
         * @return this.
         */
        public Builder canCrit(final boolean canCrit)
        {
            this.canCrit = canCrit;
            return this;
        }

        /**
         * @param aura applied at completion.
         * @return this.
         */
        public Builder appliesAura(final String aura)
        {
            this.appliesAura = aura;
            return this;
        }

        /**
         * @param aura removed at completion.
         * @return this.
         */
        public Builder consumesAura(final String aura)
        {
            this.consumesAura = aura;
            return this;
        }

        /**
         * @param offGcd whether the spell is off the GCD.
         * @return this.
         */
        public Builder offGcd(final boolean offGcd)
        {
            this.offGcd = offGcd;
            return this;
        }

        /**
         * @return the spec; validated when put into a {@link CombatSpec}.
         */
        public SpellSpec build()
        {
            return new SpellSpec(name, castTimeMs, gcdMs, cooldownMs, costs, gains, damageMin, damageMax,
                coefficient, canCrit, appliesAura, consumesAura, offGcd);
        }
    }
}
