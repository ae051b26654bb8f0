package io.concurrengine.tools.run;

import io.concurrengine.journal.FileForce;
import io.concurrengine.journal.JournalConfig;
import io.concurrengine.tools.IoProblems;
import io.concurrengine.tools.config.EngineConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileStore;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The directory a run journals to ({@code journal.dir}): whether the run may use it, and its preparation for the run.
 * <p>
 * A run's journal directory holds what a run writes and nothing else: the run's lock ({@value RunLock#FILE}, see
 * {@link RunLock}), its resolved configuration ({@value #RUN_CONFIG_FILE}, which {@code replay} and {@code inspect}
 * read) and one {@code shard-N} directory per shard. The run uses it in two steps:
 * <ol>
 *     <li>{@link #check()} says whether the directory may hold this run's journal (missing, empty, or an earlier
 *     run's that no run is writing, on a file system with room) and changes nothing, so that a run refused at start
 *     leaves an earlier run's journal as it was;</li>
 *     <li>{@link #prepare(EngineConfig)}, once every other start-up check has passed, locks the directory, clears the
 *     earlier run's journal from it and writes this run's configuration, forced to the device; the lock is held until
 *     {@link #release()}, after the engine has closed its journals.</li>
 * </ol>
 * Problems are returned as messages naming the directory and what to do, never thrown.
 * <p>
 * Not threadsafe: the run's control thread uses it. The public surface is the layout's file name and
 * {@link #directorySize(Path)}, which the soak harness samples.
 */
public final class RunJournalDir
{
    /** Name of the resolved configuration written beside the shard journals; replay reads it. */
    public static final String RUN_CONFIG_FILE = "run.toml";

    private static final String SHARD_DIRECTORY = "shard-[0-9]+";

    private final Path root;
    private RunLock lock;

    /**
     * @param root the journal directory, which need not exist yet. Nothing is read or changed until it is used.
     */
    RunJournalDir(final Path root)
    {
        this.root = root;
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
        final String space = checkSpace(root, usableBytes(root), JournalConfig.DEFAULT_MIN_FREE_BYTES);
        if (null != space)
        {
            return space;
        }
        if (!Files.exists(root))
        {
            return null;
        }
        if (!Files.isDirectory(root))
        {
            return "journal dir " + root + " is a file, not a directory";
        }
        final long writer = RunLock.holder(root);
        if (writer >= 0)
        {
            return RunLock.describe(root, writer) + "; wait for it to end or choose another --journal DIR";
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
    private String checkEntries(final List<Path> all)
    {
        // a run.lock alone is what a run that ended (or was refused) after locking the directory leaves
        final boolean empty = all.stream().allMatch(entry -> entry.getFileName().toString().equals(RunLock.FILE));
        if (!empty && !Files.exists(root.resolve(RUN_CONFIG_FILE)))
        {
            return "journal dir " + root + " holds files that no earlier run wrote; " +
                "choose another --journal DIR or empty it";
        }
        for (final Path entry : all)
        {
            final String name = entry.getFileName().toString();
            if (!name.equals(RUN_CONFIG_FILE) && !name.equals(RunLock.FILE) &&
                !(name.matches(SHARD_DIRECTORY) && Files.isDirectory(entry)))
            {
                return "journal dir " + root + " holds " + name + ", which no earlier run wrote; " +
                    "choose another --journal DIR or move it";
            }
        }
        return null;
    }

    /**
     * @param root         the journal directory.
     * @param usableBytes  usable bytes of its file system, or -1 if unknown.
     * @param minFreeBytes what the journal writer keeps free: below it a running engine stops taking input.
     * @return null, or why the run would stop at its first journal block. Checked before an earlier run's journal is
     * cleared, and without counting the space clearing it would give back, so that a refused run keeps it.
     */
    static String checkSpace(final Path root, final long usableBytes, final long minFreeBytes)
    {
        if (usableBytes < 0 || usableBytes >= minFreeBytes)
        {
            return null;
        }
        return String.format(Locale.ROOT, "journal dir %s: its file system is nearly full, %,d bytes usable, below " +
            "the %,d bytes the journal keeps free; free some space (an earlier run's journal there is kept) or " +
            "choose another --journal DIR", root, usableBytes, minFreeBytes);
    }

    /**
     * @return usable bytes of the file system {@code root} is (or would be) on, or -1 if that cannot be told.
     */
    private static long usableBytes(final Path root)
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
     * Lock the directory for this run ({@link RunLock}, creating the directory if need be), clear an earlier run's
     * journal from it (checked by {@link #check()}) and write this run's configuration into it, forced to the device
     * with the directory. The lock, once taken, is held until {@link #release()}, also when a later step failed.
     *
     * @param config the run's resolved configuration, written as {@value #RUN_CONFIG_FILE}.
     * @return null, or why the directory cannot be used.
     */
    String prepare(final EngineConfig config)
    {
        try
        {
            lock = RunLock.acquire(root);
            if (null == lock)
            {
                return RunLock.describe(root, RunLock.holder(root)) + "; wait for it to end or choose another " +
                    "--journal DIR";
            }
            deleteContents(root, RunLock.FILE);
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
            return "journal dir " + root + " cannot be used: " + IoProblems.describe(ex);
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
        final Set<Path> kept = new HashSet<>();
        for (final String name : keep)
        {
            kept.add(root.resolve(name));
        }
        try (Stream<Path> walk = Files.walk(root))
        {
            for (final Path path : (Iterable<Path>)walk.sorted(Comparator.reverseOrder())::iterator)
            {
                if (!path.equals(root) && !kept.contains(path))
                {
                    Files.delete(path);
                }
            }
        }
    }

    /**
     * @param root a directory.
     * @return bytes of the regular files under it, 0 if it cannot be read. A file deleted while it is measured (a
     * cycle file retention deletes during a soak's sample) is left out, not a failure.
     */
    public static long directorySize(final Path root)
    {
        final long[] bytes = new long[1];
        try
        {
            Files.walkFileTree(root, new SimpleFileVisitor<>()
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
