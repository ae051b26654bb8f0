package io.concurrengine.model.combat;

/**
 * Decides what the player does when asked: the seed's {@code on_player_ready}. Returns a {@link SpecAction}.
 * Called on the simulation's thread only; must not allocate.
 */
@FunctionalInterface
interface ActionPolicy
{
    /**
     * @param now        the clock.
     * @param offGcdOnly true on {@code OffGcdReady}: only off-GCD spells may be chosen, and a Wait is ignored.
     * @return an encoded {@link SpecAction}.
     */
    long decide(long now, boolean offGcdOnly);
}
