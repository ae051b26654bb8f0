package io.concurrengine.core.wheel;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Reference model of the wheel's contract: a binary heap ordered by (time, seq), clamping to the clock.
 */
final class WheelOracle
{
    record Entry(long time, long seq, int type, long target)
    {
    }

    private final PriorityQueue<Entry> heap =
        new PriorityQueue<>(Comparator.comparingLong(Entry::time).thenComparingLong(Entry::seq));
    private final Map<Long, Entry> byHandle = new HashMap<>();
    private long now;
    private long seq;
    private long clamped;

    WheelOracle(final long startTime)
    {
        now = startTime;
    }

    Entry push(final long handle, final long time, final int type, final long target)
    {
        long t = time;
        if (t < now)
        {
            t = now;
            clamped++;
        }
        final Entry entry = new Entry(t, seq++, type, target);
        heap.add(entry);
        byHandle.put(handle, entry);
        return entry;
    }

    Entry peek()
    {
        return heap.peek();
    }

    boolean cancel(final long handle)
    {
        final Entry entry = byHandle.remove(handle);
        return null != entry && heap.remove(entry);
    }

    Entry poll(final long limit)
    {
        final Entry head = heap.peek();
        if (null == head || head.time() > limit)
        {
            return null;
        }
        heap.poll();
        now = head.time();
        return head;
    }

    void advanceTo(final long time)
    {
        if (time > now)
        {
            now = time;
        }
    }

    long now()
    {
        return now;
    }

    int size()
    {
        return heap.size();
    }

    long clamped()
    {
        return clamped;
    }
}
