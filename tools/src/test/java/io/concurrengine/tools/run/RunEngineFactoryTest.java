package io.concurrengine.tools.run;

import io.concurrengine.pipeline.EngineBuilder;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import org.agrona.concurrent.BusySpinIdleStrategy;
import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.SleepingMillisIdleStrategy;
import org.agrona.concurrent.YieldingIdleStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the engine factory makes of the configuration beside the engine itself: each shard's idle strategy, and the
 * messages of an engine that does not fit the memory it has.
 */
class RunEngineFactoryTest
{
    @TempDir
    Path dir;

    @Test
    void shouldGiveEachShardTheIdleStrategyNamedAndTheEnginesDefaultForBackoff()
    {
        assertEquals(BusySpinIdleStrategy.class, RunEngineFactory.idleStrategy("busy-spin", 2).get().getClass());
        assertEquals(YieldingIdleStrategy.class, RunEngineFactory.idleStrategy("yielding", 2).get().getClass());
        final IdleStrategy sleeping = RunEngineFactory.idleStrategy("sleeping", 2).get();
        assertEquals(SleepingMillisIdleStrategy.class, sleeping.getClass());
        assertEquals(new SleepingMillisIdleStrategy(1).toString(), sleeping.toString(), "a millisecond's sleep");
        for (final int shards : new int[]{1, 64})
        {
            assertEquals(EngineBuilder.defaultIdleStrategy(shards).toString(),
                RunEngineFactory.idleStrategy("backoff", shards).get().toString(), shards + " shards");
        }
    }

    /**
     * Chronicle's {@code Jvm} takes nearly all of its start (a second on a busy machine) and adds no shutdown hook;
     * the releaser adds one. Ctrl-C during the first once failed the releaser's start too, whose thread printed a
     * 27-line stack trace above "stopped before it started": the shutdown is asked about again before the releaser.
     */
    @Test
    void shouldInitialiseChroniclesJvmFirstAndNotTheReleaserOnceTheShutdownBeganMeanwhile()
    {
        assertEquals(List.of("net.openhft.chronicle.core.Jvm",
            "net.openhft.chronicle.core.io.BackgroundResourceReleaser"), RunEngineFactory.CHRONICLE_CLASSES);
        final List<String> initialised = new ArrayList<>();

        RunEngineFactory.initialiseChronicle(() -> !initialised.isEmpty(), initialised::add);

        assertEquals(List.of("net.openhft.chronicle.core.Jvm"), initialised, "a signal during the Jvm's start");

        initialised.clear();
        RunEngineFactory.initialiseChronicle(() -> false, initialised::add);

        assertEquals(RunEngineFactory.CHRONICLE_CLASSES, initialised);
    }

    @Test
    void shouldSayTheEngineDoesNotFitTheHeapNamingWhatSizesIt()
    {
        final EngineConfig config = config(Map.of("engine.shards", "3", "market.instruments", "256"));

        final String problem = new RunEngineFactory(config, new PrintWriter(new StringWriter()))
            .outOfMemory(new OutOfMemoryError("Java heap space"), 64L << 20);

        assertEquals("the engine's rings and market models (engine.shards=3 (flag for engine.shards), " +
            "engine.ring_size=" + config.ringSize() + " (embedded default-engine.toml:8:1), market.instruments=256 " +
            "(flag for market.instruments), market.band_width=1024 (embedded default-engine.toml:39:1), order pools " +
            "sized for the feed's " +
            String.format(java.util.Locale.ROOT, "%,d", RunFeed.flow(config).maxLiveOrders()) +
            " live orders) do not fit this JVM's 67,108,864-byte heap (out of memory: Java heap space); raise the " +
            "heap (-Xmx)", problem);
    }

    /**
     * A wider band makes every book larger (4 bytes a price level): with market.band_width = 65536 the default run's
     * books take 1 GiB a shard, 64 times the default width's, and on a 2 GB heap the run was refused naming the shards,
     * the rings, the instruments and the order pools, but not the band width that had been raised.
     */
    @Test
    void shouldNameTheBandWidthThatSizesTheBooksWhenTheEngineDoesNotFitTheHeap()
    {
        final EngineConfig config = config(Map.of("market.band_width", "65536"));

        final String problem = new RunEngineFactory(config, new PrintWriter(new StringWriter()))
            .outOfMemory(new OutOfMemoryError("Java heap space"), 2L << 30);

        assertTrue(problem.contains(", market.band_width=65536 (flag for market.band_width), "), problem);
    }

    /**
     * Wheels that take exactly three quarters of the direct memory fit; the message names engine.wheel_capacity only
     * where lowering it would help: where it is larger than what the model asks for, not equal to it.
     */
    @Test
    void shouldFitWheelsOfExactlyThreeQuartersOfTheDirectMemoryAndNameTheCapacityOnlyWhereItIsTheLarger()
    {
        final Map<String, String> flags = new HashMap<>(Map.of("engine.shards", "2", "market.instruments", "256",
            "engine.wheel_capacity", "8M"));
        final RunEngineFactory large = new RunEngineFactory(config(flags), new PrintWriter(new StringWriter()));

        // 2 shards x 8,000,000 records x 64 bytes, and 64 bytes each to align them: 1,024,000,128 bytes
        assertNull(large.checkWheelMemory(1_024_000_128L / 3 * 4));
        assertTrue(large.checkWheelMemory(1_024_000_128L / 3 * 4 - 4).startsWith("engine.wheel_capacity=8000000 " +
            "(flag for engine.wheel_capacity) "));

        final int largestExpected = Arrays.stream(MarketShardModel.timerCapacities(config(flags))).max().orElseThrow();
        flags.put("engine.wheel_capacity", Integer.toString(largestExpected));
        final String equal = new RunEngineFactory(config(flags), new PrintWriter(new StringWriter()))
            .checkWheelMemory(1 << 20);
        assertTrue(equal.contains("; lower market.instruments or market.time_in_force_percent (the model's timers " +
            "size the wheels, not engine.wheel_capacity) or raise the limit"), equal);
    }

    /**
     * A paced run's wheels grow with its rate (its orders wait to expire for the same time, and more of them are
     * stamped in it): the rate is named first, where the message named only the market's keys.
     */
    @Test
    void shouldNameThePacedRateAmongWhatSizesTheWheels()
    {
        final Map<String, String> flags = Map.of("engine.shards", "3", "run.rate", "1e9", "run.events", "0",
            "run.duration", "1s");
        final String problem = new RunEngineFactory(config(flags), new PrintWriter(new StringWriter()))
            .checkWheelMemory(1L << 30);
        assertTrue(problem.contains("; lower run.rate (the expiries pending at once grow with it), " +
            "market.instruments or market.time_in_force_percent (the model's timers size the wheels, not " +
            "engine.wheel_capacity) or raise the limit"), problem);
    }

    /**
     * One shard is "1 shard" in what the memory checks say, not "1 shards".
     */
    @Test
    void shouldCountOneShardInTheSingularWhereTheRingsOrTheWheelsDoNotFit()
    {
        final RunEngineFactory one = new RunEngineFactory(config(Map.of("engine.shards", "1",
            "engine.wheel_capacity", "8M")), new PrintWriter(new StringWriter()));
        final String rings = one.checkRingMemory(1 << 20);
        assertTrue(rings.startsWith("engine.ring_size=65536 (embedded default-engine.toml:8:1) and " +
            "engine.priority_ring_size=1024 (embedded default-engine.toml:9:1) with 1 shard (engine.shards, flag for " +
            "engine.shards) need "), rings);
        final String wheels = one.checkWheelMemory(1 << 20);
        assertTrue(wheels.startsWith("engine.wheel_capacity=8000000 (flag for engine.wheel_capacity) with 1 shard " +
            "(engine.shards, flag for engine.shards) needs "), wheels);
    }

    /**
     * benchmark sets a few keys by its flags and runs on the default configuration otherwise (no --config, no
     * CONCURRENGINE_*): its refusal for memory advised engine.ring_size and market.instruments, which it cannot change,
     * rather than its --shards.
     */
    @Test
    void shouldAdviseOnlyWhatACommandThatSetsSomeKeysByItsFlagsCanChange()
    {
        final Map<String, String> benchmarkFlags = Map.of("engine.shards", "--shards", "run.rate", "--paced-rate",
            "run.events", "--events");
        final String rings = new RunEngineFactory(config(Map.of("engine.shards", "1024")),
            new PrintWriter(new StringWriter())).flags(benchmarkFlags).checkRingMemory(1 << 30);
        assertTrue(rings.endsWith("more than half of this JVM's 1,073,741,824-byte heap; lower --shards or raise " +
            "the heap (-Xmx)"), rings);
        assertTrue(rings.contains(" with 1024 shards (engine.shards, flag --shards) need "), rings);

        final RunEngineFactory paced = new RunEngineFactory(config(Map.of("engine.shards", "3", "run.rate", "1e9",
            "run.events", "0", "run.duration", "1s")), new PrintWriter(new StringWriter())).flags(benchmarkFlags);
        final String pacedWheels = paced.checkWheelMemory(1L << 30);
        assertTrue(pacedWheels.contains("; lower --paced-rate (the expiries pending at once grow with it) or raise " +
            "the limit"), pacedWheels);

        final String burstWheels = new RunEngineFactory(config(Map.of("engine.shards", "2")),
            new PrintWriter(new StringWriter())).flags(benchmarkFlags).checkWheelMemory(1 << 10);
        assertTrue(burstWheels.contains("limit of direct memory; raise the limit (-XX:MaxDirectMemorySize"),
            burstWheels);
    }

    /**
     * A refusal for memory named the keys and their values but not where each value came from, as every other
     * refusal of a configuration does: a file's line, a variable, a flag or the embedded defaults.
     */
    @Test
    void shouldSayWhereEachValueARefusalForMemoryNamesCameFrom() throws java.io.IOException
    {
        final Path file = Files.writeString(dir.resolve("engine.toml"),
            "[engine]\nring_size = 1048576\n");
        final EngineConfig config = new ConfigLoader().flagNames(RunOptions.FLAG_NAMES).load(file,
            Map.of("CONCURRENGINE_ENGINE_WHEEL_CAPACITY", "8M"), Map.of("engine.shards", "3"));
        final RunEngineFactory engines = new RunEngineFactory(config, new PrintWriter(new StringWriter()));

        final String rings = engines.checkRingMemory(1 << 20);
        assertTrue(rings.startsWith("engine.ring_size=1048576 (" + file + ":2:1) and engine.priority_ring_size=1024 " +
            "(embedded default-engine.toml:9:1) with 3 shards (engine.shards, flag --shards) need "), rings);
        final String wheels = engines.checkWheelMemory(1 << 20);
        assertTrue(wheels.startsWith("engine.wheel_capacity=8000000 (env CONCURRENGINE_ENGINE_WHEEL_CAPACITY) with 3 " +
            "shards (engine.shards, flag --shards) needs "), wheels);
    }

    private static EngineConfig config(final Map<String, String> flags)
    {
        return new ConfigLoader().load(null, Map.of(), flags);
    }
}
