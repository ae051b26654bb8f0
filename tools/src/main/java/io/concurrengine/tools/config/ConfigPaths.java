package io.concurrengine.tools.config;

import io.concurrengine.tools.FileOption;
import io.concurrengine.tools.feed.FeedAddress;

import java.nio.file.Path;
import java.util.Set;

/**
 * How {@link ConfigLoader} and {@link ConfigToml} take the values of the path keys ({@code journal.dir},
 * {@code feed.file}, {@code telemetry.counters_file}) from a directory: a configuration file's for the values in it,
 * the working directory's for the text a run writes. Stateless.
 */
final class ConfigPaths
{
    private static final String FEED_FILE_KEY = "feed.file";

    /**
     * Keys whose values are paths: a relative one in a configuration file is taken from the file's directory, as a
     * file that names its neighbours means; from the environment, a flag or the embedded defaults, from the working
     * directory.
     */
    private static final Set<String> PATH_KEYS = Set.of("journal.dir", FEED_FILE_KEY, "telemetry.counters_file");

    /** Path keys that name a file: a value that ends with '/' is kept as it is, for the key's check to refuse. */
    private static final Set<String> FILE_KEYS = Set.of(FEED_FILE_KEY, "telemetry.counters_file");

    private ConfigPaths()
    {
    }

    /**
     * @param baseDir a configuration file's directory.
     * @param key     a key.
     * @param value   its value from that file.
     * @return for a key other than a path key ({@link #PATH_KEYS}), {@code value} as it was; for a path key, a string
     * value taken from {@code baseDir} ({@link #resolvePath}), as the key's own check reads the same text from a flag:
     * a path as it was written (a file may be named "sp.csv "), {@code feed.file}'s "-" or network address trimmed,
     * and a blank value as it was (for {@code feed.file} the synthetic flow, for the
     * other path keys refused), not the file's directory or a name of spaces in it; a file key's value that ends with
     * '/' as it was ({@link FileOption}: normalising would drop the slash); anything else as it was, for the key's own
     * check to refuse.
     */
    static Object resolved(final Path baseDir, final String key, final Object value)
    {
        if (!PATH_KEYS.contains(key) || !(value instanceof String) || ((String)value).isBlank())
        {
            return value;
        }
        final String raw = (String)value;
        final String trimmed = raw.trim();
        final String text = FEED_FILE_KEY.equals(key) && ("-".equals(trimmed) || FeedAddress.isNetwork(trimmed)) ?
            trimmed : raw;
        if (FILE_KEYS.contains(key) && FileOption.namesADirectory(text))
        {
            return value;
        }
        return resolvePath(baseDir, key, text);
    }

    /**
     * @param base  a directory, absolute.
     * @param key   a path key.
     * @param value its value.
     * @return {@code value} as {@link #resolvePath(Path, String)} takes it, except a feed's standard input
     * ({@code feed.file = "-"}) and a network feed's address ({@code feed.file = "tcp://..."}), which are no paths and
     * are kept as they are; "-" as another key's value is a file or directory named so.
     */
    static String resolvePath(final Path base, final String key, final String value)
    {
        return FEED_FILE_KEY.equals(key) && ("-".equals(value) || FeedAddress.isNetwork(value)) ? value :
            resolvePath(base, value);
    }

    /**
     * @param base a directory, absolute.
     * @param path a path value.
     * @return {@code path} taken from {@code base} and normalised; empty or not a path as it was (opened as given, it
     * fails with the path's own error).
     */
    static String resolvePath(final Path base, final String path)
    {
        if (path.isEmpty())
        {
            return path;
        }
        try
        {
            return base.resolve(path).normalize().toString();
        }
        catch (final java.nio.file.InvalidPathException ex)
        {
            return path;
        }
    }
}
