package io.concurrengine.model.market;

/**
 * Told of every fill, in the order fills happen, on the shard's thread, while the model handles the event that
 * caused it. Must not call back into the model.
 * <p>
 * An exception it throws (a {@link RuntimeException}, or a checked one thrown without being declared) does not stop
 * the event: the model makes every fill of the event (the listener is told of each) and then throws the event's first
 * such exception from {@link MarketModel#onEvent}, which a shard counts as a failed dispatch. The book, counters and
 * state hash are those of a listener that did not throw.
 */
@FunctionalInterface
public interface FillListener
{
    /** A listener that ignores every fill. */
    FillListener NONE = (instrumentId, makerOrderId, takerOrderId, takerSide, price, quantity, time) ->
    {
    };

    /**
     * One resting order traded with an incoming one.
     *
     * @param instrumentId instrument id.
     * @param makerOrderId id of the resting order.
     * @param takerOrderId id of the incoming ADD or REPLACE, or the taker reference of an EXECUTE.
     * @param takerSide    side of the incoming order: {@link MarketEvents#BUY} or {@link MarketEvents#SELL}.
     * @param price        trade price in ticks: the resting order's price.
     * @param quantity     lots traded, positive.
     * @param time         the clock when the fill happened.
     */
    void onFill(
        long instrumentId, long makerOrderId, long takerOrderId, int takerSide, long price, long quantity, long time);
}
