package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class RunFeedTest
{
    @TempDir
    Path dir;

    /**
     * {@code run --feed - < data/} (standard input open on a directory) is refused before the run starts, as
     * {@code --feed data/} is; before, the run started, replaced the journal in journal.dir with a run of no input and
     * failed at its first read ("is a directory"), exit 1.
     */
    @Test
    void shouldRefuseStandardInputOpenOnADirectory()
    {
        final IOException refused = assertThrows(IOException.class, () -> RunFeed.checkStandardInput(dir));
        assertEquals("standard input is a directory", refused.getMessage());
    }

    /**
     * A file, and a path the system does not have (no {@code /dev/stdin}): nothing refused, the reads say the rest.
     */
    @Test
    void shouldTakeStandardInputOpenOnAFileOrWhereItHasNoPath() throws IOException
    {
        final Path file = Files.writeString(dir.resolve("feed.csv"), "1,cancel,1,1\n");
        assertDoesNotThrow(() -> RunFeed.checkStandardInput(file));
        assertDoesNotThrow(() -> RunFeed.checkStandardInput(dir.resolve("no-such-path")));
    }

    /**
     * Where the check looks: this process's standard input, which in a test is not a directory.
     */
    @Test
    void shouldLookAtThisProcesssStandardInput()
    {
        assertEquals(Path.of("/dev/stdin"), RunFeed.STANDARD_INPUT);
        assertDoesNotThrow(() -> RunFeed.checkStandardInput(RunFeed.STANDARD_INPUT));
    }
}
