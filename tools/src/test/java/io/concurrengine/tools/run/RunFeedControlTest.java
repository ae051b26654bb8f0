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
        final PacedFeed feed = new PacedFeed((target, type, feedTime, a0, a1, a2, a3, intended) ->
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
        }, new OrderFlowConfig().seed(7), 0, PacedFeed.Pacing.PARK, 1, 0, System.nanoTime());
        final RunFeedControl control = new RunFeedControl(new ConfigLoader().load(null, Map.of(), Map.of()));
        control.start(feed);

        control.awaitEnd(50);
        assertFalse(feed.finished(), "the feed is held in its first publish: the wait ends at its limit");

        release.countDown();
        control.awaitEnd(TimeUnit.HOURS.toMillis(1)); // the test's timeout fails a wait that outlasts the feed
        assertTrue(feed.finished());
        assertEquals(1, feed.published());
    }
}
