package io.concurrengine.model.combat.spec;

/**
 * A resource pool such as mana, energy, rage or combo points.
 *
 * @param name             unique name, referenced by spells, conditions and the auto-attack; a
 *                         {@link RotationParser#isName}, not a {@link RotationParser#isConditionWord}.
 * @param max              capacity, positive.
 * @param initial          amount at the start of an iteration, in [0, max].
 * @param regenPerSecond   passive regeneration per second, non-negative; computed lazily from elapsed time.
 * @param regenHasteScaled whether regeneration is multiplied by the live haste multiplier (energy-like); only
 *                         with a positive {@code regenPerSecond}.
 */
public record ResourceSpec(String name, double max, double initial, double regenPerSecond, boolean regenHasteScaled)
{
    /**
     * A resource whose regeneration ignores haste.
     *
     * @param name           unique name.
     * @param max            capacity.
     * @param initial        starting amount.
     * @param regenPerSecond regeneration per second.
     * @return the spec.
     */
    public static ResourceSpec of(
        final String name, final double max, final double initial, final double regenPerSecond)
    {
        return new ResourceSpec(name, max, initial, regenPerSecond, false);
    }
}
