/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.bytes.MappedBytesStore;
import net.openhft.chronicle.bytes.MappedFile;
import net.openhft.chronicle.bytes.SyncMode;
import net.openhft.chronicle.core.io.ReferenceOwner;
import net.openhft.chronicle.queue.impl.StoreFileListener;
import net.openhft.posix.MAdviseFlag;
import net.openhft.posix.PosixAPI;

import java.io.File;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.LongSupplier;

/**
 * Background thread of one {@link JournalWriter}: pre-faults the pages of the current cycle file ahead of the
 * write position and deletes old cycle files per retention. Daemon, named {@code journal-maint-<dir>}, started and
 * stopped by the writer. Between rounds it parks from {@link JournalConfig#pretouchIntervalNanos()} up to
 * {@link #MAX_PAUSE_NANOS}, as long as the writer needs for half the pages prepared ahead of it.
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
 * shard's CPU in a profile of a 4.5 M events/s burst.
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
 * bought nothing measurable and cost 3 % of a core at 1 M events/s (bench/results/pipeline/session-15/).
 * <p>
 * <b>Short steps while the writer is slow.</b> One populate call for a whole range kept this thread inside the kernel
 * for up to 2.4 ms (1,024 pages of a chunk ahead). This machine's kernel does not preempt kernel code (PREEMPT_NONE)
 * and ticks every 4 ms, so a feed or shard thread that woke on the same core waited that long while the other core was
 * idle ({@code perf sched} caught the feed waiting 2.3 ms, a shard 3.0 ms). While the writer writes less than
 * {@link #SLOW_WRITER_BYTES_PER_SECOND} (a paced feed), ranges are therefore populated {@link #POPULATE_STEP_BYTES}
 * at a time with a {@link Thread#yield()} between calls. A fast writer (a burst, every core busy) gets whole-range
 * calls: there the steps cost a third of the rate, because each system call is a switch through the hypervisor on
 * this VM and the yields let the writer overtake this thread (bench/results/pipeline/session-11/maintenance-populate-steps/).
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
 * <b>Write-behind.</b> A write-back step waits for the disk (4 MiB: 10 ms at 420 MB/s, longer when the disk is
 * shared), and a fast writer crosses a 1 MiB window in 8 ms: when this thread took several steps in a row, the writer
 * overtook it and faulted in 45-70 pages per MiB itself. So the pages ahead are prepared again after every step, and
 * the writable window is 8 MiB. Left alone, the kernel writes a file's dirty pages back once the file has been dirty for
 * 30 s ({@code dirty_expire_centisecs}), all of them at once: about 200 MiB per shard at 1 M inputs/s, and while that
 * ran every shard stalled for 0.1-0.8 s, once every 32 s, in a 10-minute soak (and not with the journal off). So this
 * thread writes back what the writer wrote, {@link JournalConfig#writeBehindBytes()} (4 MiB by default) at a time, off
 * the shard thread. Not with {@link FsyncPolicy#PER_BLOCK}, which syncs each block itself.
 * <p>
 * It writes back pages nobody maps any more. Cleaning a dirty page that is still mapped write-protects its page-table
 * entry, and the kernel flushes the other cores' TLBs with one interrupt <i>per 4 KiB page</i>. That was 65,000
 * interrupts into the shard threads for 256 MiB of journal (a VM exit each here), and the journaled P99 of a trivial
 * model at 1 M inputs/s was 3-5 ms against 0.5 ms unjournaled. So the writer's chunks are small
 * ({@link JournalConfig#chunkBytes()}, 4 MiB), and this thread releases its hold on a chunk once the writer is a whole
 * chunk past it, after which Chronicle's background releaser unmaps it (not the shard). A chunk two behind the writer
 * is then written back through the file descriptor ({@link FileRangeSync}, {@code sync_file_range}): one step each time
 * the writer has written one, so the disk sees an even stream. Chunk 0 stays mapped (it holds Chronicle's header), so
 * it is written back through its mapping ({@code msync}), and so is everything where {@code sync_file_range} is
 * unavailable. The TLB shootdowns of a paced 1 M inputs/s process fell from 162,697 to 10,935 (trivial model) and from
 * 225,323 to 12,348 (market model), bench/results/pipeline/write-behind/. While the writer is fast, what was written
 * back is then dropped from the page cache ({@link JournalConfig#dropWrittenPages()}); a slow writer's pages are left
 * to the kernel.
 * <p>
 * <b>Failed write-back.</b> A device error while a file's dirty pages are written back (or a thin-provisioned or
 * network file system out of space) is reported only to whoever waits for that write-back; Chronicle's {@code msync}
 * logs it and goes on. This thread holds every file the writer writes open ({@link WriteBackWatches}) and asks once a
 * second whether a write-back of it failed; a write-behind step that fails with such an error says so too. The first
 * failure is {@link #writeBackFailure()}, and the writer fails at its next block with it (its data may not be on the
 * device, so the journal can no longer promise a replay of the run). Under {@link FsyncPolicy#NONE} what the kernel
 * writes back after the writer closed goes unwatched.
 * <p>
 * <b>Retention.</b> Chronicle reports released cycle files through {@link StoreFileListener#onReleased(int, File)};
 * this thread then deletes the oldest cycle files beyond {@link JournalConfig#retainCycles()} or {@link
 * JournalConfig#retainBytes()}, never the writer's current file or a newer one. It does so again whenever the writer
 * has moved to another file since: a release can be reported before the writer's move to the file after it reaches this
 * thread, and a retention pass that saw the older file as current kept the files after it (a test that rolled six files
 * quickly was left with four of a limit of two in 2 of 6 runs). Deleting (unlink of a large file can take milliseconds)
 * never happens on the shard thread.
 * <p>
 * Threading: {@link #writePosition(long)} and {@link #currentFile(MappedFile, Path)} are called by the writer thread
 * only; {@link #onReleased(int, File)} by any Chronicle thread; the rest runs on this thread, except
 * {@link #applyRetention(Path)} which the writer also calls after {@link #close()}.
 */
final class JournalMaintenance implements StoreFileListener, Runnable
{
    static final int PAGE_SIZE = 4096;
    private static final int MADV_POPULATE_READ = 22;
    private static final int MADV_POPULATE_WRITE = 23;
    /** Bytes per populate call while the writer is slow: 16 pages, 15-40 µs in the kernel on the test machine. */
    static final int POPULATE_STEP_BYTES = 16 * PAGE_SIZE;
    /** Below this write rate the writer counts as slow and ranges are populated in yielding steps. */
    static final long SLOW_WRITER_BYTES_PER_SECOND = 16L << 20;
    /**
     * The slow-writer threshold new maintenance threads use: {@link #SLOW_WRITER_BYTES_PER_SECOND}, or what a test sets
     * (0: never slow); nothing else changes it.
     */
    static volatile long slowWriterBytesPerSecond = SLOW_WRITER_BYTES_PER_SECOND;
    private static final long WRITER_RATE_WINDOW_NANOS = 50_000_000L;

    /**
     * Whether new chunk mappings keep the kernel's read-ahead (true) or are advised {@code MADV_RANDOM} (false). Only
     * A/B runs set it (system property {@code concurrengine.journal.readahead}); nothing else changes it.
     */
    static volatile boolean readAheadEnabled = Boolean.getBoolean("concurrengine.journal.readahead");

    /**
     * Whether new maintenance threads fault pages in with {@code madvise(MADV_POPULATE_READ / _WRITE)} (true) or a
     * page at a time (false; also what a kernel that refuses the advice gets). Tests and A/B runs set it (system
     * property {@code concurrengine.journal.populate_write}); nothing else changes it.
     */
    static volatile boolean populateWriteEnabled =
        Boolean.parseBoolean(System.getProperty("concurrengine.journal.populate_write", "true"));
    /** Pages are prepared no further than the end of this many chunks after the writer's. */
    private static final int CHUNKS_PREPARED_AHEAD = 2;
    /**
     * Chunk stores this thread holds: the one before the writer's, the writer's, {@link #CHUNKS_PREPARED_AHEAD} after
     * it and, with huge pages, one more (see {@link #pretouch(Current)}); a power of two.
     */
    private static final int STORE_SLOTS = 8;

    /**
     * Longest pause between rounds while the writer is far from the end of the prepared pages, or idle. At 120 MB/s, a
     * journal-only burst's rate, the 8 MiB writable window lasts 70 ms, so a writer that starts a burst right after this
     * thread went to sleep still finds prepared pages.
     */
    static final long MAX_PAUSE_NANOS = 20_000_000L;

    /** Least time between a range's write-back and its drop from the page cache, see {@link #dropWrittenEarlier}. */
    static final long DROP_LAG_NANOS = 100_000_000L;
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

    private final JournalConfig config;
    private final Path directory;
    private final long aheadBytes;
    private final long writableBytes;
    private final long intervalNanos;
    private final long writeBehindBytes;
    private final boolean dropWrittenPages;
    private final boolean pretouchRead;
    private final boolean hugePages;
    private final AtomicInteger releasedFiles = new AtomicInteger();
    private final ReferenceOwner owner = ReferenceOwner.temporary("journal-pretoucher");
    private final MappedBytesStore[] stores = new MappedBytesStore[STORE_SLOTS];
    private final long[] storeChunks = new long[STORE_SLOTS];
    private final Thread thread;

    @SuppressWarnings("unused")
    private volatile long writePosition;
    @SuppressWarnings("unused")
    private volatile Current current;
    private volatile boolean running = true;

    private Current touching;
    private long touchedUpTo;
    private long rateWindowBytes;
    private long rateWindowNanos;
    private boolean writerSlow;
    private final long slowBelowBytesPerSecond = slowWriterBytesPerSecond;
    private long writableUpTo;
    private boolean populating = populateWriteEnabled;
    private int retentionSeen;
    private Current retainedFor;
    private long pagesTouched;
    private long touchFailures;
    private long chunksAdvised;
    private long syncedUpTo;
    private long bytesWrittenBehind;
    private long bytesWrittenBehindUnmapped;
    private long rangeSyncFailures;
    private long bytesDropped;
    private long droppedUpTo;
    private long syncedAtDropCheck;
    private long dropCheckNanos;
    private volatile long rounds;
    private volatile long lastPauseNanos;
    private long lastRoundNanos = System.nanoTime();
    private long lastRoundPosition;
    private long dropFailures;
    private FileRangeSync rangeSync;
    private long adviceFailures;
    private volatile boolean hugePagesRefused;
    private volatile Throwable lastError;
    private final WriteBackWatches watches = new WriteBackWatches(path -> watchOpener.apply(path));
    private volatile IOException writeBackFailure;
    private volatile SpaceSample space = SPACE_UNKNOWN;
    /** The writers' bytes on this file system: unshared until {@link #start()} finds the file system. */
    private FileSystemWrites writes = FileSystemWrites.unshared();
    private java.nio.file.FileStore fileStore;

    JournalMaintenance(final JournalConfig config)
    {
        this.config = config;
        this.directory = config.directory();
        this.aheadBytes = config.pretouchAheadBytes();
        // PER_BLOCK forces the whole file after each block (fdatasync), which would write back pages made writable
        // ahead (dirty, zero) and write-protect them again: there they are only read ahead
        this.writableBytes = config.fsyncPolicy() == FsyncPolicy.PER_BLOCK ?
            0 : Math.min(config.pretouchWritableBytes(), aheadBytes);
        this.intervalNanos = config.pretouchIntervalNanos();
        this.writeBehindBytes = config.fsyncPolicy() == FsyncPolicy.PER_BLOCK ? 0 : config.writeBehindBytes();
        this.dropWrittenPages = config.dropWrittenPages();
        this.pretouchRead = config.pretouchRead();
        this.hugePages = config.hugePages();
        java.util.Arrays.fill(storeChunks, -1L);
        thread = new Thread(this, "journal-maint-" + directory.getFileName());
        thread.setDaemon(true);
    }

    void start()
    {
        try
        {
            fileStore = Files.getFileStore(directory);
        }
        catch (final IOException ex)
        {
            lastError = ex;
        }
        shareWrites(); // before the writer's first block, on its thread
        checkSpace();
        thread.start(); // publishes writes to this thread
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
     * @return cycle files watched for a failed write-back now (for tests).
     */
    int watchedFiles()
    {
        return watches.size();
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
     * This thread, and {@link #start()} before it: sample the usable bytes of the journal's file system, with the
     * writers' bytes written before the sample, for {@link #usableBytes()} (tests call it directly).
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
                lastError = ex; // the last figure stands, as when the file system cannot say
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
                lastError = ex;
            }
        }
    }

    /**
     * Writer thread: the end of the last written document in the current cycle file.
     *
     * @param position byte offset in the current cycle file.
     */
    void writePosition(final long position)
    {
        WRITE_POSITION.setRelease(this, position); // pairs with getAcquire in pretouch()
    }

    /**
     * Writer thread: the writer moved to another cycle file.
     *
     * @param mappedFile the writer's mapping of it, or null.
     * @param path       its path, or null.
     */
    void currentFile(final MappedFile mappedFile, final Path path)
    {
        CURRENT.setRelease(this, new Current(mappedFile, path)); // pairs with getAcquire in pretouch()/doWork()
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
        return writerSlow;
    }

    /**
     * @return pages touched so far (for tests and figures).
     */
    long pagesTouched()
    {
        return pagesTouched;
    }

    /**
     * @return the last error of the background thread, or null.
     */
    Throwable lastError()
    {
        return lastError;
    }

    @Override
    public void run()
    {
        while (running)
        {
            try
            {
                doWork();
                LockSupport.parkNanos(this, nextPause());
            }
            catch (final Throwable ex)
            {
                // includes the InternalError the JVM raises (possibly late) for a SIGBUS on a full disk
                lastError = ex;
            }
        }
        try
        {
            releaseStores();
            closeRangeSync();
            final Current current = (Current)CURRENT.getAcquire(this);
            if (current != touching) // a file the writer moved to after this thread's last round: asked too
            {
                watches.writing(null == current ? null : current.path, System.nanoTime());
            }
            watches.close();
            noteWatches();
        }
        catch (final RuntimeException ex)
        {
            lastError = ex;
        }
    }

    private void noteWatches()
    {
        final IOException failure = watches.failure();
        if (null != failure && null == writeBackFailure)
        {
            writeBackFailure = failure;
        }
        final IOException unwatched = watches.unwatched();
        if (null != unwatched && null == lastError)
        {
            lastError = unwatched;
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
        return writeBackFailure;
    }

    /**
     * The pause before the next round: the time the writer, at the rate it wrote since the last round, needs to use
     * half of the pages prepared ahead of it, at least {@link JournalConfig#pretouchIntervalNanos()} and at most
     * {@link #MAX_PAUSE_NANOS} (or the interval, if that is longer). A round costs a wake-up and a few system calls,
     * 15-20 µs of CPU on this project's VM: at 1 ms a round that was 35 ns per event of a 1 M events/s run, while
     * a writer at that rate takes 160 ms to cross the writable window.
     */
    private long nextPause()
    {
        final long now = System.nanoTime();
        final long position = writePosition();
        final long prepared = (writableBytes > 0 ? writableUpTo : touchedUpTo) - position;
        // the writer moved to a new file since: it wrote at least what lies before its position there
        final long written = position >= lastRoundPosition ? position - lastRoundPosition : position;
        final long elapsed = now - lastRoundNanos;
        lastRoundNanos = now;
        lastRoundPosition = position;
        updateWriterSlow(written, elapsed);
        rounds = rounds + 1; // single writer
        final long pause =
            pauseNanos(prepared, written, elapsed, intervalNanos, Math.max(intervalNanos, MAX_PAUSE_NANOS));
        lastPauseNanos = pause;
        return pause;
    }

    /**
     * Add a round's progress to the current {@link #WRITER_RATE_WINDOW_NANOS} window and, once the window is full,
     * decide whether the writer is slow (see the class comment).
     */
    private void updateWriterSlow(final long written, final long elapsed)
    {
        rateWindowBytes += written;
        rateWindowNanos += elapsed;
        if (rateWindowNanos >= WRITER_RATE_WINDOW_NANOS)
        {
            writerSlow = rateWindowBytes * 1_000_000_000L / rateWindowNanos < slowBelowBytesPerSecond;
            rateWindowBytes = 0;
            rateWindowNanos = 0;
        }
    }

    /**
     * @param preparedBytes bytes prepared ahead of the writer.
     * @param writtenBytes  bytes the writer wrote during {@code elapsedNanos}; 0 or less when idle or in a new file.
     * @param elapsedNanos  time since the last round.
     * @param minNanos      shortest pause.
     * @param maxNanos      longest pause.
     * @return the time the writer needs for half the prepared bytes at its recent rate, within [min, max].
     */
    static long pauseNanos(
        final long preparedBytes, final long writtenBytes, final long elapsedNanos, final long minNanos,
        final long maxNanos)
    {
        if (preparedBytes <= 0)
        {
            return minNanos;
        }
        if (writtenBytes <= 0)
        {
            return maxNanos;
        }
        // in double: up to three 1 GiB chunks prepared times an elapsed time of minutes would overflow a long
        final double pause = 0.5 * preparedBytes * Math.max(elapsedNanos, 0) / writtenBytes;
        return Math.max(minNanos, Math.min(maxNanos, (long)Math.min(pause, Long.MAX_VALUE)));
    }

    /**
     * @return the pause after the last round (for tests).
     */
    long lastPauseNanos()
    {
        return lastPauseNanos;
    }

    /**
     * @return rounds run so far (for tests).
     */
    long rounds()
    {
        return rounds;
    }

    private void closeRangeSync()
    {
        if (null != rangeSync)
        {
            rangeSync.close();
            rangeSync = null;
        }
    }

    int doWork()
    {
        int work = 0;
        checkSpace();
        final Current current = (Current)CURRENT.getAcquire(this);
        if (current != touching)
        {
            releaseStores();
            closeRangeSync();
            watches.writing(null == current ? null : current.path, System.nanoTime());
            touching = current;
            touchedUpTo = 0;
            writableUpTo = 0;
            syncedUpTo = 0;
            syncedAtDropCheck = 0;
            droppedUpTo = 0;
            if (writeBehindBytes > 0 && null != current && null != current.path)
            {
                rangeSync = rangeSyncOpener.apply(current.path);
            }
        }
        // before the steps that can fail (a pre-fault on a full disk, a write-back): a failure seen must not wait for them
        if (watches.checkIfDue(System.nanoTime()))
        {
            noteWatches();
        }
        if (pretouchAllowed())
        {
            work += pretouch(current);
        }
        if (writeBehindBytes > 0)
        {
            if (dropWrittenPages && null != rangeSync && null != current && null != current.mappedFile)
            {
                dropWrittenEarlier(current);
            }
            // several steps if the writer wrote several since the last round (rounds are up to 20 ms apart); a step
            // waits for the disk, so the pages ahead are prepared again after each (see the class comment)
            for (int step = 0; step < 16 && writeBehind(current) > 0; step++)
            {
                work++;
                if (pretouchAllowed())
                {
                    work += pretouch(current);
                }
            }
        }
        final int released = releasedFiles.get();
        if (released != retentionSeen || current != retainedFor)
        {
            retentionSeen = released;
            retainedFor = current;
            work += applyRetention(null == current ? null : current.path);
        }
        return work;
    }

    /**
     * @return true if pages may be prepared ahead: pre-touching is on and the file system has room for them.
     */
    private boolean pretouchAllowed()
    {
        return aheadBytes > 0 && space.usableBytes() > config.minFreeBytes() + aheadBytes;
    }

    private int pretouch(final Current current)
    {
        if (null == current || null == current.mappedFile)
        {
            return 0;
        }
        final long position = writePosition();
        final MappedFile mappedFile = current.mappedFile;
        final long chunkSize = mappedFile.chunkSize();
        final long writerChunk = position / chunkSize;
        // no further than the end of the CHUNKS_PREPARED_AHEAD-th chunk after the writer's: this thread holds those,
        // the writer's and the one before it, so no touched chunk is unmapped before the writer gets there (whole
        // pages: madvise takes page-aligned ranges)
        final long target = Math.min(
            (position + aheadBytes) & ~(PAGE_SIZE - 1L), (writerChunk + CHUNKS_PREPARED_AHEAD + 1) * chunkSize);
        if (hugePages && target > 0)
        {
            // map the chunk after the last prepared one, so Chronicle has extended the file past every page prepared:
            // within 2 MiB of the end of a file the kernel allocates its page cache in small pages
            store(mappedFile, (target - 1) / chunkSize + 1);
        }
        final long nextPage = (position & ~(PAGE_SIZE - 1L)) + PAGE_SIZE;
        // near pages first, made writable (the write faults taken here, not on the shard); then far pages, read
        // (allocated and mapped, not dirtied)
        final long writableTarget = Math.min((position + writableBytes) & ~(PAGE_SIZE - 1L), target);
        assert 0 == (target & (PAGE_SIZE - 1)) && 0 == (chunkSize & (PAGE_SIZE - 1));
        final long writableFrom = Math.max(writableUpTo, nextPage);
        final long writableEnd = populate(mappedFile, writableFrom, writableTarget, true);
        writableUpTo = Math.max(writableUpTo, writableEnd);
        final long readFrom = Math.max(touchedUpTo, writableEnd);
        final long readEnd = populate(mappedFile, readFrom, target, false);
        touchedUpTo = Math.max(touchedUpTo, readEnd);
        final int touched =
            (int)((Math.max(0, writableEnd - writableFrom) + Math.max(0, readEnd - readFrom)) / PAGE_SIZE);
        pagesTouched += touched;
        // Held until the writer is a whole chunk further on, so this thread, not the shard, drops the last reference and
        // unmaps it (an munmap of 80 MiB of populated mapping takes milliseconds).
        releaseStoresBelow(writerChunk - 1);
        return touched;
    }

    /**
     * Write back what the writer wrote, {@link #writeBehindBytes} at a time, instead of letting the kernel's flusher
     * take all the file's dirty pages at once when they turn 30 s old. Chunks nobody maps any more (every chunk two or
     * more below the writer's, see {@link #pretouch(Current)}, except chunk 0, which Chronicle keeps mapped for the
     * file's header) go through
     * {@link FileRangeSync}: no page-table entry to clean, so no TLB-shootdown interrupt per page on the shard
     * threads. Chunk 0, and everything where that is unavailable, go through {@code msync(MS_SYNC)} of the mapping.
     */
    private int writeBehind(final Current current)
    {
        if (null == current || null == current.mappedFile)
        {
            return 0;
        }
        final long position = writePosition();
        final MappedFile mappedFile = current.mappedFile;
        final long chunkSize = mappedFile.chunkSize();
        if (null != rangeSync && syncedUpTo >= chunkSize)
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
                    if (null == writeBackFailure) // not a problem worked around: the writer fails with it
                    {
                        writeBackFailure = new IOException("write-back of " + writeBehindBytes + " bytes at " +
                            syncedUpTo + " of " + current.path + " to its device failed: " +
                            FileRangeSync.errnoName(errno) + "; they may not be on the device");
                    }
                }
                else
                {
                    lastError = new IOException("sync_file_range of " + writeBehindBytes + " bytes at " +
                        syncedUpTo + " of " + current.path + " failed (" + FileRangeSync.errnoName(errno) +
                        "); writing back through the mapping from now on");
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
        // through the mapping: up to the write position, or with range sync available only the rest of chunk 0
        final long end = null == rangeSync ? position : Math.min(position, chunkSize);
        final boolean chunkZeroLeft = end == chunkSize && end > syncedUpTo;
        if (end - syncedUpTo < writeBehindBytes && !chunkZeroLeft)
        {
            return 0;
        }
        for (long chunk = syncedUpTo / chunkSize, last = (end - 1) / chunkSize; chunk <= last; chunk++)
        {
            final MappedBytesStore store = store(mappedFile, chunk);
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
        while (page < to && running)
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
        final MappedBytesStore store = store(mappedFile, chunk);
        if (null == store || !store.inside(from, to - from))
        {
            return false;
        }
        if (populating && !(writerSlow ? madvisePopulateInSteps(store.addressForRead(from), to - from, write) :
            madvisePopulate(store.addressForRead(from), to - from, write)))
        {
            populating = false;
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
     * @return false if the kernel refused the advice (the range is then touched a page at a time).
     */
    private boolean madvisePopulateInSteps(final long address, final long length, final boolean write)
    {
        for (long offset = 0; offset < length; offset += POPULATE_STEP_BYTES)
        {
            if (offset > 0)
            {
                Thread.yield();
            }
            if (!madvisePopulate(address + offset, Math.min(POPULATE_STEP_BYTES, length - offset), write))
            {
                return false;
            }
        }
        return true;
    }

    private boolean madvisePopulate(final long address, final long length, final boolean write)
    {
        try
        {
            if (0 == PosixAPI.posix().madvise(address, length, write ? MADV_POPULATE_WRITE : MADV_POPULATE_READ))
            {
                return true;
            }
            lastError = new IOException("madvise(" + (write ? "MADV_POPULATE_WRITE" : "MADV_POPULATE_READ") + ") of " +
                length + " bytes: " + PosixAPI.posix().lastErrorStr() + "; pages are faulted in one at a time instead");
        }
        catch (final RuntimeException | LinkageError ex)
        {
            lastError = ex;
        }
        return false;
    }

    /**
     * The store of a chunk, mapped (and advised) on first use and held until {@link #releaseStoresBelow(long)}.
     *
     * @return the store, or null if it cannot be mapped (counted in {@link #touchFailures}).
     */
    private MappedBytesStore store(final MappedFile mappedFile, final long chunk)
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
                lastError = ex;
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
            if (hugePages && !writerSlow && !hugePagesRefused &&
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
                lastError = new IOException("madvise(MADV_RANDOM) of " + length + " bytes at chunk offset " +
                    store.start() + ": " + PosixAPI.posix().lastErrorStr());
            }
        }
        catch (final RuntimeException | LinkageError ex)
        {
            adviceFailures++;
            lastError = ex;
        }
    }

    /**
     * Every {@link #DROP_LAG_NANOS}, drop what write-behind had written back through the file by the previous check:
     * Chronicle unmaps a released chunk on a background thread, and the kernel keeps a page that is still mapped, so
     * a range is dropped 0.1-0.2 s after its write-back, not at once. Chunk 0 stays mapped and is never dropped.
     * <p>
     * Only while the writer is fast. While it is slow (a paced feed) the range is passed over and left to the kernel,
     * which reclaims clean unmapped pages when it needs memory. On the test machine the process's parked threads woke
     * 0.5 ms or more late around the drops far more often than chance (a host effect of the VM, not the drop's own
     * 0.5-0.9 ms of CPU; bench/results/pipeline/session-12/sched-stalls/), and the page recycling the drop is for
     * matters only to a writer that needs pages faster than the kernel frees them.
     */
    private void dropWrittenEarlier(final Current current)
    {
        final long now = System.nanoTime();
        if (now - dropCheckNanos < DROP_LAG_NANOS)
        {
            return;
        }
        dropCheckNanos = now;
        final long from = Math.max(droppedUpTo, current.mappedFile.chunkSize());
        if (from < syncedAtDropCheck)
        {
            if (!writerSlow)
            {
                dropWritten(current, from, syncedAtDropCheck - from);
            }
            droppedUpTo = syncedAtDropCheck; // passed over: never dropped later in one large call
        }
        syncedAtDropCheck = syncedUpTo;
    }

    /**
     * Drop a range that is on the device, and unmapped, from the page cache. A failure costs only the cache's
     * memory, so it is counted and reported, and write-behind goes on.
     */
    private void dropWritten(final Current current, final long offset, final long length)
    {
        if (rangeSync.drop(offset, length))
        {
            bytesDropped += length;
        }
        else
        {
            dropFailures++;
            lastError = new IOException("posix_fadvise(DONTNEED) of " + length + " bytes at " + offset + " of " +
                current.path + " failed; the written pages stay in the page cache");
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
     * @return bytes written back by {@link #writeBehind(Current)} so far (for tests and figures).
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

    private void releaseStoresBelow(final long chunk)
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

    private void releaseStores()
    {
        releaseStoresBelow(Long.MAX_VALUE);
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
            files = JournalFiles.cycleFiles(directory);
        }
        catch (final IOException ex)
        {
            lastError = ex;
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
                watches.deleted(files.get(i));
                deleted++;
                remaining--;
                totalBytes -= sizes[i];
            }
            catch (final IOException ex)
            {
                lastError = ex;
                break;
            }
        }
        return deleted;
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

    /**
     * Stop the thread and wait for it (at most 5 s).
     */
    void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(TimeUnit.SECONDS.toMillis(5));
        }
        catch (final InterruptedException ex)
        {
            Thread.currentThread().interrupt();
        }
        finally
        {
            writes.release();
            writes = FileSystemWrites.unshared(); // a second close releases nothing
        }
    }
}
