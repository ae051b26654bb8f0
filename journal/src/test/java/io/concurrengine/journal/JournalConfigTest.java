package io.concurrengine.journal;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

import java.nio.file.Path;
import java.util.function.LongSupplier;

import static org.junit.jupiter.api.Assertions.*;

/**
 * What a journal's configuration takes, refuses and derives, as its users set it (the CLI's flags map onto these).
 */
class JournalConfigTest
{
    private final Path dir = Path.of("journal");

    @Test
    void shouldTakeEachSettingAtTheBoundOfItsRange()
    {
        final JournalConfig config = JournalConfig.builder(dir).maxRecordsPerBlock(1).retainCycles(0).retainBytes(0)
            .pretouchAheadBytes(0).pretouchWritableBytes(0).pretouchIntervalNanos(10_000).minFreeBytes(0)
            .writeBehindBytes(0).chunkBytes(1024 * 1024).build();

        assertEquals(1, config.maxRecordsPerBlock());
        assertEquals(0, config.retainCycles());
        assertEquals(0, config.retainBytes());
        assertEquals(0, config.pretouchAheadBytes());
        assertEquals(0, config.pretouchWritableBytes());
        assertEquals(10_000, config.pretouchIntervalNanos());
        assertEquals(0, config.minFreeBytes());
        assertEquals(0, config.hardFloorBytes());
        assertEquals(0, config.writeBehindBytes());
        assertEquals(1024 * 1024, config.chunkBytes());
    }

    private static void assertRefused(final String message, final Executable setting)
    {
        assertEquals(message, assertThrows(IllegalArgumentException.class, setting).getMessage());
    }

    @Test
    void shouldRefuseEachSettingJustOutsideItsRangeNamingIt()
    {
        final JournalConfig.Builder builder = JournalConfig.builder(dir);

        assertRefused("maxRecordsPerBlock=0", () -> builder.maxRecordsPerBlock(0));
        assertRefused("retainCycles=-1", () -> builder.retainCycles(-1));
        assertRefused("retainBytes=-1", () -> builder.retainBytes(-1));
        assertRefused("pretouchAheadBytes=-1", () -> builder.pretouchAheadBytes(-1));
        assertRefused("pretouchWritableBytes=-1", () -> builder.pretouchWritableBytes(-1));
        assertRefused("pretouchIntervalNanos=9999", () -> builder.pretouchIntervalNanos(9_999));
        assertRefused("minFreeBytes=-1", () -> builder.minFreeBytes(-1));
        assertRefused("writeBehindBytes=-1", () -> builder.writeBehindBytes(-1));
        assertRefused("blockBytes=" + (JournalDescriptor.MIN_BLOCK_CAPACITY - 1) + " outside [" +
            JournalDescriptor.MIN_BLOCK_CAPACITY + ", " + JournalDescriptor.MAX_BLOCK_CAPACITY + "]",
            () -> builder.blockBytes(JournalDescriptor.MIN_BLOCK_CAPACITY - 1));
        assertRefused("chunkBytes=983040 (a multiple of 65536, at least 1048576)",
            () -> builder.chunkBytes(1024 * 1024 - 65_536));
        assertThrows(NullPointerException.class, () -> JournalConfig.builder(null));
        assertThrows(NullPointerException.class, () -> builder.rollCycle(null));
        assertThrows(NullPointerException.class, () -> builder.fsyncPolicy(null));
        assertThrows(NullPointerException.class, () -> builder.epochMillisClock(null));
        assertThrows(NullPointerException.class, () -> builder.usableSpace(null));

        final JournalConfig config = builder.build();
        assertEquals(JournalConfig.DEFAULT_MAX_RECORDS_PER_BLOCK, config.maxRecordsPerBlock(), "nothing refused set");
        assertEquals(JournalConfig.DEFAULT_MIN_FREE_BYTES, config.minFreeBytes());
    }

    @Test
    void shouldKeepWhatIsSetAndDefaultTheRest()
    {
        final LongSupplier clock = () -> 7;
        final LongSupplier space = () -> 9;
        final JournalConfig config = JournalConfig.builder(dir).rollCycle(JournalRollCycle.DAILY).blockBytes(4096)
            .maxRecordsPerBlock(100).retainCycles(3).retainBytes(5_000).fsyncPolicy(FsyncPolicy.ON_CLOSE)
            .pretouchAheadBytes(1 << 20).pretouchWritableBytes(1 << 19).pretouchIntervalNanos(2_000_000)
            .epochMillisClock(clock).minFreeBytes(4_001).usableSpace(space).writeBehindBytes(1 << 18)
            .dropWrittenPages(false).pretouchRead(true).hugePages(false).packed(false).chunkBytes(2 << 20).build();

        assertEquals(dir, config.directory());
        assertEquals(JournalRollCycle.DAILY, config.rollCycle());
        assertEquals(4096, config.blockBytes());
        assertEquals(100, config.maxRecordsPerBlock());
        assertEquals(3, config.retainCycles());
        assertEquals(5_000, config.retainBytes());
        assertEquals(FsyncPolicy.ON_CLOSE, config.fsyncPolicy());
        assertEquals(1 << 20, config.pretouchAheadBytes());
        assertEquals(1 << 19, config.pretouchWritableBytes());
        assertEquals(2_000_000, config.pretouchIntervalNanos());
        assertSame(clock, config.epochMillisClock());
        assertEquals(4_001, config.minFreeBytes());
        assertEquals(1_000, config.hardFloorBytes(), "a quarter of the floor, rounded down");
        assertSame(space, config.usableSpace());
        assertEquals(1 << 18, config.writeBehindBytes());
        assertFalse(config.dropWrittenPages());
        assertTrue(config.pretouchRead());
        assertFalse(config.hugePages());
        assertFalse(config.packed());
        assertEquals(2 << 20, config.chunkBytes());
        assertEquals("JournalConfig{directory=journal, rollCycle=DAILY, blockBytes=4096, maxRecordsPerBlock=100, " +
            "retainCycles=3, retainBytes=5000, fsyncPolicy=ON_CLOSE, pretouchAheadBytes=1048576, " +
            "pretouchIntervalNanos=2000000, pretouchWritableBytes=524288, minFreeBytes=4001, " +
            "writeBehindBytes=262144, dropWrittenPages=false, pretouchRead=true, hugePages=false, packed=false, " +
            "chunkBytes=2097152}",
            config.toString());

        final JournalConfig defaults = JournalConfig.builder(dir).build();
        assertEquals(JournalRollCycle.HOURLY, defaults.rollCycle());
        assertEquals(JournalConfig.DEFAULT_BLOCK_BYTES, defaults.blockBytes());
        assertEquals(0, defaults.retainCycles(), "no retention unless asked");
        assertEquals(0, defaults.retainBytes());
        assertEquals(FsyncPolicy.NONE, defaults.fsyncPolicy());
        assertEquals(JournalConfig.DEFAULT_PRETOUCH_AHEAD_BYTES, defaults.pretouchAheadBytes());
        assertEquals(JournalConfig.DEFAULT_PRETOUCH_WRITABLE_BYTES, defaults.pretouchWritableBytes());
        assertEquals(JournalConfig.DEFAULT_PRETOUCH_INTERVAL_NANOS, defaults.pretouchIntervalNanos());
        assertEquals(JournalConfig.DEFAULT_MIN_FREE_BYTES / 4, defaults.hardFloorBytes());
        assertNull(defaults.usableSpace(), "the file system's own figure");
        assertEquals(JournalConfig.DEFAULT_WRITE_BEHIND_BYTES, defaults.writeBehindBytes());
        assertTrue(defaults.dropWrittenPages());
        assertFalse(defaults.pretouchRead());
        assertTrue(defaults.hugePages());
        assertTrue(defaults.packed());
    }

    @Test
    void shouldRaiseTheChunkToSixteenBlocksRoundedUpToItsAlignment()
    {
        assertEquals(25 * 65_536,
            JournalConfig.builder(dir).blockBytes(100_000).chunkBytes(1024 * 1024).build().chunkBytes(),
            "16 blocks of 100,000 bytes are 1,600,000 bytes, 24.4 alignments");
        assertEquals(32 * 65_536,
            JournalConfig.builder(dir).blockBytes(131_072).chunkBytes(1024 * 1024).build().chunkBytes(),
            "16 blocks of 128 KiB are 2 MiB exactly");
        assertEquals(4 << 20, JournalConfig.builder(dir).blockBytes(100_000).build().chunkBytes(),
            "a chunk that holds 16 blocks is kept");
    }
}
