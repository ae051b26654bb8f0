package io.concurrengine.tools.config;

import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.feed.FeedAddress;
import io.concurrengine.tools.feed.PacedFeed;
import io.concurrengine.tools.telemetry.PrometheusEndpoint;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Parsers of configuration values, each accepting the TOML type and its text form (for environment variables and
 * flags), and failing with a message that says what was expected and what was found.
 */
final class Values
{
    /** What {@link #duration()} takes. */
    private static final String DURATION = "a duration such as \"250ms\", \"10s\", \"5m\" or \"1h\", or seconds";

    /** {@link PacedFeed#MIN_RATE} and {@link PacedFeed#MAX_RATE} as a person writes them. */
    private static final String RATE_RANGE = "must be in [1e-6, 1e9] inputs per second";

    private Values()
    {
    }

    /**
     * @param takes  what the parser takes, for a person ({@link ConfigKey.Parser#takes()}).
     * @param parser the parser.
     * @return the parser, saying so.
     */
    private static ConfigKey.Parser taking(final String takes, final ConfigKey.Parser parser)
    {
        return new ConfigKey.Parser()
        {
            @Override
            public Object parse(final Object raw)
            {
                return parser.parse(raw);
            }

            @Override
            public String takes()
            {
                return takes;
            }
        };
    }

    /**
     * @return {@code what} and its range as a person says it: ", from 1 to 1024", ", at least 0", or nothing for the
     * whole range of a 64-bit integer.
     */
    private static String integerRange(final String what, final long min, final long max)
    {
        if (Long.MAX_VALUE == max)
        {
            return Long.MIN_VALUE == min ? what : what + ", at least " + min;
        }
        return what + ", from " + min + " to " + max;
    }

    /**
     * @return a bound of a range of doubles without a fraction it does not have: 10 rather than 10.0.
     */
    private static String plain(final double bound)
    {
        return java.math.BigDecimal.valueOf(bound).stripTrailingZeros().toPlainString();
    }

    static ConfigKey.Parser longIn(final long min, final long max)
    {
        return taking(integerRange("an integer", min, max), raw ->
        {
            final long value;
            if (raw instanceof Long)
            {
                value = (Long)raw;
            }
            else if (raw instanceof String)
            {
                value = parseLong((String)raw);
            }
            else
            {
                throw new IllegalArgumentException("expected an integer, found " + ValueText.describe(raw));
            }
            if (value < min || value > max)
            {
                throw new IllegalArgumentException("must be in [" + min + ", " + max + "], found " + value);
            }
            return value;
        });
    }

    /**
     * A count of inputs, written as rates are: an integer, or with a {@code k} or {@code M} suffix, or in exponent
     * notation ({@code "10M"}, {@code "1e6"}, {@code "2.5k"}), as long as it comes to a whole number.
     */
    static ConfigKey.Parser count(final long min, final long max)
    {
        final ConfigKey.Parser range = longIn(min, max);
        return taking(integerRange("a count such as 1000000, 10M, 250k or 1e6", min, max), raw ->
        {
            if (raw instanceof Double && !((Double)raw).isInfinite() && !((Double)raw).isNaN())
            {
                // a TOML float, e.g. events = 1e6, as a rate takes it
                return parseCount(range, java.math.BigDecimal.valueOf((Double)raw), raw, min, max);
            }
            if (!(raw instanceof String))
            {
                return range.parse(raw);
            }
            final String text = ((String)raw).trim().toLowerCase(Locale.ROOT).replace("_", "");
            final int exponent = suffixExponent(text);
            final java.math.BigDecimal value;
            try
            {
                value = decimalNumber(withoutSuffix(text, exponent)).scaleByPowerOfTen(exponent);
            }
            catch (final NumberFormatException | ArithmeticException ex) // ArithmeticException: exponent overflow
            {
                throw new IllegalArgumentException("expected a count such as 1000000, 10M, 250k or 1e6, found \"" +
                    raw + "\"");
            }
            return parseCount(range, value, raw, min, max);
        });
    }

    private static Object parseCount(
        final ConfigKey.Parser range,
        final java.math.BigDecimal value,
        final Object raw,
        final long min,
        final long max)
    {
        // out of range before any exact conversion: 1e999999999 would otherwise be expanded digit by digit
        // only one bound can be passed: naming it keeps "[0, ...]" out of a flag that refuses 0 by its own check
        if (value.compareTo(java.math.BigDecimal.valueOf(Long.MIN_VALUE)) < 0)
        {
            throw new IllegalArgumentException("must be at least " + min + ", found \"" + raw + "\"");
        }
        if (value.compareTo(java.math.BigDecimal.valueOf(Long.MAX_VALUE)) > 0)
        {
            throw new IllegalArgumentException("must be at most " + max + ", found \"" + raw + "\"");
        }
        final java.math.BigDecimal whole = value.signum() == 0 ? java.math.BigDecimal.ZERO : value.stripTrailingZeros();
        if (whole.scale() > 0)
        {
            throw new IllegalArgumentException("must be a whole number, found \"" + raw + "\"");
        }
        return range.parse(whole.longValueExact());
    }

    static ConfigKey.Parser powerOfTwo(final long min, final long max)
    {
        final ConfigKey.Parser range = longIn(min, max);
        return taking(integerRange("a power of two", min, max), raw ->
        {
            final long value = (Long)range.parse(raw);
            if (Long.bitCount(value) != 1)
            {
                throw new IllegalArgumentException("must be a power of two, found " + value);
            }
            return value;
        });
    }

    static ConfigKey.Parser doubleIn(final double min, final double max)
    {
        return taking("a number from " + plain(min) + " to " + plain(max), raw ->
        {
            final double value;
            if (raw instanceof Double || raw instanceof Long)
            {
                value = ((Number)raw).doubleValue();
            }
            else if (raw instanceof String)
            {
                try
                {
                    value = decimal(((String)raw).trim());
                }
                catch (final NumberFormatException ex)
                {
                    throw new IllegalArgumentException("expected a number, found \"" + raw + "\"");
                }
            }
            else
            {
                throw new IllegalArgumentException("expected a number, found " + ValueText.describe(raw));
            }
            if (!(value >= min && value <= max))
            {
                throw new IllegalArgumentException("must be in [" + min + ", " + max + "], found " + value);
            }
            return value + 0.0; // -0.0 (a TOML float) as 0.0: one value, written and hashed one way
        });
    }

    static ConfigKey.Parser bool()
    {
        return taking("true or false", raw ->
        {
            if (raw instanceof Boolean)
            {
                return raw;
            }
            if (raw instanceof String)
            {
                final String text = ((String)raw).trim().toLowerCase(Locale.ROOT);
                if (text.equals("true") || text.equals("false"))
                {
                    return Boolean.valueOf(text);
                }
            }
            throw new IllegalArgumentException("expected true or false, found " + ValueText.describe(raw));
        });
    }

    static ConfigKey.Parser text()
    {
        return taking("a non-empty string", raw ->
        {
            if (raw instanceof String && !((String)raw).isBlank())
            {
                return raw;
            }
            throw new IllegalArgumentException("expected a non-empty string, found " + ValueText.describe(raw));
        });
    }

    /**
     * A non-empty string that names a path on this system ({@link Path#of}: no NUL, and only characters the JVM can
     * encode in file names, which under a {@code C} locale is ASCII).
     */
    static ConfigKey.Parser path()
    {
        final ConfigKey.Parser text = text();
        return taking("a path", raw ->
        {
            final Object value = text.parse(raw);
            try
            {
                Path.of((String)value);
            }
            catch (final InvalidPathException ex)
            {
                throw new IllegalArgumentException("expected a path, found " + ValueText.describe(raw) +
                    ", which is not a path on this system: " + ex.getReason(), ex);
            }
            return value;
        });
    }

    /**
     * @return a parser of a file's path: {@link #path()}, refused if it ends with '/' ({@link FileOption}).
     */
    static ConfigKey.Parser file()
    {
        final ConfigKey.Parser path = path();
        return taking("a file's path", raw -> requireFile((String)path.parse(raw)));
    }

    /**
     * @param path a path that names a file, as written.
     * @return it.
     * @throws IllegalArgumentException if it names a directory ({@link FileOption#namesADirectory(String)}).
     */
    private static String requireFile(final String path)
    {
        if (FileOption.namesADirectory(path))
        {
            throw new IllegalArgumentException(FileOption.problem(path));
        }
        return path;
    }

    static ConfigKey.Parser textOrEmpty()
    {
        return taking("a string", raw ->
        {
            if (raw instanceof String)
            {
                return ((String)raw).trim();
            }
            throw new IllegalArgumentException("expected a string (\"\" for none), found " + ValueText.describe(raw));
        });
    }

    /**
     * @return a parser of {@code feed.file}: text as {@link #textOrEmpty()}, and a network address
     * ({@link FeedAddress}) only if it is a valid one; a path kept as it is, not trimmed (a file may be named with a
     * trailing space); a value of spaces only kept as it is, not as "" (the synthetic flow), for
     * {@link ConfigChecks#checkFlagsTakeEffect} to refuse naming where it came from.
     */
    static ConfigKey.Parser feed()
    {
        final ConfigKey.Parser text = textOrEmpty();
        return taking("\"\" (the synthetic flow), a file, \"-\" (standard input), \"tcp://HOST:PORT\" or \"tcp-listen://HOST:PORT\"", raw ->
        {
            final String feed = (String)text.parse(raw);
            if (feed.isEmpty())
            {
                return raw;
            }
            if (FeedAddress.isNetwork(feed))
            {
                FeedAddress.parse(feed);
                return feed;
            }
            // a path as it was written, as --config's: a file may be named "sp.csv ", and trimmed it named another
            return "-".equals(feed) ? feed : requireFile((String)raw);
        });
    }

    /**
     * @return a parser of an endpoint, {@code HOST:PORT} ({@link PrometheusEndpoint#parse(String)}), kept as text.
     */
    static ConfigKey.Parser endpoint()
    {
        final ConfigKey.Parser text = textOrEmpty();
        return taking("\"HOST:PORT\"", raw ->
        {
            final String endpoint = (String)text.parse(raw);
            PrometheusEndpoint.parse(endpoint);
            return endpoint;
        });
    }

    static ConfigKey.Parser oneOf(final String... choices)
    {
        return taking("one of " + String.join(", ", choices), raw ->
        {
            if (raw instanceof String)
            {
                final String text = ((String)raw).trim().toLowerCase(Locale.ROOT);
                for (final String choice : choices)
                {
                    if (choice.equals(text))
                    {
                        return choice;
                    }
                }
            }
            throw new IllegalArgumentException(
                "expected one of " + String.join(", ", choices) + ", found " + ValueText.describe(raw));
        });
    }

    /**
     * A duration: a TOML string such as {@code "10s"}, {@code "250ms"}, {@code "5m"}, {@code "1h"}, or a number of
     * seconds, integer or float ({@code 10}, {@code 1.5}), as the text of a flag takes a bare number. Returned in
     * nanoseconds; 0 means "not set".
     */
    static ConfigKey.Parser duration()
    {
        return taking(DURATION, raw ->
        {
            if (raw instanceof Long)
            {
                return Durations.checked((Long)raw, 1_000_000_000L, raw);
            }
            if (raw instanceof Double && !((Double)raw).isNaN())
            {
                return Durations.fromSeconds((Double)raw, raw);
            }
            if (raw instanceof String)
            {
                return Durations.parseNanos((String)raw);
            }
            throw new IllegalArgumentException("expected a duration such as \"10s\", found " + ValueText.describe(raw));
        });
    }

    /**
     * A {@link #duration()} that is 0 (off) or from {@code minNanos} to {@code maxNanos}.
     *
     * @param minNanos the shortest allowed other than 0, in nanoseconds.
     * @param min      the same as a person writes it, e.g. {@code 1ms}.
     * @param maxNanos the longest allowed, in nanoseconds.
     * @param max      the same as a person writes it.
     * @return the parser.
     */
    static ConfigKey.Parser offOrWithin(final long minNanos, final String min, final long maxNanos, final String max)
    {
        final ConfigKey.Parser duration = duration();
        final String range = "from " + min + " to " + max;
        return taking(DURATION + ": 0s (off) or " + range, raw ->
        {
            final long nanos = (Long)duration.parse(raw);
            if (nanos > 0 && nanos < minNanos || nanos > maxNanos)
            {
                throw new IllegalArgumentException("must be 0s (no timeout) or " + range + ", found " +
                    ValueText.describe(raw));
            }
            return nanos;
        });
    }

    /**
     * A {@link #duration()} of at least {@code minNanos}.
     *
     * @param minNanos the shortest allowed, in nanoseconds.
     * @return the parser.
     */
    static ConfigKey.Parser durationAtLeast(final long minNanos)
    {
        final ConfigKey.Parser duration = duration();
        return taking(DURATION + ", at least " + minNanos + "ns", raw ->
        {
            final long nanos = (Long)duration.parse(raw);
            if (nanos < minNanos)
            {
                throw new IllegalArgumentException("must be at least " + minNanos + "ns, found " +
                    ValueText.describe(raw));
            }
            return nanos;
        });
    }

    /**
     * A rate: {@code "max"} (returned as 0) or a positive number of events per second, with an optional k/M suffix.
     */
    static ConfigKey.Parser rate()
    {
        return taking("\"max\" or inputs per second, e.g. 1000000, \"1M\" or \"250k\"", raw ->
        {
            if (raw instanceof Long || raw instanceof Double)
            {
                return positiveRate(((Number)raw).doubleValue(), raw);
            }
            if (raw instanceof String)
            {
                final String text = ((String)raw).trim().toLowerCase(Locale.ROOT).replace("_", "");
                if (text.equals("max"))
                {
                    return 0.0;
                }
                final int exponent = suffixExponent(text);
                try
                {
                    // scaled in decimal, then rounded once: 1.001k is 1001, where 1.001 * 1000 in doubles is not
                    final double number = decimalNumber(withoutSuffix(text, exponent))
                        .scaleByPowerOfTen(exponent).doubleValue();
                    return positiveRate(number, raw);
                }
                catch (final NumberFormatException | ArithmeticException ex) // ArithmeticException: exponent overflow
                {
                    throw new IllegalArgumentException("expected \"max\" or inputs per second, found \"" + raw + "\"");
                }
            }
            throw new IllegalArgumentException("expected \"max\" or inputs per second, found " +
                ValueText.describe(raw));
        });
    }

    /**
     * @param text a count or rate in lower case, e.g. {@code "10m"} or {@code "250k"}.
     * @return the power of ten its suffix stands for: 3 for {@code k}, 6 for {@code m}, 0 for none.
     */
    private static int suffixExponent(final String text)
    {
        return text.endsWith("k") ? 3 : text.endsWith("m") ? 6 : 0;
    }

    private static String withoutSuffix(final String text, final int exponent)
    {
        return 0 == exponent ? text : text.substring(0, text.length() - 1);
    }

    /**
     * A number in decimal notation, as a count is read ({@link java.math.BigDecimal}): digits, a point, an exponent
     * ({@code 1e6}). {@link Double#parseDouble(String)} alone also takes Java's literal forms, so {@code 2000000d}
     * would be a rate of 2 M and {@code 0x1p20} one of 1,048,576.
     *
     * @param text the number.
     * @return its value, infinite beyond the range of a double.
     * @throws NumberFormatException if it is not a decimal number.
     */
    private static double decimal(final String text)
    {
        return decimalNumber(text).doubleValue();
    }

    /**
     * @param text a number in decimal notation.
     * @return its value.
     * @throws NumberFormatException if it is not one, or is written with digits other than ASCII's: BigDecimal and
     * {@link Long#parseLong(String)} read any Unicode digit ({@code ３}, {@code ١٢}), which a duration's parser does not,
     * so that {@code --shards ３} was 3 and {@code --warmup ２} refused; every number is read with ASCII digits only.
     */
    private static java.math.BigDecimal decimalNumber(final String text)
    {
        return new java.math.BigDecimal(asciiOnly(text));
    }

    /**
     * @param text a number as written.
     * @return it, if every character of it is ASCII.
     * @throws NumberFormatException if one is not (a digit of another script, say).
     */
    static String asciiOnly(final String text)
    {
        if (!text.chars().allMatch(c -> c < 0x80))
        {
            throw new NumberFormatException("not ASCII: " + text);
        }
        return text;
    }

    private static double positiveRate(final double value, final Object raw)
    {
        if (!(value > 0))
        {
            throw new IllegalArgumentException("expected \"max\" or a positive rate, found " + raw);
        }
        if (value > PacedFeed.MAX_RATE || value < PacedFeed.MIN_RATE)
        {
            throw new IllegalArgumentException(RATE_RANGE + ", found " + raw);
        }
        return value;
    }

    private static long parseLong(final String text)
    {
        try
        {
            return Long.parseLong(asciiOnly(text.trim().replace("_", "")));
        }
        catch (final NumberFormatException ex)
        {
            if (text.trim().replace("_", "").matches("[+-]?[0-9]+"))
            {
                throw new IllegalArgumentException("integer out of range (a signed 64-bit integer, at most " +
                    Long.MAX_VALUE + "), found \"" + text + "\"");
            }
            throw new IllegalArgumentException("expected an integer, found \"" + text + "\"");
        }
    }
}
