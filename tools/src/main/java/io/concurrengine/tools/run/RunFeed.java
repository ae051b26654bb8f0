package io.concurrengine.tools.run;

import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.InputSource;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.PacedFeed;

/**
 * The feed of {@code concurrengine run}: the seeded synthetic order flow of the configuration, or a recorded feed file
 * ({@code feed.file}), published into an engine by a {@link PacedFeed}, as fast as possible or paced at the configured
 * rate and pacing. Feed times come from the generator (a nominal one million inputs per second of feed time when
 * unpaced) or the file alone, so in event-time mode the same seed (or file) and count give the same dispatch stream
 * however fast it ran.
 */
final class RunFeed
{
    private RunFeed()
    {
    }

    /**
     * @param engine     a running engine.
     * @param config     the run's configuration: seed, market shape, rate, event count and duration.
     * @param file       a recorded feed to publish instead of the synthetic flow, or null.
     * @param startNanos {@code System.nanoTime()} the run's duration counts from.
     * @return the feed, to run on its own thread.
     */
    static PacedFeed create(
        final Engine engine, final EngineConfig config, final MarketFeedFile file, final long startNanos)
    {
        final InputSource source = null != file ? file : InputSource.of(new SyntheticOrderFlow(flow(config)));
        return new PacedFeed(engine::publish, source, config.rate(), config.pacing(), config.events(),
            config.durationNanos(), startNanos);
    }

    /**
     * @param engine a running throwaway engine.
     * @param config the run's configuration.
     * @return a feed of the same flow, flat out for {@link EngineConfig#warmupNanos()}.
     */
    static PacedFeed warmUp(final Engine engine, final EngineConfig config)
    {
        return new PacedFeed(engine::publish, flow(config), 0, config.pacing(), 0, config.warmupNanos(),
            PacedFeed.NO_DEADLINE);
    }

    static OrderFlowConfig flow(final EngineConfig config)
    {
        return new OrderFlowConfig()
            .seed(config.seed())
            .instrumentCount(config.instruments())
            .zipfExponent(config.zipfExponent())
            .ticksPerSecond(MarketShardModel.TICKS_PER_SECOND)
            .inputsPerSecond(config.rate() > 0 ? config.rate() : 1_000_000.0)
            .bandWidth(config.bandWidth())
            .timeInForce(config.timeInForcePercent(), 100, 5_000);
    }
}
