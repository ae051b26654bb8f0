/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * The journal writer's rate as the maintenance thread sees it at the end of each round: whether the writer counts as
 * slow ({@link #writerSlow()}, below {@link #SLOW_WRITER_BYTES_PER_SECOND} over a {@link #WRITER_RATE_WINDOW_NANOS}
 * window), which decides how pages are prepared ahead of it ({@link PagePreparer}, {@link ChunkMappings}) and whether
 * written pages are dropped ({@link WriteBehind}), and how long the thread pauses before the next round
 * ({@link #endRound(long, long, long)}).
 * <p>
 * Maintenance thread only, except the figures for tests ({@link #rounds()}, {@link #lastPauseNanos()}: volatile), which
 * any thread reads. No allocation; a writer that moved to a new file since the last round counts as having written
 * what lies before its position there.
 */
final class WriterRate
{
    /** Below this write rate the writer counts as slow and ranges are populated in yielding steps. */
    static final long SLOW_WRITER_BYTES_PER_SECOND = 16L << 20;
    /**
     * The slow-writer threshold new maintenance threads use: {@link #SLOW_WRITER_BYTES_PER_SECOND}, or what a test sets
     * (0: never slow); nothing else changes it.
     */
    static volatile long slowWriterBytesPerSecond = SLOW_WRITER_BYTES_PER_SECOND;
    private static final long WRITER_RATE_WINDOW_NANOS = 50_000_000L;

    /**
     * Longest pause between rounds while the writer is far from the end of the prepared pages, or idle. At 120 MB/s, a
     * journal-only burst's rate, the 8 MiB writable window lasts 70 ms, so a writer that starts a burst right after
     * this thread went to sleep still finds prepared pages.
     */
    static final long MAX_PAUSE_NANOS = 20_000_000L;

    private final long intervalNanos;
    private final long slowBelowBytesPerSecond = slowWriterBytesPerSecond;
    private long rateWindowBytes;
    private long rateWindowNanos;
    private boolean writerSlow;
    private volatile long rounds;
    private volatile long lastPauseNanos;
    private long lastRoundNanos = System.nanoTime();
    private long lastRoundPosition;

    /**
     * @param intervalNanos shortest pause between rounds, {@link JournalConfig#pretouchIntervalNanos()}.
     */
    WriterRate(final long intervalNanos)
    {
        this.intervalNanos = intervalNanos;
    }

    /**
     * The pause before the next round: the time the writer, at the rate it wrote since the last round, needs to use
     * half of the pages prepared ahead of it, at least {@link JournalConfig#pretouchIntervalNanos()} and at most
     * {@link #MAX_PAUSE_NANOS} (or the interval, if that is longer). A round costs a wake-up and a few system calls,
     * 15-20 µs of CPU on this project's VM: at 1 ms a round that was 35 ns per event of a 1 M events/s run, while
     * a writer at that rate takes 160 ms to cross the writable window.
     *
     * @param now      {@link System#nanoTime()} at the end of the round.
     * @param position the writer's position in its current file.
     * @param prepared bytes prepared ahead of that position (0 or less: none).
     * @return the pause in nanoseconds.
     */
    long endRound(final long now, final long position, final long prepared)
    {
        // the writer moved to a new file since: it wrote at least what lies before its position there
        final long written = position >= lastRoundPosition ? position - lastRoundPosition : position;
        final long elapsed = now - lastRoundNanos;
        lastRoundNanos = now;
        lastRoundPosition = position;
        updateWriterSlow(written, elapsed);
        rounds = rounds + 1; // single writer
        final long pause = pauseNanos(prepared, written, elapsed, intervalNanos, longestPauseNanos());
        lastPauseNanos = pause;
        return pause;
    }

    /**
     * @return the longest pause between rounds: {@link #MAX_PAUSE_NANOS}, or the interval if that is longer.
     */
    long longestPauseNanos()
    {
        return Math.max(intervalNanos, MAX_PAUSE_NANOS);
    }

    /**
     * Add a round's progress to the current {@link #WRITER_RATE_WINDOW_NANOS} window and, once the window is full,
     * decide whether the writer is slow (see {@link PagePreparer}).
     */
    private void updateWriterSlow(final long written, final long elapsed)
    {
        rateWindowBytes += written;
        rateWindowNanos += elapsed;
        if (rateWindowNanos >= WRITER_RATE_WINDOW_NANOS)
        {
            writerSlow = rateWindowBytes * 1_000_000_000L / rateWindowNanos < slowBelowBytesPerSecond;
            rateWindowBytes = 0;
            rateWindowNanos = 0;
        }
    }

    /**
     * @param preparedBytes bytes prepared ahead of the writer.
     * @param writtenBytes  bytes the writer wrote during {@code elapsedNanos}; 0 or less when idle or in a new file.
     * @param elapsedNanos  time since the last round.
     * @param minNanos      shortest pause.
     * @param maxNanos      longest pause.
     * @return the time the writer needs for half the prepared bytes at its recent rate, within [min, max].
     */
    static long pauseNanos(
        final long preparedBytes, final long writtenBytes, final long elapsedNanos, final long minNanos,
        final long maxNanos)
    {
        if (preparedBytes <= 0)
        {
            return minNanos;
        }
        if (writtenBytes <= 0)
        {
            return maxNanos;
        }
        // in double: up to three 1 GiB chunks prepared times an elapsed time of minutes would overflow a long
        final double pause = 0.5 * preparedBytes * Math.max(elapsedNanos, 0) / writtenBytes;
        return Math.max(minNanos, Math.min(maxNanos, (long)Math.min(pause, Long.MAX_VALUE)));
    }

    /**
     * @return true while the writer counts as slow and ranges are populated in yielding steps (maintenance thread;
     * tests read it from another thread, without ordering).
     */
    boolean writerSlow()
    {
        return writerSlow;
    }

    /**
     * @return the pause after the last round (for tests).
     */
    long lastPauseNanos()
    {
        return lastPauseNanos;
    }

    /**
     * @return rounds run so far (for tests).
     */
    long rounds()
    {
        return rounds;
    }
}
