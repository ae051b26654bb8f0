package io.concurrengine.tools;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What a file that is neither a regular file nor a directory is, read from its Unix mode (following a link to what it
 * names): the commands name it in a message, and never open a named pipe by mistake, whose opening waits for a writer.
 * Stateless and threadsafe.
 */
public final class FileKind
{
    private static final int S_IFMT = 0170000;
    private static final int S_IFIFO = 0010000;
    private static final int S_IFCHR = 0020000;
    private static final int S_IFBLK = 0060000;
    private static final int S_IFSOCK = 0140000;

    private FileKind()
    {
    }

    /**
     * @param file an existing file.
     * @return true if it is a named pipe (FIFO), or a link to one.
     * @throws IOException if its attributes cannot be read.
     */
    public static boolean isNamedPipe(final Path file) throws IOException
    {
        try
        {
            return (mode(file) & S_IFMT) == S_IFIFO;
        }
        catch (final UnsupportedOperationException ex)
        {
            return false; // no unix attribute view: no named pipes to tell apart
        }
    }

    /**
     * @param file  a path.
     * @param other another path.
     * @return true if both name one file (by any path or link) that is not a character device ({@code /dev/null}, a
     * terminal), which two readers, or a reader and a writer, share harmlessly; false if they do not, or either
     * cannot be examined (which opening it then reports).
     */
    public static boolean isSameFileNotDevice(final Path file, final Path other)
    {
        try
        {
            return Files.isSameFile(file, other) && (mode(file) & S_IFMT) != S_IFCHR;
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return false;
        }
    }

    /**
     * @param file a file that is neither a regular file nor a directory.
     * @return what it is, in words: "a named pipe", "a socket", "a character device", "a block device", or "a special
     * file" where its mode cannot say.
     */
    public static String describe(final Path file)
    {
        try
        {
            switch (mode(file) & S_IFMT)
            {
                case S_IFIFO:
                    return "a named pipe";
                case S_IFSOCK:
                    return "a socket";
                case S_IFCHR:
                    return "a character device";
                case S_IFBLK:
                    return "a block device";
                default:
                    return "a special file";
            }
        }
        catch (final IOException | UnsupportedOperationException | IllegalArgumentException ex)
        {
            return "a special file"; // no unix attribute view to say which
        }
    }

    /**
     * @param file an existing file that is not a directory, where a directory was meant.
     * @return what it is, in words: "a file" for a regular file, else as {@link #describe}: a refusal says what is
     * in the way ({@code /dev/full is a character device, not a directory}), not only that something is.
     */
    public static String ofNonDirectory(final Path file)
    {
        return Files.isRegularFile(file) ? "a file" : describe(file);
    }

    private static int mode(final Path file) throws IOException
    {
        return (Integer)Files.getAttribute(file, "unix:mode");
    }
}
