package io.concurrengine.bench.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Threads that do nothing but wake every millisecond, the rhythm of the journal's pre-toucher threads: a control
 * run with tickers and without a journal tells a cost of journaling from a change in how the OS scheduler shares
 * the CPUs with the process.
 */
final class Ticker implements AutoCloseable
{
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running = true;

    Ticker(final int count)
    {
        for (int i = 0; i < count; i++)
        {
            final Thread thread = new Thread(this::tick, "bench-ticker-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    private void tick()
    {
        while (running)
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    @Override
    public void close()
    {
        running = false;
        for (final Thread thread : threads)
        {
            LockSupport.unpark(thread);
        }
    }
}
