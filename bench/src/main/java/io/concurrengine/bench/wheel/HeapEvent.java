package io.concurrengine.bench.wheel;

/**
 * The event a {@link java.util.PriorityQueue} holds: the same fields as the off-heap record, ordered by
 * {@code (time, seq)}.
 */
final class HeapEvent implements Comparable<HeapEvent>
{
    long time;
    long seq;
    int type;
    long target;
    long a0;
    long a1;
    long a2;
    long a3;

    HeapEvent(
        final long time,
        final long seq,
        final int type,
        final long target,
        final long a0,
        final long a1,
        final long a2,
        final long a3)
    {
        this.time = time;
        this.seq = seq;
        this.type = type;
        this.target = target;
        this.a0 = a0;
        this.a1 = a1;
        this.a2 = a2;
        this.a3 = a3;
    }

    @Override
    public int compareTo(final HeapEvent that)
    {
        if (time != that.time)
        {
            return time < that.time ? -1 : 1;
        }
        return Long.compare(seq, that.seq);
    }
}
