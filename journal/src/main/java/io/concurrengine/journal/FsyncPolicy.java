/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * When written blocks are forced to the storage device. Chronicle writes through a shared memory mapping, so every
 * flushed block survives a crash of the process under any policy; the policy decides what survives a crash of the
 * machine.
 */
public enum FsyncPolicy
{
    /** Never force; the kernel writes dirty pages back in its own time (about 30 s). Fastest. */
    NONE,
    /** Force the cycle files written by this writer when it closes. */
    ON_CLOSE,
    /** Force the written range ({@code msync(MS_SYNC)}) after every block: milliseconds per block on most disks. */
    PER_BLOCK
}
