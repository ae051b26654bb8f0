package io.concurrengine.model.combat;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.EventHandler;
import io.concurrengine.core.rng.SimRng;
import io.concurrengine.core.rng.Stochastic;
import io.concurrengine.core.wheel.EventWheel;
import io.concurrengine.model.combat.spec.RefreshRule;

import static io.concurrengine.model.combat.CombatEvents.AURA_EXPIRE;
import static io.concurrengine.model.combat.CombatEvents.AURA_TICK;
import static io.concurrengine.model.combat.CombatEvents.AUTO_ATTACK;
import static io.concurrengine.model.combat.CombatEvents.CAST_COMPLETE;
import static io.concurrengine.model.combat.CombatEvents.CAST_START;
import static io.concurrengine.model.combat.CombatEvents.COOLDOWN_READY;
import static io.concurrengine.model.combat.CombatEvents.OFF_GCD_READY;
import static io.concurrengine.model.combat.CombatEvents.ORIGIN_OFF_GCD_READY;
import static io.concurrengine.model.combat.CombatEvents.ORIGIN_PLAYER_READY;
import static io.concurrengine.model.combat.CombatEvents.PLAYER_READY;
import static io.concurrengine.model.combat.CompiledSpec.NONE;

/**
 * The eight event arms of the combat model: one switch on the event type, then primitive array work on the
 * {@link CombatState}. Everything a cast does (cost, GCD, cooldown, damage, auras, procs) happens on
 * {@code CastComplete}; {@code CastStart} only schedules the completion.
 * <p>
 * Zero allocation per event. Not threadsafe: belongs to one simulation.
 */
final class CombatHandler implements EventHandler
{
    private static final long PLAYER = 0;
    private static final int PANDEMIC = RefreshRule.PANDEMIC.ordinal();
    private static final int RESET = RefreshRule.RESET.ordinal();
    private static final int EXTEND = RefreshRule.EXTEND.ordinal();

    /**
     * Latest expiry of an aura, half the {@code long} range: one that extend refreshes carry further (some 9.2 million
     * of a 10^12 ms aura) stays for good, where the sum wrapped to a time before now and the aura ended at once.
     */
    static final long MAX_EXPIRY = Long.MAX_VALUE / 2;

    private final CompiledSpec spec;
    private final CombatState state;
    private final ActionPolicy policy;
    private SimRng rng;

    CombatHandler(final CombatState state, final ActionPolicy policy)
    {
        this.spec = state.spec;
        this.state = state;
        this.policy = policy;
    }

    /**
     * Begin an iteration: the seed's {@code on_sim_start} then {@code PlayerReady{t:0}}, and the first swing.
     *
     * @param rng     drives every roll of the iteration.
     * @param context the loop, its wheel reset to time 0.
     */
    void start(final SimRng rng, final EventContext context)
    {
        this.rng = rng;
        context.scheduleAt(0, PLAYER_READY, PLAYER);
        if (spec.weaponSpeedMs > 0)
        {
            context.scheduleAt(0, AUTO_ATTACK, PLAYER);
        }
    }

    @Override
    public void onEvent(final Event event, final EventContext context)
    {
        final long now = event.time();
        switch (event.type())
        {
            case PLAYER_READY:
                onReady(now, false, context);
                break;
            case OFF_GCD_READY:
                onReady(now, true, context);
                break;
            case CAST_START:
                onCastStart((int)event.a0(), event.a1(), now, context);
                break;
            case CAST_COMPLETE:
                onCastComplete((int)event.a0(), event.a1(), event.a2(), now, context);
                break;
            case COOLDOWN_READY:
                onCooldownReady((int)event.a0(), now, context);
                break;
            case AURA_TICK:
                onAuraTick((int)event.a0(), event.a1(), now, context);
                break;
            case AURA_EXPIRE:
                onAuraExpire((int)event.a0(), event.a1(), now, context);
                break;
            case AUTO_ATTACK:
                onAutoAttack(now, context);
                break;
            default:
                throw new IllegalStateException("unknown combat event type=" + event.type());
        }
    }

    private void onReady(final long now, final boolean offGcdOnly, final EventContext context)
    {
        final CombatState state = this.state;
        if (!offGcdOnly)
        {
            state.waiting = false;
        }
        if (state.casting)
        {
            return;
        }
        final long action = policy.decide(now, offGcdOnly);
        switch (SpecAction.kind(action))
        {
            case SpecAction.KIND_CAST:
                state.casting = true;
                context.scheduleAt(now, CAST_START, PLAYER, SpecAction.spellId(action),
                    offGcdOnly ? ORIGIN_OFF_GCD_READY : ORIGIN_PLAYER_READY, 0, 0);
                break;
            case SpecAction.KIND_WAIT:
                if (!offGcdOnly)
                {
                    final long until = Math.max(SpecAction.untilMs(action), now + 1);
                    state.waiting = true;
                    state.waitHandle = until < state.encounterMs ?
                        context.scheduleAt(until, PLAYER_READY, PLAYER) : EventWheel.NULL_HANDLE;
                }
                break;
            default:
                break;
        }
    }

    private void onCastStart(final int spell, final long origin, final long now, final EventContext context)
    {
        final long castMs = spec.castMs[spell];
        final long complete = 0 == castMs ? now : now + CompiledSpec.hasted(castMs, state.haste);
        context.scheduleAt(complete, CAST_COMPLETE, PLAYER, spell, now, origin, 0);
    }

    private void onCastComplete(
        final int spell, final long startTime, final long origin, final long now, final EventContext context)
    {
        final CompiledSpec spec = this.spec;
        final CombatState state = this.state;
        state.casting = false;
        state.casts[spell]++;
        for (int c = spec.costStart[spell], end = spec.costStart[spell + 1]; c < end; c++)
        {
            state.addResource(spec.costResource[c], -spec.costAmount[c], now);
        }
        for (int g = spec.gainStart[spell], end = spec.gainStart[spell + 1]; g < end; g++)
        {
            state.addResource(spec.gainResource[g], spec.gainAmount[g], now);
        }
        final long gcdMs = spec.gcdMs[spell];
        if (gcdMs > 0)
        {
            final long gcd = Math.max(CompiledSpec.hasted(gcdMs, state.haste), Math.min(gcdMs, spec.gcdFloorMs));
            state.gcdReadyAt = Math.max(startTime + gcd, now);
        }
        final long cooldownMs = spec.cooldownMs[spell];
        if (cooldownMs > 0)
        {
            state.cooldownReadyAt[spell] = now + cooldownMs;
            context.scheduleAt(now + cooldownMs, COOLDOWN_READY, PLAYER, spell, 0, 0, 0);
        }
        if (spec.dealsDamage[spell])
        {
            final boolean crit = hit(spell, roll(spec.damageMin[spell], spec.damageRange[spell]), spec.canCrit[spell]);
            triggerProcs(spec.hitProcs[spell], now, context);
            if (crit)
            {
                triggerProcs(spec.critProcs[spell], now, context);
            }
        }
        final int consumed = spec.consumesAura[spell];
        if (NONE != consumed && state.stacks[consumed] > 0)
        {
            removeAura(consumed, now, context);
        }
        final int applied = spec.appliesAura[spell];
        if (NONE != applied)
        {
            applyAura(applied, now, context);
        }
        triggerProcs(spec.castProcs[spell], now, context);
        resume(origin, now, context);
    }

    private void resume(final long origin, final long now, final EventContext context)
    {
        if (ORIGIN_PLAYER_READY == origin)
        {
            final long ready = state.gcdReadyAt;
            if (ready > now && offGcdSpellReady(now))
            {
                context.scheduleAt(now, OFF_GCD_READY, PLAYER);
            }
            context.scheduleAt(Math.max(ready, now), PLAYER_READY, PLAYER);
        }
        else
        {
            context.scheduleAt(now, OFF_GCD_READY, PLAYER);
        }
    }

    /**
     * @return true if some off-GCD spell is off cooldown: only then is an {@code OffGcdReady} worth dispatching.
     */
    private boolean offGcdSpellReady(final long now)
    {
        final int[] offGcdSpells = spec.offGcdSpells;
        for (final int spell : offGcdSpells)
        {
            if (state.cooldownReadyAt[spell] <= now)
            {
                return true;
            }
        }
        return false;
    }

    private void onCooldownReady(final int spell, final long now, final EventContext context)
    {
        if (spec.offGcd[spell] && !state.casting && now < state.gcdReadyAt)
        {
            context.scheduleAt(now, OFF_GCD_READY, PLAYER);
        }
    }

    private void onAuraTick(final int aura, final long chain, final long now, final EventContext context)
    {
        final CombatState state = this.state;
        if (chain != state.chainNumber[aura] || 0 == state.stacks[aura])
        {
            return;
        }
        tick(aura, now, context);
        tickOn(aura, chain, now, context);
    }

    /**
     * After a tick at {@code now}: the next, at now + tick / live haste, if it is not after the expiry.
     */
    private void tickOn(final int aura, final long chain, final long now, final EventContext context)
    {
        final long next = now + CompiledSpec.hastedInterval(spec.tickMs[aura], state.haste);
        state.nextTickAt[aura] = next;
        if (next <= state.expiresAt[aura])
        {
            context.scheduleAt(next, AURA_TICK, PLAYER, aura, chain, 0, 0);
        }
        else
        {
            state.tickPending[aura] = false;
        }
    }

    private void tick(final int aura, final long now, final EventContext context)
    {
        final CompiledSpec spec = this.spec;
        final double perStack = roll(spec.tickMin[aura], spec.tickRange[aura]);
        hit(spec.spellCount + aura, perStack * state.stacks[aura], spec.tickCanCrit[aura]);
        triggerProcs(spec.tickProcs[aura], now, context);
    }

    private void onAuraExpire(final int aura, final long application, final long now, final EventContext context)
    {
        final CombatState state = this.state;
        if (application != state.applyNumber[aura] || 0 == state.stacks[aura])
        {
            return;
        }
        if (state.tickPending[aura] && state.nextTickAt[aura] == now)
        {
            tick(aura, now, context);
            if (application != state.applyNumber[aura])
            {
                // a proc of that tick applied the aura again: it stays, as it does when the tick comes first, and
                // ticks on; a new chain number orphans the tick due now, dealt here
                tickOn(aura, ++state.chainNumber[aura], now, context);
                return;
            }
        }
        removeAura(aura, now, context);
    }

    private void onAutoAttack(final long now, final EventContext context)
    {
        final CompiledSpec spec = this.spec;
        hit(spec.autoAttackSource, roll(spec.weaponMin, spec.weaponRange), true);
        if (NONE != spec.autoResource)
        {
            state.addResource(spec.autoResource, spec.autoGain, now);
            wake(now, context);
        }
        triggerProcs(spec.autoProcs, now, context);
        context.scheduleAt(now + CompiledSpec.hastedInterval(spec.weaponSpeedMs, state.haste), AUTO_ATTACK, PLAYER);
    }

    /**
     * Apply one stack of an aura, or refresh it by its rule; schedules the expiry and, when it becomes active and
     * ticks, its first tick.
     */
    private void applyAura(final int aura, final long now, final EventContext context)
    {
        final CompiledSpec spec = this.spec;
        final CombatState state = this.state;
        final long duration = spec.auraDurationMs[aura];
        final long application = ++state.applyNumber[aura];
        final int stacks = state.stacks[aura];
        if (0 == stacks)
        {
            state.stacks[aura] = 1;
            state.expiresAt[aura] = now + duration;
            final long chain = ++state.chainNumber[aura];
            if (spec.tickMs[aura] > 0)
            {
                scheduleTick(aura, chain, now + CompiledSpec.hastedInterval(spec.tickMs[aura], state.haste), context);
            }
        }
        else
        {
            if (stacks < spec.maxStacks[aura])
            {
                state.stacks[aura] = stacks + 1;
            }
            state.expiresAt[aura] = refreshedExpiry(aura, now, duration);
            if (spec.tickMs[aura] > 0 && !state.tickPending[aura] && state.nextTickAt[aura] <= state.expiresAt[aura])
            {
                scheduleTick(aura, state.chainNumber[aura], Math.max(now, state.nextTickAt[aura]), context);
            }
        }
        context.scheduleAt(state.expiresAt[aura], AURA_EXPIRE, PLAYER, aura, application, 0, 0);
        if (spec.hastePct[aura] != 0 || spec.damagePct[aura] != 0 || spec.critPct[aura] != 0)
        {
            state.recomputeModifiers(now);
        }
        wake(now, context);
    }

    private long refreshedExpiry(final int aura, final long now, final long duration)
    {
        final int rule = spec.refresh[aura];
        final long expires = state.expiresAt[aura];
        if (PANDEMIC == rule)
        {
            return now + duration + Math.min(expires - now, duration * 3 / 10);
        }
        if (RESET == rule)
        {
            return now + duration;
        }
        if (EXTEND != rule)
        {
            return expires;
        }
        return expires < MAX_EXPIRY - duration ? expires + duration : MAX_EXPIRY;
    }

    private void scheduleTick(final int aura, final long chain, final long at, final EventContext context)
    {
        state.nextTickAt[aura] = at;
        state.tickPending[aura] = true;
        context.scheduleAt(at, AURA_TICK, PLAYER, aura, chain, 0, 0);
    }

    private void removeAura(final int aura, final long now, final EventContext context)
    {
        final CombatState state = this.state;
        state.stacks[aura] = 0;
        state.applyNumber[aura]++;
        state.chainNumber[aura]++;
        state.tickPending[aura] = false;
        if (spec.hastePct[aura] != 0 || spec.damagePct[aura] != 0 || spec.critPct[aura] != 0)
        {
            state.recomputeModifiers(now);
        }
        wake(now, context);
    }

    /**
     * Something time alone does not predict has changed (a resource gained, an aura gained or lost): a player idling
     * in a Wait is asked again now instead of at the end of the wait.
     */
    private void wake(final long now, final EventContext context)
    {
        final CombatState state = this.state;
        if (state.waiting)
        {
            state.waiting = false;
            context.cancel(state.waitHandle);
            context.scheduleAt(now, PLAYER_READY, PLAYER);
        }
    }

    private void triggerProcs(final int[] procs, final long now, final EventContext context)
    {
        final CompiledSpec spec = this.spec;
        final CombatState state = this.state;
        for (final int p : procs)
        {
            if (state.procReadyAt[p] > now)
            {
                continue;
            }
            final boolean fired = spec.procRppm[p] > 0 ?
                Stochastic.rollRppm(rng, state.rppm[p], now, state.haste) :
                Stochastic.procChance(rng, spec.procChance[p]);
            if (fired)
            {
                state.procs[p]++;
                state.procReadyAt[p] = now + spec.procIcdMs[p];
                if (spec.procDealsDamage[p])
                {
                    hit(spec.spellCount + spec.auraCount + p, roll(spec.procDamageMin[p], spec.procDamageRange[p]),
                        true);
                }
                if (NONE != spec.procAura[p])
                {
                    applyAura(spec.procAura[p], now, context);
                }
            }
        }
    }

    private double roll(final double min, final double range)
    {
        return range > 0 ? min + range * rng.nextDouble() : min;
    }

    /**
     * Deal damage scaled by the live damage multiplier, rolling a crit if allowed.
     *
     * @return true if it was a crit.
     */
    private boolean hit(final int source, final double base, final boolean canCrit)
    {
        final CombatState state = this.state;
        double amount = base * state.damageMultiplier;
        final boolean crit = canCrit && Stochastic.procChance(rng, state.critChance);
        if (crit)
        {
            amount *= spec.critMultiplier;
        }
        state.damage[source] += amount;
        state.totalDamage += amount;
        return crit;
    }
}
