package io.concurrengine.pipeline;

import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.MultiProducerSequencer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.Sequencer;
import com.lmax.disruptor.SingleProducerSequencer;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * A shard's input ring: a Disruptor {@link Sequencer} (single- or multi-producer) claims, publishes and gates the
 * slots, and the inputs themselves sit in one flat {@code long[]}, {@value #SLOT_LONGS} longs (64 bytes) a slot,
 * rather than in preallocated objects.
 * <p>
 * Why not a {@code RingBuffer} of slot objects: a publisher that fills an object slot first loads the object (its
 * reference from the entries array, then its class word for the cast), and that load waits for a cache line the
 * consumer read a lap ago, typically out of the other core's cache or L3. In a journaled burst that one load was half
 * of the publisher's samples. Filling a slot of a flat array is stores only, which the store buffer absorbs; the
 * consumer reads the same sequence of lines as before.
 * <p>
 * Memory ordering is the sequencer's, as with a {@code RingBuffer}: plain stores of a slot's words between
 * {@link #tryNext()} and {@link #publish(long)} are visible to a consumer after it has seen the sequence published
 * ({@link #cursor()} of a single-producer ring, {@link #isAvailable(long)} of a multi-producer one); the consumer's
 * gating sequence, set after its reads, releases the slots for reuse.
 */
final class InputRing
{
    private static final int SLOT_SHIFT = 3;
    /** Longs per slot: type, target, feed time, four payload words, intended send time. */
    static final int SLOT_LONGS = 1 << SLOT_SHIFT;
    /** A slot whose input was refused after its claim (the engine stopped): the consumer skips it. */
    static final int VOID = -1;
    /** A slot that holds no input but a time to move the shard's clock to ({@link Engine#advanceTo(long)}). */
    static final int ADVANCE = -2;

    static final int TYPE = 0;
    static final int TARGET = 1;
    static final int FEED_TIME = 2;
    static final int A0 = 3;
    static final int A1 = 4;
    static final int A2 = 5;
    static final int A3 = 6;
    static final int INTENDED_NANOS = 7;

    private final Sequencer sequencer;
    private final long[] slots;
    private final int mask;

    private InputRing(final Sequencer sequencer, final int size)
    {
        this.sequencer = sequencer;
        this.slots = new long[size << SLOT_SHIFT];
        this.mask = size - 1;
    }

    /**
     * @param size slots, a power of two.
     * @return a ring for one publisher thread.
     */
    static InputRing singleProducer(final int size)
    {
        return new InputRing(new SingleProducerSequencer(size, new YieldingWaitStrategy()), size);
    }

    /**
     * @param size slots, a power of two.
     * @return a ring any number of publisher threads may claim from.
     */
    static InputRing multiProducer(final int size)
    {
        return new InputRing(new MultiProducerSequencer(size, new YieldingWaitStrategy()), size);
    }

    /**
     * Claim the next slot without waiting.
     *
     * @return its sequence.
     * @throws InsufficientCapacityException if the ring is full.
     */
    long tryNext() throws InsufficientCapacityException
    {
        return sequencer.tryNext();
    }

    /**
     * Claim the next {@code n} slots without waiting.
     *
     * @param n slots, from 1 to the ring's size.
     * @return the last sequence of the range; the first is {@code n - 1} before it.
     * @throws InsufficientCapacityException if the ring has fewer than {@code n} free slots.
     */
    long tryNext(final int n) throws InsufficientCapacityException
    {
        return sequencer.tryNext(n);
    }

    /**
     * Fill a claimed slot.
     *
     * @param sequence      the claimed sequence.
     * @param type          event type, or {@link #VOID}.
     * @param target        target key.
     * @param feedTime      the feed's time.
     * @param a0            payload word 0.
     * @param a1            payload word 1.
     * @param a2            payload word 2.
     * @param a3            payload word 3.
     * @param intendedNanos when the input was due to be sent.
     */
    void write(
        final long sequence,
        final int type,
        final long target,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        final long[] slots = this.slots;
        final int index = index(sequence);
        slots[index + TYPE] = type;
        slots[index + TARGET] = target;
        slots[index + FEED_TIME] = feedTime;
        slots[index + A0] = a0;
        slots[index + A1] = a1;
        slots[index + A2] = a2;
        slots[index + A3] = a3;
        slots[index + INTENDED_NANOS] = intendedNanos;
    }

    /**
     * Mark a claimed slot as holding no input (it must still be published).
     *
     * @param sequence the claimed sequence.
     */
    void writeVoid(final long sequence)
    {
        slots[index(sequence) + TYPE] = VOID;
    }

    /**
     * @param sequence a published sequence.
     * @return true if its slot holds an input, false if it was marked void.
     */
    boolean holdsInput(final long sequence)
    {
        return slots[index(sequence) + TYPE] != VOID;
    }

    /**
     * @param sequence a claimed and filled sequence.
     */
    void publish(final long sequence)
    {
        sequencer.publish(sequence);
    }

    /**
     * @param first the first sequence of a claimed range, every slot of it filled.
     * @param last  its last sequence.
     */
    void publish(final long first, final long last)
    {
        sequencer.publish(first, last);
    }

    /**
     * @return the highest sequence claimed (multi-producer) or published (single producer).
     */
    long cursor()
    {
        return sequencer.getCursor();
    }

    /**
     * @param sequence a sequence.
     * @return true if it is published (multi-producer rings; an acquire of the publisher's release).
     */
    boolean isAvailable(final long sequence)
    {
        return sequencer.isAvailable(sequence);
    }

    /**
     * @param consumed the consumer's sequence: slots up to it may be reused.
     */
    void addGatingSequence(final Sequence consumed)
    {
        sequencer.addGatingSequences(consumed);
    }

    /**
     * @return free slots.
     */
    long remainingCapacity()
    {
        return sequencer.remainingCapacity();
    }

    /**
     * @return the inputs the ring holds.
     */
    int size()
    {
        return mask + 1;
    }

    /**
     * @return the slot words, for the consumer: slot {@code s} starts at {@link #index(long) index(s)}.
     */
    long[] slots()
    {
        return slots;
    }

    /**
     * @param sequence a sequence.
     * @return where its slot starts in {@link #slots()}.
     */
    int index(final long sequence)
    {
        return ((int)sequence & mask) << SLOT_SHIFT;
    }
}
