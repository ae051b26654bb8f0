package io.concurrengine.pipeline;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BatchLatencyRecorderTest
{
    private static final long HIGHEST = TimeUnit.SECONDS.toNanos(10);

    private final BatchLatencyRecorder recorder = new BatchLatencyRecorder(HIGHEST, 3);

    /** Record {@code latency} as a single value: measured to 0 from {@code -latency}. */
    private void record(final long latency)
    {
        recorder.recordSince(0, new long[]{ -latency }, 0, 1);
    }

    @Test
    void shouldReturnWhatABatchRecordedInTheNextInterval()
    {
        recorder.beginBatch();
        record(100);
        record(200);
        recorder.endBatch();

        final Histogram interval = recorder.intervalHistogram(null);
        assertEquals(2, interval.getTotalCount());
        assertEquals(100, interval.getMinValue());
        assertEquals(200, interval.getMaxValue(), 200 * 0.001);
        assertEquals(0, recorder.intervalHistogram(null).getTotalCount(), "an interval is taken once");
    }

    @Test
    void shouldRecordEveryIntendedTimeOfARangeIncludingRunsOfEqualTimes()
    {
        final long[] intended = { 900, 900, 900, 950, 990, 990, 1_000, 5 };
        recorder.beginBatch();
        recorder.recordSince(1_000, intended, 1, 7);
        recorder.endBatch();

        final Histogram interval = recorder.intervalHistogram(null);
        assertEquals(6, interval.getTotalCount(), "indexes 1 to 6, not 0 or 7");
        assertEquals(2, interval.getCountAtValue(100));
        assertEquals(1, interval.getCountAtValue(50));
        assertEquals(2, interval.getCountAtValue(10));
        assertEquals(1, interval.getCountAtValue(0));
    }

    @Test
    void shouldClampValuesToTheRecordersRange()
    {
        recorder.beginBatch();
        record(-5);
        record(HIGHEST * 3);
        recorder.endBatch();

        final Histogram interval = recorder.intervalHistogram(null);
        assertEquals(1, interval.getCountAtValue(0), "a negative latency (clock skew) counts as zero");
        assertEquals(HIGHEST, interval.getMaxValue(), HIGHEST * 0.001);
    }

    @Test
    void shouldTreatNestedBeginAndRepeatedEndAsOneBatch()
    {
        recorder.beginBatch();
        record(1);
        recorder.beginBatch();
        record(2);
        recorder.endBatch();
        recorder.endBatch();

        assertEquals(2, recorder.intervalHistogram(null).getTotalCount());
    }

    @Test
    void shouldResetARecycledHistogramBeforeReusingIt()
    {
        recorder.beginBatch();
        record(7);
        recorder.endBatch();
        final Histogram first = recorder.intervalHistogram(null);
        final Histogram second = recorder.intervalHistogram(first);
        recorder.beginBatch();
        record(9);
        recorder.endBatch();

        final Histogram third = recorder.intervalHistogram(second);
        assertSame(first, third, "the recycled histogram came back with the next interval");
        assertEquals(1, third.getTotalCount(), "and held only that interval's value");
        assertEquals(9, third.getMaxValue());
    }

    @Test
    void shouldLoseNoValueWhileAReaderTakesIntervalsConcurrently() throws Exception
    {
        final int batches = 200_000;
        final int perBatch = 7;
        final AtomicBoolean writing = new AtomicBoolean(true);
        final Thread writer = new Thread(() ->
        {
            for (int b = 0; b < batches; b++)
            {
                recorder.beginBatch();
                for (int i = 0; i < perBatch; i++)
                {
                    record(1 + i);
                }
                recorder.endBatch();
            }
            writing.set(false);
        });
        writer.start();

        long total = 0;
        Histogram recycle = null;
        while (writing.get())
        {
            recycle = recorder.intervalHistogram(recycle);
            total += recycle.getTotalCount();
        }
        writer.join();
        total += recorder.intervalHistogram(recycle).getTotalCount();

        assertEquals((long)batches * perBatch, total, "every value lands in exactly one interval");
    }
}
