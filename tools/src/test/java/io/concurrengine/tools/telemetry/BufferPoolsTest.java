package io.concurrengine.tools.telemetry;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.junit.jupiter.api.Assertions.assertTrue;

class BufferPoolsTest
{
    @Test
    void shouldCountALiveDirectBuffer()
    {
        final ByteBuffer buffer = ByteBuffer.allocateDirect(1 << 20);

        assertTrue(new BufferPools().directBytes() >= buffer.capacity());
    }

    @Test
    void shouldCountALiveMappedBuffer(@org.junit.jupiter.api.io.TempDir final java.nio.file.Path dir)
        throws java.io.IOException
    {
        try (java.nio.channels.FileChannel channel = java.nio.channels.FileChannel.open(dir.resolve("mapped"),
            java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.READ,
            java.nio.file.StandardOpenOption.WRITE))
        {
            final ByteBuffer mapping = channel.map(java.nio.channels.FileChannel.MapMode.READ_WRITE, 0, 1 << 20);

            assertTrue(new BufferPools().mappedBytes() >= mapping.capacity());
        }
    }

    @Test
    void shouldNeverReportNegativeMappedBytes()
    {
        assertTrue(new BufferPools().mappedBytes() >= 0);
    }
}
