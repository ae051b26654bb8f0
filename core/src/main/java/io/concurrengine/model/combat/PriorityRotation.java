package io.concurrengine.model.combat;

import io.concurrengine.model.combat.spec.CombatSpec;
import io.concurrengine.model.combat.spec.Condition;
import io.concurrengine.model.combat.spec.RotationEntry;

import java.util.List;

/**
 * The priority list compiled into int opcode arrays: entry {@code e} casts {@code entrySpell[e]} if the spell is
 * usable (off cooldown, affordable, and, unless off-GCD, the GCD is over) and conditions
 * {@code [conditionStart[e], conditionStart[e + 1])} all hold. Each condition is an operand code, an argument id, a
 * comparison code and a number, evaluated by two switches: no objects, no virtual calls, no allocation.
 * <p>
 * When nothing is usable on {@code PlayerReady} the decision is a Wait until the earliest time some entry could be:
 * its cooldown, the GCD, regeneration towards its costs, and the first ms at which time alone turns its false
 * conditions true (remaining times and target health fall, regenerating resources rise). Changes that time does not
 * predict (resource gains, auras gained or lost) wake a waiting player at once through the handler. So the player
 * never polls; {@code max_wait_ms}, when positive, caps every wait anyway.
 * <p>
 * O(entries + conditions) per decision. Not threadsafe: belongs to one simulation.
 */
final class PriorityRotation implements ActionPolicy
{
    private static final int OPERAND_RESOURCE = 0;
    private static final int OPERAND_AURA_STACKS = 1;
    private static final int OPERAND_AURA_REMAINING = 2;
    private static final int OPERAND_COOLDOWN_REMAINING = 3;

    private static final int COMPARE_LT = 0;
    private static final int COMPARE_LE = 1;
    private static final int COMPARE_GT = 2;

    /** Steps from the estimated crossing to the exact ms; the estimate is off by at most a rounding. */
    private static final int MAX_STEPS = 4;

    private final CombatState state;
    private final CompiledSpec spec;
    private final int[] entrySpell;
    private final int[] conditionStart;
    private final int[] operand;
    private final int[] argument;
    private final int[] comparison;
    private final double[] value;
    private final double[] current;

    PriorityRotation(final CombatState state)
    {
        this.state = state;
        this.spec = state.spec;
        final CombatSpec combatSpec = spec.spec;
        final List<RotationEntry> entries = combatSpec.rotation();
        int conditions = 0;
        for (final RotationEntry entry : entries)
        {
            conditions += entry.conditions().size();
        }
        entrySpell = new int[entries.size()];
        conditionStart = new int[entries.size() + 1];
        operand = new int[conditions];
        argument = new int[conditions];
        comparison = new int[conditions];
        value = new double[conditions];
        current = new double[spec.resourceCount];

        int c = 0;
        for (int e = 0; e < entries.size(); e++)
        {
            final RotationEntry entry = entries.get(e);
            entrySpell[e] = combatSpec.spellId(entry.spell());
            for (final Condition condition : entry.conditions())
            {
                operand[c] = condition.operand().ordinal();
                argument[c] = argumentId(combatSpec, condition);
                comparison[c] = condition.comparison().ordinal();
                value[c] = condition.value();
                c++;
            }
            conditionStart[e + 1] = c;
        }
    }

    @Override
    public long decide(final long now, final boolean offGcdOnly)
    {
        final CombatState state = this.state;
        final CompiledSpec spec = this.spec;
        final int[] entrySpell = this.entrySpell;
        final double[] current = this.current;
        for (int r = 0; r < current.length; r++)
        {
            current[r] = state.resource(r, now);
        }
        final boolean gcdRunning = offGcdOnly || now < state.gcdReadyAt;
        for (int e = 0; e < entrySpell.length; e++)
        {
            final int spell = entrySpell[e];
            if ((gcdRunning && !spec.offGcd[spell]) ||
                state.cooldownReadyAt[spell] > now ||
                !affordable(spell) ||
                !conditionsHold(e, now))
            {
                continue;
            }
            return SpecAction.cast(spell);
        }
        return offGcdOnly ? SpecAction.NONE : SpecAction.waitUntil(wakeTime(now));
    }

    private boolean affordable(final int spell)
    {
        final CompiledSpec spec = this.spec;
        final double[] current = this.current;
        for (int c = spec.costStart[spell], end = spec.costStart[spell + 1]; c < end; c++)
        {
            if (current[spec.costResource[c]] + CombatState.AFFORD_EPSILON < spec.costAmount[c])
            {
                return false;
            }
        }
        return true;
    }

    private boolean conditionsHold(final int entry, final long now)
    {
        final CombatState state = this.state;
        final double[] current = this.current;
        for (int c = conditionStart[entry], end = conditionStart[entry + 1]; c < end; c++)
        {
            final int arg = argument[c];
            final double left;
            switch (operand[c])
            {
                case OPERAND_RESOURCE:
                    left = current[arg];
                    break;
                case OPERAND_AURA_STACKS:
                    left = state.stacks[arg];
                    break;
                case OPERAND_AURA_REMAINING:
                    left = state.auraRemaining(arg, now);
                    break;
                case OPERAND_COOLDOWN_REMAINING:
                    left = Math.max(0, state.cooldownReadyAt[arg] - now);
                    break;
                default:
                    left = state.targetHealthPct(now);
                    break;
            }
            if (!compare(comparison[c], left, value[c]))
            {
                return false;
            }
        }
        return true;
    }

    private static boolean compare(final int comparison, final double left, final double right)
    {
        switch (comparison)
        {
            case COMPARE_LT:
                return left < right;
            case COMPARE_LE:
                return left <= right;
            case COMPARE_GT:
                return left > right;
            default:
                return left >= right;
        }
    }

    /**
     * When nothing is usable: the earliest time any entry could be, from its spell's cooldown, the GCD, regeneration
     * towards its costs and the time its false conditions turn true by the passage of time alone. What time alone
     * does not change (resource gains, auras gained or lost) wakes the player through the handler, so an entry that
     * only such a change can unblock does not bound the wait. Capped at {@code max_wait_ms} when that is positive.
     */
    private long wakeTime(final long now)
    {
        final CombatState state = this.state;
        final int[] entrySpell = this.entrySpell;
        long wake = spec.maxWaitMs > 0 ? now + spec.maxWaitMs : Long.MAX_VALUE;
        for (int e = 0; e < entrySpell.length; e++)
        {
            final int spell = entrySpell[e];
            long at = Math.max(state.cooldownReadyAt[spell], affordableAt(spell, now));
            if (!spec.offGcd[spell])
            {
                at = Math.max(at, state.gcdReadyAt);
            }
            if (at < wake)
            {
                at = Math.max(at, conditionsAt(e, now));
                if (at < wake)
                {
                    wake = at;
                }
            }
        }
        return wake;
    }

    /**
     * The earliest time at or after now by which every false condition of an entry may have turned true with time
     * alone; {@link Long#MAX_VALUE} if one never does.
     */
    private long conditionsAt(final int entry, final long now)
    {
        long at = now;
        for (int c = conditionStart[entry], end = conditionStart[entry + 1]; c < end; c++)
        {
            if (!holdsAt(c, now))
            {
                at = Math.max(at, turnsTrueAt(c, now));
                if (Long.MAX_VALUE == at)
                {
                    return at;
                }
            }
        }
        return at;
    }

    /**
     * For a false condition: the first ms after now at which time alone makes it hold, or {@link Long#MAX_VALUE}.
     * Every time-driven operand is monotonic (remaining times and target health fall, a regenerating resource rises
     * until full), so the crossing is estimated in double arithmetic, started a little early, and stepped forward to
     * the first ms at which {@link #holdsAt(int, long)} agrees: exact whatever the rounding. A condition past where
     * its operand stops (a resource above its maximum, a remaining time below 0, or at either with a strict comparison)
     * never turns true, nor does one that would only beyond the {@code long} range (a resource regenerating 1e-15 a
     * second, say).
     */
    private long turnsTrueAt(final int c, final long now)
    {
        final CombatState state = this.state;
        final int arg = argument[c];
        final boolean below = COMPARE_LT == comparison[c] || COMPARE_LE == comparison[c];
        final boolean strict = COMPARE_LT == comparison[c] || COMPARE_GT == comparison[c];
        final double v = value[c];
        final double estimate;
        switch (operand[c])
        {
            case OPERAND_RESOURCE:
                final double rate = state.regenPerMs(arg);
                if (below || !(rate > 0) || v > spec.resourceMax[arg] || (strict && v == spec.resourceMax[arg]))
                {
                    return Long.MAX_VALUE;
                }
                estimate = now + (v - current[arg]) / rate;
                break;
            case OPERAND_AURA_REMAINING:
                if (!below || 0 == state.stacks[arg] || v < 0 || (strict && 0 == v))
                {
                    return Long.MAX_VALUE;
                }
                estimate = state.expiresAt[arg] - v;
                break;
            case OPERAND_COOLDOWN_REMAINING:
                if (!below || v < 0 || (strict && 0 == v))
                {
                    return Long.MAX_VALUE;
                }
                estimate = state.cooldownReadyAt[arg] - v;
                break;
            case OPERAND_AURA_STACKS:
                return Long.MAX_VALUE;
            default:
                if (!below)
                {
                    return Long.MAX_VALUE;
                }
                estimate = state.encounterMs * (1.0 - v / 100.0);
                break;
        }
        if (!(estimate < Long.MAX_VALUE))
        {
            return Long.MAX_VALUE; // only beyond the long range, where stepping on from the estimate would wrap
        }
        long t = Math.max(now + 1, (long)Math.floor(estimate) - 1);
        for (int step = 0; step < MAX_STEPS && !holdsAt(c, t); step++)
        {
            t++;
        }
        return t;
    }

    /**
     * Whether condition {@code c} holds at time {@code t}, now or later, if nothing but time changes.
     */
    private boolean holdsAt(final int c, final long t)
    {
        final CombatState state = this.state;
        final int arg = argument[c];
        final double left;
        switch (operand[c])
        {
            case OPERAND_RESOURCE:
                left = state.resource(arg, t);
                break;
            case OPERAND_AURA_STACKS:
                left = state.stacks[arg];
                break;
            case OPERAND_AURA_REMAINING:
                left = state.stacks[arg] > 0 ? Math.max(0, state.expiresAt[arg] - t) : 0;
                break;
            case OPERAND_COOLDOWN_REMAINING:
                left = Math.max(0, state.cooldownReadyAt[arg] - t);
                break;
            default:
                left = state.targetHealthPct(t);
                break;
        }
        return compare(comparison[c], left, value[c]);
    }

    /**
     * The earliest time regeneration alone makes the spell affordable, or {@link Long#MAX_VALUE} if it never does,
     * or only beyond the {@code long} range (a rate so slow, 1e-15 a second say, that it does not in any fight).
     */
    private long affordableAt(final int spell, final long now)
    {
        final CompiledSpec spec = this.spec;
        long at = now;
        for (int c = spec.costStart[spell], end = spec.costStart[spell + 1]; c < end; c++)
        {
            final int r = spec.costResource[c];
            final double missing = spec.costAmount[c] - current[r];
            if (missing > CombatState.AFFORD_EPSILON)
            {
                final double rate = state.regenPerMs(r);
                if (!(rate > 0) || spec.costAmount[c] > spec.resourceMax[r])
                {
                    return Long.MAX_VALUE;
                }
                final double wait = Math.ceil(missing / rate);
                if (!(wait < Long.MAX_VALUE - now))
                {
                    return Long.MAX_VALUE; // beyond the long range: now + wait would wrap to a time before now
                }
                at = Math.max(at, now + (long)wait);
            }
        }
        return at;
    }

    private static int argumentId(final CombatSpec spec, final Condition condition)
    {
        switch (condition.operand())
        {
            case RESOURCE:
                return spec.resourceId(condition.argument());
            case AURA_STACKS:
            case AURA_REMAINING:
                return spec.auraId(condition.argument());
            case COOLDOWN_REMAINING:
                return spec.spellId(condition.argument());
            default:
                return CompiledSpec.NONE;
        }
    }
}
