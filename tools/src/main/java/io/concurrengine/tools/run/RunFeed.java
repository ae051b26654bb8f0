package io.concurrengine.tools.run;

import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.TimeMode;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.FeedAddress;
import io.concurrengine.tools.feed.InputSource;
import io.concurrengine.tools.feed.MarketFeedFile;
import io.concurrengine.tools.feed.NetworkFeed;
import io.concurrengine.tools.feed.PacedFeed;

import java.io.FileDescriptor;
import java.io.FileInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * The feed of {@code concurrengine run}: the seeded synthetic order flow of the configuration, or a recorded feed file
 * ({@code feed.file}: a path, standard input or a TCP connection), published into an engine by a {@link PacedFeed}, as fast as possible or paced at the configured
 * rate and pacing. Feed times come from the generator (a nominal one million inputs per second of feed time when
 * unpaced) or the file alone, so in event-time mode the same seed (or file) and count give the same dispatch stream
 * however fast it ran. In event-time mode the feed ends by moving every shard's clock to its last input's time
 * ({@link Engine#advanceTo(long)}), so the timers due by then fire on every shard, and the market model's state hash
 * is the same for any shard count.
 */
final class RunFeed
{
    /** This process's standard input by path, on Linux and macOS: what {@code --feed -} reads. */
    static final Path STANDARD_INPUT = Path.of("/dev/stdin");

    private RunFeed()
    {
    }

    /**
     * @param config the run's configuration: {@code feed.file}, a path, {@link RunJob#STDIN} for standard input or a
     *               network address ({@link FeedAddress}), {@code feed.on_error} and, for a network feed,
     *               {@code feed.idle_timeout}.
     * @param report what the feed says about its lines (malformed ones skipped, say) and, for a network feed, where
     *               it listens and who connected.
     * @return the configured feed, open (a network feed that listens takes its upstream's connection at its first
     * read).
     * @throws IOException if it cannot be opened.
     */
    static MarketFeedFile openFile(final EngineConfig config, final Consumer<String> report) throws IOException
    {
        final String feed = config.feedFile();
        if (RunJob.STDIN.equals(feed))
        {
            checkStandardInput(STANDARD_INPUT);
            return MarketFeedFile.of("stdin", new FileInputStream(FileDescriptor.in).getChannel(),
                config.feedOnError(), report);
        }
        if (FeedAddress.isNetwork(feed))
        {
            return NetworkFeed.open(FeedAddress.parse(feed), config.feedOnError(), config.feedIdleTimeoutNanos(),
                report, report);
        }
        return MarketFeedFile.open(Path.of(feed), config.feedOnError(), report);
    }

    /**
     * Refuse standard input open on a directory ({@code run --feed - < data/}, a slip of the shell), as a directory
     * given as the feed file is refused: before the journal directory is touched, rather than replace an earlier run's
     * journal with a run that fails at its first read. Where the system names standard input by no such path, or it
     * cannot be examined, nothing is refused here and the first read says what is wrong. Refuse as well standard
     * input that was closed ({@code run --feed - <&-}, a daemon started without one): the JVM's first file, its
     * runtime image in {@code java.home}, then takes descriptor 0, and the run read it as its feed. A runtime installed
     * at the root is looked at for that image alone.
     *
     * @param stdin the path of this process's standard input, {@link #STANDARD_INPUT}.
     * @throws IOException if it is a directory, or a file of the JVM's own installation.
     */
    static void checkStandardInput(final Path stdin) throws IOException
    {
        checkStandardInput(stdin, System.getProperty("java.home"));
    }

    /**
     * As {@link #checkStandardInput(Path)}, for a runtime installed in {@code javaHome}.
     *
     * @param stdin    the path of this process's standard input.
     * @param javaHome the runtime's {@code java.home}, or null if unknown.
     * @throws IOException if it is a directory, or a file of the JVM's own installation.
     */
    static void checkStandardInput(final Path stdin, final String javaHome) throws IOException
    {
        if (Files.isDirectory(stdin))
        {
            throw new IOException("standard input is a directory");
        }
        final Path file = null == javaHome ? null : RunJournalDir.realPath(stdin);
        final Path home = null == file ? null : RunJournalDir.realPath(Path.of(javaHome));
        // a runtime installed at the root (java.home "/") holds every file: only its image is the JVM's own then
        if (null != home && (null == home.getParent() ? file.equals(home.resolve("lib").resolve("modules")) :
            file.startsWith(home)))
        {
            throw new IOException("standard input is closed: the JVM opened its own " + file +
                " as descriptor 0; give --feed - a pipe or a file (< feed.csv), or < /dev/null for no input");
        }
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
        final PacedFeed.Sink sink = engine.timeMode() == TimeMode.EVENT_TIME ? new EventTimeSink(engine) :
            engine::publish;
        return new PacedFeed(sink, source, config.rate(), config.pacing(), config.events(), config.durationNanos(),
            startNanos);
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

    /**
     * An event-time engine's publish, and its watermark at the end of the feed.
     */
    private static final class EventTimeSink implements PacedFeed.Sink
    {
        private final Engine engine;

        EventTimeSink(final Engine engine)
        {
            this.engine = engine;
        }

        @Override
        public long publish(
            final long target,
            final int type,
            final long feedTime,
            final long a0,
            final long a1,
            final long a2,
            final long a3,
            final long intendedNanos)
        {
            return engine.publish(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
        }

        @Override
        public boolean advanceTo(final long lastFeedTime)
        {
            return engine.advanceTo(lastFeedTime);
        }
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
