package io.concurrengine.pipeline;

import io.concurrengine.core.wheel.EventWheel;
import org.agrona.concurrent.SystemNanoClock;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A shard agent driven by hand, one unit of work at a time, on the test thread.
 */
class ShardAgentTest
{
    private final Lifecycle lifecycle = new Lifecycle();
    private final InputRing ring = InputRing.singleProducer(16);
    private final InputRing priorityRing = InputRing.multiProducer(16);
    private final RecordingModel model = new RecordingModel();
    private final ShardAgent agent = new ShardAgent(
        0, ring, true, priorityRing,
        () -> new ShardCore(0, new EventWheel(), model,
            ShardJournal.NONE, Throwable::printStackTrace, null),
        lifecycle, TimeMode.EVENT_TIME, new SystemNanoClock(), 0, 1,
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
        new BatchLatencyRecorder(Engine.HIGHEST_TRACKABLE_LATENCY_NANOS, 2),
        new ShardCounters(EngineBuilder.inMemoryCounters(), 0), 256, 1_000_000);

    @Test
    void shouldTakeNothingBeyondTheCursorItSawWhenDrainingBegan() throws Exception
    {
        lifecycle.transition(EngineState.NEW, EngineState.STARTING);
        lifecycle.transition(EngineState.STARTING, EngineState.RUNNING);
        agent.onStart();
        publish(0);
        publish(1);
        assertEquals(2, agent.doWork());

        publish(2);
        lifecycle.transition(EngineState.RUNNING, EngineState.DRAINING);
        assertEquals(1, agent.doWork(), "the input published before draining began");
        assertTrue(agent.drained());
        assertEquals(2, agent.drainTarget());

        // a single publisher held up between its state check and its publish lands beyond the target: it is told
        // CLOSED (Engine.publish), so the shard must never dispatch it
        publish(3);
        publish(4);
        assertEquals(0, agent.doWork());
        assertEquals(0, agent.doWork());
        assertEquals(2, agent.consumed());
        assertEquals(3, agent.core().inputs());
        assertEquals(3, model.dispatched.size());
        assertFalse(model.dispatched.stream().anyMatch(event -> event[4] >= 3), "dispatched beyond the drain target");
    }

    private void publish(final long value) throws Exception
    {
        final long sequence = ring.tryNext();
        ring.write(sequence, RecordingModel.INPUT, value, value, value, 0, 0, 0, 0);
        ring.publish(sequence);
    }
}
