package io.concurrengine.tools.soak.report;

import java.util.ArrayList;
import java.util.List;

/**
 * One chart as inline SVG, {@value #WIDTH}×{@value #HEIGHT}: a title with its units, a legend, a framed plot with
 * gridlines and tick labels on both axes, an x caption, and lines, bars and horizontal reference lines. Lines break
 * at NaN (gaps). A downsampled line is drawn as its bucket means with a translucent band from each bucket's minimum to
 * its maximum, bands under all lines; short time lines (at most {@value #MARKER_LIMIT} points) get point markers so a
 * single point shows. Coordinates are written with one decimal. Callers downsample long series first
 * ({@link Downsample}).
 * <p>
 * Not threadsafe; build, render once.
 */
final class SvgChart
{
    static final int WIDTH = 900;
    static final int HEIGHT = 300;
    static final int LEFT = 64;
    static final int RIGHT = 16;
    static final int TOP = 34;
    static final int BOTTOM = 42;
    static final int PLOT_WIDTH = WIDTH - LEFT - RIGHT;
    static final int PLOT_HEIGHT = HEIGHT - TOP - BOTTOM;
    static final int MARKER_LIMIT = 12;
    private static final double CHAR_WIDTH = 6.2;

    private enum Kind
    {
        LINE, BARS, REFERENCE
    }

    private record Series(
        String name, String color, Kind kind, double width, double[] xs, double[] ys, Downsample.Band band,
        boolean markers)
    {
    }

    private final String id;
    private final String title;
    private final String xCaption;
    private final Scale x;
    private final Scale y;
    private final List<Series> series = new ArrayList<>();
    private String note;

    /**
     * @param id       unique within the page, used for the clip path.
     * @param title    title with units, e.g. "Throughput (events/s)".
     * @param xCaption what the x axis is, e.g. "elapsed (m:ss)".
     * @param x        the x scale.
     * @param y        the y scale.
     */
    SvgChart(final String id, final String title, final String xCaption, final Scale x, final Scale y)
    {
        this.id = id;
        this.title = title;
        this.xCaption = xCaption;
        this.x = x;
        this.y = y;
    }

    /**
     * @param name   legend entry.
     * @param color  CSS colour.
     * @param width  stroke width, px.
     * @param points the line's points, drawn without markers.
     * @return this.
     */
    SvgChart line(final String name, final String color, final double width, final Downsample.Points points)
    {
        series.add(new Series(name, color, Kind.LINE, width, points.xs(), points.ys(), null, false));
        return this;
    }

    /**
     * @param name  legend entry.
     * @param color CSS colour.
     * @param width stroke width of the mean line, px.
     * @param band  the series, downsampled or not; markers when short.
     * @return this.
     */
    SvgChart line(final String name, final String color, final double width, final Downsample.Band band)
    {
        series.add(new Series(name, color, Kind.LINE, width, band.xs(), band.means(), band.reduced() ? band : null,
            band.size() <= MARKER_LIMIT));
        return this;
    }

    /**
     * @param name   legend entry.
     * @param color  CSS colour.
     * @param points one bar per point, from 0 up to its y; bars are as wide as the spacing allows, at least 1 px.
     * @return this.
     */
    SvgChart bars(final String name, final String color, final Downsample.Points points)
    {
        series.add(new Series(name, color, Kind.BARS, 0, points.xs(), points.ys(), null, false));
        return this;
    }

    /**
     * @param name  legend entry.
     * @param color CSS colour.
     * @param value where the dashed horizontal line is.
     * @return this.
     */
    SvgChart reference(final String name, final String color, final double value)
    {
        series.add(new Series(name, color, Kind.REFERENCE, 1.5, new double[0], new double[]{value}, null, false));
        return this;
    }

    /**
     * @param note text shown in the middle of the plot, e.g. "no samples"; null for none.
     * @return this.
     */
    SvgChart note(final String note)
    {
        this.note = note;
        return this;
    }

    /**
     * @param value an x data value.
     * @return its pixel x; NaN when it cannot be shown.
     */
    double xPixel(final double value)
    {
        return LEFT + x.fraction(value) * PLOT_WIDTH;
    }

    /**
     * @param value a y data value.
     * @return its pixel y; NaN when it cannot be shown.
     */
    double yPixel(final double value)
    {
        return TOP + (1 - y.fraction(value)) * PLOT_HEIGHT;
    }

    /**
     * @param out where the {@code <svg>} element goes.
     */
    void renderTo(final StringBuilder out)
    {
        renderFrame(out);
        renderLegend(out);
        renderGrid(out);
        renderSeries(out);
        out.append("<rect x=\"").append(LEFT).append("\" y=\"").append(TOP).append("\" width=\"").append(PLOT_WIDTH)
            .append("\" height=\"").append(PLOT_HEIGHT).append("\" fill=\"none\" stroke=\"#4a5568\"/>\n");
        if (null != note)
        {
            out.append("<text x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(TOP + PLOT_HEIGHT / 2)
                .append("\" text-anchor=\"middle\" font-size=\"13\" fill=\"#718096\">").append(Text.html(note))
                .append("</text>\n");
        }
        out.append("<text x=\"").append(LEFT + PLOT_WIDTH / 2).append("\" y=\"").append(HEIGHT - 6)
            .append("\" text-anchor=\"middle\" fill=\"#4a5568\">").append(Text.html(xCaption)).append("</text>\n");
        out.append("</svg>\n");
    }

    private void renderFrame(final StringBuilder out)
    {
        out.append("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 ").append(WIDTH)
            .append(' ').append(HEIGHT).append("\" width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT)
            .append("\" role=\"img\" aria-label=\"").append(Text.html(title))
            .append("\" font-family=\"sans-serif\" font-size=\"11\">\n");
        out.append("<rect width=\"").append(WIDTH).append("\" height=\"").append(HEIGHT).append("\" fill=\"#fff\"/>\n");
        out.append("<defs><clipPath id=\"").append(id).append("-plot\"><rect x=\"").append(LEFT).append("\" y=\"")
            .append(TOP).append("\" width=\"").append(PLOT_WIDTH).append("\" height=\"").append(PLOT_HEIGHT)
            .append("\"/></clipPath></defs>\n");
        out.append("<text x=\"").append(LEFT)
            .append("\" y=\"20\" font-size=\"14\" font-weight=\"bold\" fill=\"#1a202c\">")
            .append(Text.html(title)).append("</text>\n");
    }

    private void renderSeries(final StringBuilder out)
    {
        out.append("<g clip-path=\"url(#").append(id).append("-plot)\">\n");
        for (final Series s : series)
        {
            if (null != s.band())
            {
                renderBand(out, s);
            }
        }
        for (final Series s : series)
        {
            switch (s.kind())
            {
                case LINE -> renderLine(out, s);
                case BARS -> renderBars(out, s);
                case REFERENCE -> renderReference(out, s);
                default -> throw new IllegalStateException("kind=" + s.kind());
            }
        }
        out.append("</g>\n");
        for (final Series s : series)
        {
            if (s.markers())
            {
                renderMarkers(out, s);
            }
        }
    }

    private void renderLegend(final StringBuilder out)
    {
        double right = WIDTH - RIGHT;
        for (int i = series.size() - 1; i >= 0; i--)
        {
            final Series s = series.get(i);
            final double textX = right - s.name().length() * CHAR_WIDTH;
            final double swatchX = textX - 24;
            out.append("<line x1=\"");
            appendNumber(out, swatchX);
            out.append("\" y1=\"16\" x2=\"");
            appendNumber(out, swatchX + 18);
            out.append("\" y2=\"16\" stroke=\"").append(s.color()).append("\" stroke-width=\"")
                .append(Kind.BARS == s.kind() ? "8" : "2.5").append('"')
                .append(Kind.REFERENCE == s.kind() ? " stroke-dasharray=\"6 4\"" : "").append("/>");
            out.append("<text x=\"");
            appendNumber(out, textX);
            out.append("\" y=\"20\" fill=\"#2d3748\">").append(Text.html(s.name())).append("</text>\n");
            right = swatchX - 14;
        }
    }

    private void renderGrid(final StringBuilder out)
    {
        for (final Scale.Tick tick : y.ticks())
        {
            final double py = yPixel(tick.value());
            out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH).append("\" y1=\"");
            appendNumber(out, py);
            out.append("\" y2=\"");
            appendNumber(out, py);
            out.append("\" stroke=\"").append(tick.major() ? "#d2d6dc" : "#edf0f3").append("\"/>");
            if (tick.major())
            {
                out.append("<text x=\"").append(LEFT - 6).append("\" y=\"");
                appendNumber(out, py + 4);
                out.append("\" text-anchor=\"end\" fill=\"#4a5568\">").append(Text.html(tick.label()))
                    .append("</text>");
            }
            out.append('\n');
        }
        for (final Scale.Tick tick : x.ticks())
        {
            final double px = xPixel(tick.value());
            out.append("<line y1=\"").append(TOP).append("\" y2=\"").append(TOP + PLOT_HEIGHT).append("\" x1=\"");
            appendNumber(out, px);
            out.append("\" x2=\"");
            appendNumber(out, px);
            out.append("\" stroke=\"#d2d6dc\"/><text y=\"").append(TOP + PLOT_HEIGHT + 15).append("\" x=\"");
            appendNumber(out, px);
            out.append("\" text-anchor=\"").append(anchor(px, tick.label())).append("\" fill=\"#4a5568\">")
                .append(Text.html(tick.label())).append("</text>\n");
        }
    }

    private static String anchor(final double px, final String label)
    {
        final double half = label.length() * CHAR_WIDTH / 2;
        return px + half > WIDTH - 2 ? "end" : px - half < 2 ? "start" : "middle";
    }

    private void renderLine(final StringBuilder out, final Series s)
    {
        out.append("<path fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"");
        appendNumber(out, s.width());
        out.append("\" stroke-linejoin=\"round\" d=\"");
        boolean penDown = false;
        for (int i = 0; i < s.xs().length; i++)
        {
            final double px = xPixel(s.xs()[i]);
            final double py = yPixel(s.ys()[i]);
            if (Double.isNaN(px) || Double.isNaN(py))
            {
                penDown = false;
                continue;
            }
            out.append(penDown ? 'L' : 'M');
            appendNumber(out, px);
            out.append(' ');
            appendNumber(out, py);
            penDown = true;
        }
        out.append("\"/>\n");
    }

    private void renderBand(final StringBuilder out, final Series s)
    {
        final Downsample.Band band = s.band();
        out.append("<path fill=\"").append(s.color()).append("\" fill-opacity=\"0.3\" stroke=\"").append(s.color())
            .append("\" stroke-opacity=\"0.6\" stroke-width=\"0.6\" d=\"");
        int start = 0;
        while (start < band.size())
        {
            while (start < band.size() && !visible(band, start))
            {
                start++;
            }
            int end = start;
            while (end < band.size() && visible(band, end))
            {
                end++;
            }
            if (end > start)
            {
                appendBandSegment(out, band, start, end);
            }
            start = end;
        }
        out.append("\"/>\n");
    }

    private boolean visible(final Downsample.Band band, final int i)
    {
        return !Double.isNaN(yPixel(band.mins()[i])) && !Double.isNaN(yPixel(band.maxs()[i]));
    }

    private void appendBandSegment(final StringBuilder out, final Downsample.Band band, final int start, final int end)
    {
        for (int i = start; i < end; i++)
        {
            out.append(i == start ? 'M' : 'L');
            appendNumber(out, xPixel(band.xs()[i]));
            out.append(' ');
            appendNumber(out, yPixel(band.maxs()[i]));
        }
        for (int i = end - 1; i >= start; i--)
        {
            out.append('L');
            appendNumber(out, xPixel(band.xs()[i]));
            out.append(' ');
            appendNumber(out, yPixel(band.mins()[i]));
        }
        out.append('Z');
    }

    private void renderMarkers(final StringBuilder out, final Series s)
    {
        for (int i = 0; i < s.xs().length; i++)
        {
            final double px = xPixel(s.xs()[i]);
            final double py = yPixel(s.ys()[i]);
            if (!Double.isNaN(px) && !Double.isNaN(py))
            {
                out.append("<circle r=\"3\" fill=\"").append(s.color()).append("\" cx=\"");
                appendNumber(out, px);
                out.append("\" cy=\"");
                appendNumber(out, py);
                out.append("\"/>");
            }
        }
        out.append('\n');
    }

    private void renderBars(final StringBuilder out, final Series s)
    {
        final int n = s.xs().length;
        final double width = Math.max(1, n > 0 ? 0.8 * PLOT_WIDTH / n : 1);
        final double base = TOP + PLOT_HEIGHT;
        out.append("<path fill=\"none\" stroke=\"").append(s.color()).append("\" stroke-width=\"");
        appendNumber(out, Math.min(width, 24));
        out.append("\" d=\"");
        for (int i = 0; i < n; i++)
        {
            final double px = xPixel(s.xs()[i]);
            final double py = yPixel(s.ys()[i]);
            if (!Double.isNaN(px) && !Double.isNaN(py) && py < base)
            {
                out.append('M');
                appendNumber(out, px);
                out.append(' ');
                appendNumber(out, base);
                out.append('V');
                appendNumber(out, py);
            }
        }
        out.append("\"/>\n");
    }

    private void renderReference(final StringBuilder out, final Series s)
    {
        final double py = yPixel(s.ys()[0]);
        if (Double.isNaN(py))
        {
            return;
        }
        out.append("<line x1=\"").append(LEFT).append("\" x2=\"").append(LEFT + PLOT_WIDTH).append("\" y1=\"");
        appendNumber(out, py);
        out.append("\" y2=\"");
        appendNumber(out, py);
        out.append("\" stroke=\"").append(s.color()).append("\" stroke-width=\"1.5\" stroke-dasharray=\"6 4\"/>\n");
    }

    /**
     * Appends a pixel coordinate with one decimal, without the cost of a formatter.
     *
     * @param out   where.
     * @param value the coordinate, finite.
     */
    static void appendNumber(final StringBuilder out, final double value)
    {
        final long tenths = Math.round(value * 10);
        if (tenths < 0)
        {
            out.append('-');
        }
        final long magnitude = Math.abs(tenths);
        out.append(magnitude / 10);
        if (0 != magnitude % 10)
        {
            out.append('.').append(magnitude % 10);
        }
    }
}
