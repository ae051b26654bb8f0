package io.concurrengine.bench.pipeline;

import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.tools.feed.PacedFeed;
import org.HdrHistogram.Histogram;

/**
 * The publisher: the seeded synthetic order flow published into a {@link Pipeline} from one thread by the same
 * {@link PacedFeed} as {@code concurrengine run}'s feed, as fast as it will go or paced at a fixed rate (paced inputs
 * carry the time they were due, so there is no coordinated omission). Adds the publisher thread's CPU time and
 * allocation, read when it finishes. Allocation-free per input (the blocking-queue pipeline allocates inside
 * {@code publish}).
 */
final class MarketFeed extends BenchFeed
{
    private final PacedFeed feed;

    /**
     * @param pipeline      where to publish.
     * @param flow          the order flow's shape and seed.
     * @param rate          inputs per second, or 0 for as fast as possible.
     * @param pacing        how to wait for an input's time when paced.
     * @param maxInputs     inputs to publish, or 0 for no limit.
     * @param durationNanos how long to publish from the start of {@link #run()}, or 0 for no limit.
     * @param skipNanos     time from the start whose inputs' lateness is not recorded (the run's warm-up skip).
     */
    MarketFeed(
        final Pipeline pipeline,
        final OrderFlowConfig flow,
        final double rate,
        final PacedFeed.Pacing pacing,
        final long maxInputs,
        final long durationNanos,
        final long skipNanos)
    {
        this.feed = new PacedFeed(pipeline::publish, flow, rate, pacing, maxInputs, durationNanos, PacedFeed.NO_DEADLINE)
            .skipLatenessFor(skipNanos);
    }

    @Override
    void publish()
    {
        feed.run();
    }

    @Override
    Histogram publishLateness()
    {
        return feed.publishLateness().getTotalCount() > 0 ? feed.publishLateness() : null;
    }

    @Override
    void requestStop()
    {
        feed.requestStop();
    }

    @Override
    long published()
    {
        return feed.published();
    }

    @Override
    long refused()
    {
        return feed.refused();
    }

    @Override
    long startNanos()
    {
        return feed.startNanos();
    }

    @Override
    long endNanos()
    {
        return feed.endNanos();
    }
}
