package io.concurrengine.journal;

import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The writer's free-space estimate ({@link JournalMaintenance#usableBytes(long)}) under Lincheck's model checker: the
 * writer's blocks on one thread, the background thread's samples ({@link JournalMaintenance#checkSpace()}) on another,
 * every interleaving of their shared-memory accesses explored up to the options' bounds. The file system here holds
 * only what the writer wrote, so the estimate, the last sample less what the writer wrote since, may be lower than
 * what is really left (bytes written during a sample count twice) but never higher: a sample paired with the
 * writer's bytes of a later sample would hide what was written in between, the very staleness the estimate is for.
 */
@Param(name = "bytes", gen = IntGen.class, conf = "1:3")
public class JournalFreeSpaceLincheckTest
{
    private static final long CAPACITY = 1_000;

    private final AtomicLong used = new AtomicLong();
    private final JournalMaintenance maintenance = new JournalMaintenance(JournalConfig.builder(Path.of("unused"))
        .minFreeBytes(1).usableSpace(() -> CAPACITY - used.get()).build());
    private long written;

    /**
     * The writer: write a block of {@code bytes} (the file system's figure falls first, then the writer publishes its
     * count, as after a real block), then check the estimate the next block is checked against.
     *
     * @param bytes the block's bytes.
     * @return true if the estimate is above what the file system has left.
     */
    @Operation(nonParallelGroup = "writer")
    public boolean writeBlock(@Param(name = "bytes") final int bytes)
    {
        used.addAndGet(bytes);
        written += bytes;
        maintenance.writtenBytes(written);
        return maintenance.usableBytes(written) > CAPACITY - written;
    }

    /**
     * The background thread: one sample of the usable bytes.
     */
    @Operation(nonParallelGroup = "sampler")
    public void sample()
    {
        maintenance.checkSpace();
    }

    @Test
    void shouldNeverEstimateMoreThanIsLeftInAnyInterleaving()
    {
        new ModelCheckingOptions()
            .iterations(30)
            .invocationsPerIteration(500)
            .threads(2)
            .actorsPerThread(3)
            .actorsBefore(1)
            .actorsAfter(0)
            .check(JournalFreeSpaceLincheckTest.class);
    }
}
