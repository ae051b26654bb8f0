package io.concurrengine.tools.soak;

import io.concurrengine.tools.run.RunSummary;
import io.concurrengine.tools.soak.report.SoakRun;
import io.concurrengine.tools.soak.report.SoakTotals;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakCommandTest
{
    @Test
    void shouldReportInputsThatNeverReachedAShardOnceAsLost()
    {
        final RunSummary run = runSummary(990, 1_000, 0);
        final SoakTotals totals = SoakCommand.totals(run, "block");

        final List<String> reasons = SoakCommand.reasons(run, false, soakRun(), totals, List.of());

        assertEquals(10, totals.lost());
        assertEquals(1, reasons.size(), reasons.toString());
        assertTrue(reasons.get(0).startsWith("No lost inputs: 10 lost = published 1,000 − accepted 990 − refused 0"),
            reasons.toString());
    }

    /**
     * @return a finished 2 s run without failure that published {@code published} inputs, of which the ring refused
     * {@code refused} and the shards took {@code inputs}.
     */
    private static RunSummary runSummary(final long inputs, final long published, final long refused)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(inputs, published, refused, inputs, 0, 2_000_000_000L, 2, "event-time", 500, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "block");
    }

    private static SoakRun soakRun()
    {
        return new SoakRun("soak --duration 2s --rate 500", "2025-01-31T09:00:00Z", 2, 500, 2, 2, "17", "", false,
            0, false);
    }
}
