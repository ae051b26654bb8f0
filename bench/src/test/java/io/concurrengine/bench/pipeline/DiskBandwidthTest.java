package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The probe's figures from its own counts: bytes written exactly, rates in decimal MB/s of the times it reports, the
 * file gone afterwards. No timing threshold.
 */
class DiskBandwidthTest
{
    @TempDir
    Path dir;

    @Test
    void shouldReportRatesOfTheBytesItWroteAndDeleteItsFile() throws IOException
    {
        final long bytes = 3L * (1 << 20) + 5; // not a whole number of 1 MiB chunks

        final long start = System.nanoTime();
        final Map<String, Object> result = DiskBandwidth.measure(dir, bytes);
        final long wall = System.nanoTime() - start;

        assertEquals(bytes, (Long)result.get("bytes"));
        final long write = (Long)result.get("writeNanos");
        final long writeAndForce = (Long)result.get("writeAndForceNanos");
        assertTrue(write > 0 && writeAndForce >= write && writeAndForce <= wall,
            write + " / " + writeAndForce + " / " + wall);
        assertEquals(bytes * 1e3 / writeAndForce, (Double)result.get("megabytesPerSecond"), 1e-9);
        assertEquals(bytes * 1e3 / write, (Double)result.get("pageCacheMegabytesPerSecond"), 1e-9);
        try (var files = Files.list(dir))
        {
            assertEquals(0, files.count());
        }
    }
}
