package io.concurrengine.pipeline;

import org.HdrHistogram.Histogram;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.junit.jupiter.api.Test;

/**
 * The latency recorder's writer/reader protocol under Lincheck's model checker: the shard's batches on one thread,
 * the reader's interval swaps on another, every interleaving of their shared-memory accesses explored up to the
 * options' bounds. Each interval must hold whole batches, and each batch must land in exactly one interval, as if
 * batches and swaps had happened one at a time in an order that keeps each thread's own: a batch split across two
 * intervals, or written into a histogram the reader already took, fails it (so does a recorder that reads the active
 * histogram before it enters its critical section).
 */
@Param(name = "value", gen = IntGen.class, conf = "1:4")
public class BatchLatencyRecorderLincheckTest
{
    private static final long NOW = 100;
    private static final int HIGHEST_VALUE_RECORDED = 40;

    private final BatchLatencyRecorder recorder = new BatchLatencyRecorder(1_000, 2);
    private final long[] intended = new long[2];

    /**
     * The shard: one batch of two latencies, {@code value} and {@code 10 * value}.
     *
     * @param value 1 to 4.
     */
    @Operation(nonParallelGroup = "writer")
    public void recordBatch(@Param(name = "value") final int value)
    {
        intended[0] = NOW - value;
        intended[1] = NOW - 10L * value;
        recorder.beginBatch();
        recorder.recordSince(NOW, intended, 0, 2);
        recorder.endBatch();
    }

    /**
     * The reader: take the interval.
     *
     * @return the count at each latency it holds, e.g. {@code "2x1 20x1"}.
     */
    @Operation(nonParallelGroup = "reader")
    public String takeInterval()
    {
        final Histogram interval = recorder.intervalHistogram(null);
        final StringBuilder counts = new StringBuilder();
        for (int value = 1; value <= HIGHEST_VALUE_RECORDED; value++)
        {
            final long count = interval.getCountAtValue(value);
            if (count > 0)
            {
                counts.append(counts.length() > 0 ? " " : "").append(value).append('x').append(count);
            }
        }
        return counts.toString();
    }

    @Test
    void shouldHandTheReaderWholeBatchesEachExactlyOnceInEveryInterleaving()
    {
        new ModelCheckingOptions()
            .iterations(30)
            .invocationsPerIteration(500)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(1)
            .check(BatchLatencyRecorderLincheckTest.class);
    }
}
