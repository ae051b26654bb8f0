package io.concurrengine.journal;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writers' free-space estimate ({@link JournalMaintenance#usableBytes()}) under Lincheck's model checker: two
 * writers (two shards) on one file system, each writing blocks on its own thread, and the background threads' samples
 * ({@link JournalMaintenance#checkSpace()}) on a third, every interleaving of their shared-memory accesses explored up
 * to the options' bounds. The file system here holds only what the writers wrote, so a writer's estimate, its last
 * sample less what both writers wrote since, may be lower than what is left (bytes written during a sample count
 * twice) but never higher than what is left of the blocks both writers have reported: a writer that subtracted only
 * its own bytes would miss the other's written since the sample, and a sample paired with the bytes of a later one
 * would hide what was written in between. (A block another writer is writing at that instant, not yet reported, is
 * beyond any estimate: the reserve below the floor is megabytes, a block kilobytes.)
 */
@Param(name = "bytes", gen = IntGen.class, conf = "1:3")
public class JournalFreeSpaceLincheckTest
{
    private static final long CAPACITY = 1_000;

    private final AtomicLong used = new AtomicLong();
    private final AtomicLong reported = new AtomicLong();
    private final java.util.function.LongSupplier usableSpace = () -> CAPACITY - used.get();
    private final JournalMaintenance first = maintenance();
    private final JournalMaintenance second = maintenance();

    private JournalMaintenance maintenance()
    {
        final JournalMaintenance maintenance = new JournalMaintenance(
            JournalConfig.builder(Path.of("unused")).minFreeBytes(1).usableSpace(usableSpace).build());
        maintenance.shareWrites(); // what start() does before the writer's first block, without a thread
        maintenance.checkSpace();
        return maintenance;
    }

    private boolean writeBlock(final JournalMaintenance maintenance, final int bytes)
    {
        used.addAndGet(bytes); // the file system's figure falls first, then the writer tells, as after a real block
        maintenance.wrote(bytes);
        reported.addAndGet(bytes);
        final long left = CAPACITY - reported.get(); // of the blocks reported before the estimate is made
        return maintenance.usableBytes() > left;
    }

    /**
     * The first writer: write a block of {@code bytes}, then check the estimate its next block is checked against.
     *
     * @param bytes the block's bytes.
     * @return true if the estimate is above what was left of the blocks reported before it was made.
     */
    @Operation(nonParallelGroup = "first")
    public boolean firstWrites(@Param(name = "bytes") final int bytes)
    {
        return writeBlock(first, bytes);
    }

    /**
     * The second writer, on the same file system.
     *
     * @param bytes the block's bytes.
     * @return true if the estimate is above what was left of the blocks reported before it was made.
     */
    @Operation(nonParallelGroup = "second")
    public boolean secondWrites(@Param(name = "bytes") final int bytes)
    {
        return writeBlock(second, bytes);
    }

    /**
     * The background threads: one sample each.
     */
    @Operation(nonParallelGroup = "sampler")
    public void sample()
    {
        first.checkSpace();
        second.checkSpace();
    }

    @Test
    void shouldNeverEstimateMoreThanIsLeftInAnyInterleaving()
    {
        try
        {
            new ModelCheckingOptions()
                .iterations(30)
                .invocationsPerIteration(500)
                .threads(3)
                .actorsPerThread(2)
                .actorsBefore(1)
                .actorsAfter(0)
                .check(JournalFreeSpaceLincheckTest.class);
        }
        finally
        {
            FileSystemWrites.releaseAllForTests();
        }
    }
}
