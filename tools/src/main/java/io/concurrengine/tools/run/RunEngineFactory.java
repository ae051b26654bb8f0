package io.concurrengine.tools.run;

import com.sun.management.HotSpotDiagnosticMXBean;
import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.journal.FsyncPolicy;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.journal.JournalRollCycle;
import io.concurrengine.pipeline.Backpressure;
import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.pipeline.Publishers;
import io.concurrengine.pipeline.ShardJournalFactory;
import io.concurrengine.pipeline.ShardModel;
import io.concurrengine.pipeline.ShardModelFactory;
import io.concurrengine.pipeline.TimeMode;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.telemetry.CountersFile;
import io.concurrengine.tools.telemetry.CountersFileDescriptor;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * The engine a run's configuration describes: translates the {@code [engine]}, {@code [journal]} and
 * {@code [market]} sections into an {@link EngineBuilder} (shards, rings, idle strategy, market models, shard
 * journals) and its counters file, and says up front whether what they size fits the heap, in messages that name the
 * keys to change. It also loads Chronicle, the shard journals' store, before a stop hook can race its first use
 * ({@link #initialiseChronicle()}).
 * <p>
 * {@link #builder(Path)} creates every shard's market model at once, so that a configuration whose models do not fit
 * the heap fails the build (an {@link OutOfMemoryError}, which {@link #outOfMemory(OutOfMemoryError, long)} explains)
 * before the run's journal directory is cleared, not the engine's start after it. Each call builds anew: the run's
 * warm-up and its measured engine share nothing.
 * <p>
 * The static translations ({@link #journals(EngineConfig, Path)}, {@link #publishers(String)},
 * {@link #rollCycle(String)}) are public for the soak harness and the pipeline benchmarks, which read a configuration
 * as a run does. Immutable; each builder it returns is new and belongs to its caller's thread.
 */
public final class RunEngineFactory
{
    /** Engine version written in journal headers. */
    public static final String ENGINE_VERSION = "0.1.0";

    private final EngineConfig config;
    private final PrintWriter err;
    private final LongSupplier journalClock;
    /** The command's flag for each key it lets its user set, or null for a command that can set every key. */
    private final Map<String, String> flags;

    /**
     * @param config the resolved configuration.
     * @param err    where the engines' errors are logged, rate limited ({@link RateLimitedErrorLog}).
     */
    RunEngineFactory(final EngineConfig config, final PrintWriter err)
    {
        this(config, err, System::currentTimeMillis);
    }

    /**
     * @param config       the resolved configuration.
     * @param err          where the engines' errors are logged, rate limited ({@link RateLimitedErrorLog}).
     * @param journalClock wall clock in epoch milliseconds that picks each shard journal's cycle file
     *                     ({@link JournalConfig#epochMillisClock()}): the system's, or a test's.
     */
    RunEngineFactory(final EngineConfig config, final PrintWriter err, final LongSupplier journalClock)
    {
        this(config, err, journalClock, null);
    }

    private RunEngineFactory(
        final EngineConfig config, final PrintWriter err, final LongSupplier journalClock,
        final Map<String, String> flags)
    {
        this.config = config;
        this.err = err;
        this.journalClock = journalClock;
        this.flags = flags;
    }

    /**
     * @param journalClock wall clock in epoch milliseconds that picks each shard journal's cycle file.
     * @return a factory like this one, picking cycle files by {@code journalClock}.
     */
    RunEngineFactory journalClock(final LongSupplier journalClock)
    {
        return new RunEngineFactory(config, err, journalClock, flags);
    }

    /**
     * @param flags the command's flag for each configuration key it lets its user set ({@code benchmark}'s
     *              {@code --shards} for {@code engine.shards}): the memory rule's advice names those flags, and no key
     *              the command cannot change.
     * @return a factory like this one, advising so.
     */
    RunEngineFactory flags(final Map<String, String> flags)
    {
        return new RunEngineFactory(config, err, journalClock, Map.copyOf(flags));
    }

    /**
     * @param key a configuration key.
     * @return what its user changes to change it: the key, or the command's flag for it; null if the command cannot
     * change it.
     */
    private String named(final String key)
    {
        return null == flags ? key : flags.get(key);
    }

    /**
     * What {@link #initialiseChronicle()} initialises, in order: Chronicle's {@code Jvm}, the slow part, then the
     * resource releaser, which adds Chronicle's shutdown hook.
     */
    static final List<String> CHRONICLE_CLASSES = List.of(
        "net.openhft.chronicle.core.Jvm", "net.openhft.chronicle.core.io.BackgroundResourceReleaser");

    /**
     * Chronicle's system property that turns its disk monitor off, read once, when the monitor is first used (the
     * first queue built).
     */
    static final String DISK_MONITOR_DISABLE = "chronicle.disk.monitor.disable";

    /**
     * Chronicle registers a JVM shutdown hook when its resource releaser class is first initialised, which fails
     * ("Shutdown in progress") once Ctrl-C or SIGTERM has started the JVM's shutdown. Initialise it now, before the
     * command registers its own stop hook, so that a signal during the engine's start cannot fail the start.
     * Idempotent. Not once the shutdown has begun (a signal before the command got here, which {@link EarlyStopHook}
     * hands over): it would fail, and its thread say so in a stack trace; the job then builds no engine. Turns
     * Chronicle's disk monitor off first ({@link #quietDiskMonitor()}).
     */
    static void initialiseChronicle()
    {
        quietDiskMonitor();
        initialiseChronicle(EarlyStopHook::shutdownBegun, RunEngineFactory::initialiseClass);
    }

    /**
     * Turn Chronicle's disk monitor off, unless the JVM was given {@value #DISK_MONITOR_DISABLE} (as {@code false}, to
     * keep it). Every 10 s it said "your disk ... is almost full, warning: the JVM may crash if it undertakes an
     * operation with a memory-mapped file" (below 200 MB free, or past 95 % of the disk) in its own log format among
     * the progress lines, for as long as the run went on. The journal has its own free-space floor: it refuses a
     * start below it and ends the run cleanly once a shard reaches it, before a mapped write could meet a full disk.
     * To be called before any queue is built.
     */
    static void quietDiskMonitor()
    {
        if (null == System.getProperty(DISK_MONITOR_DISABLE))
        {
            System.setProperty(DISK_MONITOR_DISABLE, "true");
        }
    }

    /**
     * Initialise {@link #CHRONICLE_CLASSES} in order, each only if the shutdown has not begun: Chronicle's
     * {@code Jvm} first, which takes nearly all the time (a second on a busy machine) and adds no hook, then the
     * releaser, which adds its hook within milliseconds (tens on a busy machine). A signal during the first leaves the
     * second alone, rather than failing it and printing its thread's stack trace; only one during those milliseconds
     * still can.
     *
     * @param shutdownBegun whether the JVM's shutdown has begun.
     * @param initialise    initialises the class of that name.
     */
    static void initialiseChronicle(final BooleanSupplier shutdownBegun, final Consumer<String> initialise)
    {
        for (final String name : CHRONICLE_CLASSES)
        {
            if (shutdownBegun.getAsBoolean())
            {
                return;
            }
            initialise.accept(name);
        }
    }

    private static void initialiseClass(final String name)
    {
        try
        {
            Class.forName(name, true, RunEngineFactory.class.getClassLoader());
        }
        catch (final ClassNotFoundException | LinkageError ex)
        {
            // No Chronicle on the class path (or it cannot initialise): the journal's own start reports it.
        }
    }

    /**
     * @return the counters file the configuration names ({@code telemetry.counters_file}), created with room for every
     * shard's counters, for {@link EngineBuilder#counters}, beside its path until {@link CountersFile#publish()}.
     * @throws IOException if it cannot be created.
     */
    CountersFile counters() throws IOException
    {
        return CountersFile.prepare(Path.of(config.countersFile()),
            Math.max(CountersFileDescriptor.DEFAULT_COUNTERS, EngineBuilder.countersFor(config.shards())));
    }

    /**
     * @param journalRoot journal directory, or null for no journal.
     * @return a builder of the configured engine journaling under {@code journalRoot}, its models already created.
     * @throws OutOfMemoryError if the models do not fit the heap.
     */
    EngineBuilder builder(final Path journalRoot)
    {
        final ShardJournalFactory journal = journals(config, journalRoot, journalClock);
        return Engine.builder()
            .shards(config.shards())
            .ringSize(config.ringSize())
            .priorityRingSize(config.priorityRingSize())
            .batchLimit(config.batchLimit())
            .minBatch(config.minBatch())
            .maxBatchDelay(config.maxBatchDelayNanos())
            .journalFlushInterval(config.flushIntervalNanos())
            .backpressure(Backpressure.valueOf(config.backpressure().toUpperCase(Locale.ROOT)))
            .publishers(publishers(config.publishers()))
            .timeMode("wall-clock".equals(config.timeMode()) ? TimeMode.WALL_CLOCK : TimeMode.EVENT_TIME)
            .timeUnitNanos(1_000)
            .wheel(config.wheelSlots(), config.wheelSlotShift())
            .initialWheelCapacity(config.wheelCapacity())
            .idleStrategy(idleStrategy(config.idleStrategy(), config.shards()))
            .model(models(MarketShardModel.factory(config), config.shards()))
            .journal(journal)
            .errorHandler(new RateLimitedErrorLog(err));
    }

    /**
     * The run's memory rule, checked before anything is changed: every shard's rings fit in this JVM's heap
     * ({@link #checkRingMemory(long)}) and its timing wheels in its direct memory ({@link #checkWheelMemory(long)}).
     * {@code run} and {@code soak} refuse a configuration that breaks it (exit 2), and so does their
     * {@code --print-config}, which checks the configuration as the run would.
     *
     * @param config the resolved configuration.
     * @return null if the rings and the wheels fit, else what is wrong, naming the keys.
     */
    public static String checkMemory(final EngineConfig config)
    {
        return new RunEngineFactory(config, new PrintWriter(Writer.nullWriter())).checkMemory();
    }

    /**
     * @param config a resolved configuration.
     * @param flags  the command's flag for each configuration key it lets its user set, as {@link #flags(Map)}.
     * @return null if the rings and the wheels fit, else what is wrong, naming those flags and no key the command
     * cannot change.
     */
    public static String checkMemory(final EngineConfig config, final Map<String, String> flags)
    {
        return new RunEngineFactory(config, new PrintWriter(Writer.nullWriter())).flags(flags).checkMemory();
    }

    /**
     * @return null if the rings and the wheels fit this JVM's memory, else what is wrong
     * ({@link #checkMemory(EngineConfig)}).
     */
    String checkMemory()
    {
        final String rings = checkRingMemory(Runtime.getRuntime().maxMemory());
        return null != rings ? rings : checkWheelMemory(maxDirectMemory());
    }

    /**
     * @param maxHeapBytes the heap the rings must fit in.
     * @return null if every shard's rings fit comfortably in the heap, else what is wrong, naming the keys.
     */
    String checkRingMemory(final long maxHeapBytes)
    {
        final long ringBytes = (long)config.shards() * ((long)config.ringSize() + config.priorityRingSize()) *
            Engine.RING_SLOT_BYTES;
        if (ringBytes <= maxHeapBytes / 2)
        {
            return null;
        }
        // a command that cannot set the rings' size (benchmark) can have fewer shards
        final String lower = null != named("engine.ring_size") ? named("engine.ring_size") : named("engine.shards");
        return String.format(Locale.ROOT, "%s and %s with %s need " +
            "%,d bytes of input rings (%d bytes a slot), more than half of this JVM's %,d-byte heap; %sraise the " +
            "heap (-Xmx)", sourced("engine.ring_size", config.ringSize()),
            sourced("engine.priority_ring_size", config.priorityRingSize()), shardCount(), ringBytes,
            Engine.RING_SLOT_BYTES, maxHeapBytes, null == lower ? "" : "lower " + lower + " or ");
    }

    /**
     * @param maxDirectBytes the direct memory the shards' timing wheels are allocated from.
     * @return null if every shard's wheel fits comfortably in it, else what is wrong, naming the key.
     */
    String checkWheelMemory(final long maxDirectBytes)
    {
        final int[] expected = MarketShardModel.timerCapacities(config);
        long records = 0;
        int largestExpected = 0;
        for (final int timers : expected)
        {
            records += Math.max(config.wheelCapacity(), timers);
            largestExpected = Math.max(largestExpected, timers);
        }
        final long wheelBytes = records * EventDescriptor.RECORD_LENGTH +
            (long)config.shards() * EventDescriptor.RECORD_ALIGNMENT;
        if (wheelBytes <= maxDirectBytes / 4 * 3)
        {
            return null;
        }
        // a wheel takes the larger of the two: lowering engine.wheel_capacity helps only while it is the larger
        // a paced run's flow is stamped at its rate: the faster, the more of its orders wait to expire at once
        final String rate = config.rate() > 0 && null != named("run.rate") ?
            named("run.rate") + " (the expiries pending at once grow with it)" : null;
        final String model = null == named("market.instruments") ? null : named("market.instruments") + " or " +
            named("market.time_in_force_percent") + " (the model's timers size the wheels, not " +
            named("engine.wheel_capacity") + ")";
        final String lower = config.wheelCapacity() > largestExpected ? named("engine.wheel_capacity") :
            null == rate ? model : null == model ? rate : rate + ", " + model;
        return String.format(Locale.ROOT, "%s with %s needs %,d bytes of timing wheels " +
            "(%d bytes a record; the market model asks for up to %,d records a shard), more than three quarters of " +
            "this JVM's %,d-byte limit of direct memory; %sraise the limit " +
            "(-XX:MaxDirectMemorySize, or the heap (-Xmx) it follows by default)",
            sourced("engine.wheel_capacity", config.wheelCapacity()),
            shardCount(), wheelBytes, EventDescriptor.RECORD_LENGTH, largestExpected, maxDirectBytes,
            null == lower ? "" : "lower " + lower + " or ");
    }

    /**
     * @return the number of shards and the noun, as the memory checks give them, and where the number came from:
     * "1 shard (engine.shards, flag --shards)", "1024 shards (engine.shards, engine.toml:2:1)".
     */
    private String shardCount()
    {
        final String source = source("engine.shards");
        return config.shards() + (1 == config.shards() ? " shard" : " shards") +
            (null == source ? "" : " (engine.shards, " + source + ")");
    }

    /**
     * @return the key, its value and where the value came from, as the memory checks give them:
     * "engine.ring_size=65536 (embedded default-engine.toml:8:1)".
     */
    private String sourced(final String key, final long value)
    {
        final String source = source(key);
        return key + "=" + value + (null == source ? "" : " (" + source + ")");
    }

    /**
     * @return where the configuration's value of {@code key} came from ({@link EngineConfig#sources()}), a flag by
     * its name without the key ("flag --shards", not "flag --shards (engine.shards)" nor "flag for engine.shards");
     * null if not known.
     */
    private String source(final String key)
    {
        final String source = null == config.sources() ? null : config.sources().get(key);
        if (null != source && source.equals("flag for " + key) && null != flags && null != flags.get(key))
        {
            return "flag " + flags.get(key); // a command whose flags the configuration did not name (benchmark)
        }
        return null == source ? null : source.endsWith(" (" + key + ")") ?
            source.substring(0, source.length() - key.length() - 3) : source;
    }

    /**
     * @return the JVM's limit of direct memory, which the timing wheels are allocated from: -XX:MaxDirectMemorySize,
     * or the largest heap when it is not set (HotSpot's default).
     */
    static long maxDirectMemory()
    {
        final String configured = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class)
            .getVMOption("MaxDirectMemorySize").getValue();
        final long bytes = Long.parseLong(configured);
        return bytes > 0 ? bytes : Runtime.getRuntime().maxMemory();
    }

    /**
     * @param ex           the heap running out while the run's engine was built.
     * @param maxHeapBytes the heap.
     * @return what went wrong and what to change, naming what sizes what the engine allocates up front.
     */
    String outOfMemory(final OutOfMemoryError ex, final long maxHeapBytes)
    {
        // the books of a shard take 4 bytes a price level: market.band_width sizes them as market.instruments does
        return String.format(Locale.ROOT, "the engine's rings and market models (%s, %s, %s, %s, order pools sized " +
            "for the feed's %,d live orders) do not fit this JVM's %,d-byte heap (out of memory: %s); raise the heap " +
            "(-Xmx)", sourced("engine.shards", config.shards()), sourced("engine.ring_size", config.ringSize()),
            sourced("market.instruments", config.instruments()), sourced("market.band_width", config.bandWidth()),
            RunFeed.flow(config).maxLiveOrders(), maxHeapBytes, ex.getMessage());
    }

    /**
     * The journal of every shard as the {@code [journal]} section of a configuration describes it.
     *
     * @param config      the engine configuration.
     * @param journalRoot journal directory, or null for no journal.
     * @return a factory of shard journals under {@code journalRoot}, or {@link ShardJournalFactory#NONE}.
     */
    public static ShardJournalFactory journals(final EngineConfig config, final Path journalRoot)
    {
        return journals(config, journalRoot, System::currentTimeMillis);
    }

    /**
     * @param config       the engine configuration.
     * @param journalRoot  journal directory, or null for no journal.
     * @param journalClock wall clock in epoch milliseconds that picks each journal's cycle file.
     * @return {@link #journals(EngineConfig, Path)}'s factory, its journals' cycles picked by {@code journalClock}.
     */
    static ShardJournalFactory journals(
        final EngineConfig config, final Path journalRoot, final LongSupplier journalClock)
    {
        return null == journalRoot ? ShardJournalFactory.NONE :
            ChronicleShardJournal.factory(journalRoot,
                builder -> journalConfig(config, builder).epochMillisClock(journalClock),
                ENGINE_VERSION, config.hash(), TimeUnit.MICROSECONDS, 0, config.seed());
    }

    /**
     * @param config  the engine configuration.
     * @param builder a shard journal's configuration, pointing at its directory.
     * @return {@code builder} set as the {@code [journal]} section describes.
     * @throws IllegalArgumentException if the journal refuses a value.
     */
    private static JournalConfig.Builder journalConfig(final EngineConfig config, final JournalConfig.Builder builder)
    {
        return builder
            .rollCycle(rollCycle(config.rollCycle()))
            .retainCycles((int)config.retainCycles())
            .retainBytes(config.retainBytes())
            .fsyncPolicy(FsyncPolicy.valueOf(config.fsync().toUpperCase(Locale.ROOT).replace('-', '_')))
            .blockBytes(config.blockBytes())
            .writeBehindBytes(config.writeBehindBytes())
            .dropWrittenPages(config.dropWrittenPages())
            .pretouchRead(config.pretouchRead())
            .hugePages(config.hugePages())
            .packed(config.journalPacked())
            .pretouchAheadBytes(config.pretouchAheadBytes())
            .pretouchIntervalNanos(config.pretouchIntervalNanos())
            .pretouchWritableBytes(config.pretouchWritableBytes())
            .chunkBytes(config.chunkBytes());
    }

    /**
     * Whether the shards' journals take the {@code [journal]} section as it is: the journal checks its settings only
     * when the engine's start opens it, after the run's journal directory has been cleared, so a value the
     * configuration's own checks let through would cost the earlier run's journal. Opens and changes nothing.
     *
     * @param journalRoot the run's journal directory.
     * @return null if the journal takes every setting, else which one it refuses and why.
     */
    String checkJournal(final Path journalRoot)
    {
        try
        {
            journalConfig(config, JournalConfig.builder(ChronicleShardJournal.shardDirectory(journalRoot, 0))).build();
            return null;
        }
        catch (final IllegalArgumentException ex)
        {
            return "the journal refuses the [journal] settings: " + ex.getMessage() +
                "; change that key (--config FILE or CONCURRENGINE_JOURNAL_*)";
        }
    }

    /**
     * @param name publishers mode from the configuration, {@code single} or {@code multi}.
     * @return the engine's publishers mode.
     */
    public static Publishers publishers(final String name)
    {
        return Publishers.valueOf(name.toUpperCase(Locale.ROOT));
    }

    /**
     * @param name roll cycle name from the configuration.
     * @return the journal roll cycle.
     */
    public static JournalRollCycle rollCycle(final String name)
    {
        return JournalRollCycle.valueOf(name.toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    /**
     * @param name   {@code engine.idle_strategy}: {@code busy-spin}, {@code yielding}, {@code sleeping}, or anything
     *               else for the engine's default.
     * @param shards the shard count, which the default depends on.
     * @return a supplier of one idle strategy per shard.
     */
    public static Supplier<IdleStrategy> idleStrategy(final String name, final int shards)
    {
        switch (name)
        {
            case "busy-spin":
                return BusySpinIdleStrategy::new;
            case "yielding":
                return YieldingIdleStrategy::new;
            case "sleeping":
                return () -> new SleepingMillisIdleStrategy(1);
            default:
                return () -> EngineBuilder.defaultIdleStrategy(shards);
        }
    }

    /**
     * Every shard's model, created now rather than when the engine starts: a model too big for the heap (its books and
     * order pool are sized before the run) then fails the build, before the journal directory is cleared, as the ring
     * memory check does, and not the start, after it.
     *
     * @param factory the models' factory.
     * @param shards  the shard count.
     * @return a factory that hands each shard the model created for it.
     * @throws OutOfMemoryError if the models do not fit the heap.
     */
    private static ShardModelFactory models(final ShardModelFactory factory, final int shards)
    {
        final ShardModel[] models = new ShardModel[shards];
        for (int i = 0; i < shards; i++)
        {
            models[i] = factory.create(i, shards);
        }
        return (shardId, shardCount) -> models[shardId];
    }
}
