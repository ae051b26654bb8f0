package io.concurrengine.pipeline;

import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.wheel.EventWheel;
import org.agrona.ErrorHandler;
import org.agrona.concurrent.BackoffIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NanoClock;
import org.agrona.concurrent.SystemNanoClock;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.CountersManager;
import org.agrona.concurrent.status.CountersReader;

import java.nio.ByteBuffer;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * Configures an {@link Engine}. Defaults suit a 2-core machine: 2 shards, rings of 65536 inputs that any thread may
 * publish to, a priority ring of 1024, BLOCK backpressure, event-time mode in nanoseconds, and a backoff idle strategy
 * that parks when idle rather than spinning, so two shard threads do not starve the publisher.
 * <p>
 * Not threadsafe; {@link #build()} checks every value and names the one that is wrong. Each engine keeps a copy of
 * the settings it was built with, so a builder may be changed and built again without touching the engines it built
 * before (the factories, handlers and counters manager given to it are shared, not copied).
 */
public final class EngineBuilder implements Cloneable
{
    /** Largest ring: 2^26 slots of 64 bytes, a 4 GiB array per ring (the configuration file's limit too). */
    static final int MAX_RING_SIZE = 1 << 26;

    /** An engine's {@link #name(String)} unless given one: its shard threads are {@code concurrengine-shard-N}. */
    public static final String DEFAULT_NAME = "concurrengine";

    /** The default error handler, which {@link #build()} replaces with one that prints the engine's name. */
    private static final ErrorHandler PRINT_ERRORS = error -> System.err.println(DEFAULT_NAME + ": " + error);

    /** How long {@link Engine#start()} waits, by default, while no shard finishes building its core. */
    public static final long DEFAULT_START_TIMEOUT_NANOS = 30_000_000_000L;

    /** The default idle strategy's longest park with one shard per core: {@link #defaultIdleStrategy(int, int)}. */
    public static final long DEFAULT_MAX_PARK_NANOS = 100_000L;

    /** The longest a shard holds back fewer than {@link #minBatch(int)} inputs, by default. */
    public static final long DEFAULT_MAX_BATCH_DELAY_NANOS = 50_000L;

    /** Records each shard's wheel holds before it first grows, by default: {@link #initialWheelCapacity(int)}. */
    public static final int DEFAULT_INITIAL_WHEEL_CAPACITY = 1 << 16;

    /** The longest {@link #maxBatchDelay(long)} accepted: one second. */
    public static final long MAX_MAX_BATCH_DELAY_NANOS = 1_000_000_000L;

    /**
     * How long a wall clock must be able to run from its {@link #startTime(long)} before its time would pass
     * {@link Long#MAX_VALUE} (and wrap, leaving every input in the wheels): 100 years, in nanoseconds.
     */
    public static final long WALL_CLOCK_SPAN_NANOS = 100L * 365 * 24 * 3600 * 1_000_000_000L;

    String name = DEFAULT_NAME;
    int shards = 2;
    int ringSize = 1 << 16;
    int priorityRingSize = 1 << 10;
    int batchLimit = 256;
    int minBatch = 1;
    long maxBatchDelayNanos = DEFAULT_MAX_BATCH_DELAY_NANOS;
    long journalFlushIntervalNanos = 1_000_000;
    long startTimeoutNanos = DEFAULT_START_TIMEOUT_NANOS;
    Backpressure backpressure = Backpressure.BLOCK;
    Publishers publishers = Publishers.MULTI;
    TimeMode timeMode = TimeMode.EVENT_TIME;
    long timeUnitNanos = 1;
    long startTime;
    int slotCount = EventWheel.DEFAULT_SLOT_COUNT;
    int slotShift = EventWheel.DEFAULT_SLOT_SHIFT;
    int initialWheelCapacity = DEFAULT_INITIAL_WHEEL_CAPACITY;
    int latencySignificantDigits = 3;
    Partitioner partitioner = Partitioner.hash();
    ShardModelFactory modelFactory;
    ShardJournalFactory journalFactory = ShardJournalFactory.NONE;
    Supplier<IdleStrategy> idleStrategySupplier;
    NanoClock clock = new SystemNanoClock();
    ErrorHandler errorHandler = PRINT_ERRORS;
    CountersManager countersManager;

    EngineBuilder()
    {
    }

    /**
     * Names the engine, so that engines of one JVM can be told apart: its shard threads are {@code name-shard-N} (N
     * the shard), as a thread dump, a profiler and {@code Thread.currentThread().getName()} in a handler show them,
     * and the default error handler prints {@code name: } before each error. The engine adds no number of its own:
     * engines given the same name (the default for each) have threads of the same names. Neither counter labels nor
     * journals carry it.
     *
     * @param name the engine's name, not empty; {@value #DEFAULT_NAME} by default.
     * @return this.
     */
    public EngineBuilder name(final String name)
    {
        this.name = name;
        return this;
    }

    /**
     * @param shards number of shards, one thread each, in [1, 1024].
     * @return this.
     */
    public EngineBuilder shards(final int shards)
    {
        this.shards = shards;
        return this;
    }

    /**
     * @param ringSize inputs each shard's main ring holds: a power of two in [2, 2^26]. Each slot takes
     *                 {@link Engine#RING_SLOT_BYTES} bytes of heap, allocated by {@link #build()}.
     * @return this.
     */
    public EngineBuilder ringSize(final int ringSize)
    {
        this.ringSize = ringSize;
        return this;
    }

    /**
     * @param priorityRingSize inputs each shard's priority ring holds: a power of two in [2, 2^26], at
     *                         {@link Engine#RING_SLOT_BYTES} bytes of heap a slot.
     * @return this.
     */
    public EngineBuilder priorityRingSize(final int priorityRingSize)
    {
        this.priorityRingSize = priorityRingSize;
        return this;
    }

    /**
     * @param batchLimit most inputs a shard takes from one ring before it flushes its journal and looks again.
     * @return this.
     */
    public EngineBuilder batchLimit(final int batchLimit)
    {
        this.batchLimit = batchLimit;
        return this;
    }

    /**
     * Batch coalescing: a shard that has been busy for {@link #maxBatchDelay(long)} (it found input in its main ring
     * every time it looked since it last found the ring empty) takes from that ring only once {@code minBatch} inputs
     * wait there, or once those waiting have done so for the delay since the shard first saw them; meanwhile it counts
     * as idle, so its idle strategy backs off and gives its core away. A shard that finds its ring empty now and then
     * takes each input as it comes, so a light or bursty feed sees no added latency. 1 (the default) never waits, the
     * choice when each busy thread has a core of its own. On a machine with fewer cores than busy threads, a value
     * near the batch limit lets a busy shard take large batches and park in between instead of keeping up with its
     * publisher a few inputs at a time: more throughput for up to the delay (plus a park) of added latency while
     * saturated. The priority ring is never held back, nor anything once the engine drains. Dispatch order, journal
     * content and state hashes do not depend on it in event-time mode.
     *
     * @param minBatch inputs a shard waits for, in [1, batchLimit] and at most the ring size.
     * @return this.
     */
    public EngineBuilder minBatch(final int minBatch)
    {
        this.minBatch = minBatch;
        return this;
    }

    /**
     * @param maxBatchDelayNanos the longest a shard holds back fewer than {@link #minBatch(int)} inputs, from when it
     *                           first sees them; in [0, 1 s], {@link #DEFAULT_MAX_BATCH_DELAY_NANOS} by default, 0
     *                           for no holding back whatever the minimum batch.
     * @return this.
     */
    public EngineBuilder maxBatchDelay(final long maxBatchDelayNanos)
    {
        this.maxBatchDelayNanos = maxBatchDelayNanos;
        return this;
    }

    /**
     * @param journalFlushIntervalNanos how long a journaled record may wait for the group commit that writes its
     *                                  block; 0 flushes after every unit of work.
     * @return this.
     */
    public EngineBuilder journalFlushInterval(final long journalFlushIntervalNanos)
    {
        this.journalFlushIntervalNanos = journalFlushIntervalNanos;
        return this;
    }

    /**
     * @param startTimeoutNanos how long {@link Engine#start()} waits while no shard finishes building its core (its
     *                          model's state, its journal) on its thread: the shards start together, so the wait is
     *                          for progress, not for all of them; positive, {@link #DEFAULT_START_TIMEOUT_NANOS} by
     *                          default.
     * @return this.
     */
    public EngineBuilder startTimeout(final long startTimeoutNanos)
    {
        this.startTimeoutNanos = startTimeoutNanos;
        return this;
    }

    /**
     * @param backpressure what a publisher meets on a full ring.
     * @return this.
     */
    public EngineBuilder backpressure(final Backpressure backpressure)
    {
        this.backpressure = backpressure;
        return this;
    }

    /**
     * @param publishers whether any thread may publish ({@link Publishers#MULTI}, the default) or one thread does
     *                   ({@link Publishers#SINGLE}: faster, with a stricter contract for stopping).
     * @return this.
     */
    public EngineBuilder publishers(final Publishers publishers)
    {
        this.publishers = publishers;
        return this;
    }

    /**
     * @param timeMode how inputs are stamped and the clock moves.
     * @return this.
     */
    public EngineBuilder timeMode(final TimeMode timeMode)
    {
        this.timeMode = timeMode;
        return this;
    }

    /**
     * @param timeUnitNanos nanoseconds per engine time unit: 1 for ns, 1000 for µs, 1000000 for ms; a journaled
     *                      engine's is one of {@link java.util.concurrent.TimeUnit}'s, which its journal headers
     *                      record ({@code ChronicleShardJournal} refuses others when the engine starts).
     * @return this.
     */
    public EngineBuilder timeUnitNanos(final long timeUnitNanos)
    {
        this.timeUnitNanos = timeUnitNanos;
        return this;
    }

    /**
     * @param startTime initial clock of every shard, in engine time units, greater than {@link Long#MIN_VALUE}; in
     *                  wall-clock mode the time of every shard's clock as {@link Engine#start()} begins, and at least
     *                  {@link #WALL_CLOCK_SPAN_NANOS} (100 years) below {@link Long#MAX_VALUE}, so the clock never
     *                  wraps.
     * @return this.
     */
    public EngineBuilder startTime(final long startTime)
    {
        this.startTime = startTime;
        return this;
    }

    /**
     * @param slotCount wheel slots per shard: a power of two in [64, 2^24].
     * @param slotShift log2 of the slot width in time units, in [0, 32].
     * @return this.
     */
    public EngineBuilder wheel(final int slotCount, final int slotShift)
    {
        this.slotCount = slotCount;
        this.slotShift = slotShift;
        return this;
    }

    /**
     * Records each shard's wheel holds before it first grows. A wheel that fills doubles its off-heap arena on the
     * shard thread: a new allocation whose pages are faulted in, and a copy, which took 29-39 ms for 128 Ki records
     * on the 2-vCPU machine of bench/results/pipeline/session-32/. Size it for the most timers a shard has pending at
     * once, counting a cancelled timer until it would have come due (the wheel cancels lazily), and the run never
     * pays that. A model that knows its timers says so through {@link ShardModel#expectedTimers()}; each shard's wheel
     * takes the larger of the two.
     *
     * @param records initial wheel capacity per shard, in [1, {@link EventDescriptor#MAX_RECORDS}]; 64 bytes each,
     *                {@value #DEFAULT_INITIAL_WHEEL_CAPACITY} by default.
     * @return this.
     */
    public EngineBuilder initialWheelCapacity(final int records)
    {
        this.initialWheelCapacity = records;
        return this;
    }

    /**
     * @param partitioner routes keys to shards.
     * @return this.
     */
    public EngineBuilder partitioner(final Partitioner partitioner)
    {
        this.partitioner = partitioner;
        return this;
    }

    /**
     * @param modelFactory creates each shard's model.
     * @return this.
     */
    public EngineBuilder model(final ShardModelFactory modelFactory)
    {
        this.modelFactory = modelFactory;
        return this;
    }

    /**
     * @param journalFactory opens each shard's journal; {@link ShardJournalFactory#NONE} turns journaling off.
     * @return this.
     */
    public EngineBuilder journal(final ShardJournalFactory journalFactory)
    {
        this.journalFactory = journalFactory;
        return this;
    }

    /**
     * @param idleStrategySupplier gives each shard thread its idle strategy, called once per shard by
     *                             {@link Engine#start()} (which fails with an {@code IllegalStateException} if it
     *                             returns null or throws); null (the default) gives each
     *                             {@link #defaultIdleStrategy(int)} for the engine's shard count. A strategy whose
     *                             {@code idle()} throws is reported once ({@link IdleStrategyFailedException}, which
     *                             fails the engine) and not called again.
     * @return this.
     */
    public EngineBuilder idleStrategy(final Supplier<IdleStrategy> idleStrategySupplier)
    {
        this.idleStrategySupplier = idleStrategySupplier;
        return this;
    }

    /**
     * @param clock source of nanosecond time for latency, the wall-clock mode and batch coalescing's delay (a clock
     *              that stands still holds fewer than {@link #minBatch(int)} inputs back until the engine drains).
     * @return this.
     */
    public EngineBuilder clock(final NanoClock clock)
    {
        this.clock = clock;
        return this;
    }

    /**
     * @param errorHandler told of every error, on the thread that met it (by default, printed on {@code System.err}
     *                     after the engine's {@link #name(String) name}); of one that fails the engine, after the
     *                     engine has kept it (it is then FAILED and refuses input); should not throw: what it throws
     *                     is said on {@code System.err}, added to the error as a suppressed exception, and otherwise
     *                     ignored, so that a shard thread still drains and closes its journal.
     * @return this.
     */
    public EngineBuilder errorHandler(final ErrorHandler errorHandler)
    {
        this.errorHandler = errorHandler;
        return this;
    }

    /**
     * Where the engine allocates its counters ({@link ShardCounters}: inputs, dispatches, drops, ring and wheel levels,
     * journal bytes, errors, and each shard's "last interval" latency). The shards publish all but the last as they
     * work; the last interval's P50, P99, P99.9 and max are published by {@link Engine#takeIntervalLatency(boolean)},
     * so an embedding that wants them calls it periodically (the {@code run} and {@code soak} commands do every
     * second), and they read 0 until it does.
     *
     * <p>
     * The engine allocates them when it is built ({@link #countersFor(int)} of them) and never frees them, so they stay
     * readable after it stops: a manager shared by engines built one after another needs room for all of them (a
     * build that finds too little room, or whose rings or latency recorders the heap cannot hold, frees the counters
     * it had taken before it throws), and, as Agrona's {@code CountersManager} is not threadsafe, engines sharing one
     * must not be built at once.
     *
     * @param countersManager where shard counters are allocated, e.g. over a memory-mapped counters file.
     * @return this.
     */
    public EngineBuilder counters(final CountersManager countersManager)
    {
        this.countersManager = countersManager;
        return this;
    }

    /**
     * @return a NEW engine.
     * @throws IllegalArgumentException naming the first value that is wrong.
     * @throws NullPointerException naming the first setting left null (the model factory has no default).
     */
    public Engine build()
    {
        Objects.requireNonNull(name, "name");
        if (name.isEmpty())
        {
            throw new IllegalArgumentException("name=\"\" must not be empty: it names the shard threads");
        }
        check(shards >= 1 && shards <= 1024, "shards", shards, "must be in [1, 1024]");
        check(ringSize >= 2 && ringSize <= MAX_RING_SIZE && Integer.bitCount(ringSize) == 1, "ringSize", ringSize,
            "must be a power of two in [2, 2^26]");
        check(priorityRingSize >= 2 && priorityRingSize <= MAX_RING_SIZE && Integer.bitCount(priorityRingSize) == 1,
            "priorityRingSize", priorityRingSize, "must be a power of two in [2, 2^26]");
        check(batchLimit >= 1, "batchLimit", batchLimit, "must be positive");
        check(minBatch >= 1 && minBatch <= batchLimit && minBatch <= ringSize, "minBatch", minBatch,
            "must be in [1, batchLimit=" + batchLimit + "] and at most ringSize=" + ringSize);
        check(maxBatchDelayNanos >= 0 && maxBatchDelayNanos <= MAX_MAX_BATCH_DELAY_NANOS, "maxBatchDelayNanos",
            maxBatchDelayNanos, "must be in [0, 1 s]");
        check(timeUnitNanos >= 1, "timeUnitNanos", timeUnitNanos, "must be positive");
        check(journalFlushIntervalNanos >= 0, "journalFlushIntervalNanos", journalFlushIntervalNanos,
            "must not be negative");
        check(startTimeoutNanos > 0, "startTimeoutNanos", startTimeoutNanos, "must be positive");
        check(startTime != Long.MIN_VALUE, "startTime", startTime, "must be greater than Long.MIN_VALUE");
        check(latencySignificantDigits >= 1 && latencySignificantDigits <= 5,
            "latencySignificantDigits", latencySignificantDigits, "must be in [1, 5]");
        Objects.requireNonNull(modelFactory, "model factory is required: builder.model(...)");
        Objects.requireNonNull(backpressure, "backpressure");
        Objects.requireNonNull(publishers, "publishers");
        Objects.requireNonNull(timeMode, "timeMode");
        Objects.requireNonNull(partitioner, "partitioner");
        Objects.requireNonNull(journalFactory, "journal");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(errorHandler, "errorHandler");
        final long latestWallStart = Long.MAX_VALUE - WALL_CLOCK_SPAN_NANOS / timeUnitNanos;
        check(timeMode != TimeMode.WALL_CLOCK || startTime <= latestWallStart, "startTime", startTime,
            "must be at most " + latestWallStart + " in wall-clock mode at timeUnitNanos=" + timeUnitNanos +
            ": its clock must run 100 years before passing Long.MAX_VALUE");
        check(initialWheelCapacity >= 1 && initialWheelCapacity <= EventDescriptor.MAX_RECORDS, "initialWheelCapacity",
            initialWheelCapacity, "must be in [1, " + EventDescriptor.MAX_RECORDS + "]");
        new EventWheel(slotCount, slotShift, 1, 0).close();
        final EngineBuilder settings = copy();
        if (null == settings.countersManager)
        {
            settings.countersManager = inMemoryCounters(countersFor(shards)); // each engine its own
        }
        if (PRINT_ERRORS == settings.errorHandler)
        {
            final String prefix = name + ": ";
            settings.errorHandler = error -> System.err.println(prefix + error);
        }
        return new Engine(settings);
    }

    /**
     * @return a copy of every setting, for one engine to keep whatever this builder is set to later.
     */
    private EngineBuilder copy()
    {
        try
        {
            return (EngineBuilder)clone();
        }
        catch (final CloneNotSupportedException ex)
        {
            throw new AssertionError(ex); // this class is Cloneable
        }
    }

    /**
     * @return a new idle strategy for one shard thread: the supplier's, or the default for the shard count.
     */
    IdleStrategy newIdleStrategy()
    {
        return null != idleStrategySupplier ? idleStrategySupplier.get() : defaultIdleStrategy(shards);
    }

    /**
     * The default idle strategy of a shard, for this machine's {@link Runtime#availableProcessors()}: see
     * {@link #defaultIdleStrategy(int, int)}.
     *
     * @param shards the engine's shard count.
     * @return a new backoff idle strategy.
     */
    public static IdleStrategy defaultIdleStrategy(final int shards)
    {
        return defaultIdleStrategy(shards, Runtime.getRuntime().availableProcessors());
    }

    /**
     * The default idle strategy of a shard: spin 10 times, yield once, then park from 1 µs up to 100 µs times the
     * shards each core carries (rounded up), so an idle shard gives its core back on a machine with fewer cores than
     * busy threads, and idle shards wake about 10,000 times a second per core whatever their number. With 2 shards on
     * 2 cores the longest park is 100 µs; with 256 shards on 2 cores, parking no longer than 100 µs, the idle shards
     * alone woke 2.56 million times a second, filled both cores with wake-ups and did not all start within 30 s; they
     * now park up to 12.8 ms. The spin is short on purpose. An input that arrives during a spin is taken sooner than
     * after a park, but at a paced 1 M inputs/s on 2 cores the shards go idle tens of thousands of times a second.
     * There, 100 spins and 10 yields cost 3-4 % more shard CPU per event and bought no better median latency
     * (bench/results/pipeline/idle/).
     *
     * @param shards the engine's shard count, at least 1.
     * @param cores  the cores they share, at least 1.
     * @return a new backoff idle strategy.
     */
    public static IdleStrategy defaultIdleStrategy(final int shards, final int cores)
    {
        final int shardsPerCore = (Math.max(1, shards) + Math.max(1, cores) - 1) / Math.max(1, cores);
        return new BackoffIdleStrategy(10, 1, 1_000, DEFAULT_MAX_PARK_NANOS * shardsPerCore);
    }

    /**
     * @return a counters manager over direct memory, for engines whose counters no other process reads.
     */
    public static CountersManager inMemoryCounters()
    {
        return inMemoryCounters(1024);
    }

    /**
     * @param shards shard count.
     * @return counters an engine of that many shards allocates.
     */
    public static int countersFor(final int shards)
    {
        return 1 + shards * ShardCounters.PER_SHARD;
    }

    /**
     * @param counters how many counters it holds.
     * @return an in-memory counters manager of that size.
     */
    public static CountersManager inMemoryCounters(final int counters)
    {
        final int values = counters * CountersReader.COUNTER_LENGTH;
        return new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(values * (CountersReader.METADATA_LENGTH /
                CountersReader.COUNTER_LENGTH))),
            new UnsafeBuffer(ByteBuffer.allocateDirect(values)));
    }

    private static void check(final boolean ok, final String name, final long value, final String rule)
    {
        if (!ok)
        {
            throw new IllegalArgumentException(name + "=" + value + " " + rule);
        }
    }
}
