package io.concurrengine.tools;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FileOptionTest
{
    @TempDir
    Path dir;

    @Test
    void shouldRefuseAFileOptionThatEndsWithASlashNotTakeTheFileWithoutIt() throws IOException
    {
        final Path config = Files.writeString(dir.resolve("engine.toml"), "[run]\nevents = 10\n");
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "");
        final String out = dir.resolve("out") + "/";

        assertRefusedInOneLine(Cli.run("feed", "--events", "10", "--out", out), "concurrengine feed: --out \"" + out +
            "\" ends with '/', which names a directory; a file is meant");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written at the path without the slash");
        // as every other refusal of run's, soak's and feed's options: one line, no usage text after it
        for (final String command : new String[]{"run", "soak", "feed"})
        {
            assertRefusedInOneLine(Cli.run(command, "--config", config + "/"),
                "concurrengine " + command + ": " + config + "/: (file): ends with '/', which names a directory; a " +
                "configuration file is meant");
        }
        final Cli json = Cli.run("run", "--config", config + "/.", "--json");
        assertRefusedInOneLine(json, "concurrengine run: " + config + "/.: (file): ends with '.', which names a " +
            "directory; a configuration file is meant");
        assertTrue(json.out().startsWith("{\"error\":{\"command\":\"run\",\"code\":2,\"reason\":\"config\""),
            json.out());
        assertRefused(Cli.run("run", "--feed", feed + "/", "--no-journal", "--no-counters"),
            "concurrengine run: flag --feed (feed.file): \"" + feed + "/\" ends with '/', which names a directory; " +
            "a file is meant");
        assertRefused(Cli.run("sim", "--spec", config + "/"), "concurrengine sim: invalid spec: " + config + "/: " +
            "ends with '/', which names a directory; a spec file is meant");
        assertRefused(Cli.run("stat", config + "/", "--count", "1"), "Invalid value for positional parameter at " +
            "index 0 (DIR): \"" + config + "/\" ends with '/', which names a directory, but " + config +
            " is not one: name the counters file itself");
        assertRefusedInOneLine(Cli.run("feed", "--events", "10", "--out", dir.resolve("out") + "/."),
            "concurrengine feed: --out \"" + dir.resolve("out") + "/.\" ends with '.', which names a directory; a " +
            "file is meant");
        assertFalse(Files.exists(dir.resolve("out")), "nothing written at the path without the ending");

        final Cli missing = Cli.run("stat", dir.resolve("data") + "/", "--count", "1");
        assertEquals(2, missing.code());
        assertTrue(missing.err().startsWith("concurrengine stat: no counters file at " +
            dir.resolve("data").resolve("counters.dat")), missing.err());
    }

    private static void assertRefusedInOneLine(final Cli cli, final String line)
    {
        assertEquals(2, cli.code(), cli.err());
        assertEquals(line + System.lineSeparator(), cli.err());
    }

    private static void assertRefused(final Cli cli, final String firstLine)
    {
        assertEquals(2, cli.code(), cli.err());
        assertEquals(firstLine, cli.err().lines().findFirst().orElse(""), cli.err());
    }
}
