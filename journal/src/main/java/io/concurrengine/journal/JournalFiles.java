/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;
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
