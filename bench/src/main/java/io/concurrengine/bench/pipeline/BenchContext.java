package io.concurrengine.bench.pipeline;

import io.concurrengine.bench.pipeline.alternatives.BlockingQueuePipeline;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.run.MarketShardModel;
import io.concurrengine.tools.run.RunEngineFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * What every run of one harness invocation shares: the resolved {@code concurrengine run} configuration (market
 * shape, seed, wheel, ring and batch sizes from the embedded defaults with the harness's overrides), the journal work
 * directory, and how to build pipelines, models, journals and the order flow from it.
 */
final class BenchContext
{
    private final BenchOptions options;
    private final EngineConfig config;
    private final AtomicLong errors = new AtomicLong();
    private RecordedFeed.Recording recording;

    BenchContext(final BenchOptions options)
    {
        this.options = options;
        final Map<String, String> overrides = new LinkedHashMap<>();
        overrides.put("engine.shards", Integer.toString(options.shards()));
        overrides.put("engine.ring_size", Integer.toString(options.ringSize()));
        overrides.put("engine.batch_limit", Integer.toString(options.batchLimit()));
        overrides.put("engine.idle_strategy", options.idle());
        overrides.put("run.seed", Long.toString(options.seed()));
        overrides.put("run.progress", "false");
        overrides.put("journal.dir", options.work().toString());
        overrides.put("telemetry.counters", "false");
        overrides.putAll(options.settings());
        this.config = new ConfigLoader().load(null, Map.of(), overrides);
    }

    EngineConfig config()
    {
        return config;
    }

    BenchOptions options()
    {
        return options;
    }

    long errors()
    {
        return errors.get();
    }

    ShardModelFactory models(final String model)
    {
        return switch (model)
        {
            case "market" -> MarketShardModel.factory(config);
            case "trivial" -> TrivialModel.factory();
            default -> throw new IllegalArgumentException("model=" + model + " (market | trivial)");
        };
    }

    ShardJournalFactory journals(final Path root)
    {
        // the embedded defaults: fsync none, no retention (a run's journal is deleted after it)
        return RunEngineFactory.journals(config, root);
    }

    Pipeline start(final String pipeline, final String model, final Path journalRoot)
    {
        final PipelineConfig pipelineConfig = new PipelineConfig(
            config.shards(), config.ringSize(), RunEngineFactory.publishers(config.publishers()),
            config.batchLimit(), config.minBatch(), config.maxBatchDelayNanos(), config.flushIntervalNanos(),
            config.wheelSlots(), config.wheelSlotShift(), models(model), journals(journalRoot),
            RunEngineFactory.idleStrategy(config.idleStrategy(), config.shards()), this::onError);
        return switch (pipeline)
        {
            case "disruptor" -> new DisruptorPipeline(pipelineConfig);
            case "abq" -> new BlockingQueuePipeline(pipelineConfig);
            case "feed-only" -> new FeedOnlyPipeline();
            default -> throw new IllegalArgumentException("pipeline=" + pipeline + " (disruptor | abq | feed-only)");
        };
    }

    /**
     * The order flow of {@code concurrengine run}: feed time advances a nominal one million inputs per second of
     * feed time when unpaced, and at the paced rate when paced.
     */
    OrderFlowConfig flow(final double rate)
    {
        return new OrderFlowConfig()
            .seed(config.seed())
            .instrumentCount(config.instruments())
            .zipfExponent(config.zipfExponent())
            .ticksPerSecond(MarketShardModel.TICKS_PER_SECOND)
            .inputsPerSecond(rate > 0 ? rate : 1_000_000.0)
            .bandWidth(config.bandWidth())
            .timeInForce(config.timeInForcePercent(), 100, 5_000);
    }

    /**
     * The unpaced order flow recorded for {@link RecordedFeed}, made on first use and kept for every run of the
     * process, so every run replays the same inputs.
     */
    RecordedFeed.Recording recording()
    {
        if (null == recording)
        {
            recording = RecordedFeed.Recording.of(flow(0), options.recordedInputs());
        }
        return recording;
    }

    private void onError(final Throwable error)
    {
        if (errors.incrementAndGet() <= 10)
        {
            System.err.println("pipeline-bench: " + error);
        }
    }

    Path journalRoot(final String label)
    {
        return options.work().resolve(label);
    }

    static void deleteTree(final Path root)
    {
        if (null == root || !Files.exists(root))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.deleteIfExists(path);
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
    }
}
