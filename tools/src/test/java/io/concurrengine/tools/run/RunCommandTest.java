package io.concurrengine.tools.run;

import io.concurrengine.tools.Cli;
import io.concurrengine.tools.Main;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void shouldRefuseModelsTooBigForTheHeapInWordsAndLeaveTheEarlierJournal() throws Exception
    {
        final Path journal = dir.resolve("journal");
        final Cli earlier = Cli.run("run", "--events", "1000", "--journal", journal.toString(), "--no-counters");
        assertEquals(0, earlier.code(), earlier.err());

        // the default market models (order pools for 2^18 live orders) need more than 64 MiB; the rings fit in it
        final List<String> command = new ArrayList<>(List.of(
            ProcessHandle.current().info().command().orElse("java"), "-Xmx64m", "-cp",
            System.getProperty("java.class.path")));
        for (final String argument : ManagementFactory.getRuntimeMXBean().getInputArguments())
        {
            if (argument.startsWith("--add-") || argument.startsWith("-Dchronicle"))
            {
                command.add(argument);
            }
        }
        command.addAll(List.of(Main.class.getName(), "run", "--events", "1000", "--journal", journal.toString(),
            "--no-counters"));
        final Path err = dir.resolve("err.txt");
        final Process process = new ProcessBuilder(command).redirectError(err.toFile())
            .redirectOutput(dir.resolve("out.txt").toFile()).start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "the run ended");

        final String stderr = Files.readString(err, StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue(), stderr);
        assertTrue(stderr.startsWith("concurrengine run: the engine's rings and market models (engine.shards=2, " +
            "engine.ring_size=65536, market.instruments=4096, order pools sized for the feed's 262,144 live orders) " +
            "do not fit this JVM's "), stderr);
        assertTrue(stderr.contains("raise the heap (-Xmx)") && !stderr.contains("\tat "), stderr);
        assertTrue(Files.isDirectory(journal.resolve("shard-1")), "the earlier run's journal is as it was");
    }
}
