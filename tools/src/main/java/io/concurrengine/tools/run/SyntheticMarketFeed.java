package io.concurrengine.tools.run;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.config.EngineConfig;

import java.util.concurrent.locks.LockSupport;

/**
 * Publishes the seeded synthetic order flow into an engine from one thread, as fast as possible or paced at a fixed
 * rate. Feed times come from the generator alone (a nominal one million inputs per second of feed time when
 * unpaced), so in event-time mode the same seed and count give the same dispatch stream however fast it ran.
 * <p>
 * When paced, each input carries the time it was due to be sent, so latency is measured from the schedule and a
 * stalled engine shows up in the percentiles instead of silently slowing the feed (no coordinated omission).
 */
final class SyntheticMarketFeed implements Runnable
{
    private static final long SPIN_THRESHOLD_NANOS = 50_000;

    private final Engine engine;
    private final SyntheticOrderFlow flow;
    private final MarketInput input = new MarketInput();
    private final long maxEvents;
    private final long deadlineNanos;
    private final double rate;
    private volatile long published;
    private volatile long refused;
    private volatile boolean stopRequested;
    private volatile boolean finished;

    SyntheticMarketFeed(final Engine engine, final EngineConfig config, final long startNanos)
    {
        this.engine = engine;
        this.flow = new SyntheticOrderFlow(new OrderFlowConfig()
            .seed(config.seed())
            .instrumentCount(config.instruments())
            .zipfExponent(config.zipfExponent())
            .ticksPerSecond(MarketShardModel.TICKS_PER_SECOND)
            .inputsPerSecond(config.rate() > 0 ? config.rate() : 1_000_000.0)
            .bandWidth(config.bandWidth())
            .timeInForce(config.timeInForcePercent(), 100, 5_000));
        this.maxEvents = config.events() > 0 ? config.events() : Long.MAX_VALUE;
        this.deadlineNanos = config.durationNanos() > 0 ? startNanos + config.durationNanos() : Long.MAX_VALUE;
        this.rate = config.rate();
    }

    @Override
    public void run()
    {
        final Engine engine = this.engine;
        final MarketInput input = this.input;
        final long start = System.nanoTime();
        final double intervalNanos = rate > 0 ? 1e9 / rate : 0;
        long count = 0;
        long refusals = 0;
        try
        {
            while (count < maxEvents && !stopRequested)
            {
                final long intended = rate > 0 ? start + (long)(count * intervalNanos) : System.nanoTime();
                if (rate > 0)
                {
                    awaitTime(intended);
                }
                if ((count & 1023) == 0 && System.nanoTime() - deadlineNanos >= 0)
                {
                    break;
                }
                flow.next(input);
                final long result = engine.publish(input.target(), input.type(), input.feedTime(),
                    input.a0(), input.a1(), input.a2(), input.a3(), intended);
                if (result == Engine.CLOSED)
                {
                    break;
                }
                if (result < 0)
                {
                    refusals++;
                    refused = refusals;
                }
                count++;
                if ((count & 255) == 0)
                {
                    published = count;
                }
            }
        }
        finally
        {
            published = count;
            refused = refusals;
            finished = true;
        }
    }

    private static void awaitTime(final long intended)
    {
        long remaining;
        while ((remaining = intended - System.nanoTime()) > 0)
        {
            if (remaining > SPIN_THRESHOLD_NANOS)
            {
                LockSupport.parkNanos(remaining - SPIN_THRESHOLD_NANOS);
            }
            else
            {
                Thread.onSpinWait();
            }
        }
    }

    void requestStop()
    {
        stopRequested = true;
    }

    long published()
    {
        return published;
    }

    long refused()
    {
        return refused;
    }

    boolean finished()
    {
        return finished;
    }
}
