/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Cycle files of a journal directory. Chronicle names cycle files by a fixed-width date format, so name order is
 * cycle order within one journal.
 */
final class JournalFiles
{
    static final String CYCLE_FILE_SUFFIX = ".cq4";

    private JournalFiles()
    {
    }

    /**
     * @param path a directory entry.
     * @return true if it is named as a cycle file and is a regular file, or a symbolic link to a file that is no longer
     * there (a cycle file moved to storage that is gone): reading it then fails naming it, where skipping it would
     * report only the blocks missing after it. Directories and special files (a FIFO, whose opening would wait for a
     * writer) are not cycle files.
     */
    static boolean isCycleFile(final Path path)
    {
        return path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX) &&
            (Files.isRegularFile(path) || (Files.isSymbolicLink(path) && !Files.exists(path)));
    }

    /**
     * @param directory journal directory.
     * @return for the entries named as cycle files that are not ({@link #isCycleFile}: a directory, a named pipe), a
     * clause naming them, to say why a journal reads as without its cycle files, with blocks missing or not closed; ""
     * for none, or if the directory cannot be listed.
     */
    static String notCycleFiles(final Path directory)
    {
        final List<String> names;
        try (Stream<Path> files = Files.list(directory))
        {
            names = files.filter(path -> path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX))
                .filter(path -> !isCycleFile(path)).map(path -> path.getFileName().toString()).sorted()
                .collect(Collectors.toList());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "";
        }
        return names.isEmpty() ? "" : "; " + String.join(", ", names) + (1 == names.size() ? " is" : " are") +
            " named as a cycle file but not a regular file (a directory, a named pipe or a device): not read";
    }

    /**
     * @param directory journal directory.
     * @return cycle files, oldest first.
     * @throws IOException if the directory cannot be listed.
     */
    static List<Path> cycleFiles(final Path directory) throws IOException
    {
        try (Stream<Path> files = Files.list(directory))
        {
            return files.filter(JournalFiles::isCycleFile).sorted().collect(Collectors.toList());
        }
    }
}
