package io.concurrengine.tools.telemetry;

import org.junit.jupiter.api.Test;

import java.io.RandomAccessFile;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class MappedFileMemoryTest
{
    @Test
    void shouldReadRssFileInBytes()
    {
        final String status = "VmRSS:\t  392372 kB\nRssAnon:\t  319752 kB\nRssFile:\t   72620 kB\nRssShmem:\t 0 kB\n";
        assertEquals(72_620L * 1024, MappedFileMemory.parse(status, "RssFile:"));
        assertEquals(392_372L * 1024, MappedFileMemory.parse(status, "VmRSS:"));
        assertEquals(-1, MappedFileMemory.parse("VmRSS:\t  392372 kB\n", "RssFile:"), "older kernels: no RssFile");
        assertEquals(-1, MappedFileMemory.parse("RssFile:\t  72 MB\n", "RssFile:"), "a unit it does not know");
        assertTrue(MappedFileMemory.residentSetBytes() > MappedFileMemory.residentBytes(), "this JVM's own");
    }

    @Test
    void shouldSeeResidentFileMappingsGrowWhenAFileIsTouched() throws Exception
    {
        final long before = MappedFileMemory.residentBytes();
        assumeTrue(before >= 0, "Linux 4.5+ only");
        final Path file = Files.createTempFile("mapped", ".bin");
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw"); FileChannel channel = raf.getChannel())
        {
            final int bytes = 64 << 20;
            final MappedByteBuffer buffer = channel.map(FileChannel.MapMode.READ_WRITE, 0, bytes);
            for (int i = 0; i < bytes; i += 4096)
            {
                buffer.put(i, (byte)1);
            }
            final long after = MappedFileMemory.residentBytes();
            assertTrue(after - before >= 48L << 20, "64 MiB touched: " + before + " -> " + after);
        }
        finally
        {
            Files.deleteIfExists(file);
        }
    }
}
