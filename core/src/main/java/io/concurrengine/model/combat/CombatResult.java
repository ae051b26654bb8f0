package io.concurrengine.model.combat;

/**
 * Results of the last iteration of a {@link CombatSimulation}: a view over its state, overwritten by the next
 * iteration. Copy what must be kept.
 * <p>
 * Damage sources are the spells (ids {@code [0, spellCount)}), the aura ticks, the procs and the auto-attack; see
 * {@link #sourceName(int)}. Not threadsafe.
 */
public final class CombatResult
{
    private final CombatState state;
    private long events;

    CombatResult(final CombatState state)
    {
        this.state = state;
    }

    void events(final long events)
    {
        this.events = events;
    }

    /**
     * @return length of the fight in ms.
     */
    public long encounterMs()
    {
        return state.encounterMs;
    }

    /**
     * @return damage dealt before the fight ended.
     */
    public double totalDamage()
    {
        return state.totalDamage;
    }

    /**
     * The product {@code total * 1000} overflows for a finite total above {@code Double.MAX_VALUE / 1000}, whose DPS
     * over a fight of a second or more is finite: it is then divided first. Only then, so that every other DPS keeps
     * its bits.
     *
     * @return damage per second of the fight; infinite only if the total is, or the DPS of a fight shorter than a
     * second is beyond the largest {@code double}.
     */
    public double dps()
    {
        final double totalDamage = state.totalDamage;
        final double dps = totalDamage * 1000.0 / state.encounterMs;
        return Double.isInfinite(dps) && Double.isFinite(totalDamage) ? totalDamage / state.encounterMs * 1000.0 : dps;
    }

    /**
     * @return events dispatched by the iteration.
     */
    public long events()
    {
        return events;
    }

    /**
     * @return number of spells; spell ids are {@code [0, spellCount)}.
     */
    public int spellCount()
    {
        return state.spec.spellCount;
    }

    /**
     * @param spell spell id.
     * @return casts of the spell completed.
     */
    public long casts(final int spell)
    {
        return state.casts[spell];
    }

    /**
     * @return number of damage sources.
     */
    public int sourceCount()
    {
        return state.spec.sourceCount;
    }

    /**
     * @param source damage source id.
     * @return its name: the spell, aura or proc name, or {@code auto_attack}.
     */
    public String sourceName(final int source)
    {
        return state.spec.sourceNames[source];
    }

    /**
     * @param source damage source id.
     * @return {@code spell}, {@code tick} (an aura's periodic damage), {@code proc} or {@code auto_attack}.
     */
    public String sourceKind(final int source)
    {
        final CompiledSpec spec = state.spec;
        if (source < spec.spellCount)
        {
            return "spell";
        }
        if (source < spec.spellCount + spec.auraCount)
        {
            return "tick";
        }
        return source < spec.autoAttackSource ? "proc" : "auto_attack";
    }

    /**
     * @param source damage source id.
     * @return damage it dealt.
     */
    public double damage(final int source)
    {
        return state.damage[source];
    }

    /**
     * @return number of procs.
     */
    public int procCount()
    {
        return state.spec.procCount;
    }

    /**
     * @param proc proc id.
     * @return times it fired.
     */
    public long procs(final int proc)
    {
        return state.procs[proc];
    }
}
