package io.concurrengine.pipeline;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.status.AtomicCounter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The engine's error handler: every error of the shards, of their threads and of starting and stopping them comes
 * here. It counts the error (in the engine's error counter and, when the error names a shard, in that shard's; a
 * shard counts an {@link Error} its core's close throws itself, which names no shard), passes
 * it to the embedder's {@link EngineBuilder#errorHandler(ErrorHandler) error handler}, and, unless it is a handler's
 * failure ({@link HandlerFailedException}, the shard goes on) or a warning ({@link JournalBackgroundWarning},
 * {@link ShardInterruptedWarning}, {@link ShardStillRunningWarning}), keeps the first such error as the engine's
 * failure and moves the engine to FAILED, before it calls the embedder's handler (which so sees the engine FAILED).
 * <p>
 * Threadsafe: called on the shard threads and on the threads that start and stop the engine, at once. Of errors that
 * race, the first to set it becomes the failure ({@link #failure()}) and stays it; every one is counted and reported.
 * Never throws: what the embedder's handler throws is said on {@code System.err} and added to the error as a
 * suppressed exception, and the engine goes on as if the handler had returned. It allocates nothing of its own
 * before it calls the embedder's handler, so that an {@link OutOfMemoryError} of an exhausted heap is counted and
 * kept as the engine's failure; what cannot be said then (the heap still exhausted) goes unsaid.
 */
final class EngineErrorHandler implements ErrorHandler
{
    private static final VarHandle FIRST_FAILURE;

    static
    {
        try
        {
            FIRST_FAILURE =
                MethodHandles.lookup().findVarHandle(EngineErrorHandler.class, "firstFailure", Throwable.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    private final AtomicCounter errorCount;
    private final ShardCounters[] counters;
    private final ErrorHandler embedderHandler;
    private final Lifecycle lifecycle;
    private volatile Throwable firstFailure;

    /**
     * @param errorCount      the engine's error counter.
     * @param counters        each shard's counters, by shard.
     * @param embedderHandler the embedder's error handler.
     * @param lifecycle       the engine's lifecycle, moved to FAILED by a failure.
     */
    EngineErrorHandler(
        final AtomicCounter errorCount,
        final ShardCounters[] counters,
        final ErrorHandler embedderHandler,
        final Lifecycle lifecycle)
    {
        this.errorCount = errorCount;
        this.counters = counters;
        this.embedderHandler = embedderHandler;
        this.lifecycle = lifecycle;
    }

    @Override
    public void onError(final Throwable error)
    {
        if (error instanceof Error)
        {
            // Agrona's runner rethrows it on a shard's thread: see newShardThread. Kept in a field of that thread, not
            // a ThreadLocal, whose first write on a thread allocates: an OutOfMemoryError would be thrown from here
            final Thread thread = Thread.currentThread();
            if (thread instanceof ShardThread)
            {
                ((ShardThread)thread).reportedError = error;
            }
        }
        errorCount.increment();
        final int shard = error instanceof ShardError ? ((ShardError)error).shardId() : -1;
        if (shard >= 0)
        {
            counters[shard].errors.increment();
        }
        if (!(error instanceof HandlerFailedException || error instanceof ShardError && ((ShardError)error).warning()))
        {
            // a compare-and-set, not a check then a write: of two failures that race, the later must not replace
            // the earlier after a reader has seen it (EngineErrorHandlerLincheckTest); pairs with failure()'s read
            FIRST_FAILURE.compareAndSet(this, null, error);
            lifecycle.tryMoveTo(EngineState.FAILED);
        }
        // after the failure is kept: the engine refuses input from now on, however long the embedder's handler takes,
        // and is FAILED even if that handler throws
        try
        {
            embedderHandler.onError(error);
        }
        catch (final Throwable thrown)
        {
            // Thrown on a shard's thread, it would end that thread where no one catches it, without closing its
            // journal (the last block unwritten, no END block); a handler that stops the engine from a shard's thread,
            // which refuses, does it. Said, kept with the error, and otherwise as if the handler had returned.
            try
            {
                if (thrown != error)
                {
                    error.addSuppressed(thrown);
                }
                // described, not concatenated: a toString() that throws would throw from here in turn
                System.err.println("concurrengine: the engine's error handler threw " +
                    HandlerFailedException.describe(thrown) + " when told of " +
                    HandlerFailedException.describe(error) + "; the engine goes on as if it had returned");
            }
            catch (final Throwable unsaid)
            {
                // the heap exhausted (the handler's own OutOfMemoryError, say) or stderr gone: nothing more can be
                // said, and this handler never throws
            }
        }
    }

    /**
     * @param runnable what the thread runs: a shard's agent runner.
     * @return a thread for a shard, not started, whose uncaught-exception handler does not print again an
     * {@link Error} this handler was told of on it (Agrona's runner reports an Error, then rethrows it, ending the
     * thread: an out-of-memory building a shard's core, say), since the engine's failure and the embedder's handler
     * have it; anything else goes where it would have gone without this handler (the thread's group: the default
     * uncaught-exception handler, or a printed stack trace).
     */
    static Thread newShardThread(final Runnable runnable)
    {
        final ShardThread thread = new ShardThread(runnable);
        thread.setUncaughtExceptionHandler(EngineErrorHandler::uncaught);
        return thread;
    }

    private static void uncaught(final Thread thread, final Throwable ex)
    {
        if (!(thread instanceof ShardThread && ((ShardThread)thread).reportedError == ex))
        {
            thread.getThreadGroup().uncaughtException(thread, ex);
        }
    }

    /**
     * @return the first failure that moved the engine to FAILED, or null (a volatile read).
     */
    Throwable failure()
    {
        return firstFailure;
    }

    /**
     * A shard's thread, which holds the last {@link Error} reported on it: read only on it, as it ends.
     */
    static final class ShardThread extends Thread
    {
        private Throwable reportedError;

        ShardThread(final Runnable runnable)
        {
            super(runnable);
        }
    }
}
