/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.io.IOException;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.util.function.LongSupplier;

/**
 * Free-space accounting of one journal writer: a sample of the usable bytes of the journal's file system, taken by the
 * maintenance thread each round ({@link #checkSpace()}), less what this process's journal writers on that file system
 * have written since ({@link FileSystemWrites}), which the writer reports block by block ({@link #wrote(long)}). The
 * writer checks {@link #usableBytes()} against {@link JournalConfig#minFreeBytes()} before each block, and the
 * maintenance thread prepares pages ahead only while the last sample leaves room for them ({@link #hasRoomFor(long)}).
 * <p>
 * Threading: {@link #start()} and {@link #release()} on the writer's thread, before the maintenance thread starts and
 * after it stopped; {@link #wrote(long)} and {@link #usableBytes()} on the writer's thread; {@link #checkSpace()} on
 * the maintenance thread. A sample and the bytes written before it are published together as one object (one volatile
 * write, one volatile read), so a writer never pairs a sample with the bytes of another.
 * <p>
 * Failure: a file system (or configured supplier) that cannot say leaves the last figure standing, {@code
 * Long.MAX_VALUE} (unknown) until a first sample; the problem goes to {@link MaintenanceFaults#error(Throwable)}.
 * Nothing is sampled without a {@link JournalConfig#minFreeBytes()} floor.
 */
final class JournalFreeSpace
{
    /**
     * One sample of the usable bytes of the journal's file system, with the writer's bytes written before it was
     * taken: published as one object, so that the writer never pairs a sample with the bytes of another (two fields
     * read one after the other could give a sample and the writer's bytes of the next, and the bytes written between
     * the two samples would count nowhere).
     */
    private record SpaceSample(long usableBytes, long writtenBytes)
    {
    }

    private static final SpaceSample SPACE_UNKNOWN = new SpaceSample(Long.MAX_VALUE, 0);

    private final JournalConfig config;
    private final MaintenanceFaults faults;
    private volatile SpaceSample space = SPACE_UNKNOWN;
    /** The writers' bytes on this file system: unshared until {@link #start()} finds the file system. */
    private FileSystemWrites writes = FileSystemWrites.unshared();
    private FileStore fileStore;

    /**
     * @param config the journal's configuration: its directory, {@link JournalConfig#minFreeBytes()} and
     *               {@link JournalConfig#usableSpace()}.
     * @param faults where problems go.
     */
    JournalFreeSpace(final JournalConfig config, final MaintenanceFaults faults)
    {
        this.config = config;
        this.faults = faults;
    }

    /**
     * Writer thread, before the maintenance thread starts: find the journal's file system, share its count of bytes
     * written ({@link #shareWrites()}) and take the first sample.
     */
    void start()
    {
        try
        {
            fileStore = Files.getFileStore(config.directory());
        }
        catch (final IOException ex)
        {
            faults.error(ex);
        }
        shareWrites(); // before the writer's first block, on its thread
        checkSpace();
    }

    /**
     * Count the writer's bytes with every other writer's on the same file system (or the same configured usable-space
     * supplier): {@link #start()} does it, tests without a thread too.
     */
    void shareWrites()
    {
        final Object spaceKey = null != config.usableSpace() ? config.usableSpace() : fileStore;
        if (null != spaceKey)
        {
            writes = FileSystemWrites.acquire(spaceKey);
        }
    }

    /**
     * Writer thread: usable bytes of the journal's file system now, as far as this writer can tell: the last sample
     * less what this process's journal writers on that file system ({@link FileSystemWrites}: every shard's) have
     * written since. A sample can be a round old, and a round waits for write-back steps, which on a slow disk take
     * tens of milliseconds each: at hundreds of MB/s that is tens of MB, the size of the reserve below the floor.
     * (Another process writing to the file system is seen only at the next sample.)
     *
     * @return usable bytes, {@code Long.MAX_VALUE} if unknown.
     */
    long usableBytes()
    {
        final SpaceSample sample = space; // one read: the usable bytes and the bytes written before they were sampled
        final long usable = sample.usableBytes();
        return Long.MAX_VALUE == usable ? usable : usable - Math.max(0, writes.get() - sample.writtenBytes());
    }

    /**
     * Maintenance thread: whether the last sample (not less what was written since) leaves {@code bytes} above the
     * {@link JournalConfig#minFreeBytes()} floor.
     *
     * @param bytes bytes about to be taken, such as the pages prepared ahead of the writer.
     * @return true if there is room for them, also when the usable bytes are unknown.
     */
    boolean hasRoomFor(final long bytes)
    {
        return space.usableBytes() > config.minFreeBytes() + bytes;
    }

    /**
     * @return the count of bytes written to this writer's file system (for tests).
     */
    FileSystemWrites writes()
    {
        return writes;
    }

    /**
     * Writer thread: bytes the writer has just written (a block, with the header block of a new file), for every
     * writer's {@link #usableBytes()}.
     *
     * @param bytes bytes written.
     */
    void wrote(final long bytes)
    {
        writes.add(bytes);
    }

    /**
     * Maintenance thread, and {@link #start()} before it: sample the usable bytes of the journal's file system, with
     * the writers' bytes written before the sample, for {@link #usableBytes()} (tests call it directly).
     */
    void checkSpace()
    {
        final LongSupplier usableSpace = config.usableSpace();
        // the bytes written before the sample: any written during it are counted again, not missed
        final long written = writes.get();
        if (null != usableSpace && config.minFreeBytes() > 0)
        {
            try
            {
                final long usable = usableSpace.getAsLong();
                space = new SpaceSample(usable, written);
            }
            catch (final RuntimeException ex)
            {
                faults.error(ex); // the last figure stands, as when the file system cannot say
            }
        }
        else if (null != fileStore && config.minFreeBytes() > 0)
        {
            try
            {
                final long usable = fileStore.getUsableSpace();
                space = new SpaceSample(usable, written);
            }
            catch (final IOException ex)
            {
                faults.error(ex);
            }
        }
    }

    /**
     * Writer thread, after the maintenance thread stopped: stop sharing the count of bytes written. A second call
     * releases nothing.
     */
    void release()
    {
        writes.release();
        writes = FileSystemWrites.unshared(); // a second close releases nothing
    }
}
