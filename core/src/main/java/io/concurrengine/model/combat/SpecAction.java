package io.concurrengine.model.combat;

/**
 * The player's decision on {@code PlayerReady}/{@code OffGcdReady}, encoded in one {@code long} so that it is
 * returned without allocation: {@code Cast(spellId)}, {@code Wait(untilMs)} or {@code None}.
 * <pre>
 * bits 63..62  kind: 0 = None, 1 = Cast, 2 = Wait
 * bits 61..0   spell id (Cast) or until time in ms (Wait)
 * </pre>
 * The loop turns a Cast into a {@code CastStart} now, a Wait into a {@code PlayerReady} at
 * {@code max(untilMs, now + 1)} so the clock always moves forward, and None into nothing.
 */
public final class SpecAction
{
    /** Kind of {@link #NONE}. */
    public static final int KIND_NONE = 0;
    /** Kind of a {@link #cast(int)}. */
    public static final int KIND_CAST = 1;
    /** Kind of a {@link #waitUntil(long)}. */
    public static final int KIND_WAIT = 2;

    /** Do nothing and schedule nothing. */
    public static final long NONE = 0L;

    private static final int KIND_SHIFT = 62;
    private static final long VALUE_MASK = (1L << KIND_SHIFT) - 1;

    private SpecAction()
    {
    }

    /**
     * @param spellId id of the spell to cast, non-negative.
     * @return the encoded Cast.
     */
    public static long cast(final int spellId)
    {
        return ((long)KIND_CAST << KIND_SHIFT) | spellId;
    }

    /**
     * @param untilMs time to be asked again; clamped into [0, 2^62) here and to at least now + 1 by the loop.
     * @return the encoded Wait.
     */
    public static long waitUntil(final long untilMs)
    {
        return ((long)KIND_WAIT << KIND_SHIFT) | (Math.max(0, Math.min(untilMs, VALUE_MASK)));
    }

    /**
     * @param action an encoded action.
     * @return {@link #KIND_NONE}, {@link #KIND_CAST} or {@link #KIND_WAIT}.
     */
    public static int kind(final long action)
    {
        return (int)(action >>> KIND_SHIFT);
    }

    /**
     * @param action an encoded Cast.
     * @return its spell id.
     */
    public static int spellId(final long action)
    {
        return (int)(action & VALUE_MASK);
    }

    /**
     * @param action an encoded Wait.
     * @return its until time.
     */
    public static long untilMs(final long action)
    {
        return action & VALUE_MASK;
    }

    /**
     * @param action an encoded action.
     * @return e.g. {@code Cast(3)}, {@code Wait(1500)} or {@code None}.
     */
    public static String toString(final long action)
    {
        switch (kind(action))
        {
            case KIND_CAST:
                return "Cast(" + spellId(action) + ")";
            case KIND_WAIT:
                return "Wait(" + untilMs(action) + ")";
            default:
                return "None";
        }
    }
}
