package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.PacedFeed;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;

/**
 * A run's warm-up: a throwaway engine of the run's configuration fed flat out for {@link EngineConfig#warmupNanos()},
 * journaling to a temporary directory deleted afterwards, so that the JIT has compiled the feed, ring, shard, wheel,
 * model and journal paths before the measured engine starts. Nothing of it reaches the measured run: a new engine, new
 * models, new journal, so the measured run's dispatch stream and state hash are those of a run without warm-up.
 * <p>
 * The temporary directory ({@code concurrengine-warmup-<pid>-<random>}) is made beside the run's journal directory
 * (in its nearest existing ancestor): on the file system the run has chosen and checked for room, not on the system's
 * temporary directory, which may be small. The warm-up builds and stops the engine and owns that directory; the job
 * that warms up runs the feed ({@link #run(Consumer)}), so that its way of stopping a feed early stops the warm-up's
 * too. A failure, the throwaway engine's included (its journal ran out of room, a handler failed it), is returned as
 * a message, never thrown, but for the heap running out, which the job explains: a run whose warm-up failed is
 * refused before it touches its own journal directory.
 * <p>
 * Not threadsafe: the run's control thread runs it.
 */
final class RunWarmUp
{
    private final EngineConfig config;
    private final RunEngineFactory engines;
    private final PrintWriter err;
    private final String prefix;
    private final RunObserver observer;
    private final Path journalRoot;

    /**
     * @param config      the run's configuration.
     * @param engines     builds the throwaway engine as it builds the run's.
     * @param err         where the warm-up says it is warming up (when progress is on) and what it could not delete.
     * @param prefix      the command's message prefix, {@code "concurrengine run: "} say.
     * @param observer    told when the throwaway engine has started ({@link RunObserver#onWarmUpStart(Engine)}).
     * @param journalRoot the run's journal directory, which need not exist yet, or null for a run without a journal.
     */
    RunWarmUp(
        final EngineConfig config,
        final RunEngineFactory engines,
        final PrintWriter err,
        final String prefix,
        final RunObserver observer,
        final Path journalRoot)
    {
        this.config = config;
        this.engines = engines;
        this.err = err;
        this.prefix = prefix;
        this.observer = observer;
        this.journalRoot = journalRoot;
    }

    /**
     * Build and start the throwaway engine, have {@code feedRunner} feed it, and stop it, waiting up to
     * {@link RunJob#STOP_TIMEOUT_NANOS} for it to drain; then delete its journal and, if all went well, collect its
     * garbage.
     *
     * @param feedRunner runs the warm-up's feed on this thread, to its deadline or until the job stops it.
     * @return null, or what went wrong.
     * @throws OutOfMemoryError if the throwaway engine does not fit the heap.
     */
    String run(final Consumer<PacedFeed> feedRunner)
    {
        final String problem = warmUp(feedRunner);
        if (null == problem)
        {
            // The throwaway engine's models, rings and buffers are garbage now, as large as the measured engine's:
            // collected here, with the native memory their cleaners free, rather than during the measured run. In
            // ten paced runs each way (bench/results/pipeline/session-31/warm-up-gc/), three without this call had a
            // P99.9 of 59-88 ms, none with it (no GC pause fell inside a measured feed either way: the cause is not
            // pinned down). A no-op under -XX:+DisableExplicitGC.
            System.gc();
        }
        return problem;
    }

    private String warmUp(final Consumer<PacedFeed> feedRunner)
    {
        if (config.progress())
        {
            err.printf(Locale.ROOT, "warming up: a throwaway engine flat out for %.1f s%n",
                config.warmupNanos() / 1e9);
            err.flush();
        }
        Path scratch = null;
        try
        {
            scratch = null == journalRoot ? null : Files.createTempDirectory(warmUpParent(journalRoot),
                "concurrengine-warmup-" + ProcessHandle.current().pid() + "-");
            final Engine engine = engines.builder(scratch).build().start();
            try
            {
                observer.onWarmUpStart(engine);
                feedRunner.accept(RunFeed.warmUp(engine, config));
            }
            finally
            {
                engine.stop(RunJob.STOP_TIMEOUT_NANOS);
            }
            final Throwable failure = engine.failure();
            return null == failure ? null : "the throwaway engine failed: " + failure.getMessage();
        }
        catch (final IOException | RuntimeException ex)
        {
            return String.valueOf(ex.getMessage());
        }
        finally
        {
            if (null != scratch)
            {
                deleteScratch(scratch);
            }
        }
    }

    /**
     * @param journalRoot the run's journal directory, which need not exist.
     * @return the nearest existing directory that contains it: its parent, or the parent's nearest ancestor that
     * exists (at worst the file system's root). Never the journal directory itself, whose content is the run's.
     */
    static Path warmUpParent(final Path journalRoot)
    {
        final Path absolute = journalRoot.toAbsolutePath().normalize();
        Path candidate = null == absolute.getParent() ? absolute : absolute.getParent();
        while (!Files.isDirectory(candidate) && null != candidate.getParent())
        {
            candidate = candidate.getParent();
        }
        return candidate;
    }

    /**
     * Delete the warm-up's journal directory, saying so on stderr if it cannot be.
     */
    private void deleteScratch(final Path scratch)
    {
        try
        {
            RunJournalDir.deleteTree(scratch);
        }
        catch (final IOException ex)
        {
            err.println(prefix + PrintableText.escape("warm-up journal " + scratch + " not deleted: " +
                IoProblems.describe(ex)));
        }
    }
}
