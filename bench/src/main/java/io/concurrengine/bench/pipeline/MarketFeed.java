package io.concurrengine.bench.pipeline;

import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;

import java.lang.management.ManagementFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * The publisher: the seeded synthetic order flow published into a {@link Pipeline} from one thread, as fast as it
 * will go or paced at a fixed rate. Paced inputs carry the time they were due on the schedule
 * {@code start + n / rate}, so a stall anywhere shows up in the latency of every input it delayed (no coordinated
 * omission); a publisher that falls behind publishes without waiting until it has caught up. Unpaced inputs carry the
 * time they were published.
 * <p>
 * Waits longer than {@link #SPIN_THRESHOLD_NANOS} park, shorter ones spin, as {@code concurrengine run}'s feed does.
 * Allocation-free per input (the blocking-queue pipeline allocates inside {@code publish}).
 */
final class MarketFeed implements Runnable
{
    static final long SPIN_THRESHOLD_NANOS = 50_000;

    private final Pipeline pipeline;
    private final SyntheticOrderFlow flow;
    private final MarketInput input = new MarketInput();
    private final double rate;
    private final long maxInputs;
    private final long durationNanos;
    private volatile long published;
    private volatile long refused;
    private volatile long startNanos;
    private volatile long endNanos;
    private volatile long cpuNanos = -1;
    private volatile long allocatedBytes = -1;
    private volatile boolean stopRequested;

    /**
     * @param pipeline      where to publish.
     * @param flow          the order flow's shape and seed.
     * @param rate          inputs per second, or 0 for as fast as possible.
     * @param maxInputs     inputs to publish, or 0 for no limit.
     * @param durationNanos how long to publish, or 0 for no limit.
     */
    MarketFeed(
        final Pipeline pipeline,
        final OrderFlowConfig flow,
        final double rate,
        final long maxInputs,
        final long durationNanos)
    {
        this.pipeline = pipeline;
        this.flow = new SyntheticOrderFlow(flow);
        this.rate = rate;
        this.maxInputs = maxInputs > 0 ? maxInputs : Long.MAX_VALUE;
        this.durationNanos = durationNanos > 0 ? durationNanos : Long.MAX_VALUE;
    }

    @Override
    public void run()
    {
        final Pipeline pipeline = this.pipeline;
        final SyntheticOrderFlow flow = this.flow;
        final MarketInput input = this.input;
        final long maxInputs = this.maxInputs;
        final boolean paced = rate > 0;
        final double intervalNanos = paced ? 1e9 / rate : 0;
        final long start = System.nanoTime();
        startNanos = start;
        final long deadline = durationNanos == Long.MAX_VALUE ? Long.MAX_VALUE : start + durationNanos;
        long count = 0;
        long refusals = 0;
        try
        {
            while (count < maxInputs && !stopRequested)
            {
                final long intended = paced ? start + (long)(count * intervalNanos) : System.nanoTime();
                if (paced)
                {
                    awaitTime(intended);
                }
                if ((count & 1023) == 0 && System.nanoTime() - deadline >= 0)
                {
                    break;
                }
                flow.next(input);
                final long result = pipeline.publish(input.target(), input.type(), input.feedTime(),
                    input.a0(), input.a1(), input.a2(), input.a3(), intended);
                if (Pipeline.CLOSED == result)
                {
                    break;
                }
                if (result < 0)
                {
                    refusals++;
                }
                count++;
                if ((count & 1023) == 0)
                {
                    published = count;
                }
            }
        }
        finally
        {
            endNanos = System.nanoTime();
            published = count;
            refused = refusals;
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            cpuNanos = threads.getCurrentThreadCpuTime();
            allocatedBytes = threads.getCurrentThreadAllocatedBytes();
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

    long startNanos()
    {
        return startNanos;
    }

    long endNanos()
    {
        return endNanos;
    }

    /**
     * @return CPU time of the publisher thread over its life, once it has finished; -1 before.
     */
    long cpuNanos()
    {
        return cpuNanos;
    }

    /**
     * @return bytes the publisher thread allocated over its life, once it has finished; -1 before.
     */
    long allocatedBytes()
    {
        return allocatedBytes;
    }
}
