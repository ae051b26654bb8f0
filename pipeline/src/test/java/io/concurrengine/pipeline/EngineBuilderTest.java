package io.concurrengine.pipeline;

import io.concurrengine.core.event.EventDescriptor;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@link EngineBuilder#build()}'s checks: each setting's range, both ends in and one step beyond refused with a message
 * that names the value, and the settings that must not be null. A build that passes every check allocates the engine's
 * counters first, before its rings and latency recorders: the edges are checked with a counters manager that has no
 * room, so that an engine of 1,024 shards or rings of 2^26 slots pass the checks without being allocated.
 */
class EngineBuilderTest
{
    private static EngineBuilder builder()
    {
        return Engine.builder().model((shardId, shardCount) -> new RecordingModel());
    }

    /**
     * Asserts that the builder passes every check: its build gets as far as allocating the engine's counters, in a
     * manager with room for none.
     */
    private static void assertPassesChecks(final EngineBuilder builder, final String setting)
    {
        assertNoRoomForCounters(builder.counters(EngineBuilder.inMemoryCounters(0)), setting);
    }

    private static void assertNoRoomForCounters(final EngineBuilder builder, final String setting)
    {
        final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, builder::build, setting);
        assertTrue(error.getMessage().startsWith("counters: the counters manager has no room for the "),
            setting + ": " + error.getMessage());
    }

    private static void assertRefused(final UnaryOperator<EngineBuilder> setting, final String message)
    {
        assertEquals(message,
            assertThrows(IllegalArgumentException.class, () -> setting.apply(builder()).build()).getMessage());
    }

    private static void assertRequired(final UnaryOperator<EngineBuilder> setting, final String message)
    {
        assertEquals(message,
            assertThrows(NullPointerException.class, () -> setting.apply(builder()).build()).getMessage());
    }

    private static EngineBuilder small(final int shards)
    {
        return builder().shards(shards).ringSize(2).priorityRingSize(2).batchLimit(1);
    }

    private static EngineBuilder withLatencyDigits(final int digits)
    {
        final EngineBuilder builder = builder();
        builder.latencySignificantDigits = digits;
        return builder;
    }

    @Test
    void shouldAcceptEachSettingAtBothEndsOfItsRange()
    {
        assertPassesChecks(builder().shards(1), "shards=1");
        assertPassesChecks(builder().shards(1024), "shards=1024");
        assertPassesChecks(builder().ringSize(2), "ringSize=2");
        assertPassesChecks(builder().ringSize(EngineBuilder.MAX_RING_SIZE), "ringSize=2^26");
        assertPassesChecks(builder().priorityRingSize(2), "priorityRingSize=2");
        assertPassesChecks(builder().priorityRingSize(EngineBuilder.MAX_RING_SIZE), "priorityRingSize=2^26");
        assertPassesChecks(builder().batchLimit(1), "batchLimit=1");
        assertPassesChecks(builder().ringSize(32).batchLimit(32).minBatch(32), "minBatch=batchLimit=ringSize");
        assertPassesChecks(builder().maxBatchDelay(0), "maxBatchDelay=0");
        assertPassesChecks(builder().maxBatchDelay(EngineBuilder.MAX_MAX_BATCH_DELAY_NANOS), "maxBatchDelay=1 s");
        assertPassesChecks(builder().timeUnitNanos(1), "timeUnitNanos=1");
        assertPassesChecks(builder().journalFlushInterval(0), "journalFlushInterval=0");
        assertPassesChecks(builder().startTimeout(1), "startTimeout=1");
        assertPassesChecks(builder().startTime(Long.MIN_VALUE + 1), "startTime=Long.MIN_VALUE+1");
        assertPassesChecks(builder().startTime(Long.MAX_VALUE), "startTime=Long.MAX_VALUE in event-time mode");
        assertPassesChecks(builder().timeMode(TimeMode.WALL_CLOCK)
            .startTime(Long.MAX_VALUE - EngineBuilder.WALL_CLOCK_SPAN_NANOS), "wall clock 100 years from the end");
        assertPassesChecks(builder().timeMode(TimeMode.WALL_CLOCK).timeUnitNanos(1000)
            .startTime(Long.MAX_VALUE - EngineBuilder.WALL_CLOCK_SPAN_NANOS / 1000), "in µs");
        assertPassesChecks(builder().initialWheelCapacity(1), "initialWheelCapacity=1");
        assertPassesChecks(builder().initialWheelCapacity(EventDescriptor.MAX_RECORDS), "initialWheelCapacity=max");
        assertPassesChecks(builder().wheel(64, 0), "wheel(64, 0)");
        assertPassesChecks(withLatencyDigits(1), "latencySignificantDigits=1");
        assertPassesChecks(withLatencyDigits(5), "latencySignificantDigits=5");
    }

    @Test
    void shouldRefuseEachSettingJustBeyondItsRangeNamingTheValue()
    {
        assertRefused(b -> b.shards(0), "shards=0 must be in [1, 1024]");
        assertRefused(b -> b.shards(1025), "shards=1025 must be in [1, 1024]");
        assertRefused(b -> b.ringSize(1), "ringSize=1 must be a power of two in [2, 2^26]");
        assertRefused(b -> b.ringSize(96), "ringSize=96 must be a power of two in [2, 2^26]");
        assertRefused(b -> b.priorityRingSize(1), "priorityRingSize=1 must be a power of two in [2, 2^26]");
        assertRefused(b -> b.priorityRingSize(96), "priorityRingSize=96 must be a power of two in [2, 2^26]");
        assertRefused(b -> b.priorityRingSize(EngineBuilder.MAX_RING_SIZE << 1),
            "priorityRingSize=134217728 must be a power of two in [2, 2^26]");
        assertRefused(b -> b.batchLimit(0), "batchLimit=0 must be positive");
        assertRefused(b -> b.ringSize(32).batchLimit(64).minBatch(33),
            "minBatch=33 must be in [1, batchLimit=64] and at most ringSize=32");
        assertRefused(b -> b.timeUnitNanos(0), "timeUnitNanos=0 must be positive");
        assertRefused(b -> b.journalFlushInterval(-1), "journalFlushIntervalNanos=-1 must not be negative");
        assertRefused(b -> b.startTimeout(0), "startTimeoutNanos=0 must be positive");
        // a wall clock this close to the end wrapped within a millisecond and left every input in the wheels
        final long latest = Long.MAX_VALUE - EngineBuilder.WALL_CLOCK_SPAN_NANOS;
        assertRefused(b -> b.timeMode(TimeMode.WALL_CLOCK).startTime(latest + 1), "startTime=" + (latest + 1) +
            " must be at most " + latest + " in wall-clock mode at timeUnitNanos=1: its clock must run 100 years " +
            "before passing Long.MAX_VALUE");
        assertRefused(b -> b.initialWheelCapacity(EventDescriptor.MAX_RECORDS + 1),
            "initialWheelCapacity=" + (EventDescriptor.MAX_RECORDS + 1) + " must be in [1, " +
                EventDescriptor.MAX_RECORDS + "]");
        assertRefused(b -> b.wheel(64, 33), "slotShift=33 must be in [0, 32]");
        assertEquals("latencySignificantDigits=0 must be in [1, 5]", assertThrows(IllegalArgumentException.class,
            () -> withLatencyDigits(0).build()).getMessage());
        assertEquals("latencySignificantDigits=6 must be in [1, 5]", assertThrows(IllegalArgumentException.class,
            () -> withLatencyDigits(6).build()).getMessage());
        assertRefused(b -> b.shards(0).ringSize(3).batchLimit(0), "shards=0 must be in [1, 1024]");
        assertRefused(b -> b.name(""), "name=\"\" must not be empty: it names the shard threads");
    }

    @Test
    void shouldNameEachSettingLeftNull()
    {
        assertEquals("model factory is required: builder.model(...)",
            assertThrows(NullPointerException.class, () -> Engine.builder().build()).getMessage());
        assertRequired(b -> b.backpressure(null), "backpressure");
        assertRequired(b -> b.publishers(null), "publishers");
        assertRequired(b -> b.timeMode(null), "timeMode");
        assertRequired(b -> b.partitioner(null), "partitioner");
        assertRequired(b -> b.journal(null), "journal");
        assertRequired(b -> b.clock(null), "clock");
        assertRequired(b -> b.errorHandler(null), "errorHandler");
        assertRequired(b -> b.name(null), "name");
    }

    @Test
    void shouldSizeAnInMemoryCountersManagerForTheCountersOfAnEngineOfThatManyShards()
    {
        assertEquals(1 + 3 * ShardCounters.PER_SHARD, EngineBuilder.countersFor(3));
        final int counters = EngineBuilder.countersFor(3);
        final Engine engine = small(3).counters(EngineBuilder.inMemoryCounters(counters)).build();
        assertEquals(3, engine.shardCount());
        assertTrue(engine.stop(0), "never started");
        assertNoRoomForCounters(small(3).counters(EngineBuilder.inMemoryCounters(counters - 1)), "one counter short");

        assertEquals(1021, EngineBuilder.countersFor(60));
        final Engine sixty = small(60).counters(EngineBuilder.inMemoryCounters()).build();
        assertEquals(60, sixty.shardCount(), "the default manager holds 1,024 counters: an engine of 60 shards");
        assertNoRoomForCounters(small(61).counters(EngineBuilder.inMemoryCounters()), "61 shards");
    }

    @Test
    void shouldLeaveASharedCountersManagerAsItWasWhenItHasNoRoomForAnEngine()
    {
        // room for an engine of two shards and 5 counters of a third: it runs out in the middle of shard 2's
        final CountersManager manager = EngineBuilder.inMemoryCounters(EngineBuilder.countersFor(2) + 5);
        final IllegalArgumentException tooMany = assertThrows(IllegalArgumentException.class,
            () -> small(3).counters(manager).build());
        assertTrue(tooMany.getMessage().startsWith("counters: the counters manager has no room for the " +
            EngineBuilder.countersFor(3) + " counters of shards=3"), tooMany.getMessage());
        final int[] allocated = new int[1];
        manager.forEach((counterId, label) -> allocated[0]++);
        assertEquals(0, allocated[0], "the counters of the engine it could not build are freed");

        final Engine engine = small(2).counters(manager).build();
        assertEquals(2, engine.shardCount(), "the room is still there for an engine of fewer shards");
        assertTrue(engine.stop(0), "never started");
    }
}
