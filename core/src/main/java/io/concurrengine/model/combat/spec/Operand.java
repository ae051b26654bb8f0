package io.concurrengine.model.combat.spec;

/**
 * The quantity a rotation {@link Condition} compares with a number.
 */
public enum Operand
{
    /** Current amount of a resource (argument: resource name), with regeneration up to now. */
    RESOURCE,
    /** Stacks of an aura (argument: aura name); 0 when missing. */
    AURA_STACKS,
    /** Milliseconds until an aura expires (argument: aura name); 0 when missing. */
    AURA_REMAINING,
    /** Milliseconds until a spell's cooldown ends (argument: spell name); 0 when ready. */
    COOLDOWN_REMAINING,
    /** Target health in percent: falls linearly from 100 at the start to 0 at the end of the encounter. */
    TARGET_HEALTH_PCT
}
