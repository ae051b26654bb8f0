package io.concurrengine.tools.telemetry;

import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code stat} of counters files the releases that last wrote the older layouts of format version 1 left (fixtures in
 * src/test/resources/io/concurrengine/tools/telemetry/golden/, whose README says how each was made): a finished
 * run's from before the finish time (51b82bd), a finished and a killed run's from before the heartbeat (8a48a24).
 * Expected values are the old release's own {@code stat} output (counters-LAYOUT.txt there).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GoldenCountersFileTest
{
    private static final String NO_FINISH_TIME = "v1-no-finish-time";
    private static final String NO_HEARTBEAT = "v1-no-heartbeat";
    private static final String NO_HEARTBEAT_KILLED = "v1-no-heartbeat-killed";
    private static final String STAT_SECTION = "## stat data --count 1";

    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {NO_FINISH_TIME, NO_HEARTBEAT, NO_HEARTBEAT_KILLED})
    void shouldPrintEveryCounterOfAnOlderLayoutAsItsReleaseDid(final String layout) throws IOException
    {
        final Path file = unpack(layout);

        final Cli stat = Cli.run("stat", file.toString(), "--count", "1");

        assertEquals(0, stat.code(), stat.err());
        final List<String> printed = stat.out().lines().toList();
        final List<String> old = oldStat(layout);
        assertEquals(old.subList(1, old.size()), printed.subList(1, printed.size()), "the counters below the heading");
    }

    @Test
    void shouldHeadAFileWithoutAFinishTimeByItsStartSayingItsFinishTimeIsNotRecorded() throws IOException
    {
        final Path file = unpack(NO_FINISH_TIME);

        final Cli stat = Cli.run("stat", file.toString(), "--count", "1");

        assertEquals(0, stat.code(), stat.err());
        assertEquals("2026-12-06T01:23:55.340864201Z - pid 30968 finished", oldStat(NO_FINISH_TIME).get(0),
            "the old release headed it by the time of reading");
        assertEquals("run started 2026-12-06T01:23:54.686Z - pid 30968 finished, at a time the file does not " +
            "record (written by an earlier build): its final values", stat.out().lines().findFirst().orElseThrow());
    }

    /**
     * A finished run's file is headed by its finish time, a killed run's by its start, its last values "written at a
     * time the file does not record". The killed run's pid (6149) is gone; were a process that started before the
     * fixture was made (2026-12-06) to have that pid where the test runs, stat would call the run alive.
     */
    @ParameterizedTest
    @ValueSource(strings = {NO_HEARTBEAT, NO_HEARTBEAT_KILLED})
    void shouldHeadAFileWithoutAHeartbeatAsItsReleaseDid(final String layout) throws IOException
    {
        final Path file = unpack(layout);

        final Cli stat = Cli.run("stat", file.toString(), "--count", "1");

        assertEquals(0, stat.code(), stat.err());
        assertEquals(oldStat(layout).get(0), stat.out().lines().findFirst().orElseThrow());
    }

    /** The lines the old release's stat printed, from its heading on (counters-LAYOUT.txt). */
    private static List<String> oldStat(final String layout) throws IOException
    {
        try (InputStream text = resource("counters-" + layout + ".txt"))
        {
            final List<String> lines = Arrays.asList(new String(text.readAllBytes(), StandardCharsets.UTF_8)
                .split("\n"));
            final int section = lines.indexOf(STAT_SECTION);
            assertTrue(section >= 0, "no '" + STAT_SECTION + "' in counters-" + layout + ".txt");
            return lines.subList(section + 1, lines.size());
        }
    }

    private Path unpack(final String layout) throws IOException
    {
        final Path file = dir.resolve("counters.dat");
        try (ZipInputStream zip = new ZipInputStream(resource("counters-" + layout + ".zip")))
        {
            final ZipEntry entry = zip.getNextEntry();
            assertNotNull(entry, layout);
            assertEquals("counters.dat", entry.getName());
            Files.copy(zip, file);
            assertNull(zip.getNextEntry(), layout);
        }
        return file;
    }

    private static InputStream resource(final String name)
    {
        final InputStream stream = GoldenCountersFileTest.class.getResourceAsStream("golden/" + name);
        assertNotNull(stream, "golden/" + name + " beside " + GoldenCountersFileTest.class.getName());
        return stream;
    }
}
