/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import net.openhft.chronicle.queue.RollCycle;
import net.openhft.chronicle.queue.RollCycles;
import net.openhft.chronicle.queue.rollcycles.LegacyRollCycles;
import net.openhft.chronicle.queue.rollcycles.TestRollCycles;

/**
 * How often the journal starts a new cycle file. Every cycle file starts with a header block, so retention can delete
 * whole old files and what is left still reads on its own.
 * <p>
 * Capacity is counted in Chronicle documents, i.e. blocks, not records: at 10 M records/s and 256 records per block a
 * shard writes about 40 k documents/s, 144 M per hour.
 */
public enum JournalRollCycle
{
    /**
     * One file per minute; up to 64 M documents each (Chronicle's {@code MINUTELY} layout). For long runs at full
     * speed with retention: at 150 MB/s of journal a cycle file is 9 GB where a five-minute one is 45 GB.
     */
    MINUTELY(LegacyRollCycles.MINUTELY),
    /** One file per 5 minutes; up to 1 G documents each. For soak runs with tight retention. */
    FIVE_MINUTELY(RollCycles.FIVE_MINUTELY),
    /** One file per hour; up to 4 G documents each. The default. */
    HOURLY(RollCycles.FAST_HOURLY),
    /** One file per day; up to 4 G documents each. */
    DAILY(RollCycles.FAST_DAILY),
    /** One file per second, tiny index: tests only. */
    TEST_SECONDLY(TestRollCycles.TEST_SECONDLY);

    private final RollCycle rollCycle;

    JournalRollCycle(final RollCycle rollCycle)
    {
        this.rollCycle = rollCycle;
    }

    RollCycle chronicle()
    {
        return rollCycle;
    }

    /**
     * @return length of one cycle in milliseconds.
     */
    public long lengthMillis()
    {
        return rollCycle.lengthInMillis();
    }
}
