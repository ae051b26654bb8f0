package io.concurrengine.tools.soak.report;

import java.util.Objects;

/**
 * What was run: the command, when, for how long, at what rate, on what.
 *
 * @param commandLine           the command line as typed, an argument a shell would split or drop quoted.
 * @param startTime             start of the run, ISO-8601 (e.g. {@code 2025-01-31T09:00:00Z}).
 * @param durationSeconds       wall time of the run, s.
 * @param requestedDurationSeconds the duration asked for ({@code --duration}, {@code run.duration}), s; 0 when the
 *                              run was bounded by its event count alone.
 * @param targetInputsPerSecond paced rate, inputs/s; 0 when the feed ran as fast as it could ("max").
 * @param shards                engine shards.
 * @param coresUsed             cores the run had (shards, feed, journal and maintenance threads).
 * @param jdkVersion            {@code Runtime.version()} of the JVM that ran it.
 * @param engineConfig          the effective engine configuration, TOML.
 * @param journaled             the run wrote a journal; without one the journal disk figures are 0, and the page shows
 *                              them as off.
 * @param journalRetentionSeconds how long the journal keeps cycle files before deleting the oldest: (retain_cycles +
 *                              1) roll cycles; 0 when it does not delete by cycle count (no journal, no retention or
 *                              retention by bytes only).
 * @param stoppedEarly          the run was stopped on request (Ctrl-C, SIGTERM) before its end.
 * @param endedEarly            the run ended before its requested duration by itself, not stopped on request nor at
 *                              its event count: the feed ran out (a feed file, a network feed's upstream closed) or
 *                              failed, or the engine failed.
 * @param eventCountReached     the run published the event count asked for ({@code --events}, {@code run.events}),
 *                              which ends a run that also has a duration, before it when the count comes first.
 * @param journalRetentionBytes bytes of cycle files, all shards together (shards × retain_bytes), beyond which the
 *                              journal deletes its oldest when it deletes by size alone (retain_cycles 0): it can
 *                              delete one only at a roll after its files passed that; 0 otherwise.
 * @param journalRollCycleSeconds the length of the journal's roll cycle, s; 0 without a journal.
 */
public record SoakRun(
    String commandLine,
    String startTime,
    double durationSeconds,
    double requestedDurationSeconds,
    double targetInputsPerSecond,
    int shards,
    int coresUsed,
    String jdkVersion,
    String engineConfig,
    boolean journaled,
    double journalRetentionSeconds,
    boolean stoppedEarly,
    boolean endedEarly,
    boolean eventCountReached,
    long journalRetentionBytes,
    double journalRollCycleSeconds)
{
    /**
     * @throws NullPointerException     when a text is null.
     * @throws IllegalArgumentException when a duration or the target is negative or not finite.
     */
    public SoakRun
    {
        Objects.requireNonNull(commandLine, "commandLine");
        Objects.requireNonNull(startTime, "startTime");
        Objects.requireNonNull(jdkVersion, "jdkVersion");
        Objects.requireNonNull(engineConfig, "engineConfig");
        if (!(durationSeconds >= 0) || Double.isInfinite(durationSeconds))
        {
            throw new IllegalArgumentException("durationSeconds=" + durationSeconds);
        }
        if (!(requestedDurationSeconds >= 0) || Double.isInfinite(requestedDurationSeconds))
        {
            throw new IllegalArgumentException("requestedDurationSeconds=" + requestedDurationSeconds);
        }
        if (!(targetInputsPerSecond >= 0) || Double.isInfinite(targetInputsPerSecond))
        {
            throw new IllegalArgumentException("targetInputsPerSecond=" + targetInputsPerSecond);
        }
        if (journalRetentionBytes < 0 || !(journalRollCycleSeconds >= 0) || Double.isInfinite(journalRollCycleSeconds))
        {
            throw new IllegalArgumentException("journalRetentionBytes=" + journalRetentionBytes +
                ", journalRollCycleSeconds=" + journalRollCycleSeconds);
        }
    }

    /**
     * A run whose journal, if it has one, does not delete by size alone.
     */
    public SoakRun(
        final String commandLine,
        final String startTime,
        final double durationSeconds,
        final double requestedDurationSeconds,
        final double targetInputsPerSecond,
        final int shards,
        final int coresUsed,
        final String jdkVersion,
        final String engineConfig,
        final boolean journaled,
        final double journalRetentionSeconds,
        final boolean stoppedEarly,
        final boolean endedEarly,
        final boolean eventCountReached)
    {
        this(commandLine, startTime, durationSeconds, requestedDurationSeconds, targetInputsPerSecond, shards,
            coresUsed, jdkVersion, engineConfig, journaled, journalRetentionSeconds, stoppedEarly, endedEarly,
            eventCountReached, 0, 0);
    }

    /**
     * @return true when the feed was paced at {@link #targetInputsPerSecond()}, false when it ran at max.
     */
    public boolean paced()
    {
        return targetInputsPerSecond > 0;
    }

    /**
     * @return true when the event count ended the run before the duration asked for (and no stop was asked for).
     */
    public boolean endedAtEventCount()
    {
        return eventCountReached && !stoppedEarly && requestedDurationSeconds > 0 &&
            durationSeconds < requestedDurationSeconds;
    }
}
