package io.concurrengine.tools;

import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.json.MiniJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static io.concurrengine.tools.json.MiniJson.object;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The same seed gives the same results on another JDK, and a journal written on one JDK replays bit for bit on the
 * other: the main job's state hash, each journal's every dispatch re-executed by {@code replay --verify} on the JDK
 * that did not write it, and {@code sim}'s every figure but its timings. The other JDK is the one whose home
 * {@code OTHER_JDK_HOME} names, or else the first JDK 17 or later under {@code /usr/lib/jvm} of another
 * feature release than the one running the tests; without one the test is skipped. Both sides run the classes the
 * build compiled (for release 17), each in a JVM of its own.
 */
@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AnotherJdkDeterminismTest
{
    /**
     * Not a {@code CONCURRENGINE_} name: those are the configuration's, and the commands the test forks, which inherit
     * its environment, would refuse one that names no key.
     */
    private static final String OTHER_JDK_VARIABLE = "OTHER_JDK_HOME";
    private static final Pattern JAVA_VERSION = Pattern.compile("^JAVA_VERSION=\"(\\d+)[^\"]*\"$", Pattern.MULTILINE);

    private static Jdk other;

    @TempDir
    Path dir;

    private record Jdk(Path home, int feature)
    {
        String java()
        {
            return home.resolve("bin").resolve("java").toString();
        }

        /** JDK 24 and later warn without these, as the README says. */
        List<String> flags()
        {
            return feature >= 24 ?
                List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow") : List.of();
        }
    }

    @BeforeAll
    static void findTheOtherJdk() throws IOException
    {
        final String named = System.getenv(OTHER_JDK_VARIABLE);
        if (null != named && !named.isBlank())
        {
            final Optional<Jdk> jdk = jdkAt(Path.of(named));
            assertTrue(jdk.isPresent() && jdk.get().feature() != Runtime.version().feature(), OTHER_JDK_VARIABLE +
                "=" + named + " is not the home of a JDK 17 or later of another release than this one (" +
                Runtime.version() + ")");
            other = jdk.get();
            return;
        }
        final Path jvms = Path.of("/usr/lib/jvm");
        if (Files.isDirectory(jvms))
        {
            try (Stream<Path> homes = Files.list(jvms))
            {
                other = homes.sorted().map(AnotherJdkDeterminismTest::jdkAt).flatMap(Optional::stream)
                    .filter(jdk -> jdk.feature() != Runtime.version().feature()).findFirst().orElse(null);
            }
        }
    }

    private static Optional<Jdk> jdkAt(final Path home)
    {
        final Path release = home.resolve("release");
        if (!Files.isExecutable(home.resolve("bin").resolve("java")) || !Files.isRegularFile(release))
        {
            return Optional.empty();
        }
        try
        {
            final Matcher version = JAVA_VERSION.matcher(Files.readString(release));
            return version.find() && Integer.parseInt(version.group(1)) >= 17 ?
                Optional.of(new Jdk(home, Integer.parseInt(version.group(1)))) : Optional.empty();
        }
        catch (final IOException | NumberFormatException ex)
        {
            return Optional.empty();
        }
    }

    @Test
    void shouldNameTheOtherJdkByAVariableTheCommandsLeaveAlone()
    {
        // set for the test, it is in the environment of every command the test forks, which must still run
        assertNotNull(new ConfigLoader().load(null, Map.of(OTHER_JDK_VARIABLE, "/usr/lib/jvm/another"), Map.of()));
    }

    @Test
    void shouldRunToTheSameStateHashAndReplayTheOtherJdksJournalBitForBit() throws Exception
    {
        assumeTrue(null != other, "no JDK of another release found (" + OTHER_JDK_VARIABLE + " names one)");
        final Path hereJournal = dir.resolve("journal-here");
        final Path thereJournal = dir.resolve("journal-there");
        final String[] run = {"run", "--events", "400000", "--seed", "11", "--shards", "2", "--json", "--no-counters",
            "--journal"};

        final Map<String, Object> here = summary(Cli.fork(dir, "512m", with(run, hereJournal.toString())));
        final Map<String, Object> there = summary(
            Cli.forkOn(other.java(), other.flags(), dir, "512m", with(run, thereJournal.toString())));

        assertNotNull(here.get("stateHash"));
        for (final String key : List.of("inputs", "events", "stateHash"))
        {
            assertEquals(here.get(key), there.get(key), key + " on JDK " + Runtime.version().feature() + " and " +
                other.feature());
        }

        final String[] verify = {"replay", "--verify", "--json"};
        final Map<String, Object> thereReplayedHere = summary(Cli.fork(dir, "512m", with(verify,
            thereJournal.toString())));
        final Map<String, Object> hereReplayedThere = summary(Cli.forkOn(other.java(), other.flags(), dir, "512m",
            with(verify, hereJournal.toString())));
        for (final Map<String, Object> replay : List.of(thereReplayedHere, hereReplayedThere))
        {
            assertEquals("verified", replay.get("result"), replay.toString());
            assertEquals(here.get("stateHash"), replay.get("stateHash"), replay.toString());
        }
    }

    @Test
    void shouldSimulateToTheSameFiguresOnTheOtherJdk() throws Exception
    {
        assumeTrue(null != other, "no JDK of another release found (" + OTHER_JDK_VARIABLE + " names one)");
        final String[] sim = {"sim", "--iterations", "400", "--seed", "9", "--threads", "2", "--chunk", "16", "--json",
            "--quiet"};

        final Map<String, Object> here = withoutTimings(summary(Cli.fork(dir, "256m", sim)));
        final Map<String, Object> there = withoutTimings(summary(Cli.forkOn(other.java(), other.flags(), dir, "256m",
            sim)));

        assertEquals(here, there);
    }

    private static Map<String, Object> summary(final Cli cli)
    {
        assertEquals(0, cli.code(), cli.err());
        return object(MiniJson.parse(cli.out().strip()));
    }

    private static Map<String, Object> withoutTimings(final Map<String, Object> sim)
    {
        final Map<String, Object> figures = new HashMap<>(sim);
        assertNotNull(figures.remove("timing"), sim.toString());
        return figures;
    }

    private static String[] with(final String[] args, final String last)
    {
        final List<String> all = new ArrayList<>(List.of(args));
        all.add(last);
        return all.toArray(String[]::new);
    }
}
