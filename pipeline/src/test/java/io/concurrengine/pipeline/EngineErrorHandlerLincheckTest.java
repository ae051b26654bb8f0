package io.concurrengine.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.jetbrains.kotlinx.lincheck.Actor;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import static org.jetbrains.lincheck.datastructures.ManagedStrategyGuaranteeKt.forClasses;

/**
 * The engine's failure under Lincheck's model checker: two shards failing at once (each calls the error handler on its
 * own thread) while a third thread reads {@link EngineErrorHandler#failure()} twice. The failure is the first error
 * reported: once one is read, it never changes to another.
 */
public class EngineErrorHandlerLincheckTest
{
    private final EngineErrorHandler handler;

    public EngineErrorHandlerLincheckTest()
    {
        final CountersManager manager = new CountersManager(
            new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)),
            new UnsafeBuffer(ByteBuffer.allocateDirect(8 * 1024)));
        final AtomicCounter errorCount = manager.newCounter("engine: errors", ShardCounters.CUMULATIVE_TYPE_ID);
        handler = new EngineErrorHandler(
            errorCount, new ShardCounters[]{ new ShardCounters(manager, 0) }, error -> {}, new Lifecycle());
    }

    /**
     * A shard's failure.
     */
    @Operation
    public void firstShardFails()
    {
        handler.onError(new IllegalStateException("shard=0 failed"));
    }

    /**
     * Another shard's failure.
     */
    @Operation
    public void secondShardFails()
    {
        handler.onError(new IllegalStateException("shard=1 failed"));
    }

    /**
     * @return the engine's failure's message, or null.
     */
    @Operation
    public String failure()
    {
        final Throwable failure = handler.failure();
        return null == failure ? null : failure.getMessage();
    }

    @Test
    void shouldKeepTheFirstFailureWhenShardsFailAtOnce() throws NoSuchMethodException
    {
        final List<Actor> reader = List.of(actor("failure"), actor("failure"));
        new ModelCheckingOptions()
            .iterations(0) // only the scenario below
            .invocationsPerIteration(300)
            // Agrona's counters cannot be instrumented (a VerifyError); the lifecycle has a test of its own
            .addGuarantee(forClasses(name -> name.startsWith("org.agrona.")).allMethods().ignore())
            .addGuarantee(forClasses(Lifecycle.class.getName()).allMethods().treatAsAtomic())
            .addCustomScenario(new ExecutionScenario(new ArrayList<>(),
                List.of(List.of(actor("firstShardFails")), List.of(actor("secondShardFails")), reader),
                new ArrayList<>(), null))
            .check(EngineErrorHandlerLincheckTest.class);
    }

    private static Actor actor(final String operation) throws NoSuchMethodException
    {
        return new Actor(EngineErrorHandlerLincheckTest.class.getMethod(operation), List.of());
    }
}
