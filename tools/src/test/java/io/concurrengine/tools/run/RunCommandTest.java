package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RunCommandTest
{
    @TempDir
    Path dir;

    @Test
    void shouldNameAMalformedFeedLineOnStderrAsWellAsInTheSummary() throws IOException
    {
        final Path feed = Files.writeString(dir.resolve("feed.csv"), "1000,add,17,5001,buy,10250,100\n1001,add,17\n");

        final Cli cli = Cli.run("run", "--feed", feed.toString(), "--journal", dir.resolve("journal").toString(),
            "--no-counters", "--json");

        assertEquals(2, cli.code(), cli.err());
        final String problem = "feed " + feed + ":2: an add has 7 or 8 fields";
        assertTrue(cli.out().contains("\"failure\":\"" + problem), cli.out());
        assertTrue(cli.err().contains("concurrengine run: " + problem), cli.err());
    }
}
