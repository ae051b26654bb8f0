package io.concurrengine.model.combat.spec;

/**
 * What gives a proc the chance to fire.
 */
public enum ProcTrigger
{
    /** A spell's cast completes (optionally one named spell). */
    CAST,
    /** A spell deals direct damage (optionally one named spell). */
    HIT,
    /** A spell's direct damage is a critical strike (optionally one named spell). */
    CRIT,
    /** A periodic aura ticks (optionally one named aura). */
    TICK,
    /** An auto-attack swing lands. */
    AUTO_ATTACK
}
