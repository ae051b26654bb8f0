package io.concurrengine.tools;

import java.nio.file.Path;

/**
 * The one rule for a path that names a file ({@code telemetry.counters_file}, {@code feed.file} and {@code --feed},
 * {@code --config}, {@code feed --out}, {@code sim --spec}): one that ends with {@code /} (or {@code /.},
 * {@code /..}) names a directory, as the shell and the kernel read it ("Not a directory"), though {@link Path} or
 * normalising drops the ending; it is refused, not taken for the file without it. A path that names a directory
 * ({@code journal.dir}, {@code inspect DIR}) may end with one. Stateless.
 */
public final class FileOption
{
    private FileOption()
    {
    }

    /**
     * @param path a path as the user wrote it, before {@link Path} or normalising drops a trailing slash.
     * @return true if it ends with {@code /}, or its last name is {@code .} or {@code ..}: it names a directory, not
     * a file.
     */
    public static boolean namesADirectory(final String path)
    {
        return path.endsWith("/") || path.equals(".") || path.equals("..") || path.endsWith("/.") ||
            path.endsWith("/..");
    }

    /**
     * @param path a path for which {@link #namesADirectory(String)}.
     * @return why it names a directory: "ends with '/', which names a directory" (or '.', '..').
     */
    public static String why(final String path)
    {
        final String end = path.endsWith("/") ? "/" : path.endsWith("..") ? ".." : ".";
        return "ends with '" + end + "', which names a directory";
    }

    /**
     * @param path a path for which {@link #namesADirectory(String)}.
     * @return what is wrong with it as a file's path.
     */
    public static String problem(final String path)
    {
        return "\"" + path + "\" " + why(path) + "; a file is meant";
    }
}
