package io.concurrengine.tools.run;

import io.concurrengine.journal.FileForce;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.tools.FileKind;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.config.EngineConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory a run journals to ({@code journal.dir}): whether the run may use it, and its preparation for the run.
 * <p>
 * A run's journal directory holds what a run writes and nothing else: the run's lock ({@value RunLock#FILE}, see
 * {@link RunLock}), its resolved configuration ({@value #RUN_CONFIG_FILE}, which {@code replay} and {@code inspect}
 * read), one {@code shard-N} directory per shard and, while a run starts, the earlier run's journal in
 * {@value #EARLIER_RUN_DIRECTORY}. The run uses it in three steps:
 * <ol>
 *     <li>{@link #check()} says whether the directory may hold this run's journal (missing, empty, or an earlier
 *     run's that no run is writing, on a file system with room) and changes nothing, so that a run refused at start
 *     leaves an earlier run's journal as it was;</li>
 *     <li>{@link #prepare(EngineConfig)}, once every other start-up check has passed, locks the directory, moves the
 *     earlier run's journal into {@value #EARLIER_RUN_DIRECTORY} and writes this run's configuration, forced to the
 *     device; the lock is held until {@link #release()}, after the engine has closed its journals;</li>
 *     <li>once the engine has started, {@link #started()} deletes the earlier run's journal; if it did not start,
 *     {@link #restore()} deletes what the start wrote and moves the earlier run's journal back, so that a start
 *     that fails (an I/O error opening a cycle file, say) loses nothing either.</li>
 * </ol>
 * A process killed between the second and third steps leaves {@value #EARLIER_RUN_DIRECTORY} behind. The directory
 * then holds the journal of a run that did not finish starting, which {@code replay} reads, and the next run's
 * {@link #prepare(EngineConfig)} deletes the leftover, older than both, before it moves that journal aside.
 * Problems are returned as messages naming the directory and what to do, never thrown.
 * <p>
 * Not threadsafe: the run's control thread uses it. The public surface is the layout's file name and
 * {@link #directorySize(Path)}, which the soak harness samples.
 */
public final class RunJournalDir
{
    /** Name of the resolved configuration written beside the shard journals; replay reads it. */
    public static final String RUN_CONFIG_FILE = "run.toml";

    /** Where {@link #prepare(EngineConfig)} keeps the earlier run's journal until the run has started. */
    public static final String EARLIER_RUN_DIRECTORY = "earlier-run";

    private static final String SHARD_DIRECTORY = "shard-[0-9]+";
    /** Symbolic links {@link #inside} follows in one path before it gives up, as Linux's open does (ELOOP). */
    private static final int MAX_LINKS = 40;

    private final Path root;
    /** The option that chooses the directory, named in what to do instead: {@code --journal DIR} for a run. */
    private final String option;
    private RunLock lock;
    /** Whether {@link #prepare(EngineConfig)} made the directory, which did not exist before. */
    private boolean made;
    /** {@link #prepare(EngineConfig)} made {@value #EARLIER_RUN_DIRECTORY} and moved entries into it. */
    private boolean movedAside;
    /** Everything in the directory but the lock and {@value #EARLIER_RUN_DIRECTORY} is this run's. */
    private boolean ownsEntries;

    /**
     * @param root the journal directory, which need not exist yet. Nothing is read or changed until it is used.
     */
    RunJournalDir(final Path root)
    {
        this(root, "--journal DIR");
    }

    /**
     * @param root   the journal directory, which need not exist yet. Nothing is read or changed until it is used.
     * @param option the option that chooses it, named in what to do instead of using it.
     */
    RunJournalDir(final Path root, final String option)
    {
        this.root = root;
        this.option = option;
    }

    /**
     * The one test of whether a path a command writes lies in a journal directory: a run's counters file and soak's
     * report in the directory the run replaces, {@code feed --out} in the one {@code feed --journal} reads.
     *
     * @param path      a file or directory a command writes (beside a run, or while it reads a journal).
     * @param directory a journal directory.
     * @return true if {@code path} is {@code directory} or lies under it, as written or once the symbolic links of
     * the part of each that exists are followed ({@code jjlink/report} where {@code jjlink} links to the journal
     * directory {@code jj}, {@code link/../jj/x} where {@code link} links to a directory beside {@code jj}), and a
     * symbolic link to nothing where the path would be created is followed to where it would create it
     * ({@code out.csv} linking to the missing {@code jj/shard-0/x.cq4}).
     */
    public static boolean inside(final Path path, final Path directory)
    {
        return path.toAbsolutePath().normalize().startsWith(directory.toAbsolutePath().normalize()) ||
            followed(path).startsWith(followed(directory));
    }

    /**
     * @param path a directory a command would write in, which need not exist.
     * @return the nearest of {@code path} and its ancestors that holds a run's journal (its {@value #RUN_CONFIG_FILE},
     * a regular file, beside a {@code shard-N} directory), as written or once the links of the part that exists are
     * followed, or null if none does: a run replaces what that directory holds as it starts, and refuses files no run
     * wrote there.
     */
    public static Path enclosingJournal(final Path path)
    {
        for (final Path start : List.of(path.toAbsolutePath().normalize(), followed(path)))
        {
            for (Path candidate = start; null != candidate; candidate = candidate.getParent())
            {
                if (holdsJournal(candidate))
                {
                    return candidate;
                }
            }
        }
        return null;
    }

    private static boolean holdsJournal(final Path directory)
    {
        if (!Files.isRegularFile(directory.resolve(RUN_CONFIG_FILE)))
        {
            return false;
        }
        try (Stream<Path> entries = Files.list(directory))
        {
            return entries.anyMatch(entry -> entry.getFileName().toString().matches(SHARD_DIRECTORY) &&
                Files.isDirectory(entry));
        }
        catch (final IOException | UncheckedIOException | SecurityException ex)
        {
            return false; // unreadable: no run's journal that this command can tell
        }
    }

    /**
     * @return {@code path}, absolute, with the links of its longest existing ancestor (or itself) followed, then a
     * link to nothing below that followed to its target as the system would follow it to create the file (at most
     * {@value #MAX_LINKS} of them, as the system gives up on a loop), and the rest, which does not exist yet, as
     * written.
     */
    private static Path followed(final Path path)
    {
        Path absolute = path.toAbsolutePath();
        for (int links = 0; links < MAX_LINKS; links++)
        {
            Path existing = absolute;
            Path real = realPath(existing);
            while (null == real && null != existing.getParent())
            {
                existing = existing.getParent(); // not there (or not readable): the part above it may be
                real = realPath(existing);
            }
            if (null == real)
            {
                break;
            }
            if (existing.equals(absolute))
            {
                return real;
            }
            final Path rest = existing.relativize(absolute);
            final Path next = real.resolve(rest.getName(0));
            final Path target = danglingTarget(next);
            if (null == target)
            {
                return real.resolve(rest).normalize();
            }
            final Path linked = real.resolve(target);
            absolute = rest.getNameCount() > 1 ? linked.resolve(rest.subpath(1, rest.getNameCount())) : linked;
        }
        return absolute.normalize();
    }

    /**
     * @return {@code path} with its links followed, or null if it cannot be (it is not there, or a link to nothing,
     * or to what has no path: a pipe's {@code /dev/stdin} links to {@code pipe:[N]}), or it cannot be examined.
     */
    static Path realPath(final Path path)
    {
        try
        {
            return path.toRealPath();
        }
        catch (final IOException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * @return what {@code path} links to if it is a symbolic link (one that did not resolve: to nothing, or a loop),
     * else null.
     */
    private static Path danglingTarget(final Path path)
    {
        try
        {
            return Files.isSymbolicLink(path) ? Files.readSymbolicLink(path) : null;
        }
        catch (final IOException | UnsupportedOperationException | SecurityException ex)
        {
            return null;
        }
    }

    /**
     * @param root   a journal directory.
     * @param option the option that chooses it, named in what to do instead of using it.
     * @return null if a run may journal there ({@link #check()}), else why not. Changes nothing.
     */
    public static String check(final Path root, final String option)
    {
        return new RunJournalDir(root, option).check();
    }

    /**
     * @return the journal directory, as configured.
     */
    Path root()
    {
        return root;
    }

    /**
     * @return null if the directory may hold this run's journal (missing, empty, or an earlier run's), else why not.
     * Changes nothing.
     */
    String check()
    {
        final String space = checkSpace(root, usableBytes(root), JournalConfig.DEFAULT_MIN_FREE_BYTES, option);
        if (null != space)
        {
            return space;
        }
        if (!Files.exists(root))
        {
            // a file above it (afile/x) is refused now, as the run would refuse it: not after a warm-up
            final String inTheWay = IoProblems.inTheWay(root);
            return null == inTheWay ? null : "journal dir " + root + " cannot be used: " + inTheWay;
        }
        if (!Files.isDirectory(root))
        {
            return "journal dir " + root + " is " + FileKind.ofNonDirectory(root) + ", not a directory";
        }
        final Path lockFile = root.resolve(RunLock.FILE);
        if (isNamedPipe(lockFile))
        {
            // no run's lock, which RunLock does not open (it would wait for a writer) and refuses as the run starts:
            // refused now, as it would be then, so that a benchmark's paced run is not refused after its burst
            return "journal dir " + root + " cannot be used: it is a named pipe, not a lock file; not opened: " +
                lockFile;
        }
        if (Files.exists(lockFile, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(lockFile,
            LinkOption.NOFOLLOW_LINKS))
        {
            // a directory, a socket, a link: the run could not lock it as it starts (RunLock does not lock through a
            // link, which would truncate the target and write the run's pid in it)
            final String kind = Files.isSymbolicLink(lockFile) ? "a symbolic link" :
                Files.isDirectory(lockFile) ? "a directory" : FileKind.describe(lockFile);
            return "journal dir " + root + " holds " + RunLock.FILE + ", which is " + kind + ", not a run's lock " +
                "file; choose another " + option + " or move it";
        }
        final long writer = RunLock.holder(root);
        if (writer >= 0)
        {
            return RunLock.describe(root, writer) + "; wait for it to end or choose another " + option;
        }
        try (Stream<Path> entries = Files.list(root))
        {
            return checkEntries(entries.toList());
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex);
        }
    }

    /**
     * @param all every entry of the directory.
     * @return null if they are what an earlier run wrote, else which is not.
     */
    private String checkEntries(final List<Path> all) throws IOException
    {
        // a run.lock alone is what a run that ended (or was refused) after locking the directory leaves; with an
        // earlier-run directory, what one killed before it wrote its configuration leaves
        final boolean empty = all.stream().allMatch(entry -> isRunsOwn(entry.getFileName().toString()));
        final Path runConfig = root.resolve(RUN_CONFIG_FILE);
        if (Files.exists(runConfig) && !Files.isRegularFile(runConfig))
        {
            // a run writes it as a file: whatever this is, it is someone else's, and preparing would delete it
            final String kind = Files.isDirectory(runConfig) ? "a directory" : FileKind.describe(runConfig);
            return "journal dir " + root + " holds " + RUN_CONFIG_FILE + ", which is " + kind + ", not an earlier " +
                "run's configuration; choose another " + option + " or move it";
        }
        if (!empty && !Files.exists(runConfig))
        {
            return "journal dir " + root + " holds files that no earlier run wrote; " +
                "choose another " + option + " or empty it";
        }
        for (final Path entry : all)
        {
            final String name = entry.getFileName().toString();
            if (!name.equals(RUN_CONFIG_FILE) && !isRunsOwn(name) &&
                !(name.matches(SHARD_DIRECTORY) && Files.isDirectory(entry)))
            {
                return notWrittenByARun(name);
            }
            if (name.matches(SHARD_DIRECTORY))
            {
                final String foreign = foreignShardEntry(entry);
                if (null != foreign)
                {
                    return notWrittenByARun(name + "/" + foreign);
                }
            }
        }
        return null;
    }

    private static boolean isNamedPipe(final Path file)
    {
        try
        {
            return FileKind.isNamedPipe(file);
        }
        catch (final IOException ex)
        {
            return false; // missing (a run creates it) or its attributes unreadable: locking it says so
        }
    }

    private String notWrittenByARun(final String name)
    {
        return "journal dir " + root + " holds " + name + ", which no earlier run wrote; choose another " + option +
            " or move it";
    }

    /**
     * @param shard a {@code shard-N} directory of an earlier run's journal.
     * @return the name of the first entry in it that a shard's journal does not write (a cycle file or Chronicle's
     * metadata, {@code *.cq4} and {@code *.cq4t}, regular files), or null: preparing would delete it with the journal.
     */
    private static String foreignShardEntry(final Path shard) throws IOException
    {
        try (Stream<Path> entries = Files.list(shard))
        {
            for (final Path entry : (Iterable<Path>)entries::iterator)
            {
                final String name = entry.getFileName().toString();
                if (!(name.endsWith(".cq4") || name.endsWith(".cq4t")) ||
                    !Files.isRegularFile(entry, LinkOption.NOFOLLOW_LINKS))
                {
                    return name;
                }
            }
        }
        return null;
    }

    /**
     * @return whether an entry of that name is the run's own bookkeeping, not a journal: the lock, or the earlier
     * run's journal kept while a run starts.
     */
    private static boolean isRunsOwn(final String name)
    {
        return name.equals(RunLock.FILE) || name.equals(EARLIER_RUN_DIRECTORY);
    }

    /**
     * @param root         the journal directory.
     * @param usableBytes  usable bytes of its file system, or -1 if unknown.
     * @param minFreeBytes what the journal writer keeps free: below it a running engine stops taking input.
     * @param option       the option that chooses the directory, named in what to do instead.
     * @return null, or why the run would stop at its first journal block. Checked before an earlier run's journal is
     * cleared, and without counting the space clearing it would give back, so that a refused run keeps it.
     */
    static String checkSpace(final Path root, final long usableBytes, final long minFreeBytes, final String option)
    {
        if (usableBytes < 0 || usableBytes >= minFreeBytes)
        {
            return null;
        }
        return String.format(Locale.ROOT, "journal dir %s: its file system is nearly full, %,d bytes usable, below " +
            "the %,d bytes the journal keeps free; free some space (an earlier run's journal there is kept) or " +
            "choose another %s", root, usableBytes, minFreeBytes, option);
    }

    /**
     * @return usable bytes of the file system {@code root} is (or would be) on, or -1 if that cannot be told.
     * Package-private for tests.
     */
    static long usableBytes(final Path root)
    {
        Path existing = root.toAbsolutePath();
        while (null != existing && !Files.exists(existing))
        {
            existing = existing.getParent();
        }
        try
        {
            if (null == existing)
            {
                return -1;
            }
            // proc, sysfs and their like report 0 bytes of 0: not a full disk, a place for no files, which creating
            // the journal's directory will say
            final FileStore store = Files.getFileStore(existing);
            return 0 == store.getTotalSpace() ? -1 : store.getUsableSpace();
        }
        catch (final IOException ex)
        {
            return -1;
        }
    }

    /**
     * Lock the directory for this run ({@link RunLock}, creating the directory if need be), move an earlier run's
     * journal (checked by {@link #check()}) into {@value #EARLIER_RUN_DIRECTORY} and write this run's configuration
     * into the directory, forced to the device with it. The lock, once taken, is held until {@link #release()}, also
     * when a later step failed. If a step after the lock fails, what was moved is moved back, as
     * {@link #restore()} does. Then {@link #started()} or {@link #restore()}.
     *
     * @param config the run's resolved configuration, written as {@value #RUN_CONFIG_FILE}.
     * @return null, or why the directory cannot be used.
     */
    String prepare(final EngineConfig config)
    {
        try
        {
            made = !Files.exists(root, LinkOption.NOFOLLOW_LINKS);
            lock = RunLock.acquire(root);
            if (null == lock)
            {
                return RunLock.describe(root, RunLock.holder(root)) + "; wait for it to end or choose another " +
                    option;
            }
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex);
        }
        try
        {
            moveEarlierRunAside();
            final Path runConfigFile = root.resolve(RUN_CONFIG_FILE);
            Files.writeString(runConfigFile, config.toToml(), StandardCharsets.UTF_8);
            // on the device before the first journal block, whatever the fsync policy: replay cannot start without it
            // (a run on a disk whose write-back failed left a run.toml of zeros and a journal replayable up to the
            // failure), and once per run it costs a few milliseconds
            FileForce.force(runConfigFile);
            FileForce.force(root);
            return null;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            final String restored = restore();
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex) +
                (null == restored ? "" : "; " + restored);
        }
    }

    /**
     * Delete a leftover {@value #EARLIER_RUN_DIRECTORY} (a run killed while it started left it; what the directory
     * holds besides is newer), then move every entry but the lock into a new one, forced to the device with the
     * directory so that a crash cannot leave the earlier run's journal in neither place.
     */
    private void moveEarlierRunAside() throws IOException
    {
        final Path earlier = root.resolve(EARLIER_RUN_DIRECTORY);
        deleteTree(earlier);
        final List<Path> entries = entries(root, RunLock.FILE);
        if (!entries.isEmpty())
        {
            Files.createDirectory(earlier);
            movedAside = true;
            for (final Path entry : entries)
            {
                Files.move(entry, earlier.resolve(entry.getFileName()));
            }
            FileForce.force(earlier);
            FileForce.force(root);
        }
        ownsEntries = true;
    }

    /**
     * The engine has started: delete the earlier run's journal {@link #prepare(EngineConfig)} moved aside.
     *
     * @return null, or what could not be deleted (the run goes on; the next run's preparation deletes the rest).
     */
    String started()
    {
        final Path earlier = root.resolve(EARLIER_RUN_DIRECTORY);
        try
        {
            deleteTree(earlier);
            movedAside = false;
            return null;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "the earlier run's journal in " + earlier + " was not all deleted: " + IoProblems.describe(ex);
        }
    }

    /**
     * The run did not start: delete what it wrote (its configuration, the journal files its start created) and move
     * the earlier run's journal back from {@value #EARLIER_RUN_DIRECTORY}. Without one (the directory was empty or
     * new), what the run wrote is deleted all the same. After a {@link #prepare(EngineConfig)} that failed while it
     * moved the earlier journal aside, the entries not yet moved are that journal's: they stay, and those moved go
     * back beside them.
     *
     * @return null, or why the earlier run's journal could not be put back, naming where it is.
     */
    String restore()
    {
        final Path earlier = root.resolve(EARLIER_RUN_DIRECTORY);
        try
        {
            if (ownsEntries)
            {
                deleteContents(root, RunLock.FILE, EARLIER_RUN_DIRECTORY);
                ownsEntries = false;
            }
            if (movedAside)
            {
                for (final Path entry : entries(earlier))
                {
                    Files.move(entry, root.resolve(entry.getFileName()));
                }
                Files.delete(earlier);
                FileForce.force(root);
                movedAside = false;
            }
            return null;
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return "the earlier run's journal was not all moved back from " + earlier + ": " +
                IoProblems.describe(ex);
        }
    }

    /**
     * @return how a refusal after {@link #restore()} names what the directory holds: as it was, or, where this run's
     * {@link #prepare(EngineConfig)} made it, that it holds only the lock: the lock file stays ({@link RunLock#close()}),
     * and so does the directory that holds it.
     */
    String describeRestored()
    {
        return "the journal dir " + root + (made ? " did not exist: the run made it, and it holds only " + RunLock.FILE :
            " is as it was");
    }

    /**
     * @param directory a directory.
     * @param skip      names of entries to leave out.
     * @return its entries but those, in name order.
     */
    private static List<Path> entries(final Path directory, final String... skip) throws IOException
    {
        final Set<String> skipped = Set.of(skip);
        try (Stream<Path> list = Files.list(directory))
        {
            return list.filter(entry -> !skipped.contains(entry.getFileName().toString())).sorted().toList();
        }
    }

    /**
     * Release the lock {@link #prepare(EngineConfig)} took, if it took one: the engine has stopped and its journals are
     * closed. Idempotent.
     */
    void release()
    {
        if (null != lock)
        {
            lock.close();
            lock = null;
        }
    }

    /**
     * @return bytes of the regular files in the directory now, 0 if it cannot be read ({@link #directorySize(Path)}).
     */
    long size()
    {
        return directorySize(root);
    }

    /**
     * Delete everything under {@code root} but its entries named in {@code keep}; {@code root} itself is kept.
     *
     * @param root a directory.
     * @param keep names of entries directly in it to keep, with what they hold.
     * @throws IOException if an entry cannot be listed or deleted; those before it are gone.
     */
    static void deleteContents(final Path root, final String... keep) throws IOException
    {
        for (final Path entry : entries(root, keep))
        {
            deleteTree(entry);
        }
    }

    /**
     * Delete a file, or a directory with everything under it, if it exists. A symbolic link is deleted, not followed.
     *
     * @param path a file, a directory, or a path where there is nothing.
     * @throws IOException if an entry cannot be listed or deleted; those before it are gone.
     */
    static void deleteTree(final Path path) throws IOException
    {
        if (!Files.exists(path, LinkOption.NOFOLLOW_LINKS))
        {
            return;
        }
        try (Stream<Path> walk = Files.walk(path))
        {
            for (final Path entry : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                Files.delete(entry);
            }
        }
    }

    /**
     * @param root a directory, or a symbolic link to one (followed, as the run's journal follows it; links under it
     *             are not).
     * @return bytes of the regular files under it, 0 if it cannot be read. A file deleted while it is measured (a
     * cycle file retention deletes during a soak's sample) is left out, not a failure.
     */
    public static long directorySize(final Path root)
    {
        final long[] bytes = new long[1];
        try
        {
            Files.walkFileTree(root.toRealPath(), new SimpleFileVisitor<>()
            {
                @Override
                public FileVisitResult visitFile(final Path file, final BasicFileAttributes attributes)
                {
                    if (attributes.isRegularFile())
                    {
                        bytes[0] += attributes.size();
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(final Path file, final IOException ex)
                {
                    return FileVisitResult.CONTINUE; // gone since the directory was listed, or unreadable
                }
            });
            return bytes[0];
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return 0;
        }
    }
}
