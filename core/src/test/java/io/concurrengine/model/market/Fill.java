package io.concurrengine.model.market;

record Fill(long instrument, long maker, long taker, long price, long quantity)
{
}
