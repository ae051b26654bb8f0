package io.concurrengine.tools;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * An I/O failure in words for a person: what went wrong and on which file, without the exception's class name
 * ({@code java.nio.file.FileSystemException: /data/x: Not a directory} reads {@code not a directory: /data/x}, or
 * names the file in the way when there is one above it). The
 * file names are as they are, control characters included: whoever prints the text for a person escapes it
 * ({@link PrintableText}), and a JSON error object carries it as it is.
 */
public final class IoProblems
{
    private IoProblems()
    {
    }

    /**
     * @param error an I/O failure, possibly wrapped in an {@link UncheckedIOException}; any other exception is
     *              described by its message.
     * @return what went wrong, naming the file where the exception does.
     */
    public static String describe(final Throwable error)
    {
        final Throwable ex =
            error instanceof UncheckedIOException && null != error.getCause() ? error.getCause() : error;
        if (ex instanceof NoSuchFileException)
        {
            return "no such file or directory: " + named(((FileSystemException)ex).getFile());
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied: " + named(((FileSystemException)ex).getFile());
        }
        if (ex instanceof NotDirectoryException ||
            ex instanceof FileSystemException && "Not a directory".equals(((FileSystemException)ex).getReason()))
        {
            final String file = ((FileSystemException)ex).getFile();
            final String inTheWay = null == file ? null : inTheWay(file);
            return null != inTheWay ? inTheWay : "not a directory: " + named(file);
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            final String file = ((FileSystemException)ex).getFile();
            if (null != file && Files.exists(Path.of(file)) && !Files.isDirectory(Path.of(file)))
            {
                return named(file) + " is " + FileKind.ofNonDirectory(Path.of(file)) + ", not a directory";
            }
            final String target = null == file ? null : danglingTarget(Path.of(file));
            return null != target ?
                named(file) + " is a symbolic link to a missing target, " + named(target) :
                named(file) + " already exists";
        }
        if (ex instanceof FileSystemException)
        {
            final FileSystemException fse = (FileSystemException)ex;
            final String reason = null == fse.getReason() ? "I/O error" : lowerFirst(fse.getReason());
            final String other = null == fse.getOtherFile() ? "" : " -> " + named(fse.getOtherFile());
            return null == fse.getFile() ? reason : reason + ": " + named(fse.getFile()) + other;
        }
        final String message = ex.getMessage();
        return null == message || message.isBlank() ? ex.getClass().getSimpleName() : lowerFirst(message);
    }

    /**
     * What every command says of a path it cannot find or make because a file is where a directory above it should
     * be ({@code run --feed f.csv/x}, {@code inspect f.csv/sub}), in place of calling it missing.
     *
     * @param path a path that does not exist, or could not be made.
     * @return {@code "F is a file, not a directory, in the path P"} where the nearest existing path F above it is not
     * a directory ({@code "F is a named pipe, not a directory, ..."} where F is not a regular file, as
     * {@link FileKind#ofNonDirectory} says), else null.
     */
    public static String inTheWay(final Path path)
    {
        return inTheWay(path.toString());
    }

    private static String inTheWay(final String file)
    {
        final Path above = notADirectoryAbove(file);
        return null == above ? null :
            named(above.toString()) + " is " + FileKind.ofNonDirectory(above) + ", not a directory, in the path " +
            named(file);
    }

    /**
     * @return the nearest existing path above {@code file} if it is not a directory (the file in the way of the
     * path: {@code afile} of {@code afile/sub}), else null.
     */
    private static Path notADirectoryAbove(final String file)
    {
        try
        {
            for (Path above = Path.of(file).getParent(); null != above; above = above.getParent())
            {
                if (Files.exists(above))
                {
                    return Files.isDirectory(above) ? null : above;
                }
            }
            return null;
        }
        catch (final InvalidPathException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * @return what {@code file} links to if it is a symbolic link to nothing, else null.
     */
    private static String danglingTarget(final Path file)
    {
        try
        {
            return Files.isSymbolicLink(file) && !Files.exists(file) ? Files.readSymbolicLink(file).toString() : null;
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * @return the path in double quotes where white space begins or ends it, as the rest of the tools name one
     * ({@link PrintableText#quotedIfSpaced}); "null" for none, as before.
     */
    private static String named(final String file)
    {
        return null == file ? "null" : PrintableText.quotedIfSpaced(file);
    }

    private static String lowerFirst(final String text)
    {
        return text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1))) ? text :
            text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
