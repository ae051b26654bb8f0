package io.concurrengine.pipeline;

import io.concurrengine.model.market.StateHash;
import org.HdrHistogram.Histogram;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an embedder reads from an engine of several shards: latency merged over the shards into intervals and the
 * run's totals, each shard's "last interval" counters, the engine's and each shard's error counts, and the bytes of
 * every shard's journal. Every figure here is read once the engine has stopped, when it is exact.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineReportingTest
{
    private static final long STOP_TIMEOUT = TimeUnit.SECONDS.toNanos(20);
    private static final long NOW = 1_000_000;

    private final List<Throwable> errors = new CopyOnWriteArrayList<>();
    private Engine engine;

    @AfterEach
    void after()
    {
        if (null != engine)
        {
            engine.stop(STOP_TIMEOUT);
        }
    }

    /**
     * @return an engine of two shards whose clock stands at {@link #NOW}, so that an input's latency is exactly
     * {@code NOW} less the intended time it was published with.
     */
    private EngineBuilder twoShards()
    {
        return Engine.builder().shards(2).clock(() -> NOW).errorHandler(errors::add)
            .model((shardId, shardCount) -> new RecordingModel());
    }

    private long keyOn(final int shard)
    {
        long key = 0;
        while (engine.shardFor(key) != shard)
        {
            key++;
        }
        return key;
    }

    @Test
    void shouldMergeEveryShardsLatencyAndPublishEachShardsOwnLastIntervalInItsCounters()
    {
        engine = twoShards().build().start();
        final long[] keys = { keyOn(0), keyOn(1) };
        for (int i = 1; i <= 100; i++)
        {
            // shard 0's latencies are 1 to 100 ns, shard 1's 1,001 to 1,100: exact in a histogram of 3 digits
            assertTrue(engine.publish(keys[0], RecordingModel.INPUT, i, i, 0, 0, 0, NOW - i) >= 0);
            assertTrue(engine.publish(keys[1], RecordingModel.INPUT, i, i, 0, 0, 0, NOW - 1000 - i) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertLatencies(engine.takeIntervalLatency(true), 200, 1, 1100);
        assertLastInterval(0, 0, 0, 0, 0, "publish-to-journaled latency publishes no counter");
        assertLastInterval(1, 0, 0, 0, 0, "publish-to-journaled latency publishes no counter");

        assertLatencies(engine.takeIntervalLatency(false), 200, 1, 1100);
        assertLastInterval(0, 50, 99, 100, 100, "shard 0's own interval");
        assertLastInterval(1, 1050, 1099, 1100, 1100, "shard 1's own interval");

        assertLatencies(engine.takeIntervalLatency(false), 0, 0, 0);
        assertLastInterval(0, 50, 99, 100, 100, "a shard that dispatched nothing since keeps its last figures");
        assertLastInterval(1, 1050, 1099, 1100, 1100, "a shard that dispatched nothing since keeps its last figures");

        assertLatencies(engine.totalLatency(false), 200, 1, 1100);
        assertLatencies(engine.totalLatency(true), 200, 1, 1100);
        assertEquals(List.of(), errors);
    }

    private static void assertLatencies(final Histogram latency, final long count, final long min, final long max)
    {
        assertEquals(List.of(count, min, max),
            List.of(latency.getTotalCount(), latency.getMinValue(), latency.getMaxValue()), "count, least, greatest");
    }

    private void assertLastInterval(
        final int shard, final long p50, final long p99, final long p999, final long max, final String why)
    {
        final ShardCounters counters = engine.counters(shard);
        assertEquals(List.of(p50, p99, p999, max), List.of(counters.intervalP50Nanos.get(),
            counters.intervalP99Nanos.get(), counters.intervalP999Nanos.get(), counters.intervalMaxNanos.get()), why);
    }

    @Test
    void shouldCountEveryErrorInTheEnginesCounterAndEachInTheCounterOfTheShardItNames()
    {
        final CountersManager manager = EngineBuilder.inMemoryCounters(EngineBuilder.countersFor(2));
        engine = twoShards().counters(manager).build().start();
        final long[] keys = { keyOn(0), keyOn(1) };
        assertTrue(engine.publish(keys[1], RecordingModel.FAIL, 1, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(keys[1], RecordingModel.FAIL, 2, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(keys[0], RecordingModel.INPUT, 3, 0, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(2, errors.size(), errors::toString);
        for (final Throwable error : errors)
        {
            assertEquals(1, ((HandlerFailedException)error).shardId(), error::toString);
        }
        assertEquals(0, engine.counters(0).errors());
        assertEquals(2, engine.counters(1).errors(), "the shard the failures name");
        assertEquals(2, engine.counters(1).failed());
        assertEquals(2, counterLabelled(manager, ShardCounters.ENGINE_LABEL_PREFIX + "errors"));
        assertEquals(2, counterLabelled(manager, "shard-1: errors"), "the same counter, read as another process does");
        assertNull(engine.failure(), "a handler's failure does not fail the engine");
    }

    private static long counterLabelled(final CountersManager manager, final String label)
    {
        final long[] value = { -1 };
        manager.forEach((counterId, typeId, keyBuffer, counterLabel) ->
        {
            if (counterLabel.equals(label))
            {
                assertEquals(-1, value[0], "one counter labelled " + label);
                value[0] = manager.getCounterValue(counterId);
            }
        });
        return value[0];
    }

    @Test
    void shouldAddUpTheBytesOfEveryShardsJournal()
    {
        engine = twoShards().journal((shardId, shardCount, model) -> new ShardJournal.Discarding()
        {
            @Override
            public long bytesWritten()
            {
                return 0 == shardId ? 1_000 : 234;
            }
        }).build();
        assertEquals(0, engine.journalBytes(), "no journal is open before the start");
        engine.start();
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        assertEquals(1_234, engine.journalBytes());
        assertEquals(1_000, engine.counters(0).journalBytes(), "each shard's own, as last published");
        assertEquals(234, engine.counters(1).journalBytes());
    }

    @Test
    void shouldCombineEveryShardsStateHashWhicheverShardComputedWhich()
    {
        engine = twoShards().build().start();
        final long[] keys = { keyOn(0), keyOn(1) };
        assertTrue(engine.publish(keys[0], RecordingModel.INPUT, 1, 1, 0, 0, 0) >= 0);
        assertTrue(engine.publish(keys[1], RecordingModel.INPUT, 2, 2, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        final long shard0 = engine.shard(0).model().stateHash();
        final long shard1 = engine.shard(1).model().stateHash();
        assertEquals(StateHash.sum(shard0, shard1), engine.stateHash(), "the shards' hashes, summed and mixed");
        assertEquals(engine.stateHash(), Engine.combineStateHashes(new long[]{ shard1, shard0 }));
        assertNotEquals(0, engine.stateHash());
    }

    @Test
    void shouldPrintEveryErrorToStandardErrorByDefault()
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final PrintStream standardError = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            engine = Engine.builder().shards(1).model((shardId, shardCount) -> new RecordingModel()).build().start();
            assertTrue(engine.publish(5, RecordingModel.FAIL, 10, 0, 0, 0, 0) >= 0);
            assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        }
        finally
        {
            System.setErr(standardError);
        }
        final String text = printed.toString(StandardCharsets.UTF_8);
        assertTrue(text.startsWith("concurrengine: io.concurrengine.pipeline.HandlerFailedException: handler failed: " +
            "shard=0 time=10"), text);
    }
}
