/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.queue.impl.StoreFileListener;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Deletes the oldest cycle files of a journal beyond its retention limits ({@link #applyRetention(Path)}).
 * <p>
 * <b>Retention.</b> Chronicle reports released cycle files through {@link StoreFileListener#onReleased(int, File)};
 * this thread then deletes the oldest cycle files beyond {@link JournalConfig#retainCycles()} or {@link
 * JournalConfig#retainBytes()}, never the writer's current file or a newer one. It does so again whenever the writer
 * has moved to another file since: a release can be reported before the writer's move to the file after it reaches this
 * thread, and a retention pass that saw the older file as current kept the files after it (a test that rolled six files
 * quickly was left with four of a limit of two in 2 of 6 runs). Deleting (unlink of a large file can take milliseconds)
 * never happens on the shard thread.
 * <p>
 * Called by the maintenance thread ({@link JournalMaintenance} decides when, as above), and by the writer's thread once
 * after that thread stopped. Failure: a directory that cannot be listed, or a file that cannot be deleted, ends the
 * pass (the error goes to {@link MaintenanceFaults}; the next pass tries again). A file whose size cannot be read
 * counts as empty. Every deleted file is dropped from the {@link WriteBackWatches}, and remembered ({@link
 * #deleted(Path)}): the writer's close tells a file retention deleted from one deleted or moved by someone else.
 */
final class CycleRetention
{
    private final JournalConfig config;
    private final WriteBackWatches watches;
    private final MaintenanceFaults faults;
    /** Names of the cycle files deleted; any thread reads it. */
    private final Set<String> deletedNames = ConcurrentHashMap.newKeySet();

    /**
     * @param config  the journal's configuration: its directory and retention limits.
     * @param watches the watches of the writer's files, told of every file deleted.
     * @param faults  where problems go.
     */
    CycleRetention(final JournalConfig config, final WriteBackWatches watches, final MaintenanceFaults faults)
    {
        this.config = config;
        this.watches = watches;
        this.faults = faults;
    }

    /**
     * Delete the oldest cycle files beyond the retention limits, never {@code current} nor anything newer.
     *
     * @param current the writer's current file, or null after the writer closed (then the newest file is kept).
     * @return files deleted.
     */
    int applyRetention(final Path current)
    {
        final int retainCycles = config.retainCycles();
        final long retainBytes = config.retainBytes();
        if (0 == retainCycles && 0 == retainBytes)
        {
            return 0;
        }
        final List<Path> files;
        try
        {
            files = JournalFiles.cycleFiles(config.directory());
        }
        catch (final IOException ex)
        {
            faults.error(ex);
            return 0;
        }
        int newest = files.size() - 1;
        if (null != current)
        {
            newest = files.indexOf(current);
            if (newest < 0)
            {
                return 0;
            }
        }
        final long[] sizes = new long[files.size()];
        long totalBytes = 0;
        for (int i = 0; i < files.size(); i++)
        {
            sizes[i] = sizeOf(files.get(i));
            totalBytes += sizes[i];
        }
        return deleteOldest(files, sizes, newest, totalBytes);
    }

    /**
     * Delete files from the oldest up to (not including) {@code newest} while either limit is exceeded.
     *
     * @return files deleted.
     */
    private int deleteOldest(final List<Path> files, final long[] sizes, final int newest, final long bytes)
    {
        final int retainCycles = config.retainCycles();
        final long retainBytes = config.retainBytes();
        long totalBytes = bytes;
        int deleted = 0;
        int remaining = files.size();
        for (int i = 0; i < newest; i++)
        {
            final boolean tooMany = retainCycles > 0 && remaining > retainCycles;
            final boolean tooBig = retainBytes > 0 && totalBytes > retainBytes;
            if (!tooMany && !tooBig)
            {
                break;
            }
            try
            {
                Files.deleteIfExists(files.get(i));
                deletedNames.add(files.get(i).getFileName().toString());
                watches.deleted(files.get(i));
                deleted++;
                remaining--;
                totalBytes -= sizes[i];
            }
            catch (final IOException ex)
            {
                faults.error(ex);
                break;
            }
        }
        return deleted;
    }

    /**
     * @param file a cycle file of the journal.
     * @return true if retention deleted it. Any thread.
     */
    boolean deleted(final Path file)
    {
        return deletedNames.contains(file.getFileName().toString());
    }

    private static long sizeOf(final Path file)
    {
        try
        {
            return Files.size(file);
        }
        catch (final IOException ex)
        {
            return 0;
        }
    }
}
