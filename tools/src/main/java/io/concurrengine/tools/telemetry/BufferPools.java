package io.concurrengine.tools.telemetry;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

/**
 * The JVM's two NIO buffer pools, looked up once: {@code direct} ({@code ByteBuffer.allocateDirect}, Agrona's
 * off-heap buffers) and {@code mapped} (memory-mapped files, Chronicle Queue's journal). A JVM without one of them
 * reports 0 for it.
 * <p>
 * Threadsafe: the beans are read-only views.
 */
public final class BufferPools
{
    private final BufferPoolMXBean direct;
    private final BufferPoolMXBean mapped;

    /**
     * Looks up the platform's buffer pool beans.
     */
    public BufferPools()
    {
        BufferPoolMXBean direct = null;
        BufferPoolMXBean mapped = null;
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                direct = pool;
            }
            else if ("mapped".equals(pool.getName()))
            {
                mapped = pool;
            }
        }
        this.direct = direct;
        this.mapped = mapped;
    }

    /**
     * @return bytes the JVM holds in direct buffers now, or 0 if it has no such pool.
     */
    public long directBytes()
    {
        return null == direct ? 0 : direct.getMemoryUsed();
    }

    /**
     * @return bytes the JVM holds in mapped buffers now, or 0 if it has no such pool.
     */
    public long mappedBytes()
    {
        return null == mapped ? 0 : mapped.getMemoryUsed();
    }
}
