/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.queue.impl.StoreFileListener;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Background thread of one {@link JournalWriter}: pre-faults the pages of the current cycle file ahead of the
 * write position and deletes old cycle files per retention. Daemon, named {@code journal-maint-<dir>}, started and
 * stopped by the writer. Between rounds it parks from {@link JournalConfig#pretouchIntervalNanos()} up to
 * {@link WriterRate#MAX_PAUSE_NANOS}, as long as the writer needs for half the pages prepared ahead of it.
 * <p>
 * This class is the thread and its round ({@link #doWork()}); the jobs, with the measurements behind each design
 * choice, are in the classes that do them:
 * <ul>
 *   <li>{@link JournalFreeSpace}: a sample of the file system's usable bytes each round, less what the writers wrote
 *   since, for the writer's free-space floor; pages are prepared only while the sample leaves room for them.</li>
 *   <li>{@link PagePreparer}: pre-faulting the pages ahead of the writer ({@code MADV_POPULATE_*}), writable near it,
 *   read further on; in short yielding steps while the writer is slow.</li>
 *   <li>{@link ChunkMappings}: the chunk mappings this thread holds, advised {@code MADV_RANDOM} (no read-ahead) and,
 *   while the writer is fast, {@code MADV_HUGEPAGE}.</li>
 *   <li>{@link WriteBehind}: writing back what the writer wrote a step at a time, dropping it from the page cache, and
 *   watching for a failed write-back, which the writer then fails with.</li>
 *   <li>{@link CycleRetention}: deleting the oldest cycle files beyond the retention limits.</li>
 *   <li>{@link WriterRate}: whether the writer is slow, and the pause before the next round.</li>
 * </ul>
 * A round samples the free space, takes up a file the writer moved to, checks the watches if due (before the steps
 * that can fail, so a failure seen does not wait for them), prepares pages, drops written pages, takes up to 16
 * write-behind steps, preparing the pages ahead again after each (a step waits for the disk, see {@link WriteBehind}),
 * and applies retention when Chronicle released a file or the writer moved to another since the last pass. What goes
 * wrong is kept in {@link MaintenanceFaults}: a round that throws (also the {@code InternalError} the JVM raises for a
 * {@code SIGBUS} on a full disk) is recorded and the next round runs after the longest pause (before 2026-12-07 it ran
 * at once, and a failure that recurred each round had this thread spin on a core until the journal closed).
 * <p>
 * Threading: {@link #writePosition(long)} and {@link #currentFile(MappedFile, Path, long)} are called by the writer
 * thread only; {@link #onReleased(int, File)} by any Chronicle thread; the rest runs on this thread, except
 * {@link #applyRetention(Path)} which the writer also calls after {@link #close()}. The two retention passes never
 * overlap, also when this thread outlives {@link #close()}'s wait (a round held up by a file system that does not
 * answer): {@link #close()} waits for a pass this thread is in, and this thread starts none after it.
 */
final class JournalMaintenance implements StoreFileListener, Runnable
{
    private static final VarHandle WRITE_POSITION;
    private static final VarHandle CURRENT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            WRITE_POSITION = lookup.findVarHandle(JournalMaintenance.class, "writePosition", long.class);
            CURRENT = lookup.findVarHandle(JournalMaintenance.class, "current", Current.class);
        }
        catch (final ReflectiveOperationException ex)
        {
            throw new ExceptionInInitializerError(ex);
        }
    }

    /** File the writer writes, published as one object so the mapped file and its path stay consistent. */
    private static final class Current
    {
        final MappedFile mappedFile;
        final Path path;

        Current(final MappedFile mappedFile, final Path path)
        {
            this.mappedFile = mappedFile;
            this.path = path;
        }
    }

    /** How long {@link #close()} waits for the thread to stop. */
    static final long CLOSE_WAIT_MILLIS = TimeUnit.SECONDS.toMillis(5);

    private final AtomicInteger releasedFiles = new AtomicInteger();
    private final long closeWaitMillis;
    private final Thread thread;
    private final MaintenanceFaults faults = new MaintenanceFaults();
    private final JournalFreeSpace freeSpace;
    private final WriterRate rate;
    private final ChunkMappings mappings;
    private final PagePreparer preparer;
    private final WriteBehind writeBehind;
    private final CycleRetention retention;

    @SuppressWarnings("unused")
    private volatile long writePosition;
    @SuppressWarnings("unused")
    private volatile Current current;
    private volatile boolean running = true;

    private Current touching;
    private int retentionSeen;
    private Current retainedFor;
    /** Guards {@link #retentionClosed} and this thread's retention passes. */
    private final Object retentionLock = new Object();
    /** Set by {@link #close()}: this thread deletes no file after it. */
    private boolean retentionClosed;

    /**
     * Writer thread: the thread, not yet started, and the jobs it runs, each configured from {@code config}.
     *
     * @param config the journal's configuration.
     */
    JournalMaintenance(final JournalConfig config)
    {
        this(config, CLOSE_WAIT_MILLIS);
    }

    /**
     * Writer thread (tests: a shorter wait in {@link #close()}).
     *
     * @param config          the journal's configuration.
     * @param closeWaitMillis how long {@link #close()} waits for the thread to stop.
     */
    JournalMaintenance(final JournalConfig config, final long closeWaitMillis)
    {
        this.closeWaitMillis = closeWaitMillis;
        freeSpace = new JournalFreeSpace(config, faults);
        rate = new WriterRate(config.pretouchIntervalNanos());
        mappings = new ChunkMappings(config.hugePages(), rate, faults);
        preparer = new PagePreparer(config, mappings, rate, faults, this::running);
        writeBehind = new WriteBehind(config, mappings, rate, faults);
        retention = new CycleRetention(config, writeBehind.watches(), faults);
        thread = new Thread(this, "journal-maint-" + config.directory().getFileName());
        thread.setDaemon(true);
    }

    /**
     * Writer thread, before its first block: find the file system and take the first free-space sample (see
     * {@link JournalFreeSpace#start()}), then start the thread.
     */
    void start()
    {
        freeSpace.start(); // shares the writes before the writer's first block, on its thread
        thread.start(); // publishes writes to this thread
    }

    /**
     * Count the writer's bytes with every other writer's on the same file system (or the same configured usable-space
     * supplier): {@link #start()} does it, tests without a thread too. See {@link JournalFreeSpace#shareWrites()}.
     */
    void shareWrites()
    {
        freeSpace.shareWrites();
    }

    /**
     * Writer thread: usable bytes of the journal's file system now, as far as this writer can tell, see
     * {@link JournalFreeSpace#usableBytes()}.
     *
     * @return usable bytes, {@code Long.MAX_VALUE} if unknown.
     */
    long usableBytes()
    {
        return freeSpace.usableBytes();
    }

    /**
     * @return cycle files watched for a failed write-back now (for tests).
     */
    int watchedFiles()
    {
        return writeBehind.watchedFiles();
    }

    /**
     * @return the count of bytes written to this writer's file system (for tests).
     */
    FileSystemWrites writes()
    {
        return freeSpace.writes();
    }

    /**
     * Writer thread: bytes the writer has just written (a block, with the header block of a new file), for every
     * writer's {@link #usableBytes()}.
     *
     * @param bytes bytes written.
     */
    void wrote(final long bytes)
    {
        freeSpace.wrote(bytes);
    }

    /**
     * This thread, and {@link #start()} before it: sample the usable bytes of the journal's file system (tests call it
     * directly), see {@link JournalFreeSpace#checkSpace()}.
     */
    void checkSpace()
    {
        freeSpace.checkSpace();
    }

    /**
     * Writer thread: the end of the last written document in the current cycle file.
     *
     * @param position byte offset in the current cycle file.
     */
    void writePosition(final long position)
    {
        // pairs with getAcquire in writePosition(), read by pretouch(), writeBehind() and nextPause()
        WRITE_POSITION.setRelease(this, position);
    }

    /**
     * Writer thread: the writer moved to another cycle file, and wrote up to {@code position} in it. The position is
     * published before the file: this thread, reading the file and then the position, never pairs the new file with
     * a position in the old one. It did when the two were separate calls, and prepared the new file only from where
     * the old one ended (the writer took every page fault of the cycle before it got there) and wrote back its
     * unwritten pages up to there.
     *
     * @param mappedFile the writer's mapping of it, or null.
     * @param path       its path, or null.
     * @param position   the end of the last written document in it.
     */
    void currentFile(final MappedFile mappedFile, final Path path, final long position)
    {
        writePosition(position); // a round still on the old file with it prepares and writes back nothing more
        CURRENT.setRelease(this, new Current(mappedFile, path)); // pairs with getAcquire in doWork()/run()
        LockSupport.unpark(thread); // a new file has nothing prepared: end a long pause now (once per cycle file)
    }

    @Override
    public void onReleased(final int cycle, final File file)
    {
        releasedFiles.incrementAndGet();
        LockSupport.unpark(thread);
    }

    /**
     * @return true while pages are faulted in with {@code madvise(MADV_POPULATE_*)}, false once the kernel refused it
     * (or tests turned it off) and they are touched one at a time (for tests).
     */
    boolean populating()
    {
        return preparer.populating();
    }

    /**
     * @return the file offset up to which pages have been made writable (for tests).
     */
    long writableUpTo()
    {
        return preparer.writableUpTo();
    }

    /**
     * @return the file offset up to which pages have been read-touched (for tests).
     */
    long touchedUpTo()
    {
        return preparer.touchedUpTo();
    }

    /**
     * @return the writer's last reported position in the current file.
     */
    long writePosition()
    {
        return (long)WRITE_POSITION.getAcquire(this); // pairs with setRelease in writePosition(long)
    }

    /**
     * @return true while the writer counts as slow and ranges are populated in yielding steps (for tests).
     */
    boolean writerSlow()
    {
        return rate.writerSlow();
    }

    /**
     * @return pages touched so far (for tests and figures).
     */
    long pagesTouched()
    {
        return preparer.pagesTouched();
    }

    /**
     * @return times the pages made writable ahead of the writer were made writable again (for tests).
     */
    long refreshes()
    {
        return preparer.refreshes();
    }

    /**
     * @return chunk mappings advised {@code MADV_RANDOM} so far (for tests and figures).
     */
    long chunksAdvised()
    {
        return mappings.chunksAdvised();
    }

    /**
     * @return true if the kernel refused {@code MADV_HUGEPAGE} (no transparent huge pages, or not Linux): the journal
     *         then keeps 4 KiB pages.
     */
    boolean hugePagesRefused()
    {
        return mappings.hugePagesRefused();
    }

    /**
     * @return chunk mappings whose advice failed (read-ahead stays on for them).
     */
    long adviceFailures()
    {
        return mappings.adviceFailures();
    }

    /**
     * @return the last error of the background thread, or null.
     */
    Throwable lastError()
    {
        return faults.lastError();
    }

    /**
     * @return false once {@link #close()} was called: a range being prepared ends at the next chunk.
     */
    private boolean running()
    {
        return running;
    }

    @Override
    public void run()
    {
        while (running)
        {
            // after a round that threw, the longest pause: a failure that recurs each round (a file the round cannot
            // take up, a full disk's fault) must not have this thread spin on a core the shards need
            long pause = rate.longestPauseNanos();
            try
            {
                doWork();
                pause = nextPause();
            }
            catch (final Throwable ex)
            {
                // includes the InternalError the JVM raises (possibly late) for a SIGBUS on a full disk
                faults.error(ex);
            }
            pause(pause);
        }
        try
        {
            mappings.releaseAll();
            writeBehind.closeRangeSync();
            final Current current = (Current)CURRENT.getAcquire(this); // pairs with setRelease in currentFile()
            if (current != touching) // a file the writer moved to after this thread's last round: asked too
            {
                writeBehind.watch(null == current ? null : current.path);
            }
            writeBehind.closeWatches();
        }
        catch (final RuntimeException ex)
        {
            faults.error(ex);
        }
    }

    /**
     * Park until the next round, or until {@link #close()} or a new file ends the pause.
     */
    private void pause(final long nanos)
    {
        try
        {
            LockSupport.parkNanos(this, nanos);
        }
        catch (final Throwable ex)
        {
            faults.error(ex); // the InternalError of a SIGBUS in the round, raised late, here
        }
    }

    /**
     * Writer thread: the first failed write-back of any of this writer's files seen by this thread (the kernel's own
     * write-back, a write-behind step or {@code msync}), or null. The data that failed may not be on the device, and
     * the writer fails at its next block.
     *
     * @return the failure, naming the file and the error, or null.
     */
    IOException writeBackFailure()
    {
        return faults.writeBackFailure();
    }

    /**
     * The pause before the next round, see {@link WriterRate#endRound(long, long, long)}.
     */
    private long nextPause()
    {
        final long now = System.nanoTime();
        final long position = writePosition();
        return rate.endRound(now, position, preparer.preparedUpTo() - position);
    }

    /**
     * @return the pause after the last round (for tests).
     */
    long lastPauseNanos()
    {
        return rate.lastPauseNanos();
    }

    /**
     * @return rounds run so far (for tests).
     */
    long rounds()
    {
        return rate.rounds();
    }

    /**
     * One round (see the class comment): this thread, or a test stepping it without the thread.
     *
     * @return work done: pages prepared, write-behind steps taken, files deleted.
     */
    int doWork()
    {
        int work = 0;
        freeSpace.checkSpace();
        final Current current = (Current)CURRENT.getAcquire(this); // pairs with setRelease in currentFile()
        if (current != touching)
        {
            takeUp(current);
        }
        // before the steps that can fail (a pre-fault on a full disk, a write-back): a failure seen must not
        // wait for them
        writeBehind.checkWatchesIfDue();
        if (pretouchAllowed())
        {
            work += pretouch(current);
        }
        if (writeBehind.enabled())
        {
            if (null != current && null != current.mappedFile)
            {
                writeBehind.dropWrittenEarlier(current.mappedFile, current.path);
            }
            // several steps if the writer wrote several since the last round (rounds are up to 20 ms apart); a step
            // waits for the disk, so the pages ahead are prepared again after each (see WriteBehind)
            for (int step = 0; step < 16 && writeBehindStep(current) > 0; step++)
            {
                work++;
                if (pretouchAllowed())
                {
                    work += pretouch(current);
                }
            }
        }
        final int released = releasedFiles.get();
        if (released != retentionSeen || current != retainedFor) // see CycleRetention
        {
            retentionSeen = released;
            retainedFor = current;
            work += retainOnThisThread(null == current ? null : current.path);
        }
        return work;
    }

    /**
     * This thread's retention pass, unless {@link #close()} has been called: the writer's own pass after it is then
     * the last, and this thread, if it outlived close()'s wait, must not delete files beside the writer (which forces
     * them with {@link FsyncPolicy#ON_CLOSE} and then applies retention itself).
     */
    private int retainOnThisThread(final Path current)
    {
        synchronized (retentionLock)
        {
            return retentionClosed ? 0 : retention.applyRetention(current);
        }
    }

    /**
     * The writer moved to another file since the last round: let go of the last one, watch the new one, nothing of it
     * prepared or written back yet.
     */
    private void takeUp(final Current current)
    {
        final Path path = null == current ? null : current.path;
        mappings.releaseAll();
        writeBehind.closeRangeSync();
        writeBehind.watch(path);
        touching = current;
        preparer.startFile();
        writeBehind.startFile(path);
    }

    /**
     * @return true if pages may be prepared ahead: pre-touching is on and the file system has room for them.
     */
    private boolean pretouchAllowed()
    {
        return preparer.aheadBytes() > 0 && freeSpace.hasRoomFor(preparer.aheadBytes());
    }

    /**
     * @return pages prepared ahead of the writer in {@code current}, read at the writer's position now.
     */
    private int pretouch(final Current current)
    {
        if (null == current || null == current.mappedFile)
        {
            return 0;
        }
        return preparer.prepare(current.mappedFile, writePosition());
    }

    /**
     * @return 1 if a write-behind step of {@code current} was taken, up to the writer's position now.
     */
    private int writeBehindStep(final Current current)
    {
        if (null == current || null == current.mappedFile)
        {
            return 0;
        }
        return writeBehind.step(current.mappedFile, current.path, writePosition());
    }

    /**
     * @return bytes written back and then dropped from the page cache so far (for tests and figures).
     */
    long bytesDropped()
    {
        return writeBehind.bytesDropped();
    }

    /**
     * @return drops from the page cache that failed.
     */
    long dropFailures()
    {
        return writeBehind.dropFailures();
    }

    /**
     * @return bytes written back by write-behind so far (for tests and figures).
     */
    long bytesWrittenBehind()
    {
        return writeBehind.bytesWrittenBehind();
    }

    /**
     * @return of {@link #bytesWrittenBehind()}, the bytes written back after Chronicle unmapped them, through
     * {@link FileRangeSync} (for tests and figures).
     */
    long bytesWrittenBehindUnmapped()
    {
        return writeBehind.bytesWrittenBehindUnmapped();
    }

    /**
     * @return range write-backs that failed (write-back then falls back to {@code msync} for the file).
     */
    long rangeSyncFailures()
    {
        return writeBehind.rangeSyncFailures();
    }

    /**
     * Delete the oldest cycle files beyond the retention limits, never {@code current} nor anything newer, see
     * {@link CycleRetention#applyRetention(Path)}.
     *
     * @param current the writer's current file, or null after the writer closed (then the newest file is kept).
     * @return files deleted.
     */
    int applyRetention(final Path current)
    {
        return retention.applyRetention(current);
    }

    /**
     * @param file a cycle file of the journal.
     * @return true if retention deleted it. Any thread.
     */
    boolean deletedByRetention(final Path file)
    {
        return retention.deleted(file);
    }

    /**
     * @param millis longest wait.
     * @return true once the thread has ended (for tests).
     * @throws InterruptedException if interrupted while waiting.
     */
    boolean awaitStopped(final long millis) throws InterruptedException
    {
        thread.join(millis);
        return !thread.isAlive();
    }

    /**
     * Stop the thread and wait for it (at most 5 s), also when the caller's interrupt flag is set (a shard thread whose
     * runner interrupted a slow handler as the engine stopped): the flag is cleared for the wait and set again after.
     * A thread still in a round after the wait (recorded in {@link #lastError()}) deletes no file from then on: this
     * waits further for a retention pass it is in, and the writer's pass after this call is the last.
     */
    void close()
    {
        running = false;
        LockSupport.unpark(thread);
        final boolean interrupted = Thread.interrupted();
        try
        {
            thread.join(closeWaitMillis);
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            synchronized (retentionLock)
            {
                retentionClosed = true;
            }
            if (thread.isAlive())
            {
                faults.error(new IllegalStateException(thread.getName() + " did not stop within " + closeWaitMillis +
                    " ms of the journal's close: its round goes on beside the writer's close, deleting no file"));
            }
            freeSpace.release(); // a second close releases nothing
            if (interrupted)
            {
                Thread.currentThread().interrupt();
            }
        }
    }
}
