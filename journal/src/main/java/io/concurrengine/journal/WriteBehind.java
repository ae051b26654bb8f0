/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.bytes.SyncMode;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Function;

/**
 * Writes back what the journal writer wrote, a step at a time, on the maintenance thread ({@link #step(MappedFile,
 * Path, long)}), drops what was written back from the page cache while the writer is fast, and watches every file the
 * writer writes for a failed write-back ({@link WriteBackWatches}).
 * <p>
 * <b>Write-behind.</b> A write-back step waits for the disk (4 MiB: 10 ms at 420 MB/s, longer when the disk is
 * shared), and a fast writer crosses a 1 MiB window in 8 ms: when this thread took several steps in a row, the writer
 * overtook it and faulted in 45-70 pages per MiB itself. So the pages ahead are prepared again after every step, and
 * the writable window is 8 MiB. Left alone, the kernel writes a file's dirty pages back once the file has been dirty
 * for 30 s ({@code dirty_expire_centisecs}), all of them at once: about 200 MiB per shard at 1 M inputs/s, and while
 * that ran every shard stalled for 0.1-0.8 s, once every 32 s, in a 10-minute soak (and not with the journal off). So
 * this thread writes back what the writer wrote, {@link JournalConfig#writeBehindBytes()} (4 MiB by default) at a time,
 * off the shard thread. Not with {@link FsyncPolicy#PER_BLOCK}, which syncs each block itself.
 * <p>
 * It writes back pages nobody maps any more. Cleaning a dirty page that is still mapped write-protects its page-table
 * entry, and the kernel flushes the other cores' TLBs with one interrupt <i>per 4 KiB page</i>. That was 65,000
 * interrupts into the shard threads for 256 MiB of journal (a VM exit each here), and the journaled P99 of a trivial
 * model at 1 M inputs/s was 3-5 ms against 0.5 ms unjournaled. So the writer's chunks are small
 * ({@link JournalConfig#chunkBytes()}, 4 MiB), and this thread releases its hold on a chunk once the writer is a whole
 * chunk past it ({@link ChunkMappings}), after which Chronicle's background releaser unmaps it (not the shard). A chunk
 * two behind the writer is then written back through the file descriptor ({@link FileRangeSync},
 * {@code sync_file_range}): one step each time the writer has written one, so the disk sees an even stream. Chunk 0
 * stays mapped (it holds Chronicle's header), so it is written back through its mapping ({@code msync}), and so is
 * everything where {@code sync_file_range} is unavailable. The TLB shootdowns of a paced 1 M inputs/s process fell from
 * 162,697 to 10,935 (trivial model) and from 225,323 to 12,348 (market model), bench/results/pipeline/write-behind/.
 * While the writer is fast, what was written back is then dropped from the page cache
 * ({@link JournalConfig#dropWrittenPages()}); a slow writer's pages are left to the kernel.
 * <p>
 * <b>Failed write-back.</b> A device error while a file's dirty pages are written back (or a thin-provisioned or
 * network file system out of space) is reported only to whoever waits for that write-back; Chronicle's {@code msync}
 * logs it and goes on. This thread holds every file the writer writes open ({@link WriteBackWatches}) and asks once a
 * second whether a write-back of it failed; a write-behind step that fails with such an error says so too. The first
 * failure is {@link MaintenanceFaults#writeBackFailure()} ({@link JournalMaintenance#writeBackFailure()}), and the
 * writer fails at its next block with it (its data may not be on the device, so the journal can no longer promise a
 * replay of the run). Under {@link FsyncPolicy#NONE} what the kernel writes back after the writer closed goes
 * unwatched.
 * <p>
 * Failure otherwise: a range write-back that fails for another reason is reported to {@link MaintenanceFaults} and the
 * file is written back through its mapping from then on; a failed drop costs only the cache's memory (counted,
 * reported, write-behind goes on). Maintenance thread only (the watches also take the writer's thread's retention
 * after close, see {@link WriteBackWatches}); the figures for tests are read from other threads without ordering.
 */
final class WriteBehind
{
    /** Least time between a range's write-back and its drop from the page cache, see {@link #dropWrittenEarlier}. */
    static final long DROP_LAG_NANOS = 100_000_000L;

    /**
     * Ranges are dropped up to a multiple of this: the largest page-cache folio, a 2 MiB huge page (x86-64, and arm64
     * with 4 KiB pages), see {@link #dropWrittenEarlier}.
     */
    static final long DROP_ALIGNMENT = 2L << 20;

    /**
     * Opens a cycle file for range write-back. Tests replace it with one whose calls fail, to drive the fallback to
     * {@code msync}; nothing else changes it.
     */
    static volatile Function<Path, FileRangeSync> rangeSyncOpener = FileRangeSync::open;

    /**
     * Opens a cycle file to watch its write-back ({@link WriteBackWatches}). Tests replace it with one whose calls
     * report a failed write-back; nothing else changes it.
     */
    static volatile Function<Path, FileRangeSync> watchOpener = FileRangeSync::open;

    private final long writeBehindBytes;
    private final boolean dropWrittenPages;
    private final ChunkMappings mappings;
    private final WriterRate rate;
    private final MaintenanceFaults faults;
    private final WriteBackWatches watches = new WriteBackWatches(path -> watchOpener.apply(path));
    private FileRangeSync rangeSync;
    private long syncedUpTo;
    private long bytesWrittenBehind;
    private long bytesWrittenBehindUnmapped;
    private long rangeSyncFailures;
    private long bytesDropped;
    private long droppedUpTo;
    private long syncedAtDropCheck;
    private long dropCheckNanos;
    private long dropFailures;

    /**
     * @param config   the journal's configuration: step size, fsync policy (none under {@link FsyncPolicy#PER_BLOCK})
     *                 and whether written pages are dropped.
     * @param mappings the chunk stores written back through their mapping.
     * @param rate     the writer's rate: pages are dropped only while it is fast.
     * @param faults   where problems and failed write-backs go.
     */
    WriteBehind(
        final JournalConfig config, final ChunkMappings mappings, final WriterRate rate, final MaintenanceFaults faults)
    {
        this.writeBehindBytes = config.fsyncPolicy() == FsyncPolicy.PER_BLOCK ? 0 : config.writeBehindBytes();
        this.dropWrittenPages = config.dropWrittenPages();
        this.mappings = mappings;
        this.rate = rate;
        this.faults = faults;
    }

    /**
     * @return true if this thread writes back what the writer wrote (not with {@link FsyncPolicy#PER_BLOCK}).
     */
    boolean enabled()
    {
        return writeBehindBytes > 0;
    }

    /**
     * @return the watches of the writer's files, which retention tells of the files it deletes.
     */
    WriteBackWatches watches()
    {
        return watches;
    }

    /**
     * Watch the file the writer writes now, from now on.
     *
     * @param path the file, or null.
     */
    void watch(final Path path)
    {
        watches.writing(path, System.nanoTime());
    }

    /**
     * The writer moved to another file, after {@link #closeRangeSync()} and {@link #watch(Path)}: nothing of it is
     * written back yet; it is opened for range write-back.
     *
     * @param path the file, or null.
     */
    void startFile(final Path path)
    {
        syncedUpTo = 0;
        syncedAtDropCheck = 0;
        droppedUpTo = 0;
        if (writeBehindBytes > 0 && null != path)
        {
            rangeSync = rangeSyncOpener.apply(path);
        }
    }

    /**
     * Ask the watched files whether a write-back failed, if a check is due.
     */
    void checkWatchesIfDue()
    {
        if (watches.checkIfDue(System.nanoTime()))
        {
            noteWatches();
        }
    }

    /**
     * The thread stops: close the watches, after a last check.
     */
    void closeWatches()
    {
        watches.close();
        noteWatches();
    }

    private void noteWatches()
    {
        final IOException failure = watches.failure();
        if (null != failure && null == faults.writeBackFailure())
        {
            faults.writeBackFailed(failure);
        }
        final IOException unwatched = watches.unwatched();
        if (null != unwatched && null == faults.lastError())
        {
            faults.error(unwatched);
        }
    }

    /**
     * @return cycle files watched for a failed write-back now (for tests).
     */
    int watchedFiles()
    {
        return watches.size();
    }

    /**
     * Close the file opened for range write-back, if any.
     */
    void closeRangeSync()
    {
        if (null != rangeSync)
        {
            rangeSync.close();
            rangeSync = null;
        }
    }

    /**
     * Write back what the writer wrote, {@link #writeBehindBytes} at a time, instead of letting the kernel's flusher
     * take all the file's dirty pages at once when they turn 30 s old. Chunks nobody maps any more (every chunk two or
     * more below the writer's, see {@link PagePreparer#prepare(MappedFile, long)}, except chunk 0, which Chronicle
     * keeps mapped for the file's header) go through
     * {@link FileRangeSync}: no page-table entry to clean, so no TLB-shootdown interrupt per page on the shard
     * threads. Chunk 0, and everything where that is unavailable, go through {@code msync(MS_SYNC)} of the mapping.
     *
     * @param mappedFile the writer's mapping of its current file.
     * @param path       the file's path, for messages.
     * @param position   the writer's position in it.
     * @return 1 if a step was taken, 0 if none is due or it failed.
     */
    int step(final MappedFile mappedFile, final Path path, final long position)
    {
        final long chunkSize = mappedFile.chunkSize();
        if (null != rangeSync && syncedUpTo >= chunkSize)
        {
            return rangeStep(path, position, chunkSize);
        }
        // through the mapping: up to the write position, or with range sync available only the rest of chunk 0
        final long end = null == rangeSync ? position : Math.min(position, chunkSize);
        final boolean chunkZeroLeft = end == chunkSize && end > syncedUpTo;
        if (end - syncedUpTo < writeBehindBytes && !chunkZeroLeft)
        {
            return 0;
        }
        for (long chunk = syncedUpTo / chunkSize, last = (end - 1) / chunkSize; chunk <= last; chunk++)
        {
            final MappedBytesStore store = mappings.store(mappedFile, chunk);
            if (null == store)
            {
                return 0;
            }
            store.syncUpTo(Math.min(end, (chunk + 1) * chunkSize), SyncMode.SYNC);
        }
        bytesWrittenBehind += end - syncedUpTo;
        syncedUpTo = end;
        return 1;
    }

    /**
     * A step through {@link FileRangeSync}, past chunk 0.
     */
    private int rangeStep(final Path path, final long position, final long chunkSize)
    {
        // only below the chunk before the writer's (held, so mapped, until the writer is a chunk further on); a
        // chunk becomes eligible each time the writer enters a new one, so the disk sees an even stream
        final long stepEnd = syncedUpTo + writeBehindBytes;
        if (stepEnd > (position / chunkSize - 1) * chunkSize)
        {
            return 0;
        }
        if (!rangeSync.sync(syncedUpTo, writeBehindBytes))
        {
            final int errno = rangeSync.lastErrno();
            if (FileRangeSync.isWriteBackError(errno))
            {
                if (null == faults.writeBackFailure()) // not a problem worked around: the writer fails with it
                {
                    faults.writeBackFailed(new IOException("write-back of " + writeBehindBytes + " bytes at " +
                        syncedUpTo + " of " + path + " to its device failed: " +
                        FileRangeSync.errnoName(errno) + "; they may not be on the device"));
                }
            }
            else
            {
                faults.error(new IOException("sync_file_range of " + writeBehindBytes + " bytes at " +
                    syncedUpTo + " of " + path + " failed (" + FileRangeSync.errnoName(errno) +
                    "); writing back through the mapping from now on"));
            }
            rangeSyncFailures++;
            rangeSync.close();
            rangeSync = null;
            return 0;
        }
        syncedUpTo += writeBehindBytes;
        bytesWrittenBehind += writeBehindBytes;
        bytesWrittenBehindUnmapped += writeBehindBytes;
        return 1;
    }

    /**
     * Every {@link #DROP_LAG_NANOS}, drop what write-behind had written back through the file by the previous check:
     * Chronicle unmaps a released chunk on a background thread, and the kernel keeps a page that is still mapped, so
     * a range is dropped 0.1-0.2 s after its write-back, not at once. Chunk 0 stays mapped and is never dropped.
     * Nothing without {@link JournalConfig#dropWrittenPages()} or range write-back.
     * <p>
     * A range ends at a multiple of {@link #DROP_ALIGNMENT}, the rest waiting for the next check. Pages prepared
     * through a {@code MADV_HUGEPAGE} mapping ({@link ChunkMappings}) are cached in 2 MiB folios where the kernel can,
     * and {@code POSIX_FADV_DONTNEED} leaves alone a folio the range covers only in part: a folio across the end of a
     * range was never dropped (the next range began inside it), though {@link #bytesDropped()} counted it. With the
     * default 4 MiB chunks and steps every range ends on such a boundary anyway; with 1 MiB chunks and 256 KiB steps
     * the folio of 2-4 MiB stayed cached whenever a drop ended at 3 MiB (a writer slow to get going, as on a loaded
     * machine, or one that paused in chunk 4).
     * <p>
     * Only while the writer is fast. While it is slow (a paced feed) the range is passed over and left to the kernel,
     * which reclaims clean unmapped pages when it needs memory. On the test machine the process's parked threads woke
     * 0.5 ms or more late around the drops far more often than chance (a host effect of the VM, not the drop's own
     * 0.5-0.9 ms of CPU; bench/results/pipeline/session-12/sched-stalls/), and the page recycling the drop is for
     * matters only to a writer that needs pages faster than the kernel frees them.
     *
     * @param mappedFile the writer's mapping of its current file.
     * @param path       the file's path, for messages.
     */
    void dropWrittenEarlier(final MappedFile mappedFile, final Path path)
    {
        if (!dropWrittenPages || null == rangeSync)
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - dropCheckNanos < DROP_LAG_NANOS)
        {
            return;
        }
        dropCheckNanos = now;
        final long from = Math.max(droppedUpTo, mappedFile.chunkSize());
        final long to = syncedAtDropCheck - syncedAtDropCheck % DROP_ALIGNMENT;
        if (from < to)
        {
            if (!rate.writerSlow())
            {
                dropWritten(path, from, to - from);
            }
            droppedUpTo = to; // passed over: never dropped later in one large call
        }
        syncedAtDropCheck = syncedUpTo;
    }

    /**
     * Drop a range that is on the device, and unmapped, from the page cache. A failure costs only the cache's
     * memory, so it is counted and reported, and write-behind goes on.
     */
    private void dropWritten(final Path path, final long offset, final long length)
    {
        if (rangeSync.drop(offset, length))
        {
            bytesDropped += length;
        }
        else
        {
            dropFailures++;
            faults.error(new IOException("posix_fadvise(DONTNEED) of " + length + " bytes at " + offset + " of " +
                path + " failed; the written pages stay in the page cache"));
        }
    }

    /**
     * @return bytes written back and then dropped from the page cache so far (for tests and figures).
     */
    long bytesDropped()
    {
        return bytesDropped;
    }

    /**
     * @return drops from the page cache that failed.
     */
    long dropFailures()
    {
        return dropFailures;
    }

    /**
     * @return bytes written back by {@link #step(MappedFile, Path, long)} so far (for tests and figures).
     */
    long bytesWrittenBehind()
    {
        return bytesWrittenBehind;
    }

    /**
     * @return of {@link #bytesWrittenBehind()}, the bytes written back after Chronicle unmapped them, through
     * {@link FileRangeSync} (for tests and figures).
     */
    long bytesWrittenBehindUnmapped()
    {
        return bytesWrittenBehindUnmapped;
    }

    /**
     * @return range write-backs that failed (write-back then falls back to {@code msync} for the file).
     */
    long rangeSyncFailures()
    {
        return rangeSyncFailures;
    }
}
