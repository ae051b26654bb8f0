package io.concurrengine.tools.soak.report;

import io.concurrengine.tools.Plural;
import io.concurrengine.tools.PrintableText;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.util.Locale;

/**
 * Number and text formatting for the report: locale-independent, so the same run gives the same page everywhere.
 */
final class Text
{
    private static final long KIB = 1L << 10;
    private static final long MIB = 1L << 20;
    private static final long GIB = 1L << 30;

    // the first value each unit's rounding would write as 1000 or 1024 of itself: from there on the next unit
    private static final long MILLIS_FROM_NANOS = 999_950L;  // 999.95 µs rounds to 1000.0 µs
    private static final long SECONDS_FROM_NANOS = 999_995_000L;  // 999.995 ms rounds to 1000.00 ms
    private static final long MIB_FROM_BYTES = 1_048_525L;  // 1023.95 KiB (1,048,524.8 B) rounds to 1024.0 KiB
    private static final long GIB_FROM_BYTES = 1_073_689_396L;  // 1023.95 MiB (1,073,689,395.2 B) to 1024.0 MiB

    private Text()
    {
    }

    /**
     * @param value a count.
     * @return it with thousands separators: {@code 1,234,567}.
     */
    static String count(final long value)
    {
        return String.format(Locale.ROOT, "%,d", value);
    }

    /**
     * @param perSecond a rate.
     * @return it rounded, with thousands separators and the unit: {@code 1,234,567 events/s}.
     */
    static String eventRate(final double perSecond)
    {
        return String.format(Locale.ROOT, "%,.0f events/s", perSecond);
    }

    /**
     * @param perSecond a rate of inputs.
     * @return it with thousands separators and the unit: {@code 1,234,567 inputs/s}; a rate that is not whole keeps
     * a fraction, so that a floor of 0.9 is not written as 1: one decimal from 1,000 up ({@code 9,999.9 inputs/s}), 6
     * significant digits below ({@code 0.9 inputs/s}, {@code 0.0000009 inputs/s}).
     */
    static String inputRate(final double perSecond)
    {
        if (Math.abs(perSecond - Math.rint(perSecond)) < 1e-9 * Math.max(1, Math.abs(perSecond)))
        {
            return String.format(Locale.ROOT, "%,.0f inputs/s", perSecond);
        }
        if (Math.abs(perSecond) >= 1_000)
        {
            return String.format(Locale.ROOT, "%,.1f inputs/s", perSecond);
        }
        return new BigDecimal(perSecond).round(new MathContext(6, RoundingMode.HALF_EVEN)).stripTrailingZeros()
            .toPlainString() + " inputs/s";
    }

    /**
     * @param nanos a latency in ns.
     * @return it in the unit that keeps 3 significant figures readable: {@code 850 ns}, {@code 12.3 µs},
     * {@code 4.56 ms}, {@code 1.23 s}; a value that would round to 1000 of a unit is written in the next one
     * ({@code 999,960 ns} is {@code 1.00 ms}, not {@code 1000.0 µs}).
     */
    static String latency(final long nanos)
    {
        if (nanos < 1_000)
        {
            return nanos + " ns";
        }
        if (nanos < MILLIS_FROM_NANOS)
        {
            return String.format(Locale.ROOT, "%.1f µs", nanos / 1e3);
        }
        if (nanos < SECONDS_FROM_NANOS)
        {
            return String.format(Locale.ROOT, "%.2f ms", nanos / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", nanos / 1e9);
    }

    /**
     * @param bytes a size.
     * @return it in binary units: {@code 512 B}, {@code 4.0 KiB}, {@code 123.4 MiB}, {@code 1.25 GiB}; a value that
     * would round to 1024 of a unit is written in the next one ({@code 1,048,570 B} is {@code 1.0 MiB}, not
     * {@code 1024.0 KiB}).
     */
    static String bytes(final long bytes)
    {
        if (bytes < KIB)
        {
            return bytes + " B";
        }
        if (bytes < MIB_FROM_BYTES)
        {
            return String.format(Locale.ROOT, "%.1f KiB", (double)bytes / KIB);
        }
        if (bytes < GIB_FROM_BYTES)
        {
            return String.format(Locale.ROOT, "%.1f MiB", (double)bytes / MIB);
        }
        return String.format(Locale.ROOT, "%.2f GiB", (double)bytes / GIB);
    }

    /**
     * @param seconds a duration.
     * @return it in seconds to the millisecond, without trailing zeros: {@code 20 s}, {@code 0.25 s}.
     */
    static String seconds(final double seconds)
    {
        return BigDecimal.valueOf(seconds).setScale(3, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString() +
            " s";
    }

    /**
     * @param seconds a duration.
     * @return it as a clock: {@code 0:42}, {@code 12:05}, {@code 1:00:00}; rounded down to the second.
     */
    static String clock(final double seconds)
    {
        return clock(seconds, seconds >= 3600);
    }

    /**
     * @param seconds   a duration.
     * @param withHours true for {@code h:mm:ss} even under an hour ({@code 0:10:00}), false for {@code m:ss} under
     *                  an hour.
     * @return it as a clock, rounded down to the second.
     */
    static String clock(final double seconds, final boolean withHours)
    {
        final long total = (long)Math.floor(Math.max(0, seconds));
        final long hours = total / 3600;
        final long minutes = total / 60 % 60;
        final long secs = total % 60;
        return hours > 0 || withHours ?
            String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, secs) :
            String.format(Locale.ROOT, "%d:%02d", minutes, secs);
    }

    /**
     * @param count    how many.
     * @param singular the noun for one.
     * @return {@code 1 interval}, {@code 2 intervals}: the count with thousands separators and the noun, plural
     * with an s.
     */
    static String plural(final long count, final String singular)
    {
        return Plural.of(count, singular);
    }

    /**
     * @param value    a number.
     * @param decimals fractional digits.
     * @return it with thousands separators and that many decimals.
     */
    static String decimal(final double value, final int decimals)
    {
        return String.format(Locale.ROOT, "%,." + decimals + "f", value);
    }

    /**
     * Formats an axis tick: grouped digits up to 999,999 with as many decimals as the step between ticks needs, then
     * {@code M} and {@code G} suffixes ({@code 1.5M}).
     *
     * @param value the tick value.
     * @param step  the distance to the neighbouring tick, which sets the decimals.
     * @return the label.
     */
    static String tick(final double value, final double step)
    {
        final double magnitude = Math.max(Math.abs(value), Math.abs(step));
        if (magnitude >= 1e9)
        {
            return decimal(value / 1e9, decimalsFor(step / 1e9)) + "G";
        }
        if (magnitude >= 1e6)
        {
            return decimal(value / 1e6, decimalsFor(step / 1e6)) + "M";
        }
        return decimal(value, decimalsFor(step));
    }

    /**
     * @param step a tick step.
     * @return the fewest fractional digits (0 to 6) that show the step exactly.
     */
    static int decimalsFor(final double step)
    {
        final double magnitude = Math.abs(step);
        for (int decimals = 0; decimals < 6; decimals++)
        {
            final double scaled = magnitude * Math.pow(10, decimals);
            if (Math.abs(scaled - Math.rint(scaled)) < 1e-6 * Math.max(1, scaled))
            {
                return decimals;
            }
        }
        return 6;
    }

    /**
     * Makes one line of text from outside the page (a reason, the command line, a path) safe and visible in it.
     *
     * @param text any text, or null.
     * @return it with {@code & < > " '} escaped for HTML text and attribute values, and every character that is not
     * printable (line feed and tab included) written as {@link PrintableText#escape(Object)} writes it
     * ({@code \n}, {@code \x1b}); null becomes empty.
     */
    static String html(final String text)
    {
        return html(text, false);
    }

    /**
     * Makes a block of lines from outside the page (the engine configuration, for a {@code <pre>}) safe and visible
     * in it.
     *
     * @param text any text, or null.
     * @return as {@link #html(String)}, but with line feeds and tabs kept as they are.
     */
    static String htmlLines(final String text)
    {
        return html(text, true);
    }

    private static String html(final String text, final boolean keepLines)
    {
        if (null == text)
        {
            return "";
        }
        final StringBuilder out = new StringBuilder(text.length() + 16);
        int i = 0;
        while (i < text.length())
        {
            final int c = text.codePointAt(i);
            i += Character.charCount(c);
            switch (c)
            {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&#39;");
                default -> appendVisible(out, c, keepLines);
            }
        }
        return out.toString();
    }

    private static void appendVisible(final StringBuilder out, final int c, final boolean keepLines)
    {
        if (PrintableText.printable(c) || keepLines && ('\n' == c || '\t' == c))
        {
            out.appendCodePoint(c);
        }
        else
        {
            out.append(PrintableText.escape(Character.toString(c)));
        }
    }
}
