package io.concurrengine.model.market;

/**
 * What one shard's {@link MarketModel} has done since it was created. Read on the shard's thread (or after the run);
 * plain fields, not threadsafe.
 */
public final class MarketCounters
{
    /** One odd weight per counter, in declaration order, for {@link #weightedSum()}. */
    private static final long[] WEIGHTS = new long[16];

    static
    {
        for (int i = 0; i < WEIGHTS.length; i++)
        {
            WEIGHTS[i] = StateHash.mix(StateHash.SEED + i) | 1;
        }
    }

    long adds;
    long cancels;
    long replaces;
    long executes;
    long fills;
    long filledQuantity;
    long expired;
    long barsClosed;
    long rejectedUnknownOrder;
    long rejectedDuplicateOrder;
    long rejectedOutOfBand;
    long rejectedInvalid;
    long staleTimers;
    long unknownEventTypes;
    long remaindersDropped;
    long barTimersRefused;

    /**
     * @return ADDs accepted, whether they rested or filled at once.
     */
    public long adds()
    {
        return adds;
    }

    /**
     * @return CANCELs that removed a resting order.
     */
    public long cancels()
    {
        return cancels;
    }

    /**
     * @return REPLACEs applied.
     */
    public long replaces()
    {
        return replaces;
    }

    /**
     * @return EXECUTEs accepted, whatever they filled.
     */
    public long executes()
    {
        return executes;
    }

    /**
     * @return fills: one per resting order traded by one incoming order.
     */
    public long fills()
    {
        return fills;
    }

    /**
     * @return lots traded, modulo 2^64: a feed may trade quantities up to {@link Long#MAX_VALUE}, and this sum wraps
     * (negative past {@link Long#MAX_VALUE}) rather than saturating as a bar's volume does, so that the counters of
     * shards that split a flow still sum to those of one model fed the whole flow ({@link #weightedSum()}).
     */
    public long filledQuantity()
    {
        return filledQuantity;
    }

    /**
     * @return orders removed because their time in force ran out.
     */
    public long expired()
    {
        return expired;
    }

    /**
     * @return bars closed.
     */
    public long barsClosed()
    {
        return barsClosed;
    }

    /**
     * @return CANCELs and REPLACEs naming an order that is not resting on that instrument (never added, filled,
     * cancelled or expired).
     */
    public long rejectedUnknownOrder()
    {
        return rejectedUnknownOrder;
    }

    /**
     * @return ADDs whose order id is already resting on the same instrument.
     */
    public long rejectedDuplicateOrder()
    {
        return rejectedDuplicateOrder;
    }

    /**
     * @return ADDs and REPLACEs priced outside the instrument's band.
     */
    public long rejectedOutOfBand()
    {
        return rejectedOutOfBand;
    }

    /**
     * @return inputs with a bad side, a non-positive quantity or a negative time in force.
     */
    public long rejectedInvalid()
    {
        return rejectedInvalid;
    }

    /**
     * @return every rejected input.
     */
    public long rejected()
    {
        return rejectedUnknownOrder + rejectedDuplicateOrder + rejectedOutOfBand + rejectedInvalid;
    }

    /**
     * @return EXPIRE or BAR_CLOSE timers that found nothing to do; 0 while every timer is cancelled when its order
     * or bar goes first, as the model does.
     */
    public long staleTimers()
    {
        return staleTimers;
    }

    /**
     * @return events of a type the model does not know, ignored.
     */
    public long unknownEventTypes()
    {
        return unknownEventTypes;
    }

    /**
     * @return ADDs whose remainder after trading was dropped for want of room to rest it: the order pool at its
     * largest, or the shard's wheel unable to hold its expiry timer. Their fills stand; they count among
     * {@link #adds()}.
     */
    public long remaindersDropped()
    {
        return remaindersDropped;
    }

    /**
     * @return bars opened without a BAR_CLOSE timer because the shard's wheel could hold no more events; such a bar is
     * closed by its instrument's next trade in a later second.
     */
    public long barTimersRefused()
    {
        return barTimersRefused;
    }

    /**
     * Every counter times a weight of its own, summed: additive over models, so the counters of shards that split a
     * flow's instruments sum to those of one model fed the whole flow.
     */
    long weightedSum()
    {
        final long[] w = WEIGHTS;
        return adds * w[0] + cancels * w[1] + replaces * w[2] + executes * w[3] + fills * w[4] +
            filledQuantity * w[5] + expired * w[6] + barsClosed * w[7] + rejectedUnknownOrder * w[8] +
            rejectedDuplicateOrder * w[9] + rejectedOutOfBand * w[10] + rejectedInvalid * w[11] + staleTimers * w[12] +
            unknownEventTypes * w[13] + remaindersDropped * w[14] + barTimersRefused * w[15];
    }

    @Override
    public String toString()
    {
        return "MarketCounters{adds=" + adds + ", cancels=" + cancels + ", replaces=" + replaces +
            ", executes=" + executes + ", fills=" + fills + ", filledQuantity=" + filledQuantity +
            ", expired=" + expired + ", barsClosed=" + barsClosed + ", rejectedUnknownOrder=" + rejectedUnknownOrder +
            ", rejectedDuplicateOrder=" + rejectedDuplicateOrder + ", rejectedOutOfBand=" + rejectedOutOfBand +
            ", rejectedInvalid=" + rejectedInvalid + ", staleTimers=" + staleTimers +
            ", unknownEventTypes=" + unknownEventTypes + ", remaindersDropped=" + remaindersDropped +
            ", barTimersRefused=" + barTimersRefused + '}';
    }
}
