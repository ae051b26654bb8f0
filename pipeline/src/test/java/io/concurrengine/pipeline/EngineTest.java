package io.concurrengine.pipeline;

import io.concurrengine.core.event.Event;
import io.concurrengine.core.event.EventDescriptor;
import io.concurrengine.core.loop.EventContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class EngineTest
{
    private static final long STOP_TIMEOUT = TimeUnit.SECONDS.toNanos(20);

    private final List<RecordingModel> models = new CopyOnWriteArrayList<>();
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

    private EngineBuilder builder(final int shards)
    {
        return Engine.builder()
            .shards(shards)
            .errorHandler(errors::add)
            .model((shardId, shardCount) ->
            {
                final RecordingModel model = new RecordingModel();
                model.shardId = shardId;
                models.add(model);
                return model;
            });
    }

    @Test
    void shouldMoveThroughTheLifecycle()
    {
        engine = builder(1).build();
        assertEquals(EngineState.NEW, engine.state());
        engine.start();
        assertEquals(EngineState.RUNNING, engine.state());
        assertEquals("start(): an engine starts once, and this one is RUNNING; build another to start again",
            assertThrows(IllegalStateException.class, engine::start).getMessage());
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(EngineState.STOPPED, engine.state());
        assertEquals(Engine.CLOSED, engine.publish(1, 1, 0, 0, 0, 0, 0));
        assertEquals("start(): an engine starts once, and this one is STOPPED; build another to start again",
            assertThrows(IllegalStateException.class, engine::start).getMessage());
        assertEquals(EngineState.STOPPED, engine.state());
    }

    /**
     * Engines run side by side in one JVM: each shard thread is named after its engine, so a thread dump, or a handler
     * asking for its thread's name, tells them apart; the default name is concurrengine's. Before the builder took a
     * name, every engine's shard 0 ran on a thread named concurrengine-shard-0.
     */
    @Test
    void shouldNameEachShardThreadAfterItsEngine()
    {
        final List<String> threadNames = new CopyOnWriteArrayList<>();
        final ShardModelFactory recordingThreads = (shardId, shardCount) -> new RecordingModel()
        {
            @Override
            public void onEvent(final Event event, final EventContext context)
            {
                threadNames.add(Thread.currentThread().getName());
            }
        };
        final Engine orders = Engine.builder().name("orders").shards(2).partitioner((key, shardCount) -> (int)key)
            .model(recordingThreads).errorHandler(errors::add).build().start();
        final Engine quotes = Engine.builder().name("quotes").shards(1).model(recordingThreads)
            .errorHandler(errors::add).build().start();
        engine = Engine.builder().shards(1).model(recordingThreads).errorHandler(errors::add).build().start();
        try
        {
            assertTrue(orders.publish(0, RecordingModel.INPUT, 0, 0, 0, 0, 0) >= 0);
            assertTrue(orders.publish(1, RecordingModel.INPUT, 0, 0, 0, 0, 0) >= 0);
            assertTrue(quotes.publish(0, RecordingModel.INPUT, 0, 0, 0, 0, 0) >= 0);
            assertTrue(engine.publish(0, RecordingModel.INPUT, 0, 0, 0, 0, 0) >= 0);
        }
        finally
        {
            assertTrue(orders.stop(STOP_TIMEOUT), String.valueOf(orders.failure()));
            assertTrue(quotes.stop(STOP_TIMEOUT), String.valueOf(quotes.failure()));
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        assertEquals(List.of("concurrengine-shard-0", "orders-shard-0", "orders-shard-1", "quotes-shard-0"),
            threadNames.stream().sorted().toList());
        assertEquals(List.of(), errors);
    }

    /** The default error handler prints each error after the name of the engine that met it. */
    @Test
    void shouldPrintAnErrorAfterTheNameOfItsEngineByDefault()
    {
        final ByteArrayOutputStream printed = new ByteArrayOutputStream();
        final PrintStream standardError = System.err;
        System.setErr(new PrintStream(printed, true, StandardCharsets.UTF_8));
        try
        {
            engine = Engine.builder().name("orders").shards(1).model((shardId, shardCount) -> new RecordingModel())
                .build().start();
            assertTrue(engine.publish(7, RecordingModel.FAIL, 0, 0, 0, 0, 0) >= 0);
            assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));
        }
        finally
        {
            System.setErr(standardError);
        }
        assertEquals("orders: io.concurrengine.pipeline.HandlerFailedException: handler failed: shard=0 time=0 " +
            "seq=0 type=3 target=7: java.lang.IllegalStateException: model failure for target=7" +
            System.lineSeparator(), printed.toString(StandardCharsets.UTF_8));
    }

    @Test
    void shouldLoseAndDuplicateNothingAcrossProducersAndShardsWhenBlocking() throws Exception
    {
        engine = builder(3).ringSize(8).backpressure(Backpressure.BLOCK).build().start();
        final long[] accepted = publishConcurrently(4, 20_000, 64);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(4 * 20_000, accepted[0], "BLOCK accepts everything while running");
        assertDispatchedExactlyOnce(accepted[1]);
    }

    @Test
    void shouldCountEveryDroppedInputAndDispatchTheRest() throws Exception
    {
        engine = builder(2).ringSize(4).backpressure(Backpressure.DROP).build().start();
        final long[] accepted = publishConcurrently(3, 5_000, 16);
        assertTrue(engine.stop(STOP_TIMEOUT));

        final long dropped = engine.counters(0).dropped() + engine.counters(1).dropped();
        assertEquals(3 * 5_000, accepted[0] + accepted[3], "every input is either accepted or dropped");
        assertEquals(accepted[2], dropped, "every drop the publishers saw is counted");
        assertDispatchedExactlyOnce(accepted[1]);
    }

    @Test
    void shouldTellThePublisherWhenRejecting() throws Exception
    {
        engine = builder(2).ringSize(4).backpressure(Backpressure.REJECT).build().start();
        final long[] accepted = publishConcurrently(3, 5_000, 16);
        assertTrue(engine.stop(STOP_TIMEOUT));

        final long rejected = engine.counters(0).rejected() + engine.counters(1).rejected();
        assertEquals(3 * 5_000, accepted[0] + accepted[3], "every input is accepted or given up by its publisher");
        assertEquals(accepted[2], rejected, "every refusal the publishers saw is counted");
        assertDispatchedExactlyOnce(accepted[1]);
    }

    @Test
    void shouldLoseAndDuplicateNothingWhenShardsWaitForAMinimumBatch() throws Exception
    {
        // batch coalescing with rings that fill before a minimum batch can wait: publishers block, shards take what
        // waited the delay, and the drain takes the rest
        engine = builder(3).ringSize(8).batchLimit(8).minBatch(8).maxBatchDelay(20_000).build().start();
        final long[] accepted = publishConcurrently(4, 20_000, 64);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(4 * 20_000, accepted[0]);
        assertDispatchedExactlyOnce(accepted[1]);
        assertPerKeyOrder(4, 64);
    }

    @Test
    void shouldDispatchALoneInputThatWaitedForAMinimumBatchOnceTheDelayHasPassed() throws Exception
    {
        engine = builder(1).minBatch(256).maxBatchDelay(TimeUnit.MILLISECONDS.toNanos(1)).build().start();
        assertTrue(engine.publish(7, 1, 0, 0, 0, 0, 0) >= 0);
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (engine.counters(0).dispatched() < 1 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(1, engine.counters(0).dispatched(), "held back for good: the engine is still running");
        assertEquals(EngineState.RUNNING, engine.state());
        assertTrue(engine.stop(STOP_TIMEOUT));
    }

    @Test
    void shouldKeepPerKeyOrder() throws Exception
    {
        engine = builder(2).ringSize(16).build().start();
        publishConcurrently(2, 10_000, 32);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertPerKeyOrder(2, 32);
    }

    @Test
    void shouldLoseDuplicateAndReorderNothingWithASinglePublisherOnFullRings() throws Exception
    {
        engine = builder(3).ringSize(8).publishers(Publishers.SINGLE).build().start();
        final long[] accepted = publishConcurrently(1, 100_000, 64);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(100_000, accepted[0], "BLOCK accepts everything while running");
        assertDispatchedExactlyOnce(accepted[1]);
        assertPerKeyOrder(1, 64);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /**
     * Batches of 16 on rings of 8: a shard's inputs of a batch usually fit its ring and are claimed together, and
     * now and then they do not and go one by one; either way nothing is lost, duplicated or reordered per key.
     */
    @ParameterizedTest
    @EnumSource(Publishers.class)
    void shouldLoseDuplicateAndReorderNothingPublishingBatchesWhenBlocking(final Publishers publishers)
        throws Exception
    {
        final int producers = publishers == Publishers.SINGLE ? 1 : 4;
        engine = builder(3).ringSize(8).publishers(publishers).build().start();
        final long[] accepted = publishConcurrently(producers, 40_000, 64, 16);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(producers * 40_000, accepted[0], "BLOCK accepts everything while running");
        assertDispatchedExactlyOnce(accepted[1]);
        assertPerKeyOrder(producers, 64);
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /**
     * With DROP or REJECT, a shard whose ring lacks room for its inputs of a batch takes them one by one: each one is
     * accepted, or refused and counted, and the publisher is told which.
     */
    @ParameterizedTest
    @EnumSource(value = Backpressure.class, names = {"DROP", "REJECT"})
    void shouldTellThePublisherOfABatchWhichInputsWereRefusedAndCountThem(final Backpressure backpressure)
        throws Exception
    {
        engine = builder(2).ringSize(4).backpressure(backpressure).build().start();
        final long[] accepted = publishConcurrently(3, 5_000, 16, 8);
        assertTrue(engine.stop(STOP_TIMEOUT));

        long refused = 0;
        for (int shard = 0; shard < 2; shard++)
        {
            refused += backpressure == Backpressure.DROP ? engine.counters(shard).dropped() :
                engine.counters(shard).rejected();
        }
        assertEquals(3 * 5_000, accepted[0] + accepted[3], "every input is accepted or given up by its publisher");
        assertEquals(accepted[2], refused, "every refusal the publishers saw is counted");
        assertEquals(accepted[3], refused, "nothing else is refused while running");
        assertDispatchedExactlyOnce(accepted[1]);
        assertPerKeyOrder(3, 16);
    }

    /**
     * Each input of a batch is answered with what a publish of it alone would have answered: its position in its
     * shard's ring, the shards counting their own; inputs stamped at the publish carry the engine's clock then.
     */
    @Test
    void shouldAnswerEachInputOfABatchWithItsPositionInItsShardsRing()
    {
        final long now = 5_000_000;
        engine = builder(2).partitioner((key, shardCount) -> (int)key).clock(() -> now).build().start();
        assertEquals(0, engine.publish(1, RecordingModel.INPUT, 0, 1, 0, 0, 0));
        final InputBatch batch = new InputBatch(8)
            .add(0, RecordingModel.INPUT, 1, 10, 0, 0, 0, now - 400)
            .add(1, RecordingModel.INPUT, 1, 11, 0, 0, 0)
            .add(0, RecordingModel.INPUT, 2, 12, 0, 0, 0)
            .add(0, RecordingModel.INPUT, 3, 13, 0, 0, 0, now - 400)
            .add(1, RecordingModel.INPUT, 2, 14, 0, 0, 0);

        assertEquals(5, engine.publish(batch));

        assertEquals(List.of(0L, 1L, 1L, 2L, 2L), List.of(batch.result(0), batch.result(1), batch.result(2),
            batch.result(3), batch.result(4)));
        assertEquals(3, engine.publish(1, RecordingModel.INPUT, 3, 2, 0, 0, 0), "the next publish follows the batch");
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(List.of(10L, 12L, 13L), a0s(model(0)), "shard 0's inputs in the order they were added");
        assertEquals(List.of(1L, 11L, 14L, 2L), a0s(model(1)));
        final org.HdrHistogram.Histogram latency = engine.totalLatency(false);
        assertEquals(7, latency.getTotalCount());
        assertEquals(400, latency.getMaxValue(), 1.0, "from the intended time given");
        assertEquals(5, latency.getCountBetweenValues(0, 0), "from the publish's clock reading");
        assertTrue(errors.isEmpty(), errors.toString());
    }

    private static List<Long> a0s(final RecordingModel model)
    {
        final List<Long> a0s = new ArrayList<>();
        for (final long[] event : model.dispatched)
        {
            a0s.add(event[4]);
        }
        return a0s;
    }

    @Test
    void shouldRefuseEveryInputOfABatchBeforeTheStartAndAfterTheStop()
    {
        engine = builder(1).publishers(Publishers.SINGLE).build();
        final InputBatch batch = new InputBatch(4).add(1, RecordingModel.INPUT, 0, 1, 0, 0, 0)
            .add(2, RecordingModel.INPUT, 0, 2, 0, 0, 0);

        assertEquals(0, engine.publish(batch));
        assertEquals(Engine.CLOSED, batch.result(0));
        assertEquals(Engine.CLOSED, batch.result(1));

        engine.start();
        batch.clear();
        batch.add(3, RecordingModel.INPUT, 0, 3, 0, 0, 0);
        assertEquals(1, engine.publish(batch), "the refused batch bound no publisher thread");
        assertTrue(engine.stop(STOP_TIMEOUT));
        batch.clear();
        batch.add(4, RecordingModel.INPUT, 0, 4, 0, 0, 0);
        assertEquals(0, engine.publish(batch));
        assertEquals(Engine.CLOSED, batch.result(0));
        assertEquals(1, engine.shard(0).inputs());
    }

    /**
     * What a batch refuses, and when: each misuse named, and a batch whose partitioner fails publishes nothing.
     */
    @Test
    void shouldRefuseABatchsMisuseWithAClearError()
    {
        assertEquals("capacity=0 must be in [1, 268435455]",
            assertThrows(IllegalArgumentException.class, () -> new InputBatch(0)).getMessage());
        // 8 longs an input: a larger capacity overflowed the array's int size (a NegativeArraySizeException)
        assertEquals("capacity=268435456 must be in [1, 268435455]", assertThrows(IllegalArgumentException.class,
            () -> new InputBatch(InputBatch.MAX_CAPACITY + 1)).getMessage());
        assertEquals("capacity=2147483647 must be in [1, 268435455]", assertThrows(IllegalArgumentException.class,
            () -> new InputBatch(Integer.MAX_VALUE)).getMessage());
        final InputBatch batch = new InputBatch(2);
        assertEquals("type=-1 must be non-negative", assertThrows(IllegalArgumentException.class,
            () -> batch.add(1, -1, 0, 0, 0, 0, 0)).getMessage());
        assertThrows(IllegalArgumentException.class, () -> batch.add(1, 1, 0, 0, 0, 0, 0, Long.MIN_VALUE));
        assertEquals(0, batch.size(), "a refused input is not added");
        assertEquals("the batch has not been published",
            assertThrows(IllegalStateException.class, () -> batch.result(0)).getMessage());
        batch.add(1, RecordingModel.INPUT, 0, 1, 0, 0, 0).add(2, RecordingModel.INPUT, 0, 2, 0, 0, 0);
        assertTrue(batch.isFull());
        assertEquals(2, batch.capacity());
        assertEquals("the batch is full: capacity=2", assertThrows(IllegalStateException.class,
            () -> batch.add(3, RecordingModel.INPUT, 0, 3, 0, 0, 0)).getMessage());

        engine = builder(2).partitioner((key, shardCount) -> key == 2 ? shardCount : 0).build().start();
        assertTrue(assertThrows(IllegalArgumentException.class, () -> engine.publish(batch)).getMessage()
            .contains("routed key=2 to shard=2, outside [0, 2)"));

        batch.clear();
        batch.add(1, RecordingModel.INPUT, 0, 1, 0, 0, 0);
        assertEquals(1, engine.publish(batch));
        assertEquals("the batch was published already: clear() it and add the next inputs",
            assertThrows(IllegalStateException.class, () -> engine.publish(batch)).getMessage());
        assertEquals("the batch was published: clear() it before adding the next inputs",
            assertThrows(IllegalStateException.class, () -> batch.add(1, 1, 0, 0, 0, 0, 0)).getMessage());
        assertThrows(IndexOutOfBoundsException.class, () -> batch.result(1));
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(1, engine.shard(0).inputs() + engine.shard(1).inputs(), "the failed batch published nothing");
    }

    @Test
    void shouldTakeInputsOfEveryNonNegativeTypeUntilTheBatchIsFull()
    {
        final InputBatch batch = new InputBatch(2);
        assertFalse(batch.isFull());
        batch.add(1, 0, 0, 0, 0, 0, 0);
        assertEquals(1, batch.size(), "type 0 is an input's type");
        assertFalse(batch.isFull(), "one of two");
        batch.add(2, 0, 0, 0, 0, 0, 0, 5);
        assertTrue(batch.isFull());

        engine = builder(1).build().start();
        assertEquals(2, engine.publish(batch));
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(List.of(0L, 0L), models.get(0).dispatched.stream().map(event -> event[2]).toList(),
            "both dispatched as type 0");
    }

    @Test
    void shouldGrowABatchsScratchPerShardOnceAndKeepItSoThatPublishingAllocatesNothing()
    {
        final InputBatch batch = new InputBatch(1);
        final int[] scratch = batch.shardInputs(2);
        assertEquals(2, scratch.length);
        assertSame(scratch, batch.shardInputs(2), "kept for the next publish to an engine of as many shards");
        assertSame(scratch, batch.shardInputs(1), "and of fewer");
        assertEquals(3, batch.shardInputs(3).length, "grown for more");
        assertEquals(3, batch.shardEnd().length);
    }

    /**
     * {@link Engine#start(boolean)} without shard threads, the harness of the model-checking tests: each shard's core
     * is built on the calling thread, and a shard's work is done by whoever calls its agent.
     */
    @Test
    void shouldBuildEachShardOnTheCallingThreadAndLetItDoTheShardsWorkWhenStartedWithoutShardThreads()
        throws Exception
    {
        engine = builder(2).partitioner((key, shards) -> (int)key).build().start(false);
        assertEquals(EngineState.RUNNING, engine.state());
        assertTrue(engine.publish(1, RecordingModel.INPUT, 0, 7, 0, 0, 0) >= 0);
        assertTrue(engine.agent(1).doWork() > 0, "the input waited for this call");
        assertEquals(1, engine.shard(1).dispatched());
        assertEquals(0, engine.shard(0).dispatched());

        final java.util.concurrent.FutureTask<Boolean> stop =
            new java.util.concurrent.FutureTask<>(() -> engine.stop(STOP_TIMEOUT));
        new Thread(stop, "stopper").start();
        while (!stop.isDone())
        {
            engine.agent(0).doWork();
            engine.agent(1).doWork();
        }
        assertTrue(stop.get(), String.valueOf(engine.failure()));
        assertEquals(EngineState.STOPPED, engine.state());
    }

    @Test
    void shouldRefuseABatchFromASecondThreadWhenThereIsASinglePublisher() throws Exception
    {
        engine = builder(1).publishers(Publishers.SINGLE).build().start();
        assertTrue(engine.publish(1, RecordingModel.INPUT, 0, 1, 0, 0, 0) >= 0);
        final AtomicReference<Throwable> refused = new AtomicReference<>();
        final Thread other = new Thread(() ->
        {
            try
            {
                engine.publish(new InputBatch(1).add(2, RecordingModel.INPUT, 0, 2, 0, 0, 0));
            }
            catch (final IllegalStateException ex)
            {
                refused.set(ex);
            }
        });
        other.start();
        other.join(TimeUnit.SECONDS.toMillis(10));

        assertTrue(refused.get().getMessage().startsWith("publishers=SINGLE: thread '" + other.getName() +
            "' may not publish"), String.valueOf(refused.get()));
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(1, engine.shard(0).inputs());
    }

    @Test
    void shouldRefuseASecondThreadWhenThereIsASinglePublisherButLetAnyThreadUseThePriorityLane() throws Exception
    {
        engine = builder(1).publishers(Publishers.SINGLE).build().start();
        assertTrue(engine.publish(1, RecordingModel.INPUT, 0, 1, 0, 0, 0) >= 0, "the first publisher is bound");

        final Throwable[] refused = new Throwable[1];
        final long[] priority = new long[1];
        final Thread other = new Thread(() ->
        {
            try
            {
                engine.publish(2, RecordingModel.INPUT, 0, 2, 0, 0, 0);
            }
            catch (final IllegalStateException ex)
            {
                refused[0] = ex;
            }
            priority[0] = engine.publishPriority(3, RecordingModel.INPUT, 0, 3, 0, 0, 0, 0);
        }, "second-feed");
        other.start();
        other.join();
        assertTrue(engine.publish(4, RecordingModel.INPUT, 0, 4, 0, 0, 0) >= 0, "the bound publisher carries on");
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertTrue(refused[0] instanceof IllegalStateException, "a second publishing thread is refused");
        assertTrue(refused[0].getMessage().contains("'second-feed' may not publish, thread '" +
            Thread.currentThread().getName() + "' is this engine's publisher"), refused[0].getMessage());
        assertTrue(priority[0] >= 0, "the priority lane takes any thread");
        assertEquals(3, engine.shard(0).inputs(), "the refused input was not taken");
        final java.util.Set<Long> payloads = new java.util.HashSet<>();
        for (final long[] event : models.get(0).dispatched)
        {
            payloads.add(event[4]);
        }
        assertEquals(java.util.Set.of(1L, 3L, 4L), payloads);
    }

    @Test
    void shouldHandTheSinglePublisherOverWhenItsThreadEndsOrReleasesIt() throws Exception
    {
        engine = builder(2).ringSize(8).publishers(Publishers.SINGLE).build().start();
        final int perPhase = 20_000;
        final int keys = 16;
        final long[] checksum = new long[1];
        final long[] counters = new long[keys];
        final Runnable phase = () ->
        {
            for (int i = 0; i < perPhase; i++)
            {
                final int key = i % keys;
                final long a0 = counters[key]++; // each phase follows the last: a per-key order across threads
                assertTrue(engine.publish(key, RecordingModel.INPUT, i, a0, 0, 0, 0) >= 0, "BLOCK accepts");
                checksum[0] += a0 * 31 + key;
            }
        };

        final Thread first = new Thread(phase, "first-feed");
        first.start();
        first.join(); // ended while bound: the next thread to publish takes its place

        final CountDownLatch released = new CountDownLatch(1);
        final CountDownLatch mainPublished = new CountDownLatch(1);
        final boolean[] releases = new boolean[2];
        final Throwable[] refused = new Throwable[1];
        final Thread second = new Thread(() ->
        {
            phase.run();
            releases[0] = engine.releasePublisher();
            releases[1] = engine.releasePublisher();
            released.countDown();
            try
            {
                mainPublished.await();
                engine.publish(0, RecordingModel.INPUT, 0, -1, 0, 0, 0);
            }
            catch (final IllegalStateException | InterruptedException ex)
            {
                refused[0] = ex;
            }
        }, "second-feed");
        second.start();
        assertTrue(released.await(30, TimeUnit.SECONDS));
        phase.run(); // the second feed is alive but released
        mainPublished.countDown();
        second.join();
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertTrue(releases[0], "the bound thread releases");
        assertFalse(releases[1], "a thread that is not the publisher has nothing to release");
        assertTrue(refused[0] instanceof IllegalStateException, String.valueOf(refused[0]));
        assertTrue(refused[0].getMessage().contains("'second-feed' may not publish, thread '" +
            Thread.currentThread().getName() + "' is this engine's publisher"), refused[0].getMessage());
        assertDispatchedExactlyOnce(checksum[0]);
        assertPerKeyOrder(1, keys);
        assertEquals(3L * perPhase, engine.shard(0).inputs() + engine.shard(1).inputs());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldTellAMultiPublisherEngineItHasNoPublisherToRelease() throws Exception
    {
        engine = builder(1).build().start();
        assertTrue(engine.publish(1, RecordingModel.INPUT, 0, 1, 0, 0, 0) >= 0);
        assertFalse(engine.releasePublisher());
        assertTrue(engine.stop(STOP_TIMEOUT));
    }


    @Test
    void shouldNotBindTheSinglePublisherToAThreadWhosePublishWasInvalid() throws Exception
    {
        engine = builder(1).publishers(Publishers.SINGLE).build().start();
        final Throwable[] invalid = new Throwable[1];
        final Thread wrong = new Thread(() ->
        {
            try
            {
                engine.publish(1, -1, 0, 1, 0, 0, 0);
            }
            catch (final IllegalArgumentException ex)
            {
                invalid[0] = ex;
            }
        }, "invalid-feed");
        wrong.start();
        wrong.join();
        assertTrue(invalid[0] instanceof IllegalArgumentException, "a negative type is refused");
        assertEquals("type=-1 must be non-negative", invalid[0].getMessage());

        assertTrue(engine.publish(2, RecordingModel.INPUT, 0, 2, 0, 0, 0) >= 0,
            "the refused thread was not bound: this thread is the publisher");
        assertThrows(IllegalArgumentException.class, () -> engine.publishPriority(3, -2, 0, 3, 0, 0, 0, 0));
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(1, engine.shard(0).inputs(), "only the valid input was taken");
    }

    @Test
    void shouldNotBindTheSinglePublisherToAThreadWhosePublishWasRoutedOutsideTheShards() throws Exception
    {
        engine = builder(2).publishers(Publishers.SINGLE).partitioner((key, shardCount) -> (int)key).build().start();
        final List<Throwable> refused = new CopyOnWriteArrayList<>();
        final CountDownLatch tried = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final Thread wrong = new Thread(() ->
        {
            try
            {
                engine.publish(5, RecordingModel.INPUT, 0, 1, 0, 0, 0);
            }
            catch (final IllegalArgumentException ex)
            {
                refused.add(ex);
            }
            try
            {
                engine.publish(new InputBatch(2).add(0, RecordingModel.INPUT, 0, 1, 0, 0, 0)
                    .add(5, RecordingModel.INPUT, 0, 1, 0, 0, 0));
            }
            catch (final IllegalArgumentException ex)
            {
                refused.add(ex);
            }
            tried.countDown();
            awaitUninterruptibly(done); // alive: a terminated publisher would be replaced anyway
        }, "misrouted-feed");
        wrong.start();
        awaitUninterruptibly(tried);
        try
        {
            assertEquals(2, refused.size(), "both publishes routed key=5 outside the shards: " + refused);
            assertTrue(refused.get(0).getMessage().contains("routed key=5 to shard=5, outside [0, 2)"),
                refused.get(0).getMessage());
            assertTrue(engine.publish(1, RecordingModel.INPUT, 0, 2, 0, 0, 0) >= 0,
                "the refused thread, still alive, was not bound: this thread is the publisher");
        }
        finally
        {
            done.countDown();
            wrong.join();
        }
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(1, engine.shard(0).inputs() + engine.shard(1).inputs(), "only the valid input was taken");
    }

    @Test
    void shouldAnswerEachAcceptedInputWithItsPositionInItsShardsRing()
    {
        engine = builder(2).partitioner((key, shardCount) -> (int)key).build().start();
        assertEquals(0, engine.publish(0, RecordingModel.INPUT, 0, 1, 0, 0, 0));
        assertEquals(0, engine.publish(1, RecordingModel.INPUT, 0, 2, 0, 0, 0), "each shard's ring counts its own");
        assertEquals(1, engine.publish(0, RecordingModel.INPUT, 0, 3, 0, 0, 0));
        assertEquals(2, engine.publish(0, RecordingModel.INPUT, 0, 4, 0, 0, 0));
        assertEquals(0, engine.publishPriority(0, RecordingModel.INPUT, 0, 5, 0, 0, 0, 0),
            "a priority ring has positions of its own");
        assertEquals(1, engine.publishPriority(0, RecordingModel.INPUT, 0, 6, 0, 0, 0, 0));
        assertEquals(0, engine.publishPriority(1, RecordingModel.INPUT, 0, 7, 0, 0, 0, 0));
        assertEquals(1, engine.publish(1, RecordingModel.INPUT, 0, 8, 0, 0, 0));
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(5, engine.shard(0).inputs());
        assertEquals(3, engine.shard(1).inputs());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldBindAndCheckTheSinglePublisherOnAWatermarkAsOnAnInput() throws Exception
    {
        engine = builder(1).publishers(Publishers.SINGLE).build();
        final CountDownLatch started = new CountDownLatch(1);
        final CountDownLatch done = new CountDownLatch(1);
        final AtomicReference<Boolean> beforeStart = new AtomicReference<>();
        final AtomicReference<Throwable> refused = new AtomicReference<>();
        final Thread early = new Thread(() ->
        {
            // refused before start, binding nothing: this thread stays alive, so a binding would keep out the next
            beforeStart.set(engine.advanceTo(5));
            try
            {
                started.await();
                engine.advanceTo(20);
            }
            catch (final IllegalStateException | InterruptedException ex)
            {
                refused.set(ex);
            }
            done.countDown();
        }, "early-feed");
        early.start();
        while (beforeStart.get() == null)
        {
            Thread.sleep(1);
        }
        engine.start();
        assertTrue(engine.advanceTo(10), "the first watermark binds its thread");
        started.countDown();
        assertTrue(done.await(30, TimeUnit.SECONDS));
        assertTrue(engine.publish(0, RecordingModel.INPUT, 30, 1, 0, 0, 0) >= 0, "the bound publisher carries on");
        early.join();
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(Boolean.FALSE, beforeStart.get());
        assertTrue(refused.get() instanceof IllegalStateException, String.valueOf(refused.get()));
        assertTrue(refused.get().getMessage().contains("'early-feed' may not publish, thread '" +
            Thread.currentThread().getName() + "' is this engine's publisher"), refused.get().getMessage());
        assertEquals(1, engine.shard(0).inputs());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldNeverLoseAnAcceptedInputSilentlyWhenASinglePublisherRacesStop() throws Exception
    {
        for (int attempt = 0; attempt < 50; attempt++)
        {
            models.clear();
            errors.clear();
            engine = builder(2).ringSize(1 << 16).publishers(Publishers.SINGLE).build().start();
            final AtomicLong accepted = new AtomicLong();
            final CountDownLatch publishing = new CountDownLatch(1);
            final Engine racing = engine;
            final Thread publisher = new Thread(() ->
            {
                for (long i = 0; ; i++)
                {
                    if (racing.publish(i, RecordingModel.INPUT, 0, i, 0, 0, 0) < 0)
                    {
                        return;
                    }
                    accepted.incrementAndGet();
                    if (i == 100_000)
                    {
                        publishing.countDown();
                    }
                }
            });
            publisher.start();
            publishing.await();
            final boolean clean = engine.stop(STOP_TIMEOUT);
            publisher.join();

            // Every publish that returned a sequence, even one held up across the whole of stop(), was taken by a
            // shard; or stop() said it was not (see Publishers.SINGLE).
            final long taken = engine.shard(0).inputs() + engine.shard(1).inputs();
            assertEquals(EngineState.STOPPED, engine.state());
            if (clean)
            {
                assertEquals(accepted.get(), taken, "attempt " + attempt);
                assertEquals(List.of(), errors);
            }
            else
            {
                assertTrue(errors.stream().anyMatch(e -> e.getMessage().contains("published after stop() began")),
                    errors.toString());
                assertTrue(taken <= accepted.get(), "taken " + taken + " accepted " + accepted.get());
            }
        }
    }

    @Test
    void shouldStopPromptlyAndLoseNothingWhenAHandlerPublishesOntoItsOwnRingWhileASinglePublisherEngineStops()
        throws Exception
    {
        // a burst one slot short of the ring, so the handler never meets it full; stop() lands between a publish's
        // claim and its re-check of the state in about one attempt in eight
        final int echoes = (1 << 16) - 1;
        for (int attempt = 0; attempt < 100; attempt++)
        {
            models.clear();
            errors.clear();
            final CountDownLatch bursting = new CountDownLatch(1);
            final AtomicLong accepted = new AtomicLong();
            final AtomicLong refused = new AtomicLong();
            final AtomicLong dispatchedEchoes = new AtomicLong();
            engine = Engine.builder().shards(1).ringSize(1 << 16).publishers(Publishers.SINGLE)
                .errorHandler(errors::add).model((shardId, shardCount) -> new RecordingModel()
                {
                    @Override
                    public void onEvent(final io.concurrengine.core.event.Event event,
                        final io.concurrengine.core.loop.EventContext context)
                    {
                        if (event.type() == RecordingModel.FOLLOW_UP)
                        {
                            dispatchedEchoes.incrementAndGet();
                            return;
                        }
                        // the shard's thread becomes the single publisher, onto its own ring, while stop() begins
                        bursting.countDown();
                        for (int i = 0; i < echoes; i++)
                        {
                            if (engine.publish(event.target(), RecordingModel.FOLLOW_UP, 0, i, 0, 0, 0) < 0)
                            {
                                refused.incrementAndGet();
                                return;
                            }
                            accepted.incrementAndGet();
                        }
                    }
                }).build().start();
            assertTrue(engine.publishPriority(1, RecordingModel.INPUT, 0, 0, 0, 0, 0, 0) >= 0, "binds no thread");
            assertTrue(bursting.await(30, TimeUnit.SECONDS));

            final long start = System.nanoTime();
            final boolean clean = engine.stop(STOP_TIMEOUT);
            final long tookNanos = System.nanoTime() - start;

            assertTrue(clean, "attempt " + attempt + ": stop() took " + TimeUnit.NANOSECONDS.toMillis(tookNanos) +
                " ms of its " + TimeUnit.NANOSECONDS.toMillis(STOP_TIMEOUT) + " ms and failed: " + engine.failure());
            assertEquals(List.of(), errors, "attempt " + attempt);
            assertEquals(accepted.get(), dispatchedEchoes.get(), "attempt " + attempt + ": every accepted echo");
            assertEquals(accepted.get() + 1, engine.shard(0).inputs(), "attempt " + attempt);
            assertTrue(refused.get() <= 1, "a refused publish ends the burst");
        }
    }

    private void assertPerKeyOrder(final int producers, final int keys)
    {
        for (final RecordingModel model : models)
        {
            final long[][] lastByProducerAndKey = new long[producers][keys];
            for (final long[] lastByKey : lastByProducerAndKey)
            {
                java.util.Arrays.fill(lastByKey, -1);
            }
            for (final long[] event : model.dispatched)
            {
                final int producer = (int)(event[4] >>> 32);
                final int key = (int)event[3];
                final long counter = event[4] & 0xFFFF_FFFFL;
                assertTrue(counter > lastByProducerAndKey[producer][key],
                    "key " + key + " from producer " + producer + " went back from " +
                    lastByProducerAndKey[producer][key] + " to " + counter);
                lastByProducerAndKey[producer][key] = counter;
            }
        }
    }

    @Test
    void shouldReportWhatTheJournalsBackgroundThreadWorkedAroundWhenTheShardCloses()
    {
        final java.io.IOException workedAround = new java.io.IOException("sync_file_range failed");
        engine = builder(1).journal((shardId, shardCount, model) -> new ShardJournal()
        {
            public void input(
                final long time, final int type, final long target, final long a0, final long a1, final long a2,
                final long a3)
            {
            }

            public void advance(final long time)
            {
            }

            public void dispatch(final io.concurrengine.core.event.Event event, final boolean failed)
            {
            }

            public void flush()
            {
            }

            public long bytesWritten()
            {
                return 0;
            }

            public Throwable backgroundError()
            {
                return workedAround;
            }

            public void close()
            {
            }
        }).build().start();
        assertTrue(engine.publish(5, RecordingModel.INPUT, 10, 0, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT), "a worked-around problem does not fail the engine");

        assertEquals(1, engine.shard(0).dispatched());
        assertEquals(1, errors.size(), errors::toString);
        assertTrue(errors.get(0) instanceof JournalBackgroundWarning, errors::toString);
        assertTrue(errors.get(0).getMessage().contains("shard=0") &&
            errors.get(0).getMessage().contains("sync_file_range failed"), errors.get(0).getMessage());
        assertEquals(workedAround, errors.get(0).getCause());
    }

    @Test
    void shouldCountAFailedHandlerAndCarryOn()
    {
        engine = builder(1).build().start();
        assertTrue(engine.publish(5, RecordingModel.FAIL, 10, 0, 0, 0, 0) >= 0);
        assertTrue(engine.publish(5, RecordingModel.INPUT, 11, 1, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(1, engine.shard(0).failed());
        assertEquals(2, engine.shard(0).dispatched());
        assertEquals(1, errors.size());
        assertTrue(errors.get(0) instanceof HandlerFailedException);
        assertTrue(errors.get(0).getMessage().contains("shard=0 time=10"), errors.get(0).getMessage());
    }

    @ParameterizedTest
    @EnumSource(Publishers.class)
    void shouldReleaseABlockedPublisherOnStopAndKeepWhatWasAccepted(final Publishers publishers) throws Exception
    {
        final CountDownLatch hold = new CountDownLatch(1);
        engine = Engine.builder().shards(1).ringSize(2).publishers(publishers).errorHandler(errors::add)
            .model((shardId, shardCount) -> holding(hold)).build().start();

        final AtomicLong accepted = new AtomicLong();
        final AtomicLong lastResult = new AtomicLong();
        final Thread publisher = new Thread(() ->
        {
            for (int i = 0; i < 100; i++)
            {
                final long result = engine.publish(1, 1, i, 0, 0, 0, 0);
                lastResult.set(result);
                if (result < 0)
                {
                    return;
                }
                accepted.incrementAndGet();
            }
        });
        publisher.start();
        while (accepted.get() < 2)
        {
            Thread.sleep(1);
        }
        while (publisher.getState() != Thread.State.TIMED_WAITING && publisher.isAlive())
        {
            Thread.sleep(1);
        }
        final Thread stopper = new Thread(() -> engine.stop(STOP_TIMEOUT));
        stopper.start();
        publisher.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(publisher.isAlive(), "a publisher blocked on a full ring is released by stop");
        assertEquals(Engine.CLOSED, lastResult.get());
        hold.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(20));

        assertEquals(EngineState.STOPPED, engine.state());
        assertEquals(accepted.get(), engine.shard(0).inputs(), "every accepted input was processed");
        assertEquals(accepted.get(), engine.shard(0).dispatched());
    }

    /**
     * A publisher interrupted while it waits for room on a full ring waits on, parked rather than spinning on a park
     * that the interrupt flag ends at once (taking the core its shard needs), and keeps its interrupt.
     */
    @ParameterizedTest
    @EnumSource(Publishers.class)
    void shouldKeepABlockedPublisherParkedWhenInterruptedAndHandItsInterruptBack(final Publishers publishers)
        throws Exception
    {
        final CountDownLatch hold = new CountDownLatch(1);
        engine = Engine.builder().shards(1).ringSize(2).publishers(publishers).errorHandler(errors::add)
            .model((shardId, shardCount) -> holding(hold)).build().start();
        final AtomicLong accepted = new AtomicLong();
        final AtomicBoolean interruptedAfter = new AtomicBoolean();
        final Thread publisher = new Thread(() ->
        {
            for (int i = 0; i < 10; i++)
            {
                accepted.addAndGet(engine.publish(1, 1, i, 0, 0, 0, 0) >= 0 ? 1 : 0);
            }
            interruptedAfter.set(Thread.currentThread().isInterrupted());
        });
        publisher.start();
        while (publisher.getState() != Thread.State.TIMED_WAITING)
        {
            Thread.sleep(1); // blocked on the full ring
        }

        publisher.interrupt();
        final long deadline = System.nanoTime() + STOP_TIMEOUT;
        while (publisher.isInterrupted() && System.nanoTime() - deadline < 0)
        {
            Thread.sleep(1);
        }
        assertFalse(publisher.isInterrupted(), "it clears the flag to park: a park with it set returns at once");
        assertTrue(publisher.isAlive(), "an interrupt does not end the wait");
        hold.countDown();
        publisher.join();

        assertEquals(10, accepted.get(), "every publish waited for room and was accepted");
        assertTrue(interruptedAfter.get(), "the publisher's interrupt is handed back");
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(10, engine.shard(0).dispatched());
    }

    /**
     * A batch publisher waiting for room for its shard's inputs is released by stop: the inputs it had not placed are
     * CLOSED, every one accepted before is processed.
     */
    @ParameterizedTest
    @EnumSource(Publishers.class)
    void shouldReleaseABlockedBatchPublisherOnStopAndKeepWhatWasAccepted(final Publishers publishers)
        throws Exception
    {
        final CountDownLatch hold = new CountDownLatch(1);
        engine = Engine.builder().shards(1).ringSize(4).publishers(publishers).errorHandler(errors::add)
            .model((shardId, shardCount) -> holding(hold)).build().start();

        final AtomicLong accepted = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        final Thread publisher = new Thread(() ->
        {
            final InputBatch batch = new InputBatch(3);
            for (int i = 0; i < 100; i++)
            {
                batch.clear();
                batch.add(1, 1, i, 0, 0, 0, 0).add(2, 1, i, 1, 0, 0, 0).add(3, 1, i, 2, 0, 0, 0);
                accepted.addAndGet(engine.publish(batch));
                for (int b = 0; b < batch.size(); b++)
                {
                    closed.addAndGet(batch.result(b) == Engine.CLOSED ? 1 : 0);
                }
                if (batch.result(batch.size() - 1) < 0)
                {
                    return;
                }
            }
        });
        publisher.start();
        while (accepted.get() < 3 || publisher.getState() != Thread.State.TIMED_WAITING && publisher.isAlive())
        {
            Thread.sleep(1);
        }
        final Thread stopper = new Thread(() -> engine.stop(STOP_TIMEOUT));
        stopper.start();
        publisher.join(TimeUnit.SECONDS.toMillis(10));
        assertFalse(publisher.isAlive(), "a batch publisher blocked on a full ring is released by stop");
        assertEquals(3, closed.get(), "the batch it was placing is refused whole");
        hold.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(20));

        assertEquals(EngineState.STOPPED, engine.state());
        assertEquals(accepted.get(), engine.shard(0).inputs(), "every accepted input was processed");
        assertEquals(accepted.get(), engine.shard(0).dispatched());
    }

    @Test
    void shouldMeasureEachInputsLatencyFromItsOwnIntendedTime()
    {
        final long now = 1_000_000;
        final int inputs = 100; // more than ShardAgent.INPUTS_PER_CLOCK_READ, so several clock reads per batch
        engine = builder(1).clock(() -> now).build().start();
        long expectedSum = 0;
        for (int i = 0; i < inputs; i++)
        {
            final long latency = 10L * i;
            expectedSum += latency;
            assertTrue(engine.publish(i, 1, i, 0, 0, 0, 0, now - latency) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT));

        for (final boolean journaled : new boolean[]{ false, true })
        {
            final org.HdrHistogram.Histogram latency = engine.totalLatency(journaled);
            assertEquals(inputs, latency.getTotalCount(), "one sample per input, journaled=" + journaled);
            assertEquals(0, latency.getMinValue());
            assertEquals(10L * (inputs - 1), latency.getMaxValue(), 1.0);
            assertEquals((double)expectedSum / inputs, latency.getMean(), 1.0);
        }
    }

    @Test
    void shouldFlushTheJournalOnceWhenTheDrainCompletesAndLeaveNothingUnflushed()
    {
        final FlushCountingJournal journal = new FlushCountingJournal();
        engine = builder(1).journalFlushInterval(TimeUnit.HOURS.toNanos(1))
            .journal((shardId, shardCount, model) -> journal).build().start();
        for (int i = 0; i < 10; i++)
        {
            assertTrue(engine.publish(1, 1, i, 0, 0, 0, 0) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertTrue(journal.flushes > 0, "the drain flushes what was accepted");
        assertEquals(0, journal.emptyFlushes, "no flush follows another with nothing recorded in between");
        assertEquals(0, journal.recordsSinceFlush, "everything recorded was flushed before the journal closed");
        assertTrue(journal.closed);
    }

    /**
     * Counts flushes, and the flushes that came after an earlier flush with nothing recorded since.
     */
    private static final class FlushCountingJournal implements ShardJournal
    {
        private volatile int flushes;
        private volatile int emptyFlushes;
        private volatile int recordsSinceFlush;
        private volatile boolean closed;

        @Override
        public void input(
            final long time, final int type, final long target, final long a0, final long a1, final long a2,
            final long a3)
        {
            recordsSinceFlush++;
        }

        @Override
        public void advance(final long time)
        {
            recordsSinceFlush++;
        }

        @Override
        public void dispatch(final io.concurrengine.core.event.Event event, final boolean failed)
        {
            recordsSinceFlush++;
        }

        @Override
        public void flush()
        {
            if (flushes > 0 && 0 == recordsSinceFlush)
            {
                emptyFlushes++;
            }
            flushes++;
            recordsSinceFlush = 0;
        }

        @Override
        public long bytesWritten()
        {
            return 0;
        }

        @Override
        public void close()
        {
            closed = true;
        }
    }

    @Test
    void shouldAllocateEachShardsWheelForTheEnginesCapacityOrWhatItsModelExpectsAndShowItGrowing()
    {
        engine = Engine.builder().shards(3).initialWheelCapacity(1000).errorHandler(errors::add)
            .model((shardId, shardCount) ->
            {
                final RecordingModel model = new RecordingModel();
                model.shardId = shardId;
                model.expectedTimers = 2 == shardId ? 5000 : 10;
                models.add(model);
                return model;
            }).build().start();
        long key = 0;
        while (engine.shardFor(key) != 0)
        {
            key++;
        }
        for (int i = 0; i < 1500; i++)
        {
            // each schedules a follow-up far in the future: 1,500 records on shard 0's wheel once its inputs are taken
            assertTrue(engine.publish(key, RecordingModel.INPUT, i, i, 1_000_000_000L, 0, 0) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(2000, engine.counters(0).wheelCapacity(), "started at the engine's 1,000 and doubled once");
        assertEquals(1000, engine.counters(1).wheelCapacity(), "the engine's, larger than the model's 10");
        assertEquals(5000, engine.counters(2).wheelCapacity(), "the model's, larger than the engine's");
        assertEquals(List.of(), errors);
    }

    /**
     * A shard publishes its counters after each unit of work that took input: one that had taken none showed a ring
     * remaining capacity of 0 and a wheel capacity of 0 until the drain, which stat and the Prometheus exporter showed
     * as a full ring (every shard at the start of a run, and all run long a shard its feed's keys do not reach). Its
     * levels are published once its core is built.
     */
    @Test
    void shouldShowTheLevelsOfAShardThatHasTakenNoInputYet()
    {
        engine = Engine.builder().shards(2).ringSize(1024).initialWheelCapacity(1000).errorHandler(errors::add)
            .model((shardId, shardCount) -> new RecordingModel()).build().start();

        for (int shard = 0; shard < 2; shard++)
        {
            assertEquals(1024, engine.counters(shard).ringRemaining.get(), "shard " + shard + ": its ring is empty");
            assertEquals(1000, engine.counters(shard).wheelCapacity(), "shard " + shard);
            assertEquals(0, engine.counters(shard).inputs(), "shard " + shard);
        }
        assertTrue(engine.stop(STOP_TIMEOUT));
        assertEquals(List.of(), errors);
    }

    @Test
    void shouldRejectBadConfigurationNamingTheValue()
    {
        assertEquals("initialWheelCapacity=0 must be in [1, " + EventDescriptor.MAX_RECORDS + "]",
            assertThrows(IllegalArgumentException.class, () -> builder(1).initialWheelCapacity(0).build())
                .getMessage());
        final IllegalArgumentException error =
            assertThrows(IllegalArgumentException.class, () -> builder(1).ringSize(1000).build());
        assertEquals("ringSize=1000 must be a power of two in [2, 2^26]", error.getMessage());
        assertEquals("ringSize=134217728 must be a power of two in [2, 2^26]",
            assertThrows(IllegalArgumentException.class, () -> builder(1).ringSize(1 << 27).build()).getMessage());
        assertThrows(IllegalArgumentException.class, () -> builder(0).build());
        assertThrows(NullPointerException.class, () -> Engine.builder().build());
        // refused here, not on the shard threads at start (the wheel's marker for "no slot")
        assertEquals("startTime=" + Long.MIN_VALUE + " must be greater than Long.MIN_VALUE",
            assertThrows(IllegalArgumentException.class, () -> builder(1).startTime(Long.MIN_VALUE).build())
                .getMessage());
        assertEquals("minBatch=257 must be in [1, batchLimit=256] and at most ringSize=65536",
            assertThrows(IllegalArgumentException.class, () -> builder(1).minBatch(257).build()).getMessage());
        assertEquals("minBatch=64 must be in [1, batchLimit=256] and at most ringSize=32",
            assertThrows(IllegalArgumentException.class, () -> builder(1).ringSize(32).minBatch(64).build())
                .getMessage());
        assertEquals("minBatch=0 must be in [1, batchLimit=256] and at most ringSize=65536",
            assertThrows(IllegalArgumentException.class, () -> builder(1).minBatch(0).build()).getMessage());
        assertEquals("maxBatchDelayNanos=-1 must be in [0, 1 s]",
            assertThrows(IllegalArgumentException.class, () -> builder(1).maxBatchDelay(-1).build()).getMessage());
        assertEquals("maxBatchDelayNanos=1000000001 must be in [0, 1 s]",
            assertThrows(IllegalArgumentException.class, () -> builder(1).maxBatchDelay(1_000_000_001L).build())
                .getMessage());
    }

    @Test
    void shouldParkIdleShardsLongerTheMoreShardsEachCoreCarries()
    {
        assertEquals(100_000L, maxParkNanos(EngineBuilder.defaultIdleStrategy(2, 2)), "one shard per core");
        assertEquals(100_000L, maxParkNanos(EngineBuilder.defaultIdleStrategy(1, 8)));
        assertEquals(200_000L, maxParkNanos(EngineBuilder.defaultIdleStrategy(3, 2)), "rounded up");
        assertEquals(12_800_000L, maxParkNanos(EngineBuilder.defaultIdleStrategy(256, 2)));
        assertEquals(1_000L, minParkNanos(EngineBuilder.defaultIdleStrategy(256, 2)), "the first park stays short");

        final int cores = Runtime.getRuntime().availableProcessors();
        assertEquals(EngineBuilder.DEFAULT_MAX_PARK_NANOS * ((64 + cores - 1) / cores),
            maxParkNanos(builder(64).newIdleStrategy()), "an engine's shards get the default for its shard count");
        final org.agrona.concurrent.IdleStrategy chosen = new org.agrona.concurrent.YieldingIdleStrategy();
        assertTrue(chosen == builder(64).idleStrategy(() -> chosen).newIdleStrategy(), "a chosen one is kept");
    }

    private static long maxParkNanos(final org.agrona.concurrent.IdleStrategy idle)
    {
        return parkField(idle, "maxParkPeriodNs");
    }

    private static long minParkNanos(final org.agrona.concurrent.IdleStrategy idle)
    {
        return parkField(idle, "minParkPeriodNs");
    }

    private static long parkField(final org.agrona.concurrent.IdleStrategy idle, final String name)
    {
        final java.util.regex.Matcher field =
            java.util.regex.Pattern.compile(name + "=(\\d+)").matcher(idle.toString());
        assertTrue(field.find(), idle.toString());
        return Long.parseLong(field.group(1));
    }

    /**
     * Publishers p = 0..producers-1 each publish {@code perProducer} inputs over {@code keys} keys; a0 carries
     * (p << 32 | per-key counter) so order and identity can be checked. Returns {total accepted, checksum}.
     */
    private long[] publishConcurrently(final int producers, final int perProducer, final int keys) throws Exception
    {
        return publishConcurrently(producers, perProducer, keys, 0);
    }

    /**
     * @param batch 0 to publish each input on its own, with a BACK_PRESSURED input of an even index retried; else
     *              inputs published in batches of this size ({@link Engine#publish(InputBatch)}), none retried.
     * @return inputs accepted, the checksum of those accepted, refusals seen (BACK_PRESSURED or DROPPED), inputs
     * given up.
     */
    private long[] publishConcurrently(final int producers, final int perProducer, final int keys, final int batch)
        throws Exception
    {
        final AtomicLong[] tallies = { new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong() };
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < producers; p++)
        {
            final int producer = p;
            final Thread thread = new Thread(() ->
            {
                if (batch > 0)
                {
                    publishBatches(producer, perProducer, keys, batch, tallies);
                }
                else
                {
                    publishOneByOne(producer, perProducer, keys, tallies);
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (final Thread thread : threads)
        {
            thread.join(TimeUnit.SECONDS.toMillis(30));
            assertFalse(thread.isAlive());
        }
        return new long[]{ tallies[0].get(), tallies[1].get(), tallies[2].get(), tallies[3].get() };
    }

    /**
     * One producer's inputs, key {@code (i * 7 + producer) % keys} and a0 the producer and the key's count, tallied
     * as {@link #publishConcurrently(int, int, int, int)} returns them.
     */
    private void publishOneByOne(final int producer, final int perProducer, final int keys, final AtomicLong[] tallies)
    {
        final long[] counters = new long[keys];
        for (int i = 0; i < perProducer; i++)
        {
            final int key = (i * 7 + producer) % keys;
            final long a0 = ((long)producer << 32) | counters[key]++;
            long result;
            while (true)
            {
                result = engine.publish(key, RecordingModel.INPUT, i, a0, 0, 0, 0);
                if (result == Engine.BACK_PRESSURED || result == Engine.DROPPED)
                {
                    tallies[2].incrementAndGet();
                    if ((i & 1) == 0 && result == Engine.BACK_PRESSURED && yielded())
                    {
                        continue;
                    }
                }
                break;
            }
            tally(result, a0, key, tallies);
        }
    }

    /**
     * The same inputs as {@link #publishOneByOne}, in batches.
     */
    private void publishBatches(final int producer, final int perProducer, final int keys, final int batchSize,
        final AtomicLong[] tallies)
    {
        final long[] counters = new long[keys];
        final InputBatch batch = new InputBatch(batchSize);
        final long[] a0s = new long[batchSize];
        final int[] keysAdded = new int[batchSize];
        for (int i = 0; i < perProducer; i++)
        {
            final int key = (i * 7 + producer) % keys;
            final long a0 = ((long)producer << 32) | counters[key]++;
            a0s[batch.size()] = a0;
            keysAdded[batch.size()] = key;
            batch.add(key, RecordingModel.INPUT, i, a0, 0, 0, 0);
            if (batch.isFull() || i == perProducer - 1)
            {
                final int taken = engine.publish(batch);
                int counted = 0;
                for (int b = 0; b < batch.size(); b++)
                {
                    final long result = batch.result(b);
                    if (result == Engine.BACK_PRESSURED || result == Engine.DROPPED)
                    {
                        tallies[2].incrementAndGet();
                    }
                    counted += result >= 0 ? 1 : 0;
                    tally(result, a0s[b], keysAdded[b], tallies);
                }
                assertEquals(counted, taken, "publish(batch) counts the inputs whose result is accepted");
                batch.clear();
            }
        }
    }

    private static void tally(final long result, final long a0, final int key, final AtomicLong[] tallies)
    {
        if (result >= 0)
        {
            tallies[0].incrementAndGet();
            tallies[1].addAndGet(a0 * 31 + key);
        }
        else
        {
            tallies[3].incrementAndGet();
        }
    }

    private static boolean yielded()
    {
        Thread.yield();
        return true;
    }

    private void assertDispatchedExactlyOnce(final long expectedChecksum)
    {
        long count = 0;
        long checksum = 0;
        final java.util.Set<Long> seen = new java.util.HashSet<>();
        for (final RecordingModel model : models)
        {
            for (final long[] event : model.dispatched)
            {
                count++;
                checksum += event[4] * 31 + event[3];
                assertTrue(seen.add(event[4] * 1_000_003L + event[3]), "duplicate dispatch " + event[4]);
            }
        }
        long inputs = 0;
        for (int shard = 0; shard < engine.shardCount(); shard++)
        {
            inputs += engine.shard(shard).inputs();
        }
        assertEquals(inputs, count, "every accepted input dispatched once");
        assertEquals(expectedChecksum, checksum, "the dispatched inputs are the accepted ones");
    }

    private RecordingModel model(final int shard)
    {
        return models.stream().filter((m) -> m.shardId == shard).findFirst().orElseThrow();
    }

    /**
     * Two keys on different shards: a follow-up due at 110 on the first, the second shard's inputs go on to 500.
     */
    private long[] twoKeysOnTwoShards()
    {
        final long quiet = 0;
        long busy = 1;
        while (engine.shardFor(busy) == engine.shardFor(quiet))
        {
            busy++;
        }
        assertTrue(engine.publish(quiet, RecordingModel.INPUT, 10, 1, 100, 0, 0) >= 0);
        assertTrue(engine.publish(busy, RecordingModel.INPUT, 500, 2, 0, 0, 0) >= 0);
        return new long[]{ quiet, busy };
    }

    @Test
    void shouldLeaveATimerPendingOnAShardThatGetsNoFurtherInputWithoutAWatermark()
    {
        engine = builder(2).build().start();
        final long quiet = twoKeysOnTwoShards()[0];
        assertTrue(engine.stop(STOP_TIMEOUT));

        final RecordingModel model = model(engine.shardFor(quiet));
        assertEquals(1, model.dispatched.size(), "only the input: its follow-up at 110 is not due at 10");
        assertEquals(1, engine.shard(engine.shardFor(quiet)).wheel().size());
    }

    @Test
    void shouldFireTimersDueByTheWatermarkOnAShardThatGetsNoFurtherInput()
    {
        engine = builder(2).build().start();
        final long quiet = twoKeysOnTwoShards()[0];
        assertTrue(engine.advanceTo(500));
        assertTrue(engine.stop(STOP_TIMEOUT));

        final RecordingModel model = model(engine.shardFor(quiet));
        assertEquals(2, model.dispatched.size());
        final long[] followUp = model.dispatched.get(1);
        assertEquals(110, followUp[0], "dispatched at its own time");
        assertEquals(RecordingModel.FOLLOW_UP, followUp[2]);
        assertEquals(1, engine.shard(engine.shardFor(quiet)).advances());
        assertEquals(1, engine.shard(engine.shardFor(quiet)).inputs(), "a watermark is not an input");
        assertEquals(0, errors.size(), errors.toString());
    }

    @Test
    void shouldNotFireATimerDueAfterTheWatermark()
    {
        engine = builder(1).build().start();
        assertTrue(engine.publish(0, RecordingModel.INPUT, 10, 1, 100, 0, 0) >= 0);
        assertTrue(engine.advanceTo(109));
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(1, model(0).dispatched.size());
        assertEquals(0, engine.shard(0).advances(), "nothing was due, so nothing was journaled");
    }

    @Test
    void shouldNotMoveTheClockBackForAWatermarkBehindTheLastInput()
    {
        engine = builder(1).build().start();
        assertTrue(engine.publish(0, RecordingModel.INPUT, 200, 1, 5, 0, 0) >= 0);
        assertTrue(engine.advanceTo(50)); // stamped at 200, the shard's last stamp: the follow-up at 205 waits
        assertTrue(engine.publish(0, RecordingModel.INPUT, 205, 2, 0, 0, 0) >= 0);
        assertTrue(engine.stop(STOP_TIMEOUT));

        final List<long[]> dispatched = model(0).dispatched;
        assertEquals(3, dispatched.size());
        assertEquals(RecordingModel.FOLLOW_UP, dispatched.get(1)[2], "the follow-up at 205, scheduled first");
        assertEquals(205, dispatched.get(2)[0]);
    }

    @Test
    void shouldWaitForRoomInAFullRingUnderRejectRatherThanRejectTheWatermark() throws Exception
    {
        final CountDownLatch hold = new CountDownLatch(1);
        engine = Engine.builder().shards(1).ringSize(2).backpressure(Backpressure.REJECT).errorHandler(errors::add)
            .model((shardId, shardCount) -> holding(hold)).build().start();
        // the shard's handler holds the first input; the ring's two slots stay taken until its batch ends
        assertTrue(engine.publish(0, RecordingModel.INPUT, 10, 1, 100, 0, 0) >= 0);
        assertTrue(engine.publish(0, RecordingModel.INPUT, 10, 2, 100, 0, 0) >= 0);
        assertEquals(Engine.BACK_PRESSURED, engine.publish(0, RecordingModel.INPUT, 10, 99, 0, 0, 0));
        final long rejectedBefore = engine.counters(0).rejected.get();

        final AtomicReference<Boolean> advanced = new AtomicReference<>();
        final Thread watermark = watermarkWaitingForRoom(advanced);
        hold.countDown();
        watermark.join(TimeUnit.SECONDS.toMillis(20));
        assertEquals(Boolean.TRUE, advanced.get());
        assertTrue(engine.stop(STOP_TIMEOUT));

        assertEquals(rejectedBefore, engine.counters(0).rejected.get(), "the watermark was never counted as rejected");
        assertEquals(2, engine.shard(0).inputs());
        assertEquals(4, engine.shard(0).dispatched(), "two inputs and their follow-ups at 110");
    }

    @Test
    void shouldReleaseAWatermarkWaitingForRoomWhenTheEngineStopsAndKeepWhatWasAccepted() throws Exception
    {
        final CountDownLatch hold = new CountDownLatch(1);
        engine = Engine.builder().shards(1).ringSize(2).errorHandler(errors::add)
            .model((shardId, shardCount) -> holding(hold)).build().start();
        // the shard's handler holds the first input; the ring's two slots stay taken until its batch ends
        assertTrue(engine.publish(0, RecordingModel.INPUT, 10, 1, 0, 0, 0) >= 0);
        assertTrue(engine.publish(0, RecordingModel.INPUT, 10, 2, 0, 0, 0) >= 0);

        final AtomicReference<Boolean> advanced = new AtomicReference<>();
        final Thread watermark = watermarkWaitingForRoom(advanced);
        final AtomicReference<Boolean> stopped = new AtomicReference<>();
        final Thread stopper = new Thread(() -> stopped.set(engine.stop(STOP_TIMEOUT)));
        stopper.start();
        watermark.join(TimeUnit.SECONDS.toMillis(20));
        assertFalse(watermark.isAlive(), "stop() releases a watermark waiting for room");
        assertEquals(Boolean.FALSE, advanced.get(), "a watermark refused by stop() says so");
        hold.countDown();
        stopper.join(TimeUnit.SECONDS.toMillis(30));
        assertEquals(Boolean.TRUE, stopped.get());

        assertEquals(2, engine.shard(0).inputs(), "both accepted inputs were dispatched");
        assertEquals(2, engine.shard(0).dispatched());
        assertEquals(0, engine.shard(0).advances());
        assertTrue(errors.isEmpty(), errors.toString());
    }

    @Test
    void shouldRefuseAWatermarkInWallClockModeAndReturnFalseOnceStopped()
    {
        engine = builder(1).timeMode(TimeMode.WALL_CLOCK).build().start();
        final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> engine.advanceTo(5));
        assertTrue(ex.getMessage().contains("event-time"), ex.getMessage());
        engine.stop(STOP_TIMEOUT);

        final Engine eventTime = builder(1).build().start();
        eventTime.stop(STOP_TIMEOUT);
        assertFalse(eventTime.advanceTo(5));
    }

    /**
     * Wall-clock shards share one clock: inputs taken at the same moment are stamped alike, however long the shards
     * before them took to be made. Each shard read its clock's origin as it was made, after its own model, so a
     * shard made a second after another ran a second behind it (9 ms between the two shards of a market run).
     */
    @Test
    void shouldStampWallClockInputsOfEveryShardOnOneClockWhateverTheirModelsTookToMake()
    {
        final AtomicLong now = new AtomicLong(TimeUnit.SECONDS.toNanos(7));
        engine = Engine.builder()
            .shards(3)
            .partitioner((key, shardCount) -> (int)key)
            .timeMode(TimeMode.WALL_CLOCK)
            .timeUnitNanos(1_000)
            .startTime(100)
            .clock(now::get)
            .errorHandler(errors::add)
            .model((shardId, shardCount) ->
            {
                now.addAndGet(TimeUnit.SECONDS.toNanos(shardId)); // a model slow to make: 1 s for shard 1, 2 s for 2
                final RecordingModel model = new RecordingModel();
                model.shardId = shardId;
                models.add(model);
                return model;
            })
            .build()
            .start();
        // the clock stands still from here: a shard reads it at the start of each unit of work, which may be before
        // or after an input is published, and either read gives the same stamp
        for (int shard = 0; shard < 3; shard++)
        {
            assertTrue(engine.publish(shard, RecordingModel.INPUT, 0, shard, 0, 0, 0) >= 0);
        }
        assertTrue(engine.stop(STOP_TIMEOUT), String.valueOf(engine.failure()));

        for (int shard = 0; shard < 3; shard++)
        {
            assertEquals(1, model(shard).dispatched.size(), "shard " + shard);
            assertEquals(100 + 3_000_000, model(shard).dispatched.get(0)[0],
                "shard " + shard + "'s stamp: the start time, plus the time since the engine began starting");
        }
        assertTrue(errors.isEmpty(), errors.toString());
    }

    /**
     * Start a thread that calls {@code advanceTo(1_000)} on a full ring, and return it once it waits for room.
     *
     * @param advanced set to what advanceTo returns.
     */
    private Thread watermarkWaitingForRoom(final AtomicReference<Boolean> advanced) throws InterruptedException
    {
        final Thread watermark = new Thread(() -> advanced.set(engine.advanceTo(1_000)));
        watermark.start();
        while (watermark.getState() != Thread.State.TIMED_WAITING && watermark.isAlive())
        {
            Thread.sleep(1);
        }
        assertTrue(watermark.isAlive(), "waits for room");
        return watermark;
    }

    /**
     * @return a recording model whose handler waits for {@code hold} before it takes each event: its shard holds the
     * first batch, and the ring fills behind it.
     */
    private static RecordingModel holding(final CountDownLatch hold)
    {
        return new RecordingModel()
        {
            @Override
            public void onEvent(
                final io.concurrengine.core.event.Event event, final io.concurrengine.core.loop.EventContext c)
            {
                try
                {
                    hold.await(30, TimeUnit.SECONDS);
                }
                catch (final InterruptedException ex)
                {
                    Thread.currentThread().interrupt();
                }
                super.onEvent(event, c);
            }
        };
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        while (true)
        {
            try
            {
                latch.await();
                return;
            }
            catch (final InterruptedException ignore)
            {
                // keep waiting: the test's threads are not interrupted
            }
        }
    }
}
