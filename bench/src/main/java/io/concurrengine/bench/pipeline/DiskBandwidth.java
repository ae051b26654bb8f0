package io.concurrengine.bench.pipeline;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A {@code dd}-like probe of sequential write bandwidth: {@code bytes} of random data written through a
 * {@link FileChannel} in 1 MiB chunks to a new file in the journal's file system, then {@code force(true)}; the
 * bandwidth counts the force, so it is what the disk absorbs, not what the page cache does. The file is deleted
 * after the clock is read.
 */
final class DiskBandwidth
{
    private static final int CHUNK = 1 << 20;

    private DiskBandwidth()
    {
    }

    static Map<String, Object> measure(final Path directory, final long bytes) throws IOException
    {
        Files.createDirectories(directory);
        final Path file = directory.resolve("disk-probe-" + System.nanoTime() + ".bin");
        final ByteBuffer chunk = ByteBuffer.allocateDirect(CHUNK);
        final SplittableRandom random = new SplittableRandom(7);
        while (chunk.remaining() >= Long.BYTES)
        {
            chunk.putLong(random.nextLong());
        }
        final long start = System.nanoTime();
        long written = 0;
        final long writtenNanos;
        final long elapsed;
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE))
        {
            while (written < bytes)
            {
                chunk.clear();
                chunk.limit((int)Math.min(CHUNK, bytes - written));
                while (chunk.hasRemaining())
                {
                    written += channel.write(chunk);
                }
            }
            writtenNanos = System.nanoTime() - start;
            channel.force(true);
            // read before the close and the delete: unlinking gigabytes is file-system work, not bandwidth
            elapsed = System.nanoTime() - start;
        }
        finally
        {
            Files.deleteIfExists(file);
        }
        final Map<String, Object> result = new LinkedHashMap<>();
        result.put("bytes", written);
        result.put("writeNanos", writtenNanos);
        result.put("writeAndForceNanos", elapsed);
        result.put("megabytesPerSecond", written * 1e3 / elapsed);
        result.put("pageCacheMegabytesPerSecond", written * 1e3 / writtenNanos);
        return result;
    }
}
