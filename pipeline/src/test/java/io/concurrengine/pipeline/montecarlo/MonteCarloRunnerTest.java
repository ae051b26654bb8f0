package io.concurrengine.pipeline.montecarlo;

import io.concurrengine.core.rng.SimRng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MonteCarloRunnerTest
{
    private static final double[] PERCENTILES = {5, 25, 50, 75, 95, 99, 100};

    @Test
    void shouldGiveBitIdenticalAggregatesForAnyThreadCount()
    {
        final List<Long> reference = fingerprint(run(1, 7, 1000, 16, MonteCarloRunnerTest::noisyRunner));
        for (int threads = 2; threads <= 4; threads++)
        {
            assertEquals(reference, fingerprint(run(threads, 7, 1000, 16, MonteCarloRunnerTest::noisyRunner)),
                "threads=" + threads);
        }
    }

    @Test
    void shouldGiveBitIdenticalAggregatesForAnyChunkOrder()
    {
        final MonteCarloRunner runner = new MonteCarloRunner(context(1, 11, 1000, 16).metricCount(2));
        final List<Long> reference = fingerprint(runner.run(MonteCarloRunnerTest::noisyRunner));
        final int chunks = 63;
        final long[] reversed = new long[chunks];
        final long[] interleaved = new long[chunks];
        for (int i = 0; i < chunks; i++)
        {
            reversed[i] = chunks - 1 - i;
            interleaved[i] = (i * 29L) % chunks;
        }

        assertEquals(reference, fingerprint(runner.run(MonteCarloRunnerTest::noisyRunner, reversed)));
        assertEquals(reference, fingerprint(runner.run(MonteCarloRunnerTest::noisyRunner, interleaved)));
    }

    @Test
    void shouldGiveBitIdenticalAggregatesWhenWorkersRunAtUnevenSpeeds()
    {
        final List<Long> reference = fingerprint(run(1, 13, 600, 8, MonteCarloRunnerTest::noisyRunner));

        assertEquals(reference, fingerprint(run(4, 13, 600, 8, MonteCarloRunnerTest::unevenRunner)));
    }

    @Test
    void shouldDifferForDifferentSeeds()
    {
        assertNotEquals(
            fingerprint(run(2, 1, 500, 16, MonteCarloRunnerTest::noisyRunner)),
            fingerprint(run(2, 2, 500, 16, MonteCarloRunnerTest::noisyRunner)));
    }

    @Test
    void shouldSeedIterationFromChunkAndChunkLocalIndex()
    {
        final Map<Long, Double> firstDraws = new ConcurrentHashMap<>();
        new MonteCarloRunner(context(3, 99, 50, 8)).run(() -> (rng, iteration, recorder) ->
        {
            firstDraws.put(iteration, rng.nextDouble());
            recorder.record(0, 0);
        });

        assertEquals(50, firstDraws.size());
        for (long iteration = 0; iteration < 50; iteration++)
        {
            final double expected = SimRng.fromPrefix(SimRng.seedPrefix(99, iteration / 8), iteration % 8).nextDouble();
            assertEquals(expected, firstDraws.get(iteration), "iteration " + iteration);
        }
    }

    @Test
    void shouldComputeExactPercentilesByNearestRank()
    {
        final MonteCarloResult result = run(2, 0, 100, 7, () -> (rng, iteration, recorder) ->
            recorder.record(100 - iteration, 1));

        assertEquals(5.0, result.percentile(5));
        assertEquals(50.0, result.percentile(50));
        assertEquals(99.0, result.percentile(99));
        assertEquals(100.0, result.percentile(100));
        assertEquals(1.0, result.percentile(0.5));
        assertEquals(1.0, result.min());
        assertEquals(100.0, result.max());
    }

    @Test
    void shouldAgreeWithTwoPassMeanAndStandardDeviation()
    {
        final int iterations = 777;
        final MonteCarloResult result = run(3, 0, iterations, 10, () -> (rng, iteration, recorder) ->
            recorder.record(1e6 + Math.sin(iteration), 1));

        double sum = 0;
        for (int i = 0; i < iterations; i++)
        {
            sum += 1e6 + Math.sin(i);
        }
        final double mean = sum / iterations;
        double squares = 0;
        for (int i = 0; i < iterations; i++)
        {
            squares += (1e6 + Math.sin(i) - mean) * (1e6 + Math.sin(i) - mean);
        }
        assertEquals(mean, result.mean(), 1e-9);
        assertEquals(Math.sqrt(squares / (iterations - 1)), result.stddev(), 1e-9);
    }

    @Test
    void shouldSumEventsAndMetrics()
    {
        final MonteCarloResult result = new MonteCarloRunner(context(2, 0, 100, 9).metricCount(2)).run(
            () -> (rng, iteration, recorder) ->
            {
                recorder.add(0, 1);
                recorder.add(1, iteration);
                recorder.record(0, 10);
            });

        assertEquals(1000, result.totalEvents());
        assertEquals(100.0, result.metricSum(0));
        assertEquals(4950.0, result.metricSum(1));
        assertEquals(49.5, result.metricMean(1));
    }

    @Test
    void shouldReportProgressUpToAllIterations()
    {
        final AtomicLong maxDone = new AtomicLong();
        final AtomicInteger calls = new AtomicInteger();
        new MonteCarloRunner(context(2, 0, 100, 10).progressListener((done, total) ->
        {
            maxDone.accumulateAndGet(done, Math::max);
            calls.incrementAndGet();
            assertEquals(100, total);
        })).run(() -> (rng, iteration, recorder) -> recorder.record(0, 0));

        assertEquals(100, maxDone.get());
        assertEquals(10, calls.get());
    }

    @Test
    void shouldNameTheIterationThatFailed()
    {
        final MonteCarloException failure = assertThrows(MonteCarloException.class, () ->
            run(2, 0, 100, 16, () -> (rng, iteration, recorder) ->
            {
                if (37 == iteration)
                {
                    throw new IllegalStateException("boom");
                }
                recorder.record(0, 0);
            }));

        assertEquals(37, failure.iteration());
        assertEquals(2, failure.chunk());
        assertEquals(5, failure.indexInChunk());
        assertEquals("iteration 37 (chunk 2, index 5) failed: boom", failure.getMessage());
    }

    @Test
    void shouldNameTheSameFailedIterationForAnyThreadCount()
    {
        // Chunks of 4: iteration 12 (chunk 3) and iteration 128 (chunk 32) fail. The first chunks are slow, so with
        // two threads the worker that steals the upper half meets chunk 32 long before chunk 3 is reached.
        final IterationRunnerFactory failing = () -> (rng, iteration, recorder) ->
        {
            if (iteration < 12)
            {
                sleep(20);
            }
            if (12 == iteration || 128 == iteration)
            {
                throw new IllegalStateException("boom " + iteration);
            }
            recorder.record(0, 0);
        };
        for (int threads = 1; threads <= 2; threads++)
        {
            final int t = threads;
            final MonteCarloException failure =
                assertThrows(MonteCarloException.class, () -> run(t, 0, 256, 4, failing));

            assertEquals("iteration 12 (chunk 3, index 0) failed: boom 12", failure.getMessage(), "threads=" + t);
        }
    }

    @Test
    void shouldCloseNoRunnerStillInAnIterationWhenAnotherIterationThrowsAnError()
    {
        // Chunks of one on two threads: the worker that takes the whole range runs chunk 0, the other steals the upper
        // half. Both meet inside their first iteration; chunk 0 then throws an Error while the other is still busy.
        // The Error used to leave the pool at once: run() closed the runners (and returned) under the busy worker.
        final CountDownLatch bothInside = new CountDownLatch(2);
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        final AtomicInteger closedWhileBusy = new AtomicInteger();
        final IterationRunnerFactory factory = () ->
        {
            made.incrementAndGet();
            return new IterationRunner()
            {
                private volatile boolean busy;

                @Override
                public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
                {
                    busy = true;
                    try
                    {
                        bothInside.countDown();
                        await(bothInside);
                        if (0 == iteration)
                        {
                            throw new AssertionError("fatal in iteration 0");
                        }
                        sleep(200);
                        recorder.record(0, 0);
                    }
                    finally
                    {
                        busy = false;
                    }
                }

                @Override
                public void close()
                {
                    closed.incrementAndGet();
                    if (busy)
                    {
                        closedWhileBusy.incrementAndGet();
                    }
                }
            };
        };

        final AssertionError error = assertThrows(AssertionError.class, () -> run(2, 0, 8, 1, factory));

        assertEquals(0, closedWhileBusy.get(), "runners closed while in an iteration");
        assertEquals(made.get(), closed.get());
        assertEquals("fatal in iteration 0", error.getMessage()); // the Error itself, not the pool's copy of it
    }

    @Test
    void shouldCloseEveryRunnerWhenOneCloseThrowsAndThrowTheFirstWithTheOthersSuppressed()
    {
        // Chunks of one on two threads, each iteration waiting until both workers are inside one: two runners, and
        // each one's close() throws. The first used to leave the other runner unclosed.
        final CountDownLatch bothInside = new CountDownLatch(2);
        final AtomicInteger made = new AtomicInteger();
        final List<String> closed = Collections.synchronizedList(new ArrayList<>());
        final IterationRunnerFactory factory = () ->
        {
            final String name = "runner " + made.incrementAndGet();
            return new IterationRunner()
            {
                @Override
                public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
                {
                    bothInside.countDown();
                    await(bothInside);
                    recorder.record(0, 0);
                }

                @Override
                public void close()
                {
                    closed.add(name);
                    throw new IllegalStateException(name + " failed to close");
                }
            };
        };

        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> run(2, 0, 8, 1, factory));

        assertEquals(2, made.get());
        assertEquals(Set.of("runner 1", "runner 2"), Set.copyOf(closed));
        assertEquals(closed.get(0) + " failed to close", thrown.getMessage());
        assertEquals(1, thrown.getSuppressed().length);
        assertEquals(closed.get(1) + " failed to close", thrown.getSuppressed()[0].getMessage());
    }

    @Test
    void shouldThrowTheRunsOwnFailureWithWhatTheRunnersCloseThrewSuppressed()
    {
        final IterationRunnerFactory failsAndFailsToClose = () -> new IterationRunner()
        {
            @Override
            public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
            {
                if (2 == iteration)
                {
                    throw new IllegalStateException("boom");
                }
                if (5 == iteration)
                {
                    throw new AssertionError("fatal");
                }
                recorder.record(0, 0);
            }

            @Override
            public void close()
            {
                throw new IllegalStateException("failed to close");
            }
        };

        final MonteCarloException failure = assertThrows(MonteCarloException.class,
            () -> run(1, 0, 10, 4, failsAndFailsToClose));
        final AssertionError error = assertThrows(AssertionError.class,
            () -> new MonteCarloRunner(context(1, 0, 10, 4)).run(failsAndFailsToClose, new long[]{1, 0, 2}));

        assertEquals("iteration 2 (chunk 0, index 2) failed: boom", failure.getMessage());
        assertEquals(1, failure.getSuppressed().length);
        assertEquals("failed to close", failure.getSuppressed()[0].getMessage());
        assertEquals("fatal", error.getMessage());
        assertEquals(1, error.getSuppressed().length);
        assertEquals("failed to close", error.getSuppressed()[0].getMessage());
    }

    @Test
    void shouldRejectRunnerThatRecordsTwicePerIteration()
    {
        final MonteCarloException failure = assertThrows(MonteCarloException.class, () ->
            run(1, 0, 10, 4, () -> (rng, iteration, recorder) ->
            {
                recorder.record(0, 0);
                recorder.record(0, 0);
            }));

        assertTrue(failure.getMessage().contains("exactly one"), failure.getMessage());
    }

    @Test
    void shouldMakeAtMostOneRunnerPerThreadAndCloseEach()
    {
        final AtomicInteger made = new AtomicInteger();
        final AtomicInteger closed = new AtomicInteger();
        run(3, 0, 1000, 4, () ->
        {
            made.incrementAndGet();
            return new IterationRunner()
            {
                @Override
                public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
                {
                    recorder.record(rng.nextDouble(), 1);
                }

                @Override
                public void close()
                {
                    closed.incrementAndGet();
                }
            };
        });

        assertTrue(made.get() >= 1 && made.get() <= 3, "runners made " + made.get());
        assertEquals(made.get(), closed.get());
    }

    @Test
    void shouldRejectThreadsBelowOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloRunner(context(0, 0, 10, 1)));
    }

    @Test
    void shouldRejectIterationsBelowOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloRunner(context(1, 0, 0, 1)));
    }

    @Test
    void shouldRejectChunkSizeBelowOne()
    {
        assertThrows(IllegalArgumentException.class, () -> new MonteCarloRunner(context(1, 0, 10, 0)));
    }

    @Test
    void shouldComputeTheStatisticsOfSmallInputsExactlyForAnyChunkSize()
    {
        // 2, 4, 4, 4, 5, 5, 7, 9: mean 5, squared deviations 32, so a sample variance of 32 / 7. Chunks of one fold
        // eight partials of one value each, chunks of three fold uneven ones, and chunks of eight make a single one.
        final double[] values = {9, 4, 5, 2, 4, 7, 5, 4};
        for (final int chunkSize : new int[]{1, 3, 8})
        {
            final MonteCarloResult result = run(2, 0, values.length, chunkSize, () -> (rng, iteration, recorder) ->
                recorder.record(values[(int)iteration], iteration + 1));

            final String where = "chunkSize=" + chunkSize;
            assertEquals(5.0, result.mean(), 1e-15, where);
            assertEquals(Math.sqrt(32.0 / 7.0), result.stddev(), 1e-15, where);
            assertEquals(2.0, result.min(), where);
            assertEquals(9.0, result.max(), where);
            assertEquals(36, result.totalEvents(), where);
            assertEquals(2.0, result.percentile(12.5), where); // rank 1 of 8
            assertEquals(4.0, result.percentile(12.6), where); // rank 2
            assertEquals(4.0, result.percentile(50), where); // rank 4
            assertEquals(5.0, result.percentile(50.1), where); // rank 5
            assertEquals(7.0, result.percentile(87.5), where); // rank 7
            assertEquals(9.0, result.percentile(87.6), where); // rank 8
        }
    }

    /**
     * Welford's sum of squared deviations overflows a double once values differ by more than about 1e154, though
     * their standard deviation is far from the largest double: the values below, 1e300 times those of
     * {@link #shouldComputeTheStatisticsOfSmallInputsExactlyForAnyChunkSize()}, gave a standard deviation of
     * Infinity ({@code sim} printed "± Infinity" and {@code "stddev":null}).
     */
    @Test
    void shouldGiveAFiniteStandardDeviationOfValuesWhoseSquaredDeviationsOverflowADouble()
    {
        final double[] values = {9e300, 4e300, 5e300, 2e300, 4e300, 7e300, 5e300, 4e300};
        final double expected = Math.sqrt(32.0 / 7.0) * 1e300;
        for (final int chunkSize : new int[]{1, 3, 8})
        {
            final String where = "chunkSize=" + chunkSize;
            final MonteCarloResult one = run(1, 0, values.length, chunkSize, () -> (rng, iteration, recorder) ->
                recorder.record(values[(int)iteration], 1));
            final MonteCarloResult two = run(2, 0, values.length, chunkSize, () -> (rng, iteration, recorder) ->
                recorder.record(values[(int)iteration], 1));

            assertEquals(5e300, one.mean(), 1e286, where);
            assertEquals(expected, one.stddev(), expected * 1e-14, where);
            assertEquals(Double.doubleToLongBits(one.stddev()), Double.doubleToLongBits(two.stddev()), where);
        }
        final MonteCarloResult extremes = run(1, 0, 2, 2, () -> (rng, iteration, recorder) ->
            recorder.record(0 == iteration ? 0 : Double.MAX_VALUE, 1));
        assertEquals(Double.MAX_VALUE / Math.sqrt(2), extremes.stddev(), Double.MAX_VALUE * 1e-15);
    }

    @Test
    void shouldAnswerTheValueOfASingleIterationWithNoDeviation()
    {
        final MonteCarloResult result = run(1, 0, 1, 4, () -> (rng, iteration, recorder) -> recorder.record(3.5, 2));

        assertEquals(3.5, result.mean());
        assertEquals(0.0, result.stddev());
        assertEquals(3.5, result.min());
        assertEquals(3.5, result.max());
        assertEquals(3.5, result.percentile(Double.MIN_VALUE));
        assertEquals(3.5, result.percentile(100));
        assertEquals(1, result.chunkCount());
    }

    @Test
    void shouldRefuseAPercentileOutsideZeroExcludedToHundredIncluded()
    {
        final MonteCarloResult result = run(1, 0, 4, 4, () -> (rng, iteration, recorder) ->
            recorder.record(iteration, 0));

        for (final double percentile : new double[]{0, -1, Math.nextUp(100.0), Double.NaN})
        {
            final IllegalArgumentException refusal =
                assertThrows(IllegalArgumentException.class, () -> result.percentile(percentile));
            assertEquals("percentile=" + percentile + " must be in (0, 100]", refusal.getMessage());
        }
        assertEquals(0.0, result.percentile(Double.MIN_VALUE)); // a rank below 1 is rank 1
        assertEquals(3.0, result.percentile(100));
    }

    @Test
    void shouldReportTheThreadsItUsedNoMoreThanItHasChunks()
    {
        // reported the threads asked for: 32767 for a run of one chunk, which one thread runs
        final Set<Thread> runnerThreads = ConcurrentHashMap.newKeySet();
        final MonteCarloResult one = new MonteCarloRunner(context(MonteCarloRunner.MAX_THREADS, 1, 3, 256)).run(
            () ->
            {
                runnerThreads.add(Thread.currentThread());
                return (rng, iteration, recorder) -> recorder.record(0, 0);
            });
        final MonteCarloResult three = new MonteCarloRunner(context(8, 1, 10, 4)).run(
            () -> (rng, iteration, recorder) -> recorder.record(0, 0));

        assertEquals(1, one.threads());
        assertEquals(1, runnerThreads.size());
        assertEquals(3, three.threads()); // 4 + 4 + 2
    }

    @Test
    void shouldReportTheConfigurationItRanWithAndItsChunkCount()
    {
        final MonteCarloResult result = new MonteCarloRunner(context(2, 42, 10, 4).metricCount(3)).run(
            () -> (rng, iteration, recorder) -> recorder.record(0, 0));

        assertEquals(10, result.iterations());
        assertEquals(42, result.seed());
        assertEquals(2, result.threads());
        assertEquals(4, result.chunkSize());
        assertEquals(3, result.chunkCount()); // 4 + 4 + 2
        assertEquals(3, result.metricCount());
    }

    @Test
    void shouldTimeTheRunWithinItsCallAndRateItByThatTime()
    {
        final long before = System.nanoTime();
        final MonteCarloResult result = run(2, 0, 1000, 16, MonteCarloRunnerTest::noisyRunner);
        final long after = System.nanoTime();

        assertTrue(result.wallNanos() > 0 && result.wallNanos() <= after - before, "wallNanos " + result.wallNanos());
        assertEquals(result.totalEvents() * 1e9 / result.wallNanos(), result.eventsPerSecond());
        assertEquals(1000 * 1e9 / result.wallNanos(), result.iterationsPerSecond());
    }

    @Test
    void shouldCountTheBytesARunKeepsForItsValuesAndEachChunksPartial()
    {
        final int chunk = MonteCarloRunner.CHUNK_BYTES;

        assertEquals(1024 * 8 + 4 * chunk, MonteCarloRunner.retainedBytes(1024, 256, 0)); // 4 whole chunks
        assertEquals(1000 * 8 + 4 * (chunk + 3 * 8), MonteCarloRunner.retainedBytes(1000, 256, 3)); // 3 and a part
        assertEquals(
            MonteCarloRunner.MAX_ITERATIONS * 8 + MonteCarloRunner.MAX_ITERATIONS * (chunk + 24 * 8),
            MonteCarloRunner.retainedBytes(MonteCarloRunner.MAX_ITERATIONS, 1, 24));
    }

    @Test
    void shouldRefuseAConfigurationOutOfRangeNamingTheValueAndTheRange()
    {
        final long max = MonteCarloRunner.MAX_ITERATIONS;
        assertEquals("iterations=0 must be in [1, " + max + "]", assertThrows(IllegalArgumentException.class,
            () -> new MonteCarloRunner(context(1, 0, 0, 1))).getMessage());
        assertEquals("iterations=" + (max + 1) + " must be in [1, " + max + "]", assertThrows(
            IllegalArgumentException.class, () -> new MonteCarloRunner(context(1, 0, max + 1, 1))).getMessage());
        new MonteCarloRunner(context(1, 0, max, 1)); // allocates nothing until it runs

        assertEquals("threads=0 must be in [1, 32767]", assertThrows(IllegalArgumentException.class,
            () -> new MonteCarloRunner.Context().threads(0)).getMessage());
        assertEquals("threads=32768 must be in [1, 32767]", assertThrows(IllegalArgumentException.class,
            () -> new MonteCarloRunner.Context().threads(MonteCarloRunner.MAX_THREADS + 1)).getMessage());
        assertEquals(MonteCarloRunner.MAX_THREADS,
            new MonteCarloRunner.Context().threads(MonteCarloRunner.MAX_THREADS).threads());

        assertEquals("chunkSize=0 must be at least 1", assertThrows(IllegalArgumentException.class,
            () -> new MonteCarloRunner(context(1, 0, 10, 0))).getMessage());
        assertEquals("metricCount=-1 must not be negative", assertThrows(IllegalArgumentException.class,
            () -> new MonteCarloRunner(context(1, 0, 10, 1).metricCount(-1))).getMessage());
    }

    @Test
    void shouldFailTheIterationThatRecordsAValueThatIsNotFiniteWhateverTheThreads()
    {
        for (final double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
        {
            for (final int threads : new int[] {1, 3})
            {
                final MonteCarloException failure = assertThrows(MonteCarloException.class, () ->
                    run(threads, 0, 40, 4, () -> (rng, iteration, recorder) ->
                        recorder.record(iteration == 17 || iteration == 30 ? bad : iteration, 1)));
                assertEquals("iteration 17 (chunk 4, index 1) failed: the iteration recorded " + bad +
                    ": a value must be finite", failure.getMessage());
            }
        }
    }

    @Test
    void shouldNameHowManyValuesARunnerRecordedForAnIterationWhenNotOne()
    {
        final MonteCarloException twice = assertThrows(MonteCarloException.class, () ->
            run(1, 0, 10, 4, () -> (rng, iteration, recorder) ->
            {
                recorder.record(0, 0);
                if (5 == iteration)
                {
                    recorder.record(0, 0);
                }
            }));
        final MonteCarloException never = assertThrows(MonteCarloException.class, () ->
            run(1, 0, 10, 4, () -> (rng, iteration, recorder) ->
            {
                if (6 != iteration)
                {
                    recorder.record(0, 0);
                }
            }));

        assertEquals("iteration 5 (chunk 1, index 1) failed: the runner recorded 2 values for one iteration; it must " +
            "record exactly one", twice.getMessage());
        assertEquals("iteration 6 (chunk 1, index 2) failed: the runner recorded 0 values for one iteration; it must " +
            "record exactly one", never.getMessage());
    }

    @Test
    void shouldReportTheIterationsDoneAsEachChunkCompletes()
    {
        final List<String> reports = new ArrayList<>();
        new MonteCarloRunner(context(1, 0, 10, 4).progressListener((done, total) -> reports.add(done + "/" + total)))
            .run(() -> (rng, iteration, recorder) -> recorder.record(0, 0));

        assertEquals(List.of("4/10", "8/10", "10/10"), reports);
    }

    @Test
    void shouldSkipOnlyTheChunksAboveAFailedOneAndReportTheLowestFailure()
    {
        // Chunks of two, one thread, taken in the order 3, 1, 4, 0, 2. Iterations 6 (chunk 3) and 3 (chunk 1) fail:
        // chunk 4 is skipped for chunk 3, chunk 2 for chunk 1, and chunk 0 still runs.
        final List<Long> ran = new ArrayList<>();
        final MonteCarloRunner runner = new MonteCarloRunner(context(1, 0, 10, 2));
        final MonteCarloException failure = assertThrows(MonteCarloException.class, () ->
            runner.run(() -> (rng, iteration, recorder) ->
            {
                ran.add(iteration);
                if (6 == iteration || 3 == iteration)
                {
                    throw new IllegalStateException("boom " + iteration);
                }
                recorder.record(0, 0);
            }, new long[]{3, 1, 4, 0, 2}));

        assertEquals(List.of(6L, 2L, 3L, 0L, 1L), ran);
        assertEquals("iteration 3 (chunk 1, index 1) failed: boom 3", failure.getMessage());
    }

    @Test
    void shouldStartNoChunkAfterAnIterationThrowsAnErrorAndCloseTheRunner()
    {
        final List<Long> ran = new ArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        final AssertionError fatal = new AssertionError("fatal in iteration 3");
        final AssertionError thrown = assertThrows(AssertionError.class, () -> run(1, 0, 10, 1, () ->
            new IterationRunner()
            {
                @Override
                public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
                {
                    ran.add(iteration);
                    if (3 == iteration)
                    {
                        throw fatal;
                    }
                    recorder.record(0, 0);
                }

                @Override
                public void close()
                {
                    closed.incrementAndGet();
                }
            }));

        assertSame(fatal, thrown);
        assertEquals(List.of(0L, 1L, 2L, 3L), ran);
        assertEquals(1, closed.get());
    }

    @Test
    void shouldStartNoChunkAfterTheProgressListenerThrowsAndRethrowItAsItWas()
    {
        final List<Long> ran = new ArrayList<>();
        final AtomicInteger closed = new AtomicInteger();
        final IllegalStateException listenerFailure = new IllegalStateException("listener");
        final MonteCarloRunner runner = new MonteCarloRunner(context(1, 0, 10, 2).progressListener((done, total) ->
        {
            if (4 == done)
            {
                throw listenerFailure;
            }
        }));
        final IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> runner.run(() ->
            new IterationRunner()
            {
                @Override
                public void runIteration(final SimRng rng, final long iteration, final IterationRecorder recorder)
                {
                    ran.add(iteration);
                    recorder.record(0, 0);
                }

                @Override
                public void close()
                {
                    closed.incrementAndGet();
                }
            }));

        assertSame(listenerFailure, thrown);
        assertEquals(List.of(0L, 1L, 2L, 3L), ran);
        assertEquals(1, closed.get());
    }

    @Test
    void shouldEndItsWorkerThreadsOnceARunHasReturned() throws InterruptedException
    {
        // Each run makes its own pool. Without its shutdown, the pool's idle workers would stay for a minute.
        final Set<Thread> workers = ConcurrentHashMap.newKeySet();
        run(2, 0, 100, 1, () ->
        {
            workers.add(Thread.currentThread());
            return noisyRunner();
        });

        assertFalse(workers.isEmpty());
        for (final Thread worker : workers)
        {
            worker.join(TimeUnit.SECONDS.toMillis(10));
            assertFalse(worker.isAlive(), worker.getName() + " still alive");
        }
    }

    private static MonteCarloRunner.Context context(
        final int threads, final long seed, final long iterations, final int chunkSize)
    {
        return new MonteCarloRunner.Context().threads(threads).seed(seed).iterations(iterations).chunkSize(chunkSize);
    }

    private static MonteCarloResult run(
        final int threads,
        final long seed,
        final long iterations,
        final int chunkSize,
        final IterationRunnerFactory factory)
    {
        return new MonteCarloRunner(context(threads, seed, iterations, chunkSize).metricCount(2)).run(factory);
    }

    private static IterationRunner noisyRunner()
    {
        return (rng, iteration, recorder) ->
        {
            double value = 0;
            final int draws = 1 + (int)(rng.nextLong() >>> 60);
            for (int i = 0; i < draws; i++)
            {
                value += rng.nextDouble() * 1000.0;
            }
            recorder.add(0, value * 0.25);
            recorder.add(1, draws);
            recorder.record(value, draws * 3L);
        };
    }

    private static IterationRunner unevenRunner()
    {
        final IterationRunner noisy = noisyRunner();
        final long stall = Thread.currentThread().getId() % 3;
        return (rng, iteration, recorder) ->
        {
            for (long i = 0; i < stall; i++)
            {
                Thread.yield();
            }
            noisy.runIteration(rng, iteration, recorder);
        };
    }

    private static void await(final CountDownLatch latch)
    {
        try
        {
            latch.await(5, TimeUnit.SECONDS);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static void sleep(final long millis)
    {
        try
        {
            Thread.sleep(millis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(ex);
        }
    }

    private static List<Long> fingerprint(final MonteCarloResult result)
    {
        final List<Long> bits = new ArrayList<>();
        bits.add(result.iterations());
        bits.add(result.chunkCount());
        bits.add(Double.doubleToRawLongBits(result.mean()));
        bits.add(Double.doubleToRawLongBits(result.stddev()));
        bits.add(Double.doubleToRawLongBits(result.min()));
        bits.add(Double.doubleToRawLongBits(result.max()));
        for (final double p : PERCENTILES)
        {
            bits.add(Double.doubleToRawLongBits(result.percentile(p)));
        }
        bits.add(result.totalEvents());
        for (int m = 0; m < result.metricCount(); m++)
        {
            bits.add(Double.doubleToRawLongBits(result.metricSum(m)));
        }
        return bits;
    }
}
