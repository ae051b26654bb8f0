package io.concurrengine.pipeline;

import org.agrona.ErrorHandler;
import org.agrona.concurrent.IdleStrategy;

import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/**
 * A shard runner's idle strategy: the configured one, followed by a check of the thread's interrupt flag.
 * <p>
 * Agrona's {@code AgentRunner} ends its thread when the flag is set after a unit of work that found nothing to do. A
 * shard that ended so would drop out silently while the engine runs. This strategy reads (and clears) the flag right
 * after idling, the moment before the runner reads it. So an interrupt set by a handler, or one arriving during a
 * park, is cleared and reported ({@link ShardInterruptedWarning}); once the engine is closing the runner it is
 * cleared without a report. An interrupt that lands in the few instructions between the two reads still ends the
 * thread; the shard then reports itself failed when it closes ({@link ShardAgent#onClose()}).
 * <p>
 * The check costs one read of a field of the current thread per unit of work.
 * <p>
 * A configured strategy whose {@code idle()} throws is reported once ({@link IdleStrategyFailedException}, which
 * fails the engine) and not called again: the runner would report an exception at every turn of the shard's loop, and
 * rethrow an {@link Error}, ending the thread without closing the shard's journal. The shard then parks for
 * {@value #FALLBACK_PARK_NANOS} ns when it finds no work, and still drains what it accepted.
 */
final class ShardIdleStrategy implements IdleStrategy
{
    /** How long a shard whose idle strategy threw parks when idle: the default's longest at a shard a core. */
    static final long FALLBACK_PARK_NANOS = 100_000;

    private final IdleStrategy delegate;
    private final int shardId;
    private final BooleanSupplier closing;
    private final ErrorHandler errorHandler;
    private long interrupts;
    /** Set once the configured strategy has thrown: it is not called again. */
    private boolean delegateFailed;

    /**
     * @param delegate     the configured idle strategy.
     * @param shardId      the shard whose thread idles with it.
     * @param closing      whether the engine has begun to close the shard's runner
     *                     ({@link ShardAgent#closeRequested()}).
     * @param errorHandler where an interrupt is reported.
     */
    ShardIdleStrategy(
        final IdleStrategy delegate, final int shardId, final BooleanSupplier closing, final ErrorHandler errorHandler)
    {
        this.delegate = delegate;
        this.shardId = shardId;
        this.closing = closing;
        this.errorHandler = errorHandler;
    }

    @Override
    public void idle(final int workCount)
    {
        if (delegateFailed)
        {
            if (workCount <= 0)
            {
                LockSupport.parkNanos(FALLBACK_PARK_NANOS);
            }
        }
        else
        {
            try
            {
                delegate.idle(workCount);
            }
            catch (final Throwable ex) // an Error too: the shard itself is sound, and drains as any shard does
            {
                onDelegateFailure(ex);
            }
        }
        clearInterrupt();
    }

    @Override
    public void idle()
    {
        if (delegateFailed)
        {
            LockSupport.parkNanos(FALLBACK_PARK_NANOS);
        }
        else
        {
            try
            {
                delegate.idle();
            }
            catch (final Throwable ex)
            {
                onDelegateFailure(ex);
            }
        }
        clearInterrupt();
    }

    private void onDelegateFailure(final Throwable ex)
    {
        delegateFailed = true;
        errorHandler.onError(new IdleStrategyFailedException(shardId, ex));
    }

    @Override
    public void reset()
    {
        delegate.reset();
    }

    @Override
    public String alias()
    {
        return delegate.alias();
    }

    /**
     * @return the interrupts cleared so far.
     */
    long interrupts()
    {
        return interrupts;
    }

    private void clearInterrupt()
    {
        // Once the engine closes the runner, the thread ends at its next check of the runner's flag whatever its
        // interrupt flag says, and an interrupt is the runner's own (to free a handler): cleared, not reported.
        if (Thread.interrupted() && !closing.getAsBoolean())
        {
            final long count = ++interrupts;
            if (Long.bitCount(count) == 1) // the 1st, 2nd, 4th, 8th, ...
            {
                errorHandler.onError(new ShardInterruptedWarning(shardId, count));
            }
        }
    }

    @Override
    public String toString()
    {
        return "ShardIdleStrategy{" + delegate + '}';
    }
}
