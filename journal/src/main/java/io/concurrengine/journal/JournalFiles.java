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

    static boolean isCycleFile(final Path path)
    {
        return path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX) && Files.isRegularFile(path);
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
