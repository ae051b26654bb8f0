/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.posix.PosixAPI;

import java.io.IOException;
import java.util.function.BooleanSupplier;

/**
 * Prepares the pages of the writer's current cycle file ahead of its write position, on the maintenance thread
 * ({@link #prepare(MappedFile, long)}, once or more a round), so that the shard thread takes none of their faults.
 * <p>
 * <b>Pre-faulting.</b> Chronicle maps each cycle file in chunks of a sparse file. The first write to a page makes the
 * kernel allocate a block, zero a page and (with this machine's 8 MiB read-ahead) fault in a whole window around it:
 * milliseconds on the shard thread. This thread faults in every 4 KiB page between the write position and {@link
 * JournalConfig#pretouchAheadBytes()} ahead of it through <i>the writer's own mapping</i> (same {@link MappedFile},
 * same chunk stores, so the same virtual addresses and page-table entries): the kernel allocates the page-cache page,
 * zeroes it and maps it read-only. Pages dirtied far ahead would be written back (and mapped read-only again) by the
 * kernel's flusher before the writer ever wrote them, so only the pages within {@link
 * JournalConfig#pretouchWritableBytes()} (8 MiB) of the writer are made writable here, a fraction of a second before a
 * fast writer gets to them (seconds for a slow one, well within the flusher's 30 s). That takes the write-protect fault
 * in which the file system prepares the page for writing ({@code page_mkwrite}), about 5 µs a page, which was 11 % of a
 * shard's CPU in a profile of a 4.5 M events/s burst. The kernel's periodic write-back can still clean them before the
 * writer gets there (it writes back all of a file that has been dirty for 30 s), so they are made writable again now
 * and then ({@link #refresh}).
 * <p>
 * Both are done with one {@code madvise(MADV_POPULATE_READ)} or {@code madvise(MADV_POPULATE_WRITE)} per range
 * (Linux 5.14+), which takes every page's fault inside one system call and changes no byte. On a virtual machine a
 * page fault is a trap into the guest kernel and often an exit to the hypervisor: on this project's test machine one
 * fault costs 3-11 µs, the same whether the page is new or only being mapped again, while populating a range cost
 * 0.8-2 µs a page. Touching a page at a time (a volatile read, then a {@code compareAndSwapLong(page, 0, 0)}, which
 * cannot lose a concurrent store of the writer) took this thread 116-141 ns of CPU per journaled event in a
 * 6-7 M events/s burst; populating takes 19-26 ns, and the same burst ran at 10-11 M events/s
 * (bench/results/pipeline/populate/). A kernel that refuses the advice gets the page-at-a-time touches.
 * Holding a reservation on the chunk ahead also moves its {@code mmap} call off the shard thread.
 * <p>
 * <b>Optionally, while the writer is fast, a read of every writable page</b> ({@link JournalConfig#pretouchRead()},
 * off by default). On this project's VM a populated page still costs its first access from user space more than later
 * ones (a 256 MiB copy into a mapped file: 1.1 µs a page after {@code MADV_POPULATE_WRITE} from another thread, 0.2 µs
 * after that thread also read one word of each page, 0.2 µs on a second pass; the page-table work the hypervisor does
 * on first use is invisible to the guest, which counts no fault). Behind a journal writer it is more, about 7 µs a
 * page: copying a block into the file was 21 ns of the writer's CPU per event (12.5 bytes) with no fault counted, and
 * 4-14 ns once this thread read each page first. The read costs this thread about as much (10 µs a page), so it moves
 * the cost rather than saving it: worth it for a shard thread that is the bottleneck with a core to spare, not on
 * 2 vCPUs already full (a journaled burst there ran 4-17 % slower with it), and never for a slow writer, where it
 * bought nothing measurable and cost 3 % of a core at 1 M events/s (bench/results/pipeline/session-15/). That cost
 * is the host's, not the guest's: in session 41 the same VM's host charged nothing for the first access (a copy into
 * populated pages cost the same on its first pass as on its second, bench/results/pipeline/session-41/).
 * <p>
 * <b>Short steps while the writer is slow.</b> One populate call for a whole range kept this thread inside the kernel
 * for up to 2.4 ms (1,024 pages of a chunk ahead). This machine's kernel does not preempt kernel code (PREEMPT_NONE)
 * and ticks every 4 ms, so a feed or shard thread that woke on the same core waited that long while the other core was
 * idle ({@code perf sched} caught the feed waiting 2.3 ms, a shard 3.0 ms). While the writer writes less than
 * {@link WriterRate#SLOW_WRITER_BYTES_PER_SECOND} (a paced feed), ranges are therefore populated
 * {@link #POPULATE_STEP_BYTES} at a time with a {@link Thread#yield()} between calls. A fast writer (a burst, every
 * core busy) gets whole-range calls: there the steps cost a third of the rate, because each system call is a switch
 * through the hypervisor on this VM and the yields let the writer overtake this thread
 * (bench/results/pipeline/session-11/maintenance-populate-steps/).
 * <p>
 * The chunks are mapped, advised (no read-ahead; huge pages while the writer is fast, for which the chunk after the
 * last one prepared is mapped too) and held by {@link ChunkMappings}. With {@link FsyncPolicy#PER_BLOCK} nothing is
 * made writable ahead, only read.
 * <p>
 * Capacity: no further than {@link JournalConfig#pretouchAheadBytes()} ahead, and no further than the end of the
 * {@link ChunkMappings#CHUNKS_PREPARED_AHEAD}-th chunk after the writer's. Failure: a chunk that cannot be mapped ends
 * the range there (tried again next round), and so does a populate advice that fails (a full disk); a kernel that does
 * not know the advice ({@code EINVAL}) gets page-at-a-time touches from then on ({@link #populating()} false); both go
 * to {@link MaintenanceFaults}.
 * <p>
 * Maintenance thread only; the positions for tests are read from other threads without ordering.
 */
final class PagePreparer
{
    static final int PAGE_SIZE = 4096;
    private static final int MADV_POPULATE_READ = 22;
    private static final int MADV_POPULATE_WRITE = 23;
    /** madvise's answer for an advice the kernel does not know (before Linux 5.14): the only lasting refusal. */
    private static final int EINVAL = 22;
    private static final int POPULATED = 0;
    private static final int REFUSED = 1;
    private static final int FAILED = 2;

    /** The {@code madvise} call, for tests to stand in for a kernel that fails it. */
    interface Madvise
    {
        /** The C library's, through Chronicle's {@link PosixAPI}. */
        Madvise POSIX = new Madvise()
        {
            public int madvise(final long address, final long length, final int advice)
            {
                return PosixAPI.posix().madvise(address, length, advice);
            }

            public int lastError()
            {
                return PosixAPI.posix().lastError();
            }
        };

        /**
         * @param address start of the range, page aligned.
         * @param length  bytes.
         * @param advice  the advice.
         * @return 0, or -1 with {@link #lastError()} set.
         */
        int madvise(long address, long length, int advice);

        /**
         * @return the calling thread's {@code errno} after a failed call.
         */
        int lastError();
    }

    /** What new calls use: {@link Madvise#POSIX}, unless a test stands in for it. */
    static volatile Madvise madvise = Madvise.POSIX;
    /** Bytes per populate call while the writer is slow: 16 pages, 15-40 µs in the kernel on the test machine. */
    static final int POPULATE_STEP_BYTES = 16 * PAGE_SIZE;
    /** How often the pages made writable ahead of the writer are made writable again: see {@link #refresh}. */
    static final long REFRESH_INTERVAL_NANOS = 50_000_000L;
    /** How far ahead of the writer pages are made writable again, at most: see {@link #refresh}. */
    static final long REFRESH_BYTES = 2L << 20;

    /**
     * Whether new maintenance threads fault pages in with {@code madvise(MADV_POPULATE_READ / _WRITE)} (true) or a
     * page at a time (false; also what a kernel that refuses the advice gets). Tests and A/B runs set it (system
     * property {@code concurrengine.journal.populate_write}); nothing else changes it.
     */
    static volatile boolean populateWriteEnabled =
        Boolean.parseBoolean(System.getProperty("concurrengine.journal.populate_write", "true"));

    private final long aheadBytes;
    private final long writableBytes;
    private final boolean pretouchRead;
    private final boolean hugePages;
    private final ChunkMappings mappings;
    private final WriterRate rate;
    private final MaintenanceFaults faults;
    private final BooleanSupplier running;
    private long touchedUpTo;
    private long writableUpTo;
    private boolean populating = populateWriteEnabled;
    private long pagesTouched;
    private long lastRefreshNanos;
    private long refreshes;

    /**
     * @param config   the journal's configuration: how far ahead, how much writable, read and huge pages.
     * @param mappings the chunk stores pages are faulted in through.
     * @param rate     the writer's rate: short steps, and no reads, while it is slow.
     * @param faults   where problems go.
     * @param running  false once the thread is to stop: a range in progress then ends at the next chunk.
     */
    PagePreparer(
        final JournalConfig config,
        final ChunkMappings mappings,
        final WriterRate rate,
        final MaintenanceFaults faults,
        final BooleanSupplier running)
    {
        this.aheadBytes = config.pretouchAheadBytes();
        // PER_BLOCK forces the whole file after each block (fdatasync), which would write back pages made writable
        // ahead (dirty, zero) and write-protect them again: there they are only read ahead
        this.writableBytes = config.fsyncPolicy() == FsyncPolicy.PER_BLOCK ?
            0 : Math.min(config.pretouchWritableBytes(), aheadBytes);
        this.pretouchRead = config.pretouchRead();
        this.hugePages = config.hugePages();
        this.mappings = mappings;
        this.rate = rate;
        this.faults = faults;
        this.running = running;
    }

    /**
     * @return bytes prepared ahead of the writer at most, {@link JournalConfig#pretouchAheadBytes()}; 0: none.
     */
    long aheadBytes()
    {
        return aheadBytes;
    }

    /**
     * The writer moved to another file: nothing is prepared there yet.
     */
    void startFile()
    {
        touchedUpTo = 0;
        writableUpTo = 0;
    }

    /**
     * @return the file offset up to which pages are prepared: made writable, or read where nothing is made writable.
     */
    long preparedUpTo()
    {
        return writableBytes > 0 ? writableUpTo : touchedUpTo;
    }

    /**
     * Prepare the pages ahead of the writer in its current file: the near ones writable, the far ones read.
     *
     * @param mappedFile the writer's mapping of its current file.
     * @param position   the writer's position in it.
     * @return pages prepared.
     */
    int prepare(final MappedFile mappedFile, final long position)
    {
        final long chunkSize = mappedFile.chunkSize();
        final long writerChunk = position / chunkSize;
        // no further than the end of the CHUNKS_PREPARED_AHEAD-th chunk after the writer's: this thread holds those,
        // the writer's and the one before it, so no touched chunk is unmapped before the writer gets there (whole
        // pages: madvise takes page-aligned ranges)
        final long target = Math.min((position + aheadBytes) & ~(PAGE_SIZE - 1L),
            (writerChunk + ChunkMappings.CHUNKS_PREPARED_AHEAD + 1) * chunkSize);
        if (hugePages && target > 0)
        {
            // map the chunk after the last prepared one, so Chronicle has extended the file past every page prepared:
            // within 2 MiB of the end of a file the kernel allocates its page cache in small pages
            mappings.store(mappedFile, (target - 1) / chunkSize + 1);
        }
        final long nextPage = (position & ~(PAGE_SIZE - 1L)) + PAGE_SIZE;
        // near pages first, made writable (the write faults taken here, not on the shard); then far pages, read
        // (allocated and mapped, not dirtied)
        final long writableTarget = Math.min((position + writableBytes) & ~(PAGE_SIZE - 1L), target);
        assert 0 == (target & (PAGE_SIZE - 1)) && 0 == (chunkSize & (PAGE_SIZE - 1));
        refresh(mappedFile, nextPage);
        final long writableFrom = Math.max(writableUpTo, nextPage);
        final long writableEnd = populate(mappedFile, writableFrom, writableTarget, true);
        writableUpTo = Math.max(writableUpTo, writableEnd);
        final long readFrom = Math.max(touchedUpTo, writableEnd);
        final long readEnd = populate(mappedFile, readFrom, target, false);
        touchedUpTo = Math.max(touchedUpTo, readEnd);
        final int touched =
            (int)((Math.max(0, writableEnd - writableFrom) + Math.max(0, readEnd - readFrom)) / PAGE_SIZE);
        pagesTouched += touched;
        // Held until the writer is a whole chunk further on, so this thread, not the shard, drops the last reference
        // and unmaps it (an munmap of 80 MiB of populated mapping takes milliseconds).
        mappings.releaseBelow(writerChunk - 1);
        return touched;
    }

    /**
     * Every {@link #REFRESH_INTERVAL_NANOS}, make the pages already made writable ahead of the writer writable again,
     * up to {@link #REFRESH_BYTES} of them. The kernel's periodic write-back takes a file once it has been dirty for
     * {@code dirty_expire_centisecs} (30 s) and writes back every dirty page of it, the zero pages made writable ahead
     * of the writer too, mapping them read-only again. Nothing else would prepare them again, and the shard thread
     * took the write fault of each: 2,048 faults (the 8 MiB made writable) per shard about 30 s after every roll, and
     * every 30 s after that in a longer cycle (bench/results/soak/roll-ab-session35/). Pages that are still writable
     * cost a walk of their page table entries, no fault.
     */
    private void refresh(final MappedFile mappedFile, final long nextPage)
    {
        if (writableUpTo <= nextPage)
        {
            return;
        }
        final long now = System.nanoTime();
        if (now - lastRefreshNanos < REFRESH_INTERVAL_NANOS)
        {
            return;
        }
        lastRefreshNanos = now;
        populate(mappedFile, nextPage, Math.min(writableUpTo, nextPage + REFRESH_BYTES), true);
        refreshes++;
    }

    /**
     * @return times the pages made writable ahead were made writable again (for tests).
     */
    long refreshes()
    {
        return refreshes;
    }

    /**
     * Populate the pages of {@code [from, to)} a chunk's part at a time, through the mapping of each page's chunk, and
     * through the previous chunk's mapping too for pages in the overlap the writer may reach them through.
     *
     * @return where it stopped: {@code to}, or the first page whose chunk cannot be mapped, or where it was stopped.
     */
    private long populate(final MappedFile mappedFile, final long from, final long to, final boolean write)
    {
        final long chunkSize = mappedFile.chunkSize();
        final long overlap = mappedFile.overlapSize();
        long page = from;
        while (page < to && running.getAsBoolean())
        {
            final long chunk = page / chunkSize;
            final long end = Math.min(to, (chunk + 1) * chunkSize);
            if (!populate(mappedFile, chunk, page, end, write))
            {
                break;
            }
            if (chunk > 0 && page - chunk * chunkSize < overlap)
            {
                populate(mappedFile, chunk - 1, page, Math.min(end, chunk * chunkSize + overlap), write);
            }
            page = end;
        }
        return page;
    }

    /**
     * Fault in the pages of {@code [from, to)} in the mapping of {@code chunk}, writable or read-only. One
     * {@code madvise(MADV_POPULATE_WRITE)} or {@code MADV_POPULATE_READ} (Linux 5.14+): the kernel takes every page's
     * fault in one call, never changing a byte. Where the kernel refuses it, a page at a time: a
     * {@code compareAndSwapLong(page, 0, 0)} (atomic: a concurrent store of the writer to that word wins either way;
     * zero stays zero, data stays data) or a volatile read.
     *
     * @return false if the chunk cannot be mapped.
     */
    private boolean populate(
        final MappedFile mappedFile, final long chunk, final long from, final long to, final boolean write)
    {
        final MappedBytesStore store = mappings.store(mappedFile, chunk);
        if (null == store || !store.inside(from, to - from))
        {
            return false;
        }
        final boolean writerSlow = rate.writerSlow();
        if (populating)
        {
            final int result = writerSlow ? madvisePopulateInSteps(store.addressForRead(from), to - from, write) :
                madvisePopulate(store.addressForRead(from), to - from, write);
            if (REFUSED == result)
            {
                populating = false;
            }
            else if (FAILED == result)
            {
                return false; // the range ends here and is tried again next round, still with the advice
            }
        }
        // a page at a time where the kernel refused the advice; after it, a read of each writable page when asked (the
        // first access of the page from user space, see the class comment)
        final boolean touch = !populating || write && pretouchRead && !writerSlow;
        for (long page = from; touch && page < to; page += PAGE_SIZE)
        {
            if (write && !populating)
            {
                store.compareAndSwapLong(page, 0, 0);
            }
            else
            {
                store.readVolatileLong(page); // a volatile read: not elided, and it faults the page in
            }
        }
        return true;
    }

    /**
     * Populate {@code length} bytes at {@code address} {@link #POPULATE_STEP_BYTES} at a time, yielding the core
     * between calls to any thread that woke on it (see the class comment).
     *
     * @return as {@link #madvisePopulate}: the first step that did not populate ends it.
     */
    private int madvisePopulateInSteps(final long address, final long length, final boolean write)
    {
        for (long offset = 0; offset < length; offset += POPULATE_STEP_BYTES)
        {
            if (offset > 0)
            {
                Thread.yield();
            }
            final int result = madvisePopulate(address + offset, Math.min(POPULATE_STEP_BYTES, length - offset), write);
            if (POPULATED != result)
            {
                return result;
            }
        }
        return POPULATED;
    }

    /**
     * @return {@link #POPULATED}; {@link #REFUSED} if the kernel does not know the advice ({@code EINVAL}) or it cannot
     * be called, so pages are touched one at a time from then on; or {@link #FAILED} for any other failure, which
     * may pass (a page that could not be allocated on a full disk: {@code EFAULT}, or {@code ENOMEM}), so the advice
     * is tried again next round.
     */
    private int madvisePopulate(final long address, final long length, final boolean write)
    {
        try
        {
            final Madvise kernel = madvise;
            if (0 == kernel.madvise(address, length, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ))
            {
                return POPULATED;
            }
            final int errno = kernel.lastError();
            final String call = "madvise(" + (write ? "MADV_POPULATE_WRITE" : "MADV_POPULATE_READ") + ") of " +
                length + " bytes: errno " + errno;
            if (EINVAL != errno)
            {
                faults.error(new IOException(call + "; tried again next round"));
                return FAILED;
            }
            faults.error(new IOException(call + " (EINVAL, a kernel before 5.14); pages are faulted in one at a " +
                "time instead"));
        }
        catch (final RuntimeException | LinkageError ex)
        {
            faults.error(ex);
        }
        return REFUSED;
    }

    /**
     * @return true while pages are faulted in with {@code madvise(MADV_POPULATE_*)}, false once the kernel refused it
     * (or tests turned it off) and they are touched one at a time (for tests).
     */
    boolean populating()
    {
        return populating;
    }

    /**
     * @return the file offset up to which pages have been made writable (for tests).
     */
    long writableUpTo()
    {
        return writableUpTo;
    }

    /**
     * @return the file offset up to which pages have been read-touched (for tests).
     */
    long touchedUpTo()
    {
        return touchedUpTo;
    }

    /**
     * @return pages touched so far (for tests and figures).
     */
    long pagesTouched()
    {
        return pagesTouched;
    }
}
