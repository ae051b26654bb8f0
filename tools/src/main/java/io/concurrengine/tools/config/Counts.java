package io.concurrengine.tools.config;

/**
 * Counts as every command reads them: an integer, or with a {@code k} or {@code M} suffix, or in exponent notation
 * ({@code 10000}, {@code 10k}, {@code 2.5M}, {@code 1e6}), as long as it comes to a whole number; {@code _} between
 * digits is allowed. The same reading as {@code run.events} and {@code --events}, for options that are not
 * configuration keys. Stateless, threadsafe.
 */
public final class Counts
{
    private Counts()
    {
    }

    /**
     * @param text the count as written.
     * @param min  the least count taken.
     * @param max  the most count taken.
     * @return the count.
     * @throws IllegalArgumentException naming what is wrong: not a count, not a whole number, or out of range.
     */
    public static long parse(final String text, final long min, final long max)
    {
        return (Long)Values.count(min, max).parse(text);
    }
}
