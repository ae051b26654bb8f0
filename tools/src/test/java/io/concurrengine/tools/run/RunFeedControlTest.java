package io.concurrengine.tools.run;

import io.concurrengine.model.market.OrderFlowConfig;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.feed.PacedFeed;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunFeedControlTest
{
    /**
     * The run's control loop waits here between its ticks: it must see the feed's end when it comes, or the run's
     * elapsed time (and its events/s) takes in the rest of a tick, which for a short run is most of it.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldStopWaitingAsSoonAsTheFeedEnds() throws Exception
    {
        final CountDownLatch release = new CountDownLatch(1);
        final PacedFeed feed = heldFeed(release);
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        control.start(feed);

        control.awaitEnd(50);
        assertFalse(feed.finished(), "the feed is held in its first publish: the wait ends at its limit");

        release.countDown();
        control.awaitEnd(TimeUnit.HOURS.toMillis(1)); // the test's timeout fails a wait that outlasts the feed
        assertTrue(feed.finished());
        assertEquals(1, feed.published());
    }

    /**
     * The warm-up's feed runs on the control thread, to its end; once a stop was asked for, a warm-up's feed that
     * comes after it is not run at all.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldRunAWarmUpsFeedHereToItsEndUnlessAStopWasAskedForBeforeIt()
    {
        final Thread here = Thread.currentThread();
        final boolean[] elsewhere = {false};
        final PacedFeed feed = feed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            elsewhere[0] |= Thread.currentThread() != here;
            return 0;
        }, 100);
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));

        control.runHere(feed);

        assertTrue(feed.finished());
        assertEquals(100, feed.published());
        assertFalse(elsewhere[0], "published on the thread that ran it");
        assertFalse(control.stopRequested());

        control.requestStop();
        final PacedFeed after = feed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, 100);
        control.runHere(after);

        assertTrue(control.stopRequested());
        assertFalse(after.finished(), "not run");
        assertEquals(0, after.published());
    }

    /**
     * A stop asked for before the measured run's feed starts stops it before its first input.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldStartAFeedStoppedWhenAStopWasAskedForBeforeIt()
    {
        final PacedFeed feed = feed((target, type, feedTime, a0, a1, a2, a3, intended) -> 0, 0);
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        control.requestStop();

        control.start(feed);
        control.join();

        assertTrue(feed.finished());
        assertEquals(0, feed.published());
    }

    /**
     * A feed file's thread is interrupted by a stop: that is what releases a read waiting for the next line of a
     * pipe (its channel closes). Here the feed waits in its sink instead, which sees the interrupt.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldInterruptAFeedFilesThreadToStopIt() throws Exception
    {
        final CountDownLatch publishing = new CountDownLatch(1);
        final CountDownLatch never = new CountDownLatch(1);
        final boolean[] interrupted = {false};
        final PacedFeed feed = feed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            publishing.countDown();
            try
            {
                never.await();
            }
            catch (final InterruptedException ex)
            {
                interrupted[0] = true;
            }
            return 0;
        }, 0);
        final RunFeedControl control =
            new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of("feed.file", "feed.csv")));
        control.start(feed);
        publishing.await();

        control.stop();
        control.join();

        assertTrue(feed.finished(), "the interrupt ended the wait in the sink, the stop the feed");
        assertTrue(interrupted[0]);
        assertEquals(1, feed.published());
    }

    /**
     * An interrupt of the control thread ends its wait for the feed and is kept for the code after it.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldEndAWaitForTheFeedAtAnInterruptAndKeepIt()
    {
        final CountDownLatch release = new CountDownLatch(1);
        final PacedFeed feed = heldFeed(release);
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        control.start(feed);

        Thread.currentThread().interrupt();
        control.awaitEnd(TimeUnit.HOURS.toMillis(1)); // the test's timeout fails a wait the interrupt did not end

        assertTrue(Thread.interrupted(), "the interrupt is kept");
        release.countDown();
        control.join();
        assertTrue(feed.finished());
    }

    /**
     * A stop asked for while the control thread opens a network feed interrupts the open (a connection attempt to an
     * upstream that does not answer); the interrupt is not left set for what the thread does next, but an interrupt
     * of the caller's own, set before, is kept. Once a stop was asked for, nothing is opened.
     */
    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void shouldInterruptAnOpenWhenAStopIsAskedForAndLeaveNoInterruptOfItsOwn()
    {
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        final String opened = control.openInterruptibly(() ->
        {
            new Thread(control::requestStop).start();
            try
            {
                new CountDownLatch(1).await(); // the connection attempt, released only by the interrupt
                return "not interrupted";
            }
            catch (final InterruptedException ex)
            {
                return "interrupted";
            }
        });

        assertEquals("interrupted", opened);
        assertFalse(Thread.currentThread().isInterrupted(), "the stop's interrupt is not left set");
        assertEquals(null, control.openInterruptibly(() -> "opened"), "nothing is opened after a stop");

        final RunFeedControl caller = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        Thread.currentThread().interrupt();
        assertEquals("opened", caller.openInterruptibly(() -> "opened"));
        assertTrue(Thread.interrupted(), "the caller's own interrupt is kept");
    }

    /**
     * @return a feed of one input whose publish waits until {@code release} is counted down.
     */
    private static PacedFeed heldFeed(final CountDownLatch release)
    {
        return feed((target, type, feedTime, a0, a1, a2, a3, intended) ->
        {
            try
            {
                release.await();
            }
            catch (final InterruptedException ex)
            {
                Thread.currentThread().interrupt();
            }
            return 0;
        }, 1);
    }

    /**
     * @return an unpaced feed of the synthetic flow into {@code sink}, of {@code inputs} inputs (0: no limit).
     */
    private static PacedFeed feed(final PacedFeed.Sink sink, final long inputs)
    {
        return new PacedFeed(sink, new OrderFlowConfig().seed(7), 0, PacedFeed.Pacing.PARK, inputs, 0,
            PacedFeed.NO_DEADLINE);
    }
}
