package io.concurrengine.tools;

import java.util.Locale;

/**
 * A count and its noun for the commands' messages: {@code 1 input}, {@code 0 inputs}, {@code 1,000 dispatches}.
 * Stateless and threadsafe.
 */
public final class Plural
{
    private Plural()
    {
    }

    /**
     * @param count how many.
     * @param one   the noun for one, e.g. {@code dispatch}.
     * @param many  the noun for any other count, e.g. {@code dispatches}.
     * @return the count with thousands separators, a space and the noun that goes with it.
     */
    public static String of(final long count, final String one, final String many)
    {
        return String.format(Locale.ROOT, "%,d ", count) + (1 == count ? one : many);
    }

    /**
     * @param count how many.
     * @param one   the noun for one, whose plural takes an s, e.g. {@code input}.
     * @return the count with thousands separators, a space and the noun, with an s unless the count is 1.
     */
    public static String of(final long count, final String one)
    {
        return of(count, one, one + "s");
    }
}
