package io.concurrengine.model.market;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.core.loop.RunLoop;
import io.concurrengine.core.wheel.ArenaFullException;
import io.concurrengine.core.wheel.EventWheel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.concurrengine.model.market.MarketEvents.sidePrice;

/**
 * One shard on one thread: a real wheel and run loop driving a model, with every fill and every dispatched event type
 * recorded.
 */
final class MarketFixture implements AutoCloseable
{
    static final long TICKS_PER_SECOND = 1_000_000L;

    final EventWheel wheel = new EventWheel();
    final List<Fill> fills = new ArrayList<>();
    final List<Integer> dispatchedTypes = new ArrayList<>();
    /** What the model threw of the fill listener's failures, one per failed dispatch, in order. */
    final List<Exception> failures = new ArrayList<>();
    final MarketModel model;
    final RunLoop loop;

    MarketFixture()
    {
        this(MarketConfig.DEFAULT_BAND_WIDTH);
    }

    /** While true, the model's scheduling fails as on a wheel whose arena is at its largest and full. */
    boolean arenaFull;

    /**
     * Fills the listener refuses: while positive, the listener records a fill and then throws a
     * {@link ListenerFailure} naming it, as a failing listener would; a dispatch that throws one is recorded in
     * {@link #failures} and the loop goes on, as a shard does.
     */
    int fillsToRefuse;

    /**
     * While true, a refused fill throws an {@link IOException} without declaring it (a sneaky throw, as Kotlin or a
     * rethrowing helper can), which a shard counts as a failed dispatch too, rather than a {@link ListenerFailure}.
     */
    boolean refuseUndeclared;

    /** The fill listener's failure. */
    static final class ListenerFailure extends RuntimeException
    {
        private static final long serialVersionUID = 1L;

        ListenerFailure(final String message)
        {
            super(message);
        }
    }

    MarketFixture(final int bandWidth)
    {
        this(bandWidth, OrderPool.MAX_CAPACITY);
    }

    MarketFixture(final int bandWidth, final int maxOrders)
    {
        this(bandWidth, maxOrders, TICKS_PER_SECOND);
    }

    MarketFixture(final int bandWidth, final int maxOrders, final long ticksPerSecond)
    {
        model = new MarketModel(new MarketConfig()
            .ticksPerSecond(ticksPerSecond)
            .bandWidth(bandWidth)
            .initialInstrumentCapacity(1)
            .initialOrderCapacity(1)
            .fillListener((instrument, maker, taker, side, price, quantity, time) ->
            {
                fills.add(new Fill(instrument, maker, taker, price, quantity));
                if (fillsToRefuse > 0)
                {
                    fillsToRefuse--;
                    if (refuseUndeclared)
                    {
                        MarketFixture.<RuntimeException>throwUndeclared(new IOException("fill " + fills.size()));
                    }
                    throw new ListenerFailure("fill " + fills.size());
                }
            }), maxOrders);
        loop = new RunLoop(wheel, (event, context) ->
        {
            dispatchedTypes.add(event.type());
            try
            {
                model.onEvent(event, arenaFull ? new FullArenaContext(context) : context);
            }
            catch (final Exception ex)
            {
                if (!(ex instanceof ListenerFailure) && !(ex instanceof IOException))
                {
                    throw ex;
                }
                failures.add(ex);
            }
        }, Long.MAX_VALUE);
    }

    @SuppressWarnings("unchecked")
    private static <T extends Throwable> void throwUndeclared(final Throwable ex) throws T
    {
        throw (T)ex;
    }

    /** A context whose wheel can hold no more events: scheduling throws, everything else is the real context. */
    private static final class FullArenaContext implements EventContext
    {
        private final EventContext context;

        FullArenaContext(final EventContext context)
        {
            this.context = context;
        }

        public long now()
        {
            return context.now();
        }

        public long scheduleAt(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            throw new ArenaFullException(EventDescriptor.MAX_RECORDS);
        }

        public boolean cancel(final long handle)
        {
            return context.cancel(handle);
        }
    }

    MarketFixture add(
        final long time, final long instrument, final long id, final int side, final int price, final long qty)
    {
        return add(time, instrument, id, side, price, qty, 0);
    }

    MarketFixture add(
        final long time,
        final long instrument,
        final long id,
        final int side,
        final int price,
        final long qty,
        final long timeInForce)
    {
        wheel.push(time, MarketEvents.ADD, instrument, id, sidePrice(side, price), qty, timeInForce);
        return this;
    }

    MarketFixture cancel(final long time, final long instrument, final long id)
    {
        wheel.push(time, MarketEvents.CANCEL, instrument, id, 0, 0, 0);
        return this;
    }

    MarketFixture replace(final long time, final long instrument, final long id, final long price, final long qty)
    {
        wheel.push(time, MarketEvents.REPLACE, instrument, id, price, qty, 0);
        return this;
    }

    MarketFixture execute(
        final long time, final long instrument, final long taker, final int side, final long qty)
    {
        wheel.push(time, MarketEvents.EXECUTE, instrument, taker, sidePrice(side, 0), qty, 0);
        return this;
    }

    MarketFixture executeLimit(
        final long time, final long instrument, final long taker, final int side, final int price, final long qty)
    {
        wheel.push(time, MarketEvents.EXECUTE, instrument, taker, sidePrice(side, price), qty,
            MarketEvents.FLAG_LIMIT);
        return this;
    }

    MarketFixture runUntil(final long endTime)
    {
        loop.run(endTime);
        return this;
    }

    MarketFixture runAll()
    {
        loop.run(Long.MAX_VALUE);
        return this;
    }

    List<Resting> resting()
    {
        final List<Resting> orders = new ArrayList<>();
        model.forEachRestingOrder((instrument, orderId, side, price, quantity) ->
            orders.add(new Resting(instrument, orderId, side, price, quantity)));
        return orders;
    }

    long dispatched(final int type)
    {
        return dispatchedTypes.stream().filter(t -> t == type).count();
    }

    @Override
    public void close()
    {
        wheel.close();
    }
}
