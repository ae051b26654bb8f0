package io.concurrengine.pipeline.montecarlo;

import io.concurrengine.core.rng.SimRng;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
