package io.concurrengine.tools.soak.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where a chart draws what: on an x axis of 0 to 10 s and a y axis of 0 to 100, a second is 82 px to the right of the
 * plot's left edge at 64, and a unit of y 2.24 px up from its bottom at 258.
 */
class SvgChartTest
{
    private static final String RED = "#c00";

    @Test
    void shouldPlaceAValueAlongEachAxisByItsScale()
    {
        final SvgChart chart = chart();

        assertEquals(64, chart.xPixel(0), 1e-9);
        assertEquals(474, chart.xPixel(5), 1e-9);
        assertEquals(884, chart.xPixel(10), 1e-9);
        assertEquals(258, chart.yPixel(0), 1e-9);
        assertEquals(202, chart.yPixel(25), 1e-9);
        assertEquals(34, chart.yPixel(100), 1e-9);
        assertTrue(Double.isNaN(chart.yPixel(Double.NaN)));
    }

    @Test
    void shouldDrawALineThroughItsPointsAndLiftThePenAtAGap()
    {
        final String svg = render(chart().line("p", RED, 2,
            new Downsample.Points(new double[]{0, 1, 2, 3}, new double[]{50, Double.NaN, 25, 75})));

        assertTrue(svg.contains("<path fill=\"none\" stroke=\"#c00\" stroke-width=\"2\" stroke-linejoin=\"round\" " +
            "d=\"M64 146M228 202L310 90\"/>\n"), svg);
        assertFalse(svg.contains("<circle"), "a line of points has no markers: " + svg);
    }

    @Test
    void shouldMarkEachPointOfALineOfAtMostTwelvePoints()
    {
        final String two = render(chart().line("p", RED, 1.5, band(new double[]{0, 10}, new double[]{50, 100})));
        assertTrue(two.contains("stroke-width=\"1.5\" stroke-linejoin=\"round\" d=\"M64 146L884 34\"/>"), two);
        assertTrue(two.contains("<circle r=\"3\" fill=\"#c00\" cx=\"64\" cy=\"146\"/>" +
            "<circle r=\"3\" fill=\"#c00\" cx=\"884\" cy=\"34\"/>\n"), two);

        assertEquals(SvgChart.MARKER_LIMIT, count(render(chart().line("p", RED, 1, steps(SvgChart.MARKER_LIMIT))),
            "<circle"));
        assertEquals(0, count(render(chart().line("p", RED, 1, steps(SvgChart.MARKER_LIMIT + 1))), "<circle"));
    }

    @Test
    void shouldShadeADownsampledLinesBandFromEachBucketsMaximumBackAlongItsMinimumBetweenAndAfterGaps()
    {
        final double nan = Double.NaN;
        final Downsample.Band band = new Downsample.Band(new double[]{0, 1, 2, 3, 4, 5, 6},
            new double[]{nan, 25, 25, nan, 50, 50, nan}, new double[]{nan, 50, 50, nan, 75, 75, nan},
            new double[]{nan, 75, 75, nan, 100, 100, nan}, true);

        final String svg = render(chart().line("first", "#00f", 1, steps(3)).line("p", RED, 2, band));

        final String shade = "<path fill=\"#c00\" fill-opacity=\"0.3\" stroke=\"#c00\" stroke-opacity=\"0.6\" " +
            "stroke-width=\"0.6\" d=\"M146 90L228 90L228 202L146 202ZM392 34L474 34L474 146L392 146Z\"/>\n";
        assertTrue(svg.contains(shade), svg);
        assertTrue(svg.contains("stroke-width=\"2\" stroke-linejoin=\"round\" d=\"M146 146L228 146M392 90L474 90\"/>"),
            svg);
        assertTrue(svg.indexOf(shade) < svg.indexOf("<path fill=\"none\" stroke=\"#00f\""), "bands under every line");
        assertEquals(1, count(svg, "fill-opacity"), "an unreduced line has no band: " + svg);
    }

    @Test
    void shouldDrawBarsUpFromTheBaseAsWideAsTheirSpacingAllowsBetweenOnePixelAnd24()
    {
        final String three = render(chart().bars("b", RED,
            new Downsample.Points(new double[]{1, 2, 3}, new double[]{50, 0, Double.NaN})));
        assertTrue(three.contains("<path fill=\"none\" stroke=\"#c00\" stroke-width=\"24\" d=\"M146 258V146\"/>\n"),
            "no bar for 0 or NaN: " + three);

        assertTrue(render(chart().bars("b", RED, zeros(100))).contains("stroke-width=\"6.6\" d=\"\""));
        assertTrue(render(chart().bars("b", RED, zeros(1_000))).contains("stroke-width=\"1\" d=\"\""));
        assertTrue(render(chart().bars("b", RED, zeros(0))).contains("stroke=\"#c00\" stroke-width=\"1\" d=\"\""));
    }

    @Test
    void shouldDrawADashedReferenceLineAtItsValueAndNoneAtNaN()
    {
        final String svg = render(chart().reference("target", "#0a0", 50).reference("none", "#0b0", Double.NaN));

        assertTrue(svg.contains("<line x1=\"64\" x2=\"884\" y1=\"146\" y2=\"146\" stroke=\"#0a0\" " +
            "stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n"), svg);
        assertFalse(svg.contains("stroke=\"#0b0\" stroke-width=\"1.5\""), svg);
        assertFalse(svg.contains("NaN"), svg);
    }

    @Test
    void shouldListTheSeriesInTheLegendFromTheRightEdgeEachWithItsSwatch()
    {
        final String svg = render(chart().line("P50", "#00f", 2, steps(3)).bars("GC <pause>", RED, zeros(3))
            .reference("target", "#0a0", 50));

        assertTrue(svg.contains("<line x1=\"822.8\" y1=\"16\" x2=\"840.8\" y2=\"16\" stroke=\"#0a0\" " +
            "stroke-width=\"2.5\" stroke-dasharray=\"6 4\"/>" +
            "<text x=\"846.8\" y=\"20\" fill=\"#2d3748\">target</text>\n" +
            "<line x1=\"722.8\" y1=\"16\" x2=\"740.8\" y2=\"16\" stroke=\"#c00\" stroke-width=\"8\"/>" +
            "<text x=\"746.8\" y=\"20\" fill=\"#2d3748\">GC &lt;pause&gt;</text>\n" +
            "<line x1=\"666.2\" y1=\"16\" x2=\"684.2\" y2=\"16\" stroke=\"#00f\" stroke-width=\"2.5\"/>" +
            "<text x=\"690.2\" y=\"20\" fill=\"#2d3748\">P50</text>\n"), svg);
    }

    @Test
    void shouldDrawAGridlineAtEveryTickLabellingTheMajorOnesAndAnchoringALabelInsideTheFrame()
    {
        final String linear = render(chart());
        assertTrue(linear.contains("<line x1=\"64\" x2=\"884\" y1=\"123.6\" y2=\"123.6\" stroke=\"#d2d6dc\"/>" +
            "<text x=\"58\" y=\"127.6\" text-anchor=\"end\" fill=\"#4a5568\">60</text>\n"), linear);
        assertTrue(linear.contains("<line y1=\"34\" y2=\"258\" x1=\"146\" x2=\"146\" stroke=\"#d2d6dc\"/>" +
            "<text y=\"273\" x=\"146\" text-anchor=\"middle\" fill=\"#4a5568\">1 s</text>\n"), linear);
        assertEquals(6 + 11, count(linear, "stroke=\"#d2d6dc\"/>"), "0 to 100 by 20, 0 to 10 s by 1 s");

        final String log = render(new SvgChart("t", "t", "x", LinearScale.seconds(3_600), LogScale.covering(1, 1_000)));
        assertTrue(log.contains("<line x1=\"64\" x2=\"884\" y1=\"235.5\" y2=\"235.5\" stroke=\"#edf0f3\"/>\n"),
            "2 on a log axis of three decades: a minor gridline without a label: " + log);
        assertEquals(6, count(log, "stroke=\"#edf0f3\""), "2 and 5 times each of three decades");
        assertTrue(log.contains(" x=\"64\" text-anchor=\"middle\" fill=\"#4a5568\">0:00:00</text>"), log);
        assertTrue(log.contains(" x=\"884\" text-anchor=\"end\" fill=\"#4a5568\">1:00:00</text>"),
            "the last label kept inside the chart: " + log);

        final Scale wide = new Scale()
        {
            @Override
            public double fraction(final double value)
            {
                return value;
            }

            @Override
            public List<Tick> ticks()
            {
                return List.of(new Tick(0, "a label of 24 characters"));
            }
        };
        assertTrue(render(new SvgChart("t", "t", "x", wide, LinearScale.values(1)))
            .contains(" x=\"64\" text-anchor=\"start\" fill=\"#4a5568\">a label of 24 characters</text>"));
    }

    @Test
    void shouldFrameTitleClipAndCaptionTheChartAndWriteItsNoteInTheMiddle()
    {
        final String svg = render(new SvgChart("gc", "GC <ms>", "elapsed (s)", LinearScale.seconds(10),
            LinearScale.values(100)).note("no \"data\""));

        assertTrue(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 900 300\" " +
            "width=\"900\" height=\"300\" role=\"img\" aria-label=\"GC &lt;ms&gt;\""), svg);
        assertTrue(svg.contains("<clipPath id=\"gc-plot\"><rect x=\"64\" y=\"34\" width=\"820\" height=\"224\"/>"));
        assertTrue(svg.contains("<g clip-path=\"url(#gc-plot)\">"), svg);
        assertTrue(svg.contains("<text x=\"474\" y=\"146\" text-anchor=\"middle\" font-size=\"13\" fill=\"#718096\">" +
            "no &quot;data&quot;</text>\n"), svg);
        assertTrue(svg.endsWith("<text x=\"474\" y=\"294\" text-anchor=\"middle\" fill=\"#4a5568\">" +
            "elapsed (s)</text>\n" +
            "</svg>\n"), svg);
    }

    @Test
    void shouldWriteACoordinateRoundedToATenthWithoutATrailingZero()
    {
        assertEquals("12.3", number(12.34));
        assertEquals("12.4", number(12.36));
        assertEquals("5", number(5));
        assertEquals("0", number(0.04));
        assertEquals("0.1", number(0.05));
        assertEquals("-3", number(-3));
        assertEquals("-12.5", number(-12.5));
        assertEquals("-0.2", number(-0.24));
        assertEquals("0", number(-0.04));
    }

    /** 0 to 10 s by 1 s across, 0 to 100 by 20 up. */
    private static SvgChart chart()
    {
        return new SvgChart("t", "t", "x", LinearScale.seconds(10), LinearScale.values(100));
    }

    /** An unreduced band of {@code n} points at 0, 1, 2 s of values 50. */
    private static Downsample.Band steps(final int n)
    {
        final double[] xs = new double[n];
        final double[] ys = new double[n];
        for (int i = 0; i < n; i++)
        {
            xs[i] = i;
            ys[i] = 50;
        }
        return band(xs, ys);
    }

    private static Downsample.Band band(final double[] xs, final double[] ys)
    {
        return Downsample.band(xs, ys, 100);
    }

    private static Downsample.Points zeros(final int n)
    {
        return new Downsample.Points(new double[n], new double[n]);
    }

    static String render(final SvgChart chart)
    {
        final StringBuilder out = new StringBuilder();
        chart.renderTo(out);
        return out.toString();
    }

    private static String number(final double value)
    {
        final StringBuilder out = new StringBuilder();
        SvgChart.appendNumber(out, value);
        return out.toString();
    }

    private static int count(final String text, final String needle)
    {
        int count = 0;
        for (int at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + 1))
        {
            count++;
        }
        return count;
    }
}
