package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.pipeline.EngineState;
import io.concurrengine.tools.Cli;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.json.MiniJson;
import io.concurrengine.tools.telemetry.CountersFile;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A run's measured part as its observer (soak's sampler), its progress on stderr, its summary and its upstream see
 * it.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MeasuredRunTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
    private static final Pattern PROGRESS_LINE =
        Pattern.compile(" *\\d+\\.\\ds  published [\\d,]+  dispatched [\\d,]+  [\\d,]+ events/s");

    @TempDir
    Path dir;

    /**
     * A paced run of 2 s: the observer is told of the start first, of an interval about once a second (never two
     * within a second), of the last partial interval once the engine has stopped, and of the stop last; off a
     * terminal, progress is a plain line a second.
     */
    @Test
    void shouldTellTheObserverOfTheStartEachSecondsIntervalTheLastOneAndTheStopInThatOrder()
    {
        final Map<String, String> flags = flags("true");
        flags.put("run.events", "0");
        flags.put("run.duration", "2s");
        flags.put("run.rate", "2000");
        final List<String> calls = new ArrayList<>();
        final List<Long> intervals = new ArrayList<>();
        final RunObserver observer = new RunObserver()
        {
            @Override
            public void onStart(final Engine engine, final long startNanos)
            {
                calls.add("start");
            }

            @Override
            public void onTick(final Engine engine, final long published, final long elapsedNanos)
            {
                if (calls.isEmpty() || !"tick".equals(calls.get(calls.size() - 1)))
                {
                    calls.add("tick");
                }
            }

            @Override
            public void onInterval(
                final Engine engine, final Histogram interval, final long elapsedNanos, final boolean last)
            {
                calls.add(last ? "last interval" : "interval");
                intervals.add(elapsedNanos);
            }

            @Override
            public void onStop(final Engine engine, final RunSummary summary)
            {
                calls.add("stop");
            }
        };
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();

        final int exit = new RunJob(new ConfigLoader().load(null, Map.of(), flags), new PrintWriter(out),
            new PrintWriter(err), true, false, observer, "soak").execute();

        assertEquals(0, exit, err.toString());
        assertEquals("start", calls.get(0), String.valueOf(calls));
        assertEquals(List.of("last interval", "stop"), calls.subList(calls.size() - 2, calls.size()),
            String.valueOf(calls));
        assertTrue(calls.contains("interval"), "a run of 2 s has an interval of 1 s: " + calls);
        long previous = 0;
        for (final long elapsed : intervals.subList(0, intervals.size() - 1))
        {
            assertTrue(elapsed - previous >= SECOND, "an interval at " + elapsed + " ns, the one before at " +
                previous + ": " + intervals);
            previous = elapsed;
        }
        assertTrue(err.toString().lines().anyMatch(line -> PROGRESS_LINE.matcher(line).matches()), err.toString());
        assertFalse(err.toString().contains("\r"), "off a terminal, no redraw: " + err);
    }

    /**
     * The observer's last tick comes when the feed has ended, with every input published, while the engine still
     * runs: what it measures (benchmark's probe of the shards' CPU time) covers the whole feed, even one that ends
     * within the first tick (before session 52 the last tick was the last regular one, up to 200 ms earlier).
     */
    @Test
    void shouldTickOnceMoreWhenTheFeedHasEndedBeforeTheEngineStops()
    {
        final List<String> ticks = new ArrayList<>();
        final RunObserver observer = new RunObserver()
        {
            @Override
            public void onTick(final Engine engine, final long published, final long elapsedNanos)
            {
                ticks.add(published + " " + engine.state());
            }

            @Override
            public void onStop(final Engine engine, final RunSummary summary)
            {
                ticks.add("stop " + engine.state());
            }
        };
        final StringWriter err = new StringWriter();

        final int exit = new RunJob(config(flags("false")), new PrintWriter(new StringWriter()), new PrintWriter(err),
            true, false, observer, "soak").execute();

        assertEquals(0, exit, err.toString());
        assertEquals(List.of("20000 RUNNING", "stop STOPPED"), ticks.subList(ticks.size() - 2, ticks.size()),
            String.valueOf(ticks));
    }

    /**
     * On a terminal progress is one line redrawn at every tick, from the first, and ended at the finish with the
     * run's whole count; the summary's time is the run's, within the time {@code execute()} took.
     */
    @Test
    void shouldRedrawOneProgressLineOnATerminalAndEndItWithTheWholeCount()
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final long before = System.nanoTime();

        final int exit = new RunJob(config(flags("true")), new PrintWriter(out), new PrintWriter(err), true, true)
            .execute();

        final long took = System.nanoTime() - before;
        assertEquals(0, exit, err.toString());
        final String progress = err.toString();
        assertTrue(progress.startsWith("\r"), progress);
        assertTrue(progress.contains(" 100.0%  published 20,000  dispatched "), progress);
        assertTrue(progress.endsWith("events/s   " + System.lineSeparator()), progress);
        final double seconds = ((Number)MiniJson.object(MiniJson.parse(out.toString())).get("elapsedSeconds"))
            .doubleValue();
        assertTrue(seconds > 0 && seconds * 1e9 <= took, seconds + " s of a run that took " + took + " ns");
    }

    /**
     * The last interval's latency counters ({@code last interval P50 ns}, ...) are published before the run gives its
     * finish time, which tells readers ({@code stat}, the exporter) that the values are final: they read the final
     * figures from then on. They were published as the summary was made, after the finish time, so a reader between
     * the two (the progress line ends there) saw the interval before, or zeros in a run shorter than a second, headed
     * as final values.
     */
    @Test
    void shouldPublishTheLastIntervalsLatencyCountersBeforeTheValuesAreMarkedFinal()
    {
        final Path countersPath = dir.resolve("counters.dat");
        final Map<String, String> flags = flags("true");
        flags.put("telemetry.counters", "true");
        flags.put("telemetry.counters_file", countersPath.toString());
        final Map<String, Long> atFinishTime = new HashMap<>();
        final StringBuilder progress = new StringBuilder();
        final Writer err = new Writer()
        {
            @Override
            public void write(final char[] chars, final int offset, final int length)
            {
                progress.append(chars, offset, length);
                if (atFinishTime.isEmpty() && Files.exists(countersPath))
                {
                    atFinishTime.putAll(valuesOnceFinal(countersPath));
                }
            }

            @Override
            public void flush()
            {
            }

            @Override
            public void close()
            {
            }
        };

        final int exit = new RunJob(config(flags), new PrintWriter(new StringWriter()), new PrintWriter(err), true,
            true).execute();

        assertEquals(0, exit, progress.toString());
        assertFalse(atFinishTime.isEmpty(), "the progress line ends after the finish time is given: " + progress);
        assertEquals(valuesOnceFinal(countersPath), atFinishTime);
    }

    /**
     * @return each counter's value by label, or nothing while the file gives no finish time.
     */
    private static Map<String, Long> valuesOnceFinal(final Path countersPath)
    {
        final Map<String, Long> values = new HashMap<>();
        try (CountersFile counters = CountersFile.open(countersPath))
        {
            if (0 != counters.finishTimeMillis())
            {
                counters.reader().forEach((value, id, label) -> values.put(label, value));
            }
        }
        catch (final IOException ex)
        {
            throw new UncheckedIOException(ex);
        }
        return values;
    }

    /**
     * A journaled run that goes well says nothing on stderr once progress is off: nothing about an earlier
     * journal it did not find.
     */
    @Test
    void shouldSayNothingOnStderrOfAJournaledRunThatWentWell()
    {
        final Map<String, String> flags = flags("false");
        flags.put("journal.enabled", "true");
        flags.put("journal.dir", dir.resolve("journal").toString());
        final StringWriter err = new StringWriter();

        final int exit = new RunJob(config(flags), new PrintWriter(new StringWriter()), new PrintWriter(err), true,
            false).journalClock(Cli.JOURNAL_CLOCK).execute();

        assertEquals(0, exit, err.toString());
        assertEquals("", err.toString());
    }

    /**
     * A run that ends at its count before its upstream ends closes its connection: the upstream sees the end of the
     * stream, not a connection held open by a run that has finished.
     */
    @Test
    void shouldCloseItsConnectionToItsUpstreamWhenItEndsAtItsCount() throws Exception
    {
        try (ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress()))
        {
            listening.setSoTimeout(60_000);
            final Map<String, String> flags = flags("false");
            flags.put("run.events", "3");
            flags.put("feed.file", "tcp://127.0.0.1:" + listening.getLocalPort());
            final StringWriter err = new StringWriter();
            final RunJob job = new RunJob(config(flags), new PrintWriter(new StringWriter()), new PrintWriter(err),
                true, false);
            final int[] exit = {-1};
            final Thread run = new Thread(() -> exit[0] = job.execute());
            run.start();
            try (Socket upstream = listening.accept())
            {
                upstream.setSoTimeout(60_000);
                final OutputStream lines = upstream.getOutputStream();
                for (int order = 0; order < 5; order++)
                {
                    final String line = "1000,add,17," + (5001 + order) + ",buy,10250,100\n";
                    lines.write(line.getBytes(StandardCharsets.US_ASCII));
                }
                lines.flush();
                run.join();

                assertEquals(0, exit[0], err.toString());
                assertEquals(-1, upstream.getInputStream().read(), "the run closed its connection");
            }
        }
    }

    /**
     * What fails as the measured run begins, before its feed runs (the heap running out as its order flow is made, as
     * run -Xmx112m met; an observer's start), stops the engine, which drains and closes its journal: it was left
     * running, its journal never closed (replay and inspect: UNCLOSED, 'the run was killed or failed before closing
     * it') and its shard threads going on in this JVM.
     */
    @Test
    void shouldStopTheEngineWhenTheMeasuredRunFailsBeforeItsFeedRuns()
    {
        final List<Engine> started = new ArrayList<>();
        final OutOfMemoryError heap = new OutOfMemoryError("Java heap space");
        final RunObserver observer = new RunObserver()
        {
            @Override
            public void onStart(final Engine engine, final long startNanos)
            {
                started.add(engine);
                throw heap;
            }
        };
        final Map<String, String> flags = flags("false");
        flags.put("journal.enabled", "true");
        flags.put("journal.dir", dir.resolve("journal").toString());
        final RunJob job = new RunJob(config(flags), new PrintWriter(new StringWriter()),
            new PrintWriter(new StringWriter()), true, false, observer, "soak");

        assertSame(heap, assertThrows(OutOfMemoryError.class, job::execute));

        assertEquals(1, started.size());
        assertEquals(EngineState.STOPPED, started.get(0).state(), "drained, its journal closed");
    }

    private static EngineConfig config(final Map<String, String> flags)
    {
        return new ConfigLoader().load(null, Map.of(), flags);
    }

    private static Map<String, String> flags(final String progress)
    {
        return new HashMap<>(Map.of(
            "run.events", "20000",
            "run.duration", "0s",
            "run.progress", progress,
            "engine.shards", "1",
            "market.instruments", "256",
            "journal.enabled", "false",
            "telemetry.counters", "false"));
    }
}
