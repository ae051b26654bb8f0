package io.concurrengine.tools.journal;

import io.concurrengine.journal.JournalCorruptException;
import io.concurrengine.tools.run.RunJournalDir;
import io.concurrengine.tools.run.RunLock;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.stream.Stream;

/**
 * What a journal directory was when a read of it began, to tell a read that failed on a missing file or directory
 * because a run started writing the directory (a run replaces the journal it finds: readers hold the directory's
 * lock only while they look) from a journal that was damaged already, and to tell a read that ended without error
 * whether the files it took may be of two runs.
 */
final class JournalReplacement
{
    /** How a Chronicle cycle file's name ends, as the journal's reader lists them. */
    private static final String CYCLE_FILE_SUFFIX = ".cq4";

    private final Path directory;
    private final long writer;
    private final List<Object> runConfig;

    private JournalReplacement(final Path directory, final long writer, final List<Object> runConfig)
    {
        this.directory = directory;
        this.writer = writer;
        this.runConfig = runConfig;
    }

    /**
     * @param directory journal directory about to be read.
     * @return what it is now: whether a run holds it, and its {@code run.toml}.
     */
    static JournalReplacement observe(final Path directory)
    {
        final List<Object> runConfig = runConfig(directory);
        return new JournalReplacement(directory, RunLock.holder(directory), runConfig);
    }

    /**
     * @return the pid of the run that held the directory's lock as the read began ({@link RunLock#holder}), or a
     * negative value if none did: a reader asks this rather than look at the lock again.
     */
    long writer()
    {
        return writer;
    }

    /**
     * @param damage what the read reported.
     * @return null unless the read failed on a missing file or directory, or on a shard directory without a cycle file
     * or whose only cycle file holds no document yet (one a run that started on the journal directory has made and not
     * yet written in), and the journal directory is now another run's ({@link #replacedWhileRead}), else a sentence
     * saying the journal read was replaced.
     */
    String replaced(final JournalCorruptException damage)
    {
        return missing(damage) || emptyShard(damage) ? replacedWhileRead() : null;
    }

    /**
     * Ask once a read has ended, however it ended: a read that ended without error may have taken shards, or files of
     * a shard, of two runs, since a run that starts on the directory moves the journal it finds aside while the reader
     * goes from file to file.
     *
     * @return null unless the journal directory is now another run's: a run holds its lock that did not as the read
     * began, or another run than the one that did, or its {@code run.toml} is not the one it had; else a sentence
     * saying the journal being read was replaced.
     */
    String replacedWhileRead()
    {
        final long writerNow = RunLock.holder(directory);
        final List<Object> now = runConfig(directory);
        // a pid of 0 is a holder that has not written its pid yet: the same run, or another, as far as it tells
        final boolean anotherWriter = writerNow >= 0 && (writer < 0 || (writer > 0 && writerNow > 0 &&
            writerNow != writer));
        if (anotherWriter || (null != runConfig && !runConfig.equals(now)))
        {
            return "a run started writing " + directory + " while it was read" +
                (writerNow > 0 ? " (pid " + writerNow + ")" : "") + ": the journal being read was replaced";
        }
        return null;
    }

    /**
     * A shard directory without a cycle file, or whose only cycle file holds no document yet (empty as it is first
     * created, or not yet holding its header block): what a run that starts on the directory has made so far.
     */
    private static boolean emptyShard(final JournalCorruptException damage)
    {
        final JournalCorruptException.Reason reason = damage.reason();
        final Path file = damage.file();
        if (null == file || (JournalCorruptException.Reason.MISSING_HEADER != reason &&
            JournalCorruptException.Reason.TRUNCATED != reason))
        {
            return false;
        }
        if (Files.isDirectory(file))
        {
            return JournalCorruptException.Reason.MISSING_HEADER == reason;
        }
        return 0 == damage.documentIndex() && onlyCycleFile(file);
    }

    /**
     * @return whether {@code file} is the only cycle file of its directory; false if it cannot be listed.
     */
    private static boolean onlyCycleFile(final Path file)
    {
        final Path directory = file.getParent();
        if (null == directory)
        {
            return false;
        }
        try (Stream<Path> files = Files.list(directory))
        {
            return 1 == files.filter(path -> path.getFileName().toString().endsWith(CYCLE_FILE_SUFFIX)).count();
        }
        catch (final IOException | UncheckedIOException ex)
        {
            return false;
        }
    }

    private static boolean missing(final Throwable damage)
    {
        for (Throwable cause = damage; null != cause; cause = cause.getCause())
        {
            if (cause instanceof NoSuchFileException)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * @return the identity and modification time of the directory's {@code run.toml}, which a run writes anew, or
     * null if it has none that can be read.
     */
    private static List<Object> runConfig(final Path directory)
    {
        try
        {
            final BasicFileAttributes attributes = Files.readAttributes(
                directory.resolve(RunJournalDir.RUN_CONFIG_FILE), BasicFileAttributes.class);
            return List.of(String.valueOf(attributes.fileKey()), attributes.lastModifiedTime());
        }
        catch (final IOException ex)
        {
            return null;
        }
    }
}
