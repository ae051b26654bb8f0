package io.concurrengine.tools.run;

import io.concurrengine.pipeline.Engine;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.PrintableText;
import io.concurrengine.tools.config.EngineConfig;
import io.concurrengine.tools.feed.PacedFeed;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A run's warm-up: a throwaway engine of the run's configuration fed flat out for {@link EngineConfig#warmupNanos()},
 * journaling to a temporary directory deleted afterwards, so that the JIT has compiled the feed, ring, shard, wheel,
 * model and journal paths before the measured engine starts. Nothing of it reaches the measured run: a new engine, new
 * models, new journal, so the measured run's dispatch stream and state hash are those of a run without warm-up.
 * <p>
 * The temporary directory ({@code concurrengine-warmup-<pid>-<random>}) is made beside the run's journal directory
 * (in its nearest existing ancestor): on the file system the run has chosen and checked for room, not on the system's
 * temporary directory, which may be small. It holds a lock ({@value #LOCK_FILE}) in it while it runs. A process killed
 * during its warm-up leaves that directory behind: the next warm-up beside it deletes it, saying so, once it is
 * clearly a dead warm-up's ({@link #isLeftover(Path)}): the process its name gives is not running, it holds its lock
 * and no process holds that, and it holds nothing but the lock and a throwaway engine's shard journals. The warm-up
 * builds and stops the engine and owns that directory; the job
 * that warms up runs the feed ({@link #run(Consumer)}), so that its way of stopping a feed early stops the warm-up's
 * too. A failure, the throwaway engine's included (its journal ran out of room, a handler failed it), is returned as
 * a message, never thrown, but for the heap running out, which the job explains: a run whose warm-up failed is
 * refused before it touches its own journal directory.
 * <p>
 * Not threadsafe: the run's control thread runs it.
 */
final class RunWarmUp
{
    /** The lock a warm-up holds in its journal directory while it runs, so that no other warm-up deletes it. */
    static final String LOCK_FILE = "warmup.lock";

    private static final String SCRATCH_PREFIX = "concurrengine-warmup-";

    /** A warm-up's journal directory: its process id, then the random part {@link Files#createTempDirectory} adds. */
    private static final Pattern SCRATCH = Pattern.compile(SCRATCH_PREFIX + "([0-9]{1,18})-[0-9]+");

    private static final String SHARD_DIRECTORY = "shard-[0-9]+";

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
        RunLock lock = null;
        try
        {
            if (null != journalRoot)
            {
                final Path parent = warmUpParent(journalRoot);
                deleteLeftovers(parent);
                scratch = Files.createTempDirectory(parent, SCRATCH_PREFIX + ProcessHandle.current().pid() + "-");
                lock = RunLock.acquire(scratch, LOCK_FILE);
            }
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
            if (null != lock)
            {
                lock.close(); // held while its directory was deleted: no other warm-up deletes it meanwhile
            }
        }
    }

    /**
     * Delete the journal directories that warm-ups of processes killed meanwhile left in {@code parent}
     * ({@link #isLeftover(Path)}), saying so on stderr, and what could not be deleted. Warm-ups starting at once
     * beside them delete them together: what another deleted meanwhile is no failure. Package-private for tests.
     */
    void deleteLeftovers(final Path parent)
    {
        final List<Path> leftovers;
        try (Stream<Path> entries = Files.list(parent))
        {
            leftovers = entries.filter(RunWarmUp::isLeftover).sorted().toList();
        }
        catch (final IOException | UncheckedIOException | SecurityException ex)
        {
            return; // creating the warm-up's own directory there says what is wrong
        }
        for (final Path leftover : leftovers)
        {
            try
            {
                deleteLeftover(leftover);
                err.println(prefix + PrintableText.escape("deleted " + leftover + ", the journal of a warm-up whose " +
                    "process is no longer running"));
            }
            catch (final IOException | UncheckedIOException ex)
            {
                if (Files.exists(leftover, LinkOption.NOFOLLOW_LINKS)) // else another warm-up deleted it meanwhile
                {
                    err.println(prefix + PrintableText.escape("the journal of a warm-up whose process is no longer " +
                        "running, " + leftover + ", not deleted: " + IoProblems.describe(ex)));
                }
            }
        }
        err.flush();
    }

    /**
     * Delete a dead warm-up's directory and what it holds, as another warm-up may be deleting them too: an entry
     * already gone is passed over (where {@link RunJournalDir#deleteTree} stopped at it, said so, and could leave the
     * rest to neither), and links are deleted, not followed.
     */
    private static void deleteLeftover(final Path leftover) throws IOException
    {
        Files.walkFileTree(leftover, new SimpleFileVisitor<>()
        {
            @Override
            public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes) throws IOException
            {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(final Path file, final IOException ex) throws IOException
            {
                if (ex instanceof NoSuchFileException)
                {
                    return FileVisitResult.CONTINUE;
                }
                throw ex;
            }

            @Override
            public FileVisitResult postVisitDirectory(final Path directory, final IOException ex) throws IOException
            {
                if (null != ex && !(ex instanceof NoSuchFileException))
                {
                    throw ex;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /**
     * @param entry an entry beside a run's journal directory.
     * @return true if it is clearly the journal directory of a warm-up whose process was killed: a directory (not a
     * link) named as a warm-up names it, for a process id that is not this process's nor a running process's (one
     * reused since is taken as running: its directory stays), holding its {@value #LOCK_FILE}, which no process holds
     * (a warm-up in a process this one cannot see, in another container on a shared directory, holds it; one being
     * made there has no lock file yet, for a moment, then an empty one, not yet locked: a held lock holds its
     * holder's pid), and nothing but that lock and {@code shard-N} directories of journal files ({@code *.cq4},
     * {@code *.cq4t}). Package-private for tests.
     */
    static boolean isLeftover(final Path entry)
    {
        final Matcher name = SCRATCH.matcher(entry.getFileName().toString());
        if (!name.matches() || !Files.isDirectory(entry, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        final long pid = Long.parseLong(name.group(1));
        if (pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
        {
            return false;
        }
        try (Stream<Path> entries = Files.list(entry))
        {
            boolean locked = false;
            for (final Path inside : (Iterable<Path>)entries::iterator)
            {
                final String insideName = inside.getFileName().toString();
                final boolean lockFile = insideName.equals(LOCK_FILE);
                // an empty lock file is one RunLock.acquire has created and not yet locked and written its pid in
                final boolean own = lockFile ? Files.isRegularFile(inside, LinkOption.NOFOLLOW_LINKS) &&
                    Files.size(inside) > 0 :
                    insideName.matches(SHARD_DIRECTORY) && holdsOnlyJournalFiles(inside);
                if (!own)
                {
                    return false;
                }
                locked |= lockFile;
            }
            // without its lock it is a warm-up's being made, whose process (in another pid namespace) takes the lock
            // next; the lock is asked last, so that one taken while the directory was looked at is seen
            return locked && RunLock.holder(entry, LOCK_FILE) < 0;
        }
        catch (final IOException | UncheckedIOException | SecurityException ex)
        {
            return false;
        }
    }

    private static boolean holdsOnlyJournalFiles(final Path shard) throws IOException
    {
        if (!Files.isDirectory(shard, LinkOption.NOFOLLOW_LINKS))
        {
            return false;
        }
        try (Stream<Path> entries = Files.list(shard))
        {
            return entries.allMatch(file -> (file.getFileName().toString().endsWith(".cq4") ||
                file.getFileName().toString().endsWith(".cq4t")) && Files.isRegularFile(file,
                LinkOption.NOFOLLOW_LINKS));
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
