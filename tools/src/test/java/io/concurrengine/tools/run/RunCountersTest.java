package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.telemetry.CountersFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's counters file beside its engine, where something goes wrong with it once the run has begun.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunCountersTest
{
    @TempDir
    Path dir;

    /**
     * The path taken, during the warm-up, by a directory that the run's file may not replace: the file cannot be
     * moved there once the engine has started. The run says so, naming the file, and runs on to its end.
     */
    @Test
    void shouldSayItsCountersFileCouldNotBePublishedAndRunOn() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunObserver takesThePath = new RunObserver()
        {
            @Override
            public void onWarmUpStart(final Engine engine)
            {
                try
                {
                    Files.writeString(Files.createDirectories(counters).resolve("keep"), "not a counters file");
                }
                catch (final IOException ex)
                {
                    throw new UncheckedIOException(ex);
                }
            }
        };
        final int exit = new RunJob(new ConfigLoader().load(null, Map.of(), Map.of(
            "run.events", "10",
            "run.duration", "0s",
            "run.warmup", "10ms",
            "run.progress", "false",
            "engine.shards", "1",
            "market.instruments", "256",
            "journal.enabled", "false",
            "telemetry.counters", "true",
            "telemetry.counters_file", counters.toString())), new PrintWriter(out), new PrintWriter(err), false,
            false, takesThePath, "run").execute();

        assertEquals(0, exit, err.toString());
        assertTrue(err.toString().contains("concurrengine run: counters file " + counters +
            " not published, stat cannot show this run: "), err.toString());
        assertTrue(out.toString().startsWith("run: 10 inputs -> "), out.toString());
        assertEquals("not a counters file", Files.readString(counters.resolve("keep")));
    }

    /**
     * The finish time stat gives a finished run's values is when its engine stopped, before the summary and whatever
     * the observer writes (soak's report files): it was taken after them, and stat divided the last interval's counts
     * by a time that long too long (20,000/s read as 15,700/s).
     */
    @Test
    void shouldGiveAsTheFinishTimeWhenTheEngineStoppedNotWhenTheReportWasWritten() throws IOException
    {
        final Path counters = dir.resolve("counters.dat");
        final AtomicLong reportStartMillis = new AtomicLong();
        final RunObserver slowReport = new RunObserver()
        {
            @Override
            public void onStop(final Engine engine, final RunSummary summary)
            {
                reportStartMillis.set(System.currentTimeMillis());
                LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // report files being written
            }
        };
        final Map<String, String> settings = new HashMap<>(RunStopHookTest.smallJobSettings());
        settings.put("telemetry.counters", "true");
        settings.put("telemetry.counters_file", counters.toString());
        final StringWriter err = new StringWriter();
        final int exit = new RunJob(new ConfigLoader().load(null, Map.of(), settings),
            new PrintWriter(new StringWriter()), new PrintWriter(err), false, false, slowReport, "run").execute();

        assertEquals(0, exit, err.toString());
        try (CountersFile file = CountersFile.open(counters))
        {
            assertTrue(file.ownerFinished());
            assertTrue(file.finishTimeMillis() <= reportStartMillis.get(), "finished at " + file.finishTimeMillis() +
                ", before the report began at " + reportStartMillis.get());
            assertTrue(file.finishTimeMillis() >= file.heartbeatMillis(), "after its last heartbeat");
        }
    }
}
