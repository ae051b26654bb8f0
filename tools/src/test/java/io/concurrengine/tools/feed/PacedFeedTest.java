package io.concurrengine.tools.feed;

import io.concurrengine.model.market.MarketEvents;
import io.concurrengine.model.market.MarketInput;
import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.model.market.SyntheticOrderFlow;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.ByteBuffer;
import java.nio.channels.Pipe;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PacedFeedTest
{
    private static OrderFlowConfig flow()
    {
        return new OrderFlowConfig().seed(7).instrumentCount(64);
    }

    @Test
    void shouldEndWithoutAFailureWhenAStopReleasesASourceWaitingForInput() throws Exception
    {
        final Pipe pipe = Pipe.open();
        final CountDownLatch published = new CountDownLatch(1);
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            published.countDown();
            return 0;
        },
            MarketFeedFile.of("stdin", pipe.source(), MarketFeedFile.OnError.STOP, (m) -> { }),
            0, PacedFeed.Pacing.PARK, 0, 0, PacedFeed.NO_DEADLINE);
        final Thread thread = new Thread(feed);
        thread.start();
        pipe.sink().write(ByteBuffer.wrap("10,cancel,1,1\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(published.await(10, TimeUnit.SECONDS));
        Thread.sleep(50); // the feed is now waiting for the next line

        feed.requestStop();
        thread.interrupt(); // what run does on a stop: the read waiting for the next line is released
        thread.join(10_000);

        assertTrue(feed.finished());
        assertEquals(1, feed.published());
        assertEquals(null, feed.failure(), "a read released by the stop is not a failure of the feed");
        pipe.sink().close();
    }

    @Test
    void shouldReportASourceThatFailsOnItsOwn()
    {
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0,
            (into) ->
            {
                throw new FeedFormatException("f.csv", 3, "bad");
            }, 0, PacedFeed.Pacing.PARK, 0, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertTrue(feed.failure() instanceof FeedFormatException, String.valueOf(feed.failure()));
        assertEquals(0, feed.published());
    }

    @Test
    void shouldEndAtTheTimeOfTheLastInputTheSinkTookWhenItsSourceFails()
    {
        // a feed stopped by a malformed line: the sink took the inputs before it and ends there on every shard, as a
        // run of those inputs alone would, so that its state does not depend on the number of shards
        final long[] times = {100, 250, 250, 400};
        final int[] read = new int[1];
        final long[] advancedTo = {Long.MIN_VALUE};
        final PacedFeed feed = new PacedFeed(new PacedFeed.Sink()
        {
            @Override
            public long publish(final long target, final int type, final long feedTime, final long a0, final long a1,
                final long a2, final long a3, final long intendedNanos)
            {
                return 0;
            }

            @Override
            public boolean advanceTo(final long lastFeedTime)
            {
                advancedTo[0] = lastFeedTime;
                return true;
            }
        }, (into) ->
        {
            if (read[0] == times.length)
            {
                throw new FeedFormatException("f.csv", 5, "bad");
            }
            into.set(0, 1, read[0], 0, 1, 0, times[read[0]++]);
            return true;
        }, 0, PacedFeed.Pacing.PARK, 0, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertTrue(feed.failure() instanceof FeedFormatException, String.valueOf(feed.failure()));
        assertEquals(4, feed.published());
        assertEquals(400, advancedTo[0]);
    }

    @Test
    void shouldReportASinkThatThrowsAsTheFeedsFailureAfterTheInputsItTook()
    {
        final long[] calls = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            if (++calls[0] > 5)
            {
                throw new IllegalStateException("publisher thread is not the engine's single publisher");
            }
            return 0;
        }, flow(), 0, PacedFeed.Pacing.SPIN, 0, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertTrue(feed.finished());
        assertEquals(5, feed.published());
        assertTrue(feed.failure() instanceof IllegalStateException, String.valueOf(feed.failure()));
        assertEquals("publisher thread is not the engine's single publisher", feed.failure().getMessage());
    }

    @Test
    void shouldRefuseARateItsScheduleCannotKeep()
    {
        for (final double rate : new double[] {2e9, Double.POSITIVE_INFINITY, 1e-9, Double.NaN})
        {
            final IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () ->
                new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), rate,
                    PacedFeed.Pacing.SPIN, 1, 0, PacedFeed.NO_DEADLINE), Double.toString(rate));
            assertEquals("rate=" + rate + " must be at most 0 (as fast as possible) or in [1.0E-6, 1.0E9] inputs " +
                "per second", error.getMessage());
        }
        for (final double rate : new double[] {PacedFeed.MIN_RATE, 0, -1})
        {
            new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), rate,
                PacedFeed.Pacing.SPIN, 1, 0, PacedFeed.NO_DEADLINE);
        }
    }

    @Test
    void shouldScheduleInputsOneNanosecondApartAtTheFastestRate()
    {
        final long[] intendedTimes = new long[1_000];
        final int[] seen = new int[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            intendedTimes[seen[0]++] = intended;
            return 0;
        }, flow(), PacedFeed.MAX_RATE, PacedFeed.Pacing.SPIN, intendedTimes.length, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(intendedTimes.length, seen[0]);
        for (int i = 1; i < intendedTimes.length; i++)
        {
            assertEquals(intendedTimes[0] + i, intendedTimes[i], "input " + i);
        }
    }

    @Test
    void shouldPublishTheFlowInOrderUpToTheCount()
    {
        final SyntheticOrderFlow expected = new SyntheticOrderFlow(flow());
        final MarketInput next = new MarketInput();
        final long[] seen = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            expected.next(next);
            assertEquals(next.target(), target);
            assertEquals(next.type(), type);
            assertEquals(next.feedTime(), feedTime);
            assertEquals(next.a0(), a0);
            seen[0]++;
            return 0;
        }, flow(), 0, PacedFeed.Pacing.SPIN, 1_000, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertTrue(feed.finished());
        assertEquals(1_000, feed.published());
        assertEquals(1_000, seen[0]);
        assertEquals(0, feed.refused());
    }

    @Test
    void shouldStampUnpacedInputsWithAClockReadingTakenAtOrBeforeThemOncePerStride()
    {
        final int inputs = 5 * PacedFeed.UNPACED_CLOCK_STRIDE;
        final long[] intended = new long[inputs];
        final long[] publishedAt = new long[inputs];
        final int[] count = new int[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intendedNanos) ->
        {
            publishedAt[count[0]] = System.nanoTime();
            while (System.nanoTime() == publishedAt[count[0]])
            {
                Thread.onSpinWait(); // the clock moves on before the next input: a later reading is a larger one
            }
            intended[count[0]++] = intendedNanos;
            return 0;
        }, flow(), 0, PacedFeed.Pacing.SPIN, inputs, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        for (int i = 0; i < inputs; i++)
        {
            final int strideStart = i / PacedFeed.UNPACED_CLOCK_STRIDE * PacedFeed.UNPACED_CLOCK_STRIDE;
            assertEquals(intended[strideStart], intended[i], "one reading per stride, input " + i);
            assertTrue(intended[i] <= publishedAt[i], "never later than the publication, input " + i);
            assertTrue(intended[i] >= feed.startNanos(), "input " + i);
            if (i == strideStart && i > 0)
            {
                assertTrue(intended[i] > publishedAt[i - 1], "a new reading for each stride, after the inputs before " +
                    "it were published, input " + i);
            }
        }
    }

    @Test
    void shouldLeaveTheWaitOfTheSourcesReadsOutOfTheStampOfUnpacedInputs()
    {
        // a source that reads (and waits for its upstream, as a connection not yet made does) before its first input
        // and in the middle of a stride: the inputs after a read are stamped after it, not with a reading before it
        final int inputs = 3 * PacedFeed.UNPACED_CLOCK_STRIDE;
        final int midStride = PacedFeed.UNPACED_CLOCK_STRIDE + 5;
        final SyntheticOrderFlow flow = new SyntheticOrderFlow(flow());
        final long[] readEnded = new long[inputs];
        final long[] intended = new long[inputs];
        final int[] count = new int[2];
        final InputSource source = new InputSource()
        {
            private long reads;

            @Override
            public boolean next(final MarketInput into)
            {
                final int i = count[0]++;
                if (0 == i || midStride == i)
                {
                    reads++;
                    final long waitFrom = System.nanoTime();
                    while (System.nanoTime() == waitFrom)
                    {
                        Thread.onSpinWait(); // the read waits: the clock moves on before it returns
                    }
                }
                readEnded[i] = System.nanoTime();
                flow.next(into);
                return true;
            }

            @Override
            public long reads()
            {
                return reads;
            }
        };
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intendedNanos) ->
        {
            intended[count[1]++] = intendedNanos;
            return 0;
        }, source, 0, PacedFeed.Pacing.PARK, inputs, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(inputs, feed.published());
        assertTrue(intended[0] >= readEnded[0], "the first input is stamped after the read that waited for it");
        assertTrue(intended[midStride] >= readEnded[midStride], "so is one whose read came in the middle of a stride");
        assertEquals(intended[midStride], intended[midStride + 1], "and the inputs after it in the stride");
        assertEquals(intended[PacedFeed.UNPACED_CLOCK_STRIDE], intended[midStride - 1],
            "one reading for the inputs of a stride before a read");
    }

    @Test
    void shouldRecordHowLateEachPacedInputWasReadyToPublish()
    {
        // 50 inputs due 100 us apart; the sink stalls for 50 ms on the 10th, by which time all 40 after it are due:
        // each of those is late by the rest of the stall, however fast the feed catches up. The margins are half the
        // stall, so a host hiccup of a few ms (seen on CI) cannot turn the inputs before it late or those after on time.
        final long stall = TimeUnit.MILLISECONDS.toNanos(50);
        final int[] calls = new int[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            if (++calls[0] == 10)
            {
                final long until = System.nanoTime() + stall;
                while (System.nanoTime() < until)
                {
                    LockSupport.parkNanos(until - System.nanoTime());
                }
            }
            return 0;
        }, flow(), 10_000, PacedFeed.Pacing.SPIN, 50, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        final Histogram lateness = feed.publishLateness();
        assertEquals(50, lateness.getTotalCount(), "one value per input");
        assertTrue(lateness.getCountBetweenValues(stall / 2, lateness.getMaxValue()) >= 40,
            "the 40 inputs due during the stall were measured late by it, not from when the feed got back to them: " +
            "count over half the stall=" + lateness.getCountBetweenValues(stall / 2, lateness.getMaxValue()));
        assertTrue(lateness.getValueAtPercentile(10) < stall / 2,
            "inputs before the stall left about on time: p10=" + lateness.getValueAtPercentile(10));
    }

    /**
     * A paced feed stopped while its sink held it back has sent only the inputs before the hold: those due meanwhile
     * were never published, so no latency measured from the intended time has them. It says how many there were:
     * every input due by the stop, but none due after its schedule's end.
     */
    @Test
    void shouldCountTheInputsDueByAStopThatItNeverSent() throws Exception
    {
        // 1,000 inputs/s for 100 ms: 100 inputs, due at 0, 1, ... 99 ms; stopped past the schedule's end, when every
        // one of its inputs is due
        final PacedFeed feed = stopWhileTheSinkHoldsTheFirstInput(TimeUnit.MILLISECONDS.toNanos(100),
            TimeUnit.MILLISECONDS.toNanos(150)).feed();

        assertTrue(feed.finished());
        assertEquals(1, feed.published());
        assertEquals(99, feed.unsentDueInputs(), "the schedule's other 99 inputs, and none after its end");
    }

    @Test
    void shouldCountOnlyTheInputsDueByTheStopOfAFeedStoppedBeforeItsScheduleEnds() throws Exception
    {
        // 1,000 inputs/s for 60 s, stopped at least 200 ms in while the sink holds the first: 200 or more due since
        final HeldFeed held = stopWhileTheSinkHoldsTheFirstInput(TimeUnit.SECONDS.toNanos(60),
            TimeUnit.MILLISECONDS.toNanos(200));
        final PacedFeed feed = held.feed();
        final long stoppedWithin = held.stoppedWithinNanos();

        assertEquals(1, feed.published());
        final long dueAtMost = TimeUnit.NANOSECONDS.toMillis(stoppedWithin) + 1;
        assertTrue(feed.unsentDueInputs() >= 200 && feed.unsentDueInputs() <= dueAtMost - 1,
            "inputs due 1 to 200 ms in, and up to the stop, not the rest of the 60,000: " + feed.unsentDueInputs());
    }

    /**
     * A feed paced at 1,000 inputs/s for {@code durationNanos} whose sink holds its first input until the feed has
     * been stopped, at least {@code stopAfterNanos} after its start: every input due meanwhile is never sent.
     */
    private static HeldFeed stopWhileTheSinkHoldsTheFirstInput(final long durationNanos, final long stopAfterNanos)
        throws InterruptedException
    {
        final CountDownLatch first = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            first.countDown();
            awaitUninterruptibly(release);
            return 0;
        }, flow(), 1_000, PacedFeed.Pacing.PARK, 0, durationNanos, PacedFeed.NO_DEADLINE);
        final Thread thread = new Thread(feed);
        thread.start();
        assertTrue(first.await(10, TimeUnit.SECONDS));
        while (System.nanoTime() - feed.startNanos() < stopAfterNanos)
        {
            Thread.sleep(10);
        }

        feed.requestStop();
        final long stoppedWithin = System.nanoTime() - feed.startNanos();
        release.countDown();
        thread.join(10_000);
        return new HeldFeed(feed, stoppedWithin);
    }

    /**
     * @param feed               the feed, stopped and ended.
     * @param stoppedWithinNanos at most this long after its start the stop was asked for.
     */
    private record HeldFeed(PacedFeed feed, long stoppedWithinNanos)
    {
    }

    @Test
    void shouldCountNoUnsentInputsWhenTheStopFindsItWaitingForItsSource() throws Exception
    {
        // paced 1,000 inputs/s for 100 ms from a pipe that gives one line: the feed then waits for the source, which
        // has nothing to send, not behind a sink that could not keep up
        final Pipe pipe = Pipe.open();
        final CountDownLatch published = new CountDownLatch(1);
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            published.countDown();
            return 0;
        },
            MarketFeedFile.of("stdin", pipe.source(), MarketFeedFile.OnError.STOP, (m) -> { }),
            1_000, PacedFeed.Pacing.PARK, 0, TimeUnit.MILLISECONDS.toNanos(100), PacedFeed.NO_DEADLINE);
        final Thread thread = new Thread(feed);
        thread.start();
        pipe.sink().write(ByteBuffer.wrap("10,cancel,1,1\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(published.await(10, TimeUnit.SECONDS));
        while (System.nanoTime() - feed.startNanos() < TimeUnit.MILLISECONDS.toNanos(150))
        {
            Thread.sleep(10);
        }

        feed.requestStop();
        thread.interrupt(); // what run does on a stop: the read waiting for the next line is released
        thread.join(10_000);

        assertTrue(feed.finished());
        assertEquals(1, feed.published());
        assertEquals(0, feed.unsentDueInputs(), "the source had no input to send");
        pipe.sink().close();
    }

    @Test
    void shouldHaveNoUnsentInputsWhenItEndsOnItsOwnOrIsNotPaced()
    {
        final PacedFeed paced = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 10_000,
            PacedFeed.Pacing.PARK, 100, 0, PacedFeed.NO_DEADLINE);
        paced.run();
        paced.requestStop(); // after its end: nothing it owed

        final PacedFeed unpaced = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 0,
            PacedFeed.Pacing.PARK, 100, 0, PacedFeed.NO_DEADLINE);
        unpaced.requestStop();
        unpaced.run();

        assertEquals(100, paced.published());
        assertEquals(0, paced.unsentDueInputs());
        assertEquals(0, unpaced.unsentDueInputs());
    }

    private static void awaitUninterruptibly(final CountDownLatch latch)
    {
        try
        {
            latch.await();
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void shouldLeaveTheLatenessOfInputsDueInTheSkippedStartOut()
    {
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 10_000,
            PacedFeed.Pacing.PARK, 1_000, 0, PacedFeed.NO_DEADLINE).skipLatenessFor(TimeUnit.MILLISECONDS.toNanos(50));

        feed.run();

        assertEquals(1_000, feed.published());
        // every 100 µs from the start: inputs 0-499 are due in the first 50 ms
        assertEquals(500, feed.publishLateness().getTotalCount());
        assertThrows(IllegalArgumentException.class, () -> feed.skipLatenessFor(-1));
    }

    @Test
    void shouldCountRefusalsAndStopWhenTheSinkCloses()
    {
        final long[] calls = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
            ++calls[0] > 10 ? PacedFeed.CLOSED : -1, flow(), 0, PacedFeed.Pacing.SPIN, 0, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(10, feed.published());
        assertEquals(10, feed.refused());
        assertEquals(11, calls[0]);
    }

    @Test
    void shouldEndAtTheTimeOfTheLastInputTheSinkTookNotOfARefusedOneAfterIt()
    {
        final long[] calls = new long[1];
        final long[] lastTaken = {Long.MIN_VALUE};
        final long[] advancedTo = {Long.MIN_VALUE};
        final PacedFeed feed = new PacedFeed(new PacedFeed.Sink()
        {
            @Override
            public long publish(final long target, final int type, final long feedTime, final long a0, final long a1,
                final long a2, final long a3, final long intendedNanos)
            {
                if (++calls[0] > 995)
                {
                    return -1; // the last five refused, as a full ring under drop or reject does
                }
                lastTaken[0] = feedTime;
                return 0;
            }

            @Override
            public boolean advanceTo(final long lastFeedTime)
            {
                advancedTo[0] = lastFeedTime;
                return true;
            }
        }, flow(), 0, PacedFeed.Pacing.SPIN, 1_000, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(1_000, feed.published());
        assertEquals(5, feed.refused());
        assertEquals(lastTaken[0], advancedTo[0]);
    }

    @ParameterizedTest
    @EnumSource(PacedFeed.Pacing.class)
    void shouldPublishExactlyThePacedInputsDueBeforeItsDeadline(final PacedFeed.Pacing pacing)
    {
        // 1,000 inputs/s for 100 ms: inputs 0 to 99 are due before the deadline, input 100 is due at it
        final long[] lastIntended = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            lastIntended[0] = intended;
            return 0;
        }, flow(), 1_000, pacing, 0, TimeUnit.MILLISECONDS.toNanos(100), PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(100, feed.published(), "a paced run of 100 ms at 1,000/s publishes the 100 inputs due in it");
        assertTrue(lastIntended[0] - feed.startNanos() < TimeUnit.MILLISECONDS.toNanos(100),
            "no input due after the deadline is published");
    }

    /**
     * At 1,370 inputs/s, input 137 is due at 100 ms exactly: the end of a 100 ms run, so not in it. Its time was 137
     * times a rounded interval (729,927.007 ns), one nanosecond short of 100 ms, and a paced run of 100 ms published
     * 138 inputs, not the 137 its rate and duration give ({@code run --rate 29 --duration 1s} published 30).
     */
    @Test
    void shouldNotPublishTheInputDueAtTheDeadlineThatARoundedIntervalWouldPutBeforeIt()
    {
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 1_370,
            PacedFeed.Pacing.PARK, 0, TimeUnit.MILLISECONDS.toNanos(100), PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(137, feed.published(), "a paced run of 100 ms at 1,370/s publishes the 137 inputs due in it");
        assertEquals(100_000_000L, PacedFeed.scheduled(137, 1_370));
        assertEquals(1_000_000_000L, PacedFeed.scheduled(29, 29));
        assertEquals(729_927L, PacedFeed.scheduled(1, 1_370), "rounded down");
    }

    /**
     * A decimal rate has no exact double (2.2 is a little more than 2.2), so n * 1e9 / rate for the input due at the end
     * of a whole-second run came out a hair under it and was cut to one nanosecond before it: {@code run --rate 2.2
     * --duration 15s} published 34 inputs, not 33 (1.1 over 30 s, 2.7, 4.9, 8.3 ... likewise), and at 999,999,937/s
     * the product past 2^53 did the same at 10 s.
     */
    @Test
    void shouldTimeTheInputDueAtAWholeNanosecondAtItForADecimalRateOrAHugeCount()
    {
        assertEquals(15_000_000_000L, PacedFeed.scheduled(33, 2.2));
        assertEquals(30_000_000_000L, PacedFeed.scheduled(33, 1.1));
        assertEquals(30_000_000_000L, PacedFeed.scheduled(81, 2.7));
        assertEquals(10_000_000_000L, PacedFeed.scheduled(9_999_999_370L, 999_999_937));
        assertEquals(454_545_454L, PacedFeed.scheduled(1, 2.2), "still rounded down between whole nanoseconds");
        assertEquals(14_545_454_545L, PacedFeed.scheduled(32, 2.2));
        for (long n = 0; n < 100_000; n++)
        {
            assertTrue(PacedFeed.scheduled(n + 1, 1e9) > PacedFeed.scheduled(n, 1e9), "one a nanosecond, in order");
            assertEquals(n, PacedFeed.scheduled(n, 1e9));
        }
    }

    @ParameterizedTest
    @EnumSource(PacedFeed.Pacing.class)
    void shouldPublishEveryPacedInputDueBeforeItsDeadlineWhenTheSinkHoldsItPastTheDeadline(
        final PacedFeed.Pacing pacing)
    {
        // 100,000 inputs/s for 20 ms: 2,000 inputs are due. A sink that holds each for at least 20 µs takes at least
        // 40 ms for them: the feed falls behind, and the inputs due before the deadline but not yet sent at it must
        // still be sent, late, so their latency from the intended time is measured (no coordinated omission).
        final long[] lastIntended = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            lastIntended[0] = intended;
            final long until = System.nanoTime() + TimeUnit.MICROSECONDS.toNanos(20);
            while (System.nanoTime() - until < 0)
            {
                Thread.onSpinWait();
            }
            return 0;
        }, flow(), 100_000, pacing, 0, TimeUnit.MILLISECONDS.toNanos(20), PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(2_000, feed.published(), "every input due in the 20 ms is published, however late");
        assertEquals(2_000, feed.publishLateness().getTotalCount(), "and its lateness recorded");
        assertTrue(lastIntended[0] - feed.startNanos() < TimeUnit.MILLISECONDS.toNanos(20),
            "no input due after the deadline is published");
    }

    @Test
    void shouldLeaveAPacedWaitAsSoonAsAStopIsRequestedWithoutPublishingAgain() throws Exception
    {
        // one input every 20 s: after the first, the feed waits; a stop must end the wait, not publish after it
        final CountDownLatch published = new CountDownLatch(1);
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            published.countDown();
            return 0;
        }, flow(), 0.05, PacedFeed.Pacing.PARK, 0, 0, PacedFeed.NO_DEADLINE);
        final Thread thread = new Thread(feed);
        thread.start();
        assertTrue(published.await(10, TimeUnit.SECONDS));
        Thread.sleep(50);

        final long stoppedAt = System.nanoTime();
        feed.requestStop();
        thread.join(15_000);

        assertTrue(feed.finished(), "the feed still waits for its next input's time after the stop");
        assertTrue(System.nanoTime() - stoppedAt < TimeUnit.SECONDS.toNanos(5),
            "the stop ended the wait: " + (System.nanoTime() - stoppedAt) / 1_000_000 + " ms");
        assertEquals(1, feed.published(), "nothing is published after the stop");
    }

    @ParameterizedTest
    @EnumSource(PacedFeed.Pacing.class)
    void shouldStampPacedInputsWithTheirScheduledTime(final PacedFeed.Pacing pacing)
    {
        final long[] intendedTimes = new long[3];
        final int[] n = new int[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            intendedTimes[n[0]++] = intended;
            return 0;
        }, flow(), 1_000, pacing, 3, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(feed.startNanos(), intendedTimes[0]);
        assertEquals(feed.startNanos() + 1_000_000, intendedTimes[1]);
        assertEquals(feed.startNanos() + 2_000_000, intendedTimes[2]);
    }

    @ParameterizedTest
    @EnumSource(PacedFeed.Pacing.class)
    void shouldNeverPublishAnInputBeforeItsScheduledTime(final PacedFeed.Pacing pacing)
    {
        final long[] early = new long[1];
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            if (System.nanoTime() < intended)
            {
                early[0]++;
            }
            return 0;
        }, flow(), 200_000, pacing, 20_000, 0, PacedFeed.NO_DEADLINE);

        feed.run();

        assertEquals(20_000, feed.published());
        assertEquals(0, early[0], "inputs published before their time");
    }

    @Test
    void shouldCountEveryPublishedInputWhileItsSourceWaits() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final int[] given = {0};
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0,
            (into) ->
            {
                if (given[0] == 3)
                {
                    try
                    {
                        release.await(); // a slow pipe: nothing more for now
                    }
                    catch (final InterruptedException ex)
                    {
                        Thread.currentThread().interrupt();
                    }
                    return false;
                }
                into.set(MarketEvents.CANCEL, 1, given[0]++, 0, 0, 0, given[0]);
                return true;
            }, 0, PacedFeed.Pacing.PARK, 0, 0, PacedFeed.NO_DEADLINE);
        final Thread thread = new Thread(feed);
        thread.start();
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (feed.published() < 3 && System.nanoTime() < deadline)
        {
            Thread.sleep(1);
        }
        assertEquals(3, feed.published(), "the three inputs before the wait are counted, not only every 256th");
        release.countDown();
        thread.join();
        assertTrue(feed.finished());
    }

    /**
     * An unpaced feed's duration counts from its origin (a run's start), and its deadline is checked before its first
     * input: one whose deadline has passed by the time it starts publishes nothing.
     */
    @Test
    void shouldPublishNothingUnpacedWhenItsDeadlineFromItsOriginHasPassedBeforeItStarts()
    {
        final long hour = TimeUnit.HOURS.toNanos(1);
        final PacedFeed late = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 0,
            PacedFeed.Pacing.SPIN, 10, hour, System.nanoTime() - 2 * hour);
        late.run();
        assertEquals(0, late.published(), "its deadline an hour before it started");

        final PacedFeed fromStart = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 0,
            PacedFeed.Pacing.SPIN, 10, hour, PacedFeed.NO_DEADLINE);
        fromStart.run();
        assertEquals(10, fromStart.published(), "its count, with its deadline an hour after it started");
    }

    @Test
    void shouldTellNothingBeforeItRunsAndWhenItStartedAndEndedAfter()
    {
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 0,
            PacedFeed.Pacing.SPIN, 3, 0, PacedFeed.NO_DEADLINE);
        assertEquals(0, feed.startNanos());
        assertEquals(0, feed.endNanos());
        assertEquals(0, feed.published());
        assertEquals(0, feed.refused());
        assertEquals(null, feed.failure());
        assertFalse(feed.finished());

        final long before = System.nanoTime();
        feed.run();
        final long after = System.nanoTime();

        assertTrue(feed.startNanos() - before >= 0, "started after " + before + ": " + feed.startNanos());
        assertTrue(feed.endNanos() - feed.startNanos() >= 0, "ended after it started: " + feed.endNanos());
        assertTrue(after - feed.endNanos() >= 0, "ended before " + after + ": " + feed.endNanos());
        assertEquals(3, feed.published());
        assertTrue(feed.finished());
    }

    @Test
    void shouldTakeASkipOfNoTimeAndRefuseANegativeOne()
    {
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, flow(), 100_000,
            PacedFeed.Pacing.PARK, 10, 0, PacedFeed.NO_DEADLINE);
        assertSame(feed, feed.skipLatenessFor(0));
        final IllegalArgumentException ex = assertThrows(IllegalArgumentException.class,
            () -> feed.skipLatenessFor(-1));
        assertEquals("skipNanos=-1", ex.getMessage());

        feed.run();

        assertEquals(10, feed.publishLateness().getTotalCount(), "every input's lateness");
    }
}
