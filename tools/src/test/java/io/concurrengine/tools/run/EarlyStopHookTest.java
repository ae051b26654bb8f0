package io.concurrengine.tools.run;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Ctrl-C or SIGTERM before a command has added its own hook: main's hook, its thread started here as the JVM starts
 * it at a shutdown, waits for the command and does its hook's work.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class EarlyStopHookTest
{
    /**
     * A signal while the configuration loads: the command's hook, which can no longer be added, is taken over; the
     * job, asked to stop before it started, builds no engine and says it was stopped (the error object of --json),
     * and the hook returns once that report is written.
     */
    @Test
    void shouldTakeOverTheCommandsHookSoThatAJobStoppedBeforeItStartsSaysSo() throws InterruptedException
    {
        final StringWriter out = new StringWriter();
        final StringWriter err = new StringWriter();
        final RunJob job = RunStopHookTest.smallJob(out, err);
        final EarlyStopHook early = new EarlyStopHook();
        early.thread().start(); // the signal
        final RunStopHook hook = RunStopHook.install(job, "concurrengine-test-stop", TimeUnit.HOURS.toSeconds(1));
        assertTrue(Runtime.getRuntime().removeShutdownHook(hook.thread()), "added as a shutdown hook");
        job.requestStop(); // what install does on the command's thread when the hook cannot be added
        assertTrue(early.takeOver(hook), "taken over by the waiting hook");

        assertEquals(0, job.execute(), err.toString());
        assertEquals("", out.toString(), "no summary: nothing was run");
        assertNotNull(job.refusal());
        assertEquals("stopped", job.refusal().toJson().replaceAll(".*\"reason\":\"([a-z]+)\".*", "$1"));
        assertTrue(err.toString().contains("stopped before it started: nothing was run"), err.toString());
        assertTrue(early.thread().isAlive(), "waits for the report");

        hook.reported();
        early.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(early.thread().isAlive(), "returned once the report was written");
    }

    /**
     * A command that added its own hook, needs none, or has ended releases main's hook: it returns at once and takes
     * no hook over.
     */
    @Test
    void shouldReturnAtOnceOnceReleased() throws InterruptedException
    {
        final EarlyStopHook early = new EarlyStopHook();
        early.thread().start();
        early.release();
        early.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(early.thread().isAlive(), "returned once released, not after its wait for the command");
        final RunStopHook hook = RunStopHook.install(() ->
        {
        }, "concurrengine-test-stop", 1);
        assertTrue(Runtime.getRuntime().removeShutdownHook(hook.thread()), "added as a shutdown hook");
        assertFalse(early.takeOver(hook), "no one waits for it");
    }

    /**
     * A signal while the command still reads its configuration when main's hook gives up waiting for it (from a pipe
     * no one writes to yet, {@code run --config /dev/stdin --json}): the JVM halted with nothing said and no object.
     * The hook now reports it stopped, one error object with --json, and drops what the command prints after that, as
     * it may while the JVM halts.
     */
    @Test
    void shouldReportACommandStillShortOfItsHookWhenItGivesUpWaiting() throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final EarlyStopHook early = runHookPrintingTo(out, err);
        early.thread().start(); // the signal, and no wait: the command gets nowhere in time
        early.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(early.thread().isAlive(), "returned");

        final PrintWriter commandOut = new PrintWriter(early.stdout(), true);
        commandOut.println("{\"error\":{\"command\":\"run\"}}"); // the command's own report, too late
        new PrintWriter(early.stderr(), true).println("concurrengine run: stopped before it started");
        assertFalse(commandOut.checkError(), "dropped, not failed");

        final String message = "stopped before it started: nothing was run (it was still reading its command line " +
            "or configuration 0 s after the signal)";
        assertEquals("{\"error\":{\"command\":\"run\",\"code\":0,\"reason\":\"stopped\",\"message\":\"" + message +
            "\"}}\n", out.toString(StandardCharsets.UTF_8), "one object");
        assertEquals("concurrengine run: " + message + "\n", err.toString(StandardCharsets.UTF_8));
    }

    /**
     * A command that has printed something by the time main's hook gives up is reporting already (a refusal of its
     * configuration, say): the hook says nothing more, and what the command prints goes through.
     */
    @Test
    void shouldNotReportACommandThatHasPrintedWhenItGivesUpWaiting() throws InterruptedException
    {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final EarlyStopHook early = runHookPrintingTo(out, err);
        new PrintWriter(early.stderr(), true).println("concurrengine run: a refusal");
        early.thread().start();
        early.thread().join(TimeUnit.SECONDS.toMillis(60));
        assertFalse(early.thread().isAlive(), "returned");
        new PrintWriter(early.stdout(), true).println("{}");

        assertEquals("{}\n", out.toString(StandardCharsets.UTF_8));
        assertEquals("concurrengine run: a refusal\n", err.toString(StandardCharsets.UTF_8));
    }

    /**
     * @return a hook that does not wait for the command, {@code run --json}, printing to {@code out} and {@code err}.
     */
    private static EarlyStopHook runHookPrintingTo(final ByteArrayOutputStream out, final ByteArrayOutputStream err)
    {
        final EarlyStopHook early = new EarlyStopHook(0, new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
        early.commandStarting("run", true);
        return early;
    }
}
