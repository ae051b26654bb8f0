package io.concurrengine.tools.run;

import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunSummaryTest
{
    @Test
    void shouldSayTheInputsOfARunStoppedEarlyWereJournaledOnlyWhenItHadAJournal()
    {
        final String journaled = stoppedEarly("data/journal").toText();
        assertTrue(journaled.contains("accepted until then, all of them journaled"), journaled);

        final String unjournaled = stoppedEarly(null).toText();
        assertTrue(unjournaled.contains("accepted until then, all of them dispatched"), unjournaled);
        assertTrue(unjournaled.contains("journal: off"), unjournaled);
        assertFalse(unjournaled.contains("journaled\n"), unjournaled);
    }

    private static RunSummary stoppedEarly(final String journalDir)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(1_000, 1_000, 0, 1_000, 0, 1_000_000_000L, 2, "event-time", 0, 42, latency, latency,
            journalDir, null == journalDir ? 0 : 13_000, null == journalDir ? 0 : 1 << 20, 0x1234, null, null, null, 0,
            0, true, 0);
    }
}
