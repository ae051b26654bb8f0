package io.concurrengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.concurrengine.journal.JournalTestSupport.*;
import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

@Timeout(60)
class JournalFsyncTest
{
    @TempDir
    Path dir;

    /**
     * Kilobytes of the journal's cycle-file mappings whose pages are dirty (not yet written back), from
     * {@code /proc/self/smaps}: a page written back by {@code msync(MS_SYNC)} is clean again.
     */
    private long dirtyKilobytesOfCycleFiles() throws IOException
    {
        final List<String> lines = Files.readAllLines(Path.of("/proc/self/smaps"));
        long dirty = 0;
        boolean cycleFile = false;
        for (final String line : lines)
        {
            if (Character.isDigit(line.charAt(0)) || Character.isLowerCase(line.charAt(0)) && line.contains("-") &&
                !line.contains(":"))
            {
                cycleFile = line.contains(dir.toString()) && line.endsWith(JournalFiles.CYCLE_FILE_SUFFIX);
            }
            else if (cycleFile && (line.startsWith("Shared_Dirty:") || line.startsWith("Private_Dirty:")))
            {
                dirty += Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return dirty;
    }

    @Test
    void shouldWriteEveryBlockBackToTheDeviceWithPerBlockPolicy() throws IOException
    {
        assumeTrue(Files.isReadable(Path.of("/proc/self/smaps")), "Linux only");
        // no pages prepared ahead: a page made writable in advance counts as dirty
        final JournalConfig config = config(dir).fsyncPolicy(FsyncPolicy.PER_BLOCK).pretouchAheadBytes(0).build();
        try (JournalWriter writer = JournalWriter.open(config, HEADER))
        {
            long dirtyAfterFirstBlock = -1;
            for (int block = 0; block < 20; block++)
            {
                for (int i = 0; i < 1_000; i++)
                {
                    writer.appendInput(block * 1_000L + i, 1, i, i, -i, i * 31L, 7);
                }
                writer.flush();
                if (0 == block)
                {
                    dirtyAfterFirstBlock = dirtyKilobytesOfCycleFiles();
                }
            }

            // 20 blocks of about 10 KB each: left to the kernel, every page written stays dirty for about 30 s; written
            // back after each block, at most what the first block left (Chronicle's store header, rewritten with every
            // document, is not in the synced range)
            assertTrue(writer.bytesWritten() > 100 * 1024, "bytesWritten=" + writer.bytesWritten());
            final long dirty = dirtyKilobytesOfCycleFiles();
            assertTrue(dirty <= dirtyAfterFirstBlock,
                "dirty KiB after 20 blocks: " + dirty + ", after the first: " + dirtyAfterFirstBlock);
        }
    }
}
