package io.concurrengine.pipeline;

import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.status.AtomicCounter;
import org.agrona.concurrent.status.CountersManager;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class EngineErrorHandlerTest
{
    private final CountersManager manager = new CountersManager(
        new UnsafeBuffer(ByteBuffer.allocateDirect(64 * 1024)), new UnsafeBuffer(ByteBuffer.allocateDirect(8 * 1024)));
    private final AtomicCounter errorCount = manager.newCounter("engine: errors", ShardCounters.CUMULATIVE_TYPE_ID);
    private final EngineErrorHandler handler = new EngineErrorHandler(
        errorCount, new ShardCounters[]{ new ShardCounters(manager, 0) }, error -> {}, new Lifecycle());

    /**
     * An {@link OutOfMemoryError} of an exhausted heap reaches the handler on a shard's thread, which has not been
     * told of an error before: the handler allocated there (a ThreadLocal's first value on a thread makes its map),
     * so it threw an OutOfMemoryError of its own before counting the error or keeping it as the engine's failure
     * (seen with run -Xmx101m: "OutOfMemoryError thrown from the UncaughtExceptionHandler"). It allocates nothing
     * now, as the thread's allocation counter shows.
     */
    @Test
    void shouldAllocateNothingWhenToldOfAnErrorOnAShardThreadForTheFirstTime() throws InterruptedException
    {
        final java.lang.management.ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        assumeTrue(bean instanceof com.sun.management.ThreadMXBean, "no allocation counter on this JVM");
        final com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean)bean;
        assumeTrue(threads.isThreadAllocatedMemorySupported() && threads.isThreadAllocatedMemoryEnabled(),
            "no allocation counter on this JVM");
        runOnAShardThread(() -> handler.onError(new OutOfMemoryError("first, which links what onError calls")));

        final OutOfMemoryError error = new OutOfMemoryError("Java heap space");
        final AtomicLong allocated = new AtomicLong(-1);
        runOnAShardThread(() ->
        {
            final long before = threads.getCurrentThreadAllocatedBytes();
            handler.onError(error);
            allocated.set(threads.getCurrentThreadAllocatedBytes() - before);
        });

        assertEquals(0, allocated.get(), "bytes allocated by onError on a shard thread new to it");
        assertEquals(2, errorCount.get());
    }

    /**
     * A shard thread ended by an {@link Error} the handler was told of on it (Agrona's runner reports it, then
     * rethrows it) is not printed again; one it was not told of goes to the thread's group as ever.
     */
    @Test
    void shouldPassOnlyAnErrorItWasNotToldOfToTheThreadGroup() throws InterruptedException
    {
        final AtomicReference<Throwable> passedOn = new AtomicReference<>();
        final Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((thread, ex) -> passedOn.set(ex));
        try
        {
            final OutOfMemoryError reported = new OutOfMemoryError("reported");
            runOnAShardThread(() ->
            {
                handler.onError(reported);
                throw reported;
            });
            assertNull(passedOn.get());

            final OutOfMemoryError unreported = new OutOfMemoryError("not reported");
            runOnAShardThread(() ->
            {
                handler.onError(reported);
                throw unreported;
            });
            assertSame(unreported, passedOn.get());
        }
        finally
        {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    private static void runOnAShardThread(final Runnable task) throws InterruptedException
    {
        final Thread thread = EngineErrorHandler.newShardThread(task);
        thread.start();
        thread.join();
    }
}
