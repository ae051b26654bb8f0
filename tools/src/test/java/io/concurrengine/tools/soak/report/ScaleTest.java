package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
}
