package io.concurrengine.pipeline;

/**
 * Inputs published with one call, {@link Engine#publish(InputBatch)}: a feed handler that decodes several messages
 * from one packet adds them here and publishes them together. Each shard's inputs of the batch are claimed, written
 * and made visible to the shard at once, so the per-input costs of a publish (the engine's state checks, the claim,
 * the ring's cursor store that the shard reads) are paid once a shard per batch instead of once an input.
 * <p>
 * Each input is routed by its target as {@link Engine#publish} routes it and lands on its shard's main ring in the
 * order it was added, so the order per key is the order of {@link #add}; inputs of different shards have no order
 * between them, as with separate publishes. After the publish, {@link #result(int)} gives each input's outcome as
 * {@link Engine#publish} would have: its ring position, or {@link Engine#BACK_PRESSURED}, {@link Engine#DROPPED} or
 * {@link Engine#CLOSED}.
 * <p>
 * Reusable and allocation-free once made: {@link #clear()} empties it for the next batch. Not threadsafe: one
 * publisher thread fills and publishes a batch; with {@link Publishers#MULTI}, each publisher thread has its own.
 */
public final class InputBatch
{
    /** Longs per input, laid out as a ring slot's ({@link InputRing#TYPE} and the other offsets). */
    static final int WORDS = InputRing.SLOT_LONGS;

    /** The most inputs a batch holds: {@link #WORDS} longs each, in one array. */
    public static final int MAX_CAPACITY = Integer.MAX_VALUE / WORDS;

    /** An intended send time still to be read from the engine's clock when the batch is published. */
    static final long STAMP_AT_PUBLISH = Long.MIN_VALUE;

    private final long[] inputs;
    private final long[] results;
    /** Scratch of {@link Publication}: each input's shard, the inputs grouped by shard, the shards present. */
    private final int[] shards;
    private final int[] order;
    private final int[] present;
    private int size;
    private boolean published;
    /** Scratch of {@link Publication}, per shard of the engine: its inputs in the batch, then where its group ends. */
    private int[] shardInputs = new int[0];
    private int[] shardEnd = new int[0];

    /**
     * @param capacity inputs the batch holds, in [1, {@link #MAX_CAPACITY}].
     */
    public InputBatch(final int capacity)
    {
        if (capacity < 1 || capacity > MAX_CAPACITY)
        {
            throw new IllegalArgumentException("capacity=" + capacity + " must be in [1, " + MAX_CAPACITY + "]");
        }
        inputs = new long[capacity * WORDS];
        results = new long[capacity];
        shards = new int[capacity];
        order = new int[capacity];
        present = new int[capacity];
    }

    /**
     * Add an input whose latency is measured from when the batch is published: the engine's clock is read once for
     * the whole batch.
     *
     * @param target   routing and target key.
     * @param type     event type, non-negative.
     * @param feedTime the feed's time for the input (event-time mode), in engine time units.
     * @param a0       payload word 0.
     * @param a1       payload word 1.
     * @param a2       payload word 2.
     * @param a3       payload word 3.
     * @return this batch.
     * @throws IllegalArgumentException if {@code type} is negative.
     * @throws IllegalStateException    if the batch is full.
     */
    public InputBatch add(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        return put(target, type, feedTime, a0, a1, a2, a3, STAMP_AT_PUBLISH);
    }

    /**
     * Add an input with the time it was meant to be sent, for latency free of coordinated omission when the feed is
     * paced (as {@link Engine#publish(long, int, long, long, long, long, long, long)}).
     *
     * @param target        routing and target key.
     * @param type          event type, non-negative.
     * @param feedTime      the feed's time for the input, in engine time units.
     * @param a0            payload word 0.
     * @param a1            payload word 1.
     * @param a2            payload word 2.
     * @param a3            payload word 3.
     * @param intendedNanos {@link NanoClock} time the input was due to be sent; not {@link Long#MIN_VALUE}.
     * @return this batch.
     * @throws IllegalArgumentException if {@code type} is negative or {@code intendedNanos} is {@link Long#MIN_VALUE}.
     * @throws IllegalStateException    if the batch is full.
     */
    public InputBatch add(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        if (STAMP_AT_PUBLISH == intendedNanos)
        {
            throw new IllegalArgumentException("intendedNanos=" + intendedNanos + " is reserved: add without it to " +
                "stamp the input when the batch is published");
        }
        return put(target, type, feedTime, a0, a1, a2, a3, intendedNanos);
    }

    private InputBatch put(
        final long target,
        final int type,
        final long feedTime,
        final long a0,
        final long a1,
        final long a2,
        final long a3,
        final long intendedNanos)
    {
        if (type < 0)
        {
            throw new IllegalArgumentException("type=" + type + " must be non-negative");
        }
        if (published)
        {
            throw new IllegalStateException("the batch was published: clear() it before adding the next inputs");
        }
        if (size == results.length)
        {
            throw new IllegalStateException("the batch is full: capacity=" + results.length);
        }
        final int at = size * WORDS;
        inputs[at + InputRing.TYPE] = type;
        inputs[at + InputRing.TARGET] = target;
        inputs[at + InputRing.FEED_TIME] = feedTime;
        inputs[at + InputRing.A0] = a0;
        inputs[at + InputRing.A1] = a1;
        inputs[at + InputRing.A2] = a2;
        inputs[at + InputRing.A3] = a3;
        inputs[at + InputRing.INTENDED_NANOS] = intendedNanos;
        size++;
        return this;
    }

    /**
     * @return inputs added since the batch was made or cleared.
     */
    public int size()
    {
        return size;
    }

    /**
     * @return inputs the batch holds.
     */
    public int capacity()
    {
        return results.length;
    }

    /**
     * @return true if the batch holds {@link #capacity()} inputs. A published batch takes no input before
     * {@link #clear()} either, full or not: this says only whether it is full.
     */
    public boolean isFull()
    {
        return size == results.length;
    }

    /**
     * Empty the batch for the next inputs; their results are forgotten.
     */
    public void clear()
    {
        size = 0;
        published = false;
    }

    /**
     * @param index an input's place in the batch, from 0 to {@link #size()} - 1.
     * @return its outcome once the batch is published: its ring position if accepted, else
     * {@link Engine#BACK_PRESSURED}, {@link Engine#DROPPED} or {@link Engine#CLOSED}.
     * @throws IllegalStateException     if the batch has not been published since it was made or cleared.
     * @throws IndexOutOfBoundsException if {@code index} is not an input's.
     */
    public long result(final int index)
    {
        if (!published)
        {
            throw new IllegalStateException("the batch has not been published");
        }
        if (index < 0 || index >= size)
        {
            throw new IndexOutOfBoundsException("index=" + index + " of a batch of size=" + size);
        }
        return results[index];
    }

    /**
     * @return the inputs, {@link #WORDS} longs each, for {@link Publication}.
     */
    long[] inputs()
    {
        return inputs;
    }

    /**
     * @return each input's outcome, written by {@link Publication}.
     */
    long[] results()
    {
        return results;
    }

    /**
     * @return each input's shard, written by {@link Publication}.
     */
    int[] shards()
    {
        return shards;
    }

    /**
     * @return the inputs' indexes grouped by shard, written by {@link Publication}.
     */
    int[] order()
    {
        return order;
    }

    /**
     * @return the shards that have inputs in the batch, in the order of their first input, written by
     * {@link Publication}.
     */
    int[] present()
    {
        return present;
    }

    /**
     * @param shardCount the publishing engine's shards.
     * @return per shard, a count of its inputs: all 0 between publishes ({@link Publication} zeroes those it
     * counted), grown to the engine's shard count the first time.
     */
    int[] shardInputs(final int shardCount)
    {
        if (shardInputs.length < shardCount)
        {
            shardInputs = new int[shardCount];
            shardEnd = new int[shardCount];
        }
        return shardInputs;
    }

    /**
     * @return per shard, where its group ends in {@link #order()}, as {@link #shardInputs(int)} sized it.
     */
    int[] shardEnd()
    {
        return shardEnd;
    }

    /**
     * @return true once published, until {@link #clear()}.
     */
    boolean isPublished()
    {
        return published;
    }

    /**
     * Mark the batch published: its results can be read, and it must be cleared before it is filled again.
     */
    void published()
    {
        published = true;
    }
}
