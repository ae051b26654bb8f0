package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The flags {@code run} and {@code soak} share, as the configuration keys they set: each flag its key, in the order
 * the loader reads them, over the command's defaults, and the keys a flag implies.
 */
class RunOptionsTest
{
    @Test
    void shouldSetTheKeyOfEveryFlagGivenOverTheCommandsDefaults()
    {
        final RunOptions options = parse("--duration", "5s", "--events", "10M", "--rate", "1M", "--warmup", "2s",
            "--pacing", "spin", "--shards", "4", "--journal", "runs/j", "--fsync", "on-close", "--time-mode",
            "wall-clock", "--seed", "9", "--feed", "tcp://localhost:9000", "--feed-idle-timeout", "30s",
            "--no-counters");

        assertEquals(List.of(
            Map.entry("journal.retain_bytes", "1G"),
            Map.entry("run.duration", "5s"),
            Map.entry("run.events", "10M"),
            Map.entry("run.rate", "1M"),
            Map.entry("run.pacing", "spin"),
            Map.entry("run.warmup", "2s"),
            Map.entry("engine.shards", "4"),
            Map.entry("journal.dir", "runs/j"),
            Map.entry("journal.enabled", "true"),
            Map.entry("journal.fsync", "on-close"),
            Map.entry("engine.time_mode", "wall-clock"),
            Map.entry("run.seed", "9"),
            Map.entry("feed.file", "tcp://localhost:9000"),
            Map.entry("feed.idle_timeout", "30s"),
            Map.entry("telemetry.counters", "false")),
            List.copyOf(options.flags(Map.of("journal.retain_bytes", "1G")).entrySet()));
        assertEquals(Map.of("journal.enabled", "journal.dir"), options.implied(), "both bounds given: neither implied");
    }

    @Test
    void shouldMakeALoneBoundTheRunsOnlyOneAndSaySo()
    {
        final RunOptions duration = parse("--duration", "5s");
        final RunOptions events = parse("--events", "1000");

        assertEquals(Map.of("run.duration", "5s", "run.events", "0"), duration.flags(Map.of()));
        assertEquals(Map.of("run.events", "run.duration"), duration.implied());
        assertEquals(Map.of("run.events", "1000", "run.duration", "0s"), events.flags(Map.of()));
        assertEquals(Map.of("run.duration", "run.events"), events.implied());
    }

    @Test
    void shouldSetNothingButTheDefaultsWithoutFlagsAndTurnJournalingOffWithNoJournal()
    {
        final RunOptions none = parse();
        final RunOptions noJournal = parse("--no-journal");

        assertEquals(Map.of("run.seed", "7"), none.flags(Map.of("run.seed", "7")));
        assertEquals(Map.of(), none.implied());
        assertEquals(Map.of("journal.enabled", "false"), noJournal.flags(Map.of()));
        assertEquals(Map.of(), noJournal.implied());
    }

    @Test
    void shouldNameEachFlagForTheKeyItSetsSoThatAMessageAboutItsValueNamesTheFlagTyped()
    {
        final Map<String, String> named = new HashMap<>();
        for (final CommandLine.Model.OptionSpec option : new CommandLine(new RunOptions()).getCommandSpec().options())
        {
            final String flag = option.longestName();
            if ("--config".equals(flag) || "--print-config".equals(flag))
            {
                continue; // not a key's value
            }
            final RunOptions options = option.arity().max() == 0 ? parse(flag) : parse(flag, "x");
            final Set<String> keys = new HashSet<>(options.flags(Map.of()).keySet());
            keys.removeAll(options.implied().keySet());
            assertEquals(1, keys.size(), flag + " sets one key itself: " + keys);
            named.put(keys.iterator().next(), flag);
        }

        assertEquals(named, RunOptions.FLAG_NAMES);
    }

    private static RunOptions parse(final String... args)
    {
        final RunOptions options = new RunOptions();
        new CommandLine(options).parseArgs(args);
        return options;
    }
}
