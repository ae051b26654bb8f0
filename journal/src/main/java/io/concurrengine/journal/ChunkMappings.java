/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

import java.io.IOException;
import java.util.Arrays;

/**
 * The chunk stores of the writer's current cycle file that the maintenance thread holds: mapped through <i>the
 * writer's own</i> {@link MappedFile} on first use ({@link #store(MappedFile, long)}), advised, and held until the
 * writer is a whole chunk past them ({@link #releaseBelow(long)}), so that this thread, not the shard, drops the last
 * reference and Chronicle's background releaser unmaps them. {@link PagePreparer} faults pages in through them and
 * {@link WriteBehind} writes chunk 0 (and everything where range write-back is unavailable) back through them.
 * <p>
 * <b>No read-ahead.</b> Moving the faults to this thread is not enough: a fault on a file mapping reads ahead a whole
 * window (the device's {@code read_ahead_kb}, 8 MiB here), allocating and zeroing thousands of page-cache pages in the
 * kernel, and on a 2-core machine that kernel work held off every other thread of every process for 20-30 ms at a
 * time, about once a second at 1 M inputs/s (a hiccup meter in another process saw it; with {@code read_ahead_kb} at
 * 128 the engine's P99 fell from 117-317 ms to 2.5-8.4 ms). So each chunk this thread maps is advised
 * {@code MADV_RANDOM} (through OpenHFT's posix binding) before any of its pages is touched: faults then bring in only
 * their own page. {@link #chunksAdvised()} and {@link #adviceFailures()} count the outcome.
 * <p>
 * <b>Huge pages while the writer is fast</b> ({@link JournalConfig#hugePages()}, on by default). Each chunk mapped
 * while the writer is fast is also advised {@code MADV_HUGEPAGE}, and this thread maps the chunk after the last one it
 * prepares, so Chronicle (which grows the file as chunks are mapped) has extended the file at least a chunk past every
 * page prepared: within 2 MiB of the end of a file the kernel allocates the page cache in small pages. On Linux 6.18
 * with ext4 the prepared chunks are then mapped with one page-table entry per 2 MiB (the writer's first chunk, written
 * before this thread starts, is not): this thread's CPU per journaled event halved (34-39 to 18-20 ns) and journaled
 * bursts ran 6-31 % faster in three alternating rounds (bench/results/pipeline/session-16/), with a third of the
 * hypervisor's steal time. The populate calls then allocate and zero 2 MiB at a time, which at a paced 1 M events/s
 * doubled the journaled P99 (1.9-2.0 against 1.0-1.1 ms; the feed thread waited behind them), so chunks mapped while
 * the writer is slow keep 4 KiB pages.
 * <p>
 * Capacity: {@link #STORE_SLOTS} stores, one slot per chunk number modulo that; mapping a chunk whose slot holds
 * another releases the other first. Failure: a chunk that cannot be mapped gives null (counted, and the error goes to
 * {@link MaintenanceFaults}, unless Chronicle is closing the file because the writer moved on); failed advice is
 * counted and the chunk is used as it is.
 * <p>
 * Maintenance thread only; the figures for tests are read from other threads without ordering, except
 * {@link #hugePagesRefused()} (volatile).
 */
final class ChunkMappings
{
    /** Pages are prepared no further than the end of this many chunks after the writer's. */
    static final int CHUNKS_PREPARED_AHEAD = 2;
    /**
     * Chunk stores this thread holds: the one before the writer's, the writer's, {@link #CHUNKS_PREPARED_AHEAD} after
     * it and, with huge pages, one more (see {@link PagePreparer#prepare(MappedFile, long)}); a power of two.
     */
    private static final int STORE_SLOTS = 8;

    /**
     * Whether new chunk mappings keep the kernel's read-ahead (true) or are advised {@code MADV_RANDOM} (false). Only
     * A/B runs set it (system property {@code concurrengine.journal.readahead}); nothing else changes it.
     */
    static volatile boolean readAheadEnabled = Boolean.getBoolean("concurrengine.journal.readahead");

    private final boolean hugePages;
    private final WriterRate rate;
    private final MaintenanceFaults faults;
    private final ReferenceOwner owner = ReferenceOwner.temporary("journal-pretoucher");
    private final MappedBytesStore[] stores = new MappedBytesStore[STORE_SLOTS];
    private final long[] storeChunks = new long[STORE_SLOTS];
    private long touchFailures;
    private long chunksAdvised;
    private long adviceFailures;
    private volatile boolean hugePagesRefused;

    /**
     * @param hugePages {@link JournalConfig#hugePages()}.
     * @param rate      the writer's rate: huge pages only while it is fast.
     * @param faults    where problems go.
     */
    ChunkMappings(final boolean hugePages, final WriterRate rate, final MaintenanceFaults faults)
    {
        this.hugePages = hugePages;
        this.rate = rate;
        this.faults = faults;
        Arrays.fill(storeChunks, -1L);
    }

    /**
     * The store of a chunk, mapped (and advised) on first use and held until {@link #releaseBelow(long)}.
     *
     * @return the store, or null if it cannot be mapped (counted in {@link #touchFailures}).
     */
    MappedBytesStore store(final MappedFile mappedFile, final long chunk)
    {
        final int slot = (int)(chunk & (STORE_SLOTS - 1));
        MappedBytesStore store = stores[slot];
        if (storeChunks[slot] != chunk)
        {
            if (null != store)
            {
                store.release(owner);
                stores[slot] = null;
                storeChunks[slot] = -1;
            }
            try
            {
                store = mappedFile.acquireByteStore(owner, chunk * mappedFile.chunkSize());
            }
            catch (final IOException | RuntimeException ex)
            {
                if (mappedFile.isClosing())
                {
                    // the writer moved to the next cycle file and Chronicle closed this one before this thread heard
                    // of it (currentFile): nothing left to prepare here, and nothing went wrong
                    return null;
                }
                touchFailures++;
                faults.error(ex);
                return null;
            }
            stores[slot] = store;
            storeChunks[slot] = chunk;
            if (!readAheadEnabled || hugePages)
            {
                advise(store);
            }
        }
        return store;
    }

    /**
     * Advise the mapping of a chunk, over the whole store: {@code MADV_HUGEPAGE} with {@link JournalConfig#hugePages()}
     * while the writer is fast, then {@code MADV_RANDOM} (read-ahead off) unless read-ahead is on for an A/B run.
     */
    private void advise(final MappedBytesStore store)
    {
        try
        {
            final long address = store.addressForRead(store.start());
            final long length = store.capacity() - store.start(); // capacity() is the end offset in the file
            // only while the writer is fast: see the class comment
            if (hugePages && !rate.writerSlow() && !hugePagesRefused &&
                0 != PosixAPI.posix().madvise(address, length, MAdviseFlag.MADV_HUGEPAGE))
            {
                // a kernel without transparent huge pages (or not Linux): asked once, then 4 KiB pages as before; not
                // an error, see hugePagesRefused()
                hugePagesRefused = true;
            }
            if (readAheadEnabled)
            {
                return;
            }
            if (0 == PosixAPI.posix().madvise(address, length, MAdviseFlag.MADV_RANDOM))
            {
                chunksAdvised++;
            }
            else
            {
                adviceFailures++;
                faults.error(new IOException("madvise(MADV_RANDOM) of " + length + " bytes at chunk offset " +
                    store.start() + ": " + PosixAPI.posix().lastErrorStr()));
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            adviceFailures++;
            faults.error(ex);
        }
    }

    /**
     * Release the stores of every chunk below {@code chunk}.
     *
     * @param chunk the lowest chunk number still held.
     */
    void releaseBelow(final long chunk)
    {
        for (int i = 0; i < STORE_SLOTS; i++)
        {
            if (null != stores[i] && storeChunks[i] < chunk)
            {
                stores[i].release(owner);
                stores[i] = null;
                storeChunks[i] = -1;
            }
        }
    }

    /**
     * Release every store held: the writer moved to another file, or the thread stops.
     */
    void releaseAll()
    {
        releaseBelow(Long.MAX_VALUE);
    }

    /**
     * @return chunk mappings advised {@code MADV_RANDOM} so far (for tests and figures).
     */
    long chunksAdvised()
    {
        return chunksAdvised;
    }

    /**
     * @return true if the kernel refused {@code MADV_HUGEPAGE} (no transparent huge pages, or not Linux): the journal
     *         then keeps 4 KiB pages.
     */
    boolean hugePagesRefused()
    {
        return hugePagesRefused;
    }

    /**
     * @return chunk mappings whose advice failed (read-ahead stays on for them).
     */
    long adviceFailures()
    {
        return adviceFailures;
    }
}
