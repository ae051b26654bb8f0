package io.concurrengine.pipeline;

import org.agrona.concurrent.IdleStrategy;
import org.agrona.concurrent.NoOpIdleStrategy;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ShardIdleStrategyTest
{
    private final List<Throwable> reports = new ArrayList<>();
    private final AtomicBoolean closing = new AtomicBoolean();
    private final ShardIdleStrategy idle = new ShardIdleStrategy(new NoOpIdleStrategy(), 3, closing::get, reports::add);

    @AfterEach
    void clearFlag()
    {
        Thread.interrupted();
    }

    @Test
    void shouldClearEveryInterruptAndReportThe1st2nd4thAnd8thAndSoOn()
    {
        idle.idle(0);
        assertEquals(List.of(), reports, "no interrupt, nothing to report");
        final List<Long> reported = new ArrayList<>();
        for (int i = 1; i <= 20; i++)
        {
            Thread.currentThread().interrupt();
            idle.idle(i % 2); // whatever the work count: the runner reads the flag right after
            assertFalse(Thread.currentThread().isInterrupted(), "cleared before the runner reads it, interrupt " + i);
        }
        for (final Throwable report : reports)
        {
            final ShardInterruptedWarning warning = (ShardInterruptedWarning)report;
            assertEquals(3, warning.shardId());
            assertTrue(warning.warning());
            reported.add(warning.interrupts());
        }
        assertEquals(List.of(1L, 2L, 4L, 8L, 16L), reported);
        assertEquals(20, idle.interrupts());
        assertTrue(reports.get(0).getMessage().startsWith("shard=3 thread was interrupted (1 time so far); the flag " +
            "was cleared and the shard carries on"), reports.get(0).getMessage());
        assertTrue(reports.get(1).getMessage().startsWith("shard=3 thread was interrupted (2 times so far)"),
            reports.get(1).getMessage());
    }

    @Test
    void shouldClearWithoutAReportOnceTheEngineClosesTheRunner()
    {
        closing.set(true);
        Thread.currentThread().interrupt();
        idle.idle();
        assertFalse(Thread.currentThread().isInterrupted());
        assertEquals(List.of(), reports, "the runner's own interrupt, freeing a handler as the shard stops");
        assertEquals(0, idle.interrupts());
    }

    @Test
    void shouldIdleResetAndNameItselfAsTheConfiguredStrategyDoes()
    {
        final List<String> calls = new ArrayList<>();
        final IdleStrategy configured = new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                calls.add("idle(" + workCount + ")");
            }

            @Override
            public void idle()
            {
                calls.add("idle()");
            }

            @Override
            public void reset()
            {
                calls.add("reset()");
            }

            @Override
            public String alias()
            {
                return "configured";
            }

            @Override
            public String toString()
            {
                return "Configured";
            }
        };
        final ShardIdleStrategy shard = new ShardIdleStrategy(configured, 0, closing::get, reports::add);
        shard.idle(3);
        shard.idle();
        shard.reset();
        assertEquals(List.of("idle(3)", "idle()", "reset()"), calls);
        assertEquals("configured", shard.alias());
        assertEquals("ShardIdleStrategy{Configured}", shard.toString());
        assertEquals(List.of(), reports);
    }

    /**
     * A configured strategy that throws was passed through to the runner, which reported it raw at every turn of the
     * shard's loop; now it is told once, naming the shard, and not called again, and interrupts are still cleared.
     */
    @Test
    void shouldReportAConfiguredStrategyThatThrowsOnceAndNotCallItAgain()
    {
        final List<String> calls = new ArrayList<>();
        final IllegalStateException thrown = new IllegalStateException("no idling here");
        final IdleStrategy configured = new IdleStrategy()
        {
            @Override
            public void idle(final int workCount)
            {
                calls.add("idle(" + workCount + ")");
                throw thrown;
            }

            @Override
            public void idle()
            {
                calls.add("idle()");
                throw thrown;
            }

            @Override
            public void reset()
            {
            }
        };
        final ShardIdleStrategy shard = new ShardIdleStrategy(configured, 2, closing::get, reports::add);
        shard.idle(1);
        shard.idle(1);
        Thread.currentThread().interrupt();
        shard.idle(0);
        shard.idle();
        assertFalse(Thread.currentThread().isInterrupted(), "cleared before the runner reads it");

        assertEquals(List.of("idle(1)"), calls);
        assertEquals(2, reports.size(), reports::toString);
        final IdleStrategyFailedException failure = (IdleStrategyFailedException)reports.get(0);
        assertEquals(2, failure.shardId());
        assertFalse(failure.warning());
        assertTrue(failure.getCause() == thrown);
        assertEquals(1L, ((ShardInterruptedWarning)reports.get(1)).interrupts());
    }
}
