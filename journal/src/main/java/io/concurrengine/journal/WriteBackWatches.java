/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * The cycle files one writer wrote, each held open so that a failed write-back of any of them is seen
 * ({@link FileRangeSync#checkWriteBack()}, which neither starts nor waits for any), whichever thread or kernel flusher
 * wrote it back.
 * <p>
 * Why hold them open: the kernel reports a write-back error once to each descriptor that was open on the file when it
 * happened, and to a descriptor opened later only if no one has seen the error yet. Chronicle's mapping and the
 * write-behind's descriptor may see it first (and Chronicle only logs it), so a descriptor opened only to check would
 * miss it. The writer's current file is watched from the block it first writes there; a finished file stays watched
 * for {@link #KEEP_FINISHED_NANOS} (four times the kernel's default 30 s expiry of dirty pages), until retention
 * deletes it, or until {@link #MAX_WATCHES} newer files are watched, whichever comes first.
 * <p>
 * Used by the maintenance thread, and by the writer's thread after it (retention after close), or beside it if that
 * thread did not stop within the writer's wait: synchronized, and no call made under the lock blocks.
 */
final class WriteBackWatches
{
    /** How often the files are asked. */
    static final long CHECK_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(1);
    /** How long a finished file stays watched. */
    static final long KEEP_FINISHED_NANOS = TimeUnit.MINUTES.toNanos(2);
    /** Most files watched at once. */
    static final int MAX_WATCHES = 64;

    private static final class Watch
    {
        final Path path;
        final FileRangeSync sync;
        long finishedNanos = Long.MAX_VALUE;

        Watch(final Path path, final FileRangeSync sync)
        {
            this.path = path;
            this.sync = sync;
        }
    }

    private final Function<Path, FileRangeSync> opener;
    private final ArrayDeque<Watch> watches = new ArrayDeque<>();
    private long lastCheckNanos;
    private boolean checked;
    private IOException failure;
    private IOException unwatched;

    /**
     * @param opener opens a file for {@link FileRangeSync#checkWriteBack()}; returns null where it cannot.
     */
    WriteBackWatches(final Function<Path, FileRangeSync> opener)
    {
        this.opener = opener;
    }

    /**
     * The writer moved to another file: the previous one is finished.
     *
     * @param path      the file, or null if unknown.
     * @param nowNanos  {@link System#nanoTime()}.
     */
    synchronized void writing(final Path path, final long nowNanos)
    {
        final Watch last = watches.peekLast();
        if (null != last && Long.MAX_VALUE == last.finishedNanos)
        {
            if (last.path.equals(path))
            {
                return;
            }
            last.finishedNanos = nowNanos;
        }
        if (null == path)
        {
            return;
        }
        final FileRangeSync sync = opener.apply(path);
        if (null == sync)
        {
            if (FileRangeSync.isAvailable()) // elsewhere (not Linux) there is nothing to ask with, and no news in that
            {
                unwatched = new IOException("cannot watch write-back of " + path + ": it cannot be opened; a failed " +
                    "write-back of it goes unreported");
            }
            return;
        }
        watches.addLast(new Watch(path, sync));
        while (watches.size() > MAX_WATCHES)
        {
            final Watch oldest = watches.peekFirst();
            ask(oldest);
            retire(oldest);
        }
    }

    /**
     * Ask every watched file whether a write-back failed, if {@link #CHECK_INTERVAL_NANOS} has passed since the last
     * ask; stop watching finished files past {@link #KEEP_FINISHED_NANOS}.
     *
     * @param nowNanos {@link System#nanoTime()}.
     * @return true if it asked.
     */
    synchronized boolean checkIfDue(final long nowNanos)
    {
        if (checked && nowNanos - lastCheckNanos < CHECK_INTERVAL_NANOS)
        {
            return false;
        }
        checked = true;
        lastCheckNanos = nowNanos;
        for (final Iterator<Watch> it = watches.iterator(); it.hasNext(); )
        {
            final Watch watch = it.next();
            final boolean usable = ask(watch);
            if (!usable ||
                (Long.MAX_VALUE != watch.finishedNanos && nowNanos - watch.finishedNanos >= KEEP_FINISHED_NANOS))
            {
                watch.sync.close();
                it.remove();
            }
        }
        return true;
    }

    /**
     * Retention deleted a file: nothing of it is left to write back.
     *
     * @param path the file.
     */
    synchronized void deleted(final Path path)
    {
        for (final Iterator<Watch> it = watches.iterator(); it.hasNext(); )
        {
            final Watch watch = it.next();
            if (watch.path.equals(path))
            {
                watch.sync.close();
                it.remove();
            }
        }
    }

    /**
     * Ask every file once more and stop watching them.
     */
    synchronized void close()
    {
        for (final Watch watch : watches)
        {
            ask(watch);
            watch.sync.close();
        }
        watches.clear();
    }

    /**
     * @return the first failed write-back seen, or null.
     */
    synchronized IOException failure()
    {
        return failure;
    }

    /**
     * @return why a file went unwatched (cannot be opened, or the call is unavailable), or null.
     */
    synchronized IOException unwatched()
    {
        return unwatched;
    }

    /**
     * @return files watched now (for tests).
     */
    synchronized int size()
    {
        return watches.size();
    }

    /**
     * @return false if the file can no longer be asked.
     */
    private boolean ask(final Watch watch)
    {
        if (watch.sync.checkWriteBack())
        {
            return true;
        }
        final int errno = watch.sync.lastErrno();
        if (FileRangeSync.isWriteBackError(errno))
        {
            if (null == failure)
            {
                failure = new IOException("write-back of " + watch.path + " to its device failed: " +
                    FileRangeSync.errnoName(errno) + "; what was written to it since the last successful " +
                    "write-back may not be on the device");
            }
            return true; // each error is reported once: later ones are told apart by asking again
        }
        unwatched = new IOException("cannot watch write-back of " + watch.path + ": sync_file_range failed with " +
            FileRangeSync.errnoName(errno) + "; a failed write-back of it goes unreported");
        return false;
    }

    private void retire(final Watch watch)
    {
        watch.sync.close();
        watches.remove(watch);
    }
}
