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

    /** Default distance the pre-toucher keeps ahead of the write position. */
    public static final long DEFAULT_PRETOUCH_AHEAD_BYTES = 32L * 1024 * 1024;

    /** Default free space below which the writer refuses to write a block. */
    public static final long DEFAULT_MIN_FREE_BYTES = 64L * 1024 * 1024;

    /** Default amount of written journal the background thread writes back at a time. */
    public static final long DEFAULT_WRITE_BEHIND_BYTES = 4L * 1024 * 1024;

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
    private final LongSupplier epochMillisClock;
    private final long minFreeBytes;
    private final long writeBehindBytes;

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
        epochMillisClock = builder.epochMillisClock;
        minFreeBytes = builder.minFreeBytes;
        writeBehindBytes = builder.writeBehindBytes;
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
     * @return pause of the background thread between rounds.
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
     * @return usable bytes the file system must keep; below it the writer fails cleanly instead of writing a block
     * (a mapped write to a full disk is a SIGBUS, which the JVM raises asynchronously), 0 to disable the check.
     */
    public long minFreeBytes()
    {
        return minFreeBytes;
    }

    /**
     * @return bytes of written journal the background thread writes back ({@code msync}) at a time, so that the
     * kernel never has half a minute of dirty journal pages to write back at once; 0 leaves it to the kernel.
     */
    public long writeBehindBytes()
    {
        return writeBehindBytes;
    }

    @Override
    public String toString()
    {
        return "JournalConfig{directory=" + directory + ", rollCycle=" + rollCycle + ", blockBytes=" + blockBytes +
            ", maxRecordsPerBlock=" + maxRecordsPerBlock + ", retainCycles=" + retainCycles + ", retainBytes=" +
            retainBytes + ", fsyncPolicy=" + fsyncPolicy + ", pretouchAheadBytes=" + pretouchAheadBytes +
            ", pretouchIntervalNanos=" + pretouchIntervalNanos + ", minFreeBytes=" + minFreeBytes +
            ", writeBehindBytes=" + writeBehindBytes + '}';
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
        private LongSupplier epochMillisClock = System::currentTimeMillis;
        private long minFreeBytes = DEFAULT_MIN_FREE_BYTES;
        private long writeBehindBytes = DEFAULT_WRITE_BEHIND_BYTES;

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
         * @param retainBytes bytes of cycle files to keep, 0 for unlimited.
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
         * @return the immutable config.
         */
        public JournalConfig build()
        {
            return new JournalConfig(this);
        }
    }
}
