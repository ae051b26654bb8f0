package io.concurrengine.tools.journal;

import io.concurrengine.pipeline.replay.ReplayResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Timeout(60)
class ShardReplaysTest
{
    private static final ThreadFactory DAEMONS = runnable ->
    {
        final Thread thread = new Thread(runnable, "replay");
        thread.setDaemon(true);
        return thread;
    };

    private static ReplayResult result(final int shard)
    {
        return new ReplayResult(shard, 1, 0, 1, 0xa0 + shard, 1_000L, null, null, false, false, -1, 0);
    }

    /**
     * Results come back in the order the replays were given, whichever thread ran each and whenever it ended.
     */
    @Test
    void shouldGiveEachReplaysResultInTheOrderGiven()
    {
        final List<Callable<ReplayResult>> replays = new ArrayList<>();
        for (int i = 0; i < 5; i++)
        {
            final int shard = i;
            replays.add(() ->
            {
                Thread.sleep(5L * (5 - shard)); // later shards end first
                return result(shard);
            });
        }
        final ShardReplays outcomes = new ShardReplays(replays, 2, DAEMONS).start();
        assertEquals(5, outcomes.size());
        for (int i = 0; i < 5; i++)
        {
            outcomes.awaitEnd(i);
            assertEquals(i, outcomes.outcome(i).shardId());
            assertEquals(0xa0 + i, outcomes.outcome(i).stateHash());
        }
    }

    /**
     * A replay that runs the heap out ends with that error, as itself, and the replays after it on the same thread
     * still run: their memory is another matter.
     */
    @Test
    void shouldKeepAnOutOfMemoryErrorAndGoOnWithTheNextReplay()
    {
        final OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        final List<Callable<ReplayResult>> replays = List.of(() ->
        {
            throw heap;
        }, () -> result(1));
        final ShardReplays outcomes = new ShardReplays(replays, 1, DAEMONS).start();
        outcomes.awaitEnd(0);
        assertSame(heap, assertThrows(OutOfMemoryError.class, () -> outcomes.outcome(0)));
        outcomes.awaitEnd(1);
        assertEquals(1, outcomes.outcome(1).shardId());
    }

    /**
     * A checked exception is wrapped once; a runtime exception is given as itself.
     */
    @Test
    void shouldGiveWhatAReplayThrew()
    {
        final IllegalArgumentException bad = new IllegalArgumentException("bad");
        final Exception checked = new Exception("checked");
        final List<Callable<ReplayResult>> replays = List.of(() ->
        {
            throw bad;
        }, () ->
        {
            throw checked;
        });
        final ShardReplays outcomes = new ShardReplays(replays, 2, DAEMONS).start();
        outcomes.awaitEnd(0);
        outcomes.awaitEnd(1);
        assertSame(bad, assertThrows(IllegalArgumentException.class, () -> outcomes.outcome(0)));
        assertSame(checked, assertThrows(IllegalStateException.class, () -> outcomes.outcome(1)).getCause());
    }

    /**
     * A thread that ended without leaving its replays an outcome (as one whose error could not even be stored) ends the
     * wait with a failure that says so, for its replay and the ones it had still to run, rather than a wait forever:
     * replay once hung so when the heap ran out inside FutureTask.setException.
     */
    @Test
    void shouldNotWaitForeverForAThreadThatEndedWithoutAnOutcome()
    {
        final ThreadFactory dying = runnable -> new Thread(() ->
        {
        }, "replay");
        final List<Callable<ReplayResult>> replays = List.of(() -> result(0), () -> result(1));
        final ShardReplays outcomes = new ShardReplays(replays, 1, dying).start();
        for (int i = 0; i < 2; i++)
        {
            final int index = i;
            outcomes.awaitEnd(index);
            final IllegalStateException ex = assertThrows(IllegalStateException.class, () -> outcomes.outcome(index));
            assertEquals("its replay thread replay ended without a result or an error to report (standard error " +
                "says what ended it)", ex.getMessage());
        }
    }

    /**
     * An interrupt while waiting ends the wait and stays set, as {@code Future.get}'s did.
     */
    @Test
    void shouldEndTheWaitOnAnInterrupt() throws InterruptedException
    {
        final CountDownLatch release = new CountDownLatch(1);
        final ShardReplays outcomes = new ShardReplays(List.of(() ->
        {
            release.await();
            return result(0);
        }), 1, DAEMONS).start();
        Thread.currentThread().interrupt();
        try
        {
            assertEquals("interrupted while replaying",
                assertThrows(IllegalStateException.class, () -> outcomes.awaitEnd(0)).getMessage());
            assertTrue(Thread.interrupted());
        }
        finally
        {
            release.countDown();
        }
        outcomes.awaitEnd(0);
        assertEquals(0, outcomes.outcome(0).shardId());
    }

    @Test
    void shouldRefuseNoThreads()
    {
        assertThrows(IllegalArgumentException.class, () -> new ShardReplays(List.of(), 0, DAEMONS));
    }
}
