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
 * When nothing is usable on {@code PlayerReady} the decision is a Wait until the earliest time a listed spell's
 * cooldown, the GCD or regeneration could make it usable, but at most {@code max_wait_ms} ahead so that conditions
 * that time alone cannot predict (procs, resources from auto-attacks) are re-read.
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
            final double right = value[c];
            final boolean holds;
            switch (comparison[c])
            {
                case COMPARE_LT:
                    holds = left < right;
                    break;
                case COMPARE_LE:
                    holds = left <= right;
                    break;
                case COMPARE_GT:
                    holds = left > right;
                    break;
                default:
                    holds = left >= right;
                    break;
            }
            if (!holds)
            {
                return false;
            }
        }
        return true;
    }

    private long wakeTime(final long now)
    {
        final CombatState state = this.state;
        long wake = now + spec.maxWaitMs;
        for (final int spell : entrySpell)
        {
            long at = Math.max(state.cooldownReadyAt[spell], affordableAt(spell, now));
            if (!spec.offGcd[spell])
            {
                at = Math.max(at, state.gcdReadyAt);
            }
            if (at > now && at < wake)
            {
                wake = at;
            }
        }
        return wake;
    }

    /**
     * The earliest time regeneration alone makes the spell affordable, or {@link Long#MAX_VALUE} if it never does.
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
                at = Math.max(at, now + (long)Math.ceil(missing / rate));
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
