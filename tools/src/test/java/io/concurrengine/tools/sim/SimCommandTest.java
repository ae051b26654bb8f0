package io.concurrengine.tools.sim;

import io.concurrengine.core.wheel.ArenaFullException;
import io.concurrengine.pipeline.montecarlo.MonteCarloException;
import io.concurrengine.pipeline.montecarlo.MonteCarloRunner;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.concurrengine.tools.json.MiniJson.array;
import static io.concurrengine.tools.json.MiniJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class SimCommandTest
{
    private static final String VALID = "[character]\nname = \"t\"\n\n[[spells]]\nname = \"a\"\ndamage = 10\n" +
        "\n[rotation]\npriority = [\"a\"]\n";

    @TempDir
    Path dir;

    @Test
    void shouldPrintExactlyOneJsonObjectWithEveryField()
    {
        final Cli cli = Cli.run("sim", "--iterations", "200", "--seed", "3", "--threads", "2", "--json");

        assertEquals(0, cli.code(), cli.err());
        assertEquals(1, cli.out().lines().count(), cli.out());
        final Map<String, Object> json = object(MiniJson.parse(cli.out().strip()));
        for (final String field : List.of("spec", "character", "iterations", "seed", "chunk_size", "encounter_ms",
            "dps", "events", "spells", "damage_sources", "procs", "threads", "timing"))
        {
            assertTrue(json.containsKey(field), field);
        }
        for (final String field : List.of("mean", "stddev", "min", "max", "p5", "p25", "p50", "p75", "p95", "p99"))
        {
            assertTrue(object(json.get("dps")).get(field) instanceof Double, field);
        }
        assertTrue(object(json.get("events")).get("total") instanceof Long);
        for (final String field : List.of("wall_ms", "events_per_second", "iterations_per_second"))
        {
            assertTrue(object(json.get("timing")).containsKey(field), field);
        }
        final Map<String, Object> spell = object(array(json.get("spells")).get(0));
        assertEquals("fireball", spell.get("name"));
        assertTrue(spell.containsKey("casts_per_iteration") && spell.containsKey("damage_share"));
        assertEquals(200L, json.get("iterations"));
        assertEquals("builtin:fire_mage", json.get("spec"));
    }

    @Test
    void shouldReportTheThreadsTheRunUsedNotTheOnesAskedFor()
    {
        // "threads" said 32767 for a run of 3 iterations, one chunk, which one thread ran
        final Cli cli = Cli.run("sim", "--iterations", "3", "--threads", "32767", "--json");
        final Cli text = Cli.run("sim", "--iterations", "600", "--chunk", "200", "--threads", "8", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        assertEquals(1L, ((Number)object(MiniJson.parse(cli.out().strip())).get("threads")).longValue());
        assertTrue(text.out().contains(", chunk 200, 3 threads" + System.lineSeparator()), text.out());
    }

    @Test
    void shouldGiveIdenticalJsonForOneAndTwoThreadsApartFromTiming()
    {
        final Map<String, Object> one = deterministicPart(Cli.run("sim", "--iterations", "300", "--seed", "9",
            "--threads", "1", "--chunk", "16", "--json", "--quiet"));
        final Map<String, Object> two = deterministicPart(Cli.run("sim", "--iterations", "300", "--seed", "9",
            "--threads", "2", "--chunk", "16", "--json", "--quiet"));

        assertEquals(one, two);
    }

    @Test
    void shouldGiveDifferentResultsForDifferentSeeds()
    {
        final Map<String, Object> one =
            deterministicPart(Cli.run("sim", "--iterations", "50", "--seed", "1", "--json", "--quiet"));
        final Map<String, Object> two =
            deterministicPart(Cli.run("sim", "--iterations", "50", "--seed", "2", "--json", "--quiet"));

        assertNotEquals(one.get("dps"), two.get("dps"));
    }

    @Test
    void shouldPrintSummaryTable()
    {
        final Cli cli = Cli.run("sim", "--spec", "builtin:berserker", "--iterations", "100", "--chunk", "50",
            "--threads", "2");

        assertEquals(0, cli.code(), cli.err());
        for (final String expected : List.of("Berserker", "DPS", "p95", "events/s", "iterations/s", "mortal_strike",
            "auto_attack", "rend (tick)", "2 threads"))
        {
            assertTrue(cli.out().contains(expected), expected + " in\n" + cli.out());
        }
    }

    @Test
    void shouldPrintTheSpecsPathAndNamesInTheTableWithTheirControlCharactersEscaped() throws IOException
    {
        // names come from the spec file: printed raw, a line feed forged a line of the table and an ESC sequence
        // erased a terminal's line (spell, aura and resource names are now refused unless ASCII letters, digits and
        // underscores, so the character's and the procs' are the names that can still hold them)
        final Path spec = write("s\nFORGED\u001b[2K.toml", "[character]\nname = \"t\\nFORGED\"\n\n[[spells]]\n" +
            "name = \"a\"\ndamage = 10\n\n[[procs]]\nname = \"b\\u001b[2K\"\ntrigger = \"cast\"\nchance = 0.5\n" +
            "damage = 5\n\n[[procs]]\n" +
            "name = \"p\\rq\"\ntrigger = \"hit\"\nchance = 0.5\ndamage = 5\n\n[rotation]\npriority = [\"a\"]\n");

        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "10", "--threads", "1", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().startsWith("concurrengine sim: t\\nFORGED (" + dir + "/s\\nFORGED\\x1b[2K.toml)" +
            System.lineSeparator()), cli.out());
        assertTrue(cli.out().contains("  b\\x1b[2K "), cli.out());
        assertTrue(cli.out().contains("  p\\rq "), cli.out());
        final String lines = cli.out().replace(System.lineSeparator(), "");
        assertEquals(PrintableText.escape(lines), lines, "no control character but the line ends");
    }

    @Test
    void shouldPrintPlainProgressLinesWhenNotOnATerminal()
    {
        final Cli cli = Cli.run("sim", "--iterations", "100", "--chunk", "10", "--threads", "1", "--json");

        assertTrue(cli.err().contains("progress: 10% (10/100 iterations)"), cli.err());
        assertTrue(cli.err().contains("progress: 100% (100/100 iterations)"), cli.err());
        assertEquals(1, cli.out().lines().count());
    }

    @Test
    void shouldCountOneIterationAndOneThreadInTheSingular()
    {
        final Cli cli = Cli.run("sim", "--iterations", "1", "--threads", "1");

        assertEquals(0, cli.code(), cli.err());
        assertTrue(cli.out().contains("  1 iteration, seed 1, encounter 300 s, chunk 256, 1 thread" +
            System.lineSeparator()), cli.out()); // was "1 iterations"
        assertTrue(cli.err().contains("progress: 100% (1/1 iteration)" + System.lineSeparator()), cli.err());
        final StringWriter bar = new StringWriter();
        final ProgressPrinter terminal = new ProgressPrinter(new PrintWriter(bar), true);
        terminal.onProgress(1, 1);
        assertTrue(bar.toString().endsWith("] 100% 1/1 iteration"), bar.toString());
    }

    @Test
    void shouldKeepDotTickingThroughAThirtyMinuteFight()
    {
        final Cli cli = Cli.run("sim", "--iterations", "4", "--encounter", "30m", "--json", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> json = object(MiniJson.parse(cli.out()));
        double curseTicks = 0;
        for (final Object source : array(json.get("damage_sources")))
        {
            if ("curse_of_embers".equals(object(source).get("name")) && "tick".equals(object(source).get("kind")))
            {
                curseTicks = (Double)object(source).get("damage_per_iteration");
            }
        }
        assertTrue(curseTicks >= 599 * 60, "curse tick damage per fight " + curseTicks);
    }

    @Test
    void shouldExitTwoNamingFileKeyAndProblemForUnknownKey() throws IOException
    {
        final Path spec = write("unknown.toml", VALID.replace("damage = 10", "damage = 10\ncolour = \"red\""));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1");

        assertEquals(2, cli.code());
        assertEquals("concurrengine sim: invalid spec: " + spec + ":7:1: spells[0].colour: unknown key (expected " +
            "one of: name, cast_time_ms, gcd_ms, cooldown_ms, cost, gain, damage, coefficient, can_crit, " +
            "applies_aura, consumes_aura, off_gcd)", cli.err().strip());
        assertEquals("", cli.out());
    }

    @Test
    void shouldRefuseMoreIterationsThanTheHeapCanHoldTheValuesOfWithExitTwo()
    {
        final long heap = Runtime.getRuntime().maxMemory();
        final long iterations = MonteCarloRunner.MAX_ITERATIONS;
        assumeTrue(iterations * Double.BYTES > heap / 2, "this JVM's heap holds the values of every iteration");
        final Cli cli = Cli.run("sim", "--iterations", Long.toString(iterations), "--quiet");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().startsWith("concurrengine sim: --iterations " + iterations + ": "), cli.err());
        assertTrue(cli.err().contains("-Xmx"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void shouldReportIterationsTooManyForTheHeapAsAMemoryErrorLikeRunDoes()
    {
        // README: reason "memory" is the heap being too small, as run's refusal of rings too big for it is; sim said
        // "usage" and printed its whole usage help after the line, as for a flag out of range
        final long iterations = MonteCarloRunner.MAX_ITERATIONS;
        assumeTrue(iterations * Double.BYTES > Runtime.getRuntime().maxMemory() / 2, "the heap holds the values");
        final Cli cli = Cli.run("sim", "--iterations", Long.toString(iterations), "--quiet", "--json");

        assertEquals(2, cli.code(), cli.err());
        final Map<String, Object> error = object(object(MiniJson.parse(cli.out())).get("error"));
        assertEquals("memory", error.get("reason"));
        assertEquals("concurrengine sim: " + error.get("message"), cli.err().strip());
    }

    @Test
    void shouldRefuseIterationsWhosePartialsOfSmallChunksOutgrowTheHeapWithExitTwo() throws Exception
    {
        // 24 MB of values fit half of a 64 MB heap, but three million chunks of one keep three million partials
        // (and their places in the run's arrays): the check counted the values only, and the run died of
        // OutOfMemoryError, exit 1 ("out of memory ...; raise the heap"), never naming --chunk
        final Cli cli = Cli.fork(dir, "64m", "sim", "--iterations", "3000000", "--chunk", "1", "--encounter", "1ms",
            "--threads", "1", "--quiet");

        assertEquals(2, cli.code(), cli.err());
        assertTrue(cli.err().contains("--iterations 3000000: keeping the DPS of every iteration for exact " +
            "percentiles (24,000,000 bytes, 8 a value) and the partial sums of each chunk of --chunk 1 ("), cli.err());
        assertTrue(cli.err().contains("raise --chunk"), cli.err());
        assertEquals("", cli.out());
    }

    @Test
    void shouldAllowIterationsWhoseValuesTakeAtMostHalfTheHeap()
    {
        final long gib = 1L << 30;
        assertNull(SimCommand.checkValueMemory(gib / 2 / Double.BYTES, Integer.MAX_VALUE, 0, gib + 2 * 136));
        assertTrue(SimCommand.checkValueMemory(gib / 2 / Double.BYTES + 1, Integer.MAX_VALUE, 0, gib + 2 * 136)
            .contains("1,073,742,096-byte heap"));
        assertTrue(SimCommand.checkValueMemory(1_000_000, 1, 24, gib / 2)
            .contains("and the partial sums of each chunk of --chunk 1 (328,000,000 bytes) takes 336,000,000 bytes"));
    }

    @Test
    void shouldExitTwoForWrongType() throws IOException
    {
        final Path spec = write("type.toml", VALID.replace("damage = 10", "damage = \"lots\""));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1");

        assertEquals(2, cli.code());
        assertOneLine(cli.err(), spec + ":6:1: spells[0].damage: expected a number, found a string");
    }

    @Test
    void shouldExitTwoForBadReference() throws IOException
    {
        final Path spec = write("ref.toml", VALID.replace("damage = 10", "applies_aura = \"ghost\""));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1");

        assertEquals(2, cli.code());
        assertOneLine(cli.err(), spec + ":6:1: spells[0].applies_aura: unknown aura 'ghost'");
    }

    @Test
    void shouldExitTwoForATimeTheModelCannotAddToItsClock() throws IOException
    {
        // "never again": the cooldown wrapped to the past when added to the clock after t=0, so the spell, meant for
        // once a fight from 30 s on, was cast on every GCD from then (exit 0)
        final Path spec = write("never.toml", VALID.replace("damage = 10", "damage = 10\ncooldown_ms = " +
            Long.MAX_VALUE).replace("[\"a\"]", "[\"a if target_health_pct < 50\", \"b\"]") +
            "\n[[spells]]\nname = \"b\"\ndamage = 1\n");
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1", "--encounter", "60s");

        assertEquals(2, cli.code(), cli.out());
        assertOneLine(cli.err(), spec + ":7:1: spells[0].cooldown_ms: must be at most 1000000000000 ms (about 31 " +
            "years): 9223372036854775807");
    }

    @Test
    void shouldExitTwoForANegativeModifierThatFullStacksTakeBelowMinusOneHundredPercent() throws IOException
    {
        // two stacks of -60 % haste and damage: exit 0 with 75 instant 1 s casts a minute and a DPS of -2.2
        final Path spec = write("slow.toml", VALID.replace("damage = 10", "damage = 10\ncast_time_ms = 1000\n" +
            "applies_aura = \"slow\"") + "\n[[auras]]\nname = \"slow\"\nduration_ms = 20000\nmax_stacks = 2\n" +
            "haste_pct = -60\ndamage_pct = -60\n");
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1", "--encounter", "60s");

        assertEquals(2, cli.code(), cli.out());
        assertOneLine(cli.err(), spec + ":17:1: auras[0].haste_pct: times max_stacks (2) must be greater than " +
            "-100: -60.0");
    }

    @Test
    void shouldExitTwoForMissingFile()
    {
        final String missing = dir.resolve("absent.toml").toString();
        final Cli cli = Cli.run("sim", "--spec", missing);

        assertEquals(2, cli.code());
        assertOneLine(cli.err(), missing + ": no such file");
    }

    @Test
    void shouldExitTwoForTomlSyntaxErrorWithLineAndColumn() throws IOException
    {
        final Path spec = write("syntax.toml", VALID.replace("damage = 10", "damage = = 10"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString());

        assertEquals(2, cli.code());
        assertTrue(cli.err().strip().matches("concurrengine sim: invalid spec: .*syntax\\.toml:6:\\d+: TOML syntax " +
            "error: .*"), cli.err());
        assertEquals(1, cli.err().strip().lines().count());
    }

    @Test
    void shouldExitTwoForIterationsBelowOne()
    {
        final Cli cli = Cli.run("sim", "--iterations", "0");

        assertEquals(2, cli.code());
        assertTrue(cli.err().startsWith("Invalid value for option '--iterations': must be in [1, 2147483639], " +
            "found 0"), cli.err());
        final Cli tooMany = Cli.run("sim", "--iterations", "1e30");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().startsWith("Invalid value for option '--iterations': must be at most 2147483639, " +
            "found \"1e30\""), tooMany.err());
        final Cli justTooMany = Cli.run("sim", "--iterations", "2147483640");
        assertEquals(2, justTooMany.code());
        assertTrue(justTooMany.err().startsWith("Invalid value for option '--iterations': must be in [1, " +
            "2147483639], found 2147483640"), justTooMany.err());
    }

    /**
     * Iterations are a count as run's --events is one: with a suffix or an exponent, as long as it is a whole number.
     */
    @Test
    void shouldReadIterationsAsRunReadsACount()
    {
        for (final String[] written : new String[][] {{"2k", "2,000"}, {"1.5k", "1,500"}, {"2.5e3", "2,500"},
            {"1_000", "1,000"}})
        {
            final Cli cli = Cli.run("sim", "--iterations", written[0], "--threads", "1", "--quiet");
            assertEquals(0, cli.code(), cli.err());
            assertTrue(cli.out().contains("  " + written[1] + " iterations, seed 1,"), cli.out());
        }
        final Cli fraction = Cli.run("sim", "--iterations", "10.5");
        assertEquals(2, fraction.code());
        assertTrue(fraction.err().startsWith("Invalid value for option '--iterations': must be a whole number, " +
            "found \"10.5\""), fraction.err());
        final Cli word = Cli.run("sim", "--iterations", "many");
        assertEquals(2, word.code());
        assertTrue(word.err().startsWith("Invalid value for option '--iterations': expected a count such as " +
            "1000000, 10M, 250k or 1e6, found \"many\""), word.err());
    }

    @Test
    void shouldExitTwoForThreadsOutsideWhatThePoolTakes()
    {
        final Cli cli = Cli.run("sim", "--threads", "0");

        assertEquals(2, cli.code());
        assertTrue(cli.err().contains("--threads': must be in [1, 32767], found 0"), cli.err());
        final Cli tooMany = Cli.run("sim", "--threads", "32768");
        assertEquals(2, tooMany.code());
        assertTrue(tooMany.err().contains("--threads': must be in [1, 32767], found 32768"), tooMany.err());
    }

    @Test
    void shouldExitTwoForBadEncounter()
    {
        assertEquals(2, Cli.run("sim", "--encounter", "soon").code());
        final Cli day = Cli.run("sim", "--encounter", "1d", "--iterations", "1", "--quiet");
        assertEquals(2, day.code(), day.out()); // was a one-second fight, exit 0
        assertTrue(day.err().contains("expected a duration such as \"10s\", \"500ms\", \"5m\" or \"1h\", found \"1d\""),
            day.err());
    }

    @Test
    void shouldExitOneExplainingEventBudgetExceeded() throws IOException
    {
        final Path spec = write("spam.toml", VALID.replace("damage = 10", "gcd_ms = 0"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "3", "--threads", "1", "--quiet");

        assertEquals(1, cli.code());
        // the counts are grouped as sim's other messages group them; this said "500000 events"
        assertOneLine(cli.err(), "iteration 0 (chunk 0, index 0) exceeded the event budget: 500,000 events " +
            "dispatched by t=0 ms without reaching the end of the encounter (last events: ");
        assertTrue(cli.err().contains("CastComplete"), cli.err());
        assertTrue(cli.err().matches("(?s).*\\(last events: \\w+(, \\w+)+\\); a rotation that never advances.*"),
            cli.err());
    }

    @Test
    void shouldExitOneNamingTheSpecsDamageFiguresWhenAFightsDamageOverflowsADouble() throws IOException
    {
        // every figure finite, yet the DPS overflows; this failed as "failed: java.lang.IllegalArgumentException:
        // the iteration recorded Infinity: a value must be finite", naming neither damage nor the spec
        final Path spec = write("huge.toml", VALID.replace("damage = 10", "damage = 1e307"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "3", "--threads", "1", "--quiet",
            "--json");

        assertEquals(1, cli.code(), cli.out());
        assertOneLine(cli.err(), "iteration 0 (chunk 0, index 0) dealt more damage than a double holds (total ");
        assertTrue(cli.err().contains("the spec's damage figures (damage, tick_damage, weapon_damage, power and " +
            "coefficient, crit_multiplier, damage_pct) are too large"), cli.err());
        assertFalse(cli.err().contains("Exception"), cli.err());
        final Map<String, Object> error = object(object(MiniJson.parse(cli.out())).get("error"));
        assertEquals("simulation", error.get("reason"));
    }

    @Test
    void shouldNameDenseEventsAsWellAsALoopWhenAFightExceedsItsBudgetAfterItsClockHasMoved() throws IOException
    {
        // two auras ticking every millisecond: 2,000 events a second, past the budget at t=250 s; this said only
        // 'a rotation that never advances the clock, e.g. a zero-GCD instant spell cast in a loop?'
        final Path spec = write("dense.toml", VALID.replace("damage = 10", "applies_aura = \"x\"\n\n[[spells]]\n" +
            "name = \"b\"\napplies_aura = \"y\"").replace("[\"a\"]", "[\"a if aura_missing(x)\", \"b\"]") +
            "\n[[auras]]\nname = \"x\"\nduration_ms = 1000000\ntick_ms = 1\ntick_damage = 1\n" +
            "\n[[auras]]\nname = \"y\"\nduration_ms = 1000000\ntick_ms = 1\ntick_damage = 1\n");
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1", "--threads", "1", "--quiet");

        assertEquals(1, cli.code(), cli.err());
        assertOneLine(cli.err(), "iteration 0 (chunk 0, index 0) exceeded the event budget: 500,000 events " +
            "dispatched by t=");
        assertFalse(cli.err().contains("by t=0 ms"), cli.err());
        assertTrue(cli.err().matches("(?s).*by t=\\d{1,3}(,\\d{3})+ ms without.*"), cli.err());
        assertTrue(cli.err().strip().endsWith("a rotation that never advances the clock, e.g. a zero-GCD instant " +
            "spell cast in a loop, or events denser than the budget's 1,667 a second of a fight, e.g. auras ticking " +
            "every millisecond?"), cli.err());
    }

    @Test
    void shouldGiveTheDpsOfAFightWhoseDamageIsFiniteButAboveAThousandthOfTheLargestDouble() throws IOException
    {
        // 200 casts of 1e305, 2e307 a fight: its DPS, 6.7e304, was taken as 2e307 * 1000 / 300000, whose product
        // overflowed, and the fight failed, exit 1, as having 'dealt more damage than a double holds (total
        // 1.999999999999991E307, DPS Infinity)'
        final Path spec = write("large.toml", VALID.replace("damage = 10", "damage = 1e305"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "5", "--threads", "1", "--quiet",
            "--json");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> dps = object(object(MiniJson.parse(cli.out())).get("dps"));
        assertEquals(2e307 / 300, (Double)dps.get("mean"), 1e292);
        assertEquals(0.0, dps.get("stddev"));
        // a fight shorter than a second turns the same total into a DPS beyond a double: that is still refused
        final Path one = write("one.toml", VALID.replace("damage = 10", "damage = 1.7e308"));
        final Cli shorter = Cli.run("sim", "--spec", one.toString(), "--iterations", "1", "--threads", "1", "--quiet",
            "--encounter", "500ms");
        assertEquals(1, shorter.code(), shorter.out());
        assertOneLine(shorter.err(), "iteration 0 (chunk 0, index 0) dealt 1.7E308 damage in 500 ms, a DPS more " +
            "than a double holds: the spec's damage figures");
    }

    @Test
    void shouldGiveAFiniteStandardDeviationOfDpsFiguresWhoseSquaresOverflowADouble() throws IOException
    {
        // DPS figures near 3e158 spread by about 1e157: their squared deviations overflow a double, and the result
        // said "stddev":null, the table "± Infinity (stddev)", though every figure fits a double
        final Path spec = write("spread.toml", VALID.replace("damage = 10", "damage = [1e158, 9e158]"));
        final Cli json = Cli.run("sim", "--spec", spec.toString(), "--iterations", "20", "--threads", "2", "--quiet",
            "--json", "--chunk", "3");
        final Cli table = Cli.run("sim", "--spec", spec.toString(), "--iterations", "20", "--threads", "1", "--quiet",
            "--chunk", "3");

        assertEquals(0, json.code(), json.err());
        final Object stddev = object(object(MiniJson.parse(json.out())).get("dps")).get("stddev");
        assertTrue(stddev instanceof Double && (Double)stddev > 1e156 && (Double)stddev < 1e158, json.out());
        assertEquals(0, table.code(), table.err());
        assertFalse(table.out().contains("Infinity"), table.out());
    }

    /**
     * A stop (Ctrl-C, SIGTERM) was looked at only between chunks, so a chunk of long fights ran to its end first: with
     * {@code --chunk 2500 --encounter 24h} that is minutes, and the stop hook, which waits 60 s for the report, let the
     * JVM exit 130 with nothing said and no JSON object. Here the stop is asked for before the one chunk starts: it
     * ran all 400 fights and said "stopped by a signal after 400 of 400 iterations"; now no fight starts after it.
     */
    @Test
    void shouldStopBetweenTheIterationsOfAChunkNotOnlyBetweenChunks()
    {
        final CommandLine commandLine = Main.commandLine();
        ((SimCommand)commandLine.getSubcommands().get("sim").getCommand()).requestStop();
        final Cli cli = Cli.runOn(commandLine, "sim", "--iterations", "400", "--chunk", "400", "--threads", "1",
            "--quiet", "--json");

        assertEquals(0, cli.code(), cli.err());
        assertEquals("{\"error\":{\"command\":\"sim\",\"code\":0,\"reason\":\"stopped\",\"message\":\"stopped by " +
            "a signal after 0 of 400 iterations: a partial run has no result\"}}", cli.out().strip());
    }

    @Test
    void shouldExitOneWhenASourcesDamageSummedOverTheIterationsOverflowsADouble() throws IOException
    {
        // 1e305 a fight, finite, but 2e308 over 2,000 fights: the result said "damage_per_iteration":null and
        // "damage_share":null (Infinity and NaN% in the table), exit 0
        final Path spec = write("sum.toml", VALID.replace("damage = 10", "damage = 5e302\ncan_crit = false"));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "2000", "--threads", "1",
            "--quiet", "--json");

        assertEquals(1, cli.code(), cli.out());
        assertEquals("concurrengine sim: the damage of spell 'a' summed over 2000 iterations is more than a double " +
            "holds, so its damage per iteration and share cannot be told: the spec's damage figures are too large " +
            "for --iterations 2000; lower them or --iterations", cli.err().strip());
        assertEquals("simulation", object(object(MiniJson.parse(cli.out())).get("error")).get("reason"));
        assertEquals(0, Cli.run("sim", "--spec", spec.toString(), "--iterations", "1000", "--threads", "1",
            "--quiet", "--json").code());
    }

    @Test
    void shouldNameTheAurasThatFillTheTimingWheelRatherThanAnExceptionClass()
    {
        // an aura lasting 10^12 ms applied every millisecond for --encounter 24h leaves one expiry pending per
        // application, and the 33,554,430th failed the fight as 'failed: io.concurrengine.core.wheel.
        // ArenaFullException: event arena full: capacity=33554430' (run for real, it takes some 3 GB of memory)
        final String message = SimCommand.describe(new MonteCarloException(300, 1, 44, new ArenaFullException(7)));

        assertEquals("iteration 300 (chunk 1, index 44) had more events pending at once than the timing wheel holds " +
            "(event arena full: capacity=7): each application of an aura leaves its expiry pending, so an aura " +
            "applied every few milliseconds whose duration outlasts the fight fills it; shorten --encounter, the " +
            "aura's duration_ms, or how often it is applied", message);
    }

    @Test
    void shouldRunADayLongFightThatDispatchesMoreEventsThanAFiveMinuteOneMay() throws IOException
    {
        // an aura ticking every 100 ms all day: 864,000 ticks, past the 500,000 events after which a five-minute
        // fight counts as stuck; the day-long fight failed, exit 1, as 'exceeded the event budget ... a rotation that
        // never advances the clock?'
        final Path spec = write("day.toml", VALID.replace("damage = 10", "damage = 10\napplies_aura = \"glow\"") +
            "\n[[auras]]\nname = \"glow\"\nduration_ms = 86400000\ntick_ms = 100\ntick_damage = 1\n");
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "1", "--encounter", "24h",
            "--json", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        final long events = (Long)object(object(MiniJson.parse(cli.out())).get("events")).get("total");
        assertTrue(events > 864_000, "events " + events);
        assertEquals(500_000, CombatRunnerFactory.eventBudget(300_000));
        assertEquals(500_000, CombatRunnerFactory.eventBudget(1));
        assertEquals(144_000_000, CombatRunnerFactory.eventBudget(86_400_000));
    }

    @Tag("slow")
    @Test
    void shouldGiveIdenticalJsonForOneToFourThreadsOnBothBuiltins()
    {
        for (final String spec : List.of("builtin:fire_mage", "builtin:berserker"))
        {
            final Map<String, Object> reference = deterministicPart(Cli.run("sim", "--spec", spec, "--iterations",
                "2000", "--seed", "77", "--threads", "1", "--json", "--quiet"));
            for (int threads = 2; threads <= 4; threads++)
            {
                assertEquals(reference, deterministicPart(Cli.run("sim", "--spec", spec, "--iterations", "2000",
                    "--seed", "77", "--threads", String.valueOf(threads), "--json", "--quiet")), spec + " " + threads);
            }
        }
    }

    /**
     * No crit, fixed damage, a proc certain to fire: every figure of the fight can be worked out by hand. In 10 s, "a"
     * (instant, 3 s cooldown) is cast at 0, 3, 6 and 9 s, 30 each; "b" (no damage) on the GCDs between, at 1.5, 4.5
     * and 7.5 s; "a"'s aura ticks 5 each second from 1 to 9 s; on each cast of "a" proc "p" deals 7 and "q" 1. 197
     * damage. (Two procs: the second's count is the one a metric's index off by one would take for another's.)
     */
    private static final String FIXED = "[character]\nname = \"t\"\n\n[[spells]]\nname = \"a\"\ndamage = 30\n" +
        "can_crit = false\ncooldown_ms = 3000\napplies_aura = \"dot\"\n\n[[spells]]\nname = \"b\"\n\n[[auras]]\n" +
        "name = \"dot\"\nduration_ms = 3000\ntick_ms = 1000\ntick_damage = 5\ntick_can_crit = false\n\n[[procs]]\n" +
        "name = \"p\"\ntrigger = \"cast\"\nsource = \"a\"\nchance = 1\ndamage = 7\n\n[[procs]]\nname = \"q\"\n" +
        "trigger = \"cast\"\nsource = \"a\"\nchance = 1\ndamage = 1\n\n[rotation]\n" +
        "priority = [\"a\", \"b\"]\n";

    @Test
    void shouldReportEachSpellsCastsEachSourcesDamageAndShareAndEachProcOfAFightWithoutChance() throws IOException
    {
        final Path spec = write("fixed.toml", FIXED);
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "4", "--threads", "2", "--chunk",
            "1", "--encounter", "10s", "--json", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> json = object(MiniJson.parse(cli.out()));
        for (final Map.Entry<String, Object> statistic : object(json.get("dps")).entrySet())
        {
            assertEquals(statistic.getKey().equals("stddev") ? 0.0 : 19.7, statistic.getValue(), statistic.getKey());
        }
        final Map<String, Object> events = object(json.get("events"));
        assertEquals((Long)events.get("total") / 4.0, events.get("per_iteration"));
        assertEquals(List.of(Map.of("name", "a", "casts_per_iteration", 4.0, "damage_per_iteration", 120.0,
            "damage_share", 120 / 197.0), Map.of("name", "b", "casts_per_iteration", 3.0, "damage_per_iteration", 0.0,
            "damage_share", 0.0)), json.get("spells"));
        assertEquals(List.of(
            Map.of("name", "a", "kind", "spell", "damage_per_iteration", 120.0, "damage_share", 120 / 197.0),
            Map.of("name", "dot", "kind", "tick", "damage_per_iteration", 45.0, "damage_share", 45 / 197.0),
            Map.of("name", "p", "kind", "proc", "damage_per_iteration", 28.0, "damage_share", 28 / 197.0),
            Map.of("name", "q", "kind", "proc", "damage_per_iteration", 4.0, "damage_share", 4 / 197.0)),
            json.get("damage_sources"), "b dealt nothing: no damage source");
        assertEquals(List.of(Map.of("name", "p", "procs_per_iteration", 4.0), Map.of("name", "q", "procs_per_iteration",
            4.0)), json.get("procs"));
        final Map<String, Object> timing = object(json.get("timing"));
        assertEquals(4.0, (Double)timing.get("wall_ms") / 1000 * (Double)timing.get("iterations_per_second"), 1e-9,
            "the wall time in ms, as the rates are per second of it: " + timing);
    }

    @Test
    void shouldPrintEveryLineOfTheTableOfAFightWithoutChance() throws IOException
    {
        // 10.5 s: "dot" ticks once more (50), so 202 damage, 19.24 DPS
        final Path spec = write("fixed.toml", FIXED);
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "4", "--threads", "1",
            "--encounter", "10500ms", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        final List<String> lines = cli.out().lines().toList();
        assertTrue(lines.get(7).matches("  throughput   [0-9,]+ events/s, [0-9,]+ iterations/s, wall [0-9,.]+ s"),
            lines.get(7));
        final List<String> withoutThroughput = new ArrayList<>(lines);
        withoutThroughput.remove(7);
        assertEquals(List.of(
            "concurrengine sim: t (" + spec + ")",
            "  4 iterations, seed 1, encounter 10.500 s, chunk 256, 1 thread",
            "",
            "  DPS          19.2 ± 0.0 (stddev)",
            "  min / max    19.2 / 19.2",
            "  percentiles   p5 19.2  p25 19.2  p50 19.2  p75 19.2  p95 19.2  p99 19.2",
            "  events       148 (37.0 per iteration)",
            "",
            "  damage source              casts/iter    damage/iter    share",
            "  a                                4.00          120.0    59.4%",
            "  b                                3.00            0.0     0.0%",
            "  dot (tick)                          -           50.0    24.8%",
            "  p (proc)                            -           28.0    13.9%",
            "  q (proc)                            -            4.0     2.0%",
            "",
            "  proc                       procs/iter",
            "  p                                4.00",
            "  q                                4.00"), withoutThroughput);
    }

    @Test
    void shouldGiveEverySourceAShareOfZeroWhenTheFightDealsNoDamage() throws IOException
    {
        final Path spec = write("harmless.toml", VALID.replace("damage = 10\n", ""));
        final Cli cli = Cli.run("sim", "--spec", spec.toString(), "--iterations", "2", "--encounter", "10s",
            "--json", "--quiet");

        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> json = object(MiniJson.parse(cli.out()));
        assertEquals(List.of(Map.of("name", "a", "casts_per_iteration", 7.0, "damage_per_iteration", 0.0,
            "damage_share", 0.0)), json.get("spells"));
        assertEquals(List.of(), json.get("damage_sources"));
        final Cli table = Cli.run("sim", "--spec", spec.toString(), "--iterations", "2", "--encounter", "10s",
            "--quiet");
        assertTrue(table.out().contains("  a                                7.00            0.0     0.0%" +
            System.lineSeparator()), table.out());
    }

    @Test
    void shouldTakeOneChunkOfOneAndTheMostThreadsThePoolTakes()
    {
        final Cli chunk = Cli.run("sim", "--iterations", "3", "--chunk", "1", "--threads", "1", "--quiet");
        assertEquals(0, chunk.code(), chunk.err());
        assertTrue(chunk.out().contains("3 iterations, seed 1, encounter 300 s, chunk 1, 1 thread"), chunk.out());
        final Cli threads = Cli.run("sim", "--iterations", "1", "--threads", "32767", "--quiet");
        assertEquals(0, threads.code(), threads.err());
        assertTrue(threads.out().contains(", chunk 256, 1 thread" + System.lineSeparator()), threads.out());
        final Cli none = Cli.run("sim", "--chunk", "0");
        assertEquals(2, none.code());
        assertTrue(none.err().startsWith("Invalid value for option '--chunk': must be in [1, 2147483647], found 0"),
            none.err());
    }

    /**
     * A --chunk or --threads beyond an int was refused with an int's range ("expected an integer from -2147483648 to
     * 2147483647"), most of which the option refuses: each gives its own range, as run's options do.
     */
    @Test
    void shouldGiveTheRangeAChunkOrThreadCountIsTakenFrom()
    {
        final String[][] cases = {
            {"--chunk", "9999999999", "must be in [1, 2147483647], found 9999999999"},
            {"--chunk", "-2147483649", "must be in [1, 2147483647], found -2147483649"},
            {"--chunk", "-5", "must be in [1, 2147483647], found -5"},
            {"--chunk", "x", "expected an integer, found \"x\""},
            {"--threads", "99999999999", "must be in [1, 32767], found 99999999999"},
            {"--threads", "32768", "must be in [1, 32767], found 32768"},
            {"--threads", "0", "must be in [1, 32767], found 0"}};
        for (final String[] option : cases)
        {
            final Cli cli = Cli.run("sim", option[0], option[1], "--quiet");
            assertEquals(2, cli.code(), cli.err());
            assertTrue(cli.err().startsWith("Invalid value for option '" + option[0] + "': " + option[2]), cli.err());
        }
        final Cli chunk = Cli.run("sim", "--iterations", "2", "--chunk", "2147483647", "--threads", "+1", "--quiet");
        assertEquals(0, chunk.code(), chunk.err());
        assertTrue(chunk.out().contains("2 iterations, seed 1, encounter 300 s, chunk 2147483647, 1 thread"),
            chunk.out());
    }

    private Path write(final String name, final String text) throws IOException
    {
        return Files.writeString(dir.resolve(name), text);
    }

    private static void assertOneLine(final String err, final String expectedPrefix)
    {
        final String line = err.strip();
        assertEquals(1, line.lines().count(), err);
        final String prefix = "concurrengine sim: " + (expectedPrefix.startsWith("iteration") ? "" : "invalid spec: ");
        assertTrue(line.startsWith(prefix + expectedPrefix), "expected prefix\n" + prefix + expectedPrefix +
            "\nbut got\n" + line);
    }

    private static Map<String, Object> deterministicPart(final Cli cli)
    {
        assertEquals(0, cli.code(), cli.err());
        final Map<String, Object> json = object(MiniJson.parse(cli.out()));
        json.remove("threads");
        json.remove("timing");
        return json;
    }
}
