package io.concurrengine.bench.pipeline;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ThreadProbeTest
{
    @Test
    void shouldSeparateStealFromTheTimeTheMachinesProcessesRan()
    {
        // user nice system idle iowait irq softirq steal guest guest_nice
        final long[] ticks = ThreadProbe.parseStatCpuLine("cpu  97149 3 31838 203670 1055 7 124 917 40 2");

        final long busy = 97149 + 3 + 31838 + 7 + 124;
        final long steal = 917;
        final long total = busy + 203670 + 1055 + steal; // guest time is already in user and nice
        assertArrayEquals(new long[] { busy, steal, total }, ticks);
    }

    @Test
    void shouldReadAnOldKernelsLineWithoutSteal()
    {
        assertArrayEquals(new long[] { 6, 0, 10 }, ThreadProbe.parseStatCpuLine("cpu 1 2 3 4"));
    }

    @Test
    void shouldRefuseALineThatIsNotTheCpuTotal()
    {
        assertThrows(IllegalArgumentException.class, () -> ThreadProbe.parseStatCpuLine("cpu0 1 2 3 4 5 6 7 8"));
        assertThrows(IllegalArgumentException.class, () -> ThreadProbe.parseStatCpuLine("intr 1 2 3 4 5"));
    }
}
