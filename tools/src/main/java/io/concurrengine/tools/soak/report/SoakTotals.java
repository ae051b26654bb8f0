package io.concurrengine.tools.soak.report;

/**
 * Event accounting over the whole run. Every published input is either accepted by a shard or refused by
 * backpressure (dropped or rejected); whatever is in neither is lost.
 *
 * @param published        inputs the feed offered to the engine.
 * @param accepted         inputs accepted by the shards.
 * @param dropped          inputs dropped by a drop-newest or drop-oldest backpressure policy.
 * @param rejected         inputs rejected back to the publisher.
 * @param events           events dispatched, inputs and timers.
 * @param failedDispatches dispatches whose handler threw.
 * @param duplicates       events seen twice by the duplicate detector.
 * @param unsentDueInputs  inputs of the paced schedule that were due but never sent, because the feed was still
 *                         behind its schedule a second after the run's duration and was stopped there (as {@code run
 *                         --json} reports them): their wait is in no latency figure; 0 otherwise.
 * @param modelRejected    inputs the market model rejected as invalid (an unknown order, a price outside its band):
 *                         the synthetic flow's invalid inputs among them, by design, so no sign of ill health.
 * @param remaindersDropped ADDs whose remainder the market model dropped for want of room to rest it (its order pool
 *                         at its largest, or the shard's wheel unable to hold its expiry timer), as {@code run --json}
 *                         reports them.
 * @param barTimersRefused bars the market model opened without their close timer, the shard's wheel being full.
 */
public record SoakTotals(
    long published,
    long accepted,
    long dropped,
    long rejected,
    long events,
    long failedDispatches,
    long duplicates,
    long unsentDueInputs,
    long modelRejected,
    long remaindersDropped,
    long barTimersRefused)
{
    /**
     * @throws IllegalArgumentException when a count is negative.
     */
    public SoakTotals
    {
        requireNonNegative("published", published);
        requireNonNegative("accepted", accepted);
        requireNonNegative("dropped", dropped);
        requireNonNegative("rejected", rejected);
        requireNonNegative("events", events);
        requireNonNegative("failedDispatches", failedDispatches);
        requireNonNegative("duplicates", duplicates);
        requireNonNegative("unsentDueInputs", unsentDueInputs);
        requireNonNegative("modelRejected", modelRejected);
        requireNonNegative("remaindersDropped", remaindersDropped);
        requireNonNegative("barTimersRefused", barTimersRefused);
    }

    /**
     * The totals of a run whose market model rejected nothing and never ran out of room.
     *
     * @param published        inputs the feed offered to the engine.
     * @param accepted         inputs accepted by the shards.
     * @param dropped          inputs dropped by a drop-newest or drop-oldest backpressure policy.
     * @param rejected         inputs rejected back to the publisher.
     * @param events           events dispatched, inputs and timers.
     * @param failedDispatches dispatches whose handler threw.
     * @param duplicates       events seen twice by the duplicate detector.
     * @param unsentDueInputs  inputs of the paced schedule that were due but never sent.
     */
    public SoakTotals(
        final long published,
        final long accepted,
        final long dropped,
        final long rejected,
        final long events,
        final long failedDispatches,
        final long duplicates,
        final long unsentDueInputs)
    {
        this(published, accepted, dropped, rejected, events, failedDispatches, duplicates, unsentDueInputs, 0, 0, 0);
    }

    /**
     * @return inputs refused by backpressure: dropped plus rejected.
     */
    public long refused()
    {
        return dropped + rejected;
    }

    /**
     * @return published − accepted − refused: 0 in a correct run, positive when inputs vanished, negative when more
     * were accounted for than were published.
     */
    public long lost()
    {
        return published - accepted - refused();
    }

    private static void requireNonNegative(final String name, final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException(name + "=" + value);
        }
    }
}
