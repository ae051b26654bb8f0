/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Immutable settings of one shard's {@link JournalWriter}. Build with {@link #builder(Path)}.
 */
public final class JournalConfig
{
    /** Default block capacity: 64 KiB, about 4,000 market events of input + dispatch. */
    public static final int DEFAULT_BLOCK_BYTES = 64 * 1024;

    /** Default record limit per block. */
    public static final int DEFAULT_MAX_RECORDS_PER_BLOCK = 4096;

    /**
     * Default distance the pre-toucher keeps ahead of the write position. It never goes past the end of the second
     * chunk ({@link #chunkBytes()}) after the writer's, so with 4 MiB chunks it is 8-12 MiB ahead.
     */
    public static final long DEFAULT_PRETOUCH_AHEAD_BYTES = 32L * 1024 * 1024;

    /**
     * Default distance ahead of the write position within which the pre-toucher makes pages writable (a write fault
     * on its thread) rather than only readable: 8 MiB, 70 ms of journal at 120 MB/s, longer than a write-back step of
     * the same thread waits for the disk; 0.7 s at a paced 1 M events/s. See {@link #pretouchWritableBytes()}.
     */
    public static final long DEFAULT_PRETOUCH_WRITABLE_BYTES = 8L * 1024 * 1024;

    /**
     * Default free space below which the writer reports itself out of space (it refuses blocks below a quarter of it):
     * see {@link #minFreeBytes()}.
     */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /** Default amount of written journal the background thread writes back at a time. */
    public static final long DEFAULT_WRITE_BEHIND_BYTES = 4L * 1024 * 1024;

    /**
     * Default size of the chunks Chronicle maps a cycle file in (its {@code blockSize}): 4 MiB. Small chunks are
     * unmapped soon after the writer leaves them, so write-behind reaches their pages without a mapping (see
     * {@link #chunkBytes()}); Chronicle's own default is 64 MiB.
     */
    public static final long DEFAULT_CHUNK_BYTES = 4L * 1024 * 1024;

    private static final long MIN_CHUNK_BYTES = 1024 * 1024;
    private static final long CHUNK_ALIGNMENT = 64 * 1024;

    /** Default pause between pre-toucher rounds. */
    public static final long DEFAULT_PRETOUCH_INTERVAL_NANOS = 1_000_000L;

    private final Path directory;
    private final JournalRollCycle rollCycle;
    private final int blockBytes;
    private final int maxRecordsPerBlock;
    private final int retainCycles;
    private final long retainBytes;
    private final FsyncPolicy fsyncPolicy;
    private final long pretouchAheadBytes;
    private final long pretouchIntervalNanos;
    private final long pretouchWritableBytes;
    private final LongSupplier epochMillisClock;
    private final long minFreeBytes;
    private final LongSupplier usableSpace;
    private final long writeBehindBytes;
    private final boolean dropWrittenPages;
    private final boolean pretouchRead;
    private final boolean hugePages;
    private final boolean packed;
    private final long chunkBytes;

    private JournalConfig(final Builder builder)
    {
        directory = builder.directory;
        rollCycle = builder.rollCycle;
        blockBytes = builder.blockBytes;
        maxRecordsPerBlock = builder.maxRecordsPerBlock;
        retainCycles = builder.retainCycles;
        retainBytes = builder.retainBytes;
        fsyncPolicy = builder.fsyncPolicy;
        pretouchAheadBytes = builder.pretouchAheadBytes;
        pretouchIntervalNanos = builder.pretouchIntervalNanos;
        pretouchWritableBytes = builder.pretouchWritableBytes;
        epochMillisClock = builder.epochMillisClock;
        minFreeBytes = builder.minFreeBytes;
        usableSpace = builder.usableSpace;
        writeBehindBytes = builder.writeBehindBytes;
        dropWrittenPages = builder.dropWrittenPages;
        pretouchRead = builder.pretouchRead;
        hugePages = builder.hugePages;
        packed = builder.packed;
        final long sixteenBlocks = (16L * builder.blockBytes + CHUNK_ALIGNMENT - 1) / CHUNK_ALIGNMENT * CHUNK_ALIGNMENT;
        chunkBytes = Math.max(builder.chunkBytes, sixteenBlocks);
    }

    /**
     * @param directory journal directory of one shard; created if absent.
     * @return a builder with the defaults.
     */
    public static Builder builder(final Path directory)
    {
        return new Builder(directory);
    }

    /**
     * @return journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return cycle file length.
     */
    public JournalRollCycle rollCycle()
    {
        return rollCycle;
    }

    /**
     * @return block capacity in bytes (one Chronicle document per block).
     */
    public int blockBytes()
    {
        return blockBytes;
    }

    /**
     * @return records after which a block is flushed even if bytes remain.
     */
    public int maxRecordsPerBlock()
    {
        return maxRecordsPerBlock;
    }

    /**
     * @return cycle files kept (the current one included), 0 for all.
     */
    public int retainCycles()
    {
        return retainCycles;
    }

    /**
     * @return bytes of cycle files kept (the current one always kept), 0 for unlimited.
     */
    public long retainBytes()
    {
        return retainBytes;
    }

    /**
     * @return when blocks are forced to the device.
     */
    public FsyncPolicy fsyncPolicy()
    {
        return fsyncPolicy;
    }

    /**
     * @return bytes ahead of the write position the background thread pre-faults, 0 to disable pre-faulting.
     */
    public long pretouchAheadBytes()
    {
        return pretouchAheadBytes;
    }

    /**
     * Bytes ahead of the write position that the background thread makes writable. A page it only reads is mapped
     * read-only, and the writer's first store to it takes a write-protect fault in which the file system prepares the
     * page for writing ({@code page_mkwrite}): about 5 µs on the shard thread per 4 KiB page, 16 ns per event at
     * 13.7 bytes an event. Within this distance the background thread takes that fault itself
     * ({@code madvise(MADV_POPULATE_WRITE)}, or an atomic compare-and-set of a zero word to zero; neither changes a
     * byte). The
     * distance is short because a written page is dirty: pages dirtied far ahead could be cleaned by the kernel's
     * flusher before the writer reaches them, costing the fault again and a TLB shootdown. 0: read only.
     *
     * @return bytes made writable ahead of the writer, at most {@link #pretouchAheadBytes()}.
     */
    public long pretouchWritableBytes()
    {
        return pretouchWritableBytes;
    }

    /**
     * @return shortest pause of the background thread between rounds. It pauses longer, up to 20 ms, while the writer
     * is far from the end of the pages prepared ahead of it: as long as the writer, at its recent rate, needs to use
     * half of them.
     */
    public long pretouchIntervalNanos()
    {
        return pretouchIntervalNanos;
    }

    /**
     * @return wall clock in epoch milliseconds that decides the cycle file (never the engine clock).
     */
    public LongSupplier epochMillisClock()
    {
        return epochMillisClock;
    }

    /**
     * The journal's free-space floor, in two steps. Once a block leaves the file system with fewer usable bytes than
     * this, the writer still writes it but reports itself out of space ({@link JournalWriter#outOfSpace()}), so that
     * its user can stop taking input and write what it has already accepted into the space kept in reserve. Below a
     * quarter of it ({@link #hardFloorBytes()}) the writer refuses a data block and fails: a mapped write to a full
     * disk is a SIGBUS, which the JVM raises asynchronously.
     *
     * @return usable bytes the file system must keep, 0 to disable the check.
     */
    public long minFreeBytes()
    {
        return minFreeBytes;
    }

    /**
     * @return usable bytes below which the writer refuses a data block and fails: a quarter of
     * {@link #minFreeBytes()}, the reserve a user stopping at {@link JournalWriter#outOfSpace()} may not use up.
     */
    public long hardFloorBytes()
    {
        return minFreeBytes / 4;
    }

    /**
     * @return where the writer's background thread reads the usable bytes of the journal's file system, or null for
     * the file system's own figure ({@code FileStore.getUsableSpace()}).
     */
    public LongSupplier usableSpace()
    {
        return usableSpace;
    }

    /**
     * @return bytes of written journal the background thread writes back at a time (unmapped chunks through the file,
     * chunk 0 through {@code msync}, see {@link #chunkBytes()}), so that the kernel never has half a minute of dirty
     * journal pages to write back at once; 0 leaves it to the kernel.
     */
    public long writeBehindBytes()
    {
        return writeBehindBytes;
    }

    /**
     * Whether write-behind also drops the pages it has written back from the page cache
     * ({@code posix_fadvise(POSIX_FADV_DONTNEED)} of the same range, once it is on the device). A journal is written
     * once and read back, if at all, by a later {@code replay} or {@code inspect}; keeping gigabytes of it cached only
     * pushes other files out. Dropping it also hands the same physical pages back to the next pages the writer needs:
     * on a virtual machine whose host backs guest memory lazily, the first touch of a never-used guest page costs
     * several microseconds more than reusing a freed one (measured in {@code bench/results/pipeline/drop-behind/}).
     * Only ranges that write-behind has written back through the file ({@link #chunkBytes()}) are dropped, up to a 2
     * MiB boundary (a huge page's), 0.1-0.2 s after their write-back (once Chronicle has unmapped them); with
     * {@link #writeBehindBytes()} 0 nothing is.
     * <p>
     * Only while the writer is fast (16 MiB/s or more, a burst). A slow writer's ranges (a paced feed: 1 M events/s is
     * about 6 MB/s per shard) are passed over and left to the kernel, which reclaims clean unmapped pages when it needs
     * the memory: on the test machine the process's parked threads woke late around the drops far more often than
     * chance, and at a paced 1 M events/s leaving the pages lowered the publish-to-dispatch P99 in 11 of 13
     * alternating rounds (medians 0.86 to 0.71 ms, unjournaled 0.21 ms;
     * {@code bench/results/pipeline/session-12/keep-while-slow/}). A fast writer gains from the drop: keeping its
     * pages cost 17-28 % of a burst's rate while the VM still had never-touched memory, and was as fast once it had
     * been used ({@code bench/results/pipeline/session-11/keep-written-pages/}). false keeps every range.
     *
     * @return true to drop written-back journal pages from the page cache.
     */
    public boolean dropWrittenPages()
    {
        return dropWrittenPages;
    }

    /**
     * Whether the background thread also reads one word of every page it has made writable, while the writer is fast
     * (16 MiB/s or more). On a virtual machine whose hypervisor shadows the guest's page tables, the first access to a
     * page from user space costs more even after the kernel populated it; the read takes that cost on the background
     * thread instead of the writer. It is a move, not a saving: on the test machine the writer's journal cost fell from
     * 54-61 to 38 ns per event and the background thread's rose from 12-32 to 29-34 ns, so a shard thread that is a
     * bottleneck with a core to spare gains, while on 2 vCPUs shared by 2 shards, the feed and the background threads a
     * journaled burst ran 4-17 % slower with it in three alternating rounds ({@code
     * bench/results/pipeline/session-15/}). Default false.
     *
     * @return true to read each page made writable ahead of a fast writer.
     */
    public boolean pretouchRead()
    {
        return pretouchRead;
    }

    /**
     * Whether the writer's chunks are mapped with 2 MiB pages where the kernel can, while the writer is fast (16 MiB/s
     * or more): each chunk mapped then is advised {@code MADV_HUGEPAGE} (besides {@code MADV_RANDOM}), and the
     * background thread maps the chunk after the last one it prepares, so that Chronicle has extended the file well
     * past every page it prepares (near the end of a file the kernel allocates its page cache in small pages). On Linux
     * 6.18 with ext4, the prepared chunks are then mapped with one page-table entry per 2 MiB instead of 512: the
     * background thread's CPU per journaled event halved (34-39 to 18-20 ns) and journaled bursts ran 6-31 % faster in
     * three alternating rounds (bench/results/pipeline/session-16/). A slow (paced) writer keeps 4 KiB pages: preparing
     * 2 MiB at a time doubled the journaled P99 at a paced 1 M events/s. Where the kernel or file system cannot (tmpfs
     * without huge pages, older kernels, other systems), the advice changes nothing. Default true.
     *
     * @return true to ask for 2 MiB pages.
     */
    public boolean hugePages()
    {
        return hugePages;
    }

    /**
     * Whether the writer writes PACKED records (format version 5, see {@link JournalDescriptor}): an input dispatched
     * at once is then, while it fits a per-block layout of field widths the writer plans from the stream, one tag byte
     * and eight fixed-width fields, where an INPUT_DISPATCHED spends a length computation per field and a 4-byte
     * header. On the market stream this cut the encoder's work by about a third for a third more bytes per event
     * (16–17 against 12.5; bench/results/pipeline/session-18/). False writes the compact records of version 4 only,
     * for the smallest journal when the disk, not the CPU, is what limits a run. Default true. Readers need no setting.
     *
     * @return true to write PACKED records.
     */
    public boolean packed()
    {
        return packed;
    }

    /**
     * Size of the chunks Chronicle maps a cycle file in. The writer writes through the mapping of one chunk (plus a
     * quarter of the next, Chronicle's overlap), and the maintenance thread unmaps a chunk once the writer is a whole
     * chunk past it. Write-behind writes back only unmapped chunks (and chunk 0, which Chronicle keeps mapped for the
     * file's header): writing back a page that is still mapped costs a TLB-shootdown interrupt on the other cores for
     * every 4 KiB page, which here were 1 of every 4 KiB the shards wrote.
     *
     * @return chunk size in bytes: the configured one, or 16 blocks if that is more.
     */
    public long chunkBytes()
    {
        return chunkBytes;
    }

    @Override
    public String toString()
    {
        return "JournalConfig{directory=" + directory + ", rollCycle=" + rollCycle + ", blockBytes=" + blockBytes +
            ", maxRecordsPerBlock=" + maxRecordsPerBlock + ", retainCycles=" + retainCycles + ", retainBytes=" +
            retainBytes + ", fsyncPolicy=" + fsyncPolicy + ", pretouchAheadBytes=" + pretouchAheadBytes +
            ", pretouchIntervalNanos=" + pretouchIntervalNanos + ", pretouchWritableBytes=" + pretouchWritableBytes +
            ", minFreeBytes=" + minFreeBytes +
            ", writeBehindBytes=" + writeBehindBytes + ", dropWrittenPages=" + dropWrittenPages +
            ", pretouchRead=" + pretouchRead + ", hugePages=" + hugePages + ", packed=" + packed +
            ", chunkBytes=" + chunkBytes + '}';
    }

    /**
     * Mutable builder; validates each value as it is set.
     */
    public static final class Builder
    {
        private final Path directory;
        private JournalRollCycle rollCycle = JournalRollCycle.HOURLY;
        private int blockBytes = DEFAULT_BLOCK_BYTES;
        private int maxRecordsPerBlock = DEFAULT_MAX_RECORDS_PER_BLOCK;
        private int retainCycles;
        private long retainBytes;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.NONE;
        private long pretouchAheadBytes = DEFAULT_PRETOUCH_AHEAD_BYTES;
        private long pretouchIntervalNanos = DEFAULT_PRETOUCH_INTERVAL_NANOS;
        private long pretouchWritableBytes = DEFAULT_PRETOUCH_WRITABLE_BYTES;
        private LongSupplier epochMillisClock = System::currentTimeMillis;
        private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
        private LongSupplier usableSpace;
        private long writeBehindBytes = DEFAULT_WRITE_BEHIND_BYTES;
        private boolean dropWrittenPages = true;
        private boolean pretouchRead;
        private boolean hugePages = true;
        private boolean packed = true;
        private long chunkBytes = DEFAULT_CHUNK_BYTES;

        private Builder(final Path directory)
        {
            this.directory = Objects.requireNonNull(directory, "directory");
        }

        /**
         * @param rollCycle cycle file length.
         * @return this.
         */
        public Builder rollCycle(final JournalRollCycle rollCycle)
        {
            this.rollCycle = Objects.requireNonNull(rollCycle, "rollCycle");
            return this;
        }

        /**
         * @param blockBytes block capacity, see {@link JournalDescriptor#checkBlockCapacity(int)}.
         * @return this.
         */
        public Builder blockBytes(final int blockBytes)
        {
            JournalDescriptor.checkBlockCapacity(blockBytes);
            this.blockBytes = blockBytes;
            return this;
        }

        /**
         * @param maxRecordsPerBlock at least 1.
         * @return this.
         */
        public Builder maxRecordsPerBlock(final int maxRecordsPerBlock)
        {
            if (maxRecordsPerBlock < 1)
            {
                throw new IllegalArgumentException("maxRecordsPerBlock=" + maxRecordsPerBlock);
            }
            this.maxRecordsPerBlock = maxRecordsPerBlock;
            return this;
        }

        /**
         * @param retainCycles cycle files to keep, 0 for all.
         * @return this.
         */
        public Builder retainCycles(final int retainCycles)
        {
            if (retainCycles < 0)
            {
                throw new IllegalArgumentException("retainCycles=" + retainCycles);
            }
            this.retainCycles = retainCycles;
            return this;
        }

        /**
         * @param retainBytes bytes of cycle files to keep, 0 for unlimited. Counted as the files' sizes, which
         *                    Chronicle extends ahead of what was written, a chunk ({@link #chunkBytes(long)}) at a
         *                    time: a cycle file holding 1.3 MB of records measured 9 MiB with 4 MiB chunks, so a
         *                    budget of a few chunks keeps fewer cycles than their records would fill.
         * @return this.
         */
        public Builder retainBytes(final long retainBytes)
        {
            if (retainBytes < 0)
            {
                throw new IllegalArgumentException("retainBytes=" + retainBytes);
            }
            this.retainBytes = retainBytes;
            return this;
        }

        /**
         * @param fsyncPolicy when blocks are forced to the device.
         * @return this.
         */
        public Builder fsyncPolicy(final FsyncPolicy fsyncPolicy)
        {
            this.fsyncPolicy = Objects.requireNonNull(fsyncPolicy, "fsyncPolicy");
            return this;
        }

        /**
         * @param pretouchAheadBytes bytes to keep pre-faulted ahead of the writer, 0 to disable.
         * @return this.
         */
        public Builder pretouchAheadBytes(final long pretouchAheadBytes)
        {
            if (pretouchAheadBytes < 0)
            {
                throw new IllegalArgumentException("pretouchAheadBytes=" + pretouchAheadBytes);
            }
            this.pretouchAheadBytes = pretouchAheadBytes;
            return this;
        }

        /**
         * @param pretouchWritableBytes bytes ahead of the writer made writable by the background thread, 0 to only
         *                              read-touch; see {@link JournalConfig#pretouchWritableBytes()}.
         * @return this.
         */
        public Builder pretouchWritableBytes(final long pretouchWritableBytes)
        {
            if (pretouchWritableBytes < 0)
            {
                throw new IllegalArgumentException("pretouchWritableBytes=" + pretouchWritableBytes);
            }
            this.pretouchWritableBytes = pretouchWritableBytes;
            return this;
        }

        /**
         * @param pretouchIntervalNanos pause between pre-toucher rounds, at least 10 µs.
         * @return this.
         */
        public Builder pretouchIntervalNanos(final long pretouchIntervalNanos)
        {
            if (pretouchIntervalNanos < 10_000)
            {
                throw new IllegalArgumentException("pretouchIntervalNanos=" + pretouchIntervalNanos);
            }
            this.pretouchIntervalNanos = pretouchIntervalNanos;
            return this;
        }

        /**
         * @param epochMillisClock wall clock deciding the cycle file; tests pass a controlled one.
         * @return this.
         */
        public Builder epochMillisClock(final LongSupplier epochMillisClock)
        {
            this.epochMillisClock = Objects.requireNonNull(epochMillisClock, "epochMillisClock");
            return this;
        }

        /**
         * @param minFreeBytes usable bytes to keep free on the journal's file system, 0 to disable the check.
         * @return this.
         */
        public Builder minFreeBytes(final long minFreeBytes)
        {
            if (minFreeBytes < 0)
            {
                throw new IllegalArgumentException("minFreeBytes=" + minFreeBytes);
            }
            this.minFreeBytes = minFreeBytes;
            return this;
        }

        /**
         * @param usableSpace where to read the usable bytes left for the journal instead of its file system's figure:
         *                    a quota the file system does not know about, or a test's controlled value. Read by the
         *                    writer's background thread about once a millisecond; it must not block.
         * @return this.
         */
        public Builder usableSpace(final LongSupplier usableSpace)
        {
            this.usableSpace = Objects.requireNonNull(usableSpace, "usableSpace");
            return this;
        }

        /**
         * @param writeBehindBytes bytes of written journal to write back at a time, 0 to leave it to the kernel.
         * @return this.
         */
        public Builder writeBehindBytes(final long writeBehindBytes)
        {
            if (writeBehindBytes < 0)
            {
                throw new IllegalArgumentException("writeBehindBytes=" + writeBehindBytes);
            }
            this.writeBehindBytes = writeBehindBytes;
            return this;
        }

        /**
         * @param dropWrittenPages true to drop the pages write-behind has written back from the page cache, see
         *                         {@link JournalConfig#dropWrittenPages()}.
         * @return this.
         */
        public Builder dropWrittenPages(final boolean dropWrittenPages)
        {
            this.dropWrittenPages = dropWrittenPages;
            return this;
        }

        /**
         * @param pretouchRead true to read each page made writable ahead of a fast writer, see
         *                     {@link JournalConfig#pretouchRead()}.
         * @return this.
         */
        public Builder pretouchRead(final boolean pretouchRead)
        {
            this.pretouchRead = pretouchRead;
            return this;
        }

        /**
         * @param hugePages true to map the writer's chunks with 2 MiB pages where the kernel can, see
         *                  {@link JournalConfig#hugePages()}.
         * @return this.
         */
        public Builder hugePages(final boolean hugePages)
        {
            this.hugePages = hugePages;
            return this;
        }

        /**
         * @param packed true to write PACKED records, see {@link JournalConfig#packed()}.
         * @return this.
         */
        public Builder packed(final boolean packed)
        {
            this.packed = packed;
            return this;
        }

        /**
         * @param chunkBytes size of the chunks a cycle file is mapped in: a multiple of 64 KiB, at least 1 MiB. A value
         *                   under 16 blocks ({@link #blockBytes(int)}) is raised to 16 blocks, so that Chronicle's
         *                   overlap (a quarter chunk) holds any block.
         * @return this.
         */
        public Builder chunkBytes(final long chunkBytes)
        {
            if (chunkBytes < MIN_CHUNK_BYTES || chunkBytes % CHUNK_ALIGNMENT != 0)
            {
                throw new IllegalArgumentException("chunkBytes=" + chunkBytes + " (a multiple of " + CHUNK_ALIGNMENT +
                    ", at least " + MIN_CHUNK_BYTES + ")");
            }
            this.chunkBytes = chunkBytes;
            return this;
        }

        /**
         * @return the immutable config.
         */
        public JournalConfig build()
        {
            return new JournalConfig(this);
        }
    }
}
