package io.concurrengine.model.market;

import io.concurrengine.core.rng.SimRng;

import static io.concurrengine.model.market.MarketEvents.BUY;

/**
 * A seeded synthetic order flow for the {@link MarketModel}: an endless stream of ADD, CANCEL, EXECUTE and REPLACE
 * inputs with increasing feed times. The stream is a pure function of the {@link OrderFlowConfig}: one
 * {@link SimRng} seeded with {@code (seed, streamId, 0)} drives every choice, and every floating-point step uses
 * {@link StrictMath}, so the same configuration gives the same inputs on any JVM and any thread.
 * <p>
 * <b>Shape.</b>
 * <ul>
 *   <li>Instruments: rank {@code r} is chosen with probability proportional to {@code 1 / (r + 1)^s}
 *   ({@link ZipfSampler}, alias method, O(1)); ranks map to instrument ids in a seeded shuffled order.</li>
 *   <li>Feed times: exponential gaps with mean {@code ticksPerSecond / inputsPerSecond}, accumulated from the start
 *   time in a double and floored, so ties are possible and time never goes back; the times from any start are those
 *   from 0 moved by the start.</li>
 *   <li>Prices: each instrument has a centre in {@code [basePrice, basePrice + spread)} and a mid that takes a
 *   random step of -1, 0 or +1 tick whenever the instrument is touched, kept within {@code centre ± bandWidth/8}.
 *   ADDs rest up to {@code bandWidth/32} ticks behind the mid or cross it by up to 2 ticks (aggressive limits). All
 *   prices stay within {@code centre ± (bandWidth/8 + bandWidth/32)}, hence inside the model's band whichever
 *   price of the instrument came first.</li>
 *   <li>CANCEL and REPLACE pick a random order the flow believes live ({@link LiveOrders}); the flow cannot see
 *   fills, so some of them name filled orders and are rejected by the model as unknown. A REPLACE lowers the
 *   quantity at the same price (keeps priority) half of the time, otherwise moves the price by up to 2 ticks with a
 *   new quantity. With no live order they become ADDs; when the live set is full an ADD becomes a CANCEL.</li>
 *   <li>EXECUTE: random side, up to twice the largest ADD quantity, half of them market orders, half limited a few
 *   ticks through the mid.</li>
 * </ul>
 * <b>Allocation:</b> none per input; construction allocates the tables, O(instrumentCount + maxLiveOrders).
 * <p>
 * Not threadsafe: one flow per feeding thread.
 */
public final class SyntheticOrderFlow
{
    private final SimRng rng;
    private final ZipfSampler zipf;
    private final long[] instrumentIds;
    private final int[] centre;
    private final int[] mid;
    private final LiveOrders live;
    private final double meanGap;
    private final int walkRadius;
    private final int maxOffset;
    private final int maxQuantity;
    private final int addCut;
    private final int cancelCut;
    private final int executeCut;
    private final int timeInForcePercent;
    private final long minTimeInForce;
    private final long timeInForceRange;
    private final long[] emitted = new long[MarketEvents.TYPE_COUNT];
    private final long startTime;
    /** Feed time since {@link #startTime}, kept apart so that a large start (epoch nanoseconds) loses no precision. */
    private double elapsed;
    private long lastFeedTime;
    private long nextOrderId;

    /**
     * @param config the flow's shape and seed.
     * @throws IllegalArgumentException if a value is out of range.
     */
    public SyntheticOrderFlow(final OrderFlowConfig config)
    {
        config.validate();
        final int n = config.instrumentCount();
        rng = SimRng.seeded(config.seed(), config.streamId(), 0);
        zipf = new ZipfSampler(n, config.zipfExponent());
        instrumentIds = new long[n];
        centre = new int[n];
        mid = new int[n];
        for (int rank = 0; rank < n; rank++)
        {
            instrumentIds[rank] = config.firstInstrumentId() + rank;
        }
        if (config.shuffleInstruments())
        {
            for (int i = n - 1; i > 0; i--)
            {
                final int j = rng.nextInt(i + 1);
                final long swap = instrumentIds[i];
                instrumentIds[i] = instrumentIds[j];
                instrumentIds[j] = swap;
            }
        }
        for (int rank = 0; rank < n; rank++)
        {
            centre[rank] = config.basePrice() + rng.nextInt(config.basePriceSpread());
            mid[rank] = centre[rank];
        }
        live = new LiveOrders(config.maxLiveOrders());
        meanGap = config.ticksPerSecond() / config.inputsPerSecond();
        walkRadius = config.bandWidth() / 8;
        maxOffset = Math.max(2, config.bandWidth() / 32);
        maxQuantity = config.maxQuantity();
        addCut = config.addPercent();
        cancelCut = addCut + config.cancelPercent();
        executeCut = cancelCut + config.executePercent();
        timeInForcePercent = config.timeInForcePercent();
        minTimeInForce = config.minTimeInForceTicks();
        timeInForceRange = config.maxTimeInForceTicks() - minTimeInForce + 1;
        startTime = config.startTime();
        lastFeedTime = config.startTime();
        nextOrderId = config.firstOrderId();
    }

    /**
     * Produce the next input.
     *
     * @param into filled with the input.
     * @return {@code into}.
     */
    public MarketInput next(final MarketInput into)
    {
        elapsed -= meanGap * StrictMath.log(1.0 - rng.nextDouble());
        final long offset = (long)StrictMath.floor(elapsed);
        final long time =
            Math.max(lastFeedTime, startTime > Long.MAX_VALUE - offset ? Long.MAX_VALUE : startTime + offset);
        lastFeedTime = time;

        final int roll = rng.nextInt(100);
        if (roll < addCut)
        {
            if (!live.isFull() || !cancel(time, into))
            {
                add(time, into);
            }
        }
        else if (roll < cancelCut)
        {
            if (!cancel(time, into))
            {
                add(time, into);
            }
        }
        else if (roll < executeCut)
        {
            execute(time, into);
        }
        else if (!replace(time, into))
        {
            add(time, into);
        }
        emitted[into.type()]++;
        return into;
    }

    private void add(final long time, final MarketInput into)
    {
        final SimRng rng = this.rng;
        final int rank = zipf.sample(rng);
        final int m = walk(rank);
        final int side = rng.nextInt(2);
        final int offset = rng.nextInt(maxOffset + 3) - 2;
        final int price = BUY == side ? m - offset : m + offset;
        final long quantity = 1 + rng.nextInt(maxQuantity);
        final long timeInForce = rng.nextInt(100) < timeInForcePercent ?
            minTimeInForce + (long)(rng.nextDouble() * timeInForceRange) : 0;
        final long orderId = nextOrderId++;
        live.add(orderId, rank, side, price, quantity, 0 == timeInForce ? Long.MAX_VALUE : time + timeInForce);
        into.set(MarketEvents.ADD, instrumentIds[rank], orderId, MarketEvents.sidePrice(side, price), quantity,
            timeInForce, time);
    }

    private boolean cancel(final long time, final MarketInput into)
    {
        final int index = live.pick(rng, time);
        if (LiveOrders.NONE == index)
        {
            return false;
        }
        into.set(MarketEvents.CANCEL, instrumentIds[live.rank(index)], live.orderId(index), 0, 0, 0, time);
        live.remove(index);
        return true;
    }

    private void execute(final long time, final MarketInput into)
    {
        final SimRng rng = this.rng;
        final int rank = zipf.sample(rng);
        final int m = walk(rank);
        final int side = rng.nextInt(2);
        final long quantity = 1 + rng.nextInt(2 * maxQuantity);
        final boolean limited = 0 == rng.nextInt(2);
        int price = 0;
        if (limited)
        {
            final int offset = rng.nextInt(maxOffset + 1);
            price = BUY == side ? m + offset : m - offset;
        }
        into.set(MarketEvents.EXECUTE, instrumentIds[rank], nextOrderId++, MarketEvents.sidePrice(side, price),
            quantity, limited ? MarketEvents.FLAG_LIMIT : 0, time);
    }

    private boolean replace(final long time, final MarketInput into)
    {
        final SimRng rng = this.rng;
        final int index = live.pick(rng, time);
        if (LiveOrders.NONE == index)
        {
            return false;
        }
        final long oldQuantity = live.quantity(index);
        final int rank = live.rank(index);
        final int price;
        final long quantity;
        if (oldQuantity > 1 && 0 == rng.nextInt(2))
        {
            price = live.price(index);
            quantity = 1 + rng.nextInt((int)oldQuantity - 1);
        }
        else
        {
            final int limit = walkRadius + maxOffset;
            final int c = centre[rank];
            price = Math.max(c - limit, Math.min(c + limit, live.price(index) + rng.nextInt(5) - 2));
            quantity = 1 + rng.nextInt(maxQuantity);
        }
        live.update(index, price, quantity);
        into.set(MarketEvents.REPLACE, instrumentIds[rank], live.orderId(index), price, quantity, 0, time);
        return true;
    }

    private int walk(final int rank)
    {
        final int c = centre[rank];
        final int m = Math.max(c - walkRadius, Math.min(c + walkRadius, mid[rank] + rng.nextInt(3) - 1));
        mid[rank] = m;
        return m;
    }

    /**
     * @param rank activity rank, 0 the busiest.
     * @return the instrument id of that rank.
     */
    public long instrumentId(final int rank)
    {
        return instrumentIds[rank];
    }

    /**
     * @param rank activity rank, 0 the busiest.
     * @return the share of inputs that choose the instrument at random (Zipf weight); CANCEL and REPLACE follow the
     * orders, so the share of all inputs is close to this but not exactly it.
     */
    public double expectedShare(final int rank)
    {
        return zipf.share(rank);
    }

    /**
     * @return number of instruments.
     */
    public int instrumentCount()
    {
        return instrumentIds.length;
    }

    /**
     * @param type an input type of {@link MarketEvents}.
     * @return inputs of that type produced so far.
     */
    public long emitted(final int type)
    {
        return emitted[type];
    }

    /**
     * @return orders the flow currently believes live.
     */
    public int liveOrderCount()
    {
        return live.size();
    }

    /**
     * @return feed time of the last input produced, or the start time.
     */
    public long lastFeedTime()
    {
        return lastFeedTime;
    }
}
