package io.concurrengine.journal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The maintenance thread's view of the writer's rate, on the test's clock: rounds are ended here with the times and
 * positions given.
 */
class WriterRateTest
{
    private static final long MS = 1_000_000L;
    /** A window of 62.5 ms, in which 1 MiB is exactly the slow-writer rate, 16 MiB/s. */
    private static final long WINDOW = 62_500_000L;

    private final WriterRate rate = new WriterRate(MS);
    private final long start = System.nanoTime();

    /**
     * End a round long after the rate's first window, so the next window starts empty at {@code start + 1 s}, with
     * the writer at {@code position}.
     */
    private long emptyWindowAt(final long position)
    {
        rate.endRound(start + 1_000 * MS, position, 0);
        return start + 1_000 * MS;
    }

    @Test
    void shouldCountAWriterAtTheSlowRateAsFastAndOneByteBelowItAsSlow()
    {
        final long at = emptyWindowAt(0);
        rate.endRound(at + WINDOW, 1 << 20, 0);
        assertFalse(rate.writerSlow(), "1 MiB in 62.5 ms: 16 MiB/s");

        rate.endRound(at + 2 * WINDOW, (2 << 20) - 1, 0);
        assertTrue(rate.writerSlow(), "a byte less in the next window");
    }

    @Test
    void shouldDecideOnlyOnceAWindowIsFullAndFromAllOfIt()
    {
        final long at = emptyWindowAt(0);
        rate.endRound(at + WINDOW, 1 << 20, 0);
        assertFalse(rate.writerSlow());

        rate.endRound(at + WINDOW + 40 * MS, 1 << 20, 0); // idle, 40 ms: the window is not full
        assertFalse(rate.writerSlow(), "undecided until 50 ms have passed");
        rate.endRound(at + WINDOW + 50 * MS, (1 << 20) + (2 << 20), 0); // 2 MiB in the next 10 ms
        assertFalse(rate.writerSlow(), "2 MiB in the window's 50 ms: fast");
        rate.endRound(at + WINDOW + 100 * MS, (3 << 20) + (1 << 10), 0);
        assertTrue(rate.writerSlow(), "1 KiB in 50 ms");
        assertEquals(5, rate.rounds());
    }

    @Test
    void shouldCountWhatLiesBeforeTheWritersPositionInANewFileAsWritten()
    {
        final long at = emptyWindowAt(8 << 20);
        rate.endRound(at + WINDOW, 1 << 20, 0); // a new file: the position went back
        assertFalse(rate.writerSlow(), "1 MiB written in the new file");

        rate.endRound(at + 2 * WINDOW, 1 << 20, 0);
        assertTrue(rate.writerSlow(), "nothing written");
    }

    @Test
    void shouldPauseForHalfThePreparedBytesAtTheRateOfTheLastRoundWithinItsBounds()
    {
        final long at = emptyWindowAt(0);

        assertEquals(8 * MS, rate.endRound(at + MS, 64 << 10, 1 << 20), "64 KiB a millisecond, 1 MiB prepared");
        assertEquals(8 * MS, rate.lastPauseNanos());
        assertEquals(WriterRate.MAX_PAUSE_NANOS, rate.endRound(at + 2 * MS, 64 << 10, 1 << 20), "idle");
        assertEquals(MS, rate.endRound(at + 3 * MS, 128 << 10, 0), "nothing prepared");

        final WriterRate slowRounds = new WriterRate(50 * MS);
        assertEquals(50 * MS, slowRounds.endRound(start + 10 * MS, 0, 1 << 20),
            "idle, with an interval longer than the longest pause: the interval");
    }
}
