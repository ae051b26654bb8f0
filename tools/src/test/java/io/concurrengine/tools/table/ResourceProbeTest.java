package io.concurrengine.tools.table;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ResourceProbeTest
{
    @Test
    void shouldTimeTheColdStartToTheFirstEngineRunningTheWarmUpsWhenThereIsOne() throws InterruptedException
    {
        final ResourceProbe probe = new ResourceProbe();
        final long before = uptime();
        probe.onWarmUpStart(null);
        final long after = uptime();
        Thread.sleep(20);
        probe.onStart(null, System.nanoTime());

        final long coldStart = probe.coldStartMillis();
        assertTrue(before <= coldStart && coldStart <= after,
            "the warm-up engine's start, not the measured engine's: " + before + " <= " + coldStart + " <= " + after);
    }

    @Test
    void shouldTimeTheColdStartToTheMeasuredEngineWithoutAWarmUp()
    {
        final ResourceProbe probe = new ResourceProbe();
        assertEquals(-1, probe.coldStartMillis(), "not measured before any engine ran");
        final long before = uptime();
        probe.onStart(null, System.nanoTime());
        final long after = uptime();

        assertTrue(before <= probe.coldStartMillis() && probe.coldStartMillis() <= after, "" + probe.coldStartMillis());
    }

    private static long uptime()
    {
        return ManagementFactory.getRuntimeMXBean().getUptime();
    }
}
