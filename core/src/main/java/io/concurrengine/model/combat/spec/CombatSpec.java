package io.concurrengine.model.combat.spec;

import java.util.List;

/**
 * A whole character for the combat model: stats, resources, spells, auras, procs and the priority list.
 * Immutable and threadsafe once built; validated at construction.
 * <p>
 * Every problem is reported as a {@link SpecException} naming the key by its path in the spec file's schema, e.g.
 * {@code spells[2].applies_aura}: names unique per kind, references resolvable, durations and amounts in range.
 *
 * @param character base stats and weapon.
 * @param resources resource pools, in id order.
 * @param spells    spells, in id order.
 * @param auras     auras, in id order.
 * @param procs     procs, in id order.
 * @param rotation  priority list, highest first; at least one entry.
 */
public record CombatSpec(
    CharacterSpec character,
    List<ResourceSpec> resources,
    List<SpellSpec> spells,
    List<AuraSpec> auras,
    List<ProcSpec> procs,
    List<RotationEntry> rotation)
{
    /**
     * Longest time a spec may give in milliseconds (a cast, GCD, cooldown, aura duration, tick, swing, internal
     * cooldown or wait), 10<sup>12</sup> ms (about 31 years): far beyond any fight, so "never again within the fight"
     * can be written, and far enough from the end of the {@code long} range that the times the model adds to the clock
     * (the end of a cooldown, a cast slowed by haste, an expiry extended by millions of refreshes) stay clear of it
     * instead of wrapping into the past.
     */
    public static final long MAX_TIME_MS = 1_000_000_000_000L;

    /**
     * Copies the lists and validates the whole spec.
     *
     * @throws SpecException naming the first invalid key.
     */
    public CombatSpec
    {
        resources = List.copyOf(resources);
        spells = List.copyOf(spells);
        auras = List.copyOf(auras);
        procs = List.copyOf(procs);
        rotation = List.copyOf(rotation);
        new SpecValidator(character, resources, spells, auras, procs, rotation).validate();
    }

    /**
     * @param name resource name.
     * @return its id, or -1 if none has that name.
     */
    public int resourceId(final String name)
    {
        for (int i = 0; i < resources.size(); i++)
        {
            if (resources.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param name spell name.
     * @return its id, or -1 if none has that name.
     */
    public int spellId(final String name)
    {
        for (int i = 0; i < spells.size(); i++)
        {
            if (spells.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param name aura name.
     * @return its id, or -1 if none has that name.
     */
    public int auraId(final String name)
    {
        for (int i = 0; i < auras.size(); i++)
        {
            if (auras.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * @param name proc name.
     * @return its id, or -1 if none has that name.
     */
    public int procId(final String name)
    {
        for (int i = 0; i < procs.size(); i++)
        {
            if (procs.get(i).name().equals(name))
            {
                return i;
            }
        }
        return -1;
    }
}
