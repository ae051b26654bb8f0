package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.config.ConfigLoader;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.PacedFeed;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The progress a run prints on stderr, given the elapsed times it would have measured: one line a second where it
 * cannot redraw, each with the events dispatched over the shards and the rate since the line before; a line redrawn at
 * every tick on a terminal, ended when the run finishes; nothing where progress is off.
 */
class ProgressTest
{
    private static final long SECOND = TimeUnit.SECONDS.toNanos(1);

    /** Two stopped engines of two shards: the second dispatched more than the first, for a rate between lines. */
    private static Run first;
    private static Run second;

    @BeforeAll
    static void runEngines()
    {
        first = Run.of(1_000);
        second = Run.of(3_000);
        assertTrue(second.dispatched > first.dispatched, first.dispatched + " then " + second.dispatched);
    }

    @Test
    void shouldPrintAPlainLineASecondWithTheEventsOfEveryShardAndTheRateSinceTheLineBefore()
    {
        final StringWriter err = new StringWriter();
        final Progress progress = new Progress(new PrintWriter(err), false, true);

        progress.update(first.engine, first.feed, SECOND / 2, 4_000);
        assertEquals("", err.toString(), "less than a second in: no line yet");
        progress.update(first.engine, first.feed, SECOND, 4_000);
        progress.update(second.engine, second.feed, SECOND + SECOND / 2, 4_000);
        progress.update(second.engine, second.feed, 3 * SECOND, 4_000);
        progress.finish(second.engine, second.feed, 3 * SECOND + SECOND / 2, 4_000);

        assertEquals(
            line(1.0, "  25.0%", 1_000, first.dispatched, first.dispatched) + "\n" +
            line(3.0, "  75.0%", 3_000, second.dispatched, (second.dispatched - first.dispatched) / 2.0) + "\n",
            err.toString().replace(System.lineSeparator(), "\n"),
            "a line at 1 s and 3 s, the second with the rate over the 2 s between them; no line at finish");
    }

    @Test
    void shouldRedrawOneLineAtEveryTickWithoutAPercentageForARunOfNoCountAndEndItAtTheFinish()
    {
        final StringWriter err = new StringWriter();
        final Progress progress = new Progress(new PrintWriter(err), true, true);

        progress.update(first.engine, first.feed, SECOND / 5, 0);
        progress.update(second.engine, second.feed, SECOND / 5, 0);
        progress.finish(second.engine, second.feed, SECOND / 2, 0);

        assertEquals(
            "\r" + line(0.2, "", 1_000, first.dispatched, first.dispatched * 5.0) + "   " +
            "\r" + line(0.2, "", 3_000, second.dispatched, 0) + "   " +
            "\r" + line(0.5, "", 3_000, second.dispatched, 0) + "   \n",
            err.toString().replace(System.lineSeparator(), "\n"),
            "a redraw at each tick, from 0.2 s; no rate over no time; the finish redraws and ends the line");
    }

    @Test
    void shouldPrintNothingWhenProgressIsOff()
    {
        for (final boolean redraw : new boolean[]{false, true})
        {
            final StringWriter err = new StringWriter();
            final Progress progress = new Progress(new PrintWriter(err), redraw, false);

            progress.update(first.engine, first.feed, 2 * SECOND, 4_000);
            progress.finish(first.engine, first.feed, 3 * SECOND, 4_000);

            assertEquals("", err.toString(), "redraw " + redraw);
        }
    }

    private static String line(
        final double seconds, final String done, final long published, final long dispatched, final double rate)
    {
        return String.format(Locale.ROOT, "%6.1fs%s  published %,d  dispatched %,d  %,.0f events/s",
            seconds, done, published, dispatched, rate);
    }

    /**
     * A two-shard engine without a journal, fed a count of the synthetic flow and stopped: its counters stay as they
     * are.
     */
    private record Run(Engine engine, PacedFeed feed, long dispatched)
    {
        static Run of(final int events)
        {
            final EngineConfig config = new ConfigLoader().load(null, Map.of(), Map.of(
                "run.events", Integer.toString(events),
                "engine.shards", "2",
                "market.instruments", "256",
                "journal.enabled", "false",
                "telemetry.counters", "false"));
            final Engine engine = new RunEngineFactory(config, new PrintWriter(new StringWriter())).builder(null)
                .build().start();
            final PacedFeed feed = RunFeed.create(engine, config, null, System.nanoTime());
            feed.run();
            assertTrue(engine.stop(RunJob.STOP_TIMEOUT_NANOS));
            assertEquals(events, feed.published());
            long dispatched = 0;
            for (int shard = 0; shard < engine.shardCount(); shard++)
            {
                assertTrue(engine.counters(shard).dispatched() > 0, "shard " + shard + " dispatched nothing");
                dispatched += engine.counters(shard).dispatched();
            }
            return new Run(engine, feed, dispatched);
        }
    }
}
