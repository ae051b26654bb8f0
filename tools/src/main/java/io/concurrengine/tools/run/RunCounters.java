package io.concurrengine.tools.run;

import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.NetworkFeed;
import io.concurrengine.tools.telemetry.CountersFile;
import io.concurrengine.tools.telemetry.PrometheusEndpoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;

/**
 * A run's counters file around its engine, for {@link RunJob}: served over HTTP while the run runs where
 * {@code telemetry.exporter} asks for it, moved to its path once the engine has started, and marked final, or deleted
 * for a run that did not start, at the end. What goes wrong is said on stderr; only the endpoint's start can refuse
 * the run (its exception, which {@link RunJob} reports). Not threadsafe: the run's control thread.
 */
final class RunCounters
{
    private final EngineConfig config;
    private final PrintWriter err;
    private final String prefix;

    /**
     * @param config the resolved configuration.
     * @param err    where what goes wrong is said.
     * @param prefix what each line on stderr begins with: {@code concurrengine <command>: }.
     */
    RunCounters(final EngineConfig config, final PrintWriter err, final String prefix)
    {
        this.config = config;
        this.err = err;
        this.prefix = prefix;
    }

    /**
     * Serve the counters over HTTP when {@code telemetry.exporter} asks for it, and say where on stderr.
     *
     * @param counters the run's counters file, or null for none.
     * @return the endpoint, or null when there is none.
     */
    PrometheusEndpoint startExporter(final CountersFile counters) throws IOException
    {
        if (null == counters || !"prometheus".equals(config.exporter()))
        {
            return null;
        }
        final PrometheusEndpoint exporter =
            PrometheusEndpoint.start(PrometheusEndpoint.parse(config.endpoint()), counters);
        err.println(prefix + "counters at http://" + NetworkFeed.describe(exporter.address()) +
            PrometheusEndpoint.PATH);
        err.flush();
        return exporter;
    }

    /**
     * Move the started run's counters file to its path, over an earlier run's: until then that file is left as it
     * was, so a run refused before it starts leaves it to {@code stat}. A file that cannot be moved, or would replace
     * the file of an engine that took the path since (another run that started while this one warmed up), only costs
     * the run its live counters: said on stderr, and the run goes on (the file left beside the path is deleted by the
     * next run that creates one there, once this process has ended).
     *
     * @param counters the run's counters file, or null for none.
     */
    void publish(final CountersFile counters)
    {
        if (null == counters)
        {
            return;
        }
        try
        {
            counters.publish();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            say("counters file " + counters.path() + " not published, stat cannot show this run: " +
                IoProblems.describe(ex));
        }
    }

    /**
     * Mark the counters final for a run that ran; delete them for one that did not (refused after the file was
     * created, or stopped during its warm-up), which would otherwise leave a counters file that says a run finished.
     * Such a run's file never reached the path, so an earlier run's file there is left as it was.
     *
     * @param counters the run's counters file.
     * @param ran      true if the run ran (it was not refused).
     */
    void close(final CountersFile counters, final boolean ran)
    {
        if (ran)
        {
            counters.markFinished();
            counters.close();
            return;
        }
        try
        {
            counters.discard();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            say("counters file " + counters.path() + " of the run that did not start not deleted: " +
                IoProblems.describe(ex));
        }
    }

    /**
     * Say one line on stderr, prefixed with the command's name, its control characters escaped ({@link PrintableText}).
     */
    private void say(final String message)
    {
        RunJob.say(err, prefix, message);
    }
}
