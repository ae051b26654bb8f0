package io.concurrengine.model.combat.spec;

/**
 * What re-applying an active aura does to its expiry. Stacks are added (up to the maximum) whatever the rule.
 */
public enum RefreshRule
{
    /** New expiry = now + duration + min(remaining, 30 % of duration): the remainder carries over, capped. */
    PANDEMIC,
    /** New expiry = now + duration: the remainder is lost. */
    RESET,
    /** New expiry = old expiry + duration: the whole remainder carries over, uncapped. */
    EXTEND,
    /** The expiry is kept: only stacks change. */
    KEEP
}
