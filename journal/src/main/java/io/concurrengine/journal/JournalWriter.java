/*
 * Concurrengine journal.
 */
package io.concurrengine.journal;

/**
 * Appends one shard's records to its journal. One writer per shard, used only by the shard's thread:
 * <b>not threadsafe</b>. It may be handed on from thread to thread (opened on one, written and closed on others), each
 * use after the last one ended (a {@code Thread.join}, an executor's {@code Future.get}, a lock).
 * <p>
 * Appends encode into an in-memory block in O(1) without allocating; a block is written as one Chronicle document
 * when it reaches {@link JournalConfig#blockBytes()} or {@link JournalConfig#maxRecordsPerBlock()} (the append that
 * finds it full pays for the write), on {@link #flush()} and on {@link #close()}. Records not yet flushed are lost if
 * the process dies; every flushed block survives a process crash.
 * <p>
 * A failed write throws {@link JournalWriteException}; the writer then refuses further appends with the same
 * exception, and every block flushed before stays readable.
 */
public interface JournalWriter extends AutoCloseable
{
    /**
     * Create a new journal in {@link JournalConfig#directory()} and write its header.
     *
     * @param config settings.
     * @param header identity of the run.
     * @return an open writer.
     * @throws IllegalStateException if the directory already holds a journal (a journal records one run), also one
     *                               that another writer opened there at the same time and wrote first, or the
     *                               Chronicle metadata of one ({@code metadata.cq4t}) of another roll cycle.
     * @throws JournalWriteException if the directory cannot be made (a file in its way is named) or written in, or
     *                               the queue cannot be created.
     * @throws NullPointerException  naming {@code config} or {@code header}, if it is null.
     */
    static JournalWriter open(final JournalConfig config, final JournalHeader header)
    {
        return new ChronicleJournalWriter(config, header, JournalDescriptor.FORMAT_VERSION);
    }

    /**
     * Record an event accepted from the feed.
     *
     * @param time   stamped time.
     * @param type   event type.
     * @param target event target.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     */
    void appendInput(long time, int type, long target, long a0, long a1, long a2, long a3);

    /**
     * Record a clock advance that is not an input.
     *
     * @param time new clock time.
     */
    void appendAdvance(long time);

    /**
     * Record a dispatched event. Cheapest (one byte) when it repeats one of the last
     * {@link JournalDescriptor#INPUT_HISTORY} inputs of the block and {@code seq} is the previous dispatch's + 1.
     *
     * @param time   dispatch time.
     * @param seq    event seq.
     * @param type   event type.
     * @param target event target.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @param failed true if the handler threw.
     */
    void appendDispatch(long time, long seq, int type, long target, long a0, long a1, long a2, long a3, boolean failed);

    /**
     * Record an input that was dispatched as the very next event: the same records, for every reader, as
     * {@code appendInput(time, type, target, a0, a1, a2, a3)} followed by
     * {@code appendDispatch(time, seq, type, target, a0, a1, a2, a3, failed)}, for less CPU and one byte less when
     * {@code seq} is the previous dispatch's + 1 and {@code failed} is false. Call it in place of that pair, once the
     * handler has run, when nothing else is recorded between the input and its dispatch. Counts as two records.
     *
     * @param time   stamped time of the input, also its dispatch time.
     * @param seq    seq of the dispatch.
     * @param type   event type.
     * @param target event target.
     * @param a0     payload word 0.
     * @param a1     payload word 1.
     * @param a2     payload word 2.
     * @param a3     payload word 3.
     * @param failed true if the handler threw.
     */
    void appendInputAndDispatch(
        long time, long seq, int type, long target, long a0, long a1, long a2, long a3, boolean failed);

    /**
     * Record a snapshot marker.
     *
     * @param snapshotId snapshot id.
     * @param time       engine time of the snapshot.
     */
    void appendSnapshot(long snapshotId, long time);

    /**
     * Take back the records of the last input or advance: the last INPUT, ADVANCE or input dispatched at once appended
     * and every record after it, for a shard whose handler threw an {@link Error} before that input's or advance's
     * dispatches were all done (a replay would re-execute it, to the same Error, or to dispatches never journaled).
     * Only {@link #close()} may follow. When those records all lie in the pending block they are dropped from it, and
     * the journal closes as usual; when some were written already (the block filled mid-way), the writer fails
     * instead: {@link #close()} then writes neither the pending block nor the END block, so the journal reads as not
     * closed, and a salvaging replay leaves its last input, this one, out.
     */
    void discardUnit();

    /**
     * Write the pending block, if any, as one Chronicle document.
     */
    void flush();

    /**
     * @return records appended so far, flushed or not.
     */
    long recordCount();

    /**
     * @return blocks written so far, header blocks included.
     */
    long blockCount();

    /**
     * @return block bytes written so far (excluding Chronicle's 4-byte document headers and indexes).
     */
    long bytesWritten();

    /**
     * Whether the journal's file system has fallen below {@link JournalConfig#minFreeBytes()}: the writer still
     * writes, into the reserve kept below that floor, so that its user can stop taking input at a point of its
     * choosing (the end of a unit of work), write what it had already accepted and {@link #close()} with an END block,
     * leaving a journal that verifies. Blocks are refused, and the writer fails, only below
     * {@link JournalConfig#hardFloorBytes()}. Read on the writer's thread.
     *
     * @return null while there is room; once a block was written below the floor, the error that says so (not
     * thrown: for the user to report).
     */
    default JournalOutOfSpaceException outOfSpace()
    {
        return null;
    }

    /**
     * @return the last problem the writer's background thread met and worked around (a pre-fault, write-back,
     * page-cache drop or retention delete that failed; nothing written is lost by any of them), or null. Any thread.
     */
    default Throwable backgroundError()
    {
        return null;
    }

    /**
     * Flush, append the END block that marks the journal closed (unless the writer failed: a reader then reports the
     * journal as unclosed), stop the background thread, close the queue, force files per {@link FsyncPolicy} and
     * apply retention. Idempotent.
     *
     * @throws JournalWriteException if a step failed, or if a cycle file written is no longer where it was written
     * and retention did not delete it (it or its directory was deleted or moved while the journal was written: writes
     * through the mapping go on without error into a file no longer in the journal directory).
     */
    @Override
    void close();
}
