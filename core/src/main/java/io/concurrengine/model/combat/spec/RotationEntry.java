package io.concurrengine.model.combat.spec;

import java.util.List;

/**
 * One line of the priority list: cast {@code spell} if it is off cooldown, affordable, allowed by the GCD, and every
 * condition holds. The first such line wins.
 *
 * @param spell      name of the spell to cast.
 * @param conditions all must hold; may be empty.
 */
public record RotationEntry(String spell, List<Condition> conditions)
{
    /**
     * Copies the list so the entry is immutable.
     */
    public RotationEntry
    {
        conditions = List.copyOf(conditions);
    }

    /**
     * @param spell      name of the spell.
     * @param conditions all must hold.
     * @return the entry.
     */
    public static RotationEntry cast(final String spell, final Condition... conditions)
    {
        return new RotationEntry(spell, List.of(conditions));
    }
}
