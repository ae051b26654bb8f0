package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static io.concurrengine.tools.soak.report.SoakFixtures.cleanTotals;
import static io.concurrengine.tools.soak.report.SoakFixtures.histogram;
import static io.concurrengine.tools.soak.report.SoakFixtures.steadyRun;
import static io.concurrengine.tools.soak.report.SoakFixtures.summary;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SoakSummaryTest
{
    @Test
    void shouldWriteEveryComponentAsAJsonMember()
    {
        final Map<String, Object> json = parse(summary(steadyRun(60), cleanTotals(), histogram(1_000), List.of()));

        final Set<String> top = new TreeSet<>(Set.of("formatVersion", "healthy", "eventsPerSecond",
            "allocatedBytesPerEvent"));
        top.addAll(componentNames(SoakSummary.class));
        assertEquals(top, json.keySet());
        assertMembers(json, "run", SoakRun.class, "paced", "targetEventsPerSecond");
        assertMembers(json, "totals", SoakTotals.class, "refused", "lost");
        assertMembers(json, "latency", SoakLatency.class);
        assertMembers(json, "resources", SoakResources.class);
    }

    @Test
    void shouldWriteTheVerdictAndDerivedFigures()
    {
        final SoakTotals totals = new SoakTotals(1_000, 990, 3, 4, 1_500, 0, 0, 0);
        final Map<String, Object> json =
            parse(summary(steadyRun(60), totals, histogram(1_000), List.of("No lost inputs: 3 lost")));

        assertEquals(Boolean.FALSE, json.get("healthy"));
        assertEquals(List.of("No lost inputs: 3 lost"), json.get("reasons"));
        assertEquals(new BigDecimal(25), json.get("eventsPerSecond"));
        assertEquals(new BigDecimal(3), member(json, "totals").get("lost"));
        assertEquals(new BigDecimal(7), member(json, "totals").get("refused"));
    }

    /**
     * {@code totals.unsentDueInputs}: the inputs a paced feed left due but never sent, as {@code run --json}'s member of
     * that name counts them.
     */
    @Test
    void shouldWriteTheInputsDueButNeverSent()
    {
        final SoakTotals behind = new SoakTotals(1_000, 1_000, 0, 0, 1_000, 0, 0, 250);

        final Map<String, Object> totals =
            member(parse(summary(steadyRun(60), behind, histogram(1_000), List.of())), "totals");

        assertEquals(new BigDecimal(250), totals.get("unsentDueInputs"), totals.toString());
    }

    /**
     * The paced rate counts inputs: {@code targetInputsPerSecond}; its first name, {@code targetEventsPerSecond},
     * stays beside it with the same number for the readers of earlier summaries.
     */
    @Test
    void shouldWriteThePacedRateAsInputsAndUnderItsOldName()
    {
        final Map<String, Object> run =
            member(parse(summary(steadyRun(60), cleanTotals(), histogram(1_000), List.of())), "run");

        assertEquals(new BigDecimal(100_000), run.get("targetInputsPerSecond"), run.toString());
        assertEquals(new BigDecimal(100_000), run.get("targetEventsPerSecond"), run.toString());
    }

    @Test
    void shouldKeepTheConfigurationTextIntact()
    {
        final SoakSummary summary = summary(steadyRun(1), cleanTotals(), histogram(10), List.of());

        assertEquals(summary.run().engineConfig(), member(parse(summary), "run").get("engineConfig"));
    }

    @Test
    void shouldWriteTheSameTextTwice()
    {
        final SoakSummary summary = summary(steadyRun(60), cleanTotals(), histogram(1_000), List.of());

        assertEquals(summary.toJson(), summary(steadyRun(60), cleanTotals(), histogram(1_000), List.of()).toJson());
    }

    @Test
    void shouldBeHealthyOnlyWithoutReasons()
    {
        assertTrue(summary(steadyRun(1), cleanTotals(), histogram(10), List.of()).healthy());
        assertFalse(summary(steadyRun(1), cleanTotals(), histogram(10), List.of("engine failed")).healthy());
    }

    /**
     * A run of no duration that dispatched nothing (its feed was empty) has rates of 0, not NaN, which JSON cannot
     * hold.
     */
    @Test
    void shouldGiveARunOfNoTimeAndNoEventsRatesOfZero()
    {
        final SoakSummary summary = SoakFixtures.summary(List.of(), new SoakTotals(0, 0, 0, 0, 0, 0, 0, 0),
            SoakFixtures.histogram(1), List.of());

        assertEquals(0.0, summary.eventsPerSecond());
        assertEquals(0.0, summary.allocatedBytesPerEvent());
    }

    @Test
    void shouldRejectNegativeCounts()
    {
        assertThrows(IllegalArgumentException.class, () -> new SoakTotals(1, 1, 0, 0, -1, 0, 0, 0));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> parse(final SoakSummary summary)
    {
        return (Map<String, Object>)MiniJson.parse(summary.toJson());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> member(final Map<String, Object> json, final String name)
    {
        return (Map<String, Object>)json.get(name);
    }

    private static void assertMembers(
        final Map<String, Object> json, final String name, final Class<?> record, final String... derived)
    {
        final Set<String> expected = componentNames(record);
        expected.addAll(List.of(derived));
        assertEquals(expected, member(json, name).keySet(), name);
    }

    private static Set<String> componentNames(final Class<?> record)
    {
        final Set<String> names = new TreeSet<>();
        for (final RecordComponent component : record.getRecordComponents())
        {
            names.add(component.getName());
        }
        return names;
    }
}
