package io.concurrengine.model.combat.spec;

/**
 * An amount of a named resource: one cost or one gain of a spell.
 *
 * @param resource name of a {@link ResourceSpec}.
 * @param amount   positive amount.
 */
public record ResourceAmount(String resource, double amount)
{
}
