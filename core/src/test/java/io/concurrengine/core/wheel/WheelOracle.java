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

    /**
     * @return the time of the earliest pending event if due by {@code limit}, else {@link Long#MAX_VALUE}.
     */
    long peekTime(final long limit)
    {
        final Entry head = heap.peek();
        return null == head || head.time() > limit ? Long.MAX_VALUE : head.time();
    }

    void reset(final long startTime)
    {
        heap.clear();
        byHandle.clear();
        now = startTime;
        seq = 0;
        clamped = 0;
    }

    boolean cancel(final long handle)
    {
        final Entry entry = byHandle.remove(handle);
        return null != entry && heap.remove(entry);
    }

    boolean isPending(final long handle)
    {
        final Entry entry = byHandle.get(handle);
        return null != entry && heap.contains(entry);
    }

    boolean isPendingAt(final long handle, final long time)
    {
        final Entry entry = byHandle.get(handle);
        return null != entry && entry.time() == time && heap.contains(entry);
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
