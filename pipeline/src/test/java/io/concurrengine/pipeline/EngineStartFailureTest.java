package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.loop.EventContext;
import io.concurrengine.pipeline.journal.ChronicleShardJournal;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A build or start that fails part-way releases what it had taken. The memory is refused in a JVM of its own, whose
 * heap or direct memory is capped below what the engine asks for.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EngineStartFailureTest
{
    /** The child's cap on direct memory, and the wheel records (64 bytes each) shard 1's model asks for above it. */
    private static final String DIRECT_MEMORY_CAP = "-XX:MaxDirectMemorySize=64m";
    private static final int TOO_MANY_TIMERS = 2 << 20;
    /** The child's heap, and a ring (64 bytes a slot) above it. */
    private static final String HEAP_CAP = "-Xmx64m";
    private static final int TOO_LARGE_RING = 1 << 21;

    private static final String WHEEL = "wheel";
    private static final String RINGS = "rings";

    /**
     * The child's exits: what the failed build or start had taken was released (and the retry ran), or kept (shard 1's
     * journal left open; the shared manager's counters), or the build or start did not fail, or the retry failed.
     */
    private static final int RELEASED = 0;
    private static final int STILL_OPEN = 1;
    private static final int STARTED = 3;
    private static final int RETRY_FAILED = 4;

    @TempDir
    Path root;

    static final class Timers implements ShardModel
    {
        private final int expectedTimers;

        Timers(final int expectedTimers)
        {
            this.expectedTimers = expectedTimers;
        }

        @Override
        public void onEvent(final Event event, final EventContext context)
        {
        }

        @Override
        public long stateHash()
        {
            return 0;
        }

        @Override
        public String identity()
        {
            return "timers-v1";
        }

        @Override
        public int expectedTimers()
        {
            return expectedTimers;
        }
    }

    /**
     * @return the exit status of this class's {@link #main} run in a JVM of its own with {@code memoryCap}.
     */
    private int child(final String memoryCap, final String scenario) throws IOException, InterruptedException
    {
        final List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("--enable-native-access") ||
                argument.startsWith("--sun-misc-unsafe-memory-access") || argument.startsWith("-Dchronicle."))
            {
                command.add(argument); // what Agrona and Chronicle need of the JDK, as Surefire gives it this JVM
            }
        }
        command.addAll(List.of(memoryCap, "-cp", System.getProperty("java.class.path"),
            EngineStartFailureTest.class.getName(), scenario, root.toString()));
        final Process process = new ProcessBuilder(command).inheritIO().start();
        assertTrue(process.waitFor(100, TimeUnit.SECONDS), "the child ended");
        return process.exitValue();
    }

    /**
     * A build whose rings the heap cannot hold took the engine's counters from a shared manager first, and kept them:
     * a manager with room for one engine then refused the next build, whatever its rings.
     */
    @Test
    void shouldGiveASharedCountersManagerItsRoomBackWhenTheRingsDoNotFitTheHeap()
        throws IOException, InterruptedException
    {
        assertEquals(RELEASED, child(HEAP_CAP, RINGS), "0: released, 1: the counters were kept, 3: the build did " +
            "not fail");
    }

    @Test
    void shouldLeaveNoJournalOpenWhenAShardsWheelMemoryIsRefused() throws IOException, InterruptedException
    {
        assertEquals(RELEASED, child(DIRECT_MEMORY_CAP, WHEEL), "0: released, 1: shard 1's journal left open, " +
            "3: the start did not fail, 4: the retry failed");
        final Path failed = ChronicleShardJournal.shardDirectory(root.resolve("refused"), 1);
        if (Files.isDirectory(failed))
        {
            try (var files = Files.list(failed))
            {
                assertFalse(files.anyMatch(file -> file.toString().endsWith(".cq4")),
                    "shard 1 opened no journal without its wheel");
            }
        }
    }

    private static Engine engine(final Path journal, final int shardOneTimers)
    {
        return Engine.builder().shards(2)
            .model((shardId, shardCount) -> new Timers(1 == shardId ? shardOneTimers : 0))
            .journal(ChronicleShardJournal.factory(journal, config -> config, "test", 1L, TimeUnit.NANOSECONDS, 0, 0))
            .build();
    }

    /**
     * The child: start an engine whose shard 1 asks for a wheel above the direct memory cap, see that no thread of
     * its journal's writer lives on, then start one that fits.
     *
     * @param args the scenario ({@value #WHEEL} or {@value #RINGS}) and the journal root.
     */
    public static void main(final String[] args)
    {
        if (RINGS.equals(args[0]))
        {
            buildOnASharedCountersManager();
        }
        final Path root = Path.of(args[1]);
        try
        {
            engine(root.resolve("refused"), TOO_MANY_TIMERS).start();
            System.exit(STARTED);
        }
        catch (final IllegalStateException ex)
        {
            System.out.println("start failed as it should: " + ex.getMessage());
        }
        for (final Thread thread : Thread.getAllStackTraces().keySet())
        {
            if (thread.getName().equals("journal-maint-shard-1"))
            {
                System.out.println("shard 1's journal is still open: its thread " + thread.getName() + " runs");
                System.exit(STILL_OPEN);
            }
        }
        final Engine retry = engine(root.resolve("retry"), 0).start();
        retry.publish(1, 0, 1, 0, 0, 0, 0);
        System.exit(retry.stop(TimeUnit.SECONDS.toNanos(20)) ? RELEASED : RETRY_FAILED);
    }

    /**
     * The child of {@value #RINGS}: build an engine whose rings do not fit the heap on a counters manager with room
     * for one engine, then one that fits.
     */
    private static void buildOnASharedCountersManager()
    {
        final CountersManager shared = EngineBuilder.inMemoryCounters(EngineBuilder.countersFor(2));
        try
        {
            Engine.builder().shards(2).counters(shared).ringSize(TOO_LARGE_RING)
                .model((shardId, shardCount) -> new Timers(0)).build();
            System.exit(STARTED);
        }
        catch (final OutOfMemoryError expected)
        {
            System.out.println("build failed as it should: " + expected.getMessage());
        }
        try
        {
            Engine.builder().shards(2).counters(shared).ringSize(64).model((shardId, shardCount) -> new Timers(0))
                .build();
        }
        catch (final IllegalArgumentException ex)
        {
            System.out.println(ex.getMessage());
            System.exit(STILL_OPEN);
        }
        System.exit(RELEASED);
    }
}
