package io.concurrengine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.Sequence;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The flat input ring under real threads: a small ring laps many times, and every word the consumer reads must be
 * the one its publisher wrote before publishing, with nothing lost, duplicated or reused before it was read.
 */
class InputRingTest
{
    private static final int RING_SIZE = 64;

    @Test
    void shouldRefuseAClaimWhenFullAndReuseASlotOnlyAfterTheConsumerReleasedIt() throws Exception
    {
        final InputRing ring = InputRing.singleProducer(4);
        assertEquals(4, ring.size());
        assertEquals(4, ring.remainingCapacity());
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequence(consumed);
        for (int i = 0; i < 4; i++)
        {
            final long sequence = ring.tryNext();
            ring.write(sequence, i, i, i, i, i, i, i, i);
            ring.publish(sequence);
        }
        assertThrows(InsufficientCapacityException.class, ring::tryNext);
        assertEquals(0, ring.remainingCapacity());

        consumed.set(0);
        final long sequence = ring.tryNext();
        assertEquals(4, sequence);
        assertEquals(ring.index(0), ring.index(sequence));
        ring.writeVoid(sequence);
        ring.publish(sequence);
        assertEquals(InputRing.VOID, ring.slots()[ring.index(sequence) + InputRing.TYPE]);
        assertFalse(ring.holdsInput(sequence), "a void slot holds no input");
        assertEquals(1, ring.slots()[ring.index(1) + InputRing.TYPE]);
        assertTrue(ring.holdsInput(1));
    }

    @Test
    void shouldHandEveryWordOfEveryInputToTheConsumerWithASinglePublisher() throws Exception
    {
        final InputRing ring = InputRing.singleProducer(RING_SIZE);
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequence(consumed);
        final long inputs = 2_000_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread consumer = new Thread(() -> consume(ring, consumed, inputs, true, failure));
        consumer.start();
        publish(ring, 0, 1, inputs);
        consumer.join();
        assertNull(failure.get());
        assertEquals(inputs - 1, consumed.get());
    }

    @Test
    void shouldHandEveryWordOfEveryInputToTheConsumerWithSeveralPublishers() throws Exception
    {
        final InputRing ring = InputRing.multiProducer(RING_SIZE);
        final Sequence consumed = new Sequence(-1);
        ring.addGatingSequence(consumed);
        final int publishers = 3;
        final long perPublisher = 500_000;
        final AtomicReference<Throwable> failure = new AtomicReference<>();
        final Thread consumer = new Thread(() -> consume(ring, consumed, publishers * perPublisher, false, failure));
        consumer.start();
        final List<Thread> threads = new ArrayList<>();
        for (int p = 0; p < publishers; p++)
        {
            final int publisher = p;
            threads.add(new Thread(() -> publish(ring, publisher, publishers, perPublisher)));
        }
        threads.forEach(Thread::start);
        for (final Thread thread : threads)
        {
            thread.join();
        }
        consumer.join();
        assertNull(failure.get());
        assertEquals(publishers * perPublisher - 1, consumed.get());
    }

    /**
     * Publish inputs {@code first, first + stride, ...}: input {@code n}'s words are functions of {@code n}.
     */
    private static void publish(final InputRing ring, final long first, final long stride, final long count)
    {
        for (long i = 0, n = first; i < count; i++, n += stride)
        {
            long sequence;
            while (true)
            {
                try
                {
                    sequence = ring.tryNext();
                    break;
                }
                catch (final InsufficientCapacityException ex)
                {
                    Thread.onSpinWait();
                }
            }
            ring.write(sequence, (int)(n & 0x7FFF_FFFF), n, ~n, n * 3, n * 5, n * 7, n * 11, n ^ 0x5555_5555_5555L);
            ring.publish(sequence);
        }
    }

    /**
     * Read {@code count} inputs as the shard does (cursor-bound with one publisher, per-slot availability with
     * several), check every word, and count each input once.
     */
    private static void consume(
        final InputRing ring,
        final Sequence consumed,
        final long count,
        final boolean boundByCursor,
        final AtomicReference<Throwable> failure)
    {
        try
        {
            final long[] slots = ring.slots();
            final boolean[] seen = new boolean[(int)count];
            long next = 0;
            while (next < count)
            {
                long sequence = next;
                final long last = boundByCursor ? ring.cursor() : Long.MAX_VALUE;
                while (sequence <= last && sequence < count && (boundByCursor || ring.isAvailable(sequence)))
                {
                    final int index = ring.index(sequence);
                    final long n = slots[index + InputRing.TARGET];
                    assertEquals((int)(n & 0x7FFF_FFFF), slots[index + InputRing.TYPE], "type of input " + n);
                    assertEquals(~n, slots[index + InputRing.FEED_TIME], "feed time of input " + n);
                    assertEquals(n * 3, slots[index + InputRing.A0], "a0 of input " + n);
                    assertEquals(n * 5, slots[index + InputRing.A1], "a1 of input " + n);
                    assertEquals(n * 7, slots[index + InputRing.A2], "a2 of input " + n);
                    assertEquals(n * 11, slots[index + InputRing.A3], "a3 of input " + n);
                    assertEquals(n ^ 0x5555_5555_5555L, slots[index + InputRing.INTENDED_NANOS], "intended of " + n);
                    assertEquals(false, seen[(int)n], "input " + n + " read twice");
                    seen[(int)n] = true;
                    sequence++;
                }
                if (sequence > next)
                {
                    consumed.set(sequence - 1);
                    next = sequence;
                }
                else
                {
                    Thread.onSpinWait();
                }
            }
        }
        catch (final Throwable ex)
        {
            failure.set(ex);
            consumed.set(Long.MAX_VALUE / 2); // release the publishers so the test ends and reports
        }
    }
}
