package io.concurrengine.model.market;

/**
 * Receives resting orders from {@link MarketModel#forEachRestingOrder(RestingOrderVisitor)} in canonical order:
 * instruments by ascending id, then prices ascending, then each level in time priority.
 */
@FunctionalInterface
public interface RestingOrderVisitor
{
    /**
     * @param instrumentId instrument id.
     * @param orderId      order id.
     * @param side         {@link MarketEvents#BUY} or {@link MarketEvents#SELL}.
     * @param price        price in ticks.
     * @param quantity     remaining quantity.
     */
    void onOrder(long instrumentId, long orderId, int side, long price, long quantity);
}
