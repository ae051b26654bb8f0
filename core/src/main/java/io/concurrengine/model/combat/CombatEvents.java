package io.concurrengine.model.combat;

/**
 * The eight event types of the combat model and their payload words. The target is always 0: one player.
 * <pre>
 * type             a0        a1                  a2
 * PLAYER_READY     -         -                   -
 * OFF_GCD_READY    -         -                   -
 * CAST_START       spell id  origin              -
 * CAST_COMPLETE    spell id  cast start time     origin
 * COOLDOWN_READY   spell id  -                   -
 * AURA_TICK        aura id   tick chain number   -
 * AURA_EXPIRE      aura id   application number  -
 * AUTO_ATTACK      -         -                   -
 * </pre>
 * {@code origin} is {@link #ORIGIN_PLAYER_READY} or {@link #ORIGIN_OFF_GCD_READY}: which decision started the cast,
 * so that its completion resumes the right chain.
 */
public final class CombatEvents
{
    /** The GCD and any cast are over: the player picks the next action from the whole priority list. */
    public static final int PLAYER_READY = 0;
    /** The player may weave an off-GCD spell while the GCD runs: only off-GCD entries are considered. */
    public static final int OFF_GCD_READY = 1;
    /** A cast begins; schedules its completion after the haste-scaled cast time. */
    public static final int CAST_START = 2;
    /** A cast completes: cost, GCD, cooldown, damage, auras and procs all happen here. */
    public static final int CAST_COMPLETE = 3;
    /** A spell's cooldown is over. */
    public static final int COOLDOWN_READY = 4;
    /** A periodic aura ticks; it reschedules itself against live haste until its expiry. */
    public static final int AURA_TICK = 5;
    /** An aura application runs out; ignored if the aura was re-applied or removed since (stale number). */
    public static final int AURA_EXPIRE = 6;
    /** An auto-attack swing lands; reschedules the next swing against live haste. */
    public static final int AUTO_ATTACK = 7;

    /** Number of event types. */
    public static final int TYPE_COUNT = 8;

    /** Origin of a cast chosen on {@link #PLAYER_READY}. */
    public static final long ORIGIN_PLAYER_READY = 0;
    /** Origin of a cast chosen on {@link #OFF_GCD_READY}. */
    public static final long ORIGIN_OFF_GCD_READY = 1;

    private static final String[] NAMES =
    {
        "PlayerReady", "OffGcdReady", "CastStart", "CastComplete", "CooldownReady", "AuraTick", "AuraExpire",
        "AutoAttack"
    };

    private CombatEvents()
    {
    }

    /**
     * @param type an event type.
     * @return its name as in the seed, e.g. {@code CastComplete}, or {@code Unknown(type)}.
     */
    public static String name(final int type)
    {
        return type >= 0 && type < TYPE_COUNT ? NAMES[type] : "Unknown(" + type + ")";
    }
}
