package io.concurrengine.bench.wheel;

import io.concurrengine.bench.alternatives.SortedSlotWheel;
import io.concurrengine.core.event.Event;
import io.concurrengine.core.wheel.EventWheel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.PriorityQueue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The queues the benchmarks compare must do the same work: driven by the same increments, each must take events
 * in the order of a {@link PriorityQueue} ordered by {@code (time, seq)}. Agrona's wheel and SSJ's lists do not
 * promise FIFO on equal times, so only their times are compared.
 */
class HoldModelAgreementTest
{
    private static final int SIZE = 10_000;
    private static final int OPERATIONS = 50_000;

    @ParameterizedTest
    @EnumSource(IncrementDistribution.class)
    void shouldTakeEventsInTimeThenSeqOrderLikeTheOracle(final IncrementDistribution distribution)
    {
        final Increments increments = Increments.of(distribution);
        final PriorityQueue<HeapEvent> oracle = new PriorityQueue<>();
        final Event event = new Event();
        final SortedSlotWheel sorted = new SortedSlotWheel(16);
        try (EventWheel wheel = new EventWheel())
        {
            long nextSeq = 0;
            for (int i = 0; i < SIZE; i++)
            {
                final long time = increments.next();
                oracle.offer(new HeapEvent(time, nextSeq++, HoldBenchmark.TYPE, i, i, 0, 0, 0));
                wheel.push(time, HoldBenchmark.TYPE, i, i, 0, 0, 0);
                sorted.push(time, HoldBenchmark.TYPE, i, i, 0, 0, 0);
            }
            for (int op = 0; op < OPERATIONS; op++)
            {
                final HeapEvent expected = oracle.poll();
                assertTrue(wheel.poll(Long.MAX_VALUE, event), "op=" + op);
                assertTrue(sorted.pop(), "op=" + op);
                assertEquals(expected.time, event.time(), "op=" + op);
                assertEquals(expected.seq, event.seq(), "op=" + op);
                assertEquals(expected.target, event.target(), "op=" + op);
                assertEquals(expected.time, sorted.time(), "op=" + op);
                assertEquals(expected.seq, sorted.seq(), "op=" + op);
                assertEquals(expected.target, sorted.target(), "op=" + op);

                final long time = expected.time + increments.next();
                oracle.offer(new HeapEvent(time, nextSeq++, expected.type, expected.target, 0, 0, 0, 0));
                wheel.push(time, event.type(), event.target(), 0, 0, 0, 0);
                sorted.push(time, sorted.type(), sorted.target(), 0, 0, 0, 0);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(IncrementDistribution.class)
    void shouldProduceTheSameTimesFromEveryBenchmarkState(final IncrementDistribution distribution)
    {
        final HoldBenchmark.PriorityQueueState oracle = setUp(new HoldBenchmark.PriorityQueueState(), distribution);
        final HoldBenchmark.PriorityQueueState reusing = setUp(new HoldBenchmark.PriorityQueueState(), distribution);
        final HoldBenchmark.EventWheelState wheel = setUp(new HoldBenchmark.EventWheelState(), distribution);
        final HoldBenchmark.DeadlineTimerWheelState agrona =
            setUp(new HoldBenchmark.DeadlineTimerWheelState(), distribution);
        final HoldBenchmark.SsjSplayTreeState splay = setUp(new HoldBenchmark.SsjSplayTreeState(), distribution);
        final HoldBenchmark.SsjHenriksenState henriksen = setUp(new HoldBenchmark.SsjHenriksenState(), distribution);
        assertEquals(1L, agrona.resolution, "Agrona times are exact only with one-unit ticks");
        try
        {
            for (int op = 0; op < OPERATIONS; op++)
            {
                final long expected = oracle.hold();
                assertEquals(expected, reusing.holdReusing(), "reusing op=" + op);
                assertEquals(expected, wheel.hold(), "wheel op=" + op);
                assertEquals(expected, agrona.hold(), "agrona op=" + op);
                assertEquals(expected, splay.hold(), "splay op=" + op);
                assertEquals(expected, henriksen.hold(), "henriksen op=" + op);
            }
        }
        finally
        {
            wheel.tearDown();
        }
    }

    private static <S extends HoldBenchmark.HoldState> S setUp(final S state, final IncrementDistribution distribution)
    {
        state.distribution = distribution;
        state.size = SIZE;
        state.setUp();
        return state;
    }
}
