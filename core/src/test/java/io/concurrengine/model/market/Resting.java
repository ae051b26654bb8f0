package io.concurrengine.model.market;

record Resting(long instrument, long orderId, int side, long price, long quantity)
{
}
