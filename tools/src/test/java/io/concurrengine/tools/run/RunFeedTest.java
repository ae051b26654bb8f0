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
     * {@code run --feed - <&-} (standard input closed): the JVM's runtime image took descriptor 0 and the run read it
     * as its feed, after it had replaced the journal in journal.dir, and failed at its first line
     * ("field 1 (time) ... is not an integer; the line holds NUL bytes"), exit 2. It is refused before the run starts.
     */
    @Test
    void shouldRefuseStandardInputThatIsAFileOfTheJvmsOwnAsWhenItWasClosed() throws IOException
    {
        final Path runtimeImage = Path.of(System.getProperty("java.home"), "lib", "modules");
        final IOException refused = assertThrows(IOException.class, () -> RunFeed.checkStandardInput(runtimeImage));
        assertEquals("standard input is closed: the JVM opened its own " + runtimeImage.toRealPath() +
            " as descriptor 0; give --feed - a pipe or a file (< feed.csv), or < /dev/null for no input",
            refused.getMessage());
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
        // a runtime installed at the root: every file is in java.home, and only its image is refused
        assertDoesNotThrow(() -> RunFeed.checkStandardInput(file, "/"));
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
