package io.concurrengine.bench.pipeline;

import org.HdrHistogram.Histogram;

import java.lang.management.ManagementFactory;

/**
 * The publisher thread of a benchmark run: publishes into a {@link Pipeline} until its count or duration is reached
 * or it is asked to stop, then records its own CPU time and allocation.
 */
abstract class BenchFeed implements Runnable
{
    private volatile long cpuNanos = -1;
    private volatile long allocatedBytes = -1;

    @Override
    public final void run()
    {
        try
        {
            publish();
        }
        finally
        {
            final com.sun.management.ThreadMXBean threads =
                (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
            cpuNanos = threads.getCurrentThreadCpuTime();
            allocatedBytes = threads.getCurrentThreadAllocatedBytes();
        }
    }

    /**
     * Publish until done, on the calling thread.
     */
    abstract void publish();

    /**
     * Ask {@link #run()} to return before its next input.
     */
    abstract void requestStop();

    /**
     * @return inputs published so far (refused ones included); exact once finished.
     */
    abstract long published();

    /**
     * @return inputs the pipeline refused.
     */
    abstract long refused();

    /**
     * @return {@code System.nanoTime()} when publishing started, 0 before.
     */
    abstract long startNanos();

    /**
     * @return {@code System.nanoTime()} when publishing ended, 0 before.
     */
    abstract long endNanos();

    /**
     * @return how late the feed was ready to publish each input, once it has finished; null if it does not pace.
     */
    Histogram publishLateness()
    {
        return null;
    }

    /**
     * @return CPU time of the publisher thread over its life, once it has finished; -1 before.
     */
    final long cpuNanos()
    {
        return cpuNanos;
    }

    /**
     * @return bytes the publisher thread allocated over its life, once it has finished; -1 before.
     */
    final long allocatedBytes()
    {
        return allocatedBytes;
    }
}
