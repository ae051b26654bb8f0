package io.concurrengine.tools.telemetry;

import java.util.Set;

/**
 * Which counters of an engine's counters file are cumulative, and so have a per-second rate in {@code stat}, and which
 * are levels, shown by value alone: the one place {@link StatCommand} decides it, by label.
 * <p>
 * A label is {@code "<owner>: <name>"}, e.g. {@code "shard-0: inputs"} or {@code "engine: errors"}
 * ({@code io.concurrengine.pipeline.ShardCounters} and {@code Engine} allocate them); the kind follows from the name.
 * <ul>
 *     <li>Cumulative (only grow while the engine runs, so their difference over an interval is a rate): inputs,
 *     dispatched, failed dispatches, dropped inputs, rejected inputs, clamped events, journal bytes, errors.</li>
 *     <li>Levels (a value at the moment of publishing, which rises and falls, so a "rate" of them means nothing):
 *     ring remaining capacity, wheel size, overflow size, last interval P99 ns.</li>
 * </ul>
 * A name in neither list is treated as a level: its value is shown and no rate is made up for it. A counter added to
 * {@code ShardCounters} belongs in one of the two lists (a test checks that every counter an engine allocates does).
 * <p>
 * Stateless, threadsafe.
 */
public final class CounterKinds
{
    /** Names of the counters that only grow: {@code stat} shows their per-second rate. */
    static final Set<String> CUMULATIVE = Set.of(
        "inputs",
        "dispatched",
        "failed dispatches",
        "dropped inputs",
        "rejected inputs",
        "clamped events",
        "journal bytes",
        "errors");

    /** Names of the counters that are levels: {@code stat} shows their value alone. */
    static final Set<String> LEVELS = Set.of(
        "ring remaining capacity",
        "wheel size",
        "overflow size",
        "last interval P99 ns");

    private CounterKinds()
    {
    }

    /**
     * @param label a counter's label, e.g. {@code "shard-0: inputs"}.
     * @return true if the counter is cumulative and a per-second rate of it means something; false for a level or
     * a counter of unknown kind.
     */
    public static boolean hasRate(final String label)
    {
        return CUMULATIVE.contains(name(label));
    }

    /**
     * @param label a counter's label.
     * @return true if the label names a counter of a known kind, cumulative or level.
     */
    static boolean isKnown(final String label)
    {
        final String name = name(label);
        return CUMULATIVE.contains(name) || LEVELS.contains(name);
    }

    /**
     * @param label a counter's label, {@code "<owner>: <name>"}.
     * @return the name after the owner, or the whole label if it has no owner.
     */
    static String name(final String label)
    {
        final int separator = label.indexOf(": ");
        return separator < 0 ? label : label.substring(separator + 2);
    }
}
