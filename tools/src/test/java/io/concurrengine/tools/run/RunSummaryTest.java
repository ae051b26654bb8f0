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

    @Test
    void shouldGiveNoJournaledLatencyInJsonWithoutAJournal()
    {
        final String unjournaled = stoppedEarly(null).toJson();
        assertTrue(unjournaled.contains("\"journaledLatencyNanos\":null,\"journalDir\":null,"), unjournaled);

        final String journaled = stoppedEarly("data/journal").toJson();
        assertTrue(journaled.contains("\"journaledLatencyNanos\":{\"p50\":1000,"), journaled);
    }

    @Test
    void shouldNameTheBackpressureThatRefusedInputs()
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        final RunSummary refusing = new RunSummary(995, 1_000, 5, 995, 0, 1_000_000_000L, 2, "event-time", 0, 42, 0,
            latency, latency, null, 0, 0, 0x1234, null, null, null, 0, 0, false, 0, "drop");
        assertTrue(refusing.toText().contains(", refused 5 (engine.backpressure = drop: never dispatched nor " +
            "journaled), "), refusing.toText());
        assertTrue(refusing.toJson().contains("\"refused\":5,\"backpressure\":\"drop\""), refusing.toJson());
        assertTrue(summary(null, 0, 0).toText().contains(", refused 0, "), "nothing said when nothing was refused");
    }

    @Test
    void shouldSayWhetherTheRunWasWarmedUp()
    {
        final RunSummary warmed = summary("data/journal", 2_500_000_000L);
        assertTrue(warmed.toText().contains("rate max, after a 2.5 s warm-up, seed 42,"), warmed.toText());
        assertTrue(warmed.toJson().contains("\"warmupSeconds\":2.5,"), warmed.toJson());

        final RunSummary cold = stoppedEarly("data/journal");
        assertFalse(cold.toText().contains("warm-up"), cold.toText());
        assertTrue(cold.toJson().contains("\"warmupSeconds\":0.0,"), cold.toJson());
    }

    @Test
    void shouldSayWhatTheLatencyOfAnUnpacedOrColdPacedRunIncludes()
    {
        final String unpaced = summary("data/journal", 0, 0).toText();
        assertTrue(unpaced.contains("\n     rate max: the latency includes the time inputs wait in the rings; pace the " +
            "feed (--rate) for the engine's own latency\njournal: "), unpaced);

        final String cold = summary("data/journal", 0, 500_000).toText();
        assertTrue(cold.contains("\n     paced without a warm-up: the latency includes the JIT's first seconds; " +
            "--warmup 5s measures the compiled engine\njournal: "), cold);

        final String warmed = summary(null, 5_000_000_000L, 500_000).toText();
        assertFalse(warmed.contains("the latency includes"), warmed);
    }

    private static RunSummary stoppedEarly(final String journalDir)
    {
        return summary(journalDir, 0, 0);
    }

    private static RunSummary summary(final String journalDir, final long warmupNanos)
    {
        return summary(journalDir, warmupNanos, 0);
    }

    private static RunSummary summary(final String journalDir, final long warmupNanos, final double rate)
    {
        final Histogram latency = new Histogram(3);
        latency.recordValue(1_000);
        return new RunSummary(1_000, 1_000, 0, 1_000, 0, 1_000_000_000L, 2, "event-time", rate, 42, warmupNanos, latency,
            latency, journalDir, null == journalDir ? 0 : 13_000, null == journalDir ? 0 : 1 << 20, 0x1234, null, null,
            null, 0, 0, true, 0, "block");
    }
}
