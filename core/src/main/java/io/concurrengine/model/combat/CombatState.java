package io.concurrengine.model.combat;

import io.concurrengine.core.rng.RppmState;
import io.concurrengine.core.wheel.EventWheel;

import java.util.Arrays;

/**
 * Everything one iteration changes, in arrays preallocated per resource, spell, aura, proc and damage source, reset
 * in place by {@link #reset(long)}: no allocation after construction.
 * <p>
 * Resources regenerate lazily: an amount is stored with the time it was last settled and read as
 * {@code min(max, amount + regen * elapsed)}; every change of haste settles the haste-scaled ones first.
 * <p>
 * An aura is active while its stacks are positive. Each application (or refresh, or removal) bumps its application
 * number, carried by the {@code AuraExpire} it schedules, so an expiry scheduled before is recognised as stale. Each
 * activation (or removal) bumps its chain number, carried by its {@code AuraTick}s, so a refresh keeps the tick
 * cadence while a removal orphans the pending tick; so does an expiry that deals the tick due at its instant, whose
 * proc applied the aura again, since the tick it dealt is still pending.
 * <p>
 * Not threadsafe: belongs to one simulation.
 */
final class CombatState
{
    /** Tolerance of the affordability test against the rounding of lazy regeneration. */
    static final double AFFORD_EPSILON = 1e-9;

    final CompiledSpec spec;

    long encounterMs;
    long gcdReadyAt;
    boolean casting;
    boolean waiting;
    long waitHandle;
    double haste;
    double damageMultiplier;
    double critChance;

    final double[] resourceAmount;
    final long[] resourceStamp;
    final long[] cooldownReadyAt;

    final int[] stacks;
    final long[] expiresAt;
    final long[] applyNumber;
    final long[] chainNumber;
    final long[] nextTickAt;
    final boolean[] tickPending;

    final long[] procReadyAt;
    final RppmState[] rppm;

    double totalDamage;
    final double[] damage;
    final long[] casts;
    final long[] procs;

    CombatState(final CompiledSpec spec)
    {
        this.spec = spec;
        resourceAmount = new double[spec.resourceCount];
        resourceStamp = new long[spec.resourceCount];
        cooldownReadyAt = new long[spec.spellCount];
        stacks = new int[spec.auraCount];
        expiresAt = new long[spec.auraCount];
        applyNumber = new long[spec.auraCount];
        chainNumber = new long[spec.auraCount];
        nextTickAt = new long[spec.auraCount];
        tickPending = new boolean[spec.auraCount];
        procReadyAt = new long[spec.procCount];
        rppm = new RppmState[spec.procCount];
        for (int p = 0; p < spec.procCount; p++)
        {
            rppm[p] = new RppmState(spec.procRppm[p], spec.procHasteScaled[p], true);
        }
        damage = new double[spec.sourceCount];
        casts = new long[spec.spellCount];
        procs = new long[spec.procCount];
    }

    /**
     * Return to the start of a fight at time 0. O(ids); allocates nothing.
     *
     * @param encounterMs length of the coming fight.
     */
    void reset(final long encounterMs)
    {
        this.encounterMs = encounterMs;
        gcdReadyAt = 0;
        casting = false;
        waiting = false;
        waitHandle = EventWheel.NULL_HANDLE;
        haste = spec.baseHaste;
        damageMultiplier = 1.0;
        critChance = spec.baseCrit;
        System.arraycopy(spec.resourceInitial, 0, resourceAmount, 0, resourceAmount.length);
        Arrays.fill(resourceStamp, 0);
        Arrays.fill(cooldownReadyAt, 0);
        Arrays.fill(stacks, 0);
        Arrays.fill(expiresAt, 0);
        Arrays.fill(applyNumber, 0);
        Arrays.fill(chainNumber, 0);
        Arrays.fill(nextTickAt, 0);
        Arrays.fill(tickPending, false);
        Arrays.fill(procReadyAt, 0);
        for (final RppmState state : rppm)
        {
            state.reset(0);
        }
        totalDamage = 0;
        Arrays.fill(damage, 0);
        Arrays.fill(casts, 0);
        Arrays.fill(procs, 0);
    }

    /**
     * @param r   resource id.
     * @param now the clock.
     * @return the amount with regeneration up to now, capped at the maximum.
     */
    double resource(final int r, final long now)
    {
        final double amount = resourceAmount[r] + regenPerMs(r) * (now - resourceStamp[r]);
        final double max = spec.resourceMax[r];
        return amount < max ? amount : max;
    }

    /**
     * Add (or, with a negative delta, remove) an amount, keeping it within [0, max].
     *
     * @param r     resource id.
     * @param delta amount to add.
     * @param now   the clock.
     */
    void addResource(final int r, final double delta, final long now)
    {
        final double amount = resource(r, now) + delta;
        resourceAmount[r] = amount < 0 ? 0 : Math.min(amount, spec.resourceMax[r]);
        resourceStamp[r] = now;
    }

    /**
     * @param r resource id.
     * @return regeneration per ms at the live haste.
     */
    double regenPerMs(final int r)
    {
        return spec.regenHasteScaled[r] ? spec.regenPerMs[r] * haste : spec.regenPerMs[r];
    }

    /**
     * @param a   aura id.
     * @param now the clock.
     * @return milliseconds until the aura expires; 0 if it is missing.
     */
    long auraRemaining(final int a, final long now)
    {
        return stacks[a] > 0 ? expiresAt[a] - now : 0;
    }

    /**
     * @param now the clock.
     * @return target health in percent, falling linearly from 100 to 0 over the encounter.
     */
    double targetHealthPct(final long now)
    {
        return 100.0 * (encounterMs - now) / encounterMs;
    }

    /**
     * Recompute haste, damage and crit from the active modifier auras, after settling haste-scaled regeneration.
     *
     * @param now the clock.
     */
    void recomputeModifiers(final long now)
    {
        final CompiledSpec spec = this.spec;
        double haste = spec.baseHaste;
        double damage = 1.0;
        double crit = spec.baseCrit;
        for (final int a : spec.modifierAuras)
        {
            final int n = stacks[a];
            if (n > 0)
            {
                haste *= 1.0 + spec.hastePct[a] * n / 100.0;
                damage *= 1.0 + spec.damagePct[a] * n / 100.0;
                crit += spec.critPct[a] * n / 100.0;
            }
        }
        if (haste != this.haste)
        {
            for (int r = 0; r < spec.resourceCount; r++)
            {
                if (spec.regenHasteScaled[r])
                {
                    addResource(r, 0, now);
                }
            }
            this.haste = haste;
        }
        damageMultiplier = damage;
        critChance = crit;
    }
}
