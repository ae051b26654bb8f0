/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bytes written so far by every journal writer of this process to one file system, so that each writer's free-space
 * estimate ({@link JournalFreeSpace#usableBytes()}) subtracts what all of them wrote since the last sample, not only
 * its own bytes. Shards write side by side to one file system, and a sample can be a round of the background thread
 * old (tens of milliseconds, longer while it waits for write-back): with several shards writing hundreds of MB/s, the
 * others' bytes in that time could exceed the reserve below the free-space floor, and a mapped write to a full disk is
 * a {@code SIGBUS}.
 * <p>
 * One instance per key (the file system's {@link java.nio.file.FileStore}, or a configured usable-space supplier) while
 * any writer holds it. Threadsafe; {@link #add(long)} is one atomic add per block.
 */
final class FileSystemWrites
{
    private static final Map<Object, FileSystemWrites> BY_KEY = new HashMap<>(); // guarded by itself

    private final Object key;
    private final AtomicLong written = new AtomicLong();
    private int holders; // guarded by BY_KEY

    private FileSystemWrites(final Object key)
    {
        this.key = key;
    }

    /**
     * @param key the file system's {@link java.nio.file.FileStore}, or what else identifies where the space is
     *            counted.
     * @return the counter of that key, shared with every other writer holding it; {@link #release()} it when done.
     */
    static FileSystemWrites acquire(final Object key)
    {
        synchronized (BY_KEY)
        {
            final FileSystemWrites writes = BY_KEY.computeIfAbsent(key, FileSystemWrites::new);
            writes.holders++;
            return writes;
        }
    }

    /**
     * @return a counter of one writer's bytes alone, shared with nobody (where the file system is unknown).
     */
    static FileSystemWrites unshared()
    {
        return new FileSystemWrites(null);
    }

    /**
     * A writer is done with it: the last one to release a key forgets it.
     */
    void release()
    {
        if (null == key)
        {
            return;
        }
        synchronized (BY_KEY)
        {
            if (--holders == 0)
            {
                BY_KEY.remove(key, this);
            }
        }
    }

    /**
     * @param bytes bytes a writer has just written.
     */
    void add(final long bytes)
    {
        written.getAndAdd(bytes);
    }

    /**
     * @return bytes written by all holders so far.
     */
    long get()
    {
        return written.get();
    }

    /**
     * Forget every key (for tests that acquire without releasing).
     */
    static void releaseAllForTests()
    {
        synchronized (BY_KEY)
        {
            BY_KEY.clear();
        }
    }

    /**
     * @return keys held now (for tests).
     */
    static int keys()
    {
        synchronized (BY_KEY)
        {
            return BY_KEY.size();
        }
    }
}
