/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

import java.nio.file.Path;

/**
 * The journal's file system fell below the writer's free-space floor ({@link JournalConfig#minFreeBytes()}). Not a
 * failed write: the block that found it was written, and the writer goes on writing into the reserve below the floor
 * until {@link JournalConfig#hardFloorBytes()}, so that its user can stop, write what it had accepted and close the
 * journal whole. {@link JournalWriter#outOfSpace()} returns it for the user to report.
 */
public final class JournalOutOfSpaceException extends JournalException
{
    private static final long serialVersionUID = 1L;

    private final transient Path directory;
    private final long usableBytes;
    private final long minFreeBytes;

    /**
     * @param directory    journal directory.
     * @param usableBytes  usable bytes of its file system when a block was written below the floor: the last sample
     *                     less what this process's journal writers wrote to that file system since.
     * @param minFreeBytes the floor.
     * @param block        index of that block.
     * @param hardFloor    usable bytes below which the writer refuses blocks.
     */
    public JournalOutOfSpaceException(
        final Path directory, final long usableBytes, final long minFreeBytes, final long block, final long hardFloor)
    {
        super("journal out of space: dir=" + directory + " usableBytes=" + usableBytes +
            " (the last sample less what " +
            "the journal writers wrote since) < minFreeBytes=" +
            minFreeBytes + " at block=" + block + " (written); what was accepted goes into the reserve, blocks are " +
            "refused below usableBytes=" + hardFloor, null);
        this.directory = directory;
        this.usableBytes = usableBytes;
        this.minFreeBytes = minFreeBytes;
    }

    /**
     * @return journal directory.
     */
    public Path directory()
    {
        return directory;
    }

    /**
     * @return usable bytes of its file system when the writer found it below the floor.
     */
    public long usableBytes()
    {
        return usableBytes;
    }

    /**
     * @return the floor.
     */
    public long minFreeBytes()
    {
        return minFreeBytes;
    }
}
