package io.concurrengine.tools.run;

import io.concurrengine.tools.config.ConfigLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What Ctrl-C or SIGTERM does to a run: its hook's thread, started here as the JVM starts it at a shutdown.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RunStopHookTest
{
    /**
     * The hook is added as a shutdown hook; started, it asks the job to stop (here before the job runs, so the run
     * builds no engine, runs nothing and says it was stopped), and once the job has ended it waits for the command's
     * report, however long it may (an hour here), and returns as soon as the report is written.
     */
    @Test
    void shouldAskTheJobToStopThenWaitForTheReportAndReturnOnceItIsWritten() throws InterruptedException
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunJob job = smallJob(out, err);
        final RunStopHook hook = RunStopHook.install(job, "concurrengine-test-stop", TimeUnit.HOURS.toSeconds(1));
        final Thread thread = hook.thread();
        assertTrue(Runtime.getRuntime().removeShutdownHook(thread), "added as a shutdown hook");

        thread.start();
        while (Thread.State.TIMED_WAITING != thread.getState())
        {
            assertTrue(thread.isAlive(), "waits for the job to end");
            Thread.sleep(1);
        }
        assertEquals(0, job.execute(), err.toString());
        assertEquals("", out.toString(), "no summary: nothing was run");
        assertTrue(err.toString().contains("stopped before it started: nothing was run"), err.toString());

        hook.reported();
        thread.join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(thread.isAlive(), "returned once the report was written, not after its hour");
    }

    /**
     * A command whose report does not come within the hook's wait (a write blocked by a reader that does not read)
     * still has its say before the JVM halts: the hook runs its {@code unreported} work once the wait is over, and
     * only then; a report that came in time leaves it unrun.
     */
    @Test
    void shouldSayWhatItCanForACommandWhoseReportDoesNotComeInTime() throws InterruptedException
    {
        final StringBuilder said = new StringBuilder();
        final RunStopHook late = RunStopHook.install(() -> said.append("stop;"), () -> said.append("unreported"),
            "concurrengine-test-stop", 0);
        assertTrue(Runtime.getRuntime().removeShutdownHook(late.thread()), "added as a shutdown hook");
        late.thread().start();
        late.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertEquals("stop;unreported", said.toString());

        said.setLength(0);
        final RunStopHook inTime = RunStopHook.install(() -> said.append("stop;"), () -> said.append("unreported"),
            "concurrengine-test-stop", 0);
        inTime.reported();
        inTime.thread().start();
        inTime.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertEquals("stop;", said.toString());
    }

    /**
     * @return a job of 10 inputs on one shard, without journal, counters, warm-up or progress, printing to these.
     */
    static RunJob smallJob(final StringWriter out, final StringWriter err)
    {
        return new RunJob(new ConfigLoader().load(null, Map.of(), smallJobSettings()), new PrintWriter(out),
            new PrintWriter(err), false, false);
    }

    /**
     * @return the settings of {@link #smallJob}: 10 inputs on one shard, without journal, counters, warm-up or
     * progress.
     */
    static Map<String, String> smallJobSettings()
    {
        return Map.of(
            "run.events", "10",
            "run.duration", "0s",
            "run.warmup", "0s",
            "run.progress", "false",
            "engine.shards", "1",
            "market.instruments", "256",
            "journal.enabled", "false",
            "telemetry.counters", "false");
    }
}
