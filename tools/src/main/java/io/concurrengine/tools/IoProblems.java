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
            return "no such file or directory: " + ((FileSystemException)ex).getFile();
        }
        if (ex instanceof AccessDeniedException)
        {
            return "permission denied: " + ((FileSystemException)ex).getFile();
        }
        if (ex instanceof NotDirectoryException ||
            ex instanceof FileSystemException && "Not a directory".equals(((FileSystemException)ex).getReason()))
        {
            final String file = ((FileSystemException)ex).getFile();
            final Path inTheWay = null == file ? null : notADirectoryAbove(file);
            if (null != inTheWay)
            {
                return inTheWay + (Files.isRegularFile(inTheWay) ? " is a file, not a directory" :
                    " is not a directory") + ", in the path " + file;
            }
            return "not a directory: " + file;
        }
        if (ex instanceof FileAlreadyExistsException)
        {
            final String file = ((FileSystemException)ex).getFile();
            if (null != file && Files.isRegularFile(Path.of(file)))
            {
                return file + " is a file, not a directory";
            }
            final String target = null == file ? null : danglingTarget(Path.of(file));
            return null != target ?
                file + " is a symbolic link to a missing target, " + target :
                file + " already exists";
        }
        if (ex instanceof FileSystemException)
        {
            final FileSystemException fse = (FileSystemException)ex;
            final String reason = null == fse.getReason() ? "I/O error" : lowerFirst(fse.getReason());
            final String other = null == fse.getOtherFile() ? "" : " -> " + fse.getOtherFile();
            return null == fse.getFile() ? reason : reason + ": " + fse.getFile() + other;
        }
        final String message = ex.getMessage();
        return null == message || message.isBlank() ? ex.getClass().getSimpleName() : lowerFirst(message);
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

    private static String lowerFirst(final String text)
    {
        return text.isEmpty() || (text.length() > 1 && Character.isUpperCase(text.charAt(1))) ? text :
            text.substring(0, 1).toLowerCase(Locale.ROOT) + text.substring(1);
    }
}
