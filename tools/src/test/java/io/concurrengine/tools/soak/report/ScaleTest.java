package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ScaleTest
{
    @Test
    void shouldMapNinetyNinePercentToTwoFifthsOfTheChart()
    {
        final SvgChart chart = new SvgChart("t", "t", "x", new PercentileScale(5), LogScale.covering(1, 10));

        assertEquals(SvgChart.LEFT + 0.4 * SvgChart.PLOT_WIDTH, chart.xPixel(99.0), 1e-9);
    }

    @Test
    void shouldSpaceTheNinesEvenly()
    {
        final PercentileScale scale = new PercentileScale(5);

        assertEquals(0.0, scale.fraction(0), 1e-12);
        assertEquals(0.2, scale.fraction(90), 1e-12);
        assertEquals(0.6, scale.fraction(99.9), 1e-12);
        assertEquals(1.0, scale.fraction(99.999), 1e-9);
        assertEquals(1.0, scale.fraction(100), 0);
    }

    @Test
    void shouldLabelThePercentileAxisInNines()
    {
        assertEquals(List.of("0%", "90%", "99%", "99.9%", "99.99%", "99.999%"),
            new PercentileScale(5).ticks().stream().map(Scale.Tick::label).toList());
    }

    @Test
    void shouldAddANinePerTenfoldSamplesFromAMillion()
    {
        assertEquals(5, PercentileScale.forSamples(1).decades());
        assertEquals(5, PercentileScale.forSamples(999_999).decades());
        assertEquals(6, PercentileScale.forSamples(1_000_000).decades());
        assertEquals(7, PercentileScale.forSamples(Long.MAX_VALUE).decades());
    }

    @Test
    void shouldCoverWholeDecadesOnALogScale()
    {
        final LogScale scale = LogScale.covering(3.2, 4_500);

        assertEquals(4, scale.decades());
        assertEquals(0.25, scale.fraction(10), 1e-12);
        assertTrue(Double.isNaN(scale.fraction(0)));
    }

    @Test
    void shouldEndALinearScaleOnARoundTick()
    {
        final LinearScale scale = LinearScale.values(117_000);

        assertEquals(125_000, scale.max(), 1e-9);
        assertEquals(List.of("0", "25,000", "50,000", "75,000", "100,000", "125,000"),
            scale.ticks().stream().map(Scale.Tick::label).toList());
    }

    @Test
    void shouldLabelShortRunsInSeconds()
    {
        final List<String> labels = LinearScale.seconds(60).ticks().stream().map(Scale.Tick::label).toList();

        assertEquals(List.of("0 s", "10 s", "20 s", "30 s", "40 s", "50 s", "60 s"), labels);
    }

    @Test
    void shouldLabelLongRunsAsAClock()
    {
        final List<String> labels = LinearScale.seconds(3_700).ticks().stream().map(Scale.Tick::label).toList();

        assertEquals(List.of("0:00:00", "0:10:00", "0:20:00", "0:30:00", "0:40:00", "0:50:00", "1:00:00"), labels);
    }

    @Test
    void shouldGiveAnAxisOfNoPositiveValueZeroToOne()
    {
        for (final double max : new double[]{0, -5, Double.NaN})
        {
            final LinearScale scale = LinearScale.values(max);
            assertEquals(1, scale.max(), 1e-12, "max=" + max);
            assertEquals(List.of("0.0", "0.2", "0.4", "0.6", "0.8", "1.0"), labels(scale), "decimals of the step");
        }
    }

    @Test
    void shouldEndALinearScaleOnAValueThatIsAlreadyATick()
    {
        final LinearScale scale = LinearScale.values(100);

        assertEquals(100, scale.max(), 1e-12);
        assertEquals(List.of("0", "20", "40", "60", "80", "100"), labels(scale));
        assertEquals(0.25, scale.fraction(25), 1e-12);
        assertEquals(1, scale.fraction(250), 0, "clamped");
    }

    @Test
    void shouldSwitchTheTimeAxisToAClockAtTwoMinutesAndToHoursAtOne()
    {
        assertEquals("s", LinearScale.seconds(119).unitCaption());
        assertEquals(List.of("0 s", "15 s", "30 s", "45 s", "60 s", "75 s", "90 s", "105 s"),
            labels(LinearScale.seconds(119)));
        assertEquals("m:ss", LinearScale.seconds(120).unitCaption());
        assertEquals(List.of("0:00", "0:15", "0:30", "0:45", "1:00", "1:15", "1:30", "1:45", "2:00"),
            labels(LinearScale.seconds(120)));
        assertEquals("m:ss", LinearScale.seconds(3_599).unitCaption());
        assertEquals(List.of("0:00", "10:00", "20:00", "30:00", "40:00", "50:00"), labels(LinearScale.seconds(3_599)));
        assertEquals("h:mm:ss", LinearScale.seconds(3_600).unitCaption());
        assertEquals(List.of("0:00:00", "0:10:00", "0:20:00", "0:30:00", "0:40:00", "0:50:00", "1:00:00"),
            labels(LinearScale.seconds(3_600)));
    }

    @Test
    void shouldTakeTenTicksOfAStepOnATimeAxisAndDoubleTheLongestStepBeyondIt()
    {
        assertEquals(List.of("0 s", "1 s", "2 s", "3 s", "4 s", "5 s", "6 s", "7 s", "8 s", "9 s", "10 s"),
            labels(LinearScale.seconds(10)));
        assertEquals(List.of("0 s", "1 s"), labels(LinearScale.seconds(0.5)), "at least a second");
        assertEquals(1, LinearScale.seconds(0.5).max(), 0);

        final LinearScale weeks = LinearScale.seconds(2_000_000);
        assertEquals(List.of(0.0, 345_600.0, 691_200.0, 1_036_800.0, 1_382_400.0, 1_728_000.0),
            weeks.ticks().stream().map(Scale.Tick::value).toList(), "four days a tick");
        assertEquals("96:00:00", weeks.ticks().get(1).label());
    }

    @Test
    void shouldCoverExactDecadesWithoutAnExtraOneAndAtLeastOne()
    {
        final LogScale exact = LogScale.covering(10, 1_000);
        assertEquals(2, exact.decades());
        assertEquals(0.5, exact.fraction(100), 1e-12);
        assertEquals(0, exact.fraction(1), 0, "clamped");

        assertEquals(1, LogScale.covering(10, 10).decades());
        assertEquals(List.of("10", "20", "50", "100"), labels(LogScale.covering(10, 10)));
        assertEquals(List.of("1", "2", "5", "10"), labels(LogScale.covering(0, 100)), "no positive minimum");
        assertEquals(List.of("1", "2", "5", "10"), labels(LogScale.covering(5, 0)), "no positive maximum");
        assertEquals(List.of("0.1", "0.2", "0.5", "1"), labels(LogScale.covering(0.25, 0.5)));
    }

    @Test
    void shouldLabelMinorTicksUpToTwoDecadesAndDrawThemUpToFour()
    {
        assertEquals(List.of("1", "2", "5", "10", "20", "50", "100"), labels(LogScale.covering(1, 100)));
        assertEquals(List.of("1", "", "", "10", "", "", "100", "", "", "1,000"), labels(LogScale.covering(1, 1_000)));
        assertEquals(List.of(1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0, 200.0, 500.0, 1_000.0),
            LogScale.covering(1, 1_000).ticks().stream().map(Scale.Tick::value).toList());
        assertEquals(13, LogScale.covering(1, 10_000).ticks().size());
        assertEquals(List.of("1", "10", "100", "1,000", "10,000", "100,000"), labels(LogScale.covering(1, 100_000)));
    }

    @Test
    void shouldTakeAPercentileAxisOfOneNineAndNoneOfNone()
    {
        assertEquals(List.of("0%", "90%"), labels(new PercentileScale(1)));
        assertEquals(List.of(0.0, 90.0), new PercentileScale(1).ticks().stream().map(Scale.Tick::value).toList());
        assertThrows(IllegalArgumentException.class, () -> new PercentileScale(0));
        assertTrue(Double.isNaN(new PercentileScale(5).fraction(Double.NaN)));
        assertEquals(5, PercentileScale.forSamples(0).decades());
    }

    private static List<String> labels(final Scale scale)
    {
        return scale.ticks().stream().map(Scale.Tick::label).toList();
    }
}
