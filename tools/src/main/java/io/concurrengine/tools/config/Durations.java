package io.concurrengine.tools.config;

import java.util.Locale;

/**
 * The one reader of durations written as text, for configuration values, environment variables and every command's
 * flags: a decimal number (digits and at most one point, and an exponent if any, as a count and a TOML float take
 * one; {@code _} is ignored) and a unit {@code ns}, {@code us}, {@code ms}, {@code s}, {@code m} or {@code h},
 * case-insensitive, spaces around either ignored; a bare number is seconds. {@code 10s}, {@code 250ms},
 * {@code 1.5h}, {@code 5m}, {@code 1e3} (1000 s, as a configuration file's {@code duration = 1e3} is). Stateless,
 * threadsafe.
 */
public final class Durations
{
    /**
     * Longest duration, 2^62 ns (about 146 years): a clock reading plus it cannot overflow, so deadlines computed
     * from it stay in the future.
     */
    public static final long MAX_NANOS = 1L << 62;

    private Durations()
    {
    }

    /**
     * @param raw the text, e.g. {@code "10s"}; units in any case, but for a capital {@code M}, which is refused rather
     *            than read as minutes: in a count it is a million ({@code --events 10M}), and a duration written so is
     *            a slip.
     *            A sign may come before the amount, as before any number: {@code +5s} is {@code 5s}, and {@code -0s}
     *            is {@code 0s}, as {@code --events -0} is 0 and a configuration file's {@code duration = -0} none.
     * @return its length in nanoseconds, rounded to the nearest, from 0 to {@link #MAX_NANOS}.
     * @throws IllegalArgumentException saying what was expected and what was found (a duration above 0 that would
     *                                  round to 0ns, which means none, among them), or an {@link OutOfRange} (a
     *                                  duration above 0 with a minus sign, {@code -1} or {@code -5m}, among them).
     */
    public static long parseNanos(final String raw)
    {
        final String lowered = raw.trim().toLowerCase(Locale.ROOT).replace("_", "");
        // a plus sign before the amount, as every number takes one (--events +1k, shards = +2)
        final String text = lowered.startsWith("+") && startsAnAmount(lowered, 1) ? lowered.substring(1) : lowered;
        int split = 0;
        while (split < text.length() && (Character.isDigit(text.charAt(split)) || text.charAt(split) == '.'))
        {
            split++;
        }
        split = afterExponent(text, split);
        final String unit = text.substring(split).trim();
        final String written = raw.trim();
        if (text.startsWith("-"))
        {
            return zeroOrNegative(written);
        }
        // M alone, or after a point or an underscore only (.M), has no amount to write in minutes
        if ("m".equals(unit) && written.endsWith("M") && text.substring(0, split).matches(".*[0-9].*"))
        {
            throw millionNotMinutes(written);
        }
        final long nanosPerUnit;
        switch (unit)
        {
            case "ns":
                nanosPerUnit = 1;
                break;
            case "us":
                nanosPerUnit = 1_000;
                break;
            case "ms":
                nanosPerUnit = 1_000_000;
                break;
            case "s":
            case "":
                nanosPerUnit = 1_000_000_000L;
                break;
            case "m":
                nanosPerUnit = 60_000_000_000L;
                break;
            case "h":
                nanosPerUnit = 3_600_000_000_000L;
                break;
            default:
                throw notADuration(raw);
        }
        final double amount;
        try
        {
            amount = Double.parseDouble(text.substring(0, split));
        }
        catch (final NumberFormatException ex)
        {
            throw notADuration(raw); // 5..s
        }
        // an exponent can take an amount above 0 below the least double (1e-400): 0 would be none, not that amount
        final double nanos = 0 == amount && text.substring(0, split).split("e")[0].matches(".*[1-9].*") ?
            Double.MIN_VALUE : amount * nanosPerUnit;
        if (!(nanos <= MAX_NANOS))
        {
            throw durationOutOfRange(raw);
        }
        return checked(rounded(nanos, "\"" + written + "\""), 1, raw);
    }

    /**
     * @param amount       a number of units.
     * @param nanosPerUnit the unit's length.
     * @param raw          what was read, for the message.
     * @return the duration in nanoseconds.
     * @throws IllegalArgumentException if it is negative or longer than {@link #MAX_NANOS}.
     */
    static long checked(final long amount, final long nanosPerUnit, final Object raw)
    {
        if (amount < 0 || amount > MAX_NANOS / nanosPerUnit)
        {
            throw durationOutOfRange(raw);
        }
        return amount * nanosPerUnit;
    }

    /**
     * @param seconds a number of seconds, not NaN, e.g. a TOML float {@code 1.5}.
     * @param raw     what was read, for the message.
     * @return the duration in nanoseconds, rounded to the nearest.
     * @throws IllegalArgumentException if it is negative or longer than {@link #MAX_NANOS}, or above 0 and rounds to
     *                                  0ns.
     */
    static long fromSeconds(final double seconds, final Object raw)
    {
        final double nanos = seconds * 1_000_000_000L;
        if (!(nanos >= 0 && nanos <= MAX_NANOS))
        {
            throw durationOutOfRange(raw);
        }
        return rounded(nanos, raw);
    }

    /**
     * @param nanos a duration in nanoseconds, from 0 to {@link #MAX_NANOS}.
     * @param raw   what was read, for the message.
     * @return it rounded to the nearest nanosecond.
     * @throws OutOfRange if a duration above 0 rounds to 0, which means none (no bound, no warm-up, no timeout): the
     *                    opposite of the short one asked for.
     */
    private static long rounded(final double nanos, final Object raw)
    {
        final long rounded = Math.round(nanos);
        if (0 == rounded && nanos > 0)
        {
            throw new OutOfRange("a duration above 0 is at least 1ns (0s means none), found " + raw, true);
        }
        return rounded;
    }

    /**
     * @param raw text that is no duration.
     * @return the error every duration, of a flag, a variable or a file, gives it.
     */
    private static IllegalArgumentException notADuration(final String raw)
    {
        return new IllegalArgumentException(
            "expected a duration such as \"10s\", \"500ms\", \"5m\" or \"1h\", found \"" + raw + "\"");
    }

    private static IllegalArgumentException durationOutOfRange(final Object raw)
    {
        return new OutOfRange("duration out of range: " + raw + " (0s to " + MAX_NANOS / 3_600_000_000_000L + "h)");
    }

    /**
     * @param text a duration's text, lower case.
     * @param at   where its amount's digits and point end.
     * @return where its amount ends: after an exponent ({@code e3}, {@code e-3}) if one is there, else {@code at}.
     */
    private static int afterExponent(final String text, final int at)
    {
        if (at == 0 || text.length() <= at || 'e' != text.charAt(at))
        {
            return at;
        }
        int end = at + 1;
        if (text.length() > end && ('+' == text.charAt(end) || '-' == text.charAt(end)))
        {
            end++;
        }
        final int digits = end;
        while (end < text.length() && Character.isDigit(text.charAt(end)))
        {
            end++;
        }
        return end > digits ? end : at;
    }

    /**
     * @param text a duration's text.
     * @param at   where its amount would start, after a sign.
     * @return true if a digit or a point is there.
     */
    private static boolean startsAnAmount(final String text, final int at)
    {
        return text.length() > at && (Character.isDigit(text.charAt(at)) || '.' == text.charAt(at));
    }

    /**
     * @param written a duration's text, trimmed, starting with a minus sign.
     * @return 0 for a duration of 0 after the sign ({@code -0s}, {@code -0}), as {@code -0} is 0 in every number.
     * @throws IllegalArgumentException for a duration above 0 after the sign ({@code -1}, {@code -5m}) an
     *                                  {@link OutOfRange}, as a negative number of seconds in a configuration file
     *                                  is; otherwise the error of text that is not a duration, with the hint of a
     *                                  capital {@code M} for {@code -10M} as for {@code 10M}.
     */
    private static long zeroOrNegative(final String written)
    {
        final IllegalArgumentException unreadable = notADuration(written);
        if (!startsAnAmount(written.replace("_", ""), 1)) // -_0s is -0s, as _0s is 0s and --events -_0 is 0
        {
            throw unreadable;
        }
        final long nanos;
        try
        {
            nanos = parseNanos(written.substring(1));
        }
        catch (final OutOfRange ex)
        {
            throw durationOutOfRange(written);
        }
        catch (final MillionNotMinutes ex)
        {
            throw millionNotMinutes(written); // -10M: the sign does not hide the M of a count written for minutes
        }
        catch (final IllegalArgumentException ex)
        {
            throw unreadable;
        }
        if (nanos > 0)
        {
            throw durationOutOfRange(written);
        }
        return 0;
    }

    /**
     * A duration written with a capital {@code M}, such as {@code 10M}: a million in a count, not minutes.
     */
    private static IllegalArgumentException millionNotMinutes(final String written)
    {
        final String amount = written.substring(0, written.length() - 1).trim();
        return new MillionNotMinutes("\"" + written + "\" is not a duration: M is a million in a count " +
            "such as --events 10M; write " + amount + "m for minutes");
    }

    /** A duration written with a capital {@code M} ({@link #millionNotMinutes}). */
    private static final class MillionNotMinutes extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        MillionNotMinutes(final String message)
        {
            super(message);
        }
    }

    /**
     * A duration written correctly but longer than {@link #MAX_NANOS}, or above 0 and shorter than the 1ns it would be
     * rounded to.
     */
    public static final class OutOfRange extends IllegalArgumentException
    {
        private static final long serialVersionUID = 1L;

        private final boolean belowOneNanosecond;

        OutOfRange(final String message)
        {
            this(message, false);
        }

        OutOfRange(final String message, final boolean belowOneNanosecond)
        {
            super(message);
            this.belowOneNanosecond = belowOneNanosecond;
        }

        /**
         * @return true for a duration above 0 and shorter than 1ns ({@code 0.1ns}), which no bound of a longest
         * duration covers; false for one with a minus sign or longer than {@link #MAX_NANOS}.
         */
        public boolean belowOneNanosecond()
        {
            return belowOneNanosecond;
        }
    }
}
