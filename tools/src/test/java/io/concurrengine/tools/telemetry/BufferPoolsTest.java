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
    void shouldNeverReportNegativeMappedBytes()
    {
        assertTrue(new BufferPools().mappedBytes() >= 0);
    }
}
