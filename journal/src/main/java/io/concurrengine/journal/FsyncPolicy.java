/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * When written blocks are forced to the storage device. Chronicle writes through a shared memory mapping, so every
 * flushed block survives a crash of the process under any policy; the policy decides what survives a crash of the
 * machine.
 * <p>
 * Under every policy a write-back that fails while the writer is open (a device error, a thin-provisioned or network
 * file system out of space) fails the writer at its next block, naming the file and the error; see
 * {@link WriteBehind}. Forcing a file or directory that fails does the same, except a directory on a file system
 * that does not force directories at all ({@code EINVAL}, {@code EBADF}, {@code EISDIR}; see {@link FileForce}).
 */
public enum FsyncPolicy
{
    /** Never force; the kernel writes dirty pages back in its own time (about 30 s). Fastest. */
    NONE,
    /**
     * Force the cycle files written by this writer when it closes ({@code fsync}), then their directory, which holds
     * their entries, and its parent, which holds the directory's.
     */
    ON_CLOSE,
    /**
     * Force the cycle file after every block ({@code fdatasync}, which also covers a block that spans two of
     * Chronicle's mapped chunks), and the directory whenever a new cycle file is created in it (with the directory's
     * parent for the first): milliseconds per block on most disks. A block is on the device when the flush that wrote
     * it returns. Pages ahead of the writer are then only read ahead, not made writable, since forcing the file
     * would write them back too.
     */
    PER_BLOCK
}
