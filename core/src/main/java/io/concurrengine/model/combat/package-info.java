/**
 * The combat reference model of seed 004: one character fighting a target for a fixed time, in milliseconds, on the
 * engine's {@link io.concurrengine.core.wheel.EventWheel} and {@link io.concurrengine.core.loop.RunLoop}. A user of
 * the kernel, kept out of its packages.
 * <h2>Event flow</h2>
 * <pre>
 * start ──▶ PlayerReady{t:0} (+ AutoAttack{t:0} with a weapon)
 * PlayerReady ──decide──▶ Cast(s): CastStart now │ Wait(u): PlayerReady at max(u, now + 1) │ None: -
 * OffGcdReady ──decide, off-GCD spells only──▶ Cast(s): CastStart now │ otherwise nothing
 * CastStart ──▶ CastComplete at now + castTime / haste
 * CastComplete ──▶ pay costs, gain resources, GCD, cooldown (CooldownReady), damage (+ hit/crit procs),
 *                  consume aura, apply aura (AuraTick, AuraExpire), cast procs,
 *                  then PlayerReady at max(start + GCD, now) and, if the GCD still runs, OffGcdReady now
 * CooldownReady ──▶ OffGcdReady now, if an off-GCD spell became ready while the GCD runs
 * AuraTick ──▶ damage (+ tick procs), next tick at now + tick / live haste while it is not after the expiry
 * AuraExpire ──▶ (stale application number: ignored) a tick due at this instant is dealt, then the aura ends
 *                unless a proc of that tick applied it again (it then ticks on, by its refresh rule)
 * AutoAttack ──▶ damage, resource gain, procs, next swing at now + speed / live haste
 * </pre>
 * All cost, GCD, cooldown, damage and aura work happens at {@code CastComplete}: the seed notes that its
 * {@code CastStart} doc comment says otherwise and that the code wins. The GCD is applied at completion but measured
 * from the cast's start, so a hard cast longer than the GCD leaves the player ready at its completion.
 * <h2>Decisions</h2>
 * A {@link io.concurrengine.model.combat.SpecAction} is a {@code long}; the priority list is compiled into opcode
 * arrays. When nothing is usable the player waits exactly until something could change that: a cooldown or the GCD
 * ends, regeneration reaches a cost, or time turns a condition true (remaining times and target health fall,
 * regenerating resources rise). A resource gain (auto-attack) or an aura gained or lost while the player waits
 * cancels the wait's {@code PlayerReady} by its wheel handle and asks again at once. So the player never polls;
 * {@code max_wait_ms}, if set, caps every wait. Off-GCD spells must be instant.
 * <h2>Auras</h2>
 * Stale expiries are recognised by generation numbers carried in the payload, not by cancelling wheel handles: each
 * application bumps the aura's application number, so an {@code AuraExpire} carrying an older number is ignored
 * (it still counts as a dispatched event). Ticks carry a chain number bumped only when the aura becomes active or is
 * removed, so a refresh keeps the tick cadence. Refresh rules: {@code pandemic} (default; the remainder carries over
 * up to 30 % of the duration), {@code reset}, {@code extend}, {@code keep}. Ticks are rescheduled one at a time against
 * the haste live when each is scheduled; a tick due exactly at the expiry is dealt by the expiry, and if a proc of
 * that tick applies the aura again it stays, as it does when the tick is dispatched before the expiry.
 * <h2>Resources, procs, target</h2>
 * Regeneration is computed lazily from elapsed time. Flat-chance procs use {@code Stochastic.procChance}, RPPM procs
 * {@code Stochastic.rollRppm} with bad-luck protection. Crits are a flat roll against the live crit chance. The target
 * has no hit points: its health percentage falls linearly from 100 to 0 over the encounter, for
 * {@code target_health_pct} conditions.
 * <h2>Determinism and threading</h2>
 * Every roll comes from the {@link io.concurrengine.core.rng.SimRng} given to an iteration, in dispatch order; same
 * spec, same seed, same results, bit for bit. A {@link io.concurrengine.model.combat.CombatSimulation} belongs to one
 * thread; specs are immutable and shared.
 */
package io.concurrengine.model.combat;
