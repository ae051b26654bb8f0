package io.concurrengine.core.wheel;

import org.junit.jupiter.api.Test;

import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;

import static io.concurrengine.core.event.EventDescriptor.RECORD_ALIGNMENT;
import static io.concurrengine.core.event.EventDescriptor.RECORD_SHIFT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class NodeArenaTest
{
    private static final int RECORDS = 1 << 14;

    @Test
    void shouldAlignEveryArenaToTheRecordAlignment()
    {
        // sixteen allocations of different sizes, held at once: their raw addresses are not all 64-byte aligned
        final NodeArena[] arenas = new NodeArena[16];
        try
        {
            for (int i = 0; i < arenas.length; i++)
            {
                arenas[i] = new NodeArena(i + 1);
            }
            for (final NodeArena arena : arenas)
            {
                assertEquals(0, arena.buffer().addressOffset() & (RECORD_ALIGNMENT - 1),
                    () -> "address " + arena.buffer().addressOffset() + " of an arena of " + arena.capacity());
            }
        }
        finally
        {
            for (final NodeArena arena : arenas)
            {
                if (null != arena)
                {
                    arena.close();
                }
            }
        }
    }

    @Test
    void shouldFreeItsMemoryOnClose()
    {
        final NodeArena arena = new NodeArena(RECORDS);
        final long open = directMemoryUsed();
        arena.close();
        final long freed = open - directMemoryUsed();
        assertTrue(freed >= (long)RECORDS << RECORD_SHIFT, () -> "freed " + freed + " bytes");
    }

    @Test
    void shouldFreeTheOldMemoryWhenItGrows()
    {
        final long before = directMemoryUsed();
        final NodeArena arena = new NodeArena(RECORDS);
        try
        {
            for (int i = 0; i <= RECORDS; i++)
            {
                arena.allocate();
            }
            assertEquals(RECORDS << 1, arena.capacity());
            final long held = directMemoryUsed() - before;
            assertTrue(held <= ((long)RECORDS << (RECORD_SHIFT + 1)) + RECORD_ALIGNMENT,
                () -> "holds " + held + " bytes for " + arena.capacity() + " records");
        }
        finally
        {
            arena.close();
        }
    }

    @Test
    void shouldLeaveNoBufferOverItsFreedMemoryOnClose()
    {
        final NodeArena arena = new NodeArena(RECORDS);
        arena.close();
        assertEquals(0, arena.buffer().capacity(), "a use after close fails its bounds check");
    }

    private static long directMemoryUsed()
    {
        for (final BufferPoolMXBean pool : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class))
        {
            if ("direct".equals(pool.getName()))
            {
                return pool.getMemoryUsed();
            }
        }
        throw new IllegalStateException("no direct buffer pool");
    }
}
