package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JournalDiskUsageTest
{
    private static final int FILE_BYTES = 256 * 1024;

    @TempDir
    Path root;

    @Test
    void shouldCountCycleFilesDeletedDuringTheRunAtTheirLastSampledSize() throws Exception
    {
        final Path shard = Files.createDirectories(root.resolve("shard-0"));
        final Path old = shard.resolve("20261203-1500.cq4");
        final Path current = shard.resolve("20261203-1501.cq4");
        Files.write(old, new byte[FILE_BYTES]);
        Files.write(current, new byte[FILE_BYTES]);
        final long before = Environment.diskUsage(root);

        final JournalDiskUsage usage = new JournalDiskUsage(root, 10);
        final long deadline = System.nanoTime() + 10_000_000_000L;
        while (usage.samples() < 2 && System.nanoTime() < deadline)
        {
            Thread.sleep(5);
        }
        final long oldBytes = Environment.diskUsage(old);
        Files.delete(old);
        final JournalDiskUsage.Result result = usage.stop();

        assertTrue(oldBytes >= FILE_BYTES, "the file system allocated the old file: " + oldBytes);
        assertEquals(1, result.deletedFiles());
        assertEquals(oldBytes, result.deletedBytes());
        assertEquals(before, result.totalBytes(), "what is left plus what was deleted");
    }

    @Test
    void shouldReportUnknownUsageOfAMissingRoot() throws Exception
    {
        final JournalDiskUsage usage = new JournalDiskUsage(root.resolve("never-created"), 10);
        assertEquals(-1, usage.stop().totalBytes());
    }
}
